#include "common/timeutil.h"

#include <QTest>
#include <QTimeZone>

using namespace Burnrate;

namespace {

constexpr qint64 kNanosPerMs = 1'000'000;

qint64 utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc()).toMSecsSinceEpoch() *
           kNanosPerMs;
}

// 2026-11-24 20:43 UTC is 2026-11-25 02:13 in Kolkata: the local day differs from the UTC day.
const qint64 kNow = utc(2026, 11, 24, 20, 43);

} // namespace

class TestTimeUtil : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parseTimeArgument_data();
    void parseTimeArgument();
    void parseTimeArgumentErrors_data();
    void parseTimeArgumentErrors();
    void fromNsFloors_data();
    void fromNsFloors();
    void fromNsInAZone();
    void toNsAndIso();
    void nowNs();
};

void TestTimeUtil::initTestCase()
{
    // Local times are read in the user's zone; pick one with a half-hour offset and no DST.
    qputenv("TZ", "Asia/Kolkata");
    QCOMPARE(QDateTime(QDate(2026, 11, 24), QTime(8, 0)).offsetFromUtc(), 5 * 3600 + 1800);
}

void TestTimeUtil::parseTimeArgument_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("expected");

    constexpr qint64 kMinute = 60 * Time::kNanosPerSecond;
    constexpr qint64 kDay = 24 * Time::kNanosPerHour;
    QTest::newRow("hours") << QStringLiteral("24h") << kNow - 24 * Time::kNanosPerHour;
    QTest::newRow("days") << QStringLiteral("7d") << kNow - 7 * kDay;
    QTest::newRow("minutes") << QStringLiteral("90m") << kNow - 90 * kMinute;
    QTest::newRow("min") << QStringLiteral("90min") << kNow - 90 * kMinute;
    QTest::newRow("weeks") << QStringLiteral("2w") << kNow - 14 * kDay;
    QTest::newRow("blank between") << QStringLiteral("24 h") << kNow - 24 * Time::kNanosPerHour;
    QTest::newRow("blanks around") << QStringLiteral("  7d\t") << kNow - 7 * kDay;
    QTest::newRow("zero") << QStringLiteral("0h") << kNow;
    QTest::newRow("a century of hours") << QStringLiteral("878400h") << kNow - 878'400 * Time::kNanosPerHour;
    QTest::newRow("now") << QStringLiteral("now") << kNow;
    QTest::newRow("today is the local day") << QStringLiteral("today") << utc(2026, 11, 24, 18, 30);
    QTest::newRow("yesterday") << QStringLiteral("yesterday") << utc(2026, 11, 23, 18, 30);
    QTest::newRow("date: local midnight") << QStringLiteral("2026-11-20") << utc(2026, 11, 19, 18, 30);
    QTest::newRow("UTC") << QStringLiteral("2026-11-24T08:00:00Z") << utc(2026, 11, 24, 8);
    QTest::newRow("UTC with ms") << QStringLiteral("2026-11-24T08:00:00.250Z")
                                 << utc(2026, 11, 24, 8, 0, 0, 250);
    QTest::newRow("offset east") << QStringLiteral("2026-11-24T08:00:00+02:00") << utc(2026, 11, 24, 6);
    QTest::newRow("offset west") << QStringLiteral("2026-11-24T08:00:00-05:30") << utc(2026, 11, 24, 13, 30);
    QTest::newRow("local time") << QStringLiteral("2026-11-24T08:00:00") << utc(2026, 11, 24, 2, 30);
    QTest::newRow("local time, no seconds") << QStringLiteral("2026-11-24T08:00") << utc(2026, 11, 24, 2, 30);
    QTest::newRow("blank for T") << QStringLiteral("2026-11-24 08:00:00") << utc(2026, 11, 24, 2, 30);
}

void TestTimeUtil::parseTimeArgument()
{
    QFETCH(QString, text);
    QFETCH(qint64, expected);

    Error error;
    const std::optional<qint64> ns = Time::parseTimeArgument(text, kNow, &error);
    QVERIFY2(ns, qPrintable(error.message));
    QCOMPARE(Time::toIsoUtc(*ns), Time::toIsoUtc(expected)); // readable on failure
    QCOMPARE(*ns, expected);
    QVERIFY(!error);
}

