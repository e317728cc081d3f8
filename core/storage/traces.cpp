#include "traces.h"

#include "common/timeutil.h"
#include "sqliteutil.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace Burnrate::Storage {

namespace {

// Anything of the trace this close to an edge of the searched window makes the window grow.
constexpr qint64 kMarginNs = 30 * 60 * Time::kNanosPerSecond;
constexpr int kMaxWidenings = 12; // each at least doubles the window: beyond a year

Error queryError(const QSqlDatabase &db, const QSqlQuery &q)
{
    const QSqlError e = q.lastError();
    return Sqlite::databaseError(db.databaseName(), e.nativeErrorCode().toInt(), e.databaseText());
}

bool loadWindow(const QSqlDatabase &db, const QString &traceId, qint64 since, qint64 until, bool spans,
                TraceData *out, Error *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    bool ok = q.prepare(spans ? traceSpansSql() : traceCallsSql());
    q.addBindValue(since);
    q.addBindValue(until);
    q.addBindValue(traceId);
    ok = ok && q.exec();
    if (spans) {
        out->spans.clear();
        while (ok && q.next()) {
            TraceSpan s;
            s.startNs = q.value(0).toLongLong();
            s.spanId = q.value(1).toString();
            s.parentSpanId = q.value(2).toString();
            s.endNs = q.value(3).toLongLong();
            s.kind = q.value(4).toString();
            s.name = q.value(5).toString();
            s.agentId = q.value(6).toString();
            s.sessionId = q.value(7).toString();
            s.error = q.value(8).toLongLong() != 0;
            out->spans.append(s);
        }
    } else {
        out->calls.clear();
        QList<qint64> rowIds;
        while (ok && q.next())
            rowIds.append(q.value(0).toLongLong());
        // A trace has few calls: each is read through loadCall(), the one place that reads a whole call.
        for (const qint64 rowId : std::as_const(rowIds)) {
            Error e;
            if (std::optional<CallRow> call = loadCall(db, rowId, &e)) {
                out->calls.append(*call);
            } else if (e.code != Error::Code::NotFound) { // NotFound: deleted since (demo data cleared)
                if (error)
                    *error = e;
                return false;
            }
        }
    }
    if (!ok || q.lastError().isValid()) {
        if (error)
            *error = queryError(db, q);
        return false;
    }
    return true;
}

} // namespace

QString traceCallsSql()
{
    return QStringLiteral("SELECT id FROM usage_events WHERE ts_start_ns >= ? AND ts_start_ns < ? "
                          "AND trace_id = ? ORDER BY ts_start_ns, event_key");
}

QString traceSpansSql()
{
    return QStringLiteral("SELECT ts_start_ns, span_id, parent_span_id, ts_end_ns, kind, name, agent_id, "
                          "session_id, error FROM trace_spans WHERE ts_start_ns >= ? AND ts_start_ns < ? "
                          "AND trace_id = ? ORDER BY ts_start_ns, span_id");
}

bool hasTraceSpansTable(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    return q.exec(
               QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'trace_spans'")) &&
           q.next();
}

std::optional<TraceData> loadTrace(const QSqlDatabase &db, const QString &traceId, qint64 seedSinceNs,
                                   qint64 seedUntilNs, Error *error)
{
    TraceData data;
    data.traceId = traceId;
    data.hasSpanTable = hasTraceSpansTable(db);
    qint64 since = seedSinceNs;
    qint64 until = std::max(seedUntilNs, seedSinceNs + 1);
    for (int round = 0;; ++round) {
        if (!loadWindow(db, traceId, since, until, false, &data, error))
            return std::nullopt;
        if (data.hasSpanTable && !loadWindow(db, traceId, since, until, true, &data, error))
            return std::nullopt;
        qint64 first = std::numeric_limits<qint64>::max();
        qint64 last = std::numeric_limits<qint64>::min();
        for (const CallRow &c : std::as_const(data.calls)) {
            first = std::min(first, c.event.startNs);
            last = std::max(last, c.event.startNs);
        }
        for (const TraceSpan &s : std::as_const(data.spans)) {
            first = std::min(first, s.startNs);
            last = std::max(last, s.startNs);
        }
        if (first > last)
            break; // nothing found
        const bool nearStart = first - since < kMarginNs;
        const bool nearEnd = until - last <= kMarginNs;
        if ((!nearStart && !nearEnd) || round == kMaxWidenings)
            break;
        const qint64 width = std::max<qint64>(until - since, 2 * kMarginNs);
        if (nearStart)
            since = first > std::numeric_limits<qint64>::min() + width ? first - width : since;
        if (nearEnd)
            until = last < std::numeric_limits<qint64>::max() - width ? last + width : until;
    }
    if (data.calls.isEmpty() && data.spans.isEmpty()) {
        if (error)
            *error = {Error::Code::NotFound,
                      QCoreApplication::translate("Burnrate::Storage",
                                                  "No call of trace %1 was found between "
                                                  "%2 and %3.")
                          .arg(traceId, Time::toIsoUtc(seedSinceNs), Time::toIsoUtc(seedUntilNs))};
        return std::nullopt;
    }
    return data;
}

} // namespace Burnrate::Storage
