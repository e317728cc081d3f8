#include "httpclient.h"

#include <QCoreApplication>
#include <QHostAddress>

Q_LOGGING_CATEGORY(lcNet, "burnrate.net", QtInfoMsg)

namespace Burnrate::Net {

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (auto it = headers.crbegin(); it != headers.crend(); ++it) {
        if (it->first.compare(name, Qt::CaseInsensitive) == 0)
            return it->second;
    }
    return {};
}

QString displayHost(const QUrl &url)
{
    const QString host = url.host(QUrl::EncodeUnicode);
    const QString bracketed = host.contains(u':') ? u'[' + host + u']' : host;
    return url.port() == -1 ? bracketed : bracketed + u':' + QString::number(url.port());
}

bool isAllowedUrl(const QUrl &url, Error *error)
{
    const QString scheme = url.scheme().toLower();
    const QString host = url.host().toLower();
    if (!url.isValid() || host.isEmpty() || (scheme != u"https" && scheme != u"http")) {
        if (error) {
            *error = Error(Error::Code::InvalidInput,
                           QCoreApplication::translate("Burnrate::Net",
                                                       "\"%1\" is not a web address. Enter one that "
                                                       "starts with https://.")
                               .arg(url.toDisplayString(QUrl::RemoveUserInfo)));
        }
        return false;
    }
    if (scheme == u"https")
        return true;
    // Plain HTTP would send API keys readable on the network; on loopback they never leave the machine.
    if (host == u"localhost" || QHostAddress(host).isLoopback())
        return true;
    if (error) {
        *error = Error(Error::Code::Unsupported,
                       QCoreApplication::translate("Burnrate::Net",
                                                   "Refused to connect to %1 without encryption. Use an "
                                                   "https:// address.")
                           .arg(displayHost(url)));
    }
    return false;
}

} // namespace Burnrate::Net
