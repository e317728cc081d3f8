#include "timeformat.h"

#include <QRegularExpression>

namespace Burnrate::Widgets {

QString shortTime(const QLocale &locale, QTime time)
{
    // Some locales' short format (C's "HH:mm:ss") still has seconds, which a minute or hour label never
    // needs.
    static const QRegularExpression seconds(QStringLiteral("[^a-zA-Z]*s+"));
    QString format = locale.timeFormat(QLocale::ShortFormat);
    format.remove(seconds);
    return locale.toString(time, format);
}

} // namespace Burnrate::Widgets
