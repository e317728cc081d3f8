#include "etcdbackend.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>
#include <nlohmann/json.hpp>

Q_LOGGING_CATEGORY(lcKillSwitchEtcd, "burnrate.killswitch.etcd")

namespace Burnrate::KillSwitch {

namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::KillSwitch)
};

std::string b64(const QByteArray &bytes)
{
    return bytes.toBase64().toStdString();
}

Json parseObject(const QByteArray &body)
{
    Json j = Json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    return j.is_object() ? j : Json();
}

// etcd's int64 fields arrive as JSON strings; accept numbers too.
QByteArray revisionText(const Json &value)
{
    if (value.is_string())
        return QByteArray::fromStdString(value.get<std::string>());
    if (value.is_number_integer())
        return QByteArray::number(value.get<qint64>());
    return {};
}

// The first key-value of a range response, or null when the key does not exist.
const Json *firstKv(const Json &rangeResponse)
{
    const auto kvs = rangeResponse.find("kvs");
    if (kvs == rangeResponse.end() || !kvs->is_array() || kvs->empty() || !kvs->front().is_object())
        return nullptr;
    return &kvs->front();
}

} // namespace

EtcdBackend::EtcdBackend(Net::HttpClient *client, const QUrl &url, const QString &key, const QString &user,
                         const QString &password, QObject *parent)
    : Backend(parent)
    , m_client(client)
    , m_url(url)
    , m_key(key)
    , m_user(user)
    , m_password(password)
{}

QString EtcdBackend::describe() const
{
    return QStringLiteral("etcd ") +
           m_url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery) +
           QStringLiteral(" key ") + m_key;
}

void EtcdBackend::read(QObject *context, ReadDone done)
{
    Json body = {{"key", b64(m_key.toUtf8())}};
    QPointer<QObject> guard(context);
    call(QStringLiteral("/v3/kv/range"), QByteArray::fromStdString(body.dump()),
         [this, guard, done](const Net::HttpResponse &response, const Error &error) {
             if (!guard)
                 return;
             ReadResult result;
             if (error) {
                 result.error = error;
                 done(result);
                 return;
             }
             const Json j = parseObject(response.body);
             if (j.is_null()) {
                 result.error = Error(
                     Error::Code::Corrupt,
                     Tr::tr("etcd at %1 sent an answer that is not JSON.").arg(Net::displayHost(m_url)));
                 done(result);
                 return;
             }
             const Json *kv = firstKv(j);
             if (!kv) {
                 // Never written: compare-and-swap against mod_revision 0 creates it.
                 result.exists = false;
                 result.revision = "0";
                 done(result);
                 return;
             }
             result.exists = true;
             result.revision = revisionText(kv->value("mod_revision", Json()));
             const QByteArray value =
                 QByteArray::fromBase64(QByteArray::fromStdString(kv->value("value", std::string())));
             Error parseError;
             const std::optional<Document> doc = Document::fromJson(value, &parseError);
             if (!doc) {
                 result.error =
                     Error(Error::Code::Corrupt, Tr::tr("The kill switch in etcd key %1 cannot be used: %2")
                                                     .arg(m_key, parseError.message));
             } else {
                 result.document = *doc;
             }
             done(result);
         });
}

void EtcdBackend::write(const Document &document, const QByteArray &expectedRevision, QObject *context,
                        WriteDone done)
{
    const std::string key = b64(m_key.toUtf8());
    const std::string expected =
        expectedRevision.isEmpty() ? std::string("0") : expectedRevision.toStdString();
    const Json body = {
        {"compare",
         Json::array({{{"target", "MOD"}, {"key", key}, {"result", "EQUAL"}, {"mod_revision", expected}}})},
        {"success", Json::array({{{"request_put", {{"key", key}, {"value", b64(document.toJson())}}}}})},
        {"failure", Json::array({{{"request_range", {{"key", key}}}}})},
    };
    QPointer<QObject> guard(context);
    call(QStringLiteral("/v3/kv/txn"), QByteArray::fromStdString(body.dump()),
         [this, guard, done](const Net::HttpResponse &response, const Error &error) {
             if (!guard)
                 return;
             WriteResult result;
             if (error) {
                 result.error = error;
                 done(result);
                 return;
             }
             const Json j = parseObject(response.body);
             if (j.is_null()) {
                 result.error = Error(
                     Error::Code::Corrupt,
                     Tr::tr("etcd at %1 sent an answer that is not JSON.").arg(Net::displayHost(m_url)));
             } else if (j.value("succeeded", false)) {
                 // The put's revision is the transaction's header revision.
                 const auto header = j.find("header");
                 if (header != j.end() && header->is_object())
                     result.revision = revisionText(header->value("revision", Json()));
             } else {
                 // etcd leaves out "succeeded": false; the failure branch read the key's current state.
                 result.conflict = true;
                 result.error =
                     Error(Error::Code::Busy, Tr::tr("Someone else changed the kill switch in etcd key %1 "
                                                     "at the same time.")
                                                  .arg(m_key));
             }
             done(result);
         });
}

