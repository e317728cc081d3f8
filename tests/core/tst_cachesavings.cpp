#include "common/timeutil.h"
#include "pricing/pricetable.h"
#include "storage/cachesavings.h"
#include "storage/database.h"
#include "storage/storagewriter.h"
#include "storage/whatif.h"

#include <QHash>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Storage;
using namespace Qt::StringLiterals;
using Model::UsageEvent;

namespace {

constexpr qint64 kStartNs = 1773964800LL * Time::kNanosPerSecond; // 2026-03-20T00:00:00Z
constexpr qint64 kDayNs = 86400 * Time::kNanosPerSecond;

__extension__ typedef __int128 Int128;

qint64 roundPico(Int128 pico)
{
    return qint64(pico >= 0 ? (pico + 500'000) / 1'000'000 : -((-pico + 500'000) / 1'000'000));
}

} // namespace

// Cache savings (shared with the Overview) and what-if repricing, against sums computed event by event.
class TestCacheSavings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void savingsMatchBruteForce_data();
    void savingsMatchBruteForce();
    void hitRateOverTime_data();
    void hitRateOverTime();
    void repricing();
    void routingCandidates();

private:
    void write(const QList<UsageEvent> &events);

    QTemporaryDir m_dir;
    std::shared_ptr<const Pricing::PriceTable> m_prices;
    QList<UsageEvent> m_events;
    std::unique_ptr<Connection> m_reader;
};

