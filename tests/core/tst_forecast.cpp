// The period-end projection: rate over the recent window (cut at the period start), the projected spend,
// when and on which local day the limit is reached, and no projection while there is too little data.
#include "budgets/forecast.h"
#include "common/timeutil.h"

#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Budgets;

namespace {

constexpr qint64 kUsd = 1'000'000;

qint64 ns(const char *isoWithOffset)
{
    const QDateTime dt = QDateTime::fromString(QString::fromLatin1(isoWithOffset), Qt::ISODateWithMs);
    if (!dt.isValid())
        qFatal("bad test time %s", isoWithOffset);
    return Time::toNs(dt);
}

Budget budget(Period period, const char *zone, qint64 limitMicros)
{
    Budget b;
    b.name = QStringLiteral("test");
    b.period = period;
    b.zone = QTimeZone(zone);
    b.limitMicros = limitMicros;
    return b;
}

} // namespace

class TestForecast : public QObject
{
    Q_OBJECT

private slots:
    void rateWindow_data()
    {
        QTest::addColumn<int>("period");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<qint64>("start");

        QTest::newRow("day, after 3 h")
            << int(Period::Day) << ns("2026-11-24T15:00:00Z") << ns("2026-11-24T12:00:00Z");
        QTest::newRow("day, cut at midnight")
            << int(Period::Day) << ns("2026-11-24T02:00:00Z") << ns("2026-11-24T00:00:00Z");
        QTest::newRow("week, 24 h") << int(Period::Week) << ns("2026-11-24T10:00:00Z")
                                    << ns("2026-11-23T10:00:00Z");
        QTest::newRow("week, cut at Monday")
            << int(Period::Week) << ns("2026-11-23T10:00:00Z") << ns("2026-11-23T00:00:00Z");
        QTest::newRow("month, 7 days")
            << int(Period::Month) << ns("2026-11-20T12:00:00Z") << ns("2026-11-13T12:00:00Z");
        QTest::newRow("month, cut at the 1st")
            << int(Period::Month) << ns("2026-11-03T12:00:00Z") << ns("2026-11-01T00:00:00Z");
    }

    void rateWindow()
    {
        QFETCH(int, period);
        QFETCH(qint64, now);
        QFETCH(qint64, start);
        QCOMPARE(rateWindowStartNs(budget(Period(period), "UTC", kUsd), now), start);
    }

