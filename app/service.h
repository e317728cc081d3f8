// Burnrate's long-lived parts, the same in the window and in --headless: the storage writer, the OTLP
// receiver and the provider pollers, wired together. Lives on the main thread; the parts run their own
// threads.
#pragma once

#include "budgets/budgetmonitor.h"
#include "cli.h"
#include "ingest/otlpreceiver.h"
#include "killswitch/autokill.h"
#include "killswitch/killswitchaudit.h"
#include "killswitch/killswitchcontroller.h"
#include "net/curlhttpclient.h"
#include "providers/poller.h"
#include "storage/storagewriter.h"

#include <QList>
#include <QObject>
#include <memory>
#include <vector>

namespace Burnrate::Secrets {
class SecretStore;
}

namespace Burnrate::App {

class Service : public QObject
{
    Q_OBJECT
public:
    explicit Service(QObject *parent = nullptr);
    ~Service() override;

    // listen: "HOST:PORT", empty for the settings' [otlp] listen. The receiver's token is
    // BURNRATE_OTLP_TOKEN when set, else the one in `secrets` (null: none), read before the receiver
    // starts; the keychain may ask the user to unlock it. When the keychain cannot be read, a loopback
    // receiver starts without a token and one that other machines can reach does not start.
    bool start(const AppContext &context, const QString &listen, Secrets::SecretStore *secrets, Error *error);
    // Moves the receiver to `listen` with `bearerToken` (empty: none), keeping the writer and
    // everything it has not committed yet. Nothing happens when both are unchanged. On failure the
    // previous receiver keeps running and `error` says why.
    bool restartReceiver(const QString &listen, const QString &bearerToken, Error *error);
    // After start(): one poller per provider, configured from the settings' [openai], [anthropic] and
    // [openrouter] sections, each polling when enabled and given a key. A key from the environment
    // (BURNRATE_OPENAI_ADMIN_KEY, …) wins; else it is read from `secrets` (null: environment only, as
    // --headless does).
    void startPollers(const Settings &settings, Secrets::SecretStore *secrets);
    // After start(): the kill switch of the [killswitch] section, polling its store; none while the section
    // has no url. Its secret is BURNRATE_KILLSWITCH_PASSWORD / _TOKEN when set, else read from `secrets`
    // (null: environment only, as --headless does). The controller arrives later (the keychain answers
    // asynchronously) with killSwitchChanged(). Called again (new settings), it replaces the controller.
    void startKillSwitch(const Settings &settings, Secrets::SecretStore *secrets);
    // Null when no kill switch is configured, its configuration is wrong, or it is still being set up.
    KillSwitch::Controller *killSwitch() const { return m_killSwitch.get(); }
    // Why killSwitch() is null: empty when [killswitch] has no url (not configured), else what to fix.
    Error killSwitchError() const { return m_killSwitchError; }
    bool killSwitchConfigured() const { return m_killSwitchConfigured; }
    // Acts on budget escalations and loop alarms through killSwitch(); always there after start().
    KillSwitch::AutoKill *autoKill() const { return m_autoKill.get(); }
    // Stops the pollers, stops accepting, answers and commits everything received, closes the database.
    // Idempotent. The pollers stay valid (stopped) until the service is destroyed.
    void stop();

    Storage::StorageWriter *writer() const { return m_writer.get(); }
    Ingest::OtlpReceiver *receiver() const { return m_receiver.get(); }
    QString databasePath() const { return m_databasePath; }
    QString listenAddress() const { return m_listen; } // "HOST:PORT" as configured
    QString bearerToken() const { return m_options.bearerToken; }
    QList<Providers::ProviderPoller *> pollers() const;
    // Budgets and anomaly alerts, evaluated after every commit of the writer; null before start().
    Budgets::BudgetMonitor *budgetMonitor() const { return m_budgetMonitor.get(); }

Q_SIGNALS:
    // restartReceiver() moved the receiver or changed its token; `endpoint` is its URL now.
    void receiverRestarted(const QString &endpoint);
    // killSwitch(), killSwitchError() or killSwitchConfigured() changed.
    void killSwitchChanged();

private:
    bool startReceiver(const Ingest::OtlpReceiver::Options &options, Error *error);
    void startBudgetMonitor(const Settings &settings);

    std::unique_ptr<Storage::StorageWriter> m_writer;
    std::unique_ptr<Ingest::OtlpReceiver> m_receiver;
    std::unique_ptr<Net::CurlHttpClient> m_http; // before the pollers, which use it until destroyed
    std::unique_ptr<Budgets::BudgetMonitor> m_budgetMonitor; // posts webhooks through m_http
    std::vector<std::unique_ptr<Providers::ProviderPoller>> m_pollers;
    // After m_http, which the controller's backend uses until it is destroyed.
    std::unique_ptr<KillSwitch::AuditLog> m_killSwitchAudit;
    std::unique_ptr<KillSwitch::Controller> m_killSwitch;
    std::unique_ptr<KillSwitch::AutoKill> m_autoKill;
    Error m_killSwitchError;
    bool m_killSwitchConfigured = false;
    quint64 m_killSwitchGeneration = 0; // a newer startKillSwitch() drops an older one's late answer
    std::shared_ptr<const Pricing::PriceTable> m_prices;
    Ingest::OtlpReceiver::Options m_options; // of the running receiver
    QString m_listen;
    QString m_databasePath;
};

} // namespace Burnrate::App
