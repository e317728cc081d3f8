// A throw-away certificate authority made by openssl for one test run: a CA and a server certificate
// for localhost and 127.0.0.1, in a scratch directory that is removed afterwards.
#pragma once

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QStringList>
#include <QTemporaryDir>

class ThrowAwayCa
{
public:
    // False (see error()) when openssl is missing or failed.
    bool create()
    {
        if (!m_dir.isValid())
            return fail(QStringLiteral("no scratch directory"));
        QFile extensions(m_dir.filePath(QStringLiteral("ext.cnf")));
        if (!extensions.open(QIODevice::WriteOnly))
            return fail(QStringLiteral("cannot write ext.cnf"));
        extensions.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                         "extendedKeyUsage=serverAuth\n");
        extensions.close();
        const auto s = [](const char *text) { return QString::fromLatin1(text); };
        const QList<QStringList> commands = {
            {s("req"), s("-x509"), s("-newkey"), s("rsa:2048"), s("-nodes"), s("-keyout"), s("ca.key"),
             s("-out"), s("ca.crt"), s("-days"), s("2"), s("-subj"), s("/CN=Burnrate Kill Switch Test CA"),
             s("-addext"), s("basicConstraints=critical,CA:TRUE"), s("-addext"),
             s("keyUsage=critical,keyCertSign,cRLSign")},
            {s("req"), s("-newkey"), s("rsa:2048"), s("-nodes"), s("-keyout"), s("server.key"), s("-out"),
             s("server.csr"), s("-subj"), s("/CN=localhost")},
            {s("x509"), s("-req"), s("-in"), s("server.csr"), s("-CA"), s("ca.crt"), s("-CAkey"), s("ca.key"),
             s("-CAcreateserial"), s("-out"), s("server.crt"), s("-days"), s("2"), s("-extfile"),
             s("ext.cnf")},
        };
        for (const QStringList &arguments : commands) {
            QProcess openssl;
            openssl.setWorkingDirectory(m_dir.path());
            openssl.start(QStringLiteral("openssl"), arguments);
            if (!openssl.waitForFinished(30'000) || openssl.exitStatus() != QProcess::NormalExit ||
                openssl.exitCode() != 0)
                return fail(QStringLiteral("openssl failed: ") +
                            QString::fromLocal8Bit(openssl.readAllStandardError()));
        }
        return true;
    }

    QString caFile() const { return m_dir.filePath(QStringLiteral("ca.crt")); }
    QString certificateFile() const { return m_dir.filePath(QStringLiteral("server.crt")); }
    QString keyFile() const { return m_dir.filePath(QStringLiteral("server.key")); }
    QString error() const { return m_error; }

    // For a QSslServer that presents the server certificate.
    QSslConfiguration serverConfiguration() const
    {
        QFile certificate(certificateFile());
        QFile key(keyFile());
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!certificate.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
            return tls;
        tls.setLocalCertificate(QSslCertificate(certificate.readAll()));
        tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa));
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        return tls;
    }

    // For a client (QNetworkAccessManager) that trusts this CA.
    QSslConfiguration clientConfiguration() const
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(caFile());
        return tls;
    }

private:
    bool fail(const QString &message)
    {
        m_error = message;
        return false;
    }

    QTemporaryDir m_dir;
    QString m_error;
};
