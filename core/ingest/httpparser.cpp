#include "httpparser.h"

#include <QCoreApplication>
#include <utility>

namespace Burnrate::Ingest {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::Ingest)
};

// Takes one CRLF- (or LF-) terminated line off the front of `buffer`; false if none is complete yet.
bool takeLine(QByteArray &buffer, QByteArray *line)
{
    const qsizetype nl = buffer.indexOf('\n');
    if (nl < 0)
        return false;
    qsizetype end = nl;
    if (end > 0 && buffer.at(end - 1) == '\r')
        --end;
    *line = buffer.left(end);
    buffer.remove(0, nl + 1);
    return true;
}
} // namespace

bool HttpRequest::keepAlive() const
{
    const QByteArray connection = header("connection").toLower();
    if (version == "HTTP/1.0")
        return connection.contains("keep-alive");
    return !connection.contains("close");
}

HttpRequestParser::HttpRequestParser(qint64 maxBodyBytes, qint64 maxHeaderBytes)
    : m_maxBody(maxBodyBytes)
    , m_maxHeader(maxHeaderBytes)
{}

void HttpRequestParser::reset()
{
    m_state = State::RequestLine;
    m_request = {};
    m_headerBytes = 0;
    m_remaining = 0;
    m_errorStatus = 0;
    m_errorMessage.clear();
}

HttpRequestParser::Status HttpRequestParser::fail(int status, QString message)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorMessage = std::move(message);
    return Status::Failed;
}

bool HttpRequestParser::parseRequestLine(const QByteArray &line)
{
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3 || !parts[2].startsWith("HTTP/1."))
        return false;
    m_request.method = parts[0];
    const QByteArray &target = parts[1];
    const qsizetype query = target.indexOf('?');
    m_request.path = query < 0 ? target : target.left(query);
    m_request.version = parts[2];
    return true;
}

bool HttpRequestParser::parseHeaderLine(const QByteArray &line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return false;
    const QByteArray name = line.left(colon).trimmed().toLower();
    const QByteArray value = line.mid(colon + 1).trimmed();
    auto it = m_request.headers.find(name);
    if (it == m_request.headers.end())
        m_request.headers.insert(name, value);
    else
        *it += ", " + value;
    return true;
}

HttpRequestParser::Status HttpRequestParser::finishHeaders()
{
    const QByteArray transferEncoding = m_request.header("transfer-encoding").toLower();
    if (!transferEncoding.isEmpty()) {
        if (transferEncoding != "chunked")
            return fail(
                501,
                Tr::tr("transfer encoding '%1' is not supported").arg(QString::fromLatin1(transferEncoding)));
        m_state = State::ChunkSize;
        return Status::HeadersComplete;
    }
    const QByteArray length = m_request.header("content-length");
    if (length.isEmpty()) {
        m_remaining = 0;
    } else {
        bool ok = false;
        m_remaining = length.toLongLong(&ok);
        if (!ok || m_remaining < 0)
            return fail(400, Tr::tr("Content-Length '%1' is not a number").arg(QString::fromLatin1(length)));
        if (m_remaining > m_maxBody)
            return fail(413, Tr::tr("the body (%1 bytes) is larger than the limit of %2 bytes")
                                 .arg(m_remaining)
                                 .arg(m_maxBody));
        m_request.body.reserve(m_remaining);
    }
    m_state = State::Body;
    return Status::HeadersComplete;
}

HttpRequestParser::Status HttpRequestParser::feed(QByteArray &buffer)
{
    QByteArray line;
    while (true) {
        switch (m_state) {
        case State::RequestLine:
        case State::Headers: {
            const qsizetype before = buffer.size();
            if (!takeLine(buffer, &line)) {
                if (m_headerBytes + buffer.size() > m_maxHeader)
                    return fail(431, Tr::tr("the request headers are larger than %1 bytes").arg(m_maxHeader));
                return Status::NeedMore;
            }
            m_headerBytes += before - buffer.size();
            if (m_headerBytes > m_maxHeader)
                return fail(431, Tr::tr("the request headers are larger than %1 bytes").arg(m_maxHeader));
            if (m_state == State::RequestLine) {
                if (line.isEmpty())
                    continue; // tolerate stray CRLF between requests
                if (!parseRequestLine(line))
                    return fail(400, Tr::tr("the request line is not valid HTTP/1.x"));
                m_state = State::Headers;
            } else if (line.isEmpty()) {
                return finishHeaders();
            } else if (!parseHeaderLine(line)) {
                return fail(400, Tr::tr("a request header is malformed"));
            }
            break;
        }
        case State::Body: {
            const qint64 take = qMin<qint64>(m_remaining, buffer.size());
            // The whole body and nothing else at once: taken without a copy. In pieces it is appended to the
            // space reserved for it.
            if (m_request.body.isEmpty() && take == m_remaining && take == buffer.size()) {
                m_request.body = std::exchange(buffer, QByteArray());
            } else {
                m_request.body.append(buffer.constData(), take);
                buffer.remove(0, take);
            }
            m_remaining -= take;
            if (m_remaining > 0)
                return Status::NeedMore;
            m_state = State::Done;
            return Status::Complete;
        }
        case State::ChunkSize: {
            if (!takeLine(buffer, &line)) {
                if (buffer.size() > 1024)
                    return fail(400, Tr::tr("a chunk size line is malformed"));
                return Status::NeedMore;
            }
            const qsizetype ext = line.indexOf(';');
            bool ok = false;
            const qint64 size = (ext < 0 ? line : line.left(ext)).trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0)
                return fail(400, Tr::tr("a chunk size line is malformed"));
            if (m_request.body.size() + size > m_maxBody)
                return fail(413, Tr::tr("the body is larger than the limit of %1 bytes").arg(m_maxBody));
            if (size == 0) {
                m_state = State::Trailers;
                break;
            }
            m_remaining = size;
            m_state = State::ChunkData;
            break;
        }
        case State::ChunkData: {
            const qint64 take = qMin<qint64>(m_remaining, buffer.size());
            m_request.body.append(buffer.constData(), take);
            buffer.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return Status::NeedMore;
            m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd:
            if (!takeLine(buffer, &line))
                return Status::NeedMore;
            if (!line.isEmpty())
                return fail(400, Tr::tr("a chunk is longer than its declared size"));
            m_state = State::ChunkSize;
            break;
        case State::Trailers:
            if (!takeLine(buffer, &line))
                return Status::NeedMore;
            if (line.isEmpty()) {
                m_state = State::Done;
                return Status::Complete;
            }
            break; // trailer fields are ignored
        case State::Done:
            return Status::Complete;
        case State::Failed:
            return Status::Failed;
        }
    }
}

} // namespace Burnrate::Ingest
