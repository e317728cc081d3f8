#include "budgetstore.h"

#include "storage/database.h"
#include "storage/sqliteutil.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Burnrate::Budgets {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::Budgets)
};

constexpr Alert::Kind kKinds[] = {Alert::Kind::Budget, Alert::Kind::Anomaly, Alert::Kind::Loop,
                                  Alert::Kind::Forecast};

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A null QString binds as SQL NULL; these columns hold '' for nothing.
QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

QJsonObject jsonObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QJsonObject scopeStateJson(const Anomaly::RollingDetector::ScopeState &state)
{
    QJsonArray hours;
    for (qint64 hour : state.anomalousHours)
        hours.append(QString::number(hour)); // a JSON number loses nanosecond digits
    return {{QStringLiteral("alarmed"), state.alarmed}, {QStringLiteral("hours"), hours}};
}

Anomaly::RollingDetector::ScopeState scopeStateFromJson(const QJsonObject &json)
{
    Anomaly::RollingDetector::ScopeState state;
    state.alarmed = json.value(QLatin1StringView("alarmed")).toBool();
    for (const QJsonValue &hour : json.value(QLatin1StringView("hours")).toArray()) {
        bool ok = false;
        const qint64 ns = hour.toString().toLongLong(&ok);
        if (ok)
            state.anomalousHours.append(ns);
    }
    return state;
}

} // namespace

QString alertKindName(Alert::Kind kind)
{
    switch (kind) {
    case Alert::Kind::Budget:
        return QStringLiteral("budget");
    case Alert::Kind::Anomaly:
        return QStringLiteral("anomaly");
    case Alert::Kind::Loop:
        return QStringLiteral("loop");
    case Alert::Kind::Forecast:
        return QStringLiteral("forecast");
    }
    return {};
}

std::optional<Alert::Kind> alertKindFromName(QStringView name)
{
    for (Alert::Kind kind : kKinds) {
        if (alertKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

std::unique_ptr<BudgetStore> BudgetStore::open(const QString &path, bool readOnly, Error *error)
{
    std::unique_ptr<BudgetStore> store(new BudgetStore);
    store->m_connection = Storage::Connection::open(
        path, readOnly ? Storage::Connection::Mode::ReadOnly : Storage::Connection::Mode::ReadWrite, error);
    if (!store->m_connection)
        return nullptr;
    return store;
}

BudgetStore::~BudgetStore() = default;

QSqlDatabase BudgetStore::database() const
{
    return m_connection->database();
}

void *BudgetStore::sqliteHandle() const
{
    return m_connection->sqliteHandle();
}

bool BudgetStore::fail(const QSqlQuery &query, Error *error) const
{
    if (error) {
        const QSqlError e = query.lastError();
        *error = Storage::Sqlite::databaseError(m_connection->path(), e.nativeErrorCode().toInt(),
                                                e.databaseText());
    }
    return false;
}

bool BudgetStore::transaction(const std::function<bool()> &work, Error *error)
{
    QSqlDatabase db = database();
    QSqlQuery begin(db);
    // IMMEDIATE: take the write lock first, so that a busy database fails here and not half-way.
    if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return fail(begin, error);
    if (!work()) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    QSqlQuery commit(db);
    if (!commit.exec(QStringLiteral("COMMIT"))) {
        fail(commit, error);
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}

std::optional<QList<Budget>> BudgetStore::budgets(Error *error) const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, name, scope_dim, scope_value, period, tz, limit_micros, tiers, "
                               "forecast_alert, webhook_url, kill_action FROM budgets ORDER BY name"))) {
        fail(q, error);
        return std::nullopt;
    }
    QList<Budget> result;
    while (q.next()) {
        Budget b;
        b.id = q.value(0).toLongLong();
        b.name = q.value(1).toString();
        Error problem;
        const auto dimension = dimensionFromName(q.value(2).toString());
        const auto period = periodFromName(q.value(4).toString());
        const auto tiers = parseTiers(q.value(7).toString(), &problem);
        const auto killAction = killActionFromName(q.value(10).toString());
        if (!dimension || !period || !tiers || !killAction) {
            if (error)
                *error = {
                    Error::Code::Corrupt,
                    Tr::tr("The stored budget '%1' is damaged. Remove it and add it again.").arg(b.name)};
            return std::nullopt;
        }
        b.scope = {*dimension, q.value(3).toString()};
        b.period = *period;
        // A zone this system does not know (any more) falls back to the local one rather than hiding the
        // budget.
        const QByteArray zoneId = q.value(5).toString().toUtf8();
        b.zone = QTimeZone::isTimeZoneIdAvailable(zoneId) ? QTimeZone(zoneId) : QTimeZone::systemTimeZone();
        b.limitMicros = q.value(6).toLongLong();
        b.tiers = *tiers;
        b.forecastAlert = q.value(8).toBool();
        b.webhookUrl = q.value(9).toString();
        b.killAction = *killAction;
        result.append(b);
    }
    return result;
}