void EtcdBackend::call(const QString &path, const QByteArray &body, Reply reply, bool retried)
{
    if (!m_user.isEmpty() && m_token.isEmpty()) {
        authenticate([this, path, body, reply, retried](const Error &error) {
            if (error)
                reply({}, error);
            else
                call(path, body, reply, retried);
        });
        return;
    }
    Net::HttpRequest request;
    request.method = Net::HttpRequest::Method::Post;
    request.url = m_url;
    request.url.setPath(m_url.path().chopped(m_url.path().endsWith(u'/') ? 1 : 0) + path);
    request.headers.emplaceBack("Content-Type", "application/json");
    if (!m_token.isEmpty())
        request.headers.emplaceBack("Authorization", m_token); // etcd wants the bare token, no "Bearer "
    request.body = body;
    request.connectTimeout = 3s;
    request.totalTimeout = 5s;
    m_client->send(request, this, [this, path, body, reply, retried](const Net::HttpResponse &response) {
        // A simple token expires (--auth-token-ttl, 300 s by default): authenticate again, once.
        if (response.failure == Net::HttpResponse::Failure::None && response.status == 401 &&
            !m_user.isEmpty() && !retried) {
            qCDebug(lcKillSwitchEtcd) << "etcd token refused; authenticating again";
            m_token.clear();
            call(path, body, reply, true);
            return;
        }
        reply(response, errorFor(response));
    });
}

void EtcdBackend::authenticate(std::function<void(const Error &error)> done)
{
    Net::HttpRequest request;
    request.method = Net::HttpRequest::Method::Post;
    request.url = m_url;
    request.url.setPath(m_url.path().chopped(m_url.path().endsWith(u'/') ? 1 : 0) +
                        QStringLiteral("/v3/auth/authenticate"));
    request.headers.emplaceBack("Content-Type", "application/json");
    request.body = QByteArray::fromStdString(
        Json{{"name", m_user.toStdString()}, {"password", m_password.toStdString()}}.dump());
    request.connectTimeout = 3s;
    request.totalTimeout = 5s;
    m_client->send(request, this, [this, done](const Net::HttpResponse &response) {
        if (response.failure != Net::HttpResponse::Failure::None) {
            done(errorFor(response));
            return;
        }
        const Json j = parseObject(response.body);
        const std::string token = j.is_object() ? j.value("token", std::string()) : std::string();
        if (!response.isSuccess() || token.empty()) {
            // etcd says why: a wrong name or password, or authentication not enabled at all.
            QString detail =
                j.is_object() ? QString::fromStdString(j.value("error", std::string())) : QString();
            if (detail.isEmpty())
                detail = Tr::tr("HTTP status %1").arg(response.status);
            done(Error(Error::Code::Unauthorized,
                       Tr::tr("etcd at %1 refused the login of user \"%2\" (%3). Check [killswitch] user and "
                              "BURNRATE_KILLSWITCH_PASSWORD or the password in the keychain.")
                           .arg(Net::displayHost(m_url), m_user, detail)));
            return;
        }
        m_token = QByteArray::fromStdString(token);
        done({});
    });
}

Error EtcdBackend::errorFor(const Net::HttpResponse &response) const
{
    if (response.failure != Net::HttpResponse::Failure::None)
        return Error(Error::Code::Io, Tr::tr("The kill-switch store (etcd at %1) cannot be reached: %2")
                                          .arg(Net::displayHost(m_url), response.error.message));
    if (response.isSuccess())
        return {};
    // etcd's gateway answers {"error": "...", "code": N}; its texts name no secret.
    const Json j = parseObject(response.body);
    QString detail = j.is_object() ? QString::fromStdString(j.value("error", std::string())) : QString();
    if (detail.isEmpty())
        detail = Tr::tr("HTTP status %1").arg(response.status);
    if (response.status == 401 || response.status == 403 ||
        detail.contains(QLatin1String("user name is empty")) ||
        detail.contains(QLatin1String("permission denied"))) {
        return Error(
            Error::Code::Unauthorized,
            m_user.isEmpty()
                ? Tr::tr("etcd at %1 requires a login (%2). Set [killswitch] user and the password in "
                         "BURNRATE_KILLSWITCH_PASSWORD or the keychain.")
                      .arg(Net::displayHost(m_url), detail)
                : Tr::tr("etcd at %1 refused access to key %2 for user \"%3\" (%4).")
                      .arg(Net::displayHost(m_url), m_key, m_user, detail));
    }
    return Error(Error::Code::Io,
                 Tr::tr("etcd at %1 refused the request (%2).").arg(Net::displayHost(m_url), detail));
}

} // namespace Burnrate::KillSwitch
