// An incremental HTTP/1.1 request parser for the OTLP receiver: request line, headers, then a body
// framed by Content-Length or chunked transfer encoding, within size limits. Pure; no sockets.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace Burnrate::Ingest {

struct HttpRequest
{
    QByteArray method;
    QByteArray path;                       // without the query string
    QByteArray version;                    // "HTTP/1.1"
    QHash<QByteArray, QByteArray> headers; // names lowercased; repeated headers joined with ", "
    QByteArray body;

    QByteArray header(const QByteArray &lowercaseName) const { return headers.value(lowercaseName); }
    bool keepAlive() const;
};

class HttpRequestParser
{
public:
    enum class Status {
        NeedMore,        // feed more bytes
        HeadersComplete, // headers parsed, body not yet; returned once per request
        Complete,        // request() is whole
        Failed,          // errorStatus()/errorMessage() say why; close the connection after answering
    };

    explicit HttpRequestParser(qint64 maxBodyBytes, qint64 maxHeaderBytes = 64 * 1024);

    // Consumes bytes from the front of `buffer` (leaving any pipelined next request in it).
    Status feed(QByteArray &buffer);
    void reset(); // ready for the next request on the same connection

    const HttpRequest &request() const { return m_request; }
    HttpRequest takeRequest() { return std::move(m_request); }
    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }

private:
    enum class State {
        RequestLine,
        Headers,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Done,
        Failed
    };
    Status fail(int status, QString message);
    bool parseRequestLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line);
    Status finishHeaders();

    qint64 m_maxBody;
    qint64 m_maxHeader;
    State m_state = State::RequestLine;
    HttpRequest m_request;
    qint64 m_headerBytes = 0;
    qint64 m_remaining = 0; // body or chunk bytes still expected
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace Burnrate::Ingest
