// Qt gives a header sorted from the highest value down QStyleOptionHeader::SortUp, and Fusion draws that
// as an arrow pointing up: "Cost ▲" over a list whose most expensive row is first, the opposite of what
// GTK, Windows and macOS lists show. This proxy draws Fusion's header arrows the other way round: down for
// highest first. Other styles are left as they are.
#pragma once

#include <QProxyStyle>

namespace Burnrate::Widgets {

class SortArrowStyle : public QProxyStyle
{
public:
    using QProxyStyle::QProxyStyle;

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget = nullptr) const override;

    // Wraps the application's style in this proxy when it is Fusion. Call once, after QApplication exists.
    static void install();
};

} // namespace Burnrate::Widgets
