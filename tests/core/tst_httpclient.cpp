// CurlHttpClient against real servers started by the test: plain HTTP on loopback, HTTPS with a CA made
// at test time by openssl, a recording proxy; plus the retry policy applied over the wire.
#include "net/curlhttpclient.h"
#include "net/retry.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace Burnrate;
using namespace Burnrate::Net;
using namespace std::chrono_literals;
using Failure = HttpResponse::Failure;

namespace {

QByteArray testData(const QString &name)
{
    QFile file(QStringLiteral(BURNRATE_TEST_DATA_DIR "/net/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(name));
    return file.readAll();
}

QByteArray httpReply(int status, const QByteArray &body = {}, const QList<QByteArray> &headers = {})
{
    QByteArray reply = "HTTP/1.1 " + QByteArray::number(status) +
                       " Test\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const QByteArray &header : headers)
        reply += header + "\r\n";
    return reply + "\r\n" + body;
}

struct Reply
{
    enum class Mode {
        Answer,     // write the bytes, keep the connection
        Hang,       // never answer
        CloseAfter, // write the bytes, then close the connection
    };
    QByteArray bytes;
    Mode mode = Mode::Answer;
};

struct Received
{
    QByteArray method;
    QByteArray target;
    HttpHeaders headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

// A tiny HTTP/1.1 server (HTTPS with a QSslServer) on 127.0.0.1 that records requests and answers
// each with the next scripted reply; the last reply repeats.
class TestServer : public QObject
{
    Q_OBJECT
public:
    explicit TestServer(const QSslConfiguration &tls = {})
    {
        if (tls.isNull()) {
            m_server = std::make_unique<QTcpServer>();
        } else {
            auto server = std::make_unique<QSslServer>();
            server->setSslConfiguration(tls);
            m_server = std::move(server);
        }
        connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, &TestServer::accept);
        if (!m_server->listen(QHostAddress::LocalHost))
            qFatal("cannot listen on loopback");
    }

    quint16 port() const { return m_server->serverPort(); }
    QUrl url(const QString &pathAndQuery, const QString &scheme = QStringLiteral("http")) const
    {
        return QUrl(scheme + u"://127.0.0.1:" + QString::number(port()) + pathAndQuery);
    }

    QList<Reply> replies{{httpReply(200, "ok")}};
    QList<Received> requests;
    int connections = 0;
    int closedConnections = 0;

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            ++connections;
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                ++closedConnections;
                socket->deleteLater();
            });
            read(socket);
        }
    }

    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            Received request;
            const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
            const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
            request.method = requestLine.value(0);
            request.target = requestLine.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                request.headers.append({lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
            }
            const qsizetype length = request.header("content-length").toLongLong();
            if (buffer.size() < headEnd + 4 + length)
                return;
            request.body = buffer.mid(headEnd + 4, length);
            buffer.remove(0, headEnd + 4 + length);
            requests.append(request);

            const Reply reply = replies.size() > 1 ? replies.takeFirst() : replies.first();
            if (reply.mode == Reply::Mode::Hang)
                continue;
            socket->write(reply.bytes);
            if (reply.mode == Reply::Mode::CloseAfter) {
                socket->disconnectFromHost();
                return;
            }
        }
    }

    std::unique_ptr<QTcpServer> m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// Messages of every thread, for the assertion that no secret is logged.
QMutex s_logMutex;
QStringList s_log;
QtMessageHandler s_previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&s_logMutex);
        s_log.append(message);
    }
    if (type != QtDebugMsg)
        s_previousHandler(type, context, message);
}

struct Result
{
    bool called = false;
    HttpResponse response;
    QThread *thread = nullptr;
};

HttpClient::Callback recordInto(std::shared_ptr<Result> result)
{
    return [result](const HttpResponse &response) {
        result->called = true;
        result->response = response;
        result->thread = QThread::currentThread();
    };
}

HttpRequest get(const QUrl &url)
{
    HttpRequest request;
    request.url = url;
    return request;
}

