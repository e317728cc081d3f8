// The burnrate command line as a user runs it: exit codes, messages, import, report formats and
// --headless shutdown.
#include "burnraterun.h"

#include "common/timeutil.h"
#include "ingest/otlpcodec.h"
#include "storage/database.h"
#include "storage/report.h"
#include "storage/storagewriter.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;

namespace {

QByteArray span(const QByteArray &spanId, const QByteArray &model, const QByteArray &agent,
                const QByteArray &feature, qint64 inputTokens, qint64 outputTokens, qint64 startNs)
{
    return R"({"traceId":"5b8efff798038103d269b633813fc60c","spanId":")" + spanId +
           R"(","name":"chat","kind":3,"startTimeUnixNano":")" + QByteArray::number(startNs) +
           R"(","endTimeUnixNano":")" + QByteArray::number(startNs + 1'500'000'000) +
           R"(","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},)"
           R"({"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},)"
           R"({"key":"gen_ai.response.model","value":{"stringValue":")" +
           model + R"("}},{"key":"gen_ai.agent.id","value":{"stringValue":")" + agent +
           R"("}},{"key":"app.feature","value":{"stringValue":")" + feature +
           R"("}},{"key":"gen_ai.usage.input_tokens","value":{"intValue":)" +
           QByteArray::number(inputTokens) +
           R"(}},{"key":"gen_ai.usage.output_tokens","value":{"intValue":")" +
           QByteArray::number(outputTokens) + R"("}}]})";
}

QByteArray traces(const QList<QByteArray> &spans)
{
    QByteArray joined;
    for (const QByteArray &s : spans)
        joined += (joined.isEmpty() ? "" : ",") + s;
    return R"({"resourceSpans":[{"resource":{},"scopeSpans":[{"spans":[)" + joined + "]}]}]}";
}

qint64 nowNs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1'000'000;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void versionAndHelp();
    void usageErrors_data();
    void usageErrors();
    void reportWithoutDatabase();
    void reportUpgradesAnOlderDatabase();
    void importAndReport();
    void importFormats();
    void importBadFiles();
    void reportFormats();
    void badPriceOverrides();
    void headlessDrainsOnSigterm();
    void sigtermAsSoonAsListeningStopsCleanly();
    void billedReport();
    void billedFormats();
    void reconcileReport();
    void reconcileWithoutBilledSpend();
    void unpricedCallsInTheTable();
    void reportLimit();
    void timeForms_data();
    void timeForms();

private:
    // Stores provider buckets and measured events as the service would, through the writer.
    void store(const QList<Storage::ProviderWrite> &writes, const QList<Model::UsageEvent> &events = {});
    Run run(const QStringList &arguments, int timeoutMs = 60'000);
    QString writeFile(const QString &name, const QByteArray &content);
    QString db() const { return m_dir->filePath(QStringLiteral("burnrate.sqlite")); }
    quint16 startHeadless(QProcess &headless);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

Run TestCli::run(const QStringList &arguments, int timeoutMs)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Never read the developer's own settings or database.
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
    return runBurnrate(arguments, env, timeoutMs);
}

QString TestCli::writeFile(const QString &name, const QByteArray &content)
{
    QFile file(m_dir->filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return file.fileName();
}

void TestCli::versionAndHelp()
{
    Run r = run({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("burnrate ")));
    r = run({QStringLiteral("report"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("--group-by")));
    QVERIFY(r.out.contains(QStringLiteral("burnrate report")));
    r = run({QStringLiteral("import"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("report"), QStringLiteral("--bogus")}
                                    << QStringLiteral("bogus");
    QTest::newRow("bad dimension") << QStringList{QStringLiteral("report"), QStringLiteral("--group-by"),
                                                  QStringLiteral("colour")}
                                   << QStringLiteral("colour");
    QTest::newRow("bad since") << QStringList{QStringLiteral("report"), QStringLiteral("--since"),
                                              QStringLiteral("last tuesday")}
                               << QStringLiteral("--since");
    QTest::newRow("since after until")
        << QStringList{QStringLiteral("report"), QStringLiteral("--since"), QStringLiteral("1h"),
                       QStringLiteral("--until"), QStringLiteral("2h")}
        << QStringLiteral("earlier");
    QTest::newRow("bad format") << QStringList{QStringLiteral("report"), QStringLiteral("--format"),
                                               QStringLiteral("xml")}
                                << QStringLiteral("xml");
    QTest::newRow("bad filter") << QStringList{QStringLiteral("report"), QStringLiteral("--filter"),
                                               QStringLiteral("model")}
                                << QStringLiteral("DIM=VALUE");
    QTest::newRow("import nothing") << QStringList{QStringLiteral("import")} << QStringLiteral("file");
    QTest::newRow("unknown subcommand")
        << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("frobnicate");
    QTest::newRow("billed and reconcile")
        << QStringList{QStringLiteral("report"), QStringLiteral("--billed"), QStringLiteral("--reconcile")}
        << QStringLiteral("--billed and --reconcile");
    QTest::newRow("billed by agent") << QStringList{QStringLiteral("report"), QStringLiteral("--billed"),
                                                    QStringLiteral("--group-by"),
                                                    QStringLiteral("model,agent")}
                                     << QStringLiteral("'agent' is not a dimension of billed spend");
    QTest::newRow("billed filter by feature")
        << QStringList{QStringLiteral("report"), QStringLiteral("--billed"), QStringLiteral("--filter"),
                       QStringLiteral("feature=x")}
        << QStringLiteral("provider, model, project, day");
    QTest::newRow("project without billed")
        << QStringList{QStringLiteral("report"), QStringLiteral("--group-by"), QStringLiteral("project")}
        << QStringLiteral("use --billed");
    QTest::newRow("reconcile with group-by")
        << QStringList{QStringLiteral("report"), QStringLiteral("--reconcile"), QStringLiteral("--group-by"),
                       QStringLiteral("model")}
        << QStringLiteral("--group-by");
    QTest::newRow("reconcile filter by day")
        << QStringList{QStringLiteral("report"), QStringLiteral("--reconcile"), QStringLiteral("--filter"),
                       QStringLiteral("day=2026-01-01")}
        << QStringLiteral("DIM one of provider, model");
    QTest::newRow("limit zero") << QStringList{QStringLiteral("report"), QStringLiteral("--limit"),
                                               QStringLiteral("0")}
                                << QStringLiteral("--limit");
    QTest::newRow("limit not a number")
        << QStringList{QStringLiteral("report"), QStringLiteral("--limit"), QStringLiteral("ten")}
        << QStringLiteral("'ten'");
    QTest::newRow("limit with billed") << QStringList{QStringLiteral("report"), QStringLiteral("--billed"),
                                                      QStringLiteral("--limit"), QStringLiteral("5")}
                                       << QStringLiteral("measured spend only");
    QTest::newRow("bad listen") << QStringList{QStringLiteral("--headless"), QStringLiteral("--otlp-listen"),
                                               QStringLiteral("4318")}
                                << QStringLiteral("HOST:PORT");
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, messagePart);
    const Run r = run(arguments << QStringLiteral("--db") << db());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(messagePart), qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count(u'\n'), 0); // one line
}

void TestCli::reportWithoutDatabase()
{
    const Run r = run({QStringLiteral("report"), QStringLiteral("--db"), db()});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("no database")), qPrintable(r.err));
    QVERIFY(!QFile::exists(db())); // a report never creates a database
}

