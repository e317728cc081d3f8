// The tier state machine with an injected clock: exact crossings, several tiers at once, once per period,
// recovery, rollover across a DST change, restart from the saved JSON, acknowledge, snooze, forecast.
#include "budgets/tierstate.h"
#include "common/timeutil.h"

#include <QJsonDocument>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Budgets;
using Kind = BudgetEvent::Kind;

namespace {

qint64 ns(const char *isoWithOffset)
{
    const QDateTime dt = QDateTime::fromString(QString::fromLatin1(isoWithOffset), Qt::ISODateWithMs);
    if (!dt.isValid())
        qFatal("bad test time %s", isoWithOffset);
    return Time::toNs(dt);
}

constexpr qint64 kUsd = 1'000'000;

Budget dailyBerlin(qint64 limitMicros = 10 * kUsd)
{
    Budget b;
    b.name = QStringLiteral("daily-all");
    b.period = Period::Day;
    b.zone = QTimeZone("Europe/Berlin");
    b.limitMicros = limitMicros;
    return b;
}

// "crossed 70, recovered 100, rollover, forecast" — the kinds and tiers of a list of events.
QString describe(const QList<BudgetEvent> &events)
{
    QStringList parts;
    for (const BudgetEvent &e : events) {
        switch (e.kind) {
        case Kind::PeriodRolledOver:
            parts.append(QStringLiteral("rollover"));
            break;
        case Kind::Recovered:
            parts.append(QStringLiteral("recovered ") + QString::number(e.tierPercent));
            break;
        case Kind::TierCrossed:
            parts.append(QStringLiteral("crossed ") + QString::number(e.tierPercent));
            break;
        case Kind::ForecastExceeds:
            parts.append(QStringLiteral("forecast ") + e.exceedDate.toString(Qt::ISODate));
            break;
        }
    }
    return parts.join(QStringLiteral(", "));
}

// Runs one evaluation and keeps the state, as the evaluator's owner does.
struct Runner
{
    Budget budget;
    TierState state;

    QString step(qint64 spent, qint64 now, const std::optional<Projection> &projection = std::nullopt)
    {
        const Evaluation e = evaluate(budget, state, spent, now, projection);
        state = e.state;
        return describe(e.events);
    }
};

} // namespace

class TestTierState : public QObject
{
    Q_OBJECT

private slots:
    void exactThreshold_data()
    {
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<qint64>("spent");
        QTest::addColumn<QString>("events");

        QTest::newRow("just under 70 %") << 10 * kUsd << 7 * kUsd - 1 << "";
        QTest::newRow("exactly 70.00 %") << 10 * kUsd << 7 * kUsd << "crossed 70";
        QTest::newRow("odd limit, just under") << qint64(330'000) << qint64(230'999) << "";
        QTest::newRow("odd limit, exactly 70 %") << qint64(330'000) << qint64(231'000) << "crossed 70";
        // 70 % of 1 micro is 0.7 micro: 1 micro is the first amount at or above it.
        QTest::newRow("tiny limit") << qint64(1) << qint64(1) << "crossed 70, crossed 100";
        QTest::newRow("exactly 100 %") << 10 * kUsd << 10 * kUsd << "crossed 70, crossed 100";
        QTest::newRow("exactly 120 %") << 10 * kUsd << 12 * kUsd << "crossed 70, crossed 100, crossed 120";
        QTest::newRow("nothing spent") << 10 * kUsd << qint64(0) << "";
        QTest::newRow("huge spend does not overflow")
            << 10 * kUsd << std::numeric_limits<qint64>::max() << "crossed 70, crossed 100, crossed 120";
    }

    void exactThreshold()
    {
        QFETCH(qint64, limit);
        QFETCH(qint64, spent);
        QFETCH(QString, events);
        Runner r{dailyBerlin(limit), {}};
        QCOMPARE(r.step(spent, ns("2026-11-24T12:00:00+01:00")), events);
    }

