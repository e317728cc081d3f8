#include "pricetable.h"
