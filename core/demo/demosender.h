// Drives the demo fleet: every interval it steps the DemoFleet and POSTs the finished traces as OTLP
// protobuf to Burnrate's own receiver, so demo data takes the real ingest path. Optionally sends the
// fleet's history first, oldest hour first, and the live traces only after all of it. Lives on the GUI thread
// (QNetworkAccessManager, QTimer).
#pragma once

#include "demofleet.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <functional>

class QNetworkReply;

namespace Burnrate::Demo {

class DemoSender : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QUrl endpoint;                 // the receiver, e.g. http://127.0.0.1:4318/v1/traces
        QString bearerToken;           // the receiver's token, if it has one
        int intervalMs = 1000;         // how often the fleet is stepped
        qint64 historyNs = 0;          // this much history before the start is sent first (backfill)
        std::function<qint64()> clock; // Unix nanoseconds; the system clock when empty
    };

    // The fleet starts (and its anomaly schedule counts) from the clock's time at construction.
    DemoSender(quint64 seed, Options options, QObject *parent = nullptr);

    DemoFleet &fleet() { return m_fleet; }

    void start();
    void stop(); // no more batches; requests already sent still report their outcome

Q_SIGNALS:
    void batchSent(int spans); // the receiver accepted a batch (history or live)
    // An hour of the history is sent: the share of it answered before, then 100 once it is all answered.
    void historyProgress(int percent);
    void sendFailed(const QString &message);

private:
    qint64 now() const;
    void tick();
    void sendNextHistoryHour();
    void post(const Ingest::TraceBatch &batch, std::function<void()> next = {});
    QString failureMessage(QNetworkReply *reply) const;

    Options m_options;
    DemoFleet m_fleet;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    qint64 m_historyNextNs = 0; // the next history hour to send (0: not started); done at the fleet's start
    qint64 m_historyStartNs = 0;
    bool m_historyAnswered = false; // historyProgress(100) is said
    bool m_historyInFlight = false;
    bool m_running = false;
};

} // namespace Burnrate::Demo
