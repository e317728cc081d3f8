// BudgetMonitor against a real StorageWriter in a temporary directory, with an injected clock: tier alerts
// within the coalescing delay and exactly once, across a restart; the rolling anomaly naming its top
// agent; webhooks against a loopback HTTP server, one failing and one answering.
#include "budgets/budgetmonitor.h"
#include "common/timeutil.h"
#include "ingest/normalizer.h"
#include "net/curlhttpclient.h"
#include "storage/storagewriter.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Budgets;

namespace {

// 2026-11-20 12:30 UTC: the middle of a UTC day.
const qint64 kNow = Time::toNs(QDateTime(QDate(2026, 11, 20), QTime(12, 30), QTimeZone::utc()));
constexpr qint64 kMinute = 60 * Time::kNanosPerSecond;

Model::UsageEvent usage(qint64 startNs, qint64 costMicros, const QString &agent,
                        const QString &feature = QStringLiteral("chat"))
{
    static int counter = 0;
    ++counter;
    Model::UsageEvent e;
    e.eventId = QStringLiteral("test:%1").arg(counter);
    e.source = QStringLiteral("test");
    e.startNs = startNs;
    e.endNs = startNs + Time::kNanosPerSecond;
    e.provider = QStringLiteral("openai");
    e.model = QStringLiteral("gpt-4o");
    e.operation = QStringLiteral("chat");
    e.costMicros = costMicros;
    e.costSource = Model::CostSource::Computed;
    e.agentId = agent;
    e.feature = feature;
    e.traceId = QStringLiteral("%1").arg(counter, 32, 16, QChar(u'0'));
    return e;
}

// Records the burnrate.budgets messages, for the check that no webhook secret is logged.
QMutex s_logMutex;
QStringList s_budgetLog;
QtMessageHandler s_previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && QByteArrayView(context.category) == "burnrate.budgets") {
        const QMutexLocker lock(&s_logMutex);
        s_budgetLog << message;
    }
    s_previousHandler(type, context, message);
}

// Answers POST /fail… with 500 and everything else with 200, and records the requests' targets and
// bodies.
class WebhookServer : public QObject
{
public:
    WebhookServer()
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

    QString url(const QString &path) const
    {
        return u"http://127.0.0.1:" + QString::number(m_server.serverPort()) + path;
    }

    QList<std::pair<QByteArray, QByteArray>> requests; // target, body

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            const QByteArray head = buffer.left(headEnd).toLower();
            const qsizetype at = head.indexOf("content-length:");
            const qsizetype length =
                at < 0 ? 0 : head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
            if (buffer.size() < headEnd + 4 + length)
                return;
            const QByteArray target = buffer.left(buffer.indexOf('\r')).split(' ').value(1);
            requests.append({target, buffer.mid(headEnd + 4, length)});
            buffer.remove(0, headEnd + 4 + length);
            const int status = target.startsWith("/fail") ? 500 : 200;
            socket->write("HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Length: 2\r\n\r\nok");
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace

class TestBudgetMonitor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void tierAlertOnceWithinCoalescing();
    void restartNeitherRepeatsNorMisses();
    void alertMessagesShowCents();
    void scopedBudgetsCountTheirOwnSpend();
    void burstRaisesAnomalyNamingTopAgent();
    void steadySpendRaisesNoAnomaly();
    void webhooksFailingAndOk();
    void loopAlarmFromToolSpans();
    void loopAlarmFromRepeatedModelCalls();
    void escalationNamesWhatToStop();
    void writesWithoutSignalAreSeen();

private:
    // One agent run as the SDK exports it: invoke_agent root, a chat and a tool call, through the normalizer
    // (which remembers traces, like the receiver's) into the writer.
    void storeRun(const Ingest::Normalizer &normalizer, qint64 startNs, const QString &agent,
                  const QString &session, const QString &tool);
    void store(const QList<Model::UsageEvent> &events);
    Budget addBudget(const QString &name, qint64 limitMicros, const QString &webhook = {},
                     const Scope &scope = {});
    std::unique_ptr<BudgetMonitor> startMonitor(Net::HttpClient *http = nullptr);
    QString dbPath() const { return m_dir->filePath(QStringLiteral("burnrate.sqlite")); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage::StorageWriter> m_writer;
};

void TestBudgetMonitor::initTestCase()
{
    s_previousHandler = qInstallMessageHandler(recordMessage);
}

void TestBudgetMonitor::cleanupTestCase()
{
    qInstallMessageHandler(s_previousHandler);
}

void TestBudgetMonitor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_writer = std::make_unique<Storage::StorageWriter>(dbPath());
    Error error;
    QVERIFY2(m_writer->start(&error), qPrintable(error.message));
}

