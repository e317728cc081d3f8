// Money is qint64 micro-USD everywhere. This is the one place that converts and formats it.
#pragma once

#include <QLocale>
#include <QString>
#include <optional>

namespace Burnrate::Money {

constexpr qint64 kMicrosPerUsd = 1'000'000;

// Rounds half away from zero; for values a source reports in dollars as a floating-point number.
qint64 microsFromUsd(double usd);

// Parses a plain decimal string ("123.45", "-0.5", "7") exactly, scaled by 10^-scaleDigits:
// parseDecimalMicros("123.45", 2) reads cents and returns 1'234'500 micro-USD. Rounds half away from
// zero beyond micro precision. Returns nullopt for anything that is not a plain decimal or overflows.
std::optional<qint64> parseDecimalMicros(QStringView text, int scaleDigits = 0);

// "12.345678" — exact, six decimals, '.' separator, for machine output (JSON, CSV).
QString toDecimalString(qint64 micros, int decimals = 6);

// "$12.35" / "$0.0042" — for people: two decimals, more (up to four significant) below one cent.
QString formatUsd(qint64 micros);

// "$1,234.57" / "1.234,57 $"-style grouping and decimal point of `locale`, exactly `decimals` places
// (rounded half away from zero). For tables, where a column shares one precision.
QString formatUsd(qint64 micros, const QLocale &locale, int decimals);

// The precision a column of amounts needs: 4 places while the largest is under $10, else 2.
int decimalsFor(qint64 largestMicros);

// One amount for people in `locale` (a tile, a cell of its own, a sentence): cents from $1 up, where the
// figure is compared with round limits; four places below, which show what a few cents are made of;
// "$0.00" for nothing.
QString formatUsdForDisplay(qint64 micros, const QLocale &locale);

} // namespace Burnrate::Money
