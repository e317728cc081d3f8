#include "sessionhours.h"

#include "common/timeutil.h"

namespace Burnrate::Storage {

qint64 hourOf(qint64 ns)
{
    const qint64 q = ns / Time::kNanosPerHour;
    return ns % Time::kNanosPerHour < 0 ? q - 1 : q;
}

const QString kSessionHoursJoin =
    // INDEXED BY: the session_id filter would otherwise tempt SQLite into an automatic index over every
    // event.
    QStringLiteral("session_hours CROSS JOIN usage_events INDEXED BY usage_events_ts "
                   "ON ts_start_ns >= session_hours.h * %1 AND "
                   "ts_start_ns < session_hours.h * %1 + %1")
        .arg(Time::kNanosPerHour);

SqlPart attrSpan(const QString &dimension, qint64 fromHour, qint64 toHour)
{
    // max(x, NULL) is NULL: no rows of the dimension, no hours.
    return {QStringLiteral(
                "attr_span(h) AS (SELECT max(?, (SELECT min(hour) FROM rollup_attr WHERE dimension = ?)) "
                "UNION ALL SELECT h + 1 FROM attr_span "
                "WHERE h + 1 < min(?, (SELECT max(hour) + 1 FROM rollup_attr WHERE dimension = ?)))"),
            {fromHour, dimension, toHour, dimension}};
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

SqlPart sessionHoursWith(qint64 sinceNs, qint64 untilNs, const QStringList &sessions)
{
    const qint64 fromHour = hourOf(sinceNs);
    const qint64 toHour = hourOf(untilNs - 1) + 1;
    SqlPart part = attrSpan(QStringLiteral("session"), fromHour, toHour);
    part.sql = u"WITH RECURSIVE " + part.sql +
               u", session_hours(h) AS (SELECT DISTINCT attr_span.h FROM attr_span CROSS JOIN rollup_attr "
               u"ON dimension = 'session' AND hour = attr_span.h AND value IN (" +
               QStringList(sessions.size(), QStringLiteral("?")).join(u", ") + u")) ";
    for (const QString &s : sessions)
        part.binds.append(s);
    return part;
}

} // namespace Burnrate::Storage
