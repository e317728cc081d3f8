// The Settings dialog against a real burnrate.conf and an in-memory SecretStore: loading, validation,
// what OK writes where (the token never into the file), keychain and receiver failures, the demo
// checkbox, the main window's Settings entry, and the layout in English and German.
#include "common/settings.h"
#include "mainwindow.h"
#include "pricing/pricetable.h"
#include "secrets/secretstore.h"
#include "settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Burnrate;
using namespace Burnrate::Widgets;
using namespace Qt::StringLiterals;

namespace {

const QString kTokenName = QLatin1String(Secrets::SecretName::OtlpToken);
const QString kValidPrices = uR"({"schema": 1, "models": [{"provider": "openai", "model": "house-model",
 "effective_from": "2025-01-01", "input_per_mtok": 1.0, "output_per_mtok": 2.0,
 "cache_read_per_mtok": 0.1, "cache_write_per_mtok": 0.0}]})"_s;

// A keychain that is locked: every request fails, later, as the real one does.
class LockedStore : public Secrets::SecretStore
{
public:
    using SecretStore::SecretStore;
    void read(const QString &, QObject *context, ReadDone done) override
    {
        QMetaObject::invokeMethod(
            context, [done] { done(std::nullopt, locked()); }, Qt::QueuedConnection);
    }
    void write(const QString &, const QString &, QObject *context, WriteDone done) override
    {
        ++writes;
        QMetaObject::invokeMethod(
            context, [done] { done(locked()); }, Qt::QueuedConnection);
    }
    void remove(const QString &, QObject *context, WriteDone done) override
    {
        QMetaObject::invokeMethod(
            context, [done] { done(locked()); }, Qt::QueuedConnection);
    }
    static Error locked() { return {Error::Code::Io, u"The keyring is locked. Unlock it and try again."_s}; }
    int writes = 0;
};

// On the box itself: a click right of the text does not toggle a QCheckBox.
void clickCheckBox(QCheckBox *box)
{
    QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(8, box->height() / 2));
}

struct RestartCall
{
    std::optional<QString> listen;
    std::optional<QString> token;
};

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void loadsCurrentValues();
    void badListenAddress_data();
    void badListenAddress();
    void openAddressWithoutTokenWarns();
    void badPriceFile();
    void savesToFileAndKeychain();
    void savesOnlyWhatChanged();
    void clearingTheTokenRemovesIt();
    void receiverFailureKeepsEverything();
    void keychainFailureKeepsEverything();
    void environmentTokenWins();
    void generateAndShowToken();
    void demoCheckbox();
    void languageChoices_data();
    void languageChoices();
    void mainWindowEntry();
    void layoutFits_data();
    void layoutFits();
    void killSwitchSection();
    void killSwitchKeychainFailure();
    void killSwitchSectionFromTheTray();
    void commandLineValuesInEffect();
    void commandLineValueSavedForTheNextStart();

private:
    std::unique_ptr<SettingsDialog> makeDialog(Secrets::SecretStore *store = nullptr,
                                               const SettingsDialog::Context::CommandLine &commandLine = {});
    QString writeFile(const QString &name, const QString &content);
    QString confText() const;
    template<typename T> static T *child(QObject *parent, const QString &name)
    {
        auto *found = parent->findChild<T *>(name);
        if (!found)
            qWarning("no child %s", qPrintable(name));
        return found;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<Secrets::SecretStore> m_store;
    QList<RestartCall> m_restarts;
    Error m_restartError;         // returned by the next restart when set
    int m_killSwitchRestarts = 0; // calls of restartKillSwitch
};

void TestSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // window state goes to ~/.qttest
    qunsetenv("BURNRATE_OTLP_TOKEN");
}

void TestSettingsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString conf = m_dir->filePath(u"burnrate.conf"_s);
    {
        Settings initial(conf);
        initial.setOtlpListen(u"127.0.0.1:4318"_s);
        initial.setDatabasePath(m_dir->filePath(u"spend.sqlite"_s));
        initial.setUiLanguage(u"de"_s);
        QVERIFY(initial.sync());
    }
    m_settings = std::make_unique<Settings>(conf);
    m_store = Secrets::makeMemoryStore();
    bool written = false;
    m_store->write(kTokenName, u"old-token-123"_s, this, [&](Error error) { written = !error; });
    QTRY_VERIFY(written);
    m_restarts.clear();
    m_restartError = {};
    m_killSwitchRestarts = 0;
    qunsetenv("BURNRATE_KILLSWITCH_PASSWORD");
}

void TestSettingsDialog::cleanup()
{
    qunsetenv("BURNRATE_OTLP_TOKEN");
}

std::unique_ptr<SettingsDialog>
TestSettingsDialog::makeDialog(Secrets::SecretStore *store,
                               const SettingsDialog::Context::CommandLine &commandLine)
{
    SettingsDialog::Context context;
    context.commandLine = commandLine;
    context.settings = m_settings.get();
    context.secrets = store ? store : m_store.get();
    context.restartReceiver = [this](std::optional<QString> listen, std::optional<QString> token,
                                     Error *error) {
        m_restarts.append({listen, token});
        if (m_restartError) {
            *error = m_restartError;
            return false;
        }
        return true;
    };
    context.restartKillSwitch = [this] { ++m_killSwitchRestarts; };
    auto dialog = std::make_unique<SettingsDialog>(context);
    dialog->show();
    return dialog;
}

