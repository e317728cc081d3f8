// The kill switch against an HTTPS JSON document server run by the test on loopback, with a throw-away
// CA made by openssl: ETag reads, If-Match / If-None-Match writes, 412 conflicts that are re-read and
// retried, 428 explained, a bearer token, weak ETags and an untrusted certificate.
#include "throwawayca.h"

#include "killswitch/httpdocumentbackend.h"
#include "killswitch/killswitchcontroller.h"
#include "net/curlhttpclient.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::KillSwitch;

namespace {

// A document server: GET returns the document with a strong ETag (a counter), PUT replaces it when its
// precondition holds. One document at /killswitch.json; keeps a connection open between requests.
class DocumentServer : public QObject
{
public:
    explicit DocumentServer(const QSslConfiguration &tls)
    {
        m_server.setSslConfiguration(tls);
        connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, &DocumentServer::accept);
        if (!m_server.listen(QHostAddress::LocalHost))
            qFatal("cannot listen on loopback");
    }

    QUrl url() const
    {
        return QUrl(QStringLiteral("https://localhost:%1/killswitch.json").arg(m_server.serverPort()));
    }

    QByteArray body;     // empty: no document (404)
    int etagCounter = 0; // the document's ETag is "\"<counter>\""
    QByteArray token;    // non-empty: every request needs "Authorization: Bearer <token>"
    bool weakEtags = false;
    bool noEtags = false;
    bool requireIfMatch = false;         // If-None-Match is no precondition for this server: 428
    std::function<void()> beforeNextPut; // a teammate's write that lands first
    int puts = 0;
    int preconditionFailures = 0;
    QList<QByteArray> authorizations;

    void store(const QByteArray &document)
    {
        body = document;
        ++etagCounter;
    }

private:
    QByteArray etag() const { return (weakEtags ? "W/\"" : "\"") + QByteArray::number(etagCounter) + "\""; }

    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    static QByteArray reply(int status, const QByteArray &content = {}, const QByteArray &etag = {})
    {
        QByteArray r = "HTTP/1.1 " + QByteArray::number(status) +
                       " X\r\nContent-Length: " + QByteArray::number(content.size()) +
                       "\r\nContent-Type: application/json\r\n";
        if (!etag.isEmpty())
            r += "ETag: " + etag + "\r\n";
        return r + "\r\n" + content;
    }

    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
            const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
            QHash<QByteArray, QByteArray> headers;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = headers.value("content-length").toLongLong();
            if (buffer.size() < headEnd + 4 + length)
                return;
            const QByteArray content = buffer.mid(headEnd + 4, length);
            buffer.remove(0, headEnd + 4 + length);
            socket->write(answer(requestLine.value(0), requestLine.value(1), headers, content));
        }
    }

    QByteArray answer(const QByteArray &method, const QByteArray &target,
                      const QHash<QByteArray, QByteArray> &headers, const QByteArray &content)
    {
        authorizations.append(headers.value("authorization"));
        if (target != "/killswitch.json")
            return reply(404);
        if (!token.isEmpty() && headers.value("authorization") != "Bearer " + token)
            return reply(401, "{\"error\":\"unauthorized\"}");
        if (method == "GET")
            return body.isEmpty() ? reply(404) : reply(200, body, noEtags ? QByteArray() : etag());
        if (method != "PUT")
            return reply(405);
        ++puts;
        if (beforeNextPut)
            std::exchange(beforeNextPut, nullptr)();
        const QByteArray ifMatch = headers.value("if-match");
        const QByteArray ifNoneMatch = headers.value("if-none-match");
        if (ifMatch.isEmpty() && (ifNoneMatch.isEmpty() || requireIfMatch))
            return reply(428);
        // Strong comparison (RFC 9110 §13.1.1): a weak tag never matches.
        const bool holds = !ifMatch.isEmpty() ? (!body.isEmpty() && !weakEtags && ifMatch == etag())
                                              : (ifNoneMatch == "*" && body.isEmpty());
        if (!holds) {
            ++preconditionFailures;
            return reply(412);
        }
        store(content);
        return reply(200, {}, etag());
    }

    QSslServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

struct Outcome
{
    bool done = false;
    bool confirmed = false;
    Document document;
    Error error;
};

