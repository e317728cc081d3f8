#include "sortarrowstyle.h"

#include <QApplication>
#include <QStyleOptionHeader>

namespace Burnrate::Widgets {

void SortArrowStyle::drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                                   const QWidget *widget) const
{
    if (element == PE_IndicatorHeaderArrow) {
        if (const auto *header = qstyleoption_cast<const QStyleOptionHeader *>(option)) {
            QStyleOptionHeader flipped(*header);
            if (header->sortIndicator == QStyleOptionHeader::SortUp)
                flipped.sortIndicator = QStyleOptionHeader::SortDown;
            else if (header->sortIndicator == QStyleOptionHeader::SortDown)
                flipped.sortIndicator = QStyleOptionHeader::SortUp;
            QProxyStyle::drawPrimitive(element, &flipped, painter, widget);
            return;
        }
    }
    QProxyStyle::drawPrimitive(element, option, painter, widget);
}

void SortArrowStyle::install()
{
    if (QApplication::style()->name().compare(u"fusion", Qt::CaseInsensitive) == 0)
        QApplication::setStyle(new SortArrowStyle(QStringLiteral("Fusion")));
}

} // namespace Burnrate::Widgets
