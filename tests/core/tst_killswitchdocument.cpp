// The kill-switch document: JSON parsing with clear errors, serialization, stops(), and how a change
// is applied (version + 1, agent list kept sorted and unique). Plus the [killswitch] settings.
#include "common/settings.h"
#include "killswitch/killswitchbackend.h"
#include "killswitch/killswitchdocument.h"
#include "secrets/secretstore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::KillSwitch;

class TestKillSwitchDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTheDesignExample();
    void roundTrip();
    void badDocuments_data();
    void badDocuments();
    void stops();
    void changes();
    void blankAgentIsInvalid();
    void settingsAndBackendConfig();
    void backendConfigErrors_data();
    void backendConfigErrors();
    void secretsForTheBackend();
};

void TestKillSwitchDocument::parsesTheDesignExample()
{
    const QByteArray json = R"({"schema": 1, "version": 42, "kill_all": false,
 "disabled_agents": ["research-agent"],
 "reason": "budget 'daily-all' at 120%", "updated_by": "alice@laptop",
 "updated_at": "2026-11-24T20:43:00Z"})";
    Error error;
    const std::optional<Document> doc = Document::fromJson(json, &error);
    QVERIFY2(doc, qPrintable(error.message));
    QCOMPARE(doc->schema, 1);
    QCOMPARE(doc->version, 42);
    QVERIFY(!doc->killAll);
    QCOMPARE(doc->disabledAgents, QStringList{QStringLiteral("research-agent")});
    QCOMPARE(doc->reason, QStringLiteral("budget 'daily-all' at 120%"));
    QCOMPARE(doc->updatedBy, QStringLiteral("alice@laptop"));
    QCOMPARE(doc->updatedAt, QDateTime(QDate(2026, 11, 24), QTime(20, 43), Qt::UTC));

    // int64 as a string (as etcd and some tools write it), unknown keys ignored, missing keys default.
    const std::optional<Document> minimal =
        Document::fromJson(R"({"schema":"1","version":"7","future_key":{"x":1}})", &error);
    QVERIFY2(minimal, qPrintable(error.message));
    QCOMPARE(minimal->version, 7);
    QVERIFY(!minimal->killAll);
    QVERIFY(minimal->disabledAgents.isEmpty());
    QVERIFY(!minimal->updatedAt.isValid());
}

void TestKillSwitchDocument::roundTrip()
{
    Document doc;
    doc.version = 3;
    doc.killAll = true;
    doc.disabledAgents = {QStringLiteral("a"), QStringLiteral("b \"quoted\"")};
    doc.reason = QStringLiteral("Grüße \n line");
    doc.updatedBy = QStringLiteral("bob@desk");
    doc.updatedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    Error error;
    const QByteArray json = doc.toJson();
    QVERIFY(json.contains("\"kill_all\":true"));
    QVERIFY(json.contains("\"updated_at\":\"2026-01-02T03:04:05Z\""));
    QCOMPARE(Document::fromJson(json, &error).value_or(Document{}), doc);
    // A never-written document round-trips too.
    const std::optional<Document> empty = Document::fromJson(Document{}.toJson(), &error);
    QVERIFY2(empty, qPrintable(error.message));
    QCOMPARE(*empty, Document{});
}

void TestKillSwitchDocument::badDocuments_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not json") << QByteArray("{\"schema\":1,") << QStringLiteral("not valid JSON");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
    QTest::newRow("array") << QByteArray("[1]") << QStringLiteral("not a JSON object");
    QTest::newRow("no schema") << QByteArray("{\"kill_all\":true}") << QStringLiteral("\"schema\"");
    QTest::newRow("schema 0") << QByteArray("{\"schema\":0}") << QStringLiteral("\"schema\"");
    QTest::newRow("newer schema") << QByteArray("{\"schema\":2}") << QStringLiteral("schema 2");
    QTest::newRow("kill_all text") << QByteArray("{\"schema\":1,\"kill_all\":\"true\"}")
                                   << QStringLiteral("kill_all");
    QTest::newRow("negative version")
        << QByteArray("{\"schema\":1,\"version\":-1}") << QStringLiteral("version");
    QTest::newRow("fraction version")
        << QByteArray("{\"schema\":1,\"version\":1.5}") << QStringLiteral("version");
    QTest::newRow("agents not list") << QByteArray("{\"schema\":1,\"disabled_agents\":\"a\"}")
                                     << QStringLiteral("disabled_agents");
    QTest::newRow("agent not text") << QByteArray("{\"schema\":1,\"disabled_agents\":[1]}")
                                    << QStringLiteral("disabled_agents");
    QTest::newRow("reason number") << QByteArray("{\"schema\":1,\"reason\":5}") << QStringLiteral("reason");
    QTest::newRow("bad time") << QByteArray("{\"schema\":1,\"updated_at\":\"yesterday\"}")
                              << QStringLiteral("updated_at");
}

