#include "common/settings.h"
#include "common/timeutil.h"
#include "ingest/otlpreceiver.h"
#include "net/curlhttpclient.h"
#include "pricing/pricetable.h"
#include "providers/poller.h"
#include "secrets/secretstore.h"
#include "sourcespage.h"
#include "storage/database.h"
#include "storage/storagewriter.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Burnrate;
using namespace Burnrate::Widgets;
using namespace Qt::StringLiterals;
using Providers::Provider;

namespace {

// Never shown, never written to burnrate.conf: the tests look for it everywhere.
const QString kSecretKey = u"sk-admin-UNIQUE-7f3a9c1e"_s;

QByteArray httpReply(int status, const QByteArray &body)
{
    return "HTTP/1.1 " + QByteArray::number(status) +
           " Test\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\n\r\n" + body;
}

// A tiny HTTP/1.1 server on 127.0.0.1 that answers every request with one status and body, and records
// the request lines and the Authorization headers it saw.
class ProviderServer : public QObject
{
public:
    ProviderServer()
    {
        connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        if (!m_server.listen(QHostAddress::LocalHost))
            qFatal("cannot listen on loopback");
    }

    QString baseUrl() const { return u"http://127.0.0.1:"_s + QString::number(m_server.serverPort()); }

    int status = 200;
    QByteArray body = R"({"object": "page", "data": [], "has_more": false, "next_page": null})";
    QHash<QByteArray, QByteArray> bodies; // by path, for paths that answer other than `body`
    QList<QByteArray> targets;
    QList<QByteArray> authorizations;

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
        targets.append(lines.first().split(' ').value(1));
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("authorization:"))
                authorizations.append(line.mid(14).trimmed());
        }
        buffer.clear();
        const QByteArray path = targets.last().split('?').first();
        socket->write(httpReply(status, bodies.value(path, body)));
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// A keyring that cannot be used, as when it is locked and the unlock prompt was dismissed.
class LockedStore : public Secrets::SecretStore
{
public:
    static QString message() { return u"The keyring is locked. Unlock it and try again."_s; }

    void read(const QString &, QObject *context, ReadDone done) override
    {
        QMetaObject::invokeMethod(
            context, [done = std::move(done)] { done(std::nullopt, Error(Error::Code::Io, message())); },
            Qt::QueuedConnection);
    }
    void write(const QString &, const QString &, QObject *context, WriteDone done) override
    {
        ++writes;
        QMetaObject::invokeMethod(
            context, [done = std::move(done)] { done(Error(Error::Code::Io, message())); },
            Qt::QueuedConnection);
    }
    void remove(const QString &, QObject *context, WriteDone done) override
    {
        write({}, {}, context, std::move(done));
    }

    int writes = 0;
};

// The port of a server that was just closed: nothing listens there.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace

class TestSourcesPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void cardsForEveryProvider();
    void keySavedAndNeverShown();
    void invalidBaseUrlRefused_data();
    void invalidBaseUrlRefused();
    void settingsSaved();
    void lastErrorShown();
    void testConnectionResult();
    void keyringErrorsShown();
    void environmentKeyWins();
    void openRouterAccountShown();
    void receiverCounts();
    void relativeTimes();

private:
    void makePage(Secrets::SecretStore *secrets);
    ProviderCard *card(const QString &id) const;
    template<typename T> T *in(const QString &id, const QString &name) const
    {
        ProviderCard *c = card(id);
        return c ? c->findChild<T *>(name) : nullptr;
    }
    // Every text the page shows or holds in a field, tooltips and placeholders included.
    QString everyText() const;
    void screenshot(const QString &name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage::StorageWriter> m_writer;
    std::unique_ptr<Net::CurlHttpClient> m_http;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<Secrets::SecretStore> m_secrets;
    QList<Providers::ProviderPoller *> m_pollers;
    std::unique_ptr<SourcesPage> m_page;
    QString m_unreachable;
};

void TestSourcesPage::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    for (Provider p : Providers::allProviders())
        qunsetenv(Secrets::environmentVariableFor(Providers::secretNameFor(p)).toLocal8Bit().constData());
}

