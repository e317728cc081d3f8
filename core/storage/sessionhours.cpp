#include "sessionhours.h"

#include "common/timeutil.h"

namespace Burnrate::Storage {

qint64 hourOf(qint64 ns)
{
    return Time::floorDiv(ns, Time::kNanosPerHour);
}

SqlPart hourSpan(const QString &name, const QString &rows, const QVariantList &rowBinds, qint64 fromHour,
                 qint64 toHour)
{
    // max(x, NULL) is NULL: no rows, no hours. The first hour is checked against the end too: when the first
    // row is at or after it, the span is empty, not that one hour.
    return {name + u"(h) AS (SELECT h FROM (SELECT max(?, (SELECT min(hour) FROM " + rows +
                u")) AS h) WHERE h < ? UNION ALL SELECT h + 1 FROM " + name +
                u" WHERE h + 1 < min(?, (SELECT max(hour) + 1 FROM " + rows + u")))",
            QVariantList{fromHour} + rowBinds + QVariantList{toHour, toHour} + rowBinds};
}

SqlPart attrSpan(const QString &dimension, qint64 fromHour, qint64 toHour)
{
    return hourSpan(QStringLiteral("attr_span"), QStringLiteral("rollup_attr WHERE dimension = ?"),
                    {dimension}, fromHour, toHour);
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

SqlPart selectAttrHourEvents(const QString &columns, const QString &dimension, const QStringList &values,
                             qint64 sinceNs, qint64 untilNs)
{
    SqlPart part = attrSpan(dimension, hourOf(sinceNs), hourOf(untilNs - 1) + 1);
    // An hour is read when one of the values (any value but none) has a row in it: one point lookup or
    // one short search of rollup_attr's key per hour.
    const QString hours =
        values.isEmpty() ? QStringLiteral("SELECT h FROM attr_span WHERE EXISTS (SELECT 1 FROM rollup_attr "
                                          "WHERE dimension = ? AND hour = attr_span.h AND value > '')")
                         : QStringLiteral("SELECT DISTINCT attr_span.h FROM attr_span CROSS JOIN rollup_attr "
                                          "ON dimension = ? AND hour = attr_span.h AND value IN (%1)")
                               .arg(QStringList(values.size(), QStringLiteral("?")).join(u", "));
    // The range's bounds go into each hour's: SQLite searches the index with one lower and one upper bound,
    // and given the range's own it would read the whole range for every hour. INDEXED BY: a filter on the
    // dimension's column would otherwise tempt it into an automatic index over every event.
    part.sql = QStringLiteral("WITH RECURSIVE %1, value_hours(h) AS (%2) "
                              "SELECT %3 FROM value_hours CROSS JOIN usage_events INDEXED BY usage_events_ts "
                              "WHERE ts_start_ns >= max(value_hours.h * %4, ?) "
                              "AND ts_start_ns < min(value_hours.h * %4 + %4, ?)")
                   .arg(part.sql, hours, columns)
                   .arg(Time::kNanosPerHour);
    part.binds.append(dimension);
    for (const QString &v : values)
        part.binds.append(v);
    part.binds << sinceNs << untilNs;
    return part;
}

SqlPart selectSessionEvents(const QString &columns, qint64 sinceNs, qint64 untilNs,
                            const QStringList &sessions)
{
    return selectAttrHourEvents(columns, QStringLiteral("session"), sessions, sinceNs, untilNs);
}

SqlPart selectOtherHours(const QString &columns, const QString &dimension, qint64 fromHour, qint64 toHour)
{
    return {QStringLiteral("WITH RECURSIVE span(h) AS (SELECT ? WHERE ? < ? UNION ALL SELECT h + 1 FROM span "
                           "WHERE h + 1 < ?) "
                           "SELECT %1 FROM span CROSS JOIN rollup_hourly ON rollup_hourly.hour = span.h "
                           "WHERE NOT EXISTS (SELECT 1 FROM rollup_attr WHERE dimension = ? "
                           "AND rollup_attr.hour = span.h AND value > '')")
                .arg(columns),
            {fromHour, fromHour, toHour, toHour, dimension}};
}

} // namespace Burnrate::Storage