// The port of a server that was just closed: nothing listens there.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

const char *const kProxyVariables[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                                       "all_proxy",  "ALL_PROXY",  "no_proxy",    "NO_PROXY"};

void clearProxyEnvironment()
{
    for (const char *name : kProxyVariables)
        qunsetenv(name);
}

} // namespace

class TestHttpClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void allowedUrls_data();
    void allowedUrls();
    void getReturnsStatusHeadersAndBody();
    void methodsAndBodies_data();
    void methodsAndBodies();
    void headersArriveButAreNeverLogged();
    void retryAfterThenSuccess();
    void serverErrorThenSuccess();
    void authFailuresNameTheKey_data();
    void authFailuresNameTheKey();
    void brokenResponsesAreInterrupted_data();
    void brokenResponsesAreInterrupted();
    void slowResponseTimesOut();
    void closedPortIsConnectFailed();
    void httpsWithExtraCa();
    void httpsWithoutCaIsTlsError();
    void refusedUrlsNeverConnect_data();
    void refusedUrlsNeverConnect();
    void proxyFromEnvironment();
    void responseSizeCap_data();
    void responseSizeCap();
    void concurrentRequests();
    void cancelledRequestNeverCallsBack();
    void callbackRunsOnContextThread();
    void destroyingClientMidRequest();

private:
    QTemporaryDir m_tlsDir;
    QSslConfiguration m_tls;
    QString caFile() const { return m_tlsDir.filePath(QStringLiteral("ca.crt")); }
};

void TestHttpClient::initTestCase()
{
    // A CI proxy must not intercept loopback; the proxy test sets its own.
    clearProxyEnvironment();

    // A throw-away CA and a server certificate for 127.0.0.1 and localhost.
    QVERIFY(m_tlsDir.isValid());
    QVERIFY(QSslSocket::supportsSsl());
    QFile extensions(m_tlsDir.filePath(QStringLiteral("ext.cnf")));
    QVERIFY(extensions.open(QIODevice::WriteOnly));
    extensions.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                     "extendedKeyUsage=serverAuth\n");
    extensions.close();
    const QList<QStringList> commands = {
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
         QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
         QStringLiteral("ca.key"), QStringLiteral("-out"), QStringLiteral("ca.crt"), QStringLiteral("-days"),
         QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=Burnrate Test CA"),
         QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
         QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
        {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
         QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("server.key"),
         QStringLiteral("-out"), QStringLiteral("server.csr"), QStringLiteral("-subj"),
         QStringLiteral("/CN=localhost")},
        {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
         QStringLiteral("-CA"), QStringLiteral("ca.crt"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
         QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), QStringLiteral("server.crt"),
         QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), QStringLiteral("ext.cnf")},
    };
    for (const QStringList &arguments : commands) {
        QProcess openssl;
        openssl.setWorkingDirectory(m_tlsDir.path());
        openssl.start(QStringLiteral("openssl"), arguments);
        QVERIFY2(openssl.waitForFinished(30'000), "openssl did not run");
        QVERIFY2(openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0,
                 openssl.readAllStandardError().constData());
    }
    QFile certificate(m_tlsDir.filePath(QStringLiteral("server.crt")));
    QFile key(m_tlsDir.filePath(QStringLiteral("server.key")));
    QVERIFY(certificate.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly));
    m_tls = QSslConfiguration::defaultConfiguration();
    m_tls.setLocalCertificate(QSslCertificate(certificate.readAll()));
    m_tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa));
    m_tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    QVERIFY(!m_tls.localCertificate().isNull() && !m_tls.privateKey().isNull());
}

void TestHttpClient::cleanup()
{
    clearProxyEnvironment();
}