bool BudgetStore::addBudget(Budget &budget, qint64 nowNs, Error *error)
{
    if (const Error problem = validateBudget(budget)) {
        if (error)
            *error = problem;
        return false;
    }
    QSqlQuery exists(database());
    exists.prepare(QStringLiteral("SELECT 1 FROM budgets WHERE name = ?"));
    exists.addBindValue(budget.name);
    if (!exists.exec())
        return fail(exists, error);
    if (exists.next()) {
        if (error)
            *error = {Error::Code::InvalidInput,
                      Tr::tr("A budget named '%1' exists already. Choose another name, or remove it first.")
                          .arg(budget.name)};
        return false;
    }
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("INSERT INTO budgets(name, scope_dim, scope_value, period, tz, limit_micros, "
                       "tiers, forecast_alert, webhook_url, created_at_ns, kill_action) VALUES(?, ?, ?, "
                       "?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(budget.name);
    q.addBindValue(dimensionName(budget.scope.dimension));
    q.addBindValue(notNull(budget.scope.value));
    q.addBindValue(periodName(budget.period));
    q.addBindValue(QString::fromUtf8(budget.zone.id()));
    q.addBindValue(budget.limitMicros);
    q.addBindValue(tiersText(budget.tiers));
    q.addBindValue(budget.forecastAlert ? 1 : 0);
    q.addBindValue(notNull(budget.webhookUrl));
    q.addBindValue(nowNs);
    q.addBindValue(killActionName(budget.killAction));
    if (!q.exec())
        return fail(q, error);
    budget.id = q.lastInsertId().toLongLong();
    return true;
}

bool BudgetStore::removeBudget(const QString &name, Error *error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("DELETE FROM budgets WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return fail(q, error);
    if (q.numRowsAffected() == 0) {
        if (error)
            *error = {Error::Code::NotFound,
                      Tr::tr("There is no budget named '%1'. 'burnrate budget list' shows them.").arg(name)};
        return false;
    }
    return true;
}

bool BudgetStore::updateBudget(const Budget &budget, Error *error)
{
    if (const Error problem = validateBudget(budget)) {
        if (error)
            *error = problem;
        return false;
    }
    QSqlQuery exists(database());
    exists.prepare(QStringLiteral("SELECT 1 FROM budgets WHERE name = ? AND id <> ?"));
    exists.addBindValue(budget.name);
    exists.addBindValue(budget.id);
    if (!exists.exec())
        return fail(exists, error);
    if (exists.next()) {
        if (error)
            *error = {Error::Code::InvalidInput,
                      Tr::tr("A budget named '%1' exists already. Choose another name.").arg(budget.name)};
        return false;
    }
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("UPDATE budgets SET name = ?, scope_dim = ?, scope_value = ?, period = ?, tz = ?, "
                       "limit_micros = ?, tiers = ?, forecast_alert = ?, webhook_url = ?, kill_action = ? "
                       "WHERE id = ?"));
    q.addBindValue(budget.name);
    q.addBindValue(dimensionName(budget.scope.dimension));
    q.addBindValue(notNull(budget.scope.value));
    q.addBindValue(periodName(budget.period));
    q.addBindValue(QString::fromUtf8(budget.zone.id()));
    q.addBindValue(budget.limitMicros);
    q.addBindValue(tiersText(budget.tiers));
    q.addBindValue(budget.forecastAlert ? 1 : 0);
    q.addBindValue(notNull(budget.webhookUrl));
    q.addBindValue(killActionName(budget.killAction));
    q.addBindValue(budget.id);
    if (!q.exec())
        return fail(q, error);
    if (q.numRowsAffected() == 0) {
        if (error)
            *error = {Error::Code::NotFound, Tr::tr("The budget '%1' no longer exists.").arg(budget.name)};
        return false;
    }
    return true;
}

bool BudgetStore::acknowledgeBudget(qint64 budgetId, Error *error)
{
    return transaction(
        [&] {
            const std::optional<TierState> current = state(budgetId, error);
            if (!current || !writeState(budgetId, acknowledgeAll(*current), error))
                return false;
            QSqlQuery q(database());
            q.prepare(QStringLiteral(
                "UPDATE alerts SET acknowledged = 1 WHERE budget_id = ? AND acknowledged = 0"));
            q.addBindValue(budgetId);
            return q.exec() || fail(q, error);
        },
        error);
}

bool BudgetStore::snoozeBudget(qint64 budgetId, qint64 untilNs, Error *error)
{
    return transaction(
        [&] {
            const std::optional<TierState> current = state(budgetId, error);
            return current &&
                   writeState(budgetId, untilNs > 0 ? snooze(*current, untilNs) : unsnooze(*current), error);
        },
        error);
}

std::optional<TierState> BudgetStore::state(qint64 budgetId, Error *error) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT state FROM budget_state WHERE budget_id = ?"));
    q.addBindValue(budgetId);
    if (!q.exec()) {
        fail(q, error);
        return std::nullopt;
    }
    if (!q.next())
        return TierState();
    return tierStateFromJson(jsonObject(q.value(0).toString()), error);
}

