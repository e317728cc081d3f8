#include "../common/sqlrows.h"
#include "../common/writerfixture.h"
#include "common/timeutil.h"
#include "storage/database.h"
#include "storage/providerstore.h"
#include "storage/storagewriter.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Storage;
using Burnrate::Testing::rows;
using Burnrate::Testing::scalar;
using namespace Qt::StringLiterals;
using Providers::BucketSpan;
using Providers::CostBucket;
using Providers::UsageBucket;

namespace {

constexpr qint64 kHourNs = Time::kNanosPerHour;
constexpr qint64 kDayNs = 24 * kHourNs;
constexpr qint64 kBaseNs = 1767225600LL * Time::kNanosPerSecond; // 2026-01-01T00:00:00Z

UsageBucket usage(const QString &provider, int hour, const QString &model, qint64 input, qint64 requests = 1)
{
    UsageBucket b;
    b.provider = provider;
    b.bucketStartNs = kBaseNs + hour * kHourNs;
    b.bucketWidthNs = kHourNs;
    b.model = model;
    b.inputTokens = input;
    b.outputTokens = input / 10;
    b.requests = requests;
    return b;
}

CostBucket cost(const QString &provider, int day, const QString &lineItem, qint64 micros)
{
    CostBucket b;
    b.provider = provider;
    b.bucketStartNs = kBaseNs + day * kDayNs;
    b.bucketWidthNs = kDayNs;
    b.lineItem = lineItem;
    b.model = lineItem.section(u',', 0, 0);
    b.costMicros = micros;
    return b;
}

QList<BucketSpan> hourSpans(int firstHour, int hours)
{
    QList<BucketSpan> spans;
    for (int h = firstHour; h < firstHour + hours; ++h)
        spans.append({kBaseNs + h * kHourNs, kHourNs});
    return spans;
}

SourceState state(const QString &source, qint64 cursorNs, qint64 rowsImported)
{
    SourceState s;
    s.source = source;
    s.cursorNs = cursorNs;
    s.backfillFromNs = kBaseNs - 30 * kDayNs;
    s.lastAttemptNs = cursorNs + 5;
    s.lastSuccessNs = cursorNs + 5;
    s.rowsImported = rowsImported;
    return s;
}

} // namespace

class TestProviderStore
    : public QObject
    , private Testing::WriterFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void storesEveryField();
    void rePollReplacesAndNeverDoubleCounts();
    void emptySpanDeletesStaleRows();
    void bucketsOutsideSpansUpsert();
    void otherProvidersUntouched();
    void providerMismatchIsRefused_data();
    void providerMismatchIsRefused();
    void failedTransactionKeepsRowsAndCursor();
    void statesRoundTrip();
    void stateOnlyWrite();
    void keepsQueueOrderWithEvents();
    void readStatesOnClosedDatabase();
    void deleteUsesTheKey();

private:
    std::optional<WriteResult> store(ProviderWrite write);
    QList<QStringList> usageRows() { return rows(readDb(), kUsageRowsSql); }
    QList<QStringList> costRows() { return rows(readDb(), kCostRowsSql); }

    static inline const QString kUsageRowsSql =
        u"SELECT * FROM provider_usage ORDER BY 1, 2, 3, 4, 5, 6, 7"_s;
    static inline const QString kCostRowsSql = u"SELECT * FROM provider_costs ORDER BY 1, 2, 3, 4, 5, 6"_s;
};

void TestProviderStore::init()
{
    QVERIFY(openStore());
}

void TestProviderStore::cleanup()
{
    closeStore();
}

std::optional<WriteResult> TestProviderStore::store(ProviderWrite write)
{
    return waitForWrite(
        [&](StorageWriter::Completion done) { m_writer->submitProviderData(std::move(write), this, done); });
}

