// What the Overview shows before any call was ever stored: where to send traces, a snippet to copy,
// and the demo. GUI thread.
#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Burnrate::Widgets {

class EmptyStatePage : public QWidget
{
    Q_OBJECT
public:
    // endpoint: the OTLP/HTTP traces URL the receiver listens on.
    explicit EmptyStatePage(const QString &endpoint, QWidget *parent = nullptr);

    // The receiver moved, or now wants a token (the snippet then sends one from BURNRATE_OTLP_TOKEN).
    void setEndpoint(const QString &endpoint, bool tokenRequired);
    // Without a demo engine connected the demo is not offered.
    void setDemoAvailable(bool available);
    QString snippet() const;

Q_SIGNALS:
    void demoRequested();

private:
    QLabel *m_intro = nullptr;
    QPlainTextEdit *m_snippet = nullptr;
    QPushButton *m_copy = nullptr;
    QLabel *m_demoText = nullptr;
    QPushButton *m_demo = nullptr;
};

} // namespace Burnrate::Widgets
