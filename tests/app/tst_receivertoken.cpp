// Where `burnrate` takes the receiver's token from, against a real gnome-keyring on a private D-Bus
// session: the window reads the keychain (BURNRATE_OTLP_TOKEN wins), --headless never asks it, and
// without a readable keychain an address other machines can reach is refused.
#include "burnraterun.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Runs on the private bus: an unlocked keyring holding the token, then burnrate until a line arrives
// on stdin. Stops both on the way out.
const QString kSession = uR"(
printf 'keyring-password' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
daemon=$!
trap 'kill $daemon 2>/dev/null; wait $daemon 2>/dev/null' EXIT
for _ in $(seq 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true && break
    sleep 0.1
done
printf '%s' "$KEYCHAIN_TOKEN" | secret-tool store --label 'Burnrate test' user otlp-token server burnrate type plaintext
"$BURNRATE" "$@" &
app=$!
read -r _
kill -TERM $app
wait $app
echo "burnrate exited with $?"
)"_s;

} // namespace

class TestReceiverToken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void keychain_data();
    void keychain();
    void noKeychain_data();
    void noKeychain();

private:
    QProcessEnvironment environment() const;
    int post(quint16 port, const QString &token);

    std::unique_ptr<QTemporaryDir> m_dir;
    QNetworkAccessManager m_network;
};

void TestReceiverToken::initTestCase()
{
    for (const QString &tool :
         {u"dbus-run-session"_s, u"dbus-send"_s, u"gnome-keyring-daemon"_s, u"secret-tool"_s})
        QVERIFY2(!QStandardPaths::findExecutable(tool).isEmpty(),
                 qPrintable(tool + u" is missing (Debian packages dbus, gnome-keyring, libsecret-tools)"_s));
}

void TestReceiverToken::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

// Nothing of the developer's session: no bus, no display (so no keyring prompt), no token, own dirs.
QProcessEnvironment TestReceiverToken::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY",
                             "GNOME_KEYRING_CONTROL", "BURNRATE_OTLP_TOKEN"})
        env.remove(QString::fromLatin1(name));
    for (const char *dir : {"data", "config", "cache", "run"})
        QDir().mkpath(m_dir->filePath(QString::fromLatin1(dir)));
    QFile::setPermissions(m_dir->filePath(u"run"_s), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    env.insert(u"HOME"_s, m_dir->path());
    env.insert(u"XDG_DATA_HOME"_s, m_dir->filePath(u"data"_s));
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir->filePath(u"config"_s));
    env.insert(u"XDG_CACHE_HOME"_s, m_dir->filePath(u"cache"_s));
    env.insert(u"XDG_RUNTIME_DIR"_s, m_dir->filePath(u"run"_s));
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"BURNRATE"_s, QStringLiteral(BURNRATE_EXECUTABLE));
    return env;
}

int TestReceiverToken::post(quint16 port, const QString &token)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/v1/traces"_s.arg(port)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    std::unique_ptr<QNetworkReply> reply(m_network.post(request, kOneChatTrace));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(20'000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void TestReceiverToken::keychain_data()
{
    QTest::addColumn<bool>("headless");
    QTest::addColumn<QString>("environmentToken");
    QTest::addColumn<QString>("accepted"); // the one token the receiver takes; empty: it takes any request
    QTest::newRow("window reads the keychain") << false << QString() << u"keychain-token-1"_s;
    QTest::newRow("the environment wins") << false << u"environment-token-2"_s << u"environment-token-2"_s;
    QTest::newRow("headless never asks the keychain") << true << QString() << QString();
}

void TestReceiverToken::keychain()
{
    QFETCH(bool, headless);
    QFETCH(QString, environmentToken);
    QFETCH(QString, accepted);
    const quint16 port = freePort();
    QVERIFY(port);
    QProcessEnvironment env = environment();
    env.insert(u"KEYCHAIN_TOKEN"_s, u"keychain-token-1"_s);
    if (!environmentToken.isEmpty())
        env.insert(u"BURNRATE_OTLP_TOKEN"_s, environmentToken);
    QStringList arguments = {u"--"_s,
                             u"bash"_s,
                             u"-c"_s,
                             kSession,
                             u"session"_s,
                             u"--db"_s,
                             m_dir->filePath(u"burnrate.sqlite"_s),
                             u"--otlp-listen"_s,
                             u"127.0.0.1:%1"_s.arg(port)};
    if (headless)
        arguments << u"--headless"_s;
    QProcess session;
    session.setProcessEnvironment(env);
    session.setProcessChannelMode(QProcess::MergedChannels);
    session.start(u"dbus-run-session"_s, arguments);
    QString output;
    QTRY_VERIFY_WITH_TIMEOUT(
        (output += QString::fromUtf8(session.readAll())).contains(u"Receiving OpenTelemetry"_s) ||
            session.state() == QProcess::NotRunning,
        30'000);
    QVERIFY2(session.state() == QProcess::Running, qPrintable(output));

    if (accepted.isEmpty()) {
        QCOMPARE(post(port, QString()), 200);
    } else {
        QCOMPARE(post(port, QString()), 401);
        QCOMPARE(post(port, u"wrong-token"_s), 401);
        QCOMPARE(post(port, u"keychain-token-1"_s), accepted == u"keychain-token-1" ? 200 : 401);
        QCOMPARE(post(port, accepted), 200);
    }

    session.write("stop\n");
    session.closeWriteChannel();
    QVERIFY(session.waitForFinished(30'000));
    output += QString::fromUtf8(session.readAll());
    QVERIFY2(output.contains(u"burnrate exited with 0"_s), qPrintable(output));
    QVERIFY2(!output.contains(u"keychain-token-1"_s), qPrintable(output)); // never logged
}

void TestReceiverToken::noKeychain_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("starts");
    QTest::newRow("loopback starts without a token") << u"127.0.0.1"_s << true;
    QTest::newRow("an open address is refused") << u"0.0.0.0"_s << false;
}

// No session bus at all: the keychain cannot be asked.
void TestReceiverToken::noKeychain()
{
    QFETCH(QString, host);
    QFETCH(bool, starts);
    const quint16 port = freePort();
    QVERIFY(port);
    QProcess app;
    app.setProcessEnvironment(environment());
    app.setProcessChannelMode(QProcess::MergedChannels);
    const QString listen = u"%1:%2"_s.arg(host).arg(port);
    app.start(QStringLiteral(BURNRATE_EXECUTABLE),
              {u"--db"_s, m_dir->filePath(u"burnrate.sqlite"_s), u"--otlp-listen"_s, listen});
    QString output;
    if (!starts) {
        QVERIFY(app.waitForFinished(30'000));
        output = QString::fromUtf8(app.readAll());
        QCOMPARE(app.exitCode(), 1);
        QVERIFY2(output.contains(u"keyring"_s) && output.contains(listen), qPrintable(output));
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        (output += QString::fromUtf8(app.readAll())).contains(u"Receiving OpenTelemetry"_s) ||
            app.state() == QProcess::NotRunning,
        30'000);
    QVERIFY2(app.state() == QProcess::Running, qPrintable(output));
    QVERIFY2(output.contains(u"keyring"_s), qPrintable(output)); // the log says why there is no token
    QCOMPARE(post(port, QString()), 200);
    app.terminate();
    QVERIFY(app.waitForFinished(30'000));
    QCOMPARE(app.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestReceiverToken)
#include "tst_receivertoken.moc"
