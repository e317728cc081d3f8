// The rolling-average anomaly detector with an injected clock: steady and growing spend stay quiet, a 3×
// burst alarms (exactly at the factor), the floor, an empty baseline, quiet until recovery, and earlier
// anomalous hours left out of later baselines.
#include "anomaly/rollingdetector.h"
#include "common/timeutil.h"

#include <QTest>
#include <cmath>
#include <functional>

using namespace Burnrate;
using namespace Burnrate::Anomaly;

namespace {

constexpr qint64 kUsd = 1'000'000;
constexpr qint64 kHour = Time::kNanosPerHour;
constexpr qint64 kMinute = 60 * Time::kNanosPerSecond;

qint64 ns(const char *isoWithOffset)
{
    const QDateTime dt = QDateTime::fromString(QString::fromLatin1(isoWithOffset), Qt::ISODateWithMs);
    if (!dt.isValid())
        qFatal("bad test time %s", isoWithOffset);
    return Time::toNs(dt);
}

// The baseline rows for `now`, hour k (0 = oldest) spending perHour(k).
ScopeSpend spendAt(const RollingDetector &d, qint64 now, qint64 recent,
                   const std::function<qint64(int)> &perHour)
{
    ScopeSpend s;
    s.scope = QStringLiteral("all");
    s.recentMicros = recent;
    const auto range = d.baselineRange(now);
    int k = 0;
    for (qint64 h = range.startNs; h < range.endNs; h += kHour, ++k)
        s.hours.append({h, perHour(k)});
    return s;
}

ScopeSpend steady(const RollingDetector &d, qint64 now, qint64 recent, qint64 perHour)
{
    return spendAt(d, now, recent, [perHour](int) { return perHour; });
}

} // namespace

class TestRollingDetector : public QObject
{
    Q_OBJECT

private slots:
    void baselineRange()
    {
        const RollingDetector d;
        const auto r = d.baselineRange(ns("2026-11-24T10:30:00Z"));
        // The recent window starts at 09:30; the baseline is the 24 whole hours before 09:00.
        QCOMPARE(r.endNs, ns("2026-11-24T09:00:00Z"));
        QCOMPARE(r.startNs, ns("2026-11-23T09:00:00Z"));
        const auto onTheHour = d.baselineRange(ns("2026-11-24T10:00:00Z"));
        QCOMPARE(onTheHour.endNs, ns("2026-11-24T09:00:00Z"));
    }

