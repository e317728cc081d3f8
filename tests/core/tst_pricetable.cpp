#include "common/money.h"
#include "pricing/pricetable.h"

#include <QSet>
#include <QTest>
#include <QTimeZone>

#include <limits>

using namespace Burnrate;
using Pricing::ModelPrice;
using Pricing::PriceTable;

namespace {

const QString kDataDir = QStringLiteral(BURNRATE_TEST_DATA_DIR "/pricing/");

// USD per million tokens, as written in a price file, to picodollars per token.
qint64 pico(const char *usdPerMtok)
{
    return Money::parseDecimalMicros(QString::fromLatin1(usdPerMtok)).value();
}

ModelPrice price(const char *provider, const char *model, QDate from, const char *input, const char *output,
                 const char *cacheRead = "0", const char *cacheWrite = "0")
{
    ModelPrice p;
    p.provider = QString::fromLatin1(provider);
    p.model = QString::fromLatin1(model);
    p.effectiveFrom = from;
    p.inputPico = pico(input);
    p.outputPico = pico(output);
    p.cacheReadPico = pico(cacheRead);
    p.cacheWritePico = pico(cacheWrite);
    p.cacheWrite1hPico = p.cacheWritePico;
    return p;
}

QByteArray oneEntry(const QByteArray &fields)
{
    return R"({"schema": 1, "models": [{"provider": "openai", "model": "gpt-4o", "effective_from": "2024-08-06", )" +
           fields + "}]}";
}

qint64 utcNs(QDate day, QTime time = QTime(12, 0))
{
    return QDateTime(day, time, QTimeZone::utc()).toMSecsSinceEpoch() * 1'000'000;
}

} // namespace

class TestPriceTable : public QObject
{
    Q_OBJECT

private slots:
    void parseReadsDecimalsExactly_data();
    void parseReadsDecimalsExactly();
    void parseDefaultsAndExtras();
    void parseErrors_data();
    void parseErrors();

    void shippedContainsTheReferenceTable_data();
    void shippedContainsTheReferenceTable();
    void shippedEntriesAreSourcedAndUnique();

    void findInShipped_data();
    void findInShipped();
    void findPrefersTheEventsProvider();
    void findEffectiveDating_data();
    void findEffectiveDating();

    void overrideReplacesTheSameEntry();
    void overrideBeatsShippedSnapshots();
    void overrideAppliesFromItsDate();
    void overrideOnlyModelBeforeItsDate();

    void loadWithoutOverrides();
    void loadOverridesFile();
    void loadMissingFile();
    void loadMalformedFiles_data();
    void loadMalformedFiles();

    void costMicros_data();
    void costMicros();
    void costSaturatesInsteadOfOverflowing();
    void applyComputesFromTheTable();
    void applyKeepsReportedCost();
    void applyMarksUnpriced();
    void applyUsesTheUtcDayOfTheCall();
};

