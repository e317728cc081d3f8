#include "service.h"

#include "common/logging.h"
#include "secrets/secretstore.h"

#include <QEventLoop>

namespace Burnrate::App {

namespace {

// The token for the receiver's first start: BURNRATE_OTLP_TOKEN wins; else the keychain's, waited for
// here because the receiver must not start before it knows whether a token is required. nullopt with
// `error` when the keychain cannot be read.
std::optional<QString> readToken(Secrets::SecretStore *secrets, Error *error)
{
    const QString name = QLatin1String(Secrets::SecretName::OtlpToken);
    const QByteArray variable = Secrets::environmentVariableFor(name).toLocal8Bit();
    if (!secrets || !qEnvironmentVariableIsEmpty(variable.constData()))
        return qEnvironmentVariable(variable.constData());
    std::optional<QString> token;
    QEventLoop loop;
    secrets->read(name, &loop, [&](std::optional<QString> value, Error readError) {
        if (readError)
            *error = readError;
        else
            token = value.value_or(QString());
        loop.quit();
    });
    loop.exec();
    return token;
}

void warnIfOpen(const Ingest::OtlpReceiver::Options &options, const QString &listen)
{
    if (!options.address.isLoopback() && options.bearerToken.isEmpty())
        qCWarning(lcApp).noquote()
            << Service::tr(
                   "Listening on %1 without a token, although other machines can reach it. Set one in "
                   "Settings, or with BURNRATE_OTLP_TOKEN.")
                   .arg(listen);
}

} // namespace

Service::Service(QObject *parent)
    : QObject(parent)
{}

Service::~Service()
{
    stop();
}

bool Service::start(const AppContext &context, const QString &listen, Secrets::SecretStore *secrets,
                    Error *error)
{
    Ingest::OtlpReceiver::Options options;
    const QString address = listen.isEmpty() ? context.settings->otlpListen() : listen;
    if (!Ingest::OtlpReceiver::parseListenAddress(address, &options.address, &options.port, error))
        return false;
    Error tokenError;
    const std::optional<QString> token = readToken(secrets, &tokenError);
    if (!token) {
        if (!options.address.isLoopback()) {
            *error = {tokenError.code, tr("%1 Without the OTLP token Burnrate does not listen on %2, which "
                                          "other machines can reach.")
                                           .arg(tokenError.message, address)};
            return false;
        }
        qCInfo(lcApp).noquote() << tr("The OTLP token could not be read, so the receiver accepts traces "
                                      "from this machine without one. %1")
                                       .arg(tokenError.message);
    }
    options.bearerToken = token.value_or(QString());
    options.keepContent = context.settings->otlpKeepContent();
    options.maxBodyBytes = context.settings->otlpMaxBodyBytes();
    warnIfOpen(options, address);

    m_databasePath = context.databasePath;
    m_prices = context.prices;
    m_writer = std::make_unique<Storage::StorageWriter>(context.databasePath);
    if (!m_writer->start(error)) {
        m_writer.reset();
        return false;
    }
    if (!startReceiver(options, error)) {
        m_writer->stop();
        m_writer.reset();
        return false;
    }
    m_listen = address;
    startBudgetMonitor(*context.settings);
    m_autoKill = std::make_unique<KillSwitch::AutoKill>();
    connect(m_autoKill.get(), &KillSwitch::AutoKill::announced, this,
            [](const QString &message, bool problem) {
                if (problem)
                    qCWarning(lcApp).noquote() << message;
                else
                    qCInfo(lcApp).noquote() << message;
            });
    // Budget escalations (120 %) and loop alarms stop agents through the kill switch, per their mode.
    if (m_budgetMonitor)
        connect(m_budgetMonitor.get(), &Budgets::BudgetMonitor::escalationRequested, m_autoKill.get(),
                [autoKill = m_autoKill.get()](const Budgets::Escalation &escalation) {
                    using KillSwitch::AutoKill;
                    const AutoKill::Mode mode =
                        escalation.mode == Budgets::KillAction::Enforce   ? AutoKill::Mode::Enforce
                        : escalation.mode == Budgets::KillAction::Observe ? AutoKill::Mode::Observe
                                                                          : AutoKill::Mode::None;
                    autoKill->escalate(escalation.target == Budgets::Escalation::Target::AllAgents
                                           ? AutoKill::Target::AllAgents
                                           : AutoKill::Target::Agent,
                                       escalation.agentId, mode, escalation.reason, escalation.alertId,
                                       {escalation.loopAlarm ? KillSwitch::Automatic::Trigger::LoopAlarm
                                                             : KillSwitch::Automatic::Trigger::Budget,
                                        escalation.origin});
                });
    return true;
}

void Service::startBudgetMonitor(const Settings &settings)
{
    if (!m_http)
        m_http = std::make_unique<Net::CurlHttpClient>();
    Budgets::BudgetMonitor::Options options;
    options.databasePath = m_databasePath;
    options.anomalyWebhookUrl = settings.alertsWebhookUrl();
    Error invalid;
    const auto loopKill = Budgets::parseKillAction(settings.alertsLoopKillAction(), &invalid);
    if (!loopKill)
        qCWarning(lcApp).noquote()
            << tr("[alerts] loop_kill_action: %1 Loop alarms ask for nothing.").arg(invalid.message);
    options.loopKillAction = loopKill.value_or(Budgets::KillAction::None);
    m_budgetMonitor = std::make_unique<Budgets::BudgetMonitor>(options);
    m_budgetMonitor->setHttpClient(m_http.get());
    Error error;
    // Collecting goes on without alerts rather than not at all.
    if (!m_budgetMonitor->start(&error)) {
        qCCritical(lcApp).noquote() << tr("Budgets and alerts are off: %1").arg(error.message);
        m_budgetMonitor.reset();
        return;
    }
    m_budgetMonitor->watch(m_writer.get());
}

bool Service::restartReceiver(const QString &listen, const QString &bearerToken, Error *error)
{
    Q_ASSERT(m_writer && m_receiver);
    Ingest::OtlpReceiver::Options options = m_options;
    if (!Ingest::OtlpReceiver::parseListenAddress(listen, &options.address, &options.port, error))
        return false;
    options.bearerToken = bearerToken;
    if (options.address == m_options.address && options.port == m_options.port &&
        options.bearerToken == m_options.bearerToken) {
        m_listen = listen;
        return true;
    }
    warnIfOpen(options, listen);

    if (options.port != m_options.port) {
        // Another port can be bound while the old receiver still serves: no gap, and a failure changes
        // nothing.
        std::unique_ptr<Ingest::OtlpReceiver> previous = std::move(m_receiver);
        if (!startReceiver(options, error)) {
            m_receiver = std::move(previous);
            return false;
        }
        previous->stop();
    } else {
        // The same port has to be released first; on failure the old receiver takes it back.
        m_receiver->stop();
        m_receiver.reset();
        if (!startReceiver(options, error)) {
            Error restartError;
            if (!startReceiver(m_options, &restartError))
                qCCritical(lcApp).noquote()
                    << tr("The OTLP receiver could not be started again: %1").arg(restartError.message);
            return false;
        }
    }
    m_listen = listen;
    qCInfo(lcApp).noquote() << "OTLP receiver restarted on" << m_receiver->endpoint();
    Q_EMIT receiverRestarted(m_receiver->endpoint());
    return true;
}

bool Service::startReceiver(const Ingest::OtlpReceiver::Options &options, Error *error)
{
    auto receiver = std::make_unique<Ingest::OtlpReceiver>(options, m_writer.get(), m_prices);
    if (!receiver->start(error))
        return false;
    m_receiver = std::move(receiver);
    m_options = options;
    m_options.port = m_receiver->port(); // a restart on the same address gets the same port, also for 0
    return true;
}

void Service::startPollers(const Settings &settings, Secrets::SecretStore *secrets)
{
    Q_ASSERT(m_writer && m_pollers.empty());
    if (!m_http)
        m_http = std::make_unique<Net::CurlHttpClient>();
    for (Providers::Provider provider : Providers::allProviders()) {
        auto poller = std::make_unique<Providers::ProviderPoller>(provider, m_http.get(), m_writer.get(),
                                                                  m_databasePath);
        Providers::ProviderPoller *p = poller.get();
        p->setSettings(settings.providerSettings(Providers::providerId(provider)));
        const QString name = Providers::secretNameFor(provider);
        const QByteArray variable = Secrets::environmentVariableFor(name).toLocal8Bit();
        if (!qEnvironmentVariableIsEmpty(variable.constData())) {
            p->setKey(qEnvironmentVariable(variable.constData()));
        } else if (secrets) {
            secrets->read(name, p, [p](std::optional<QString> value, Error error) {
                if (error) // the Sources screen shows it with what to do
                    qCInfo(lcApp).noquote() << error.message;
                else
                    p->setKey(value.value_or(QString()));
            });
        }
        p->start();
        m_pollers.push_back(std::move(poller));
    }
}

void Service::startKillSwitch(const Settings &settings, Secrets::SecretStore *secrets)
{
    Q_ASSERT(m_writer && m_autoKill);
    if (!m_http)
        m_http = std::make_unique<Net::CurlHttpClient>();
    const quint64 generation = ++m_killSwitchGeneration;
    m_autoKill->setController(nullptr);
    m_killSwitch.reset();
    const KillSwitchSettings config = settings.killSwitchSettings();
    m_killSwitchConfigured = config.isConfigured();
    m_killSwitchError = {};
    const std::chrono::seconds poll(config.pollS);
    // At once, so that nothing keeps showing the old controller's state while the new one is set up.
    Q_EMIT killSwitchChanged();
    if (!m_killSwitchConfigured)
        return;
    if (!m_killSwitchAudit) {
        Error auditError;
        m_killSwitchAudit = KillSwitch::AuditLog::open(m_databasePath, false, &auditError);
        // The switch matters more than its trail: it works without one, and says so.
        if (!m_killSwitchAudit)
            qCCritical(lcApp).noquote()
                << tr("Kill-switch changes are not audited: %1").arg(auditError.message);
    }
    KillSwitch::resolveBackendConfig(
        config, secrets, this,
        [this, generation, poll](std::optional<KillSwitch::BackendConfig> backendConfig, Error error) {
            if (generation != m_killSwitchGeneration || !m_http)
                return; // replaced by newer settings, or stopped
            std::unique_ptr<KillSwitch::Backend> backend =
                backendConfig ? KillSwitch::makeBackend(*backendConfig, m_http.get(), &error) : nullptr;
            if (!backend) {
                m_killSwitchError = error;
                qCCritical(lcApp).noquote() << tr("The kill switch is off: %1").arg(error.message);
                Q_EMIT killSwitchChanged();
                return;
            }
            m_killSwitch =
                std::make_unique<KillSwitch::Controller>(std::move(backend), m_killSwitchAudit.get());
            m_killSwitch->setPollInterval(poll);
            m_killSwitch->start();
            m_autoKill->setController(m_killSwitch.get());
            qCInfo(lcApp).noquote() << "Kill switch:" << m_killSwitch->storeDescription();
            Q_EMIT killSwitchChanged();
        });
}

QList<Providers::ProviderPoller *> Service::pollers() const
{
    QList<Providers::ProviderPoller *> pollers;
    for (const auto &poller : m_pollers)
        pollers.append(poller.get());
    return pollers;
}

void Service::stop()
{
    // Before the writer: a page in flight is then never stored, and its cursor stays where it was.
    for (const auto &poller : m_pollers)
        poller->stop();
    if (m_receiver)
        m_receiver->stop();
    m_budgetMonitor.reset();
    ++m_killSwitchGeneration; // a configuration still being resolved is dropped
    if (m_autoKill)
        m_autoKill->setController(nullptr);
    if (m_killSwitch) {
        m_killSwitch.reset();
        Q_EMIT killSwitchChanged();
    }
    if (m_writer)
        m_writer->stop();
    m_receiver.reset();
    m_writer.reset();
}

} // namespace Burnrate::App
