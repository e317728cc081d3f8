// The service as the window runs it: the receiver's token from the keychain, and moving the receiver
// (new address or token from the settings) while the writer keeps running and nothing is lost.
#include "pricing/pricetable.h"
#include "secrets/secretstore.h"
#include "service.h"
#include "storage/database.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Qt::StringLiterals;

namespace {

// One OTLP JSON export with one chat span; `n` makes its trace id, so each body is a new call.
QByteArray exportBody(int n)
{
    const QString traceId = u"%1"_s.arg(n, 32, 16, QLatin1Char('0'));
    return QStringLiteral(R"({"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"spans":[{
        "traceId":"%1","spanId":"00000000000000a1","name":"chat gpt-4.1-mini",
        "startTimeUnixNano":"1764000000000000000","endTimeUnixNano":"1764000001000000000",
        "attributes":[
          {"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
          {"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},
          {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4.1-mini"}},
          {"key":"gen_ai.usage.input_tokens","value":{"intValue":"1000"}},
          {"key":"gen_ai.usage.output_tokens","value":{"intValue":"100"}}]}]}]}]})")
        .arg(traceId)
        .toUtf8();
}

} // namespace

class TestService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void tokenFromTheKeychain();
    void restartMovesTheReceiverAndKeepsTheWriter();
    void restartWithNothingChangedDoesNothing();
    void failedRestartKeepsTheOldReceiver_data();
    void failedRestartKeepsTheOldReceiver();
    void pollersFromSettingsEnvironmentAndKeychain();

private:
    // The HTTP status of one export to `endpoint` (0: no connection).
    int post(const QString &endpoint, const QString &token, int n);
    qint64 storedCalls() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    App::AppContext m_context;
    std::unique_ptr<Secrets::SecretStore> m_secrets;
    std::unique_ptr<App::Service> m_service;
    QNetworkAccessManager m_network;
};

void TestService::init()
{
    qunsetenv("BURNRATE_OTLP_TOKEN"); // the keychain's token is under test
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_context.settings = std::make_unique<Settings>(m_dir->filePath(u"burnrate.conf"_s));
    m_context.databasePath = m_dir->filePath(u"burnrate.sqlite"_s);
    Error error;
    m_context.prices = Pricing::PriceTable::loadShipped(&error);
    QVERIFY2(m_context.prices, qPrintable(error.message));
    m_secrets = Secrets::makeMemoryStore();
    QEventLoop loop;
    m_secrets->write(QString::fromLatin1(Secrets::SecretName::OtlpToken), u"first-token"_s, &loop,
                     [&](Error) { loop.quit(); });
    loop.exec();
    m_service = std::make_unique<App::Service>();
    QVERIFY2(m_service->start(m_context, u"127.0.0.1:0"_s, m_secrets.get(), &error),
             qPrintable(error.message));
}

void TestService::cleanup()
{
    m_service.reset();
    m_secrets.reset();
    m_context = {};
    m_dir.reset();
}

