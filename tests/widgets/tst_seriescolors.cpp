// Chart colours by series name: the same name keeps its colour whatever else is drawn and in whatever
// rank, on every run; "Other" is grey; two series of one chart never share a colour. Then the Overview's
// chart: a model keeps its colour when the range (and its rank) changes.
#include "seriescolors.h"
#include "spendchart.h"

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

QTEST_MAIN(TestSeriesColors)
#include "tst_seriescolors.moc"
