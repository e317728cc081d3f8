// The Explore chart with a report cut to its top groups (ReportQuery::limit): an "Other" row of one
// dimension is no bar, and the "Other" rows per first key go into the grey "Other" stack, so every bar keeps
// its whole total.
#include "explorechart.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QTest>
#include <QValueAxis>
#include <tuple>

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
    void theValueAxisEndsNearTheHighestBar();
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

// The value axis ends at the first step of 1, 2 or 5 times a power of ten at or above the highest bar, so a
// bar of $96 fills most of the plot (Qt's nice numbers made that axis end at $200), and its labels tell the
// ticks apart.
void TestExploreChart::theValueAxisEndsNearTheHighestBar()
{
    struct Case
    {
        qint64 micros;
        Models::ExploreModel::Metric metric;
        double max;
        int ticks;
        QString format;
    };
    using Metric = Models::ExploreModel::Metric;
    const QList<Case> cases = {
        {96'000'000, Metric::Cost, 100, 6, u"%.0f"_s},
        {101'000'000, Metric::Cost, 150, 4, u"%.0f"_s},
        {300'000, Metric::Cost, 0.3, 4, u"%.2f"_s},
        {30'000, Metric::Cost, 0.03, 4, u"%.2f"_s},
        {8'000, Metric::Cost, 0.008, 5, u"%.3f"_s},
        {1'000'000, Metric::CostPerCall, 1, 6, u"%.4f"_s},
        {0, Metric::Cost, 1, 6, u"%.2f"_s},
    };
    for (const Case &c : cases) {
        ExploreChart chart;
        chart.resize(600, 300);
        chart.setData({Dimension::Feature}, {row({u"search"_s}, c.micros)}, c.metric, {});
        const QList<QAbstractAxis *> axes = chart.chart()->axes(Qt::Horizontal);
        QCOMPARE(axes.size(), 1);
        const auto *axis = qobject_cast<QValueAxis *>(axes.first());
        QVERIFY(axis);
        QCOMPARE(axis->min(), 0.0);
        QVERIFY2(qFuzzyCompare(axis->max(), c.max), qPrintable(QString::number(axis->max())));
        QCOMPARE(axis->tickCount(), c.ticks);
        QVERIFY2(axis->labelFormat().contains(c.format), qPrintable(axis->labelFormat())); // "$5" or "5 $"
    }
    // A billion tokens: three steps at most, so that Qt prints "1,000,000,000" whole.
    for (const auto &[tokens, max, ticks] : {std::tuple{1e9, 1e9, 3}, std::tuple{5e9, 6e9, 4}}) {
        ExploreChart chart;
        chart.resize(600, 300);
        ReportRow r = row({u"search"_s}, 1'000);
        r.inputTokens = qint64(tokens);
        chart.setData({Dimension::Feature}, {r}, Models::ExploreModel::Metric::Tokens, {});
        const auto *axis = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Horizontal).value(0));
        QVERIFY(axis);
        QCOMPARE(axis->max(), max);
        QCOMPARE(axis->tickCount(), ticks);
    }
    // Two calls: whole steps, never half a call.
    ExploreChart chart;
    chart.resize(600, 300);
    ReportRow calls = row({u"search"_s}, 1'000);
    calls.calls = 2;
    chart.setData({Dimension::Feature}, {calls}, Models::ExploreModel::Metric::Calls, {});
    const auto *axis = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Horizontal).value(0));
    QVERIFY(axis);
    QCOMPARE(axis->max(), 2.0);
    QCOMPARE(axis->tickCount(), 3);
}

QTEST_MAIN(TestExploreChart)
#include "tst_explorechart.moc"