void TestCli::reportUpgradesAnOlderDatabase()
{
    // A database of the first release (schema 1, three calls on 2026-01-01): the report upgrades it, as
    // the window would, instead of asking the user to start Burnrate first.
    QVERIFY(QFile::copy(QStringLiteral(BURNRATE_TEST_DATA_DIR "/storage/schema-v1.sqlite"), db()));
    QVERIFY(QFile::setPermissions(db(), QFile::ReadOwner | QFile::WriteOwner));
    const Run r =
        run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--since"),
             QStringLiteral("2025-12-31T00:00:00Z"), QStringLiteral("--until"),
             QStringLiteral("2026-01-02T00:00:00Z"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains(QStringLiteral("Upgrading")), qPrintable(r.err));
    QCOMPARE(Storage::storedSchemaVersion(db()), Storage::kSchemaVersion);
    qint64 calls = 0;
    for (const QJsonValue &row : QJsonDocument::fromJson(r.out.toUtf8()).array())
        calls += row.toObject().value(QStringLiteral("calls")).toInteger();
    QCOMPARE(calls, 3);
}

void TestCli::importAndReport()
{
    const qint64 t = nowNs() - 3600LL * 1'000'000'000; // an hour ago
    const QString file =
        writeFile(QStringLiteral("a.json"),
                  traces({span("00000000000000a1", "gpt-4.1", "planner", "search", 1'000'000, 100'000, t),
                          span("00000000000000a2", "gpt-4.1-mini", "writer", "search", 2'000'000, 0, t),
                          span("00000000000000a3", "no-such-model", "writer", "chat", 10, 10, t)}));
    Run r = run({QStringLiteral("import"), QStringLiteral("--db"), db(), file});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("3 calls stored")), qPrintable(r.out));
    r = run({QStringLiteral("import"), QStringLiteral("--db"), db(), file});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("0 calls stored, 3 already present")), qPrintable(r.out));

    r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--since"),
             QStringLiteral("1d"), QStringLiteral("--group-by"), QStringLiteral("agent,model"),
             QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray rows = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QCOMPARE(rows.size(), 3);
    // gpt-4.1: 1M input at $2 + 100k output at $8 = $2.80, the most expensive row first.
    const QJsonObject top = rows.at(0).toObject();
    QCOMPARE(top.value(QStringLiteral("agent")).toString(), QStringLiteral("planner"));
    QCOMPARE(top.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-4.1"));
    QCOMPARE(top.value(QStringLiteral("cost_usd")).toDouble(), 2.8);
    QCOMPARE(top.value(QStringLiteral("input_tokens")).toInteger(), 1'000'000);
    QCOMPARE(top.value(QStringLiteral("calls")).toInteger(), 1);
    const QStringList keys = top.keys();
    for (const char *field : {"agent", "model", "calls", "input_tokens", "output_tokens", "cache_read_tokens",
                              "cache_write_tokens", "cost_usd", "unpriced_calls"})
        QVERIFY2(keys.contains(QLatin1String(field)), field);
    QCOMPARE(keys.size(), 9);
    // gpt-4.1-mini: 2M input at $0.40 = $0.80.
    QCOMPARE(rows.at(1).toObject().value(QStringLiteral("cost_usd")).toDouble(), 0.8);
    const QJsonObject unpriced = rows.at(2).toObject();
    QCOMPARE(unpriced.value(QStringLiteral("model")).toString(), QStringLiteral("no-such-model"));
    QCOMPARE(unpriced.value(QStringLiteral("unpriced_calls")).toInteger(), 1);

    // A filter narrows, an empty range says so.
    r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--filter"),
             QStringLiteral("feature=chat"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 1);
    r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--since"),
             QStringLiteral("10m")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("No calls")), qPrintable(r.out));

    // Explore's export and its "copy as command" print what the command prints: repeated filters, a day
    // filter (a drill-down into a day), byte for byte.
    Storage::ReportQuery query;
    query.sinceNs = t - 3600LL * 1'000'000'000;
    query.untilNs = t + 3600LL * 1'000'000'000;
    query.groupBy = {Storage::Dimension::Model};
    const QString day = Time::fromNs(t, QTimeZone::systemTimeZone()).toString(QStringLiteral("yyyy-MM-dd"));
    query.filters = {{Storage::Dimension::Agent, QStringLiteral("planner")},
                     {Storage::Dimension::Agent, QStringLiteral("writer")},
                     {Storage::Dimension::Day, day}};
    for (const QString &format : {QStringLiteral("json"), QStringLiteral("csv")}) {
        r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--since"),
                 Time::toIsoUtc(query.sinceNs), QStringLiteral("--until"), Time::toIsoUtc(query.untilNs),
                 QStringLiteral("--group-by"), QStringLiteral("model"), QStringLiteral("--filter"),
                 QStringLiteral("agent=planner"), QStringLiteral("--filter"), QStringLiteral("agent=writer"),
                 QStringLiteral("--filter"), QStringLiteral("day=") + day, QStringLiteral("--format"),
                 format});
        QCOMPARE(r.exitCode, 0);
        Error error;
        const auto reader = Storage::Connection::open(db(), Storage::Connection::Mode::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error.message));
        const auto rows = Storage::runReport(reader->database(), query, &error);
        QVERIFY2(rows, qPrintable(error.message));
        QCOMPARE(rows->size(), 3);
        QCOMPARE(r.out, QString::fromUtf8(format == u"json" ? Storage::reportJson(query.groupBy, *rows)
                                                            : Storage::reportCsv(query.groupBy, *rows)));
    }
}

