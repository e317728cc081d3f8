#include "agentset.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <memory>
#include <new>

namespace Burnrate::Storage {

QStringList agentList(const QByteArray &json)
{
    QStringList agents;
    if (!json.isEmpty()) {
        const QJsonArray array = QJsonDocument::fromJson(json).array();
        for (const QJsonValue &v : array) {
            if (const QString agent = v.toString(); !agent.isEmpty() && !agents.contains(agent))
                agents.append(agent);
        }
    }
    std::sort(agents.begin(), agents.end());
    return agents;
}

QByteArray mergedAgents(const QByteArray &a, const QByteArray &b)
{
    if (a == b || b.isEmpty())
        return a;
    if (a.isEmpty())
        return b;
    QStringList all = agentList(a) + agentList(b);
    all.removeDuplicates();
    all.sort();
    return QJsonDocument(QJsonArray::fromStringList(all)).toJson(QJsonDocument::Compact);
}

int registerAgentsFunction(sqlite3 *db)
{
    // The group's set so far lives on the heap; the aggregate context holds the pointer. SQLite calls the
    // final step for every group it started, also when the statement is reset early.
    const auto step = [](sqlite3_context *context, int, sqlite3_value **args) {
        auto **set = static_cast<QByteArray **>(sqlite3_aggregate_context(context, sizeof(QByteArray *)));
        if (!set) {
            sqlite3_result_error_nomem(context);
            return;
        }
        const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(args[0]));
        const int size = sqlite3_value_bytes(args[0]);
        try { // nothing may be thrown through SQLite's C frames
            if (!*set)
                *set = new QByteArray;
            if (text && size > 0 && **set != QByteArrayView(text, size))
                **set = mergedAgents(**set, QByteArray(text, size)); // a copy: SQLite's text is not ours
        } catch (const std::bad_alloc &) {
            sqlite3_result_error_nomem(context);
        }
    };
    const auto final = [](sqlite3_context *context) {
        auto **set = static_cast<QByteArray **>(sqlite3_aggregate_context(context, 0));
        const std::unique_ptr<QByteArray> agents(set ? *set : nullptr);
        if (agents)
            sqlite3_result_text(context, agents->constData(), int(agents->size()), SQLITE_TRANSIENT);
        else
            sqlite3_result_text(context, "", 0, SQLITE_STATIC);
    };
    return sqlite3_create_function_v2(db, "burnrate_agents", 1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr, nullptr,
                                      step, final, nullptr);
}

} // namespace Burnrate::Storage
