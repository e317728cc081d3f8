// The OTLP/HTTP receiver over real loopback HTTP, with the real storage writer behind it.
#include "ingest/otlpcodec.h"
#include "ingest/otlpreceiver.h"
#include "pricing/pricetable.h"
#include "storage/database.h"
#include "storage/storagewriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <zlib.h>

using namespace Burnrate;

namespace {

struct Response
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // lowercase names
    QByteArray body;
    bool closed = false; // the server closed the connection after answering
};

// One chat span (billable) with the given ids; `spanId` may be invalid to provoke a rejection.
QByteArray chatSpanJson(const QByteArray &traceId, const QByteArray &spanId, int inputTokens = 1000)
{
    return R"({"traceId":")" + traceId + R"(","spanId":")" + spanId +
           R"(","name":"chat gpt-4.1","kind":3,"startTimeUnixNano":"1787220900000000000",)"
           R"("endTimeUnixNano":"1787220901000000000","attributes":[)"
           R"({"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},)"
           R"({"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},)"
           R"({"key":"gen_ai.response.model","value":{"stringValue":"gpt-4.1"}},)"
           R"({"key":"gen_ai.agent.id","value":{"stringValue":"receiver-test"}},)"
           R"({"key":"gen_ai.usage.input_tokens","value":{"intValue":")" +
           QByteArray::number(inputTokens) +
           R"("}},)"
           R"({"key":"gen_ai.usage.output_tokens","value":{"intValue":"100"}}]})";
}

QByteArray bodyWithSpans(const QList<QByteArray> &spans)
{
    QByteArray joined;
    for (const QByteArray &s : spans)
        joined += (joined.isEmpty() ? "" : ",") + s;
    return R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"t"}}]},)"
           R"("scopeSpans":[{"scope":{"name":"test"},"spans":[)" +
           joined + "]}]}]}";
}

QByteArray gzip(const QByteArray &data)
{
    z_stream s{};
    deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&s, uLong(data.size())) + 32), Qt::Uninitialized);
    s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    s.avail_in = uInt(data.size());
    s.next_out = reinterpret_cast<Bytef *>(out.data());
    s.avail_out = uInt(out.size());
    deflate(&s, Z_FINISH);
    out.truncate(qsizetype(s.total_out));
    deflateEnd(&s);
    return out;
}

QByteArray request(const QByteArray &body, const QByteArray &contentType = "application/json",
                   const QList<QByteArray> &extraHeaders = {}, const QByteArray &method = "POST",
                   const QByteArray &path = "/v1/traces")
{
    QByteArray r = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!contentType.isEmpty())
        r += "Content-Type: " + contentType + "\r\n";
    for (const QByteArray &h : extraHeaders)
        r += h + "\r\n";
    if (!extraHeaders.join().toLower().contains("transfer-encoding"))
        r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return r + "\r\n" + body;
}

// Reads one HTTP response (Content-Length framed) from the socket; skips a 100 Continue.
Response readResponse(QTcpSocket &socket, QByteArray &pending)
{
    Response response;
    QDeadlineTimer deadline(10'000);
    while (!deadline.hasExpired()) {
        const qsizetype headerEnd = pending.indexOf("\r\n\r\n");
        if (headerEnd >= 0) {
            const QList<QByteArray> lines = pending.left(headerEnd).split('\n');
            response.status = lines.value(0).split(' ').value(1).toInt();
            response.headers.clear();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                response.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                        lines[i].mid(colon + 1).trimmed());
            }
            if (response.status == 100) {
                pending.remove(0, headerEnd + 4);
                continue;
            }
            const qsizetype length = response.headers.value("content-length").toLongLong();
            if (pending.size() >= headerEnd + 4 + length) {
                response.body = pending.mid(headerEnd + 4, length);
                pending.remove(0, headerEnd + 4 + length);
                if (response.headers.value("connection") == "close") {
                    socket.waitForDisconnected(5000);
                    response.closed = socket.state() == QAbstractSocket::UnconnectedState;
                }
                return response;
            }
        }
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            break;
        socket.waitForReadyRead(100);
        pending += socket.readAll();
    }
    return response;
}

} // namespace

class TestOtlpReceiver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void jsonBatchIsCommittedBeforeTheAnswer();
    void protobufBatch();
    void gzipBody();
    void partialSuccessCountsRejectedSpans();
    void sameBatchTwiceIsStoredOnce();
    void errors_data();
    void errors();
    void protobufErrorsAreProtobufStatus();
    void bodyOverLimitAfterDecompression();
    void bearerToken();
    void saturatedWriterAnswers503();
    void keepAliveAndPipelining();
    void chunkedWithExpectContinue();
    void stopAnswersWhatWasReceived();
    void listenErrors();