void TestBudgetMonitor::cleanup()
{
    m_writer.reset();
}

void TestBudgetMonitor::store(const QList<Model::UsageEvent> &events)
{
    bool done = false;
    m_writer->submit(events, this, [&done](const Storage::WriteResult &result) {
        QVERIFY2(!result.error, qPrintable(result.error.message));
        done = true;
    });
    QTRY_VERIFY(done);
}

Budget TestBudgetMonitor::addBudget(const QString &name, qint64 limitMicros, const QString &webhook,
                                    const Scope &scope)
{
    Error error;
    auto budgets = BudgetStore::open(dbPath(), false, &error);
    Budget b;
    b.name = name;
    b.period = Period::Day;
    b.zone = QTimeZone::utc();
    b.limitMicros = limitMicros;
    b.webhookUrl = webhook;
    b.scope = scope;
    if (!budgets || !budgets->addBudget(b, kNow, &error))
        qWarning() << error.message;
    return b;
}

void TestBudgetMonitor::storeRun(const Ingest::Normalizer &normalizer, qint64 startNs, const QString &agent,
                                 const QString &session, const QString &tool)
{
    static int runs = 0;
    ++runs;
    const auto text = [](const QString &value) {
        Ingest::AnyValue v;
        v.type = Ingest::AnyValue::Type::String;
        v.string = value;
        return v;
    };
    const auto number = [](qint64 value) {
        Ingest::AnyValue v;
        v.type = Ingest::AnyValue::Type::Int;
        v.intValue = value;
        return v;
    };
    const QString trace = QStringLiteral("%1").arg(runs, 32, 16, QChar(u'0'));
    const auto span = [&](int n, const QString &parent, const QString &name, qint64 offsetNs,
                          Ingest::Attributes attributes) {
        Ingest::Span s;
        s.traceId = trace;
        s.spanId = QStringLiteral("%1").arg(runs * 16 + n, 16, 16, QChar(u'0'));
        s.parentSpanId = parent;
        s.name = name;
        s.startNs = startNs + offsetNs;
        s.endNs = s.startNs + Time::kNanosPerSecond;
        s.attributes = std::move(attributes);
        return s;
    };
    const Ingest::Span root =
        span(0, {}, u"invoke_agent " + agent, 0,
             {{QStringLiteral("gen_ai.operation.name"), text(QStringLiteral("invoke_agent"))},
              {QStringLiteral("gen_ai.agent.id"), text(agent)},
              {QStringLiteral("session.id"), text(session)}});
    const Ingest::Span chat = span(1, root.spanId, QStringLiteral("chat gpt-4o"), 100'000'000,
                                   {{QStringLiteral("gen_ai.operation.name"), text(QStringLiteral("chat"))},
                                    {QStringLiteral("gen_ai.request.model"), text(QStringLiteral("gpt-4o"))},
                                    {QStringLiteral("gen_ai.usage.input_tokens"), number(1000 + runs * 97)},
                                    {QStringLiteral("gen_ai.usage.output_tokens"), number(10)}});
    const Ingest::Span call =
        span(2, root.spanId, u"execute_tool " + tool, 200'000'000,
             {{QStringLiteral("gen_ai.operation.name"), text(QStringLiteral("execute_tool"))},
              {QStringLiteral("gen_ai.tool.name"), text(tool)}});
    // The tool and the chat end first and come in one export, the root in the next one.
    Ingest::TraceBatch first, second;
    first.resources.append({{}, {Ingest::ScopeSpans{QStringLiteral("test"), {}, {chat, call}}}});
    second.resources.append({{}, {Ingest::ScopeSpans{QStringLiteral("test"), {}, {root}}}});
    for (const Ingest::TraceBatch *batch : {&first, &second}) {
        Ingest::Normalizer::Result r = normalizer.normalize(*batch);
        bool done = false;
        m_writer->submit(
            Storage::WriteBatch{r.events, r.attributionUpdates, r.traceSpans, r.traceSpanUpdates}, this,
            [&done](const Storage::WriteResult &result) {
                QVERIFY2(!result.error, qPrintable(result.error.message));
                done = true;
            });
        QTRY_VERIFY(done);
    }
}