void TestHttpClient::allowedUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");

    QTest::newRow("https") << QStringLiteral("https://api.openai.com/v1/organization/costs") << true;
    QTest::newRow("https ip") << QStringLiteral("https://10.0.0.1:8443/") << true;
    QTest::newRow("http 127.0.0.1") << QStringLiteral("http://127.0.0.1:8080/x") << true;
    QTest::newRow("http 127/8") << QStringLiteral("http://127.12.0.1/") << true;
    QTest::newRow("http ::1") << QStringLiteral("http://[::1]:9/") << true;
    QTest::newRow("http localhost") << QStringLiteral("http://LocalHost:1/") << true;
    QTest::newRow("http remote name") << QStringLiteral("http://api.openai.com/") << false;
    QTest::newRow("http private ip") << QStringLiteral("http://192.168.1.10/") << false;
    QTest::newRow("http ipv6") << QStringLiteral("http://[2001:db8::1]/") << false;
    QTest::newRow("http localhost lookalike") << QStringLiteral("http://localhost.example.com/") << false;
    QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/") << false;
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << false;
    QTest::newRow("no host") << QStringLiteral("https:///v1") << false;
    QTest::newRow("relative") << QStringLiteral("/v1/costs") << false;
}

void TestHttpClient::allowedUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    Error error;
    QCOMPARE(isAllowedUrl(QUrl(url), &error), allowed);
    QCOMPARE(error.isError(), !allowed);
}

void TestHttpClient::getReturnsStatusHeadersAndBody()
{
    TestServer server;
    // A malformed JSON body is the caller's to judge: the client hands it over as it came.
    server.replies = {{httpReply(200, "{\"data\": [1, 2", {"X-Request-Id: req-42", "retry-after: 3"})}};
    CurlHttpClient client;
    auto result = std::make_shared<Result>();
    client.send(get(server.url(QStringLiteral("/v1/organization/costs?start_time=1&limit=7"))), this,
                recordInto(result));
    QVERIFY(!result->called); // never inside send()
    QTRY_VERIFY(result->called);

    const HttpResponse &response = result->response;
    QCOMPARE(response.failure, Failure::None);
    QVERIFY(!response.error.isError());
    QCOMPARE(response.status, 200);
    QVERIFY(response.isSuccess());
    QCOMPARE(response.body, QByteArray("{\"data\": [1, 2"));
    QCOMPARE(response.header("x-request-id"), QByteArray("req-42"));
    QCOMPARE(response.header("Retry-After"), QByteArray("3"));
    QCOMPARE(response.url, server.url(QStringLiteral("/v1/organization/costs?start_time=1&limit=7")));
    QCOMPARE(result->thread, QThread::currentThread());

    QCOMPARE(server.requests.size(), 1);
    const Received &request = server.requests.first();
    QCOMPARE(request.method, QByteArray("GET"));
    QCOMPARE(request.target, QByteArray("/v1/organization/costs?start_time=1&limit=7"));
    QVERIFY2(request.header("User-Agent").startsWith("Burnrate/"), request.header("User-Agent").constData());
}

void TestHttpClient::methodsAndBodies_data()
{
    QTest::addColumn<int>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expectedMethod");

    QTest::newRow("GET") << int(HttpRequest::Method::Get) << QByteArray() << QByteArray("GET");
    QTest::newRow("POST") << int(HttpRequest::Method::Post) << QByteArray(R"({"key":"a2V5"})")
                          << QByteArray("POST");
    QTest::newRow("POST empty") << int(HttpRequest::Method::Post) << QByteArray() << QByteArray("POST");
    QTest::newRow("PUT") << int(HttpRequest::Method::Put) << QByteArray(R"({"value":1})")
                         << QByteArray("PUT");
    QTest::newRow("DELETE") << int(HttpRequest::Method::Delete) << QByteArray() << QByteArray("DELETE");
    QTest::newRow("DELETE with body")
        << int(HttpRequest::Method::Delete) << QByteArray(R"({"key":"a"})") << QByteArray("DELETE");
    QTest::newRow("POST 2 MiB") << int(HttpRequest::Method::Post) << QByteArray(2 * 1024 * 1024, 'x')
                                << QByteArray("POST");
}