void TestCli::importFormats()
{
    const qint64 t = nowNs() - 600LL * 1'000'000'000;
    const QByteArray line1 = traces({span("00000000000000b1", "gpt-4.1", "a", "f", 100, 10, t)});
    const QByteArray line2 = traces({span("00000000000000b2", "gpt-4.1", "a", "f", 100, 10, t)});
    const QString jsonl = writeFile(QStringLiteral("collector.jsonl"), line1 + "\n" + line2 + "\n");
    Error error;
    const auto batch =
        Ingest::decodeOtlpJson(traces({span("00000000000000b3", "gpt-4.1", "a", "f", 100, 10, t)}), &error);
    QVERIFY2(batch, qPrintable(error.message));
    const QString pb = writeFile(QStringLiteral("traces.pb"), Ingest::encodeOtlpProtobuf(*batch));
    const Run r = run({QStringLiteral("import"), QStringLiteral("--db"), db(), jsonl, pb});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("collector.jsonl: 2 spans read, 2 calls stored")),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("traces.pb: 1 spans read, 1 calls stored")), qPrintable(r.out));
}

void TestCli::importBadFiles()
{
    const qint64 t = nowNs() - 600LL * 1'000'000'000;
    const QByteArray good = traces({span("00000000000000c1", "gpt-4.1", "a", "f", 100, 10, t)});
    const QString mixed = writeFile(QStringLiteral("mixed.jsonl"), good + "\n{not json\n");
    Run r = run({QStringLiteral("import"), QStringLiteral("--db"), db(), mixed});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("line 2")), qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("1 calls stored")), qPrintable(r.out)); // the good line is kept
    QVERIFY2(r.out.contains(QStringLiteral("0 rejected, 1 part unreadable")), qPrintable(r.out));

    // Valid JSON that is no OTLP export: nothing stored, and said so.
    const QString other = writeFile(QStringLiteral("other.json"), QByteArray(R"({"foo": 1})"));
    r = run({QStringLiteral("import"), QStringLiteral("--db"), db(), other});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains(QStringLiteral("other.json: no OTLP spans in this file")), qPrintable(r.err));

    r = run({QStringLiteral("import"), QStringLiteral("--db"), db(),
             m_dir->filePath(QStringLiteral("missing.json"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains(QStringLiteral("missing.json")));

    const QString garbage =
        writeFile(QStringLiteral("garbage.pb"), QByteArray("\xff\xfe\xfd not protobuf", 17));
    r = run({QStringLiteral("import"), QStringLiteral("--db"), db(), garbage});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains(QStringLiteral("garbage.pb")));
}

void TestCli::reportFormats()
{
    const qint64 t = nowNs() - 600LL * 1'000'000'000;
    const QString file =
        writeFile(QStringLiteral("a.json"),
                  traces({span("00000000000000d1", "gpt-4.1", "agent, with comma", "f", 1000, 10, t),
                          span("00000000000000d2", "gpt-4.1", "b", "f", 1000, 10, t)}));
    QCOMPARE(run({QStringLiteral("import"), QStringLiteral("--db"), db(), file}).exitCode, 0);
    Run r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--group-by"),
                 QStringLiteral("agent"), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.value(0),
             QStringLiteral("agent,calls,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,"
                            "cost_usd,unpriced_calls"));
    QVERIFY(lines.contains(QStringLiteral("\"agent, with comma\",1,1000,10,0,0,0.002080,0")));
    r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--group-by"),
             QStringLiteral("model,day")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("MODEL")));
    QVERIFY(r.out.contains(QStringLiteral("$0.0042")) || r.out.contains(QStringLiteral("$0.00")));
}

