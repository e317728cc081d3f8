#include "storagewriter.h"
