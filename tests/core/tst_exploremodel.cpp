#include "models/explorefiltermodel.h"
#include "models/exploremodel.h"
#include "models/exploretablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Models;
using namespace Qt::StringLiterals;
using Storage::Dimension;
using Storage::ReportRow;

namespace {

ReportRow row(QStringList keys, qint64 calls, qint64 input, qint64 output, qint64 cacheRead,
              qint64 costMicros)
{
    ReportRow r;
    r.keys = std::move(keys);
    r.calls = calls;
    r.inputTokens = input;
    r.outputTokens = output;
    r.cacheReadTokens = cacheRead;
    r.costMicros = costMicros;
    return r;
}

QStringList column(const QAbstractItemModel &model, int col, int role = Qt::DisplayRole)
{
    QStringList values;
    for (int r = 0; r < model.rowCount(); ++r)
        values.append(model.index(r, col).data(role).toString());
    return values;
}

} // namespace

class TestExploreModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void oneDimension();
    void twoDimensionsSortedByMetric();
    void otherRows();
    void metrics_data();
    void metrics();
    void filterValues();
    void filterSearch();
    void tableModel();
};

void TestExploreModel::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

// A report with a limit: its "Other" rows name themselves, count in the shares and drill only into
// their first key.
void TestExploreModel::otherRows()
{
    ExploreModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ExploreSortModel sorted(&model);
    QAbstractItemModelTester sortedTester(&sorted, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ReportRow other = row({QString()}, 40, 0, 0, 0, 5'000'000);
    other.otherGroups = 1234;
    other.otherOfAll = true;
    model.setReport({Dimension::Session},
                    {row({u"s-1"_s}, 2, 0, 0, 0, 3'000'000), row({u"s-2"_s}, 1, 0, 0, 0, 2'000'000), other});
    QCOMPARE(column(model, 0), (QStringList{u"s-1"_s, u"s-2"_s, u"Other (1,234 groups)"_s}));
    QCOMPARE(model.index(2, 0).data(ExploreModel::OtherGroupsRole).toLongLong(), 1234);
    QCOMPARE(model.index(0, 0).data(ExploreModel::OtherGroupsRole).toLongLong(), 0);
    QCOMPARE(model.index(2, 0).data(ExploreModel::KeysRole).toStringList(), QStringList());
    QCOMPARE(model.index(2, 0).data(Qt::ToolTipRole).toString(),
             u"The 1,234 groups after the most expensive ones, summed"_s);
    QCOMPARE(column(model, model.columnOf(ExploreModel::ShareFigure)),
             (QStringList{u"30.0 %"_s, u"20.0 %"_s, u"50.0 %"_s}));
    // "Other" after the groups whichever way they are sorted, though it costs the most.
    sorted.sort(model.columnOf(ExploreModel::CostFigure), Qt::DescendingOrder);
    QCOMPARE(column(sorted, 0), (QStringList{u"s-1"_s, u"s-2"_s, u"Other (1,234 groups)"_s}));
    sorted.sort(model.columnOf(ExploreModel::CostFigure), Qt::AscendingOrder);
    QCOMPARE(column(sorted, 0), (QStringList{u"s-2"_s, u"s-1"_s, u"Other (1,234 groups)"_s}));
    sorted.sort(0, Qt::DescendingOrder);
    QCOMPARE(column(sorted, 0), (QStringList{u"s-2"_s, u"s-1"_s, u"Other (1,234 groups)"_s}));

    // Two dimensions: the rest of each day, named in the second column, drilling into its day.
    ReportRow day1 = row({u"2026-03-20"_s, QString()}, 3, 0, 0, 0, 1'000'000);
    day1.otherGroups = 1;
    model.setReport({Dimension::Day, Dimension::Session},
                    {row({u"2026-03-20"_s, u"s-1"_s}, 2, 0, 0, 0, 3'000'000), day1});
    QCOMPARE(column(model, 0), (QStringList{u"2026-03-20"_s, u"2026-03-20"_s}));
    QCOMPARE(column(model, 1), (QStringList{u"s-1"_s, u"Other (1 group)"_s}));
    QCOMPARE(model.index(1, 1).data(ExploreModel::KeysRole).toStringList(), QStringList{u"2026-03-20"_s});
    // Sorted by day, a day's "Other" row stays with that day, after its groups, in either order.
    ReportRow day2 = row({u"2026-03-21"_s, u"s-2"_s}, 1, 0, 0, 0, 9'000'000);
    model.setReport({Dimension::Day, Dimension::Session},
                    {row({u"2026-03-20"_s, u"s-1"_s}, 2, 0, 0, 0, 3'000'000), day2, day1});
    for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        sorted.sort(0, order);
        const QStringList days = column(sorted, 0);
        const QStringList sessions = column(sorted, 1);
        const qsizetype s1 = sessions.indexOf(u"s-1"_s);
        QCOMPARE(sessions.at(s1 + 1), u"Other (1 group)"_s);
        QCOMPARE(days.at(s1 + 1), u"2026-03-20"_s);
        QCOMPARE(days.first(), order == Qt::AscendingOrder ? u"2026-03-20"_s : u"2026-03-21"_s);
    }
    sorted.sort(model.columnOf(ExploreModel::CostFigure), Qt::DescendingOrder);
    QCOMPARE(column(sorted, 1), (QStringList{u"s-2"_s, u"s-1"_s, u"Other (1 group)"_s}));

    // By session, then day: the rest of the sessions beyond the top ones, named in front, drilling nowhere.
    ReportRow rest = row({QString(), QString()}, 9, 0, 0, 0, 4'000'000);
    rest.otherGroups = 70;
    rest.otherOfAll = true;
    model.setReport({Dimension::Session, Dimension::Day},
                    {row({u"s-1"_s, u"2026-03-20"_s}, 2, 0, 0, 0, 3'000'000), rest});
    QCOMPARE(column(model, 0), (QStringList{u"s-1"_s, u"Other (70 groups)"_s}));
    QCOMPARE(column(model, 1), (QStringList{u"2026-03-20"_s, QString()}));
    QCOMPARE(model.index(1, 0).data(ExploreModel::KeysRole).toStringList(), QStringList());
}

