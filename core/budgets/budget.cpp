#include "budget.h"

#include "common/money.h"
#include "common/timeutil.h"

#include <QCoreApplication>
#include <QHash>

namespace Burnrate::Budgets {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::Budgets)
};

Error invalid(const QString &message)
{
    return Error(Error::Code::InvalidInput, message);
}

template<typename T> std::optional<T> fail(Error *error, const QString &message)
{
    if (error)
        *error = invalid(message);
    return std::nullopt;
}

constexpr Dimension kDimensions[] = {Dimension::All,     Dimension::Provider, Dimension::Model,
                                     Dimension::Feature, Dimension::Agent,    Dimension::User};
constexpr Period kPeriods[] = {Period::Day, Period::Week, Period::Month};
constexpr TierAction kActions[] = {TierAction::Notify, TierAction::Critical, TierAction::Escalate};

} // namespace

QList<Tier> defaultTiers()
{
    return {{70, TierAction::Notify}, {100, TierAction::Critical}, {120, TierAction::Escalate}};
}

TierAction defaultAction(int percent)
{
    if (percent < 100)
        return TierAction::Notify;
    return percent < 120 ? TierAction::Critical : TierAction::Escalate;
}

PeriodBounds periodBounds(Period period, const QTimeZone &zone, qint64 nowNs)
{
    // Every instant of a period has that period's bounds: the last answer per period and zone is reused
    // while `nowNs` stays inside it (time zone arithmetic dominates evaluating hundreds of budgets).
    thread_local QHash<std::pair<int, QByteArray>, PeriodBounds> recent;
    const std::pair<int, QByteArray> key{int(period), zone.id()};
    if (const auto it = recent.constFind(key);
        it != recent.cend() && it->startNs <= nowNs && nowNs < it->endNs)
        return *it;
    const QDate today = Time::fromNs(nowNs, zone).date();
    QDate start = today;
    QDate end;
    switch (period) {
    case Period::Day:
        end = start.addDays(1);
        break;
    case Period::Week:
        start = today.addDays(1 - today.dayOfWeek()); // Qt: Monday = 1
        end = start.addDays(7);
        break;
    case Period::Month:
        start = QDate(today.year(), today.month(), 1);
        end = start.addMonths(1);
        break;
    }
    // startOfDay() is the first valid instant of the date, also where DST skips midnight.
    const PeriodBounds bounds{Time::toNs(start.startOfDay(zone)), Time::toNs(end.startOfDay(zone))};
    recent.insert(key, bounds);
    return bounds;
}

QString periodName(Period period)
{
    switch (period) {
    case Period::Day:
        return QStringLiteral("day");
    case Period::Week:
        return QStringLiteral("week");
    case Period::Month:
        break;
    }
    return QStringLiteral("month");
}

QString dimensionName(Dimension dimension)
{
    switch (dimension) {
    case Dimension::All:
        break;
    case Dimension::Provider:
        return QStringLiteral("provider");
    case Dimension::Model:
        return QStringLiteral("model");
    case Dimension::Feature:
        return QStringLiteral("feature");
    case Dimension::Agent:
        return QStringLiteral("agent");
    case Dimension::User:
        return QStringLiteral("user");
    }
    return QStringLiteral("all");
}

QString actionName(TierAction action)
{
    switch (action) {
    case TierAction::Notify:
        break;
    case TierAction::Critical:
        return QStringLiteral("critical");
    case TierAction::Escalate:
        return QStringLiteral("escalate");
    }
    return QStringLiteral("notify");
}

QString scopeText(const Scope &scope)
{
    if (scope.dimension == Dimension::All)
        return dimensionName(Dimension::All);
    return dimensionName(scope.dimension) % u'=' % scope.value;
}

QString tiersText(const QList<Tier> &tiers)
{
    QStringList parts;
    for (const Tier &tier : tiers)
        parts.append(QString::number(tier.percent));
    return parts.join(u',');
}

std::optional<Period> periodFromName(QStringView name)
{
    for (Period p : kPeriods)
        if (name == periodName(p))
            return p;
    return std::nullopt;
}

std::optional<Dimension> dimensionFromName(QStringView name)
{
    for (Dimension d : kDimensions)
        if (name == dimensionName(d))
            return d;
    return std::nullopt;
}

std::optional<TierAction> actionFromName(QStringView name)
{
    for (TierAction a : kActions)
        if (name == actionName(a))
            return a;
    return std::nullopt;
}

QString killActionName(KillAction action)
{
    switch (action) {
    case KillAction::Observe:
        return QStringLiteral("observe");
    case KillAction::Enforce:
        return QStringLiteral("enforce");
    case KillAction::None:
        break;
    }
    return QStringLiteral("none");
}

