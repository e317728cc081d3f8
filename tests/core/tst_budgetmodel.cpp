// BudgetModel: QAbstractItemModelTester over inserts, updates and removals; the percent, tier, projection
// and state texts a row shows; numeric sorting; and the known scope values read from a real database
// written through the StorageWriter.
#include "common/timeutil.h"
#include "models/budgetmodel.h"
#include "storage/database.h"
#include "storage/storagewriter.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Budgets;
using Models::BudgetModel;
using Models::BudgetRow;
using namespace Qt::StringLiterals;

namespace {

const qint64 kNow = Time::toNs(QDateTime(QDate(2026, 11, 20), QTime(12, 30), QTimeZone::utc()));

BudgetRow row(qint64 id, const QString &name, qint64 limit, qint64 spent)
{
    BudgetRow r;
    r.budget.id = id;
    r.budget.name = name;
    r.budget.period = Period::Day;
    r.budget.zone = QTimeZone::utc();
    r.budget.limitMicros = limit;
    r.status.bounds = periodBounds(Period::Day, QTimeZone::utc(), kNow);
    r.status.spentMicros = spent;
    r.state.periodStartNs = r.status.bounds.startNs;
    return r;
}

} // namespace

class TestBudgetModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void rowsInsertedUpdatedRemoved();
    void reachedTier_data();
    void reachedTier();
    void projectionSaysWhenItExceeds();
    void stateText();
    void sortsNumerically();
    void knownScopeValuesFromStoredSpend();
};

void TestBudgetModel::rowsInsertedUpdatedRemoved()
{
    BudgetModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.setRows({row(1, u"a"_s, 10'000'000, 1'000'000), row(2, u"b"_s, 20'000'000, 0)}, kNow);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(model.columnCount(), int(BudgetModel::ColumnCount));

    // Same rows: nothing happens; one row's spend changes: one dataChanged for that row.
    model.setRows({row(1, u"a"_s, 10'000'000, 1'000'000), row(2, u"b"_s, 20'000'000, 0)}, kNow);
    QCOMPARE(changed.count(), 0);
    model.setRows({row(1, u"a"_s, 10'000'000, 2'000'000), row(2, u"b"_s, 20'000'000, 0)}, kNow);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(model.index(0, BudgetModel::SpentColumn).data().toString(), u"$2.00"_s);
    // A new kill action is a change too (the Kill switch column shows it).
    BudgetRow enforced = row(1, u"a"_s, 10'000'000, 2'000'000);
    enforced.budget.killAction = KillAction::Enforce;
    model.setRows({enforced, row(2, u"b"_s, 20'000'000, 0)}, kNow);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(model.index(0, BudgetModel::KillColumn).data().toString(), u"Stop all agents"_s);
    QCOMPARE(model.index(1, BudgetModel::KillColumn).data().toString(), u"—"_s);

    // One removed, one added.
    model.setRows({row(2, u"b"_s, 20'000'000, 0), row(3, u"c"_s, 5'000'000, 0)}, kNow);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(1), -1);
    QCOMPARE(model.index(model.rowOf(3), BudgetModel::NameColumn).data().toString(), u"c"_s);
    QCOMPARE(model.index(0, 0).data(BudgetModel::BudgetIdRole).toLongLong(), 2);
    QCOMPARE(reset.count(), 0);
}

void TestBudgetModel::reachedTier_data()
{
    QTest::addColumn<qint64>("spent");
    QTest::addColumn<int>("tier");
    QTest::addColumn<QString>("percentText");
    QTest::newRow("none") << qint64(6'999'999) << 0 << u"70 % of $10.00"_s;
    QTest::newRow("exactly 70.00 %") << qint64(7'000'000) << 70 << u"70 % of $10.00"_s;
    QTest::newRow("limit") << qint64(10'000'000) << 100 << u"100 % of $10.00"_s;
    QTest::newRow("past 120") << qint64(13'000'000) << 120 << u"130 % of $10.00"_s;
}