    void severalTiersAtOnce()
    {
        const qint64 now = ns("2026-11-24T12:00:00+01:00");
        const Evaluation e = evaluate(dailyBerlin(), {}, 13 * kUsd, now);
        QCOMPARE(describe(e.events), QStringLiteral("crossed 70, crossed 100, crossed 120"));
        QCOMPARE(e.events.at(0).action, TierAction::Notify);
        QCOMPARE(e.events.at(1).action, TierAction::Critical);
        QCOMPARE(e.events.at(2).action, TierAction::Escalate);
        for (const BudgetEvent &event : e.events) {
            QCOMPARE(event.spentMicros, 13 * kUsd);
            QCOMPARE(event.limitMicros, 10 * kUsd);
            QCOMPARE(event.atNs, now);
            QCOMPARE(event.periodStartNs, ns("2026-11-24T00:00:00+01:00"));
            QVERIFY(!event.muted);
        }
        QCOMPARE(e.state.tiers.size(), 3);
        for (const TierRecord &t : e.state.tiers)
            QCOMPARE(t.firedAtNs, now);
    }

    // Spend grows through a day: exactly one event per tier.
    void oncePerPeriod()
    {
        Runner r{dailyBerlin(), {}};
        const qint64 t0 = ns("2026-11-24T08:00:00+01:00");
        const qint64 minute = 60 * Time::kNanosPerSecond;
        const QList<std::pair<qint64, QString>> steps = {
            {5 * kUsd, QString()},
            {7 * kUsd, QStringLiteral("crossed 70")},
            {7 * kUsd, QString()},
            {8 * kUsd, QString()},
            {10 * kUsd, QStringLiteral("crossed 100")},
            {11 * kUsd, QString()},
            {12 * kUsd + 1, QStringLiteral("crossed 120")},
            {30 * kUsd, QString()},
        };
        qint64 now = t0;
        for (const auto &[spent, expected] : steps) {
            QCOMPARE(r.step(spent, now), expected);
            now += 10 * minute;
        }
    }

    void recovery()
    {
        Runner r{dailyBerlin(), {}};
        const qint64 t = ns("2026-11-24T09:00:00+01:00");
        QCOMPARE(r.step(11 * kUsd, t), QStringLiteral("crossed 70, crossed 100"));
        // A provider correction lowers the spend under 100 %.
        QCOMPARE(r.step(9 * kUsd, t + 1), QStringLiteral("recovered 100"));
        QCOMPARE(r.step(9 * kUsd, t + 2), QString());
        QCOMPARE(r.state.tiers.at(1).recoveredAtNs, t + 1);
        QCOMPARE(r.state.tiers.at(1).firedAtNs, 0);
        // The recovery re-armed the tier: crossing again is announced again.
        QCOMPARE(r.step(10 * kUsd, t + 3), QStringLiteral("crossed 100"));
        QCOMPARE(r.state.tiers.at(1).recoveredAtNs, 0);
        // Falling under two tiers: highest first.
        QCOMPARE(r.step(1 * kUsd, t + 4), QStringLiteral("recovered 100, recovered 70"));
        // A tier that never fired does not recover.
        QCOMPARE(r.step(0, t + 5), QString());
    }

    // A raised limit is a recovery too; an edited tier list keeps what the unchanged tiers did.
    void editedBudget()
    {
        Runner r{dailyBerlin(), {}};
        const qint64 t = ns("2026-11-24T09:00:00+01:00");
        QCOMPARE(r.step(10 * kUsd, t), QStringLiteral("crossed 70, crossed 100"));
        r.budget.tiers = {{50, TierAction::Notify}, {100, TierAction::Critical}};
        QCOMPARE(r.step(10 * kUsd, t + 1), QStringLiteral("crossed 50"));
        QCOMPARE(r.state.tiers.size(), 2);
        QCOMPARE(r.state.tiers.at(1).firedAtNs, t);
        r.budget.limitMicros = 20 * kUsd;
        QCOMPARE(r.step(10 * kUsd, t + 2), QStringLiteral("recovered 100"));
    }

