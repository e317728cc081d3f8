// Chart colours by series name: the same name keeps its colour whatever else is drawn and in whatever
// rank, on every run; "Other" is grey; two series of one chart never share a colour. Then the Overview's
// chart: a model keeps its colour when the range (and its rank) changes.
#include "explorechart.h"
#include "seriescolors.h"
#include "spendchart.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Widgets;
using namespace Qt::StringLiterals;

class TestSeriesColors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void preferredIsFixed();
    void sameNameSameColourInAnyCompany();
    void collisionsAreResolvedBySortOrder();
    void distinctUpToThePaletteSize();
    void spendChartKeepsAModelsColourAcrossRanges();
    void exploreChartColoursStacksByName();
};

void TestSeriesColors::preferredIsFixed()
{
    // Pinned: a hash seeded per process (qHash) would give other colours on the next start.
    QCOMPARE(SeriesColors::preferred(u"gpt-4o"_s), QColor(0xff9da7));
    QCOMPARE(SeriesColors::preferred(u"gpt-4o-mini"_s), QColor(0x9c755f));
    QCOMPARE(SeriesColors::preferred(u"claude-sonnet-4-5"_s), QColor(0xe15759));
    QCOMPARE(SeriesColors::other(), QColor(0xbab0ac));
}

void TestSeriesColors::sameNameSameColourInAnyCompany()
{
    const QList<QColor> a = SeriesColors::forNames({u"gpt-4o"_s, u"claude-sonnet-4-5"_s, u"o3"_s});
    const QList<QColor> b = SeriesColors::forNames({u"o3"_s, u"gemini-2.5-pro"_s, u"gpt-4o"_s});
    QCOMPARE(a.at(0), b.at(2)); // gpt-4o, first and then last
    QCOMPARE(a.at(2), b.at(0)); // o3
    QCOMPARE(a.at(0), SeriesColors::preferred(u"gpt-4o"_s));
    for (const QColor &color : a + b)
        QVERIFY(color != SeriesColors::other());
}

void TestSeriesColors::collisionsAreResolvedBySortOrder()
{
    // These two hash to the same palette colour.
    QCOMPARE(SeriesColors::preferred(u"claude-haiku-4-5"_s), SeriesColors::preferred(u"research-agent"_s));
    const QColor haiku = SeriesColors::preferred(u"claude-haiku-4-5"_s);
    // Together, the one first in sort order keeps it, in either rank; the other takes the next colour.
    for (const QStringList &names : {QStringList{u"claude-haiku-4-5"_s, u"research-agent"_s},
                                     QStringList{u"research-agent"_s, u"claude-haiku-4-5"_s}}) {
        const QList<QColor> colors = SeriesColors::forNames(names);
        const qsizetype h = names.indexOf(u"claude-haiku-4-5"_s);
        QCOMPARE(colors.at(h), haiku);
        QCOMPARE(colors.at(1 - h), QColor(0xb07aa1));
    }
    // Alone, each has its own.
    QCOMPARE(SeriesColors::forNames({u"research-agent"_s}).at(0), haiku);
}

void TestSeriesColors::distinctUpToThePaletteSize()
{
    QStringList names;
    for (int i = 0; i < 9; ++i)
        names.append(u"agent-%1"_s.arg(i));
    const QList<QColor> colors = SeriesColors::forNames(names);
    QCOMPARE(colors.size(), 9);
    for (int i = 0; i < colors.size(); ++i) {
        for (int j = i + 1; j < colors.size(); ++j)
            QVERIFY2(colors.at(i) != colors.at(j), qPrintable(u"%1 and %2"_s.arg(names.at(i), names.at(j))));
    }
}

