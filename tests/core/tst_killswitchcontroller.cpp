// The controller's logic with a scripted in-memory backend (the real stores are in tests/killswitch):
// outcomes never inside the call, changes run one after another in order, compare-and-swap retries are
// bounded, a read-back that does not show the change is not a confirmation, and a poll answer older
// than a later read never overwrites what that read showed.
#include "killswitch/killswitchcontroller.h"

#include <QSignalSpy>
#include <QTest>
#include <functional>

using namespace Burnrate;
using namespace Burnrate::KillSwitch;

namespace {

// A store in memory. Answers are queued (never inside the call); hooks let a test interfere.
class MemoryBackend : public Backend
{
public:
    Document stored;
    bool exists = false;
    qint64 revision = 0;
    int reads = 0;
    int writes = 0;
    bool alwaysConflict = false;
    bool failReads = false;
    std::function<void(Document &)> tamperAfterWrite; // e.g. someone rewrites the same version
    bool holdReads = false;                           // keep read answers until release()
    QList<std::function<void()>> heldReads;

    void read(QObject *context, ReadDone done) override
    {
        ++reads;
        ReadResult result;
        if (failReads)
            result.error = Error(Error::Code::Io, QStringLiteral("store down"));
        result.exists = exists;
        result.document = stored;
        result.revision = QByteArray::number(revision);
        auto answer = [context = QPointer<QObject>(context), done, result] {
            if (context)
                done(result);
        };
        if (holdReads)
            heldReads.append(answer);
        else
            QMetaObject::invokeMethod(this, answer, Qt::QueuedConnection);
    }

    void write(const Document &document, const QByteArray &expected, QObject *context,
               WriteDone done) override
    {
        ++writes;
        WriteResult result;
        if (alwaysConflict || expected != QByteArray::number(revision)) {
            result.conflict = true;
            result.error = Error(Error::Code::Busy, QStringLiteral("conflict"));
        } else {
            stored = document;
            exists = true;
            result.revision = QByteArray::number(++revision);
            if (tamperAfterWrite)
                tamperAfterWrite(stored);
        }
        QMetaObject::invokeMethod(
            this,
            [context = QPointer<QObject>(context), done, result] {
                if (context)
                    done(result);
            },
            Qt::QueuedConnection);
    }

    QString describe() const override { return QStringLiteral("memory"); }
};

} // namespace

class TestKillSwitchController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void changesRunInOrderAndNeverInsideTheCall();
    void conflictsAreRetriedAndThenGivenUp();
    void readBackMustShowTheChange();
    void unreachableStoreIsUnknown();
    void staleReadNeverOverwritesANewerOne();
    void noChangeWritesNothing();

private:
    MemoryBackend *m_backend = nullptr;
    std::unique_ptr<Controller> m_controller;
};

void TestKillSwitchController::init()
{
    auto backend = std::make_unique<MemoryBackend>();
    m_backend = backend.get();
    m_controller = std::make_unique<Controller>(std::move(backend));
    m_controller->setActor(QStringLiteral("me@here"));
}

void TestKillSwitchController::changesRunInOrderAndNeverInsideTheCall()
{
    QSignalSpy confirmed(m_controller.get(), &Controller::changeConfirmed);
    QSignalSpy pending(m_controller.get(), &Controller::pendingChanged);
    const Controller::RequestId a = m_controller->disableAgent(QStringLiteral("a"), {});
    const Controller::RequestId b = m_controller->killAll(QStringLiteral("why"));
    const Controller::RequestId c = m_controller->enableAgent(QStringLiteral("a"), {});
    QVERIFY(a != b && b != c);
    QCOMPARE(confirmed.count(), 0);
    QCOMPARE(m_controller->pendingChanges().size(), 3);
    QCOMPARE(m_controller->state(), Controller::State::Unknown); // nothing read yet

    QTRY_COMPARE(confirmed.count(), 3);
    QCOMPARE(confirmed.at(0).at(0).value<Controller::RequestId>(), a);
    QCOMPARE(confirmed.at(1).at(0).value<Controller::RequestId>(), b);
    QCOMPARE(confirmed.at(2).at(0).value<Controller::RequestId>(), c);
    QCOMPARE(confirmed.at(2).at(1).value<Document>().version, 3);
    QVERIFY(!m_controller->hasPending());
    QCOMPARE(m_backend->writes, 3);
    QVERIFY(m_backend->stored.killAll);
    QVERIFY(m_backend->stored.disabledAgents.isEmpty());
    QCOMPARE(m_backend->stored.updatedBy, QStringLiteral("me@here"));
    QCOMPARE(m_controller->state(), Controller::State::Known);
    QCOMPARE(m_controller->document(), m_backend->stored);
    QVERIFY(pending.count() >= 6); // queued and finished, each
}

