#include "httpdocumentbackend.h"

#include <QCoreApplication>
#include <QPointer>

namespace Burnrate::KillSwitch {

namespace {

using namespace std::chrono_literals;

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::KillSwitch)
};

} // namespace

HttpDocumentBackend::HttpDocumentBackend(Net::HttpClient *client, const QUrl &url, const QString &token,
                                         QObject *parent)
    : Backend(parent)
    , m_client(client)
    , m_url(url)
    , m_token(token)
{}

QString HttpDocumentBackend::describe() const
{
    // No query: it may carry a signature or a token.
    return QStringLiteral("http ") + m_url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
}

Net::HttpRequest HttpDocumentBackend::request(Net::HttpRequest::Method method) const
{
    Net::HttpRequest request;
    request.method = method;
    request.url = m_url;
    if (!m_token.isEmpty())
        request.headers.emplaceBack("Authorization", "Bearer " + m_token.toUtf8());
    request.headers.emplaceBack("Cache-Control", "no-cache");
    request.connectTimeout = 3s;
    request.totalTimeout = 5s;
    request.maxResponseBytes = 1024 * 1024;
    return request;
}

void HttpDocumentBackend::read(QObject *context, ReadDone done)
{
    QPointer<QObject> guard(context);
    m_client->send(
        request(Net::HttpRequest::Method::Get), this, [this, guard, done](const Net::HttpResponse &response) {
            if (!guard)
                return;
            ReadResult result;
            if (response.failure == Net::HttpResponse::Failure::None && response.status == 404) {
                // Not created yet: the first write creates it with If-None-Match: *.
                result.exists = false;
                done(result);
                return;
            }
            if ((result.error = errorFor(response, false))) {
                done(result);
                return;
            }
            Error parseError;
            const std::optional<Document> doc = Document::fromJson(response.body, &parseError);
            if (!doc) {
                result.error = Error(
                    Error::Code::Corrupt,
                    Tr::tr("The kill switch at %1 cannot be used: %2").arg(describe(), parseError.message));
                done(result);
                return;
            }
            result.exists = true;
            result.document = *doc;
            result.revision = response.header("ETag");
            done(result);
        });
}

void HttpDocumentBackend::write(const Document &document, const QByteArray &expectedRevision,
                                QObject *context, WriteDone done)
{
    QPointer<QObject> guard(context);
    auto fail = [this, guard, done](const Error &error) {
        QMetaObject::invokeMethod(
            this,
            [guard, done, error] {
                if (guard)
                    done(WriteResult{error, false, {}});
            },
            Qt::QueuedConnection);
    };
    // A weak ETag never matches If-Match (RFC 9110 strong comparison): every write would be a conflict.
    if (expectedRevision.startsWith("W/")) {
        fail(Error(
            Error::Code::Unsupported,
            Tr::tr("The server at %1 sends a weak ETag, so Burnrate cannot change the kill switch without "
                   "risking someone else's change. Configure the server to send strong ETags.")
                .arg(describe())));
        return;
    }
    Net::HttpRequest put = request(Net::HttpRequest::Method::Put);
    put.headers.emplaceBack("Content-Type", "application/json");
    if (expectedRevision.isEmpty())
        put.headers.emplaceBack("If-None-Match", "*");
    else
        put.headers.emplaceBack("If-Match", expectedRevision);
    put.body = document.toJson();
    m_client->send(put, this, [this, guard, done](const Net::HttpResponse &response) {
        if (!guard)
            return;
        WriteResult result;
        if (response.failure == Net::HttpResponse::Failure::None && response.status == 412) {
            result.conflict = true;
            result.error =
                Error(Error::Code::Busy,
                      Tr::tr("Someone else changed the kill switch at %1 at the same time.").arg(describe()));
        } else if (response.failure == Net::HttpResponse::Failure::None && response.status == 428) {
            result.error =
                Error(Error::Code::Unsupported,
                      Tr::tr("The server at %1 accepts only conditional changes (HTTP 428 Precondition "
                             "Required) and did not accept Burnrate's condition. Burnrate sends the "
                             "document's ETag with every change; make sure the server sends an ETag when "
                             "the document is read, and create the document on the server first.")
                          .arg(describe()));
        } else if (!(result.error = errorFor(response, true))) {
            result.revision = response.header("ETag");
        }
        done(result);
    });
}

Error HttpDocumentBackend::errorFor(const Net::HttpResponse &response, bool writing) const
{
    if (response.failure != Net::HttpResponse::Failure::None)
        return Error(Error::Code::Io, Tr::tr("The kill-switch store (%1) cannot be reached: %2")
                                          .arg(describe(), response.error.message));
    if (response.isSuccess())
        return {};
    if (response.status == 401 || response.status == 403) {
        const QString message =
            writing ? Tr::tr("The server at %1 refused to let Burnrate change the kill switch "
                             "(HTTP %2). Set the token in BURNRATE_KILLSWITCH_TOKEN or the "
                             "keychain.")
                    : Tr::tr("The server at %1 refused to let Burnrate read the kill switch "
                             "(HTTP %2). Set the token in BURNRATE_KILLSWITCH_TOKEN or the "
                             "keychain.");
        return Error(Error::Code::Unauthorized, message.arg(describe()).arg(response.status));
    }
    const QString message = writing ? Tr::tr("The server at %1 could not change the kill switch (HTTP %2).")
                                    : Tr::tr("The server at %1 could not read the kill switch (HTTP %2).");
    return Error(Error::Code::Io, message.arg(describe()).arg(response.status));
}

} // namespace Burnrate::KillSwitch
