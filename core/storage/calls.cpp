#include "calls.h"

#include "agentset.h"
#include "common/money.h"
#include "common/timeutil.h"
#include "database.h"
#include "eventkey.h"
#include "report.h"
#include "sessionhours.h"
#include "sqliteutil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <limits>
#include <numeric>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace Burnrate::Storage {

namespace {

// Every column but content, in the order readCall() reads them.
const QString &columns()
{
    static const QString columns =
        u"id, " + QLatin1String(kEventIdSql) +
        u", source, ts_start_ns, ts_end_ns, provider, model, model_requested, operation, input_tokens, "
        u"output_tokens, reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, cost_source, "
        u"agent_id, agent_name, task_id, feature, user_id, session_id, tags, trace_id, span_id, "
        u"parent_span_id, "
        u"response_id, latency_ms, ttft_ms, error, error_type, service_name, environment, event_key";
    return columns;
}
constexpr int kContentColumn = 34;

Error queryError(const QSqlDatabase &db, const QSqlQuery &q)
{
    const QSqlError e = q.lastError();
    return Sqlite::databaseError(db.databaseName(), e.nativeErrorCode().toInt(), e.databaseText());
}

CallRow readCall(const QSqlQuery &q, bool withContent)
{
    CallRow row;
    row.rowId = q.value(0).toLongLong();
    Model::UsageEvent &e = row.event;
    e.eventId = q.value(1).toString();
    e.source = q.value(2).toString();
    e.startNs = q.value(3).toLongLong();
    e.endNs = q.value(4).toLongLong();
    e.provider = q.value(5).toString();
    e.model = q.value(6).toString();
    e.modelRequested = q.value(7).toString();
    e.operation = q.value(8).toString();
    e.inputTokens = q.value(9).toLongLong();
    e.outputTokens = q.value(10).toLongLong();
    e.reasoningTokens = q.value(11).toLongLong();
    e.cacheReadTokens = q.value(12).toLongLong();
    e.cacheWriteTokens = q.value(13).toLongLong();
    e.costMicros = q.value(14).toLongLong();
    e.costSource = Model::costSourceFromName(q.value(15).toString());
    e.agentId = q.value(16).toString();
    e.agentName = q.value(17).toString();
    e.taskId = q.value(18).toString();
    e.feature = q.value(19).toString();
    e.userId = q.value(20).toString();
    e.sessionId = q.value(21).toString();
    const QByteArray tags = q.value(22).toByteArray();
    if (!tags.isEmpty()) {
        const QJsonArray array = QJsonDocument::fromJson(tags).array();
        for (const QJsonValue &t : array)
            e.tags.append(t.toString());
    }
    e.traceId = q.value(23).toString();
    e.spanId = q.value(24).toString();
    e.parentSpanId = q.value(25).toString();
    e.responseId = q.value(26).toString();
    e.latencyMs = q.value(27).isNull() ? -1 : q.value(27).toLongLong();
    e.ttftMs = q.value(28).isNull() ? -1 : q.value(28).toLongLong();
    e.error = q.value(29).toLongLong() != 0;
    e.errorType = q.value(30).toString();
    e.serviceName = q.value(31).toString();
    e.environment = q.value(32).toString();
    row.eventKey = q.value(33).toLongLong();
    if (withContent)
        e.content = q.value(kContentColumn).toString();
    return row;
}

// The sort key's SQL expression and its tie-breaker (unique with it, so keyset pages are exact).
std::pair<QString, QString> sortKey(CallsSort sort)
{
    switch (sort) {
    case CallsSort::Time:
        return {QStringLiteral("ts_start_ns"), QStringLiteral("event_key")}; // the usage_events_ts index
    case CallsSort::Cost:
        return {QStringLiteral("cost_micros"), QStringLiteral("id")};
    case CallsSort::Tokens:
        return {QStringLiteral("(input_tokens + output_tokens)"), QStringLiteral("id")};
    case CallsSort::Latency:
        return {QStringLiteral("coalesce(latency_ms, -1)"), QStringLiteral("id")};
    }
    return {};
}

QString columnOf(Dimension d)
{
    switch (d) {
    case Dimension::Provider:
        return QStringLiteral("provider");
    case Dimension::Model:
        return QStringLiteral("model");
    case Dimension::Feature:
        return QStringLiteral("feature");
    case Dimension::Agent:
        return QStringLiteral("agent_id");
    case Dimension::User:
        return QStringLiteral("user_id");
    case Dimension::Session:
        return QStringLiteral("session_id");
    case Dimension::Task:
        return QStringLiteral("task_id");
    case Dimension::Trace:
        return QStringLiteral("trace_id");
    case Dimension::Day:
    case Dimension::Hour:
    case Dimension::Project:
        break;
    }
    return {};
}

// " AND (…)" per filtered dimension, in Dimension order; binds appended in the same order.
QString filterSql(const QList<ReportFilter> &filters, QVariantList *binds)
{
    QString sql;
    for (Dimension d : {Dimension::Provider, Dimension::Model, Dimension::Feature, Dimension::Agent,
                        Dimension::User, Dimension::Session, Dimension::Task, Dimension::Trace}) {
        const QString column = columnOf(d);
        bool none = false;
        QStringList values;
        for (const ReportFilter &f : filters) {
            if (f.dimension != d)
                continue;
            if (f.value.isEmpty())
                none = true;
            else if (!values.contains(f.value))
                values.append(f.value);
        }
        QStringList alternatives;
        if (none)
            alternatives.append(column + u" IS NULL OR " + column + u" = ''");
        if (values.size() == 1) {
            alternatives.append(column + u" = ?");
        } else if (!values.isEmpty()) {
            alternatives.append(column + u" IN (" +
                                QStringList(values.size(), QStringLiteral("?")).join(u", ") + u')');
        }
        if (binds) {
            for (const QString &v : std::as_const(values))
                binds->append(v);
        }
        if (!alternatives.isEmpty())
            sql += u" AND (" + alternatives.join(u" OR ") + u')';
    }
    return sql;
}

bool checkQuery(const CallsQuery &query, Error *error)
{
    for (const ReportFilter &f : query.filters) {
        if (columnOf(f.dimension).isEmpty()) {
            if (error)
                *error = {Error::Code::InvalidInput,
                          QCoreApplication::translate("Burnrate::Storage",
                                                      "Calls cannot be filtered by %1; narrow the time range "
                                                      "instead.")
                              .arg(dimensionName(f.dimension))};
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<CallsQuery> callsQueryForCell(const ReportQuery &report, const QStringList &cellKeys,
                                            Error *error)
{
    const auto fail = [error](const QString &message) -> std::optional<CallsQuery> {
        if (error)
            *error = {Error::Code::InvalidInput, message};
        return std::nullopt;
    };
    CallsQuery query{report.sinceNs, report.untilNs, {}};
    QList<ReportFilter> filters = report.filters;
    for (qsizetype i = 0; i < report.groupBy.size() && i < cellKeys.size(); ++i)
        filters.append({report.groupBy.at(i), cellKeys.at(i)});
    std::optional<std::pair<qint64, qint64>> timeRange; // the one day or hour asked for
    for (const ReportFilter &f : std::as_const(filters)) {
        if (f.dimension == Dimension::Project)
            return fail(QCoreApplication::translate(
                "Burnrate::Storage", "project is a dimension of billed spend; it has no calls."));
        if (f.dimension != Dimension::Day && f.dimension != Dimension::Hour) {
            query.filters.append(f);
            continue;
        }
        const bool day = f.dimension == Dimension::Day;
        const QDateTime start =
            day ? QDate::fromString(f.value, QStringLiteral("yyyy-MM-dd")).startOfDay(report.zone)
                : QDateTime(QDate::fromString(f.value.left(10), QStringLiteral("yyyy-MM-dd")),
                            QTime::fromString(f.value.mid(11), QStringLiteral("HH:mm")), report.zone);
        if (!start.isValid() || (!day && (f.value.size() != 16 || f.value.at(10) != u'T')))
            return fail(QCoreApplication::translate("Burnrate::Storage", "'%1' is not a %2 (%3).")
                            .arg(f.value, dimensionName(f.dimension),
                                 day ? QStringLiteral("YYYY-MM-DD") : QStringLiteral("YYYY-MM-DDTHH:00")));
        const QDateTime end = day ? start.date().addDays(1).startOfDay(report.zone) : start.addSecs(3600);
        const std::pair<qint64, qint64> range{Time::toNs(start), Time::toNs(end)};
        if (timeRange && *timeRange != range) {
            // A day and an hour inside it narrow to the hour; anything else is two different times.
            const bool inside = range.first >= timeRange->first && range.second <= timeRange->second;
            const bool around = timeRange->first >= range.first && timeRange->second <= range.second;
            if (!inside && !around)
                return fail(QCoreApplication::translate("Burnrate::Storage",
                                                        "Calls can be shown for one day or hour at a time."));
            if (inside)
                timeRange = range;
        } else {
            timeRange = range;
        }
    }
    if (timeRange) {
        query.sinceNs = std::max(query.sinceNs, timeRange->first);
        query.untilNs = std::min(query.untilNs, timeRange->second);
        query.untilNs = std::max(query.untilNs, query.sinceNs); // a day outside the range: no calls
    }
    return query;
}

qint64 sortValue(const Model::UsageEvent &event, CallsSort sort)
{
    switch (sort) {
    case CallsSort::Time:
        return event.startNs;
    case CallsSort::Cost:
        return event.costMicros;
    case CallsSort::Tokens:
        return event.inputTokens + event.outputTokens;
    case CallsSort::Latency:
        return event.latencyMs < 0 ? -1 : event.latencyMs;
    }
    return 0;
}

namespace {

// The sessions a query's filters ask for, when their hours narrow the read (sessionhours.h).
QStringList filteredSessions(const CallsQuery &query)
{
    QStringList values;
    for (const ReportFilter &f : query.filters) {
        if (f.dimension == Dimension::Session)
            values.append(f.value);
    }
    return sessionFilterValues(values);
}

// minute_bounds' column for a sort key's values (the lowest or highest: "min_" or "max_" before it).
const char *boundsColumn(CallsSort sort)
{
    switch (sort) {
    case CallsSort::Cost:
        return "cost";
    case CallsSort::Tokens:
        return "tokens";
    case CallsSort::Latency:
        return "latency";
    case CallsSort::Time:
        break;
    }
    return "";
}

} // namespace

QString callsSql(const CallsQuery &query, CallsSort sort, Qt::SortOrder order, bool afterCursor)
{
    const auto [key, tie] = sortKey(sort);
    const QString direction = order == Qt::AscendingOrder ? QStringLiteral("ASC") : QStringLiteral("DESC");
    // A session's calls: only in the hours it has calls in (no index on session_id), sorted afterwards.
    const QStringList sessions = filteredSessions(query);
    QString sql =
        sessions.isEmpty()
            ? u"SELECT " + columns() + u" FROM usage_events WHERE ts_start_ns >= ? AND ts_start_ns < ?"
            : selectSessionEvents(columns(), query.sinceNs, query.untilNs, sessions).sql;
    sql += filterSql(query.filters, nullptr);
    if (afterCursor)
        sql += u" AND (" + key + u", " + tie + (order == Qt::AscendingOrder ? u") > (?, ?)" : u") < (?, ?)");
    sql += u" ORDER BY " + key + u' ' + direction + u", " + tie + u' ' + direction + u" LIMIT ?";
    return sql;
}

QString minuteCallsSql(const CallsQuery &query, CallsSort sort, Qt::SortOrder order, bool afterCursor)
{
    const auto [key, tie] = sortKey(sort);
    const bool ascending = order == Qt::AscendingOrder;
    const QString pastCursor = ascending ? QStringLiteral(") > (?, ?)") : QStringLiteral(") < (?, ?)");
    const QString beforeLast = ascending ? QStringLiteral(") < (?, ?)") : QStringLiteral(") > (?, ?)");
    const QString direction = ascending ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    return u"SELECT " + key + u", " + tie + u" FROM usage_events WHERE ts_start_ns >= ? AND ts_start_ns < ?" +
           filterSql(query.filters, nullptr) +
           (afterCursor ? u" AND (" + key + u", " + tie + pastCursor : QString()) + u" AND (" + key + u", " +
           tie + beforeLast + u" ORDER BY " + key + direction + u", " + tie + direction + u" LIMIT ?";
}

QString minuteBoundsSql(CallsSort sort)
{
    const QString column = QLatin1String(boundsColumn(sort));
    return u"SELECT minute, min_" + column + u", min_id, max_" + column +
           u", max_id FROM minute_bounds WHERE minute >= ? AND minute <= ?";
}

namespace {

Error sqliteError(const QSqlDatabase &db, const Sqlite::Result &r)
{
    return Sqlite::databaseError(db.databaseName(), r.code, r.message);
}

// Binds QVariant values (integers and texts, as filterSql() appends them) from index `first` on.
void bindValues(sqlite3_stmt *stmt, int first, const QVariantList &values)
{
    for (const QVariant &v : values) {
        if (v.typeId() == QMetaType::QString) {
            const QByteArray utf8 = v.toString().toUtf8();
            sqlite3_bind_text(stmt, first++, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
        } else {
            sqlite3_bind_int64(stmt, first++, v.toLongLong());
        }
    }
}

// callsSql(): in time order, for a session, and deep down a long range in the other orders.
std::optional<QList<CallRow>> fetchCallsInOneQuery(const QSqlDatabase &db, const CallsQuery &query,
                                                   CallsSort sort, Qt::SortOrder order, const CallRow *after,
                                                   int limit, Error *error)
{
    // In time order the cursor also narrows the index range: SQLite does not bound an index search by
    // a row-value comparison, so without this every page would step over all the rows before it.
    qint64 since = query.sinceNs;
    qint64 until = query.untilNs;
    if (after && sort == CallsSort::Time) {
        if (order == Qt::DescendingOrder)
            until = std::min(until, after->event.startNs + 1);
        else
            since = std::max(since, after->event.startNs);
    }
    const QStringList sessions = filteredSessions(query);
    QVariantList binds = sessions.isEmpty() ? QVariantList{since, until}
                                            : selectSessionEvents({}, since, until, sessions).binds;
    filterSql(query.filters, &binds);
    if (after) {
        binds.append(sortValue(after->event, sort));
        if (sort == CallsSort::Time)
            binds.append(after->eventKey);
        else
            binds.append(after->rowId);
    }
    binds.append(limit);

    QSqlQuery q(db);
    q.setForwardOnly(true);
    bool ok = q.prepare(callsSql(query, sort, order, after != nullptr));
    for (const QVariant &v : std::as_const(binds))
        q.addBindValue(v);
    ok = ok && q.exec();
    QList<CallRow> rows;
    while (ok && q.next())
        rows.append(readCall(q, false));
    if (!ok || q.lastError().isValid()) {
        if (error)
            *error = queryError(db, q);
        return std::nullopt;
    }
    return rows;
}

// The connection's SQLite handle, or nullptr with an error when it is not open.
sqlite3 *openHandle(const QSqlDatabase &db, Error *error)
{
    sqlite3 *handle = Sqlite::handle(db);
    if (!handle && error)
        *error = {Error::Code::Database,
                  QCoreApplication::translate("Burnrate::Storage", "The database is not open.")};
    return handle;
}

// Cost, tokens or latency order (schema v16). A page is the `limit` calls that come first in that order
// after the previous page, and minute_bounds says between which values and row ids the calls of each
// minute of start time lie. So the minutes are read nearest bound first, each through the start-time
// index, until the next one's bound cannot beat the page's last row so far: the first page of a month of
// 10 M calls by cost reads some 250 of its 43 k minutes instead of sorting every call (docs/performance.md
// §9.1). The bounds are over all calls: a filter makes fewer calls match and more minutes worth reading.
std::optional<QList<CallRow>> fetchCallsByBounds(const QSqlDatabase &db, const CallsQuery &query,
                                                 CallsSort sort, Qt::SortOrder order, const CallRow *after,
                                                 int limit, Error *error)
{
    sqlite3 *handle = openHandle(db, error);
    if (!handle)
        return std::nullopt;
    QList<CallRow> rows;
    if (limit <= 0 || query.sinceNs >= query.untilNs)
        return rows;
    Sqlite::Result r;
    const auto failed = [&]() -> std::optional<QList<CallRow>> {
        if (error)
            *error = sqliteError(db, r);
        return std::nullopt;
    };
    Sqlite::Snapshot snapshot("calls"); // bounds, pages and rows from the same data
    if (r = snapshot.begin(handle); !r.ok())
        return failed();

    // (value, row id), compared in the page's order: `first(a, b)` when a comes before b.
    using Key = std::pair<qint64, qint64>;
    const bool ascending = order == Qt::AscendingOrder;
    const auto first = [ascending](const Key &a, const Key &b) { return ascending ? a < b : b < a; };
    const std::optional<Key> cursor =
        after ? std::optional<Key>(Key{sortValue(after->event, sort), after->rowId}) : std::nullopt;

    struct Minute
    {
        qint64 minute;
        Key nearest, farthest; // the bounds of its calls in the page's order
    };
    std::vector<Minute> minutes;
    Sqlite::Statement bounds;
    r = bounds.prepare(handle, minuteBoundsSql(sort).toUtf8().constData());
    if (!r.ok())
        return failed();
    sqlite3_bind_int64(bounds.get(), 1, Time::floorDiv(query.sinceNs, Time::kNanosPerMinute));
    sqlite3_bind_int64(bounds.get(), 2, Time::floorDiv(query.untilNs - 1, Time::kNanosPerMinute));
    qsizetype inRange = 0;
    qsizetype straddling = 0; // minutes with calls both on earlier pages and after the cursor
    int rc;
    while ((rc = sqlite3_step(bounds.get())) == SQLITE_ROW) {
        ++inRange;
        const auto column = [&](int i) { return sqlite3_column_int64(bounds.get(), i); };
        const Key low{column(1), column(2)};
        const Key high{column(3), column(4)};
        Minute m{column(0), ascending ? low : high, ascending ? high : low};
        if (cursor && !first(*cursor, m.farthest))
            continue; // every call of it is on earlier pages
        straddling += cursor && first(m.nearest, *cursor);
        minutes.push_back(m);
    }
    if (rc != SQLITE_DONE) {
        r = Sqlite::failure(handle, sqlite3_extended_errcode(handle));
        return failed();
    }
    // Every minute with calls on both sides of the cursor must be read. Deep down a long range most are such
    // (page k reads about k * limit minutes), and one sort of the range's calls costs less.
    if (2 * straddling > inRange)
        return fetchCallsInOneQuery(db, query, sort, order, after, limit, error);
    std::sort(minutes.begin(), minutes.end(),
              [&](const Minute &a, const Minute &b) { return first(a.nearest, b.nearest); });

    Sqlite::Statement read;
    r = read.prepare(handle, minuteCallsSql(query, sort, order, cursor.has_value()).toUtf8().constData());
    if (!r.ok())
        return failed();
    QVariantList filterBinds;
    filterSql(query.filters, &filterBinds);
    constexpr qint64 kMax = std::numeric_limits<qint64>::max();
    constexpr qint64 kMin = std::numeric_limits<qint64>::min();
    std::vector<Key> page; // in order, at most `limit`
    for (const Minute &m : minutes) {
        if (qsizetype(page.size()) == limit && !first(m.nearest, page.back()))
            break; // no call of this minute or of any after it can join the page
        sqlite3_stmt *stmt = read.get();
        // The minute's start and end, clipped to the range (the first and last minute of qint64 are partial).
        constexpr qint64 kFirstWholeMinute = std::numeric_limits<qint64>::min() / Time::kNanosPerMinute;
        constexpr qint64 kLastWholeMinute = std::numeric_limits<qint64>::max() / Time::kNanosPerMinute - 1;
        sqlite3_bind_int64(stmt, 1,
                           m.minute < kFirstWholeMinute
                               ? query.sinceNs
                               : std::max(query.sinceNs, m.minute * Time::kNanosPerMinute));
        sqlite3_bind_int64(stmt, 2,
                           m.minute > kLastWholeMinute
                               ? query.untilNs
                               : std::min(query.untilNs, (m.minute + 1) * Time::kNanosPerMinute));
        bindValues(stmt, 3, filterBinds);
        int index = 3 + int(filterBinds.size());
        if (cursor) {
            sqlite3_bind_int64(stmt, index++, cursor->first);
            sqlite3_bind_int64(stmt, index++, cursor->second);
        }
        // Only calls before the page's last row, once the page is full (the extreme otherwise).
        const Key last = qsizetype(page.size()) == limit ? page.back()
                         : ascending                     ? Key{kMax, kMax}
                                                         : Key{kMin, kMin};
        sqlite3_bind_int64(stmt, index++, last.first);
        sqlite3_bind_int64(stmt, index++, last.second);
        sqlite3_bind_int64(stmt, index, limit);
        const auto middle = qsizetype(page.size());
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
            page.push_back({sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1)});
        sqlite3_reset(stmt);
        if (rc != SQLITE_DONE) {
            r = Sqlite::failure(handle, sqlite3_extended_errcode(handle));
            return failed();
        }
        std::inplace_merge(page.begin(), page.begin() + middle, page.end(), first);
        if (qsizetype(page.size()) > limit)
            page.resize(limit);
    }

    // The page's calls, every column but content.
    QHash<qint64, qsizetype> position;
    for (const Key &k : page)
        position.insert(k.second, position.size());
    rows.resize(qsizetype(page.size()));
    constexpr qsizetype kIdsPerQuery = 500;
    for (qsizetype from = 0; from < qsizetype(page.size()); from += kIdsPerQuery) {
        const qsizetype count = std::min(kIdsPerQuery, qsizetype(page.size()) - from);
        QSqlQuery q(db);
        q.setForwardOnly(true);
        bool ok = q.prepare(u"SELECT " + columns() + u" FROM usage_events WHERE id IN (" +
                            QStringList(count, QStringLiteral("?")).join(u", ") + u')');
        for (qsizetype i = from; i < from + count; ++i)
            q.addBindValue(page[size_t(i)].second);
        ok = ok && q.exec();
        while (ok && q.next()) {
            CallRow row = readCall(q, false);
            rows[position.value(row.rowId)] = std::move(row);
        }
        if (!ok || q.lastError().isValid()) {
            if (error)
                *error = queryError(db, q);
            return std::nullopt;
        }
    }
    return rows;
}

} // namespace

std::optional<QList<CallRow>> fetchCalls(const QSqlDatabase &db, const CallsQuery &query, CallsSort sort,
                                         Qt::SortOrder order, const CallRow *after, int limit, Error *error)
{
    if (!checkQuery(query, error))
        return std::nullopt;
    // A session's calls are few and found through its hours (callsSql()).
    if (sort != CallsSort::Time && filteredSessions(query).isEmpty())
        return fetchCallsByBounds(db, query, sort, order, after, limit, error);
    return fetchCallsInOneQuery(db, query, sort, order, after, limit, error);
}

std::optional<qint64> newestCallRowId(const QSqlDatabase &db, Error *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM usage_events")) || !q.next()) {
        if (error)
            *error = queryError(db, q);
        return std::nullopt;
    }
    return q.value(0).toLongLong();
}

QString callsStoredAfterSql(const CallsQuery &query, bool count)
{
    // NOT INDEXED keeps the planner off the time index (a month of rows): the rows stored since are a
    // short range at the end of the row id.
    return u"SELECT " + (count ? QStringLiteral("count(*)") : columns()) +
           u" FROM usage_events NOT INDEXED WHERE id > ? AND ts_start_ns >= ? AND ts_start_ns < ?" +
           filterSql(query.filters, nullptr) + (count ? QString() : QStringLiteral(" ORDER BY id LIMIT ?"));
}

namespace {

// Runs callsStoredAfterSql(); `read` is called for each row.
template<typename Read>
bool runStoredAfter(const QSqlDatabase &db, const CallsQuery &query, qint64 afterRowId,
                    std::optional<int> limit, Error *error, Read read)
{
    if (!checkQuery(query, error))
        return false;
    QVariantList binds{afterRowId, query.sinceNs, query.untilNs};
    filterSql(query.filters, &binds);
    if (limit)
        binds.append(*limit);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    bool ok = q.prepare(callsStoredAfterSql(query, !limit));
    for (const QVariant &v : std::as_const(binds))
        q.addBindValue(v);
    ok = ok && q.exec();
    while (ok && q.next())
        read(q);
    if (!ok || q.lastError().isValid()) {
        if (error)
            *error = queryError(db, q);
        return false;
    }
    return true;
}

} // namespace

std::optional<qint64> countCallsStoredAfter(const QSqlDatabase &db, const CallsQuery &query,
                                            qint64 afterRowId, Error *error)
{
    qint64 count = 0;
    if (!runStoredAfter(db, query, afterRowId, std::nullopt, error,
                        [&count](const QSqlQuery &q) { count = q.value(0).toLongLong(); }))
        return std::nullopt;
    return count;
}

std::optional<QList<CallRow>> fetchCallsStoredAfter(const QSqlDatabase &db, const CallsQuery &query,
                                                    qint64 afterRowId, int limit, Error *error)
{
    QList<CallRow> rows;
    if (!runStoredAfter(db, query, afterRowId, limit, error,
                        [&rows](const QSqlQuery &q) { rows.append(readCall(q, false)); }))
        return std::nullopt;
    return rows;
}

std::optional<CallRow> loadCall(const QSqlDatabase &db, qint64 rowId, Error *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    bool ok = q.prepare(u"SELECT " + columns() + u", content FROM usage_events WHERE id = ?");
    q.addBindValue(rowId);
    ok = ok && q.exec();
    if (!ok) {
        if (error)
            *error = queryError(db, q);
        return std::nullopt;
    }
    if (!q.next()) {
        if (error)
            *error = {
                Error::Code::NotFound,
                QCoreApplication::translate("Burnrate::Storage", "The call is no longer in the database.")};
        return std::nullopt;
    }
    return readCall(q, true);
}

QJsonObject callToJson(const CallRow &call)
{
    const Model::UsageEvent &e = call.event;
    QJsonObject o;
    const auto text = [&o](const char *key, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    text("event_id", e.eventId);
    text("source", e.source);
    o.insert(QStringLiteral("start"), Time::toIsoUtc(e.startNs));
    o.insert(QStringLiteral("end"), Time::toIsoUtc(e.endNs));
    // Nanoseconds as strings: a JSON number loses them beyond 2^53.
    o.insert(QStringLiteral("ts_start_ns"), QString::number(e.startNs));
    o.insert(QStringLiteral("ts_end_ns"), QString::number(e.endNs));
    text("provider", e.provider);
    text("model", e.model);
    text("model_requested", e.modelRequested);
    text("operation", e.operation);
    o.insert(QStringLiteral("input_tokens"), e.inputTokens);
    o.insert(QStringLiteral("output_tokens"), e.outputTokens);
    o.insert(QStringLiteral("reasoning_tokens"), e.reasoningTokens);
    o.insert(QStringLiteral("cache_read_tokens"), e.cacheReadTokens);
    o.insert(QStringLiteral("cache_write_tokens"), e.cacheWriteTokens);
    o.insert(QStringLiteral("cost_usd"), Money::toDecimalString(e.costMicros));
    o.insert(QStringLiteral("cost_source"), Model::costSourceName(e.costSource));
    text("agent_id", e.agentId);
    text("agent_name", e.agentName);
    text("task_id", e.taskId);
    text("feature", e.feature);
    text("user_id", e.userId);
    text("session_id", e.sessionId);
    if (!e.tags.isEmpty())
        o.insert(QStringLiteral("tags"), QJsonArray::fromStringList(e.tags));
    text("trace_id", e.traceId);
    text("span_id", e.spanId);
    text("parent_span_id", e.parentSpanId);
    text("response_id", e.responseId);
    if (e.latencyMs >= 0)
        o.insert(QStringLiteral("latency_ms"), e.latencyMs);
    if (e.ttftMs >= 0)
        o.insert(QStringLiteral("ttft_ms"), e.ttftMs);
    o.insert(QStringLiteral("error"), e.error);
    text("error_type", e.errorType);
    text("service_name", e.serviceName);
    text("environment", e.environment);
    if (!e.content.isEmpty()) {
        const QJsonDocument content = QJsonDocument::fromJson(e.content.toUtf8());
        if (content.isObject())
            o.insert(QStringLiteral("content"), content.object());
        else
            o.insert(QStringLiteral("content"), e.content);
    }
    return o;
}

namespace {

// A top session's first start, last end and agents, gathered from its rows.
struct SessionSpan
{
    std::optional<qint64> firstNs, lastNs;
    QByteArray agents; // as stored (agentset.h)

    void add(sqlite3_stmt *stmt, int at)
    {
        if (sqlite3_column_type(stmt, at) != SQLITE_NULL) {
            const qint64 first = sqlite3_column_int64(stmt, at);
            firstNs = firstNs ? std::min(*firstNs, first) : first;
        }
        if (sqlite3_column_type(stmt, at + 1) != SQLITE_NULL) {
            const qint64 last = sqlite3_column_int64(stmt, at + 1);
            lastNs = lastNs ? std::max(*lastNs, last) : last;
        }
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, at + 2));
        const int size = sqlite3_column_bytes(stmt, at + 2);
        if (text && size > 0 && agents != QByteArrayView(text, size))
            agents = mergedAgents(agents, QByteArray(text, size));
    }
};

} // namespace

std::optional<QList<SessionRow>> loadSessions(const QSqlDatabase &db, qint64 sinceNs, qint64 untilNs,
                                              int limit, Error *error)
{
    sqlite3 *handle = openHandle(db, error);
    if (!handle)
        return std::nullopt;
    if (limit <= 0 || sinceNs >= untilNs)
        return QList<SessionRow>();
    Sqlite::Result result;
    const auto failed = [&] {
        if (error)
            *error = Sqlite::databaseError(db.databaseName(), result.code, result.message);
        return std::nullopt;
    };
    Sqlite::Snapshot snapshot("sessions"); // the ranking and the details from the same data
    if (result = snapshot.begin(handle); !result.ok())
        return failed();

    // The ranking and the sums are `burnrate report --group-by session`'s: a month has about a million
    // sessions, and the report takes the top ones from each day's rows in cost order. One more than asked
    // for, since one may be the calls without a session.
    ReportQuery query;
    query.sinceNs = sinceNs;
    query.untilNs = untilNs;
    query.groupBy = {Dimension::Session};
    query.zone = QTimeZone::utc(); // unused without day or hour; the system's may not be valid
    query.limit = limit < std::numeric_limits<int>::max() ? limit + 1 : limit;
    const std::optional<QList<ReportRow>> ranked = runReport(db, query, error);
    if (!ranked)
        return std::nullopt;
    QList<SessionRow> rows;
    std::vector<QByteArray> ids;
    std::unordered_map<std::string_view, qsizetype> rowOf;
    for (const ReportRow &r : *ranked) {
        if (r.otherGroups > 0 || r.keys.first().isEmpty() || rows.size() == limit)
            continue;
        SessionRow s;
        s.sessionId = r.keys.first();
        s.calls = r.calls;
        s.tokens = r.inputTokens + r.outputTokens;
        s.costMicros = r.costMicros;
        rows.append(s);
        ids.push_back(s.sessionId.toUtf8());
    }
    for (size_t i = 0; i < ids.size(); ++i)
        rowOf.emplace(std::string_view(ids[i].constData(), size_t(ids[i].size())), qsizetype(i));
    std::vector<SessionSpan> spans(ids.size());

    // Their times and agents: the days rollup_session_day covers by lookups, the rest from rollup_attr's
    // whole hours and the events of the partial hours, read in full and kept for the top sessions only.
    const auto readAll = [&](const char *sql, qint64 from, qint64 to) {
        Sqlite::Statement statement;
        result = statement.prepare(handle, sql);
        if (!result.ok())
            return false;
        sqlite3_stmt *stmt = statement.get();
        sqlite3_bind_int64(stmt, 1, from);
        sqlite3_bind_int64(stmt, 2, to);
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            const auto *id = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
            const auto row = rowOf.find(std::string_view(id, size_t(sqlite3_column_bytes(stmt, 0))));
            if (row != rowOf.end())
                spans[size_t(row->second)].add(stmt, 1);
        }
        if (rc != SQLITE_DONE)
            result = Sqlite::failure(handle, rc);
        return result.ok();
    };
    constexpr const char *kEvents =
        "SELECT session_id, min(ts_start_ns), max(ts_end_ns), "
        "coalesce(nullif(json_group_array(DISTINCT agent_id) FILTER (WHERE agent_id > ''), '[]'), '') "
        "FROM usage_events WHERE ts_start_ns >= ? AND ts_start_ns < ? AND session_id > '' GROUP BY "
        "session_id";
    constexpr const char *kHours = "SELECT value, first_ns, last_ns, agents FROM rollup_attr "
                                   "WHERE dimension = 'session' AND hour >= ? AND hour < ? AND value > ''";
    const auto readRange = [&](qint64 from, qint64 to) {
        const qint64 firstHour = -Time::floorDiv(-from, Time::kNanosPerHour);
        const qint64 endHour = Time::floorDiv(to, Time::kNanosPerHour);
        if (from >= to)
            return true;
        if (firstHour >= endHour)
            return readAll(kEvents, from, to);
        return readAll(kHours, firstHour, endHour) &&
               (from == firstHour * Time::kNanosPerHour ||
                readAll(kEvents, from, firstHour * Time::kNanosPerHour)) &&
               (endHour * Time::kNanosPerHour == to || readAll(kEvents, endHour * Time::kNanosPerHour, to));
    };
    constexpr qint64 kDayNs = 24 * Time::kNanosPerHour;
    qint64 dayEnd = kNoUserDayEnd;
    if (result = Sqlite::queryInt(handle, kUserDayEndSql, &dayEnd); !result.ok())
        return failed();
    const qint64 fromDay = -Time::floorDiv(-sinceNs, kDayNs);
    const qint64 toDay = std::max(fromDay, std::min(Time::floorDiv(untilNs, kDayNs), dayEnd));
    if (fromDay >= toDay) {
        if (!readRange(sinceNs, untilNs))
            return failed();
    } else {
        if (!readRange(sinceNs, fromDay * kDayNs) || !readRange(toDay * kDayNs, untilNs))
            return failed();
        Sqlite::Statement days;
        if (result = days.prepare(handle, "SELECT first_ns, last_ns, agents FROM rollup_session_day "
                                          "WHERE session_id = ?1 AND day >= ?2 AND day < ?3");
            !result.ok())
            return failed();
        std::vector<size_t> byId(ids.size()); // in index order: neighbouring lookups share their pages
        std::iota(byId.begin(), byId.end(), 0);
        std::sort(byId.begin(), byId.end(), [&](size_t a, size_t b) { return ids[a] < ids[b]; });
        for (const size_t i : byId) {
            sqlite3_stmt *stmt = days.get();
            sqlite3_bind_text(stmt, 1, ids[i].constData(), int(ids[i].size()), SQLITE_STATIC);
            sqlite3_bind_int64(stmt, 2, fromDay);
            sqlite3_bind_int64(stmt, 3, toDay);
            int rc;
            while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
                spans[i].add(stmt, 0);
            sqlite3_reset(stmt);
            if (rc != SQLITE_DONE) {
                result = Sqlite::failure(handle, rc);
                return failed();
            }
        }
    }
    for (qsizetype i = 0; i < rows.size(); ++i) {
        SessionRow &s = rows[i];
        const SessionSpan &span = spans[size_t(i)];
        s.agents = agentList(span.agents);
        s.firstNs = span.firstNs.value_or(0);
        s.lastNs = span.lastNs.value_or(0);
    }
    return rows;
}

} // namespace Burnrate::Storage