void TestProviderStore::storesEveryField()
{
    UsageBucket u = usage(u"anthropic"_s, 3, u"claude-sonnet-4-5-20250929"_s, 1200, -1);
    u.projectId = u"wrkspc_01"_s;
    u.apiKeyId = u"apikey_01"_s;
    u.serviceTier = u"standard"_s;
    u.cacheReadTokens = 300;
    u.cacheWrite5mTokens = 40;
    u.cacheWrite1hTokens = 60;
    u.cacheWriteTokens = 100;
    u.outputTokens = 77;
    CostBucket c = cost(u"anthropic"_s, 0, u"Claude Sonnet 4.5 Usage - Input Tokens"_s, 1'234'500);
    c.projectId = u"wrkspc_01"_s;
    c.model = u"claude-sonnet-4-5"_s;
    UsageBucket bare = usage(u"anthropic"_s, 4, QString(), 5, -1); // no dimensions at all

    ProviderWrite w;
    w.provider = u"anthropic"_s;
    w.usage = {u, bare};
    w.costs = {c};
    QSignalSpy stored(m_writer.get(), &StorageWriter::providerDataStored);
    const auto result = store(w);
    QVERIFY(result && !result->error);
    QCOMPARE(result->inserted, 3);
    QTRY_COMPARE(stored.size(), 1);
    QCOMPARE(stored.first().first().toString(), u"anthropic"_s);

    const QList<QStringList> expectedUsage = {
        {QString::number(u.bucketStartNs), u"anthropic"_s, QString::number(kHourNs),
         u"claude-sonnet-4-5-20250929"_s, u"wrkspc_01"_s, u"apikey_01"_s, u"standard"_s, u"1200"_s, u"300"_s,
         u"100"_s, u"40"_s, u"60"_s, u"77"_s, u"-1"_s},
        {QString::number(bare.bucketStartNs), u"anthropic"_s, QString::number(kHourNs), u""_s, u""_s, u""_s,
         u""_s, u"5"_s, u"0"_s, u"0"_s, u"0"_s, u"0"_s, u"0"_s, u"-1"_s},
    };
    QCOMPARE(usageRows(), expectedUsage);
    const QList<QStringList> expectedCosts = {
        {QString::number(kBaseNs), u"anthropic"_s, QString::number(kDayNs), u"wrkspc_01"_s,
         u"Claude Sonnet 4.5 Usage - Input Tokens"_s, u"claude-sonnet-4-5"_s, u"1234500"_s}};
    QCOMPARE(costRows(), expectedCosts);
    QVERIFY(rows(readDb(), u"SELECT * FROM source_state"_s).isEmpty());
}

