// Drill-down queries on the raw events: the individual calls behind a cell (one page at a time, keyset
// paginated on an index, never OFFSET), one call with everything stored about it, and the sessions of
// a time range. Run on the caller's (reader) connection, in its thread.
#pragma once

#include "common/error.h"
#include "model/usageevent.h"
#include "report.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <optional>

namespace Burnrate::Storage {

// The calls in [sinceNs, untilNs) (start time) that pass the filters. Filters as in ReportQuery: on one
// dimension OR-ed, on different dimensions AND-ed, an empty value means "none". Day and hour are not
// filters here (narrow the time range instead); project is not a dimension of calls.
struct CallsQuery
{
    qint64 sinceNs = 0;
    qint64 untilNs = 0;
    QList<ReportFilter> filters;
};

// The calls behind one cell of a grouped report (Explore's drill-down): `report`'s range and filters plus
// the cell's keys (one per report.groupBy entry, a null key meaning "none"). Day and hour keys and
// filters narrow the range (in report.zone) rather than filter. Nullopt with InvalidInput for project,
// for two different days or hours, or for a key that is not a day or hour of the right form.
std::optional<CallsQuery> callsQueryForCell(const ReportQuery &report, const QStringList &cellKeys,
                                            Error *error);

enum class CallsSort { Time, Cost, Tokens, Latency };

struct CallRow
{
    qint64 rowId = 0;    // usage_events.id
    qint64 eventKey = 0; // usage_events.event_key: with the start, the order of calls in time
    Model::UsageEvent event;
};

// The next page of at most `limit` calls in the given order, after `after` (the last row of the previous
// page; null for the first page). Ties are broken by the event key (time) or the row id (others), so
// pages never repeat or skip a row. Content is not read (see loadCall).
std::optional<QList<CallRow>> fetchCalls(const QSqlDatabase &db, const CallsQuery &query, CallsSort sort,
                                         Qt::SortOrder order, const CallRow *after, int limit, Error *error);
// The SQL fetchCalls runs, for EXPLAIN QUERY PLAN in tests: in time order or for a session, callsSql();
// in the other orders, minuteBoundsSql() for the minutes of the range, then minuteCallsSql() for each minute
// read.
QString callsSql(const CallsQuery &query, CallsSort sort, Qt::SortOrder order, bool afterCursor);
QString minuteBoundsSql(CallsSort sort);
QString minuteCallsSql(const CallsQuery &query, CallsSort sort, Qt::SortOrder order, bool afterCursor);

// Live updates: the newest row id stored (0 when there is none), and the calls of `query` stored after the
// row `afterRowId` (a range search on the row id, so only those new rows are read): how many, or the first
// `limit` of them in the order they were stored.
std::optional<qint64> newestCallRowId(const QSqlDatabase &db, Error *error);
std::optional<qint64> countCallsStoredAfter(const QSqlDatabase &db, const CallsQuery &query,
                                            qint64 afterRowId, Error *error);
std::optional<QList<CallRow>> fetchCallsStoredAfter(const QSqlDatabase &db, const CallsQuery &query,
                                                    qint64 afterRowId, int limit, Error *error);
// The SQL those two run, for EXPLAIN QUERY PLAN in tests.
QString callsStoredAfterSql(const CallsQuery &query, bool count);

// One call with every column, content included. Nullopt with NotFound when it is gone.
std::optional<CallRow> loadCall(const QSqlDatabase &db, qint64 rowId, Error *error);

// Every field of the event as JSON, for "Copy as JSON": cost_usd as an exact decimal string, times as
// nanoseconds and ISO 8601 UTC, absent values omitted, content parsed when it is JSON.
QJsonObject callToJson(const CallRow &call);

// The value a page is sorted on (tokens: input + output; latency: -1 when unknown).
qint64 sortValue(const Model::UsageEvent &event, CallsSort sort);

struct SessionRow
{
    QString sessionId;
    QStringList agents; // the distinct agents of its calls, sorted
    qint64 calls = 0;
    qint64 tokens = 0; // input + output
    qint64 costMicros = 0;
    qint64 firstNs = 0; // first call's start
    qint64 lastNs = 0;  // last call's end
};

// The sessions with a call starting in [sinceNs, untilNs), most expensive first, at most `limit`.
std::optional<QList<SessionRow>> loadSessions(const QSqlDatabase &db, qint64 sinceNs, qint64 untilNs,
                                              int limit, Error *error);

} // namespace Burnrate::Storage
