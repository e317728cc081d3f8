// Budgets, their tier state, the alert history and the anomaly detector's memory in SQLite (schema v3).
// A BudgetStore owns its own Connection, separate from the event writer's: these writes are rare. It
// belongs to the thread that opened it (the main thread in the app, or a command-line process).
#pragma once

#include "anomaly/rollingdetector.h"
#include "budget.h"
#include "common/error.h"
#include "tierstate.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

class QSqlQuery;

namespace Burnrate::Storage {
class Connection;
}

namespace Burnrate::Budgets {

struct Alert
{
    enum class Kind { Budget, Anomaly, Loop, Forecast };

    qint64 id = 0; // the storage's id; 0 until appended
    Kind kind = Kind::Budget;
    qint64 budgetId = 0; // 0 for anomalies, and once the budget has been removed
    QString budgetName;
    int tier = 0;           // the tier's percent; 0 when the alert is not about a tier
    QString scope;          // "all", "agent=research-agent", …
    qint64 valueMicros = 0; // what was spent (in the period, or in the last hour for an anomaly)
    qint64 limitMicros = 0; // the budget's limit, or the anomaly's baseline per hour
    qint64 firedAtNs = 0;
    bool acknowledged = false;
    QString message; // a sentence for the user, in the language of the process that raised it
    QJsonObject detail;
};

QString alertKindName(Alert::Kind kind); // budget | anomaly | loop | forecast
std::optional<Alert::Kind> alertKindFromName(QStringView name);

class BudgetStore
{
public:
    // ReadWrite creates and migrates the database; ReadOnly (the command line's list) never writes.
    // Errors name the file and what to do (read-only, locked by another program, too new).
    static std::unique_ptr<BudgetStore> open(const QString &path, bool readOnly, Error *error);
    ~BudgetStore();

    BudgetStore(const BudgetStore &) = delete;
    BudgetStore &operator=(const BudgetStore &) = delete;

    QSqlDatabase database() const; // for the spend queries on the same connection
    void *sqliteHandle() const;    // the same connection's sqlite3 *, for reads of many rows

    // Ordered by name.
    std::optional<QList<Budget>> budgets(Error *error) const;
    // Validates and stores a new budget; sets budget.id. A name in use is an InvalidInput error.
    bool addBudget(Budget &budget, qint64 nowNs, Error *error);
    // NotFound when there is no budget of that name. Its state goes with it; its alerts stay.
    bool removeBudget(const QString &name, Error *error);
    // Validates and saves the budget with budget.id (the Budgets screen's Edit); a name taken by another
    // budget is an InvalidInput error. Its state stays: the evaluation keeps what unchanged tiers did.
    bool updateBudget(const Budget &budget, Error *error);
    // The Budgets screen's Acknowledge: every fired tier and the forecast in the budget's state, and its
    // unacknowledged alerts, in one transaction.
    bool acknowledgeBudget(qint64 budgetId, Error *error);
    // Mutes the budget's alerts until `untilNs` (they are still recorded); 0 ends the snooze.
    bool snoozeBudget(qint64 budgetId, qint64 untilNs, Error *error);

    // The saved state, or a fresh TierState when the budget has none yet.
    std::optional<TierState> state(qint64 budgetId, Error *error) const;
    // Every budget's saved state (budgets without one are missing), in one query.
    std::optional<QHash<qint64, TierState>> states(Error *error) const;
    bool saveState(qint64 budgetId, const TierState &state, Error *error);
    // Saves the state and appends the alerts (setting their ids) in one transaction, so that a crash
    // between the two can neither repeat nor lose an alert.
    bool commitEvaluation(qint64 budgetId, const TierState &state, QList<Alert> &alerts, Error *error);

    bool appendAlerts(QList<Alert> &alerts, Error *error);
    // Alerts fired at or after `sinceNs`, oldest first; `kind` restricts them to one kind.
    std::optional<QList<Alert>> alerts(qint64 sinceNs, std::optional<Alert::Kind> kind, Error *error) const;
    // Marks the alert acknowledged and, for a budget tier or forecast alert, acknowledges it in the
    // budget's state too. NotFound for an unknown id.
    bool acknowledgeAlert(qint64 alertId, Error *error);

    // The rolling detector's memory per scope.
    std::optional<QHash<QString, Anomaly::RollingDetector::ScopeState>> anomalyStates(Error *error) const;
    // Saves the given scopes and appends the alerts in one transaction.
    bool commitAnomalies(const QHash<QString, Anomaly::RollingDetector::ScopeState> &states,
                         QList<Alert> &alerts, Error *error);

    // The monitor's other memory (monitor_state, schema v4), a JSON object per key; empty when none.
    std::optional<QJsonObject> monitorState(const QString &key, Error *error) const;
    // Saves the state and appends the alerts in one transaction.
    bool commitMonitorState(const QString &key, const QJsonObject &state, QList<Alert> &alerts, Error *error);

private:
    BudgetStore() = default;
    bool transaction(const std::function<bool()> &work, Error *error);
    bool fail(const QSqlQuery &query, Error *error) const;
    bool insertAlerts(QList<Alert> &alerts, Error *error);
    bool writeState(qint64 budgetId, const TierState &state, Error *error);

    std::unique_ptr<Storage::Connection> m_connection;
    mutable QHash<qint64, std::pair<QString, TierState>> m_parsedStates; // states() parses changed ones only
};

} // namespace Burnrate::Budgets

Q_DECLARE_METATYPE(Burnrate::Budgets::Alert)
