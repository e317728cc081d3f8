// Rolling-average spend anomalies: per scope, the spend of the last 60 minutes against the mean hourly
// spend of the trailing 24 hours, with the hours of earlier alarms left out of that baseline. Event time
// only; the clock is the caller's `nowNs`. Not thread-safe: one owner (the evaluating thread) per detector.
#pragma once

#include "common/timeutil.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace Burnrate::Anomaly {

// One row of the hourly rollup: spend with event time in [hourStartNs, hourStartNs + 1 h).
struct HourSpend
{
    qint64 hourStartNs = 0; // a whole UTC hour
    qint64 micros = 0;
};

// A group that spent much in the last 60 minutes, largest first, as the caller's query found it.
struct Contributor
{
    QString agent;
    QString model;
    QString feature;
    qint64 micros = 0;

    friend bool operator==(const Contributor &, const Contributor &) = default;
};

// What one query per scope returns (a scope is a key the caller chooses: "all", "agent=…", "feature=…").
struct ScopeSpend
{
    QString scope;
    qint64 recentMicros = 0; // spend with event time in [now − window, now)
    // The rollup rows in baselineRange(now); missing hours spent nothing, rows outside are ignored.
    QList<HourSpend> hours;
    // Filled only where the caller can afford it; otherwise the caller adds them to the alarm it gets.
    QList<Contributor> contributors;
    QStringList traceIds; // the costliest traces of the last window
};

struct RollingAlarm
{
    QString scope;
    qint64 atNs = 0;
    qint64 recentMicros = 0;
    qint64 baselineMicros = 0; // mean hourly spend of the baseline hours (rounded down)
    double ratio = 0;          // recentMicros / baseline; infinity when the baseline spent nothing
    int baselineHours = 0;     // hours that made the baseline (excluded hours are not counted)
    QList<Contributor> contributors;
    QStringList traceIds;
};

class RollingDetector
{
public:
    struct Params
    {
        qint64 windowNs = Time::kNanosPerHour; // the recent window, 60 min
        int baselineHours = 24;
        int factorPercent = 300;        // alarm when recent ≥ factor × baseline …
        qint64 floorMicros = 1'000'000; // … and recent ≥ floor ($1)
    };

    // [startNs, endNs): the baseline, the `baselineHours` whole hours before the hour in which the recent
    // window starts (so the two never overlap).
    struct Range
    {
        qint64 startNs = 0;
        qint64 endNs = 0;
    };

    RollingDetector();
    explicit RollingDetector(const Params &params);

    Range baselineRange(qint64 nowNs) const;

    // Returns an alarm when the scope enters the anomalous state. It stays quiet while the ratio stays at
    // or above the factor and may fire again once it has fallen below. While a scope is anomalous, the
    // hours its recent window touches are remembered and left out of its later baselines.
    std::optional<RollingAlarm> evaluate(const ScopeSpend &spend, qint64 nowNs);

    // What the detector remembers of a scope, for its owner to save and restore across a restart (so an
    // anomaly in progress is neither announced twice nor averaged into the baseline).
    struct ScopeState
    {
        bool alarmed = false;
        QList<qint64> anomalousHours; // starts of the hours left out of the baseline

        friend bool operator==(const ScopeState &, const ScopeState &) = default;
    };

    ScopeState scopeState(const QString &scope) const;
    void restoreScopeState(const QString &scope, const ScopeState &state);

private:
    Params m_params;
    QHash<QString, ScopeState> m_scopes;
};

} // namespace Burnrate::Anomaly
