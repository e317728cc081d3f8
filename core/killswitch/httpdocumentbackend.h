// The kill-switch document as a JSON file on an HTTP(S) server: GET returns it with an ETag, PUT with
// If-Match replaces it (If-None-Match: * creates it), 412 means someone else changed it first. An
// optional bearer token authenticates. Lives on the thread that uses it (the GUI thread).
#pragma once

#include "killswitchbackend.h"
#include "net/httpclient.h"

namespace Burnrate::KillSwitch {

class HttpDocumentBackend : public Backend
{
    Q_OBJECT
public:
    HttpDocumentBackend(Net::HttpClient *client, const QUrl &url, const QString &token,
                        QObject *parent = nullptr);

    void read(QObject *context, ReadDone done) override;
    void write(const Document &document, const QByteArray &expectedRevision, QObject *context,
               WriteDone done) override;
    QString describe() const override;

private:
    Net::HttpRequest request(Net::HttpRequest::Method method) const;
    Error errorFor(const Net::HttpResponse &response, bool writing) const;

    Net::HttpClient *m_client;
    QUrl m_url;
    QString m_token;
};

} // namespace Burnrate::KillSwitch
