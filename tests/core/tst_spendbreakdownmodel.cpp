#include "models/spendbreakdownmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Models;
using namespace Qt::StringLiterals;
using Storage::BreakdownRow;

namespace {

QStringList column(const QAbstractItemModel &model, int col)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values.append(model.index(row, col).data().toString());
    return values;
}

} // namespace

class TestSpendBreakdownModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void insertsThenUpdatesInPlace();
    void removesRowsThatAreGone();
    void display_data();
    void display();
    void sortsByCostNumerically();
    void headers();
};

void TestSpendBreakdownModel::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestSpendBreakdownModel::insertsThenUpdatesInPlace()
{
    SpendBreakdownModel model(u"Feature"_s, u"(no feature)"_s);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.setRows({{u"search"_s, 10, 1000, 2'000'000}, {u"chat"_s, 5, 500, 1'000'000}}, 4'000'000);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(changed.size(), 0);

    // Same figures: nothing changes.
    model.setRows({{u"search"_s, 10, 1000, 2'000'000}, {u"chat"_s, 5, 500, 1'000'000}}, 4'000'000);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(inserted.size(), 2);

    // One row's figures change: one dataChanged for that row; a new key is appended.
    model.setRows({{u"chat"_s, 6, 600, 1'500'000}, {u"search"_s, 10, 1000, 2'000'000}, {QString(), 1, 10, 5}},
                  4'000'000);
    QCOMPARE(inserted.size(), 3);
    QCOMPARE(changed.size(), 1);
    const QModelIndex topLeft = changed.at(0).at(0).toModelIndex();
    QCOMPARE(topLeft.row(), 1); // "chat" stays where it was
    QCOMPARE(model.index(1, SpendBreakdownModel::CallsColumn).data().toString(), u"6"_s);
    QCOMPARE(model.index(2, SpendBreakdownModel::NameColumn).data().toString(), u"(no feature)"_s);
    QCOMPARE(model.index(2, SpendBreakdownModel::NameColumn).data(SpendBreakdownModel::KeyRole).toString(),
             QString());

    // A new total changes every row's share: one dataChanged over the cost and share columns.
    changed.clear();
    model.setRows({{u"chat"_s, 6, 600, 1'500'000}, {u"search"_s, 10, 1000, 2'000'000}, {QString(), 1, 10, 5}},
                  8'000'000);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(SpendBreakdownModel::CostColumn));
    QCOMPARE(changed.at(0).at(1).toModelIndex().column(), int(SpendBreakdownModel::ShareColumn));
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 2);
    QCOMPARE(model.index(0, SpendBreakdownModel::ShareColumn).data().toString(), u"25.0%"_s);
    QCOMPARE(model.index(1, SpendBreakdownModel::ShareColumn).data().toString(), u"18.8%"_s);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(removed.size(), 0);
}

void TestSpendBreakdownModel::removesRowsThatAreGone()
{
    SpendBreakdownModel model(u"Agent"_s, u"(no agent)"_s);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    model.setRows({{u"a"_s, 1, 1, 100}, {u"b"_s, 1, 1, 200}, {u"c"_s, 1, 1, 300}, {u"d"_s, 1, 1, 400}}, 1000);
    model.setRows({{u"d"_s, 1, 1, 400}, {u"b"_s, 1, 1, 200}}, 600);
    QCOMPARE(removed.size(), 2);
    QCOMPARE(column(model, SpendBreakdownModel::NameColumn), (QStringList{u"b"_s, u"d"_s}));

    model.setRows({}, 0);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(removed.size(), 4);
    QCOMPARE(resets.size(), 0);
}

