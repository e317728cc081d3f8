// One logging category per component, so users and tests can turn each on or off
// (QT_LOGGING_RULES="burnrate.ingest.debug=true").
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcIngest)
Q_DECLARE_LOGGING_CATEGORY(lcPricing)
Q_DECLARE_LOGGING_CATEGORY(lcApp)
