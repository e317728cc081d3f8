// Reading one session's calls without an index on usage_events(session_id) (schema v7 dropped it: a
// random-order index slows every insert): rollup_attr's session rows say in which hours a session has
// calls, found by point lookups on its key (dimension, hour, value); the events of those hours are then
// read through the start-time index and filtered by session_id. The same for users and tasks, and for
// "any value": a report of one of them with provider, model, feature or agent reads the events of the
// hours with values and rollup_hourly for the others (selectOtherHours).
#pragma once

#include <QString>
#include <QStringList>
#include <QVariantList>

namespace Burnrate::Storage {

// The UTC hour an event time falls in (ns / 1 h, rounded down), as rollup rows are keyed.
qint64 hourOf(qint64 ns);

struct SqlPart
{
    QString sql;
    QVariantList binds; // in the order of sql's placeholders
};

// "<name>(h) AS (…)", for a WITH RECURSIVE: the hours fromHour <= h < toHour, narrowed to those from the
// first to the last `hour` of `rows` (a table, with a WHERE whose placeholders `rowBinds` fill); the outer
// loop of point lookups on a key that leads with the hour, so that a range of centuries does not search
// each of its hours.
SqlPart hourSpan(const QString &name, const QString &rows, const QVariantList &rowBinds, qint64 fromHour,
                 qint64 toHour);
// hourSpan "attr_span" of rollup_attr's rows of `dimension`.
SqlPart attrSpan(const QString &dimension, qint64 fromHour, qint64 toHour);

// The session ids a filter list asks for ('' for "none"), or empty when the session hours do not help:
// no session filter, or "none" among them (most hours have calls without a session).
QStringList sessionFilterValues(const QStringList &values);

// "WITH RECURSIVE … SELECT <columns> FROM … usage_events … WHERE <its start in [sinceNs, untilNs)>": the
// events of that range in the UTC hours in which `dimension` (user, task or session) has one of `values`
// in rollup_attr (any value but none when `values` is empty), read through the start-time index one hour
// at a time. Append " AND …" (the dimension's own filter, too), GROUP BY, ORDER BY.
SqlPart selectAttrHourEvents(const QString &columns, const QString &dimension, const QStringList &values,
                             qint64 sinceNs, qint64 untilNs);
// selectAttrHourEvents of sessions.
SqlPart selectSessionEvents(const QString &columns, qint64 sinceNs, qint64 untilNs,
                            const QStringList &sessions);

// "WITH RECURSIVE … SELECT <columns> FROM … rollup_hourly WHERE …": rollup_hourly's rows of the hours
// fromHour <= h < toHour in which rollup_attr has no value of `dimension` but none, that is, in which
// every call has none. With selectAttrHourEvents's hours they make up the range. Append " AND …", GROUP BY.
SqlPart selectOtherHours(const QString &columns, const QString &dimension, qint64 fromHour, qint64 toHour);

} // namespace Burnrate::Storage