void TestExploreModel::oneDimension()
{
    ExploreModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setReport({Dimension::Feature}, {row({u"search"_s}, 10, 1000, 200, 250, 3'000'000),
                                           row({QString()}, 5, 0, 0, 0, 1'000'000)});
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), 1 + ExploreModel::FigureCount);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), u"Feature"_s);
    QCOMPARE(model.headerData(model.columnOf(ExploreModel::CostFigure), Qt::Horizontal).toString(),
             u"Cost"_s);
    QCOMPARE(column(model, 0), (QStringList{u"search"_s, u"(no feature)"_s}));
    QCOMPARE(model.index(1, 0).data(ExploreModel::KeysRole).toStringList(), QStringList{QString()});
    QVERIFY(model.index(1, 0).data(ExploreModel::KeysRole).toStringList().first().isNull());
    QCOMPARE(column(model, model.columnOf(ExploreModel::CallsFigure)), (QStringList{u"10"_s, u"5"_s}));
    QCOMPARE(column(model, model.columnOf(ExploreModel::TokensFigure)), (QStringList{u"1,200"_s, u"0"_s}));
    QCOMPARE(column(model, model.columnOf(ExploreModel::CacheHitRateFigure)),
             (QStringList{u"25.0 %"_s, u"0.0 %"_s}));
    QCOMPARE(column(model, model.columnOf(ExploreModel::CostFigure)),
             (QStringList{u"$3.0000"_s, u"$1.0000"_s}));
    QCOMPARE(column(model, model.columnOf(ExploreModel::CostPerCallFigure)),
             (QStringList{u"$0.3000"_s, u"$0.2000"_s}));
    QCOMPARE(column(model, model.columnOf(ExploreModel::ShareFigure)),
             (QStringList{u"75.0 %"_s, u"25.0 %"_s}));
    QCOMPARE(
        model.index(0, model.columnOf(ExploreModel::CostFigure)).data(ExploreModel::SortRole).toLongLong(),
        3'000'000);

    // A new report with other dimensions: a reset, other columns.
    model.setReport({Dimension::Feature, Dimension::Agent}, {});
    QCOMPARE(resets.size(), 2);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), 2 + ExploreModel::FigureCount);
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), u"Agent"_s);
}