QString TestSettingsDialog::writeFile(const QString &name, const QString &content)
{
    QFile file(m_dir->filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content.toUtf8());
    return file.fileName();
}

QString TestSettingsDialog::confText() const
{
    QFile file(m_settings->filePath());
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void TestSettingsDialog::loadsCurrentValues()
{
    auto dialog = makeDialog();
    auto *token = child<QLineEdit>(dialog.get(), u"token"_s);
    QCOMPARE(child<QLineEdit>(dialog.get(), u"listen"_s)->text(), u"127.0.0.1:4318"_s);
    QCOMPARE(child<QLineEdit>(dialog.get(), u"database"_s)->text(), m_dir->filePath(u"spend.sqlite"_s));
    QCOMPARE(child<QLineEdit>(dialog.get(), u"prices"_s)->text(), QString());
    // Empty means prices.json beside burnrate.conf, and the field says so.
    QCOMPARE(child<QLineEdit>(dialog.get(), u"prices"_s)->placeholderText(),
             QDir::toNativeSeparators(m_dir->filePath(u"prices.json"_s)));
    QCOMPARE(child<QComboBox>(dialog.get(), u"language"_s)->currentData().toString(), u"de"_s);
    // The token arrives from the keychain, masked; the field is read-only until then.
    QVERIFY(!token->isEnabled());
    QTRY_COMPARE(token->text(), u"old-token-123"_s);
    QVERIFY(token->isEnabled());
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    QVERIFY(child<QLabel>(dialog.get(), u"tokenNote"_s)->text().contains(u"keyring"_s));
    QVERIFY(child<QDialogButtonBox>(dialog.get(), u"buttons"_s)->button(QDialogButtonBox::Ok)->isEnabled());
}

void TestSettingsDialog::badListenAddress_data()
{
    QTest::addColumn<QString>("address");
    QTest::newRow("port only") << u"4318"_s;
    QTest::newRow("no port") << u"127.0.0.1"_s;
    QTest::newRow("port too big") << u"127.0.0.1:70000"_s;
    QTest::newRow("host name") << u"example.com:4318"_s;
    QTest::newRow("empty") << QString();
}

void TestSettingsDialog::badListenAddress()
{
    QFETCH(QString, address);
    auto dialog = makeDialog();
    auto *ok = child<QDialogButtonBox>(dialog.get(), u"buttons"_s)->button(QDialogButtonBox::Ok);
    auto *note = child<QLabel>(dialog.get(), u"listenNote"_s);
    child<QLineEdit>(dialog.get(), u"listen"_s)->setText(address);
    QVERIFY(!ok->isEnabled());
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(u"HOST:PORT"_s), qPrintable(note->text()));
    dialog->accept(); // Enter in a field must not get around the disabled button
    QVERIFY(dialog->isVisible());
    QVERIFY(m_restarts.isEmpty());
    QCOMPARE(Settings(m_settings->filePath()).otlpListen(), u"127.0.0.1:4318"_s);

    child<QLineEdit>(dialog.get(), u"listen"_s)->setText(u"[::1]:4400"_s);
    QVERIFY(ok->isEnabled());
    QVERIFY(!note->isVisible());
}

void TestSettingsDialog::openAddressWithoutTokenWarns()
{
    auto dialog = makeDialog();
    auto *token = child<QLineEdit>(dialog.get(), u"token"_s);
    auto *note = child<QLabel>(dialog.get(), u"listenNote"_s);
    QTRY_VERIFY(token->isEnabled());
    child<QLineEdit>(dialog.get(), u"listen"_s)->setText(u"0.0.0.0:4318"_s);
    QVERIFY(!note->isVisible()); // a token is set
    token->clear();
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(u"token"_s), qPrintable(note->text()));
    // A warning, not an error: the user may mean it.
    QVERIFY(child<QDialogButtonBox>(dialog.get(), u"buttons"_s)->button(QDialogButtonBox::Ok)->isEnabled());
    QTest::keyClicks(token, u"abc"_s);
    QVERIFY(!note->isVisible());
}

void TestSettingsDialog::badPriceFile()
{
    const QString bad = writeFile(u"bad-prices.json"_s, u"{\"schema\": 1, \"models\": [{\"model\": 5}]}"_s);
    Error expected;
    QVERIFY(!Pricing::PriceTable::load(bad, true, &expected));

    auto dialog = makeDialog();
    auto *ok = child<QDialogButtonBox>(dialog.get(), u"buttons"_s)->button(QDialogButtonBox::Ok);
    auto *note = child<QLabel>(dialog.get(), u"pricesNote"_s);
    auto *prices = child<QLineEdit>(dialog.get(), u"prices"_s);
    prices->setText(bad);
    QVERIFY(note->isVisible());
    QCOMPARE(note->text(), expected.message); // the loader's own words
    QVERIFY(!ok->isEnabled());

    prices->setText(m_dir->filePath(u"missing.json"_s));
    QVERIFY(note->isVisible());
    QVERIFY(!ok->isEnabled());

    prices->setText(writeFile(u"prices.json"_s, kValidPrices));
    QVERIFY(!note->isVisible());
    QVERIFY(ok->isEnabled());
}