void TestKillSwitchDocument::badDocuments()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    Error error;
    QVERIFY(!Document::fromJson(json, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QVERIFY2(error.message.contains(mentions), qPrintable(error.message));
}

void TestKillSwitchDocument::stops()
{
    Document doc;
    QVERIFY(!doc.stops(QStringLiteral("a")));
    doc.disabledAgents = {QStringLiteral("a")};
    QVERIFY(doc.stops(QStringLiteral("a")));
    QVERIFY(!doc.stops(QStringLiteral("b")));
    doc.killAll = true;
    QVERIFY(doc.stops(QStringLiteral("b")));
}

void TestKillSwitchDocument::changes()
{
    const QDateTime now(QDate(2026, 5, 6), QTime(7, 8, 9, 500), Qt::UTC);
    Document doc;
    doc.version = 9;
    doc.disabledAgents = {QStringLiteral("m")};

    Document next = Change{Change::Kind::DisableAgent, QStringLiteral(" b "), QStringLiteral("why")}.applyTo(
        doc, QStringLiteral("me@here"), now);
    QCOMPARE(next.version, 10);
    QCOMPARE(next.disabledAgents, (QStringList{QStringLiteral("b"), QStringLiteral("m")}));
    QCOMPARE(next.updatedBy, QStringLiteral("me@here"));
    QCOMPARE(next.reason, QStringLiteral("why"));
    QCOMPARE(next.updatedAt, QDateTime(QDate(2026, 5, 6), QTime(7, 8, 9), Qt::UTC));
    // Disabling twice keeps one entry, still one version more.
    next = Change{Change::Kind::DisableAgent, QStringLiteral("b"), {}}.applyTo(next, {}, now);
    QCOMPARE(next.disabledAgents.size(), 2);
    QCOMPARE(next.version, 11);
    next = Change{Change::Kind::EnableAgent, QStringLiteral("m"), {}}.applyTo(next, {}, now);
    QCOMPARE(next.disabledAgents, QStringList{QStringLiteral("b")});
    next = Change{Change::Kind::KillAll, {}, {}}.applyTo(next, {}, now);
    QVERIFY(next.killAll);
    QCOMPARE(next.disabledAgents, QStringList{QStringLiteral("b")});
    next = Change{Change::Kind::ResumeAll, {}, {}}.applyTo(next, {}, now);
    QVERIFY(!next.killAll);
    QVERIFY(next.disabledAgents.isEmpty());
    QCOMPARE(next.version, 14);

    QCOMPARE((Change{Change::Kind::DisableAgent, QStringLiteral("x"), {}}.actionName()),
             QStringLiteral("disable:x"));
    QCOMPARE((Change{Change::Kind::ResumeAll, {}, {}}.actionName()), QStringLiteral("resume_all"));
}

void TestKillSwitchDocument::blankAgentIsInvalid()
{
    QCOMPARE((Change{Change::Kind::EnableAgent, QStringLiteral(" "), {}}.validate().code),
             Error::Code::InvalidInput);
    QVERIFY(!(Change{Change::Kind::KillAll, {}, {}}.validate()));
}

void TestKillSwitchDocument::settingsAndBackendConfig()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("burnrate.conf"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[killswitch]\nbackend=etcd\nurl=http://127.0.0.1:2379\npoll_s=0\nuser=dash\n");
    }
    Settings settings(path);
    const KillSwitchSettings ks = settings.killSwitchSettings();
    QCOMPARE(ks.backend, QStringLiteral("etcd"));
    QCOMPARE(ks.url, QStringLiteral("http://127.0.0.1:2379"));
    QCOMPARE(ks.pollS, 1); // clamped
    QCOMPARE(ks.user, QStringLiteral("dash"));
    QVERIFY(ks.isConfigured());

    Error error;
    const std::optional<BackendConfig> config = backendConfigFrom(ks, &error);
    QVERIFY2(config, qPrintable(error.message));
    QCOMPARE(config->kind, BackendConfig::Kind::Etcd);
    QCOMPARE(config->key, QStringLiteral("burnrate/killswitch"));
    QCOMPARE(secretNameFor(*config), QStringLiteral("killswitch-password"));

    KillSwitchSettings http{QStringLiteral("http"), QStringLiteral("https://example.com/ks.json"), {}, 5, {}};
    settings.setKillSwitchSettings(http);
    QCOMPARE(settings.killSwitchSettings(), http);
    const std::optional<BackendConfig> httpConfig = backendConfigFrom(http, &error);
    QVERIFY(httpConfig);
    QCOMPARE(httpConfig->kind, BackendConfig::Kind::Http);
    QCOMPARE(secretNameFor(*httpConfig), QStringLiteral("killswitch-token"));
}

