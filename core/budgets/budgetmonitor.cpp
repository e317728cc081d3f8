#include "budgetmonitor.h"

#include "budgetstatus.h"
#include "common/money.h"
#include "common/timeutil.h"
#include "storage/sqliteutil.h"
#include "storage/storagewriter.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <cmath>
#include <limits>

Q_LOGGING_CATEGORY(lcBudgets, "burnrate.budgets", QtInfoMsg)

namespace Burnrate::Budgets {

namespace {

constexpr int kTopContributors = 5;
const TierState kFreshState;
const QString kLoopStateKey = QStringLiteral("loop");
// The saved read position is kept current within this much event time when no alarm saves it.
constexpr qint64 kLoopSaveEveryNs = 30 * Time::kNanosPerSecond;
// A session with no call for this long is forgotten by the loop detector: no pattern spans longer
// (toolSpanNs 2 min, repeatWindowNs 1 min), plus a minute for calls that arrive late. At full ingest speed
// the sessions of these minutes are what the detector holds.
constexpr qint64 kLoopIdleNs = 3 * 60 * Time::kNanosPerSecond;
// … and at most this many sessions, the most recently active (about 2 MB at 12 model calls each).
constexpr qsizetype kLoopSessions = 1000;

// An amount in an alert's sentence ("$7.50 of $10.00").
QString money(qint64 micros)
{
    return Money::formatUsdForDisplay(micros, QLocale());
}

// "agent=research-agent" → ("agent_id", "research-agent"); "all" → empty column.
std::pair<QString, QString> scopeColumn(const QString &scope)
{
    const qsizetype eq = scope.indexOf(u'=');
    if (eq < 0)
        return {};
    const QStringView dimension = QStringView(scope).left(eq);
    return {dimension == u"agent" ? QStringLiteral("agent_id") : QStringLiteral("feature"),
            scope.mid(eq + 1)};
}

Error queryError(const QSqlQuery &query)
{
    return {
        Error::Code::Database,
        BudgetMonitor::tr("Cannot read the spend for the alerts: %1.").arg(query.lastError().databaseText())};
}

} // namespace

BudgetMonitor::BudgetMonitor(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_detector(m_options.anomaly)
    , m_loops(m_options.loop)
{
    m_coalesceTimer.setSingleShot(true);
    m_coalesceTimer.setInterval(m_options.coalesce);
    connect(&m_coalesceTimer, &QTimer::timeout, this, &BudgetMonitor::evaluate);
    m_intervalTimer.setInterval(m_options.interval);
    connect(&m_intervalTimer, &QTimer::timeout, this, [this] {
        m_checkSpend = true; // another process (an import) may have written without a signal
        evaluate();
    });
}

BudgetMonitor::~BudgetMonitor() = default;

bool BudgetMonitor::start(Error *error)
{
    m_store = BudgetStore::open(m_options.databasePath, false, error);
    if (!m_store)
        return false;
    m_spend = std::make_unique<SpendIndex>(m_store->database());
    const auto states = m_store->anomalyStates(error);
    if (!states) {
        m_store.reset();
        return false;
    }
    for (auto it = states->cbegin(); it != states->cend(); ++it) {
        m_detector.restoreScopeState(it.key(), it.value());
        if (it.value().alarmed)
            m_alarmedScopes.insert(it.key());
    }
    if (!restoreLoops(now(), error)) {
        m_store.reset();
        return false;
    }
    m_intervalTimer.start();
    schedule();
    return true;
}

void BudgetMonitor::watch(Storage::StorageWriter *writer)
{
    // Emitted on the writer's thread; `this` as the context queues it to ours.
    connect(writer, &Storage::StorageWriter::eventsStored, this, [this](qint64 firstHour, qint64 lastHour) {
        if (m_spend)
            m_spend->hoursChanged(firstHour, lastHour);
        schedule();
    });
    connect(writer, &Storage::StorageWriter::eventsRewritten, this,
            [this](qint64 firstHour, qint64 lastHour) {
                if (m_spend)
                    m_spend->eventsRewritten(firstHour, lastHour);
                schedule();
            });
    connect(writer, &Storage::StorageWriter::spansStored, this, [this] { schedule(); });
}

void BudgetMonitor::setHttpClient(Net::HttpClient *client)
{
    m_http = client;
}

qint64 BudgetMonitor::now() const
{
    return m_options.clock ? m_options.clock() : Time::nowNs();
}

void BudgetMonitor::schedule()
{
    // Not restarted by later commits: a steady stream of batches must not postpone the evaluation.
    if (m_store && !m_coalesceTimer.isActive())
        m_coalesceTimer.start();
}

void BudgetMonitor::evaluate()
{
    if (!m_store)
        return;
    m_coalesceTimer.stop();
    const qint64 nowNs = now();
    QElapsedTimer timer;
    timer.start();
    Error error;
    qint64 phases[4] = {};
    const auto phase = [&](int i, bool ok) {
        phases[i] = timer.nsecsElapsed() / 1000;
        return ok;
    };
    const bool ok = phase(0, refreshSpend(&error)) && phase(1, evaluateBudgets(nowNs, &error)) &&
                    phase(2, evaluateAnomalies(nowNs, &error)) && phase(3, evaluateLoops(nowNs, &error));
    m_spend->sweep();
    qCDebug(lcBudgets) << "evaluation took" << timer.nsecsElapsed() / 1000 << "us; refresh" << phases[0]
                       << "budgets" << phases[1] - phases[0] << "anomalies" << phases[2] - phases[1]
                       << "loops" << phases[3] - phases[2];
    if (ok) {
        m_lastError.clear();
        return;
    }
    if (error.message != m_lastError)
        qCWarning(lcBudgets).noquote() << error.message;
    m_lastError = error.message;
    Q_EMIT evaluationFailed(error);
}

bool BudgetMonitor::refreshSpend(Error *error)
{
    if (!m_spend->refresh(error))
        return false;
    if (!std::exchange(m_checkSpend, false))
        return true;
    const std::optional<bool> matches = m_spend->matchesDatabase(error);
    if (!matches)
        return false;
    if (*matches)
        return true;
    qCDebug(lcBudgets) << "the spend changed without a signal: reading it again";
    m_spend->eventsRewritten(std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max());
    return m_spend->refresh(error);
}

bool BudgetMonitor::evaluateBudgets(qint64 nowNs, Error *error)
{
    const auto budgets = m_store->budgets(error);
    if (!budgets)
        return false;
    const auto statuses = budgetStatuses(*m_spend, *budgets, nowNs, error);
    if (!statuses)
        return false;
    const auto states = m_store->states(error);
    if (!states)
        return false;
    for (qsizetype i = 0; i < budgets->size(); ++i) {
        const Budget &budget = budgets->at(i);
        const BudgetStatus *status = &statuses->at(i);
        const auto savedState = states->constFind(budget.id);
        const TierState *state = savedState == states->cend() ? &kFreshState : &*savedState;
        const Evaluation evaluation =
            Budgets::evaluate(budget, *state, status->spentMicros, nowNs, status->projection);
        QList<Alert> alerts;
        for (const BudgetEvent &event : evaluation.events) {
            Alert alert;
            alert.kind = Alert::Kind::Budget;
            alert.budgetId = budget.id;
            alert.budgetName = budget.name;
            alert.scope = scopeText(budget.scope);
            alert.valueMicros = event.spentMicros;
            alert.limitMicros = event.limitMicros;
            alert.firedAtNs = event.atNs;
            alert.detail = {{QStringLiteral("period_start"), Time::toIsoUtc(event.periodStartNs)},
                            {QStringLiteral("muted"), event.muted}};
            switch (event.kind) {
            case BudgetEvent::Kind::PeriodRolledOver:
                continue;
            case BudgetEvent::Kind::TierCrossed:
                alert.tier = event.tierPercent;
                alert.detail.insert(QStringLiteral("action"), actionName(event.action));
                alert.message = tr("Budget '%1' reached %2 % of its limit: %3 of %4 spent.")
                                    .arg(budget.name)
                                    .arg(event.tierPercent)
                                    .arg(money(event.spentMicros), money(event.limitMicros));
                break;
            case BudgetEvent::Kind::Recovered:
                // A notice, not something to act on: stored as already acknowledged.
                alert.tier = event.tierPercent;
                alert.acknowledged = true;
                alert.detail.insert(QStringLiteral("recovered"), true);
                alert.message = tr("Budget '%1' is back under %2 % of its limit: %3 of %4 spent.")
                                    .arg(budget.name)
                                    .arg(event.tierPercent)
                                    .arg(money(event.spentMicros), money(event.limitMicros));
                break;
            case BudgetEvent::Kind::ForecastExceeds:
                alert.kind = Alert::Kind::Forecast;
                alert.tier = 100;
                alert.valueMicros = status->projection ? status->projection->projectedMicros : 0;
                alert.detail.insert(QStringLiteral("spent_usd"), Money::toDecimalString(event.spentMicros));
                alert.detail.insert(QStringLiteral("exceeds_on"), event.exceedDate.toString(Qt::ISODate));
                alert.message = tr("Budget '%1' is on track to exceed its limit of %2 by %3 (projected %4).")
                                    .arg(budget.name, money(event.limitMicros),
                                         QLocale().toString(event.exceedDate, QLocale::ShortFormat),
                                         money(alert.valueMicros));
                break;
            }
            alerts.append(alert);
        }
        if (evaluation.state == *state && alerts.isEmpty())
            continue;
        if (!m_store->commitEvaluation(budget.id, evaluation.state, alerts, error))
            return false;
        for (const Alert &alert : std::as_const(alerts)) {
            if (!alert.detail.value(QLatin1StringView("muted")).toBool())
                announce(alert, budget.webhookUrl);
            if (alert.kind != Alert::Kind::Budget ||
                alert.detail.value(QLatin1StringView("action")).toString() !=
                    actionName(TierAction::Escalate))
                continue;
            Escalation escalation{.target = Escalation::Target::Agent,
                                  .agentId = {},
                                  .mode = budget.killAction,
                                  .reason = alert.message,
                                  .alertId = alert.id,
                                  .loopAlarm = false,
                                  .origin = budget.name};
            if (budget.scope.dimension == Dimension::All)
                escalation.target = Escalation::Target::AllAgents;
            else if (budget.scope.dimension == Dimension::Agent)
                escalation.agentId = budget.scope.value;
            else
                continue; // a provider, model, feature or user budget names no agent to stop
            Q_EMIT escalationRequested(escalation);
        }
    }
    return true;
}

bool BudgetMonitor::evaluateAnomalies(qint64 nowNs, Error *error)
{
    const QSqlDatabase db = m_store->database();
    const Anomaly::RollingDetector::Range range = m_detector.baselineRange(nowNs);
    const qint64 windowStart = nowNs - m_options.anomaly.windowNs;
    const auto failed = [error](const QSqlQuery &query) {
        *error = queryError(query);
        return false;
    };

    // Until a whole baseline of history is stored, every scope would look anomalous against nothing.
    QSqlQuery first(db);
    if (!first.exec(QStringLiteral("SELECT min(hour) FROM rollup_hourly")))
        return failed(first);
    if (!first.next() || first.value(0).isNull() ||
        first.value(0).toLongLong() * Time::kNanosPerHour > range.startNs)
        return true;

    QHash<QString, Anomaly::ScopeSpend> scopes;
    const auto add = [&](const QString &scope, qint64 hourNs, qint64 micros) {
        Anomaly::ScopeSpend &spend = scopes[scope];
        spend.scope = scope;
        if (hourNs < 0) {
            spend.recentMicros += micros;
        } else if (!spend.hours.isEmpty() && spend.hours.constLast().hourStartNs == hourNs) {
            spend.hours.last().micros += micros;
        } else {
            spend.hours.append({hourNs, micros});
        }
    };
    // The baseline's whole hours and the last 60 minutes from the spend index (rollup hours, raw events at
    // the window's edges).
    const auto addSums = [&](qint64 hourNs, qint64 total, const QHash<QString, qint64> &agents,
                             const QHash<QString, qint64> &features) {
        if (agents.isEmpty())
            return; // no calls (every call has an agent key, '' when it names none)
        add(QStringLiteral("all"), hourNs, total);
        for (auto it = agents.cbegin(); it != agents.cend(); ++it) {
            if (!it.key().isEmpty())
                add(u"agent=" + it.key(), hourNs, it.value());
        }
        for (auto it = features.cbegin(); it != features.cend(); ++it) {
            if (!it.key().isEmpty())
                add(u"feature=" + it.key(), hourNs, it.value());
        }
    };
    for (qint64 h = range.startNs / Time::kNanosPerHour; h < range.endNs / Time::kNanosPerHour; ++h) {
        const SpendIndex::Sums *sums = m_spend->hour(h, error);
        if (!sums)
            return false;
        addSums(h * Time::kNanosPerHour, sums->total, sums->by[SpendIndex::Agent],
                sums->by[SpendIndex::Feature]);
    }
    const std::optional<SpendIndex::Spend> recent = m_spend->spend(windowStart, nowNs, error);
    if (!recent)
        return false;
    addSums(-1, recent->total(), recent->values(SpendIndex::Agent), recent->values(SpendIndex::Feature));
    for (const QString &scope : std::as_const(m_alarmedScopes)) {
        if (!scopes.contains(scope))
            scopes.insert(scope, Anomaly::ScopeSpend{scope, 0, {}, {}, {}});
    }

    QHash<QString, Anomaly::RollingDetector::ScopeState> changed;
    QList<Alert> alerts;
    for (auto it = scopes.cbegin(); it != scopes.cend(); ++it) {
        const Anomaly::RollingDetector::ScopeState before = m_detector.scopeState(it.key());
        std::optional<Anomaly::RollingAlarm> alarm = m_detector.evaluate(it.value(), nowNs);
        const Anomaly::RollingDetector::ScopeState after = m_detector.scopeState(it.key());
        if (after != before)
            changed.insert(it.key(), after);
        if (after.alarmed)
            m_alarmedScopes.insert(it.key());
        else
            m_alarmedScopes.remove(it.key());
        if (!alarm)
            continue;
        if (!addContributors(*alarm, nowNs, error))
            return false;
        Alert alert;
        alert.kind = Alert::Kind::Anomaly;
        alert.scope = alarm->scope;
        alert.valueMicros = alarm->recentMicros;
        alert.limitMicros = alarm->baselineMicros;
        alert.firedAtNs = nowNs;
        QJsonArray contributors;
        for (const Anomaly::Contributor &c : std::as_const(alarm->contributors))
            contributors.append(QJsonObject{{QStringLiteral("agent"), c.agent},
                                            {QStringLiteral("model"), c.model},
                                            {QStringLiteral("feature"), c.feature},
                                            {QStringLiteral("cost_usd"), Money::toDecimalString(c.micros)}});
        alert.detail = {
            {QStringLiteral("ratio"), std::isfinite(alarm->ratio) ? QJsonValue(alarm->ratio) : QJsonValue()},
            {QStringLiteral("baseline_hours"), alarm->baselineHours},
            {QStringLiteral("contributors"), contributors},
            {QStringLiteral("trace_ids"), QJsonArray::fromStringList(alarm->traceIds)}};
        const QString top =
            alarm->contributors.isEmpty()
                ? QString()
                : tr(" Top: agent %1, model %2, feature %3.")
                      .arg(alarm->contributors.constFirst().agent, alarm->contributors.constFirst().model,
                           alarm->contributors.constFirst().feature);
        alert.message =
            (std::isfinite(alarm->ratio)
                 ? tr("Unusual spend for %1: %2 in the last hour, %3 times the usual %4 per hour.")
                       .arg(alarm->scope, money(alarm->recentMicros),
                            QLocale().toString(alarm->ratio, 'f', 1), money(alarm->baselineMicros))
                 : tr("Unusual spend for %1: %2 in the last hour, after nothing in the day "
                      "before.")
                       .arg(alarm->scope, money(alarm->recentMicros))) +
            top;
        alerts.append(alert);
    }
    if (changed.isEmpty() && alerts.isEmpty())
        return true;
    if (!m_store->commitAnomalies(changed, alerts, error))
        return false;
    for (const Alert &alert : std::as_const(alerts))
        announce(alert, m_options.anomalyWebhookUrl);
    return true;
}

bool BudgetMonitor::addContributors(Anomaly::RollingAlarm &alarm, qint64 nowNs, Error *error)
{
    const auto [column, value] = scopeColumn(alarm.scope);
    const QString where = u"ts_start_ns >= ? AND ts_start_ns < ?" +
                          (column.isEmpty() ? QString() : u" AND " + column + u" = ?");
    const auto run = [&](QSqlQuery &q, const QString &sql) {
        q.setForwardOnly(true);
        q.prepare(sql);
        q.addBindValue(nowNs - m_options.anomaly.windowNs);
        q.addBindValue(nowNs);
        if (!column.isEmpty())
            q.addBindValue(value);
        if (q.exec())
            return true;
        *error = queryError(q);
        return false;
    };
    QSqlQuery groups(m_store->database());
    if (!run(groups, u"SELECT coalesce(agent_id, ''), coalesce(model, ''), coalesce(feature, ''), "
                     u"sum(cost_micros) AS c FROM usage_events WHERE " +
                         where + u" GROUP BY 1, 2, 3 ORDER BY c DESC LIMIT " +
                         QString::number(kTopContributors)))
        return false;
    while (groups.next())
        alarm.contributors.append({groups.value(0).toString(), groups.value(1).toString(),
                                   groups.value(2).toString(), groups.value(3).toLongLong()});
    QSqlQuery traces(m_store->database());
    if (!run(traces, u"SELECT trace_id, sum(cost_micros) AS c FROM usage_events WHERE " + where +
                         u" AND trace_id IS NOT NULL GROUP BY trace_id ORDER BY c DESC LIMIT " +
                         QString::number(kTopContributors)))
        return false;
    while (traces.next())
        alarm.traceIds.append(traces.value(0).toString());
    return true;
}

bool BudgetMonitor::feedNewCalls(qint64 fromToolNs, qint64 notBeforeNs, QList<Anomaly::LoopAlarm> &alarms,
                                 Error *error)
{
    // Fed in small chunks: at full ingest speed thousands of calls arrive between two evaluations, and one
    // list of them all would only grow the heap.
    constexpr qsizetype kChunk = 256;
    QList<Anomaly::AgentCall> calls;
    calls.reserve(kChunk);
    const auto feed = [&] {
        for (const Anomaly::AgentCall &call : std::as_const(calls))
            m_loopCursorNs = std::max(m_loopCursorNs, call.timeNs);
        alarms += m_loops.add(std::exchange(calls, {}));
        m_loops.limitSessions(kLoopSessions);
        calls.reserve(kChunk);
    };
    const QSqlDatabase db = m_store->database();
    // Model calls in arrival order. Deleted rows (a cleared demo) can give ids back: read from there.
    QSqlQuery last(db);
    if (!last.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM usage_events")) || !last.next()) {
        *error = queryError(last);
        return false;
    }
    m_lastEventRowId = std::min(m_lastEventRowId, last.value(0).toLongLong());
    // Every new call passes here, so the raw API: a QSqlQuery costs several times as much per row.
    auto *handle = static_cast<sqlite3 *>(m_store->sqliteHandle());
    Storage::Sqlite::Statement models;
    Storage::Sqlite::Result r = models.prepare(
        handle,
        "SELECT id, ts_start_ns, agent_id, coalesce(session_id, ''), coalesce(trace_id, ''), "
        "coalesce(model, ''), coalesce(operation, ''), input_tokens FROM usage_events NOT INDEXED "
        "WHERE id > ?1 AND agent_id <> '' AND ts_start_ns >= ?2"); // the new rows by id, never a time scan
    if (r.ok()) {
        sqlite3_stmt *const stmt = models.get();
        sqlite3_bind_int64(stmt, 1, m_lastEventRowId);
        sqlite3_bind_int64(stmt, 2, notBeforeNs);
        // Agents, sessions, models and operations repeat: one shared copy of each in this read.
        QHash<QByteArray, QString> seen;
        const auto text = [&](int column) {
            const QByteArray utf8 =
                QByteArray::fromRawData(reinterpret_cast<const char *>(sqlite3_column_text(stmt, column)),
                                        sqlite3_column_bytes(stmt, column));
            auto it = seen.constFind(utf8);
            if (it == seen.cend())
                it = seen.insert(QByteArray(utf8.constData(), utf8.size()), QString::fromUtf8(utf8));
            return *it;
        };
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            m_lastEventRowId = std::max(m_lastEventRowId, qint64(sqlite3_column_int64(stmt, 0)));
            calls.append({.kind = Anomaly::AgentCall::Kind::Model,
                          .agentId = text(2),
                          .sessionId = text(3),
                          .traceId = text(4),
                          .timeNs = sqlite3_column_int64(stmt, 1),
                          .tool = {},
                          .model = text(5),
                          .operation = text(6),
                          .inputTokens = sqlite3_column_int64(stmt, 7)});
            if (calls.size() == kChunk)
                feed();
        }
        if (rc != SQLITE_DONE)
            r = Storage::Sqlite::failure(handle, rc);
    }
    if (!r.ok()) {
        *error = {Error::Code::Database, tr("Cannot read the spend for the alerts: %1.").arg(r.message)};
        return false;
    }
    // Ids skipped (no agent, or too old) still count as read.
    m_lastEventRowId = std::max(m_lastEventRowId, last.value(0).toLongLong());

    // Tool spans by start time: a span may arrive after newer ones, so the late window is read again and
    // the spans already fed are skipped.
    QSqlQuery tools(db);
    tools.setForwardOnly(true);
    tools.prepare(QStringLiteral("SELECT ts_start_ns, trace_id, span_id, name, agent_id, session_id "
                                 "FROM trace_spans WHERE ts_start_ns >= ? AND kind = 'tool'"));
    tools.addBindValue(std::max(fromToolNs, notBeforeNs));
    if (!tools.exec()) {
        *error = queryError(tools);
        return false;
    }
    while (tools.next()) {
        const qint64 startNs = tools.value(0).toLongLong();
        const QString traceId = tools.value(1).toString();
        const QString key = traceId + u':' + tools.value(2).toString() + u':' + QString::number(startNs);
        const QString agent = tools.value(4).toString();
        // Without an agent yet: its agent span usually comes in a later export and names it; read it again.
        if (agent.isEmpty() || m_toolsFed.contains(key))
            continue;
        m_toolsFed.insert(key, startNs);
        calls.append({.kind = Anomaly::AgentCall::Kind::Tool,
                      .agentId = agent,
                      .sessionId = tools.value(5).toString(),
                      .traceId = traceId,
                      .timeNs = startNs,
                      .tool = tools.value(3).toString(),
                      .model = {},
                      .operation = {},
                      .inputTokens = 0});
    }
    feed();
    return true;
}

bool BudgetMonitor::restoreLoops(qint64 nowNs, Error *error)
{
    const auto state = m_store->monitorState(kLoopStateKey, error);
    if (!state)
        return false;
    const qint64 saved = state->value(QLatin1StringView("cursor_ns")).toString().toLongLong();
    const qint64 from = nowNs - m_options.loopReplayNs;
    // The model calls of the replay window, then everything newer is read live by id.
    QSqlQuery models(m_store->database());
    models.setForwardOnly(true);
    // Through the time index: min(id) would otherwise walk the table in id order from its start.
    models.prepare(
        QStringLiteral("SELECT min(id) FROM usage_events INDEXED BY usage_events_ts WHERE ts_start_ns >= ?"));
    models.addBindValue(from);
    if (!models.exec() || !models.next()) {
        *error = queryError(models);
        return false;
    }
    // Rows before the window's first are not read again; ids are in insertion order, so a late row with
    // an old time may be skipped here, which only loses it for this replay.
    m_lastEventRowId =
        models.value(0).isNull() ? std::numeric_limits<qint64>::max() : models.value(0).toLongLong() - 1;
    m_loopSavedNs = saved;
    m_loopCursorNs = std::max(saved, from);
    QList<Anomaly::LoopAlarm> alarms;
    if (!feedNewCalls(from, from, alarms, error))
        return false;
    for (const Anomaly::LoopAlarm &alarm : std::as_const(alarms)) {
        if (alarm.atNs > saved)
            m_replayAlarms.append(alarm); // not announced before the restart
    }
    return true;
}

bool BudgetMonitor::evaluateLoops(qint64 nowNs, Error *error)
{
    QList<Anomaly::LoopAlarm> alarms = std::exchange(m_replayAlarms, {});
    if (!feedNewCalls(m_loopCursorNs - m_options.loopLateNs, nowNs - m_options.loopReplayNs, alarms, error))
        return false;
    m_toolsFed.removeIf([&](const auto &it) { return it.value() < m_loopCursorNs - m_options.loopLateNs; });
    m_loops.forgetIdleBefore(m_loopCursorNs - kLoopIdleNs);
    if (alarms.isEmpty() && m_loopCursorNs - m_loopSavedNs < kLoopSaveEveryNs)
        return true;

    QList<Alert> alerts;
    for (const Anomaly::LoopAlarm &alarm : std::as_const(alarms))
        alerts.append(loopAlert(alarm, nowNs));
    const QJsonObject state{{QStringLiteral("cursor_ns"), QString::number(m_loopCursorNs)}};
    if (!m_store->commitMonitorState(kLoopStateKey, state, alerts, error))
        return false;
    m_loopSavedNs = m_loopCursorNs;
    for (const Alert &alert : std::as_const(alerts)) {
        announce(alert, m_options.anomalyWebhookUrl);
        const QString agent = alert.detail.value(QLatin1StringView("agent")).toString();
        Q_EMIT escalationRequested({.target = Escalation::Target::Agent,
                                    .agentId = agent,
                                    .mode = m_options.loopKillAction,
                                    .reason = alert.message,
                                    .alertId = alert.id,
                                    .loopAlarm = true,
                                    .origin = agent});
    }
    return true;
}

Alert BudgetMonitor::loopAlert(const Anomaly::LoopAlarm &alarm, qint64 nowNs) const
{
    Alert alert;
    alert.kind = Alert::Kind::Loop;
    alert.scope = u"agent=" + alarm.agentId;
    alert.firedAtNs = nowNs;
    const bool tool = alarm.kind == Anomaly::LoopAlarm::Kind::RepeatedTool;
    alert.detail = {{QStringLiteral("agent"), alarm.agentId},
                    {QStringLiteral("session"), alarm.sessionId},
                    {QStringLiteral("pattern"),
                     tool ? QStringLiteral("repeated_tool") : QStringLiteral("repeated_model_call")},
                    {QStringLiteral("subject"), alarm.subject},
                    {QStringLiteral("count"), alarm.count},
                    {QStringLiteral("out_of"), alarm.outOf},
                    {QStringLiteral("at"), Time::toIsoUtc(alarm.atNs)},
                    {QStringLiteral("trace_ids"), QJsonArray::fromStringList(alarm.traceIds)}};
    const QString session = alarm.sessionId.isEmpty() ? tr("no session") : alarm.sessionId;
    const QString traces = alarm.traceIds.join(QStringLiteral(", "));
    alert.message = tool ? tr("Agent %1 looks stuck in a loop (session %2): %3 of its last %4 tool calls "
                              "were %5. Traces: %6.")
                               .arg(alarm.agentId, session)
                               .arg(alarm.count)
                               .arg(alarm.outOf)
                               .arg(alarm.subject, traces)
                         : tr("Agent %1 looks stuck in a loop (session %2): %3 near-identical calls to %4 "
                              "in quick succession. Traces: %5.")
                               .arg(alarm.agentId, session)
                               .arg(alarm.count)
                               .arg(alarm.subject, traces);
    return alert;
}

void BudgetMonitor::announce(const Alert &alert, const QString &webhookUrl)
{
    qCInfo(lcBudgets).noquote() << alert.message;
    Q_EMIT alertRaised(alert);
    if (!webhookUrl.isEmpty())
        postWebhook(webhookUrl, u"Burnrate: " + alert.message);
}

void BudgetMonitor::postWebhook(const QString &url, const QString &text)
{
    Net::HttpRequest request;
    request.method = Net::HttpRequest::Method::Post;
    request.url = QUrl(url);
    request.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}};
    request.body = QJsonDocument(QJsonObject{{QStringLiteral("text"), text}}).toJson(QJsonDocument::Compact);
    request.totalTimeout = std::chrono::milliseconds(15'000);
    request.maxResponseBytes = 64 * 1024;
    // Only the host ever reaches a log: a Slack webhook's path is its secret.
    const QString host = Net::displayHost(request.url);
    if (!m_http) {
        qCWarning(lcBudgets).noquote()
            << tr("The webhook at %1 was not called: there is no HTTP client.").arg(host);
        Q_EMIT webhookFinished(host, false);
        return;
    }
    auto *post = new Net::RetryingRequest(m_http, request, tr("webhook"), m_options.webhookRetry, this);
    post->start([this, post, host](const Net::HttpResponse &response, const Error &failure) {
        if (failure) {
            // The retry policy's messages speak of polls and may name the path; say it for a webhook.
            const QString why = response.failure != Net::HttpResponse::Failure::None
                                    ? response.error.message
                                    : tr("it answered HTTP %1").arg(response.status);
            qCWarning(lcBudgets).noquote() << tr("The webhook at %1 failed after %2 attempts: %3")
                                                  .arg(host)
                                                  .arg(post->attempts())
                                                  .arg(why);
        }
        Q_EMIT webhookFinished(host, !failure);
        post->deleteLater();
    });
}

} // namespace Burnrate::Budgets