void TestSettingsDialog::savesToFileAndKeychain()
{
    const QString prices = writeFile(u"house-prices.json"_s, kValidPrices);
    auto dialog = makeDialog();
    auto *token = child<QLineEdit>(dialog.get(), u"token"_s);
    QTRY_VERIFY(token->isEnabled());
    child<QLineEdit>(dialog.get(), u"listen"_s)->setText(u"0.0.0.0:4400"_s);
    token->selectAll();
    QTest::keyClicks(token, u"new-token-456"_s);
    child<QLineEdit>(dialog.get(), u"database"_s)->setText(m_dir->filePath(u"other.sqlite"_s));
    child<QLineEdit>(dialog.get(), u"prices"_s)->setText(prices);
    auto *language = child<QComboBox>(dialog.get(), u"language"_s);
    language->setCurrentIndex(language->findData(u"en"_s));

    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    QTest::mouseClick(child<QDialogButtonBox>(dialog.get(), u"buttons"_s)->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QVERIFY(!dialog->isVisible());

    // The running receiver was moved, once, with both changes.
    QCOMPARE(m_restarts.size(), 1);
    QCOMPARE(m_restarts.at(0).listen, std::optional<QString>(u"0.0.0.0:4400"_s));
    QCOMPARE(m_restarts.at(0).token, std::optional<QString>(u"new-token-456"_s));

    const Settings reread(m_settings->filePath());
    QCOMPARE(reread.otlpListen(), u"0.0.0.0:4400"_s);
    QCOMPARE(reread.databasePath(), m_dir->filePath(u"other.sqlite"_s));
    QCOMPARE(reread.pricesFile(), prices);
    QCOMPARE(reread.uiLanguage(), u"en"_s);
    const QString text = confText();
    QVERIFY(text.contains(u"[ui]"_s) && text.contains(u"language=en"_s));
    QVERIFY(text.contains(u"listen=0.0.0.0:4400"_s));
    // The token is in the keychain and nowhere in the file.
    QVERIFY(!text.contains(u"new-token-456"_s));
    QVERIFY(!text.contains(u"old-token-123"_s));
    QVERIFY(!text.contains(u"token"_s, Qt::CaseInsensitive));
    std::optional<QString> stored;
    bool read = false;
    m_store->read(kTokenName, this, [&](std::optional<QString> value, Error) {
        stored = value;
        read = true;
    });
    QTRY_VERIFY(read);
    QCOMPARE(stored, std::optional<QString>(u"new-token-456"_s));
}

void TestSettingsDialog::savesOnlyWhatChanged()
{
    // burnrate.conf without a listen key: the default stays a default, not a written value.
    const QString conf = m_settings->filePath();
    QFile::remove(conf);
    m_settings = std::make_unique<Settings>(conf);
    auto dialog = makeDialog();
    QTRY_VERIFY(child<QLineEdit>(dialog.get(), u"token"_s)->isEnabled());
    dialog->accept();
    QVERIFY(dialog->result() == QDialog::Accepted);
    QVERIFY(m_restarts.isEmpty()); // nothing changed, nothing restarted
    QVERIFY(!confText().contains(u"listen"_s));
}

void TestSettingsDialog::clearingTheTokenRemovesIt()
{
    auto dialog = makeDialog();
    auto *token = child<QLineEdit>(dialog.get(), u"token"_s);
    QTRY_VERIFY(token->isEnabled());
    token->selectAll();
    QTest::keyClick(token, Qt::Key_Delete);
    dialog->accept();
    QTRY_VERIFY(dialog->result() == QDialog::Accepted);
    QCOMPARE(m_restarts.size(), 1);
    QCOMPARE(m_restarts.at(0).listen, std::nullopt); // only the token changed
    QCOMPARE(m_restarts.at(0).token, std::optional<QString>(QString()));
    bool read = false;
    std::optional<QString> stored = u"not read"_s;
    m_store->read(kTokenName, this, [&](std::optional<QString> value, Error) {
        stored = value;
        read = true;
    });
    QTRY_VERIFY(read);
    QCOMPARE(stored, std::nullopt);
}

void TestSettingsDialog::receiverFailureKeepsEverything()
{
    m_restartError = {Error::Code::Io,
                      u"cannot listen for OpenTelemetry on 127.0.0.1:4400: address in use"_s};
    auto dialog = makeDialog();
    auto *token = child<QLineEdit>(dialog.get(), u"token"_s);
    QTRY_VERIFY(token->isEnabled());
    child<QLineEdit>(dialog.get(), u"listen"_s)->setText(u"127.0.0.1:4400"_s);
    token->selectAll();
    QTest::keyClicks(token, u"new-token-456"_s);
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QCOMPARE(m_restarts.size(), 1);
    auto *note = child<QLabel>(dialog.get(), u"applyNote"_s);
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(u"address in use"_s), qPrintable(note->text()));
    // Nothing was written anywhere; the fields still hold what the user typed.
    QCOMPARE(Settings(m_settings->filePath()).otlpListen(), u"127.0.0.1:4318"_s);
    QCOMPARE(child<QLineEdit>(dialog.get(), u"listen"_s)->text(), u"127.0.0.1:4400"_s);
    QCOMPARE(token->text(), u"new-token-456"_s);
    std::optional<QString> stored;
    m_store->read(kTokenName, this, [&](std::optional<QString> value, Error) { stored = value; });
    QTRY_COMPARE(stored, std::optional<QString>(u"old-token-123"_s));

    // Once the address is free, OK goes through.
    m_restartError = {};
    dialog->accept();
    QTRY_VERIFY(!dialog->isVisible());
    QCOMPARE(Settings(m_settings->filePath()).otlpListen(), u"127.0.0.1:4400"_s);
}

