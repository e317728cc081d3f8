// The typed view of burnrate.conf: defaults, round trips through the file under the documented key
// names, and a file that cannot be written.
#include "common/settings.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Qt::StringLiterals;

class TestSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void defaults();
    void roundTrip();
    void documentedKeys_data();
    void documentedKeys();
    void pricesFileBesideConfig();
    void providerDefaults_data();
    void providerDefaults();
    void providerSectionFromFile_data();
    void providerSectionFromFile();
    void providerRoundTrip();
    void unwritableFile();
    void missingFileCreatedOnSave();
    void readableFiles_data();
    void readableFiles();
    void malformedFiles_data();
    void malformedFiles();
    void unreadableFile();

private:
    QString conf() const { return m_dir->filePath(u"burnrate.conf"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSettings::defaults()
{
    const Settings settings(conf());
    QCOMPARE(settings.filePath(), conf());
    QVERIFY(!settings.problem()); // a file that does not exist yet is the defaults
    QCOMPARE(settings.otlpListen(), u"127.0.0.1:4318"_s);
    QCOMPARE(settings.otlpKeepContent(), false);
    QCOMPARE(settings.otlpMaxBodyBytes(), 64 * 1024 * 1024);
    QCOMPARE(settings.databasePath(), QString());
    QCOMPARE(settings.pricesFile(), QString());
    QCOMPARE(settings.uiLanguage(), QString()); // the system locale
    QCOMPARE(settings.alertsWebhookUrl(), QString());
    QVERIFY(!QFile::exists(conf())); // reading writes nothing
}

void TestSettings::roundTrip()
{
    {
        Settings settings(conf());
        settings.setOtlpListen(u"0.0.0.0:4319"_s);
        settings.setOtlpKeepContent(true);
        settings.setDatabasePath(u"/data/spend.sqlite"_s);
        settings.setPricesFile(u"/etc/burnrate/prices.json"_s);
        settings.setUiLanguage(u"de"_s);
        QVERIFY(settings.sync());
    }
    Settings settings(conf());
    QCOMPARE(settings.otlpListen(), u"0.0.0.0:4319"_s);
    QCOMPARE(settings.otlpKeepContent(), true);
    QCOMPARE(settings.databasePath(), u"/data/spend.sqlite"_s);
    QCOMPARE(settings.pricesFile(), u"/etc/burnrate/prices.json"_s);
    QCOMPARE(settings.uiLanguage(), u"de"_s);
    settings.setUiLanguage(QString()); // back to the system locale
    QVERIFY(settings.sync());
    QCOMPARE(Settings(conf()).uiLanguage(), QString());
}

// Scripts and the README rely on these names: a file written by hand is read as documented.
void TestSettings::documentedKeys_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ui language") << QByteArray("[ui]\nlanguage=de\n") << u"language"_s << u"de"_s;
    QTest::newRow("otlp listen") << QByteArray("[otlp]\nlisten=192.168.1.5:4318\n") << u"listen"_s
                                 << u"192.168.1.5:4318"_s;
    QTest::newRow("storage database")
        << QByteArray("[storage]\ndatabase=/tmp/x.sqlite\n") << u"database"_s << u"/tmp/x.sqlite"_s;
    QTest::newRow("prices file") << QByteArray("[prices]\nfile=/tmp/p.json\n") << u"prices"_s
                                 << u"/tmp/p.json"_s;
    QTest::newRow("alerts webhook") << QByteArray("[alerts]\nwebhook_url=https://hooks.example.test/T1/B2\n")
                                    << u"webhook"_s << u"https://hooks.example.test/T1/B2"_s;
}

void TestSettings::documentedKeys()
{
    QFETCH(QByteArray, ini);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    QFile file(conf());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(ini);
    file.close();
    const Settings settings(conf());
    const QString actual = field == u"language"   ? settings.uiLanguage()
                           : field == u"listen"   ? settings.otlpListen()
                           : field == u"database" ? settings.databasePath()
                           : field == u"webhook"  ? settings.alertsWebhookUrl()
                                                  : settings.pricesFile();
    QCOMPARE(actual, expected);
}

void TestSettings::pricesFileBesideConfig()
{
    Settings settings(conf());
    QCOMPARE(settings.effectivePricesFile(), m_dir->filePath(u"prices.json"_s));
    settings.setPricesFile(u"/elsewhere/prices.json"_s);
    QCOMPARE(settings.effectivePricesFile(), u"/elsewhere/prices.json"_s);
}

void TestSettings::providerDefaults_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("baseUrl");
    QTest::newRow("openai") << u"openai"_s << u"https://api.openai.com"_s;
    QTest::newRow("anthropic") << u"anthropic"_s << u"https://api.anthropic.com"_s;
    QTest::newRow("openrouter") << u"openrouter"_s << u"https://openrouter.ai"_s;
}

void TestSettings::providerDefaults()
{
    QFETCH(QString, provider);
    QFETCH(QString, baseUrl);
    const ProviderSettings settings = Settings(conf()).providerSettings(provider);
    QCOMPARE(settings.enabled, false);
    QCOMPARE(settings.baseUrl, baseUrl);
    QCOMPARE(settings.intervalS, 300);
    QCOMPARE(settings.backfillDays, 30);
    QVERIFY(!QFile::exists(conf()));
}

