// The Explore chart with a report cut to its top groups (ReportQuery::limit): an "Other" row of one
// dimension is no bar, and the "Other" rows per first key go into the grey "Other" stack, so every bar keeps
// its whole total.
#include "explorechart.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Widgets;
using namespace Qt::StringLiterals;
using Storage::Dimension;
using Storage::ReportRow;

namespace {

ReportRow row(const QStringList &keys, qint64 micros, qint64 otherGroups = 0, bool ofAll = false)
{
    ReportRow r;
    r.keys = keys;
    r.calls = 1;
    r.costMicros = micros;
    r.otherGroups = otherGroups;
    r.otherOfAll = ofAll;
    return r;
}

// Per bar position, the sum of every stack drawn (in dollars).
QList<double> barTotals(const ExploreChart &chart, qsizetype bars)
{
    QList<double> totals(bars, 0.0);
    for (QAbstractSeries *series : chart.chart()->series()) {
        for (QBarSet *set : static_cast<QAbstractBarSeries *>(series)->barSets()) {
            for (qsizetype i = 0; i < bars && i < set->count(); ++i)
                totals[i] += set->at(int(i));
        }
    }
    return totals;
}

} // namespace

class TestExploreChart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneDimensionLeavesTheRestOut();
    void twoDimensionsStackTheRest();
    void theRestOfOtherCategoriesIsNoBar();
};

void TestExploreChart::oneDimensionLeavesTheRestOut()
{
    ExploreChart chart;
    chart.resize(600, 300);
    chart.setData(
        {Dimension::Session},
        {row({u"s-1"_s}, 3'000'000), row({u"s-2"_s}, 2'000'000), row({QString()}, 10'000'000, 5, true)},
        Models::ExploreModel::Metric::Cost, {});
    QCOMPARE(chart.categories(), (QStringList{u"s-2"_s, u"s-1"_s})); // the top bar is drawn last
    QCOMPARE(barTotals(chart, 2), (QList<double>{2.0, 3.0}));
}

void TestExploreChart::twoDimensionsStackTheRest()
{
    ExploreChart chart;
    chart.resize(600, 300);
    // Day 1: s-1 $3 and three more sessions $2; day 2: s-2 $1 and four more $4.
    chart.setData({Dimension::Day, Dimension::Session},
                  {row({u"2026-03-20"_s, u"s-1"_s}, 3'000'000), row({u"2026-03-21"_s, u"s-2"_s}, 1'000'000),
                   row({u"2026-03-20"_s, QString()}, 2'000'000, 3),
                   row({u"2026-03-21"_s, QString()}, 4'000'000, 4)},
                  Models::ExploreModel::Metric::Cost, {u"2026-03-20"_s, u"2026-03-21"_s});
    QVERIFY(chart.isTimeChart());
    QCOMPARE(chart.categories(), (QStringList{u"2026-03-20"_s, u"2026-03-21"_s}));
    QCOMPARE(chart.stackLabels(), (QStringList{u"s-1"_s, u"s-2"_s, u"Other"_s}));
    QCOMPARE(barTotals(chart, 2), (QList<double>{5.0, 5.0}));
    // The "Other" stack is no session to drill into: a click on it pins the day only.
    int otherSlot = -1;
    int s1Slot = -1;
    for (QAbstractSeries *series : chart.chart()->series()) {
        const QList<QBarSet *> sets = static_cast<QAbstractBarSeries *>(series)->barSets();
        for (qsizetype i = 0; i < sets.size(); ++i) {
            if (sets.at(i)->label() == u"Other"_s)
                otherSlot = int(i);
            if (sets.at(i)->label() == u"s-1"_s)
                s1Slot = int(i);
        }
    }
    QVERIFY(otherSlot >= 0 && s1Slot >= 0);
    QCOMPARE(chart.keysAt(otherSlot, 0), QStringList{u"2026-03-20"_s});
    QCOMPARE(chart.keysAt(s1Slot, 0), (QStringList{u"2026-03-20"_s, u"s-1"_s}));
}

void TestExploreChart::theRestOfOtherCategoriesIsNoBar()
{
    // By feature, then session: the rest of "search" is in its bar, the rest of the features without a
    // top group in none.
    ExploreChart chart;
    chart.resize(600, 300);
    chart.setData({Dimension::Feature, Dimension::Session},
                  {row({u"search"_s, u"s-1"_s}, 3'000'000), row({u"search"_s, QString()}, 2'000'000, 3),
                   row({QString(), QString()}, 9'000'000, 40, true)},
                  Models::ExploreModel::Metric::Cost, {});
    QCOMPARE(chart.categories(), QStringList{u"search"_s});
    QCOMPARE(barTotals(chart, 1), QList<double>{5.0});
}

QTEST_MAIN(TestExploreChart)
#include "tst_explorechart.moc"
