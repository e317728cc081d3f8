// The loop detector's boundaries: 4 of 5 vs 3 of 5 same tool, other N and shares, near-identical model
// calls at the rate edge (10 within 60 s, tokens within 5 %), quiet until the pattern breaks, per session.
#include "anomaly/loopdetector.h"
#include "common/timeutil.h"

#include <QTest>
#include <algorithm>
#include <random>

using namespace Burnrate;
using namespace Burnrate::Anomaly;

namespace {

constexpr qint64 kSecond = Time::kNanosPerSecond;
constexpr qint64 kT0 = 1'795'000'000 * kSecond;

AgentCall tool(const QString &name, qint64 timeNs, const QString &session = QStringLiteral("s1"))
{
    AgentCall c;
    c.kind = AgentCall::Kind::Tool;
    c.agentId = QStringLiteral("code-reviewer");
    c.sessionId = session;
    c.traceId = QStringLiteral("trace-") + QString::number(timeNs / kSecond - kT0 / kSecond);
    c.timeNs = timeNs;
    c.tool = name;
    return c;
}

AgentCall model(qint64 timeNs, qint64 inputTokens, const QString &name = QStringLiteral("gpt-4.1"),
                const QString &operation = QStringLiteral("chat"))
{
    AgentCall c;
    c.kind = AgentCall::Kind::Model;
    c.agentId = QStringLiteral("code-reviewer");
    c.sessionId = QStringLiteral("s1");
    c.traceId = QStringLiteral("trace-m");
    c.timeNs = timeNs;
    c.model = name;
    c.operation = operation;
    c.inputTokens = inputTokens;
    return c;
}

// "a,a,b" -> tool calls one second apart.
QList<AgentCall> tools(const QString &names, qint64 start = kT0)
{
    QList<AgentCall> calls;
    for (const QString &n : names.split(u',', Qt::SkipEmptyParts))
        calls.append(tool(n, start + calls.size() * kSecond));
    return calls;
}

// `count` identical calls spread evenly over `spanNs` (first to last).
QList<AgentCall> repeats(int count, qint64 spanNs, qint64 start = kT0)
{
    QList<AgentCall> calls;
    for (int i = 0; i < count; ++i)
        calls.append(model(start + (count > 1 ? spanNs * i / (count - 1) : 0), 12'000));
    return calls;
}

} // namespace

class TestLoopDetector : public QObject
{
    Q_OBJECT

private slots:
    void toolShare_data()
    {
        QTest::addColumn<int>("window");
        QTest::addColumn<int>("percent");
        QTest::addColumn<QString>("calls");
        QTest::addColumn<QString>("alarmedTool"); // empty = no alarm
        QTest::addColumn<int>("count");

        QTest::newRow("5 of 5") << 5 << 80 << "run_tests,run_tests,run_tests,run_tests,run_tests"
                                << "run_tests" << 5;
        QTest::newRow("4 of 5") << 5 << 80 << "run_tests,run_tests,read_file,run_tests,run_tests"
                                << "run_tests" << 4;
        QTest::newRow("3 of 5") << 5 << 80 << "run_tests,read_file,run_tests,grep,run_tests"
                                << "" << 0;
        QTest::newRow("only 4 calls") << 5 << 80 << "run_tests,run_tests,run_tests,run_tests"
                                      << "" << 0;
        QTest::newRow("last 5 of 7") << 5 << 80
                                     << "run_tests,run_tests,grep,read_file,run_tests,grep,run_tests"
                                     << "" << 0;
        QTest::newRow("last 5 of 6") << 5 << 80 << "grep,run_tests,run_tests,read_file,run_tests,run_tests"
                                     << "run_tests" << 4;
        QTest::newRow("N=3, 2 of 3") << 3 << 80 << "a,a,b"
                                     << "" << 0;
        QTest::newRow("N=3, 3 of 3") << 3 << 80 << "a,b,a,a,a"
                                     << "a" << 3;
        QTest::newRow("60 %, 3 of 5") << 5 << 60 << "a,b,a,c,a"
                                      << "a" << 3;
        QTest::newRow("60 %, 2 of 5") << 5 << 60 << "a,b,a,c,d"
                                      << "" << 0;
        QTest::newRow("N=10, 8 of 10") << 10 << 80 << "a,a,b,a,a,a,c,a,a,a"
                                       << "a" << 8;
        QTest::newRow("N=10, 7 of 10") << 10 << 80 << "a,a,b,a,d,a,c,a,a,a"
                                       << "" << 0;
    }

    void toolShare()
    {
        QFETCH(int, window);
        QFETCH(int, percent);
        QFETCH(QString, calls);
        QFETCH(QString, alarmedTool);
        QFETCH(int, count);
        LoopDetector::Params p;
        p.toolWindow = window;
        p.sameToolPercent = percent;
        LoopDetector d(p);
        QList<LoopAlarm> alarms;
        for (const AgentCall &c : tools(calls))
            alarms += d.add({c}); // one at a time, as calls arrive
        if (alarmedTool.isEmpty()) {
            QVERIFY(alarms.isEmpty());
            return;
        }
        QCOMPARE(alarms.size(), 1);
        const LoopAlarm &a = alarms.first();
        QCOMPARE(a.kind, LoopAlarm::Kind::RepeatedTool);
        QCOMPARE(a.subject, alarmedTool);
        QCOMPARE(a.count, count);
        QCOMPARE(a.outOf, window);
        QCOMPARE(a.agentId, QStringLiteral("code-reviewer"));
        QCOMPARE(a.sessionId, QStringLiteral("s1"));
        QCOMPARE(a.traceIds.size(), count);
    }

    void toolAlarmNamesTracesAndTime()
    {
        LoopDetector d;
        const QList<LoopAlarm> alarms =
            d.add(tools(QStringLiteral("run_tests,grep,run_tests,run_tests,run_tests")));
        QCOMPARE(alarms.size(), 1);
        QCOMPARE(alarms.first().traceIds,
                 QStringList({QStringLiteral("trace-0"), QStringLiteral("trace-2"), QStringLiteral("trace-3"),
                              QStringLiteral("trace-4")}));
        QCOMPARE(alarms.first().atNs, kT0 + 4 * kSecond);
    }

    void toolQuietUntilBroken()
    {
        LoopDetector d;
        qint64 t = kT0;
        auto step = [&](const char *name) {
            return d.add({tool(QString::fromLatin1(name), t += kSecond)}).size();
        };
        for (int i = 0; i < 4; ++i)
            QCOMPARE(step("run_tests"), 0);
        QCOMPARE(step("run_tests"), 1);
        QCOMPARE(step("run_tests"), 0); // still looping: quiet
        QCOMPARE(step("read_file"), 0); // 4 of 5: still the pattern
        QCOMPARE(step("grep"), 0);      // 3 of 5: broken
        QCOMPARE(step("run_tests"), 0); // 3 of 5
        QCOMPARE(step("run_tests"), 0); // 3 of 5
        QCOMPARE(step("run_tests"), 0); // 3 of 5 (read_file, grep, run_tests × 3)
        QCOMPARE(step("run_tests"), 1); // 4 of 5: a new loop
    }

    // The last N must start within toolSpanNs (half-open): one tool now and then over a long session is not
    // a loop.
    void toolSpan_data()
    {
        QTest::addColumn<qint64>("gap"); // between consecutive calls
        QTest::addColumn<bool>("alarm");
        const qint64 span = LoopDetector::Params().toolSpanNs;
        QTest::newRow("4 gaps just inside") << (span - 1) / 4 << true;
        QTest::newRow("4 gaps exactly the span") << span / 4 << false;
        QTest::newRow("a minute apart") << 60 * kSecond << false;
    }

    void toolSpan()
    {
        QFETCH(qint64, gap);
        QFETCH(bool, alarm);
        LoopDetector d;
        QList<LoopAlarm> alarms;
        for (int i = 0; i < 5; ++i)
            alarms += d.add({tool(QStringLiteral("lookup_order"), kT0 + i * gap)});
        QCOMPARE(alarms.size(), alarm ? 1 : 0);
        // The same calls quickly after that: a loop now.
        for (int i = 1; i <= 5 && !alarm; ++i)
            alarms += d.add({tool(QStringLiteral("lookup_order"), kT0 + 4 * gap + i * kSecond)});
        QCOMPARE(alarms.size(), 1);
    }

    // A looping agent repeats its model calls and its tool: one alarm for the session, until both stop.
    void oneAlarmPerSession()
    {
        LoopDetector d;
        QList<LoopAlarm> alarms = d.add(tools(QStringLiteral("run_tests,run_tests,run_tests,run_tests")));
        alarms += d.add(repeats(10, 30 * kSecond));
        QCOMPARE(alarms.size(), 1);
        QCOMPARE(alarms.first().kind, LoopAlarm::Kind::RepeatedModelCall);
        alarms += d.add({tool(QStringLiteral("run_tests"), kT0 + 31 * kSecond)}); // the tool pattern too
        QCOMPARE(alarms.size(), 1);
        // The tool pattern breaks, the model one holds: still one loop.
        alarms += d.add(tools(QStringLiteral("grep,read_file,ls"), kT0 + 32 * kSecond));
        alarms += d.add({model(kT0 + 36 * kSecond, 12'000)});
        QCOMPARE(alarms.size(), 1);
    }

    void limitSessionsKeepsTheMostRecent()
    {
        LoopDetector d;
        for (int s = 0; s < 10; ++s)
            d.add({tool(QStringLiteral("run_tests"), kT0 + s * kSecond, QString::number(s))});
        QCOMPARE(d.sessions(), 10);
        d.limitSessions(3);
        QCOMPARE(d.sessions(), 3);
        // Sessions 7, 8 and 9 kept their history: four more calls make a loop in one of them.
        QList<LoopAlarm> alarms;
        for (int i = 1; i <= 4; ++i)
            alarms +=
                d.add({tool(QStringLiteral("run_tests"), kT0 + (10 + i) * kSecond, QStringLiteral("9"))});
        QCOMPARE(alarms.size(), 1);
        // Session 0 was forgotten: four calls are not five.
        for (int i = 1; i <= 4; ++i)
            alarms +=
                d.add({tool(QStringLiteral("run_tests"), kT0 + (20 + i) * kSecond, QStringLiteral("0"))});
        QCOMPARE(alarms.size(), 1);
    }

    void sessionsAreSeparate()
    {
        LoopDetector d;
        QList<AgentCall> calls;
        for (int i = 0; i < 4; ++i) {
            calls.append(tool(QStringLiteral("run_tests"), kT0 + 2 * i * kSecond, QStringLiteral("s1")));
            calls.append(
                tool(QStringLiteral("run_tests"), kT0 + (2 * i + 1) * kSecond, QStringLiteral("s2")));
        }
        QVERIFY(d.add(calls).isEmpty());
        const QList<LoopAlarm> alarms =
            d.add({tool(QStringLiteral("run_tests"), kT0 + 9 * kSecond, QStringLiteral("s2"))});
        QCOMPARE(alarms.size(), 1);
        QCOMPARE(alarms.first().sessionId, QStringLiteral("s2"));
    }

    // Spans arrive in batches in any order: the detector follows event time.
    void outOfOrderBatch()
    {
        QList<AgentCall> calls =
            tools(QStringLiteral("grep,run_tests,run_tests,run_tests,run_tests,read_file"));
        std::mt19937 rng(7);
        std::shuffle(calls.begin(), calls.end(), rng);
        LoopDetector d;
        // In time order the 4-of-5 pattern appears at the fifth call and holds at the sixth.
        const QList<LoopAlarm> alarms = d.add(calls);
        QCOMPARE(alarms.size(), 1);
        QCOMPARE(alarms.first().atNs, kT0 + 4 * kSecond);
    }

    void modelRate_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<qint64>("span");
        QTest::addColumn<bool>("alarm");

        QTest::newRow("10 in 59.999999999 s") << 10 << 60 * kSecond - 1 << true;
        QTest::newRow("10 in exactly 60 s") << 10 << 60 * kSecond << false;
        QTest::newRow("9 in 5 s") << 9 << 5 * kSecond << false;
        QTest::newRow("10 at once") << 10 << qint64(0) << true;
        QTest::newRow("30 in 5 min") << 30 << 300 * kSecond << false;
        QTest::newRow("60 in 5 min") << 60 << 300 * kSecond << true;
    }

    void modelRate()
    {
        QFETCH(int, count);
        QFETCH(qint64, span);
        QFETCH(bool, alarm);
        LoopDetector d;
        const QList<LoopAlarm> alarms = d.add(repeats(count, span));
        QCOMPARE(alarms.size(), alarm ? 1 : 0);
        if (!alarm)
            return;
        const LoopAlarm &a = alarms.first();
        QCOMPARE(a.kind, LoopAlarm::Kind::RepeatedModelCall);
        QCOMPARE(a.subject, QStringLiteral("gpt-4.1"));
        QCOMPARE(a.count, 10);
        QCOMPARE(a.traceIds, QStringList{QStringLiteral("trace-m")});
    }

    void modelSimilarity_data()
    {
        QTest::addColumn<qint64>("tokens");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<bool>("similar");

        QTest::newRow("5 % fewer") << qint64(950) << "gpt-4.1"
                                   << "chat" << true;
        QTest::newRow("5 % more") << qint64(1050) << "gpt-4.1"
                                  << "chat" << true;
        QTest::newRow("5.1 % fewer") << qint64(949) << "gpt-4.1"
                                     << "chat" << false;
        QTest::newRow("5.1 % more") << qint64(1051) << "gpt-4.1"
                                    << "chat" << false;
        QTest::newRow("other model") << qint64(1000) << "gpt-4.1-mini"
                                     << "chat" << false;
        QTest::newRow("other operation") << qint64(1000) << "gpt-4.1"
                                         << "embeddings" << false;
    }

    // Nine calls varying as given, then a tenth with 1000 tokens: the tenth is the reference.
    void modelSimilarity()
    {
        QFETCH(qint64, tokens);
        QFETCH(QString, model);
        QFETCH(QString, operation);
        QFETCH(bool, similar);
        QList<AgentCall> calls;
        for (int i = 0; i < 9; ++i)
            calls.append(::model(kT0 + i * kSecond, tokens, model, operation));
        calls.append(::model(kT0 + 9 * kSecond, 1000));
        LoopDetector d;
        QCOMPARE(d.add(calls).size(), similar ? 1 : 0);
    }

    void modelQuietUntilBroken()
    {
        LoopDetector d;
        QCOMPARE(d.add(repeats(10, 9 * kSecond)).size(), 1);
        // Still looping, with a small model call in between: quiet.
        QVERIFY(d.add({model(kT0 + 10 * kSecond, 120, QStringLiteral("gpt-4.1-nano"))}).isEmpty());
        QVERIFY(d.add(repeats(10, 9 * kSecond, kT0 + 11 * kSecond)).isEmpty());
        // A two-minute pause breaks it; the loop resuming is a new alarm once ten calls are back in a minute.
        const qint64 resume = kT0 + 200 * kSecond;
        QVERIFY(d.add(repeats(9, 8 * kSecond, resume)).isEmpty());
        QCOMPARE(d.add({model(resume + 9 * kSecond, 12'000)}).size(), 1);
    }

    void forgetIdle()
    {
        LoopDetector d;
        QVERIFY(d.add(tools(QStringLiteral("run_tests,run_tests,run_tests,run_tests"))).isEmpty());
        d.forgetIdleBefore(kT0 + 3 * kSecond); // the session's last call was at +3 s: kept
        QCOMPARE(d.add({tool(QStringLiteral("run_tests"), kT0 + 4 * kSecond)}).size(), 1);

        LoopDetector e;
        QVERIFY(e.add(tools(QStringLiteral("run_tests,run_tests,run_tests,run_tests"))).isEmpty());
        e.forgetIdleBefore(kT0 + 3 * kSecond + 1); // idle since then: forgotten
        QVERIFY(e.add({tool(QStringLiteral("run_tests"), kT0 + 4 * kSecond)}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLoopDetector)
#include "tst_loopdetector.moc"
