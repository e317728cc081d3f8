// Evaluates every budget, the rolling spend anomalies and the loop detector live: shortly after each commit
// of the event writer (coalesced, within a second) and every 30 s, in event time. Persists tier and detector
// state and the alerts, announces them, posts them to webhooks, and asks the kill switch to act on
// escalations. Lives on the main thread.
//
// Loops: after each evaluation's budgets and anomalies, the model calls stored since the last one (read by
// usage_events.id, which grows with every insert) and the tool spans (trace_spans kind 'tool', read by
// event time from the newest one seen, less loopLateNs for spans that arrive late; each is fed once) go to
// a LoopDetector. Its memory survives a restart as monitor_state 'loop': the newest event time fed, saved
// with every loop alert. On start the last loopReplayNs before it are fed again to rebuild the detector; a
// pattern that completes at or before the saved time was announced already and stays quiet.
#pragma once

#include "anomaly/loopdetector.h"
#include "anomaly/rollingdetector.h"
#include "budgetstore.h"
#include "net/retry.h"
#include "spendindex.h"

#include <QLoggingCategory>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <chrono>
#include <functional>
#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcBudgets)

namespace Burnrate::Storage {
class StorageWriter;
}

namespace Burnrate::Budgets {

// The escalation hook (issue 5, for the kill switch): what an alert asks to be stopped. Emitted by
// BudgetMonitor::escalationRequested when
// - a budget's Escalate tier (120 % by default) fires: its agent for a budget scoped agent=X, every agent for
//   an all-spend budget, with the budget's kill_action as the mode; a budget of any other scope (provider,
//   model, feature, user) names no agent and emits nothing;
// - a loop alarm fires: the looping agent, with [alerts] loop_kill_action as the mode.
// It is emitted for every mode, None included (the kill switch then only notes it), also while the budget's
// notifications are snoozed: snoozing silences notifications, not the guard. The alert is stored first, so
// alertId names it in the alerts table.
struct Escalation
{
    enum class Target { Agent, AllAgents };

    Target target = Target::Agent;
    QString agentId;                    // Target::Agent: the agent to stop (usage_events.agent_id)
    KillAction mode = KillAction::None; // what the user chose: none, observe or enforce
    QString reason;                     // the alert's message, for the user and the kill switch's log
    qint64 alertId = 0;
    bool loopAlarm = false; // asked by a loop alarm; else by a budget's escalation tier
    QString origin;         // the budget's name, or the agent the loop alarm is about

    friend bool operator==(const Escalation &, const Escalation &) = default;
};

class BudgetMonitor : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString databasePath;
        std::function<qint64()> clock; // now in ns; empty: the system clock
        std::chrono::milliseconds coalesce{250};
        std::chrono::milliseconds interval{30'000};
        Anomaly::RollingDetector::Params anomaly;
        Anomaly::LoopDetector::Params loop;
        KillAction loopKillAction = KillAction::None;          // [alerts] loop_kill_action
        qint64 loopLateNs = 60 * Time::kNanosPerSecond;        // tool spans are read again this far back
        qint64 loopReplayNs = 10 * 60 * Time::kNanosPerSecond; // fed again on start; older calls never
        QString anomalyWebhookUrl;                             // [alerts] webhook_url; empty: none
        Net::RetryPolicy webhookRetry{3, std::chrono::milliseconds(2'000), std::chrono::milliseconds(30'000)};
    };

    explicit BudgetMonitor(Options options, QObject *parent = nullptr);
    ~BudgetMonitor() override;

    // Opens the database, restores the detectors' memory and schedules the first evaluation (which
    // announces what was crossed while the app was closed), then evaluates every `interval`.
    bool start(Error *error);
    // Evaluates shortly after each of the writer's commits.
    void watch(Storage::StorageWriter *writer);
    // Webhooks are posted through `client` (null: not at all); it must outlive the monitor.
    void setHttpClient(Net::HttpClient *client);

    BudgetStore *store() const { return m_store.get(); }

    // One evaluation of every budget and anomaly scope, now.
    void evaluate();

Q_SIGNALS:
    // A new alert that was stored (snoozed budgets' alerts are stored but not announced).
    void alertRaised(const Burnrate::Budgets::Alert &alert);
    void evaluationFailed(const Burnrate::Error &error);
    // A webhook post ended; `host` is the URL's host only (a webhook URL's path carries its token).
    void webhookFinished(const QString &host, bool ok);
    // An escalation tier or a loop alarm fired and names agents to stop (see Escalation).
    void escalationRequested(const Burnrate::Budgets::Escalation &escalation);

private:
    qint64 now() const;
    void schedule();
    bool refreshSpend(Error *error);
    bool evaluateBudgets(qint64 nowNs, Error *error);
    bool evaluateAnomalies(qint64 nowNs, Error *error);
    bool addContributors(Anomaly::RollingAlarm &alarm, qint64 nowNs, Error *error);
    // Rebuilds the loop detector from the stored calls before the saved read position.
    bool restoreLoops(qint64 nowNs, Error *error);
    // Feeds the loop detector the calls stored since the last read that started at or after notBeforeNs
    // (older ones, such as an imported history, are only marked read: a loop long over is not news);
    // appends the alarms and moves m_loopCursorNs.
    bool feedNewCalls(qint64 fromToolNs, qint64 notBeforeNs, QList<Anomaly::LoopAlarm> &alarms, Error *error);
    bool evaluateLoops(qint64 nowNs, Error *error);
    Alert loopAlert(const Anomaly::LoopAlarm &alarm, qint64 nowNs) const;
    void announce(const Alert &alert, const QString &webhookUrl);
    void postWebhook(const QString &url, const QString &text);

    Options m_options;
    std::unique_ptr<BudgetStore> m_store;
    std::unique_ptr<SpendIndex> m_spend; // on m_store's connection
    bool m_checkSpend = false;           // the next evaluation checks m_spend against the database
    Anomaly::RollingDetector m_detector;
    QSet<QString> m_alarmedScopes; // scopes in an anomaly: evaluated until they recover, also without spend
    Anomaly::LoopDetector m_loops;
    qint64 m_loopCursorNs = 0;                // the newest event time fed to m_loops
    qint64 m_loopSavedNs = 0;                 // m_loopCursorNs as last saved
    qint64 m_lastEventRowId = 0;              // usage_events.id read up to
    QHash<QString, qint64> m_toolsFed;        // tool spans in the late window that were fed: key -> start
    QList<Anomaly::LoopAlarm> m_replayAlarms; // found while restoring, announced by the first evaluation
    QPointer<Net::HttpClient> m_http;
    QTimer m_coalesceTimer;
    QTimer m_intervalTimer;
    QString m_lastError; // logged once, not every 30 s
};

} // namespace Burnrate::Budgets

Q_DECLARE_METATYPE(Burnrate::Budgets::Escalation)