void TestPriceTable::parseReadsDecimalsExactly_data()
{
    QTest::addColumn<QByteArray>("number");
    QTest::addColumn<qint64>("expectedPico");

    QTest::newRow("0.075") << QByteArray("0.075") << qint64(75'000);
    QTest::newRow("0.0375") << QByteArray("0.0375") << qint64(37'500);
    QTest::newRow("0.275") << QByteArray("0.275") << qint64(275'000);
    QTest::newRow("1.1") << QByteArray("1.1") << qint64(1'100'000);
    QTest::newRow("2.50") << QByteArray("2.50") << qint64(2'500'000);
    QTest::newRow("3.375") << QByteArray("3.375") << qint64(3'375'000);
    QTest::newRow("0.005") << QByteArray("0.005") << qint64(5'000);
    QTest::newRow("integer") << QByteArray("15") << qint64(15'000'000);
    QTest::newRow("exponent") << QByteArray("1.25e-1") << qint64(125'000);
    QTest::newRow("one picodollar") << QByteArray("0.000001") << qint64(1);
    QTest::newRow("rounded below a picodollar") << QByteArray("0.0000015") << qint64(2);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("the maximum") << QByteArray("10000") << qint64(10'000'000'000);
}

void TestPriceTable::parseReadsDecimalsExactly()
{
    QFETCH(QByteArray, number);
    QFETCH(qint64, expectedPico);

    Error error;
    const auto prices =
        PriceTable::parse(oneEntry(R"("input_per_mtok": )" + number + R"(, "output_per_mtok": )" + number +
                                   R"(, "cache_read_per_mtok": )" + number),
                          QStringLiteral("prices.json"), &error);
    QVERIFY2(prices, qPrintable(error.message));
    QCOMPARE(prices->size(), 1);
    QCOMPARE(prices->at(0).inputPico, expectedPico);
    QCOMPARE(prices->at(0).outputPico, expectedPico);
    QCOMPARE(prices->at(0).cacheReadPico, expectedPico);
}

void TestPriceTable::parseDefaultsAndExtras()
{
    Error error;
    const auto prices = PriceTable::parse(R"({"schema": 1, "comment": "ignored", "models": [
        {"provider": "OpenAI", "model": "gpt-4o", "effective_from": "2024-08-06",
         "input_per_mtok": 2.5, "output_per_mtok": 10, "team": "ignored"},
        {"provider": "anthropic", "model": "claude-haiku-4-5", "effective_from": "2025-10-15",
         "input_per_mtok": 1, "output_per_mtok": 5, "cache_read_per_mtok": 0.1,
         "cache_write_per_mtok": 1.25, "cache_write_1h_per_mtok": 2,
         "source": "Anthropic pricing page", "as_of": "2026-11-24"}]})",
                                          QStringLiteral("prices.json"), &error);
    QVERIFY2(prices, qPrintable(error.message));
    QCOMPARE(prices->size(), 2);

    const ModelPrice &openai = prices->at(0);
    QCOMPARE(openai.provider, QStringLiteral("openai")); // providers compare lowercased
    QCOMPARE(openai.model, QStringLiteral("gpt-4o"));
    QCOMPARE(openai.effectiveFrom, QDate(2024, 8, 6));
    QCOMPARE(openai.inputPico, 2'500'000);
    QCOMPARE(openai.outputPico, 10'000'000);
    QCOMPARE(openai.cacheReadPico, 0);
    QCOMPARE(openai.cacheWritePico, 0);
    QCOMPARE(openai.cacheWrite1hPico, 0);
    QVERIFY(openai.source.isEmpty());
    QVERIFY(!openai.userOverride);

    const ModelPrice &haiku = prices->at(1);
    QCOMPARE(haiku.cacheReadPico, 100'000);
    QCOMPARE(haiku.cacheWritePico, 1'250'000);
    QCOMPARE(haiku.cacheWrite1hPico, 2'000'000);
    QCOMPARE(haiku.source, QStringLiteral("Anthropic pricing page"));
    QCOMPARE(haiku.asOf, QStringLiteral("2026-11-24"));

    // Without a 1-hour price the 1-hour write costs the same as the 5-minute one.
    const auto sameWrite = PriceTable::parse(
        oneEntry(R"("input_per_mtok": 3, "output_per_mtok": 15, "cache_write_per_mtok": 3.75)"), {}, &error);
    QVERIFY2(sameWrite, qPrintable(error.message));
    QCOMPARE(sameWrite->at(0).cacheWrite1hPico, 3'750'000);

    const auto empty = PriceTable::parse(R"({"schema": 1, "models": []})", {}, &error);
    QVERIFY(empty && empty->isEmpty());
}

void TestPriceTable::parseErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    const QByteArray good = R"({"provider": "openai", "model": "gpt-4o", "effective_from": "2024-08-06",
                               "input_per_mtok": 2.5, "output_per_mtok": 10})";
    const auto file = [](const QByteArray &entries) -> QByteArray {
        return R"({"schema": 1, "models": [)" + entries + "]}";
    };

    QTest::newRow("top level array") << QByteArray("[]")
                                     << QStringLiteral("prices.json: the top level must be a JSON object");
    QTest::newRow("schema missing") << QByteArray(R"({"models": []})")
                                    << QStringLiteral("prices.json: \"schema\" must be the number 1");
    QTest::newRow("schema string") << QByteArray(R"({"schema": "1", "models": []})")
                                   << QStringLiteral("prices.json: \"schema\" must be the number 1");
    QTest::newRow("schema 2") << QByteArray(R"({"schema": 2, "models": []})")
                              << QStringLiteral(
                                     "prices.json: schema 2 is not supported; this Burnrate reads schema 1");
    QTest::newRow("models missing") << QByteArray(R"({"schema": 1})")
                                    << QStringLiteral("prices.json: \"models\" must be an array");
    QTest::newRow("models object") << QByteArray(R"({"schema": 1, "models": {}})")
                                   << QStringLiteral("prices.json: \"models\" must be an array");
    QTest::newRow("entry not an object")
        << file(good + ", 7") << QStringLiteral("prices.json: entry 2: must be a JSON object");
    QTest::newRow("model missing") << file(R"({"provider": "openai", "effective_from": "2024-08-06",
                                              "input_per_mtok": 1, "output_per_mtok": 1})")
                                   << QStringLiteral(
                                          "prices.json: entry 1: model must be a non-empty string");
    QTest::newRow("model empty")
        << file(R"({"provider": "openai", "model": " ", "effective_from": "2024-08-06",
                                            "input_per_mtok": 1, "output_per_mtok": 1})")
        << QStringLiteral("prices.json: entry 1: model must be a non-empty string");
    QTest::newRow("provider missing")
        << file(
               R"({"model": "gpt-4o", "effective_from": "2024-08-06", "input_per_mtok": 1, "output_per_mtok": 1})")
        << QStringLiteral("prices.json: entry 1 (gpt-4o): provider must be a non-empty string");
    QTest::newRow("provider number")
        << file(R"({"provider": 1, "model": "gpt-4o", "effective_from": "2024-08-06", "input_per_mtok": 1,
                   "output_per_mtok": 1})")
        << QStringLiteral("prices.json: entry 1 (gpt-4o): provider must be a non-empty string");
    const QString badDate =
        QStringLiteral("prices.json: entry 1 (gpt-4o): effective_from must be a date such as "
                       "2025-04-14");
    for (const char *date : {R"("2025-4-14")", R"("2025-02-30")", R"("14.04.2025")",
                             R"("2025-04-14T00:00:00Z")", "20250414", R"("")"}) {
        QTest::addRow("effective_from %s", date)
            << file(R"({"provider": "openai", "model": "gpt-4o", "effective_from": )" + QByteArray(date) +
                    R"(, "input_per_mtok": 1, "output_per_mtok": 1})")
            << badDate;
    }
    QTest::newRow("effective_from missing")
        << file(R"({"provider": "openai", "model": "gpt-4o", "input_per_mtok": 1, "output_per_mtok": 1})")
        << badDate;
    QTest::newRow("input missing, entry 2")
        << file(good + R"(, {"provider": "openai", "model": "gpt-4o-mini", "effective_from": "2024-07-18",
                            "output_per_mtok": 0.6})")
        << QStringLiteral("prices.json: entry 2 (gpt-4o-mini): input_per_mtok is missing");
    QTest::newRow("output missing") << oneEntry(R"("input_per_mtok": 2.5)")
                                    << QStringLiteral(
                                           "prices.json: entry 1 (gpt-4o): output_per_mtok is missing");
    QTest::newRow("string price") << oneEntry(R"("input_per_mtok": "2.50", "output_per_mtok": 10)")
                                  << QStringLiteral(
                                         "prices.json: entry 1 (gpt-4o): input_per_mtok must be a number");
    QTest::newRow("null price") << oneEntry(R"("input_per_mtok": null, "output_per_mtok": 10)")
                                << QStringLiteral(
                                       "prices.json: entry 1 (gpt-4o): input_per_mtok must be a number");
    QTest::newRow("bool cache price")
        << oneEntry(R"("input_per_mtok": 2.5, "output_per_mtok": 10, "cache_read_per_mtok": true)")
        << QStringLiteral("prices.json: entry 1 (gpt-4o): cache_read_per_mtok must be a number");
    QTest::newRow("negative price") << oneEntry(R"("input_per_mtok": 2.5, "output_per_mtok": -10)")
                                    << QStringLiteral(
                                           "prices.json: entry 1 (gpt-4o): output_per_mtok must not be "
                                           "negative");
    QTest::newRow("negative 1h write")
        << oneEntry(R"("input_per_mtok": 2.5, "output_per_mtok": 10, "cache_write_1h_per_mtok": -1)")
        << QStringLiteral("prices.json: entry 1 (gpt-4o): cache_write_1h_per_mtok must not be negative");
    QTest::newRow("absurd price (USD per token?)")
        << oneEntry(R"("input_per_mtok": 2500000, "output_per_mtok": 10)")
        << QStringLiteral(
               "prices.json: entry 1 (gpt-4o): input_per_mtok is above 10000 USD per million tokens; "
               "the unit is USD per million tokens");
    QTest::newRow("just above the limit")
        << oneEntry(R"("input_per_mtok": 2.5, "output_per_mtok": 10, "cache_write_per_mtok": 10000.000001)")
        << QStringLiteral(
               "prices.json: entry 1 (gpt-4o): cache_write_per_mtok is above 10000 USD per million "
               "tokens; the unit is USD per million tokens");
    QTest::newRow("source not a string")
        << oneEntry(R"("input_per_mtok": 2.5, "output_per_mtok": 10, "source": 1)")
        << QStringLiteral("prices.json: entry 1 (gpt-4o): source must be a string");
    QTest::newRow("as_of not a string")
        << oneEntry(R"("input_per_mtok": 2.5, "output_per_mtok": 10, "as_of": [])")
        << QStringLiteral("prices.json: entry 1 (gpt-4o): as_of must be a string");
    QTest::newRow("duplicate entry")
        << file(good + R"(, {"provider": "OpenAI", "model": "GPT-4o", "effective_from": "2024-08-06",
                            "input_per_mtok": 2, "output_per_mtok": 8})")
        << QStringLiteral(
               "prices.json: entry 2 (GPT-4o): repeats entry 1 (same provider, model and effective_from)");
}

