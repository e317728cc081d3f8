// The typed view of burnrate.conf: defaults, round trips through the file under the documented key
// names, and a file that cannot be written.
#include "common/settings.h"

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
    void unwritableFile();

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
    QVERIFY(settings.isReadable());
    QCOMPARE(settings.otlpListen(), u"127.0.0.1:4318"_s);
    QCOMPARE(settings.otlpKeepContent(), false);
    QCOMPARE(settings.otlpMaxBodyBytes(), 64 * 1024 * 1024);
    QCOMPARE(settings.databasePath(), QString());
    QCOMPARE(settings.pricesFile(), QString());
    QCOMPARE(settings.uiLanguage(), QString()); // the system locale
    QVERIFY(!QFile::exists(conf()));            // reading writes nothing
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

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
