// Evaluates every budget and the rolling spend anomalies live: shortly after each commit of the event
// writer (coalesced, within a second) and every 30 s, in event time. Persists tier and detector state and
// the alerts, announces them, and posts them to webhooks. Lives on the main thread.
#pragma once

#include "anomaly/rollingdetector.h"
#include "budgetstore.h"
#include "net/retry.h"

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
        QString anomalyWebhookUrl; // [alerts] webhook_url; empty: none
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

private:
    qint64 now() const;
    void schedule();
    bool evaluateBudgets(qint64 nowNs, Error *error);
    bool evaluateAnomalies(qint64 nowNs, Error *error);
    bool addContributors(Anomaly::RollingAlarm &alarm, qint64 nowNs, Error *error);
    void announce(const Alert &alert, const QString &webhookUrl);
    void postWebhook(const QString &url, const QString &text);

    Options m_options;
    std::unique_ptr<BudgetStore> m_store;
    Anomaly::RollingDetector m_detector;
    QSet<QString> m_alarmedScopes; // scopes in an anomaly: evaluated until they recover, also without spend
    QPointer<Net::HttpClient> m_http;
    QTimer m_coalesceTimer;
    QTimer m_intervalTimer;
    QString m_lastError; // logged once, not every 30 s
};

} // namespace Burnrate::Budgets