// The documented [openai]/[anthropic]/[openrouter] keys, written by hand, with out-of-range values clamped.
void TestSettings::providerSectionFromFile_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<int>("intervalS");
    QTest::addColumn<int>("backfillDays");
    QTest::newRow("all keys") << QByteArray("[anthropic]\nenabled=true\nbase_url=http://127.0.0.1:9/x\n"
                                            "interval_s=120\nbackfill_days=7\n")
                              << true << u"http://127.0.0.1:9/x"_s << 120 << 7;
    QTest::newRow("too small") << QByteArray("[anthropic]\ninterval_s=5\nbackfill_days=0\n") << false
                               << u"https://api.anthropic.com"_s << 60 << 1;
    QTest::newRow("too large") << QByteArray("[anthropic]\ninterval_s=999999\nbackfill_days=1000\n") << false
                               << u"https://api.anthropic.com"_s << 86400 << 365;
    QTest::newRow("not numbers") << QByteArray("[anthropic]\ninterval_s=often\nbackfill_days=x\nbase_url=\n")
                                 << false << u"https://api.anthropic.com"_s << 300 << 30;
}

void TestSettings::providerSectionFromFile()
{
    QFETCH(QByteArray, ini);
    QFile file(conf());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(ini);
    file.close();
    const ProviderSettings settings = Settings(conf()).providerSettings(u"anthropic"_s);
    QTEST(settings.enabled, "enabled");
    QTEST(settings.baseUrl, "baseUrl");
    QTEST(settings.intervalS, "intervalS");
    QTEST(settings.backfillDays, "backfillDays");
    // Other sections keep their defaults.
    QCOMPARE(Settings(conf()).providerSettings(u"openai"_s),
             ProviderSettings({false, u"https://api.openai.com"_s}));
}

void TestSettings::providerRoundTrip()
{
    const ProviderSettings openRouter{true, u"https://proxy.example.com/openrouter"_s, 900, 10};
    {
        Settings settings(conf());
        settings.setProviderSettings(u"openrouter"_s, openRouter);
        QVERIFY(settings.sync());
    }
    QCOMPARE(Settings(conf()).providerSettings(u"openrouter"_s), openRouter);
    QFile file(conf());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(text.contains("[openrouter]") && text.contains("interval_s=900") &&
                 text.contains("backfill_days=10"),
             text.constData());
}

void TestSettings::unwritableFile()
{
    // A regular file where the folder should be: not writable, also for root.
    QFile blocker(m_dir->filePath(u"notadir"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    Settings settings(m_dir->filePath(u"notadir/burnrate.conf"_s));
    settings.setUiLanguage(u"de"_s);
    QVERIFY(!settings.sync());
}

// `--config PATH` naming a file that is not there yet: the defaults until the first save, which creates
// the file and its folders.
void TestSettings::missingFileCreatedOnSave()
{
    const QString path = m_dir->filePath(u"new/folder/burnrate.conf"_s);
    Settings settings(path);
    QVERIFY(!settings.problem());
    QCOMPARE(settings.otlpListen(), u"127.0.0.1:4318"_s);
    QVERIFY(!QFile::exists(path));
    settings.setUiLanguage(u"de"_s);
    QVERIFY(settings.sync());
    QVERIFY(QFile::exists(path));
    const Settings reread(path);
    QVERIFY(!reread.problem());
    QCOMPARE(reread.uiLanguage(), u"de"_s);
}

void TestSettings::readableFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("listen");
    QTest::newRow("empty") << QByteArray() << u"127.0.0.1:4318"_s;
    QTest::newRow("comments and blank lines")
        << QByteArray("; mine\n# also a comment\n\n[otlp]\n  listen = 127.0.0.1:9 ; inline\n")
        << u"127.0.0.1:9"_s;
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF[otlp]\nlisten=127.0.0.1:9\n")
                                     << u"127.0.0.1:9"_s;
    QTest::newRow("continued line") << QByteArray("[otlp]\nlisten=127.0.0.1:\\\n9\n") << u"127.0.0.1:9"_s;
    QTest::newRow("no final newline") << QByteArray("[otlp]\r\nlisten=127.0.0.1:9") << u"127.0.0.1:9"_s;
}

// Everything QSettings reads is accepted, as QSettings reads it.
void TestSettings::readableFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, listen);
    QFile file(conf());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    const Settings settings(conf());
    const Error problem = settings.problem();
    QVERIFY2(!problem, qPrintable(problem.message));
    QCOMPARE(settings.otlpListen(), listen);
}

void TestSettings::malformedFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QTest::newRow("no =") << QByteArray("[otlp]\nlisten 127.0.0.1:9\n") << 2;
    QTest::newRow("no key") << QByteArray("[otlp]\n\n=127.0.0.1:9\n") << 3;
    QTest::newRow("unclosed section") << QByteArray("[otlp]\nlisten=127.0.0.1:9\n[ui\nlanguage=de\n") << 3;
    QTest::newRow("empty section") << QByteArray("[]\nlisten=127.0.0.1:9\n") << 1;
    QTest::newRow("not text") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << 1;
}

// A line QSettings would skip without a word is an error naming the file and the line, not its content.
void TestSettings::malformedFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFile file(conf());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    const Error problem = Settings(conf()).problem();
    QCOMPARE(problem.code, Error::Code::InvalidInput);
    QVERIFY2(problem.message.contains(conf() + u", line %1,"_s.arg(line)), qPrintable(problem.message));
    QVERIFY2(!problem.message.contains(u"127.0.0.1"_s), qPrintable(problem.message));
}

// A path that exists but cannot be read (a folder: unreadable even for root) names the file and why.
void TestSettings::unreadableFile()
{
    const QString folder = m_dir->filePath(u"folder"_s);
    QVERIFY(QDir().mkpath(folder));
    const Error problem = Settings(folder).problem();
    QCOMPARE(problem.code, Error::Code::Io);
    QVERIFY2(problem.message.contains(folder), qPrintable(problem.message));
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
