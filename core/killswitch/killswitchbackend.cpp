#include "killswitchbackend.h"

#include "etcdbackend.h"
#include "httpdocumentbackend.h"

#include "secrets/secretstore.h"

#include <QCoreApplication>

namespace Burnrate::KillSwitch {

std::optional<BackendConfig> backendConfigFrom(const KillSwitchSettings &settings, Error *error)
{
    auto fail = [error](const QString &message) -> std::optional<BackendConfig> {
        if (error)
            *error = Error(Error::Code::InvalidInput, message);
        return std::nullopt;
    };
    if (!settings.isConfigured())
        return fail(QCoreApplication::translate(
            "Burnrate::KillSwitch",
            "No kill switch is configured. Add a [killswitch] section to burnrate.conf with backend=etcd and "
            "url=http://127.0.0.1:2379 (or backend=http and url=https://host/path/killswitch.json)."));
    BackendConfig config;
    if (settings.backend == u"etcd")
        config.kind = BackendConfig::Kind::Etcd;
    else if (settings.backend == u"http")
        config.kind = BackendConfig::Kind::Http;
    else
        return fail(QCoreApplication::translate("Burnrate::KillSwitch",
                                                "[killswitch] backend is \"%1\"; use etcd or http.")
                        .arg(settings.backend));
    config.url = QUrl(settings.url);
    Error urlError;
    if (!Net::isAllowedUrl(config.url, &urlError))
        return fail(QCoreApplication::translate("Burnrate::KillSwitch", "[killswitch] url: %1")
                        .arg(urlError.message));
    config.key = settings.key.isEmpty() ? QString::fromLatin1(kDefaultEtcdKey) : settings.key;
    config.user = settings.user;
    return config;
}

QString secretNameFor(const BackendConfig &config)
{
    if (config.kind == BackendConfig::Kind::Http)
        return QString::fromLatin1(Secrets::SecretName::KillSwitchToken);
    return config.user.isEmpty() ? QString() : QString::fromLatin1(Secrets::SecretName::KillSwitchPassword);
}

void resolveBackendConfig(const KillSwitchSettings &settings, Secrets::SecretStore *secrets, QObject *context,
                          std::function<void(std::optional<BackendConfig> config, Error error)> done)
{
    Error error;
    std::optional<BackendConfig> config = backendConfigFrom(settings, &error);
    const QString secretName = config ? secretNameFor(*config) : QString();
    if (!config || secretName.isEmpty()) {
        QMetaObject::invokeMethod(
            context, [config, error, done] { done(config, error); }, Qt::QueuedConnection);
        return;
    }
    const bool required = config->kind == BackendConfig::Kind::Etcd; // the HTTP token is optional
    auto finish = [config, required, done](std::optional<QString> value, Error readError) mutable {
        if (value && !value->isEmpty()) {
            config->secret = *value;
            done(config, {});
        } else if (!required) {
            done(config, {});
        } else if (readError) {
            done(std::nullopt, readError);
        } else {
            done(std::nullopt, Error(Error::Code::Unauthorized,
                                     QCoreApplication::translate(
                                         "Burnrate::KillSwitch",
                                         "[killswitch] user is \"%1\" but no password is set. Set "
                                         "BURNRATE_KILLSWITCH_PASSWORD or store it in the keychain.")
                                         .arg(config->user)));
        }
    };
    if (secrets) {
        secrets->read(secretName, context, finish);
        return;
    }
    const QString fromEnvironment =
        qEnvironmentVariable(qPrintable(Secrets::environmentVariableFor(secretName)));
    QMetaObject::invokeMethod(
        context,
        [finish, fromEnvironment]() mutable {
            finish(fromEnvironment.isEmpty() ? std::nullopt : std::optional<QString>(fromEnvironment), {});
        },
        Qt::QueuedConnection);
}

std::unique_ptr<Backend> makeBackend(const BackendConfig &config, Net::HttpClient *client, Error *error,
                                     QObject *parent)
{
    if (!Net::isAllowedUrl(config.url, error))
        return nullptr;
    if (config.kind == BackendConfig::Kind::Http)
        return std::make_unique<HttpDocumentBackend>(client, config.url, config.secret, parent);
    if (config.key.trimmed().isEmpty()) {
        if (error)
            *error = Error(
                Error::Code::InvalidInput,
                QCoreApplication::translate("Burnrate::KillSwitch",
                                            "The etcd key of the kill switch is empty. Set [killswitch] "
                                            "key, or remove it to use burnrate/killswitch."));
        return nullptr;
    }
    return std::make_unique<EtcdBackend>(client, config.url, config.key, config.user, config.secret, parent);
}

} // namespace Burnrate::KillSwitch