void TestSettingsDialog::keychainFailureKeepsEverything()
{
    LockedStore locked;
    auto dialog = makeDialog(&locked);
    auto *token = child<QLineEdit>(dialog.get(), u"token"_s);
    auto *tokenNote = child<QLabel>(dialog.get(), u"tokenNote"_s);
    QTRY_VERIFY(token->isEnabled());
    QVERIFY(tokenNote->isVisible());
    QCOMPARE(tokenNote->text(), LockedStore::locked().message);
    QCOMPARE(token->text(), QString());

    // Unknown token, untouched: OK neither clears the receiver's token nor writes the keychain.
    child<QComboBox>(dialog.get(), u"language"_s)->setCurrentIndex(0);
    dialog->accept();
    QVERIFY(dialog->result() == QDialog::Accepted);
    QVERIFY(m_restarts.isEmpty());
    QCOMPARE(locked.writes, 0);
    QCOMPARE(Settings(m_settings->filePath()).uiLanguage(), QString());

    // A typed token that cannot be stored: said in the dialog, which stays open with the token in it.
    dialog->setResult(0);
    dialog->show();
    QTest::keyClicks(token, u"typed-token"_s);
    dialog->accept();
    QCOMPARE(m_restarts.size(), 1);
    QCOMPARE(m_restarts.at(0).token, std::optional<QString>(u"typed-token"_s));
    auto *applyNote = child<QLabel>(dialog.get(), u"applyNote"_s);
    QTRY_VERIFY(applyNote->text().contains(LockedStore::locked().message));
    QCOMPARE(locked.writes, 1);
    QVERIFY(dialog->isVisible());
    QCOMPARE(token->text(), u"typed-token"_s);
    QVERIFY(child<QDialogButtonBox>(dialog.get(), u"buttons"_s)->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!confText().contains(u"typed-token"_s));
}

void TestSettingsDialog::environmentTokenWins()
{
    qputenv("BURNRATE_OTLP_TOKEN", "from-the-environment");
    auto dialog = makeDialog();
    auto *token = child<QLineEdit>(dialog.get(), u"token"_s);
    QTest::qWait(50); // a keychain answer, if one were asked for, would have arrived
    QVERIFY(!token->isEnabled());
    QCOMPARE(token->text(), QString()); // the environment's value is not shown
    QVERIFY(!child<QPushButton>(dialog.get(), u"generateToken"_s)->isEnabled());
    QVERIFY(child<QLabel>(dialog.get(), u"tokenNote"_s)->text().contains(u"BURNRATE_OTLP_TOKEN"_s));
    // No warning for an open address: the environment's token protects it.
    child<QLineEdit>(dialog.get(), u"listen"_s)->setText(u"0.0.0.0:4318"_s);
    QVERIFY(!child<QLabel>(dialog.get(), u"listenNote"_s)->isVisible());
    dialog->accept();
    QCOMPARE(m_restarts.size(), 1);
    QCOMPARE(m_restarts.at(0).token, std::nullopt); // the receiver keeps the environment's token
    QTRY_VERIFY(!dialog->isVisible());
    std::optional<QString> stored;
    m_store->read(kTokenName, this, [&](std::optional<QString> value, Error) { stored = value; });
    QTRY_COMPARE(stored, std::optional<QString>(u"old-token-123"_s));
}

void TestSettingsDialog::generateAndShowToken()
{
    auto dialog = makeDialog();
    auto *token = child<QLineEdit>(dialog.get(), u"token"_s);
    auto *show = child<QPushButton>(dialog.get(), u"showToken"_s);
    QTRY_VERIFY(token->isEnabled());
    QTest::mouseClick(show, Qt::LeftButton);
    QCOMPARE(token->echoMode(), QLineEdit::Normal);
    QTest::mouseClick(show, Qt::LeftButton);
    QCOMPARE(token->echoMode(), QLineEdit::Password);

    auto *generate = child<QPushButton>(dialog.get(), u"generateToken"_s);
    QTest::mouseClick(generate, Qt::LeftButton);
    const QString first = token->text();
    static const QRegularExpression base64url(u"^[A-Za-z0-9_-]{43}$"_s); // 32 bytes, no padding
    QVERIFY2(base64url.match(first).hasMatch(), qPrintable(first));
    QCOMPARE(token->echoMode(), QLineEdit::Normal); // shown, to be copied to the senders
    QTest::mouseClick(generate, Qt::LeftButton);
    QVERIFY(token->text() != first);
    QVERIFY(base64url.match(token->text()).hasMatch());

    dialog->accept();
    QTRY_VERIFY(!dialog->isVisible());
    QCOMPARE(m_restarts.size(), 1);
    QCOMPARE(m_restarts.at(0).token, std::optional<QString>(token->text()));
}

