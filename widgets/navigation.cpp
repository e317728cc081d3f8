#include "navigation.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace Burnrate::Widgets {

namespace {

// Draws `page` in a 24 × 24 box.
void draw(QPainter &p, Page page, const QColor &color)
{
    QPen pen(color, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    switch (page) {
    case Page::Overview: // bars
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawRoundedRect(QRectF(3, 12, 4, 9), 1, 1);
        p.drawRoundedRect(QRectF(10, 5, 4, 16), 1, 1);
        p.drawRoundedRect(QRectF(17, 9, 4, 12), 1, 1);
        break;
    case Page::Explore: // magnifier
        p.drawEllipse(QRectF(3, 3, 13, 13));
        p.setPen(QPen(color, 3, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(15, 15), QPointF(21, 21));
        break;
    case Page::Budgets: { // pie with a slice taken
        p.drawEllipse(QRectF(3, 4, 17, 17));
        QPainterPath slice;
        slice.moveTo(13.5, 10.5);
        slice.arcTo(QRectF(5, 2, 17, 17), 90, -90);
        slice.closeSubpath();
        p.setBrush(color);
        p.drawPath(slice);
        break;
    }
    case Page::Alerts: { // bell
        QPainterPath bell;
        bell.moveTo(5, 17);
        bell.lineTo(19, 17);
        bell.cubicTo(17, 15, 17.5, 13, 17.5, 10);
        bell.cubicTo(17.5, 6.5, 15, 4, 12, 4);
        bell.cubicTo(9, 4, 6.5, 6.5, 6.5, 10);
        bell.cubicTo(6.5, 13, 7, 15, 5, 17);
        p.drawPath(bell);
        p.drawLine(QPointF(10, 20.5), QPointF(14, 20.5));
        break;
    }
    case Page::Sources: // arrow into a tray
        p.drawLine(QPointF(12, 3), QPointF(12, 14));
        p.drawPolyline(QPolygonF({QPointF(8, 10), QPointF(12, 14), QPointF(16, 10)}));
        p.drawPolyline(QPolygonF({QPointF(4, 14), QPointF(4, 20), QPointF(20, 20), QPointF(20, 14)}));
        break;
    case Page::Reconciliation: { // a balance: a post, a beam and two pans
        p.drawLine(QPointF(12, 4), QPointF(12, 20));
        p.drawLine(QPointF(8, 20), QPointF(16, 20));
        p.drawLine(QPointF(4, 7), QPointF(20, 7));
        for (const qreal x : {4.0, 20.0}) {
            p.drawPolyline(QPolygonF({QPointF(x - 3, 14), QPointF(x, 7), QPointF(x + 3, 14)}));
            QPainterPath pan;
            pan.moveTo(x - 3.5, 14);
            pan.arcTo(QRectF(x - 3.5, 11, 7, 6), 180, 180);
            p.drawPath(pan);
        }
        break;
    }
    case Page::KillSwitch: // power symbol
        p.drawArc(QRectF(4, 5, 16, 16), 120 * 16, -240 * 16);
        p.drawLine(QPointF(12, 3), QPointF(12, 12));
        break;
    case Page::Calls: // a list
        for (const qreal y : {6.0, 12.0, 18.0}) {
            p.drawPoint(QPointF(4.5, y));
            p.drawLine(QPointF(9, y), QPointF(20, y));
        }
        break;
    case Page::Sessions: // a clock
        p.drawEllipse(QRectF(3.5, 3.5, 17, 17));
        p.drawPolyline(QPolygonF({QPointF(12, 7), QPointF(12, 12), QPointF(16, 14)}));
        break;
    }
}

} // namespace

QIcon pageIcon(Page page, const QColor &color)
{
    QIcon icon;
    for (int size : {24, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 24.0, size / 24.0);
        draw(painter, page, color);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace Burnrate::Widgets
