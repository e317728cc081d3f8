// Where the kill-switch document lives: an etcd v3 key (JSON gateway) or an HTTP(S) document with
// ETags. Backends are asynchronous, speak through Net::HttpClient, and call back on the context's
// thread (like Net::HttpClient), never inside the call. Use a backend from one thread (the GUI thread).
#pragma once

#include "common/error.h"
#include "common/settings.h"
#include "killswitchdocument.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>
#include <functional>
#include <memory>
#include <optional>

namespace Burnrate::Net {
class HttpClient;
}
namespace Burnrate::Secrets {
class SecretStore;
}

namespace Burnrate::KillSwitch {

struct ReadResult
{
    Error error;         // set: the store could not be read, or its document is not valid
    bool exists = false; // false: the key/document has never been written (document is default)
    Document document;   // valid when !error
    QByteArray revision; // etcd mod_revision or the HTTP ETag; the expected revision for write()
};

struct WriteResult
{
    Error error;           // set on any failure, including a conflict
    bool conflict = false; // the store's revision was not the expected one: re-read and re-apply
    QByteArray revision;   // the new revision when the write succeeded (may be empty if not reported)
};

class Backend : public QObject
{
    Q_OBJECT
public:
    using ReadDone = std::function<void(const ReadResult &result)>;
    using WriteDone = std::function<void(const WriteResult &result)>;

    using QObject::QObject;

    virtual void read(QObject *context, ReadDone done) = 0;
    // Compare-and-swap: stores the document only if the store is still at expectedRevision (empty:
    // only if the document does not exist yet). A different revision is a conflict, not an overwrite.
    virtual void write(const Document &document, const QByteArray &expectedRevision, QObject *context,
                       WriteDone done) = 0;
    // For status output and messages, e.g. "etcd http://127.0.0.1:2379 key burnrate/killswitch". Never
    // contains a credential.
    virtual QString describe() const = 0;
};

struct BackendConfig
{
    enum class Kind { Etcd, Http };

    Kind kind = Kind::Etcd;
    QUrl url;       // etcd: the client URL (http://127.0.0.1:2379); http: the document's URL
    QString key;    // etcd key (default burnrate/killswitch); unused for http (the path is in url)
    QString user;   // etcd user name (empty: no auth); unused for http
    QString secret; // etcd password or the HTTP bearer token; never logged or stored
};

inline constexpr char kDefaultEtcdKey[] = "burnrate/killswitch";

// The configuration of the [killswitch] section, without its secret. InvalidInput (saying how to fix
// it) when no URL is set, the backend is neither etcd nor http, or the URL is not allowed.
std::optional<BackendConfig> backendConfigFrom(const KillSwitchSettings &settings, Error *error);
// The SecretStore entry that holds this configuration's secret: the etcd password (only with a user)
// or the HTTP bearer token (optional). Its environment variable wins (BURNRATE_KILLSWITCH_PASSWORD,
// BURNRATE_KILLSWITCH_TOKEN).
QString secretNameFor(const BackendConfig &config);

// backendConfigFrom() plus the secret: from secrets (its environment variable first, then the keychain),
// or with secrets null from the environment variable only (the command line and --headless never ask
// the keyring, which may wait on an unlock prompt). done runs later on the context's thread: a config, or an
// error saying what to fix (no kill switch configured, an etcd user without a password, a locked keychain).
void resolveBackendConfig(const KillSwitchSettings &settings, Secrets::SecretStore *secrets, QObject *context,
                          std::function<void(std::optional<BackendConfig> config, Error error)> done);

// The backend for a configuration, talking through client (not owned, must outlive the backend).
// InvalidInput when the URL is not allowed (see Net::isAllowedUrl) or the key is empty.
std::unique_ptr<Backend> makeBackend(const BackendConfig &config, Net::HttpClient *client, Error *error,
                                     QObject *parent = nullptr);

} // namespace Burnrate::KillSwitch
