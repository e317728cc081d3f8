// A session's agents as rollup_attr and rollup_session_day store them: the distinct agent ids of its calls
// as a compact JSON array, '' for none.
#pragma once

#include <QByteArray>
#include <QStringList>
#include <sqlite3.h>

namespace Burnrate::Storage {

// The ids of a stored set, sorted.
QStringList agentList(const QByteArray &json);

// The union of two stored sets. Parsed only when they differ: most sessions have one agent set.
QByteArray mergedAgents(const QByteArray &a, const QByteArray &b);

// Adds the aggregate burnrate_agents(agents) to a connection: the union of the sets, as mergedAgents forms
// it, '' for none. For the writer's and the migrations' day rows, which are the union of their hours'.
int registerAgentsFunction(sqlite3 *db);

} // namespace Burnrate::Storage
