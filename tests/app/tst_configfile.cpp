// `--config PATH` as a user meets it, with the real executable: a file that does not exist yet means the
// defaults, for the window, --headless and every subcommand; a file that exists but cannot be read, or
// has a line that is not INI, stops each of them with exit 1 and one line naming the file (and line).
#include "burnraterun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestConfigFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void missingFileMeansDefaults_data();
    void missingFileMeansDefaults();
    void missingFileStartsTheApp_data();
    void missingFileStartsTheApp();
    void unusableFile_data();
    void unusableFile();

private:
    QProcessEnvironment environment() const;
    Run run(const QStringList &arguments) const;
    QString db() const { return m_dir->filePath(u"burnrate.sqlite"_s); }
    QString missingConfig() const { return m_dir->filePath(u"not-yet/burnrate.conf"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestConfigFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

// Nothing of the developer's session: own directories, no bus or display (no keyring prompt), offscreen.
QProcessEnvironment TestConfigFile::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "BURNRATE_OTLP_TOKEN"})
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
    env.insert(u"LANG"_s, u"C.UTF-8"_s);
    return env;
}

Run TestConfigFile::run(const QStringList &arguments) const
{
    return runBurnrate(arguments, environment());
}

void TestConfigFile::missingFileMeansDefaults_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("output"); // part of stdout
    QTest::newRow("budget list") << QStringList{u"budget"_s, u"list"_s, u"--format"_s, u"json"_s} << u"[]"_s;
    QTest::newRow("alerts") << QStringList{u"alerts"_s, u"--format"_s, u"json"_s} << u"[]"_s;
    QTest::newRow("budget add") << QStringList{u"budget"_s,  u"add"_s, u"--name"_s,   u"d"_s,
                                               u"--limit"_s, u"5"_s,   u"--period"_s, u"day"_s}
                                << u"Added budget 'd'"_s;
    QTest::newRow("import and report") << QStringList{u"import"_s} << u"gpt-4.1"_s;
}

// Every subcommand reads a settings file that does not exist as the defaults, and creates none.
void TestConfigFile::missingFileMeansDefaults()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, output);
    const bool import = arguments == QStringList{u"import"_s};
    if (import) {
        QFile trace(m_dir->filePath(u"trace.json"_s));
        QVERIFY(trace.open(QIODevice::WriteOnly));
        trace.write(kOneChatTrace);
        arguments << trace.fileName();
    }
    Run r = run(arguments << u"--config"_s << missingConfig() << u"--db"_s << db());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    if (import) {
        r = run({u"report"_s, u"--config"_s, missingConfig(), u"--db"_s, db(), u"--since"_s, u"2025-11-23"_s,
                 u"--until"_s, u"2025-11-24"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
    QVERIFY2(r.out.contains(output), qPrintable(r.out));
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
    QVERIFY(!QFile::exists(missingConfig()));
}

void TestConfigFile::missingFileStartsTheApp_data()
{
    QTest::addColumn<bool>("headless");
    QTest::newRow("window") << false;
    QTest::newRow("headless") << true;
}

// The window (offscreen) and --headless start with the defaults and receive traces.
void TestConfigFile::missingFileStartsTheApp()
{
    QFETCH(bool, headless);
    const quint16 port = freePort();
    QVERIFY(port);
    QProcess app;
    app.setProcessEnvironment(environment());
    app.setProcessChannelMode(QProcess::MergedChannels);
    QStringList arguments{u"--config"_s, missingConfig(),    u"--db"_s,
                          db(),          u"--otlp-listen"_s, u"127.0.0.1:%1"_s.arg(port)};
    if (headless)
        arguments << u"--headless"_s;
    app.start(QStringLiteral(BURNRATE_EXECUTABLE), arguments);
    QString output;
    QTRY_VERIFY_WITH_TIMEOUT(
        (output += QString::fromUtf8(app.readAll())).contains(u"Receiving OpenTelemetry"_s) ||
            app.state() == QProcess::NotRunning,
        30'000);
    QVERIFY2(app.state() == QProcess::Running, qPrintable(output));
    QVERIFY2(!output.contains(missingConfig()), qPrintable(output)); // nothing to complain about
    app.terminate();
    QVERIFY(app.waitForFinished(30'000));
    QCOMPARE(app.exitCode(), 0);
    QVERIFY(!QFile::exists(missingConfig())); // nothing was saved, so nothing was written
}

void TestConfigFile::unusableFile_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: the path is a directory
    QTest::addColumn<QString>("message");    // what the one line says after the file's path
    QTest::addColumn<QStringList>("arguments");
    const QList<std::pair<const char *, QStringList>> commands{
        {"window", {}},
        {"headless", {u"--headless"_s}},
        {"report", {u"report"_s}},
        {"import", {u"import"_s, u"/dev/null"_s}},
        {"budget list", {u"budget"_s, u"list"_s}},
        {"budget add",
         {u"budget"_s, u"add"_s, u"--name"_s, u"d"_s, u"--limit"_s, u"5"_s, u"--period"_s, u"day"_s}},
        {"budget remove", {u"budget"_s, u"remove"_s, u"d"_s}},
        {"alerts", {u"alerts"_s}},
        {"kill status", {u"kill"_s, u"status"_s}},
    };
    const QList<std::tuple<const char *, QByteArray, QString>> files{
        // A typo QSettings itself would skip silently, leaving the listen address at its default.
        {"line without =", "; mine\n[otlp]\nlisten 0.0.0.0:4318\n",
         u", line 3, is neither a [section], a key=value setting nor a comment"_s},
        {"unclosed section", "[otlp\nlisten=127.0.0.1:4318\n",
         u", line 1, is neither a [section], a key=value setting nor a comment"_s},
        {"directory", QByteArray(), u": file to open is a directory"_s},
    };
    for (const auto &[file, content, message] : files) {
        for (const auto &[command, arguments] : commands)
            QTest::addRow("%s, %s", file, command) << content << message << arguments;
    }
}

void TestConfigFile::unusableFile()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QFETCH(QStringList, arguments);
    QString config = m_dir->filePath(u"burnrate.conf"_s);
    if (content.isEmpty()) {
        config = m_dir->filePath(u"a-folder"_s);
        QVERIFY(QDir().mkpath(config));
    } else {
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    const Run r = run(arguments << u"--config"_s << config << u"--db"_s << db());
    QCOMPARE(r.exitCode, 1);
    // One line, naming the file; the window may log Qt's own warnings before it.
    const QString line = r.err.trimmed().split(u'\n').constLast();
    QVERIFY2(line.contains(config + message), qPrintable(r.err));
    QVERIFY2(line.startsWith(u"burnrate"_s), qPrintable(r.err));
    QCOMPARE(r.err.count(config), 1);
    QVERIFY2(!r.err.contains(u"0.0.0.0"_s), qPrintable(r.err)); // the line itself is not repeated
    QVERIFY(r.out.isEmpty());
    QVERIFY(!QFile::exists(db())); // stopped before anything was created or written
    if (!content.isEmpty()) {
        QFile file(config);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), content); // and the file is left as it was
    }
}

QTEST_GUILESS_MAIN(TestConfigFile)
#include "tst_configfile.moc"
