// `burnrate kill status|on|off` as a user runs it against a real etcd (Debian's etcd-server, started on
// free loopback ports): output, exit codes (0 only when the store confirmed, 1 on store failure, 2 on
// usage errors), the audit trail, auth through BURNRATE_KILLSWITCH_PASSWORD; and the example agent
// guards (examples/) in node and python, which stop within their cache TTL after `burnrate kill on`.
#include "burnraterun.h"

#include "../killswitch/etcdprocess.h"

#include "killswitch/killswitchaudit.h"
#include "killswitch/killswitchdocument.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;

namespace {

// A guard's demo agent loop (examples/): prints "call N" per simulated model call, exits 3 when halted.
class GuardedAgent
{
public:
    GuardedAgent(const QString &program, const QStringList &arguments)
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(program, arguments);
    }
    ~GuardedAgent()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5'000);
        }
    }
    bool running() { return m_process.state() == QProcess::Running; }
    // Waits for a new "call" line: proof the agent is alive and allowed to run.
    bool makesCalls()
    {
        const qsizetype seen = output().size();
        return QTest::qWaitFor([&] { return output().indexOf(QLatin1String("call "), seen) >= 0; }, 10'000);
    }
    // Everything it printed so far.
    QString output() { return m_output += QString::fromUtf8(m_process.readAll()); }
    int exitCode() const { return m_process.exitCode(); }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QString m_output;
};

} // namespace

class TestKillCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void notConfiguredSaysHow();
    void usageErrors_data();
    void usageErrors();
    void statusOnOffConfirmedByEtcd();
    void storeDownExitsOneWithOneLine();
    void authPasswordFromEnvironment();
    void nodeGuardStopsWithinItsTtl();
    void pythonGuardStopsOnlyItsAgent();

private:
    Run run(QStringList arguments, const QHash<QString, QString> &extraEnv = {});
    void writeConfig(const QString &extra = {});
    QString db() const { return m_dir->filePath(QStringLiteral("burnrate.sqlite")); }
    QString config() const { return m_dir->filePath(QStringLiteral("burnrate.conf")); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EtcdProcess> m_etcd;
};

void TestKillCli::initTestCase()
{
    QVERIFY2(EtcdProcess::available(), "etcd is not installed (Debian package etcd-server, scripts/deps.sh)");
}

void TestKillCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_etcd = std::make_unique<EtcdProcess>();
    QVERIFY2(m_etcd->start(), qPrintable(m_etcd->lastError()));
    writeConfig();
}

void TestKillCli::cleanup()
{
    m_etcd.reset();
    m_dir.reset();
}

void TestKillCli::writeConfig(const QString &extra)
{
    QFile file(config());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[killswitch]\nbackend=etcd\nurl=" + m_etcd->url().toString().toUtf8() + "\n" +
               extra.toUtf8());
}

Run TestKillCli::run(QStringList arguments, const QHash<QString, QString> &extraEnv)
{
    arguments << QStringLiteral("--db") << db() << QStringLiteral("--config") << config();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    env.insert(QStringLiteral("USER"), QStringLiteral("tester"));
    // The command line never asks the keyring; a session bus that does not exist would show it if it did.
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent"));
    env.remove(QStringLiteral("BURNRATE_KILLSWITCH_PASSWORD"));
    env.remove(QStringLiteral("BURNRATE_KILLSWITCH_TOKEN"));
    for (auto it = extraEnv.begin(); it != extraEnv.end(); ++it)
        env.insert(it.key(), it.value());
    return runBurnrate(arguments, env);
}

void TestKillCli::notConfiguredSaysHow()
{
    QFile file(config());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.close();
    for (const char *action : {"status", "on", "off"}) {
        const Run r = run({QStringLiteral("kill"), QLatin1String(action)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("[killswitch]")) &&
                     r.err.contains(QLatin1String("backend=etcd")),
                 qPrintable(r.err));
        QCOMPARE(r.err.count(u'\n'), 1);
    }
}

void TestKillCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no action") << QStringList{} << QStringLiteral("status, on or off");
    QTest::newRow("unknown action") << QStringList{QStringLiteral("maybe")}
                                    << QStringLiteral("status, on or off");
    QTest::newRow("two actions") << QStringList{QStringLiteral("on"), QStringLiteral("off")}
                                 << QStringLiteral("unexpected argument 'off'");
    QTest::newRow("status with agent")
        << QStringList{QStringLiteral("status"), QStringLiteral("--agent"), QStringLiteral("a")}
        << QStringLiteral("--agent");
    QTest::newRow("bad format") << QStringList{QStringLiteral("status"), QStringLiteral("--format"),
                                               QStringLiteral("xml")}
                                << QStringLiteral("unknown format 'xml'");
    QTest::newRow("format with on") << QStringList{QStringLiteral("on"), QStringLiteral("--format"),
                                                   QStringLiteral("json")}
                                    << QStringLiteral("--format");
    QTest::newRow("blank agent") << QStringList{QStringLiteral("on"), QStringLiteral("--agent"),
                                                QStringLiteral(" ")}
                                 << QStringLiteral("agent id");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("on"), QStringLiteral("--force")}
                                    << QStringLiteral("force");
}

void TestKillCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    arguments.prepend(QStringLiteral("kill"));
    const Run r = run(arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    // Nothing was written to the store.
    QVERIFY(m_etcd->value(QStringLiteral("burnrate/killswitch")).isEmpty());
}