    // Europe/Berlin springs forward on 2026-03-29: that day has 23 hours, and the next period begins at
    // local midnight, which is 22:00 UTC, not 23:00.
    void rolloverAcrossDst()
    {
        Runner r{dailyBerlin(), {}};
        QCOMPARE(r.step(12 * kUsd, ns("2026-03-28T23:30:00+01:00")),
                 QStringLiteral("crossed 70, crossed 100, crossed 120"));
        // 23:30 UTC on the 28th is already the 29th in Berlin: a new period, with yesterday's spend gone.
        QCOMPARE(r.step(1 * kUsd, ns("2026-03-28T23:30:00Z")), QStringLiteral("rollover"));
        QCOMPARE(r.state.periodStartNs, ns("2026-03-29T00:00:00+01:00"));
        for (const TierRecord &t : r.state.tiers)
            QCOMPARE(t.firedAtNs, 0);
        QCOMPARE(r.step(7 * kUsd, ns("2026-03-29T23:59:00+02:00")), QStringLiteral("crossed 70"));
        QCOMPARE(r.step(0, ns("2026-03-29T22:00:00Z")), QStringLiteral("rollover"));
        QCOMPARE(r.state.periodStartNs, ns("2026-03-30T00:00:00+02:00"));
        // A new period crossing tiers at once: rollover first, then the crossings.
        QCOMPARE(r.step(12 * kUsd, ns("2026-03-31T08:00:00+02:00")),
                 QStringLiteral("rollover, crossed 70, crossed 100, crossed 120"));
    }

    // The same budget in UTC: the evaluation at 23:30 UTC on the 28th is still the 28th.
    void periodFollowsZone()
    {
        Budget utc = dailyBerlin();
        utc.zone = QTimeZone::utc();
        Runner r{utc, {}};
        QCOMPARE(r.step(12 * kUsd, ns("2026-03-28T20:00:00Z")),
                 QStringLiteral("crossed 70, crossed 100, crossed 120"));
        QCOMPARE(r.step(12 * kUsd, ns("2026-03-28T23:30:00Z")), QString());
    }

    void firstEvaluationIsNoRollover()
    {
        const Evaluation e = evaluate(dailyBerlin(), {}, 0, ns("2026-11-24T12:00:00+01:00"));
        QVERIFY(e.events.isEmpty());
        QCOMPARE(e.state.periodStartNs, ns("2026-11-24T00:00:00+01:00"));
        QCOMPARE(e.state.tiers.size(), 3);
    }

    void restartMidPeriod_data()
    {
        QTest::addColumn<qint64>("spentAtRestart");
        QTest::addColumn<QString>("restartTime");
        QTest::addColumn<QString>("events");

        QTest::newRow("same spend: nothing repeats") << 8 * kUsd << "2026-11-24T15:00:00+01:00"
                                                     << "";
        QTest::newRow("crossed while closed: fires on start") << 10 * kUsd << "2026-11-24T15:00:00+01:00"
                                                              << "crossed 100";
        QTest::newRow("two crossed while closed") << 12 * kUsd << "2026-11-24T23:59:59+01:00"
                                                  << "crossed 100, crossed 120";
        QTest::newRow("closed over midnight") << 12 * kUsd << "2026-11-25T09:00:00+01:00"
                                              << "rollover, crossed 70, crossed 100, crossed 120";
    }