    void single_data()
    {
        QTest::addColumn<QString>("baseline"); // steady:<micros per hour> | growth:<percent per hour>
        QTest::addColumn<qint64>("recent");
        QTest::addColumn<bool>("alarm");
        QTest::addColumn<double>("ratio");

        QTest::newRow("steady") << "steady:2000000" << 2 * kUsd << false << 0.0;
        QTest::newRow("steady growth 5 %/h") << "growth:5" << qint64(3'386'000) << false << 0.0;
        QTest::newRow("just under 3x") << "steady:2000000" << 6 * kUsd - 1 << false << 0.0;
        QTest::newRow("exactly 3x") << "steady:2000000" << 6 * kUsd << true << 3.0;
        QTest::newRow("5x burst") << "steady:2000000" << 10 * kUsd << true << 5.0;
        QTest::newRow("5x under the floor") << "steady:100000" << qint64(500'000) << false << 0.0;
        QTest::newRow("10x at the floor") << "steady:100000" << kUsd << true << 10.0;
        QTest::newRow("no baseline, under the floor") << "steady:0" << kUsd - 1 << false << 0.0;
        QTest::newRow("no baseline, at the floor") << "steady:0" << kUsd << true << qInf();
        QTest::newRow("nothing at all") << "steady:0" << qint64(0) << false << 0.0;
    }

    void single()
    {
        QFETCH(QString, baseline);
        QFETCH(qint64, recent);
        QFETCH(bool, alarm);
        QFETCH(double, ratio);
        RollingDetector d;
        const qint64 now = ns("2026-11-24T10:30:00Z");
        const qint64 value = baseline.section(u':', 1).toLongLong();
        const ScopeSpend s = baseline.startsWith(u"steady")
                                 ? steady(d, now, recent, value)
                                 : spendAt(d, now, recent, [value](int k) {
                                       return qint64(std::llround(kUsd * std::pow(1.0 + value / 100.0, k)));
                                   });
        const auto result = d.evaluate(s, now);
        QCOMPARE(result.has_value(), alarm);
        QCOMPARE(d.scopeState(QStringLiteral("all")).alarmed, alarm);
        if (!alarm)
            return;
        QCOMPARE(result->scope, QStringLiteral("all"));
        QCOMPARE(result->atNs, now);
        QCOMPARE(result->recentMicros, recent);
        QCOMPARE(result->baselineHours, 24);
        QCOMPARE(result->baselineMicros, value);
        QCOMPARE(result->ratio, ratio);
    }

    // Rows outside the baseline range (the recent window, older than 24 h) do not count; missing hours
    // count as nothing spent.
    void rowsOutsideIgnored()
    {
        RollingDetector d;
        const qint64 now = ns("2026-11-24T10:30:00Z");
        ScopeSpend s;
        s.scope = QStringLiteral("agent=a");
        s.recentMicros = 3 * kUsd;
        s.hours = {{ns("2026-11-24T08:00:00Z"), 24 * kUsd},   // in: the only baseline spend, $1/h mean
                   {ns("2026-11-24T09:00:00Z"), 100 * kUsd},  // the hour of the recent window
                   {ns("2026-11-23T08:00:00Z"), 100 * kUsd}}; // 25 h ago
        const auto alarm = d.evaluate(s, now);
        QVERIFY(alarm);
        QCOMPARE(alarm->baselineMicros, kUsd);
        QCOMPARE(alarm->ratio, 3.0);
    }

    void contributorsPassedThrough()
    {
        RollingDetector d;
        const qint64 now = ns("2026-11-24T10:30:00Z");
        ScopeSpend s = steady(d, now, 9 * kUsd, kUsd);
        s.scope = QStringLiteral("feature=archive-extraction");
        s.contributors = {{QStringLiteral("extractor"), QStringLiteral("gpt-4.1"),
                           QStringLiteral("archive-extraction"), 8 * kUsd}};
        s.traceIds = {QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736")};
        const auto alarm = d.evaluate(s, now);
        QVERIFY(alarm);
        QCOMPARE(alarm->scope, s.scope);
        QCOMPARE(alarm->contributors, s.contributors);
        QCOMPARE(alarm->traceIds, s.traceIds);
    }

    void quietUntilRecovery()
    {
        RollingDetector d;
        qint64 now = ns("2026-11-24T10:30:00Z");
        const QList<std::pair<qint64, bool>> steps = {
            {2 * kUsd, false}, {6 * kUsd, true},  {7 * kUsd, false},
            {6 * kUsd, false}, {5 * kUsd, false}, // 2.5x: recovered
            {6 * kUsd, true},                     // fires again
        };
        for (const auto &[recent, fires] : steps) {
            // The baseline stays at $2/h: only the recent spend moves.
            QCOMPARE(d.evaluate(steady(d, now, recent, 2 * kUsd), now).has_value(), fires);
            now += 5 * kMinute;
        }
    }

    void scopesAreIndependent()
    {
        RollingDetector d;
        const qint64 now = ns("2026-11-24T10:30:00Z");
        ScopeSpend a = steady(d, now, 6 * kUsd, 2 * kUsd);
        a.scope = QStringLiteral("agent=a");
        ScopeSpend b = a;
        b.scope = QStringLiteral("agent=b");
        QVERIFY(d.evaluate(a, now));
        QVERIFY(d.scopeState(a.scope).alarmed);
        QVERIFY(!d.scopeState(b.scope).alarmed);
        QVERIFY(d.evaluate(b, now));
    }

    // A burst from 10:00 to 13:00 on a $1/h scope: afterwards its hours are left out of the baseline,
    // so a new 3.5x rise still alarms. A detector that never saw the burst averages it in and stays quiet.
    void anomalousHoursLeftOut()
    {
        RollingDetector d;
        auto history = [](qint64 hourStart) {
            const bool burst =
                hourStart >= ns("2026-11-24T10:00:00Z") && hourStart < ns("2026-11-24T13:00:00Z");
            return burst ? 10 * kUsd : kUsd;
        };
        auto spend = [&](qint64 now, qint64 recent) {
            ScopeSpend s;
            s.scope = QStringLiteral("all");
            s.recentMicros = recent;
            const auto range = d.baselineRange(now);
            for (qint64 h = range.startNs; h < range.endNs; h += kHour)
                s.hours.append({h, history(h)});
            return s;
        };

        QVERIFY(d.evaluate(spend(ns("2026-11-24T10:30:00Z"), 5 * kUsd), ns("2026-11-24T10:30:00Z")));
        for (qint64 t = ns("2026-11-24T10:45:00Z"); t < ns("2026-11-24T13:00:00Z"); t += 15 * kMinute)
            QVERIFY(!d.evaluate(spend(t, 10 * kUsd), t));
        QVERIFY(d.scopeState(QStringLiteral("all")).alarmed);
        // Back to $1/h: recovered.
        QVERIFY(!d.evaluate(spend(ns("2026-11-24T14:00:00Z"), kUsd), ns("2026-11-24T14:00:00Z")));
        QVERIFY(!d.scopeState(QStringLiteral("all")).alarmed);

        const qint64 later = ns("2026-11-24T15:30:00Z");
        const ScopeSpend rise = spend(later, qint64(3'500'000));
        const auto alarm = d.evaluate(rise, later);
        QVERIFY(alarm);
        // Left out: 09:00 (the first alarm's window reached back into it) and 10:00 to 12:00.
        QCOMPARE(alarm->baselineHours, 20);
        QCOMPARE(alarm->baselineMicros, kUsd);
        QCOMPARE(alarm->ratio, 3.5);

        RollingDetector fresh;
        QVERIFY(!fresh.evaluate(rise, later));
    }

    // Remembered hours age out with the baseline window.
    void anomalousHoursExpire()
    {
        RollingDetector d;
        const qint64 t = ns("2026-11-24T10:30:00Z");
        QVERIFY(d.evaluate(steady(d, t, 9 * kUsd, kUsd), t));
        QVERIFY(!d.evaluate(steady(d, t + kHour, kUsd, kUsd), t + kHour));
        const qint64 dayLater = t + 27 * kHour;
        const auto alarm = d.evaluate(steady(d, dayLater, 3 * kUsd, kUsd), dayLater);
        QVERIFY(alarm);
        QCOMPARE(alarm->baselineHours, 24);
    }

    // A restart in the middle of a burst: with the saved state the detector stays quiet and keeps the
    // burst's hours out of the baseline; without it, it would announce the same burst again.
    void restartMidBurst()
    {
        RollingDetector before;
        const qint64 t = ns("2026-11-24T10:30:00Z");
        QVERIFY(before.evaluate(steady(before, t, 9 * kUsd, kUsd), t));
        const RollingDetector::ScopeState saved = before.scopeState(QStringLiteral("all"));
        QVERIFY(saved.alarmed);
        QCOMPARE(saved.anomalousHours,
                 QList<qint64>({ns("2026-11-24T09:00:00Z"), ns("2026-11-24T10:00:00Z")}));

        const qint64 later = t + 10 * kMinute;
        RollingDetector after;
        after.restoreScopeState(QStringLiteral("all"), saved);
        QVERIFY(!after.evaluate(steady(after, later, 9 * kUsd, kUsd), later));
        QCOMPARE(after.scopeState(QStringLiteral("all")), saved);

        RollingDetector forgetful;
        QVERIFY(forgetful.evaluate(steady(forgetful, later, 9 * kUsd, kUsd), later));
    }

    void customParams()
    {
        RollingDetector::Params p;
        p.factorPercent = 150;
        p.floorMicros = 10 * kUsd;
        p.baselineHours = 6;
        RollingDetector d(p);
        const qint64 now = ns("2026-11-24T10:30:00Z");
        QCOMPARE(d.baselineRange(now).startNs, ns("2026-11-24T03:00:00Z"));
        QVERIFY(!d.evaluate(steady(d, now, 9 * kUsd, 4 * kUsd), now)); // 2.25x, under the floor
        QVERIFY(d.evaluate(steady(d, now, 12 * kUsd, 8 * kUsd), now)); // 1.5x, at the floor
    }
};

QTEST_GUILESS_MAIN(TestRollingDetector)
#include "tst_rollingdetector.moc"
