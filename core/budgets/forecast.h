// Period-end projection of a budget's spend from its recent burn rate, and the day it reaches the limit
// ("on track to exceed by the 19th"). Pure value code, usable from any thread.
//
// Method: the rate is the spend over a recent window divided by the window's length, where the window is
// the last rateWindowNs(period) of the period (3 h of a day, 24 h of a week, 7 days of a month: whole days
// and weeks so the daily and weekly rhythm of the spend cancels out). Early in a period the window is cut
// at the period start, so the rate falls back to the period average. The projection is
//     spent + rate × (period end − now),
// and the limit is reached at now + (limit − spent) / rate. Until a quarter of the window has been
// observed there is too little data and no projection. Integer arithmetic throughout.
#pragma once

#include "budget.h"

#include <QDate>
#include <optional>

namespace Burnrate::Budgets {

struct ForecastInput
{
    qint64 spentMicros = 0;  // the budget's spend in [period start, now)
    qint64 recentMicros = 0; // its spend in [rateWindowStartNs(budget, now), now)
};

struct Projection
{
    qint64 projectedMicros = 0;   // expected spend at the period's end
    qint64 rateMicrosPerHour = 0; // the burn rate used, for display
    qint64 exceedsAtNs = 0;       // when the limit is reached; 0 = not in this period, or already reached
    QDate exceedDate;             // exceedsAtNs's date in the budget's zone; null when exceedsAtNs is 0

    bool exceedsLimit() const { return exceedsAtNs != 0; }

    friend bool operator==(const Projection &, const Projection &) = default;
};

qint64 rateWindowNs(Period period);
// Where the recent window starts: the caller sums the budget's spend from here to now into recentMicros.
qint64 rateWindowStartNs(const Budget &budget, qint64 nowNs);

std::optional<Projection> project(const Budget &budget, const ForecastInput &input, qint64 nowNs);

} // namespace Burnrate::Budgets