void TestCli::badPriceOverrides()
{
    const QString prices =
        writeFile(QStringLiteral("prices.json"), "{\"schema\": 1, \"models\": [{\"provider\": \"x\"}]}");
    const QString file = writeFile(QStringLiteral("a.json"), traces({}));
    const Run r = run(
        {QStringLiteral("import"), QStringLiteral("--db"), db(), QStringLiteral("--prices"), prices, file});
    QCOMPARE(r.exitCode, 1); // a runtime failure, as for a settings file that cannot be used
    QVERIFY2(r.err.contains(QStringLiteral("prices.json")), qPrintable(r.err));
    QVERIFY(!QFile::exists(db()));
}

// Starts `burnrate --headless` on the test database and a free loopback port: the port, or 0 when either
// could not be had.
quint16 TestCli::startHeadless(QProcess &headless)
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    headless.setProcessEnvironment(env);
    headless.setProcessChannelMode(QProcess::MergedChannels);
    headless.start(QStringLiteral(BURNRATE_EXECUTABLE),
                   {QStringLiteral("--headless"), QStringLiteral("--db"), db(),
                    QStringLiteral("--otlp-listen"), QStringLiteral("127.0.0.1:%1").arg(port)});
    return headless.waitForStarted() ? port : 0;
}

void TestCli::headlessDrainsOnSigterm()
{
    QProcess headless;
    const quint16 port = startHeadless(headless);
    QVERIFY(port != 0);
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT((log += headless.readAll()).contains("Receiving OpenTelemetry traces"), 10000);

    const qint64 t = nowNs() - 60LL * 1'000'000'000;
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/traces").arg(port)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply =
        network.post(request, traces({span("00000000000000e1", "gpt-4.1", "a", "f", 10, 1, t)}));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    delete reply;

    headless.terminate(); // SIGTERM
    QVERIFY(headless.waitForFinished(15000));
    QCOMPARE(headless.exitStatus(), QProcess::NormalExit);
    QCOMPARE(headless.exitCode(), 0);

    const Run r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--format"),
                       QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 1);
}

// A SIGTERM the moment the receiver says it listens, as a supervisor or a test may send it: the handler was
// installed only after the pollers and the kill switch had started, and the default action killed the
// process (15 times in 15 in a loop here, before the fix).
void TestCli::sigtermAsSoonAsListeningStopsCleanly()
{
    for (int i = 0; i < 5; ++i) {
        QProcess headless;
        QVERIFY(startHeadless(headless) != 0);
        QByteArray log;
        QElapsedTimer waited;
        waited.start();
        while (!log.contains("Receiving OpenTelemetry traces") && waited.elapsed() < 10000 &&
               headless.state() == QProcess::Running) {
            headless.waitForReadyRead(10);
            log += headless.readAll();
        }
        QVERIFY2(log.contains("Receiving OpenTelemetry traces"), log.constData());
        headless.terminate(); // SIGTERM, at once
        QVERIFY(headless.waitForFinished(15000));
        QVERIFY2(headless.exitStatus() == QProcess::NormalExit,
                 QByteArray(log + headless.readAll()).constData());
        QCOMPARE(headless.exitCode(), 0);
    }
}

void TestCli::store(const QList<Storage::ProviderWrite> &writes, const QList<Model::UsageEvent> &events)
{
    Storage::StorageWriter writer(db());
    Error error;
    QVERIFY2(writer.start(&error), qPrintable(error.message));
    int outstanding = 0;
    const auto done = [&](const Storage::WriteResult &r) {
        --outstanding;
        QVERIFY2(!r.error, qPrintable(r.error.message));
    };
    for (const Storage::ProviderWrite &w : writes) {
        ++outstanding;
        writer.submitProviderData(w, this, done);
    }
    if (!events.isEmpty()) {
        ++outstanding;
        writer.submit(events, this, done);
    }
    QTRY_COMPARE_WITH_TIMEOUT(outstanding, 0, 30000);
    writer.stop();
}

