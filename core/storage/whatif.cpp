#include "whatif.h"

#include <QHash>
#include <QSet>
#include <algorithm>

namespace Burnrate::Storage {

qint64 repricedCost(const ReportRow &totals, const Pricing::ModelPrice &price)
{
    Model::UsageEvent sum;
    sum.inputTokens = totals.inputTokens;
    sum.outputTokens = totals.outputTokens;
    sum.cacheReadTokens = totals.cacheReadTokens;
    sum.cacheWriteTokens = totals.cacheWriteTokens;
    return Pricing::PriceTable::costMicros(sum, price);
}

QList<RepricedModel> repriceOnEveryModel(const ReportRow &totals, const Pricing::PriceTable &prices,
                                         QDate day)
{
    QList<RepricedModel> result;
    QSet<QString> seen;
    for (const Pricing::ModelPrice &entry : prices.entries()) {
        const QString id = entry.provider + u'/' + entry.model;
        if (seen.contains(id))
            continue;
        seen.insert(id);
        if (const std::optional<Pricing::ModelPrice> price = prices.find(entry.provider, entry.model, day))
            result.append({*price, repricedCost(totals, *price)});
    }
    std::sort(result.begin(), result.end(), [](const RepricedModel &a, const RepricedModel &b) {
        if (a.costMicros != b.costMicros)
            return a.costMicros < b.costMicros;
        return std::tie(a.price.provider, a.price.model) < std::tie(b.price.provider, b.price.model);
    });
    return result;
}

std::optional<QList<RoutingCandidate>> findRoutingCandidates(const QSqlDatabase &db,
                                                             const Pricing::PriceTable &prices,
                                                             const ReportQuery &query, QDate day, int limit,
                                                             Error *error)
{
    ReportQuery byFeature = query;
    byFeature.groupBy = {Dimension::Feature, Dimension::Provider, Dimension::Model};
    const std::optional<QList<ReportRow>> rows = runReport(db, byFeature, error);
    if (!rows)
        return std::nullopt;
    QList<RoutingCandidate> candidates;
    for (const ReportRow &r : *rows) { // most expensive first
        if (candidates.size() >= limit)
            break;
        const QString &provider = r.keys.at(1);
        const QString &model = r.keys.at(2);
        if (model.isNull() || r.calls == 0)
            continue;
        const std::optional<Pricing::ModelPrice> price = prices.find(provider, model, day);
        if (!price || price->outputPico < kFrontierOutputPico ||
            r.inputTokens / r.calls > kShortInputTokens || r.outputTokens / r.calls > kShortOutputTokens)
            continue;
        RoutingCandidate c{r.keys.at(0),   provider,     model, r.calls, r.inputTokens,
                           r.outputTokens, r.costMicros, {},    0};
        for (const RepricedModel &m : repriceOnEveryModel(r, prices, day)) { // cheapest first
            if (m.price.provider == price->provider && m.price.outputPico < kFrontierOutputPico) {
                c.cheaperModel = m.price.model;
                c.cheaperCostMicros = m.costMicros;
                break;
            }
        }
        candidates.append(c);
    }
    return candidates;
}

} // namespace Burnrate::Storage
