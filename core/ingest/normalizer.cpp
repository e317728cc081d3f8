#include "normalizer.h"
