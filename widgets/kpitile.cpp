#include "kpitile.h"

#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

namespace Burnrate::Widgets {

namespace {

const QColor kHighlight(0xc2, 0x6a, 0x0a); // amber: needs a look, not an alarm

} // namespace

KpiTile::KpiTile(const QString &caption, QWidget *parent)
    : QFrame(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 9, 12, 9);
    layout->setSpacing(2);

    m_caption = new QLabel(caption, this);
    m_caption->setObjectName(QStringLiteral("caption"));
    QPalette muted = m_caption->palette();
    muted.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
    m_caption->setPalette(muted);

    m_value = new QLabel(this);
    m_value->setObjectName(QStringLiteral("value"));
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.55);
    big.setWeight(QFont::DemiBold);
    m_value->setFont(big);
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_subText = new QLabel(this);
    m_subText->setObjectName(QStringLiteral("subText"));
    m_subText->setPalette(muted);
    m_subText->setWordWrap(true); // "projected $1,482.70 by Nov 30" may take two lines in a narrow tile
    QFont small = m_subText->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_subText->setFont(small);
    m_caption->setFont(small);

    layout->addWidget(m_caption);
    layout->addWidget(m_value);
    layout->addWidget(m_subText);
    layout->addStretch(1);
}

void KpiTile::setValue(const QString &value)
{
    m_value->setText(value);
}

void KpiTile::setSubText(const QString &text)
{
    m_subText->setText(text);
}

void KpiTile::setHighlighted(bool highlighted)
{
    if (highlighted == m_highlighted)
        return;
    m_highlighted = highlighted;
    QPalette p = palette();
    if (highlighted)
        p.setColor(QPalette::WindowText, kHighlight);
    m_value->setPalette(p);
    update();
}

QString KpiTile::caption() const
{
    return m_caption->text();
}

QString KpiTile::value() const
{
    return m_value->text();
}

QString KpiTile::subText() const
{
    return m_subText->text();
}

void KpiTile::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF box = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    const qreal width = m_highlighted ? 2 : 1;
    painter.setPen(QPen(m_highlighted ? kHighlight : palette().color(QPalette::Mid), width));
    painter.setBrush(palette().color(QPalette::Base));
    painter.drawRoundedRect(box.adjusted(width / 2 - 0.5, width / 2 - 0.5, 0.5 - width / 2, 0.5 - width / 2),
                            6, 6);
}

} // namespace Burnrate::Widgets