std::optional<QHash<qint64, TierState>> BudgetStore::states(Error *error) const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT budget_id, state FROM budget_state"))) {
        fail(q, error);
        return std::nullopt;
    }
    QHash<qint64, TierState> states;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        const QString text = q.value(1).toString();
        auto cached = m_parsedStates.find(id);
        if (cached == m_parsedStates.end() || cached->first != text) {
            const auto state = tierStateFromJson(jsonObject(text), error);
            if (!state)
                return std::nullopt;
            cached = m_parsedStates.insert(id, {text, *state});
        }
        states.insert(id, cached->second);
    }
    return states;
}

bool BudgetStore::writeState(qint64 budgetId, const TierState &state, Error *error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("INSERT INTO budget_state(budget_id, state) VALUES(?, ?) "
                             "ON CONFLICT(budget_id) DO UPDATE SET state = excluded.state"));
    q.addBindValue(budgetId);
    q.addBindValue(jsonText(toJson(state)));
    return q.exec() || fail(q, error);
}

bool BudgetStore::saveState(qint64 budgetId, const TierState &state, Error *error)
{
    return writeState(budgetId, state, error);
}

bool BudgetStore::insertAlerts(QList<Alert> &alerts, Error *error)
{
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("INSERT INTO alerts(kind, budget_id, budget_name, tier, scope, value_micros, "
                       "limit_micros, fired_at_ns, acknowledged, message, detail) VALUES(?, ?, ?, ?, ?, "
                       "?, ?, ?, ?, ?, ?)"));
    for (Alert &a : alerts) {
        q.addBindValue(alertKindName(a.kind));
        q.addBindValue(a.budgetId ? QVariant(a.budgetId) : QVariant(QMetaType(QMetaType::LongLong)));
        q.addBindValue(a.budgetName.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                              : QVariant(a.budgetName));
        q.addBindValue(a.tier);
        q.addBindValue(notNull(a.scope));
        q.addBindValue(a.valueMicros);
        q.addBindValue(a.limitMicros);
        q.addBindValue(a.firedAtNs);
        q.addBindValue(a.acknowledged ? 1 : 0);
        q.addBindValue(notNull(a.message));
        q.addBindValue(jsonText(a.detail));
        if (!q.exec())
            return fail(q, error);
        a.id = q.lastInsertId().toLongLong();
    }
    return true;
}

bool BudgetStore::appendAlerts(QList<Alert> &alerts, Error *error)
{
    return transaction([&] { return insertAlerts(alerts, error); }, error);
}

bool BudgetStore::commitEvaluation(qint64 budgetId, const TierState &state, QList<Alert> &alerts,
                                   Error *error)
{
    return transaction([&] { return writeState(budgetId, state, error) && insertAlerts(alerts, error); },
                       error);
}

