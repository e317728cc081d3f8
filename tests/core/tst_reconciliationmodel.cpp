#include "models/reconciliationmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Burnrate;
using namespace Qt::StringLiterals;
using Models::ReconciliationModel;
using Storage::GapCause;
using Storage::ReconcileRow;

namespace {

ReconcileRow makeRow(QDate day, const QString &provider, const QString &model, qint64 billed, qint64 measured,
                     QList<GapCause> causes = {})
{
    ReconcileRow r;
    r.day = day;
    r.provider = provider;
    r.model = model;
    r.billedMicros = billed;
    r.measuredMicros = measured;
    r.differenceMicros = billed - measured;
    r.billedRequests = 10;
    r.measuredCalls = 9;
    r.causes = std::move(causes);
    return r;
}

const QDate kDay(2026, 11, 23);

} // namespace

class TestReconciliationModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void displayAndRoles();
    void cells_data();
    void cells();
    void updatesInPlace();
    void totals();
};

void TestReconciliationModel::displayAndRoles()
{
    ReconciliationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({makeRow(kDay, u"anthropic"_s, u"claude-sonnet-4-5"_s, 12'500'000, 10'000'000,
                           {GapCause::Uninstrumented, GapCause::NotFinal})});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), int(ReconciliationModel::ColumnCount));
    const auto cell = [&](int column, int role = Qt::DisplayRole) {
        return model.index(0, column).data(role);
    };
    QCOMPARE(cell(ReconciliationModel::DayColumn).toString(), u"Mon, Nov 23"_s);
    QCOMPARE(cell(ReconciliationModel::ProviderColumn).toString(), u"Anthropic"_s);
    QCOMPARE(cell(ReconciliationModel::ModelColumn).toString(), u"claude-sonnet-4-5"_s);
    // Over $10 in the largest cell: cents for the whole money columns.
    QCOMPARE(cell(ReconciliationModel::BilledColumn).toString(), u"$12.50"_s);
    QCOMPARE(cell(ReconciliationModel::MeasuredColumn).toString(), u"$10.00"_s);
    QCOMPARE(cell(ReconciliationModel::DifferenceColumn).toString(), u"+$2.50"_s);
    QCOMPARE(cell(ReconciliationModel::RequestsColumn).toString(), u"10"_s);
    QCOMPARE(cell(ReconciliationModel::CallsColumn).toString(), u"9"_s);
    QCOMPARE(cell(ReconciliationModel::CausesColumn).toString(), u"Uninstrumented calls, Not final yet"_s);
    // The tooltip gives the full explanation of each cause, one per line.
    const QString tip = cell(ReconciliationModel::CausesColumn, Qt::ToolTipRole).toString();
    QCOMPARE(tip, Storage::gapCauseText(GapCause::Uninstrumented) + u'\n' +
                      Storage::gapCauseText(GapCause::NotFinal));
    QCOMPARE(cell(ReconciliationModel::DayColumn, ReconciliationModel::SortRole).toLongLong(),
             kDay.toJulianDay());
    QCOMPARE(cell(ReconciliationModel::DifferenceColumn, ReconciliationModel::SortRole).toLongLong(),
             2'500'000);
    QCOMPARE(cell(ReconciliationModel::ModelColumn, ReconciliationModel::DifferenceRole).toLongLong(),
             2'500'000);
    QVERIFY(cell(ReconciliationModel::ModelColumn, ReconciliationModel::HasGapRole).toBool());
    QCOMPARE(cell(ReconciliationModel::BilledColumn, Qt::TextAlignmentRole).value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);
    QCOMPARE(model.headerData(ReconciliationModel::DifferenceColumn, Qt::Horizontal).toString(),
             u"Difference"_s);
    QVERIFY(!model.headerData(0, Qt::Vertical).isValid());
}