void TestPriceTable::parseErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);

    Error error;
    QVERIFY(!PriceTable::parse(json, QStringLiteral("prices.json"), &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QCOMPARE(error.message, expected);
}

void TestPriceTable::shippedContainsTheReferenceTable_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("model");
    // USD per million tokens: input, output, cache read, cache write 5 min, cache write 1 h.
    QTest::addColumn<QStringList>("usd");

    const auto row = [](const char *provider, const char *model, QStringList usd) {
        QTest::newRow(model) << QString::fromLatin1(provider) << QString::fromLatin1(model) << usd;
    };
    const auto s = [](const char *text) { return QString::fromLatin1(text); };
    // OpenAI: cached input is cheaper; writing the cache costs nothing extra.
    row("openai", "gpt-4o", {s("2.50"), s("10.00"), s("1.25"), s("0"), s("0")});
    row("openai", "gpt-4o-mini", {s("0.15"), s("0.60"), s("0.075"), s("0"), s("0")});
    row("openai", "gpt-4.1", {s("2.00"), s("8.00"), s("0.50"), s("0"), s("0")});
    row("openai", "gpt-4.1-mini", {s("0.40"), s("1.60"), s("0.10"), s("0"), s("0")});
    row("openai", "gpt-4.1-nano", {s("0.10"), s("0.40"), s("0.025"), s("0"), s("0")});
    row("openai", "o3", {s("2.00"), s("8.00"), s("0.50"), s("0"), s("0")});
    row("openai", "o4-mini", {s("1.10"), s("4.40"), s("0.275"), s("0"), s("0")});
    row("openai", "gpt-5", {s("1.25"), s("10.00"), s("0.125"), s("0"), s("0")});
    row("openai", "gpt-5.1", {s("1.25"), s("10.00"), s("0.125"), s("0"), s("0")});
    row("openai", "gpt-5-mini", {s("0.25"), s("2.00"), s("0.025"), s("0"), s("0")});
    row("openai", "gpt-5-nano", {s("0.05"), s("0.40"), s("0.005"), s("0"), s("0")});
    row("openai", "gpt-5.4", {s("2.50"), s("15.00"), s("0.25"), s("0"), s("0")});
    row("openai", "gpt-5.5", {s("5.00"), s("30.00"), s("0.50"), s("0"), s("0")});
    // Anthropic: 5-minute write 1.25x, 1-hour write 2x, read 0.1x.
    for (const char *opus :
         {"claude-opus-4-5", "claude-opus-4-6", "claude-opus-4-7", "claude-opus-4-8", "claude-opus-5"})
        row("anthropic", opus, {s("5.00"), s("25.00"), s("0.50"), s("6.25"), s("10.00")});
    for (const char *opus : {"claude-opus-4-1", "claude-opus-4"})
        row("anthropic", opus, {s("15.00"), s("75.00"), s("1.50"), s("18.75"), s("30.00")});
    for (const char *sonnet : {"claude-sonnet-4-5", "claude-sonnet-4-6", "claude-sonnet-4"})
        row("anthropic", sonnet, {s("3.00"), s("15.00"), s("0.30"), s("3.75"), s("6.00")});
    row("anthropic", "claude-sonnet-5", {s("2.00"), s("10.00"), s("0.20"), s("2.50"), s("4.00")});
    row("anthropic", "claude-haiku-4-5", {s("1.00"), s("5.00"), s("0.10"), s("1.25"), s("2.00")});
    row("anthropic", "claude-3-5-haiku", {s("0.80"), s("4.00"), s("0.08"), s("1.00"), s("1.60")});
    row("anthropic", "claude-3-5-sonnet", {s("3.00"), s("15.00"), s("0.30"), s("3.75"), s("3.75")});
    // Gemini API, up to 200k tokens of context; caching bills storage, not writes.
    row("gcp.gemini", "gemini-2.5-pro", {s("1.25"), s("10.00"), s("0.125"), s("0"), s("0")});
    row("gcp.gemini", "gemini-2.5-flash", {s("0.30"), s("2.50"), s("0.03"), s("0"), s("0")});
    row("gcp.gemini", "gemini-2.5-flash-lite", {s("0.10"), s("0.40"), s("0.01"), s("0"), s("0")});
    row("gcp.gemini", "gemini-2.0-flash", {s("0.10"), s("0.40"), s("0.025"), s("0"), s("0")});
    row("gcp.gemini", "gemini-3-pro-preview", {s("2.00"), s("12.00"), s("0.20"), s("0"), s("0")});
    row("gcp.gemini", "gemini-3.1-pro-preview", {s("2.00"), s("12.00"), s("0.20"), s("0"), s("0")});
}

