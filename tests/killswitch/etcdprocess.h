// A real etcd server (Debian's etcd-server) for tests and benchmarks: started on free loopback ports with
// a scratch data directory, stopped (and restarted on the same ports and data) on request, killed when
// destroyed. Uses the etcd JSON gateway directly (blocking, via QNetworkAccessManager) for setup steps
// that Burnrate itself never does: raw puts, users, roles, enabling auth.
#pragma once

#include "throwawayca.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUrl>

class EtcdProcess
{
public:
    // extraArguments: e.g. {"--auth-token-ttl", "2"}. With tls, clients talk https with its certificate.
    explicit EtcdProcess(QStringList extraArguments = {}, const ThrowAwayCa *tls = nullptr)
        : m_extra(std::move(extraArguments))
        , m_tls(tls)
    {
        m_clientPort = freePort();
        m_peerPort = freePort();
        m_network.setProxy(QNetworkProxy::NoProxy);
        while (m_peerPort == m_clientPort)
            m_peerPort = freePort();
    }
    ~EtcdProcess() { stop(); }

    static bool available() { return !QStandardPaths::findExecutable(QStringLiteral("etcd")).isEmpty(); }

    QUrl url() const
    {
        return QUrl(QStringLiteral("%1://127.0.0.1:%2")
                        .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"))
                        .arg(m_clientPort));
    }
    QString lastError() const { return m_error; }

    // Starts etcd and waits until /health answers; false (see lastError) when it did not come up.
    bool start()
    {
        if (!m_dir.isValid()) {
            m_error = QStringLiteral("no scratch directory");
            return false;
        }
        const QString peer = QStringLiteral("http://127.0.0.1:%1").arg(m_peerPort);
        const QString client = url().toString();
        QStringList arguments = {QStringLiteral("--name"),
                                 QStringLiteral("test"),
                                 QStringLiteral("--data-dir"),
                                 m_dir.filePath(QStringLiteral("data")),
                                 QStringLiteral("--listen-client-urls"),
                                 client,
                                 QStringLiteral("--advertise-client-urls"),
                                 client,
                                 QStringLiteral("--listen-peer-urls"),
                                 peer,
                                 QStringLiteral("--initial-advertise-peer-urls"),
                                 peer,
                                 QStringLiteral("--initial-cluster"),
                                 QStringLiteral("test=") + peer,
                                 QStringLiteral("--logger"),
                                 QStringLiteral("zap"),
                                 QStringLiteral("--log-outputs"),
                                 m_dir.filePath(QStringLiteral("etcd.log"))};
        if (m_tls)
            arguments += {QStringLiteral("--cert-file"), m_tls->certificateFile(),
                          QStringLiteral("--key-file"), m_tls->keyFile()};
        arguments += m_extra;
        m_process.setProgram(QStringLiteral("etcd"));
        m_process.setArguments(arguments);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setStandardOutputFile(m_dir.filePath(QStringLiteral("etcd.out")), QIODevice::Append);
        m_process.start();
        if (!m_process.waitForStarted(10'000)) {
            m_error = QStringLiteral("etcd did not start: ") + m_process.errorString();
            return false;
        }
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 20'000) {
            int status = 0;
            const QByteArray body = request("GET", QStringLiteral("/health"), {}, {}, &status);
            if (status == 200 && body.contains("true"))
                return true;
            if (m_process.state() != QProcess::Running) {
                m_error = QStringLiteral("etcd exited; see ") + m_dir.filePath(QStringLiteral("etcd.log"));
                return false;
            }
            QThread::msleep(50);
        }
        m_error = QStringLiteral("etcd did not become healthy within 20 s");
        return false;
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10'000)) {
            m_process.kill();
            m_process.waitForFinished(5'000);
        }
    }

