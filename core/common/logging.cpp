#include "logging.h"

Q_LOGGING_CATEGORY(lcStorage, "burnrate.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcIngest, "burnrate.ingest", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPricing, "burnrate.pricing", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "burnrate.app", QtInfoMsg)
