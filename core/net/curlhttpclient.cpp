#include "curlhttpclient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QLocale>
#include <QMutex>
#include <QThread>
#include <atomic>
#include <curl/curl.h>
#include <map>
#include <vector>

namespace Burnrate::Net {

namespace {

// Carries one response to the callback through a queued connection, which Qt drops when the context
// is destroyed first. Lives on the network thread once the request is queued.
class Delivery : public QObject
{
    Q_OBJECT
Q_SIGNALS:
    void finished(const Burnrate::Net::HttpResponse &response);
};

// One request on the network thread.
struct Transfer
{
    HttpClient::RequestId id = 0;
    HttpRequest request;
    std::unique_ptr<Delivery> delivery;
    CURL *easy = nullptr;
    curl_slist *headerList = nullptr;
    HttpResponse response;
    QElapsedTimer timer;
    bool tooLarge = false;
    bool headersComplete = false; // the blank line after the last response's headers arrived
    char errorBuffer[CURL_ERROR_SIZE] = {};

    ~Transfer()
    {
        curl_easy_cleanup(easy);
        curl_slist_free_all(headerList);
    }
};

const char *methodName(HttpRequest::Method method)
{
    switch (method) {
    case HttpRequest::Method::Get:
        return "GET";
    case HttpRequest::Method::Post:
        return "POST";
    case HttpRequest::Method::Put:
        return "PUT";
    case HttpRequest::Method::Delete:
        return "DELETE";
    }
    return "GET";
}

size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    auto *transfer = static_cast<Transfer *>(user);
    const QByteArrayView line(data, qsizetype(size * count));
    // A status line starts a new response (after 1xx or a proxy's CONNECT answer): only the last counts.
    if (line.startsWith("HTTP/")) {
        transfer->response.headers.clear();
        transfer->headersComplete = false;
    } else if (line == "\r\n" || line == "\n") {
        transfer->headersComplete = true;
    } else if (const qsizetype colon = line.indexOf(':'); colon > 0) {
        transfer->response.headers.append(
            {line.first(colon).trimmed().toByteArray(), line.sliced(colon + 1).trimmed().toByteArray()});
    }
    return size * count;
}

size_t onBody(char *data, size_t size, size_t count, void *user)
{
    auto *transfer = static_cast<Transfer *>(user);
    const qsizetype length = qsizetype(size * count);
    if (transfer->response.body.size() + length > transfer->request.maxResponseBytes) {
        transfer->tooLarge = true;
        return 0; // anything but `length` aborts the transfer with CURLE_WRITE_ERROR
    }
    transfer->response.body.append(data, length);
    return size_t(length);
}

HttpResponse::Failure classify(CURLcode code)
{
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return HttpResponse::Failure::Dns;
    case CURLE_COULDNT_CONNECT:
        return HttpResponse::Failure::ConnectFailed;
    case CURLE_OPERATION_TIMEDOUT:
        return HttpResponse::Failure::Timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
        return HttpResponse::Failure::Tls;
    case CURLE_FILESIZE_EXCEEDED:
        return HttpResponse::Failure::TooLarge;
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return HttpResponse::Failure::Interrupted;
    default:
        return HttpResponse::Failure::Other;
    }
}

QString failureMessage(HttpResponse::Failure failure, const HttpRequest &request, const QString &detail)
{
    const QString host = displayHost(request.url);
    switch (failure) {
    case HttpResponse::Failure::Dns:
        return QCoreApplication::translate(
                   "Burnrate::Net", "Could not find %1. Check the address and your network connection.")
            .arg(host);
    case HttpResponse::Failure::ConnectFailed:
        return QCoreApplication::translate("Burnrate::Net",
                                           "Could not connect to %1. Check the address and your network "
                                           "connection.")
            .arg(host);
    case HttpResponse::Failure::Tls:
        return QCoreApplication::translate("Burnrate::Net", "The secure connection to %1 failed (%2).")
            .arg(host, detail);
    case HttpResponse::Failure::Timeout:
        return QCoreApplication::translate("Burnrate::Net", "%1 did not answer in time. Try again later.")
            .arg(host);
    case HttpResponse::Failure::Interrupted:
        return QCoreApplication::translate("Burnrate::Net",
                                           "The connection to %1 broke off before the whole answer arrived. "
                                           "Try again later.")
            .arg(host);
    case HttpResponse::Failure::TooLarge:
        return QCoreApplication::translate("Burnrate::Net",
                                           "The answer from %1 is larger than %2 and was not read.")
            .arg(host, QLocale().formattedDataSize(request.maxResponseBytes));
    case HttpResponse::Failure::Cancelled:
        return QCoreApplication::translate("Burnrate::Net", "The request to %1 was cancelled.").arg(host);
    case HttpResponse::Failure::None:
    case HttpResponse::Failure::RefusedUrl:
    case HttpResponse::Failure::Other:
        break;
    }
    return QCoreApplication::translate("Burnrate::Net", "The request to %1 failed (%2).").arg(host, detail);
}

} // namespace