void TestSettingsDialog::demoCheckbox()
{
    auto dialog = makeDialog();
    QSignalSpy requested(dialog.get(), &SettingsDialog::demoRequested);
    QSignalSpy stopRequested(dialog.get(), &SettingsDialog::demoStopRequested);
    auto *demo = child<QCheckBox>(dialog.get(), u"demo"_s);
    dialog->setDemoAvailable(true);
    dialog->setDemoRunning(false);
    QVERIFY(!demo->isChecked());

    clickCheckBox(demo);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(stopRequested.size(), 0);
    clickCheckBox(demo);
    QCOMPARE(stopRequested.size(), 1);

    // The app reports the demo's state; reflecting it asks for nothing.
    dialog->setDemoRunning(true);
    QVERIFY(demo->isChecked());
    dialog->setDemoRunning(false);
    QCOMPARE(requested.size() + stopRequested.size(), 2);

    dialog->setDemoAvailable(false);
    QVERIFY(!demo->isEnabled());
}

void TestSettingsDialog::languageChoices_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<int>("index");
    QTest::newRow("system") << QString() << 0;
    QTest::newRow("english") << u"en"_s << 1;
    QTest::newRow("german") << u"de"_s << 2;
}

void TestSettingsDialog::languageChoices()
{
    QFETCH(QString, stored);
    QFETCH(int, index);
    m_settings->setUiLanguage(u"fr"_s); // something else first, so the save is a change
    QVERIFY(m_settings->sync());
    auto dialog = makeDialog();
    auto *language = child<QComboBox>(dialog.get(), u"language"_s);
    QCOMPARE(language->count(), 4); // system, English, Deutsch, and the hand-set French kept
    QCOMPARE(language->currentData().toString(), u"fr"_s);
    QVERIFY(language->itemText(0).contains(u"English"_s)); // the tests run in the C locale
    language->setCurrentIndex(index);
    dialog->accept();
    QTRY_VERIFY(!dialog->isVisible());
    QCOMPARE(Settings(m_settings->filePath()).uiLanguage(), stored);
}

