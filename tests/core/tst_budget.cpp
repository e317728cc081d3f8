// Budget values: the command-line parsers and their messages, validation, the stable names, and the
// calendar periods in a time zone (weeks from Monday, 23- and 25-hour days at DST changes).
#include "budgets/budget.h"
#include "common/timeutil.h"

#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Budgets;

namespace {

qint64 ns(const QString &isoWithOffset)
{
    const QDateTime dt = QDateTime::fromString(isoWithOffset, Qt::ISODateWithMs);
    if (!dt.isValid())
        qFatal("bad test time %s", qPrintable(isoWithOffset));
    return Time::toNs(dt);
}

Budget validBudget()
{
    Budget b;
    b.name = QStringLiteral("daily-all");
    b.period = Period::Day;
    b.zone = QTimeZone("Europe/Berlin");
    b.limitMicros = 10'000'000;
    return b;
}

} // namespace

class TestBudget : public QObject
{
    Q_OBJECT

private slots:
    void defaults()
    {
        const Budget b;
        QCOMPARE(tiersText(b.tiers), QStringLiteral("70,100,120"));
        QCOMPARE(b.tiers.at(0).action, TierAction::Notify);
        QCOMPARE(b.tiers.at(1).action, TierAction::Critical);
        QCOMPARE(b.tiers.at(2).action, TierAction::Escalate);
        QCOMPARE(b.scope.dimension, Dimension::All);
        QVERIFY(b.zone.isValid());
        QVERIFY(!b.forecastAlert);
    }

    void parseScope_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("dimension");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("canonical");

