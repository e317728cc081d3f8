#include "rollingdetector.h"

#include <algorithm>
#include <limits>

namespace Burnrate::Anomaly {

namespace {

constexpr qint64 kHourNs = Time::kNanosPerHour;

qint64 floorHour(qint64 ns)
{
    const qint64 q = ns / kHourNs;
    return (ns % kHourNs < 0 ? q - 1 : q) * kHourNs;
}

// recent ≥ factor × sum / hours, in integers; nothing recent is never anomalous.
bool atOrAboveFactor(qint64 recent, qint64 sum, int hours, int factorPercent)
{
    if (recent <= 0)
        return false;
    qint64 lhs = 0, rhs = 0;
    if (qMulOverflow(recent, qint64(hours) * 100, &lhs))
        return true;
    if (qMulOverflow(sum, qint64(factorPercent), &rhs))
        return false;
    return lhs >= rhs;
}

} // namespace

RollingDetector::RollingDetector()
    : RollingDetector(Params{})
{}

RollingDetector::RollingDetector(const Params &params)
    : m_params(params)
{}

RollingDetector::Range RollingDetector::baselineRange(qint64 nowNs) const
{
    const qint64 end = floorHour(nowNs - m_params.windowNs);
    return {end - m_params.baselineHours * kHourNs, end};
}

std::optional<RollingAlarm> RollingDetector::evaluate(const ScopeSpend &spend, qint64 nowNs)
{
    ScopeState &state = m_scopes[spend.scope];
    const Range range = baselineRange(nowNs);
    state.anomalousHours.removeIf([&](qint64 hour) { return hour < range.startNs; });

    qint64 sum = 0;
    for (const HourSpend &h : spend.hours) {
        const qint64 hour = floorHour(h.hourStartNs);
        if (hour >= range.startNs && hour < range.endNs && !state.anomalousHours.contains(hour))
            sum += h.micros;
    }
    const qsizetype excluded = std::count_if(state.anomalousHours.cbegin(), state.anomalousHours.cend(),
                                             [&](qint64 hour) { return hour < range.endNs; });
    const int hours = m_params.baselineHours - int(excluded);

    const bool above = atOrAboveFactor(spend.recentMicros, sum, hours, m_params.factorPercent);
    const bool fires = !state.alarmed && above && spend.recentMicros >= m_params.floorMicros;
    state.alarmed = fires || (state.alarmed && above);

    if (state.alarmed) {
        for (qint64 hour = floorHour(nowNs - m_params.windowNs); hour < nowNs; hour += kHourNs)
            if (!state.anomalousHours.contains(hour))
                state.anomalousHours.append(hour);
    }
    if (!fires)
        return std::nullopt;

    RollingAlarm alarm;
    alarm.scope = spend.scope;
    alarm.atNs = nowNs;
    alarm.recentMicros = spend.recentMicros;
    alarm.baselineHours = hours;
    alarm.baselineMicros = hours > 0 ? sum / hours : 0;
    alarm.ratio =
        sum > 0 ? double(spend.recentMicros) * hours / double(sum) : std::numeric_limits<double>::infinity();
    alarm.contributors = spend.contributors;
    alarm.traceIds = spend.traceIds;
    return alarm;
}

RollingDetector::ScopeState RollingDetector::scopeState(const QString &scope) const
{
    return m_scopes.value(scope);
}

void RollingDetector::restoreScopeState(const QString &scope, const ScopeState &state)
{
    m_scopes.insert(scope, state);
}

} // namespace Burnrate::Anomaly
