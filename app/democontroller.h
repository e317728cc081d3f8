// `burnrate --demo`: runs the simulated fleet (core/demo) against this process's own receiver, so demo
// data takes the real ingest path, and offers to stop it and clear what it stored. Main thread.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

namespace Burnrate::Demo {
class DemoSender;
}

namespace Burnrate::App {

class Service;

class DemoController : public QObject
{
    Q_OBJECT
public:
    // Sends to the service's receiver with its token, and follows it when the receiver is restarted.
    explicit DemoController(Service *service, QObject *parent = nullptr);
    ~DemoController() override;

    // seed 0: a random one. The first start on an empty database also sends a week of history.
    void start(quint64 seed);
    void stop();
    bool isRunning() const { return m_sender != nullptr; }
    // Deletes every event the demo stored (they carry source "demo") and rebuilds the rollups.
    void clearDemoData();

Q_SIGNALS:
    void runningChanged(bool running);
    void message(const QString &text); // failures and outcomes, for the status bar and the log
    void historyProgress(int percent); // DemoSender's: the week of history is being sent, 100 once it is

private:
    void startSender(quint64 seed, qint64 historyNs);

    Service *m_service;
    std::unique_ptr<Demo::DemoSender> m_sender;
    bool m_reportedFailure = false;
};

} // namespace Burnrate::App