void TestPriceTable::shippedContainsTheReferenceTable()
{
    QFETCH(QString, provider);
    QFETCH(QString, model);
    QFETCH(QStringList, usd);

    Error error;
    const auto table = PriceTable::loadShipped(&error);
    QVERIFY2(table, qPrintable(error.message));
    const auto found = table->find(provider, model, QDate(2026, 11, 24));
    QVERIFY(found);
    QCOMPARE(found->model, model);
    QCOMPARE(found->provider, provider);
    QCOMPARE(found->inputPico, pico(qPrintable(usd[0])));
    QCOMPARE(found->outputPico, pico(qPrintable(usd[1])));
    QCOMPARE(found->cacheReadPico, pico(qPrintable(usd[2])));
    QCOMPARE(found->cacheWritePico, pico(qPrintable(usd[3])));
    QCOMPARE(found->cacheWrite1hPico, pico(qPrintable(usd[4])));
}

void TestPriceTable::shippedEntriesAreSourcedAndUnique()
{
    Error error;
    const auto table = PriceTable::loadShipped(&error);
    QVERIFY2(table, qPrintable(error.message));
    QCOMPARE(table->entries().size(), 33);
    QSet<QString> models;
    for (const ModelPrice &p : table->entries()) {
        QVERIFY2(!p.source.isEmpty(), qPrintable(p.model));
        QVERIFY2(QDate::fromString(p.asOf, Qt::ISODate).isValid(), qPrintable(p.model));
        QVERIFY2(p.effectiveFrom <= QDate(2026, 11, 24), qPrintable(p.model));
        QVERIFY2(p.outputPico > 0 && p.inputPico > 0, qPrintable(p.model));
        QVERIFY(!p.userOverride);
        models.insert(p.model.toLower());
    }
    QCOMPARE(models.size(), table->entries().size()); // one entry per model, so no dating ambiguity
}

