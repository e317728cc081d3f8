#include "demosender.h"

#include "ingest/otlpcodec.h"

#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace Burnrate::Demo {

DemoSender::DemoSender(quint64 seed, Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_fleet(seed, now())
{
    // The receiver is Burnrate's own: never route the demo through a proxy from the environment.
    m_network.setProxy(QNetworkProxy::NoProxy);
    m_timer.setInterval(m_options.intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &DemoSender::tick);
}

qint64 DemoSender::now() const
{
    return m_options.clock ? m_options.clock() : Time::nowNs();
}

void DemoSender::start()
{
    if (m_running)
        return;
    m_running = true;
    m_timer.start();
    if (m_historyNextNs == 0) {
        m_historyStartNs = m_fleet.startNs() - std::max<qint64>(0, m_options.historyNs);
        m_historyNextNs = m_historyStartNs;
    }
    if (!m_historyInFlight)
        sendNextHistoryHour();
}

void DemoSender::stop()
{
    m_running = false;
    m_timer.stop();
}

void DemoSender::tick()
{
    // Live traces wait until the history is stored: until then the budget monitor would weigh the live
    // minutes against a trailing day that is still partly missing and see anomalies that are not there.
    // The fleet keeps its runs meanwhile; the first tick after the history sends them all.
    if (m_historyInFlight || m_historyNextNs < m_fleet.startNs())
        return;
    const Ingest::TraceBatch batch = m_fleet.step(now());
    if (batch.spanCount() > 0)
        post(batch);
}

// One hour at a time, each sent when the previous one is answered, so history never piles up in memory
// or in the receiver's queue.
void DemoSender::sendNextHistoryHour()
{
    while (m_running && m_historyNextNs < m_fleet.startNs()) {
        const qint64 from = m_historyNextNs;
        const qint64 to = std::min(m_fleet.startNs(), (from / Time::kNanosPerHour + 1) * Time::kNanosPerHour);
        m_historyNextNs = to;
        const Ingest::TraceBatch batch = m_fleet.backfill(from, to);
        if (batch.spanCount() > 0) {
            m_historyInFlight = true;
            post(batch, [this] {
                m_historyInFlight = false;
                sendNextHistoryHour();
            });
            // The share answered before this hour.
            Q_EMIT historyProgress(int(std::min<qint64>(99, (from - m_historyStartNs) * 100 /
                                                                (m_fleet.startNs() - m_historyStartNs))));
            return;
        }
    }
    if (m_running && !m_historyInFlight && !m_historyAnswered && m_historyStartNs < m_fleet.startNs()) {
        m_historyAnswered = true;
        Q_EMIT historyProgress(100);
    }
}

void DemoSender::post(const Ingest::TraceBatch &batch, std::function<void()> next)
{
    QNetworkRequest request(m_options.endpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-protobuf"));
    if (!m_options.bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_options.bearerToken.toUtf8());
    request.setTransferTimeout(60'000);
    QNetworkReply *reply = m_network.post(request, Ingest::encodeOtlpProtobuf(batch));
    const int spans = batch.spanCount();
    connect(reply, &QNetworkReply::finished, this, [this, reply, spans, next = std::move(next)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status / 100 == 2)
            Q_EMIT batchSent(spans);
        else
            Q_EMIT sendFailed(failureMessage(reply));
        if (next)
            next();
    });
}

QString DemoSender::failureMessage(QNetworkReply *reply) const
{
    const QString endpoint = m_options.endpoint.toDisplayString();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid()) {
        return tr("The receiver at %1 refused the demo traces (HTTP %2 %3).")
            .arg(endpoint, status.toString(),
                 reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    }
    return tr("The demo traces could not be sent to %1: %2").arg(endpoint, reply->errorString());
}

} // namespace Burnrate::Demo
