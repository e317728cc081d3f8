// The providers' own figures in SQLite: the billed usage and cost buckets the pollers fetch, and each
// polled endpoint's cursor and health. Written only by the storage writer (StorageWriter::submitProviderData,
// one transaction per poll result); read on the calling thread's own Connection.
#pragma once

#include "common/error.h"
#include "providers/providerbucket.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace Burnrate::Storage {

// The endpoints that keep a cursor of their own (source_state.source).
namespace SourceKey {
inline constexpr char OpenAiUsage[] = "openai.usage";
inline constexpr char OpenAiCosts[] = "openai.costs";
inline constexpr char AnthropicUsage[] = "anthropic.usage";
inline constexpr char AnthropicCosts[] = "anthropic.costs";
inline constexpr char OpenRouterActivity[] = "openrouter.activity";
inline constexpr char OpenRouterKey[] = "openrouter.key"; // key + credits: a snapshot, no buckets
} // namespace SourceKey

struct SourceState
{
    QString source;            // a SourceKey
    qint64 cursorNs = 0;       // everything before this was fetched at least once; 0: never
    qint64 backfillFromNs = 0; // where the first backfill started (its progress runs from here to now)
    qint64 lastAttemptNs = 0;
    qint64 lastSuccessNs = 0;
    QString lastError;       // plain words for the Sources screen; empty after a success. Never a secret.
    qint64 rowsImported = 0; // bucket rows written by this endpoint, all time
    QString detail; // a JSON object of non-secret facts the source reports (OpenRouter balance, limit)

    bool operator==(const SourceState &) const = default;
};

// One poll result, stored in one transaction: the rows of `provider` whose bucket starts inside a
// covered span are deleted, the buckets inserted, `state` saved. A re-poll of a window therefore
// replaces what was stored for it and never double counts, and a failed write loses neither rows nor
// the cursor. A write with only `state` records a failed poll.
struct ProviderWrite
{
    QString provider; // "openai" | "anthropic" | "openrouter"; every bucket's provider must equal it
    QList<Providers::BucketSpan> usageSpans; // windows covered in provider_usage
    QList<Providers::UsageBucket> usage;
    QList<Providers::BucketSpan> costSpans; // windows covered in provider_costs
    QList<Providers::CostBucket> costs;
    std::optional<SourceState> state;
};

// Every stored source state, sorted by source.
std::optional<QList<SourceState>> readSourceStates(const QSqlDatabase &db, Error *error);

} // namespace Burnrate::Storage
