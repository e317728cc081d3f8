// How urgently the alerts want the user's attention, for the tray icon's colour: the worst condition that
// is fired, not acknowledged and still current. Reads through a BudgetStore on its thread.
#pragma once

#include "budgetstore.h"

namespace Burnrate::Budgets {

enum class Attention {
    None,
    Warning,  // a tier under 100 % or a forecast has fired and is not acknowledged
    Critical, // a tier of 100 % or more, or an anomaly or loop alarm that is still active
};

// Budgets count in their current period and not while snoozed. An anomaly alarm is active until its scope
// recovers (the detector's memory says so) or the user acknowledges it; a loop alarm, which has no
// recovery, for kLoopActiveNs after it fired unless acknowledged.
constexpr qint64 kLoopActiveNs = 3600LL * 1'000'000'000LL;
// Anomaly alarms older than this are history, not something to show in the tray.
constexpr qint64 kAnomalyLookbackNs = 7 * 24 * kLoopActiveNs;

std::optional<Attention> attention(const BudgetStore &store, qint64 nowNs, Error *error);

} // namespace Burnrate::Budgets