void TestKillSwitchDocument::backendConfigErrors_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unconfigured") << QStringLiteral("etcd") << QString() << QStringLiteral("[killswitch]");
    QTest::newRow("unknown backend") << QStringLiteral("consul") << QStringLiteral("http://127.0.0.1:1")
                                     << QStringLiteral("etcd or http");
    QTest::newRow("plain http remote")
        << QStringLiteral("etcd") << QStringLiteral("http://10.1.2.3:2379") << QStringLiteral("https://");
    QTest::newRow("not a url") << QStringLiteral("http") << QStringLiteral("killswitch.json")
                               << QStringLiteral("not a web address");
}

void TestKillSwitchDocument::backendConfigErrors()
{
    QFETCH(QString, backend);
    QFETCH(QString, url);
    QFETCH(QString, mentions);
    Error error;
    QVERIFY(!backendConfigFrom(KillSwitchSettings{backend, url, {}, 5, {}}, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QVERIFY2(error.message.contains(mentions), qPrintable(error.message));
}

void TestKillSwitchDocument::secretsForTheBackend()
{
    struct Result
    {
        bool done = false;
        std::optional<BackendConfig> config;
        Error error;
    };
    // Waits for the answer; done stays false when it never came, or came inside the call.
    auto resolve = [](const KillSwitchSettings &settings, Secrets::SecretStore *store) -> Result {
        auto result = std::make_shared<Result>();
        QObject context;
        resolveBackendConfig(settings, store, &context,
                             [result](std::optional<BackendConfig> config, Error error) {
                                 *result = {true, std::move(config), error};
                             });
        if (result->done)
            return {};
        (void)QTest::qWaitFor([&] { return result->done; }, 5000);
        return *result;
    };
    qunsetenv("BURNRATE_KILLSWITCH_PASSWORD");
    qunsetenv("BURNRATE_KILLSWITCH_TOKEN");
    std::unique_ptr<Secrets::SecretStore> store = Secrets::makeMemoryStore();
    const KillSwitchSettings etcd{
        QStringLiteral("etcd"), QStringLiteral("http://127.0.0.1:2379"), {}, 5, QStringLiteral("dash")};

    // An etcd user needs a password: from the store, or (null store) the environment only.
    Result r = resolve(etcd, store.get());
    QVERIFY(r.done);
    QVERIFY(!r.config);
    QVERIFY(r.error.message.contains(QLatin1String("BURNRATE_KILLSWITCH_PASSWORD")));
    bool written = false;
    store->write(QStringLiteral("killswitch-password"), QStringLiteral("from-keychain"), nullptr,
                 [&](Error) { written = true; });
    QTRY_VERIFY(written);
    r = resolve(etcd, store.get());
    QVERIFY(r.done);
    QVERIFY2(r.config, qPrintable(r.error.message));
    QCOMPARE(r.config->secret, QStringLiteral("from-keychain"));
    r = resolve(etcd, nullptr);
    QVERIFY(r.done);
    QVERIFY(!r.config);
    qputenv("BURNRATE_KILLSWITCH_PASSWORD", "from-env");
    r = resolve(etcd, nullptr);
    QVERIFY(r.done);
    QVERIFY2(r.config, qPrintable(r.error.message));
    QCOMPARE(r.config->secret, QStringLiteral("from-env"));
    qunsetenv("BURNRATE_KILLSWITCH_PASSWORD");

    // The HTTP token is optional; no user means no password for etcd.
    r = resolve(
        KillSwitchSettings{QStringLiteral("http"), QStringLiteral("https://example.com/ks.json"), {}, 5, {}},
        nullptr);
    QVERIFY(r.done);
    QVERIFY(r.config);
    QVERIFY(r.config->secret.isEmpty());
    r = resolve(
        KillSwitchSettings{QStringLiteral("etcd"), QStringLiteral("http://127.0.0.1:2379"), {}, 5, {}},
        store.get());
    QVERIFY(r.done);
    QVERIFY(r.config);
    QVERIFY(r.config->secret.isEmpty());
}

QTEST_GUILESS_MAIN(TestKillSwitchDocument)
#include "tst_killswitchdocument.moc"
