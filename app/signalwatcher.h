// Turns SIGINT/SIGTERM into a Qt signal on the main thread (self-pipe), so shutdown runs as ordinary
// code: stop the receiver, let the writer drain, exit 0. The handlers are installed when it is made, before
// anything starts: a signal that arrives while the app starts waits until start().
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

    // Emits terminationRequested from here on, first for a signal that arrived before.
    void start();

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Burnrate::App