void TestTimeUtil::parseTimeArgumentErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    const auto unreadable = [](const char *text) {
        return QStringLiteral(
                   "cannot read time '%1' (use ISO 8601 such as 2026-11-24 or 2026-11-24T08:00:00Z, "
                   "or an age such as 24h or 7d)")
            .arg(QString::fromUtf8(text));
    };
    for (const char *text :
         {"garbage", "", "5x", "-5h", "24hours", "h", "2026-13-01", "2026-02-30", "2026-11-24T25:00:00Z",
          "2026-11-24Tnoon", "2026-11-24T", "24/11/2026", "20261124"})
        QTest::addRow("unreadable '%s'", text) << QString::fromUtf8(text) << unreadable(text);
    QTest::newRow("a century and an hour")
        << QStringLiteral("878401h") << QStringLiteral("time '878401h' is too far back");
    QTest::newRow("weeks") << QStringLiteral("5300w") << QStringLiteral("time '5300w' is too far back");
    QTest::newRow("count overflows") << QStringLiteral("99999999999999999999h")
                                     << QStringLiteral("time '99999999999999999999h' is too far back");
}

void TestTimeUtil::parseTimeArgumentErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);

    Error error;
    const std::optional<qint64> ns = Time::parseTimeArgument(text, kNow, &error);
    QVERIFY2(!ns, qPrintable(Time::toIsoUtc(ns.value_or(0))));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QCOMPARE(error.message, expected);
}

void TestTimeUtil::fromNsFloors_data()
{
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<QString>("expected"); // toIsoUtc

    QTest::newRow("epoch") << qint64(0) << QStringLiteral("1970-01-01T00:00:00.000Z");
    QTest::newRow("below a millisecond") << qint64(999'999) << QStringLiteral("1970-01-01T00:00:00.000Z");
    QTest::newRow("just over a millisecond")
        << qint64(1'999'999) << QStringLiteral("1970-01-01T00:00:00.001Z");
    QTest::newRow("one ns before the epoch") << qint64(-1) << QStringLiteral("1969-12-31T23:59:59.999Z");
    QTest::newRow("one ms before the epoch")
        << qint64(-1'000'000) << QStringLiteral("1969-12-31T23:59:59.999Z");
    QTest::newRow("just over one ms before")
        << qint64(-1'000'001) << QStringLiteral("1969-12-31T23:59:59.998Z");
    QTest::newRow("a day before") << -24 * Time::kNanosPerHour << QStringLiteral("1969-12-31T00:00:00.000Z");
}

void TestTimeUtil::fromNsFloors()
{
    QFETCH(qint64, ns);
    QFETCH(QString, expected);

    const QDateTime dt = Time::fromNs(ns, QTimeZone::utc());
    QCOMPARE(dt.toMSecsSinceEpoch(), QDateTime::fromString(expected, Qt::ISODateWithMs).toMSecsSinceEpoch());
    QCOMPARE(Time::toIsoUtc(ns), expected);
}

void TestTimeUtil::fromNsInAZone()
{
    const QDateTime local = Time::fromNs(kNow, QTimeZone("Asia/Kolkata"));
    QCOMPARE(local.date(), QDate(2026, 11, 25));
    QCOMPARE(local.time(), QTime(2, 13));
    QCOMPARE(Time::toNs(local), kNow);
}

void TestTimeUtil::toNsAndIso()
{
    const QDateTime dt(QDate(2026, 11, 24), QTime(20, 43, 0, 123), QTimeZone::utc());
    QCOMPARE(Time::toNs(dt), kNow + 123 * kNanosPerMs);
    QCOMPARE(Time::toIsoUtc(Time::toNs(dt)), QStringLiteral("2026-11-24T20:43:00.123Z"));
    // Nanoseconds below a millisecond are not shown, and never round up.
    QCOMPARE(Time::toIsoUtc(Time::toNs(dt) + 999'999), QStringLiteral("2026-11-24T20:43:00.123Z"));
}

void TestTimeUtil::nowNs()
{
    const qint64 before = QDateTime::currentMSecsSinceEpoch() * kNanosPerMs;
    const qint64 now = Time::nowNs();
    const qint64 after = QDateTime::currentMSecsSinceEpoch() * kNanosPerMs;
    QVERIFY(before <= now && now <= after);
}

QTEST_GUILESS_MAIN(TestTimeUtil)
#include "tst_timeutil.moc"
