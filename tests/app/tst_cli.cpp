// The burnrate command line as a user runs it: exit codes, messages, import, report formats and
// --headless shutdown.
#include "ingest/otlpcodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

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
    void importAndReport();
    void importFormats();
    void importBadFiles();
    void reportFormats();
    void badPriceOverrides();
    void headlessDrainsOnSigterm();

private:
    Run run(const QStringList &arguments, int timeoutMs = 60'000);
    QString writeFile(const QString &name, const QByteArray &content);
    QString db() const { return m_dir->filePath(QStringLiteral("burnrate.sqlite")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

Run TestCli::run(const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Never read the developer's own settings or database.
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(BURNRATE_EXECUTABLE), arguments);
    Run result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
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
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("prices.json")), qPrintable(r.err));
    QVERIFY(!QFile::exists(db()));
}

void TestCli::headlessDrainsOnSigterm()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();

    QProcess headless;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    headless.setProcessEnvironment(env);
    headless.setProcessChannelMode(QProcess::MergedChannels);
    headless.start(QStringLiteral(BURNRATE_EXECUTABLE),
                   {QStringLiteral("--headless"), QStringLiteral("--db"), db(),
                    QStringLiteral("--otlp-listen"), QStringLiteral("127.0.0.1:%1").arg(port)});
    QVERIFY(headless.waitForStarted());
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

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
