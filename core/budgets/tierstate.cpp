#include "tierstate.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <algorithm>

namespace Burnrate::Budgets {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::Budgets)
};

// spent ≥ limit × percent / 100, without division; a product that overflows is far beyond any tier.
bool reached(qint64 spentMicros, qint64 limitMicros, int percent)
{
    qint64 spent100 = 0, threshold = 0;
    if (qMulOverflow(spentMicros, qint64(100), &spent100))
        return spentMicros > 0;
    if (qMulOverflow(limitMicros, qint64(percent), &threshold))
        return false;
    return spent100 >= threshold;
}

constexpr int kSchema = 1;

QString nsText(qint64 ns)
{
    return QString::number(ns);
}

bool readNs(const QJsonObject &json, QLatin1StringView key, qint64 *out)
{
    const QJsonValue v = json.value(key);
    if (v.isUndefined()) {
        *out = 0;
        return true;
    }
    bool ok = false;
    *out = v.toString().toLongLong(&ok);
    return v.isString() && ok;
}

} // namespace

Evaluation evaluate(const Budget &budget, const TierState &state, qint64 spentMicros, qint64 nowNs,
                    const std::optional<Projection> &projection)
{
    const PeriodBounds bounds = periodBounds(budget.period, budget.zone, nowNs);
    const bool muted = isSnoozed(state, nowNs);
    Evaluation out;
    auto event = [&](BudgetEvent::Kind kind) {
        BudgetEvent e;
        e.kind = kind;
        e.spentMicros = spentMicros;
        e.limitMicros = budget.limitMicros;
        e.periodStartNs = bounds.startNs;
        e.atNs = nowNs;
        e.muted = muted;
        return e;
    };

    TierState s = state;
    if (s.periodStartNs != bounds.startNs) {
        if (s.periodStartNs != 0)
            out.events.append(event(BudgetEvent::Kind::PeriodRolledOver));
        s = TierState{};
        s.periodStartNs = bounds.startNs;
        s.snoozedUntilNs = state.snoozedUntilNs;
    }

    // One record per tier of the budget as it is now: an edited budget keeps what its unchanged tiers did.
    QList<TierRecord> records;
    records.reserve(budget.tiers.size());
    for (const Tier &tier : budget.tiers) {
        const auto it = std::find_if(s.tiers.cbegin(), s.tiers.cend(),
                                     [&](const TierRecord &r) { return r.percent == tier.percent; });
        records.append(it != s.tiers.cend() ? *it : TierRecord{tier.percent});
    }

    // Spend only falls within a period through corrections (or a raised limit). A recovery re-arms the
    // tier, so the user's last notice always matches the spend.
    for (qsizetype i = records.size() - 1; i >= 0; --i) {
        TierRecord &r = records[i];
        if (r.firedAtNs != 0 && !reached(spentMicros, budget.limitMicros, r.percent)) {
            r = TierRecord{r.percent, 0, nowNs, false};
            BudgetEvent e = event(BudgetEvent::Kind::Recovered);
            e.tierPercent = r.percent;
            out.events.append(e);
        }
    }
    for (qsizetype i = 0; i < records.size(); ++i) {
        TierRecord &r = records[i];
        if (r.firedAtNs == 0 && reached(spentMicros, budget.limitMicros, r.percent)) {
            r = TierRecord{r.percent, nowNs, 0, false};
            BudgetEvent e = event(BudgetEvent::Kind::TierCrossed);
            e.tierPercent = r.percent;
            e.action = budget.tiers.at(i).action;
            out.events.append(e);
        }
    }
    s.tiers = records;

    if (budget.forecastAlert && projection && projection->exceedsLimit() && s.forecastFiredAtNs == 0 &&
        !reached(spentMicros, budget.limitMicros, 100)) {
        s.forecastFiredAtNs = nowNs;
        BudgetEvent e = event(BudgetEvent::Kind::ForecastExceeds);
        e.exceedDate = projection->exceedDate;
        out.events.append(e);
    }
    out.state = s;
    return out;
}

