// The SecretStore on the OS keychain through QtKeychain (Secret Service over D-Bus on Linux). Jobs run
// on the store's thread, one at a time (QtKeychain queues them), and finish from its event loop.
#include "secrets/secretstore.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <qt6keychain/keychain.h>

namespace Burnrate::Secrets {
namespace {

const QString kService = QStringLiteral("burnrate");

// Whether anything on the session bus answers for the Secret Service. QtKeychain's libsecret backend
// reports a missing bus or daemon as OtherError, so this tells "no keyring" from other failures.
bool secretServiceReachable()
{
    const QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface())
        return false;
    const QString name = QStringLiteral("org.freedesktop.secrets");
    if (bus.interface()->isServiceRegistered(name).value())
        return true;
    return bus.interface()->activatableServiceNames().value().contains(name);
}

// Whether the Secret Service holds the entry in a locked collection. libsecret's lookup reports such an
// entry as missing when the unlock prompt is dismissed or cannot be shown, which would tell the user
// that a key they stored is not set.
bool entryIsLocked(const QString &name)
{
    using Attributes = QMap<QString, QString>;
    static const bool registered = (qDBusRegisterMetaType<Attributes>(), true);
    Q_UNUSED(registered);
    QDBusMessage search = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    search.setAutoStartService(false);
    // QtKeychain's libsecret backend stores the key as "user" and the service as "server".
    search << QVariant::fromValue(
        Attributes{{QStringLiteral("user"), name}, {QStringLiteral("server"), kService}});
    const QDBusMessage reply = QDBusConnection::sessionBus().call(search, QDBus::Block, 5000);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 2)
        return false;
    return !qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().at(1)).isEmpty();
}

// Our own message for a failed job: QtKeychain's errorString is English and names D-Bus internals.
Error keychainError(QKeychain::Error code, const QString &name)
{
    QString message;
    Error::Code kind = Error::Code::Io;
    switch (code) {
    case QKeychain::AccessDenied:
        // libsecret reports a locked collection as AccessDenied.
        message = QCoreApplication::translate(
            "Burnrate::Secrets", "The keyring is locked. Unlock it (for example in Seahorse or by "
                                 "logging in to the desktop) and try again.");
        break;
    case QKeychain::AccessDeniedByUser:
        message = QCoreApplication::translate(
            "Burnrate::Secrets", "Access to the keyring was denied. Allow Burnrate to use it and try again.");
        break;
    case QKeychain::CouldNotDeleteEntry:
        message = QCoreApplication::translate("Burnrate::Secrets",
                                              "The keyring could not delete the entry. Try again, or "
                                              "delete \"%1\" of service \"burnrate\" in Seahorse or KWallet.")
                      .arg(name);
        break;
    default:
        if (code == QKeychain::NoBackendAvailable || !secretServiceReachable()) {
            kind = Error::Code::Unsupported;
            message = QCoreApplication::translate(
                "Burnrate::Secrets", "No keyring is running (Secret Service). Start gnome-keyring "
                                     "or KWallet and try again.");
        } else {
            message = QCoreApplication::translate(
                "Burnrate::Secrets", "The keyring refused the request. It may be locked or have no "
                                     "default keyring: unlock or create one (for example in "
                                     "Seahorse) and try again.");
        }
        break;
    }
    if (const QString variable = environmentVariableFor(name); !variable.isEmpty()) {
        message += u' ' + QCoreApplication::translate("Burnrate::Secrets",
                                                      "Without a keyring, set the environment variable %1.")
                              .arg(variable);
    }
    return {kind, message};
}

class KeychainStore : public SecretStore
{
public:
    using SecretStore::SecretStore;

    void read(const QString &name, QObject *context, ReadDone done) override
    {
        // The environment wins, without asking the keychain (and so without an unlock prompt).
        if (const QByteArray variable = environmentVariableFor(name).toLatin1();
            !variable.isEmpty() && !qEnvironmentVariableIsEmpty(variable.constData())) {
            QMetaObject::invokeMethod(
                guard(context),
                [done = std::move(done), value = qEnvironmentVariable(variable.constData())] {
                    done(value, {});
                },
                Qt::QueuedConnection);
            return;
        }
        auto *job = new QKeychain::ReadPasswordJob(kService);
        start(job, name, context, [done = std::move(done), name](QKeychain::Job *finished) {
            const auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(finished);
            if (readJob->error() == QKeychain::NoError)
                done(readJob->textData(), {});
            else if (readJob->error() == QKeychain::EntryNotFound && entryIsLocked(name))
                done(std::nullopt, keychainError(QKeychain::AccessDenied, name));
            else if (readJob->error() == QKeychain::EntryNotFound)
                done(std::nullopt, {});
            else
                done(std::nullopt, keychainError(readJob->error(), name));
        });
    }

    void write(const QString &name, const QString &value, QObject *context, WriteDone done) override
    {
        auto *job = new QKeychain::WritePasswordJob(kService);
        job->setTextData(value);
        start(job, name, context, [done = std::move(done), name](QKeychain::Job *finished) {
            done(finished->error() == QKeychain::NoError ? Error() : keychainError(finished->error(), name));
        });
    }

    void remove(const QString &name, QObject *context, WriteDone done) override
    {
        auto *job = new QKeychain::DeletePasswordJob(kService);
        start(job, name, context, [done = std::move(done), name](QKeychain::Job *finished) {
            // Removing what is not there is done, not a failure. libsecret skips entries it cannot
            // unlock and still reports success, so look whether one is left.
            QKeychain::Error code = finished->error();
            if ((code == QKeychain::NoError || code == QKeychain::EntryNotFound) && entryIsLocked(name))
                code = QKeychain::AccessDenied;
            done(code == QKeychain::NoError || code == QKeychain::EntryNotFound ? Error()
                                                                                : keychainError(code, name));
        });
    }

private:
    QObject *guard(QObject *context) { return context ? context : this; }

    // Jobs have no parent and delete themselves when finished: libsecret calls back into a job with a
    // raw pointer, so a job must outlive its request even when the store or the context goes first.
    // Job::start() is queued, so `finished` never arrives inside read/write/remove.
    template<typename Handler>
    void start(QKeychain::Job *job, const QString &name, QObject *context, Handler handler)
    {
        job->setAutoDelete(true);
        job->setKey(name);
        QObject::connect(job, &QKeychain::Job::finished, guard(context), std::move(handler));
        job->start();
    }
};

} // namespace

std::unique_ptr<SecretStore> makeKeychainStore(QObject *parent)
{
    return std::make_unique<KeychainStore>(parent);
}

} // namespace Burnrate::Secrets