    // POSTs a JSON body to the gateway (with an auth token if given); returns the body and the status.
    QByteArray post(const QString &path, const QJsonObject &body, int *status = nullptr,
                    const QByteArray &token = {})
    {
        return request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), token, status);
    }

    // The raw value of a key ("" when absent).
    QByteArray value(const QString &key, const QByteArray &token = {})
    {
        const QJsonObject reply =
            QJsonDocument::fromJson(
                post(QStringLiteral("/v3/kv/range"), {{QStringLiteral("key"), b64(key)}}, nullptr, token))
                .object();
        const QJsonArray kvs = reply.value(QStringLiteral("kvs")).toArray();
        if (kvs.isEmpty())
            return {};
        return QByteArray::fromBase64(
            kvs.first().toObject().value(QStringLiteral("value")).toString().toLatin1());
    }

    bool put(const QString &key, const QByteArray &value, const QByteArray &token = {})
    {
        int status = 0;
        post(QStringLiteral("/v3/kv/put"),
             {{QStringLiteral("key"), b64(key)},
              {QStringLiteral("value"), QString::fromLatin1(value.toBase64())}},
             &status, token);
        return status == 200;
    }

    // Users root (role root) and `user` with read-write on keys under `prefix`, then auth on.
    bool enableAuth(const QString &rootPassword, const QString &user, const QString &password,
                    const QString &prefix)
    {
        QByteArray rangeEnd = prefix.toUtf8();
        rangeEnd.back() = char(rangeEnd.back() + 1);
        const QList<std::pair<QString, QJsonObject>> steps = {
            {QStringLiteral("/v3/auth/user/add"),
             {{QStringLiteral("name"), QStringLiteral("root")}, {QStringLiteral("password"), rootPassword}}},
            {QStringLiteral("/v3/auth/user/grant"),
             {{QStringLiteral("user"), QStringLiteral("root")},
              {QStringLiteral("role"), QStringLiteral("root")}}},
            {QStringLiteral("/v3/auth/role/add"), {{QStringLiteral("name"), QStringLiteral("dashboard")}}},
            {QStringLiteral("/v3/auth/role/grant"),
             {{QStringLiteral("name"), QStringLiteral("dashboard")},
              {QStringLiteral("perm"),
               QJsonObject{{QStringLiteral("key"), b64(prefix)},
                           {QStringLiteral("range_end"), QString::fromLatin1(rangeEnd.toBase64())},
                           {QStringLiteral("permType"), QStringLiteral("READWRITE")}}}}},
            {QStringLiteral("/v3/auth/user/add"),
             {{QStringLiteral("name"), user}, {QStringLiteral("password"), password}}},
            {QStringLiteral("/v3/auth/user/grant"),
             {{QStringLiteral("user"), user}, {QStringLiteral("role"), QStringLiteral("dashboard")}}},
            {QStringLiteral("/v3/auth/enable"), {}},
        };
        for (const auto &[path, body] : steps) {
            int status = 0;
            const QByteArray reply = post(path, body, &status);
            if (status != 200) {
                m_error = path + QStringLiteral(": ") + QString::fromUtf8(reply);
                return false;
            }
        }
        return true;
    }

    QByteArray authenticate(const QString &user, const QString &password)
    {
        const QJsonObject reply = QJsonDocument::fromJson(post(QStringLiteral("/v3/auth/authenticate"),
                                                               {{QStringLiteral("name"), user},
                                                                {QStringLiteral("password"), password}}))
                                      .object();
        return reply.value(QStringLiteral("token")).toString().toUtf8();
    }

    static QString b64(const QString &text) { return QString::fromLatin1(text.toUtf8().toBase64()); }

private:
    static quint16 freePort()
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost);
        return server.serverPort();
    }

    QByteArray request(const char *method, const QString &path, const QByteArray &body,
                       const QByteArray &token, int *status)
    {
        QNetworkRequest request(QUrl(url().toString() + path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", token);
        request.setTransferTimeout(5'000);
        if (m_tls)
            request.setSslConfiguration(m_tls->clientConfiguration());
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray result = reply->readAll();
        reply->deleteLater();
        return result;
    }

    QStringList m_extra;
    const ThrowAwayCa *m_tls = nullptr;
    QTemporaryDir m_dir;
    QProcess m_process;
    QNetworkAccessManager m_network;
    quint16 m_clientPort = 0;
    quint16 m_peerPort = 0;
    QString m_error;
};