void TestSeriesColors::spendChartKeepsAModelsColourAcrossRanges()
{
    const auto series = [](const QString &key, qint64 micros, bool other = false) {
        Storage::SpendSeries s;
        s.key = key;
        s.other = other;
        s.totalMicros = micros;
        s.bucketMicros = {micros};
        return s;
    };
    const auto colorOf = [](const SpendChart &chart, const QString &label) {
        for (QBarSet *set : chart.shownSets()) {
            if (set->label() == label)
                return set->color();
        }
        return QColor();
    };
    SpendChart chart(3);
    chart.resize(600, 300);
    Storage::SpendChartData day;
    day.range = Storage::OverviewRange::Day;
    day.bucketStartNs = {0};
    day.endNs = 1;
    day.series = {series(u"gpt-4o"_s, 900), series(u"claude-sonnet-4-5"_s, 500), series(u"o3"_s, 100),
                  series(QString(), 50, true)};
    chart.setData(day, QTimeZone::utc());
    const QColor gpt = colorOf(chart, u"gpt-4o"_s);
    QCOMPARE(gpt, SeriesColors::preferred(u"gpt-4o"_s));
    QCOMPARE(colorOf(chart, u"Other"_s), SeriesColors::other());

    // Another range: other ranks, another model in the top, the same colours.
    Storage::SpendChartData week = day;
    week.range = Storage::OverviewRange::Week;
    week.series = {series(u"o3"_s, 5000), series(u"gemini-2.5-pro"_s, 3000), series(u"gpt-4o"_s, 1000),
                   series(QString(), 50, true)};
    chart.setData(week, QTimeZone::utc());
    QCOMPARE(colorOf(chart, u"gpt-4o"_s), gpt);
    QCOMPARE(colorOf(chart, u"o3"_s), SeriesColors::preferred(u"o3"_s));
    QCOMPARE(colorOf(chart, u"Other"_s), SeriesColors::other());
}

// Explore stacked by model: each model in the colour the Overview gives it, whatever its rank; "Other"
// grey; without a second dimension the one series is blue.
void TestSeriesColors::exploreChartColoursStacksByName()
{
    using Storage::Dimension;
    const auto row = [](const QString &feature, const QString &model, qint64 micros) {
        Storage::ReportRow r;
        r.keys = {feature, model};
        r.calls = 1;
        r.costMicros = micros;
        return r;
    };
    const auto colors = [](const ExploreChart &chart) {
        QHash<QString, QColor> byLabel;
        for (QAbstractSeries *series : chart.chart()->series()) {
            for (QBarSet *set : static_cast<QAbstractBarSeries *>(series)->barSets()) {
                if (!set->label().isEmpty())
                    byLabel.insert(set->label(), set->color());
            }
        }
        return byLabel;
    };
    ExploreChart chart;
    chart.resize(600, 300);
    QList<Storage::ReportRow> rows;
    const QStringList models{
        u"gpt-4o"_s, u"o3"_s, u"claude-sonnet-4-5"_s, u"gemini-2.5-pro"_s, u"m5"_s, u"m6"_s,
        u"m7"_s,     u"m8"_s};
    for (qsizetype i = 0; i < models.size(); ++i)
        rows.append(row(u"chat"_s, models.at(i), (models.size() - i) * 1'000'000));
    chart.setData({Dimension::Feature, Dimension::Model}, rows, Models::ExploreModel::Metric::Cost, {});
    QHash<QString, QColor> shown = colors(chart);
    QCOMPARE(shown.value(u"gpt-4o"_s), SeriesColors::preferred(u"gpt-4o"_s));
    QCOMPARE(shown.value(u"Other"_s), SeriesColors::other()); // the seventh and eighth model
    const QColor o3 = shown.value(u"o3"_s);
    QVERIFY(o3.isValid());

    // Another range: o3 first, gpt-4o gone: o3 keeps its colour.
    chart.setData({Dimension::Feature, Dimension::Model},
                  {row(u"chat"_s, u"o3"_s, 9'000'000), row(u"chat"_s, u"m5"_s, 1)},
                  Models::ExploreModel::Metric::Cost, {});
    shown = colors(chart);
    QCOMPARE(shown.value(u"o3"_s), o3);
    QVERIFY(!shown.contains(u"Other"_s));

    // One dimension: one series, blue.
    chart.setData({Dimension::Model}, {Storage::ReportRow{{u"o3"_s}, 1, 0, 0, 0, 0, 5, 0}},
                  Models::ExploreModel::Metric::Cost, {});
    shown = colors(chart);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.cbegin().value(), SeriesColors::single());
}

QTEST_MAIN(TestSeriesColors)
#include "tst_seriescolors.moc"