void TestSettingsDialog::mainWindowEntry()
{
    MainWindow window(m_dir->filePath(u"none.sqlite"_s), u"http://127.0.0.1:4318/v1/traces"_s, nullptr,
                      nullptr);
    QSignalSpy requested(&window, &MainWindow::demoRequested);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *entry = child<QListWidget>(&window, u"settingsEntry"_s);
    QVERIFY(!(entry->item(0)->flags() & Qt::ItemIsEnabled)); // nothing to change yet
    window.openSettings();
    QVERIFY(!window.findChild<SettingsDialog *>());

    SettingsDialog::Context context;
    context.settings = m_settings.get();
    context.secrets = m_store.get();
    window.setSettingsContext(context);
    QVERIFY(entry->item(0)->flags() & Qt::ItemIsEnabled);
    if (const QString dir = qEnvironmentVariable("BURNRATE_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(window.grab().save(QDir(dir).filePath(u"settings-entry.png"_s)));
    QTest::mouseClick(entry->viewport(), Qt::LeftButton, {}, entry->visualItemRect(entry->item(0)).center());
    auto *dialog = window.findChild<SettingsDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    window.openSettings(); // a second request raises the same dialog
    QCOMPARE(window.findChildren<SettingsDialog *>().size(), 1);

    // The dialog follows the demo, and its checkbox asks the window's listeners.
    auto *demo = child<QCheckBox>(dialog, u"demo"_s);
    QVERIFY(demo->isEnabled());
    window.setDemoRunning(true);
    QVERIFY(demo->isChecked());
    // The window's demo bar says why today is empty while the demo's past week is sent.
    auto *demoText = child<QLabel>(&window, u"demoText"_s);
    window.setDemoHistoryProgress(24);
    QVERIFY2(demoText->text().contains(u"sending its past week (24 %)"_s), qPrintable(demoText->text()));
    window.setDemoHistoryProgress(100);
    QVERIFY2(demoText->text().contains(u"is sending traces"_s), qPrintable(demoText->text()));
    window.setDemoRunning(false);
    clickCheckBox(demo);
    QCOMPARE(requested.size(), 1);
    dialog->reject();
    QTRY_VERIFY(!window.findChild<SettingsDialog *>()); // deleted on close

    // Ctrl+, opens it too.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY(window.findChild<SettingsDialog *>());
}

void TestSettingsDialog::layoutFits_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("English") << u"en"_s;
    QTest::newRow("German") << u"de"_s;
}

// Every label, button and field shows its whole text, with the long German labels too.
void TestSettingsDialog::layoutFits()
{
    QFETCH(QString, language);
    QTranslator burnrate;
    QTranslator qtbase;
    if (language == u"de") {
        // Compiled with the app; the test needs the app target built first.
        const QString qm = QStringLiteral(BURNRATE_BINARY_DIR) + u"/app/burnrate_de.qm"_s;
        QVERIFY2(burnrate.load(qm), qPrintable(qm));
        QVERIFY(qtbase.load(QLocale(QLocale::German), u"qtbase"_s, u"_"_s,
                            QLibraryInfo::path(QLibraryInfo::TranslationsPath)));
        QCoreApplication::installTranslator(&burnrate);
        QCoreApplication::installTranslator(&qtbase);
    }
    m_settings->setPricesFile(writeFile(u"bad.json"_s, u"{}"_s)); // shows the error line too
    auto dialog = makeDialog();
    QTRY_VERIFY(child<QLineEdit>(dialog.get(), u"token"_s)->isEnabled());
    child<QLineEdit>(dialog.get(), u"listen"_s)->setText(u"0.0.0.0:4318"_s);
    child<QLineEdit>(dialog.get(), u"token"_s)->clear();
    dialog->adjustSize();
    QCoreApplication::processEvents();
    if (language == u"de")
        QCOMPARE(dialog->windowTitle(), u"Einstellungen"_s);

    for (QWidget *widget : dialog->findChildren<QWidget *>()) {
        if (!widget->isVisible() ||
            !(qobject_cast<QLabel *>(widget) || qobject_cast<QAbstractButton *>(widget) ||
              qobject_cast<QComboBox *>(widget)))
            continue;
        const auto *label = qobject_cast<QLabel *>(widget);
        if (label && label->wordWrap()) {
            QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                     qPrintable(u"cut off: "_s + label->text()));
            continue;
        }
        QVERIFY2(widget->width() >= widget->minimumSizeHint().width(),
                 qPrintable(u"too narrow: "_s + widget->objectName() + u' ' +
                            (label ? label->text() : QString::fromUtf8(widget->metaObject()->className()))));
    }
    QVERIFY(dialog->height() <= 900); // fits a small laptop screen

    if (const QString dir = qEnvironmentVariable("BURNRATE_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(dialog->grab().save(QDir(dir).filePath(u"settings-"_s + language + u".png"_s)));
    QCoreApplication::removeTranslator(&burnrate);
    QCoreApplication::removeTranslator(&qtbase);
}

// The [killswitch] section: loaded, checked, saved to burnrate.conf with its secret in the keychain only,
// and the kill switch set up again through the app.
void TestSettingsDialog::killSwitchSection()
{
    auto dialog = makeDialog();
    QTRY_VERIFY(child<QLineEdit>(dialog.get(), u"token"_s)->isEnabled());
    auto *backend = child<QComboBox>(dialog.get(), u"killSwitchBackend"_s);
    auto *url = child<QLineEdit>(dialog.get(), u"killSwitchUrl"_s);
    auto *user = child<QLineEdit>(dialog.get(), u"killSwitchUser"_s);
    auto *secret = child<QLineEdit>(dialog.get(), u"killSwitchSecret"_s);
    auto *note = child<QLabel>(dialog.get(), u"killSwitchNote"_s);
    QPushButton *ok = child<QDialogButtonBox>(dialog.get(), u"buttons"_s)->button(QDialogButtonBox::Ok);
    QCOMPARE(backend->currentData().toString(), u"etcd"_s);
    QVERIFY(url->text().isEmpty());
    QVERIFY(note->text().startsWith(u"No kill switch"_s));
    QCOMPARE(secret->echoMode(), QLineEdit::Password);

    // A URL that cannot work is refused with what to fix.
    url->setText(u"ftp://etcd.example:2379"_s);
    QVERIFY(!ok->isEnabled());
    QVERIFY(note->text().startsWith(u"[killswitch] url: "_s));
    url->setText(u"http://127.0.0.1:2379"_s);
    QVERIFY(ok->isEnabled());
    user->setText(u"dash"_s);
    child<QSpinBox>(dialog.get(), u"killSwitchPoll"_s)->setValue(3);
    secret->setText(u"etcd-pw-7"_s);
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_COMPARE(dialog->result(), int(QDialog::Accepted));
    QCOMPARE(m_killSwitchRestarts, 1);
    const KillSwitchSettings saved = Settings(m_settings->filePath()).killSwitchSettings();
    QCOMPARE(saved.backend, u"etcd"_s);
    QCOMPARE(saved.url, u"http://127.0.0.1:2379"_s);
    QCOMPARE(saved.user, u"dash"_s);
    QCOMPARE(saved.pollS, 3);
    QVERIFY(!confText().contains(u"etcd-pw-7"_s)); // the secret is never in the file
    std::optional<QString> stored;
    m_store->read(QString::fromLatin1(Secrets::SecretName::KillSwitchPassword), this,
                  [&](std::optional<QString> value, Error) { stored = value.value_or(u"(none)"_s); });
    QTRY_VERIFY(stored);
    QCOMPARE(*stored, u"etcd-pw-7"_s);

    // Opened again with nothing changed: nothing is set up again. An HTTPS document takes a bearer token.
    auto again = makeDialog();
    QTRY_VERIFY(child<QLineEdit>(again.get(), u"token"_s)->isEnabled());
    QCOMPARE(child<QLineEdit>(again.get(), u"killSwitchUser"_s)->text(), u"dash"_s);
    QVERIFY(child<QLineEdit>(again.get(), u"killSwitchSecret"_s)->text().isEmpty());
    auto *againBackend = child<QComboBox>(again.get(), u"killSwitchBackend"_s);
    againBackend->setCurrentIndex(againBackend->findData(u"http"_s));
    QVERIFY(!child<QLineEdit>(again.get(), u"killSwitchUser"_s)->isEnabled());
    QVERIFY(!child<QLineEdit>(again.get(), u"killSwitchKey"_s)->isEnabled());
    child<QLineEdit>(again.get(), u"killSwitchUrl"_s)->setText(u"https://ops.example/killswitch.json"_s);
    child<QLineEdit>(again.get(), u"killSwitchSecret"_s)->setText(u"bearer-9"_s);
    QTest::mouseClick(child<QDialogButtonBox>(again.get(), u"buttons"_s)->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_COMPARE(again->result(), int(QDialog::Accepted));
    QCOMPARE(m_killSwitchRestarts, 2);
    QCOMPARE(Settings(m_settings->filePath()).killSwitchSettings().backend, u"http"_s);
    stored.reset();
    m_store->read(QString::fromLatin1(Secrets::SecretName::KillSwitchToken), this,
                  [&](std::optional<QString> value, Error) { stored = value.value_or(u"(none)"_s); });
    QTRY_VERIFY(stored);
    QCOMPARE(*stored, u"bearer-9"_s);

    auto unchanged = makeDialog();
    QTRY_VERIFY(child<QLineEdit>(unchanged.get(), u"token"_s)->isEnabled());
    QTest::mouseClick(child<QDialogButtonBox>(unchanged.get(), u"buttons"_s)->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_COMPARE(unchanged->result(), int(QDialog::Accepted));
    QCOMPARE(m_killSwitchRestarts, 2);

    // The environment's password wins, and the field says so.
    qputenv("BURNRATE_KILLSWITCH_PASSWORD", "x");
    auto fromEnvironment = makeDialog();
    auto *envBackend = child<QComboBox>(fromEnvironment.get(), u"killSwitchBackend"_s);
    envBackend->setCurrentIndex(envBackend->findData(u"etcd"_s));
    QVERIFY(!child<QLineEdit>(fromEnvironment.get(), u"killSwitchSecret"_s)->isEnabled());
    QCOMPARE(child<QLineEdit>(fromEnvironment.get(), u"killSwitchSecret"_s)->placeholderText(),
             u"Set by BURNRATE_KILLSWITCH_PASSWORD"_s);
    qunsetenv("BURNRATE_KILLSWITCH_PASSWORD");
}

void TestSettingsDialog::killSwitchKeychainFailure()
{
    LockedStore locked;
    auto dialog = makeDialog(&locked);
    child<QLineEdit>(dialog.get(), u"killSwitchUrl"_s)->setText(u"http://127.0.0.1:2379"_s);
    child<QLineEdit>(dialog.get(), u"killSwitchSecret"_s)->setText(u"pw"_s);
    QTest::mouseClick(child<QDialogButtonBox>(dialog.get(), u"buttons"_s)->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    auto *apply = child<QLabel>(dialog.get(), u"applyNote"_s);
    QTRY_VERIFY(apply->text().startsWith(u"The kill switch's secret could not be saved in the keyring."_s));
    QVERIFY(dialog->isVisible()); // stays open, nothing lost
    QCOMPARE(m_killSwitchRestarts, 0);
    QCOMPARE(child<QLineEdit>(dialog.get(), u"killSwitchSecret"_s)->text(), u"pw"_s);
}

// The tray's "Set up a kill switch…": the dialog opens with the focus in the kill switch's URL.
void TestSettingsDialog::killSwitchSectionFromTheTray()
{
    MainWindow window(m_dir->filePath(u"none.sqlite"_s), u"http://127.0.0.1:4318/v1/traces"_s, nullptr,
                      nullptr);
    SettingsDialog::Context context;
    context.settings = m_settings.get();
    context.secrets = m_store.get();
    window.setSettingsContext(context);
    window.hide(); // the tray works with the window closed: it comes up with the dialog
    window.openKillSwitchSettings();
    auto *dialog = window.findChild<SettingsDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(window.isVisible());
    QCOMPARE(dialog->focusWidget(), child<QLineEdit>(dialog, u"killSwitchUrl"_s));
    // Asked again while open: the same dialog, focus back on the kill switch.
    child<QLineEdit>(dialog, u"listen"_s)->setFocus();
    window.openKillSwitchSettings();
    QCOMPARE(window.findChildren<SettingsDialog *>().size(), 1);
    QCOMPARE(dialog->focusWidget(), child<QLineEdit>(dialog, u"killSwitchUrl"_s));
    dialog->reject();
}

// burnrate --otlp-listen … --db … --config …: the dialog shows what this run uses, not burnrate.conf, says
// where it comes from, and does not let OK write the command line's values into the file.
void TestSettingsDialog::commandLineValuesInEffect()
{
    SettingsDialog::Context::CommandLine commandLine;
    commandLine.listen = u"127.0.0.1:5999"_s;
    commandLine.database = m_dir->filePath(u"override.sqlite"_s);
    commandLine.config = true;
    auto dialog = makeDialog(nullptr, commandLine);
    QTRY_VERIFY(child<QLineEdit>(dialog.get(), u"token"_s)->isEnabled());

    auto *listen = child<QLineEdit>(dialog.get(), u"listen"_s);
    QCOMPARE(listen->text(), u"127.0.0.1:5999"_s);
    QVERIFY(listen->isReadOnly());
    // The option's hyphens do not break (U+2011), so that the note never wraps it after "--".
    QString listenNote = child<QLabel>(dialog.get(), u"listenOverride"_s)->text();
    QVERIFY(!listenNote.contains(u'-'));
    listenNote.replace(QChar(0x2011), u'-');
    QCOMPARE(listenNote, u"Set by --otlp-listen on the command line for this run. burnrate.conf has "
                         "127.0.0.1:4318, which applies when Burnrate starts without --otlp-listen."_s);
    QVERIFY(child<QPushButton>(dialog.get(), u"listenEditSaved"_s)->isEnabled());

    auto *database = child<QLineEdit>(dialog.get(), u"database"_s);
    QCOMPARE(database->text(), m_dir->filePath(u"override.sqlite"_s));
    QVERIFY(database->isReadOnly());
    QVERIFY(!child<QPushButton>(dialog.get(), u"browseDatabase"_s)->isEnabled());
    QVERIFY(
        child<QLabel>(dialog.get(), u"databaseOverride"_s)->text().startsWith(u"Set by \u2011\u2011db"_s));
    QVERIFY(child<QLabel>(dialog.get(), u"databaseOverride"_s)
                ->text()
                .contains(m_dir->filePath(u"spend.sqlite"_s)));

    // Not on the command line: the file's value, editable, no note.
    QVERIFY(!child<QLineEdit>(dialog.get(), u"prices"_s)->isReadOnly());
    QVERIFY(!dialog->findChild<QLabel *>(u"pricesOverride"_s));
    QVERIFY(!dialog->findChild<QPushButton *>(u"pricesEditSaved"_s));
    // The settings file in use, and that --config chose it.
    QCOMPARE(child<QLabel>(dialog.get(), u"configFile"_s)->text(),
             QDir::toNativeSeparators(m_settings->filePath()) + u" (set by --config)"_s);

    // OK changes nothing that the command line set: no receiver move, the file keeps its values.
    child<QComboBox>(dialog.get(), u"language"_s)->setCurrentIndex(1); // something else to save
    dialog->accept();
    QTRY_VERIFY(!dialog->isVisible());
    QVERIFY(m_restarts.isEmpty());
    const Settings saved(m_settings->filePath());
    QCOMPARE(saved.otlpListen(), u"127.0.0.1:4318"_s);
    QCOMPARE(saved.databasePath(), m_dir->filePath(u"spend.sqlite"_s));
    QCOMPARE(saved.uiLanguage(), u"en"_s);
}

// "Edit saved value": the field shows and edits burnrate.conf's value, for the next start without the
// option; this run keeps the command line's.
void TestSettingsDialog::commandLineValueSavedForTheNextStart()
{
    SettingsDialog::Context::CommandLine commandLine;
    commandLine.listen = u"127.0.0.1:5999"_s;
    commandLine.prices = writeFile(u"cli-prices.json"_s, kValidPrices);
    auto dialog = makeDialog(nullptr, commandLine);
    QTRY_VERIFY(child<QLineEdit>(dialog.get(), u"token"_s)->isEnabled());
    QCOMPARE(child<QLineEdit>(dialog.get(), u"prices"_s)->text(), commandLine.prices.value());
    QVERIFY(child<QLineEdit>(dialog.get(), u"prices"_s)->isReadOnly());
    QVERIFY(!child<QLabel>(dialog.get(), u"configFile"_s)->text().contains(u"--config"_s));

    auto *listen = child<QLineEdit>(dialog.get(), u"listen"_s);
    auto *editSaved = child<QPushButton>(dialog.get(), u"listenEditSaved"_s);
    QTest::mouseClick(editSaved, Qt::LeftButton);
    QVERIFY(!listen->isReadOnly());
    QCOMPARE(listen->text(), u"127.0.0.1:4318"_s); // the file's value
    QVERIFY(!editSaved->isEnabled());
    QCOMPARE(
        child<QLabel>(dialog.get(), u"listenOverride"_s)->text().replace(QChar(0x2011), u'-'),
        u"Editing the value in burnrate.conf: it applies when Burnrate starts without --otlp-listen. This "
        "run keeps 127.0.0.1:5999."_s);
    // Still checked as the user types.
    listen->setText(u"nonsense"_s);
    QVERIFY(!child<QDialogButtonBox>(dialog.get(), u"buttons"_s)->button(QDialogButtonBox::Ok)->isEnabled());
    listen->setText(u"127.0.0.1:4400"_s);
    dialog->accept();
    QTRY_VERIFY(!dialog->isVisible());
    QVERIFY(m_restarts.isEmpty()); // this run keeps listening where the command line said
    const Settings saved(m_settings->filePath());
    QCOMPARE(saved.otlpListen(), u"127.0.0.1:4400"_s);
    QCOMPARE(saved.pricesFile(), QString()); // the command line's price file was not written down
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
