#include "ingest/httpparser.h"

#include <QTest>

using namespace Burnrate::Ingest;

class TestHttpParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void contentLength_data();
    void contentLength();
    void chunked();
    void pipelinedRequestsStayBuffered();
    void errors_data();
    void errors();
    void keepAlive_data();
    void keepAlive();
};

// Feeds `raw` in pieces of `step` bytes, as a socket would deliver it.
static HttpRequestParser::Status feedInSteps(HttpRequestParser &parser, const QByteArray &raw, int step,
                                             bool *sawHeaders = nullptr)
{
    QByteArray buffer;
    HttpRequestParser::Status status = HttpRequestParser::Status::NeedMore;
    for (qsizetype i = 0; i < raw.size(); i += step) {
        buffer += raw.mid(i, step);
        while (true) {
            status = parser.feed(buffer);
            if (status == HttpRequestParser::Status::HeadersComplete) {
                if (sawHeaders)
                    *sawHeaders = true;
                continue;
            }
            break;
        }
        if (status == HttpRequestParser::Status::Complete || status == HttpRequestParser::Status::Failed)
            return status;
    }
    return status;
}

void TestHttpParser::contentLength_data()
{
    QTest::addColumn<int>("step");
    QTest::newRow("whole") << 100000;
    QTest::newRow("byte by byte") << 1;
    QTest::newRow("7 bytes") << 7;
}

void TestHttpParser::contentLength()
{
    QFETCH(int, step);
    const QByteArray raw =
        "POST /v1/traces?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: 11\r\nX-Multi: a\r\nx-multi: b\r\n\r\n{\"a\":\"xyz\"}";
    HttpRequestParser parser(1024);
    bool sawHeaders = false;
    QCOMPARE(feedInSteps(parser, raw, step, &sawHeaders), HttpRequestParser::Status::Complete);
    QVERIFY(sawHeaders);
    const HttpRequest &request = parser.request();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/v1/traces"));
    QCOMPARE(request.header("content-type"), QByteArray("application/json"));
    QCOMPARE(request.header("x-multi"), QByteArray("a, b"));
    QCOMPARE(request.body, QByteArray("{\"a\":\"xyz\"}"));
}

void TestHttpParser::chunked()
{
    const QByteArray raw = "POST /v1/traces HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n";
    for (int step : {1, 3, 1000}) {
        HttpRequestParser parser(1024);
        QCOMPARE(feedInSteps(parser, raw, step), HttpRequestParser::Status::Complete);
        QCOMPARE(parser.request().body, QByteArray("hello world"));
    }
    HttpRequestParser small(8);
    QCOMPARE(feedInSteps(small, raw, 1000), HttpRequestParser::Status::Failed);
    QCOMPARE(small.errorStatus(), 413);
}

void TestHttpParser::pipelinedRequestsStayBuffered()
{
    QByteArray buffer =
        "POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nABPOST /b HTTP/1.1\r\nContent-Length: 1\r\n\r\nC";
    HttpRequestParser parser(1024);
    QCOMPARE(parser.feed(buffer), HttpRequestParser::Status::HeadersComplete);
    QCOMPARE(parser.feed(buffer), HttpRequestParser::Status::Complete);
    QCOMPARE(parser.request().body, QByteArray("AB"));
    QVERIFY(buffer.startsWith("POST /b"));
    parser.reset();
    QCOMPARE(parser.feed(buffer), HttpRequestParser::Status::HeadersComplete);
    QCOMPARE(parser.feed(buffer), HttpRequestParser::Status::Complete);
    QCOMPARE(parser.request().path, QByteArray("/b"));
    QCOMPARE(parser.request().body, QByteArray("C"));
    QVERIFY(buffer.isEmpty());
}

void TestHttpParser::errors_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::newRow("not http") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("bad header") << QByteArray("POST / HTTP/1.1\r\nnocolon\r\n\r\n") << 400;
    QTest::newRow("bad length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n") << 400;
    QTest::newRow("negative length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n") << 400;
    QTest::newRow("too large") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n") << 413;
    QTest::newRow("gzip transfer") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << 501;
    QTest::newRow("bad chunk") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                               << 400;
    QTest::newRow("chunk overrun")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("huge headers") << (QByteArray("POST / HTTP/1.1\r\nX: ") + QByteArray(70000, 'a') +
                                      "\r\n\r\n")
                                  << 431;
}

void TestHttpParser::errors()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    HttpRequestParser parser(1000);
    QCOMPARE(feedInSteps(parser, raw, 4096), HttpRequestParser::Status::Failed);
    QCOMPARE(parser.errorStatus(), status);
    QVERIFY(!parser.errorMessage().isEmpty());
}

void TestHttpParser::keepAlive_data()
{
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<QByteArray>("connection");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1 default") << QByteArray("HTTP/1.1") << QByteArray() << true;
    QTest::newRow("1.1 close") << QByteArray("HTTP/1.1") << QByteArray("close") << false;
    QTest::newRow("1.0 default") << QByteArray("HTTP/1.0") << QByteArray() << false;
    QTest::newRow("1.0 keep-alive") << QByteArray("HTTP/1.0") << QByteArray("Keep-Alive") << true;
}

void TestHttpParser::keepAlive()
{
    QFETCH(QByteArray, version);
    QFETCH(QByteArray, connection);
    QFETCH(bool, keepAlive);
    HttpRequest request;
    request.version = version;
    if (!connection.isEmpty())
        request.headers.insert("connection", connection);
    QCOMPARE(request.keepAlive(), keepAlive);
}

QTEST_GUILESS_MAIN(TestHttpParser)
#include "tst_httpparser.moc"