std::optional<KillAction> killActionFromName(QStringView name)
{
    for (KillAction a : {KillAction::None, KillAction::Observe, KillAction::Enforce})
        if (name == killActionName(a))
            return a;
    return std::nullopt;
}

std::optional<KillAction> parseKillAction(QStringView text, Error *error)
{
    if (const auto action = killActionFromName(text.trimmed()))
        return action;
    return fail<KillAction>(error,
                            Tr::tr("Unknown kill action '%1'. Use none, observe or enforce.").arg(text));
}

std::optional<Period> parsePeriod(QStringView text, Error *error)
{
    if (const auto period = periodFromName(text.trimmed()))
        return period;
    return fail<Period>(error, Tr::tr("Unknown period '%1'. Use day, week or month.").arg(text));
}

std::optional<Scope> parseScope(QStringView text, Error *error)
{
    text = text.trimmed();
    if (text == dimensionName(Dimension::All))
        return Scope{};
    const qsizetype eq = text.indexOf(u'=');
    const auto dimension = eq > 0 ? dimensionFromName(text.left(eq).trimmed()) : std::nullopt;
    if (!dimension || *dimension == Dimension::All)
        return fail<Scope>(error,
                           Tr::tr("Cannot read the scope '%1'. Use all, or DIM=VALUE where DIM is provider, "
                                  "model, feature, agent or user.")
                               .arg(text));
    const QString value = text.mid(eq + 1).trimmed().toString();
    if (value.isEmpty())
        return fail<Scope>(error, Tr::tr("The scope '%1' has no value after '='.").arg(text));
    return Scope{*dimension, value};
}

std::optional<QList<Tier>> parseTiers(QStringView text, Error *error)
{
    QList<Tier> tiers;
    for (QStringView part : text.split(u',')) {
        part = part.trimmed();
        if (part.endsWith(u'%'))
            part.chop(1);
        bool ok = false;
        const int percent = part.toInt(&ok);
        if (!ok)
            return fail<QList<Tier>>(
                error,
                Tr::tr("Cannot read the tiers '%1'. Give whole percentages such as 70,100,120.").arg(text));
        tiers.append({percent, defaultAction(percent)});
    }
    if (const Error problem = validateTiers(tiers)) {
        if (error)
            *error = problem;
        return std::nullopt;
    }
    return tiers;
}

std::optional<QTimeZone> parseTimeZone(QStringView text, Error *error)
{
    text = text.trimmed();
    if (text == u"local")
        return QTimeZone::systemTimeZone();
    const QByteArray id = text.toUtf8();
    if (!QTimeZone::isTimeZoneIdAvailable(id))
        return fail<QTimeZone>(
            error, Tr::tr("Unknown time zone '%1'. Use an IANA name such as Europe/Berlin, UTC or local.")
                       .arg(text));
    return QTimeZone(id);
}

std::optional<qint64> parseLimitMicros(QStringView text, Error *error)
{
    text = text.trimmed();
    if (text.startsWith(u'$'))
        text = text.mid(1);
    const auto micros = Money::parseDecimalMicros(text);
    if (!micros)
        return fail<qint64>(
            error, Tr::tr("Cannot read the limit '%1'. Give US dollars such as 25 or 12.50.").arg(text));
    if (*micros <= 0)
        return fail<qint64>(error, Tr::tr("The limit must be more than $0."));
    return micros;
}

Error validateTiers(const QList<Tier> &tiers)
{
    if (tiers.isEmpty())
        return invalid(Tr::tr("A budget needs at least one tier."));
    int previous = 0;
    for (const Tier &tier : tiers) {
        if (tier.percent < kMinTierPercent || tier.percent > kMaxTierPercent)
            return invalid(Tr::tr("The tier %1 % is out of range. Tiers are between %2 and %3 %.")
                               .arg(tier.percent)
                               .arg(kMinTierPercent)
                               .arg(kMaxTierPercent));
        if (tier.percent <= previous)
            return invalid(Tr::tr("The tiers must be in ascending order without repeats."));
        previous = tier.percent;
    }
    return {};
}

Error validateBudget(const Budget &budget)
{
    if (budget.name.trimmed().isEmpty())
        return invalid(Tr::tr("The budget needs a name."));
    if (budget.scope.dimension != Dimension::All && budget.scope.value.isEmpty())
        return invalid(Tr::tr("The scope %1 needs a value.").arg(dimensionName(budget.scope.dimension)));
    if (!budget.zone.isValid())
        return invalid(Tr::tr("The budget's time zone is not valid."));
    if (budget.limitMicros <= 0)
        return invalid(Tr::tr("The limit must be more than $0."));
    return validateTiers(budget.tiers);
}

} // namespace Burnrate::Budgets
