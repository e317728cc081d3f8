#include "common/timeutil.h"
#include "pricing/pricetable.h"
#include "storage/database.h"
#include "storage/overview.h"
#include "storage/storagewriter.h"

#include <QMap>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <limits>
#include <sqlite3.h>

using namespace Burnrate;
using namespace Burnrate::Storage;
using namespace Qt::StringLiterals;
using Model::UsageEvent;

namespace {

__extension__ typedef __int128 Int128;

constexpr qint64 kMinuteNs = 60 * Time::kNanosPerSecond;
constexpr qint64 kDayNs = 24 * Time::kNanosPerHour;
constexpr int kEvents = 8000;
constexpr int kTopN = 5;

qint64 ns(const QString &iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    Q_ASSERT(t.isValid());
    return Time::toNs(t);
}

// The data spans 45 days before this and two hours after it.
const qint64 kBaseNs = ns(u"2026-11-02T10:00:00Z"_s);

const QList<OverviewRange> kRanges = {OverviewRange::Hour, OverviewRange::Day, OverviewRange::Week,
                                      OverviewRange::Month};
const QList<OverviewStack> kStacks = {OverviewStack::Model, OverviewStack::Feature, OverviewStack::Agent};

qint64 floorTo(qint64 t, qint64 step)
{
    const qint64 q = t / step;
    return (t % step < 0 ? q - 1 : q) * step;
}

QString key(const UsageEvent &e, OverviewStack stack)
{
    switch (stack) {
    case OverviewStack::Model:
        return e.model;
    case OverviewStack::Feature:
        return e.feature;
    case OverviewStack::Agent:
        return e.agentId;
    }
    return {};
}

qint64 sumCost(const QList<UsageEvent> &events, qint64 from, qint64 to)
{
    qint64 sum = 0;
    for (const UsageEvent &e : events) {
        if (e.startNs >= from && e.startNs < to)
            sum += e.costMicros;
    }
    return sum;
}

QString seriesText(const SpendSeries &s)
{
    QStringList values;
    for (qint64 v : s.bucketMicros)
        values.append(QString::number(v));
    return (s.other ? u"<other>"_s : s.key) + u" = "_s + QString::number(s.totalMicros) + u": "_s +
           values.join(u' ');
}

QString rowText(const BreakdownRow &r)
{
    return r.key + u' ' + QString::number(r.calls) + u' ' + QString::number(r.tokens) + u' ' +
           QString::number(r.costMicros);
}

// The top rows of a breakdown computed the obvious way: highest cost first, then by key.
QList<BreakdownRow> bruteForceRows(const QList<UsageEvent> &events, bool byFeature)
{
    QMap<QString, BreakdownRow> groups;
    for (const UsageEvent &e : events) {
        const QString k = byFeature ? e.feature : e.agentId;
        BreakdownRow &row = groups[k];
        row.key = k;
        ++row.calls;
        row.tokens += e.inputTokens + e.outputTokens;
        row.costMicros += e.costMicros;
    }
    QList<BreakdownRow> rows = groups.values();
    std::stable_sort(rows.begin(), rows.end(), [](const BreakdownRow &a, const BreakdownRow &b) {
        return a.costMicros > b.costMicros;
    });
    return rows.mid(0, kOverviewTableRows);
}

int collectStatement(unsigned type, void *context, void *statement, void *)
{
    if (type == SQLITE_TRACE_STMT) {
        static_cast<QStringList *>(context)->append(
            QString::fromUtf8(sqlite3_expanded_sql(static_cast<sqlite3_stmt *>(statement))));
    }
    return 0;
}

} // namespace

class TestOverview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void emptyDatabase();
    void matchesBruteForce_data();
    void matchesBruteForce();
    void topNAndOther();
    void boundedWhateverTheVolume();
    void queriesUseIndexes();
    void errors();

private:
    std::optional<OverviewSnapshot> load(qint64 now, const QTimeZone &zone, OverviewRange range,
                                         OverviewStack stack, int topN = kTopN);
    void checkKpis(const OverviewSnapshot &snapshot, qint64 now, const QTimeZone &zone);
    void checkChart(const OverviewSnapshot &snapshot, qint64 now, const QTimeZone &zone);

    QTemporaryDir m_dir;
    QList<UsageEvent> m_events;
    Pricing::PriceTable m_prices;
    std::unique_ptr<Connection> m_reader;
};