void TestBudgetModel::reachedTier()
{
    QFETCH(qint64, spent);
    QFETCH(int, tier);
    QFETCH(QString, percentText);
    BudgetModel model;
    model.setRows({row(1, u"a"_s, 10'000'000, spent)}, kNow);
    const QModelIndex percent = model.index(0, BudgetModel::PercentColumn);
    QCOMPARE(percent.data(BudgetModel::ReachedTierRole).toInt(), tier);
    QCOMPARE(percent.data().toString(), percentText);
    QCOMPARE(percent.data(BudgetModel::PercentRole).toDouble(), double(spent) / 100'000.0);
}

void TestBudgetModel::projectionSaysWhenItExceeds()
{
    BudgetModel model;
    BudgetRow early = row(1, u"early"_s, 10'000'000, 100'000);
    BudgetRow under = row(2, u"under"_s, 10'000'000, 1'000'000);
    under.status.projection = Projection{8'000'000, 500'000, 0, {}};
    BudgetRow over = row(3, u"over"_s, 10'000'000, 6'000'000);
    over.status.projection =
        Projection{14'000'000, 700'000, kNow + 6 * Time::kNanosPerHour, QDate(2026, 11, 20)};
    model.setRows({early, under, over}, kNow);
    QCOMPARE(model.index(0, BudgetModel::ProjectedColumn).data().toString(), u"—"_s);
    QVERIFY(model.index(0, BudgetModel::ProjectedColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"Too little"));
    QCOMPARE(model.index(1, BudgetModel::ProjectedColumn).data().toString(), u"$8.00"_s);
    QCOMPARE(model.index(2, BudgetModel::ProjectedColumn).data().toString(),
             u"$14.00\non track to exceed on Nov 20"_s);
}

void TestBudgetModel::stateText()
{
    BudgetModel model;
    BudgetRow r = row(1, u"a"_s, 10'000'000, 11'000'000);
    r.state.tiers = {{70, kNow - 100, 0, true}, {100, kNow - 50, 0, false}, {120, 0, 0, false}};
    model.setRows({r}, kNow);
    const QModelIndex state = model.index(0, BudgetModel::StateColumn);
    QCOMPARE(state.data().toString(), u"70 % acknowledged, 100 % fired"_s);
    BudgetRow all = r;
    all.state.tiers = {{70, kNow - 100, 0, false}, {100, kNow - 50, 0, false}, {120, kNow - 10, 0, false}};
    model.setRows({all}, kNow);
    QCOMPARE(state.data().toString(), u"70, 100, 120 % fired"_s);
    model.setRows({r}, kNow);
    QVERIFY(state.data(BudgetModel::NeedsAttentionRole).toBool());
    QVERIFY(!state.data(BudgetModel::SnoozedRole).toBool());

    // Snoozed for an hour; the forecast fired and was acknowledged.
    r.state.tiers[1].acknowledged = true;
    r.state.forecastFiredAtNs = kNow - 10;
    r.state.forecastAcknowledged = true;
    r.state.snoozedUntilNs = kNow + Time::kNanosPerHour;
    model.setRows({r}, kNow);
    const QString until = QLocale().toString(
        Time::fromNs(kNow + Time::kNanosPerHour, QTimeZone::systemTimeZone()).time(), QLocale::ShortFormat);
    QCOMPARE(state.data().toString(),
             u"70, 100 % acknowledged, forecast acknowledged, snoozed until "_s + until);
    QVERIFY(!state.data(BudgetModel::NeedsAttentionRole).toBool());
    QVERIFY(state.data(BudgetModel::SnoozedRole).toBool());

    // The snooze ends with the clock alone: the state column changes.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setRows({r}, kNow + 2 * Time::kNanosPerHour);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!state.data(BudgetModel::SnoozedRole).toBool());

    // A state left from yesterday: nothing has fired in this period.
    r.state.periodStartNs -= 24 * Time::kNanosPerHour;
    r.state.snoozedUntilNs = 0;
    model.setRows({r}, kNow);
    QCOMPARE(state.data().toString(), u"No tier reached"_s);
    QVERIFY(!state.data(BudgetModel::NeedsAttentionRole).toBool());
}

void TestBudgetModel::sortsNumerically()
{
    BudgetModel model;
    model.setRows({row(1, u"a"_s, 100'000'000, 9'000'000), row(2, u"b"_s, 10'000'000, 10'000'000),
                   row(3, u"c"_s, 1'000'000'000, 80'000'000)},
                  kNow);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(BudgetModel::SortRole);
    proxy.sort(BudgetModel::SpentColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, BudgetModel::NameColumn).data().toString(), u"a"_s); // $9 < $10 < $80
    QCOMPARE(proxy.index(2, BudgetModel::NameColumn).data().toString(), u"c"_s);
    proxy.sort(BudgetModel::PercentColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, BudgetModel::NameColumn).data().toString(), u"b"_s); // 100 % > 9 % > 8 %
    QCOMPARE(proxy.index(2, BudgetModel::NameColumn).data().toString(), u"c"_s);
}

void TestBudgetModel::knownScopeValuesFromStoredSpend()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"burnrate.sqlite"_s);
    Storage::StorageWriter writer(path);
    Error error;
    QVERIFY2(writer.start(&error), qPrintable(error.message));
    QList<Model::UsageEvent> events;
    const auto add = [&](const QString &agent, const QString &model, const QString &user, qint64 at) {
        Model::UsageEvent e;
        e.eventId = u"e"_s + QString::number(events.size());
        e.source = u"test"_s;
        e.startNs = at;
        e.endNs = at + 1;
        e.provider = u"openai"_s;
        e.model = model;
        e.agentId = agent;
        e.userId = user;
        e.costMicros = 1000;
        e.costSource = Model::CostSource::Computed;
        events.append(e);
    };
    add(u"writer"_s, u"gpt-4o"_s, u"alice"_s, kNow - Time::kNanosPerHour);
    add(u"reviewer"_s, u"gpt-4o-mini"_s, u"bob"_s, kNow - 2 * Time::kNanosPerHour);
    add(u"old-agent"_s, u"gpt-3"_s, u"carol"_s, kNow - 40 * 24 * Time::kNanosPerHour); // too old
    add(QString(), u"gpt-4o"_s, QString(), kNow - Time::kNanosPerHour);                // no agent, no user
    bool done = false;
    writer.submit(events, this, [&](const Storage::WriteResult &r) {
        QVERIFY2(!r.error, qPrintable(r.error.message));
        done = true;
    });
    QTRY_VERIFY(done);

    auto connection = Storage::Connection::open(path, Storage::Connection::Mode::ReadOnly, &error);
    QVERIFY2(connection, qPrintable(error.message));
    const qint64 since = kNow - 30 * 24 * Time::kNanosPerHour;
    const QSqlDatabase db = connection->database();
    QCOMPARE(Models::knownScopeValues(db, Dimension::Agent, since, &error),
             (QStringList{u"reviewer"_s, u"writer"_s}));
    QCOMPARE(Models::knownScopeValues(db, Dimension::Model, since, &error),
             (QStringList{u"gpt-4o"_s, u"gpt-4o-mini"_s}));
    QCOMPARE(Models::knownScopeValues(db, Dimension::Provider, since, &error), (QStringList{u"openai"_s}));
    QCOMPARE(Models::knownScopeValues(db, Dimension::User, since, &error),
             (QStringList{u"alice"_s, u"bob"_s}));
    QCOMPARE(Models::knownScopeValues(db, Dimension::All, since, &error), QStringList());
}

QTEST_GUILESS_MAIN(TestBudgetModel)
#include "tst_budgetmodel.moc"