std::unique_ptr<BudgetMonitor> TestBudgetMonitor::startMonitor(Net::HttpClient *http)
{
    BudgetMonitor::Options options;
    options.databasePath = dbPath();
    options.clock = [] { return kNow; };
    options.coalesce = std::chrono::milliseconds(200);
    options.interval = std::chrono::hours(1); // only the writer's commits trigger evaluations here
    options.webhookRetry = {2, std::chrono::milliseconds(10), std::chrono::milliseconds(10)};
    options.loopKillAction = KillAction::Observe;
    auto monitor = std::make_unique<BudgetMonitor>(options);
    monitor->setHttpClient(http);
    Error error;
    if (!monitor->start(&error))
        qWarning() << error.message;
    monitor->watch(m_writer.get());
    return monitor;
}

void TestBudgetMonitor::tierAlertOnceWithinCoalescing()
{
    addBudget(QStringLiteral("daily"), 10'000'000);
    auto monitor = startMonitor();
    QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
    store({usage(kNow - 60 * kMinute, 6'900'000, QStringLiteral("a"))});
    monitor->evaluate();
    QCOMPARE(raised.count(), 0); // 69 %

    QElapsedTimer timer;
    timer.start();
    store({usage(kNow - 30 * kMinute, 100'000, QStringLiteral("a"))}); // exactly 70.00 %
    QTRY_COMPARE_WITH_TIMEOUT(raised.count(), 1, 1000);
    qInfo() << "alert raised" << timer.elapsed() << "ms after the batch was submitted";
    QVERIFY(timer.elapsed() < 1000);
    const Alert alert = raised.at(0).at(0).value<Alert>();
    QCOMPARE(alert.kind, Alert::Kind::Budget);
    QCOMPARE(alert.budgetName, u"daily");
    QCOMPARE(alert.tier, 70);
    QCOMPARE(alert.valueMicros, 7'000'000);
    QCOMPARE(alert.limitMicros, 10'000'000);
    QCOMPARE(alert.firedAtNs, kNow);
    QVERIFY(alert.id > 0);

    // More spend under the next tier: no second alert.
    store({usage(kNow - 20 * kMinute, 100'000, QStringLiteral("a"))});
    QTest::qWait(400);
    monitor->evaluate();
    QCOMPARE(raised.count(), 1);
    Error error;
    const auto stored = monitor->store()->alerts(0, Alert::Kind::Budget, &error);
    QVERIFY(stored);
    QCOMPARE(stored->size(), 1);
}

// Amounts in alert texts: cents from $1 up ("$7.50 of $10.00", not "$7.5000"), more places only below $1.
void TestBudgetMonitor::alertMessagesShowCents()
{
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const auto restore = qScopeGuard([&previous] { QLocale::setDefault(previous); });

    addBudget(QStringLiteral("daily"), 10'000'000);
    addBudget(QStringLiteral("small"), 500'000, {}, Scope{Dimension::Agent, QStringLiteral("b")});
    addBudget(QStringLiteral("over"), 8'000'000, {}, Scope{Dimension::Agent, QStringLiteral("c")});
    store({usage(kNow - 60 * kMinute, 6'000'000, QStringLiteral("a")),
           usage(kNow - 50 * kMinute, 400'000, QStringLiteral("b")),
           usage(kNow - 40 * kMinute, 1'100'000, QStringLiteral("c"))});
    auto monitor = startMonitor();
    QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
    monitor->evaluate();
    store({usage(kNow - 20 * kMinute, 8'530'700, QStringLiteral("c"))}); // c: $9.6307 of $8
    monitor->evaluate();

    QStringList messages;
    for (const QList<QVariant> &signal : std::as_const(raised))
        messages << signal.at(0).value<Alert>().message;
    const QString all = messages.join(u'\n');
    QVERIFY2(
        messages.contains(QStringLiteral("Budget 'daily' reached 70 % of its limit: $7.50 of $10.00 spent.")),
        qPrintable(all));
    QVERIFY2(messages.contains(
                 QStringLiteral("Budget 'small' reached 70 % of its limit: $0.4000 of $0.5000 spent.")),
             qPrintable(all));
    QVERIFY2(
        messages.contains(QStringLiteral("Budget 'over' reached 120 % of its limit: $9.63 of $8.00 spent.")),
        qPrintable(all));
    // No amount of a dollar or more with more than two places, in any alert (forecasts included).
    static const QRegularExpression longAmount(QStringLiteral("\\$[1-9][0-9,]*\\.[0-9]{3}"));
    QVERIFY2(!all.contains(longAmount), qPrintable(all));
}

void TestBudgetMonitor::restartNeitherRepeatsNorMisses()
{
    addBudget(QStringLiteral("daily"), 10'000'000);
    store({usage(kNow - 60 * kMinute, 7'500'000, QStringLiteral("a"))});
    {
        auto monitor = startMonitor();
        QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
        QTRY_COMPARE_WITH_TIMEOUT(raised.count(), 1, 1000); // the first evaluation after start
        QCOMPARE(raised.at(0).at(0).value<Alert>().tier, 70);
    }
    // While no monitor runs, spend crosses 100 %.
    store({usage(kNow - 10 * kMinute, 3'000'000, QStringLiteral("a"))});
    auto monitor = startMonitor();
    QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
    QTRY_COMPARE_WITH_TIMEOUT(raised.count(), 1, 1000);
    QCOMPARE(raised.at(0).at(0).value<Alert>().tier, 100);
    QTest::qWait(300);
    monitor->evaluate();
    QCOMPARE(raised.count(), 1);
    Error error;
    const auto stored = monitor->store()->alerts(0, std::nullopt, &error);
    QCOMPARE(stored->size(), 2);
    QCOMPARE(stored->at(0).tier, 70);
    QCOMPARE(stored->at(1).tier, 100);
}

void TestBudgetMonitor::scopedBudgetsCountTheirOwnSpend()
{
    addBudget(QStringLiteral("agent-a"), 10'000'000, {}, {Dimension::Agent, QStringLiteral("a")});
    addBudget(QStringLiteral("agent-b"), 10'000'000, {}, {Dimension::Agent, QStringLiteral("b")});
    addBudget(QStringLiteral("search"), 2'000'000, {}, {Dimension::Feature, QStringLiteral("search")});
    addBudget(QStringLiteral("model"), 100'000'000, {}, {Dimension::Model, QStringLiteral("gpt-4o")});
    store({usage(kNow - 90 * kMinute, 7'000'000, QStringLiteral("a")),
           usage(kNow - 80 * kMinute, 1'000'000, QStringLiteral("b"), QStringLiteral("search")),
           usage(kNow - 70 * kMinute, 500'000, QStringLiteral("b"), QStringLiteral("search"))});
    auto monitor = startMonitor();
    QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
    QTRY_COMPARE_WITH_TIMEOUT(raised.count(), 2, 1000);
    QTest::qWait(100);
    QCOMPARE(raised.count(), 2);
    QHash<QString, Alert> byBudget;
    for (const QList<QVariant> &signal : std::as_const(raised))
        byBudget.insert(signal.at(0).value<Alert>().budgetName, signal.at(0).value<Alert>());
    QCOMPARE(byBudget.value(QStringLiteral("agent-a")).valueMicros, 7'000'000);
    QCOMPARE(byBudget.value(QStringLiteral("agent-a")).scope, u"agent=a");
    QCOMPARE(byBudget.value(QStringLiteral("search")).valueMicros, 1'500'000);
    QCOMPARE(byBudget.value(QStringLiteral("search")).tier, 70);
}

void TestBudgetMonitor::burstRaisesAnomalyNamingTopAgent()
{
    // 30 hours of $1 an hour from "steady", then $5 from "burst" and $1 from "steady" in the last hour.
    QList<Model::UsageEvent> events;
    for (int h = 30; h >= 2; --h)
        events << usage(kNow - h * 60 * kMinute, 1'000'000, QStringLiteral("steady"));
    events << usage(kNow - 40 * kMinute, 1'000'000, QStringLiteral("steady"));
    for (int i = 0; i < 5; ++i)
        events << usage(kNow - (30 - i) * kMinute, 1'000'000, QStringLiteral("burst"),
                        QStringLiteral("search"));
    store(events);

    auto monitor = startMonitor();
    QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
    QTRY_VERIFY_WITH_TIMEOUT(!raised.isEmpty(), 1000);
    QTest::qWait(50);
    QHash<QString, Alert> byScope;
    for (const QList<QVariant> &signal : std::as_const(raised))
        byScope.insert(signal.at(0).value<Alert>().scope, signal.at(0).value<Alert>());
    QVERIFY2(byScope.contains(QStringLiteral("all")), qPrintable(QStringList(byScope.keys()).join(u',')));
    QVERIFY(byScope.contains(QStringLiteral("agent=burst")));
    QVERIFY(!byScope.contains(QStringLiteral("agent=steady")));
    const Alert all = byScope.value(QStringLiteral("all"));
    QCOMPARE(all.kind, Alert::Kind::Anomaly);
    QCOMPARE(all.valueMicros, 6'000'000);
    QCOMPARE(all.limitMicros, 1'000'000);
    QVERIFY2(all.message.contains(u"burst"), qPrintable(all.message));
    const QJsonArray contributors = all.detail.value(QLatin1StringView("contributors")).toArray();
    QVERIFY(!contributors.isEmpty());
    QCOMPARE(contributors.at(0).toObject().value(QLatin1StringView("agent")).toString(), u"burst");
    QCOMPARE(all.detail.value(QLatin1StringView("trace_ids")).toArray().size(), 5);
    const int count = int(raised.count());

    // A new monitor on the same database remembers that the anomaly is in progress.
    monitor.reset();
    auto again = startMonitor();
    QSignalSpy raisedAgain(again.get(), &BudgetMonitor::alertRaised);
    QTest::qWait(400);
    again->evaluate();
    QCOMPARE(raisedAgain.count(), 0);
    Error error;
    QCOMPARE(again->store()->alerts(0, Alert::Kind::Anomaly, &error)->size(), count);
}

void TestBudgetMonitor::steadySpendRaisesNoAnomaly()
{
    QList<Model::UsageEvent> events;
    for (int h = 30; h >= 1; --h)
        events << usage(kNow - h * 60 * kMinute + kMinute, 2'000'000, QStringLiteral("steady"));
    store(events);
    auto monitor = startMonitor();
    QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
    QTest::qWait(400);
    monitor->evaluate();
    QCOMPARE(raised.count(), 0);
}

void TestBudgetMonitor::webhooksFailingAndOk()
{
    WebhookServer server;
    Net::CurlHttpClient http;
    addBudget(QStringLiteral("failing"), 10'000'000,
              server.url(QStringLiteral("/fail/T000/B000/secrettoken")));
    addBudget(QStringLiteral("working"), 10'000'000, server.url(QStringLiteral("/ok/T111/B111/othertoken")));
    store({usage(kNow - 60 * kMinute, 8'000'000, QStringLiteral("a"))});
    {
        const QMutexLocker lock(&s_logMutex);
        s_budgetLog.clear();
    }
    auto monitor = startMonitor(&http);
    QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
    QSignalSpy finished(monitor.get(), &BudgetMonitor::webhookFinished);
    QTRY_COMPARE_WITH_TIMEOUT(raised.count(), 2, 1000); // both budgets, whatever their webhooks do
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10'000);
    QHash<bool, int> outcomes;
    for (const QList<QVariant> &signal : std::as_const(finished)) {
        QCOMPARE(signal.at(0).toString(), u"127.0.0.1:" + QString::number(QUrl(server.url({})).port()));
        ++outcomes[signal.at(1).toBool()];
    }
    QCOMPARE(outcomes.value(true), 1);
    QCOMPARE(outcomes.value(false), 1);

    int failing = 0;
    int ok = 0;
    for (const auto &[target, body] : std::as_const(server.requests)) {
        const QJsonObject json = QJsonDocument::fromJson(body).object();
        const QString text = json.value(QLatin1StringView("text")).toString();
        if (target.startsWith("/fail")) {
            ++failing;
            QVERIFY2(text.contains(u"'failing'"), qPrintable(text));
        } else {
            ++ok;
            QVERIFY2(text.contains(u"'working'") && text.contains(u"70"), qPrintable(text));
        }
    }
    QCOMPARE(failing, 2); // retried once
    QCOMPARE(ok, 1);
    Error error;
    QCOMPARE(monitor->store()->alerts(0, std::nullopt, &error)->size(), 2);

    const QMutexLocker lock(&s_logMutex);
    QVERIFY(!s_budgetLog.filter(QStringLiteral("webhook")).isEmpty());
    for (const QString &line : std::as_const(s_budgetLog))
        QVERIFY2(!line.contains(u"secrettoken") && !line.contains(u"/fail"), qPrintable(line));
}

void TestBudgetMonitor::loopAlarmFromToolSpans()
{
    const Ingest::Normalizer normalizer;
    auto monitor = startMonitor();
    QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
    QSignalSpy escalations(monitor.get(), &BudgetMonitor::escalationRequested);
    const QString agent = QStringLiteral("code-review");
    constexpr qint64 kStep = 10 * Time::kNanosPerSecond; // between runs
    // A loop two hours ago (an imported history): not news.
    for (int i = 0; i < 6; ++i)
        storeRun(normalizer, kNow - 2 * Time::kNanosPerHour + i * kStep, agent, QStringLiteral("s-old"),
                 QStringLiteral("run_tests"));
    const QString session = QStringLiteral("s-loop");
    // Varied tools first, and another agent calling one tool in its own, short session.
    const QStringList varied = {u"read_file"_qs, u"grep"_qs, u"read_file"_qs, u"grep"_qs};
    qint64 t = kNow - 5 * kMinute;
    for (const QString &tool : varied)
        storeRun(normalizer, t += kStep, agent, session, tool);
    for (int i = 0; i < 3; ++i)
        storeRun(normalizer, t + i * Time::kNanosPerSecond, QStringLiteral("other"), QStringLiteral("s-2"),
                 QStringLiteral("run_tests"));
    // Then the loop: run_tests again and again. The 4th makes 4 of the last 5.
    for (int i = 0; i < 3; ++i)
        storeRun(normalizer, t += kStep, agent, session, QStringLiteral("run_tests"));
    QTest::qWait(400);
    monitor->evaluate();
    QCOMPARE(raised.count(), 0); // 3 run_tests of the last 5 (read_file, grep before them)
    QElapsedTimer timer;
    timer.start();
    storeRun(normalizer, t += kStep, agent, session, QStringLiteral("run_tests"));
    QTRY_COMPARE_WITH_TIMEOUT(raised.count(), 1, 1000); // within a second of the commit
    qInfo() << "loop alarm raised" << timer.elapsed() << "ms after the batch was submitted";
    const Alert alert = raised.at(0).at(0).value<Alert>();
    QCOMPARE(alert.kind, Alert::Kind::Loop);
    QCOMPARE(alert.scope, u"agent=code-review");
    QVERIFY(alert.id > 0);
    QCOMPARE(alert.detail.value(QLatin1StringView("agent")).toString(), agent);
    QCOMPARE(alert.detail.value(QLatin1StringView("session")).toString(), session);
    QCOMPARE(alert.detail.value(QLatin1StringView("subject")).toString(), u"run_tests");
    QCOMPARE(alert.detail.value(QLatin1StringView("count")).toInt(), 4);
    QCOMPARE(alert.detail.value(QLatin1StringView("out_of")).toInt(), 5);
    // The traces of the four run_tests calls, one per run.
    QCOMPARE(alert.detail.value(QLatin1StringView("trace_ids")).toArray().size(), 4);
    QVERIFY2(alert.message.contains(agent) && alert.message.contains(session) &&
                 alert.message.contains(u"run_tests"),
             qPrintable(alert.message));
    QCOMPARE(escalations.count(), 1);
    const Escalation escalation = escalations.at(0).at(0).value<Escalation>();
    QCOMPARE(escalation.target, Escalation::Target::Agent);
    QCOMPARE(escalation.agentId, agent);
    QCOMPARE(escalation.mode, KillAction::Observe);
    QCOMPARE(escalation.alertId, alert.id);
    QCOMPARE(escalation.reason, alert.message);
    QVERIFY(escalation.loopAlarm); // the audit trail names the loop alarm as who stopped the agent
    QCOMPARE(escalation.origin, agent);

    // The loop goes on: quiet.
    storeRun(normalizer, t += kStep, agent, session, QStringLiteral("run_tests"));
    QTest::qWait(400);
    monitor->evaluate();
    QCOMPARE(raised.count(), 1);

    // A restart neither repeats the alarm nor forgets the loop in progress.
    monitor.reset();
    monitor = startMonitor();
    QSignalSpy raisedAfter(monitor.get(), &BudgetMonitor::alertRaised);
    storeRun(normalizer, t += kStep, agent, session, QStringLiteral("run_tests"));
    QTest::qWait(400);
    monitor->evaluate();
    QCOMPARE(raisedAfter.count(), 0);

    // The pattern breaks, then starts again: a new alarm.
    for (const QString &tool : {u"grep"_qs, u"read_file"_qs})
        storeRun(normalizer, t += kStep, agent, session, tool);
    QTest::qWait(400);
    monitor->evaluate();
    QCOMPARE(raisedAfter.count(), 0);
    for (int i = 0; i < 4; ++i)
        storeRun(normalizer, t += kStep, agent, session, QStringLiteral("run_tests"));
    QTRY_COMPARE_WITH_TIMEOUT(raisedAfter.count(), 1, 1000);
    Error error;
    QCOMPARE(monitor->store()->alerts(0, Alert::Kind::Loop, &error)->size(), 2);
}

void TestBudgetMonitor::loopAlarmFromRepeatedModelCalls()
{
    // Ten near-identical calls within a minute (the detector's defaults), stored while no monitor runs:
    // the alarm comes on start, once.
    QList<Model::UsageEvent> events;
    for (int i = 0; i < 10; ++i) {
        Model::UsageEvent e =
            usage(kNow - 5 * kMinute + i * 5 * Time::kNanosPerSecond, 1000, QStringLiteral("retrier"));
        e.sessionId = QStringLiteral("s-r");
        e.inputTokens = 5000 + i;
        events << e;
    }
    store(events);
    {
        auto monitor = startMonitor();
        QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
        QTRY_COMPARE_WITH_TIMEOUT(raised.count(), 1, 1000);
        const Alert alert = raised.at(0).at(0).value<Alert>();
        QCOMPARE(alert.kind, Alert::Kind::Loop);
        QCOMPARE(alert.detail.value(QLatin1StringView("pattern")).toString(), u"repeated_model_call");
        QCOMPARE(alert.detail.value(QLatin1StringView("subject")).toString(), u"gpt-4o");
        QCOMPARE(alert.detail.value(QLatin1StringView("session")).toString(), u"s-r");
        QCOMPARE(alert.detail.value(QLatin1StringView("trace_ids")).toArray().size(), 10);
    }
    auto monitor = startMonitor();
    QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
    QTest::qWait(400);
    monitor->evaluate();
    QCOMPARE(raised.count(), 0);
}

void TestBudgetMonitor::escalationNamesWhatToStop()
{
    Error error;
    auto budgets = BudgetStore::open(dbPath(), false, &error);
    QVERIFY2(budgets, qPrintable(error.message));
    const auto add = [&](const QString &name, const Scope &scope, KillAction kill) {
        Budget b;
        b.name = name;
        b.period = Period::Day;
        b.zone = QTimeZone::utc();
        b.limitMicros = 1'000'000;
        b.scope = scope;
        b.killAction = kill;
        QVERIFY2(budgets->addBudget(b, kNow, &error), qPrintable(error.message));
    };
    add(QStringLiteral("all"), {}, KillAction::Enforce);
    add(QStringLiteral("agent-a"), {Dimension::Agent, QStringLiteral("a")}, KillAction::Observe);
    add(QStringLiteral("feature"), {Dimension::Feature, QStringLiteral("chat")}, KillAction::Enforce);
    const auto listed = budgets->budgets(&error);
    QVERIFY(listed);
    QCOMPARE(listed->size(), 3);
    QCOMPARE(listed->at(0).name, u"agent-a"); // by name; the kill action stored and read back
    QCOMPARE(listed->at(0).killAction, KillAction::Observe);
    QCOMPARE(listed->at(1).killAction, KillAction::Enforce);
    budgets.reset();

    auto monitor = startMonitor();
    QSignalSpy escalations(monitor.get(), &BudgetMonitor::escalationRequested);
    QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
    store({usage(kNow - 30 * kMinute, 1'100'000, QStringLiteral("a"))}); // 110 %: no escalation yet
    QTRY_COMPARE_WITH_TIMEOUT(raised.count(), 6, 1000);                  // 70 and 100 of each
    QCOMPARE(escalations.count(), 0);
    store({usage(kNow - 20 * kMinute, 100'000, QStringLiteral("a"))}); // 120 %
    QTRY_COMPARE_WITH_TIMEOUT(raised.count(), 9, 1000);
    QTest::qWait(100);
    QCOMPARE(escalations.count(), 2); // none for the feature budget
    QHash<QString, Escalation> byReason;
    for (const QList<QVariant> &signal : std::as_const(escalations)) {
        const Escalation e = signal.at(0).value<Escalation>();
        QVERIFY(e.alertId > 0);
        byReason.insert(e.reason.section(u'\'', 1, 1), e);
    }
    QCOMPARE(byReason.value(QStringLiteral("all")).target, Escalation::Target::AllAgents);
    QCOMPARE(byReason.value(QStringLiteral("all")).mode, KillAction::Enforce);
    QCOMPARE(byReason.value(QStringLiteral("agent-a")).target, Escalation::Target::Agent);
    QCOMPARE(byReason.value(QStringLiteral("agent-a")).agentId, u"a");
    QCOMPARE(byReason.value(QStringLiteral("agent-a")).mode, KillAction::Observe);
    // Each names its budget, for the audit trail's "who".
    QCOMPARE(byReason.value(QStringLiteral("all")).origin, u"all");
    QCOMPARE(byReason.value(QStringLiteral("agent-a")).origin, u"agent-a");
    QVERIFY(!byReason.value(QStringLiteral("all")).loopAlarm);
}

void TestBudgetMonitor::writesWithoutSignalAreSeen()
{
    // Another process (an import) writes to the same database: no commit signal reaches the monitor, the
    // 30 s evaluation (here 300 ms) finds the change.
    addBudget(QStringLiteral("daily"), 10'000'000);
    store({usage(kNow - 60 * kMinute, 1'000'000, QStringLiteral("a"))});
    BudgetMonitor::Options options;
    options.databasePath = dbPath();
    options.clock = [] { return kNow; };
    options.coalesce = std::chrono::milliseconds(50);
    options.interval = std::chrono::milliseconds(300);
    BudgetMonitor monitor(options);
    Error error;
    QVERIFY2(monitor.start(&error), qPrintable(error.message));
    QSignalSpy raised(&monitor, &BudgetMonitor::alertRaised);
    QTest::qWait(200); // the first evaluation has read the spend

    Storage::StorageWriter other(dbPath());
    QVERIFY2(other.start(&error), qPrintable(error.message));
    bool done = false;
    other.submit({usage(kNow - 30 * kMinute, 7'000'000, QStringLiteral("a"))}, this,
                 [&done](const Storage::WriteResult &r) { done = !r.error; });
    QTRY_VERIFY(done);
    other.stop();
    QTRY_COMPARE_WITH_TIMEOUT(raised.count(), 1, 2000);
    QCOMPARE(raised.at(0).at(0).value<Alert>().valueMicros, 8'000'000);
}

QTEST_GUILESS_MAIN(TestBudgetMonitor)
#include "tst_budgetmonitor.moc"
