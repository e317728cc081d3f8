// The automatic kill's logic against an in-memory backend (a fake is enough here: the real etcd path is
// the controller's, tested in tests/killswitch).
#include "killswitch/autokill.h"

#include <QSignalSpy>
#include <QTest>

using namespace Burnrate;
using namespace Qt::StringLiterals;
using KillSwitch::AutoKill;
using KillSwitch::Automatic;
using KillSwitch::Controller;
using KillSwitch::Document;

namespace {

Automatic budget(const QString &name)
{
    return {Automatic::Trigger::Budget, name};
}

Automatic loopAlarm(const QString &agent)
{
    return {Automatic::Trigger::LoopAlarm, agent};
}

// Holds one document with a numeric revision; answers later, like a real backend. `failing` makes every
// request fail as an unreachable store would.
class MemoryBackend : public KillSwitch::Backend
{
public:
    Document document;
    bool exists = false;
    qint64 revision = 0;
    bool failing = false;
    int writes = 0;

    void read(QObject *context, ReadDone done) override
    {
        KillSwitch::ReadResult result;
        if (failing)
            result.error = Error(Error::Code::Io, u"connection refused"_s);
        result.exists = exists;
        result.document = document;
        result.revision = exists ? QByteArray::number(revision) : QByteArray();
        QMetaObject::invokeMethod(
            context, [done, result] { done(result); }, Qt::QueuedConnection);
    }

    void write(const Document &next, const QByteArray &expected, QObject *context, WriteDone done) override
    {
        KillSwitch::WriteResult result;
        if (failing) {
            result.error = Error(Error::Code::Io, u"connection refused"_s);
        } else if (expected != (exists ? QByteArray::number(revision) : QByteArray())) {
            result.conflict = true;
            result.error = Error(Error::Code::Busy, u"conflict"_s);
        } else {
            ++writes;
            document = next;
            exists = true;
            result.revision = QByteArray::number(++revision);
        }
        QMetaObject::invokeMethod(
            context, [done, result] { done(result); }, Qt::QueuedConnection);
    }

    QString describe() const override { return u"memory"_s; }
};

} // namespace

class TestAutoKill : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void enforceStopsTheAgent();
    void enforceStopsAllAgents();
    void observeChangesNothing();
    void noneDoesNothing();
    void alreadyStoppedIsNotWrittenAgain();
    void failureIsAnnounced();
    void withoutAKillSwitch();

private:
    MemoryBackend *m_backend = nullptr;
    std::unique_ptr<Controller> m_controller;
    std::unique_ptr<AutoKill> m_autoKill;
};

void TestAutoKill::init()
{
    auto backend = std::make_unique<MemoryBackend>();
    m_backend = backend.get();
    m_controller = std::make_unique<Controller>(std::move(backend));
    m_controller->setActor(u"alice@laptop"_s);
    m_autoKill = std::make_unique<AutoKill>();
    m_autoKill->setController(m_controller.get());
}

void TestAutoKill::cleanup()
{
    m_autoKill.reset();
    m_controller.reset();
}

void TestAutoKill::enforceStopsTheAgent()
{
    QSignalSpy announced(m_autoKill.get(), &AutoKill::announced);
    QSignalSpy audited(m_controller.get(), &Controller::audited);
    m_autoKill->escalate(AutoKill::Target::Agent, u"research-agent"_s, AutoKill::Mode::Enforce,
                         u"budget 'research' at 120 % of $50.00"_s, 17, budget(u"research"_s));
    QVERIFY(m_controller->hasPending()); // submitted at once, confirmed later
    QTRY_COMPARE(announced.size(), 1);
    QCOMPARE(announced.at(0).at(0).toString(),
             u"Stopped agent research-agent automatically: budget 'research' at 120 % of $50.00"_s);
    QCOMPARE(announced.at(0).at(1).toBool(), false);
    QCOMPARE(m_backend->document.disabledAgents, QStringList{u"research-agent"_s});
    QCOMPARE(m_backend->document.killAll, false);
    QCOMPARE(m_backend->document.version, 1);
    // The document and the audit trail say it was automatic, and why.
    const QString reason = u"Automatic (alert 17): budget 'research' at 120 % of $50.00"_s;
    QCOMPARE(m_backend->document.reason, reason);
    QCOMPARE(audited.size(), 1);
    const auto entry = audited.at(0).at(0).value<KillSwitch::AuditEntry>();
    QCOMPARE(entry.reason, reason);
    QCOMPARE(entry.action, u"disable:research-agent"_s);
    QCOMPARE(entry.outcome, KillSwitch::AuditEntry::Outcome::Confirmed);
    // Who: the budget that asked, on this user's Burnrate, not the user alone.
    QCOMPARE(entry.actor, u"automatic:budget:research via alice@laptop"_s);
    QCOMPARE(m_backend->document.updatedBy, entry.actor);
    QVERIFY(m_autoKill->owns(1));
    QVERIFY(!m_autoKill->owns(2));
}

void TestAutoKill::enforceStopsAllAgents()
{
    QSignalSpy announced(m_autoKill.get(), &AutoKill::announced);
    m_autoKill->escalate(AutoKill::Target::AllAgents, {}, AutoKill::Mode::Enforce,
                         u"budget 'daily-all' at 120 %"_s, 3, budget(u"daily-all"_s));
    QTRY_COMPARE(announced.size(), 1);
    QCOMPARE(announced.at(0).at(0).toString(),
             u"Stopped all agents automatically: budget 'daily-all' at 120 %"_s);
    QVERIFY(m_backend->document.killAll);
    QCOMPARE(m_backend->document.reason, u"Automatic (alert 3): budget 'daily-all' at 120 %"_s);
}

