// A non-billable span of a trace (an agent, a tool execution, a workflow wrapper), stored in trace_spans
// (schema v4, core/storage/database.cpp) so that the loop detector sees tool calls and a trace view can draw
// agent -> sub-agent -> model and tool calls; model calls hang under these spans through
// usage_events.parent_span_id. Model calls are UsageEvents, never TraceSpans. An agent span is always a
// TraceSpan; when it carried usage and nothing below it was billed, it is also a UsageEvent (operation
// invoke_agent) with the same trace and span id.
#pragma once

#include <QString>

namespace Burnrate::Model {

struct TraceSpan
{
    enum class Kind { Agent, Tool, Workflow, Other };

    qint64 startNs = 0;
    qint64 endNs = 0;
    QString traceId; // lowercase hex
    QString spanId;  // lowercase hex
    QString parentSpanId;
    Kind kind = Kind::Other;
    QString name;    // agent: its name or id; tool: the tool's name; otherwise the span name
    QString agentId; // inherited attribution, as for usage events
    QString sessionId;
    bool error = false;

    friend bool operator==(const TraceSpan &, const TraceSpan &) = default;
};

QString traceSpanKindName(TraceSpan::Kind kind); // agent | tool | workflow | other

// The new inherited attribution of a span already handed to the writer (a late ancestor named an agent or
// session); found by its key (start, trace id, span id).
struct TraceSpanUpdate
{
    qint64 startNs = 0;
    QString traceId;
    QString spanId;
    QString agentId;
    QString sessionId;

    friend bool operator==(const TraceSpanUpdate &, const TraceSpanUpdate &) = default;
};

} // namespace Burnrate::Model