std::shared_ptr<Outcome> watch(Controller &controller, Controller::RequestId id)
{
    auto outcome = std::make_shared<Outcome>();
    QObject::connect(&controller, &Controller::changeConfirmed, &controller,
                     [outcome, id](Controller::RequestId got, const Document &doc) {
                         if (got == id)
                             *outcome = {true, true, doc, {}};
                     });
    QObject::connect(&controller, &Controller::changeFailed, &controller,
                     [outcome, id](Controller::RequestId got, const Error &error) {
                         if (got == id)
                             *outcome = {true, false, {}, error};
                     });
    return outcome;
}

} // namespace

class TestKillSwitchHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void createReadAndChangeOverHttps();
    void conflictIsReReadAndRetried();
    void preconditionRequiredIsExplained();
    void bearerToken();
    void weakEtagIsRefusedBeforeWriting();
    void missingEtagIsRefusedBeforeWriting();
    void untrustedCertificateIsUnknown();
    void invalidDocumentIsUnknown();

private:
    std::unique_ptr<Controller> makeController(const QString &token = {});

    ThrowAwayCa m_ca;
    QSslConfiguration m_tls;
    std::unique_ptr<DocumentServer> m_server;
    std::unique_ptr<Net::CurlHttpClient> m_client;
};

void TestKillSwitchHttp::initTestCase()
{
    for (const char *name :
         {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        qunsetenv(name);
    QVERIFY(QSslSocket::supportsSsl());
    QVERIFY2(m_ca.create(), qPrintable(m_ca.error()));
    m_tls = m_ca.serverConfiguration();
    QVERIFY(!m_tls.localCertificate().isNull() && !m_tls.privateKey().isNull());
}

void TestKillSwitchHttp::init()
{
    m_server = std::make_unique<DocumentServer>(m_tls);
    m_client = std::make_unique<Net::CurlHttpClient>(Net::CurlHttpClient::Options{m_ca.caFile()});
}

void TestKillSwitchHttp::cleanup()
{
    m_client.reset();
    m_server.reset();
}

std::unique_ptr<Controller> TestKillSwitchHttp::makeController(const QString &token)
{
    auto controller = std::make_unique<Controller>(
        std::make_unique<HttpDocumentBackend>(m_client.get(), m_server->url(), token));
    controller->setActor(QStringLiteral("tester@host"));
    return controller;
}

void TestKillSwitchHttp::createReadAndChangeOverHttps()
{
    auto controller = makeController();
    controller->start();
    QTRY_COMPARE(controller->state(), Controller::State::Known);
    QVERIFY(!controller->documentExists());
    QVERIFY(controller->storeDescription().startsWith(QStringLiteral("http https://localhost:")));

    auto killed = watch(*controller, controller->killAll(QStringLiteral("over https")));
    QTRY_VERIFY(killed->done);
    QVERIFY2(killed->confirmed, qPrintable(killed->error.message));
    QCOMPARE(killed->document.version, 1);
    Error error;
    QCOMPARE(Document::fromJson(m_server->body, &error).value_or(Document{}), killed->document);
    QCOMPARE(m_server->etagCounter, 1);

    auto disabled = watch(*controller, controller->disableAgent(QStringLiteral("agent-7"), {}));
    auto resumed = watch(*controller, controller->resumeAll({}));
    QTRY_VERIFY(resumed->done);
    QVERIFY(disabled->confirmed && resumed->confirmed);
    QCOMPARE(resumed->document.version, 3);
    QCOMPARE(controller->document(), resumed->document);
    QCOMPARE(m_server->preconditionFailures, 0);
}

void TestKillSwitchHttp::conflictIsReReadAndRetried()
{
    Document start;
    start.version = 4;
    m_server->store(start.toJson());
    Document teammates = start;
    teammates.version = 5;
    teammates.disabledAgents = {QStringLiteral("teammate-agent")};
    m_server->beforeNextPut = [this, teammates] { m_server->store(teammates.toJson()); };

    auto controller = makeController();
    auto outcome =
        watch(*controller, controller->disableAgent(QStringLiteral("my-agent"), QStringLiteral("mine")));
    QTRY_VERIFY(outcome->done);
    QVERIFY2(outcome->confirmed, qPrintable(outcome->error.message));
    QCOMPARE(m_server->preconditionFailures, 1);
    QCOMPARE(m_server->puts, 2);
    QCOMPARE(outcome->document.version, 6);
    QCOMPARE(outcome->document.disabledAgents,
             (QStringList{QStringLiteral("my-agent"), QStringLiteral("teammate-agent")}));
}

void TestKillSwitchHttp::preconditionRequiredIsExplained()
{
    m_server->requireIfMatch = true; // creating with If-None-Match: * is refused with 428
    auto controller = makeController();
    auto outcome = watch(*controller, controller->killAll({}));
    QTRY_VERIFY(outcome->done);
    QVERIFY(!outcome->confirmed);
    QVERIFY2(outcome->error.message.contains(QLatin1String("428 Precondition Required")),
             qPrintable(outcome->error.message));
    QVERIFY(outcome->error.message.contains(QLatin1String("ETag")));
    QVERIFY(m_server->body.isEmpty());
}

void TestKillSwitchHttp::bearerToken()
{
    m_server->token = "tok-0123456789";
    auto wrong = makeController(QStringLiteral("not-the-token"));
    wrong->start();
    QTRY_VERIFY(wrong->lastError().isError());
    QCOMPARE(wrong->state(), Controller::State::Unknown);
    QCOMPARE(wrong->lastError().code, Error::Code::Unauthorized);
    QVERIFY(wrong->lastError().message.contains(QLatin1String("BURNRATE_KILLSWITCH_TOKEN")));
    QVERIFY(!wrong->lastError().message.contains(QLatin1String("not-the-token")));

    auto right = makeController(QStringLiteral("tok-0123456789"));
    auto outcome = watch(*right, right->killAll({}));
    QTRY_VERIFY(outcome->done);
    QVERIFY2(outcome->confirmed, qPrintable(outcome->error.message));
    QVERIFY(m_server->authorizations.contains("Bearer tok-0123456789"));
}

void TestKillSwitchHttp::weakEtagIsRefusedBeforeWriting()
{
    m_server->store(Document{}.toJson());
    m_server->weakEtags = true;
    auto controller = makeController();
    auto outcome = watch(*controller, controller->killAll({}));
    QTRY_VERIFY(outcome->done);
    QVERIFY(!outcome->confirmed);
    QVERIFY(outcome->error.message.contains(QLatin1String("weak ETag")));
    QCOMPARE(m_server->puts, 0);
}

void TestKillSwitchHttp::missingEtagIsRefusedBeforeWriting()
{
    m_server->store(Document{}.toJson());
    m_server->noEtags = true;
    auto controller = makeController();
    controller->start();
    QTRY_COMPARE(controller->state(), Controller::State::Known); // reading works without an ETag
    auto outcome = watch(*controller, controller->killAll({}));
    QTRY_VERIFY(outcome->done);
    QVERIFY(!outcome->confirmed);
    QVERIFY2(outcome->error.message.contains(QLatin1String("no ETag")), qPrintable(outcome->error.message));
    QCOMPARE(m_server->puts, 0);
}

void TestKillSwitchHttp::untrustedCertificateIsUnknown()
{
    Net::CurlHttpClient noCa;
    Controller controller(std::make_unique<HttpDocumentBackend>(&noCa, m_server->url(), QString()));
    controller.start();
    QTRY_VERIFY(controller.lastError().isError());
    QCOMPARE(controller.state(), Controller::State::Unknown);
    QVERIFY2(controller.lastError().message.contains(QLatin1String("cannot be reached")),
             qPrintable(controller.lastError().message));
}

void TestKillSwitchHttp::invalidDocumentIsUnknown()
{
    m_server->store("<html>maintenance</html>");
    auto controller = makeController();
    controller->start();
    QTRY_VERIFY(controller->lastError().isError());
    QCOMPARE(controller->state(), Controller::State::Unknown);
    QVERIFY(controller->lastError().message.contains(QLatin1String("not valid JSON")));
    auto outcome = watch(*controller, controller->resumeAll({}));
    QTRY_VERIFY(outcome->done);
    QVERIFY(!outcome->confirmed);
    QCOMPARE(m_server->body, QByteArray("<html>maintenance</html>"));
}

QTEST_GUILESS_MAIN(TestKillSwitchHttp)
#include "tst_killswitch_http.moc"
