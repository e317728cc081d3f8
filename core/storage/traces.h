// Everything stored about one trace: its model calls (usage_events) and, where the table exists, its
// non-billable agent / tool / workflow spans (trace_spans, docs: /work/notes/trace_spans.md contract).
// Neither table has a trace index (a random-key index would slow every insert), so a trace is found in
// a time window that grows while the trace reaches its edges. Caller's (reader) connection and thread.
#pragma once

#include "calls.h"
#include "common/error.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace Burnrate::Storage {

struct TraceSpan
{
    QString spanId;
    QString parentSpanId; // empty for a root
    QString kind;         // agent | tool | workflow | other
    QString name;
    QString agentId;
    QString sessionId;
    qint64 startNs = 0;
    qint64 endNs = 0;
    bool error = false;
};

struct TraceData
{
    QString traceId;
    QList<CallRow> calls;   // in start order
    QList<TraceSpan> spans; // in start order; empty when the database has no trace_spans table
    bool hasSpanTable = false;
};

// Whether this database has the trace_spans table (added by a later schema step).
bool hasTraceSpansTable(const QSqlDatabase &db);

// The trace's calls and spans, searched first in [seedSinceNs, seedUntilNs) (e.g. around a call of the
// trace) and then in a window widened while anything of the trace lies within `margin` of its edges.
// Parts separated from the rest by more than the margin are not found. An unknown trace is NotFound.
std::optional<TraceData> loadTrace(const QSqlDatabase &db, const QString &traceId, qint64 seedSinceNs,
                                   qint64 seedUntilNs, Error *error);

// The SQL loadTrace runs on each table, for EXPLAIN QUERY PLAN in tests.
QString traceCallsSql();
QString traceSpansSql();

} // namespace Burnrate::Storage