void TestHttpClient::methodsAndBodies()
{
    QFETCH(int, method);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expectedMethod);

    TestServer server;
    server.replies = {{httpReply(201, "created")}};
    CurlHttpClient client;
    HttpRequest request = get(server.url(QStringLiteral("/v3/kv/put")));
    request.method = HttpRequest::Method(method);
    request.body = body;
    request.headers = {{"Content-Type", "application/json"}};
    auto result = std::make_shared<Result>();
    client.send(request, this, recordInto(result));
    QTRY_VERIFY(result->called);
    QCOMPARE(result->response.status, 201);
    QCOMPARE(result->response.body, QByteArray("created"));
    QCOMPARE(server.requests.size(), 1);
    QCOMPARE(server.requests.first().method, expectedMethod);
    QCOMPARE(server.requests.first().body.size(), body.size());
    QVERIFY(server.requests.first().body == body);
    QCOMPARE(server.requests.first().header("content-type"), QByteArray("application/json"));
    QVERIFY(server.requests.first().header("expect").isEmpty());
}

void TestHttpClient::headersArriveButAreNeverLogged()
{
    const QByteArray token = "sk-admin-NeverLogMe0123456789";
    TestServer server;
    server.replies = {{httpReply(401, testData(QStringLiteral("openai_401_invalid_key.json")))},
                      {httpReply(200, "{}")}};
    {
        QMutexLocker lock(&s_logMutex);
        s_log.clear();
    }
    QLoggingCategory::setFilterRules(QStringLiteral("burnrate.net.debug=true"));
    s_previousHandler = qInstallMessageHandler(captureMessage);

    {
        CurlHttpClient client;
        for (int i = 0; i < 2; ++i) {
            HttpRequest request =
                get(server.url(QStringLiteral("/v1/organization/costs?api_key=QueryKeyLeak")));
            request.headers = {{"Authorization", "Bearer " + token}, {"x-api-key", token}};
            auto result = std::make_shared<Result>();
            client.send(request, this, recordInto(result));
            QTRY_VERIFY(result->called);
        }
        // A failure is logged too.
        auto result = std::make_shared<Result>();
        HttpRequest request = get(QUrl(QStringLiteral("http://127.0.0.1:%1/down").arg(closedPort())));
        request.headers = {{"Authorization", "Bearer " + token}};
        client.send(request, this, recordInto(result));
        QTRY_VERIFY(result->called);
    }

    qInstallMessageHandler(s_previousHandler);
    QLoggingCategory::setFilterRules(QStringLiteral("burnrate.net.debug=false"));

    QCOMPARE(server.requests.size(), 2);
    QCOMPARE(server.requests.first().header("authorization"), "Bearer " + token);
    QCOMPARE(server.requests.first().header("x-api-key"), token);

    QMutexLocker lock(&s_logMutex);
    const QString log = s_log.join(u'\n');
    QVERIFY2(log.contains(u"/v1/organization/costs") && log.contains(u"/down"), qPrintable(log));
    QVERIFY2(!log.contains(QString::fromLatin1(token)), qPrintable(log));
    QVERIFY2(!log.contains(u"NeverLogMe"), qPrintable(log));
    QVERIFY2(!log.contains(u"QueryKeyLeak"), qPrintable(log));
}

