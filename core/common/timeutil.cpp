#include "timeutil.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTimeZone>

namespace Burnrate::Time {

qint64 nowNs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1'000'000;
}

qint64 toNs(const QDateTime &dt)
{
    return dt.toMSecsSinceEpoch() * 1'000'000;
}

QDateTime fromNs(qint64 ns, const QTimeZone &zone)
{
    // Floor division so times before 1970 land in the right millisecond.
    qint64 ms = ns / 1'000'000;
    if (ns % 1'000'000 < 0)
        --ms;
    return QDateTime::fromMSecsSinceEpoch(ms, zone);
}

QString toIsoUtc(qint64 ns)
{
    // toUTC(): a date-time in the UTC *zone* prints "+00:00"; Qt::UTC prints the promised "Z".
    return fromNs(ns, QTimeZone::utc()).toUTC().toString(Qt::ISODateWithMs);
}

std::optional<qint64> parseTimeArgument(const QString &text, qint64 now, Error *error)
{
    const QString t = text.trimmed();
    if (t == u"now")
        return now;
    if (t == u"today" || t == u"yesterday") {
        QDateTime local = fromNs(now, QTimeZone::systemTimeZone());
        QDate day = local.date();
        if (t == u"yesterday")
            day = day.addDays(-1);
        return toNs(day.startOfDay());
    }
    static const QRegularExpression relative(QStringLiteral("^(\\d+)\\s*(m|min|h|d|w)$"));
    if (const auto m = relative.match(t); m.hasMatch()) {
        bool ok = false; // false also when the count overflows
        const qint64 n = m.captured(1).toLongLong(&ok);
        const QString unit = m.captured(2);
        const qint64 seconds = unit == u"w" ? 7 * 86400 : unit == u"d" ? 86400 : unit == u"h" ? 3600 : 60;
        constexpr qint64 kCenturySeconds = qint64(100) * 366 * 86400; // beyond that it is a typo
        if (!ok || n > kCenturySeconds / seconds) {
            if (error)
                *error = {Error::Code::InvalidInput,
                          QCoreApplication::translate("Burnrate::Time", "time '%1' is too far back").arg(t)};
            return std::nullopt;
        }
        return now - n * seconds * kNanosPerSecond;
    }
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(t, Qt::ISODate);
    // A bare date whose local midnight does not exist (a DST jump at 00:00) starts when the day does.
    // Only a bare date: QDate's parser ignores whatever follows the first ten characters.
    if (!dt.isValid() && t.size() == 10) {
        const QDate d = QDate::fromString(t, Qt::ISODate);
        if (d.isValid())
            dt = d.startOfDay();
    }
    if (!dt.isValid()) {
        if (error)
            *error = {Error::Code::InvalidInput,
                      QCoreApplication::translate("Burnrate::Time",
                                                  "cannot read time '%1' (use ISO 8601 such as 2026-11-24 or "
                                                  "2026-11-24T08:00:00Z, or an age such as 24h or 7d)")
                          .arg(t)};
        return std::nullopt;
    }
    return toNs(dt);
}

} // namespace Burnrate::Time
