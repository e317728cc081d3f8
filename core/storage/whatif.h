// What-if repricing: what a selection of calls would have cost on another model of the price table, and
// the routing candidates (features paying frontier prices for short calls). Pure arithmetic over report
// rows plus one rollup query; runs on the calling thread's connection.
#pragma once

#include "common/error.h"
#include "pricing/pricetable.h"
#include "storage/report.h"

#include <QDate>
#include <QList>
#include <QSqlDatabase>
#include <optional>

namespace Burnrate::Storage {

// A model counts as frontier or reasoning when its output costs at least this much (USD 8 per million
// tokens: gpt-4.1, o3, gpt-5, Claude Sonnet and Opus, Gemini Pro); calls are short when they average at
// most these many tokens in and out.
constexpr qint64 kFrontierOutputPico = 8'000'000;
constexpr qint64 kShortInputTokens = 4'000;
constexpr qint64 kShortOutputTokens = 500;

struct RepricedModel
{
    Pricing::ModelPrice price; // the entry in effect on the day repriced at
    qint64 costMicros = 0;
};

// `totals` (its token counts; keys ignored) on every model of `prices`, at each model's price in effect on
// `day`, cheapest first. The same tokens, cache reads and writes at the model's own cache rates, reasoning
// inside output: what the table would charge, not what another model's tokenizer would have counted.
QList<RepricedModel> repriceOnEveryModel(const ReportRow &totals, const Pricing::PriceTable &prices,
                                         QDate day);

// The same for one model.
qint64 repricedCost(const ReportRow &totals, const Pricing::ModelPrice &price);

struct RoutingCandidate
{
    QString feature; // null: calls without a feature
    QString provider;
    QString model;
    qint64 calls = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 costMicros = 0;
    QString cheaperModel; // the same provider's cheapest non-frontier model for these tokens; may be empty
    qint64 cheaperCostMicros = 0;
};

// Over `query`'s range and filters (its groupBy ignored): (feature, model) pairs on frontier models whose
// calls are short on average, most expensive first, at most `limit`. Served from the rollup.
std::optional<QList<RoutingCandidate>> findRoutingCandidates(const QSqlDatabase &db,
                                                             const Pricing::PriceTable &prices,
                                                             const ReportQuery &query, QDate day, int limit,
                                                             Error *error);

} // namespace Burnrate::Storage