std::optional<QList<Alert>> BudgetStore::alerts(qint64 sinceNs, std::optional<Alert::Kind> kind,
                                                Error *error) const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT id, kind, budget_id, budget_name, tier, scope, value_micros, "
                       "limit_micros, fired_at_ns, acknowledged, message, detail FROM alerts WHERE "
                       "fired_at_ns >= :since AND (:kind = '' OR kind = :kind) ORDER BY fired_at_ns, id"));
    q.bindValue(QStringLiteral(":since"), sinceNs);
    q.bindValue(QStringLiteral(":kind"), kind ? alertKindName(*kind) : QStringLiteral(""));
    if (!q.exec()) {
        fail(q, error);
        return std::nullopt;
    }
    QList<Alert> result;
    while (q.next()) {
        Alert a;
        a.id = q.value(0).toLongLong();
        a.kind = alertKindFromName(q.value(1).toString()).value_or(Alert::Kind::Budget);
        a.budgetId = q.value(2).toLongLong();
        a.budgetName = q.value(3).toString();
        a.tier = q.value(4).toInt();
        a.scope = q.value(5).toString();
        a.valueMicros = q.value(6).toLongLong();
        a.limitMicros = q.value(7).toLongLong();
        a.firedAtNs = q.value(8).toLongLong();
        a.acknowledged = q.value(9).toBool();
        a.message = q.value(10).toString();
        a.detail = jsonObject(q.value(11).toString());
        result.append(a);
    }
    return result;
}

bool BudgetStore::acknowledgeAlert(qint64 alertId, Error *error)
{
    return transaction(
        [&] {
            QSqlQuery q(database());
            q.prepare(QStringLiteral("SELECT kind, budget_id, tier FROM alerts WHERE id = ?"));
            q.addBindValue(alertId);
            if (!q.exec())
                return fail(q, error);
            if (!q.next()) {
                if (error)
                    *error = {Error::Code::NotFound, Tr::tr("There is no alert number %1.").arg(alertId)};
                return false;
            }
            const auto kind = alertKindFromName(q.value(0).toString());
            const qint64 budgetId = q.value(1).toLongLong();
            const int tier = q.value(2).toInt();
            QSqlQuery update(database());
            update.prepare(QStringLiteral("UPDATE alerts SET acknowledged = 1 WHERE id = ?"));
            update.addBindValue(alertId);
            if (!update.exec())
                return fail(update, error);
            if (budgetId == 0 || (kind != Alert::Kind::Budget && kind != Alert::Kind::Forecast))
                return true;
            std::optional<TierState> current = state(budgetId, error);
            if (!current)
                return false;
            TierState next = *current;
            if (kind == Alert::Kind::Forecast)
                next.forecastAcknowledged = true;
            else
                next = acknowledge(next, tier);
            return writeState(budgetId, next, error);
        },
        error);
}

std::optional<QHash<QString, Anomaly::RollingDetector::ScopeState>>
BudgetStore::anomalyStates(Error *error) const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT scope, state FROM anomaly_state"))) {
        fail(q, error);
        return std::nullopt;
    }
    QHash<QString, Anomaly::RollingDetector::ScopeState> states;
    while (q.next())
        states.insert(q.value(0).toString(), scopeStateFromJson(jsonObject(q.value(1).toString())));
    return states;
}

bool BudgetStore::commitAnomalies(const QHash<QString, Anomaly::RollingDetector::ScopeState> &states,
                                  QList<Alert> &alerts, Error *error)
{
    return transaction(
        [&] {
            QSqlQuery q(database());
            q.prepare(QStringLiteral("INSERT INTO anomaly_state(scope, state) VALUES(?, ?) "
                                     "ON CONFLICT(scope) DO UPDATE SET state = excluded.state"));
            for (auto it = states.cbegin(); it != states.cend(); ++it) {
                q.addBindValue(it.key());
                q.addBindValue(jsonText(scopeStateJson(it.value())));
                if (!q.exec())
                    return fail(q, error);
            }
            return insertAlerts(alerts, error);
        },
        error);
}

std::optional<QJsonObject> BudgetStore::monitorState(const QString &key, Error *error) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT state FROM monitor_state WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec()) {
        fail(q, error);
        return std::nullopt;
    }
    return q.next() ? jsonObject(q.value(0).toString()) : QJsonObject();
}

bool BudgetStore::commitMonitorState(const QString &key, const QJsonObject &state, QList<Alert> &alerts,
                                     Error *error)
{
    return transaction(
        [&] {
            QSqlQuery q(database());
            q.prepare(QStringLiteral("INSERT INTO monitor_state(key, state) VALUES(?, ?) "
                                     "ON CONFLICT(key) DO UPDATE SET state = excluded.state"));
            q.addBindValue(key);
            q.addBindValue(jsonText(state));
            return (q.exec() || fail(q, error)) && insertAlerts(alerts, error);
        },
        error);
}

} // namespace Burnrate::Budgets