private:
    void startReceiver(Ingest::OtlpReceiver::Options options = {});
    Response send(const QByteArray &raw);
    qint64 storedEvents();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage::StorageWriter> m_writer;
    std::unique_ptr<Ingest::OtlpReceiver> m_receiver;
};

void TestOtlpReceiver::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_writer = std::make_unique<Storage::StorageWriter>(m_dir->filePath(QStringLiteral("db.sqlite")));
    Error error;
    QVERIFY2(m_writer->start(&error), qPrintable(error.message));
}

void TestOtlpReceiver::cleanup()
{
    m_receiver.reset();
    m_writer.reset();
    m_dir.reset();
}

void TestOtlpReceiver::startReceiver(Ingest::OtlpReceiver::Options options)
{
    options.port = 0;
    Error error;
    auto prices = Pricing::PriceTable::loadShipped(&error);
    QVERIFY2(prices, qPrintable(error.message));
    m_receiver = std::make_unique<Ingest::OtlpReceiver>(options, m_writer.get(), prices);
    QVERIFY2(m_receiver->start(&error), qPrintable(error.message));
    QVERIFY(m_receiver->port() != 0);
}

Response TestOtlpReceiver::send(const QByteArray &raw)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_receiver->port());
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(raw);
    socket.flush();
    QByteArray pending;
    return readResponse(socket, pending);
}

qint64 TestOtlpReceiver::storedEvents()
{
    Error error;
    auto connection = Storage::Connection::open(m_dir->filePath(QStringLiteral("db.sqlite")),
                                                Storage::Connection::Mode::ReadOnly, &error);
    if (!connection)
        return -1;
    QSqlQuery q(connection->database());
    q.exec(QStringLiteral("SELECT COUNT(*) FROM usage_events"));
    return q.next() ? q.value(0).toLongLong() : -1;
}

void TestOtlpReceiver::jsonBatchIsCommittedBeforeTheAnswer()
{
    startReceiver();
    const QByteArray body =
        bodyWithSpans({chatSpanJson("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"),
                       chatSpanJson("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203332")});
    const Response r = send(request(body));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(r.body, QByteArray("{}"));
    // 200 means committed: the rows are readable by another connection right away.
    QCOMPARE(storedEvents(), 2);
    const Ingest::ReceiverStats stats = m_receiver->stats();
    QCOMPARE(stats.spansReceived, 2);
    QCOMPARE(stats.eventsStored, 2);
}

