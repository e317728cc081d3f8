#include "../common/sqlrows.h"
#include "../common/writerfixture.h"
#include "common/timeutil.h"
#include "ingest/normalizer.h"
#include "ingest/otlpcodec.h"
#include "storage/database.h"
#include "storage/eventkey.h"
#include "storage/storagewriter.h"

#include <QFile>

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>
#include <thread>

using namespace Burnrate;
using namespace Burnrate::Storage;
using Burnrate::Testing::rows;
using Burnrate::Testing::scalar;
using namespace Qt::StringLiterals;
using Model::UsageEvent;

namespace {

constexpr qint64 kBaseNs = 1767225600LL * Time::kNanosPerSecond; // 2026-01-01T00:00:00Z

// A deterministic synthetic event; `i` makes its id unique. Kept simple on purpose: benchmarks reuse it.
UsageEvent makeEvent(qint64 i, qint64 startNs)
{
    static const QString providers[] = {u"openai"_s, u"anthropic"_s, u"gcp.gemini"_s};
    static const QString models[] = {u"gpt-4.1-mini"_s, u"gpt-4.1"_s, u"claude-sonnet-4-5"_s,
                                     u"claude-haiku-4-5"_s, u"gemini-2.5-pro"_s};
    static const QString features[] = {u"search"_s, u"summarize"_s, u"chat"_s, u"triage"_s, u"codegen"_s};
    static const QString agents[] = {u"research-agent"_s, u"coder"_s, u"reviewer"_s, u"planner"_s};
    UsageEvent e;
    e.eventId = u"test:"_s + QString::number(i);
    e.source = u"test"_s;
    e.startNs = startNs;
    e.endNs = startNs + 1'200'000'000;
    e.provider = providers[i % 3];
    e.model = models[i % 5];
    e.operation = u"chat"_s;
    e.feature = features[i % 5];
    e.agentId = agents[i % 4];
    e.userId = u"user-"_s + QString::number(i % 3);
    e.sessionId = u"session-"_s + QString::number(i % 97);
    e.traceId = QStringLiteral("%1").arg(i / 4, 32, 16, QLatin1Char('0'));
    e.spanId = QStringLiteral("%1").arg(i, 16, 16, QLatin1Char('0'));
    e.inputTokens = 1000 + i % 500;
    e.outputTokens = 100 + i % 50;
    e.cacheReadTokens = (i % 3) * 100;
    e.costMicros = 1500 + i % 1000;
    e.costSource = i % 10 == 0 ? Model::CostSource::Unpriced : Model::CostSource::Computed;
    e.latencyMs = 1200;
    e.error = i % 17 == 0;
    return e;
}

QList<UsageEvent> makeEvents(qint64 first, qint64 count, qint64 spacingNs = Time::kNanosPerSecond)
{
    QList<UsageEvent> events;
    events.reserve(count);
    for (qint64 i = first; i < first + count; ++i)
        events.append(makeEvent(i, kBaseNs + i * spacingNs));
    return events;
}

// Events with random attribution over `hours` hours; a fifth of the text values are absent (empty or null).
QList<UsageEvent> randomEvents(QRandomGenerator &random, qint64 firstId, int count, int hours)
{
    const auto pick = [&](const QString &prefix, int choices) -> QString {
        const int n = int(random.bounded(choices + 2));
        if (n == choices)
            return QString();
        if (n == choices + 1)
            return u""_s;
        return prefix + QString::number(n);
    };
    QList<UsageEvent> events;
    for (int i = 0; i < count; ++i) {
        // One in twenty before 1970: every rollup's hour and quarter are floor divisions.
        const qint64 base = random.bounded(20) == 0 ? -kBaseNs : kBaseNs;
        UsageEvent e =
            makeEvent(firstId + i, base + qint64(random.bounded(hours * 3600)) * Time::kNanosPerSecond +
                                       random.bounded(1'000'000'000));
        e.provider = pick(u"provider-"_s, 3);
        e.model = pick(u"model-"_s, 6);
        e.feature = pick(u"feature-"_s, 4);
        e.agentId = pick(u"agent-"_s, 5);
        e.userId = pick(u"user-"_s, 3);
        e.inputTokens = random.bounded(100'000);
        e.outputTokens = random.bounded(10'000);
        e.reasoningTokens = random.bounded(1000);
        e.cacheReadTokens = random.bounded(5000);
        e.cacheWriteTokens = random.bounded(5000);
        e.costMicros = random.bounded(2'000'000);
        e.costSource = Model::CostSource(random.bounded(3));
        e.error = random.bounded(10) == 0;
        e.latencyMs = random.bounded(6) == 0 ? -1 : random.bounded(60'000); // -1: unknown
        events.append(e);
    }
    return events;
}

const QString kRollupRowsSql = QStringLiteral(
    "SELECT hour, provider, model, feature, agent_id, calls, input_tokens, output_tokens, reasoning_tokens, "
    "cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls FROM rollup_hourly "
    "ORDER BY 1, 2, 3, 4, 5");
// The same sums computed from the raw events, by floor division (some start before 1970).
const QString kRawRollupSql = QStringLiteral(
    "SELECT CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 3600000000000 "
    "ELSE (ts_start_ns + 1) / 3600000000000 - 1 END, coalesce(provider, ''), coalesce(model, ''), "
    "coalesce(feature, ''), "
    "coalesce(agent_id, ''), count(*), sum(input_tokens), sum(output_tokens), sum(reasoning_tokens), "
    "sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), sum(cost_source = 'unpriced'), "
    "sum(error) FROM usage_events GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5");
// rollup_quarter and its sums from the raw events.
const QString kQuarterRowsSql = QString(kRollupRowsSql)
                                    .replace(u"SELECT hour"_s, u"SELECT quarter"_s)
                                    .replace(u"rollup_hourly"_s, u"rollup_quarter"_s);
const QString kRawQuarterSql = QString(kRawRollupSql).replace(u"3600000000000"_s, u"900000000000"_s);

// The complete attribution of `e` with the given rollup-relevant values (the rest from `e`).
Model::AttributionUpdate reattribute(const UsageEvent &e, const QString &feature, const QString &agentId,
                                     const QString &userId)
{
    Model::AttributionUpdate u;
    u.eventId = e.eventId;
    u.startNs = e.startNs;
    u.agentId = agentId;
    u.agentName = agentId.toUpper();
    u.taskId = e.taskId;
    u.feature = feature;
    u.userId = userId;
    u.sessionId = e.sessionId;
    u.tags = e.tags;
    return u;
}

// rollup_attr with each row's first half hour, and the same from the raw events (by floor division).
const QString kAttrRowsSql = QStringLiteral(
    "SELECT dimension, hour, value, calls, input_tokens, output_tokens, cache_read_tokens, "
    "cache_write_tokens, "
    "cost_micros, unpriced_calls, half_calls, half_input_tokens, half_output_tokens, half_cache_read_tokens, "
    "half_cache_write_tokens, half_cost_micros, half_unpriced_calls, quarter_calls, quarter_input_tokens, "
    "quarter_output_tokens, quarter_cache_read_tokens, quarter_cache_write_tokens, quarter_cost_micros, "
    "quarter_unpriced_calls FROM rollup_attr ORDER BY 1, 2, 3");
const QString kRawAttrSql = QStringLiteral(
    "WITH e AS (SELECT CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 3600000000000 "
    "ELSE (ts_start_ns + 1) / 3600000000000 - 1 END AS hour, (CASE WHEN ts_start_ns >= 0 "
    "THEN ts_start_ns / 1800000000000 ELSE (ts_start_ns + 1) / 1800000000000 - 1 END) % 2 = 0 AS first, "
    "(CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 900000000000 "
    "ELSE (ts_start_ns + 1) / 900000000000 - 1 END) % 4 = 0 AS q, "
    "user_id, task_id, session_id, "
    "input_tokens AS i, output_tokens AS o, cache_read_tokens AS r, cache_write_tokens AS w, cost_micros AS "
    "c, "
    "cost_source = 'unpriced' AS u FROM usage_events), "
    "d AS (SELECT 'user' AS dimension, hour, coalesce(user_id, '') AS value, * FROM e UNION ALL "
    "SELECT 'task', hour, coalesce(task_id, ''), * FROM e UNION ALL "
    "SELECT 'session', hour, coalesce(session_id, ''), * FROM e) "
    "SELECT dimension, hour, value, count(*), sum(i), sum(o), sum(r), sum(w), sum(c), sum(u), sum(first), "
    "sum(i * first), sum(o * first), sum(r * first), sum(w * first), sum(c * first), sum(u * first), sum(q), "
    "sum(i * q), sum(o * q), sum(r * q), sum(w * q), sum(c * q), sum(u * q) FROM d "
    "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");

// minute_bounds, and the same from the raw events (by floor division).
const QString kBoundsRowsSql = QStringLiteral("SELECT * FROM minute_bounds ORDER BY minute");
const QString kRawBoundsSql = QStringLiteral(
    "SELECT CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 60000000000 "
    "ELSE (ts_start_ns + 1) / 60000000000 - 1 END, min(id), max(id), min(cost_micros), max(cost_micros), "
    "min(input_tokens + output_tokens), max(input_tokens + output_tokens), min(coalesce(latency_ms, -1)), "
    "max(coalesce(latency_ms, -1)) FROM usage_events GROUP BY 1 ORDER BY 1");

// Both rollups of rollup_hourly's dimensions, rollup_attr and minute_bounds as the writer keeps them, and as
// the raw events sum up.
QList<QStringList> rollupsOf(const QSqlDatabase &db)
{
    return rows(db, kRollupRowsSql) + rows(db, kQuarterRowsSql) + rows(db, kAttrRowsSql) +
           rows(db, kBoundsRowsSql);
}

QList<QStringList> rawRollupsOf(const QSqlDatabase &db)
{
    return rows(db, kRawRollupSql) + rows(db, kRawQuarterSql) + rows(db, kRawAttrSql) +
           rows(db, kRawBoundsSql);
}

} // namespace

class TestStorageWriter
    : public QObject
    , private Testing::WriterFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void storesEveryField();
    void absentValuesAreNull();
    void reDeliveryIsIdempotent();
    void duplicatesWithinOneBatch();
    void rollupEqualsRawSums();
    void concurrentSubmitters();
    void completionDroppedWithItsContext();
    void failedTransactionWritesNothing();
    void fileUpgradedByANewerBuildIsNotWritten();
    void batchWithoutEventIdIsRefused();
    void clearSourceRebuildsRollup();
    void eventsStoredSignal();
    void updatesRewriteAttribution();
    void updatesMoveRollupContributions();
    void updatesThatCancelKeepTheHalfHours_data();
    void updatesThatCancelKeepTheHalfHours();
    void updatesAndInsertsShareTheTransaction();
    void updatesWithUnknownIdsAreIgnored();
    void updatesSignalTheirHours();
    void rewritesSignalTheirHours();
    void stopDrainsTheQueue();
    void submitWhenStopped();
    void startReportsOpenErrors();
    void traceSpansStoredWithTheirEvents();
    void traceSpansReAttributedByALateAgent();
    void traceSpansRollBackWithTheirEvents();

private:
    std::optional<WriteResult> storeBatch(WriteBatch batch);
    std::optional<WriteResult> store(QList<UsageEvent> events, QList<Model::AttributionUpdate> updates = {});
    std::optional<WriteResult> clear(const QString &source);
};

void TestStorageWriter::init()
{
    QVERIFY(openStore());
}

void TestStorageWriter::cleanup()
{
    closeStore();
}

std::optional<WriteResult> TestStorageWriter::store(QList<UsageEvent> events,
                                                    QList<Model::AttributionUpdate> updates)
{
    return waitForWrite([&](StorageWriter::Completion done) {
        m_writer->submit(std::move(events), std::move(updates), this, done);
    });
}

std::optional<WriteResult> TestStorageWriter::storeBatch(WriteBatch batch)
{
    return waitForWrite(
        [&](StorageWriter::Completion done) { m_writer->submit(std::move(batch), this, done); });
}

std::optional<WriteResult> TestStorageWriter::clear(const QString &source)
{
    return waitForWrite([&](StorageWriter::Completion done) { m_writer->clearSource(source, this, done); });
}

void TestStorageWriter::storesEveryField()
{
    UsageEvent e;
    e.eventId = u"otlp:0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331"_s;
    e.source = u"otlp"_s;
    e.startNs = kBaseNs + 123'456'789;
    e.endNs = kBaseNs + 2'123'456'789;
    e.provider = u"anthropic"_s;
    e.model = u"claude-sonnet-4-5-20250929"_s;
    e.modelRequested = u"claude-sonnet-4-5"_s;
    e.operation = u"chat"_s;
    e.inputTokens = 12000;
    e.outputTokens = 800;
    e.reasoningTokens = 300;
    e.cacheReadTokens = 9000;
    e.cacheWriteTokens = 1000;
    e.costMicros = 41'250;
    e.costSource = Model::CostSource::Reported;
    e.agentId = u"research-agent"_s;
    e.agentName = u"Research agent"_s;
    e.taskId = u"task-7"_s;
    e.feature = u"search"_s;
    e.userId = u"alice"_s;
    e.sessionId = u"s-1"_s;
    e.tags = {u"nightly"_s, u"quote \" and \\ and ü"_s};
    e.traceId = u"0af7651916cd43dd8448eb211c80319c"_s;
    e.spanId = u"b7ad6b7169203331"_s;
    e.parentSpanId = u"00f067aa0ba902b7"_s;
    e.responseId = u"msg_01"_s;
    e.latencyMs = 2000;
    e.ttftMs = 350;
    e.error = true;
    e.errorType = u"overloaded_error"_s;
    e.serviceName = u"agent-svc"_s;
    e.environment = u"prod"_s;
    e.content = u"Hello, world — ✓"_s;

    const auto result = store({e});
    QVERIFY(result);
    QVERIFY2(!result->error, qPrintable(result->error.message));
    QCOMPARE(result->inserted, 1);
    QCOMPARE(result->duplicates, 0);

    const QList<QStringList> stored =
        rows(readDb(), u"SELECT "_s + QLatin1String(Storage::kEventIdSql) +
                           u", source, ts_start_ns, ts_end_ns, provider, model, "
                           "model_requested, operation, input_tokens, output_tokens, reasoning_tokens, "
                           "cache_read_tokens, cache_write_tokens, cost_micros, cost_source, agent_id, "
                           "agent_name, task_id, feature, user_id, session_id, tags, trace_id, span_id, "
                           "parent_span_id, response_id, latency_ms, ttft_ms, error, error_type, "
                           "service_name, environment, content FROM usage_events"_s);
    QCOMPARE(stored.size(), 1);
    const QStringList expected = {e.eventId,
                                  e.source,
                                  QString::number(e.startNs),
                                  QString::number(e.endNs),
                                  e.provider,
                                  e.model,
                                  e.modelRequested,
                                  e.operation,
                                  u"12000"_s,
                                  u"800"_s,
                                  u"300"_s,
                                  u"9000"_s,
                                  u"1000"_s,
                                  u"41250"_s,
                                  u"reported"_s,
                                  e.agentId,
                                  e.agentName,
                                  e.taskId,
                                  e.feature,
                                  e.userId,
                                  e.sessionId,
                                  u"[\"nightly\",\"quote \\\" and \\\\ and ü\"]"_s,
                                  e.traceId,
                                  e.spanId,
                                  e.parentSpanId,
                                  e.responseId,
                                  u"2000"_s,
                                  u"350"_s,
                                  u"1"_s,
                                  e.errorType,
                                  e.serviceName,
                                  e.environment,
                                  e.content};
    QCOMPARE(stored.first(), expected);
    // A span's id is not stored twice: the row keeps '' and the id's 64-bit key (storage/eventkey.h).
    QCOMPARE(rows(readDb(), QStringLiteral("SELECT event_id, event_key FROM usage_events")),
             (QList<QStringList>{{QString(), QString::number(Storage::eventKey(e.eventId))}}));
    QCOMPARE(rows(readDb(), kRollupRowsSql),
             (QList<QStringList>{{QString::number(e.startNs / Time::kNanosPerHour), e.provider, e.model,
                                  e.feature, e.agentId, u"1"_s, u"12000"_s, u"800"_s, u"300"_s, u"9000"_s,
                                  u"1000"_s, u"41250"_s, u"0"_s, u"1"_s}}));
}

void TestStorageWriter::absentValuesAreNull()
{
    // Null and empty strings both mean "none": NULL in usage_events, '' in the rollup key.
    UsageEvent nulls = makeEvent(1, kBaseNs);
    nulls.provider = QString();
    nulls.feature = QString();
    nulls.agentId = QString();
    nulls.sessionId = QString();
    nulls.content = QString();
    nulls.latencyMs = -1;
    nulls.ttftMs = -1;
    UsageEvent empties = makeEvent(2, kBaseNs + 10);
    empties.provider = u""_s;
    empties.feature = u""_s;
    empties.agentId = u""_s;
    empties.sessionId = u""_s;
    empties.content = u""_s;
    empties.latencyMs = -1;
    empties.ttftMs = -1;
    empties.model = nulls.model;
    empties.userId = nulls.userId;
    const auto result = store({nulls, empties});
    QVERIFY(result && !result->error);
    QCOMPARE(result->inserted, 2);

    QCOMPARE(
        rows(readDb(), QStringLiteral("SELECT provider, feature, agent_id, session_id, content, tags, "
                                      "latency_ms, ttft_ms, model_requested FROM usage_events ORDER BY id")),
        (QList<QStringList>(2, QStringList(9, u"NULL"_s))));
    const QList<QStringList> rollup = rows(readDb(), kRollupRowsSql);
    QCOMPARE(rollup.size(), 1);
    QCOMPARE(rollup.first().mid(1, 5), (QStringList{QString(), nulls.model, QString(), QString(), u"2"_s}));
}

void TestStorageWriter::reDeliveryIsIdempotent()
{
    const QList<UsageEvent> events = makeEvents(0, 1000);
    auto first = store(events);
    QVERIFY(first && !first->error);
    QCOMPARE(first->inserted, 1000);
    QCOMPARE(first->duplicates, 0);
    const QList<QStringList> rollupBefore = rollupsOf(readDb());

    auto again = store(events);
    QVERIFY(again && !again->error);
    QCOMPARE(again->inserted, 0);
    QCOMPARE(again->duplicates, 1000);
    // Half new, half seen: only the new half is counted anywhere.
    auto overlap = store(makeEvents(500, 1000));
    QVERIFY(overlap && !overlap->error);
    QCOMPARE(overlap->inserted, 500);
    QCOMPARE(overlap->duplicates, 500);

    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM usage_events"_s), 1500);
    QCOMPARE(scalar(readDb(), u"SELECT sum(calls) FROM rollup_hourly"_s), 1500);
    QCOMPARE(rollupsOf(readDb()), rawRollupsOf(readDb()));
    QVERIFY(rollupsOf(readDb()) != rollupBefore);
}

void TestStorageWriter::duplicatesWithinOneBatch()
{
    QList<UsageEvent> events = makeEvents(0, 10);
    UsageEvent changed = events.at(3);
    changed.costMicros = 999'999'999; // a re-delivery never overwrites the stored call
    events.append(changed);
    events.append(events.at(0));
    events.append(events.at(0));
    const auto result = store(events);
    QVERIFY(result && !result->error);
    QCOMPARE(result->inserted, 10);
    QCOMPARE(result->duplicates, 3);
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM usage_events"_s), 10);
    QCOMPARE(scalar(readDb(), u"SELECT sum(calls) FROM rollup_hourly"_s), 10);
    qint64 cost = 0;
    for (int i = 0; i < 10; ++i)
        cost += events.at(i).costMicros;
    QCOMPARE(scalar(readDb(), u"SELECT sum(cost_micros) FROM rollup_hourly"_s), cost);
    QCOMPARE(scalar(readDb(), u"SELECT sum(cost_micros) FROM usage_events"_s), cost);
}

void TestStorageWriter::rollupEqualsRawSums()
{
    QRandomGenerator random(20261124);
    QList<UsageEvent> all;
    qint64 nextId = 0;
    // Many batches queued without waiting, so that several share a transaction; some re-deliver.
    std::atomic<int> pending = 0;
    for (int batch = 0; batch < 60; ++batch) {
        QList<UsageEvent> events = randomEvents(random, nextId, int(random.bounded(1, 400)), 300);
        nextId += events.size();
        if (batch % 7 == 3 && !all.isEmpty())
            events.append(all.mid(random.bounded(all.size()), 20));
        all.append(events);
        ++pending;
        m_writer->submit(events, this, [&](const WriteResult &r) {
            QVERIFY(!r.error);
            --pending;
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(pending.load(), 0, 30000);
    QCOMPARE(m_writer->pendingEvents(), 0);

    const QList<QStringList> rollup = rows(readDb(), kRollupRowsSql);
    QVERIFY(rollup.size() > 1000);
    QCOMPARE(rollup, rows(readDb(), kRawRollupSql));
    const QList<QStringList> quarters = rows(readDb(), kQuarterRowsSql);
    QVERIFY(quarters.size() > rollup.size());
    QCOMPARE(quarters, rows(readDb(), kRawQuarterSql));
    const QList<QStringList> bounds = rows(readDb(), kBoundsRowsSql);
    QVERIFY(bounds.size() > 1000);
    QCOMPARE(bounds, rows(readDb(), kRawBoundsSql));
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM usage_events"_s), nextId);
    qint64 cost = 0;
    QSet<QString> seen;
    for (const UsageEvent &e : std::as_const(all)) {
        if (!seen.contains(e.eventId))
            cost += e.costMicros;
        seen.insert(e.eventId);
    }
    QCOMPARE(scalar(readDb(), u"SELECT sum(cost_micros) FROM rollup_hourly"_s), cost);
}

void TestStorageWriter::concurrentSubmitters()
{
    constexpr int kThreads = 6;
    constexpr int kBatches = 40;
    constexpr int kPerBatch = 150;
    QList<int> calls(kThreads * kBatches, 0); // completions per batch, touched on this thread only
    std::atomic<int> wrongThread = 0;
    std::atomic<qint64> inserted = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int b = 0; b < kBatches; ++b) {
                const int batch = t * kBatches + b;
                m_writer->submit(makeEvents(qint64(batch) * kPerBatch, kPerBatch), this,
                                 [&, batch](const WriteResult &r) {
                                     if (QThread::currentThread() != thread())
                                         ++wrongThread;
                                     inserted += r.inserted;
                                     ++calls[batch];
                                 });
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    QTRY_COMPARE_WITH_TIMEOUT(inserted.load(), qint64(kThreads * kBatches * kPerBatch), 30000);
    QTest::qWait(50); // a second completion of any batch would arrive now
    QCOMPARE(calls, QList<int>(kThreads * kBatches, 1));
    QCOMPARE(wrongThread.load(), 0);
    QCOMPARE(m_writer->pendingEvents(), 0);
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM usage_events"_s), kThreads * kBatches * kPerBatch);
    QCOMPARE(rollupsOf(readDb()), rawRollupsOf(readDb()));
}

void TestStorageWriter::completionDroppedWithItsContext()
{
    bool called = false;
    auto context = std::make_unique<QObject>();
    m_writer->submit(makeEvents(0, 5000), context.get(), [&](const WriteResult &) { called = true; });
    context.reset();
    bool witness = false;
    m_writer->submit(makeEvents(5000, 1), this, [&](const WriteResult &) { witness = true; });
    QTRY_VERIFY(witness);
    QTest::qWait(20);
    QVERIFY(!called);
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM usage_events"_s), 5001);
}

// Another process (a newer `burnrate import`) upgrades the file while this writer runs: its statements
// would leave the new schema's columns empty, so it stores nothing and says why, until the version is
// back (here by hand).
void TestStorageWriter::fileUpgradedByANewerBuildIsNotWritten()
{
    QVERIFY(store(makeEvents(0, 100)));
    Error error;
    auto admin = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(admin, qPrintable(error.message));
    QVERIFY(QSqlQuery(admin->database()).exec(u"PRAGMA user_version = %1"_s.arg(kSchemaVersion + 1)));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^write transaction failed"_s));
    const auto failed = store(makeEvents(100, 50));
    QVERIFY(failed);
    QCOMPARE(failed->error.code, Error::Code::Database);
    QVERIFY2(
        failed->error.message.contains(u"newer Burnrate upgraded it to schema %1"_s.arg(kSchemaVersion + 1)),
        qPrintable(failed->error.message));
    QCOMPARE(failed->inserted, 0);
    QCOMPARE(scalar(admin->database(), u"SELECT count(*) FROM usage_events"_s), 100);

    QVERIFY(QSqlQuery(admin->database()).exec(u"PRAGMA user_version = %1"_s.arg(kSchemaVersion)));
    const auto retried = store(makeEvents(100, 50));
    QVERIFY(retried && !retried->error);
    QCOMPARE(retried->inserted, 50);
}

void TestStorageWriter::failedTransactionWritesNothing()
{
    QVERIFY(store(makeEvents(0, 100)));
    QList<Error> failures;
    connect(m_writer.get(), &StorageWriter::writeFailed, this, [&](const Error &e) { failures.append(e); });

    // Take the rollup table away under the writer: the events insert, the rollup upsert fails.
    Error error;
    auto admin = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(admin, qPrintable(error.message));
    const QString rollupDdl =
        rows(admin->database(), u"SELECT sql FROM sqlite_master WHERE name = 'rollup_hourly'"_s)
            .first()
            .first();
    QVERIFY(QSqlQuery(admin->database()).exec(u"DROP TABLE rollup_hourly"_s));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^write transaction failed"_s));
    const auto failed = store(makeEvents(100, 300));
    QVERIFY(failed);
    QCOMPARE(failed->error.code, Error::Code::Database);
    QVERIFY2(failed->error.message.contains(u"rollup_hourly"), qPrintable(failed->error.message));
    QCOMPARE(failed->inserted, 0);
    QCOMPARE(scalar(admin->database(), u"SELECT count(*) FROM usage_events"_s), 100);
    QTRY_COMPARE(failures.size(), 1);
    QCOMPARE(failures.first().message, failed->error.message);
    QCOMPARE(m_writer->pendingEvents(), 0);

    // The writer is not wedged: once the table is back, the same events store.
    QVERIFY(QSqlQuery(admin->database()).exec(rollupDdl));
    QVERIFY(QSqlQuery(admin->database())
                .exec(kRawRollupSql.section(u" ORDER BY"_s, 0, 0).prepend(u"INSERT INTO rollup_hourly "_s)));
    const auto retried = store(makeEvents(100, 300));
    QVERIFY(retried && !retried->error);
    QCOMPARE(retried->inserted, 300);
    QCOMPARE(rollupsOf(admin->database()), rawRollupsOf(admin->database()));
}

void TestStorageWriter::batchWithoutEventIdIsRefused()
{
    QList<UsageEvent> bad = makeEvents(0, 5);
    bad[2].eventId.clear();
    std::optional<WriteResult> badResult;
    std::optional<WriteResult> goodResult;
    m_writer->submit(bad, this, [&](const WriteResult &r) { badResult = r; });
    m_writer->submit(makeEvents(10, 5), this, [&](const WriteResult &r) { goodResult = r; });
    QTRY_VERIFY(badResult && goodResult);
    QCOMPARE(badResult->error.code, Error::Code::InvalidInput);
    QCOMPARE(badResult->error.message,
             u"Event 3 of the batch has no event id; nothing of the batch was stored."_s);
    QVERIFY(!goodResult->error);
    QCOMPARE(goodResult->inserted, 5);
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM usage_events"_s), 5);
    QCOMPARE(m_writer->pendingEvents(), 0);
}

void TestStorageWriter::clearSourceRebuildsRollup()
{
    QRandomGenerator random(7);
    QList<UsageEvent> demo = randomEvents(random, 0, 3000, 48);
    for (UsageEvent &e : demo)
        e.source = u"demo"_s;
    QList<UsageEvent> real = randomEvents(random, 10'000, 2000, 24); // shares the first 24 hours with demo
    QVERIFY(store(demo));
    QVERIFY(store(real));
    QCOMPARE(rollupsOf(readDb()), rawRollupsOf(readDb()));

    const auto cleared = clear(u"demo"_s);
    QVERIFY(cleared);
    QVERIFY2(!cleared->error, qPrintable(cleared->error.message));
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM usage_events WHERE source = 'demo'"_s), 0);
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM usage_events"_s), 2000);
    QCOMPARE(rollupsOf(readDb()), rawRollupsOf(readDb()));
    QCOMPARE(scalar(readDb(), u"SELECT max(hour) FROM rollup_hourly"_s), kBaseNs / Time::kNanosPerHour + 23);
    qint64 cost = 0;
    for (const UsageEvent &e : std::as_const(real))
        cost += e.costMicros;
    QCOMPARE(scalar(readDb(), u"SELECT sum(cost_micros) FROM rollup_hourly"_s), cost);

    // The demo events can come back, and clearing a source with no events changes nothing.
    const auto again = store(demo);
    QVERIFY(again && !again->error);
    QCOMPARE(again->inserted, 3000);
    QVERIFY(clear(u"nothing-here"_s));
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM usage_events"_s), 5000);
    QCOMPARE(rollupsOf(readDb()), rawRollupsOf(readDb()));
}

void TestStorageWriter::eventsStoredSignal()
{
    struct Stored
    {
        qint64 firstHour, lastHour;
        int count;
    };
    QList<Stored> stored;
    connect(m_writer.get(), &StorageWriter::eventsStored, this, [&](qint64 first, qint64 last, int count) {
        stored.append({first, last, count});
    });
    const qint64 hour0 = kBaseNs / Time::kNanosPerHour;
    // Three events at hours 0, 5 and 2.
    QList<UsageEvent> events = {makeEvent(1, kBaseNs + 10), makeEvent(2, kBaseNs + 5 * Time::kNanosPerHour),
                                makeEvent(3, kBaseNs + 2 * Time::kNanosPerHour + 1)};
    QVERIFY(store(events));
    QTRY_COMPARE(stored.size(), 1);
    QCOMPARE(stored.first().firstHour, hour0);
    QCOMPARE(stored.first().lastHour, hour0 + 5);
    QCOMPARE(stored.first().count, 3);
    // Nothing new, no signal.
    QVERIFY(store(events));
    QVERIFY(store({}));
    QTest::qWait(20);
    QCOMPARE(stored.size(), 1);
}

void TestStorageWriter::updatesRewriteAttribution()
{
    const QList<UsageEvent> events = makeEvents(0, 3);
    QVERIFY(store(events));
    Model::AttributionUpdate u;
    u.eventId = events.at(1).eventId;
    u.startNs = events.at(1).startNs;
    u.agentId = u"orch"_s;
    u.agentName = u"Orchestrator"_s;
    u.taskId = u"t_1"_s;
    u.feature = u"triage"_s;
    u.userId = u"u_1"_s;
    u.sessionId = u"s_1"_s;
    u.tags = {u"eu"_s, u"pro"_s};
    Model::AttributionUpdate cleared; // everything absent: NULL, as on insert
    cleared.eventId = events.at(2).eventId;
    cleared.startNs = events.at(2).startNs;

    const auto result = store({}, {u, cleared});
    QVERIFY(result);
    QVERIFY2(!result->error, qPrintable(result->error.message));
    QCOMPARE(result->inserted, 0);
    QCOMPARE(result->updated, 2);
    const QString sql =
        u"SELECT agent_id, agent_name, task_id, feature, user_id, session_id, tags, input_tokens, "
        u"cost_micros FROM usage_events ORDER BY id"_s;
    const QList<QStringList> stored = rows(readDb(), sql);
    QCOMPARE(stored.size(), 3);
    QCOMPARE(stored.at(0).at(0), events.at(0).agentId); // untouched
    QCOMPARE(stored.at(1),
             (QStringList{u"orch"_s, u"Orchestrator"_s, u"t_1"_s, u"triage"_s, u"u_1"_s, u"s_1"_s,
                          u"[\"eu\",\"pro\"]"_s, QString::number(events.at(1).inputTokens),
                          QString::number(events.at(1).costMicros)}));
    QCOMPARE(stored.at(2).mid(0, 7), QStringList(7, u"NULL"_s));
    QCOMPARE(rollupsOf(readDb()), rawRollupsOf(readDb()));
}

void TestStorageWriter::updatesMoveRollupContributions()
{
    // Ten events in one hour: 0-4 (agent a, feature f, user u) and 5-9 (agent b, feature f, user u).
    QList<UsageEvent> events = makeEvents(0, 10, Time::kNanosPerSecond);
    for (int i = 0; i < events.size(); ++i) {
        UsageEvent &e = events[i];
        e.provider = u"openai"_s;
        e.model = u"gpt-4.1"_s;
        e.agentId = i < 5 ? u"a"_s : u"b"_s;
        e.feature = u"f"_s;
        e.userId = u"u"_s;
    }
    QVERIFY(store(events));
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM rollup_hourly"_s), 2);

    QList<Model::AttributionUpdate> updates;
    for (int i = 0; i < 5; ++i) // all of a's calls move to b: a's rollup row empties and goes
        updates.append(reattribute(events.at(i), u"f"_s, u"b"_s, u"u"_s));
    updates.append(reattribute(events.at(5), u"g"_s, u"c"_s, u"v"_s)); // a new key
    Model::AttributionUpdate sessionOnly = reattribute(events.at(6), u"f"_s, u"b"_s, u"u"_s);
    sessionOnly.sessionId = u"another-session"_s; // not in the rollup key: the rollup stays
    updates.append(sessionOnly);
    const auto result = store({}, updates);
    QVERIFY(result && !result->error);
    QCOMPARE(result->updated, 7);

    QCOMPARE(rollupsOf(readDb()), rawRollupsOf(readDb()));
    QCOMPARE(rows(readDb(), u"SELECT agent_id, feature, calls FROM rollup_hourly ORDER BY 1"_s),
             (QList<QStringList>{{u"b"_s, u"f"_s, u"9"_s}, {u"c"_s, u"g"_s, u"1"_s}}));
    QCOMPARE(rows(readDb(), u"SELECT user_id, count(*) FROM usage_events GROUP BY 1 ORDER BY 1"_s),
             (QList<QStringList>{{u"u"_s, u"9"_s}, {u"v"_s, u"1"_s}}));
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM rollup_hourly WHERE calls <= 0"_s), 0);
    qint64 cost = 0;
    for (const UsageEvent &e : std::as_const(events))
        cost += e.costMicros;
    QCOMPARE(scalar(readDb(), u"SELECT sum(cost_micros) FROM rollup_hourly"_s), cost);

    // And back: the same update twice in one batch is applied in order, the second changing nothing more.
    const Model::AttributionUpdate back = reattribute(events.at(5), u"f"_s, u"b"_s, u"u"_s);
    const auto again = store({}, {back, back});
    QVERIFY(again && !again->error);
    QCOMPARE(rollupsOf(readDb()), rawRollupsOf(readDb()));
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM rollup_hourly"_s), 1);
}

void TestStorageWriter::updatesThatCancelKeepTheHalfHours_data()
{
    QTest::addColumn<qint64>("twinMinute");
    QTest::addColumn<QString>("aliceHalf"); // alice's first-half calls after the swap
    QTest::newRow("the other half") << qint64(40) << u"0"_s;
    QTest::newRow("the same half, another quarter") << qint64(20) << u"1"_s;
}

// Two calls with the same sums swap users within an hour, in different halves or quarters: the users' totals
// do not change, their half or quarter hours do (a zone whose hours start at :30 or :15 reads them); then one
// moves on.
void TestStorageWriter::updatesThatCancelKeepTheHalfHours()
{
    QFETCH(qint64, twinMinute);
    QFETCH(QString, aliceHalf);
    QList<UsageEvent> events = {makeEvent(0, kBaseNs + 10 * 60 * Time::kNanosPerSecond),
                                makeEvent(5, kBaseNs + twinMinute * 60 * Time::kNanosPerSecond),
                                makeEvent(2, kBaseNs + 45 * 60 * Time::kNanosPerSecond)};
    events[0].userId = u"alice"_s;
    events[1].userId = u"bob"_s;
    events[2].userId = u"bob"_s;
    events[2].inputTokens += 1;
    UsageEvent &twin = events[1]; // the same sums as the first
    twin.inputTokens = events[0].inputTokens;
    twin.outputTokens = events[0].outputTokens;
    twin.reasoningTokens = events[0].reasoningTokens;
    twin.cacheReadTokens = events[0].cacheReadTokens;
    twin.cacheWriteTokens = events[0].cacheWriteTokens;
    twin.costMicros = events[0].costMicros;
    twin.costSource = events[0].costSource;
    twin.error = events[0].error;
    QVERIFY(store(events));
    const auto user = [&](const UsageEvent &e, const QString &userId) {
        return reattribute(e, e.feature, e.agentId, userId);
    };
    const auto swapped = store({}, {user(events[0], u"bob"_s), user(events[1], u"alice"_s)});
    QVERIFY(swapped && !swapped->error);
    QCOMPARE(rollupsOf(readDb()), rawRollupsOf(readDb()));
    QCOMPARE(rows(readDb(), u"SELECT value, calls, half_calls FROM rollup_attr WHERE dimension = 'user' "
                            u"ORDER BY 1"_s),
             (QList<QStringList>{{u"alice"_s, u"1"_s, aliceHalf}, {u"bob"_s, u"2"_s, u"1"_s}}));
    const auto moved = store({}, {user(events[0], u"carol"_s)});
    QVERIFY(moved && !moved->error);
    QCOMPARE(rollupsOf(readDb()), rawRollupsOf(readDb()));
}

void TestStorageWriter::updatesAndInsertsShareTheTransaction()
{
    QRandomGenerator random(42);
    QList<UsageEvent> stored = randomEvents(random, 0, 300, 6);
    QVERIFY(store(stored));

    // Random batches, queued without waiting so that several share a transaction; each re-attributes
    // events stored earlier and events of its own batch (applied after the inserts).
    std::atomic<int> pending = 0;
    qint64 updated = 0;
    for (int batch = 0; batch < 30; ++batch) {
        QList<UsageEvent> events = randomEvents(random, 1000 + batch * 100, 50, 6);
        QList<Model::AttributionUpdate> updates;
        for (int k = 0; k < 20; ++k) {
            const UsageEvent &target = k % 4 == 0 ? events.at(random.bounded(events.size()))
                                                  : stored.at(random.bounded(stored.size()));
            updates.append(reattribute(
                target, u"feature-"_s + QString::number(random.bounded(3)),
                random.bounded(4) == 0 ? QString() : u"agent-"_s + QString::number(random.bounded(3)),
                u"user-"_s + QString::number(random.bounded(2))));
        }
        stored.append(events);
        ++pending;
        m_writer->submit(events, updates, this, [&](const WriteResult &r) {
            QVERIFY(!r.error);
            QCOMPARE(r.inserted, 50);
            updated += r.updated;
            --pending;
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(pending.load(), 0, 30000);
    QCOMPARE(updated, 30 * 20);
    QCOMPARE(m_writer->pendingEvents(), 0);
    QCOMPARE(rollupsOf(readDb()), rawRollupsOf(readDb()));
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM rollup_hourly WHERE calls <= 0"_s), 0);

    // A failing transaction applies neither: take the rollup table away under the writer.
    const QList<QStringList> before = rows(readDb(), u"SELECT * FROM usage_events ORDER BY id"_s);
    Error error;
    auto admin = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(admin, qPrintable(error.message));
    QVERIFY(QSqlQuery(admin->database()).exec(u"ALTER TABLE rollup_hourly RENAME TO rollup_away"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^write transaction failed"_s));
    const auto failed = store(makeEvents(50'000, 5), {reattribute(stored.first(), u"x"_s, u"y"_s, u"z"_s)});
    QVERIFY(failed && failed->error);
    QCOMPARE(failed->inserted, 0);
    QCOMPARE(failed->updated, 0);
    QCOMPARE(rows(admin->database(), u"SELECT * FROM usage_events ORDER BY id"_s), before);
}

void TestStorageWriter::updatesWithUnknownIdsAreIgnored()
{
    const QList<UsageEvent> events = makeEvents(0, 3);
    QVERIFY(store(events));
    const QList<QStringList> before = rows(readDb(), u"SELECT * FROM usage_events ORDER BY id"_s);
    const QList<QStringList> rollupBefore = rollupsOf(readDb());
    int signals_ = 0;
    connect(m_writer.get(), &StorageWriter::eventsStored, this, [&] { ++signals_; });

    UsageEvent unknown = makeEvent(99, kBaseNs);
    Model::AttributionUpdate noId = reattribute(unknown, u"x"_s, u"y"_s, u"z"_s);
    noId.eventId.clear();
    const auto result = store({}, {reattribute(unknown, u"x"_s, u"y"_s, u"z"_s), noId});
    QVERIFY(result);
    QVERIFY2(!result->error, qPrintable(result->error.message));
    QCOMPARE(result->updated, 0);
    QCOMPARE(rows(readDb(), u"SELECT * FROM usage_events ORDER BY id"_s), before);
    QCOMPARE(rollupsOf(readDb()), rollupBefore);
    QTest::qWait(20);
    QCOMPARE(signals_, 0);
}

void TestStorageWriter::updatesSignalTheirHours()
{
    const QList<UsageEvent> events = {makeEvent(1, kBaseNs + 10),
                                      makeEvent(2, kBaseNs + 7 * Time::kNanosPerHour)};
    QVERIFY(store(events));
    QList<std::tuple<qint64, qint64, int>> stored;
    connect(m_writer.get(), &StorageWriter::eventsStored, this, [&](qint64 first, qint64 last, int count) {
        stored.append({first, last, count});
    });
    // An update-only commit: the UI refreshes the hour of the re-attributed call.
    QVERIFY(store({}, {reattribute(events.at(1), u"x"_s, u"y"_s, u"z"_s)}));
    QTRY_COMPARE(stored.size(), 1);
    const qint64 hour = kBaseNs / Time::kNanosPerHour + 7;
    QCOMPARE(stored.first(), std::make_tuple(hour, hour, 1));
    // An insert and an update: one signal spanning both hours.
    QVERIFY(store({makeEvent(3, kBaseNs + 3 * Time::kNanosPerHour)},
                  {reattribute(events.at(0), u"x"_s, u"y"_s, u"z"_s)}));
    QTRY_COMPARE(stored.size(), 2);
    QCOMPARE(stored.at(1), std::make_tuple(hour - 7, hour - 4, 2));
}

void TestStorageWriter::rewritesSignalTheirHours()
{
    const QList<UsageEvent> events = {makeEvent(1, kBaseNs + 10),
                                      makeEvent(2, kBaseNs + 7 * Time::kNanosPerHour)};
    QList<std::pair<qint64, qint64>> rewritten;
    connect(m_writer.get(), &StorageWriter::eventsRewritten, this, [&](qint64 first, qint64 last) {
        rewritten.append({first, last});
    });
    QVERIFY(store(events)); // inserts only: nothing rewritten
    // An insert and an update: only the updated event's hour was rewritten.
    QVERIFY(store({makeEvent(3, kBaseNs + 3 * Time::kNanosPerHour)},
                  {reattribute(events.at(1), u"x"_s, u"y"_s, u"z"_s)}));
    QTRY_COMPARE(rewritten.size(), 1);
    const qint64 hour = kBaseNs / Time::kNanosPerHour + 7;
    QCOMPARE(rewritten.first(), std::make_pair(hour, hour));
    // Clearing a source rewrites everything.
    QVERIFY(clear(u"test"_s));
    QTRY_COMPARE(rewritten.size(), 2);
    QCOMPARE(rewritten.at(1),
             std::make_pair(std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()));
}

void TestStorageWriter::stopDrainsTheQueue()
{
    constexpr int kEvents = 50'000;
    constexpr int kPerBatch = 500;
    for (int first = 0; first < kEvents; first += kPerBatch)
        m_writer->submit(makeEvents(first, kPerBatch, Time::kNanosPerSecond / 10));
    QVERIFY(m_writer->pendingEvents() <= kEvents);
    m_writer->stop();
    QCOMPARE(m_writer->pendingEvents(), 0);
    m_writer->stop(); // idempotent
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM usage_events"_s), kEvents);
    QCOMPARE(scalar(readDb(), u"SELECT sum(calls) FROM rollup_hourly"_s), kEvents);
}

void TestStorageWriter::submitWhenStopped()
{
    m_writer->stop();
    std::optional<WriteResult> result;
    m_writer->submit(makeEvents(0, 3), this, [&](const WriteResult &r) { result = r; });
    QTRY_VERIFY(result);
    QCOMPARE(result->error.code, Error::Code::Database);
    QCOMPARE(result->error.message, u"The database writer is not running; nothing was stored."_s);
    QCOMPARE(m_writer->pendingEvents(), 0);
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM usage_events"_s), 0);

    // And it can be started again.
    Error error;
    QVERIFY2(m_writer->start(&error), qPrintable(error.message));
    const auto stored = store(makeEvents(0, 3));
    QVERIFY(stored && !stored->error);
    QCOMPARE(stored->inserted, 3);
}

void TestStorageWriter::startReportsOpenErrors()
{
    QFile garbage(m_dir->filePath(QStringLiteral("garbage.sqlite")));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(8192, 'x'));
    garbage.close();
    StorageWriter writer(garbage.fileName());
    Error error;
    QVERIFY(!writer.start(&error));
    QCOMPARE(error.code, Error::Code::Corrupt);
    QVERIFY2(error.message.contains(u"is not a Burnrate database or is damaged"), qPrintable(error.message));
    std::optional<WriteResult> result;
    writer.submit(makeEvents(0, 1), this, [&](const WriteResult &r) { result = r; });
    QTRY_VERIFY(result);
    QVERIFY(result->error);
}

namespace {

// The normalized spans of one of the normalizer's test payloads, as the receiver hands them to the writer.
WriteBatch normalizedFile(const Ingest::Normalizer &normalizer, const QString &name)
{
    QFile file(QStringLiteral(BURNRATE_TEST_DATA_DIR "/otlp/normalizer/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    Error error;
    const std::optional<Ingest::TraceBatch> batch = Ingest::decodeOtlpJson(file.readAll(), &error);
    if (!batch)
        return {};
    Ingest::Normalizer::Result r = normalizer.normalize(*batch);
    return {r.events, r.attributionUpdates, r.traceSpans, r.traceSpanUpdates};
}

const QString kSpanRowsSql = u"SELECT span_id, parent_span_id, kind, name, agent_id, session_id, error, "
                             u"ts_end_ns - ts_start_ns FROM trace_spans ORDER BY ts_start_ns, span_id"_s;

} // namespace

void TestStorageWriter::traceSpansStoredWithTheirEvents()
{
    QList<int> signalled;
    connect(m_writer.get(), &StorageWriter::spansStored, this, [&](int count) { signalled.append(count); });
    const Ingest::Normalizer normalizer;
    const WriteBatch batch = normalizedFile(normalizer, u"semconv-multi-agent.json"_s);
    QCOMPARE(batch.spans.size(), 4);
    const auto first = storeBatch(batch);
    QVERIFY(first && !first->error);
    QCOMPARE(first->inserted, 3);
    QCOMPARE(first->spans, 4);
    QTRY_COMPARE(signalled, QList<int>{4});

    // Checked against semconv-multi-agent.json (durations are end - start there): the tool inherits the
    // Researcher and the root's session.
    const QList<QStringList> expected = {
        {u"00f067aa0ba902b7"_s, u""_s, u"agent"_s, u"Planner"_s, u"agt_plan"_s, u"sess_a1"_s, u"0"_s,
         u"12000000000"_s},
        {u"1a2b3c4d5e6f7081"_s, u"00f067aa0ba902b7"_s, u"agent"_s, u"Researcher"_s, u"agt_res"_s,
         u"sess_a1"_s, u"0"_s, u"5000000000"_s},
        {u"2b3c4d5e6f708192"_s, u"1a2b3c4d5e6f7081"_s, u"tool"_s, u"web_search"_s, u"agt_res"_s, u"sess_a1"_s,
         u"0"_s, u"1500000000"_s},
        {u"3c4d5e6f708192a3"_s, u"00f067aa0ba902b7"_s, u"agent"_s, u"Writer"_s, u"asst_W1"_s, u"sess_a1"_s,
         u"0"_s, u"3800000000"_s},
    };
    QCOMPARE(rows(readDb(), kSpanRowsSql), expected);
    QCOMPARE(scalar(readDb(), u"SELECT count(DISTINCT trace_id) FROM trace_spans"_s), 1);
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM trace_spans t JOIN usage_events e ON e.trace_id = "
                              u"t.trace_id AND e.parent_span_id = t.span_id"_s),
             3); // every model call hangs under a stored span

    // Re-delivered: nothing new, no signal.
    const auto again = storeBatch(normalizedFile(normalizer, u"semconv-multi-agent.json"_s));
    QVERIFY(again && !again->error);
    QCOMPARE(again->inserted, 0);
    QCOMPARE(again->duplicates, 3);
    QCOMPARE(again->spans, 0);
    QCOMPARE(rows(readDb(), kSpanRowsSql), expected);
    QTest::qWait(50);
    QCOMPARE(signalled, QList<int>{4});
}

void TestStorageWriter::traceSpansReAttributedByALateAgent()
{
    // The tool span ends before the agent that ran it: stored without an agent, then updated in place.
    using namespace Ingest;
    const QString trace = u"0123456789abcdef0123456789abcdef"_s;
    const auto span = [&](const QString &id, const QString &parent, Attributes attributes) {
        Span s;
        s.traceId = trace;
        s.spanId = id;
        s.parentSpanId = parent;
        s.name = u"span"_s;
        s.startNs = kBaseNs;
        s.endNs = kBaseNs + Time::kNanosPerSecond;
        s.attributes = std::move(attributes);
        return s;
    };
    const auto text = [](const QString &value) {
        AnyValue v;
        v.type = AnyValue::Type::String;
        v.string = value;
        return v;
    };
    const auto batchOf = [](Span s) {
        TraceBatch batch;
        batch.resources.append(ResourceSpans{{}, {ScopeSpans{u"test"_s, {}, {s}}}});
        return batch;
    };
    const Normalizer normalizer;
    const auto toWrite = [](Normalizer::Result r) {
        return WriteBatch{r.events, r.attributionUpdates, r.traceSpans, r.traceSpanUpdates};
    };
    const auto tool = storeBatch(
        toWrite(normalizer.normalize(batchOf(span(u"00000000000000b2"_s, u"00000000000000a1"_s,
                                                  {{u"gen_ai.operation.name"_s, text(u"execute_tool"_s)},
                                                   {u"gen_ai.tool.name"_s, text(u"grep"_s)}})))));
    QVERIFY(tool && !tool->error);
    QCOMPARE(tool->spans, 1);
    QCOMPARE(rows(readDb(), u"SELECT name, agent_id, session_id FROM trace_spans"_s),
             (QList<QStringList>{{u"grep"_s, u""_s, u""_s}}));

    const auto agent = storeBatch(
        toWrite(normalizer.normalize(batchOf(span(u"00000000000000a1"_s, {},
                                                  {{u"gen_ai.operation.name"_s, text(u"invoke_agent"_s)},
                                                   {u"gen_ai.agent.id"_s, text(u"fixer"_s)},
                                                   {u"session.id"_s, text(u"s-9"_s)}})))));
    QVERIFY(agent && !agent->error);
    QCOMPARE(agent->spans, 1);
    QCOMPARE(
        rows(readDb(), u"SELECT span_id, kind, agent_id, session_id FROM trace_spans ORDER BY span_id"_s),
        (QList<QStringList>{{u"00000000000000a1"_s, u"agent"_s, u"fixer"_s, u"s-9"_s},
                            {u"00000000000000b2"_s, u"tool"_s, u"fixer"_s, u"s-9"_s}}));
}

void TestStorageWriter::traceSpansRollBackWithTheirEvents()
{
    // One transaction: when the events' part fails, the spans are not kept either.
    Error error;
    auto admin = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(admin, qPrintable(error.message));
    QVERIFY(QSqlQuery(admin->database()).exec(u"DROP TABLE rollup_hourly"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^write transaction failed"_s));
    const Ingest::Normalizer normalizer;
    const auto failed = storeBatch(normalizedFile(normalizer, u"semconv-multi-agent.json"_s));
    QVERIFY(failed && failed->error);
    QCOMPARE(failed->spans, 0);
    QCOMPARE(scalar(admin->database(), u"SELECT count(*) FROM trace_spans"_s), 0);
    QCOMPARE(scalar(admin->database(), u"SELECT count(*) FROM usage_events"_s), 0);
    QCOMPARE(m_writer->pendingEvents(), 0);
}

QTEST_GUILESS_MAIN(TestStorageWriter)
#include "tst_storagewriter.moc"