void TestSpendBreakdownModel::display_data()
{
    QTest::addColumn<QByteArray>("locale");
    QTest::addColumn<qint64>("largest");
    QTest::addColumn<QStringList>("expected"); // name, calls, tokens, cost, share of the first row
    QTest::addRow("C, under $10: four places")
        << QByteArray("C") << qint64(9'999'999)
        << QStringList{u"support"_s, u"1234567"_s, u"7654321"_s, u"$1.2346"_s, u"12.3%"_s};
    QTest::addRow("en_US, $10 and more: cents")
        << QByteArray("en_US") << qint64(10'000'000)
        << QStringList{u"support"_s, u"1,234,567"_s, u"7,654,321"_s, u"$1.23"_s, u"12.3%"_s};
    QTest::addRow("de_DE") << QByteArray("de_DE") << qint64(10'000'000)
                           << QStringList{u"support"_s, u"1.234.567"_s, u"7.654.321"_s,
                                          QString(u"1,23"_s + QChar(0x00a0) + u"$"_s), u"12,3%"_s};
}

void TestSpendBreakdownModel::display()
{
    QFETCH(QByteArray, locale);
    QFETCH(qint64, largest);
    QFETCH(QStringList, expected);
    QLocale::setDefault(QLocale(QString::fromLatin1(locale)));
    SpendBreakdownModel model(u"Feature"_s, u"(no feature)"_s);
    QLocale::setDefault(QLocale::c());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({{u"support"_s, 1'234'567, 7'654'321, 1'234'567}, {u"other"_s, 1, 1, largest}}, 10'000'000);
    QStringList first;
    for (int c = 0; c < SpendBreakdownModel::ColumnCount; ++c)
        first.append(model.index(0, c).data().toString());
    QCOMPARE(first, expected);
    QCOMPARE(
        model.index(0, SpendBreakdownModel::CostColumn).data(Qt::TextAlignmentRole).value<Qt::Alignment>(),
        Qt::AlignRight | Qt::AlignVCenter);
    QCOMPARE(
        model.index(0, SpendBreakdownModel::NameColumn).data(Qt::TextAlignmentRole).value<Qt::Alignment>(),
        Qt::AlignLeft | Qt::AlignVCenter);
}

void TestSpendBreakdownModel::sortsByCostNumerically()
{
    SpendBreakdownModel model(u"Feature"_s, u"(no feature)"_s);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(SpendBreakdownModel::SortRole);
    proxy.setDynamicSortFilter(true);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(SpendBreakdownModel::CostColumn, Qt::DescendingOrder);

    // "$9.00" sorts below "$10.00", though it is larger as a string.
    model.setRows({{u"nine"_s, 1, 1, 9'000'000}, {u"ten"_s, 1, 1, 10'000'000}, {u"two"_s, 1, 1, 2'000'000}},
                  21'000'000);
    QCOMPARE(column(proxy, SpendBreakdownModel::NameColumn), (QStringList{u"ten"_s, u"nine"_s, u"two"_s}));
    QCOMPARE(column(proxy, SpendBreakdownModel::CostColumn),
             (QStringList{u"$10.00"_s, u"$9.00"_s, u"$2.00"_s}));

    // Live updates re-sort through dataChanged.
    model.setRows({{u"nine"_s, 1, 1, 9'000'000}, {u"ten"_s, 1, 1, 10'000'000}, {u"two"_s, 2, 2, 12'000'000}},
                  31'000'000);
    QCOMPARE(column(proxy, SpendBreakdownModel::NameColumn), (QStringList{u"two"_s, u"ten"_s, u"nine"_s}));

    proxy.sort(SpendBreakdownModel::CallsColumn, Qt::AscendingOrder);
    QCOMPARE(column(proxy, SpendBreakdownModel::NameColumn).constLast(), u"two"_s);
}

void TestSpendBreakdownModel::headers()
{
    SpendBreakdownModel model(u"Agent"_s, u"(no agent)"_s);
    QStringList headers;
    for (int c = 0; c < model.columnCount(); ++c)
        headers.append(model.headerData(c, Qt::Horizontal).toString());
    QCOMPARE(headers, (QStringList{u"Agent"_s, u"Calls"_s, u"Tokens"_s, u"Cost"_s, u"Share"_s}));
    QVERIFY(!model.headerData(0, Qt::Vertical).isValid());
}

QTEST_GUILESS_MAIN(TestSpendBreakdownModel)
#include "tst_spendbreakdownmodel.moc"
