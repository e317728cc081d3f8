// A KPI tile of the Overview: a caption, one big value and a sub-line, optionally highlighted to ask for
// attention (calls without a price). GUI thread.
#pragma once

#include <QFrame>

class QLabel;

namespace Burnrate::Widgets {

class KpiTile : public QFrame
{
    Q_OBJECT
public:
    explicit KpiTile(const QString &caption, QWidget *parent = nullptr);

    void setValue(const QString &value);
    void setSubText(const QString &text);
    void setHighlighted(bool highlighted);

    QString caption() const;
    QString value() const;
    QString subText() const;
    bool isHighlighted() const { return m_highlighted; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QLabel *m_caption = nullptr;
    QLabel *m_value = nullptr;
    QLabel *m_subText = nullptr;
    bool m_highlighted = false;
};

} // namespace Burnrate::Widgets
