// The keychain SecretStore against a real Secret Service. Run only by keychain_test.sh, which sets up a
// private D-Bus session and scratch HOME/XDG directories and names the scenario in
// BURNRATE_KEYCHAIN_SCENARIO; each case skips in the other scenarios.
#include "secrets/secretstore.h"

#include <QDirIterator>
#include <QProcess>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Secrets;

namespace {

const QString kLockedValue = QStringLiteral("sk-ant-admin01-locked-7d3e");

struct ReadResult
{
    int calls = 0;
    std::optional<QString> value;
    Error error;
};

ReadResult readNow(SecretStore &store, const QString &name)
{
    ReadResult r;
    store.read(name, &store, [&r](std::optional<QString> value, Error error) {
        ++r.calls;
        r.value = std::move(value);
        r.error = std::move(error);
    });
    if (!QTest::qWaitFor([&] { return r.calls > 0; }, 20'000))
        qWarning("read did not finish");
    return r;
}

Error writeNow(SecretStore &store, const QString &name, const QString &value, bool remove = false)
{
    int calls = 0;
    Error result;
    auto done = [&](Error error) {
        ++calls;
        result = std::move(error);
    };
    if (remove)
        store.remove(name, &store, done);
    else
        store.write(name, value, &store, done);
    if (!QTest::qWaitFor([&] { return calls > 0; }, 20'000))
        return {Error::Code::Busy, QStringLiteral("the keychain job did not finish")};
    return result;
}

Error removeNow(SecretStore &store, const QString &name)
{
    return writeNow(store, name, {}, true);
}

// What secret-tool (libsecret's own client) finds for the entry: proof that it is in the Secret Service.
std::optional<QString> secretToolLookup(const QString &name)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"), {QStringLiteral("lookup"), QStringLiteral("user"), name,
                                               QStringLiteral("server"), QStringLiteral("burnrate")});
    if (!tool.waitForFinished(20'000) || tool.exitStatus() != QProcess::NormalExit || tool.exitCode() != 0)
        return std::nullopt;
    QString out = QString::fromUtf8(tool.readAllStandardOutput());
    if (out.endsWith(u'\n'))
        out.chop(1);
    return out;
}

// Regular files under HOME (the scratch dir holding every XDG directory) that contain `text` in clear.
QStringList filesContaining(const QString &text)
{
    QStringList hits;
    QDirIterator it(QDir::homePath(), QDir::Files | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!it.fileInfo().isFile() || !file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = file.readAll();
        if (content.contains(text.toUtf8()) ||
            content.contains(QByteArray::fromRawData(reinterpret_cast<const char *>(text.utf16()),
                                                     text.size() * qsizetype(sizeof(char16_t)))))
            hits << path;
    }
    return hits;
}

} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void environmentWinsOverKeychain();
    void seedLockedKeyring();
    void lockedKeyring();
    void noDefaultKeyring();
    void noKeyring_data();
    void noKeyring();
};

void TestKeychain::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("BURNRATE_KEYCHAIN_SCENARIO"))
        QSKIP("Run through tests/secrets/keychain_test.sh (ctest keychain_roundtrip).");
    // The script points HOME and the XDG directories into one scratch directory; make sure, so the
    // clear-text scan below looks where the keyring writes and nothing touches a real keyring.
    QVERIFY(qEnvironmentVariable("XDG_DATA_HOME").startsWith(QDir::homePath()));
    QVERIFY(qEnvironmentVariable("XDG_RUNTIME_DIR").startsWith(QDir::homePath()));
    QVERIFY(qEnvironmentVariableIsEmpty("DISPLAY"));
    for (const char *name : {SecretName::OtlpToken, SecretName::OpenAiAdminKey, SecretName::AnthropicAdminKey,
                             SecretName::OpenRouterKey})
        qunsetenv(Secrets::environmentVariableFor(QLatin1String(name)).toLatin1().constData());
}