void TestHttpClient::retryAfterThenSuccess()
{
    TestServer server;
    server.replies = {
        {httpReply(429, testData(QStringLiteral("openai_429_rate_limited.json")), {"Retry-After: 3"})},
        {httpReply(200, R"({"object":"page","data":[]})")}};
    CurlHttpClient client;
    RetryingRequest request(&client, get(server.url(QStringLiteral("/v1/organization/costs"))),
                            QStringLiteral("OpenAI admin key"));
    QList<std::chrono::milliseconds> waits;
    RetryingRequest::Clock clock = RetryingRequest::Clock::system();
    clock.wait = [&waits](std::chrono::milliseconds delay, QObject *context, std::function<void()> fire) {
        waits.append(delay);
        QTimer::singleShot(0, context, std::move(fire));
    };
    request.setClock(clock);
    bool done = false;
    HttpResponse last;
    Error error;
    request.start([&](const HttpResponse &response, const Error &e) {
        done = true;
        last = response;
        error = e;
    });
    QTRY_VERIFY(done);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(last.status, 200);
    QCOMPARE(server.requests.size(), 2);
    QCOMPARE(request.attempts(), 2);
    QCOMPARE(waits.size(), 1);
    // Retry-After: 3 plus at most 10 % jitter.
    QVERIFY2(waits.first() >= 3000ms && waits.first() <= 3300ms,
             qPrintable(QString::number(waits.first().count())));
}

void TestHttpClient::serverErrorThenSuccess()
{
    TestServer server;
    server.replies = {{httpReply(500, "oops")}, {httpReply(200, "{}")}};
    CurlHttpClient client;
    RetryingRequest request(&client, get(server.url(QStringLiteral("/v1/organizations/cost_report"))),
                            QStringLiteral("Anthropic admin key"));
    QList<std::chrono::milliseconds> waits;
    RetryingRequest::Clock clock = RetryingRequest::Clock::system();
    clock.wait = [&waits](std::chrono::milliseconds delay, QObject *context, std::function<void()> fire) {
        waits.append(delay);
        QTimer::singleShot(0, context, std::move(fire));
    };
    request.setClock(clock);
    bool done = false;
    int status = 0;
    request.start([&](const HttpResponse &response, const Error &) {
        done = true;
        status = response.status;
    });
    QTRY_VERIFY(done);
    QCOMPARE(status, 200);
    QCOMPARE(server.requests.size(), 2);
    QCOMPARE(waits.size(), 1);
    QVERIFY(waits.first() >= 1000ms && waits.first() <= 2000ms); // the first backoff, 2 s with equal jitter
}

void TestHttpClient::authFailuresNameTheKey_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("expected");

    QTest::newRow("openai 403") << 403 << QStringLiteral("openai_403_missing_scope.json")
                                << QStringLiteral("OpenAI admin key") << QStringLiteral("api.usage.read");
    QTest::newRow("anthropic 401") << 401 << QStringLiteral("anthropic_401_authentication_error.json")
                                   << QStringLiteral("Anthropic admin key") << QStringLiteral("401");
    QTest::newRow("openrouter 403") << 403 << QStringLiteral("openrouter_403_management_key.json")
                                    << QStringLiteral("OpenRouter key") << QStringLiteral("management keys");
}

void TestHttpClient::authFailuresNameTheKey()
{
    QFETCH(int, status);
    QFETCH(QString, file);
    QFETCH(QString, label);
    QFETCH(QString, expected);

    const QByteArray key = "sk-test-KeyMustNotAppear42";
    TestServer server;
    server.replies = {{httpReply(status, testData(file), {"Content-Type: application/json"})}};
    CurlHttpClient client;
    HttpRequest httpRequest = get(server.url(QStringLiteral("/v1/organization/usage/completions")));
    httpRequest.headers = {{"Authorization", "Bearer " + key}};
    RetryingRequest request(&client, httpRequest, label);
    bool done = false;
    Error error;
    request.start([&](const HttpResponse &, const Error &e) {
        done = true;
        error = e;
    });
    QTRY_VERIFY(done);
    QCOMPARE(server.requests.size(), 1); // fails fast
    QVERIFY2(error.message.contains(label) && error.message.contains(expected), qPrintable(error.message));
    QVERIFY(!error.message.contains(u"KeyMustNotAppear"));
}