class CurlHttpClient::Private
{
public:
    Options options;
    CURLM *multi = nullptr; // created and destroyed by the client; used on the network thread
    std::unique_ptr<QThread> thread;
    std::atomic<RequestId> lastId = 0;

    QMutex mutex; // guards the members below
    std::vector<std::unique_ptr<Transfer>> incoming;
    QList<RequestId> cancelled;
    bool stopping = false;
    // Set by cancel(); checked by the callback on the context's thread. Expires with the callback.
    QHash<RequestId, std::weak_ptr<std::atomic_bool>> abandonFlags;

    // The network thread's loop.
    void run();

private:
    bool start(Transfer &transfer);
    void finish(Transfer &transfer, CURLcode result);
    void fail(Transfer &transfer, HttpResponse::Failure failure, const QString &detail);
};

void CurlHttpClient::Private::run()
{
    std::map<RequestId, std::unique_ptr<Transfer>> active;
    for (;;) {
        std::vector<std::unique_ptr<Transfer>> starting;
        QList<RequestId> cancelling;
        bool stop = false;
        {
            QMutexLocker lock(&mutex);
            starting.swap(incoming);
            cancelling.swap(cancelled);
            stop = stopping;
        }
        for (std::unique_ptr<Transfer> &transfer : starting) {
            if (start(*transfer))
                active.emplace(transfer->id, std::move(transfer));
        }
        for (const RequestId id : std::as_const(cancelling)) {
            if (const auto it = active.find(id); it != active.end()) {
                curl_multi_remove_handle(multi, it->second->easy);
                active.erase(it);
            }
        }
        if (stop)
            break;

        int running = 0;
        curl_multi_perform(multi, &running);
        int queued = 0;
        while (CURLMsg *message = curl_multi_info_read(multi, &queued)) {
            if (message->msg != CURLMSG_DONE)
                continue;
            const CURLcode result = message->data.result; // the message dies with remove_handle
            Transfer *transfer = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
            curl_multi_remove_handle(multi, transfer->easy);
            finish(*transfer, result);
            active.erase(transfer->id);
        }
        // Returns early on socket activity, curl's own timers, or curl_multi_wakeup() from send/cancel.
        curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    for (auto &[id, transfer] : active) {
        curl_multi_remove_handle(multi, transfer->easy);
        fail(*transfer, HttpResponse::Failure::Cancelled, {});
    }
}

bool CurlHttpClient::Private::start(Transfer &transfer)
{
    Q_ASSERT(QThread::currentThread() == thread.get());
    transfer.timer.start();
    transfer.easy = curl_easy_init();
    CURL *easy = transfer.easy;
    if (!easy) {
        fail(transfer, HttpResponse::Failure::Other,
             QString::fromLatin1(curl_easy_strerror(CURLE_OUT_OF_MEMORY)));
        return false;
    }
    const HttpRequest &request = transfer.request;
    curl_easy_setopt(easy, CURLOPT_PRIVATE, &transfer);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.errorBuffer);
    curl_easy_setopt(easy, CURLOPT_URL, request.url.toEncoded().constData());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, long(request.connectTimeout.count()));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, long(request.totalTimeout.count()));
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "Burnrate/" BURNRATE_VERSION);
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, ""); // every encoding libcurl can decode
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    // Verification is libcurl's default; it is set anyway so it cannot be lost. There is no switch.
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    // CAINFO replaces the default bundle file, but Debian's libcurl also reads the hashed system
    // directory (CAPATH /etc/ssl/certs), so the system's CAs stay trusted next to the extra ones.
    if (!options.extraCaFile.isEmpty())
        curl_easy_setopt(easy, CURLOPT_CAINFO, options.extraCaFile.toLocal8Bit().constData());
    // No CURLOPT_PROXY on purpose: libcurl then honours http_proxy, https_proxy, all_proxy and
    // no_proxy from the environment, which is how desktop and corporate setups configure proxies.
    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxResponseBytes));
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);

    for (const auto &[name, value] : request.headers)
        transfer.headerList =
            curl_slist_append(transfer.headerList, QByteArray(name + ": " + value).constData());
    // No "Expect: 100-continue" round trip before large bodies.
    transfer.headerList = curl_slist_append(transfer.headerList, "Expect:");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.headerList);

    switch (request.method) {
    case HttpRequest::Method::Get:
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        break;
    case HttpRequest::Method::Put:
    case HttpRequest::Method::Delete:
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, methodName(request.method));
        if (request.method == HttpRequest::Method::Delete && request.body.isEmpty())
            break;
        [[fallthrough]];
    case HttpRequest::Method::Post:
        // The body stays alive in transfer.request until the easy handle is freed.
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.constData());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
        break;
    }

    if (const CURLMcode code = curl_multi_add_handle(multi, easy); code != CURLM_OK) {
        fail(transfer, HttpResponse::Failure::Other, QString::fromLatin1(curl_multi_strerror(code)));
        return false;
    }
    return true;
}