void TestSourcesPage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_writer = std::make_unique<Storage::StorageWriter>(m_dir->filePath(u"burnrate.sqlite"_s));
    Error error;
    QVERIFY2(m_writer->start(&error), qPrintable(error.message));
    m_http = std::make_unique<Net::CurlHttpClient>();
    m_settings = std::make_unique<Settings>(m_dir->filePath(u"burnrate.conf"_s));
    m_secrets = Secrets::makeMemoryStore();
    m_unreachable = u"http://127.0.0.1:"_s + QString::number(closedPort());
    Net::RetryPolicy once;
    once.maxAttempts = 1;
    for (Provider p : Providers::allProviders()) {
        auto *poller = new Providers::ProviderPoller(p, m_http.get(), m_writer.get(),
                                                     m_dir->filePath(u"burnrate.sqlite"_s), this);
        poller->setRetryPolicy(once);
        ProviderSettings settings = m_settings->providerSettings(Providers::providerId(p));
        settings.baseUrl = m_unreachable;
        m_settings->setProviderSettings(Providers::providerId(p), settings);
        poller->setSettings(settings);
        m_pollers.append(poller);
    }
    QVERIFY(m_settings->sync());
}

void TestSourcesPage::cleanup()
{
    m_page.reset();
    qDeleteAll(m_pollers);
    m_pollers.clear();
    m_http.reset();
    m_writer.reset();
    m_secrets.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestSourcesPage::makePage(Secrets::SecretStore *secrets)
{
    m_page = std::make_unique<SourcesPage>(u"http://127.0.0.1:4318/v1/traces"_s);
    m_page->setProviders(m_pollers, secrets, m_settings.get());
    m_page->resize(1050, 1200);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

ProviderCard *TestSourcesPage::card(const QString &id) const
{
    return m_page->findChild<ProviderCard *>(u"card-"_s + id);
}

QString TestSourcesPage::everyText() const
{
    QStringList texts;
    for (QLabel *label : m_page->findChildren<QLabel *>())
        texts << label->text() << label->toolTip();
    for (QLineEdit *edit : m_page->findChildren<QLineEdit *>())
        texts << edit->text() << edit->placeholderText() << edit->displayText();
    for (QWidget *widget : m_page->findChildren<QWidget *>())
        texts << widget->toolTip();
    return texts.join(u'\n');
}

// Set BURNRATE_SCREENSHOT_DIR to look at what the tests see.
void TestSourcesPage::screenshot(const QString &name) const
{
    const QString dir = qEnvironmentVariable("BURNRATE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    QVERIFY(m_page->grab().save(QDir(dir).filePath(name + u".png"_s)));
}

void TestSourcesPage::cardsForEveryProvider()
{
    makePage(m_secrets.get());
    QCOMPARE(m_page->findChildren<ProviderCard *>().size(), 3);
    for (const QString &id : {u"openai"_s, u"anthropic"_s, u"openrouter"_s}) {
        QVERIFY2(card(id), qPrintable(id));
        auto *key = in<QLineEdit>(id, u"adminKey"_s);
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        QTRY_VERIFY(key->isEnabled()); // the keyring answered
        QCOMPARE(key->placeholderText(), u"Paste the admin key"_s);
        QVERIFY(!in<QPushButton>(id, u"forgetKey"_s)->isVisible());
        QCOMPARE(in<QLabel>(id, u"state"_s)->text(), u"Off"_s);
        QCOMPARE(in<QLabel>(id, u"lastSuccess"_s)->text(), u"never"_s);
        QCOMPARE(in<QLabel>(id, u"nextPoll"_s)->text(), u"not scheduled"_s);
        QVERIFY(!in<QPushButton>(id, u"pollNow"_s)->isEnabled());
        QVERIFY(!in<QProgressBar>(id, u"backfill"_s)->isVisible());
        QVERIFY(!in<QPushButton>(id, u"save"_s)->isEnabled()); // nothing changed
    }
    screenshot(u"sources-off"_s);
}

void TestSourcesPage::keySavedAndNeverShown()
{
    makePage(m_secrets.get());
    Providers::ProviderPoller *openai = m_pollers.at(0);
    auto *key = in<QLineEdit>(u"openai"_s, u"adminKey"_s);
    QTRY_VERIFY(key->isEnabled());

    // Enabling applies at once and asks for the key.
    in<QCheckBox>(u"openai"_s, u"enabled"_s)->setChecked(true);
    QVERIFY(m_settings->providerSettings(u"openai"_s).enabled);
    QVERIFY(openai->status().enabled);
    QCOMPARE(in<QLabel>(u"openai"_s, u"state"_s)->text(), u"Needs an admin key"_s);
    QCOMPARE(in<QLabel>(u"openai"_s, u"keyNote"_s)->text(), u"Enter the admin key to start polling."_s);

    QTest::keyClicks(key, kSecretKey);
    QVERIFY(key->displayText() != kSecretKey); // masked while typed
    auto *save = in<QPushButton>(u"openai"_s, u"save"_s);
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(key->text().isEmpty()); // gone from the field at once
    QTRY_COMPARE(in<QLabel>(u"openai"_s, u"keyNote"_s)->text(), u"The key is saved in the keyring."_s);
    QCOMPARE(key->placeholderText(), u"Stored in the keyring"_s);
    QVERIFY(in<QPushButton>(u"openai"_s, u"forgetKey"_s)->isVisible());
    QVERIFY(openai->status().hasKey);

    std::optional<QString> stored;
    bool read = false;
    m_secrets->read(QLatin1String(Secrets::SecretName::OpenAiAdminKey), this,
                    [&](std::optional<QString> v, Error) {
                        stored = v;
                        read = true;
                    });
    QTRY_VERIFY(read);
    QCOMPARE(stored, std::optional<QString>(kSecretKey));

    // Not on screen, not in the configuration file.
    QVERIFY(!everyText().contains(kSecretKey));
    QFile conf(m_settings->filePath());
    QVERIFY(conf.open(QIODevice::ReadOnly));
    const QByteArray confText = conf.readAll();
    QVERIFY(confText.contains("enabled=true"));
    QVERIFY(!confText.contains(kSecretKey.toUtf8()));
    screenshot(u"sources-key-saved"_s);

    // Remove: the keyring forgets it and polling stops.
    QTest::mouseClick(in<QPushButton>(u"openai"_s, u"forgetKey"_s), Qt::LeftButton);
    QTRY_VERIFY(!openai->status().hasKey);
    QCOMPARE(key->placeholderText(), u"Paste the admin key"_s);
    read = false;
    m_secrets->read(QLatin1String(Secrets::SecretName::OpenAiAdminKey), this,
                    [&](std::optional<QString> v, Error) {
                        stored = v;
                        read = true;
                    });
    QTRY_VERIFY(read);
    QVERIFY(!stored);
}

void TestSourcesPage::invalidBaseUrlRefused_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message");
    QTest::addRow("plain http to another host") << u"http://api.example.com"_s << u"without encryption"_s;
    QTest::addRow("not a web address") << u"ftp://api.example.com"_s << u"is not a web address"_s;
    QTest::addRow("no host") << u"https://"_s << u"is not a web address"_s;
}

void TestSourcesPage::invalidBaseUrlRefused()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    makePage(m_secrets.get());
    auto *baseUrl = in<QLineEdit>(u"anthropic"_s, u"baseUrl"_s);
    auto *note = in<QLabel>(u"anthropic"_s, u"formNote"_s);
    auto *save = in<QPushButton>(u"anthropic"_s, u"save"_s);
    baseUrl->setText(url);
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(message), qPrintable(note->text()));
    QVERIFY(!save->isEnabled());
    QTest::keyClick(baseUrl, Qt::Key_Return); // refused too
    QCOMPARE(m_settings->providerSettings(u"anthropic"_s).baseUrl, m_unreachable);

    // Fixed: the note goes and the address can be saved.
    baseUrl->setText(u"https://anthropic.example.net"_s);
    QVERIFY(!note->isVisible());
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(m_settings->providerSettings(u"anthropic"_s).baseUrl, u"https://anthropic.example.net"_s);
}

