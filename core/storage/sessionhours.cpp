#include "sessionhours.h"

#include "common/timeutil.h"

namespace Burnrate::Storage {

qint64 hourOf(qint64 ns)
{
    return Time::floorDiv(ns, Time::kNanosPerHour);
}

SqlPart attrSpan(const QString &dimension, qint64 fromHour, qint64 toHour)
{
    // max(x, NULL) is NULL: no rows of the dimension, no hours. The first hour is checked against the end
    // too: when the dimension's first row is at or after it, the span is empty, not that one hour.
    return {
        QStringLiteral("attr_span(h) AS (SELECT h FROM (SELECT max(?, (SELECT min(hour) FROM rollup_attr "
                       "WHERE dimension = ?)) AS h) WHERE h < ? "
                       "UNION ALL SELECT h + 1 FROM attr_span "
                       "WHERE h + 1 < min(?, (SELECT max(hour) + 1 FROM rollup_attr WHERE dimension = ?)))"),
        {fromHour, dimension, toHour, toHour, dimension}};
}

QStringList sessionFilterValues(const QStringList &values)
{
    QStringList sessions;
    for (const QString &v : values) {
        if (v.isEmpty())
            return {};
        if (!sessions.contains(v))
            sessions.append(v);
    }
    return sessions;
}

SqlPart selectSessionEvents(const QString &columns, qint64 sinceNs, qint64 untilNs,
                            const QStringList &sessions)
{
    SqlPart part = attrSpan(QStringLiteral("session"), hourOf(sinceNs), hourOf(untilNs - 1) + 1);
    // The range's bounds go into each hour's: SQLite searches the index with one lower and one upper bound,
    // and given the range's own it would read the whole range for every hour. INDEXED BY: the session_id
    // filter would otherwise tempt it into an automatic index over every event.
    part.sql =
        QStringLiteral(
            "WITH RECURSIVE %1, session_hours(h) AS (SELECT DISTINCT attr_span.h FROM attr_span "
            "CROSS JOIN rollup_attr ON dimension = 'session' AND hour = attr_span.h AND value IN (%2)) "
            "SELECT %3 FROM session_hours CROSS JOIN usage_events INDEXED BY usage_events_ts "
            "WHERE ts_start_ns >= max(session_hours.h * %4, ?) "
            "AND ts_start_ns < min(session_hours.h * %4 + %4, ?)")
            .arg(part.sql, QStringList(sessions.size(), QStringLiteral("?")).join(u", "), columns)
            .arg(Time::kNanosPerHour);
    for (const QString &s : sessions)
        part.binds.append(s);
    part.binds << sinceNs << untilNs;
    return part;
}

} // namespace Burnrate::Storage