void TestReconciliationModel::cells_data()
{
    QTest::addColumn<ReconcileRow>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");

    ReconcileRow noRequests = makeRow(kDay, u"anthropic"_s, u"m"_s, 1, 1);
    noRequests.billedRequests = -1;
    QTest::addRow("requests not reported")
        << noRequests << int(ReconciliationModel::RequestsColumn) << u"not reported"_s;
    QTest::addRow("no model") << makeRow(kDay, u"openai"_s, QString(), 5, 0)
                              << int(ReconciliationModel::ModelColumn) << u"(no model)"_s;
    QTest::addRow("provider name") << makeRow(kDay, u"openrouter"_s, u"m"_s, 5, 0)
                                   << int(ReconciliationModel::ProviderColumn) << u"OpenRouter"_s;
    QTest::addRow("unknown provider as is") << makeRow(kDay, u"mistral"_s, u"m"_s, 5, 0)
                                            << int(ReconciliationModel::ProviderColumn) << u"mistral"_s;
    // Below $10: four places; a negative difference carries its minus sign.
    QTest::addRow("measured more") << makeRow(kDay, u"openai"_s, u"m"_s, 1'000'000, 1'250'000,
                                              {GapCause::NotBilled})
                                   << int(ReconciliationModel::DifferenceColumn) << u"-$0.2500"_s;
    QTest::addRow("rounds to zero") << makeRow(kDay, u"openai"_s, u"m"_s, 20'004'000, 20'000'000)
                                    << int(ReconciliationModel::DifferenceColumn) << u"$0.00"_s;
    QTest::addRow("equal") << makeRow(kDay, u"openai"_s, u"m"_s, 1'000'000, 1'000'000)
                           << int(ReconciliationModel::DifferenceColumn) << u"$0.0000"_s;
    QTest::addRow("no causes") << makeRow(kDay, u"openai"_s, u"m"_s, 1'000'000, 1'000'000)
                               << int(ReconciliationModel::CausesColumn) << QString();
    QTest::addRow("every cause")
        << makeRow(kDay, u"openai"_s, u"m"_s, 5, 0,
                   {GapCause::UnpricedCalls, GapCause::Uninstrumented, GapCause::PriceDifference,
                    GapCause::NotFinal, GapCause::NotBilled})
        << int(ReconciliationModel::CausesColumn)
        << u"Unpriced calls, Uninstrumented calls, Price difference, Not final yet, Not billed yet"_s;
}

void TestReconciliationModel::cells()
{
    QFETCH(ReconcileRow, row);
    QFETCH(int, column);
    QFETCH(QString, text);
    ReconciliationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({row});
    QCOMPARE(model.index(0, column).data().toString(), text);
}

void TestReconciliationModel::updatesInPlace()
{
    ReconciliationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const ReconcileRow a = makeRow(kDay, u"openai"_s, u"gpt-4.1"_s, 2'000'000, 2'000'000);
    const ReconcileRow b = makeRow(kDay, u"anthropic"_s, u"claude-sonnet-4-5"_s, 3'000'000, 1'000'000,
                                   {GapCause::Uninstrumented});
    const ReconcileRow c =
        makeRow(kDay.addDays(1), u"openai"_s, u"gpt-4.1"_s, 1'000'000, 0, {GapCause::NotFinal});
    model.setRows({a, b});
    QCOMPARE(model.rowCount(), 2);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // The same rows again: nothing happens.
    model.setRows({a, b});
    QCOMPARE(changed.size(), 0);
    QCOMPARE(inserted.size(), 0);

    // b's figures change, a goes, c comes (another day with the same provider and model as a).
    ReconcileRow b2 = b;
    b2.measuredMicros = 2'500'000;
    b2.differenceMicros = 500'000;
    model.setRows({b2, c});
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, ReconciliationModel::ModelColumn).data().toString(), u"claude-sonnet-4-5"_s);
    QCOMPARE(model.index(0, ReconciliationModel::MeasuredColumn).data().toString(), u"$2.5000"_s);
    QCOMPARE(model.index(1, ReconciliationModel::DayColumn).data().toString(), u"Tue, Nov 24"_s);

    // A larger amount changes the precision of every money cell.
    changed.clear();
    ReconcileRow big = c;
    big.billedMicros = 50'000'000;
    big.differenceMicros = 50'000'000;
    model.setRows({b2, big});
    QVERIFY(changed.size() >= 1);
    QCOMPARE(model.index(0, ReconciliationModel::MeasuredColumn).data().toString(), u"$2.50"_s);

    model.setRows({});
    QCOMPARE(model.rowCount(), 0);
}

void TestReconciliationModel::totals()
{
    ReconciliationModel model;
    QCOMPARE(model.totals().billedMicros, 0);
    model.setRows({makeRow(kDay, u"openai"_s, u"a"_s, 2'000'000, 2'000'000),
                   makeRow(kDay, u"anthropic"_s, u"b"_s, 3'000'000, 1'000'000, {GapCause::Uninstrumented}),
                   makeRow(kDay, u"anthropic"_s, u"c"_s, 0, 750'000, {GapCause::NotBilled})});
    const ReconciliationModel::Totals t = model.totals();
    QCOMPARE(t.billedMicros, 5'000'000);
    QCOMPARE(t.measuredMicros, 3'750'000);
    QCOMPARE(t.differenceMicros, 1'250'000);
    QCOMPARE(t.rowsWithGap, 2);
}

QTEST_GUILESS_MAIN(TestReconciliationModel)
#include "tst_reconciliationmodel.moc"