void TestPriceTable::findInShipped_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("expected"); // empty: no price

    const auto row = [](const char *name, const char *provider, const char *model, const char *expected) {
        QTest::newRow(name) << QString::fromLatin1(provider) << QString::fromLatin1(model)
                            << QString::fromLatin1(expected);
    };
    row("exact", "openai", "gpt-4o", "gpt-4o");
    row("exact, sibling with a longer name", "openai", "gpt-4o-mini", "gpt-4o-mini");
    row("dated openai snapshot", "openai", "gpt-4o-2024-08-06", "gpt-4o");
    row("dated mini snapshot", "openai", "gpt-4o-mini-2024-07-18", "gpt-4o-mini");
    row("dated 4.1-mini snapshot", "openai", "gpt-4.1-mini-2025-04-14", "gpt-4.1-mini");
    row("dated gpt-5 snapshot", "openai", "gpt-5-2025-08-07", "gpt-5");
    row("dated o3 snapshot", "openai", "o3-2025-04-16", "o3");
    row("o3-mini is not o3", "openai", "o3-mini", "");
    row("o3-pro is not o3", "openai", "o3-pro", "");
    row("a preview is not its base model", "openai", "gpt-4o-audio-preview", "");
    row("gpt-5.1-codex is not gpt-5.1", "openai", "gpt-5.1-codex", "");
    row("gpt-5-chat-latest is not gpt-5", "openai", "gpt-5-chat-latest", "");
    row("provider prefix", "openai", "openai/gpt-4o", "gpt-4o");
    row("provider prefix and snapshot", "openrouter", "openai/gpt-4.1-mini-2025-04-14", "gpt-4.1-mini");
    row("dated anthropic snapshot", "anthropic", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5");
    row("anthropic prefix", "anthropic", "anthropic/claude-sonnet-4-5", "claude-sonnet-4-5");
    row("vertex snapshot", "gcp.vertex_ai", "claude-sonnet-4-5@20250929", "claude-sonnet-4-5");
    row("colon tag", "ollama", "claude-haiku-4-5:latest", "claude-haiku-4-5");
    row("latest alias", "anthropic", "claude-3-5-sonnet-latest", "claude-3-5-sonnet");
    row("claude-opus-4 snapshot", "anthropic", "claude-opus-4-20250514", "claude-opus-4");
    row("claude-opus-4-1 snapshot", "anthropic", "claude-opus-4-1-20250805", "claude-opus-4-1");
    row("an unknown opus is not opus 4", "anthropic", "claude-opus-4-9", "");
    row("case-insensitive", "Anthropic", "Claude-SONNET-4-5", "claude-sonnet-4-5");
    row("gemini resource name", "gcp.gemini", "models/gemini-2.5-flash", "gemini-2.5-flash");
    row("flash-lite is not flash", "gcp.gemini", "gemini-2.5-flash-lite", "gemini-2.5-flash-lite");
    row("flash preview is not flash", "gcp.gemini", "gemini-2.5-flash-preview-05-20", "");
    row("gemini version suffix", "gcp.vertex_ai", "gemini-2.0-flash-001", "gemini-2.0-flash");
    row("another provider's model", "azure.ai.openai", "gpt-4o", "gpt-4o");
    row("surrounding blanks", "openai", " gpt-4o ", "gpt-4o");
    row("unknown model", "openai", "davinci-002", "");
    row("empty model", "openai", "", "");
    row("only a prefix", "openai", "openai/", "");
}

void TestPriceTable::findInShipped()
{
    QFETCH(QString, provider);
    QFETCH(QString, model);
    QFETCH(QString, expected);

    Error error;
    const auto table = PriceTable::loadShipped(&error);
    QVERIFY2(table, qPrintable(error.message));
    const auto found = table->find(provider, model, QDate(2026, 11, 24));
    QCOMPARE(found ? found->model : QString(), expected);
}

void TestPriceTable::findPrefersTheEventsProvider()
{
    const PriceTable table({price("openai", "gpt-4o", QDate(2024, 8, 6), "2.50", "10"),
                            price("azure.ai.openai", "gpt-4o", QDate(2024, 8, 6), "2.75", "11"),
                            price("azure.ai.openai", "gpt-4o-mini", QDate(2024, 7, 18), "0.165", "0.66")});
    const QDate day(2026, 11, 24);

    QCOMPARE(table.find(QStringLiteral("azure.ai.openai"), QStringLiteral("gpt-4o"), day)->inputPico,
             2'750'000);
    QCOMPARE(table.find(QStringLiteral("openai"), QStringLiteral("gpt-4o-2024-08-06"), day)->inputPico,
             2'500'000);
    // The exact model wins over the provider: openai's gpt-4o-mini is unknown, Azure's is the price.
    QCOMPARE(table.find(QStringLiteral("openai"), QStringLiteral("gpt-4o-mini"), day)->provider,
             QStringLiteral("azure.ai.openai"));
    // A provider with no entry of its own falls back to the model alone.
    QVERIFY(table.find(QStringLiteral("openrouter"), QStringLiteral("gpt-4o"), day));
}

void TestPriceTable::findEffectiveDating_data()
{
    QTest::addColumn<QDate>("day");
    QTest::addColumn<QString>("model");
    QTest::addColumn<qint64>("expectedInputPico");

    const QString base = QStringLiteral("o3");
    const QString snapshot = QStringLiteral("o3-2025-04-16");
    QTest::newRow("before all: the earliest") << QDate(2024, 12, 31) << base << qint64(10'000'000);
    QTest::newRow("first day") << QDate(2025, 4, 16) << base << qint64(10'000'000);
    QTest::newRow("day before the cut") << QDate(2025, 6, 9) << base << qint64(10'000'000);
    QTest::newRow("day of the cut") << QDate(2025, 6, 10) << base << qint64(2'000'000);
    QTest::newRow("later") << QDate(2025, 12, 31) << base << qint64(2'000'000);
    QTest::newRow("latest") << QDate(2030, 1, 1) << base << qint64(1'500'000);
    QTest::newRow("snapshot, before the cut") << QDate(2025, 5, 1) << snapshot << qint64(10'000'000);
    QTest::newRow("snapshot, after the cut") << QDate(2025, 7, 1) << snapshot << qint64(2'000'000);
}

