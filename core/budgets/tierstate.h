// The budget tier state machine: a pure function from (budget, persisted state, spend, now) to the new
// state and the events to announce. The state is a plain value saved as JSON, so a restart in the middle
// of a period neither repeats an alert nor misses one. Usable from any thread.
#pragma once

#include "budget.h"
#include "forecast.h"

#include <QDate>
#include <QJsonObject>
#include <QList>

namespace Burnrate::Budgets {

// What has been announced for one tier in the current period.
struct TierRecord
{
    int percent = 0;
    qint64 firedAtNs = 0;     // when the crossing was announced; 0 = armed (not fired, or recovered since)
    qint64 recoveredAtNs = 0; // when the fall back under it was announced; 0 = not since it last fired
    bool acknowledged = false;

    friend bool operator==(const TierRecord &, const TierRecord &) = default;
};

struct TierState
{
    qint64 periodStartNs = 0; // the period the records belong to; 0 = never evaluated
    QList<TierRecord> tiers;  // one per budget tier, ascending
    qint64 forecastFiredAtNs = 0;
    bool forecastAcknowledged = false;
    qint64 snoozedUntilNs = 0; // events until then are muted (still recorded); 0 = not snoozed

    friend bool operator==(const TierState &, const TierState &) = default;
};

struct BudgetEvent
{
    enum class Kind {
        PeriodRolledOver, // a new period began: every tier is armed again
        Recovered,        // spend fell back under a tier that had fired (e.g. after a correction)
        TierCrossed,      // spend reached a tier
        ForecastExceeds,  // the period-end projection reaches the limit
    };

    Kind kind = Kind::TierCrossed;
    int tierPercent = 0;                    // Recovered, TierCrossed
    TierAction action = TierAction::Notify; // TierCrossed
    QDate exceedDate;                       // ForecastExceeds: the day the projection reaches the limit
    qint64 spentMicros = 0;
    qint64 limitMicros = 0;
    qint64 periodStartNs = 0;
    qint64 atNs = 0;
    bool muted = false; // the budget was snoozed: record it, but do not notify

    friend bool operator==(const BudgetEvent &, const BudgetEvent &) = default;
};

struct Evaluation
{
    TierState state;
    // The rollover, then recoveries (highest first), crossings (lowest first), the forecast.
    QList<BudgetEvent> events;
};

// `spentMicros` is the budget's spend in the period containing `nowNs` (periodBounds()). A tier fires
// when spent × 100 ≥ limit × percent, exactly, and then once per period: only its recovery (spend falling
// back under it after a correction or a raised limit, announced too) re-arms it. A state from an earlier
// period is reset first. The forecast event fires once per period, when the budget asks for it, the
// spend is still under the limit and `projection` reaches it.
Evaluation evaluate(const Budget &budget, const TierState &state, qint64 spentMicros, qint64 nowNs,
                    const std::optional<Projection> &projection = std::nullopt);

// The user's answers to an alert.
TierState acknowledge(const TierState &state, int tierPercent);
TierState acknowledgeAll(const TierState &state); // every fired tier and the forecast
TierState snooze(const TierState &state, qint64 untilNs);
TierState unsnooze(const TierState &state);
bool isSnoozed(const TierState &state, qint64 nowNs);
// A fired tier or forecast that the user has not acknowledged (a recovered tier is no longer fired).
bool needsAttention(const TierState &state);

// Nanosecond times are written as decimal strings: a JSON number loses digits beyond 2^53.
QJsonObject toJson(const TierState &state);
std::optional<TierState> tierStateFromJson(const QJsonObject &json, Error *error);

} // namespace Burnrate::Budgets