    void project_data()
    {
        QTest::addColumn<int>("period");
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<qint64>("spent");
        QTest::addColumn<qint64>("recent");
        QTest::addColumn<qint64>("projected");
        QTest::addColumn<qint64>("ratePerHour");
        QTest::addColumn<qint64>("exceedsAt"); // 0 = does not exceed in the period
        QTest::addColumn<QDate>("exceedDate");

        const int day = int(Period::Day), week = int(Period::Week), month = int(Period::Month);
        const QByteArray utc("UTC"), berlin("Europe/Berlin");
        const qint64 noon = ns("2026-11-24T12:00:00Z");

        // $3 in the last 3 h is $1/h; 12 h remain.
        QTest::newRow("stays under") << day << utc << 30 * kUsd << noon << 12 * kUsd << 3 * kUsd << 24 * kUsd
                                     << kUsd << qint64(0) << QDate();
        QTest::newRow("exceeds at 20:00")
            << day << utc << 20 * kUsd << noon << 12 * kUsd << 3 * kUsd << 24 * kUsd << kUsd
            << ns("2026-11-24T20:00:00Z") << QDate(2026, 11, 24);
        QTest::newRow("reaches it exactly at the end")
            << day << utc << 24 * kUsd << noon << 12 * kUsd << 3 * kUsd << 24 * kUsd << kUsd
            << ns("2026-11-25T00:00:00Z") - 1 << QDate(2026, 11, 24);
        QTest::newRow("misses by a micro") << day << utc << 24 * kUsd + 1 << noon << 12 * kUsd << 3 * kUsd
                                           << 24 * kUsd << kUsd << qint64(0) << QDate();
        // One hour into the day the window is that hour: the period average.
        QTest::newRow("period average early on")
            << day << utc << 100 * kUsd << ns("2026-11-24T01:00:00Z") << 2 * kUsd << 2 * kUsd << 48 * kUsd
            << 2 * kUsd << qint64(0) << QDate();
        // A quarter of the 3 h window observed is just enough: $1 in 45 min, 23.25 h to go.
        QTest::newRow("quarter window") << day << utc << 100 * kUsd << ns("2026-11-24T00:45:00Z") << kUsd
                                        << kUsd << 32 * kUsd << qint64(1'333'333) << qint64(0) << QDate();
        QTest::newRow("already over the limit") << day << utc << 20 * kUsd << noon << 30 * kUsd << 3 * kUsd
                                                << 42 * kUsd << kUsd << qint64(0) << QDate();
        QTest::newRow("idle") << day << utc << 20 * kUsd << noon << 15 * kUsd << qint64(0) << 15 * kUsd
                              << qint64(0) << qint64(0) << QDate();
        // $70 over the last 7 days, 20.5 days left in November: on track to exceed by the 25th.
        QTest::newRow("month, by the 25th")
            << month << berlin << 250 * kUsd << ns("2026-11-10T12:00:00+01:00") << 100 * kUsd << 70 * kUsd
            << 305 * kUsd << qint64(416'666) << ns("2026-11-25T12:00:00+01:00") << QDate(2026, 11, 25);
        // The crossing at 00:30 in Berlin is still the 25th in UTC: the date is the budget's.
        QTest::newRow("week, local date")
            << week << berlin << 145 * kUsd << ns("2026-11-23T12:00:00+01:00") << 24 * kUsd << 24 * kUsd
            << 336 * kUsd << 2 * kUsd << ns("2026-11-26T00:30:00+01:00") << QDate(2026, 11, 26);
        // A million-dollar month: products of micros and nanoseconds far beyond 64 bits.
        QTest::newRow("large amounts")
            << month << berlin << 1'000'000 * kUsd << ns("2026-11-10T12:00:00+01:00") << 600'000 * kUsd
            << 200'000 * kUsd << qint64(1'185'714'285'714) << qint64(1'190'476'190)
            << ns("2026-11-24T12:00:00+01:00") << QDate(2026, 11, 24);
    }

    void project()
    {
        QFETCH(int, period);
        QFETCH(QByteArray, zone);
        QFETCH(qint64, limit);
        QFETCH(qint64, now);
        QFETCH(qint64, spent);
        QFETCH(qint64, recent);
        QFETCH(qint64, projected);
        QFETCH(qint64, ratePerHour);
        QFETCH(qint64, exceedsAt);
        QFETCH(QDate, exceedDate);

        const auto p =
            Budgets::project(budget(Period(period), zone.constData(), limit), {spent, recent}, now);
        QVERIFY(p);
        QCOMPARE(p->projectedMicros, projected);
        QCOMPARE(p->rateMicrosPerHour, ratePerHour);
        QCOMPARE(Time::toIsoUtc(p->exceedsAtNs), Time::toIsoUtc(exceedsAt));
        QCOMPARE(p->exceedsAtNs, exceedsAt);
        QCOMPARE(p->exceedsLimit(), exceedsAt != 0);
        QCOMPARE(p->exceedDate, exceedDate);
    }

    void tooEarly_data()
    {
        QTest::addColumn<int>("period");
        QTest::addColumn<qint64>("now");

        QTest::newRow("day, 44 min") << int(Period::Day) << ns("2026-11-24T00:44:59Z");
        QTest::newRow("day, at midnight") << int(Period::Day) << ns("2026-11-24T00:00:00Z");
        QTest::newRow("week, 5 h") << int(Period::Week) << ns("2026-11-23T05:00:00Z");
        QTest::newRow("month, 1 day") << int(Period::Month) << ns("2026-11-02T00:00:00Z");
    }

    void tooEarly()
    {
        QFETCH(int, period);
        QFETCH(qint64, now);
        QVERIFY(!Budgets::project(budget(Period(period), "UTC", kUsd), {kUsd, kUsd}, now));
    }
};

QTEST_GUILESS_MAIN(TestForecast)
#include "tst_forecast.moc"