int TestService::post(const QString &endpoint, const QString &token, int n)
{
    QNetworkRequest request{QUrl(endpoint)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    QNetworkReply *reply = m_network.post(request, exportBody(n));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10'000))
        return -1;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

qint64 TestService::storedCalls() const
{
    Error error;
    const auto connection =
        Storage::Connection::open(m_context.databasePath, Storage::Connection::Mode::ReadOnly, &error);
    if (!connection)
        return -1;
    QSqlQuery query(connection->database());
    query.exec(u"SELECT count(*) FROM usage_events"_s);
    return query.next() ? query.value(0).toLongLong() : -1;
}

void TestService::tokenFromTheKeychain()
{
    QCOMPARE(m_service->bearerToken(), u"first-token"_s);
    const QString endpoint = m_service->receiver()->endpoint();
    QCOMPARE(post(endpoint, QString(), 1), 401);
    QCOMPARE(post(endpoint, u"wrong"_s, 2), 401);
    QCOMPARE(post(endpoint, u"first-token"_s, 3), 200);
    QCOMPARE(storedCalls(), 1);
}

void TestService::restartMovesTheReceiverAndKeepsTheWriter()
{
    const QString before = m_service->receiver()->endpoint();
    QCOMPARE(post(before, u"first-token"_s, 1), 200);
    Storage::StorageWriter *writer = m_service->writer();

    QSignalSpy restarted(m_service.get(), &App::Service::receiverRestarted);
    Error error;
    // Port 0 again: a new port, bound before the old receiver stops.
    QVERIFY2(m_service->restartReceiver(u"127.0.0.1:0"_s, u"second-token"_s, &error),
             qPrintable(error.message));
    const QString after = m_service->receiver()->endpoint();
    QVERIFY(after != before);
    QCOMPARE(restarted.size(), 1);
    QCOMPARE(restarted.first().first().toString(), after);
    QCOMPARE(m_service->writer(), writer);
    QCOMPARE(m_service->bearerToken(), u"second-token"_s);

    QCOMPARE(post(before, u"first-token"_s, 2), 0); // nobody listens there any more
    QCOMPARE(post(after, u"first-token"_s, 3), 401);
    QCOMPARE(post(after, u"second-token"_s, 4), 200);
    QCOMPARE(storedCalls(), 2);

    // The same port with a new token: released first, then taken again.
    const QString port = QString::number(m_service->receiver()->port());
    QVERIFY2(m_service->restartReceiver(u"127.0.0.1:"_s + port, QString(), &error),
             qPrintable(error.message));
    QCOMPARE(m_service->receiver()->endpoint(), after);
    QCOMPARE(restarted.size(), 2);
    QCOMPARE(post(after, QString(), 5), 200); // no token required now
    QCOMPARE(storedCalls(), 3);
}

void TestService::restartWithNothingChangedDoesNothing()
{
    QSignalSpy restarted(m_service.get(), &App::Service::receiverRestarted);
    const QString endpoint = m_service->receiver()->endpoint();
    const QString port = QString::number(m_service->receiver()->port());
    Error error;
    QVERIFY(m_service->restartReceiver(u"127.0.0.1:"_s + port, u"first-token"_s, &error));
    QCOMPARE(restarted.size(), 0);
    QCOMPARE(m_service->receiver()->endpoint(), endpoint);
    QCOMPARE(post(endpoint, u"first-token"_s, 1), 200);
}

void TestService::failedRestartKeepsTheOldReceiver_data()
{
    QTest::addColumn<QString>("listen");
    QTest::addColumn<int>("code");
    QTest::newRow("not an address") << u"nonsense"_s << int(Error::Code::InvalidInput);
    QTest::newRow("port taken") << u"taken"_s << -1; // any error code
}

void TestService::failedRestartKeepsTheOldReceiver()
{
    QFETCH(QString, listen);
    QFETCH(int, code);
    QTcpServer occupant;
    if (listen == u"taken") {
        QVERIFY(occupant.listen(QHostAddress::LocalHost));
        listen = u"127.0.0.1:"_s + QString::number(occupant.serverPort());
    }
    QSignalSpy restarted(m_service.get(), &App::Service::receiverRestarted);
    const QString endpoint = m_service->receiver()->endpoint();
    Error error;
    QVERIFY(!m_service->restartReceiver(listen, u"second-token"_s, &error));
    QVERIFY(error);
    QVERIFY(!error.message.isEmpty());
    if (code >= 0)
        QCOMPARE(int(error.code), code);
    QCOMPARE(restarted.size(), 0);
    QCOMPARE(m_service->receiver()->endpoint(), endpoint);
    QCOMPARE(m_service->bearerToken(), u"first-token"_s);
    QCOMPARE(post(endpoint, u"first-token"_s, 1), 200);
}

void TestService::pollersFromSettingsEnvironmentAndKeychain()
{
    // OpenAI's key from the environment (which wins over the keychain), Anthropic's from the keychain,
    // none for OpenRouter. The base URL is refused (plain http to another host): the polls fail at once.
    qputenv("BURNRATE_OPENAI_ADMIN_KEY", "sk-admin-from-environment");
    qunsetenv("BURNRATE_ANTHROPIC_ADMIN_KEY");
    qunsetenv("BURNRATE_OPENROUTER_KEY");
    QEventLoop loop;
    m_secrets->write(u"openai-admin-key"_s, u"sk-admin-from-keychain"_s, &loop, [&](Error) { loop.quit(); });
    loop.exec();
    m_secrets->write(u"anthropic-admin-key"_s, u"sk-ant-admin01-keychain"_s, &loop,
                     [&](Error) { loop.quit(); });
    loop.exec();
    ProviderSettings openAi{true, u"http://example.invalid"_s, 600, 2};
    m_context.settings->setProviderSettings(u"openai"_s, openAi);

    m_service->startPollers(*m_context.settings, m_secrets.get());
    const QList<Providers::ProviderPoller *> pollers = m_service->pollers();
    QCOMPARE(pollers.size(), 3);
    QCOMPARE(pollers.at(0)->provider(), Providers::Provider::OpenAi);
    QCOMPARE(pollers.at(0)->status().enabled, true);
    QCOMPARE(pollers.at(0)->status().hasKey, true);
    QVERIFY(pollers.at(0)->status().nextPollNs > 0);
    QCOMPARE(pollers.at(1)->status().enabled, false);
    QTRY_VERIFY(pollers.at(1)->status().hasKey); // read from the keychain, later
    QCOMPARE(pollers.at(2)->status().hasKey, false);
    // The OpenAI poller tried its endpoints with the environment's key and recorded the failure.
    QTRY_VERIFY_WITH_TIMEOUT(!pollers.at(0)->status().lastError.isEmpty(), 20'000);

    m_service->stop();
    QCOMPARE(m_service->pollers().size(), 3); // still valid, stopped
    QCOMPARE(pollers.at(0)->status().nextPollNs, 0);
    pollers.at(0)->pollNow();
    QVERIFY(!pollers.at(0)->status().polling);
    qunsetenv("BURNRATE_OPENAI_ADMIN_KEY");
}

QTEST_GUILESS_MAIN(TestService)
#include "tst_service.moc"