void TestProviderStore::rePollReplacesAndNeverDoubleCounts()
{
    // The trailing window is polled again and again; the provider revised hour 2 and day 0 meanwhile.
    ProviderWrite first;
    first.provider = u"openai"_s;
    first.usageSpans = hourSpans(0, 4);
    first.usage = {usage(u"openai"_s, 0, u"gpt-4.1"_s, 100), usage(u"openai"_s, 2, u"gpt-4.1"_s, 200),
                   usage(u"openai"_s, 2, u"gpt-4.1-mini"_s, 50)};
    first.costSpans = {{kBaseNs, kDayNs}};
    first.costs = {cost(u"openai"_s, 0, u"gpt-4.1, input"_s, 500'000)};
    first.state = state(QLatin1String(SourceKey::OpenAiUsage), kBaseNs + 4 * kHourNs, 4);
    for (int poll = 0; poll < 3; ++poll) {
        const auto r = store(first);
        QVERIFY(r && !r->error);
        QCOMPARE(r->inserted, 4);
    }
    QCOMPARE(scalar(readDb(), u"SELECT sum(input_tokens) FROM provider_usage"_s), 350);
    QCOMPARE(scalar(readDb(), u"SELECT sum(cost_micros) FROM provider_costs"_s), 500'000);

    ProviderWrite revised = first;
    revised.usage = {usage(u"openai"_s, 0, u"gpt-4.1"_s, 100), usage(u"openai"_s, 2, u"gpt-4.1"_s, 260)};
    revised.costs = {cost(u"openai"_s, 0, u"gpt-4.1, input"_s, 650'000),
                     cost(u"openai"_s, 0, u"gpt-4.1, output"_s, 100'000)};
    const auto r = store(revised);
    QVERIFY(r && !r->error);
    QCOMPARE(r->inserted, 4);
    const QList<QStringList> expected = {{u"0"_s, u"gpt-4.1"_s, u"100"_s}, {u"2"_s, u"gpt-4.1"_s, u"260"_s}};
    QCOMPARE(rows(readDb(), QStringLiteral("SELECT (bucket_start_ns - %1) / %2, model, input_tokens FROM "
                                           "provider_usage ORDER BY 1, 2")
                                .arg(kBaseNs)
                                .arg(kHourNs)),
             expected);
    QCOMPARE(scalar(readDb(), u"SELECT sum(cost_micros) FROM provider_costs"_s), 750'000);
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM provider_costs"_s), 2);
}

void TestProviderStore::emptySpanDeletesStaleRows()
{
    ProviderWrite w;
    w.provider = u"openai"_s;
    w.usageSpans = hourSpans(0, 3);
    w.usage = {usage(u"openai"_s, 0, u"gpt-4.1"_s, 1), usage(u"openai"_s, 1, u"gpt-4.1"_s, 2),
               usage(u"openai"_s, 2, u"gpt-4.1"_s, 3)};
    w.costSpans = {{kBaseNs, kDayNs}, {kBaseNs + kDayNs, kDayNs}};
    w.costs = {cost(u"openai"_s, 0, u"a"_s, 10), cost(u"openai"_s, 1, u"b"_s, 20)};
    QVERIFY(store(w));

    // Hour 1 and day 1 now come back as empty buckets: what was stored for them is gone.
    ProviderWrite again;
    again.provider = u"openai"_s;
    again.usageSpans = hourSpans(1, 1);
    again.costSpans = {{kBaseNs + kDayNs, kDayNs}};
    const auto r = store(again);
    QVERIFY(r && !r->error);
    QCOMPARE(r->inserted, 0);
    QCOMPARE(rows(readDb(), u"SELECT input_tokens FROM provider_usage ORDER BY bucket_start_ns"_s),
             (QList<QStringList>{{u"1"_s}, {u"3"_s}}));
    QCOMPARE(rows(readDb(), u"SELECT line_item FROM provider_costs"_s), (QList<QStringList>{{u"a"_s}}));
}

void TestProviderStore::bucketsOutsideSpansUpsert()
{
    // A bucket no span covers replaces the values stored under its key, never adds to them.
    ProviderWrite w;
    w.provider = u"openai"_s;
    w.usage = {usage(u"openai"_s, 5, u"gpt-4.1"_s, 10)};
    QVERIFY(store(w));
    w.usage = {usage(u"openai"_s, 5, u"gpt-4.1"_s, 30)};
    const auto r = store(w);
    QVERIFY(r && !r->error);
    QCOMPARE(r->inserted, 1);
    QCOMPARE(rows(readDb(), u"SELECT input_tokens, output_tokens FROM provider_usage"_s),
             (QList<QStringList>{{u"30"_s, u"3"_s}}));
}

void TestProviderStore::otherProvidersUntouched()
{
    ProviderWrite anthropic;
    anthropic.provider = u"anthropic"_s;
    anthropic.usageSpans = hourSpans(0, 24);
    anthropic.usage = {usage(u"anthropic"_s, 1, u"claude-haiku-4-5"_s, 7, -1)};
    anthropic.costSpans = {{kBaseNs, kDayNs}};
    anthropic.costs = {cost(u"anthropic"_s, 0, u"Claude Haiku 4.5 Usage - Input Tokens"_s, 70)};
    QVERIFY(store(anthropic));
    const QList<QStringList> usageBefore = usageRows();
    const QList<QStringList> costsBefore = costRows();

    // OpenAI covers the very same hours and day with nothing.
    ProviderWrite openai;
    openai.provider = u"openai"_s;
    openai.usageSpans = hourSpans(0, 24);
    openai.costSpans = {{kBaseNs, kDayNs}};
    QVERIFY(store(openai));
    QCOMPARE(usageRows(), usageBefore);
    QCOMPARE(costRows(), costsBefore);
    QCOMPARE(usageRows().size(), 1);
}

void TestProviderStore::providerMismatchIsRefused_data()
{
    QTest::addColumn<int>("defect");
    QTest::newRow("usage bucket of another provider") << 0;
    QTest::newRow("cost bucket of another provider") << 1;
    QTest::newRow("no provider") << 2;
    QTest::newRow("span without width") << 3;
    QTest::newRow("state without source") << 4;
}

void TestProviderStore::providerMismatchIsRefused()
{
    QFETCH(int, defect);
    ProviderWrite good;
    good.provider = u"openai"_s;
    good.usageSpans = hourSpans(0, 2);
    good.usage = {usage(u"openai"_s, 0, u"gpt-4.1"_s, 10)};
    good.state = state(QLatin1String(SourceKey::OpenAiUsage), kBaseNs + 2 * kHourNs, 1);
    QVERIFY(store(good));
    const QList<QStringList> before = usageRows();

    ProviderWrite bad;
    bad.provider = u"openai"_s;
    bad.usageSpans = hourSpans(0, 2);
    bad.usage = {usage(u"openai"_s, 1, u"gpt-4.1"_s, 99)};
    bad.costs = {cost(u"openai"_s, 0, u"x"_s, 5)};
    bad.state = state(QLatin1String(SourceKey::OpenAiUsage), kBaseNs + 9 * kHourNs, 2);
    switch (defect) {
    case 0:
        bad.usage.append(usage(u"anthropic"_s, 1, u"claude-haiku-4-5"_s, 1));
        break;
    case 1:
        bad.costs.append(cost(u"openrouter"_s, 0, u"y"_s, 5));
        break;
    case 2:
        bad.provider.clear();
        break;
    case 3:
        bad.usageSpans.append({kBaseNs, 0});
        break;
    case 4:
        bad.state->source.clear();
        break;
    }
    QSignalSpy stored(m_writer.get(), &StorageWriter::providerDataStored);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^provider data refused"_s));
    const auto r = store(bad);
    QVERIFY(r);
    QCOMPARE(r->error.code, Error::Code::InvalidInput);
    QVERIFY2(r->error.message.contains(u"nothing of it was stored"), qPrintable(r->error.message));
    QCOMPARE(r->inserted, 0);
    QCOMPARE(usageRows(), before);
    QVERIFY(costRows().isEmpty());
    QCOMPARE(readSourceStates(readDb(), nullptr).value(), QList<SourceState>{*good.state});
    QCOMPARE(stored.size(), 0);
}

void TestProviderStore::failedTransactionKeepsRowsAndCursor()
{
    ProviderWrite good;
    good.provider = u"anthropic"_s;
    good.usageSpans = hourSpans(0, 24);
    good.usage = {usage(u"anthropic"_s, 0, u"claude-haiku-4-5"_s, 10, -1),
                  usage(u"anthropic"_s, 5, u"claude-haiku-4-5"_s, 20, -1)};
    good.costSpans = {{kBaseNs, kDayNs}};
    good.costs = {cost(u"anthropic"_s, 0, u"Claude Haiku 4.5 Usage - Input Tokens"_s, 100)};
    good.state = state(QLatin1String(SourceKey::AnthropicUsage), kBaseNs + kDayNs, 3);
    QVERIFY(store(good));
    const QList<QStringList> usageBefore = usageRows();
    const QList<QStringList> costsBefore = costRows();

    // The database refuses the last insert, after the deletes and the other inserts ran.
    Error error;
    auto admin = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(admin, qPrintable(error.message));
    QVERIFY(QSqlQuery(admin->database())
                .exec(u"CREATE TRIGGER refuse BEFORE INSERT ON provider_costs WHEN new.line_item = 'boom' "
                      "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"_s));
    QSignalSpy failures(m_writer.get(), &StorageWriter::writeFailed);
    QSignalSpy stored(m_writer.get(), &StorageWriter::providerDataStored);

    ProviderWrite bad = good;
    bad.usage = {usage(u"anthropic"_s, 7, u"claude-haiku-4-5"_s, 70, -1)};
    bad.costs = {cost(u"anthropic"_s, 0, u"fine"_s, 1), cost(u"anthropic"_s, 0, u"boom"_s, 2)};
    bad.state = state(QLatin1String(SourceKey::AnthropicUsage), kBaseNs + 2 * kDayNs, 5);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^storing provider data failed"_s));
    const auto r = store(bad);
    QVERIFY(r);
    QVERIFY(r->error);
    QVERIFY2(r->error.message.contains(u"refused by the test"), qPrintable(r->error.message));
    QCOMPARE(r->inserted, 0);
    QTRY_COMPARE(failures.size(), 1);
    QCOMPARE(stored.size(), 0);
    QCOMPARE(usageRows(), usageBefore);
    QCOMPARE(costRows(), costsBefore);
    QCOMPARE(readSourceStates(readDb(), nullptr).value(), QList<SourceState>{*good.state});

    // The writer is not wedged: without the trigger the same write goes through.
    QVERIFY(QSqlQuery(admin->database()).exec(u"DROP TRIGGER refuse"_s));
    const auto retried = store(bad);
    QVERIFY(retried && !retried->error);
    QCOMPARE(retried->inserted, 3);
    QCOMPARE(readSourceStates(readDb(), nullptr).value(), QList<SourceState>{*bad.state});
    QCOMPARE(scalar(readDb(), u"SELECT sum(input_tokens) FROM provider_usage"_s), 70);
}

void TestProviderStore::statesRoundTrip()
{
    QList<SourceState> states;
    for (const char *key :
         {SourceKey::OpenRouterKey, SourceKey::AnthropicCosts, SourceKey::OpenAiUsage, SourceKey::OpenAiCosts,
          SourceKey::AnthropicUsage, SourceKey::OpenRouterActivity}) {
        SourceState s = state(QLatin1String(key), kBaseNs + states.size() * kHourNs, states.size() * 1000);
        s.lastError =
            states.size() % 2 ? u"The key was refused (HTTP 401). Check the admin key."_s : QString();
        s.detail = states.size() == 0 ? u"{\"limit_remaining\":12.5,\"usage\":3}"_s : QString();
        states.append(s);
        ProviderWrite w;
        w.provider = QString(QLatin1String(key)).section(u'.', 0, 0);
        w.state = s;
        const auto r = store(w);
        QVERIFY(r && !r->error);
        QCOMPARE(r->inserted, 0);
    }
    // Saving a source again replaces its state.
    states[2].lastError = u"Timed out."_s;
    states[2].lastSuccessNs = 0;
    ProviderWrite w;
    w.provider = u"openai"_s;
    w.state = states[2];
    QVERIFY(store(w));

    std::sort(states.begin(), states.end(),
              [](const SourceState &a, const SourceState &b) { return a.source < b.source; });
    Error error;
    const std::optional<QList<SourceState>> read = readSourceStates(readDb(), &error);
    QVERIFY2(read, qPrintable(error.message));
    QCOMPARE(read->size(), 6);
    QCOMPARE(*read, states);
}

void TestProviderStore::stateOnlyWrite()
{
    // A failed poll records its error and attempt time; the buckets stay as they were.
    ProviderWrite w;
    w.provider = u"openai"_s;
    w.usageSpans = hourSpans(0, 1);
    w.usage = {usage(u"openai"_s, 0, u"gpt-4.1"_s, 10)};
    w.state = state(QLatin1String(SourceKey::OpenAiUsage), kBaseNs + kHourNs, 1);
    QVERIFY(store(w));
    SourceState failed = *w.state;
    failed.lastAttemptNs += kHourNs;
    failed.lastError = u"The server did not answer in time."_s;
    ProviderWrite onlyState;
    onlyState.provider = u"openai"_s;
    onlyState.state = failed;
    QSignalSpy stored(m_writer.get(), &StorageWriter::providerDataStored);
    const auto r = store(onlyState);
    QVERIFY(r && !r->error);
    QTRY_COMPARE(stored.size(), 1);
    QCOMPARE(usageRows().size(), 1);
    QCOMPARE(readSourceStates(readDb(), nullptr).value(), QList<SourceState>{failed});
}

void TestProviderStore::keepsQueueOrderWithEvents()
{
    // Events before and after a provider write commit in queue order, each completion exactly once.
    QList<int> order;
    Model::UsageEvent e;
    e.eventId = u"test:1"_s;
    e.startNs = kBaseNs;
    e.endNs = kBaseNs + 1;
    m_writer->submit({e}, this, [&](const WriteResult &) { order.append(1); });
    ProviderWrite w;
    w.provider = u"openai"_s;
    w.usage = {usage(u"openai"_s, 0, u"gpt-4.1"_s, 10)};
    m_writer->submitProviderData(w, this,
                                 [&](const WriteResult &r) { order.append(r.inserted == 1 ? 2 : -2); });
    e.eventId = u"test:2"_s;
    m_writer->submit({e}, this, [&](const WriteResult &) { order.append(3); });
    QTRY_COMPARE(order.size(), 3);
    QCOMPARE(order, (QList<int>{1, 2, 3}));
    QCOMPARE(scalar(readDb(), u"SELECT count(*) FROM usage_events"_s), 2);
    QCOMPARE(m_writer->pendingEvents(), 0);
}

void TestProviderStore::readStatesOnClosedDatabase()
{
    Error error;
    QVERIFY(!readSourceStates(QSqlDatabase(), &error));
    QCOMPARE(error.code, Error::Code::Database);
    QVERIFY(!error.message.isEmpty());
}

void TestProviderStore::deleteUsesTheKey()
{
    // A re-polled window is found through the key, not by scanning every stored bucket.
    for (const QString &table : {u"provider_usage"_s, u"provider_costs"_s}) {
        const QList<QStringList> plan = rows(
            readDb(), u"EXPLAIN QUERY PLAN DELETE FROM "_s + table +
                          u" WHERE bucket_start_ns >= 1 AND bucket_start_ns < 2 AND provider = 'openai'"_s);
        QVERIFY(!plan.isEmpty());
        const QString detail = plan.first().last();
        QVERIFY2(detail.contains(u"SEARCH") && detail.contains(u"PRIMARY KEY"), qPrintable(detail));
    }
}

QTEST_GUILESS_MAIN(TestProviderStore)
#include "tst_providerstore.moc"
