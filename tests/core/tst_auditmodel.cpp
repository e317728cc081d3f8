#include "models/auditmodel.h"

#include "killswitch/killswitchdocument.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Burnrate;
using namespace Qt::StringLiterals;
using KillSwitch::AuditEntry;
using Models::AuditModel;

namespace {

AuditEntry entry(qint64 id, const QString &action, AuditEntry::Outcome outcome, qint64 version,
                 const QString &message = {})
{
    AuditEntry e;
    e.id = id;
    e.at = QDateTime(QDate(2026, 11, 24), QTime(20, 43, id % 60), QTimeZone::utc());
    e.actor = u"alice@laptop"_s;
    e.action = action;
    e.reason = u"budget 'daily-all' at 120 %"_s;
    e.outcome = outcome;
    e.version = version;
    e.message = message;
    e.store = u"etcd http://127.0.0.1:2379 key burnrate/killswitch"_s;
    return e;
}

} // namespace

class TestAuditModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void displayAndRoles();
    void actionText_data();
    void actionText();
    void prependAndLimit();
    void automaticKillIsWho_data();
    void automaticKillIsWho();
};

void TestAuditModel::displayAndRoles()
{
    AuditModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntries({entry(2, u"disable:research-agent"_s, AuditEntry::Outcome::Failed, 0,
                            u"The kill switch was not changed: connection refused"_s),
                      entry(1, u"kill_all"_s, AuditEntry::Outcome::Confirmed, 42)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(AuditModel::ColumnCount));
    const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.index(row, column).data(role);
    };
    // TZ=UTC in the test environment: the local time is the stored one.
    QCOMPARE(cell(1, AuditModel::WhenColumn).toString(), u"11/24/26 8:43 PM"_s);
    QCOMPARE(cell(1, AuditModel::WhoColumn).toString(), u"alice@laptop"_s);
    QCOMPARE(cell(1, AuditModel::WhatColumn).toString(), u"Kill all agents"_s);
    QCOMPARE(cell(1, AuditModel::WhyColumn).toString(), u"budget 'daily-all' at 120 %"_s);
    QCOMPARE(cell(1, AuditModel::OutcomeColumn).toString(), u"Confirmed"_s);
    QCOMPARE(cell(1, AuditModel::VersionColumn).toString(), u"42"_s);
    QCOMPARE(cell(1, AuditModel::VersionColumn, AuditModel::SortRole).toLongLong(), 42);
    QCOMPARE(cell(1, 0, AuditModel::FailedRole).toBool(), false);
    QCOMPARE(cell(1, AuditModel::WhatColumn, Qt::ToolTipRole).toString(),
             u"etcd http://127.0.0.1:2379 key burnrate/killswitch"_s);

    QCOMPARE(cell(0, AuditModel::WhatColumn).toString(), u"Stop agent research-agent"_s);
    QCOMPARE(cell(0, AuditModel::OutcomeColumn).toString(),
             u"Failed: The kill switch was not changed: connection refused"_s);
    QCOMPARE(cell(0, AuditModel::OutcomeColumn, Qt::ToolTipRole).toString(),
             u"The kill switch was not changed: connection refused"_s);
    QCOMPARE(cell(0, AuditModel::VersionColumn).toString(), QString()); // nothing was confirmed
    QCOMPARE(cell(0, 0, AuditModel::FailedRole).toBool(), true);
    QVERIFY(cell(0, AuditModel::WhenColumn, AuditModel::SortRole).toLongLong() >
            cell(1, AuditModel::WhenColumn, AuditModel::SortRole).toLongLong());
    QCOMPARE(model.headerData(AuditModel::WhyColumn, Qt::Horizontal).toString(), u"Why"_s);
}

void TestAuditModel::actionText_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("text");
    QTest::newRow("kill") << u"kill_all"_s << u"Kill all agents"_s;
    QTest::newRow("resume") << u"resume_all"_s << u"Resume all agents"_s;
    QTest::newRow("disable") << u"disable:a:b"_s << u"Stop agent a:b"_s;
    QTest::newRow("enable") << u"enable:x"_s << u"Resume agent x"_s;
    QTest::newRow("unknown") << u"something_new"_s << u"something_new"_s;
}

void TestAuditModel::actionText()
{
    QFETCH(QString, action);
    QFETCH(QString, text);
    QCOMPARE(AuditModel::actionText(action), text);
}

void TestAuditModel::prependAndLimit()
{
    AuditModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLimit(3);
    model.setEntries({entry(3, u"kill_all"_s, AuditEntry::Outcome::Confirmed, 3),
                      entry(2, u"resume_all"_s, AuditEntry::Outcome::Confirmed, 2),
                      entry(1, u"kill_all"_s, AuditEntry::Outcome::Confirmed, 1)});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.prepend(entry(4, u"enable:x"_s, AuditEntry::Outcome::Confirmed, 4));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(reset.size(), 0); // incremental, the view keeps its place
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.entries().first().id, 4);
    QCOMPARE(model.entries().last().id, 2);
    model.setLimit(1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entries().first().id, 4);
}

void TestAuditModel::automaticKillIsWho_data()
{
    QTest::addColumn<QString>("actor");
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("tooltip");
    const auto automatic = [](KillSwitch::Automatic::Trigger trigger, const QString &name) {
        return KillSwitch::automaticActor({trigger, name}, u"alice@laptop"_s);
    };
    QTest::newRow("person") << u"alice@laptop"_s << u"alice@laptop"_s << QString();
    QTest::newRow("budget") << automatic(KillSwitch::Automatic::Trigger::Budget, u"daily-all"_s)
                            << u"Automatic: budget 'daily-all'"_s
                            << u"The automatic kill of Burnrate on alice@laptop"_s;
    QTest::newRow("loop alarm") << automatic(KillSwitch::Automatic::Trigger::LoopAlarm, u"research-agent"_s)
                                << u"Automatic: loop alarm on research-agent"_s
                                << u"The automatic kill of Burnrate on alice@laptop"_s;
    // A budget's name may hold the separators.
    QTest::newRow("budget named with ' via ' and ':'")
        << automatic(KillSwitch::Automatic::Trigger::Budget, u"team: a via b"_s)
        << u"Automatic: budget 'team: a via b'"_s << u"The automatic kill of Burnrate on alice@laptop"_s;
    // Not ours: shown as it is.
    QTest::newRow("unknown trigger") << u"automatic:cron:x via bob@ci"_s << u"automatic:cron:x via bob@ci"_s
                                     << QString();
}

void TestAuditModel::automaticKillIsWho()
{
    QFETCH(QString, actor);
    QFETCH(QString, who);
    QFETCH(QString, tooltip);
    AuditModel model;
    AuditEntry e = entry(1, u"kill_all"_s, AuditEntry::Outcome::Confirmed, 3);
    e.actor = actor;
    model.setEntries({e});
    QCOMPARE(model.index(0, AuditModel::WhoColumn).data().toString(), who);
    QCOMPARE(model.index(0, AuditModel::WhoColumn).data(Qt::ToolTipRole).toString(), tooltip);
    QCOMPARE(AuditModel::actorText(actor), who);
}

QTEST_GUILESS_MAIN(TestAuditModel)
#include "tst_auditmodel.moc"
