#include "agentspend.h"

#include "common/timeutil.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Burnrate::Storage {

std::optional<QList<AgentSpend>> recentAgentSpend(const QSqlDatabase &db, qint64 nowNs, int limit,
                                                  Error *error)
{
    // usage_events_ts leads with ts_start_ns, so the day's calls are one range of the index.
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT agent_id, sum(CASE WHEN ts_start_ns >= :hour THEN cost_micros ELSE 0 END) AS hour_cost, "
        "sum(cost_micros) AS day_cost, max(ts_start_ns) FROM usage_events "
        "WHERE ts_start_ns >= :day AND ts_start_ns <= :now AND agent_id IS NOT NULL AND agent_id != '' "
        "GROUP BY agent_id ORDER BY hour_cost DESC, day_cost DESC, agent_id LIMIT :limit"));
    query.bindValue(QStringLiteral(":hour"), nowNs - Time::kNanosPerHour);
    query.bindValue(QStringLiteral(":day"), nowNs - 24 * Time::kNanosPerHour);
    query.bindValue(QStringLiteral(":now"), nowNs);
    query.bindValue(QStringLiteral(":limit"), limit);
    if (!query.exec()) {
        if (error)
            *error = Error(
                Error::Code::Database,
                QCoreApplication::translate("Burnrate::Storage", "The agents' spend could not be read: %1")
                    .arg(query.lastError().text()));
        return std::nullopt;
    }
    QList<AgentSpend> agents;
    while (query.next())
        agents.append({query.value(0).toString(), query.value(1).toLongLong(), query.value(2).toLongLong(),
                       query.value(3).toLongLong()});
    return agents;
}

} // namespace Burnrate::Storage