void TestSourcesPage::settingsSaved()
{
    makePage(m_secrets.get());
    in<QSpinBox>(u"openrouter"_s, u"interval"_s)->setValue(15);
    in<QSpinBox>(u"openrouter"_s, u"backfillDays"_s)->setValue(7);
    in<QLineEdit>(u"openrouter"_s, u"baseUrl"_s)->clear(); // back to the default
    QTest::mouseClick(in<QPushButton>(u"openrouter"_s, u"save"_s), Qt::LeftButton);
    const ProviderSettings saved = m_settings->providerSettings(u"openrouter"_s);
    QCOMPARE(saved.intervalS, 15 * 60);
    QCOMPARE(saved.backfillDays, 7);
    QCOMPARE(saved.baseUrl, Providers::defaultBaseUrl(Provider::OpenRouter));
    QVERIFY(!saved.enabled);
    // Written to the file, not only kept in memory.
    QCOMPARE(Settings(m_settings->filePath()).providerSettings(u"openrouter"_s), saved);
    QVERIFY(!in<QPushButton>(u"openrouter"_s, u"save"_s)->isEnabled());
}

void TestSourcesPage::lastErrorShown()
{
    makePage(m_secrets.get());
    Providers::ProviderPoller *openai = m_pollers.at(0);
    auto *key = in<QLineEdit>(u"openai"_s, u"adminKey"_s);
    QTRY_VERIFY(key->isEnabled());
    in<QCheckBox>(u"openai"_s, u"enabled"_s)->setChecked(true);
    key->setText(kSecretKey);
    QTest::mouseClick(in<QPushButton>(u"openai"_s, u"save"_s), Qt::LeftButton);
    openai->start(); // nothing listens at the base URL

    auto *lastError = in<QLabel>(u"openai"_s, u"lastError"_s);
    QTRY_VERIFY_WITH_TIMEOUT(lastError->isVisible(), 15000);
    QVERIFY(!lastError->text().isEmpty());
    QCOMPARE(lastError->text(), openai->status().lastError);
    QVERIFY(lastError->textInteractionFlags() & Qt::TextSelectableByMouse);
    QTRY_COMPARE(in<QLabel>(u"openai"_s, u"state"_s)->text(), u"Failing"_s);
    QCOMPARE(lastError->palette().color(QPalette::WindowText), QColor(0xb3, 0x26, 0x1e));
    QVERIFY(!everyText().contains(kSecretKey));
    screenshot(u"sources-error"_s);
    // Turned off, the provider is "Off" and its last error is history, not shown as a problem.
    in<QCheckBox>(u"openai"_s, u"enabled"_s)->setChecked(false);
    QTRY_COMPARE(in<QLabel>(u"openai"_s, u"state"_s)->text(), u"Off"_s);
    QCOMPARE(lastError->palette().color(QPalette::WindowText),
             lastError->parentWidget()->palette().color(QPalette::PlaceholderText));
}