void CurlHttpClient::Private::finish(Transfer &transfer, CURLcode result)
{
    // libcurl accepts a connection closed inside the headers as a complete, empty response.
    if (result == CURLE_OK && !transfer.headersComplete)
        result = CURLE_PARTIAL_FILE;
    if (result != CURLE_OK) {
        const HttpResponse::Failure failure =
            transfer.tooLarge ? HttpResponse::Failure::TooLarge : classify(result);
        const QString detail = transfer.errorBuffer[0] ? QString::fromLocal8Bit(transfer.errorBuffer)
                                                       : QString::fromLatin1(curl_easy_strerror(result));
        fail(transfer, failure, detail);
        return;
    }
    HttpResponse &response = transfer.response;
    long status = 0;
    curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
    response.status = int(status);
    response.elapsed = std::chrono::milliseconds(transfer.timer.elapsed());
    // Never the headers: they carry API keys. No query either: some APIs put keys there.
    qCDebug(lcNet).noquote() << methodName(transfer.request.method)
                             << transfer.request.url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)
                             << "->" << response.status << "in" << response.elapsed.count() << "ms,"
                             << response.body.size() << "bytes";
    Q_EMIT transfer.delivery->finished(response);
}

void CurlHttpClient::Private::fail(Transfer &transfer, HttpResponse::Failure failure, const QString &detail)
{
    HttpResponse &response = transfer.response;
    response.status = 0;
    response.headers.clear();
    response.body.clear();
    response.elapsed = std::chrono::milliseconds(transfer.timer.elapsed());
    response.failure = failure;
    response.error = Error(Error::Code::Io, failureMessage(failure, transfer.request, detail));
    qCDebug(lcNet).noquote() << methodName(transfer.request.method)
                             << transfer.request.url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)
                             << "failed after" << response.elapsed.count() << "ms:" << detail;
    Q_EMIT transfer.delivery->finished(response);
}

CurlHttpClient::CurlHttpClient(QObject *parent)
    : CurlHttpClient(Options{}, parent)
{}

CurlHttpClient::CurlHttpClient(Options options, QObject *parent)
    : HttpClient(parent)
    , d(std::make_unique<Private>())
{
    // Once per process; thread-safe in this libcurl (CURL_VERSION_THREADSAFE), never cleaned up.
    [[maybe_unused]] static const CURLcode globalInit = curl_global_init(CURL_GLOBAL_DEFAULT);
    qRegisterMetaType<HttpResponse>();
    d->options = std::move(options);
    d->multi = curl_multi_init();
    d->thread.reset(QThread::create([p = d.get()] { p->run(); }));
    d->thread->setObjectName(QStringLiteral("burnrate-net"));
    d->thread->start();
}

CurlHttpClient::~CurlHttpClient()
{
    {
        QMutexLocker lock(&d->mutex);
        d->stopping = true;
    }
    curl_multi_wakeup(d->multi);
    d->thread->wait();
    curl_multi_cleanup(d->multi);
}

HttpClient::RequestId CurlHttpClient::send(const HttpRequest &request, QObject *context, Callback callback)
{
    const RequestId id = ++d->lastId;
    const auto abandoned = std::make_shared<std::atomic_bool>(false);
    auto delivery = std::make_unique<Delivery>();
    connect(
        delivery.get(), &Delivery::finished, context ? context : this,
        [callback = std::move(callback), abandoned](const HttpResponse &response) {
            if (!abandoned->load())
                callback(response);
        },
        Qt::QueuedConnection);
    {
        QMutexLocker lock(&d->mutex);
        d->abandonFlags.removeIf([](const auto &entry) { return entry.value().expired(); });
        d->abandonFlags.insert(id, abandoned);
    }

    if (Error refusal; !isAllowedUrl(request.url, &refusal)) {
        HttpResponse response;
        response.url = request.url;
        response.failure = HttpResponse::Failure::RefusedUrl;
        response.error = refusal;
        qCDebug(lcNet).noquote() << "refused"
                                 << request.url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
        // Queued, so the callback still runs later; the pending call keeps it alive without `delivery`.
        Q_EMIT delivery->finished(response);
        return id;
    }

    auto transfer = std::make_unique<Transfer>();
    transfer->id = id;
    transfer->request = request;
    transfer->response.url = request.url;
    delivery->moveToThread(d->thread.get());
    transfer->delivery = std::move(delivery);
    {
        QMutexLocker lock(&d->mutex);
        d->incoming.push_back(std::move(transfer));
    }
    curl_multi_wakeup(d->multi);
    return id;
}

void CurlHttpClient::cancel(RequestId id)
{
    {
        QMutexLocker lock(&d->mutex);
        if (const std::shared_ptr<std::atomic_bool> flag = d->abandonFlags.take(id).lock())
            flag->store(true);
        d->cancelled.append(id);
    }
    curl_multi_wakeup(d->multi);
}

} // namespace Burnrate::Net

#include "curlhttpclient.moc"
