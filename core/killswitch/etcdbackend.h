// The kill-switch document as one etcd v3 key, through etcd's JSON gateway (POST /v3/kv/range,
// /v3/kv/txn; keys and values base64). Writes are compare-and-swap on the key's mod_revision. With a
// user name the backend authenticates (/v3/auth/authenticate) and re-authenticates once when etcd
// says the token is invalid or expired. Lives on the thread that uses it (the GUI thread).
#pragma once

#include "killswitchbackend.h"
#include "net/httpclient.h"

#include <QPointer>

namespace Burnrate::KillSwitch {

class EtcdBackend : public Backend
{
    Q_OBJECT
public:
    // url: the etcd client URL (http://127.0.0.1:2379 or https://…); password unused without a user.
    EtcdBackend(Net::HttpClient *client, const QUrl &url, const QString &key, const QString &user,
                const QString &password, QObject *parent = nullptr);

    void read(QObject *context, ReadDone done) override;
    void write(const Document &document, const QByteArray &expectedRevision, QObject *context,
               WriteDone done) override;
    QString describe() const override;

private:
    using Reply = std::function<void(const Net::HttpResponse &response, const Error &error)>;
    // POSTs body to path with the auth token, authenticating first (and once more on an invalid token).
    void call(const QString &path, const QByteArray &body, Reply reply, bool retried = false);
    void authenticate(std::function<void(const Error &error)> done);
    Error errorFor(const Net::HttpResponse &response) const;

    Net::HttpClient *m_client;
    QUrl m_url;
    QString m_key;
    QString m_user;
    QString m_password;
    QByteArray m_token;
};

} // namespace Burnrate::KillSwitch