void TestKeychain::roundTrip_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::newRow("otlp-token") << QString::fromLatin1(SecretName::OtlpToken)
                                << QStringLiteral("Zm9vYmFyLXRva2VuLTEyMzQ1Njc4OTA")
                                << QStringLiteral("token-two-5b8e");
    QTest::newRow("openai") << QString::fromLatin1(SecretName::OpenAiAdminKey)
                            << QStringLiteral("sk-admin-first-a1b2c3d4e5")
                            << QStringLiteral("sk-admin-second-f6a7b8");
    QTest::newRow("anthropic") << QString::fromLatin1(SecretName::AnthropicAdminKey)
                               << QStringLiteral("sk-ant-admin01-first-9c8d7e")
                               << QStringLiteral("sk-ant-admin01-zweite-\u00e4\u00f6\u00fc\u20ac");
    QTest::newRow("openrouter") << QString::fromLatin1(SecretName::OpenRouterKey)
                                << QStringLiteral("sk-or-v1-first-0f1e2d3c")
                                << QStringLiteral("sk-or-v1-second-4b5a69");
}

void TestKeychain::roundTrip()
{
    if (qgetenv("BURNRATE_KEYCHAIN_SCENARIO") != "unlocked")
        QSKIP("Another scenario of keychain_test.sh.");
    QFETCH(QString, name);
    QFETCH(QString, first);
    QFETCH(QString, second);
    const auto store = makeKeychainStore();

    ReadResult before = readNow(*store, name);
    QCOMPARE(before.calls, 1);
    QVERIFY2(!before.error, qPrintable(before.error.message));
    QVERIFY(!before.value);

    Error error = writeNow(*store, name, first);
    QVERIFY2(!error, qPrintable(error.message));
    ReadResult read = readNow(*store, name);
    QVERIFY2(!read.error, qPrintable(read.error.message));
    QCOMPARE(read.value, std::optional<QString>(first));
    QCOMPARE(secretToolLookup(name), std::optional<QString>(first));

    error = writeNow(*store, name, second);
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(readNow(*store, name).value, std::optional<QString>(second));
    QCOMPARE(secretToolLookup(name), std::optional<QString>(second));

    // gnome-keyring keeps its keyring file under XDG_DATA_HOME, encrypted: neither value is in clear
    // anywhere under the scratch HOME.
    QVERIFY(QFileInfo::exists(qEnvironmentVariable("XDG_DATA_HOME") + u"/keyrings/login.keyring"));
    {
        // The scan finds a value that is there in clear.
        const QString marker = u"clear-text-marker-" + name;
        QFile control(QDir::homePath() + u"/data/control.txt");
        QVERIFY(control.open(QIODevice::WriteOnly));
        control.write(QByteArray("before ") + marker.toUtf8() + QByteArray(" after"));
        control.close();
        QCOMPARE(filesContaining(marker), QStringList{control.fileName()});
        QVERIFY(control.remove());
    }
    QCOMPARE(filesContaining(first), QStringList());
    QCOMPARE(filesContaining(second), QStringList());

    error = removeNow(*store, name);
    QVERIFY2(!error, qPrintable(error.message));
    ReadResult after = readNow(*store, name);
    QVERIFY2(!after.error, qPrintable(after.error.message));
    QVERIFY(!after.value);
    QCOMPARE(secretToolLookup(name), std::nullopt);

    error = removeNow(*store, name);
    QVERIFY2(!error, qPrintable(error.message));
}

void TestKeychain::environmentWinsOverKeychain()
{
    if (qgetenv("BURNRATE_KEYCHAIN_SCENARIO") != "unlocked")
        QSKIP("Another scenario of keychain_test.sh.");
    const auto store = makeKeychainStore();
    const QString name = QString::fromLatin1(SecretName::OpenRouterKey);
    QVERIFY(!writeNow(*store, name, QStringLiteral("from-keychain")));

    qputenv("BURNRATE_OPENROUTER_KEY", "from-environment");
    QCOMPARE(readNow(*store, name).value, std::optional<QString>(QStringLiteral("from-environment")));
    qunsetenv("BURNRATE_OPENROUTER_KEY");
    QCOMPARE(readNow(*store, name).value, std::optional<QString>(QStringLiteral("from-keychain")));
    QVERIFY(!removeNow(*store, name));
}

void TestKeychain::seedLockedKeyring()
{
    if (qgetenv("BURNRATE_KEYCHAIN_SCENARIO") != "seed")
        QSKIP("Another scenario of keychain_test.sh.");
    const auto store = makeKeychainStore();
    const Error error = writeNow(*store, QString::fromLatin1(SecretName::AnthropicAdminKey), kLockedValue);
    QVERIFY2(!error, qPrintable(error.message));
}