void TestPriceTable::findEffectiveDating()
{
    QFETCH(QDate, day);
    QFETCH(QString, model);
    QFETCH(qint64, expectedInputPico);

    // Listed out of order on purpose.
    const PriceTable table({price("openai", "o3", QDate(2025, 6, 10), "2", "8"),
                            price("openai", "o3", QDate(2026, 6, 1), "1.50", "6"),
                            price("openai", "o3", QDate(2025, 4, 16), "10", "40")});
    const auto found = table.find(QStringLiteral("openai"), model, day);
    QVERIFY(found);
    QCOMPARE(found->inputPico, expectedInputPico);
}

void TestPriceTable::overrideReplacesTheSameEntry()
{
    const PriceTable table({price("openai", "gpt-4o", QDate(2024, 8, 6), "2.50", "10"),
                            price("openai", "gpt-4o-mini", QDate(2024, 7, 18), "0.15", "0.60")},
                           {price("OpenAI", "GPT-4o", QDate(2024, 8, 6), "2", "8")});
    QCOMPARE(table.entries().size(), 2);
    QVERIFY(table.entries().at(0).userOverride);
    QVERIFY(!table.entries().at(1).userOverride);

    for (const QDate day : {QDate(2020, 1, 1), QDate(2026, 11, 24)}) {
        const auto found = table.find(QStringLiteral("openai"), QStringLiteral("gpt-4o"), day);
        QVERIFY(found);
        QVERIFY(found->userOverride);
        QCOMPARE(found->inputPico, 2'000'000);
    }
}

void TestPriceTable::overrideBeatsShippedSnapshots()
{
    // The user's price for the base model also applies to a snapshot the shipped data names exactly.
    const PriceTable table({price("openai", "gpt-4o", QDate(2024, 8, 6), "2.50", "10"),
                            price("openai", "gpt-4o-2024-05-13", QDate(2024, 5, 13), "5", "15")},
                           {price("openai", "gpt-4o", QDate(2024, 1, 1), "2", "8")});
    const auto found =
        table.find(QStringLiteral("openai"), QStringLiteral("gpt-4o-2024-05-13"), QDate(2024, 6, 1));
    QVERIFY(found);
    QVERIFY(found->userOverride);
    QCOMPARE(found->inputPico, 2'000'000);
}

void TestPriceTable::overrideAppliesFromItsDate()
{
    // A price change the user knows of before Burnrate ships it.
    const PriceTable table(
        {price("anthropic", "claude-sonnet-4-5", QDate(2025, 9, 29), "3", "15", "0.30", "3.75")},
        {price("anthropic", "claude-sonnet-4-5", QDate(2026, 12, 1), "2.70", "13.50")});
    const QString model = QStringLiteral("claude-sonnet-4-5-20250929");

    const auto before = table.find(QStringLiteral("anthropic"), model, QDate(2026, 11, 30));
    QVERIFY(before);
    QVERIFY(!before->userOverride);
    QCOMPARE(before->inputPico, 3'000'000);

    const auto from = table.find(QStringLiteral("anthropic"), model, QDate(2026, 12, 1));
    QVERIFY(from);
    QVERIFY(from->userOverride);
    QCOMPARE(from->inputPico, 2'700'000);
}

void TestPriceTable::overrideOnlyModelBeforeItsDate()
{
    // A model only the user prices is priced before its effective_from too (the earliest entry applies).
    const PriceTable table({price("openai", "gpt-4o", QDate(2024, 8, 6), "2.50", "10")},
                           {price("acme", "acme-large", QDate(2026, 1, 1), "1", "2")});
    const auto found = table.find(QStringLiteral("acme"), QStringLiteral("acme-large"), QDate(2025, 1, 1));
    QVERIFY(found);
    QCOMPARE(found->outputPico, 2'000'000);
}

void TestPriceTable::loadWithoutOverrides()
{
    Error error;
    const auto shipped = PriceTable::loadShipped(&error);
    QVERIFY2(shipped, qPrintable(error.message));

    const auto noPath = PriceTable::load({}, false, &error);
    QVERIFY2(noPath, qPrintable(error.message));
    QCOMPARE(noPath->entries().size(), shipped->entries().size());

    // The default config-dir prices.json may not exist.
    const auto absent = PriceTable::load(kDataDir + u"does-not-exist.json", false, &error);
    QVERIFY2(absent, qPrintable(error.message));
    QCOMPARE(absent->entries().size(), shipped->entries().size());
}

