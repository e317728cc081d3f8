// The main window's screens and their sidebar icons, drawn here so they look the same without an icon
// theme (the desktop's theme may have none). GUI thread.
#pragma once

#include <QColor>
#include <QIcon>

namespace Burnrate::Widgets {

enum class Page { Overview, Explore, Calls, Sessions, Budgets, Alerts, Sources, Reconciliation, KillSwitch };
inline constexpr int kPageCount = 9;

QIcon pageIcon(Page page, const QColor &color);

} // namespace Burnrate::Widgets
