// The [ui] language setting as a user meets it: `burnrate` speaks the configured language, or the
// system's when none is set, in --help, in errors and in the numbers of a report.
#include "burnraterun.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// One call of gpt-4.1 with 1,234,567 input tokens, in November 2025.
const QByteArray kTrace =
    R"({"resourceSpans":[{"resource":{},"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",)"
    R"("spanId":"00000000000000a1","name":"chat","kind":3,"startTimeUnixNano":"1763900000000000000",)"
    R"("endTimeUnixNano":"1763900001500000000","attributes":[)"
    R"({"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},)"
    R"({"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},)"
    R"({"key":"gen_ai.response.model","value":{"stringValue":"gpt-4.1"}},)"
    R"({"key":"gen_ai.usage.input_tokens","value":{"intValue":1234567}},)"
    R"({"key":"gen_ai.usage.output_tokens","value":{"intValue":100000}}]}]}]}]})";

} // namespace

class TestUiLanguage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void help_data();
    void help();
    void usageError();
    void reportNumbers_data();
    void reportNumbers();

private:
    QString writeConfig(const QString &language);
    Run run(const QStringList &arguments, const QString &systemLocale);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestUiLanguage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestUiLanguage::writeConfig(const QString &language)
{
    QFile file(m_dir->filePath(u"burnrate.conf"_s));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("[ui]\nlanguage=" + language.toUtf8() + "\n");
    return file.fileName();
}

Run TestUiLanguage::run(const QStringList &arguments, const QString &systemLocale)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir->filePath(u"config"_s));
    env.insert(u"XDG_DATA_HOME"_s, m_dir->filePath(u"data"_s));
    env.insert(u"LC_ALL"_s, systemLocale); // what Qt takes as the system locale
    env.remove(u"LANGUAGE"_s);
    return runBurnrate(arguments, env, 30'000);
}

void TestUiLanguage::help_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("systemLocale");
    QTest::addColumn<bool>("equalsForm"); // --config=PATH rather than --config PATH
    QTest::addColumn<bool>("german");
    QTest::newRow("de over an English system") << u"de"_s << u"C.UTF-8"_s << false << true;
    QTest::newRow("de, --config=PATH") << u"de"_s << u"en_US.UTF-8"_s << true << true;
    QTest::newRow("en over a German system") << u"en"_s << u"de_DE.UTF-8"_s << false << false;
    QTest::newRow("system German") << QString() << u"de_DE.UTF-8"_s << false << true;
    QTest::newRow("system English") << QString() << u"C.UTF-8"_s << false << false;
}

void TestUiLanguage::help()
{
    QFETCH(QString, language);
    QFETCH(QString, systemLocale);
    QFETCH(bool, equalsForm);
    QFETCH(bool, german);
    const QString config = writeConfig(language);
    const QStringList arguments = equalsForm ? QStringList{u"--config="_s + config, u"--help"_s}
                                             : QStringList{u"--config"_s, config, u"--help"_s};
    const Run r = run(arguments, systemLocale);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.contains(u"Unterbefehle:"_s), german);
    QCOMPARE(r.out.contains(u"Subcommands:"_s), !german);
}

void TestUiLanguage::usageError()
{
    const Run r =
        run({u"report"_s, u"--config"_s, writeConfig(u"de"_s), u"--since"_s, u"bogus"_s}, u"C.UTF-8"_s);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(u"nicht lesbar"_s), qPrintable(r.err));
}

void TestUiLanguage::reportNumbers_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("systemLocale");
    QTest::addColumn<QString>("tokens");
    QTest::addColumn<QString>("cost");
    QTest::newRow("de") << u"de"_s << u"C.UTF-8"_s << u"1.234.567"_s << u"3,2691"_s;
    QTest::newRow("en") << u"en"_s << u"de_DE.UTF-8"_s << u"1,234,567"_s << u"3.2691"_s;
}

// The language also sets the default locale, so numbers and money follow it.
void TestUiLanguage::reportNumbers()
{
    QFETCH(QString, language);
    QFETCH(QString, systemLocale);
    QFETCH(QString, tokens);
    QFETCH(QString, cost);
    const QString config = writeConfig(language);
    const QString db = m_dir->filePath(u"burnrate.sqlite"_s);
    QFile trace(m_dir->filePath(u"trace.json"_s));
    QVERIFY(trace.open(QIODevice::WriteOnly));
    trace.write(kTrace);
    trace.close();
    Run r = run({u"import"_s, u"--db"_s, db, u"--config"_s, config, trace.fileName()}, systemLocale);
    QCOMPARE(r.exitCode, 0);
    r = run({u"report"_s, u"--db"_s, db, u"--config"_s, config, u"--since"_s, u"2025-11-01"_s, u"--until"_s,
             u"2025-12-01"_s},
            systemLocale);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(tokens), qPrintable(r.out));
    QVERIFY2(r.out.contains(cost), qPrintable(r.out));
}

QTEST_GUILESS_MAIN(TestUiLanguage)
#include "tst_uilanguage.moc"
