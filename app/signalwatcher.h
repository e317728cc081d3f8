// Turns SIGINT/SIGTERM into a Qt signal on the main thread (self-pipe), so shutdown runs as ordinary
// code: stop the receiver, let the writer drain, exit 0.
#pragma once

#include <QObject>

class QSocketNotifier;

namespace Burnrate::App {

class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Burnrate::App
