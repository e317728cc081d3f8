#include "otlpcodec.h"
