#include "attention.h"

#include <algorithm>

namespace Burnrate::Budgets {

std::optional<Attention> attention(const BudgetStore &store, qint64 nowNs, Error *error)
{
    const auto budgets = store.budgets(error);
    if (!budgets)
        return std::nullopt;
    Attention worst = Attention::None;
    for (const Budget &budget : *budgets) {
        const auto state = store.state(budget.id, error);
        if (!state)
            return std::nullopt;
        if (state->periodStartNs != periodBounds(budget.period, budget.zone, nowNs).startNs ||
            isSnoozed(*state, nowNs))
            continue;
        for (const TierRecord &tier : state->tiers) {
            if (tier.firedAtNs != 0 && !tier.acknowledged)
                worst = std::max(worst, tier.percent >= 100 ? Attention::Critical : Attention::Warning);
        }
        if (state->forecastFiredAtNs != 0 && !state->forecastAcknowledged)
            worst = std::max(worst, Attention::Warning);
    }
    if (worst == Attention::Critical)
        return worst;

    const auto anomalies = store.alerts(nowNs - kAnomalyLookbackNs, Alert::Kind::Anomaly, error);
    const auto scopes = anomalies ? store.anomalyStates(error) : std::nullopt;
    const auto loops = scopes ? store.alerts(nowNs - kLoopActiveNs, Alert::Kind::Loop, error) : std::nullopt;
    if (!loops)
        return std::nullopt;
    const auto active = [](const Alert &a) { return !a.acknowledged; };
    for (const Alert &alert : *anomalies) {
        if (active(alert) && scopes->value(alert.scope).alarmed)
            return Attention::Critical;
    }
    if (std::any_of(loops->cbegin(), loops->cend(), active))
        return Attention::Critical;
    return worst;
}

} // namespace Burnrate::Budgets
