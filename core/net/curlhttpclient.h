// HttpClient over libcurl. The client owns one network thread that runs a curl multi handle and owns
// every easy handle; send() and cancel() may be called from any thread, callbacks arrive on the
// context's thread. TLS is always verified; proxies come from the environment.
#pragma once

#include "net/httpclient.h"

#include <memory>

namespace Burnrate::Net {

class CurlHttpClient : public HttpClient
{
    Q_OBJECT
public:
    struct Options
    {
        // PEM file of CA certificates trusted in addition to the system's (a company's TLS-inspecting
        // proxy, tests). A file that cannot be read fails each HTTPS request with a Tls error.
        QString extraCaFile;
    };

    explicit CurlHttpClient(QObject *parent = nullptr);
    explicit CurlHttpClient(Options options, QObject *parent = nullptr);
    // Ends what is in flight (callbacks whose context still exists get Failure::Cancelled) and joins
    // the network thread.
    ~CurlHttpClient() override;

    RequestId send(const HttpRequest &request, QObject *context, Callback callback) override;
    void cancel(RequestId id) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Burnrate::Net
