// The provider response parsers over tests/data/providers: exact token and money totals (hand-computed),
// cursors, `result` vs `results`, null dimensions, empty and partial buckets, merged rows, unknown
// fields; every malformed shape, foreign currency and out-of-range number is an Error naming the
// endpoint and the JSON path, never a crash or a silently wrong figure.
#include "providers/anthropicparser.h"
#include "providers/openaiparser.h"
#include "providers/openrouterparser.h"

#include <QFile>
#include <QHash>
#include <QTest>

#include <algorithm>
#include <limits>

using namespace Burnrate;
using namespace Burnrate::Providers;

namespace {

constexpr qint64 kSecond = 1'000'000'000;
constexpr qint64 kMax = std::numeric_limits<qint64>::max();
constexpr qint64 kAugust1 = 1785542400; // 2026-08-01T00:00:00Z

QByteArray testData(const QString &name)
{
    QFile file(QStringLiteral(BURNRATE_TEST_DATA_DIR "/providers/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(name));
    return file.readAll();
}

std::optional<UsagePage> parseUsage(const QString &provider, QByteArrayView body, Error *error)
{
    return provider == u"openai" ? parseOpenAiUsage(body, error) : parseAnthropicUsage(body, error);
}

std::optional<CostPage> parseCosts(const QString &provider, QByteArrayView body, Error *error)
{
    return provider == u"openai" ? parseOpenAiCosts(body, error) : parseAnthropicCosts(body, error);
}

// A valid page around one result object, for the cases that vary a single field.
QByteArray openAiPage(const QByteArray &result)
{
    return R"({"object":"page","data":[{"object":"bucket","start_time":1785542400,"end_time":1785546000,)"
           R"("results":[)" +
           result + R"(]}],"has_more":false,"next_page":null})";
}

QByteArray anthropicPage(const QByteArray &result)
{
    return R"({"data":[{"starting_at":"2026-08-01T00:00:00Z","ending_at":"2026-08-02T00:00:00Z",)"
           R"("results":[)" +
           result + R"(]}],"has_more":false,"next_page":null})";
}

QByteArray openAiCost(const QByteArray &value, const QByteArray &currency = "usd")
{
    return openAiPage(R"({"object":"organization.costs.result","amount":{"value":)" + value +
                      R"(,"currency":")" + currency + R"("},"line_item":"gpt-4.1, input","project_id":"p"})");
}

QByteArray anthropicCost(const QByteArray &amount, const QByteArray &currency = "USD")
{
    return anthropicPage(R"({"amount":)" + amount + R"(,"currency":")" + currency +
                         R"(","description":"Claude Sonnet 4.5 Usage - Input Tokens","workspace_id":null})");
}

// The Error the parser `kind` reports for `body`, or nullopt when it accepts the body.
std::optional<Error> failureOf(const QString &kind, const QByteArray &body)
{
    Error error;
    bool parsed = false;
    if (kind == u"openai-usage")
        parsed = parseOpenAiUsage(body, &error).has_value();
    else if (kind == u"openai-costs")
        parsed = parseOpenAiCosts(body, &error).has_value();
    else if (kind == u"anthropic-usage")
        parsed = parseAnthropicUsage(body, &error).has_value();
    else if (kind == u"anthropic-costs")
        parsed = parseAnthropicCosts(body, &error).has_value();
    else if (kind == u"openrouter-key")
        parsed = parseOpenRouterKey(body, &error).has_value();
    else if (kind == u"openrouter-credits")
        parsed = parseOpenRouterCredits(body, &error).has_value();
    else if (kind == u"openrouter-activity")
        parsed = parseOpenRouterActivity(body, &error).has_value();
    else
        qFatal("unknown parser %s", qPrintable(kind));
    if (parsed)
        return std::nullopt;
    return error;
}

QString endpointOf(const QString &kind)
{
    static const QHash<QString, QString> endpoints{
        {QStringLiteral("openai-usage"), QStringLiteral("OpenAI /v1/organization/usage/completions")},
        {QStringLiteral("openai-costs"), QStringLiteral("OpenAI /v1/organization/costs")},
        {QStringLiteral("anthropic-usage"),
         QStringLiteral("Anthropic /v1/organizations/usage_report/messages")},
        {QStringLiteral("anthropic-costs"), QStringLiteral("Anthropic /v1/organizations/cost_report")},
        {QStringLiteral("openrouter-key"), QStringLiteral("OpenRouter /api/v1/key")},
        {QStringLiteral("openrouter-credits"), QStringLiteral("OpenRouter /api/v1/credits")},
        {QStringLiteral("openrouter-activity"), QStringLiteral("OpenRouter /api/v1/activity")},
    };
    return endpoints.value(kind);
}

// The first row `match` accepts, or nullptr.
template<typename Bucket, typename Match> const Bucket *findRow(const QList<Bucket> &rows, Match match)
{
    const auto found = std::find_if(rows.cbegin(), rows.cend(), match);
    return found == rows.cend() ? nullptr : &*found;
}

} // namespace

class TestProviderParsers : public QObject
{
    Q_OBJECT

private slots:
    void usagePages_data();
    void usagePages();
    void costPages_data();
    void costPages();
    void openAiUsageRows();
    void anthropicUsageRows();
    void openAiCostRows();
    void anthropicCostRows();
    void openAiDollarsExact_data();
    void openAiDollarsExact();
    void anthropicCentsExact_data();
    void anthropicCentsExact();
    void int64BoundsAccepted();
    void openRouterKey();
    void openRouterKeyWithoutLimit();
    void openRouterCredits();
    void openRouterActivity();
    void rejects_data();
    void rejects();
    void modelFromLineItem_data();
    void modelFromLineItem();
    void modelFromDescription_data();
    void modelFromDescription();
};