void TestPriceTable::loadOverridesFile()
{
    const QString path = kDataDir + u"overrides.json";
    Error error;
    const auto table = PriceTable::load(path, true, &error);
    QVERIFY2(table, qPrintable(error.message));
    const auto shipped = PriceTable::loadShipped(&error);
    // gpt-4o replaces the shipped entry with the same date; the other two are new.
    QCOMPARE(table->entries().size(), shipped->entries().size() + 2);

    const auto gpt4o =
        table->find(QStringLiteral("openai"), QStringLiteral("gpt-4o-2024-08-06"), QDate(2026, 11, 24));
    QVERIFY(gpt4o);
    QVERIFY(gpt4o->userOverride);
    QCOMPARE(gpt4o->inputPico, 2'000'000);
    QCOMPARE(gpt4o->cacheReadPico, 1'000'000);
    QCOMPARE(gpt4o->source, path); // no source given: the file is the source

    const auto sonnetNow =
        table->find(QStringLiteral("anthropic"), QStringLiteral("claude-sonnet-4-5"), QDate(2026, 11, 24));
    QVERIFY(sonnetNow && !sonnetNow->userOverride);
    const auto sonnetLater =
        table->find(QStringLiteral("anthropic"), QStringLiteral("claude-sonnet-4-5"), QDate(2026, 12, 24));
    QVERIFY(sonnetLater && sonnetLater->userOverride);
    QCOMPARE(sonnetLater->cacheWritePico, 3'375'000);
    QCOMPARE(sonnetLater->source, QStringLiteral("negotiated rate card"));

    QVERIFY(table->find(QStringLiteral("acme"), QStringLiteral("acme-large"), QDate(2026, 11, 24)));
    // Models the file does not name keep their shipped prices.
    QCOMPARE(
        table->find(QStringLiteral("openai"), QStringLiteral("gpt-4o-mini"), QDate(2026, 11, 24))->inputPico,
        150'000);
}

void TestPriceTable::loadMissingFile()
{
    // --prices PATH names a file that must exist.
    const QString path = kDataDir + u"does-not-exist.json";
    Error error;
    QVERIFY(!PriceTable::load(path, true, &error));
    QCOMPARE(error.code, Error::Code::NotFound);
    QCOMPARE(error.message, QString(path + u": price file not found"));
}

void TestPriceTable::loadMalformedFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected"); // after "<path>: "
    QTest::addColumn<bool>("prefixOnly");

    QTest::newRow("not JSON") << QStringLiteral("not-json.json") << QStringLiteral("not valid JSON (")
                              << true;
    QTest::newRow("schema 2") << QStringLiteral("schema2.json")
                              << QStringLiteral("schema 2 is not supported; this Burnrate reads schema 1")
                              << false;
    QTest::newRow("missing field") << QStringLiteral("missing-field.json")
                                   << QStringLiteral("entry 1 (gpt-4o): output_per_mtok is missing") << false;
    QTest::newRow("string price") << QStringLiteral("string-price.json")
                                  << QStringLiteral("entry 2 (gpt-4o-mini): input_per_mtok must be a number")
                                  << false;
    QTest::newRow("negative price") << QStringLiteral("negative-price.json")
                                    << QStringLiteral(
                                           "entry 1 (o3): cache_read_per_mtok must not be negative")
                                    << false;
}

void TestPriceTable::loadMalformedFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    QFETCH(bool, prefixOnly);

    const QString path = kDataDir + file;
    for (const bool required : {true, false}) {
        Error error;
        QVERIFY(!PriceTable::load(path, required, &error)); // a broken file is never ignored
        QCOMPARE(error.code, Error::Code::InvalidInput);
        const QString message = path + u": " + expected;
        if (prefixOnly)
            QVERIFY2(error.message.startsWith(message), qPrintable(error.message));
        else
            QCOMPARE(error.message, message);
    }
}

