// The OTLP/HTTP trace receiver (DESIGN.md §4.1): POST /v1/traces, JSON or protobuf, optional gzip.
// Answers 200 only after the batch is committed by the StorageWriter. Runs on its own thread: sockets,
// decoding and normalization never block the GUI. Public methods may be called from any thread.
#pragma once

#include "common/error.h"

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <memory>

namespace Burnrate::Pricing {
class PriceTable;
}
namespace Burnrate::Storage {
class StorageWriter;
}

namespace Burnrate::Ingest {

struct ReceiverStats
{
    qint64 requests = 0;
    qint64 spansReceived = 0;
    qint64 eventsStored = 0; // new billable calls committed
    qint64 spansRejected = 0;
    qint64 requestsFailed = 0; // answered with 4xx/5xx
    QString lastError;         // the last failure, in words
    qint64 lastErrorAtNs = 0;
};

class OtlpReceiver : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 4318;                    // 0 picks a free port
        QString bearerToken;                    // empty: no authentication
        qint64 maxBodyBytes = 64 * 1024 * 1024; // after decompression (OTLP's recommendation)
        bool keepContent = false;
        QString source = QStringLiteral("otlp");
    };

    OtlpReceiver(Options options, Storage::StorageWriter *writer,
                 std::shared_ptr<const Pricing::PriceTable> prices, QObject *parent = nullptr);
    ~OtlpReceiver() override;

    // Binds and starts serving on the receiver thread. Fails with a clear message (address in use, …).
    bool start(Error *error);
    // Stops accepting, answers every request already received once its batch is committed, then ends the
    // thread. Blocks until then (bounded by `timeoutMs`). Idempotent.
    void stop(int timeoutMs = 30'000);

    quint16 port() const;        // the bound port (useful with port 0)
    QString endpoint() const;    // "http://127.0.0.1:4318/v1/traces"
    ReceiverStats stats() const; // thread-safe snapshot

    // Prices used for the next batches (after the user edits prices.json). Thread-safe.
    void setPrices(std::shared_ptr<const Pricing::PriceTable> prices);

    static bool parseListenAddress(const QString &text, QHostAddress *address, quint16 *port, Error *error);

    class Worker; // implementation detail, public only so the connection handlers can reach it

Q_SIGNALS:
    // Emitted on the receiver thread.
    void batchStored(int spans, int events);
    void requestFailed(int httpStatus, const QString &message);

private:
    std::unique_ptr<Worker> m_worker;
};

} // namespace Burnrate::Ingest
