// Polls one provider's admin API into SQLite (DESIGN.md §4.2): a first backfill of backfill_days with
// progress, then every interval the window from the cursor (minus the trailing days the provider may
// still revise) to now, page by page, each page stored in one transaction with its cursor. Lives on the
// thread that creates it (the main thread in the app); HTTP runs on the client's network thread.
#pragma once

#include "common/error.h"
#include "common/settings.h"
#include "net/retry.h"
#include "storage/providerstore.h"

#include <QList>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

namespace Burnrate::Storage {
class StorageWriter;
}

namespace Burnrate::Providers {

enum class Provider { OpenAi, Anthropic, OpenRouter };

QList<Provider> allProviders();
QString providerId(Provider provider);          // "openai", "anthropic", "openrouter" (settings section)
QString providerDisplayName(Provider provider); // "OpenAI", "Anthropic", "OpenRouter"
QString defaultBaseUrl(Provider provider);      // "https://api.openai.com", …, "https://openrouter.ai"
QString secretNameFor(Provider provider);       // Secrets::SecretName::OpenAiAdminKey, …
QStringList sourceKeysFor(Provider provider);   // the Storage::SourceKey values it polls
// The detail of SourceKey::OpenRouterKey, in micro-USD: usage_micros, usage_daily_micros,
// usage_weekly_micros, usage_monthly_micros, limit_micros and limit_remaining_micros (null: no limit),
// limit_reset; with a management key also total_credits_micros, total_usage_micros, balance_micros.

struct EndpointStatus
{
    Storage::SourceState state;   // as last stored (cursor, last success, last error, rows imported)
    bool polling = false;         // a request of this endpoint is in flight or waiting to retry
    double backfillProgress = -1; // 0..1 while the first backfill runs, else -1
};

struct PollerStatus
{
    bool enabled = false;
    bool hasKey = false;
    bool polling = false;            // any endpoint
    qint64 nextPollNs = 0;           // when the next cycle starts; 0: not scheduled (disabled, no key)
    double backfillProgress = -1;    // over all endpoints: 0..1 while a first backfill runs, else -1
    QList<EndpointStatus> endpoints; // in sourceKeysFor() order
    // The most recent error of any endpoint in plain words ("" when the last poll of each succeeded).
    QString lastError;
};

class ProviderPoller : public QObject
{
    Q_OBJECT
public:
    ProviderPoller(Provider provider, Net::HttpClient *http, Storage::StorageWriter *writer,
                   QString databasePath, QObject *parent = nullptr);
    ~ProviderPoller() override;

    Provider provider() const { return m_provider; }

    // Applying a new configuration or key restarts the schedule; an empty key stops polling
    // (status says so). The key is kept in memory only and sent only to the configured base URL.
    void setSettings(const ProviderSettings &settings);
    void setKey(const QString &key);
    // Tests: the wall clock (ns since the epoch) and the retry timing.
    void setClock(std::function<qint64()> nowNs);
    void setRetryClock(Net::RetryingRequest::Clock clock);
    void setRetryPolicy(const Net::RetryPolicy &policy);

    // Reads the stored cursors from the database, then polls when due and every interval after.
    void start();
    void stop(); // abandons requests in flight; nothing half-written (each page is one transaction)
    void pollNow();

    // One cheap request per endpoint with `key` (not necessarily the one in use), nothing stored.
    // `error` says what failed in plain words, naming the endpoint and the missing permission.
    using TestDone = std::function<void(const Error &error)>;
    void testConnection(const QString &key, QObject *context, TestDone done);

    PollerStatus status() const;

Q_SIGNALS:
    void statusChanged();
    // A page of buckets was committed (the reconciliation view refreshes on it).
    void dataStored();

private:
    class Private;
    const Provider m_provider;
    std::unique_ptr<Private> d;
};

} // namespace Burnrate::Providers
