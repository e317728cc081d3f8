// A non-billable span of a trace (an agent, a tool execution, a workflow wrapper), stored in trace_spans so
// that the loop detector sees tool calls and the trace view can draw the tree (contract:
// /work/notes/trace_spans.md; schema v4). Billable model calls are UsageEvents, never TraceSpans.
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