void TestKillCli::statusOnOffConfirmedByEtcd()
{
    Run r = run({QStringLiteral("kill"), QStringLiteral("status")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("OFF")), qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("never", Qt::CaseInsensitive)) ||
            r.out.contains(QLatin1String("Never")));

    r = run({QStringLiteral("kill"), QStringLiteral("on"), QStringLiteral("--reason"),
             QStringLiteral("runaway")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("version 1")), qPrintable(r.out));
    QVERIFY(r.err.isEmpty());

    r = run({QStringLiteral("kill"), QStringLiteral("status"), QStringLiteral("--format"),
             QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    QJsonParseError parseError;
    const QJsonObject status = QJsonDocument::fromJson(r.out.toUtf8(), &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(r.out));
    QCOMPARE(status.value(QStringLiteral("kill_all")).toBool(), true);
    QCOMPARE(status.value(QStringLiteral("version")).toInteger(), 1);
    QCOMPARE(status.value(QStringLiteral("schema")).toInteger(), 1);
    QCOMPARE(status.value(QStringLiteral("reason")).toString(), QStringLiteral("runaway"));
    QVERIFY(status.value(QStringLiteral("updated_by")).toString().startsWith(QStringLiteral("tester@")));
    QVERIFY(status.value(QStringLiteral("disabled_agents")).isArray());
    QVERIFY(status.value(QStringLiteral("store"))
                .toString()
                .startsWith(QStringLiteral("etcd http://127.0.0.1:")));
    QVERIFY(QDateTime::fromString(status.value(QStringLiteral("confirmed_at")).toString(), Qt::ISODateWithMs)
                .isValid());

    QCOMPARE(
        run({QStringLiteral("kill"), QStringLiteral("on"), QStringLiteral("--agent"), QStringLiteral("bot")})
            .exitCode,
        0);
    QCOMPARE(run({QStringLiteral("kill"), QStringLiteral("off")}).exitCode, 0);
    QCOMPARE(
        run({QStringLiteral("kill"), QStringLiteral("on"), QStringLiteral("--agent"), QStringLiteral("bot")})
            .exitCode,
        0);
    r = run(
        {QStringLiteral("kill"), QStringLiteral("off"), QStringLiteral("--agent"), QStringLiteral("bot")});
    QCOMPARE(r.exitCode, 0);

    // etcd holds what the command line confirmed, one version per change.
    Error error;
    const std::optional<KillSwitch::Document> doc =
        KillSwitch::Document::fromJson(m_etcd->value(QStringLiteral("burnrate/killswitch")), &error);
    QVERIFY2(doc, qPrintable(error.message));
    QCOMPARE(doc->version, 5);
    QVERIFY(!doc->killAll);
    QVERIFY(doc->disabledAgents.isEmpty());

    // Every change is in the audit trail of the database given with --db.
    const std::unique_ptr<KillSwitch::AuditLog> audit = KillSwitch::AuditLog::open(db(), true, &error);
    QVERIFY2(audit, qPrintable(error.message));
    const QList<KillSwitch::AuditEntry> entries =
        audit->entries(10, &error).value_or(QList<KillSwitch::AuditEntry>());
    QCOMPARE(entries.size(), 5);
    QCOMPARE(entries.last().action, QStringLiteral("kill_all"));
    QCOMPARE(entries.last().reason, QStringLiteral("runaway"));
    QCOMPARE(entries.first().action, QStringLiteral("enable:bot"));
    QCOMPARE(entries.first().version, 5);
}

void TestKillCli::storeDownExitsOneWithOneLine()
{
    QCOMPARE(run({QStringLiteral("kill"), QStringLiteral("on")}).exitCode, 0);
    m_etcd->stop();
    for (const char *action : {"status", "on", "off"}) {
        const Run r = run({QStringLiteral("kill"), QLatin1String(action)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty()); // no state it has not read
        QCOMPARE(r.err.count(u'\n'), 1);
        QVERIFY2(r.err.contains(QLatin1String("cannot be reached")), qPrintable(r.err));
    }
    // The failed attempts are audited as failures.
    Error error;
    const auto audit = KillSwitch::AuditLog::open(db(), true, &error);
    QVERIFY(audit);
    const auto entries = audit->entries(10, &error).value_or(QList<KillSwitch::AuditEntry>());
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries.first().outcome, KillSwitch::AuditEntry::Outcome::Failed);
}

void TestKillCli::authPasswordFromEnvironment()
{
    const QString password = QStringLiteral("pw-for-dash-42");
    QVERIFY2(m_etcd->enableAuth(QStringLiteral("rootpw"), QStringLiteral("dash"), password,
                                QStringLiteral("burnrate/")),
             qPrintable(m_etcd->lastError()));
    // Without a user: etcd wants a login, and the message says how to give one.
    Run r = run({QStringLiteral("kill"), QStringLiteral("status")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("[killswitch] user")), qPrintable(r.err));

    writeConfig(QStringLiteral("user=dash\n"));
    r = run({QStringLiteral("kill"), QStringLiteral("on")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("no password is set")), qPrintable(r.err));

    r = run({QStringLiteral("kill"), QStringLiteral("on")},
            {{QStringLiteral("BURNRATE_KILLSWITCH_PASSWORD"), QStringLiteral("wrong")}});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(!r.err.contains(QLatin1String("wrong")));

    r = run({QStringLiteral("kill"), QStringLiteral("on")},
            {{QStringLiteral("BURNRATE_KILLSWITCH_PASSWORD"), password}});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!r.out.contains(password) && !r.err.contains(password));
    const QByteArray token = m_etcd->authenticate(QStringLiteral("root"), QStringLiteral("rootpw"));
    QVERIFY(m_etcd->value(QStringLiteral("burnrate/killswitch"), token).contains("\"kill_all\":true"));

    // Both guards log in with their own credentials (and fail closed without them).
    for (const auto &[program, script] :
         {std::pair{QStringLiteral(NODE_EXECUTABLE),
                    QStringLiteral(BURNRATE_SOURCE_DIR "/examples/killswitch-guard.mjs")},
          std::pair{QStringLiteral("python3"),
                    QStringLiteral(BURNRATE_SOURCE_DIR "/examples/killswitch_guard.py")}}) {
        for (const bool withPassword : {true, false}) {
            QProcess guard;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("KILLSWITCH_USER"), QStringLiteral("dash"));
            env.insert(QStringLiteral("KILLSWITCH_PASSWORD"),
                       withPassword ? password : QStringLiteral("nope"));
            guard.setProcessEnvironment(env);
            guard.setProcessChannelMode(QProcess::MergedChannels);
            guard.start(program,
                        {script, QStringLiteral("--etcd"), m_etcd->url().toString(),
                         QStringLiteral("--agent"), QStringLiteral("x"), QStringLiteral("--closed")});
            QVERIFY(guard.waitForFinished(20'000));
            const QString output = QString::fromUtf8(guard.readAll());
            QCOMPARE(guard.exitCode(), 3);
            QVERIFY2(output.contains(withPassword ? QLatin1String("all agents stopped")
                                                  : QLatin1String("failing closed")),
                     qPrintable(output));
        }
    }

    // The password reaches neither the config file nor the database.
    QFile conf(config());
    QVERIFY(conf.open(QIODevice::ReadOnly));
    QVERIFY(!conf.readAll().contains(password.toUtf8()));
    QFile database(db());
    QVERIFY(database.open(QIODevice::ReadOnly));
    QVERIFY(!database.readAll().contains(password.toUtf8()));
}

void TestKillCli::nodeGuardStopsWithinItsTtl()
{
    constexpr int ttlMs = 2000;
    GuardedAgent agent(QStringLiteral(NODE_EXECUTABLE),
                       {QStringLiteral(BURNRATE_SOURCE_DIR "/examples/killswitch-guard.mjs"),
                        QStringLiteral("--etcd"), m_etcd->url().toString(), QStringLiteral("--agent"),
                        QStringLiteral("research-agent"), QStringLiteral("--closed"),
                        QStringLiteral("--ttl-ms"), QString::number(ttlMs), QStringLiteral("--interval-ms"),
                        QStringLiteral("50")});
    QVERIFY2(agent.makesCalls(), qPrintable(agent.output()));

    const Run r = run(
        {QStringLiteral("kill"), QStringLiteral("on"), QStringLiteral("--reason"), QStringLiteral("e2e")});
    QCOMPARE(r.exitCode, 0);
    QElapsedTimer sinceConfirmed;
    sinceConfirmed.start();
    // Within its TTL (plus two seconds for scheduling on a loaded machine), the agent halts by itself.
    QVERIFY2(agent.process().waitForFinished(ttlMs + 2000), qPrintable(agent.output()));
    QCOMPARE(agent.exitCode(), 3);
    QVERIFY2(agent.output().contains(QLatin1String("all agents stopped: e2e")), qPrintable(agent.output()));
    qInfo("node guard halted %lld ms after the store confirmed (TTL %d ms)", sinceConfirmed.elapsed(), ttlMs);
}

void TestKillCli::pythonGuardStopsOnlyItsAgent()
{
    const QStringList common = {QStringLiteral(BURNRATE_SOURCE_DIR "/examples/killswitch_guard.py"),
                                QStringLiteral("--etcd"),
                                m_etcd->url().toString(),
                                QStringLiteral("--closed"),
                                QStringLiteral("--ttl"),
                                QStringLiteral("1"),
                                QStringLiteral("--interval"),
                                QStringLiteral("0.05"),
                                QStringLiteral("--agent")};
    GuardedAgent target(QStringLiteral("python3"), common + QStringList{QStringLiteral("research-agent")});
    GuardedAgent bystander(QStringLiteral("python3"), common + QStringList{QStringLiteral("support-agent")});
    QVERIFY2(target.makesCalls(), qPrintable(target.output()));
    QVERIFY2(bystander.makesCalls(), qPrintable(bystander.output()));

    QCOMPARE(run({QStringLiteral("kill"), QStringLiteral("on"), QStringLiteral("--agent"),
                  QStringLiteral("research-agent")})
                 .exitCode,
             0);
    QVERIFY2(target.process().waitForFinished(1000 + 2000), qPrintable(target.output()));
    QCOMPARE(target.exitCode(), 3);
    QVERIFY(target.output().contains(QLatin1String("agent research-agent stopped")));
    // The other agent keeps working.
    QVERIFY(bystander.running());
    QVERIFY(bystander.makesCalls());

    // A store outage with fail-closed halts it too.
    m_etcd->stop();
    QVERIFY2(bystander.process().waitForFinished(1000 + 4000), qPrintable(bystander.output()));
    QCOMPARE(bystander.exitCode(), 3);
    QVERIFY2(bystander.output().contains(QLatin1String("failing closed")), qPrintable(bystander.output()));
}

QTEST_GUILESS_MAIN(TestKillCli)
#include "tst_killcli.moc"
