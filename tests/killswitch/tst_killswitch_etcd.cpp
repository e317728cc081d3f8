// The kill switch against a real etcd (Debian's etcd-server) on private loopback ports: the backend's
// put/range and compare-and-swap, the controller's confirmed changes, two writers at once, auth with
// token expiry, and a store that stops and comes back.
#include "etcdprocess.h"

#include "killswitch/etcdbackend.h"
#include "killswitch/killswitchaudit.h"
#include "killswitch/killswitchcontroller.h"
#include "net/curlhttpclient.h"

#include <QSignalSpy>
#include <QTest>
#include <set>

using namespace Burnrate;
using namespace Burnrate::KillSwitch;
using namespace std::chrono_literals;

namespace {

const QString kKey = QStringLiteral("burnrate/killswitch");

// Runs one read on the backend and waits for it.
ReadResult readNow(Backend &backend)
{
    std::optional<ReadResult> result;
    QObject context;
    backend.read(&context, [&](const ReadResult &r) { result = r; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, 10'000);
    return result.value_or(
        ReadResult{Error(Error::Code::Io, QStringLiteral("no answer in 10 s")), false, {}, {}});
}

WriteResult writeNow(Backend &backend, const Document &doc, const QByteArray &revision)
{
    std::optional<WriteResult> result;
    QObject context;
    backend.write(doc, revision, &context, [&](const WriteResult &r) { result = r; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, 10'000);
    return result.value_or(
        WriteResult{Error(Error::Code::Io, QStringLiteral("no answer in 10 s")), false, {}});
}

struct Outcome
{
    bool done = false;
    bool confirmed = false;
    Document document;
    Error error;
};

// Connects to a controller and records the outcome of one request id.
std::shared_ptr<Outcome> watch(Controller &controller, Controller::RequestId id)
{
    auto outcome = std::make_shared<Outcome>();
    QObject::connect(&controller, &Controller::changeConfirmed, &controller,
                     [outcome, id](Controller::RequestId got, const Document &doc) {
                         if (got == id) {
                             outcome->done = outcome->confirmed = true;
                             outcome->document = doc;
                         }
                     });
    QObject::connect(&controller, &Controller::changeFailed, &controller,
                     [outcome, id](Controller::RequestId got, const Error &error) {
                         if (got == id) {
                             outcome->done = true;
                             outcome->error = error;
                         }
                     });
    return outcome;
}

// The real etcd backend, except that just before the first write a teammate's write lands in etcd:
// that write's compare-and-swap then meets a revision it did not read.
class TeammateWritesFirst : public Backend
{
public:
    TeammateWritesFirst(std::unique_ptr<Backend> inner, std::function<void()> teammate)
        : m_inner(std::move(inner))
        , m_teammate(std::move(teammate))
    {}
    void read(QObject *context, ReadDone done) override { m_inner->read(context, std::move(done)); }
    void write(const Document &document, const QByteArray &revision, QObject *context,
               WriteDone done) override
    {
        ++writes;
        if (m_teammate)
            std::exchange(m_teammate, nullptr)();
        m_inner->write(document, revision, context, std::move(done));
    }
    QString describe() const override { return m_inner->describe(); }

    int writes = 0;

private:
    std::unique_ptr<Backend> m_inner;
    std::function<void()> m_teammate;
};

} // namespace

class TestKillSwitchEtcd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void putAndRangeRoundTrip();
    void missingKeyReadsAsNeverWritten();
    void compareAndSwapRefusesStaleRevision();
    void controllerConfirmsEachChangeFromTheStore();
    void teammatesChangeShowsByPolling();
    void conflictReappliesTheChangeOnTheTeammatesDocument();
    void concurrentWritersLoseNoUpdate();
    void invalidDocumentIsUnknownAndNeverOverwritten();
    void stoppedStoreIsUnknownAndRecovers();
    void authWithPasswordAndTokenExpiry();
    void authFailuresAreLoud();
    void httpsWithAThrowAwayCa();

private:
    std::unique_ptr<Controller> makeController(const QString &user = {}, const QString &password = {});

    std::unique_ptr<EtcdProcess> m_etcd;
    std::unique_ptr<Net::CurlHttpClient> m_client;
    QTemporaryDir m_dir;
    std::unique_ptr<AuditLog> m_audit;
};

void TestKillSwitchEtcd::initTestCase()
{
    for (const char *name :
         {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        qunsetenv(name);
    QVERIFY2(EtcdProcess::available(), "etcd is not installed (Debian package etcd-server, scripts/deps.sh)");
}

void TestKillSwitchEtcd::init()
{
    m_etcd =
        std::make_unique<EtcdProcess>(QStringList{QStringLiteral("--auth-token-ttl"), QStringLiteral("2")});
    QVERIFY2(m_etcd->start(), qPrintable(m_etcd->lastError()));
    m_client = std::make_unique<Net::CurlHttpClient>();
    QVERIFY(m_dir.isValid());
    Error error;
    m_audit = AuditLog::open(
        m_dir.filePath(QStringLiteral("%1.sqlite").arg(QLatin1String(QTest::currentTestFunction()))), false,
        &error);
    QVERIFY2(m_audit, qPrintable(error.message));
}

void TestKillSwitchEtcd::cleanup()
{
    m_audit.reset();
    m_client.reset();
    m_etcd.reset();
}

std::unique_ptr<Controller> TestKillSwitchEtcd::makeController(const QString &user, const QString &password)
{
    auto controller = std::make_unique<Controller>(
        std::make_unique<EtcdBackend>(m_client.get(), m_etcd->url(), kKey, user, password), m_audit.get());
    controller->setActor(QStringLiteral("tester@host"));
    return controller;
}

void TestKillSwitchEtcd::putAndRangeRoundTrip()
{
    EtcdBackend backend(m_client.get(), m_etcd->url(), kKey, {}, {});
    Document doc;
    doc.version = 1;
    doc.killAll = true;
    doc.disabledAgents = {QStringLiteral("agent-7"), QStringLiteral("research-agent")};
    doc.reason = QStringLiteral("budget 'daily-all' at 120% — ünïcode");
    doc.updatedBy = QStringLiteral("alice@laptop");
    doc.updatedAt = QDateTime(QDate(2026, 11, 24), QTime(20, 43), Qt::UTC);

    const WriteResult written = writeNow(backend, doc, "0");
    QVERIFY2(!written.error, qPrintable(written.error.message));
    QVERIFY(!written.revision.isEmpty());

    // What etcd holds is the document's JSON, readable by any agent.
    const QByteArray raw = m_etcd->value(kKey);
    QVERIFY(raw.contains("\"kill_all\":true"));
    QVERIFY(raw.contains("\"disabled_agents\":[\"agent-7\",\"research-agent\"]"));

    const ReadResult read = readNow(backend);
    QVERIFY2(!read.error, qPrintable(read.error.message));
    QVERIFY(read.exists);
    QCOMPARE(read.document, doc);
    QCOMPARE(read.revision, written.revision);
    QVERIFY(read.document.stops(QStringLiteral("anyone")));
}

void TestKillSwitchEtcd::missingKeyReadsAsNeverWritten()
{
    EtcdBackend backend(m_client.get(), m_etcd->url(), kKey, {}, {});
    const ReadResult read = readNow(backend);
    QVERIFY2(!read.error, qPrintable(read.error.message));
    QVERIFY(!read.exists);
    QCOMPARE(read.document.version, 0);
    QVERIFY(!read.document.stops(QStringLiteral("a")));
}

void TestKillSwitchEtcd::compareAndSwapRefusesStaleRevision()
{
    EtcdBackend backend(m_client.get(), m_etcd->url(), kKey, {}, {});
    Document first;
    first.version = 1;
    const WriteResult created = writeNow(backend, first, "0");
    QVERIFY2(!created.error, qPrintable(created.error.message));

    // Creating again (expecting no key) and writing against a stale revision are conflicts.
    Document other;
    other.version = 2;
    other.killAll = true;
    const WriteResult again = writeNow(backend, other, "0");
    QVERIFY(again.conflict);
    QVERIFY(again.error);
    QVERIFY(m_etcd->put(QStringLiteral("unrelated"), "x")); // moves the store's revision, not the key's
    const WriteResult stale = writeNow(backend, other, QByteArray::number(created.revision.toLongLong() - 1));
    QVERIFY(stale.conflict);
    QCOMPARE(readNow(backend).document, first);

    const WriteResult fresh = writeNow(backend, other, created.revision);
    QVERIFY2(!fresh.error, qPrintable(fresh.error.message));
    QCOMPARE(readNow(backend).document, other);
}

void TestKillSwitchEtcd::controllerConfirmsEachChangeFromTheStore()
{
    auto controller = makeController();
    QCOMPARE(controller->state(), Controller::State::Unknown);
    controller->start();
    QTRY_COMPARE(controller->state(), Controller::State::Known);
    QVERIFY(!controller->documentExists());
    QVERIFY(controller->confirmedAt().isValid());

    QSignalSpy failed(controller.get(), &Controller::changeFailed);
    QSignalSpy audited(controller.get(), &Controller::audited);
    const Controller::RequestId kill = controller->killAll(QStringLiteral("runaway loop"));
    // Pending until the store answers; never inside the call.
    QVERIFY(controller->hasPending());
    QCOMPARE(controller->pendingChanges().first().id, kill);
    auto killed = watch(*controller, kill);
    QTRY_VERIFY(killed->done);
    QVERIFY2(killed->confirmed, qPrintable(killed->error.message));
    QVERIFY(!controller->hasPending());
    QCOMPARE(killed->document.version, 1);
    QVERIFY(killed->document.killAll);
    QCOMPARE(killed->document.updatedBy, QStringLiteral("tester@host"));
    QCOMPARE(killed->document.reason, QStringLiteral("runaway loop"));
    QCOMPARE(controller->document(), killed->document);
    // The store holds exactly what was confirmed.
    Error error;
    QCOMPARE(Document::fromJson(m_etcd->value(kKey), &error).value_or(Document{}), killed->document);

    auto disabled =
        watch(*controller, controller->disableAgent(QStringLiteral("research-agent"), QStringLiteral("r2")));
    auto enabled =
        watch(*controller, controller->enableAgent(QStringLiteral("research-agent"), QStringLiteral("r3")));
    auto disabled2 =
        watch(*controller, controller->disableAgent(QStringLiteral("agent-7"), QStringLiteral("r4")));
    auto resumed = watch(*controller, controller->resumeAll(QStringLiteral("fixed")));
    QTRY_VERIFY(resumed->done);
    QVERIFY(disabled->confirmed && enabled->confirmed && disabled2->confirmed && resumed->confirmed);
    QCOMPARE(disabled->document.disabledAgents, QStringList{QStringLiteral("research-agent")});
    QVERIFY(disabled->document.killAll);
    QCOMPARE(enabled->document.disabledAgents, QStringList());
    QCOMPARE(disabled2->document.disabledAgents, QStringList{QStringLiteral("agent-7")});
    QVERIFY(!resumed->document.killAll);
    QVERIFY(resumed->document.disabledAgents.isEmpty());
    QCOMPARE(resumed->document.version, 5); // one per change
    QCOMPARE(failed.count(), 0);

    // A blank agent id fails loudly and changes nothing.
    auto blank = watch(*controller, controller->disableAgent(QStringLiteral("  "), {}));
    QTRY_VERIFY(blank->done);
    QVERIFY(!blank->confirmed);
    QCOMPARE(blank->error.code, Error::Code::InvalidInput);
    QCOMPARE(Document::fromJson(m_etcd->value(kKey), &error)->version, 5);

    // Every change is in the audit trail, newest first.
    QTRY_COMPARE(audited.count(), 6);
    const QList<AuditEntry> entries = controller->auditEntries(10);
    QCOMPARE(entries.size(), 6);
    QCOMPARE(entries[0].outcome, AuditEntry::Outcome::Failed);
    QCOMPARE(entries[0].action, QStringLiteral("disable:"));
    QVERIFY(!entries[0].message.isEmpty());
    QCOMPARE(entries[1].action, QStringLiteral("resume_all"));
    QCOMPARE(entries[1].version, 5);
    QCOMPARE(entries[1].reason, QStringLiteral("fixed"));
    QCOMPARE(entries[5].action, QStringLiteral("kill_all"));
    QCOMPARE(entries[5].outcome, AuditEntry::Outcome::Confirmed);
    QCOMPARE(entries[5].version, 1);
    QCOMPARE(entries[5].actor, QStringLiteral("tester@host"));
    QVERIFY(entries[5].store.startsWith(QStringLiteral("etcd http://127.0.0.1:")));
}

void TestKillSwitchEtcd::teammatesChangeShowsByPolling()
{
    auto mine = makeController();
    auto teammate = makeController();
    mine->setPollInterval(1s);
    mine->start();
    QTRY_COMPARE(mine->state(), Controller::State::Known);
    QVERIFY(!mine->document().killAll);

    auto killed = watch(*teammate, teammate->killAll(QStringLiteral("teammate")));
    QTRY_VERIFY(killed->done);
    QVERIFY(killed->confirmed);
    QTRY_VERIFY_WITH_TIMEOUT(mine->document().killAll, 5'000);
    QCOMPARE(mine->state(), Controller::State::Known);
    QCOMPARE(mine->document().version, 1);
}

void TestKillSwitchEtcd::conflictReappliesTheChangeOnTheTeammatesDocument()
{
    Document teammates;
    teammates.version = 1;
    teammates.disabledAgents = {QStringLiteral("teammate-agent")};
    teammates.updatedBy = QStringLiteral("bob@desk");
    auto backend = std::make_unique<TeammateWritesFirst>(
        std::make_unique<EtcdBackend>(m_client.get(), m_etcd->url(), kKey, QString(), QString()),
        [this, teammates] { QVERIFY(m_etcd->put(kKey, teammates.toJson())); });
    TeammateWritesFirst *spy = backend.get();
    Controller controller(std::move(backend), m_audit.get());
    auto outcome =
        watch(controller, controller.disableAgent(QStringLiteral("my-agent"), QStringLiteral("mine")));
    QTRY_VERIFY(outcome->done);
    QVERIFY2(outcome->confirmed, qPrintable(outcome->error.message));
    QCOMPARE(spy->writes, 2); // the first compare-and-swap lost, the retry won
    QCOMPARE(outcome->document.version, 2);
    QCOMPARE(outcome->document.disabledAgents,
             (QStringList{QStringLiteral("my-agent"), QStringLiteral("teammate-agent")}));
    Error error;
    QCOMPARE(Document::fromJson(m_etcd->value(kKey), &error).value_or(Document{}), outcome->document);
}

void TestKillSwitchEtcd::concurrentWritersLoseNoUpdate()
{
    auto alice = makeController();
    auto bob = makeController();
    alice->setActor(QStringLiteral("alice@a"));
    bob->setActor(QStringLiteral("bob@b"));
    QList<std::shared_ptr<Outcome>> outcomes;
    // Interleaved: each writer's read is usually stale by the time it writes, so CAS conflicts happen.
    for (int i = 0; i < 10; ++i) {
        outcomes.append(watch(*alice, alice->disableAgent(QStringLiteral("alice-%1").arg(i), {})));
        outcomes.append(watch(*bob, bob->disableAgent(QStringLiteral("bob-%1").arg(i), {})));
    }
    for (const auto &outcome : outcomes) {
        QTRY_VERIFY_WITH_TIMEOUT(outcome->done, 30'000);
        QVERIFY2(outcome->confirmed, qPrintable(outcome->error.message));
    }
    Error error;
    const std::optional<Document> final = Document::fromJson(m_etcd->value(kKey), &error);
    QVERIFY2(final, qPrintable(error.message));
    QCOMPARE(final->disabledAgents.size(), 20);
    QCOMPARE(final->version, 20);
    // Each confirmed version is distinct and together they are 1..20: no write replaced another.
    std::set<qint64> versions;
    for (const auto &outcome : outcomes)
        versions.insert(outcome->document.version);
    QCOMPARE(versions.size(), size_t(20));
    QCOMPARE(*versions.begin(), 1);
    QCOMPARE(*versions.rbegin(), 20);
    // Both writers audited their ten changes in the shared log.
    const QList<AuditEntry> entries = alice->auditEntries(100);
    QCOMPARE(entries.size(), 20);
    for (const AuditEntry &entry : entries)
        QCOMPARE(entry.outcome, AuditEntry::Outcome::Confirmed);
}

void TestKillSwitchEtcd::invalidDocumentIsUnknownAndNeverOverwritten()
{
    const QByteArray garbage = "{\"schema\":1,\"kill_all\":\"yes\"}";
    QVERIFY(m_etcd->put(kKey, garbage));
    auto controller = makeController();
    controller->start();
    QTRY_VERIFY(controller->lastError().isError());
    QCOMPARE(controller->state(), Controller::State::Unknown);
    QVERIFY2(controller->lastError().message.contains(QLatin1String("kill_all")),
             qPrintable(controller->lastError().message));

    auto outcome = watch(*controller, controller->killAll({}));
    QTRY_VERIFY(outcome->done);
    QVERIFY(!outcome->confirmed);
    QCOMPARE(m_etcd->value(kKey), garbage);

    // A document from a newer Burnrate is refused too, not rewritten in the old schema.
    const QByteArray newer = "{\"schema\":2,\"kill_all\":false}";
    QVERIFY(m_etcd->put(kKey, newer));
    controller->refresh();
    QTRY_VERIFY(controller->lastError().message.contains(QLatin1String("schema 2")));
    auto again = watch(*controller, controller->resumeAll({}));
    QTRY_VERIFY(again->done);
    QVERIFY(!again->confirmed);
    QCOMPARE(m_etcd->value(kKey), newer);
}

void TestKillSwitchEtcd::stoppedStoreIsUnknownAndRecovers()
{
    auto controller = makeController();
    controller->setPollInterval(1s);
    controller->start();
    auto killed = watch(*controller, controller->killAll(QStringLiteral("before the outage")));
    QTRY_VERIFY(killed->done);
    QVERIFY(killed->confirmed);
    QCOMPARE(controller->state(), Controller::State::Known);

    m_etcd->stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller->state(), Controller::State::Unknown, 10'000);
    QVERIFY(controller->lastError().message.contains(QLatin1String("cannot be reached")));
    // While unknown, a change fails loudly instead of pretending.
    QSignalSpy stateChanges(controller.get(), &Controller::stateChanged);
    auto resumed = watch(*controller, controller->resumeAll(QStringLiteral("during the outage")));
    QTRY_VERIFY_WITH_TIMEOUT(resumed->done, 15'000);
    QVERIFY(!resumed->confirmed);
    QCOMPARE(resumed->error.code, Error::Code::Io);
    // No read during the outage reported a state.
    QCOMPARE(controller->state(), Controller::State::Unknown);

    QVERIFY2(m_etcd->start(), qPrintable(m_etcd->lastError()));
    QTRY_COMPARE_WITH_TIMEOUT(controller->state(), Controller::State::Known, 10'000);
    QVERIFY(controller->document().killAll); // the outage changed nothing
    QCOMPARE(controller->document().version, 1);

    const QList<AuditEntry> entries = controller->auditEntries(5);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries[0].outcome, AuditEntry::Outcome::Failed);
    QCOMPARE(entries[0].reason, QStringLiteral("during the outage"));
}

void TestKillSwitchEtcd::authWithPasswordAndTokenExpiry()
{
    const QString password = QStringLiteral("s3cret-dash");
    QVERIFY2(m_etcd->enableAuth(QStringLiteral("rootpw"), QStringLiteral("dash"), password,
                                QStringLiteral("burnrate/")),
             qPrintable(m_etcd->lastError()));
    auto controller = makeController(QStringLiteral("dash"), password);
    auto killed = watch(*controller, controller->killAll(QStringLiteral("auth on")));
    QTRY_VERIFY(killed->done);
    QVERIFY2(killed->confirmed, qPrintable(killed->error.message));

    // The simple token lives 2 s (--auth-token-ttl 2): the next change must log in again by itself.
    QTest::qWait(3500);
    auto resumed = watch(*controller, controller->resumeAll(QStringLiteral("after expiry")));
    QTRY_VERIFY(resumed->done);
    QVERIFY2(resumed->confirmed, qPrintable(resumed->error.message));
    QCOMPARE(resumed->document.version, 2);

    const QByteArray token = m_etcd->authenticate(QStringLiteral("root"), QStringLiteral("rootpw"));
    QVERIFY(!token.isEmpty());
    QVERIFY(m_etcd->value(kKey, token).contains("\"version\":2"));
    // The password is in no audit entry.
    for (const AuditEntry &entry : controller->auditEntries(10))
        QVERIFY(!QString(entry.message + entry.store + entry.reason).contains(password));
}

void TestKillSwitchEtcd::authFailuresAreLoud()
{
    QVERIFY2(m_etcd->enableAuth(QStringLiteral("rootpw"), QStringLiteral("dash"), QStringLiteral("right"),
                                QStringLiteral("burnrate/")),
             qPrintable(m_etcd->lastError()));

    auto anonymous = makeController();
    anonymous->start();
    QTRY_VERIFY(anonymous->lastError().isError());
    QCOMPARE(anonymous->state(), Controller::State::Unknown);
    QCOMPARE(anonymous->lastError().code, Error::Code::Unauthorized);
    QVERIFY(anonymous->lastError().message.contains(QLatin1String("BURNRATE_KILLSWITCH_PASSWORD")));

    auto wrong = makeController(QStringLiteral("dash"), QStringLiteral("wrong-password"));
    auto outcome = watch(*wrong, wrong->killAll({}));
    QTRY_VERIFY(outcome->done);
    QVERIFY(!outcome->confirmed);
    QCOMPARE(outcome->error.code, Error::Code::Unauthorized);
    QVERIFY(!outcome->error.message.contains(QLatin1String("wrong-password")));
    QCOMPARE(wrong->state(), Controller::State::Unknown);

    // A user whose role does not cover the key.
    EtcdBackend outside(m_client.get(), m_etcd->url(), QStringLiteral("elsewhere/killswitch"),
                        QStringLiteral("dash"), QStringLiteral("right"));
    const ReadResult read = readNow(outside);
    QCOMPARE(read.error.code, Error::Code::Unauthorized);
}

void TestKillSwitchEtcd::httpsWithAThrowAwayCa()
{
    ThrowAwayCa ca;
    QVERIFY2(ca.create(), qPrintable(ca.error()));
    EtcdProcess tlsEtcd({}, &ca);
    QVERIFY2(tlsEtcd.start(), qPrintable(tlsEtcd.lastError()));
    QCOMPARE(tlsEtcd.url().scheme(), QStringLiteral("https"));

    Net::CurlHttpClient trusting(Net::CurlHttpClient::Options{ca.caFile()});
    Controller controller(
        std::make_unique<EtcdBackend>(&trusting, tlsEtcd.url(), kKey, QString(), QString()));
    auto killed = watch(controller, controller.killAll(QStringLiteral("over https")));
    QTRY_VERIFY(killed->done);
    QVERIFY2(killed->confirmed, qPrintable(killed->error.message));
    QVERIFY(tlsEtcd.value(kKey).contains("\"kill_all\":true"));

    // Without the CA the certificate is not trusted: unknown, not "running".
    Controller untrusting(
        std::make_unique<EtcdBackend>(m_client.get(), tlsEtcd.url(), kKey, QString(), QString()));
    untrusting.start();
    QTRY_VERIFY(untrusting.lastError().isError());
    QCOMPARE(untrusting.state(), Controller::State::Unknown);
}

QTEST_GUILESS_MAIN(TestKillSwitchEtcd)
#include "tst_killswitch_etcd.moc"