        QTest::newRow("all") << "all" << true << int(Dimension::All) << QString() << "all";
        QTest::newRow("agent") << "agent=research-agent" << true << int(Dimension::Agent) << "research-agent"
                               << "agent=research-agent";
        QTest::newRow("spaces trimmed")
            << "  model = gpt-4.1-mini " << true << int(Dimension::Model) << "gpt-4.1-mini"
            << "model=gpt-4.1-mini";
        QTest::newRow("value with =") << "feature=a=b" << true << int(Dimension::Feature) << "a=b"
                                      << "feature=a=b";
        QTest::newRow("provider") << "provider=openai" << true << int(Dimension::Provider) << "openai"
                                  << "provider=openai";
        QTest::newRow("user") << "user=alice" << true << int(Dimension::User) << "alice"
                              << "user=alice";
        QTest::newRow("no value") << "agent=" << false << 0 << QString() << QString();
        QTest::newRow("no dimension") << "=x" << false << 0 << QString() << QString();
        QTest::newRow("unknown dimension") << "team=x" << false << 0 << QString() << QString();
        QTest::newRow("all with value") << "all=x" << false << 0 << QString() << QString();
        QTest::newRow("no equals") << "agent" << false << 0 << QString() << QString();
        QTest::newRow("empty") << "" << false << 0 << QString() << QString();
        QTest::newRow("case matters") << "Agent=x" << false << 0 << QString() << QString();
    }

    void parseScope()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        Error error;
        const auto scope = Budgets::parseScope(text, &error);
        QCOMPARE(scope.has_value(), ok);
        QCOMPARE(error.isError(), !ok);
        if (!ok) {
            QCOMPARE(error.code, Error::Code::InvalidInput);
            QVERIFY(!error.message.isEmpty());
            return;
        }
        QFETCH(int, dimension);
        QFETCH(QString, value);
        QFETCH(QString, canonical);
        QCOMPARE(int(scope->dimension), dimension);
        QCOMPARE(scope->value, value);
        QCOMPARE(scopeText(*scope), canonical);
    }

    void parseTiers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // percent:action,…; empty = error

        QTest::newRow("default") << "70,100,120"
                                 << "70:notify,100:critical,120:escalate";
        QTest::newRow("percent signs, spaces") << " 70%, 100% ,120 % "
                                               << "70:notify,100:critical,120:escalate";
        QTest::newRow("custom") << "50,80,99,100,119,150"
                                << "50:notify,80:notify,99:notify,100:critical,"
                                   "119:critical,150:escalate";
        QTest::newRow("one tier") << "100"
                                  << "100:critical";
        QTest::newRow("bounds") << "1,1000"
                                << "1:notify,1000:escalate";
        QTest::newRow("zero") << "0,100" << QString();
        QTest::newRow("above 1000") << "100,1001" << QString();
        QTest::newRow("negative") << "-5,100" << QString();
        QTest::newRow("descending") << "100,70" << QString();
        QTest::newRow("repeat") << "70,70,100" << QString();
        QTest::newRow("empty") << "" << QString();
        QTest::newRow("empty part") << "70,,100" << QString();
        QTest::newRow("decimal") << "70.5,100" << QString();
        QTest::newRow("words") << "seventy" << QString();
    }

    void parseTiers()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        Error error;
        const auto tiers = Budgets::parseTiers(text, &error);
        if (expected.isEmpty()) {
            QVERIFY(!tiers);
            QCOMPARE(error.code, Error::Code::InvalidInput);
            QVERIFY(!error.message.isEmpty());
            return;
        }
        QVERIFY2(tiers, qPrintable(error.message));
        QStringList got;
        for (const Tier &t : *tiers)
            got.append(QString::number(t.percent) % u':' % actionName(t.action));
        QCOMPARE(got.join(u','), expected);
        QVERIFY(!validateTiers(*tiers));
    }

    void parseTimeZone_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("id"); // empty = error

        QTest::newRow("Berlin") << "Europe/Berlin" << QByteArray("Europe/Berlin");
        QTest::newRow("New York, spaces") << " America/New_York " << QByteArray("America/New_York");
        QTest::newRow("UTC") << "UTC" << QByteArray("UTC");
        QTest::newRow("local") << "local" << QTimeZone::systemTimeZoneId();
        QTest::newRow("unknown") << "Mars/Olympus_Mons" << QByteArray();
        QTest::newRow("empty") << "" << QByteArray();
    }

    void parseTimeZone()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, id);
        Error error;
        const auto zone = Budgets::parseTimeZone(text, &error);
        QCOMPARE(zone.has_value(), !id.isEmpty());
        if (!zone) {
            QCOMPARE(error.code, Error::Code::InvalidInput);
            QVERIFY(error.message.contains(text.trimmed()));
            return;
        }
        QVERIFY(zone->isValid());
        QCOMPARE(zone->id(), id);
    }

    void parseLimit_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("micros"); // -1 = error

        QTest::newRow("whole") << "25" << qint64(25'000'000);
        QTest::newRow("cents") << "12.50" << qint64(12'500'000);
        QTest::newRow("dollar sign") << "$40" << qint64(40'000'000);
        QTest::newRow("one micro") << "0.000001" << qint64(1);
        QTest::newRow("exact, no float") << "0.3" << qint64(300'000);
        QTest::newRow("large") << "1000000.01" << qint64(1'000'000'010'000);
        QTest::newRow("zero") << "0" << qint64(-1);
        QTest::newRow("rounds to zero") << "0.0000001" << qint64(-1);
        QTest::newRow("negative") << "-5" << qint64(-1);
        QTest::newRow("exponent") << "1e3" << qint64(-1);
        QTest::newRow("comma") << "12,50" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("overflow") << "99999999999999999999" << qint64(-1);
    }

    void parseLimit()
    {
        QFETCH(QString, text);
        QFETCH(qint64, micros);
        Error error;
        const auto limit = parseLimitMicros(text, &error);
        if (micros < 0) {
            QVERIFY(!limit);
            QCOMPARE(error.code, Error::Code::InvalidInput);
            QVERIFY(!error.message.isEmpty());
            return;
        }
        QVERIFY2(limit, qPrintable(error.message));
        QCOMPARE(*limit, micros);
    }

    void parsePeriodAndNames()
    {
        for (Period p : {Period::Day, Period::Week, Period::Month}) {
            QCOMPARE(Budgets::parsePeriod(periodName(p), nullptr), p);
            QCOMPARE(periodFromName(periodName(p)), p);
        }
        QCOMPARE(periodName(Period::Week), QStringLiteral("week"));
        Error error;
        QVERIFY(!Budgets::parsePeriod(u"year", &error));
        QVERIFY(error.message.contains(QStringLiteral("year")));

        for (Dimension d : {Dimension::All, Dimension::Provider, Dimension::Model, Dimension::Feature,
                            Dimension::Agent, Dimension::User})
            QCOMPARE(dimensionFromName(dimensionName(d)), d);
        for (TierAction a : {TierAction::Notify, TierAction::Critical, TierAction::Escalate})
            QCOMPARE(actionFromName(actionName(a)), a);
        QVERIFY(!dimensionFromName(u"session"));
        QVERIFY(!actionFromName(u"kill"));
    }

    void validateBudget_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<bool>("valid");

        QTest::newRow("valid") << "" << true;
        QTest::newRow("valid scope") << "scope" << true;
        QTest::newRow("no name") << "name" << false;
        QTest::newRow("blank name") << "blank name" << false;
        QTest::newRow("scope without value") << "scope value" << false;
        QTest::newRow("zero limit") << "limit" << false;
        QTest::newRow("no tiers") << "no tiers" << false;
        QTest::newRow("tiers unsorted") << "tiers" << false;
        QTest::newRow("invalid zone") << "zone" << false;
    }

    void validateBudget()
    {
        QFETCH(QString, change);
        QFETCH(bool, valid);
        Budget b = validBudget();
        if (change == u"scope")
            b.scope = {Dimension::Agent, QStringLiteral("research-agent")};
        else if (change == u"name")
            b.name.clear();
        else if (change == u"blank name")
            b.name = QStringLiteral("  ");
        else if (change == u"scope value")
            b.scope = {Dimension::Agent, QString()};
        else if (change == u"limit")
            b.limitMicros = 0;
        else if (change == u"no tiers")
            b.tiers.clear();
        else if (change == u"tiers")
            b.tiers = {{100, TierAction::Critical}, {70, TierAction::Notify}};
        else if (change == u"zone")
            b.zone = QTimeZone();
        const Error error = Budgets::validateBudget(b);
        QCOMPARE(!error.isError(), valid);
        if (!valid) {
            QCOMPARE(error.code, Error::Code::InvalidInput);
            QVERIFY(!error.message.isEmpty());
        }
    }

    void periodBounds_data()
    {
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<QString>("period");
        QTest::addColumn<QString>("now");
        QTest::addColumn<QString>("start");
        QTest::addColumn<QString>("end");
        QTest::addColumn<int>("hours");

        const QByteArray berlin("Europe/Berlin"), newYork("America/New_York"), utc("UTC");
        QTest::newRow("UTC day") << utc << "day"
                                 << "2026-11-24T15:00:00Z"
                                 << "2026-11-24T00:00:00Z"
                                 << "2026-11-25T00:00:00Z" << 24;
        QTest::newRow("day starts at midnight") << utc << "day"
                                                << "2026-11-24T00:00:00Z"
                                                << "2026-11-24T00:00:00Z"
                                                << "2026-11-25T00:00:00Z" << 24;
        QTest::newRow("last instant of the day") << utc << "day"
                                                 << "2026-11-24T23:59:59.999Z"
                                                 << "2026-11-24T00:00:00Z"
                                                 << "2026-11-25T00:00:00Z" << 24;
        QTest::newRow("Berlin day is not the UTC day") << berlin << "day"
                                                       << "2026-11-24T23:30:00Z"
                                                       << "2026-11-25T00:00:00+01:00"
                                                       << "2026-11-26T00:00:00+01:00" << 24;
        QTest::newRow("Berlin spring forward: 23 h") << berlin << "day"
                                                     << "2026-03-29T12:00:00+02:00"
                                                     << "2026-03-29T00:00:00+01:00"
                                                     << "2026-03-30T00:00:00+02:00" << 23;
        QTest::newRow("Berlin fall back: 25 h") << berlin << "day"
                                                << "2026-10-25T02:30:00+01:00"
                                                << "2026-10-25T00:00:00+02:00"
                                                << "2026-10-26T00:00:00+01:00" << 25;
        QTest::newRow("New York spring forward: 23 h") << newYork << "day"
                                                       << "2026-03-08T01:59:00-05:00"
                                                       << "2026-03-08T00:00:00-05:00"
                                                       << "2026-03-09T00:00:00-04:00" << 23;
        QTest::newRow("New York fall back: 25 h") << newYork << "day"
                                                  << "2026-11-01T23:00:00-05:00"
                                                  << "2026-11-01T00:00:00-04:00"
                                                  << "2026-11-02T00:00:00-05:00" << 25;
        QTest::newRow("week from Monday") << berlin << "week"
                                          << "2026-11-25T10:00:00+01:00"
                                          << "2026-11-23T00:00:00+01:00"
                                          << "2026-11-30T00:00:00+01:00" << 168;
        QTest::newRow("week on Monday midnight") << berlin << "week"
                                                 << "2026-11-23T00:00:00+01:00"
                                                 << "2026-11-23T00:00:00+01:00"
                                                 << "2026-11-30T00:00:00+01:00" << 168;
        QTest::newRow("week on Sunday night") << berlin << "week"
                                              << "2026-11-29T23:59:59+01:00"
                                              << "2026-11-23T00:00:00+01:00"
                                              << "2026-11-30T00:00:00+01:00" << 168;
        QTest::newRow("week with spring forward") << berlin << "week"
                                                  << "2026-03-29T12:00:00+02:00"
                                                  << "2026-03-23T00:00:00+01:00"
                                                  << "2026-03-30T00:00:00+02:00" << 167;
        QTest::newRow("week across months") << newYork << "week"
                                            << "2026-11-01T12:00:00-05:00"
                                            << "2026-10-26T00:00:00-04:00"
                                            << "2026-11-02T00:00:00-05:00" << 169;
        QTest::newRow("Berlin March: 743 h") << berlin << "month"
                                             << "2026-03-31T23:00:00+02:00"
                                             << "2026-03-01T00:00:00+01:00"
                                             << "2026-04-01T00:00:00+02:00" << 743;
        QTest::newRow("New York November: 721 h") << newYork << "month"
                                                  << "2026-11-15T08:00:00-05:00"
                                                  << "2026-11-01T00:00:00-04:00"
                                                  << "2026-12-01T00:00:00-05:00" << 721;
        QTest::newRow("February") << utc << "month"
                                  << "2026-02-01T00:00:00Z"
                                  << "2026-02-01T00:00:00Z"
                                  << "2026-03-01T00:00:00Z" << 28 * 24;
        QTest::newRow("December into January") << berlin << "month"
                                               << "2026-12-31T23:59:00+01:00"
                                               << "2026-12-01T00:00:00+01:00"
                                               << "2027-01-01T00:00:00+01:00" << 31 * 24;
    }

    void periodBounds()
    {
        QFETCH(QByteArray, zone);
        QFETCH(QString, period);
        QFETCH(QString, now);
        QFETCH(QString, start);
        QFETCH(QString, end);
        QFETCH(int, hours);
        const PeriodBounds bounds = Budgets::periodBounds(*periodFromName(period), QTimeZone(zone), ns(now));
        QCOMPARE(Time::toIsoUtc(bounds.startNs), Time::toIsoUtc(ns(start)));
        QCOMPARE(Time::toIsoUtc(bounds.endNs), Time::toIsoUtc(ns(end)));
        QCOMPARE(bounds.endNs - bounds.startNs, hours * Time::kNanosPerHour);
    }

    // Nanoseconds are kept: the instant one nanosecond before the end is still in the period.
    void periodBoundsEdges()
    {
        const QTimeZone berlin("Europe/Berlin");
        const PeriodBounds day =
            Budgets::periodBounds(Period::Day, berlin, ns(QStringLiteral("2026-03-29T12:00:00+02:00")));
        QCOMPARE(Budgets::periodBounds(Period::Day, berlin, day.endNs - 1), day);
        QCOMPARE(Budgets::periodBounds(Period::Day, berlin, day.startNs), day);
        const PeriodBounds next = Budgets::periodBounds(Period::Day, berlin, day.endNs);
        QCOMPARE(next.startNs, day.endNs);
        QCOMPARE(next.endNs - next.startNs, 24 * Time::kNanosPerHour);
    }

    // Where DST skips midnight (Chile moves from 00:00 to 01:00), the day starts at its first instant.
    void periodBoundsMidnightSkipped()
    {
        const QTimeZone santiago("America/Santiago");
        QVERIFY(santiago.isValid());
        const PeriodBounds day =
            Budgets::periodBounds(Period::Day, santiago, ns(QStringLiteral("2026-09-06T12:00:00-03:00")));
        QCOMPARE(Time::toIsoUtc(day.startNs),
                 Time::toIsoUtc(ns(QStringLiteral("2026-09-06T01:00:00-03:00"))));
        QCOMPARE(day.endNs - day.startNs, 23 * Time::kNanosPerHour);
    }
};

QTEST_GUILESS_MAIN(TestBudget)
#include "tst_budget.moc"