void TestOtlpReceiver::protobufBatch()
{
    startReceiver();
    Error error;
    const auto batch = Ingest::decodeOtlpJson(
        bodyWithSpans({chatSpanJson("1af7651916cd43dd8448eb211c80319c", "c7ad6b7169203331")}), &error);
    QVERIFY2(batch, qPrintable(error.message));
    const Response r = send(request(Ingest::encodeOtlpProtobuf(*batch), "application/x-protobuf"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/x-protobuf"));
    QCOMPARE(r.body, Ingest::exportResponseProtobuf(0, {}));
    QCOMPARE(storedEvents(), 1);
}

void TestOtlpReceiver::gzipBody()
{
    startReceiver();
    const QByteArray body =
        bodyWithSpans({chatSpanJson("2af7651916cd43dd8448eb211c80319c", "d7ad6b7169203331")});
    const Response r = send(request(gzip(body), "application/json", {"Content-Encoding: gzip"}));
    QCOMPARE(r.status, 200);
    QCOMPARE(storedEvents(), 1);
}

void TestOtlpReceiver::partialSuccessCountsRejectedSpans()
{
    startReceiver();
    const QByteArray body =
        bodyWithSpans({chatSpanJson("3af7651916cd43dd8448eb211c80319c", "e7ad6b7169203331"),
                       chatSpanJson("3af7651916cd43dd8448eb211c80319c", "not-hex!")});
    const Response r = send(request(body));
    QCOMPARE(r.status, 200);
    const QJsonObject partial =
        QJsonDocument::fromJson(r.body).object().value(QStringLiteral("partialSuccess")).toObject();
    QCOMPARE(partial.value(QStringLiteral("rejectedSpans")).toString(), QStringLiteral("1"));
    QVERIFY(!partial.value(QStringLiteral("errorMessage")).toString().isEmpty());
    QCOMPARE(storedEvents(), 1);
}

void TestOtlpReceiver::sameBatchTwiceIsStoredOnce()
{
    startReceiver();
    const QByteArray body =
        bodyWithSpans({chatSpanJson("4af7651916cd43dd8448eb211c80319c", "f7ad6b7169203331")});
    QCOMPARE(send(request(body)).status, 200);
    QCOMPARE(send(request(body)).status, 200);
    QCOMPARE(storedEvents(), 1);
}

void TestOtlpReceiver::errors_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("messagePart");
    const QByteArray ok =
        bodyWithSpans({chatSpanJson("5af7651916cd43dd8448eb211c80319c", "a7ad6b7169203331")});
    QTest::newRow("malformed json") << request("{\"resourceSpans\": [") << 400 << QStringLiteral("JSON");
    QTest::newRow("not an object") << request("[1,2]") << 400 << QString();
    QTest::newRow("damaged gzip") << request("\x1f\x8bnot gzip", "application/json",
                                             {"Content-Encoding: gzip"})
                                  << 400 << QStringLiteral("gzip");
    QTest::newRow("text/plain") << request(ok, "text/plain") << 415 << QStringLiteral("application/json");
    QTest::newRow("no content type") << request(ok, QByteArray()) << 415 << QString();
    QTest::newRow("brotli") << request(ok, "application/json", {"Content-Encoding: br"}) << 415
                            << QStringLiteral("gzip");
    QTest::newRow("wrong path") << request(ok, "application/json", {}, "POST", "/v1/spans") << 404
                                << QStringLiteral("/v1/traces");
    QTest::newRow("metrics") << request(ok, "application/json", {}, "POST", "/v1/metrics") << 404
                             << QStringLiteral("traces only");
    QTest::newRow("GET") << request(QByteArray(), "application/json", {}, "GET") << 405
                         << QStringLiteral("POST");
    QTest::newRow("garbage request line") << QByteArray("HELLO WORLD\r\n\r\n") << 400 << QString();
}

void TestOtlpReceiver::errors()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    QFETCH(QString, messagePart);
    startReceiver();
    const Response r = send(raw);
    QCOMPARE(r.status, status);
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    const QString message = body.value(QStringLiteral("message")).toString();
    QVERIFY2(!message.isEmpty(), r.body.constData());
    QVERIFY2(message.contains(messagePart, Qt::CaseInsensitive), qPrintable(message));
    QVERIFY(body.value(QStringLiteral("code")).toInt() > 0);
    QCOMPARE(storedEvents(), 0);
    QVERIFY(!m_receiver->stats().lastError.isEmpty());
}

void TestOtlpReceiver::protobufErrorsAreProtobufStatus()
{
    startReceiver();
    const Response r = send(request("\x0a\xff\xff\xff\xff\x0f garbage", "application/x-protobuf"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/x-protobuf"));
    QVERIFY(r.body.startsWith(Ingest::statusProtobuf(3, {}).left(2))); // code field = INVALID_ARGUMENT
}

void TestOtlpReceiver::bodyOverLimitAfterDecompression()
{
    Ingest::OtlpReceiver::Options options;
    options.maxBodyBytes = 4096;
    startReceiver(options);
    // Declared length over the limit: refused before the body is read, and the connection is closed.
    const Response tooLong = send(request(QByteArray(5000, ' ')));
    QCOMPARE(tooLong.status, 413);
    QVERIFY(tooLong.closed);
    // Small on the wire, large once inflated.
    const QByteArray bomb = gzip(QByteArray(1'000'000, ' '));
    QVERIFY(bomb.size() < 4096);
    const Response inflated = send(request(bomb, "application/json", {"Content-Encoding: gzip"}));
    QCOMPARE(inflated.status, 413);
    QCOMPARE(storedEvents(), 0);
}

void TestOtlpReceiver::bearerToken()
{
    Ingest::OtlpReceiver::Options options;
    options.bearerToken = QStringLiteral("s3cret-token");
    startReceiver(options);
    const QByteArray body =
        bodyWithSpans({chatSpanJson("6af7651916cd43dd8448eb211c80319c", "a8ad6b7169203331")});
    const Response missing = send(request(body));
    QCOMPARE(missing.status, 401);
    QCOMPARE(missing.headers.value("www-authenticate"), QByteArray("Bearer"));
    QVERIFY(!missing.body.contains("s3cret")); // never echo the secret
    QCOMPARE(send(request(body, "application/json", {"Authorization: Bearer wrong"})).status, 401);
    QCOMPARE(storedEvents(), 0);
    QCOMPARE(send(request(body, "application/json", {"Authorization: Bearer s3cret-token"})).status, 200);
    QCOMPARE(storedEvents(), 1);
    QVERIFY(!m_receiver->stats().lastError.contains(QStringLiteral("s3cret")));
}

void TestOtlpReceiver::saturatedWriterAnswers503()
{
    startReceiver();
    m_writer->setMaxPendingEvents(-1); // every batch finds the writer "full"
    const Response r =
        send(request(bodyWithSpans({chatSpanJson("7af7651916cd43dd8448eb211c80319c", "a9ad6b7169203331")})));
    QCOMPARE(r.status, 503);
    QVERIFY(r.headers.value("retry-after").toInt() > 0);
    QCOMPARE(storedEvents(), 0);
}

void TestOtlpReceiver::keepAliveAndPipelining()
{
    startReceiver();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_receiver->port());
    QVERIFY(socket.waitForConnected(5000));
    QByteArray pending;
    // Two requests one after the other on the same connection…
    socket.write(
        request(bodyWithSpans({chatSpanJson("8af7651916cd43dd8448eb211c80319c", "b1ad6b7169203331")})));
    QCOMPARE(readResponse(socket, pending).status, 200);
    socket.write(
        request(bodyWithSpans({chatSpanJson("8af7651916cd43dd8448eb211c80319c", "b2ad6b7169203331")})));
    QCOMPARE(readResponse(socket, pending).status, 200);
    // …and two pipelined in one write: answered in order.
    socket.write(
        request(bodyWithSpans({chatSpanJson("8af7651916cd43dd8448eb211c80319c", "b3ad6b7169203331")})) +
        request("{broken"));
    QCOMPARE(readResponse(socket, pending).status, 200);
    QCOMPARE(readResponse(socket, pending).status, 400);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState); // a bad body does not end the connection
    QCOMPARE(storedEvents(), 3);
}

