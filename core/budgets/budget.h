// A spend budget (scope, calendar period in a time zone, limit, alert tiers) and the parsing and
// validation that the command line and the Budgets screen share. Pure value code, usable from any thread.
#pragma once

#include "common/error.h"

#include <QList>
#include <QString>
#include <QTimeZone>
#include <optional>

namespace Burnrate::Budgets {

enum class Period { Day, Week, Month };

// What spend a budget counts: everything, or the calls whose dimension equals a value.
enum class Dimension { All, Provider, Model, Feature, Agent, User };

// What happens when a tier is crossed; the kill switch consumes Escalate.
enum class TierAction {
    Notify,   // a notification
    Critical, // a notification marked critical
    Escalate, // critical notification plus the hook that may stop the budget's agent (or all agents)
};

// What an escalation asks of the kill switch (the kill switch decides how to act on it).
enum class KillAction {
    None,    // escalate only notifies
    Observe, // the kill switch records what it would stop, and stops nothing
    Enforce, // the kill switch stops the agents named
};

struct Scope
{
    Dimension dimension = Dimension::All;
    QString value; // empty for Dimension::All

    friend bool operator==(const Scope &, const Scope &) = default;
};

struct Tier
{
    int percent = 0; // of the limit, 1..1000
    TierAction action = TierAction::Notify;

    friend bool operator==(const Tier &, const Tier &) = default;
};

constexpr int kMinTierPercent = 1;
constexpr int kMaxTierPercent = 1000;

// 70 % notify, 100 % critical, 120 % escalate.
QList<Tier> defaultTiers();
// The action a tier gets when the user gives only its percentage: below 100 notify, below 120 critical,
// from 120 escalate.
TierAction defaultAction(int percent);

struct Budget
{
    qint64 id = 0; // the storage's id; 0 until stored
    QString name;
    Scope scope;
    Period period = Period::Month;
    QTimeZone zone = QTimeZone::systemTimeZone(); // calendar periods start at midnight here
    qint64 limitMicros = 0;
    QList<Tier> tiers = defaultTiers(); // ascending by percent
    bool forecastAlert = false;         // also alert when the projection crosses 100 %
    QString webhookUrl; // optional Slack-compatible endpoint for this budget's alerts; it may carry a token
    KillAction killAction = KillAction::None; // asked of the kill switch when an Escalate tier fires
};

// [startNs, endNs): one calendar period.
struct PeriodBounds
{
    qint64 startNs = 0;
    qint64 endNs = 0;

    friend bool operator==(const PeriodBounds &, const PeriodBounds &) = default;
};

// The calendar day, week (Monday to Sunday) or month containing `nowNs`, from local midnight to local
// midnight in `zone`; a day with a DST change is 23 or 25 hours long.
PeriodBounds periodBounds(Period period, const QTimeZone &zone, qint64 nowNs);

// Stable names for storage, JSON and the command line.
QString periodName(Period period);           // day | week | month
QString dimensionName(Dimension dimension);  // all | provider | model | feature | agent | user
QString actionName(TierAction action);       // notify | critical | escalate
QString scopeText(const Scope &scope);       // "all" or "agent=research-agent"
QString tiersText(const QList<Tier> &tiers); // "70,100,120"
QString killActionName(KillAction action);   // none | observe | enforce
std::optional<KillAction> killActionFromName(QStringView name);
std::optional<Period> periodFromName(QStringView name);
std::optional<Dimension> dimensionFromName(QStringView name);
std::optional<TierAction> actionFromName(QStringView name);

// Parsers for the command line and dialogs; on failure they set `error` to a message for the user.
std::optional<Period> parsePeriod(QStringView text, Error *error);         // --period day|week|month
std::optional<Scope> parseScope(QStringView text, Error *error);           // --scope all | DIM=VALUE
std::optional<QList<Tier>> parseTiers(QStringView text, Error *error);     // --tiers 70,100,120
std::optional<QTimeZone> parseTimeZone(QStringView text, Error *error);    // --tz Europe/Berlin | UTC | local
std::optional<qint64> parseLimitMicros(QStringView text, Error *error);    // --limit 25 | 12.50 | $40
std::optional<KillAction> parseKillAction(QStringView text, Error *error); // --kill none|observe|enforce

// Checks a budget before it is stored; returns an error naming the first problem.
Error validateTiers(const QList<Tier> &tiers);
Error validateBudget(const Budget &budget);

} // namespace Burnrate::Budgets
