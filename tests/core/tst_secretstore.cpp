#include "secrets/secretstore.h"

#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Secrets;

namespace {

const QString kName = QLatin1String(SecretName::OpenAiAdminKey);
const QString kValue = QStringLiteral("sk-admin-test-4f1c9a");

// What one read delivered, and how often its callback ran.
struct ReadResult
{
    int calls = 0;
    std::optional<QString> value;
    Error error;
};

struct WriteResult
{
    int calls = 0;
    Error error;
};

SecretStore::ReadDone into(ReadResult &r)
{
    return [&r](std::optional<QString> value, Error error) {
        ++r.calls;
        r.value = std::move(value);
        r.error = std::move(error);
    };
}

SecretStore::WriteDone into(WriteResult &r)
{
    return [&r](Error error) {
        ++r.calls;
        r.error = std::move(error);
    };
}

ReadResult readNow(SecretStore &store, const QString &name)
{
    ReadResult r;
    store.read(name, &store, into(r));
    if (!QTest::qWaitFor([&] { return r.calls > 0; }, 10'000))
        qWarning("read did not finish");
    return r;
}

WriteResult writeNow(SecretStore &store, const QString &name, const QString &value)
{
    WriteResult r;
    store.write(name, value, &store, into(r));
    if (!QTest::qWaitFor([&] { return r.calls > 0; }, 10'000))
        qWarning("write did not finish");
    return r;
}

WriteResult removeNow(SecretStore &store, const QString &name)
{
    WriteResult r;
    store.remove(name, &store, into(r));
    if (!QTest::qWaitFor([&] { return r.calls > 0; }, 10'000))
        qWarning("remove did not finish");
    return r;
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void environmentVariableFor_data();
    void environmentVariableFor();
    void memoryRoundTrip();
    void memoryKeepsNamesApart();
    void memoryCallbacksAreQueued();
    void memoryDropsCallbackOfDestroyedContext();
    void memoryNullContextMeansStore();
    void keychainEnvironmentWins();
    void keychainEnvironmentCallbackQueuedAndGuarded();
    void keychainWithoutBusIsAClearError_data();
    void keychainWithoutBusIsAClearError();
    void keychainDropsCallbackOfDestroyedContext();
};

void TestSecretStore::initTestCase()
{
    // Never reach the developer's real keyring: a bus address that cannot connect makes every
    // keychain job fail fast, which is the "no keyring" path. The real round trip is keychain_roundtrip.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/burnrate-test-bus");
    qunsetenv("DISPLAY");
    qunsetenv("WAYLAND_DISPLAY");
    cleanup();
}

void TestSecretStore::cleanup()
{
    for (const char *name : {SecretName::OtlpToken, SecretName::OpenAiAdminKey, SecretName::AnthropicAdminKey,
                             SecretName::OpenRouterKey})
        qunsetenv(Secrets::environmentVariableFor(QLatin1String(name)).toLatin1().constData());
}

void TestSecretStore::environmentVariableFor_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("variable");
    QTest::newRow("otlp") << QString::fromLatin1(SecretName::OtlpToken)
                          << QStringLiteral("BURNRATE_OTLP_TOKEN");
    QTest::newRow("openai") << QString::fromLatin1(SecretName::OpenAiAdminKey)
                            << QStringLiteral("BURNRATE_OPENAI_ADMIN_KEY");
    QTest::newRow("anthropic") << QString::fromLatin1(SecretName::AnthropicAdminKey)
                               << QStringLiteral("BURNRATE_ANTHROPIC_ADMIN_KEY");
    QTest::newRow("openrouter") << QString::fromLatin1(SecretName::OpenRouterKey)
                                << QStringLiteral("BURNRATE_OPENROUTER_KEY");
    QTest::newRow("unknown") << QStringLiteral("something-else") << QString();
}

void TestSecretStore::environmentVariableFor()
{
    QFETCH(QString, name);
    QFETCH(QString, variable);
    QCOMPARE(Secrets::environmentVariableFor(name), variable);
}

void TestSecretStore::memoryRoundTrip()
{
    const auto store = makeMemoryStore();

    ReadResult missing = readNow(*store, kName);
    QCOMPARE(missing.calls, 1);
    QVERIFY(!missing.value);
    QVERIFY(!missing.error);

    QVERIFY(!writeNow(*store, kName, kValue).error);
    ReadResult written = readNow(*store, kName);
    QCOMPARE(written.value, std::optional<QString>(kValue));
    QVERIFY(!written.error);

    QVERIFY(!writeNow(*store, kName, QStringLiteral("second")).error);
    QCOMPARE(readNow(*store, kName).value, std::optional<QString>(QStringLiteral("second")));

    // An empty value is a value, not a missing secret.
    QVERIFY(!writeNow(*store, kName, QString()).error);
    QCOMPARE(readNow(*store, kName).value, std::optional<QString>(QString()));

    QVERIFY(!removeNow(*store, kName).error);
    QVERIFY(!readNow(*store, kName).value);
    // Removing what is not there is not an error.
    WriteResult again = removeNow(*store, kName);
    QCOMPARE(again.calls, 1);
    QVERIFY(!again.error);
}

void TestSecretStore::memoryKeepsNamesApart()
{
    const auto store = makeMemoryStore();
    QVERIFY(!writeNow(*store, QLatin1String(SecretName::OtlpToken), QStringLiteral("token")).error);
    QVERIFY(!writeNow(*store, QLatin1String(SecretName::OpenRouterKey), QStringLiteral("router")).error);
    QCOMPARE(readNow(*store, QLatin1String(SecretName::OtlpToken)).value,
             std::optional<QString>(QStringLiteral("token")));
    QCOMPARE(readNow(*store, QLatin1String(SecretName::OpenRouterKey)).value,
             std::optional<QString>(QStringLiteral("router")));
    QVERIFY(!readNow(*store, QLatin1String(SecretName::AnthropicAdminKey)).value);
}

void TestSecretStore::memoryCallbacksAreQueued()
{
    const auto store = makeMemoryStore();
    QObject context;
    WriteResult written;
    ReadResult read;
    WriteResult removed;
    store->write(kName, kValue, &context, into(written));
    store->read(kName, &context, into(read));
    store->remove(kName, &context, into(removed));
    QCOMPARE(written.calls, 0);
    QCOMPARE(read.calls, 0);
    QCOMPARE(removed.calls, 0);

    QTRY_COMPARE(removed.calls, 1);
    QCOMPARE(written.calls, 1);
    QCOMPARE(read.calls, 1);
    // The read saw the state at the time of the call, before the remove.
    QCOMPARE(read.value, std::optional<QString>(kValue));
}

void TestSecretStore::memoryDropsCallbackOfDestroyedContext()
{
    const auto store = makeMemoryStore();
    auto context = std::make_unique<QObject>();
    WriteResult written;
    ReadResult read;
    store->write(kName, kValue, context.get(), into(written));
    store->read(kName, context.get(), into(read));
    context.reset();

    // A later request on a live context completes; the earlier ones must have been dropped by then.
    ReadResult after = readNow(*store, kName);
    QCOMPARE(after.calls, 1);
    QCOMPARE(after.value, std::optional<QString>(kValue)); // the write itself happened
    QCOMPARE(written.calls, 0);
    QCOMPARE(read.calls, 0);
}

void TestSecretStore::memoryNullContextMeansStore()
{
    auto store = makeMemoryStore();
    ReadResult live;
    store->read(kName, nullptr, into(live));
    QTRY_COMPARE(live.calls, 1);

    ReadResult dropped;
    store->read(kName, nullptr, into(dropped));
    store.reset();
    QObject context;
    ReadResult probe;
    QMetaObject::invokeMethod(
        &context, [&probe] { ++probe.calls; }, Qt::QueuedConnection);
    QTRY_COMPARE(probe.calls, 1);
    QCOMPARE(dropped.calls, 0);
}

void TestSecretStore::keychainEnvironmentWins()
{
    const auto store = makeKeychainStore();
    qputenv("BURNRATE_OPENAI_ADMIN_KEY", kValue.toUtf8());
    ReadResult r = readNow(*store, kName);
    QCOMPARE(r.calls, 1);
    QCOMPARE(r.value, std::optional<QString>(kValue));
    QVERIFY2(!r.error, qPrintable(r.error.message)); // the (unreachable) keychain was not asked

    // Each secret has its own variable.
    qputenv("BURNRATE_ANTHROPIC_ADMIN_KEY", "ant-value");
    QCOMPARE(readNow(*store, QLatin1String(SecretName::AnthropicAdminKey)).value,
             std::optional<QString>(QStringLiteral("ant-value")));

    // An empty variable does not count: the keychain is asked (and here, fails).
    qputenv("BURNRATE_OPENAI_ADMIN_KEY", "");
    ReadResult empty = readNow(*store, kName);
    QCOMPARE(empty.calls, 1);
    QVERIFY(!empty.value);
    QVERIFY(empty.error);
}

void TestSecretStore::keychainEnvironmentCallbackQueuedAndGuarded()
{
    const auto store = makeKeychainStore();
    qputenv("BURNRATE_OTLP_TOKEN", "token-from-env");
    QObject context;
    ReadResult r;
    store->read(QLatin1String(SecretName::OtlpToken), &context, into(r));
    QCOMPARE(r.calls, 0);
    QTRY_COMPARE(r.calls, 1);
    QCOMPARE(r.value, std::optional<QString>(QStringLiteral("token-from-env")));

    auto gone = std::make_unique<QObject>();
    ReadResult dropped;
    store->read(QLatin1String(SecretName::OtlpToken), gone.get(), into(dropped));
    gone.reset();
    QCOMPARE(readNow(*store, QLatin1String(SecretName::OtlpToken)).calls, 1);
    QCOMPARE(dropped.calls, 0);
}

void TestSecretStore::keychainWithoutBusIsAClearError_data()
{
    QTest::addColumn<QString>("operation");
    QTest::newRow("read") << QStringLiteral("read");
    QTest::newRow("write") << QStringLiteral("write");
    QTest::newRow("remove") << QStringLiteral("remove");
}

void TestSecretStore::keychainWithoutBusIsAClearError()
{
    QFETCH(QString, operation);
    const auto store = makeKeychainStore();
    Error error;
    int calls = 0;
    QObject context;
    if (operation == QLatin1String("read")) {
        ReadResult r;
        store->read(kName, &context, into(r));
        QCOMPARE(r.calls, 0);
        QTRY_COMPARE_WITH_TIMEOUT(r.calls, 1, 10'000);
        QVERIFY(!r.value);
        calls = r.calls;
        error = r.error;
    } else {
        WriteResult r;
        if (operation == QLatin1String("write"))
            store->write(kName, kValue, &context, into(r));
        else
            store->remove(kName, &context, into(r));
        QCOMPARE(r.calls, 0);
        QTRY_COMPARE_WITH_TIMEOUT(r.calls, 1, 10'000);
        calls = r.calls;
        error = r.error;
    }
    QCOMPARE(calls, 1);
    QCOMPARE(error.code, Error::Code::Unsupported);
    QVERIFY2(error.message.startsWith(QLatin1String("No keyring is running (Secret Service).")),
             qPrintable(error.message));
    QVERIFY2(error.message.contains(QLatin1String("BURNRATE_OPENAI_ADMIN_KEY")), qPrintable(error.message));
    QVERIFY(!error.message.contains(kValue));
}

void TestSecretStore::keychainDropsCallbackOfDestroyedContext()
{
    const auto store = makeKeychainStore();
    auto gone = std::make_unique<QObject>();
    ReadResult dropped;
    WriteResult droppedWrite;
    store->read(kName, gone.get(), into(dropped));
    store->write(kName, kValue, gone.get(), into(droppedWrite));
    gone.reset();

    // QtKeychain runs jobs one after another: once a later job has finished, so have the earlier ones.
    ReadResult after = readNow(*store, kName);
    QCOMPARE(after.calls, 1);
    QVERIFY(after.error);
    QCOMPARE(dropped.calls, 0);
    QCOMPARE(droppedWrite.calls, 0);
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
