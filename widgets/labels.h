// Labels the screens share: muted explanatory text, and the error banner above a screen's content.
// GUI thread only.
#pragma once

#include <QString>

class QColor;
class QLabel;
class QWidget;

namespace Burnrate::Widgets {

// Word-wrapped text in the palette's placeholder colour.
QLabel *mutedLabel(const QString &text, QWidget *parent);
// A hidden, selectable, word-wrapped label in `color`, for a screen's "could not read" message.
QLabel *errorBanner(const QString &objectName, const QColor &color, QWidget *parent);

} // namespace Burnrate::Widgets
