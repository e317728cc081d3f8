// Short clock times for labels: the locale's short time format without seconds ("14:05", "2:05 PM").
#pragma once

#include <QLocale>
#include <QTime>

namespace Burnrate::Widgets {

QString shortTime(const QLocale &locale, QTime time);

} // namespace Burnrate::Widgets
