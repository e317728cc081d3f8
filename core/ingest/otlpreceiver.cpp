#include "otlpreceiver.h"

#include "common/logging.h"
#include "common/timeutil.h"
#include "httpparser.h"
#include "ingest.h"
#include "otlpcodec.h"
#include "pricing/pricetable.h"
#include "storage/storagewriter.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QMutex>
#include <QPointer>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <atomic>

namespace Burnrate::Ingest {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::Ingest)
};

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

// google.rpc.Code for the HTTP status we answer with.
int grpcCode(int status)
{
    switch (status) {
    case 401:
        return 16; // UNAUTHENTICATED
    case 404:
        return 5; // NOT_FOUND
    case 405:
    case 501:
        return 12; // UNIMPLEMENTED
    case 413:
        return 8; // RESOURCE_EXHAUSTED
    case 503:
        return 14; // UNAVAILABLE
    default:
        return 3; // INVALID_ARGUMENT
    }
}

constexpr int kIdleTimeoutMs = 120'000;
constexpr int kMaxConnections = 256;

} // namespace

class OtlpReceiver::Worker : public QObject
{
public:
    Worker(OtlpReceiver *owner, Options options, Storage::StorageWriter *writer,
           std::shared_ptr<const Pricing::PriceTable> prices)
        : m_owner(owner)
        , m_options(std::move(options))
        , m_writer(writer)
        , m_prices(std::move(prices))
        , m_normalizer(Normalizer::Options{m_options.source, m_options.keepContent})
    {}

    // --- receiver thread ---
    bool listen(Error *error)
    {
        m_server = new QTcpServer(this);
        m_server->setMaxPendingConnections(kMaxConnections);
        if (!m_server->listen(m_options.address, m_options.port)) {
            *error = {Error::Code::Io, Tr::tr("cannot listen for OpenTelemetry on %1:%2: %3")
                                           .arg(m_options.address.toString())
                                           .arg(m_options.port)
                                           .arg(m_server->errorString())};
            return false;
        }
        m_port = m_server->serverPort();
        QObject::connect(m_server, &QTcpServer::newConnection, this, [this] { acceptConnections(); });
        return true;
    }

    void closeServer()
    {
        if (m_server)
            m_server->close();
        m_stopping = true;
    }

    void closeConnections()
    {
        const auto sockets = findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets) {
            socket->flush(); // an answer written just before stop() is still sent
            socket->abort();
        }
    }

    void acceptConnections();

    // --- any thread ---
    std::shared_ptr<const Pricing::PriceTable> prices() const
    {
        QMutexLocker lock(&m_mutex);
        return m_prices;
    }
    void setPrices(std::shared_ptr<const Pricing::PriceTable> prices)
    {
        QMutexLocker lock(&m_mutex);
        m_prices = std::move(prices);
    }
    ReceiverStats stats() const
    {
        QMutexLocker lock(&m_mutex);
        return m_stats;
    }
    void recordFailure(int status, const QString &message)
    {
        {
            QMutexLocker lock(&m_mutex);
            ++m_stats.requestsFailed;
            m_stats.lastError = message;
            m_stats.lastErrorAtNs = Time::nowNs();
        }
        qCWarning(lcIngest).noquote() << "OTLP request answered" << status << "-" << message;
        Q_EMIT m_owner->requestFailed(status, message);
    }
    void recordBatch(int spans, int rejected, int stored)
    {
        {
            QMutexLocker lock(&m_mutex);
            ++m_stats.requests;
            m_stats.spansReceived += spans;
            m_stats.spansRejected += rejected;
            m_stats.eventsStored += stored;
        }
        Q_EMIT m_owner->batchStored(spans, stored);
    }

    OtlpReceiver *m_owner;
    Options m_options;
    Storage::StorageWriter *m_writer;
    mutable QMutex m_mutex;
    std::shared_ptr<const Pricing::PriceTable> m_prices;
    ReceiverStats m_stats;
    Normalizer m_normalizer;
    QTcpServer *m_server = nullptr;
    QThread m_thread;
    std::atomic<quint16> m_port{0};
    std::atomic<int> m_inFlight{0}; // batches handed to the writer and not yet answered
    bool m_stopping = false;
};