    void restartMidPeriod()
    {
        QFETCH(qint64, spentAtRestart);
        QFETCH(QString, restartTime);
        QFETCH(QString, events);
        const Budget budget = dailyBerlin();
        const Evaluation before = evaluate(budget, {}, 8 * kUsd, ns("2026-11-24T10:00:00+01:00"));
        QCOMPARE(describe(before.events), QStringLiteral("crossed 70"));

        // Saved and read back as the storage will: bytes of JSON.
        const QByteArray saved = QJsonDocument(toJson(acknowledge(before.state, 70))).toJson();
        Error error;
        const auto restored = tierStateFromJson(QJsonDocument::fromJson(saved).object(), &error);
        QVERIFY2(restored, qPrintable(error.message));
        QCOMPARE(*restored, acknowledge(before.state, 70));

        const Evaluation after = evaluate(budget, *restored, spentAtRestart,
                                          Time::toNs(QDateTime::fromString(restartTime, Qt::ISODate)));
        QCOMPARE(describe(after.events), events);
    }

    void jsonRoundTripKeepsNanoseconds()
    {
        TierState s;
        s.periodStartNs = ns("2026-11-24T00:00:00+01:00");
        s.tiers = {{70, ns("2026-11-24T10:00:00.123+01:00") + 456'789, 0, true},
                   {100, 0, ns("2026-11-24T11:00:00+01:00") + 1, false}};
        s.forecastFiredAtNs = ns("2026-11-24T09:00:00+01:00") + 7;
        s.forecastAcknowledged = true;
        s.snoozedUntilNs = std::numeric_limits<qint64>::max();
        const QByteArray text = QJsonDocument(toJson(s)).toJson(QJsonDocument::Compact);
        QVERIFY(text.contains("\"schema\":1"));
        const auto back = tierStateFromJson(QJsonDocument::fromJson(text).object(), nullptr);
        QVERIFY(back);
        QCOMPARE(*back, s);
    }

    void jsonDamaged_data()
    {
        QTest::addColumn<QByteArray>("json");

        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("newer schema") << QByteArray(R"({"schema":2,"period_start_ns":"0","tiers":[]})");
        QTest::newRow("number for ns") << QByteArray(R"({"schema":1,"period_start_ns":1.7e18,"tiers":[]})");
        QTest::newRow("no tiers") << QByteArray(R"({"schema":1,"period_start_ns":"0"})");
        QTest::newRow("bad percent") << QByteArray(
            R"({"schema":1,"period_start_ns":"0","tiers":[{"percent":0,"fired_at_ns":"0"}]})");
        QTest::newRow("bad fired_at")
            << QByteArray(R"({"schema":1,"period_start_ns":"0","tiers":[{"percent":70,"fired_at_ns":"x"}]})");
    }

    void jsonDamaged()
    {
        QFETCH(QByteArray, json);
        Error error;
        QVERIFY(!tierStateFromJson(QJsonDocument::fromJson(json).object(), &error));
        QCOMPARE(error.code, Error::Code::Corrupt);
        QVERIFY(!error.message.isEmpty());
    }

    void acknowledgeTiers()
    {
        Runner r{dailyBerlin(), {}};
        const qint64 t = ns("2026-11-24T09:00:00+01:00");
        QVERIFY(!needsAttention(r.state));
        r.step(10 * kUsd, t);
        QVERIFY(needsAttention(r.state));
        r.state = Budgets::acknowledge(r.state, 70);
        QVERIFY(r.state.tiers.at(0).acknowledged);
        QVERIFY(needsAttention(r.state));             // 100 % is still open
        r.state = Budgets::acknowledge(r.state, 120); // not fired: nothing to acknowledge
        QVERIFY(!r.state.tiers.at(2).acknowledged);
        r.state = Budgets::acknowledge(r.state, 100);
        QVERIFY(!needsAttention(r.state));
        // Acknowledging does not re-announce anything.
        QCOMPARE(r.step(10 * kUsd, t + 1), QString());
        // A new crossing needs attention again; acknowledgeAll clears it.
        QCOMPARE(r.step(12 * kUsd, t + 2), QStringLiteral("crossed 120"));
        QVERIFY(needsAttention(r.state));
        r.state = acknowledgeAll(r.state);
        QVERIFY(!needsAttention(r.state));
        // The next period starts unacknowledged and unfired.
        QCOMPARE(r.step(0, ns("2026-11-25T09:00:00+01:00")), QStringLiteral("rollover"));
        QVERIFY(!r.state.tiers.at(0).acknowledged);
    }

    void snoozeMutes()
    {
        Runner r{dailyBerlin(), {}};
        const qint64 t = ns("2026-11-24T09:00:00+01:00");
        const qint64 until = ns("2026-11-24T18:00:00+01:00");
        r.state = Budgets::snooze(r.state, until);
        QVERIFY(isSnoozed(r.state, t));
        QVERIFY(isSnoozed(r.state, until - 1));
        QVERIFY(!isSnoozed(r.state, until));

        // Muted, but recorded: the tier does not fire again when the snooze ends.
        Evaluation e = evaluate(r.budget, r.state, 7 * kUsd, t);
        QCOMPARE(describe(e.events), QStringLiteral("crossed 70"));
        QVERIFY(e.events.at(0).muted);
        QCOMPARE(e.state.snoozedUntilNs, until);
        r.state = e.state;
        QCOMPARE(r.step(7 * kUsd, until + 1), QString());

        // A snooze outlives the period's rollover until its time.
        const qint64 tomorrowNoon = ns("2026-11-25T12:00:00+01:00");
        r.state = Budgets::snooze(r.state, tomorrowNoon);
        e = evaluate(r.budget, r.state, 7 * kUsd, ns("2026-11-25T09:00:00+01:00"));
        QCOMPARE(describe(e.events), QStringLiteral("rollover, crossed 70"));
        QVERIFY(e.events.at(0).muted && e.events.at(1).muted);
        QCOMPARE(e.state.snoozedUntilNs, tomorrowNoon);

        e = evaluate(r.budget, e.state, 10 * kUsd, tomorrowNoon);
        QCOMPARE(describe(e.events), QStringLiteral("crossed 100"));
        QVERIFY(!e.events.at(0).muted);

        QVERIFY(!isSnoozed(unsnooze(Budgets::snooze(r.state, until)), t));
    }

    void forecastEvent_data()
    {
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<qint64>("spent");
        QTest::addColumn<bool>("exceeds");
        QTest::addColumn<QString>("events");

        QTest::newRow("projection exceeds") << true << 5 * kUsd << true << "forecast 2026-11-24";
        QTest::newRow("projection under") << true << 5 * kUsd << false << "";
        QTest::newRow("not asked for") << false << 5 * kUsd << true << "";
        QTest::newRow("already over the limit") << true << 10 * kUsd << true << "crossed 70, crossed 100";
        QTest::newRow("with a tier") << true << 7 * kUsd << true << "crossed 70, forecast 2026-11-24";
    }

    void forecastEvent()
    {
        QFETCH(bool, enabled);
        QFETCH(qint64, spent);
        QFETCH(bool, exceeds);
        QFETCH(QString, events);
        Runner r{dailyBerlin(), {}};
        r.budget.forecastAlert = enabled;
        Projection p;
        p.projectedMicros = exceeds ? 15 * kUsd : 9 * kUsd;
        if (exceeds) {
            p.exceedsAtNs = ns("2026-11-24T20:00:00+01:00");
            p.exceedDate = QDate(2026, 11, 24);
        }
        const qint64 t = ns("2026-11-24T12:00:00+01:00");
        QCOMPARE(r.step(spent, t, p), events);
        // Once per period.
        QCOMPARE(r.step(spent, t + 1, p), QString());
        if (enabled && exceeds && spent < 10 * kUsd) {
            QVERIFY(needsAttention(acknowledge(r.state, 70)));
            QVERIFY(!needsAttention(acknowledgeAll(r.state)));
            QCOMPARE(r.step(0, ns("2026-11-25T12:00:00+01:00"), p),
                     QStringLiteral("rollover, forecast 2026-11-24"));
        }
    }
};

QTEST_GUILESS_MAIN(TestTierState)
#include "tst_tierstate.moc"