void TestHttpClient::brokenResponsesAreInterrupted_data()
{
    QTest::addColumn<QByteArray>("bytes");

    QByteArray truncated = httpReply(200, QByteArray(100, 'x'));
    truncated.chop(90);
    QTest::newRow("truncated body") << truncated;
    QTest::newRow("closed without answer") << QByteArray();
    QTest::newRow("closed inside headers") << QByteArray("HTTP/1.1 200 OK\r\nContent-Le");
}

void TestHttpClient::brokenResponsesAreInterrupted()
{
    QFETCH(QByteArray, bytes);
    TestServer server;
    server.replies = {{bytes, Reply::Mode::CloseAfter}};
    CurlHttpClient client;
    auto result = std::make_shared<Result>();
    client.send(get(server.url(QStringLiteral("/cut"))), this, recordInto(result));
    QTRY_VERIFY(result->called);
    QCOMPARE(result->response.failure, Failure::Interrupted);
    QCOMPARE(result->response.status, 0);
    QVERIFY(result->response.body.isEmpty());
    QVERIFY2(result->response.error.message.contains(u"127.0.0.1"),
             qPrintable(result->response.error.message));
}

void TestHttpClient::slowResponseTimesOut()
{
    TestServer server;
    server.replies = {{{}, Reply::Mode::Hang}};
    CurlHttpClient client;
    HttpRequest request = get(server.url(QStringLiteral("/slow")));
    request.totalTimeout = 300ms;
    auto result = std::make_shared<Result>();
    client.send(request, this, recordInto(result));
    QTRY_VERIFY_WITH_TIMEOUT(result->called, 10'000);
    QCOMPARE(result->response.failure, Failure::Timeout);
    QCOMPARE(server.requests.size(), 1);
    QVERIFY(result->response.error.message.contains(u"127.0.0.1"));
}

void TestHttpClient::closedPortIsConnectFailed()
{
    CurlHttpClient client;
    auto result = std::make_shared<Result>();
    client.send(get(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(closedPort()))), this,
                recordInto(result));
    QTRY_VERIFY(result->called);
    QCOMPARE(result->response.failure, Failure::ConnectFailed);
    QCOMPARE(result->response.error.code, Error::Code::Io);
}