void TestExploreModel::twoDimensionsSortedByMetric()
{
    ExploreModel model;
    QSortFilterProxyModel sorted;
    sorted.setSourceModel(&model);
    sorted.setSortRole(ExploreModel::SortRole);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&sorted, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setReport({Dimension::Feature, Dimension::Agent},
                    {row({u"a"_s, u"x"_s}, 1, 100, 0, 0, 900'000),
                     row({u"a"_s, u"y"_s}, 100, 100, 0, 0, 1'000'000),
                     row({u"b"_s, u"x"_s}, 10, 100, 0, 90, 10'000'000)});
    model.setMetric(ExploreModel::Metric::Calls);
    sorted.sort(model.columnOf(model.metric()), Qt::DescendingOrder);
    QCOMPARE(column(sorted, 1), (QStringList{u"y"_s, u"x"_s, u"x"_s}));
    QCOMPARE(sorted.index(0, 0).data(ExploreModel::MetricRole).toDouble(), 100.0);
    model.setMetric(ExploreModel::Metric::CacheHitRate);
    sorted.sort(model.columnOf(model.metric()), Qt::DescendingOrder);
    QCOMPARE(sorted.index(0, 0).data(ExploreModel::KeysRole).toStringList(), (QStringList{u"b"_s, u"x"_s}));
    QCOMPARE(sorted.index(0, 0).data(ExploreModel::MetricRole).toDouble(), 0.9);
    // Costs sort as numbers, not as text ("$10" < "$9" as text).
    sorted.sort(model.columnOf(ExploreModel::CostFigure), Qt::DescendingOrder);
    QCOMPARE(column(sorted, 0), (QStringList{u"b"_s, u"a"_s, u"a"_s}));
    QCOMPARE(column(sorted, 1), (QStringList{u"x"_s, u"y"_s, u"x"_s}));
}

void TestExploreModel::metrics_data()
{
    QTest::addColumn<int>("metric");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    // 4 calls, 8000 input of which 2000 cached, 1000 output, $0.50.
    QTest::newRow("cost") << int(ExploreModel::Metric::Cost) << 0.5 << u"$0.5000"_s;
    QTest::newRow("tokens") << int(ExploreModel::Metric::Tokens) << 9000.0 << u"9,000"_s;
    QTest::newRow("calls") << int(ExploreModel::Metric::Calls) << 4.0 << u"4"_s;
    QTest::newRow("cache hit rate") << int(ExploreModel::Metric::CacheHitRate) << 0.25 << u"25.0 %"_s;
    QTest::newRow("cost per call") << int(ExploreModel::Metric::CostPerCall) << 0.125 << u"$0.1250"_s;
}

void TestExploreModel::metrics()
{
    QFETCH(int, metric);
    QFETCH(double, value);
    QFETCH(QString, text);
    const auto m = ExploreModel::Metric(metric);
    const ReportRow r = row({u"k"_s}, 4, 8000, 1000, 2000, 500'000);
    QCOMPARE(ExploreModel::metricValue(r, m), value);
    QCOMPARE(ExploreModel::formatMetric(value, m, QLocale()), text);
    // Nothing divides by zero.
    QCOMPARE(ExploreModel::metricValue(ReportRow{}, m), 0.0);
}

void TestExploreModel::filterValues()
{
    ExploreFilterModel model(u"(no agent)"_s);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy edits(&model, &ExploreFilterModel::checkedChanged);
    model.setValues({u"planner"_s, QString(), u"coder"_s});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1).data().toString(), u"(no agent)"_s);
    QVERIFY(model.index(1).data(ExploreFilterModel::ValueRole).toString().isNull());
    QVERIFY(model.flags(model.index(0)) & Qt::ItemIsUserCheckable);

    // A user's check is an edit; setChecked() from the page is not.
    QVERIFY(model.setData(model.index(2), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(model.setData(model.index(1), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(edits.size(), 2);
    QCOMPARE(model.checked(), (QStringList{QString(), u"coder"_s}));
    QVERIFY(model.checked().first().isNull());
    model.setChecked({u"planner"_s});
    QCOMPARE(edits.size(), 2);
    QCOMPARE(model.checked(), QStringList{u"planner"_s});
    QCOMPARE(model.index(0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));

    // A new range without the checked value keeps it listed, so it can be unchecked.
    model.setValues({u"coder"_s});
    QCOMPARE(model.values(), (QStringList{u"coder"_s, u"planner"_s}));
    QCOMPARE(model.checked(), QStringList{u"planner"_s});
    // A checked value never listed (from a drill-down) is added.
    model.setChecked({u"reviewer"_s});
    QCOMPARE(model.values(), (QStringList{u"coder"_s, u"planner"_s, u"reviewer"_s}));
    QVERIFY(model.setData(model.index(2), Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(model.checked().isEmpty());
    QVERIFY(!model.setData(model.index(0), u"x"_s, Qt::EditRole));
}

void TestExploreModel::filterSearch()
{
    ExploreFilterModel model(u"(no feature)"_s);
    QSortFilterProxyModel search;
    search.setSourceModel(&model);
    search.setFilterCaseSensitivity(Qt::CaseInsensitive);
    QAbstractItemModelTester tester(&search, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setValues({u"Checkout"_s, u"search"_s, u"pr-review"_s, QString()});
    search.setFilterFixedString(u"CH"_s);
    QCOMPARE(column(search, 0), (QStringList{u"Checkout"_s, u"search"_s}));
    search.setFilterFixedString(u"no feat"_s);
    QCOMPARE(column(search, 0), QStringList{u"(no feature)"_s});
    // Checking through the proxy checks the source.
    QVERIFY(search.setData(search.index(0, 0), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(model.checked().size(), 1);
    QVERIFY(model.checked().first().isNull());
}

void TestExploreModel::tableModel()
{
    ExploreTableModel model;
    QSortFilterProxyModel sorted;
    sorted.setSourceModel(&model);
    sorted.setSortRole(ExploreTableModel::SortRole);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&sorted, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTable({u"Model"_s, u"Cost"_s},
                   {{{u"gpt-4.1"_s, {}, false, u"a source"_s}, {u"$10.00"_s, 10'000'000, true, {}}},
                    {{u"o3"_s, {}, false, {}}, {u"$9.00"_s, 9'000'000, true, {}}},
                    {{u"short row"_s, {}, false, {}}}});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), 2);
    QCOMPARE(model.index(2, 1).data().toString(), QString()); // missing cells are empty
    QCOMPARE(model.index(0, 0).data(Qt::ToolTipRole).toString(), u"a source"_s);
    QCOMPARE(model.index(0, 1).data(Qt::TextAlignmentRole).value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);
    sorted.sort(1, Qt::DescendingOrder);
    QCOMPARE(column(sorted, 0), (QStringList{u"gpt-4.1"_s, u"o3"_s, u"short row"_s}));
    model.setTable({u"Only"_s}, {});
    QCOMPARE(model.columnCount(), 1);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestExploreModel)
#include "tst_exploremodel.moc"
