// The HTTP client used by the provider pollers and the kill-switch backends: value types for a request
// and its response, and the asynchronous HttpClient interface. Implementations run transfers on a
// network thread of their own; callbacks come back on the thread of the context object.
#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QList>
#include <QLoggingCategory>
#include <QMetaType>
#include <QObject>
#include <QUrl>
#include <chrono>
#include <functional>
#include <utility>

Q_DECLARE_LOGGING_CATEGORY(lcNet)

namespace Burnrate::Net {

// Header name/value pairs in order; names compare case-insensitively.
using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

struct HttpRequest
{
    enum class Method { Get, Post, Put, Delete };

    Method method = Method::Get;
    QUrl url;
    // Values are never logged: they carry API keys.
    HttpHeaders headers;
    QByteArray body;
    std::chrono::milliseconds connectTimeout{10'000};
    std::chrono::milliseconds totalTimeout{60'000};
    // A larger response body ends the transfer with Failure::TooLarge.
    qint64 maxResponseBytes = 64 * 1024 * 1024;
};

struct HttpResponse
{
    // Why no HTTP response arrived. Any status code, 500 included, is Failure::None.
    enum class Failure {
        None,
        RefusedUrl,    // not https://, or plain http:// to a host that is not loopback; nothing was sent
        Dns,           // the host name did not resolve
        ConnectFailed, // refused or unreachable
        Tls,           // handshake or certificate verification failed
        Timeout,       // connect or total timeout
        Interrupted,   // the connection closed or reset before the whole response arrived
        TooLarge,      // the body exceeded HttpRequest::maxResponseBytes
        Cancelled,     // the client was destroyed first
        Other,
    };

    QUrl url; // of the request
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
    std::chrono::milliseconds elapsed{0};
    Failure failure = Failure::None;
    Error error; // set when failure != None; names the host, never a header value

    // The value of the last header with this name (case-insensitive), or empty.
    QByteArray header(QByteArrayView name) const;
    bool isSuccess() const { return failure == Failure::None && status >= 200 && status < 300; }
};

class HttpClient : public QObject
{
    Q_OBJECT
public:
    using RequestId = quint64;
    using Callback = std::function<void(const HttpResponse &response)>;

    using QObject::QObject;

    // Starts the request and returns at once; may be called from any thread. callback runs once, later,
    // on the context's thread (a null context means the client), never inside send() and never after
    // the context is destroyed. A refused URL is reported through the callback too. The callback object
    // may be destroyed on the network thread: capture pointers and values, not thread-bound objects.
    virtual RequestId send(const HttpRequest &request, QObject *context, Callback callback) = 0;
    // Abandons the request. Called on the context's thread, it guarantees the callback does not run.
    // Unknown and finished ids are ignored.
    virtual void cancel(RequestId id) = 0;
};

// https:// to any host; plain http:// only to loopback (127.0.0.0/8, ::1, localhost), for tests and
// local services. Otherwise false, with error saying why.
bool isAllowedUrl(const QUrl &url, Error *error);

// The host (and port, if not the default) for messages: no user info, path or query.
QString displayHost(const QUrl &url);

} // namespace Burnrate::Net

Q_DECLARE_METATYPE(Burnrate::Net::HttpResponse)
