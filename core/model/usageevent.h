// One billable model call, normalized from whatever source reported it (DESIGN.md §3.1).
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Burnrate::Model {

enum class CostSource {
    Unpriced, // no price known: flagged and counted, never a silent $0
    Computed, // priced by Burnrate's price table
    Reported, // the source said what it cost
};

QString costSourceName(CostSource source); // "unpriced" | "computed" | "reported"
CostSource costSourceFromName(QStringView name);

// The id of the event a span produced, "otlp:<trace id>:<span id>" (lowercase hex), whatever source
// delivered the span: the same span (same id, same start time) is stored once, so every source that
// knows the span must use this form.
QString eventIdForSpan(QStringView traceId, QStringView spanId);

struct UsageEvent
{
    QString eventId; // eventIdForSpan() for a span — stable, so re-ingesting is a no-op
    QString source;  // otlp, otlp-file, demo, …
    qint64 startNs = 0;
    qint64 endNs = 0;

    QString provider;       // lowercased and aliased: openai, anthropic, gcp.gemini, …
    QString model;          // the responding model; priced on this
    QString modelRequested; // what the caller asked for
    QString operation;      // chat, embeddings, …

    qint64 inputTokens = 0;  // total input including cache reads and writes
    qint64 outputTokens = 0; // includes reasoning
    qint64 reasoningTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;

    qint64 costMicros = 0;
    CostSource costSource = CostSource::Unpriced;

    QString agentId;   // gen_ai.agent.id › gen_ai.agent.name (what the kill switch lists)
    QString agentName; // gen_ai.agent.name › gen_ai.agent.id (for display)
    QString taskId;
    QString feature;
    QString userId;
    QString sessionId;
    QStringList tags;

    QString traceId; // 32 lowercase hex
    QString spanId;  // 16 lowercase hex
    QString parentSpanId;
    QString responseId;

    qint64 latencyMs = -1; // -1 = unknown
    qint64 ttftMs = -1;
    bool error = false;
    QString errorType;

    QString serviceName;
    QString environment;

    QString content; // prompt/response text, only when the user opted in ([otlp] keep_content)

    qint64 uncachedInputTokens() const
    {
        const qint64 v = inputTokens - cacheReadTokens - cacheWriteTokens;
        return v > 0 ? v : 0;
    }
};

// The complete new attribution of an event already handed to the writer: an ancestor span that arrived
// after it changed what it inherits. The writer rewrites those columns and moves the rollup contribution.
struct AttributionUpdate
{
    QString eventId;
    qint64 startNs = 0; // the stored event's start: with the id, the key the writer finds it by
    QString agentId, agentName, taskId, feature, userId, sessionId;
    QStringList tags;
};

} // namespace Burnrate::Model

Q_DECLARE_METATYPE(Burnrate::Model::UsageEvent)