namespace {

// One client connection; lives on the receiver thread. Handles one request at a time: while a batch
// waits for its commit, further pipelined bytes stay buffered.
class Connection : public QObject
{
public:
    Connection(QTcpSocket *socket, OtlpReceiver::Worker *worker)
        : QObject(socket)
        , m_socket(socket)
        , m_worker(worker)
        , m_parser(worker->m_options.maxBodyBytes)
    {
        m_idle.setSingleShot(true);
        m_idle.setInterval(kIdleTimeoutMs);
        QObject::connect(&m_idle, &QTimer::timeout, this, [this] { m_socket->disconnectFromHost(); });
        QObject::connect(socket, &QTcpSocket::readyRead, this, [this] { onReadyRead(); });
        QObject::connect(socket, &QTcpSocket::disconnected, this, [this] { onDisconnected(); });
        m_idle.start();
    }

private:
    void onReadyRead()
    {
        m_buffer += m_socket->readAll();
        m_idle.start();
        process();
    }

    void onDisconnected()
    {
        m_closed = true;
        if (!m_waiting)
            m_socket->deleteLater(); // takes this Connection with it
    }

    void process()
    {
        // What a body leaves behind is freed: 64 connections kept 21 MB of it.
        const auto trim = qScopeGuard([this] {
            if (m_buffer.isEmpty())
                m_buffer = QByteArray();
        });
        while (!m_waiting && !m_closing) {
            switch (m_parser.feed(m_buffer)) {
            case HttpRequestParser::Status::NeedMore:
                return;
            case HttpRequestParser::Status::Failed:
                fail(m_parser.errorStatus(), m_parser.errorMessage(), /*close=*/true);
                return;
            case HttpRequestParser::Status::HeadersComplete:
                if (!checkHeaders(m_parser.request()))
                    return;
                if (m_parser.request().header("expect").toLower() == "100-continue")
                    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                break;
            case HttpRequestParser::Status::Complete:
                handle(m_parser.takeRequest());
                m_parser.reset();
                break;
            }
        }
    }

    // Rejects what can be rejected before reading the body. Answers and closes on failure.
    bool checkHeaders(const HttpRequest &request)
    {
        m_protobuf = false;
        m_keepAlive = request.keepAlive();
        if (request.path != "/v1/traces") {
            const QString message =
                request.path == "/v1/metrics" || request.path == "/v1/logs"
                    ? Tr::tr("Burnrate receives traces only; send metrics and logs elsewhere")
                    : Tr::tr("no such endpoint; send OTLP traces to /v1/traces");
            fail(404, message, true);
            return false;
        }
        if (request.method != "POST") {
            fail(405, Tr::tr("use POST to send traces"), true, {{"Allow", "POST"}});
            return false;
        }
        const QString &token = m_worker->m_options.bearerToken;
        if (!token.isEmpty()) {
            const QByteArray expected = "Bearer " + token.toUtf8();
            if (request.header("authorization") != expected) {
                fail(401, Tr::tr("a valid bearer token is required (Authorization: Bearer <token>)"), true,
                     {{"WWW-Authenticate", "Bearer"}});
                return false;
            }
        }
        const QByteArray contentType = request.header("content-type").split(';').value(0).trimmed().toLower();
        if (contentType == "application/x-protobuf") {
            m_protobuf = true;
        } else if (contentType != "application/json") {
            fail(415,
                 Tr::tr("content type '%1' is not supported; use application/json or application/x-protobuf")
                     .arg(QString::fromLatin1(contentType)),
                 true);
            return false;
        }
        const QByteArray encoding = request.header("content-encoding").trimmed().toLower();
        if (!encoding.isEmpty() && encoding != "identity" && encoding != "gzip" && encoding != "deflate") {
            fail(415,
                 Tr::tr("content encoding '%1' is not supported; use gzip, deflate or none")
                     .arg(QString::fromLatin1(encoding)),
                 true);
            return false;
        }
        return true;
    }