QByteArray readTestData(const QString &name)
{
    QFile file(QStringLiteral(BURNRATE_TEST_DATA_DIR) + u"/providers/"_s + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// OpenRouter's card shows the account's credits and the key's limit once a poll has read them; the other
// providers' cards have no such rows.
void TestSourcesPage::openRouterAccountShown()
{
    ProviderServer server;
    server.body = R"({"data": []})";
    server.bodies.insert("/api/v1/key", readTestData(u"openrouter_key.json"_s));
    server.bodies.insert("/api/v1/credits", readTestData(u"openrouter_credits.json"_s));
    QVERIFY(!server.bodies.value("/api/v1/key").isEmpty());
    makePage(m_secrets.get());
    auto *balance = in<QLabel>(u"openrouter"_s, u"balance"_s);
    auto *limit = in<QLabel>(u"openrouter"_s, u"keyLimit"_s);
    QVERIFY(balance && limit);
    QVERIFY(!balance->isVisible());
    QVERIFY(!limit->isVisible());

    auto *key = in<QLineEdit>(u"openrouter"_s, u"adminKey"_s);
    QTRY_VERIFY(key->isEnabled());
    in<QCheckBox>(u"openrouter"_s, u"enabled"_s)->setChecked(true);
    in<QLineEdit>(u"openrouter"_s, u"baseUrl"_s)->setText(server.baseUrl());
    key->setText(kSecretKey);
    QTest::mouseClick(in<QPushButton>(u"openrouter"_s, u"save"_s), Qt::LeftButton);
    m_pollers.at(2)->start();

    // 250 credits bought, 187.123456 used; the key: 12.345678 of 50 left until the month's reset.
    QTRY_VERIFY_WITH_TIMEOUT(balance->isVisible(), 15000);
    QCOMPARE(balance->text(), u"$62.88 of $250.00 bought"_s);
    QTRY_VERIFY(limit->isVisible());
    QCOMPARE(limit->text(), u"$12.35 of $50.00 left this month"_s);
    QVERIFY(limit->toolTip().contains(u"$0.10"_s));
    QVERIFY(!in<QLabel>(u"openai"_s, u"balance"_s)->isVisible());
    QVERIFY(!in<QLabel>(u"anthropic"_s, u"keyLimit"_s)->isVisible());
    screenshot(u"sources-openrouter"_s);
}

void TestSourcesPage::testConnectionResult()
{
    ProviderServer server;
    makePage(m_secrets.get());
    ProviderSettings settings = m_settings->providerSettings(u"openai"_s);
    settings.baseUrl = server.baseUrl();
    m_pollers.at(0)->setSettings(settings);
    auto *key = in<QLineEdit>(u"openai"_s, u"adminKey"_s);
    auto *result = in<QLabel>(u"openai"_s, u"testResult"_s);
    auto *test = in<QPushButton>(u"openai"_s, u"testConnection"_s);
    QTRY_VERIFY(key->isEnabled());

    // Without a key there is nothing to test.
    QTest::mouseClick(test, Qt::LeftButton);
    QCOMPARE(result->text(), u"Enter an admin key to test it."_s);
    QVERIFY(server.targets.isEmpty());

    // With the typed key (not saved): each endpoint answers an empty page.
    key->setText(kSecretKey);
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(result->text(),
                              u"The connection works, and the key may read what Burnrate polls."_s, 10000);
    QCOMPARE(result->palette().color(QPalette::WindowText), QColor(0x1e, 0x7b, 0x34));
    QCOMPARE(server.targets.size(), 2); // usage and costs
    QVERIFY(server.authorizations.contains("Bearer " + kSecretKey.toUtf8()));
    QVERIFY(test->isEnabled());

    // A refused key: the reason, in red, without the key.
    server.status = 401;
    server.body =
        R"({"error": {"message": "Invalid authorization header", "type": "invalid_request_error"}})";
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text() != u"Testing the connection…"_s, 10000);
    QCOMPARE(result->palette().color(QPalette::WindowText), QColor(0xb3, 0x26, 0x1e));
    QVERIFY2(result->text().contains(u"OpenAI admin key"_s), qPrintable(result->text()));
    QVERIFY(!everyText().contains(kSecretKey) || key->text() == kSecretKey);
    QVERIFY(!result->text().contains(kSecretKey));
    // Testing stores nothing and saves nothing.
    QVERIFY(!m_pollers.at(0)->status().hasKey);
    screenshot(u"sources-test-failed"_s);
}

void TestSourcesPage::keyringErrorsShown()
{
    LockedStore locked;
    makePage(&locked);
    auto *key = in<QLineEdit>(u"anthropic"_s, u"adminKey"_s);
    auto *note = in<QLabel>(u"anthropic"_s, u"keyNote"_s);
    QTRY_VERIFY(key->isEnabled());
    QCOMPARE(note->text(), LockedStore::message());
    QVERIFY(note->isVisible());
    // The provider is off: "Off" and the keyring's message in the neutral tone, not as an error.
    auto *enabled = in<QCheckBox>(u"anthropic"_s, u"enabled"_s);
    QVERIFY(!enabled->isChecked());
    const QColor neutral = note->parentWidget()->palette().color(QPalette::PlaceholderText);
    const QColor red(0xb3, 0x26, 0x1e);
    QCOMPARE(note->palette().color(QPalette::WindowText), neutral);
    auto *state = in<QLabel>(u"anthropic"_s, u"state"_s);
    QCOMPARE(state->text(), u"Off"_s);
    QCOMPARE(state->palette().color(QPalette::WindowText), neutral);
    // Turned on, the keyring that cannot be read is a problem; off again, it is not.
    enabled->setChecked(true);
    QCOMPARE(note->text(), LockedStore::message());
    QCOMPARE(note->palette().color(QPalette::WindowText), red);
    enabled->setChecked(false);
    QCOMPARE(note->palette().color(QPalette::WindowText), neutral);
    QVERIFY(note->isVisible());

    // Saving fails in the keyring: said so, and the key still serves this session.
    key->setText(kSecretKey);
    QTest::mouseClick(in<QPushButton>(u"anthropic"_s, u"save"_s), Qt::LeftButton);
    QTRY_VERIFY(note->text().startsWith(u"The key could not be saved in the keyring"_s));
    QVERIFY(note->text().contains(LockedStore::message()));
    QCOMPARE(locked.writes, 1);
    QVERIFY(m_pollers.at(1)->status().hasKey);
    QVERIFY(!everyText().contains(kSecretKey));
    screenshot(u"sources-keyring-locked"_s);
}

void TestSourcesPage::environmentKeyWins()
{
    const QByteArray variable =
        Secrets::environmentVariableFor(QLatin1String(Secrets::SecretName::OpenRouterKey)).toLocal8Bit();
    QCOMPARE(variable, QByteArray("BURNRATE_OPENROUTER_KEY"));
    qputenv(variable.constData(), kSecretKey.toUtf8());
    makePage(m_secrets.get());
    auto *key = in<QLineEdit>(u"openrouter"_s, u"adminKey"_s);
    QVERIFY(!key->isEnabled());
    QCOMPARE(key->placeholderText(), u"Set by BURNRATE_OPENROUTER_KEY"_s);
    QVERIFY(in<QLabel>(u"openrouter"_s, u"keyNote"_s)->text().contains(u"BURNRATE_OPENROUTER_KEY is set"_s));
    QVERIFY(!everyText().contains(kSecretKey));
    // The other providers are not affected.
    QTRY_VERIFY(in<QLineEdit>(u"openai"_s, u"adminKey"_s)->isEnabled());
    qunsetenv(variable.constData());
}

void TestSourcesPage::receiverCounts()
{
    Ingest::OtlpReceiver::Options options;
    options.port = 0;
    options.bearerToken = u"receiver-token"_s;
    Ingest::OtlpReceiver receiver(options, m_writer.get(), std::make_shared<const Pricing::PriceTable>());
    Error error;
    QVERIFY2(receiver.start(&error), qPrintable(error.message));
    makePage(m_secrets.get());
    m_page->setEndpoint(receiver.endpoint(), true);
    QCOMPARE(m_page->findChild<QLabel *>(u"receiverState"_s)->text(), u"Not running"_s);
    m_page->setReceiver(&receiver);
    QCOMPARE(m_page->findChild<QLabel *>(u"receiverState"_s)->text(), u"Listening"_s);
    QCOMPARE(m_page->findChild<QLabel *>(u"receiverEndpoint"_s)->text(), receiver.endpoint());
    QCOMPARE(m_page->findChild<QLabel *>(u"receiverToken"_s)->text(), u"yes, a bearer token"_s);
    QVERIFY(m_page->findChild<QLabel *>(u"receiverHint"_s)->text().contains(receiver.endpoint()));
    QCOMPARE(m_page->findChild<QLabel *>(u"spansReceived"_s)->text(), u"0"_s);

    // A token is required and none is sent: the request is refused, and the page says why.
    QFile file(QStringLiteral(BURNRATE_TEST_DATA_DIR) + u"/otlp/codec/multi-agent.json"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray body = file.readAll();
    Net::HttpRequest request;
    request.method = Net::HttpRequest::Method::Post;
    request.url = QUrl(receiver.endpoint());
    request.headers = {{"Content-Type", "application/json"}};
    request.body = body;
    int answered = 0;
    m_http->send(request, this, [&](const Net::HttpResponse &) { ++answered; });
    QTRY_COMPARE(answered, 1);
    auto *receiverError = m_page->findChild<QLabel *>(u"receiverError"_s);
    QTRY_VERIFY(receiverError->isVisible());
    QVERIFY2(receiverError->text().startsWith(u"Last error, just now: "_s),
             qPrintable(receiverError->text()));
    QCOMPARE(m_page->findChild<QLabel *>(u"rejected"_s)->text(), u"0 spans, 1 requests"_s);
    QCOMPARE(m_page->findChild<QLabel *>(u"spansReceived"_s)->text(), u"0"_s);

    // With the token the batch is stored, and the counters follow within a second.
    request.headers.append(std::pair<QByteArray, QByteArray>("Authorization", "Bearer receiver-token"));
    m_http->send(request, this, [&](const Net::HttpResponse &) { ++answered; });
    QTRY_COMPARE(answered, 2);
    const Ingest::ReceiverStats stats = receiver.stats();
    QVERIFY(stats.spansReceived > 0 && stats.eventsStored > 0);
    QTRY_COMPARE(m_page->findChild<QLabel *>(u"spansReceived"_s)->text(),
                 QString::number(stats.spansReceived));
    QCOMPARE(m_page->findChild<QLabel *>(u"batches"_s)->text(), QString::number(stats.requests));
    QCOMPARE(m_page->findChild<QLabel *>(u"callsStored"_s)->text(), QString::number(stats.eventsStored));
    screenshot(u"sources-receiver"_s);
}

void TestSourcesPage::relativeTimes()
{
    // A stored success three minutes before "now", read by the poller at start.
    const qint64 now = Time::toNs(QDateTime(QDate(2026, 11, 24), QTime(14, 0), QTimeZone::utc()));
    Storage::ProviderWrite write;
    write.provider = u"anthropic"_s;
    Storage::SourceState state;
    state.source = QLatin1String(Storage::SourceKey::AnthropicUsage);
    state.cursorNs = now - 3 * 60 * Time::kNanosPerSecond;
    state.lastAttemptNs = state.lastSuccessNs = now - 3 * 60 * Time::kNanosPerSecond;
    state.rowsImported = 1234;
    write.state = state;
    bool stored = false;
    m_writer->submitProviderData(write, this, [&](const Storage::WriteResult &r) {
        QVERIFY2(!r.error, qPrintable(r.error.message));
        stored = true;
    });
    QTRY_VERIFY(stored);
    Providers::ProviderPoller *anthropic = m_pollers.at(1);
    anthropic->setClock([now] { return now; });
    anthropic->start(); // disabled: reads the stored states, polls nothing

    qint64 clock = now;
    makePage(m_secrets.get());
    m_page->setClock([&clock] { return clock; });
    auto *lastSuccess = in<QLabel>(u"anthropic"_s, u"lastSuccess"_s);
    QTRY_COMPARE(lastSuccess->text(), u"3 min ago"_s);
    QCOMPARE(in<QLabel>(u"anthropic"_s, u"rowsImported"_s)->text(), u"1234"_s);
    QVERIFY(lastSuccess->toolTip().contains(u"Usage: last success 3 min ago, 1234 rows"_s));
    clock += 2 * Time::kNanosPerHour; // the one-second timer rolls it forward
    QTRY_COMPARE(lastSuccess->text(), u"2 h ago"_s);
}

QTEST_MAIN(TestSourcesPage)
#include "tst_sourcespage.moc"
