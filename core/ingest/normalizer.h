// Turns OTLP spans into billable UsageEvents (DESIGN.md §3.1, telemetry-formats mapping): picks the
// model-call spans (never wrappers that repeat their children's usage), maps every attribute family,
// inherits identity down the span tree and then from the resource. Does not price; see PriceTable.
// Agent, tool and workflow spans of every family become TraceSpans with the agent and session they inherit
// (model/tracespan.h); a late ancestor re-attributes them as it does billed spans (TraceSpanUpdate).
// Thread-safe: calls are serialized (the receiver and `import` each use one instance from one thread).
//
// A trace usually arrives in several batches: SDKs export a span when it ends, so the model calls of a
// long agent run come before their invoke_agent root. The normalizer remembers recent traces (each span's
// parent, the attribution it names itself, whether it or a descendant was billed, a fingerprint of what a
// billed span was stored with) and applies the one-batch rules across batches:
// - An invoke_agent span with usage is billed only when no descendant was billed, in any batch. A billed
//   span whose parent has not arrived leaves a placeholder for that parent, marked up the tree as ancestors
//   arrive, so a root that comes last repeats nothing.
// - A span inherits from remembered ancestors as from ancestors in its own batch.
// - When an ancestor arrives after billed descendants, their attribution is recomputed (the nearest span
//   naming a field wins; resource attributes only fill what no span in the ancestry names, so a late
//   span-level value replaces one taken from the resource), and each event whose attribution changed is
//   returned once as an AttributionUpdate. A re-delivered span is normalized again (the writer ignores the
//   known event id) and yields an update only if its attribution differs from the one last returned.
// Limits: a trace not seen for memoryIdleNs, or the least recently seen ones beyond memorySpans, are
// forgotten, and their later spans start a new tree; a remembered span costs about 100 bytes in traces of
// ten spans or more, up to 500 in traces of one span. An invoke_agent span billed before its children
// arrived (it ended first) stays billed and the children are billed too: nothing is retracted. A span that
// is a leaf of its batch, has no usage and is no TraceSpan (an HTTP or database call) is remembered without
// the attribution it names: a child arriving after it inherits from the spans above it only. The memory
// assumes each result reaches the database; an update whose write failed is not re-issued on a retry.
#pragma once

#include "common/timeutil.h"
#include "model/tracespan.h"
#include "model/usageevent.h"
#include "otlptypes.h"

#include <QList>
#include <QMutex>
#include <QStringList>
#include <functional>
#include <memory>

namespace Burnrate::Ingest {

class TraceMemory;

class Normalizer
{
public:
    struct Options
    {
        QString source = QStringLiteral("otlp");   // stored in UsageEvent::source ("demo" for demo resources)
        bool keepContent = false;                  // keep prompt/response text ([otlp] keep_content)
        qint64 maxContentBytes = 64 * 1024;        // cap per event when kept
        qsizetype memorySpans = 200'000;           // spans remembered across batches, all traces together
        qint64 memoryIdleNs = Time::kNanosPerHour; // a trace not seen for this long is forgotten
        std::function<qint64()> clock = {};        // monotonic nanoseconds; empty: the steady clock
    };

    struct Result
    {
        QList<Model::UsageEvent> events;
        QList<Model::AttributionUpdate> attributionUpdates; // events of earlier batches, re-attributed
        QList<Model::TraceSpan> traceSpans;                 // agents, tools and workflows, in batch order
        QList<Model::TraceSpanUpdate> traceSpanUpdates;     // trace spans of earlier batches, re-attributed
        int spansSeen = 0;
        int rejectedSpans = 0;        // spans that looked billable but could not be used
        QStringList rejectionReasons; // one short sentence per distinct reason
    };

    Normalizer();
    explicit Normalizer(Options options);
    ~Normalizer();

    // Const for its callers; the trace memory it updates is internal.
    Result normalize(const TraceBatch &batch) const;
    qsizetype rememberedSpans() const; // spans and placeholders in the memory

private:
    Options m_options;
    mutable QMutex m_mutex;
    std::unique_ptr<TraceMemory> m_memory; // guarded by m_mutex
};

} // namespace Burnrate::Ingest