    void handle(HttpRequest request)
    {
        Storage::StorageWriter *writer = m_worker->m_writer;
        if (writer->pendingEvents() > writer->maxPendingEvents()) {
            fail(503, Tr::tr("Burnrate is busy writing earlier batches; retry shortly"), false,
                 {{"Retry-After", "1"}});
            return;
        }
        QByteArray body = std::move(request.body);
        const QByteArray encoding = request.header("content-encoding").trimmed().toLower();
        if (encoding == "gzip" || encoding == "deflate") {
            bool tooLarge = false;
            Error error;
            std::optional<QByteArray> inflated =
                gunzip(body, m_worker->m_options.maxBodyBytes, &tooLarge, &error);
            if (!inflated) {
                fail(tooLarge ? 413 : 400, error.message, tooLarge);
                return;
            }
            body = std::move(*inflated);
        }

        Error error;
        const std::shared_ptr<const Pricing::PriceTable> prices = m_worker->prices();
        std::optional<IngestOutcome> outcome = ingestTraces(
            body, m_protobuf ? Encoding::Protobuf : Encoding::Json, m_worker->m_normalizer, *prices, &error);
        if (!outcome) {
            fail(400, error.message, false);
            return;
        }
        Storage::WriteBatch write{std::move(outcome->events), std::move(outcome->attributionUpdates),
                                  std::move(outcome->traceSpans), std::move(outcome->traceSpanUpdates)};
        if (write.isEmpty()) {
            m_worker->recordBatch(outcome->spans, outcome->rejectedSpans, 0);
            answerSuccess(outcome->rejectedSpans, outcome->rejectionMessage);
            return;
        }

        m_waiting = true;
        ++m_worker->m_inFlight;
        const int spans = outcome->spans;
        const int rejected = outcome->rejectedSpans;
        const QString rejection = outcome->rejectionMessage;
        writer->submit(
            std::move(write), this, [this, spans, rejected, rejection](const Storage::WriteResult &result) {
                m_waiting = false;
                --m_worker->m_inFlight;
                if (result.error) {
                    fail(503, Tr::tr("the batch could not be stored: %1").arg(result.error.message), false,
                         {{"Retry-After", "5"}});
                } else {
                    m_worker->recordBatch(spans, rejected, result.inserted);
                    answerSuccess(rejected, rejection);
                }
                if (m_closed) {
                    m_socket->deleteLater();
                    return;
                }
                process();
            });
    }

    void answerSuccess(int rejected, const QString &message)
    {
        const QByteArray body =
            m_protobuf ? exportResponseProtobuf(rejected, message) : exportResponseJson(rejected, message);
        respond(200, body, !m_keepAlive);
    }

    void fail(int status, const QString &message, bool close, QList<QPair<QByteArray, QByteArray>> extra = {})
    {
        m_worker->recordFailure(status, message);
        const QByteArray body =
            m_protobuf ? statusProtobuf(grpcCode(status), message) : statusJson(grpcCode(status), message);
        respond(status, body, close || !m_keepAlive, extra);
    }

    void respond(int status, const QByteArray &body, bool close,
                 const QList<QPair<QByteArray, QByteArray>> &extra = {})
    {
        if (m_closed)
            return;
        QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
        head += "Content-Type: ";
        head += m_protobuf ? "application/x-protobuf" : "application/json";
        head += "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        for (const auto &[name, value] : extra)
            head += name + ": " + value + "\r\n";
        if (close)
            head += "Connection: close\r\n";
        head += "\r\n";
        m_socket->write(head + body);
        if (close) {
            m_closing = true;
            m_socket->disconnectFromHost(); // after the write is flushed
        }
    }