void TestCacheSavings::initTestCase()
{
    QVERIFY(m_dir.isValid());
    Error error;
    m_prices = Pricing::PriceTable::loadShipped(&error);
    QVERIFY2(m_prices, qPrintable(error.message));
    QRandomGenerator random(99);
    const QList<std::pair<QString, QString>> models = {{u"openai"_s, u"gpt-4.1"_s},
                                                       {u"anthropic"_s, u"claude-sonnet-4-5-20250929"_s},
                                                       {u"anthropic"_s, u"claude-haiku-4-5"_s},
                                                       {u"acme"_s, u"no-such-model"_s}};
    const QStringList features = {u"checkout"_s, u"search"_s, QString()};
    for (int i = 0; i < 3000; ++i) {
        UsageEvent e;
        e.eventId = u"cache:"_s + QString::number(i);
        e.source = u"test"_s;
        e.startNs = kStartNs + qint64(random.bounded(quint64(5 * kDayNs)));
        e.endNs = e.startNs + 1'000'000;
        const auto &[provider, model] = models.at(random.bounded(models.size()));
        e.provider = provider;
        e.model = model;
        e.feature = features.at(random.bounded(features.size()));
        e.agentId = u"agent-"_s + QString::number(random.bounded(3));
        e.inputTokens = 1000 + random.bounded(40'000);
        e.cacheReadTokens = random.bounded(int(e.inputTokens / 2));
        e.cacheWriteTokens = random.bounded(int(e.inputTokens / 4));
        e.outputTokens = random.bounded(2000);
        m_prices->apply(e);
        m_events.append(e);
    }
    write(m_events);
}

void TestCacheSavings::write(const QList<UsageEvent> &events)
{
    StorageWriter writer(m_dir.filePath(u"burnrate.sqlite"_s));
    Error error;
    QVERIFY2(writer.start(&error), qPrintable(error.message));
    int pending = 0;
    for (qsizetype first = 0; first < events.size(); first += 500) {
        ++pending;
        writer.submit(events.mid(first, 500), this, [&](const WriteResult &r) {
            QVERIFY2(!r.error, qPrintable(r.error.message));
            --pending;
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(pending, 0, 30000);
    writer.stop();
    m_reader = Connection::open(m_dir.filePath(u"burnrate.sqlite"_s), Connection::Mode::ReadOnly, &error);
    QVERIFY2(m_reader, qPrintable(error.message));
}

void TestCacheSavings::cleanupTestCase()
{
    m_reader.reset();
}

void TestCacheSavings::savingsMatchBruteForce_data()
{
    QTest::addColumn<bool>("priceChange");
    QTest::newRow("one price per model") << false;
    QTest::newRow("gpt-4.1's price changes mid-range") << true;
}

void TestCacheSavings::savingsMatchBruteForce()
{
    QFETCH(bool, priceChange);
    std::shared_ptr<const Pricing::PriceTable> prices = m_prices;
    if (priceChange) {
        Pricing::ModelPrice cheaper = *m_prices->find(u"openai"_s, u"gpt-4.1"_s, QDate(2026, 3, 20));
        cheaper.effectiveFrom = QDate(2026, 3, 22);
        cheaper.inputPico = 1'000'000;
        cheaper.cacheReadPico = 100'000;
        prices = std::make_shared<const Pricing::PriceTable>(m_prices->entries(),
                                                             QList<Pricing::ModelPrice>{cheaper});
        QVERIFY(prices->find(u"openai"_s, u"gpt-4.1"_s, QDate(2026, 3, 21))->inputPico == 2'000'000);
        QVERIFY(prices->find(u"openai"_s, u"gpt-4.1"_s, QDate(2026, 3, 22))->inputPico == 1'000'000);
    }
    // A range with ragged edges and a filter, so rollup hours and raw edges both count.
    ReportQuery query;
    query.sinceNs = kStartNs + kDayNs / 3 + 12345;
    query.untilNs = query.sinceNs + 3 * kDayNs;
    query.filters = {{Dimension::Agent, u"agent-1"_s}, {Dimension::Agent, u"agent-2"_s}};
    query.zone = QTimeZone::utc();
    Error error;
    const auto report = loadCacheSavings(m_reader->database(), *prices, query, Dimension::Day, &error);
    QVERIFY2(report, qPrintable(error.message));

    struct Expected
    {
        Int128 pico = 0;
        qint64 reads = 0, writes = 0, calls = 0;
        bool priced = true;
    };
    QHash<QString, Expected> expected;
    Int128 totalPico = 0;
    qint64 totalReads = 0;
    for (const UsageEvent &e : std::as_const(m_events)) {
        if (e.startNs < query.sinceNs || e.startNs >= query.untilNs || e.agentId == u"agent-0")
            continue;
        Expected &x = expected[e.provider + u'|' + e.model + u'|' + e.feature];
        ++x.calls;
        x.reads += e.cacheReadTokens;
        x.writes += e.cacheWriteTokens;
        totalReads += e.cacheReadTokens;
        const auto price = prices->find(e.provider, e.model, Time::fromNs(e.startNs, query.zone).date());
        if (!price) {
            x.priced = false;
            continue;
        }
        const Int128 saved = Int128(e.cacheReadTokens) * (price->inputPico - price->cacheReadPico) -
                             Int128(e.cacheWriteTokens) * (price->cacheWritePico - price->inputPico);
        x.pico += saved;
        totalPico += saved;
    }
    QCOMPARE(report->rows.size(), expected.size());
    QCOMPARE(report->savedMicros, roundPico(totalPico));
    // The hit rate by day covers the same calls, one point per day in order.
    qint64 hitInput = 0, hitReads = 0;
    QStringList days;
    for (const CacheHitPoint &p : report->hitRate) {
        days << p.key;
        hitInput += p.inputTokens;
        hitReads += p.cacheReadTokens;
    }
    QCOMPARE(days, (QStringList{u"2026-03-20"_s, u"2026-03-21"_s, u"2026-03-22"_s, u"2026-03-23"_s}));
    QCOMPARE(hitInput, report->inputTokens);
    QCOMPARE(hitReads, totalReads);
    QVERIFY(report->savedMicros > 0);
    QCOMPARE(report->cacheReadTokens, totalReads);
    qint64 previous = std::numeric_limits<qint64>::max();
    for (const CacheSavingsRow &r : report->rows) {
        const QString key = r.provider + u'|' + r.model + u'|' + r.feature;
        QVERIFY2(expected.contains(key), qPrintable(key));
        const Expected &x = expected.value(key);
        QCOMPARE(r.calls, x.calls);
        QCOMPARE(r.cacheReadTokens, x.reads);
        QCOMPARE(r.cacheWriteTokens, x.writes);
        QCOMPARE(r.priced, x.priced);
        QCOMPARE(r.savedMicros, roundPico(x.pico));
        QVERIFY(r.savedMicros <= previous); // most saved first
        previous = r.savedMicros;
    }

    // The Overview's tile is the same sum: CacheSavings over the same prices.
    CacheSavings one;
    const auto price = m_prices->find(u"openai"_s, u"gpt-4.1"_s, QDate(2026, 3, 20));
    QVERIFY(price);
    one.add(1'000'000, 0, *price); // reads at $0.50 instead of $2.00 per million
    QCOMPARE(one.savedMicros(), 1'500'000);
    const auto sonnet = m_prices->find(u"anthropic"_s, u"claude-sonnet-4-5"_s, QDate(2026, 3, 20));
    QVERIFY(sonnet);
    CacheSavings writes;
    writes.add(0, 1'000'000, *sonnet); // a write costs 1.25 × input: a premium, negative savings
    QCOMPARE(writes.savedMicros(), -(sonnet->cacheWritePico - sonnet->inputPico));
}

void TestCacheSavings::hitRateOverTime_data()
{
    QTest::addColumn<Dimension>("bucket");
    QTest::addColumn<QString>("format");
    QTest::newRow("hours") << Dimension::Hour << u"yyyy-MM-dd'T'HH:00"_s;
    QTest::newRow("days") << Dimension::Day << u"yyyy-MM-dd"_s;
}

void TestCacheSavings::hitRateOverTime()
{
    QFETCH(Dimension, bucket);
    QFETCH(QString, format);
    ReportQuery query;
    query.sinceNs = kStartNs + 5 * Time::kNanosPerHour + 77;
    query.untilNs = kStartNs + 4 * kDayNs;
    query.zone = QTimeZone("Europe/Berlin");
    Error error;
    const auto report = loadCacheSavings(m_reader->database(), *m_prices, query, bucket, &error);
    QVERIFY2(report, qPrintable(error.message));
    QHash<QString, std::pair<qint64, qint64>> expected;
    for (const UsageEvent &e : std::as_const(m_events)) {
        if (e.startNs >= query.sinceNs && e.startNs < query.untilNs) {
            auto &x = expected[Time::fromNs(e.startNs, query.zone).toString(format)];
            x.first += e.inputTokens;
            x.second += e.cacheReadTokens;
        }
    }
    QCOMPARE(report->hitRate.size(), expected.size());
    QString previous;
    for (const CacheHitPoint &p : report->hitRate) {
        QVERIFY(p.key > previous); // chronological
        previous = p.key;
        QCOMPARE(p.inputTokens, expected.value(p.key).first);
        QCOMPARE(p.cacheReadTokens, expected.value(p.key).second);
    }
}

void TestCacheSavings::repricing()
{
    // 1M input of which 400k cache reads, 100k output on gpt-4.1 ($2 in, $0.50 cache read, $8 out):
    // 600k × 2 + 400k × 0.5 + 100k × 8 = $2.20.
    ReportRow totals;
    totals.calls = 10;
    totals.inputTokens = 1'000'000;
    totals.cacheReadTokens = 400'000;
    totals.outputTokens = 100'000;
    const QDate day(2026, 3, 20);
    const QList<RepricedModel> all = repriceOnEveryModel(totals, *m_prices, day);
    QSet<QString> ids;
    qint64 previous = 0;
    for (const RepricedModel &m : all) {
        const QString id = m.price.provider + u'/' + m.price.model;
        QVERIFY2(!ids.contains(id), qPrintable(id)); // each model once
        ids.insert(id);
        QVERIFY(m.costMicros >= previous); // cheapest first
        previous = m.costMicros;
    }
    const auto gpt41 = std::find_if(all.cbegin(), all.cend(), [](const RepricedModel &m) {
        return m.price.provider == u"openai" && m.price.model == u"gpt-4.1";
    });
    QVERIFY(gpt41 != all.cend());
    QCOMPARE(gpt41->costMicros, 2'200'000);
    // Cache writes at the model's own write rate: claude-sonnet-4-5 $3 in, $3.75 write.
    totals.cacheReadTokens = 0;
    totals.cacheWriteTokens = 1'000'000;
    totals.outputTokens = 0;
    const auto sonnet = m_prices->find(u"anthropic"_s, u"claude-sonnet-4-5"_s, day);
    QCOMPARE(repricedCost(totals, *sonnet), 3'750'000);
}

void TestCacheSavings::routingCandidates()
{
    // Short calls on a frontier model (classify on Opus), long ones on it (summarize), short ones on a
    // small model (tagging on Haiku): only classify is a candidate, with Anthropic's cheapest small model.
    QList<UsageEvent> events;
    const qint64 t = kStartNs + 10 * kDayNs;
    const auto add = [&](const QString &feature, const QString &model, qint64 input, qint64 output, int n) {
        for (int i = 0; i < n; ++i) {
            UsageEvent e;
            e.eventId = feature + QString::number(i);
            e.source = u"test"_s;
            e.startNs = t + i * Time::kNanosPerSecond;
            e.endNs = e.startNs + 1;
            e.provider = u"anthropic"_s;
            e.model = model;
            e.feature = feature;
            e.inputTokens = input;
            e.outputTokens = output;
            m_prices->apply(e);
            events.append(e);
        }
    };
    add(u"classify"_s, u"claude-opus-4-5"_s, 800, 20, 50);
    add(u"summarize"_s, u"claude-opus-4-5"_s, 60'000, 900, 5);
    add(u"tagging"_s, u"claude-haiku-4-5"_s, 500, 10, 80);
    write(events);
    ReportQuery query;
    query.sinceNs = t;
    query.untilNs = t + kDayNs;
    Error error;
    const auto candidates =
        findRoutingCandidates(m_reader->database(), *m_prices, query, QDate(2026, 3, 30), 10, &error);
    QVERIFY2(candidates, qPrintable(error.message));
    QCOMPARE(candidates->size(), 1);
    const RoutingCandidate &c = candidates->first();
    QCOMPARE(c.feature, u"classify"_s);
    QCOMPARE(c.model, u"claude-opus-4-5"_s);
    QCOMPARE(c.calls, 50);
    QCOMPARE(c.inputTokens, 50 * 800);
    QCOMPARE(c.outputTokens, 50 * 20);
    // Opus 4.5: $5 in, $25 out -> 40k × 5 + 1k × 25 = $0.225. The cheapest small Anthropic model here is
    // claude-3-5-haiku ($0.80 in, $4 out): $0.032 + $0.004.
    QCOMPARE(c.costMicros, 225'000);
    QCOMPARE(c.cheaperModel, u"claude-3-5-haiku"_s);
    QCOMPARE(c.cheaperCostMicros, 36'000);
}

QTEST_GUILESS_MAIN(TestCacheSavings)
#include "tst_cachesavings.moc"