void TestHttpClient::httpsWithExtraCa()
{
    TestServer server(m_tls);
    server.replies = {{httpReply(200, "secure")}};
    CurlHttpClient client(CurlHttpClient::Options{caFile()});
    for (const QString &host : {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}) {
        auto result = std::make_shared<Result>();
        const QUrl url(QStringLiteral("https://%1:%2/v1/key").arg(host).arg(server.port()));
        client.send(get(url), this, recordInto(result));
        QTRY_VERIFY_WITH_TIMEOUT(result->called, 10'000);
        QVERIFY2(result->response.isSuccess(), qPrintable(result->response.error.message));
        QCOMPARE(result->response.body, QByteArray("secure"));
    }
    QCOMPARE(server.requests.size(), 2);
}

void TestHttpClient::httpsWithoutCaIsTlsError()
{
    TestServer server(m_tls);
    CurlHttpClient client;
    auto result = std::make_shared<Result>();
    client.send(get(server.url(QStringLiteral("/v1/key"), QStringLiteral("https"))), this,
                recordInto(result));
    QTRY_VERIFY_WITH_TIMEOUT(result->called, 10'000);
    QCOMPARE(result->response.failure, Failure::Tls);
    QVERIFY(result->response.error.message.contains(u"127.0.0.1"));
    QVERIFY(server.requests.isEmpty());

    // A CA file that does not exist is a TLS error as well, not a silent fallback.
    CurlHttpClient missingCa(CurlHttpClient::Options{m_tlsDir.filePath(QStringLiteral("missing.crt"))});
    auto second = std::make_shared<Result>();
    missingCa.send(get(server.url(QStringLiteral("/v1/key"), QStringLiteral("https"))), this,
                   recordInto(second));
    QTRY_VERIFY_WITH_TIMEOUT(second->called, 10'000);
    QCOMPARE(second->response.failure, Failure::Tls);
    QVERIFY(server.requests.isEmpty());
}

void TestHttpClient::refusedUrlsNeverConnect_data()
{
    QTest::addColumn<QString>("url");

    QTest::newRow("http remote") << QStringLiteral("http://example.com/v1/key");
    QTest::newRow("http private ip") << QStringLiteral("http://10.1.2.3:8080/x");
    QTest::newRow("http with password") << QStringLiteral("http://user:hunter2@192.168.1.1/");
    QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/");
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd");
}

void TestHttpClient::refusedUrlsNeverConnect()
{
    QFETCH(QString, url);
    // Any attempt would reach this proxy.
    TestServer proxy;
    const QByteArray proxyUrl = "http://127.0.0.1:" + QByteArray::number(proxy.port());
    for (const char *name : {"http_proxy", "https_proxy", "all_proxy", "ALL_PROXY"})
        qputenv(name, proxyUrl);

    CurlHttpClient client;
    auto result = std::make_shared<Result>();
    client.send(get(QUrl(url)), this, recordInto(result));
    QVERIFY(!result->called);
    QTRY_VERIFY(result->called);
    QCOMPARE(result->response.failure, Failure::RefusedUrl);
    QVERIFY(result->response.error.isError());
    QVERIFY(!result->response.error.message.contains(u"hunter2"));
    QTest::qWait(100);
    QCOMPARE(proxy.connections, 0);
}

void TestHttpClient::proxyFromEnvironment()
{
    TestServer proxy;
    proxy.replies = {{httpReply(200, "via proxy")}};
    // libcurl reads only the lowercase http_proxy; an empty NO_PROXY excludes nothing, loopback included.
    qputenv("http_proxy", "http://127.0.0.1:" + QByteArray::number(proxy.port()));
    qputenv("NO_PROXY", "");
    const QUrl target(QStringLiteral("http://127.0.0.1:%1/through/the/proxy?x=1").arg(closedPort()));

    CurlHttpClient client;
    auto result = std::make_shared<Result>();
    client.send(get(target), this, recordInto(result));
    QTRY_VERIFY(result->called);
    QVERIFY2(result->response.isSuccess(), qPrintable(result->response.error.message));
    QCOMPARE(result->response.body, QByteArray("via proxy"));
    QCOMPARE(proxy.requests.size(), 1);
    QCOMPARE(proxy.requests.first().target, target.toEncoded()); // the absolute form a proxy gets

    // no_proxy listing the host bypasses the proxy: the closed port then refuses.
    qputenv("no_proxy", "127.0.0.1");
    auto direct = std::make_shared<Result>();
    client.send(get(target), this, recordInto(direct));
    QTRY_VERIFY(direct->called);
    QCOMPARE(direct->response.failure, Failure::ConnectFailed);
    QCOMPARE(proxy.requests.size(), 1);
}

void TestHttpClient::responseSizeCap_data()
{
    QTest::addColumn<QByteArray>("reply");

    QTest::newRow("content-length") << httpReply(200, QByteArray(4096, 'x'));
    QByteArray chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 4; ++i)
        chunked += "400\r\n" + QByteArray(1024, 'y') + "\r\n";
    QTest::newRow("chunked") << chunked + "0\r\n\r\n";
}

void TestHttpClient::responseSizeCap()
{
    QFETCH(QByteArray, reply);
    TestServer server;
    server.replies = {{reply}};
    CurlHttpClient client;
    HttpRequest request = get(server.url(QStringLiteral("/big")));
    request.maxResponseBytes = 2000;
    auto result = std::make_shared<Result>();
    client.send(request, this, recordInto(result));
    QTRY_VERIFY(result->called);
    QCOMPARE(result->response.failure, Failure::TooLarge);
    QVERIFY(result->response.body.isEmpty());
    QVERIFY(result->response.error.message.contains(u"127.0.0.1"));

    // The same answer within the cap is fine.
    request.maxResponseBytes = 4096;
    auto fits = std::make_shared<Result>();
    client.send(request, this, recordInto(fits));
    QTRY_VERIFY(fits->called);
    QVERIFY2(fits->response.isSuccess(), qPrintable(fits->response.error.message));
    QCOMPARE(fits->response.body.size(), 4096);
}

void TestHttpClient::concurrentRequests()
{
    TestServer server;
    CurlHttpClient client;
    QList<std::shared_ptr<Result>> results;
    for (int i = 0; i < 20; ++i) {
        results.append(std::make_shared<Result>());
        client.send(get(server.url(QStringLiteral("/page/%1").arg(i))), this, recordInto(results.last()));
    }
    QTRY_VERIFY(std::all_of(results.cbegin(), results.cend(), [](const auto &r) { return r->called; }));
    for (const auto &result : std::as_const(results))
        QCOMPARE(result->response.status, 200);
    QCOMPARE(server.requests.size(), 20);
    QSet<QByteArray> targets;
    for (const Received &request : std::as_const(server.requests))
        targets.insert(request.target);
    QCOMPARE(targets.size(), 20);
}

void TestHttpClient::cancelledRequestNeverCallsBack()
{
    TestServer server;
    server.replies = {{{}, Reply::Mode::Hang}};
    CurlHttpClient client;
    auto result = std::make_shared<Result>();
    const HttpClient::RequestId id =
        client.send(get(server.url(QStringLiteral("/watch"))), this, recordInto(result));
    QTRY_COMPARE(server.requests.size(), 1);
    client.cancel(id);
    // The transfer is really abandoned: its connection closes.
    QTRY_COMPARE(server.closedConnections, 1);
    QTest::qWait(100);
    QVERIFY(!result->called);

    // Cancelling a refused request (its answer already queued) drops it too.
    auto refused = std::make_shared<Result>();
    client.cancel(client.send(get(QUrl(QStringLiteral("http://example.com/"))), this, recordInto(refused)));
    QTest::qWait(100);
    QVERIFY(!refused->called);
}

void TestHttpClient::callbackRunsOnContextThread()
{
    TestServer server;
    CurlHttpClient client;
    QThread worker;
    worker.start();
    auto *context = new QObject;
    context->moveToThread(&worker);
    auto result = std::make_shared<Result>();
    auto mutex = std::make_shared<QMutex>();
    client.send(get(server.url(QStringLiteral("/threaded"))), context,
                [result, mutex](const HttpResponse &r) {
                    QMutexLocker lock(mutex.get());
                    result->called = true;
                    result->response = r;
                    result->thread = QThread::currentThread();
                });
    QTRY_VERIFY([&] {
        QMutexLocker lock(mutex.get());
        return result->called;
    }());
    QMutexLocker lock(mutex.get());
    QCOMPARE(result->thread, &worker);
    QCOMPARE(result->response.status, 200);
    lock.unlock();
    context->deleteLater();
    worker.quit();
    QVERIFY(worker.wait(5000));
}

void TestHttpClient::destroyingClientMidRequest()
{
    TestServer server;
    server.replies = {{{}, Reply::Mode::Hang}};
    auto client = std::make_unique<CurlHttpClient>();
    auto alive = std::make_shared<Result>();
    auto gone = std::make_shared<Result>();
    auto goneContext = std::make_unique<QObject>();
    client->send(get(server.url(QStringLiteral("/a"))), this, recordInto(alive));
    client->send(get(server.url(QStringLiteral("/b"))), goneContext.get(), recordInto(gone));
    QTRY_COMPARE(server.requests.size(), 2);

    goneContext.reset();
    QElapsedTimer timer;
    timer.start();
    client.reset();
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));

    QTRY_VERIFY(alive->called);
    QCOMPARE(alive->response.failure, Failure::Cancelled);
    QVERIFY(alive->response.error.isError());
    QTRY_COMPARE(server.closedConnections, 2);
    QTest::qWait(100);
    QVERIFY(!gone->called);
}

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