void TestAutoKill::observeChangesNothing()
{
    QSignalSpy announced(m_autoKill.get(), &AutoKill::announced);
    m_autoKill->escalate(AutoKill::Target::Agent, u"looper"_s, AutoKill::Mode::Observe,
                         u"agent looper repeats the tool search"_s, 5, loopAlarm(u"looper"_s));
    QCOMPARE(announced.size(), 1);
    QCOMPARE(announced.at(0).at(0).toString(),
             u"Observe mode: would have stopped agent looper: agent looper repeats the tool search"_s);
    m_autoKill->escalate(AutoKill::Target::AllAgents, {}, AutoKill::Mode::Observe, u"budget at 120 %"_s, 6,
                         budget(u"all"_s));
    QCOMPARE(announced.size(), 2);
    QCOMPARE(announced.at(1).at(0).toString(),
             u"Observe mode: would have stopped all agents: budget at 120 %"_s);
    QVERIFY(!m_controller->hasPending());
    QTest::qWait(50); // nothing queued either
    QCOMPARE(m_backend->writes, 0);
}

void TestAutoKill::noneDoesNothing()
{
    QSignalSpy announced(m_autoKill.get(), &AutoKill::announced);
    m_autoKill->escalate(AutoKill::Target::AllAgents, {}, AutoKill::Mode::None, u"budget at 120 %"_s, 1,
                         budget(u"all"_s));
    m_autoKill->escalate(AutoKill::Target::Agent, u" "_s, AutoKill::Mode::Enforce, u"no agent"_s, 2,
                         loopAlarm(u" "_s));
    QVERIFY(!m_controller->hasPending());
    QTest::qWait(50);
    QCOMPARE(announced.size(), 0);
    QCOMPARE(m_backend->writes, 0);
}

void TestAutoKill::alreadyStoppedIsNotWrittenAgain()
{
    m_backend->exists = true;
    m_backend->revision = 7;
    m_backend->document.version = 7;
    m_backend->document.disabledAgents = {u"research-agent"_s};
    m_controller->refresh();
    QTRY_COMPARE(m_controller->state(), Controller::State::Known);
    m_autoKill->escalate(AutoKill::Target::Agent, u"research-agent"_s, AutoKill::Mode::Enforce, u"again"_s, 9,
                         budget(u"research"_s));
    QVERIFY(!m_controller->hasPending());
    // Another agent is still stopped, and all agents too.
    m_autoKill->escalate(AutoKill::Target::Agent, u"other"_s, AutoKill::Mode::Enforce, u"loop"_s, 10,
                         loopAlarm(u"other"_s));
    m_autoKill->escalate(AutoKill::Target::AllAgents, {}, AutoKill::Mode::Enforce, u"all"_s, 11,
                         budget(u"all"_s));
    QTRY_VERIFY(!m_controller->hasPending());
    QCOMPARE(m_backend->writes, 2);
    QVERIFY(m_backend->document.killAll);
    QCOMPARE(m_backend->document.disabledAgents, (QStringList{u"other"_s, u"research-agent"_s}));
    QCOMPARE(m_backend->document.version, 9);
}

void TestAutoKill::failureIsAnnounced()
{
    m_backend->failing = true;
    QSignalSpy announced(m_autoKill.get(), &AutoKill::announced);
    QSignalSpy audited(m_controller.get(), &Controller::audited);
    m_autoKill->escalate(AutoKill::Target::Agent, u"research-agent"_s, AutoKill::Mode::Enforce, u"loop"_s, 4,
                         loopAlarm(u"research-agent"_s));
    QTRY_COMPARE(announced.size(), 1);
    QVERIFY(announced.at(0).at(0).toString().startsWith(
        u"Could not stop agent research-agent automatically: "_s));
    QVERIFY(announced.at(0).at(0).toString().contains(u"connection refused"_s));
    QCOMPARE(announced.at(0).at(1).toBool(), true);
    QCOMPARE(audited.size(), 1);
    QCOMPARE(audited.at(0).at(0).value<KillSwitch::AuditEntry>().outcome,
             KillSwitch::AuditEntry::Outcome::Failed);
    QCOMPARE(audited.at(0).at(0).value<KillSwitch::AuditEntry>().reason, u"Automatic (alert 4): loop"_s);
    QCOMPARE(audited.at(0).at(0).value<KillSwitch::AuditEntry>().actor,
             u"automatic:loop:research-agent via alice@laptop"_s);
}

void TestAutoKill::withoutAKillSwitch()
{
    m_autoKill->setController(nullptr);
    QSignalSpy announced(m_autoKill.get(), &AutoKill::announced);
    m_autoKill->escalate(AutoKill::Target::Agent, u"research-agent"_s, AutoKill::Mode::Enforce, u"loop"_s, 4,
                         loopAlarm(u"research-agent"_s));
    QCOMPARE(announced.size(), 1);
    QCOMPARE(announced.at(0).at(0).toString(),
             u"Could not stop agent research-agent automatically: no kill switch is configured. loop"_s);
    QCOMPARE(announced.at(0).at(1).toBool(), true);
    QTest::qWait(50);
    QCOMPARE(m_backend->writes, 0);
}

QTEST_GUILESS_MAIN(TestAutoKill)
#include "tst_autokill.moc"
