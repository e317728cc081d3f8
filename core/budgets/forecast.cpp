#include "forecast.h"

#include "common/timeutil.h"

#include <algorithm>
#include <limits>

namespace Burnrate::Budgets {

namespace {

// Products of money and nanoseconds overflow 64 bits (a $1M budget over a week is ~6e26).
__extension__ typedef __int128 Wide;

qint64 saturate(Wide v)
{
    constexpr qint64 kMax = std::numeric_limits<qint64>::max();
    return v > Wide(kMax) ? kMax : qint64(v);
}

} // namespace

qint64 rateWindowNs(Period period)
{
    switch (period) {
    case Period::Day:
        return 3 * Time::kNanosPerHour;
    case Period::Week:
        return 24 * Time::kNanosPerHour;
    case Period::Month:
        break;
    }
    return 7 * 24 * Time::kNanosPerHour;
}

qint64 rateWindowStartNs(const Budget &budget, qint64 nowNs)
{
    const PeriodBounds bounds = periodBounds(budget.period, budget.zone, nowNs);
    return std::max(bounds.startNs, nowNs - rateWindowNs(budget.period));
}

std::optional<Projection> project(const Budget &budget, const ForecastInput &input, qint64 nowNs)
{
    const PeriodBounds bounds = periodBounds(budget.period, budget.zone, nowNs);
    const qint64 observedNs = nowNs - rateWindowStartNs(budget, nowNs);
    if (observedNs <= 0 || observedNs < rateWindowNs(budget.period) / 4)
        return std::nullopt;

    const qint64 recent = std::max<qint64>(input.recentMicros, 0);
    const qint64 remainingNs = bounds.endNs - nowNs;
    Projection p;
    p.rateMicrosPerHour = saturate(Wide(recent) * Time::kNanosPerHour / observedNs);
    p.projectedMicros = saturate(Wide(input.spentMicros) + Wide(recent) * remainingNs / observedNs);
    if (input.spentMicros < budget.limitMicros && p.projectedMicros >= budget.limitMicros && recent > 0) {
        const Wide needed = Wide(budget.limitMicros - input.spentMicros) * observedNs;
        const Wide untilNs = (needed + recent - 1) / recent; // rounded up: the limit is reached, not nearly
        // untilNs ≤ remainingNs follows from the projection; at most it lands on the (exclusive) end.
        p.exceedsAtNs = std::min<qint64>(nowNs + qint64(untilNs), bounds.endNs - 1);
        p.exceedDate = Time::fromNs(p.exceedsAtNs, budget.zone).date();
    }
    return p;
}

} // namespace Burnrate::Budgets