void TestPriceTable::costMicros_data()
{
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("cacheRead");
    QTest::addColumn<qint64>("cacheWrite");
    QTest::addColumn<qint64>("output");
    QTest::addColumn<qint64>("expectedMicros");

    // At claude-sonnet-4-5 prices ($3 input, $0.30 read, $3.75 write, $15 output per million):
    //   uncached input 10,000 - 6,000 - 400 = 3,600 × 3,000,000 pico = 10,800,000,000
    //   cache read                     6,000 ×   300,000 pico =  1,800,000,000
    //   cache write                      400 × 3,750,000 pico =  1,500,000,000
    //   output (reasoning included)      500 × 15,000,000 pico =  7,500,000,000
    //   total 21,600,000,000 pico = 21,600 micro-USD = $0.0216
    QTest::newRow("sonnet example") << qint64(10'000) << qint64(6'000) << qint64(400) << qint64(500)
                                    << qint64(21'600);
    QTest::newRow("nothing") << qint64(0) << qint64(0) << qint64(0) << qint64(0) << qint64(0);
    // One input token is 3 micro-USD; one cache read is 0.3 (rounds to 0), two are 0.6 (rounds to 1).
    QTest::newRow("one input token") << qint64(1) << qint64(0) << qint64(0) << qint64(0) << qint64(3);
    QTest::newRow("0.3 rounds down") << qint64(1) << qint64(1) << qint64(0) << qint64(0) << qint64(0);
    QTest::newRow("0.6 rounds up") << qint64(2) << qint64(2) << qint64(0) << qint64(0) << qint64(1);
    // 5 cache reads = 1.5 micro-USD: half rounds up.
    QTest::newRow("half rounds up") << qint64(5) << qint64(5) << qint64(0) << qint64(0) << qint64(2);
    // Fractions add up before rounding: 3 reads (0.9) + 1 write (3.75) = 4.65.
    QTest::newRow("sum, then round") << qint64(4) << qint64(3) << qint64(1) << qint64(0) << qint64(5);
    // Inconsistent counts (more cached than input) never make the uncached part negative.
    QTest::newRow("cache exceeds input")
        << qint64(100) << qint64(1'000) << qint64(0) << qint64(0) << qint64(300);
    QTest::newRow("negative counts are 0")
        << qint64(-10) << qint64(-10) << qint64(-10) << qint64(-10) << qint64(0);
    // 10^15 output tokens = $15e9; the picodollar product (1.5e22) does not fit 64 bits.
    QTest::newRow("huge, exact") << qint64(0) << qint64(0) << qint64(0) << qint64(1'000'000'000'000'000)
                                 << qint64(15'000'000'000'000'000);
}

void TestPriceTable::costMicros()
{
    QFETCH(qint64, input);
    QFETCH(qint64, cacheRead);
    QFETCH(qint64, cacheWrite);
    QFETCH(qint64, output);
    QFETCH(qint64, expectedMicros);

    Model::UsageEvent event;
    event.inputTokens = input;
    event.cacheReadTokens = cacheRead;
    event.cacheWriteTokens = cacheWrite;
    event.outputTokens = output;
    event.reasoningTokens = output / 2; // part of output; must not be charged twice
    const ModelPrice sonnet =
        price("anthropic", "claude-sonnet-4-5", QDate(2025, 9, 29), "3", "15", "0.30", "3.75");
    QCOMPARE(PriceTable::costMicros(event, sonnet), expectedMicros);
}

void TestPriceTable::costSaturatesInsteadOfOverflowing()
{
    constexpr qint64 kMax = std::numeric_limits<qint64>::max();
    Model::UsageEvent event;
    event.inputTokens = kMax;
    event.cacheReadTokens = kMax;
    event.cacheWriteTokens = kMax;
    event.outputTokens = kMax;
    const ModelPrice priciest = price("x", "y", QDate(2025, 1, 1), "10000", "10000", "10000", "10000");
    QCOMPARE(PriceTable::costMicros(event, priciest), kMax);

    // At $10,000 per million tokens a token costs 10,000 micro-USD: 922,337,203,685,477 tokens are
    // 9,223,372,036,854,770,000 micro-USD, just below the qint64 maximum; one token more is above it.
    Model::UsageEvent big;
    big.outputTokens = 922'337'203'685'477;
    QCOMPARE(PriceTable::costMicros(big, priciest), qint64(9'223'372'036'854'770'000));
    ++big.outputTokens;
    QCOMPARE(PriceTable::costMicros(big, priciest), kMax);
}

void TestPriceTable::applyComputesFromTheTable()
{
    Error error;
    const auto table = PriceTable::loadShipped(&error);
    QVERIFY2(table, qPrintable(error.message));

    Model::UsageEvent event;
    event.provider = QStringLiteral("anthropic");
    event.model = QStringLiteral("claude-sonnet-4-5-20250929");
    event.startNs = utcNs(QDate(2026, 11, 24));
    event.inputTokens = 10'000;
    event.cacheReadTokens = 6'000;
    event.cacheWriteTokens = 400;
    event.outputTokens = 500;
    event.reasoningTokens = 200;
    table->apply(event);
    QCOMPARE(event.costSource, Model::CostSource::Computed);
    QCOMPARE(event.costMicros, 21'600); // worked out in costMicros_data
}

void TestPriceTable::applyKeepsReportedCost()
{
    Error error;
    const auto table = PriceTable::loadShipped(&error);
    QVERIFY2(table, qPrintable(error.message));

    Model::UsageEvent event;
    event.provider = QStringLiteral("openai");
    event.model = QStringLiteral("gpt-4o");
    event.startNs = utcNs(QDate(2026, 11, 24));
    event.inputTokens = 1'000'000;
    event.costMicros = 1'234;
    event.costSource = Model::CostSource::Reported;
    table->apply(event);
    QCOMPARE(event.costSource, Model::CostSource::Reported);
    QCOMPARE(event.costMicros, 1'234);
}

void TestPriceTable::applyMarksUnpriced()
{
    Error error;
    const auto table = PriceTable::loadShipped(&error);
    QVERIFY2(table, qPrintable(error.message));

    Model::UsageEvent event;
    event.provider = QStringLiteral("openai");
    event.model = QStringLiteral("o3-mini");
    event.startNs = utcNs(QDate(2026, 11, 24));
    event.inputTokens = 1'000;
    event.costMicros = 999; // a stale computed cost must not survive
    event.costSource = Model::CostSource::Computed;
    table->apply(event);
    QCOMPARE(event.costSource, Model::CostSource::Unpriced);
    QCOMPARE(event.costMicros, 0);
}

void TestPriceTable::applyUsesTheUtcDayOfTheCall()
{
    const PriceTable table({price("openai", "o3", QDate(2025, 4, 16), "10", "40"),
                            price("openai", "o3", QDate(2025, 6, 10), "2", "8")});
    Model::UsageEvent event;
    event.provider = QStringLiteral("openai");
    event.model = QStringLiteral("o3");
    event.inputTokens = 1'000'000;

    event.startNs = utcNs(QDate(2025, 6, 9), QTime(23, 59, 59, 999));
    table.apply(event);
    QCOMPARE(event.costMicros, 10'000'000);

    event.startNs = utcNs(QDate(2025, 6, 10), QTime(0, 0));
    table.apply(event);
    QCOMPARE(event.costMicros, 2'000'000);
}

QTEST_GUILESS_MAIN(TestPriceTable)
#include "tst_pricetable.moc"