void TestKillSwitchController::conflictsAreRetriedAndThenGivenUp()
{
    m_backend->alwaysConflict = true;
    QSignalSpy failed(m_controller.get(), &Controller::changeFailed);
    QSignalSpy audited(m_controller.get(), &Controller::audited);
    m_controller->killAll({});
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(m_backend->writes, Controller::kMaxAttempts);
    const Error error = failed.at(0).at(1).value<Error>();
    QCOMPARE(error.code, Error::Code::Busy);
    QVERIFY(error.message.contains(QString::number(Controller::kMaxAttempts)));
    QCOMPARE(audited.count(), 1);
    QCOMPARE(audited.at(0).at(0).value<AuditEntry>().outcome, AuditEntry::Outcome::Failed);
    QVERIFY(!m_backend->exists);
}

void TestKillSwitchController::readBackMustShowTheChange()
{
    // Something rewrites the same version with other content right after our write.
    m_backend->tamperAfterWrite = [](Document &doc) { doc.killAll = false; };
    QSignalSpy failed(m_controller.get(), &Controller::changeFailed);
    QSignalSpy confirmed(m_controller.get(), &Controller::changeConfirmed);
    m_controller->killAll({});
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(confirmed.count(), 0);
    QVERIFY(failed.at(0).at(1).value<Error>().message.contains(QLatin1String("not confirmed")));
    // What is displayed is what the store holds, not what was asked for.
    QVERIFY(!m_controller->document().killAll);

    // A newer version on top of ours (a teammate was quicker than our read-back) still confirms ours.
    m_backend->tamperAfterWrite = [](Document &doc) {
        doc.version += 1;
        doc.disabledAgents = {QStringLiteral("teammate")};
    };
    m_controller->killAll({});
    QTRY_COMPARE(confirmed.count(), 1);
}

void TestKillSwitchController::unreachableStoreIsUnknown()
{
    m_controller->start();
    QTRY_COMPARE(m_controller->state(), Controller::State::Known);
    QVERIFY(!m_controller->documentExists());
    m_backend->failReads = true;
    QSignalSpy changed(m_controller.get(), &Controller::stateChanged);
    m_controller->refresh();
    QTRY_COMPARE(m_controller->state(), Controller::State::Unknown);
    QCOMPARE(m_controller->lastError().message, QStringLiteral("store down"));
    QVERIFY(changed.count() >= 1);
    m_backend->failReads = false;
    m_controller->refresh();
    QTRY_COMPARE(m_controller->state(), Controller::State::Known);
    QVERIFY(!m_controller->lastError());
}

void TestKillSwitchController::staleReadNeverOverwritesANewerOne()
{
    // A poll is sent while the store is empty, and its answer is held back...
    m_backend->holdReads = true;
    m_controller->refresh();
    QCOMPARE(m_backend->heldReads.size(), 1);
    auto stalePoll = m_backend->heldReads.takeFirst();
    m_backend->holdReads = false;

    // ...while a change goes through and is confirmed.
    QSignalSpy confirmed(m_controller.get(), &Controller::changeConfirmed);
    m_controller->killAll({});
    QTRY_COMPARE(confirmed.count(), 1);
    QVERIFY(m_controller->document().killAll);

    // The old answer arrives last: it must not show the empty store again.
    stalePoll();
    QVERIFY(m_controller->document().killAll);
    QCOMPARE(m_controller->document().version, 1);
}

// A change the store already shows is confirmed by the read, without a write or a new version.
void TestKillSwitchController::noChangeWritesNothing()
{
    QSignalSpy confirmed(m_controller.get(), &Controller::changeConfirmed);
    m_controller->killAll(QStringLiteral("first"));
    QTRY_COMPARE(confirmed.count(), 1);
    QCOMPARE(m_backend->writes, 1);
    m_controller->killAll(QStringLiteral("again"));
    m_controller->enableAgent(QStringLiteral("nobody"), {});
    QTRY_COMPARE(confirmed.count(), 3);
    QCOMPARE(m_backend->writes, 1);
    QCOMPARE(confirmed.at(2).at(1).value<Document>().version, 1);
    QCOMPARE(m_backend->stored.reason, QStringLiteral("first"));
    m_controller->disableAgent(QStringLiteral("a"), {}); // a real change still writes
    QTRY_COMPARE(confirmed.count(), 4);
    QCOMPARE(m_backend->writes, 2);
    QCOMPARE(m_backend->stored.version, 2);
}

QTEST_GUILESS_MAIN(TestKillSwitchController)
#include "tst_killswitchcontroller.moc"
