// The agents telemetry has seen lately and what each spent, for the kill switch's agent lists (the Kill
// switch screen and the tray). Runs on the calling thread's own Connection.
#pragma once

#include "common/error.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace Burnrate::Storage {

struct AgentSpend
{
    QString agentId;
    qint64 lastHourMicros = 0; // calls that started in the last 60 minutes
    qint64 lastDayMicros = 0;  // ... in the last 24 hours
    qint64 lastSeenNs = 0;     // the newest call's start
};

// Agents with a call in the 24 hours before nowNs, most spend in the last hour first (then the last day,
// then the id), at most `limit`. Calls without an agent id are left out.
std::optional<QList<AgentSpend>> recentAgentSpend(const QSqlDatabase &db, qint64 nowNs, int limit,
                                                  Error *error);

} // namespace Burnrate::Storage