    QTcpSocket *m_socket;
    OtlpReceiver::Worker *m_worker;
    HttpRequestParser m_parser;
    QByteArray m_buffer;
    QTimer m_idle;
    bool m_protobuf = false;
    bool m_keepAlive = true;
    bool m_waiting = false; // a batch of this connection is with the writer
    bool m_closing = false;
    bool m_closed = false;
};

} // namespace

void OtlpReceiver::Worker::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_stopping) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        socket->setParent(this);
        new Connection(socket, this);
    }
}

OtlpReceiver::OtlpReceiver(Options options, Storage::StorageWriter *writer,
                           std::shared_ptr<const Pricing::PriceTable> prices, QObject *parent)
    : QObject(parent)
    , m_worker(std::make_unique<Worker>(this, std::move(options), writer, std::move(prices)))
{}

OtlpReceiver::~OtlpReceiver()
{
    stop();
}

bool OtlpReceiver::start(Error *error)
{
    Worker *worker = m_worker.get();
    worker->m_thread.setObjectName(QStringLiteral("otlp-receiver"));
    worker->moveToThread(&worker->m_thread);
    worker->m_thread.start();
    bool ok = false;
    Error listenError;
    QMetaObject::invokeMethod(
        worker, [&] { ok = worker->listen(&listenError); }, Qt::BlockingQueuedConnection);
    if (!ok) {
        worker->m_thread.quit();
        worker->m_thread.wait();
        if (error)
            *error = listenError;
        return false;
    }
    qCInfo(lcIngest).noquote() << "Receiving OpenTelemetry traces on" << endpoint();
    return true;
}

void OtlpReceiver::stop(int timeoutMs)
{
    Worker *worker = m_worker.get();
    if (!worker->m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->closeServer(); }, Qt::BlockingQueuedConnection);
    // Batches already with the writer are answered from the receiver thread once committed.
    QDeadlineTimer deadline(timeoutMs);
    while (worker->m_inFlight.load() > 0 && !deadline.hasExpired())
        QThread::msleep(5);
    if (worker->m_inFlight.load() > 0)
        qCWarning(lcIngest) << "Stopped with" << worker->m_inFlight.load() << "batches still unanswered";
    QMetaObject::invokeMethod(
        worker,
        [worker] {
            worker->closeConnections();
            delete worker->m_server;
            worker->m_server = nullptr;
            qDeleteAll(worker->findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly));
            worker->moveToThread(QCoreApplication::instance() ? QCoreApplication::instance()->thread()
                                                              : nullptr);
        },
        Qt::BlockingQueuedConnection);
    worker->m_thread.quit();
    worker->m_thread.wait();
}

quint16 OtlpReceiver::port() const
{
    return m_worker->m_port.load();
}

QString OtlpReceiver::endpoint() const
{
    QHostAddress address = m_worker->m_options.address;
    QString host = address.toString();
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        host = QStringLiteral("127.0.0.1");
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        host = u'[' + host + u']';
    return QStringLiteral("http://%1:%2/v1/traces").arg(host).arg(port());
}

ReceiverStats OtlpReceiver::stats() const
{
    return m_worker->stats();
}

void OtlpReceiver::setPrices(std::shared_ptr<const Pricing::PriceTable> prices)
{
    m_worker->setPrices(std::move(prices));
}

bool OtlpReceiver::parseListenAddress(const QString &text, QHostAddress *address, quint16 *port, Error *error)
{
    const qsizetype colon = text.lastIndexOf(u':');
    bool ok = false;
    const uint p = colon < 0 ? 0 : text.mid(colon + 1).toUInt(&ok);
    QString host = colon < 0 ? QString() : text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    QHostAddress parsed;
    if (host == u"localhost")
        parsed = QHostAddress::LocalHost;
    else
        parsed = QHostAddress(host);
    if (!ok || p > 65535 || parsed.isNull()) {
        if (error)
            *error = {Error::Code::InvalidInput,
                      Tr::tr("listen address '%1' is not HOST:PORT (for example 127.0.0.1:4318)").arg(text)};
        return false;
    }
    *address = parsed;
    *port = quint16(p);
    return true;
}

} // namespace Burnrate::Ingest