void TestOtlpReceiver::chunkedWithExpectContinue()
{
    startReceiver();
    const QByteArray body =
        bodyWithSpans({chatSpanJson("9af7651916cd43dd8448eb211c80319c", "c1ad6b7169203331")});
    QByteArray chunked;
    for (qsizetype i = 0; i < body.size(); i += 50) {
        const QByteArray piece = body.mid(i, 50);
        chunked += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    chunked += "0\r\n\r\n";
    const Response r =
        send(request(chunked, "application/json", {"Transfer-Encoding: chunked", "Expect: 100-continue"}));
    QCOMPARE(r.status, 200);
    QCOMPARE(storedEvents(), 1);
}

void TestOtlpReceiver::stopAnswersWhatWasReceived()
{
    startReceiver();
    QList<QByteArray> spans;
    for (int i = 0; i < 2000; ++i)
        spans << chatSpanJson("aaf7651916cd43dd8448eb211c80319c",
                              QByteArray::number(0x1000000000000000LL + i, 16));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_receiver->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write(request(bodyWithSpans(spans)));
    QVERIFY(socket.waitForBytesWritten(5000));
    // Give the receiver the whole body, then stop while the batch is being decoded or written.
    QTRY_VERIFY_WITH_TIMEOUT(m_receiver->stats().requests > 0 || m_writer->pendingEvents() > 0, 5000);
    m_receiver->stop();
    QByteArray pending;
    const Response r = readResponse(socket, pending);
    QCOMPARE(r.status, 200);
    QCOMPARE(storedEvents(), 2000);
}

void TestOtlpReceiver::listenErrors()
{
    startReceiver();
    Ingest::OtlpReceiver::Options options;
    options.port = m_receiver->port(); // taken
    Error error;
    auto prices = Pricing::PriceTable::loadShipped(&error);
    Ingest::OtlpReceiver second(options, m_writer.get(), prices);
    QVERIFY(!second.start(&error));
    QVERIFY2(error.message.contains(QString::number(options.port)), qPrintable(error.message));

    QHostAddress address;
    quint16 port = 0;
    QVERIFY(
        Ingest::OtlpReceiver::parseListenAddress(QStringLiteral("127.0.0.1:4318"), &address, &port, &error));
    QCOMPARE(port, quint16(4318));
    QVERIFY(Ingest::OtlpReceiver::parseListenAddress(QStringLiteral("[::1]:9"), &address, &port, &error));
    QCOMPARE(address, QHostAddress(QHostAddress::LocalHostIPv6));
    QVERIFY(Ingest::OtlpReceiver::parseListenAddress(QStringLiteral("localhost:1"), &address, &port, &error));
    QVERIFY(!Ingest::OtlpReceiver::parseListenAddress(QStringLiteral("4318"), &address, &port, &error));
    QVERIFY(
        !Ingest::OtlpReceiver::parseListenAddress(QStringLiteral("nohost:99999"), &address, &port, &error));
    QVERIFY(error.message.contains(QStringLiteral("HOST:PORT")));
}

QTEST_GUILESS_MAIN(TestOtlpReceiver)
#include "tst_otlpreceiver.moc"
