// Time helpers. Event times are qint64 Unix nanoseconds and never pass through double.
#pragma once

#include "error.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace Burnrate::Time {

constexpr qint64 kNanosPerSecond = 1'000'000'000;
constexpr qint64 kNanosPerMinute = 60 * kNanosPerSecond;
constexpr qint64 kNanosPerHour = 3600 * kNanosPerSecond;
// rollup_quarter's unit: the offsets of the zones in use today, and their clock changes, are multiples of it.
constexpr qint64 kNanosPerQuarterHour = 900 * kNanosPerSecond;

// a / b rounded towards minus infinity: the hour or day a time falls in, before 1970 too.
constexpr qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

qint64 nowNs();
qint64 toNs(const QDateTime &dt);
QDateTime fromNs(qint64 ns, const QTimeZone &zone);
// "2026-11-24T20:43:00.123Z" — UTC, milliseconds.
QString toIsoUtc(qint64 ns);

// Parses what users type for --since/--until: ISO 8601 dates and date-times (local time unless a zone
// is given), relative ages counted back from `nowNs` ("90m", "24h", "7d", "2w"), "now", "today" and
// "yesterday" (local midnight).
std::optional<qint64> parseTimeArgument(const QString &text, qint64 nowNs, Error *error);

} // namespace Burnrate::Time
