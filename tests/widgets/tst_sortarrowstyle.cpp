#include "sortarrowstyle.h"

#include <QHeaderView>
#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QStyleFactory>
#include <QStyleOptionHeader>
#include <QTableView>
#include <QTest>

using namespace Burnrate::Widgets;

namespace {

// The widths of the rows of the header arrow `style` draws for `indicator`, top to bottom.
QList<int> arrowRowWidths(QStyle *style, QStyleOptionHeader::SortIndicator indicator)
{
    QImage image(24, 24, QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    QStyleOptionHeader option;
    option.rect = image.rect();
    option.sortIndicator = indicator;
    option.state = QStyle::State_Enabled;
    QPainter painter(&image);
    style->drawPrimitive(QStyle::PE_IndicatorHeaderArrow, &option, &painter);
    painter.end();
    QList<int> widths;
    for (int y = 0; y < image.height(); ++y) {
        int width = 0;
        for (int x = 0; x < image.width(); ++x)
            width += qAlpha(image.pixel(x, y)) > 0;
        if (width > 0)
            widths.append(width);
    }
    return widths;
}

bool pointsDown(const QList<int> &widths)
{
    return widths.size() >= 3 && widths.first() > widths.last();
}

bool pointsUp(const QList<int> &widths)
{
    return widths.size() >= 3 && widths.first() < widths.last();
}

// Records the indicator a header asks its style to draw.
class RecordingStyle : public SortArrowStyle
{
public:
    using SortArrowStyle::SortArrowStyle;
    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget = nullptr) const override
    {
        if (const auto *header = qstyleoption_cast<const QStyleOptionHeader *>(option);
            header && element == PE_IndicatorHeaderArrow)
            indicators.append(header->sortIndicator);
        SortArrowStyle::drawPrimitive(element, option, painter, widget);
    }
    mutable QList<QStyleOptionHeader::SortIndicator> indicators;
};

} // namespace

class TestSortArrowStyle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fusionAloneDrawsSortUpUp();
    void proxyDrawsSortUpDown();
    void highestFirstAsksForSortUp();
};

// Why the proxy exists: plain Fusion draws SortUp as an arrow pointing up ...
void TestSortArrowStyle::fusionAloneDrawsSortUpUp()
{
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QVERIFY(fusion);
    QVERIFY(pointsUp(arrowRowWidths(fusion.get(), QStyleOptionHeader::SortUp)));
    QVERIFY(pointsDown(arrowRowWidths(fusion.get(), QStyleOptionHeader::SortDown)));
}

void TestSortArrowStyle::proxyDrawsSortUpDown()
{
    SortArrowStyle style(QStringLiteral("Fusion"));
    QVERIFY(pointsDown(arrowRowWidths(&style, QStyleOptionHeader::SortUp)));
    QVERIFY(pointsUp(arrowRowWidths(&style, QStyleOptionHeader::SortDown)));
}

// ... and a header sorted from the highest value down asks for SortUp: with the proxy, that points down.
void TestSortArrowStyle::highestFirstAsksForSortUp()
{
    RecordingStyle style(QStringLiteral("Fusion"));
    QStandardItemModel model(3, 2);
    QTableView view;
    view.horizontalHeader()->setStyle(&style);
    view.setModel(&model);
    view.setSortingEnabled(true);
    for (const Qt::SortOrder order : {Qt::DescendingOrder, Qt::AscendingOrder}) {
        view.sortByColumn(1, order);
        style.indicators.clear();
        view.horizontalHeader()->grab();
        QCOMPARE(style.indicators, QList<QStyleOptionHeader::SortIndicator>{
                                       order == Qt::DescendingOrder ? QStyleOptionHeader::SortUp
                                                                    : QStyleOptionHeader::SortDown});
    }
}

QTEST_MAIN(TestSortArrowStyle)
#include "tst_sortarrowstyle.moc"