void TestOverview::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Nine priced models with their own cache rates (one without cache writes, one where writes cost less
    // than input), and one model the table does not know.
    QList<Pricing::ModelPrice> prices;
    for (int i = 0; i < 9; ++i) {
        Pricing::ModelPrice p;
        p.provider = u"prov-a"_s;
        p.model = u"model-"_s + QChar(u'a' + i);
        p.effectiveFrom = QDate(2020, 1, 1);
        p.inputPico = 1'000'000 * (i + 1);
        p.outputPico = 4 * p.inputPico;
        p.cacheReadPico = p.inputPico / 10;
        p.cacheWritePico = i == 3 ? 0 : i == 4 ? p.inputPico / 2 : p.inputPico * 5 / 4;
        p.cacheWrite1hPico = p.cacheWritePico;
        prices.append(p);
    }
    m_prices = Pricing::PriceTable(prices);

    QRandomGenerator random(20261102);
    const auto pick = [&](const QString &prefix, int choices, int noneWeight) -> QString {
        const int n = int(random.bounded(choices + noneWeight));
        return n >= choices ? QString() : prefix + QString::number(n);
    };
    for (int i = 0; i < kEvents; ++i) {
        UsageEvent e;
        e.eventId = u"overview:"_s + QString::number(i);
        e.source = u"test"_s;
        // Dense in the last hours, some on exact minute and hour boundaries, some after "now".
        const qint64 r = random.bounded(100);
        const qint64 span = r < 30 ? 3 * Time::kNanosPerHour : r < 60 ? 2 * kDayNs : 45 * kDayNs;
        e.startNs = kBaseNs + 2 * Time::kNanosPerHour - qint64(random.bounded(quint64(span)));
        if (random.bounded(10) == 0)
            e.startNs = floorTo(e.startNs, random.bounded(2) ? kMinuteNs : Time::kNanosPerHour);
        e.endNs = e.startNs + Time::kNanosPerSecond;
        e.provider = random.bounded(3) ? u"prov-a"_s : u"prov-b"_s;
        // Skewed model use, so the top five are well defined and there is an "Other".
        const int m = int(random.bounded(100));
        e.model = m < 2    ? QString()
                  : m < 6  ? u"unpriced-x"_s
                  : m < 30 ? u"model-a"_s
                  : m < 50 ? u"model-b"_s
                  : m < 64 ? u"model-c"_s
                  : m < 76 ? u"model-d"_s
                  : m < 85 ? u"model-e"_s
                           : u"model-"_s + QChar(u'f' + random.bounded(4)); // model-i has no price
        e.feature = pick(u"feature-"_s, 5, 1);
        e.agentId = pick(u"agent-"_s, 13, 1);
        e.inputTokens = random.bounded(40'000);
        e.outputTokens = random.bounded(4'000);
        e.cacheReadTokens = random.bounded(e.inputTokens / 2 + 1);
        e.cacheWriteTokens = random.bounded((e.inputTokens - e.cacheReadTokens) / 4 + 1);
        if (e.model == u"unpriced-x" || e.model.isEmpty() || e.model == u"model-i") {
            e.costSource = Model::CostSource::Unpriced;
        } else {
            e.costSource = random.bounded(5) ? Model::CostSource::Computed : Model::CostSource::Reported;
            e.costMicros = random.bounded(300'000);
        }
        m_events.append(e);
    }

    const QString path = m_dir.filePath(u"burnrate.sqlite"_s);
    StorageWriter writer(path);
    Error error;
    QVERIFY2(writer.start(&error), qPrintable(error.message));
    int pending = 0;
    for (qsizetype first = 0; first < m_events.size(); first += 1000) {
        ++pending;
        writer.submit(m_events.mid(first, 1000), this, [&](const WriteResult &r) {
            QVERIFY2(!r.error, qPrintable(r.error.message));
            --pending;
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(pending, 0, 30000);
    writer.stop();
    m_reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
    QVERIFY2(m_reader, qPrintable(error.message));
}

void TestOverview::cleanupTestCase()
{
    m_reader.reset();
}

std::optional<OverviewSnapshot> TestOverview::load(qint64 now, const QTimeZone &zone, OverviewRange range,
                                                   OverviewStack stack, int topN)
{
    Error error;
    auto snapshot = loadOverview(m_reader->database(), m_prices, now, zone, range, stack, topN, &error);
    if (!snapshot)
        qWarning().noquote() << error.message;
    return snapshot;
}

void TestOverview::emptyDatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"empty.sqlite"_s);
    Error error;
    auto writer = Connection::open(path, Connection::Mode::ReadWrite, &error);
    QVERIFY2(writer, qPrintable(error.message));
    auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
    QVERIFY2(reader, qPrintable(error.message));
    const auto snapshot = loadOverview(reader->database(), m_prices, kBaseNs, QTimeZone::utc(),
                                       OverviewRange::Day, OverviewStack::Model, kTopN, &error);
    QVERIFY2(snapshot, qPrintable(error.message));
    QVERIFY(!snapshot->hasEvents);
    QVERIFY(snapshot->chart.series.isEmpty());
    QVERIFY(snapshot->topFeatures.isEmpty());

    const auto full = load(kBaseNs, QTimeZone::utc(), OverviewRange::Day, OverviewStack::Model);
    QVERIFY(full);
    QVERIFY(full->hasEvents);
}

void TestOverview::matchesBruteForce_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<qint64>("now");
    QTest::newRow("UTC, mid-hour") << QByteArray("UTC") << kBaseNs - 17 * kMinuteNs - 3'250'000'000;
    QTest::newRow("UTC, first instant of a month") << QByteArray("UTC") << ns(u"2026-11-01T00:00:00Z"_s);
    QTest::newRow("UTC, last nanosecond of a month")
        << QByteArray("UTC") << ns(u"2026-11-01T00:00:00Z"_s) - 1;
    QTest::newRow("Berlin, the day after DST ends")
        << QByteArray("Europe/Berlin") << ns(u"2026-10-26T09:15:30.123Z"_s) + 456'789;
    QTest::newRow("Berlin, the 25-hour day") << QByteArray("Europe/Berlin") << ns(u"2026-10-25T12:00:00Z"_s);
    QTest::newRow("New York, just after local midnight")
        << QByteArray("America/New_York") << ns(u"2026-10-31T04:00:01Z"_s);
    QTest::newRow("Kolkata, +05:30") << QByteArray("Asia/Kolkata") << kBaseNs - 41 * kMinuteNs;
}

void TestOverview::matchesBruteForce()
{
    QFETCH(QByteArray, zone);
    QFETCH(qint64, now);
    const QTimeZone tz(zone);
    QVERIFY(tz.isValid());
    for (OverviewRange range : kRanges) {
        for (OverviewStack stack : kStacks) {
            const auto snapshot = load(now, tz, range, stack);
            QVERIFY(snapshot);
            QVERIFY(snapshot->hasEvents);
            QCOMPARE(snapshot->nowNs, now);
            if (range == OverviewRange::Hour && stack == OverviewStack::Model)
                checkKpis(*snapshot, now, tz);
            checkChart(*snapshot, now, tz);
            if (QTest::currentTestFailed()) {
                qWarning() << "range" << int(range) << "stack" << int(stack);
                return;
            }
        }
    }
}

void TestOverview::checkKpis(const OverviewSnapshot &snapshot, qint64 now, const QTimeZone &zone)
{
    const OverviewKpis &k = snapshot.kpis;
    const QDateTime local = Time::fromNs(now, zone);
    const QDate today = local.date();
    const qint64 dayStart = Time::toNs(today.startOfDay(zone));
    const qint64 dayEnd = Time::toNs(today.addDays(1).startOfDay(zone));
    const qint64 hourStart = Time::toNs(QDateTime(today, QTime(local.time().hour(), 0), zone));
    const QDate monthStart(today.year(), today.month(), 1);
    const qint64 monthStartNs = Time::toNs(monthStart.startOfDay(zone));
    const qint64 monthEndNs = Time::toNs(monthStart.addMonths(1).startOfDay(zone));

    QCOMPARE(k.todayMicros, sumCost(m_events, dayStart, dayEnd));
    QCOMPARE(k.hourStartNs, hourStart);
    QCOMPARE(k.hourMicros, sumCost(m_events, hourStart, hourStart + Time::kNanosPerHour));
    QCOMPARE(k.burnRateMicros, sumCost(m_events, now - Time::kNanosPerHour, now + 1));
    Error error;
    const std::optional<LiveKpis> live = loadLiveKpis(m_reader->database(), now, zone, &error);
    QVERIFY2(live, qPrintable(error.message));
    QCOMPARE(live->hourStartNs, k.hourStartNs);
    QCOMPARE(live->hourMicros, k.hourMicros);
    QCOMPARE(live->burnRateMicros, k.burnRateMicros);
    QCOMPARE(k.monthMicros, sumCost(m_events, monthStartNs, monthEndNs));
    QCOMPARE(k.monthEnd, monthStart.addMonths(1).addDays(-1));
    const qint64 week = sumCost(m_events, now - 7 * kDayNs, now + 1);
    QCOMPARE(k.projectedMonthMicros,
             qint64(Int128(k.monthMicros) + Int128(week) * (monthEndNs - now) / (7 * kDayNs)));
    QVERIFY(k.projectedMonthMicros >= k.monthMicros);

    qint64 calls = 0, unpriced = 0, cacheRead = 0;
    Int128 savedPico = 0;
    QStringList unpricedModels;
    for (const UsageEvent &e : m_events) {
        if (e.startNs < dayStart || e.startNs >= dayEnd)
            continue;
        ++calls;
        if (e.costSource == Model::CostSource::Unpriced) {
            ++unpriced;
            if (!unpricedModels.contains(e.model))
                unpricedModels.append(e.model);
        }
        if (const auto price = m_prices.find(e.provider, e.model, today); price && !e.model.isEmpty()) {
            cacheRead += e.cacheReadTokens;
            savedPico += Int128(e.cacheReadTokens) * (price->inputPico - price->cacheReadPico) -
                         Int128(e.cacheWriteTokens) * (price->cacheWritePico - price->inputPico);
        }
    }
    std::sort(unpricedModels.begin(), unpricedModels.end());
    QCOMPARE(k.todayCalls, calls);
    QCOMPARE(k.unpricedCallsToday, unpriced);
    QCOMPARE(k.unpricedModels, unpricedModels);
    QCOMPARE(k.cacheReadTokensToday, cacheRead);
    const Int128 half = 500'000;
    const qint64 saved =
        qint64(savedPico >= 0 ? (savedPico + half) / 1'000'000 : -((-savedPico + half) / 1'000'000));
    QCOMPARE(k.cacheSavedMicros, saved);
    if (calls > 100) {
        QVERIFY(unpriced > 0); // the data has unpriced calls on every day tested
        QVERIFY(unpricedModels.contains(u"unpriced-x"_s));
        QVERIFY(saved != 0);
    }
}

void TestOverview::checkChart(const OverviewSnapshot &snapshot, qint64 now, const QTimeZone &zone)
{
    const SpendChartData &chart = snapshot.chart;
    const int n = bucketCount(chart.range);
    QCOMPARE(chart.bucketStartNs.size(), n);
    QVERIFY(chart.bucketStartNs.last() <= now && now < chart.endNs);
    for (int b = 1; b < n; ++b)
        QVERIFY(chart.bucketStartNs.at(b - 1) < chart.bucketStartNs.at(b));

    // The edges: minutes, UTC hours, local quarter days, local midnights.
    const QList<qint64> edges = chart.bucketStartNs + QList<qint64>{chart.endNs};
    for (qint64 edge : edges) {
        const QTime t = Time::fromNs(edge, zone).time();
        switch (chart.range) {
        case OverviewRange::Hour:
            QCOMPARE(edge % kMinuteNs, 0);
            break;
        case OverviewRange::Day:
            QCOMPARE(edge % Time::kNanosPerHour, 0);
            break;
        case OverviewRange::Week:
            QCOMPARE(t.minute(), 0);
            QCOMPARE(t.hour() % 6, 0);
            break;
        case OverviewRange::Month:
            QCOMPARE(t, QTime(0, 0));
            break;
        }
    }
    if (chart.range == OverviewRange::Hour)
        QCOMPARE(chart.endNs - chart.bucketStartNs.first(), Time::kNanosPerHour);
    if (chart.range == OverviewRange::Day)
        QCOMPARE(chart.endNs - chart.bucketStartNs.first(), kDayNs);

    // Per key and bucket: raw event times for the last hour, the rollup hour's start otherwise, or the
    // quarter hour's where the edges are not all on UTC hours (Kolkata's days start at :30).
    const bool onHours = std::all_of(edges.cbegin(), edges.cend(),
                                     [](qint64 edge) { return edge % Time::kNanosPerHour == 0; });
    const auto timeOf = [&](const UsageEvent &e) {
        return chart.range == OverviewRange::Hour
                   ? e.startNs
                   : floorTo(e.startNs, onHours ? Time::kNanosPerHour : Time::kNanosPerQuarterHour);
    };
    QList<UsageEvent> inRange;
    for (const UsageEvent &e : m_events) {
        if (timeOf(e) >= edges.first() && timeOf(e) < edges.last())
            inRange.append(e);
    }
    QMap<QString, QList<qint64>> perKey;
    for (const UsageEvent &e : inRange) {
        const qsizetype bucket =
            std::upper_bound(edges.cbegin(), edges.cend(), timeOf(e)) - edges.cbegin() - 1;
        QList<qint64> &values = perKey[key(e, chart.stackBy)];
        values.resize(n);
        values[bucket] += e.costMicros;
    }
    QList<SpendSeries> all;
    for (auto it = perKey.cbegin(); it != perKey.cend(); ++it) {
        SpendSeries s{it.key(), false, 0, it.value()};
        for (qint64 v : s.bucketMicros)
            s.totalMicros += v;
        if (s.totalMicros > 0)
            all.append(s);
    }
    std::stable_sort(all.begin(), all.end(), [](const SpendSeries &a, const SpendSeries &b) {
        return a.totalMicros > b.totalMicros;
    });
    QList<SpendSeries> expected = all.mid(0, kTopN);
    if (all.size() > kTopN) {
        SpendSeries other{QString(), true, 0, QList<qint64>(n)};
        for (qsizetype i = kTopN; i < all.size(); ++i) {
            other.totalMicros += all.at(i).totalMicros;
            for (int b = 0; b < n; ++b)
                other.bucketMicros[b] += all.at(i).bucketMicros.at(b);
        }
        expected.append(other);
    }
    QStringList actualText, expectedText;
    for (const SpendSeries &s : chart.series)
        actualText.append(seriesText(s));
    for (const SpendSeries &s : expected)
        expectedText.append(seriesText(s));
    QCOMPARE(actualText, expectedText);
    QVERIFY(chart.series.size() <= kTopN + 1);

    // The tables and totals cover the same hours (or, for the last hour, events) as the chart.
    QCOMPARE(snapshot.rangeCostMicros,
             sumCost(inRange, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()));
    QCOMPARE(snapshot.rangeCalls, inRange.size());
    for (bool byFeature : {true, false}) {
        const QList<BreakdownRow> &rows = byFeature ? snapshot.topFeatures : snapshot.topAgents;
        QStringList actualRows, expectedRows;
        for (const BreakdownRow &r : rows)
            actualRows.append(rowText(r));
        for (const BreakdownRow &r : bruteForceRows(inRange, byFeature))
            expectedRows.append(rowText(r));
        QCOMPARE(actualRows, expectedRows);
    }
}

void TestOverview::topNAndOther()
{
    // No series of their own: everything is "Other"; a large N: no "Other".
    const auto none = load(kBaseNs, QTimeZone::utc(), OverviewRange::Month, OverviewStack::Model, 0);
    QVERIFY(none);
    QCOMPARE(none->chart.series.size(), 1);
    QVERIFY(none->chart.series.first().other);
    QCOMPARE(none->chart.series.first().totalMicros, none->rangeCostMicros);

    const auto all = load(kBaseNs, QTimeZone::utc(), OverviewRange::Month, OverviewStack::Model, 100);
    QVERIFY(all);
    QVERIFY(std::none_of(all->chart.series.cbegin(), all->chart.series.cend(),
                         [](const SpendSeries &s) { return s.other; }));
    // Unpriced models cost nothing and are no series.
    QVERIFY(std::none_of(all->chart.series.cbegin(), all->chart.series.cend(),
                         [](const SpendSeries &s) { return s.key == u"unpriced-x" || s.key.isEmpty(); }));
    QCOMPARE(all->chart.series.size(), 8);
    qint64 total = 0;
    for (const SpendSeries &s : all->chart.series)
        total += s.totalMicros;
    QCOMPARE(total, all->rangeCostMicros);

    // The agents table holds the top ten of fourteen agents.
    QCOMPARE(all->topAgents.size(), kOverviewTableRows);
}

void TestOverview::boundedWhateverTheVolume()
{
    // Bucket and series counts depend on the range and N alone.
    for (OverviewRange range : kRanges) {
        for (OverviewStack stack : kStacks) {
            const auto snapshot = load(kBaseNs, QTimeZone(QByteArrayLiteral("Europe/Berlin")), range, stack);
            QVERIFY(snapshot);
            QCOMPARE(snapshot->chart.bucketStartNs.size(), bucketCount(range));
            QVERIFY(snapshot->chart.series.size() <= kTopN + 1);
            for (const SpendSeries &s : snapshot->chart.series)
                QCOMPARE(s.bucketMicros.size(), bucketCount(range));
        }
    }
    QCOMPARE(bucketCount(OverviewRange::Hour), 60);
    QCOMPARE(bucketCount(OverviewRange::Day), 24);
    QCOMPARE(bucketCount(OverviewRange::Week), 28);
    QCOMPARE(bucketCount(OverviewRange::Month), 30);
}

void TestOverview::queriesUseIndexes()
{
    // No statement of the overview reads all events: raw events are searched through the time index,
    // everything else comes from the rollup's primary key.
    QStringList statements;
    auto *db = static_cast<sqlite3 *>(m_reader->sqliteHandle());
    sqlite3_trace_v2(db, SQLITE_TRACE_STMT, collectStatement, &statements);
    for (OverviewRange range : kRanges)
        QVERIFY(load(kBaseNs, QTimeZone::utc(), range, OverviewStack::Agent));
    sqlite3_trace_v2(db, 0, nullptr, nullptr);
    QVERIFY(statements.size() > 10);
    for (const QString &sql : std::as_const(statements)) {
        QSqlQuery q(m_reader->database());
        QVERIFY2(q.exec(u"EXPLAIN QUERY PLAN "_s + sql), qPrintable(sql));
        QStringList plan;
        while (q.next())
            plan.append(q.value(3).toString());
        const QString text = plan.join(u"; "_s);
        if (sql.contains(u"EXISTS"_s))
            continue; // stops at the first row
        QVERIFY2(!text.contains(u"SCAN usage_events"_s), qPrintable(sql + u"\n"_s + text));
        if (sql.contains(u"FROM usage_events"_s))
            QVERIFY2(text.contains(u"usage_events_ts"_s), qPrintable(sql + u"\n"_s + text));
        if (sql.contains(u"FROM rollup_hourly"_s))
            QVERIFY2(text.contains(u"SEARCH rollup_hourly"_s), qPrintable(sql + u"\n"_s + text));
    }
}

void TestOverview::errors()
{
    Error error;
    QSqlDatabase closed;
    QVERIFY(!loadOverview(closed, m_prices, kBaseNs, QTimeZone::utc(), OverviewRange::Day,
                          OverviewStack::Model, kTopN, &error));
    QCOMPARE(error.code, Error::Code::Database);
    QVERIFY(!error.message.isEmpty());

    error = {};
    QVERIFY(!loadOverview(m_reader->database(), m_prices, kBaseNs, QTimeZone(), OverviewRange::Day,
                          OverviewStack::Model, kTopN, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
}

QTEST_GUILESS_MAIN(TestOverview)
#include "tst_overview.moc"