TierState acknowledge(const TierState &state, int tierPercent)
{
    TierState s = state;
    for (TierRecord &r : s.tiers)
        if (r.percent == tierPercent && r.firedAtNs != 0)
            r.acknowledged = true;
    return s;
}

TierState acknowledgeAll(const TierState &state)
{
    TierState s = state;
    for (TierRecord &r : s.tiers)
        r.acknowledged = r.firedAtNs != 0;
    s.forecastAcknowledged = s.forecastFiredAtNs != 0;
    return s;
}

TierState snooze(const TierState &state, qint64 untilNs)
{
    TierState s = state;
    s.snoozedUntilNs = untilNs;
    return s;
}

TierState unsnooze(const TierState &state)
{
    return snooze(state, 0);
}

bool isSnoozed(const TierState &state, qint64 nowNs)
{
    return nowNs < state.snoozedUntilNs;
}

bool needsAttention(const TierState &state)
{
    const bool tier = std::any_of(state.tiers.cbegin(), state.tiers.cend(),
                                  [](const TierRecord &r) { return r.firedAtNs != 0 && !r.acknowledged; });
    return tier || (state.forecastFiredAtNs != 0 && !state.forecastAcknowledged);
}

QJsonObject toJson(const TierState &state)
{
    QJsonArray tiers;
    for (const TierRecord &r : state.tiers)
        tiers.append(QJsonObject{{QStringLiteral("percent"), r.percent},
                                 {QStringLiteral("fired_at_ns"), nsText(r.firedAtNs)},
                                 {QStringLiteral("recovered_at_ns"), nsText(r.recoveredAtNs)},
                                 {QStringLiteral("acknowledged"), r.acknowledged}});
    return {{QStringLiteral("schema"), kSchema},
            {QStringLiteral("period_start_ns"), nsText(state.periodStartNs)},
            {QStringLiteral("tiers"), tiers},
            {QStringLiteral("forecast_fired_at_ns"), nsText(state.forecastFiredAtNs)},
            {QStringLiteral("forecast_acknowledged"), state.forecastAcknowledged},
            {QStringLiteral("snoozed_until_ns"), nsText(state.snoozedUntilNs)}};
}

std::optional<TierState> tierStateFromJson(const QJsonObject &json, Error *error)
{
    auto damaged = [error](QLatin1StringView field) -> std::optional<TierState> {
        if (error)
            *error = {Error::Code::Corrupt,
                      Tr::tr("The saved state of a budget is damaged (field %1).").arg(field)};
        return std::nullopt;
    };
    if (json.value(QLatin1StringView("schema")).toInt() != kSchema)
        return damaged(QLatin1StringView("schema"));
    TierState s;
    if (!readNs(json, QLatin1StringView("period_start_ns"), &s.periodStartNs))
        return damaged(QLatin1StringView("period_start_ns"));
    if (!readNs(json, QLatin1StringView("forecast_fired_at_ns"), &s.forecastFiredAtNs))
        return damaged(QLatin1StringView("forecast_fired_at_ns"));
    if (!readNs(json, QLatin1StringView("snoozed_until_ns"), &s.snoozedUntilNs))
        return damaged(QLatin1StringView("snoozed_until_ns"));
    s.forecastAcknowledged = json.value(QLatin1StringView("forecast_acknowledged")).toBool();
    const QJsonValue tiers = json.value(QLatin1StringView("tiers"));
    if (!tiers.isArray())
        return damaged(QLatin1StringView("tiers"));
    for (const QJsonValue &v : tiers.toArray()) {
        const QJsonObject o = v.toObject();
        TierRecord r;
        r.percent = o.value(QLatin1StringView("percent")).toInt();
        if (r.percent < kMinTierPercent || r.percent > kMaxTierPercent)
            return damaged(QLatin1StringView("percent"));
        if (!readNs(o, QLatin1StringView("fired_at_ns"), &r.firedAtNs) ||
            !readNs(o, QLatin1StringView("recovered_at_ns"), &r.recoveredAtNs))
            return damaged(QLatin1StringView("fired_at_ns"));
        r.acknowledged = o.value(QLatin1StringView("acknowledged")).toBool();
        s.tiers.append(r);
    }
    return s;
}

} // namespace Burnrate::Budgets
