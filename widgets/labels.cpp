#include "labels.h"

#include <QColor>
#include <QLabel>
#include <QPalette>

namespace Burnrate::Widgets {

QLabel *mutedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    QPalette muted = label->palette();
    muted.setColor(QPalette::WindowText, parent->palette().color(QPalette::PlaceholderText));
    label->setPalette(muted);
    return label;
}

QLabel *errorBanner(const QString &objectName, const QColor &color, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setContentsMargins(16, 8, 16, 0);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, color);
    label->setPalette(palette);
    label->hide();
    return label;
}

} // namespace Burnrate::Widgets