void TestProviderParsers::usagePages_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("spans");
    QTest::addColumn<bool>("hasMore");
    QTest::addColumn<QString>("nextPage");
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("cacheRead");
    QTest::addColumn<qint64>("cacheWrite5m");
    QTest::addColumn<qint64>("cacheWrite1h");
    QTest::addColumn<qint64>("cacheWrite");
    QTest::addColumn<qint64>("output");
    QTest::addColumn<qint64>("requests"); // sum; -1 when every row has none

    // Rows 1+2 merge (same model/project/key, different users): uncached (10000-4000-1000)+(3000-0),
    // row 3 777-77, row 4 5e9-1e9. Audio tokens are already inside input/output_tokens.
    QTest::newRow("openai page 1") << QStringLiteral("openai_usage_page1.json") << QStringLiteral("openai")
                                   << 3 << 2 << true << QStringLiteral("page_AAAAAGiMEMAAAAAAaIwesA==")
                                   << qint64(8'000 + 700 + 4'000'000'000)
                                   << qint64(4'000 + 77 + 1'000'000'000) << qint64(0) << qint64(0)
                                   << qint64(1'000) << qint64(2'500 + 70 + 4'000'000'000)
                                   << qint64(15 + 7 + 100'000);
    QTest::newRow("openai page 2, `result`, empty bucket")
        << QStringLiteral("openai_usage_page2.json") << QStringLiteral("openai") << 1 << 2 << false
        << QString() << qint64(1'024) << qint64(1'024) << qint64(0) << qint64(0) << qint64(0) << qint64(256)
        << qint64(2);
    QTest::newRow("openai no buckets")
        << QStringLiteral("openai_usage_empty.json") << QStringLiteral("openai") << 0 << 0 << false
        << QString() << qint64(0) << qint64(0) << qint64(0) << qint64(0) << qint64(0) << qint64(0)
        << qint64(-1);
    // Rows 1+3 merge (they differ only in context_window): 1200+100, 9000+1000, 5m 300+10, 1h 50+5.
    QTest::newRow("anthropic page 1")
        << QStringLiteral("anthropic_usage_page1.json") << QStringLiteral("anthropic") << 3 << 3 << true
        << QStringLiteral("page_MjAyNi0wOC0wMVQwMzowMDowMFo=") << qint64(1'300 + 500 + 42) << qint64(10'000)
        << qint64(310) << qint64(55) << qint64(365) << qint64(820 + 250 + 4'200) << qint64(-1);
    QTest::newRow("anthropic page 2")
        << QStringLiteral("anthropic_usage_page2.json") << QStringLiteral("anthropic") << 1 << 1 << false
        << QString() << qint64(7) << qint64(3) << qint64(1) << qint64(2) << qint64(3) << qint64(4)
        << qint64(-1);
}

void TestProviderParsers::usagePages()
{
    QFETCH(QString, file);
    QFETCH(QString, provider);
    QFETCH(int, rows);
    QFETCH(int, spans);
    QFETCH(bool, hasMore);
    QFETCH(QString, nextPage);

    Error error;
    const std::optional<UsagePage> page = parseUsage(provider, testData(file), &error);
    QVERIFY2(page, qPrintable(error.message));
    QCOMPARE(page->buckets.size(), rows);
    QCOMPARE(page->spans.size(), spans);
    QCOMPARE(page->hasMore, hasMore);
    QCOMPARE(page->nextPage, nextPage);

    qint64 input = 0, cacheRead = 0, cacheWrite5m = 0, cacheWrite1h = 0, cacheWrite = 0, output = 0;
    qint64 requests = -1;
    for (const UsageBucket &b : page->buckets) {
        QCOMPARE(b.provider, provider);
        input += b.inputTokens;
        cacheRead += b.cacheReadTokens;
        cacheWrite5m += b.cacheWrite5mTokens;
        cacheWrite1h += b.cacheWrite1hTokens;
        cacheWrite += b.cacheWriteTokens;
        output += b.outputTokens;
        if (b.requests >= 0)
            requests = (requests < 0 ? 0 : requests) + b.requests;
        QCOMPARE(b.totalInputTokens(), b.inputTokens + b.cacheReadTokens + b.cacheWriteTokens);
    }
    QTEST(input, "input");
    QTEST(cacheRead, "cacheRead");
    QTEST(cacheWrite5m, "cacheWrite5m");
    QTEST(cacheWrite1h, "cacheWrite1h");
    QTEST(cacheWrite, "cacheWrite");
    QTEST(output, "output");
    QTEST(requests, "requests");
}

void TestProviderParsers::costPages_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("spans");
    QTest::addColumn<bool>("hasMore");
    QTest::addColumn<QString>("nextPage");
    QTest::addColumn<qint64>("totalMicros");

    // $0.1 + $0.2 + $1.005 + $9007199254.740993 + ($0.15 + $0.0000005 -> 1 micro) + $7 - $0.25 + nothing.
    QTest::newRow("openai") << QStringLiteral("openai_costs.json") << QStringLiteral("openai") << 8 << 2
                            << true << QStringLiteral("page_AAAAAGiNYgAAAAAAaI6zgA==")
                            << qint64(100'000 + 200'000 + 1'005'000 + 9'007'199'254'740'993 + 150'001 +
                                      7'000'000 - 250'000);
    // Cents: 1234.5678 + 0.1 + 0.2 + 250 + 37 + 41.66667 + (0.00005 -> 1 micro, 0.00004 -> 0) + 100.
    QTest::newRow("anthropic") << QStringLiteral("anthropic_costs.json") << QStringLiteral("anthropic") << 8
                               << 2 << false << QString()
                               << qint64(12'345'678 + 1'000 + 2'000 + 2'500'000 + 370'000 + 416'667 + 1 +
                                         1'000'000);
}

void TestProviderParsers::costPages()
{
    QFETCH(QString, file);
    QFETCH(QString, provider);
    QFETCH(int, rows);
    QFETCH(int, spans);
    QFETCH(bool, hasMore);
    QFETCH(QString, nextPage);

    Error error;
    const std::optional<CostPage> page = parseCosts(provider, testData(file), &error);
    QVERIFY2(page, qPrintable(error.message));
    QCOMPARE(page->buckets.size(), rows);
    QCOMPARE(page->spans.size(), spans);
    QCOMPARE(page->hasMore, hasMore);
    QCOMPARE(page->nextPage, nextPage);
    qint64 total = 0;
    for (const CostBucket &b : page->buckets) {
        QCOMPARE(b.provider, provider);
        total += b.costMicros;
    }
    QTEST(total, "totalMicros");
}

void TestProviderParsers::openAiUsageRows()
{
    Error error;
    const std::optional<UsagePage> page =
        parseOpenAiUsage(testData(QStringLiteral("openai_usage_page1.json")), &error);
    QVERIFY2(page, qPrintable(error.message));

    // The first bucket is partial: it starts at the requested second and ends on the hour.
    QCOMPARE(page->spans.at(0).startNs, (kAugust1 + 1'860) * kSecond);
    QCOMPARE(page->spans.at(0).widthNs, 1'740 * kSecond);
    QCOMPARE(page->spans.at(1).startNs, (kAugust1 + 3'600) * kSecond);
    QCOMPARE(page->spans.at(1).widthNs, 3'600 * kSecond);

    const UsageBucket &merged = page->buckets.at(0);
    QCOMPARE(merged.model, QStringLiteral("gpt-4.1-2025-04-14"));
    QCOMPARE(merged.projectId, QStringLiteral("proj_alpha"));
    QCOMPARE(merged.apiKeyId, QStringLiteral("key_a"));
    QCOMPARE(merged.serviceTier, QString());
    QCOMPARE(merged.bucketStartNs, (kAugust1 + 1'860) * kSecond);
    QCOMPARE(merged.bucketWidthNs, 1'740 * kSecond);
    QCOMPARE(merged.inputTokens, 8'000);
    QCOMPARE(merged.cacheReadTokens, 4'000);
    QCOMPARE(merged.cacheWriteTokens, 1'000);
    QCOMPARE(merged.cacheWrite5mTokens, 0);
    QCOMPARE(merged.outputTokens, 2'500);
    QCOMPARE(merged.requests, 15);
    QCOMPARE(merged.totalInputTokens(), 13'000);

    // null dimensions are empty strings, never "null".
    const UsageBucket &nulls = page->buckets.at(1);
    QCOMPARE(nulls.model, QStringLiteral("gpt-4o-mini-2024-07-18"));
    QCOMPARE(nulls.projectId, QString());
    QCOMPARE(nulls.apiKeyId, QString());
    QCOMPARE(nulls.serviceTier, QString());
    QCOMPARE(nulls.inputTokens, 700);
    QCOMPARE(nulls.totalInputTokens(), 777);
    QCOMPARE(nulls.outputTokens, 70);

    const UsageBucket &large = page->buckets.at(2);
    QCOMPARE(large.serviceTier, QStringLiteral("flex"));
    QCOMPARE(large.bucketStartNs, (kAugust1 + 3'600) * kSecond);
    QCOMPARE(large.inputTokens, Q_INT64_C(4'000'000'000));
    QCOMPARE(large.outputTokens, Q_INT64_C(4'000'000'000));
}

void TestProviderParsers::anthropicUsageRows()
{
    Error error;
    const std::optional<UsagePage> page =
        parseAnthropicUsage(testData(QStringLiteral("anthropic_usage_page1.json")), &error);
    QVERIFY2(page, qPrintable(error.message));

    // Three hourly spans including the empty one; rows only for the two with results.
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(page->spans.at(i).startNs, (kAugust1 + i * 3'600) * kSecond);
        QCOMPARE(page->spans.at(i).widthNs, 3'600 * kSecond);
    }

    const UsageBucket &sonnet = page->buckets.at(0);
    QCOMPARE(sonnet.model, QStringLiteral("claude-sonnet-4-5-20250929"));
    QCOMPARE(sonnet.projectId, QStringLiteral("wrkspc_alpha"));
    QCOMPARE(sonnet.apiKeyId, QStringLiteral("apikey_01"));
    QCOMPARE(sonnet.serviceTier, QStringLiteral("standard"));
    QCOMPARE(sonnet.bucketStartNs, kAugust1 * kSecond);
    QCOMPARE(sonnet.inputTokens, 1'300);
    QCOMPARE(sonnet.cacheReadTokens, 10'000);
    QCOMPARE(sonnet.cacheWrite5mTokens, 310);
    QCOMPARE(sonnet.cacheWrite1hTokens, 55);
    QCOMPARE(sonnet.cacheWriteTokens, 365);
    QCOMPARE(sonnet.outputTokens, 820);
    QCOMPARE(sonnet.requests, -1);
    QCOMPARE(sonnet.totalInputTokens(), 1'300 + 10'000 + 365);

    // workspace_id null is the default workspace (or "not grouped"): an empty string.
    const UsageBucket &haiku = page->buckets.at(1);
    QCOMPARE(haiku.model, QStringLiteral("claude-haiku-4-5-20251001"));
    QCOMPARE(haiku.projectId, QString());
    QCOMPARE(haiku.apiKeyId, QString());
    QCOMPARE(haiku.serviceTier, QStringLiteral("batch"));

    // No cache_creation and a null cache_read_input_tokens: zero, not an error.
    const UsageBucket &opus = page->buckets.at(2);
    QCOMPARE(opus.bucketStartNs, (kAugust1 + 7'200) * kSecond);
    QCOMPARE(opus.cacheWriteTokens, 0);
    QCOMPARE(opus.cacheReadTokens, 0);
    QCOMPARE(opus.outputTokens, 4'200);
    QCOMPARE(opus.serviceTier, QStringLiteral("priority"));

    // Fractional seconds and a numeric UTC offset are RFC 3339 too.
    const std::optional<UsagePage> second =
        parseAnthropicUsage(testData(QStringLiteral("anthropic_usage_page2.json")), &error);
    QVERIFY2(second, qPrintable(error.message));
    QCOMPARE(second->buckets.at(0).bucketStartNs, (kAugust1 + 10'800) * kSecond);
    QCOMPARE(second->buckets.at(0).bucketWidthNs, 3'600 * kSecond);
}

void TestProviderParsers::openAiCostRows()
{
    Error error;
    const std::optional<CostPage> page =
        parseOpenAiCosts(testData(QStringLiteral("openai_costs.json")), &error);
    QVERIFY2(page, qPrintable(error.message));
    const auto row = [&](const QString &lineItem, const QString &project) {
        return findRow(page->buckets,
                       [&](const CostBucket &b) { return b.lineItem == lineItem && b.projectId == project; });
    };
    const CostBucket *input = row(QStringLiteral("gpt-4.1-2025-04-14, input"), QStringLiteral("proj_alpha"));
    QVERIFY(input);
    QCOMPARE(input->costMicros, 100'000);
    QCOMPARE(input->model, QStringLiteral("gpt-4.1-2025-04-14"));
    QCOMPARE(input->bucketStartNs, kAugust1 * kSecond);
    QCOMPARE(input->bucketWidthNs, 86'400 * kSecond);
    const CostBucket *cached =
        row(QStringLiteral("gpt-4.1-2025-04-14, cached input"), QStringLiteral("proj_alpha"));
    QVERIFY(cached);
    QCOMPARE(cached->costMicros + input->costMicros, 300'000); // where 0.1 + 0.2 in double is not 0.3
    const CostBucket *images = row(QStringLiteral("Image models"), QString());
    QVERIFY(images);
    QCOMPARE(images->model, QString());
    QCOMPARE(images->costMicros, Q_INT64_C(9'007'199'254'740'993)); // 2^53 + 1: not a double
    // Two keys' rows for the same item and project are one row (api_key_id is not a dimension here).
    const CostBucket *o4 = row(QStringLiteral("o4-mini-2025-04-16, input"), QStringLiteral("proj_beta"));
    QVERIFY(o4);
    QCOMPARE(o4->costMicros, 150'001);
    QCOMPARE(o4->model, QStringLiteral("o4-mini-2025-04-16"));
    const CostBucket *credit = row(QStringLiteral("Credit adjustment"), QString());
    QVERIFY(credit);
    QCOMPARE(credit->costMicros, -250'000);
    const CostBucket *noAmount =
        row(QStringLiteral("gpt-4.1-2025-04-14, batch input"), QStringLiteral("proj_alpha"));
    QVERIFY(noAmount);
    QCOMPARE(noAmount->costMicros, 0);
    // The second bucket is empty: a span without rows.
    QCOMPARE(page->spans.at(1).startNs, (kAugust1 + 86'400) * kSecond);
    for (const CostBucket &b : page->buckets)
        QCOMPARE(b.bucketStartNs, kAugust1 * kSecond);
}

void TestProviderParsers::anthropicCostRows()
{
    Error error;
    const std::optional<CostPage> page =
        parseAnthropicCosts(testData(QStringLiteral("anthropic_costs.json")), &error);
    QVERIFY2(page, qPrintable(error.message));
    const auto row = [&](const QString &description, qint64 dayStart) {
        return findRow(page->buckets, [&](const CostBucket &b) {
            return b.lineItem == description && b.bucketStartNs == dayStart * kSecond;
        });
    };
    const CostBucket *input = row(QStringLiteral("Claude Sonnet 4.5 Usage - Input Tokens"), kAugust1);
    QVERIFY(input);
    QCOMPARE(input->costMicros, 12'345'678); // "1234.5678" cents
    QCOMPARE(input->model, QStringLiteral("claude-sonnet-4-5-20250929"));
    QCOMPARE(input->projectId, QStringLiteral("wrkspc_alpha"));
    QCOMPARE(input->bucketWidthNs, 86'400 * kSecond);
    // model null: derived from the description, as the price table names it.
    const CostBucket *opus = row(QStringLiteral("Claude Opus 4.6 Usage - Output Tokens"), kAugust1);
    QVERIFY(opus);
    QCOMPARE(opus->model, QStringLiteral("claude-opus-4-6"));
    QCOMPARE(opus->projectId, QString());
    QCOMPARE(opus->costMicros, 2'500'000);
    const CostBucket *search = row(QStringLiteral("Web Search Usage"), kAugust1);
    QVERIFY(search);
    QCOMPARE(search->model, QString());
    QCOMPARE(search->costMicros, 370'000);
    const CostBucket *code = row(QStringLiteral("Code Execution Usage"), kAugust1);
    QVERIFY(code);
    QCOMPARE(code->costMicros, 416'667); // 41.66667 cents, half a micro rounded away from zero
    // The standard and batch rows of one description share the key and are summed.
    const CostBucket *haiku = row(QStringLiteral("Claude Haiku 4.5 Usage - Output Tokens"), kAugust1);
    QVERIFY(haiku);
    QCOMPARE(haiku->costMicros, 1);
    const CostBucket *nextDay =
        row(QStringLiteral("Claude Sonnet 4.5 Usage - Output Tokens"), kAugust1 + 86'400);
    QVERIFY(nextDay);
    QCOMPARE(nextDay->costMicros, 1'000'000);
}

void TestProviderParsers::openAiDollarsExact_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("micros");

    QTest::newRow("0.1") << QByteArray("0.1") << qint64(100'000);
    QTest::newRow("0.1 + 0.2 in double") << QByteArray("0.30000000000000004") << qint64(300'000);
    QTest::newRow("1.005") << QByteArray("1.005") << qint64(1'005'000);
    // As a double 5e-7 is 4.99999999999999977e-7: a double conversion rounds it to 0.
    QTest::newRow("half a micro") << QByteArray("0.0000005") << qint64(1);
    QTest::newRow("below half a micro") << QByteArray("0.00000049") << qint64(0);
    QTest::newRow("negative half a micro") << QByteArray("-0.0000005") << qint64(-1);
    QTest::newRow("integer") << QByteArray("12") << qint64(12'000'000);
    QTest::newRow("negative integer") << QByteArray("-3") << qint64(-3'000'000);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("exponent") << QByteArray("1.5e2") << qint64(150'000'000);
    QTest::newRow("negative exponent") << QByteArray("1E-6") << qint64(1);
    QTest::newRow("signed exponent") << QByteArray("2.5E+3") << qint64(2'500'000'000);
    QTest::newRow("fraction and exponent") << QByteArray("0.1e1") << qint64(1'000'000);
    QTest::newRow("tiny") << QByteArray("1e-100") << qint64(0);
    QTest::newRow("2^53 + 1 micros") << QByteArray("9007199254.740993") << Q_INT64_C(9'007'199'254'740'993);
    QTest::newRow("int64 max micros") << QByteArray("9223372036854.775807") << kMax;
    QTest::newRow("large total") << QByteArray("1234567890.123456") << Q_INT64_C(1'234'567'890'123'456);
}

void TestProviderParsers::openAiDollarsExact()
{
    QFETCH(QByteArray, value);
    Error error;
    const std::optional<CostPage> page = parseOpenAiCosts(openAiCost(value), &error);
    QVERIFY2(page, qPrintable(error.message));
    QCOMPARE(page->buckets.size(), 1);
    QTEST(page->buckets.at(0).costMicros, "micros");
}

void TestProviderParsers::anthropicCentsExact_data()
{
    QTest::addColumn<QByteArray>("amount");
    QTest::addColumn<qint64>("micros");

    QTest::newRow("1234.5678 cents") << QByteArray("1234.5678") << qint64(12'345'678);
    QTest::newRow("trailing zeros") << QByteArray("725.64900") << qint64(7'256'490);
    QTest::newRow("whole cents") << QByteArray("100") << qint64(1'000'000);
    QTest::newRow("one micro") << QByteArray("0.0001") << qint64(1);
    QTest::newRow("half a micro") << QByteArray("0.00005") << qint64(1);
    QTest::newRow("below half a micro") << QByteArray("0.000049999") << qint64(0);
    QTest::newRow("credit") << QByteArray("-50.5") << qint64(-505'000);
    QTest::newRow("int64 max micros") << QByteArray("922337203685477.5807") << kMax;
}

void TestProviderParsers::anthropicCentsExact()
{
    QFETCH(QByteArray, amount);
    Error error;
    const std::optional<CostPage> page = parseAnthropicCosts(anthropicCost('"' + amount + '"'), &error);
    QVERIFY2(page, qPrintable(error.message));
    QCOMPARE(page->buckets.size(), 1);
    QTEST(page->buckets.at(0).costMicros, "micros");
}

void TestProviderParsers::int64BoundsAccepted()
{
    Error error;
    const std::optional<UsagePage> openAi = parseOpenAiUsage(
        openAiPage(R"({"input_tokens":9223372036854775807,"input_cached_tokens":9223372036854775807,)"
                   R"("output_tokens":9223372036854775807,"num_model_requests":9223372036854775807})"),
        &error);
    QVERIFY2(openAi, qPrintable(error.message));
    QCOMPARE(openAi->buckets.at(0).inputTokens, 0);
    QCOMPARE(openAi->buckets.at(0).cacheReadTokens, kMax);
    QCOMPARE(openAi->buckets.at(0).outputTokens, kMax);
    QCOMPARE(openAi->buckets.at(0).requests, kMax);

    const std::optional<UsagePage> anthropic = parseAnthropicUsage(
        anthropicPage(R"({"uncached_input_tokens":9223372036854775807,"cache_creation":)"
                      R"({"ephemeral_5m_input_tokens":9223372036854775806,"ephemeral_1h_input_tokens":1}})"),
        &error);
    QVERIFY2(anthropic, qPrintable(error.message));
    QCOMPARE(anthropic->buckets.at(0).inputTokens, kMax);
    QCOMPARE(anthropic->buckets.at(0).cacheWriteTokens, kMax);
}

void TestProviderParsers::openRouterKey()
{
    Error error;
    const std::optional<OpenRouterKey> key =
        parseOpenRouterKey(testData(QStringLiteral("openrouter_key.json")), &error);
    QVERIFY2(key, qPrintable(error.message));
    QCOMPARE(key->usageMicros, 37'654'322);
    QCOMPARE(key->usageDailyMicros, 100'000);
    QCOMPARE(key->usageWeeklyMicros, 300'000);
    QCOMPARE(key->usageMonthlyMicros, 20'200'000);
    QVERIFY(key->limitMicros && key->limitRemainingMicros);
    QCOMPARE(*key->limitMicros, 50'000'000);
    QCOMPARE(*key->limitRemainingMicros, 12'345'678);
    QCOMPARE(key->limitReset, QStringLiteral("monthly"));
}

void TestProviderParsers::openRouterKeyWithoutLimit()
{
    Error error;
    const std::optional<OpenRouterKey> key =
        parseOpenRouterKey(testData(QStringLiteral("openrouter_key_nolimit.json")), &error);
    QVERIFY2(key, qPrintable(error.message));
    QCOMPARE(key->usageMicros, 0);
    QCOMPARE(key->usageDailyMicros, 0);
    QVERIFY(!key->limitMicros);
    QVERIFY(!key->limitRemainingMicros);
    QCOMPARE(key->limitReset, QString());
}

void TestProviderParsers::openRouterCredits()
{
    Error error;
    const std::optional<OpenRouterCredits> credits =
        parseOpenRouterCredits(testData(QStringLiteral("openrouter_credits.json")), &error);
    QVERIFY2(credits, qPrintable(error.message));
    QCOMPARE(credits->totalCreditsMicros, 250'000'000);
    QCOMPARE(credits->totalUsageMicros, 187'123'456);
    QCOMPARE(credits->balanceMicros(), 62'876'544);
}

void TestProviderParsers::openRouterActivity()
{
    Error error;
    const std::optional<QList<OpenRouterActivity>> rows =
        parseOpenRouterActivity(testData(QStringLiteral("openrouter_activity.json")), &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 3);
    qint64 cost = 0, byok = 0, requests = 0, prompt = 0, completion = 0, reasoning = 0;
    for (const OpenRouterActivity &row : *rows) {
        cost += row.costMicros;
        byok += row.byokCostMicros;
        requests += row.requests;
        prompt += row.promptTokens;
        completion += row.completionTokens;
        reasoning += row.reasoningTokens;
    }
    QCOMPARE(cost, 1'234'567 + 1 + 10'000'000);
    QCOMPARE(byok, 2'500'000);
    QCOMPARE(requests, 14);
    QCOMPARE(prompt, 12'110);
    QCOMPARE(completion, 3'055);
    QCOMPARE(reasoning, 25);

    const OpenRouterActivity &first = rows->at(0);
    QCOMPARE(first.dayStartNs, kAugust1 * kSecond);
    QCOMPARE(first.model, QStringLiteral("openai/gpt-4.1"));
    QCOMPARE(first.modelPermaslug, QStringLiteral("openai/gpt-4.1-2025-04-14"));
    QCOMPARE(first.endpointId, QStringLiteral("ep_0001"));
    QCOMPARE(first.providerName, QStringLiteral("OpenAI"));
    QCOMPARE(rows->at(2).dayStartNs, (kAugust1 + 86'400) * kSecond);

    const std::optional<QList<OpenRouterActivity>> none = parseOpenRouterActivity(R"({"data":[]})", &error);
    QVERIFY2(none, qPrintable(error.message));
    QVERIFY(none->isEmpty());
}

void TestProviderParsers::rejects_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("code");
    QTest::addColumn<QStringList>("fragments"); // besides the endpoint, which every message names

    const int invalid = int(Error::Code::InvalidInput);
    const int unsupported = int(Error::Code::Unsupported);
    const QString openAiUsage = QStringLiteral("openai-usage");
    const QString openAiCosts = QStringLiteral("openai-costs");
    const QString anthropicUsage = QStringLiteral("anthropic-usage");
    const QString anthropicCosts = QStringLiteral("anthropic-costs");
    const auto frags = [](std::initializer_list<const char *> list) {
        QStringList result;
        for (const char *s : list)
            result.append(QString::fromUtf8(s));
        return result;
    };

    // Not JSON, or not an object.
    QTest::newRow("truncated") << openAiUsage << QByteArray(R"({"data": [)") << invalid
                               << frags({"not valid JSON", "byte"});
    QTest::newRow("empty body") << anthropicUsage << QByteArray() << invalid << frags({"not valid JSON"});
    QTest::newRow("html") << openAiCosts << QByteArray("<html>502 Bad Gateway</html>") << invalid
                          << frags({"not valid JSON"});
    QTest::newRow("trailing garbage")
        << anthropicCosts << QByteArray(R"({"data":[]} x)") << invalid << frags({"not valid JSON"});
    QTest::newRow("array") << openAiUsage << QByteArray("[]") << invalid << frags({"not a JSON object"});
    QTest::newRow("number overflow") << openAiCosts << openAiCost("1e400") << invalid
                                     << frags({"not valid JSON"});

    // Shape: data and buckets.
    QTest::newRow("no data") << openAiUsage << QByteArray(R"({"object":"page","has_more":false})") << invalid
                             << frags({"unexpected shape", "data is missing"});
    QTest::newRow("data null") << anthropicUsage << QByteArray(R"({"data":null})") << invalid
                               << frags({"data is missing"});
    QTest::newRow("data object") << openAiCosts << QByteArray(R"({"data":{}})") << invalid
                                 << frags({"data is not a list"});
    QTest::newRow("bucket not object")
        << anthropicCosts << QByteArray(R"({"data":[1]})") << invalid << frags({"data[0] is not an object"});
    QTest::newRow("no results") << openAiUsage
                                << QByteArray(R"({"data":[{"start_time":1785542400,"end_time":1785546000}]})")
                                << invalid << frags({"data[0].result is missing"});
    QTest::newRow("results object")
        << openAiUsage
        << QByteArray(R"({"data":[{"start_time":1785542400,"end_time":1785546000,"results":{}}]})") << invalid
        << frags({"data[0].results is not a list"});
    QTest::newRow("result not object")
        << openAiUsage << openAiPage("[]") << invalid << frags({"data[0].results[0] is not an object"});
    QTest::newRow("start as text")
        << openAiUsage
        << QByteArray(R"({"data":[{"start_time":"1785542400","end_time":1785546000,"results":[]}]})")
        << invalid << frags({"data[0].start_time is not a valid time"});
    QTest::newRow("start missing") << openAiCosts
                                   << QByteArray(R"({"data":[{"end_time":1785546000,"results":[]}]})")
                                   << invalid << frags({"data[0].start_time is missing"});
    QTest::newRow("start beyond int64 ns")
        << openAiUsage
        << QByteArray(R"({"data":[{"start_time":9223372037,"end_time":9223372038,"results":[]}]})") << invalid
        << frags({"data[0].start_time is not a valid time"});
    QTest::newRow("end not after start")
        << openAiUsage
        << QByteArray(R"({"data":[{"start_time":1785542400,"end_time":1785542400,"results":[]}]})") << invalid
        << frags({"data[0].end_time is not after the start"});
    QTest::newRow("time without zone")
        << anthropicUsage
        << QByteArray(R"({"data":[{"starting_at":"2026-08-01T00:00:00","ending_at":"2026-08-02T00:00:00Z",)"
                      R"("results":[]}]})")
        << invalid << frags({"data[0].starting_at is not a valid time"});
    QTest::newRow("time not a time")
        << anthropicCosts
        << QByteArray(
               R"({"data":[{"starting_at":"2026-08-01T00:00:00Z","ending_at":"tomorrow","results":[]}]})")
        << invalid << frags({"data[0].ending_at is not a valid time"});
    QTest::newRow("time as number")
        << anthropicUsage
        << QByteArray(R"({"data":[{"starting_at":1785542400,"ending_at":1785546000,"results":[]}]})")
        << invalid << frags({"data[0].starting_at is not a valid time"});

    // Shape: cursor.
    QTest::newRow("has_more without next_page")
        << openAiUsage << QByteArray(R"({"data":[],"has_more":true,"next_page":null})") << invalid
        << frags({"next_page is empty although has_more is true"});
    QTest::newRow("has_more as text") << anthropicUsage << QByteArray(R"({"data":[],"has_more":"yes"})")
                                      << invalid << frags({"has_more is not true or false"});
    QTest::newRow("next_page as number")
        << openAiCosts << QByteArray(R"({"data":[],"has_more":true,"next_page":7})") << invalid
        << frags({"next_page is not text"});

    // Shape: token counts and dimensions.
    QTest::newRow("tokens as text") << openAiUsage << openAiPage(R"({"input_tokens":"12"})") << invalid
                                    << frags({"data[0].results[0].input_tokens is not a whole number"});
    QTest::newRow("negative tokens") << openAiUsage << openAiPage(R"({"output_tokens":-5})") << invalid
                                     << frags({"data[0].results[0].output_tokens is not a whole number"});
    QTest::newRow("fractional tokens")
        << anthropicUsage << anthropicPage(R"({"output_tokens":1.5})") << invalid
        << frags({"data[0].results[0].output_tokens is not a whole number"});
    QTest::newRow("tokens past int64") << openAiUsage << openAiPage(R"({"input_tokens":9223372036854775808})")
                                       << invalid << frags({"data[0].results[0].input_tokens"});
    QTest::newRow("tokens past uint64")
        << anthropicUsage << anthropicPage(R"({"uncached_input_tokens":100000000000000000000000})") << invalid
        << frags({"data[0].results[0].uncached_input_tokens"});
    QTest::newRow("tokens in exponent form") << openAiUsage << openAiPage(R"({"output_tokens":1e30})")
                                             << invalid << frags({"data[0].results[0].output_tokens"});
    QTest::newRow("cached above input")
        << openAiUsage << openAiPage(R"({"input_tokens":10,"input_cached_tokens":20})") << invalid
        << frags({"data[0].results[0].input_tokens is smaller than the cached tokens"});
    QTest::newRow("model as number") << openAiUsage << openAiPage(R"({"model":5})") << invalid
                                     << frags({"data[0].results[0].model is not text"});
    QTest::newRow("workspace as list") << anthropicUsage << anthropicPage(R"({"workspace_id":["w"]})")
                                       << invalid << frags({"data[0].results[0].workspace_id is not text"});
    QTest::newRow("cache_creation not object")
        << anthropicUsage << anthropicPage(R"({"cache_creation":5})") << invalid
        << frags({"data[0].results[0].cache_creation is not an object"});
    QTest::newRow("nested tokens as text")
        << anthropicUsage << anthropicPage(R"({"cache_creation":{"ephemeral_5m_input_tokens":"many"}})")
        << invalid
        << frags({"data[0].results[0].cache_creation.ephemeral_5m_input_tokens is not a whole number"});
    QTest::newRow("5m + 1h overflow")
        << anthropicUsage
        << anthropicPage(R"({"cache_creation":{"ephemeral_5m_input_tokens":9223372036854775807,)"
                         R"("ephemeral_1h_input_tokens":1}})")
        << invalid << frags({"data[0].results[0].cache_creation", "add up to more than can be counted"});
    QTest::newRow("merged rows overflow")
        << openAiUsage
        << openAiPage(R"({"model":"m","output_tokens":9223372036854775807},{"model":"m","output_tokens":1})")
        << invalid << frags({"data[0].results[1]", "add up to more than can be counted"});

    // Money.
    QTest::newRow("openai euro") << openAiCosts << openAiCost("1.5", "eur") << unsupported
                                 << frags({"eur", "only US dollars"});
    QTest::newRow("anthropic euro") << anthropicCosts << anthropicCost(R"("150")", "EUR") << unsupported
                                    << frags({"EUR", "only US dollars"});
    QTest::newRow("openai no currency")
        << openAiCosts << openAiPage(R"({"amount":{"value":1.5},"line_item":"x"})") << invalid
        << frags({"data[0].results[0].amount.currency is missing"});
    QTest::newRow("anthropic no currency") << anthropicCosts << anthropicPage(R"({"amount":"150"})")
                                           << invalid << frags({"data[0].results[0].currency is missing"});
    QTest::newRow("openai value as text") << openAiCosts << openAiCost(R"("1.5")") << invalid
                                          << frags({"data[0].results[0].amount.value is not an amount"});
    QTest::newRow("openai value past int64 micros")
        << openAiCosts << openAiCost("9223372036854.775808") << invalid
        << frags({"data[0].results[0].amount.value is not an amount"});
    QTest::newRow("openai integer value past int64 micros")
        << openAiCosts << openAiCost("9223372036855") << invalid
        << frags({"data[0].results[0].amount.value is not an amount"});
    QTest::newRow("openai huge exponent") << openAiCosts << openAiCost("1e200") << invalid
                                          << frags({"data[0].results[0].amount.value is not an amount"});
    QTest::newRow("openai amount not object")
        << openAiCosts << openAiPage(R"({"amount":5,"line_item":"x"})") << invalid
        << frags({"data[0].results[0].amount is not an object"});
    QTest::newRow("openai merged cost overflow")
        << openAiCosts
        << openAiPage(R"({"amount":{"value":9223372036854,"currency":"usd"},"line_item":"x"},)"
                      R"({"amount":{"value":9223372036854,"currency":"usd"},"line_item":"x"})")
        << invalid << frags({"data[0].results[1]", "add up to more than can be counted"});
    QTest::newRow("anthropic amount as number") << anthropicCosts << anthropicCost("123.45") << invalid
                                                << frags({"data[0].results[0].amount is not text"});
    QTest::newRow("anthropic amount missing")
        << anthropicCosts << anthropicPage(R"({"currency":"USD","description":"x"})") << invalid
        << frags({"data[0].results[0].amount is missing"});
    QTest::newRow("anthropic amount with comma") << anthropicCosts << anthropicCost(R"("12,5")") << invalid
                                                 << frags({"data[0].results[0].amount is not an amount"});
    QTest::newRow("anthropic amount in exponent form")
        << anthropicCosts << anthropicCost(R"("1e5")") << invalid
        << frags({"data[0].results[0].amount is not an amount"});
    QTest::newRow("anthropic amount past int64 micros")
        << anthropicCosts << anthropicCost(R"("922337203685477580800")") << invalid
        << frags({"data[0].results[0].amount is not an amount"});

    // OpenRouter.
    QTest::newRow("key without data") << QStringLiteral("openrouter-key") << QByteArray(R"({"error":{}})")
                                      << invalid << frags({"data is missing"});
    QTest::newRow("key without usage")
        << QStringLiteral("openrouter-key") << QByteArray(R"({"data":{"limit":5}})") << invalid
        << frags({"data.usage is missing"});
    QTest::newRow("key limit as text")
        << QStringLiteral("openrouter-key") << QByteArray(R"({"data":{"usage":1,"limit":"5"}})") << invalid
        << frags({"data.limit is not an amount"});
    QTest::newRow("credits without usage")
        << QStringLiteral("openrouter-credits") << QByteArray(R"({"data":{"total_credits":5}})") << invalid
        << frags({"data.total_usage is missing"});
    QTest::newRow("credits data list") << QStringLiteral("openrouter-credits") << QByteArray(R"({"data":[]})")
                                       << invalid << frags({"data is not an object"});
    QTest::newRow("activity data object")
        << QStringLiteral("openrouter-activity") << QByteArray(R"({"data":{}})") << invalid
        << frags({"data is not a list"});
    QTest::newRow("activity bad date") << QStringLiteral("openrouter-activity")
                                       << QByteArray(R"({"data":[{"date":"2026-13-01","model":"m"}]})")
                                       << invalid << frags({"data[0].date is not a valid time"});
    QTest::newRow("activity no model")
        << QStringLiteral("openrouter-activity") << QByteArray(R"({"data":[{"date":"2026-08-01"}]})")
        << invalid << frags({"data[0].model is missing"});
    QTest::newRow("activity negative requests")
        << QStringLiteral("openrouter-activity")
        << QByteArray(R"({"data":[{"date":"2026-08-01","model":"m","requests":-1}]})") << invalid
        << frags({"data[0].requests is not a whole number"});
}

void TestProviderParsers::rejects()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, body);
    QFETCH(int, code);
    QFETCH(QStringList, fragments);

    const std::optional<Error> error = failureOf(kind, body);
    QVERIFY2(error, "the parser accepted the body");
    QCOMPARE(int(error->code), code);
    const QString endpoint = endpointOf(kind);
    QVERIFY2(error->message.contains(endpoint), qPrintable(error->message));
    for (const QString &fragment : std::as_const(fragments))
        QVERIFY2(error->message.contains(fragment), qPrintable(error->message));
}

void TestProviderParsers::modelFromLineItem_data()
{
    QTest::addColumn<QString>("lineItem");
    QTest::addColumn<QString>("model");

    QTest::newRow("input") << QStringLiteral("gpt-4.1-2025-04-14, input")
                           << QStringLiteral("gpt-4.1-2025-04-14");
    QTest::newRow("cached input") << QStringLiteral("gpt-4o-mini, cached input")
                                  << QStringLiteral("gpt-4o-mini");
    QTest::newRow("no model") << QStringLiteral("Image models") << QString();
    QTest::newRow("words before the comma") << QStringLiteral("Web search tool calls, gpt-4o") << QString();
    QTest::newRow("leading comma") << QStringLiteral(", input") << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestProviderParsers::modelFromLineItem()
{
    QFETCH(QString, lineItem);
    QTEST(modelFromOpenAiLineItem(lineItem), "model");
}

void TestProviderParsers::modelFromDescription_data()
{
    QTest::addColumn<QString>("description");
    QTest::addColumn<QString>("model");

    QTest::newRow("sonnet") << QStringLiteral("Claude Sonnet 4.5 Usage - Input Tokens")
                            << QStringLiteral("claude-sonnet-4-5");
    QTest::newRow("cache write") << QStringLiteral("Claude Opus 4.6 Usage - Input Tokens, Cache Write (1h)")
                                 << QStringLiteral("claude-opus-4-6");
    QTest::newRow("old naming") << QStringLiteral("Claude 3.5 Haiku Usage - Output Tokens")
                                << QStringLiteral("claude-3-5-haiku");
    QTest::newRow("web search") << QStringLiteral("Web Search Usage") << QString();
    QTest::newRow("code execution") << QStringLiteral("Code Execution Usage") << QString();
    QTest::newRow("odd characters") << QStringLiteral("Claude Sonnet (beta) Usage - Input Tokens")
                                    << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestProviderParsers::modelFromDescription()
{
    QFETCH(QString, description);
    QTEST(modelFromAnthropicDescription(description), "model");
}

QTEST_GUILESS_MAIN(TestProviderParsers)
#include "tst_providerparsers.moc"