namespace {

constexpr qint64 kDayNs = 86'400LL * 1'000'000'000;
constexpr qint64 kHourNs = 3'600LL * 1'000'000'000;

// Midnight UTC `days` days ago.
qint64 utcDay(int days)
{
    return (nowNs() / kDayNs - days) * kDayNs;
}

Providers::UsageBucket usageBucket(const QString &provider, qint64 startNs, const QString &model,
                                   const QString &project, qint64 input, qint64 requests)
{
    Providers::UsageBucket b;
    b.provider = provider;
    b.bucketStartNs = startNs;
    b.bucketWidthNs = kHourNs;
    b.model = model;
    b.projectId = project;
    b.inputTokens = input;
    b.cacheReadTokens = input / 2;
    b.cacheWriteTokens = input / 4;
    b.outputTokens = input / 10;
    b.requests = requests;
    return b;
}

Providers::CostBucket costBucket(const QString &provider, qint64 dayNs, const QString &model,
                                 const QString &project, qint64 micros)
{
    return {provider, dayNs, kDayNs, project, model + QStringLiteral(" usage"), model, micros};
}

Model::UsageEvent measuredCall(int i, qint64 startNs, const QString &provider, const QString &model,
                               qint64 micros)
{
    Model::UsageEvent e;
    e.eventId = QStringLiteral("test:%1").arg(i);
    e.startNs = startNs;
    e.endNs = startNs + 1000;
    e.provider = provider;
    e.model = model;
    e.inputTokens = 100;
    e.costMicros = micros;
    e.costSource = micros > 0 ? Model::CostSource::Computed : Model::CostSource::Unpriced;
    return e;
}

// Two days of OpenAI (requests counted) and Anthropic (not counted) buckets, two projects.
QList<Storage::ProviderWrite> billedData()
{
    Storage::ProviderWrite openai;
    openai.provider = QStringLiteral("openai");
    openai.usage = {usageBucket(openai.provider, utcDay(2) + kHourNs, QStringLiteral("gpt-4.1"),
                                QStringLiteral("proj_a"), 1000, 4),
                    usageBucket(openai.provider, utcDay(1) + kHourNs, QStringLiteral("gpt-4.1"),
                                QStringLiteral("proj_b"), 2000, 6)};
    openai.costs = {costBucket(openai.provider, utcDay(2), QStringLiteral("gpt-4.1"),
                               QStringLiteral("proj_a"), 1'250'000),
                    costBucket(openai.provider, utcDay(1), QStringLiteral("gpt-4.1"),
                               QStringLiteral("proj_b"), 2'000'000)};
    Storage::ProviderWrite anthropic;
    anthropic.provider = QStringLiteral("anthropic");
    anthropic.usage = {usageBucket(anthropic.provider, utcDay(2) + 2 * kHourNs,
                                   QStringLiteral("claude-haiku-4-5"), QString(), 400, -1)};
    anthropic.costs = {
        costBucket(anthropic.provider, utcDay(2), QStringLiteral("claude-haiku-4-5"), QString(), 300'000)};
    return {openai, anthropic};
}

} // namespace

void TestCli::billedReport()
{
    store(billedData());
    Run r = run({QStringLiteral("report"), QStringLiteral("--billed"), QStringLiteral("--db"), db(),
                 QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray rows = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QCOMPARE(rows.size(), 2); // grouped by provider and model by default
    const QJsonObject top = rows.at(0).toObject();
    QCOMPARE(top.value(QStringLiteral("provider")).toString(), QStringLiteral("openai"));
    QCOMPARE(top.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-4.1"));
    QCOMPARE(top.value(QStringLiteral("cost_usd")).toDouble(), 3.25);
    QCOMPARE(top.value(QStringLiteral("requests")).toInteger(), 10);
    QCOMPARE(top.value(QStringLiteral("input_tokens")).toInteger(), 3000 + 1500 + 750); // incl. cache
    QCOMPARE(top.value(QStringLiteral("output_tokens")).toInteger(), 300);
    QCOMPARE(top.value(QStringLiteral("cache_read_tokens")).toInteger(), 1500);
    QCOMPARE(top.value(QStringLiteral("cache_write_tokens")).toInteger(), 750);
    QCOMPARE(top.keys().size(), 8);
    const QJsonObject haiku = rows.at(1).toObject();
    QCOMPARE(haiku.value(QStringLiteral("cost_usd")).toDouble(), 0.3);
    QVERIFY(haiku.value(QStringLiteral("requests")).isNull()); // Anthropic does not count them

    // Project and day, one project only.
    r = run({QStringLiteral("report"), QStringLiteral("--billed"), QStringLiteral("--db"), db(),
             QStringLiteral("--group-by"), QStringLiteral("project,day"), QStringLiteral("--filter"),
             QStringLiteral("project=proj_b"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray byProject = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QCOMPARE(byProject.size(), 1);
    QCOMPARE(byProject.at(0).toObject().value(QStringLiteral("day")).toString(),
             QDate(1970, 1, 1).addDays(utcDay(1) / kDayNs).toString(Qt::ISODate));
    QCOMPARE(byProject.at(0).toObject().value(QStringLiteral("cost_usd")).toDouble(), 2.0);

    // Nothing billed in the range.
    r = run({QStringLiteral("report"), QStringLiteral("--billed"), QStringLiteral("--db"), db(),
             QStringLiteral("--since"), QStringLiteral("90d"), QStringLiteral("--until"),
             QStringLiteral("60d")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("No billed spend")), qPrintable(r.out));
}

void TestCli::billedFormats()
{
    store(billedData());
    Run r = run({QStringLiteral("report"), QStringLiteral("--billed"), QStringLiteral("--db"), db(),
                 QStringLiteral("--group-by"), QStringLiteral("provider,project"), QStringLiteral("--format"),
                 QStringLiteral("csv")});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines,
             (QStringList{QStringLiteral("provider,project,cost_usd,requests,input_tokens,output_tokens,"
                                         "cache_read_tokens,cache_write_tokens"),
                          QStringLiteral("openai,proj_b,2.000000,6,3500,200,1000,500"),
                          QStringLiteral("openai,proj_a,1.250000,4,1750,100,500,250"),
                          QStringLiteral("anthropic,,0.300000,,700,40,200,100")}));

    r = run({QStringLiteral("report"), QStringLiteral("--billed"), QStringLiteral("--db"), db()});
    QCOMPARE(r.exitCode, 0);
    const QStringList table = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(table.size(), 5); // header, two rows, rule, total
    QVERIFY2(table.at(0).startsWith(QStringLiteral("PROVIDER")) &&
                 table.at(0).contains(QStringLiteral("REQUESTS")),
             qPrintable(table.at(0)));
    QVERIFY2(table.at(2).contains(QStringLiteral("unknown")), qPrintable(table.at(2)));
    QVERIFY2(table.at(4).startsWith(QStringLiteral("TOTAL")) && table.at(4).contains(QStringLiteral("$3.55")),
             qPrintable(table.at(4)));
}

void TestCli::reconcileReport()
{
    // Three days ago: OpenAI billed more calls than telemetry saw; Anthropic's snapshot id meets the
    // billed model through the price table and agrees; a measured provider with no billed figure.
    const qint64 day = utcDay(3);
    Storage::ProviderWrite openai;
    openai.provider = QStringLiteral("openai");
    openai.usage = {
        usageBucket(openai.provider, day + kHourNs, QStringLiteral("gpt-4.1"), QString(), 5000, 5)};
    openai.costs = {costBucket(openai.provider, day, QStringLiteral("gpt-4.1"), QString(), 2'500'000)};
    Storage::ProviderWrite anthropic;
    anthropic.provider = QStringLiteral("anthropic");
    anthropic.costs = {
        costBucket(anthropic.provider, day, QStringLiteral("claude-sonnet-4-5"), QString(), 500'000)};
    const QList<Model::UsageEvent> events = {
        measuredCall(1, day + 2 * kHourNs, QStringLiteral("openai"), QStringLiteral("gpt-4.1"), 600'000),
        measuredCall(2, day + 3 * kHourNs, QStringLiteral("openai"), QStringLiteral("gpt-4.1"), 400'000),
        measuredCall(3, day + 4 * kHourNs, QStringLiteral("anthropic"),
                     QStringLiteral("claude-sonnet-4-5-20250929"), 500'000),
        measuredCall(4, day + 5 * kHourNs, QStringLiteral("gcp.gemini"), QStringLiteral("gemini-9-unknown"),
                     0)};
    store({openai, anthropic}, events);

    Run r = run({QStringLiteral("report"), QStringLiteral("--reconcile"), QStringLiteral("--db"), db(),
                 QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray rows = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QCOMPARE(rows.size(), 3);
    const QJsonObject gpt = rows.at(0).toObject();
    QCOMPARE(gpt.value(QStringLiteral("day")).toString(),
             QDate(1970, 1, 1).addDays(day / kDayNs).toString(Qt::ISODate));
    QCOMPARE(gpt.value(QStringLiteral("provider")).toString(), QStringLiteral("openai"));
    QCOMPARE(gpt.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-4.1"));
    QCOMPARE(gpt.value(QStringLiteral("billed_usd")).toDouble(), 2.5);
    QCOMPARE(gpt.value(QStringLiteral("measured_usd")).toDouble(), 1.0);
    QCOMPARE(gpt.value(QStringLiteral("difference_usd")).toDouble(), 1.5);
    QCOMPARE(gpt.value(QStringLiteral("billed_requests")).toInteger(), 5);
    QCOMPARE(gpt.value(QStringLiteral("measured_calls")).toInteger(), 2);
    QCOMPARE(gpt.value(QStringLiteral("unpriced_calls")).toInteger(), 0);
    QCOMPARE(gpt.value(QStringLiteral("causes")).toArray(), QJsonArray{QStringLiteral("uninstrumented")});
    QCOMPARE(gpt.keys().size(), 10);
    const QJsonObject sonnet = rows.at(1).toObject();
    QCOMPARE(sonnet.value(QStringLiteral("model")).toString(), QStringLiteral("claude-sonnet-4-5"));
    QCOMPARE(sonnet.value(QStringLiteral("difference_usd")).toDouble(), 0.0);
    QVERIFY(sonnet.value(QStringLiteral("billed_requests")).isNull());
    QCOMPARE(sonnet.value(QStringLiteral("causes")).toArray(), QJsonArray());
    const QJsonObject gemini = rows.at(2).toObject();
    QCOMPARE(gemini.value(QStringLiteral("unpriced_calls")).toInteger(), 1);
    QCOMPARE(gemini.value(QStringLiteral("causes")).toArray(), QJsonArray());

    r = run({QStringLiteral("report"), QStringLiteral("--reconcile"), QStringLiteral("--db"), db(),
             QStringLiteral("--filter"), QStringLiteral("provider=openai")});
    QCOMPARE(r.exitCode, 0);
    const QStringList table = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(table.size(), 2);
    QVERIFY2(table.at(0).contains(QStringLiteral("DIFFERENCE")) &&
                 table.at(0).endsWith(QStringLiteral("CAUSES")),
             qPrintable(table.at(0)));
    QVERIFY2(table.at(1).endsWith(QStringLiteral("uninstrumented")) &&
                 table.at(1).contains(QStringLiteral("$1.50")),
             qPrintable(table.at(1)));
    // The measured spend of a day with unpriced calls says so rather than looking free.
    r = run({QStringLiteral("report"), QStringLiteral("--reconcile"), QStringLiteral("--db"), db()});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.split(u'\n');
    const auto geminiLine = std::find_if(lines.cbegin(), lines.cend(),
                                         [](const QString &line) { return line.contains(u"gemini"); });
    QVERIFY2(geminiLine != lines.cend() && geminiLine->contains(QStringLiteral(" 1 unpriced ")),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Unpriced calls are counted but not in the cost")),
             qPrintable(r.out));
    QVERIFY2(!lines.constFirst().contains(QStringLiteral("UNPRICED")), qPrintable(r.out));
}

// A group with calls Burnrate has no price for never reads as cheap or free in the table: its cost says how
// many calls it leaves out, and a footnote says why. JSON and CSV keep cost_usd and unpriced_calls apart.
void TestCli::unpricedCallsInTheTable()
{
    const qint64 t = nowNs() - 3600LL * 1'000'000'000;
    const QString file =
        writeFile(QStringLiteral("a.json"),
                  traces({span("00000000000000e1", "gpt-4.1", "planner", "f", 1'000'000, 100'000, t),
                          span("00000000000000e2", "no-such-model", "planner", "f", 10, 10, t),
                          span("00000000000000e3", "no-such-model", "writer", "f", 10, 10, t),
                          span("00000000000000e4", "no-such-model", "writer", "f", 10, 10, t)}));
    QCOMPARE(run({QStringLiteral("import"), QStringLiteral("--db"), db(), file}).exitCode, 0);
    Run r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--group-by"),
                 QStringLiteral("agent")});
    QCOMPARE(r.exitCode, 0);
    QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6); // header, planner, writer, rule, total, footnote
    QVERIFY2(lines.at(0).endsWith(QStringLiteral("COST")), qPrintable(r.out)); // no separate UNPRICED column
    // gpt-4.1: 1M input at $2 + 100k output at $8 = $2.80.
    QVERIFY2(lines.at(1).startsWith(u"planner") &&
                 lines.at(1).endsWith(QStringLiteral("$2.8000 + 1 unpriced")),
             qPrintable(r.out));
    // Only unpriced calls: no amount at all, not $0.
    QVERIFY2(lines.at(2).startsWith(u"writer") && lines.at(2).endsWith(QStringLiteral(" 2 unpriced")),
             qPrintable(r.out));
    QVERIFY2(!lines.at(2).contains(u'$'), qPrintable(r.out));
    QVERIFY2(lines.at(4).startsWith(u"TOTAL") && lines.at(4).endsWith(QStringLiteral("$2.8000 + 3 unpriced")),
             qPrintable(r.out));
    QVERIFY2(lines.at(5).startsWith(QStringLiteral("Unpriced calls are counted but not in the cost")),
             qPrintable(r.out));

    // Without unpriced calls: plain amounts and no footnote.
    r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--filter"),
             QStringLiteral("model=gpt-4.1")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.split(u'\n', Qt::SkipEmptyParts).size() == 2 &&
                 r.out.contains(QStringLiteral(" $2.8000\n")) &&
                 !r.out.contains(QStringLiteral("unpriced"), Qt::CaseInsensitive),
             qPrintable(r.out));

    // Machine output: the documented fields, unchanged.
    r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--group-by"),
             QStringLiteral("agent"), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(r.out,
             QStringLiteral("agent,calls,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,"
                            "cost_usd,unpriced_calls\r\nplanner,2,1000010,100010,0,0,2.800000,1\r\n"
                            "writer,2,20,20,0,0,0.000000,2\r\n"));
}

// --limit: the top groups by cost, then the rest in one row (per value of the first dimension with two).
void TestCli::reportLimit()
{
    const qint64 t = nowNs() - 3600LL * 1'000'000'000;
    // gpt-4.1 at $2 per 1M input tokens: planner $2.00, writer $1.00, critic $0.50 + $0.25.
    const QString file =
        writeFile(QStringLiteral("a.json"),
                  traces({span("00000000000000f1", "gpt-4.1", "planner", "f", 1'000'000, 0, t),
                          span("00000000000000f2", "gpt-4.1", "writer", "f", 500'000, 0, t),
                          span("00000000000000f3", "gpt-4.1", "critic", "f", 250'000, 0, t),
                          span("00000000000000f4", "gpt-4.1", "critic", "g", 125'000, 0, t)}));
    QCOMPARE(run({QStringLiteral("import"), QStringLiteral("--db"), db(), file}).exitCode, 0);
    Run r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--group-by"),
                 QStringLiteral("agent"), QStringLiteral("--limit"), QStringLiteral("1")});
    QCOMPARE(r.exitCode, 0);
    QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5); // header, planner, the other two, rule, total
    QVERIFY2(lines.at(1).startsWith(u"planner") && lines.at(1).endsWith(u"$2.0000"), qPrintable(r.out));
    QVERIFY2(lines.at(2).startsWith(u"(2 other groups)") && lines.at(2).endsWith(u"$1.7500"),
             qPrintable(r.out));
    QVERIFY2(lines.at(4).startsWith(u"TOTAL") && lines.at(4).endsWith(u"$3.7500"), qPrintable(r.out));

    r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--group-by"),
             QStringLiteral("feature,agent"), QStringLiteral("--limit"), QStringLiteral("2"),
             QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("feature,agent,calls,input_tokens,output_tokens,cache_read_tokens,"
                                   "cache_write_tokens,cost_usd,unpriced_calls,other_groups,other_of_all\r\n"
                                   "f,planner,1,1000000,0,0,0,2.000000,0,0,0\r\n"
                                   "f,writer,1,500000,0,0,0,1.000000,0,0,0\r\n"
                                   "f,,1,250000,0,0,0,0.500000,0,1,0\r\n"
                                   "g,,1,125000,0,0,0,0.250000,0,1,0\r\n"));
    // More features than the limit: g is in the rest of all, marked as such (a feature's rest and the rest
    // of calls without a feature would also have null keys only).
    r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--group-by"),
             QStringLiteral("feature,agent"), QStringLiteral("--limit"), QStringLiteral("1"),
             QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("feature,agent,calls,input_tokens,output_tokens,cache_read_tokens,"
                                   "cache_write_tokens,cost_usd,unpriced_calls,other_groups,other_of_all\r\n"
                                   "f,planner,1,1000000,0,0,0,2.000000,0,0,0\r\n"
                                   "f,,2,750000,0,0,0,1.500000,0,2,0\r\n"
                                   ",,1,125000,0,0,0,0.250000,0,1,1\r\n"));
    // With one dimension the rest is always of all: no such field.
    r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--group-by"),
             QStringLiteral("agent"), QStringLiteral("--limit"), QStringLiteral("1"),
             QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(u"\"other_groups\": 2") && !r.out.contains(u"other_of_all"), qPrintable(r.out));
    // With more features than the limit: the rest of the top group's feature f after f, and the rest of
    // the other features (g) in front.
    r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--group-by"),
             QStringLiteral("feature,agent"), QStringLiteral("--limit"), QStringLiteral("1")});
    QCOMPARE(r.exitCode, 0);
    lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6); // header, one group, two rests, rule, total
    QVERIFY2(lines.at(2).startsWith(u"f ") && lines.at(2).contains(u"(2 other groups)"), qPrintable(r.out));
    QVERIFY2(lines.at(3).startsWith(u"(1 other group) ") && !lines.at(3).contains(u"(none)"),
             qPrintable(r.out));
    // Without --limit, every group and the documented fields only.
    r = run({QStringLiteral("report"), QStringLiteral("--db"), db(), QStringLiteral("--group-by"),
             QStringLiteral("agent"), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(r.out.count(u'\n'), 4);
    QVERIFY2(!r.out.contains(u"other_groups"), qPrintable(r.out));
}

// --help names every form --since and --until accept, and each form it names is accepted.
void TestCli::timeForms_data()
{
    QTest::addColumn<QString>("form");
    QTest::addColumn<QString>("option");
    QTest::newRow("now") << QStringLiteral("now") << QStringLiteral("--until");
    for (const char *form : {"today", "yesterday", "90m", "90min", "24h", "7d", "2w", "2026-11-24",
                             "2026-11-24T08:00", "2026-11-24T08:00:00Z", "2026-11-24T08:00:00+01:00"})
        QTest::newRow(form) << QString::fromLatin1(form) << QStringLiteral("--since");
}

void TestCli::timeForms()
{
    QFETCH(QString, form);
    QFETCH(QString, option);
    const QString file = writeFile(QStringLiteral("a.json"),
                                   traces({span("00000000000000f1", "gpt-4.1", "a", "f", 10, 10, nowNs())}));
    QCOMPARE(run({QStringLiteral("import"), QStringLiteral("--db"), db(), file}).exitCode, 0);
    static const QRegularExpression separators(QStringLiteral("[\\s,;()]+"));
    for (const QString &command : {QStringLiteral("report"), QStringLiteral("alerts")}) {
        Run r = run({command, QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QStringList words = r.out.split(separators, Qt::SkipEmptyParts);
        for (QString &word : words) {
            if (word.endsWith(u'.'))
                word.chop(1);
        }
        QVERIFY2(words.contains(form), qPrintable(form + u" not in:\n" + r.out));
        // alerts has no --until: it lists from --since to now.
        r = run({command, QStringLiteral("--db"), db(),
                 command == u"alerts" ? QStringLiteral("--since") : option, form});
        QVERIFY2(r.exitCode == 0, qPrintable(form + u": " + r.err));
    }
}

// Only measured calls, no provider source: nothing to reconcile, said as such, not "$0.00 billed" rows.
void TestCli::reconcileWithoutBilledSpend()
{
    const qint64 day = utcDay(2);
    store({}, {measuredCall(1, day + kHourNs, QStringLiteral("openai"), QStringLiteral("gpt-4.1"), 600'000)});
    Run r = run({QStringLiteral("report"), QStringLiteral("--reconcile"), QStringLiteral("--db"), db()});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("No billed spend between ")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("(Sources)")), qPrintable(r.out));
    QVERIFY(!r.out.contains(QStringLiteral("$0.00")));
    r = run({QStringLiteral("report"), QStringLiteral("--reconcile"), QStringLiteral("--db"), db(),
             QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 0);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
