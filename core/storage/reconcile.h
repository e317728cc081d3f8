// Billed spend (the providers' cost endpoints) and how it compares with measured spend (telemetry):
// `burnrate report --billed`, `report --reconcile` and the Reconciliation screen. Day keys are UTC
// dates, because the providers bill in UTC days. Runs on the calling thread's own Connection.
#pragma once

#include "common/error.h"
#include "storage/report.h"

#include <QDate>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace Burnrate::Pricing {
class PriceTable;
}

namespace Burnrate::Storage {

// Dimensions of billed spend: provider, model, project (OpenAI project / Anthropic workspace) and day.
bool isBilledDimension(Dimension d);

struct BilledRow
{
    QStringList keys;       // one per groupBy entry; "" when the bucket had no value
    qint64 costMicros = 0;  // from the cost endpoints
    qint64 requests = -1;   // from the usage endpoints; -1 when no provider in the row counts them
    qint64 inputTokens = 0; // total input, cache reads and writes included (as `report` counts it)
    qint64 outputTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
};

// `query.groupBy` and filters may use only billed dimensions (else an InvalidInput error naming the
// dimension); `query.zone` is ignored (UTC). The range is widened to whole UTC days, the cost endpoints'
// grain: buckets that start in it count. Rows sorted by cost, or by day when day comes first.
std::optional<QList<BilledRow>> runBilledReport(const QSqlDatabase &db, const ReportQuery &query,
                                                Error *error);
// The same, with model ids merged and filtered under the price table's name of the model (a usage
// endpoint's "claude-sonnet-4-5-20250929" and a cost endpoint's "claude-sonnet-4-5" are one row), as
// the reconciliation matches them. `prices` may be null: ids as the providers sent them.
std::optional<QList<BilledRow>> runBilledReport(const QSqlDatabase &db, const ReportQuery &query,
                                                const Pricing::PriceTable *prices, Error *error);

// Why billed and measured spend of a row differ.
enum class GapCause {
    UnpricedCalls,   // measured calls without a price count as $0
    Uninstrumented,  // the provider billed calls (or models) that telemetry never saw
    PriceDifference, // the token counts agree, the money does not: cache pricing, discounts, a price change
    NotFinal,        // the provider's figures for this day may still change (the last ~24 h)
    NotBilled,       // measured spend with no billed figure: the cost endpoint is not polled or is behind
};
QString gapCauseText(GapCause cause); // a translated sentence for the screen and the command line
QString gapCauseName(GapCause cause); // "unpriced_calls", "uninstrumented", … for JSON and CSV

struct ReconcileQuery
{
    qint64 sinceNs = 0;          // rounded down to the UTC day
    qint64 untilNs = 0;          // rounded up to the UTC day
    qint64 nowNs = 0;            // to tell days whose figures are not final yet
    QList<ReportFilter> filters; // provider and model only
};

struct ReconcileRow
{
    QDate day; // UTC
    QString provider;
    QString model; // matched to the price table's model id on both sides, so snapshots line up
    qint64 billedMicros = 0;
    qint64 measuredMicros = 0;
    qint64 differenceMicros = 0; // billed - measured
    qint64 billedRequests = -1;  // -1: not counted by the provider
    qint64 measuredCalls = 0;
    qint64 unpricedCalls = 0;
    qint64 billedTokens = 0; // input + output, from the usage endpoints
    qint64 measuredTokens = 0;
    QList<GapCause> causes; // most likely first; empty when the difference is within 1 % or 1 cent
};

// One row per (UTC day, provider, model) with spend on either side, by day then billed cost.
// `prices` (may be null) maps model ids on both sides to the price table's ids.
std::optional<QList<ReconcileRow>> runReconcile(const QSqlDatabase &db, const ReconcileQuery &query,
                                                const Pricing::PriceTable *prices, Error *error);

} // namespace Burnrate::Storage
