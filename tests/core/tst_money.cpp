#include "common/money.h"

#include <QLocale>
#include <QTest>

#include <cmath>
#include <limits>

using namespace Burnrate;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kMax = std::numeric_limits<qint64>::max();
constexpr qint64 kMin = std::numeric_limits<qint64>::min();
} // namespace

class TestMoney : public QObject
{
    Q_OBJECT

private slots:
    void parseDecimalMicros_data();
    void parseDecimalMicros();
    void parseDecimalMicrosRejects_data();
    void parseDecimalMicrosRejects();
    void toDecimalString_data();
    void toDecimalString();
    void formatUsd_data();
    void formatUsd();
    void formatUsdLocale_data();
    void formatUsdLocale();
    void formatUsdForDisplay_data();
    void formatUsdForDisplay();
    void microsFromUsd_data();
    void microsFromUsd();
};

void TestMoney::parseDecimalMicros_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("scaleDigits");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("dollars") << QStringLiteral("123.45") << 0 << qint64(123'450'000);
    // Anthropic's cost_report gives cents as a decimal string.
    QTest::newRow("cents") << QStringLiteral("123.45") << 2 << qint64(1'234'500);
    QTest::newRow("cents, sub-micro digits round") << QStringLiteral("12.3456789") << 2 << qint64(123'457);
    QTest::newRow("integer") << QStringLiteral("7") << 0 << qint64(7'000'000);
    QTest::newRow("zero") << QStringLiteral("0") << 0 << qint64(0);
    QTest::newRow("negative zero") << QStringLiteral("-0.000") << 0 << qint64(0);
    QTest::newRow("negative") << QStringLiteral("-1.5") << 0 << qint64(-1'500'000);
    QTest::newRow("plus sign") << QStringLiteral("+2.25") << 0 << qint64(2'250'000);
    QTest::newRow("blanks around") << QStringLiteral(" 3.5\n") << 0 << qint64(3'500'000);
    QTest::newRow("trailing point") << QStringLiteral("1.") << 0 << qint64(1'000'000);
    QTest::newRow("leading point") << QStringLiteral(".5") << 0 << qint64(500'000);
    QTest::newRow("one micro") << QStringLiteral("0.000001") << 0 << qint64(1);
    QTest::newRow("half a micro rounds up") << QStringLiteral("0.0000005") << 0 << qint64(1);
    QTest::newRow("below half a micro") << QStringLiteral("0.0000004999") << 0 << qint64(0);
    QTest::newRow("negative half rounds away from zero") << QStringLiteral("-0.0000005") << 0 << qint64(-1);
    QTest::newRow("round at the seventh digit") << QStringLiteral("0.1234565") << 0 << qint64(123'457);
    QTest::newRow("many digits") << QStringLiteral("1.23456749999999999999") << 0 << qint64(1'234'567);
    QTest::newRow("leading zeros") << QStringLiteral("000012.5") << 0 << qint64(12'500'000);
    // Scales beyond micro precision: 15 * 10^-7 USD = 1.5 micro-USD.
    QTest::newRow("scale 7, half up") << QStringLiteral("15") << 7 << qint64(2);
    QTest::newRow("scale 7, below half") << QStringLiteral("14.9") << 7 << qint64(1);
    QTest::newRow("scale 7, fraction decides nothing") << QStringLiteral("1.5") << 7 << qint64(0);
    QTest::newRow("largest") << QStringLiteral("9223372036854.775807") << 0 << kMax;
    QTest::newRow("most negative but one") << QStringLiteral("-9223372036854.775807") << 0 << -kMax;
}

void TestMoney::parseDecimalMicros()
{
    QFETCH(QString, text);
    QFETCH(int, scaleDigits);
    QFETCH(qint64, expected);

    const std::optional<qint64> micros = Money::parseDecimalMicros(text, scaleDigits);
    QVERIFY(micros);
    QCOMPARE(*micros, expected);
}

void TestMoney::parseDecimalMicrosRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("scaleDigits");

    QTest::newRow("exponent") << QStringLiteral("1e5") << 0;
    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("blank") << QStringLiteral("   ") << 0;
    QTest::newRow("only a point") << QStringLiteral(".") << 0;
    QTest::newRow("only a sign") << QStringLiteral("-") << 0;
    QTest::newRow("sign and point") << QStringLiteral("+.") << 0;
    QTest::newRow("two signs") << QStringLiteral("--1") << 0;
    QTest::newRow("two points") << QStringLiteral("1.2.3") << 0;
    QTest::newRow("comma") << QStringLiteral("1,5") << 0;
    QTest::newRow("inner blank") << QStringLiteral("1 000") << 0;
    QTest::newRow("hex") << QStringLiteral("0x10") << 0;
    QTest::newRow("dollar sign") << QStringLiteral("$5") << 0;
    QTest::newRow("nan") << QStringLiteral("nan") << 0;
    QTest::newRow("non-ASCII digit") << QStringLiteral("\u0663") << 0;
    QTest::newRow("overflow by one micro") << QStringLiteral("9223372036854.775808") << 0;
    QTest::newRow("overflow by rounding") << QStringLiteral("9223372036854.7758075") << 0;
    QTest::newRow("overflow of the integer part") << QStringLiteral("99999999999999999999") << 0;
    QTest::newRow("overflow while scaling") << QStringLiteral("92233720368548") << 0;
    QTest::newRow("cents overflow") << QStringLiteral("922337203685478") << 2;
}

void TestMoney::parseDecimalMicrosRejects()
{
    QFETCH(QString, text);
    QFETCH(int, scaleDigits);

    const std::optional<qint64> micros = Money::parseDecimalMicros(text, scaleDigits);
    QVERIFY2(!micros, qPrintable(QString::number(micros.value_or(0))));
}

void TestMoney::toDecimalString_data()
{
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("expected");

    QTest::newRow("default six") << qint64(12'345'678) << 6 << QStringLiteral("12.345678");
    QTest::newRow("zero") << qint64(0) << 6 << QStringLiteral("0.000000");
    QTest::newRow("one micro") << qint64(1) << 6 << QStringLiteral("0.000001");
    QTest::newRow("minus one micro") << qint64(-1) << 6 << QStringLiteral("-0.000001");
    QTest::newRow("two, rounded down") << qint64(1'234'567) << 2 << QStringLiteral("1.23");
    QTest::newRow("two, half away from zero") << qint64(1'235'000) << 2 << QStringLiteral("1.24");
    QTest::newRow("two, negative half") << qint64(-1'235'000) << 2 << QStringLiteral("-1.24");
    QTest::newRow("no negative zero") << qint64(-4'000) << 2 << QStringLiteral("0.00");
    QTest::newRow("none") << qint64(5'499'999) << 0 << QStringLiteral("5");
    QTest::newRow("none, rounded up") << qint64(5'500'000) << 0 << QStringLiteral("6");
    QTest::newRow("more than six is six") << qint64(1) << 9 << QStringLiteral("0.000001");
    QTest::newRow("largest") << kMax << 6 << QStringLiteral("9223372036854.775807");
    QTest::newRow("smallest") << kMin << 6 << QStringLiteral("-9223372036854.775808");
    QTest::newRow("smallest, rounded") << kMin << 2 << QStringLiteral("-9223372036854.78");
}

void TestMoney::toDecimalString()
{
    QFETCH(qint64, micros);
    QFETCH(int, decimals);
    QFETCH(QString, expected);

    QCOMPARE(Money::toDecimalString(micros, decimals), expected);
}

void TestMoney::formatUsd_data()
{
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QString>("expected");

    QTest::newRow("zero") << qint64(0) << QStringLiteral("$0.00");
    QTest::newRow("dollars") << qint64(12'345'678) << QStringLiteral("$12.35");
    QTest::newRow("thousands, no separator") << qint64(1'234'567'890) << QStringLiteral("$1234.57");
    QTest::newRow("one cent") << qint64(10'000) << QStringLiteral("$0.01");
    QTest::newRow("below a cent") << qint64(4'200) << QStringLiteral("$0.0042");
    QTest::newRow("below a cent, rounded") << qint64(4'249) << QStringLiteral("$0.0042");
    QTest::newRow("a hundredth of a cent") << qint64(100) << QStringLiteral("$0.0001");
    QTest::newRow("micro amounts") << qint64(99) << QStringLiteral("$0.000099");
    QTest::newRow("one micro") << qint64(1) << QStringLiteral("$0.000001");
    QTest::newRow("negative") << qint64(-12'345'678) << QStringLiteral("-$12.35");
    QTest::newRow("negative below a cent") << qint64(-4'200) << QStringLiteral("-$0.0042");
    QTest::newRow("smallest") << kMin << QStringLiteral("-$9223372036854.78");
}

void TestMoney::formatUsd()
{
    QFETCH(qint64, micros);
    QFETCH(QString, expected);

    QCOMPARE(Money::formatUsd(micros), expected);
}

void TestMoney::formatUsdLocale_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("expected");

    const QString nbsp(QChar(0x00a0));
    QTest::newRow("C") << u"C"_s << qint64(1'234'567'890) << 2 << u"$1234.57"_s;
    QTest::newRow("en_US") << u"en_US"_s << qint64(1'234'567'890) << 2 << u"$1,234.57"_s;
    QTest::newRow("en_US negative, not accounting style")
        << u"en_US"_s << qint64(-4'200) << 4 << u"-$0.0042"_s;
    QTest::newRow("de_DE: symbol after the amount")
        << u"de_DE"_s << qint64(1'234'567'890) << 2 << QString(u"1.234,57"_s + nbsp + u"$"_s);
    QTest::newRow("de_DE negative") << u"de_DE"_s << qint64(-75'370'000) << 2
                                    << QString(u"-75,37"_s + nbsp + u"$"_s);
    QTest::newRow("nl_NL: symbol first, spaced")
        << u"nl_NL"_s << qint64(12'340'000) << 2 << QString(u"$"_s + nbsp + u"12,34"_s);
}

void TestMoney::formatUsdLocale()
{
    QFETCH(QString, locale);
    QFETCH(qint64, micros);
    QFETCH(int, decimals);
    QFETCH(QString, expected);

    QCOMPARE(Money::formatUsd(micros, QLocale(locale), decimals), expected);
}

void TestMoney::formatUsdForDisplay_data()
{
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QString>("expected");

    // Cents from a dollar up.
    QTest::newRow("$3.50") << qint64(3'500'000) << u"$3.50"_s;
    QTest::newRow("exactly $1") << qint64(1'000'000) << u"$1.00"_s;
    QTest::newRow("$9.99995 rounds to cents") << qint64(9'999'950) << u"$10.00"_s;
    QTest::newRow("$1,234.57") << qint64(1'234'567'890) << u"$1234.57"_s;
    QTest::newRow("-$2.25") << qint64(-2'250'000) << u"-$2.25"_s;
    // Below a dollar the extra places show what the cents are made of.
    QTest::newRow("just under $1") << qint64(999'999) << u"$1.0000"_s;
    QTest::newRow("$0.4213") << qint64(421'300) << u"$0.4213"_s;
    QTest::newRow("$0.0042") << qint64(4'200) << u"$0.0042"_s;
    QTest::newRow("nothing") << qint64(0) << u"$0.00"_s;
}

void TestMoney::formatUsdForDisplay()
{
    QFETCH(qint64, micros);
    QFETCH(QString, expected);

    QCOMPARE(Money::formatUsdForDisplay(micros, QLocale::c()), expected);
}

void TestMoney::microsFromUsd_data()
{
    QTest::addColumn<double>("usd");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("dollars") << 12.34 << qint64(12'340'000);
    QTest::newRow("negative") << -0.25 << qint64(-250'000);
    QTest::newRow("rounds to the nearest micro") << 0.0000014 << qint64(1);
    QTest::newRow("NaN") << std::nan("") << qint64(0);
    QTest::newRow("infinity") << std::numeric_limits<double>::infinity() << qint64(0);
    QTest::newRow("out of range") << 1e20 << qint64(0);
}

void TestMoney::microsFromUsd()
{
    QFETCH(double, usd);
    QFETCH(qint64, expected);

    QCOMPARE(Money::microsFromUsd(usd), expected);
}

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