void TestKeychain::lockedKeyring()
{
    // The keyring seeded above, with a daemon started without --unlock and no display for the unlock
    // prompt: the prompt fails at once, as when the user dismisses it.
    if (qgetenv("BURNRATE_KEYCHAIN_SCENARIO") != "locked")
        QSKIP("Another scenario of keychain_test.sh.");
    const auto store = makeKeychainStore();
    const QString name = QString::fromLatin1(SecretName::AnthropicAdminKey);

    ReadResult read = readNow(*store, name);
    QCOMPARE(read.calls, 1);
    QVERIFY(!read.value);
    QVERIFY2(read.error.message.startsWith(QLatin1String("The keyring is locked.")),
             qPrintable(read.error.message));
    QVERIFY(read.error.message.contains(QLatin1String("BURNRATE_ANTHROPIC_ADMIN_KEY")));

    const Error write = writeNow(*store, name, QStringLiteral("sk-ant-admin01-new-value"));
    QVERIFY2(write.message.startsWith(QLatin1String("The keyring is locked.")), qPrintable(write.message));
    QVERIFY(!write.message.contains(QLatin1String("sk-ant-admin01-new-value")));

    const Error remove = removeNow(*store, name);
    QVERIFY2(remove.message.startsWith(QLatin1String("The keyring is locked.")), qPrintable(remove.message));

    // A secret that is not in the keyring reads as not set, locked or not.
    ReadResult other = readNow(*store, QString::fromLatin1(SecretName::OpenRouterKey));
    QVERIFY2(!other.error, qPrintable(other.error.message));
    QVERIFY(!other.value);

    QCOMPARE(filesContaining(kLockedValue), QStringList());
}

void TestKeychain::noDefaultKeyring()
{
    // gnome-keyring started by D-Bus activation with no keyring yet and no display to create one.
    if (qgetenv("BURNRATE_KEYCHAIN_SCENARIO") != "nocollection")
        QSKIP("Another scenario of keychain_test.sh.");
    const auto store = makeKeychainStore();
    const QString name = QString::fromLatin1(SecretName::OpenAiAdminKey);
    ReadResult read = readNow(*store, name);
    QVERIFY2(!read.error, qPrintable(read.error.message));
    QVERIFY(!read.value);

    const Error write = writeNow(*store, name, QStringLiteral("sk-admin-nowhere-1234"));
    QVERIFY(write);
    QVERIFY2(write.message.startsWith(QLatin1String("The keyring refused the request.")),
             qPrintable(write.message));
    QVERIFY(write.message.contains(QLatin1String("BURNRATE_OPENAI_ADMIN_KEY")));
    QVERIFY(!write.message.contains(QLatin1String("sk-admin-nowhere-1234")));
}

void TestKeychain::noKeyring_data()
{
    QTest::addColumn<QString>("operation");
    QTest::newRow("read") << QStringLiteral("read");
    QTest::newRow("write") << QStringLiteral("write");
    QTest::newRow("remove") << QStringLiteral("remove");
}

void TestKeychain::noKeyring()
{
    // A session bus on which nothing provides or can start the Secret Service.
    if (qgetenv("BURNRATE_KEYCHAIN_SCENARIO") != "nokeyring")
        QSKIP("Another scenario of keychain_test.sh.");
    QFETCH(QString, operation);
    const auto store = makeKeychainStore();
    const QString name = QString::fromLatin1(SecretName::OtlpToken);
    Error error;
    if (operation == QLatin1String("read")) {
        ReadResult read = readNow(*store, name);
        QCOMPARE(read.calls, 1);
        QVERIFY(!read.value);
        error = read.error;
    } else if (operation == QLatin1String("write")) {
        error = writeNow(*store, name, QStringLiteral("otlp-token-nowhere"));
    } else {
        error = removeNow(*store, name);
    }
    QCOMPARE(error.code, Error::Code::Unsupported);
    QCOMPARE(error.message,
             QStringLiteral("No keyring is running (Secret Service). Start gnome-keyring or KWallet "
                            "and try again. Without a keyring, set the environment variable "
                            "BURNRATE_OTLP_TOKEN."));
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
