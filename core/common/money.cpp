#include "money.h"

#include <cmath>
#include <limits>

namespace Burnrate::Money {

qint64 microsFromUsd(double usd)
{
    if (!std::isfinite(usd))
        return 0;
    const double micros = usd * double(kMicrosPerUsd);
    if (micros >= 9.2e18 || micros <= -9.2e18)
        return 0;
    return qint64(std::llround(micros));
}

std::optional<qint64> parseDecimalMicros(QStringView text, int scaleDigits)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool negative = false;
    if (text.front() == u'-' || text.front() == u'+') {
        negative = text.front() == u'-';
        text = text.mid(1);
    }
    // Value = digits * 10^(6 - scaleDigits - fractionDigits), computed in integers.
    constexpr qint64 kLimit = std::numeric_limits<qint64>::max();
    constexpr qint64 kMax = kLimit / 10;
    qint64 mantissa = 0;
    int fractionDigits = 0;
    bool seenPoint = false, seenDigit = false;
    int roundDigit = -1;                      // first digit dropped beyond micro precision
    const int keepFraction = 6 - scaleDigits; // fraction digits that still matter
    for (QChar c : text) {
        if (c == u'.') {
            if (seenPoint)
                return std::nullopt;
            seenPoint = true;
            continue;
        }
        if (c < u'0' || c > u'9')
            return std::nullopt;
        seenDigit = true;
        const int d = c.unicode() - u'0';
        if (seenPoint && fractionDigits >= keepFraction) {
            if (roundDigit < 0)
                roundDigit = d;
            continue;
        }
        if (mantissa > (kLimit - d) / 10)
            return std::nullopt;
        mantissa = mantissa * 10 + d;
        if (seenPoint)
            ++fractionDigits;
    }
    if (!seenDigit)
        return std::nullopt;
    int exponent =
        keepFraction - fractionDigits; // multiply by 10^exponent (exponent >= 0 here unless scale > 6)
    for (; exponent > 0; --exponent) {
        if (mantissa > kMax)
            return std::nullopt;
        mantissa *= 10;
    }
    for (; exponent < 0; ++exponent) { // only when scaleDigits > 6
        roundDigit = int(mantissa % 10);
        mantissa /= 10;
    }
    if (roundDigit >= 5) {
        if (mantissa == kLimit)
            return std::nullopt;
        ++mantissa;
    }
    return negative ? -mantissa : mantissa;
}

QString toDecimalString(qint64 micros, int decimals)
{
    const bool negative = micros < 0;
    // Work in unsigned to survive INT64_MIN.
    quint64 magnitude = negative ? quint64(0) - quint64(micros) : quint64(micros);
    decimals = qBound(0, decimals, 6);
    quint64 divisor = 1;
    for (int i = decimals; i < 6; ++i)
        divisor *= 10;
    if (divisor > 1) // round half away from zero to the requested precision
        magnitude = (magnitude + divisor / 2) / divisor;
    quint64 scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    QString result = QString::number(magnitude / scale);
    if (decimals > 0)
        result += u'.' + QString::number(magnitude % scale).rightJustified(decimals, u'0');
    return (negative && magnitude != 0) ? u'-' + result : result;
}

QString formatUsd(qint64 micros)
{
    // Unsigned magnitude: -INT64_MIN does not fit a qint64.
    const quint64 magnitude = micros < 0 ? quint64(0) - quint64(micros) : quint64(micros);
    const int decimals = (magnitude == 0 || magnitude >= 10'000) ? 2 // zero or at least one cent
                         : magnitude >= 100                      ? 4
                                                                 : 6;
    QString result = toDecimalString(micros, decimals);
    result.insert(result.startsWith(u'-') ? 1 : 0, u'$');
    return result;
}

QString formatUsd(qint64 micros, const QLocale &locale, int decimals)
{
    const QString plain = toDecimalString(micros, decimals); // "-1234.5700"
    const bool negative = plain.startsWith(u'-');
    const QStringView digits = QStringView(plain).mid(negative ? 1 : 0);
    const qsizetype dot = digits.indexOf(u'.');
    const QString whole = locale.toString(digits.left(dot < 0 ? digits.size() : dot).toLongLong());
    const QString fraction = dot < 0 ? QString() : locale.decimalPoint() + digits.mid(dot + 1).toString();
    // Where the locale puts the symbol: "$1" in English, "1 $" (no-break space) in German. The C locale's
    // "1$" and the accounting "($1)" of some locales are not wanted here.
    QString pattern = QStringLiteral("$%1");
    if (locale.language() != QLocale::C) {
        pattern = locale.toCurrencyString(1.0, QStringLiteral("$"), 0);
        pattern.replace(u'1', QStringLiteral("%1"));
    }
    return (negative ? QStringLiteral("-") : QString()) + pattern.arg(whole + fraction);
}

int decimalsFor(qint64 largestMicros)
{
    return largestMicros < 10 * kMicrosPerUsd ? 4 : 2;
}

QString formatUsdForDisplay(qint64 micros, const QLocale &locale)
{
    const bool belowOneDollar = micros > -kMicrosPerUsd && micros < kMicrosPerUsd;
    return formatUsd(micros, locale, belowOneDollar && micros != 0 ? 4 : 2);
}

} // namespace Burnrate::Money
