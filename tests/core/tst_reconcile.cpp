#include "../common/writerfixture.h"
#include "common/timeutil.h"
#include "pricing/pricetable.h"
#include "storage/database.h"
#include "storage/reconcile.h"
#include "storage/storagewriter.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <sqlite3.h>

using namespace Burnrate;
using namespace Burnrate::Storage;
using namespace Qt::StringLiterals;
using Model::UsageEvent;
using Providers::CostBucket;
using Providers::UsageBucket;

namespace {

constexpr qint64 kHourNs = Time::kNanosPerHour;
constexpr qint64 kDayNs = 24 * kHourNs;
constexpr qint64 kBaseNs = 1767225600LL * Time::kNanosPerSecond; // 2026-01-01T00:00:00Z
constexpr int kDays = 6;

QString dayOf(qint64 ns)
{
    return QDate(1970, 1, 1).addDays(ns / kDayNs).toString(Qt::ISODate);
}

int collectStatement(unsigned type, void *context, void *statement, void *)
{
    if (type == SQLITE_TRACE_STMT) {
        static_cast<QStringList *>(context)->append(
            QString::fromUtf8(sqlite3_sql(static_cast<sqlite3_stmt *>(statement))));
    }
    return 0;
}

QString describe(const BilledRow &r)
{
    return u"["_s + r.keys.join(u'|') + u"] "_s +
           QStringList{QString::number(r.costMicros),      QString::number(r.requests),
                       QString::number(r.inputTokens),     QString::number(r.outputTokens),
                       QString::number(r.cacheReadTokens), QString::number(r.cacheWriteTokens)}
               .join(u' ');
}

QStringList causeNames(const QList<GapCause> &causes)
{
    QStringList names;
    for (GapCause c : causes)
        names.append(gapCauseName(c));
    return names;
}

Pricing::ModelPrice price(const QString &provider, const QString &model)
{
    Pricing::ModelPrice p;
    p.provider = provider;
    p.model = model;
    p.effectiveFrom = QDate(2025, 1, 1);
    p.inputPico = 3'000'000;
    p.outputPico = 15'000'000;
    return p;
}

} // namespace

class TestReconcile
    : public QObject
    , private Testing::WriterFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void billedMatchesBruteForce();
    void billedRequestsUnknown();
    void billedWholeDaysAndDayFilter();
    void billedRefusesMeasuredDimensions_data();
    void billedRefusesMeasuredDimensions();
    void billedErrors();
    void causes_data();
    void causes();
    void snapshotModelsMeetThroughPrices();
    void billedSnapshotsMergeThroughPrices();
    void costRowsWithoutModel();
    void reconcileFilters();
    void causeNamesAndTexts();
    void queriesUseTheKeys();

private:
    void write(ProviderWrite w);
    void writeEvents(QList<UsageEvent> events);
    // `calls` measured calls of `model` on `day` costing `micros` in total, `unpriced` of them at $0.
    void measure(int day, const QString &provider, const QString &model, int calls, qint64 micros,
                 int unpriced, qint64 tokens);
    QStringList planSteps(const std::function<void()> &run);

    int m_nextEvent = 0;
};

void TestReconcile::init()
{
    QVERIFY(openStore());
}

void TestReconcile::cleanup()
{
    closeStore();
}

void TestReconcile::write(ProviderWrite w)
{
    const std::optional<WriteResult> result = waitForWrite(
        [&](StorageWriter::Completion done) { m_writer->submitProviderData(std::move(w), this, done); });
    QVERIFY(result);
    QVERIFY2(!result->error, qPrintable(result->error.message));
}

void TestReconcile::writeEvents(QList<UsageEvent> events)
{
    const std::optional<WriteResult> result = waitForWrite(
        [&](StorageWriter::Completion done) { m_writer->submit(std::move(events), this, done); });
    QVERIFY(result);
    QVERIFY2(!result->error, qPrintable(result->error.message));
}

void TestReconcile::measure(int day, const QString &provider, const QString &model, int calls, qint64 micros,
                            int unpriced, qint64 tokens)
{
    QList<UsageEvent> events;
    for (int i = 0; i < calls; ++i) {
        UsageEvent e;
        e.eventId = u"test:"_s + QString::number(m_nextEvent++);
        e.startNs = kBaseNs + day * kDayNs + (i % 24) * kHourNs + 1000;
        e.endNs = e.startNs + 1000;
        e.provider = provider;
        e.model = model;
        const int priced = calls - unpriced;
        e.costSource = i < priced ? Model::CostSource::Computed : Model::CostSource::Unpriced;
        e.costMicros = i < priced ? micros / priced + (i < micros % priced ? 1 : 0) : 0;
        e.inputTokens = tokens / calls + (i < tokens % calls ? 1 : 0);
        events.append(e);
    }
    writeEvents(events);
}

QStringList TestReconcile::planSteps(const std::function<void()> &run)
{
    auto *handle = static_cast<sqlite3 *>(m_reader->sqliteHandle());
    QStringList statements;
    sqlite3_trace_v2(handle, SQLITE_TRACE_STMT, collectStatement, &statements);
    run();
    sqlite3_trace_v2(handle, 0, nullptr, nullptr);
    QStringList steps;
    for (const QString &sql : std::as_const(statements)) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(handle, QByteArray("EXPLAIN QUERY PLAN " + sql.toUtf8()).constData(), -1,
                               &stmt, nullptr) != SQLITE_OK) {
            qWarning() << sqlite3_errmsg(handle);
            continue;
        }
        while (sqlite3_step(stmt) == SQLITE_ROW)
            steps.append(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 3))));
        sqlite3_finalize(stmt);
    }
    return steps;
}

void TestReconcile::billedMatchesBruteForce()
{
    // Random hourly usage and daily costs of two providers over six days; every billed report is compared
    // with sums computed here from the same buckets.
    QRandomGenerator random(20260101);
    const QStringList providers = {u"openai"_s, u"anthropic"_s};
    const QStringList models = {u"gpt-4.1"_s, u"claude-haiku-4-5"_s, u"m-3"_s, QString()};
    const QStringList projects = {u"proj_a"_s, u"proj_b"_s, QString()};
    QList<UsageBucket> allUsage;
    QList<CostBucket> allCosts;
    for (const QString &provider : providers) {
        ProviderWrite w;
        w.provider = provider;
        for (int hour = 0; hour < kDays * 24; ++hour) {
            w.usageSpans.append({kBaseNs + hour * kHourNs, kHourNs});
            for (const QString &model : models) {
                for (const QString &project : projects) {
                    if (random.bounded(4) != 0)
                        continue;
                    UsageBucket b;
                    b.provider = provider;
                    b.bucketStartNs = kBaseNs + hour * kHourNs;
                    b.bucketWidthNs = kHourNs;
                    b.model = model;
                    b.projectId = project;
                    b.inputTokens = random.bounded(100'000);
                    b.cacheReadTokens = random.bounded(50'000);
                    b.cacheWrite5mTokens = random.bounded(5'000);
                    b.cacheWrite1hTokens = random.bounded(5'000);
                    b.cacheWriteTokens = b.cacheWrite5mTokens + b.cacheWrite1hTokens;
                    b.outputTokens = random.bounded(20'000);
                    b.requests = provider == u"anthropic" ? -1 : random.bounded(100);
                    w.usage.append(b);
                }
            }
        }
        for (int day = 0; day < kDays; ++day) {
            w.costSpans.append({kBaseNs + day * kDayNs, kDayNs});
            for (const QString &model : models) {
                for (const QString &project : projects) {
                    for (const QString &kind : {u"input"_s, u"output"_s}) {
                        if (random.bounded(3) == 0)
                            continue;
                        CostBucket c;
                        c.provider = provider;
                        c.bucketStartNs = kBaseNs + day * kDayNs;
                        c.bucketWidthNs = kDayNs;
                        c.projectId = project;
                        c.model = model;
                        c.lineItem = model + u", "_s + kind;
                        c.costMicros = random.bounded(5'000'000);
                        w.costs.append(c);
                    }
                }
            }
        }
        allUsage += w.usage;
        allCosts += w.costs;
        write(w);
    }

    const QList<Dimension> dimensions = {Dimension::Provider, Dimension::Model, Dimension::Project,
                                         Dimension::Day};
    const auto keyOf = [](Dimension d, const QString &provider, const QString &model, const QString &project,
                          qint64 startNs) {
        switch (d) {
        case Dimension::Provider:
            return provider;
        case Dimension::Model:
            return model;
        case Dimension::Project:
            return project;
        default:
            return dayOf(startNs);
        }
    };
    for (int round = 0; round < 60; ++round) {
        ReportQuery query;
        const int firstDay = int(random.bounded(kDays));
        query.sinceNs = kBaseNs + firstDay * kDayNs + random.bounded(24) * kHourNs; // widened to the day
        query.untilNs =
            kBaseNs + (firstDay + 1 + random.bounded(kDays)) * kDayNs - random.bounded(2) * kHourNs;
        QList<Dimension> pool = dimensions;
        for (int n = int(random.bounded(4)); n > 0; --n)
            query.groupBy.append(pool.takeAt(random.bounded(pool.size())));
        if (random.bounded(3) == 0)
            query.filters.append({Dimension::Provider, providers.at(random.bounded(2))});
        if (random.bounded(3) == 0)
            query.filters.append({Dimension::Model, models.at(random.bounded(models.size()))});
        if (random.bounded(3) == 0)
            query.filters.append({Dimension::Model, models.at(random.bounded(models.size()))});
        if (random.bounded(4) == 0)
            query.filters.append({Dimension::Project, projects.at(random.bounded(projects.size()))});
        if (random.bounded(4) == 0)
            query.filters.append({Dimension::Day, dayOf(kBaseNs + random.bounded(kDays) * kDayNs)});

        const qint64 from = (query.sinceNs / kDayNs) * kDayNs;
        const qint64 to = ((query.untilNs + kDayNs - 1) / kDayNs) * kDayNs;
        const auto passes = [&](const QString &provider, const QString &model, const QString &project,
                                qint64 startNs) {
            if (startNs < from || startNs >= to)
                return false;
            for (Dimension d : dimensions) {
                bool filtered = false, matched = false;
                for (const ReportFilter &f : std::as_const(query.filters)) {
                    if (f.dimension == d) {
                        filtered = true;
                        matched = matched || f.value == keyOf(d, provider, model, project, startNs);
                    }
                }
                if (filtered && !matched)
                    return false;
            }
            return true;
        };
        QMap<QStringList, BilledRow> expected;
        const auto rowFor = [&](const QString &provider, const QString &model, const QString &project,
                                qint64 startNs) -> BilledRow & {
            QStringList keys;
            for (Dimension d : std::as_const(query.groupBy))
                keys.append(keyOf(d, provider, model, project, startNs));
            BilledRow &row = expected[keys];
            row.keys = keys;
            return row;
        };
        for (const CostBucket &c : std::as_const(allCosts)) {
            if (passes(c.provider, c.model, c.projectId, c.bucketStartNs))
                rowFor(c.provider, c.model, c.projectId, c.bucketStartNs).costMicros += c.costMicros;
        }
        for (const UsageBucket &b : std::as_const(allUsage)) {
            if (!passes(b.provider, b.model, b.projectId, b.bucketStartNs))
                continue;
            BilledRow &row = rowFor(b.provider, b.model, b.projectId, b.bucketStartNs);
            row.inputTokens += b.totalInputTokens();
            row.outputTokens += b.outputTokens;
            row.cacheReadTokens += b.cacheReadTokens;
            row.cacheWriteTokens += b.cacheWriteTokens;
            if (b.requests >= 0)
                row.requests = std::max<qint64>(row.requests, 0) + b.requests;
        }
        QStringList want;
        for (const BilledRow &r : std::as_const(expected))
            want.append(describe(r));

        Error error;
        const std::optional<QList<BilledRow>> rows = runBilledReport(readDb(), query, &error);
        QVERIFY2(rows, qPrintable(error.message));
        QStringList got;
        for (const BilledRow &r : *rows)
            got.append(describe(r));
        // Sorted by cost (by day first when day leads).
        for (qsizetype i = 1; i < rows->size(); ++i) {
            const BilledRow &a = rows->at(i - 1);
            const BilledRow &b = rows->at(i);
            if (!query.groupBy.isEmpty() && query.groupBy.first() == Dimension::Day && a.keys[0] != b.keys[0])
                QVERIFY(a.keys[0] < b.keys[0]);
            else
                QVERIFY(a.costMicros >= b.costMicros);
        }
        got.sort();
        want.sort();
        QCOMPARE(got, want);
    }
}

void TestReconcile::billedRequestsUnknown()
{
    // Anthropic does not count requests: -1 unless an OpenAI bucket in the same row counted them.
    UsageBucket a;
    a.provider = u"anthropic"_s;
    a.bucketStartNs = kBaseNs;
    a.bucketWidthNs = kHourNs;
    a.model = u"shared-model"_s;
    a.inputTokens = 10;
    UsageBucket o = a;
    o.provider = u"openai"_s;
    o.requests = 0;
    o.inputTokens = 20;
    write({u"anthropic"_s, {}, {a}, {}, {}, std::nullopt});
    ReportQuery query;
    query.sinceNs = kBaseNs;
    query.untilNs = kBaseNs + kDayNs;
    query.groupBy = {Dimension::Model};
    Error error;
    auto rows = runBilledReport(readDb(), query, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().requests, -1);
    QCOMPARE(rows->first().costMicros, 0);
    write({u"openai"_s, {}, {o}, {}, {}, std::nullopt});
    rows = runBilledReport(readDb(), query, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->first().requests, 0); // counted, and none
    QCOMPARE(rows->first().inputTokens, 30);
}

void TestReconcile::billedWholeDaysAndDayFilter()
{
    ProviderWrite w;
    w.provider = u"openai"_s;
    for (int day = 0; day < 3; ++day)
        w.costs.append({u"openai"_s, kBaseNs + day * kDayNs, kDayNs, QString(), u"gpt-4.1, input"_s,
                        u"gpt-4.1"_s, (day + 1) * 1'000'000});
    write(w);
    ReportQuery query;
    query.groupBy = {Dimension::Day};
    // Mid-day to mid-day covers the whole first and last day: costs are daily buckets.
    query.sinceNs = kBaseNs + 13 * kHourNs;
    query.untilNs = kBaseNs + kDayNs + 1;
    Error error;
    auto rows = runBilledReport(readDb(), query, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(0).keys, QStringList{u"2026-01-01"_s});
    QCOMPARE(rows->at(0).costMicros, 1'000'000);
    QCOMPARE(rows->at(1).keys, QStringList{u"2026-01-02"_s});
    // Ending exactly at midnight excludes the day that starts there.
    query.untilNs = kBaseNs + kDayNs;
    rows = runBilledReport(readDb(), query, &error);
    QCOMPARE(rows->size(), 1);

    query.untilNs = kBaseNs + 3 * kDayNs;
    query.groupBy = {};
    query.filters = {{Dimension::Day, u"2026-01-03"_s}, {Dimension::Day, u"2026-01-01"_s}};
    rows = runBilledReport(readDb(), query, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().keys, QStringList());
    QCOMPARE(rows->first().costMicros, 4'000'000);

    query.filters = {{Dimension::Day, u"3 January"_s}};
    QVERIFY(!runBilledReport(readDb(), query, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QCOMPARE(error.message, u"The day filter '3 January' is not a date (YYYY-MM-DD)."_s);
}

void TestReconcile::billedRefusesMeasuredDimensions_data()
{
    QTest::addColumn<int>("dimension");
    QTest::addColumn<bool>("asFilter");
    for (Dimension d : {Dimension::Session, Dimension::Task, Dimension::Trace, Dimension::Agent,
                        Dimension::Feature, Dimension::User, Dimension::Hour}) {
        QTest::addRow("group by %s", qPrintable(dimensionName(d))) << int(d) << false;
        QTest::addRow("filter by %s", qPrintable(dimensionName(d))) << int(d) << true;
    }
}

void TestReconcile::billedRefusesMeasuredDimensions()
{
    QFETCH(int, dimension);
    QFETCH(bool, asFilter);
    const auto d = Dimension(dimension);
    QVERIFY(!isBilledDimension(d));
    ReportQuery query;
    query.untilNs = kBaseNs;
    query.groupBy = {Dimension::Provider};
    if (asFilter)
        query.filters = {{d, u"x"_s}};
    else
        query.groupBy.append(d);
    Error error;
    QVERIFY(!runBilledReport(readDb(), query, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QCOMPARE(error.message, dimensionName(d) + u" is not a dimension of billed spend; use provider, model, "
                                               u"project or day."_s);
}

void TestReconcile::billedErrors()
{
    for (Dimension d : {Dimension::Provider, Dimension::Model, Dimension::Project, Dimension::Day})
        QVERIFY(isBilledDimension(d));
    ReportQuery query;
    query.sinceNs = kBaseNs + kDayNs;
    query.untilNs = kBaseNs;
    Error error;
    QVERIFY(!runBilledReport(readDb(), query, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QVERIFY(!runReconcile(readDb(), {kBaseNs + kDayNs, kBaseNs, kBaseNs, {}}, nullptr, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    query.untilNs = query.sinceNs;
    const auto empty = runBilledReport(readDb(), query, &error);
    QVERIFY(empty && empty->isEmpty());
    QVERIFY(!runBilledReport(QSqlDatabase(), query, &error));
    QCOMPARE(error.code, Error::Code::Database);
    QVERIFY(!runReconcile(QSqlDatabase(), {kBaseNs, kBaseNs + kDayNs, kBaseNs, {}}, nullptr, &error));
    QCOMPARE(error.code, Error::Code::Database);
    QVERIFY(!runReconcile(readDb(), {kBaseNs, kBaseNs + kDayNs, kBaseNs, {{Dimension::Feature, u"x"_s}}},
                          nullptr, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QCOMPARE(error.message, u"Reconciliation filters only by provider and model, not by feature."_s);
}

void TestReconcile::causes_data()
{
    // One row: openai gpt-4.1 on 2026-01-03. Billed cost (-1: no cost row), billed requests (-2: no usage
    // bucket, -1: not counted), billed tokens; measured calls, cost, unpriced calls, tokens; hours from the
    // day's end to now; whether another model of openai has a cost row that day.
    QTest::addColumn<qint64>("billed");
    QTest::addColumn<qint64>("billedRequests");
    QTest::addColumn<qint64>("billedTokens");
    QTest::addColumn<int>("calls");
    QTest::addColumn<qint64>("measured");
    QTest::addColumn<int>("unpriced");
    QTest::addColumn<qint64>("measuredTokens");
    QTest::addColumn<int>("hoursSince");
    QTest::addColumn<bool>("otherModelBilled");
    QTest::addColumn<QStringList>("causes");

    const QStringList none;
    QTest::newRow("equal") << 1'000'000LL << 4LL << 4000LL << 4 << 1'000'000LL << 0 << 4000LL << 48 << false
                           << none;
    QTest::newRow("within 1 %") << 10'000'000LL << 4LL << 4000LL << 4 << 9'900'000LL << 0 << 5000LL << 48
                                << false << none;
    QTest::newRow("just above 1 %") << 10'000'000LL << 4LL << 4000LL << 4 << 9'899'999LL << 0 << 4000LL << 48
                                    << false << QStringList{u"price_difference"_s};
    QTest::newRow("within 1 cent") << 500'000LL << 4LL << 4000LL << 4 << 490'000LL << 0 << 9000LL << 48
                                   << false << none;
    QTest::newRow("just above 1 cent") << 500'000LL << 4LL << 4000LL << 4 << 489'999LL << 0 << 4000LL << 48
                                       << false << QStringList{u"price_difference"_s};
    QTest::newRow("unpriced calls") << 2'000'000LL << 3LL << 3000LL << 3 << 1'000'000LL << 1 << 9000LL << 48
                                    << false << QStringList{u"unpriced_calls"_s};
    QTest::newRow("more billed requests than calls")
        << 2'000'000LL << 10LL << 10000LL << 4 << 800'000LL << 0 << 4000LL << 48 << false
        << QStringList{u"uninstrumented"_s};
    QTest::newRow("billed, never measured") << 2'000'000LL << -1LL << 10000LL << 0 << 0LL << 0 << 0LL << 48
                                            << false << QStringList{u"uninstrumented"_s};
    QTest::newRow("tokens agree within 2 %")
        << 1'300'000LL << 4LL << 100'000LL << 4 << 1'000'000LL << 0 << 101'999LL << 48 << false
        << QStringList{u"price_difference"_s};
    QTest::newRow("tokens differ by more than 2 %")
        << 1'300'000LL << 4LL << 100'000LL << 4 << 1'000'000LL << 0 << 102'100LL << 48 << false << none;
    QTest::newRow("not final: ended 23 h ago") << 1'300'000LL << 4LL << 100'000LL << 4 << 1'000'000LL << 0
                                               << 150'000LL << 23 << false << QStringList{u"not_final"_s};
    QTest::newRow("not final: still running") << 1'300'000LL << 4LL << 100'000LL << 4 << 1'000'000LL << 0
                                              << 150'000LL << -5 << false << QStringList{u"not_final"_s};
    QTest::newRow("final: ended 25 h ago")
        << 1'300'000LL << 4LL << 100'000LL << 4 << 1'000'000LL << 0 << 150'000LL << 25 << false << none;
    QTest::newRow("not billed") << -1LL << -2LL << 0LL << 4 << 1'000'000LL << 0 << 4000LL << 48 << false
                                << QStringList{u"not_billed"_s};
    QTest::newRow("not billed, recent")
        << -1LL << 4LL << 4000LL << 4 << 1'000'000LL << 0 << 4000LL << 2 << false
        << QStringList{u"price_difference"_s, u"not_final"_s, u"not_billed"_s};
    QTest::newRow("provider billed other models")
        << -1LL << -2LL << 0LL << 4 << 1'000'000LL << 0 << 4000LL << 48 << true << none;
    QTest::newRow("several causes") << 5'000'000LL << 9LL << 9000LL << 4 << 1'000'000LL << 2 << 4000LL << 1
                                    << false
                                    << QStringList{u"unpriced_calls"_s, u"uninstrumented"_s, u"not_final"_s};
}

void TestReconcile::causes()
{
    QFETCH(qint64, billed);
    QFETCH(qint64, billedRequests);
    QFETCH(qint64, billedTokens);
    QFETCH(int, calls);
    QFETCH(qint64, measured);
    QFETCH(int, unpriced);
    QFETCH(qint64, measuredTokens);
    QFETCH(int, hoursSince);
    QFETCH(bool, otherModelBilled);
    QFETCH(QStringList, causes);

    constexpr int kDay = 2;
    const qint64 dayStart = kBaseNs + kDay * kDayNs;
    ProviderWrite w;
    w.provider = u"openai"_s;
    if (billed >= 0)
        w.costs.append({u"openai"_s, dayStart, kDayNs, QString(), u"gpt-4.1, input"_s, u"gpt-4.1"_s, billed});
    if (otherModelBilled)
        w.costs.append(
            {u"openai"_s, dayStart, kDayNs, QString(), u"gpt-4.1-mini, input"_s, u"gpt-4.1-mini"_s, 123});
    if (billedRequests >= -1) {
        UsageBucket u;
        u.provider = u"openai"_s;
        u.bucketStartNs = dayStart + 5 * kHourNs;
        u.bucketWidthNs = kHourNs;
        u.model = u"gpt-4.1"_s;
        u.inputTokens = billedTokens;
        u.requests = billedRequests;
        w.usage.append(u);
    }
    write(w);
    if (calls > 0)
        measure(kDay, u"openai"_s, u"gpt-4.1"_s, calls, measured, unpriced, measuredTokens);
    // Another provider's spend on the same day changes nothing.
    measure(kDay, u"anthropic"_s, u"claude-haiku-4-5"_s, 2, 50'000, 0, 100);

    ReconcileQuery query;
    query.sinceNs = kBaseNs;
    query.untilNs = kBaseNs + kDays * kDayNs;
    query.nowNs = dayStart + kDayNs + hoursSince * kHourNs;
    query.filters = {{Dimension::Provider, u"openai"_s}};
    Error error;
    const std::optional<QList<ReconcileRow>> rows = runReconcile(readDb(), query, nullptr, &error);
    QVERIFY2(rows, qPrintable(error.message));
    const auto it = std::find_if(rows->cbegin(), rows->cend(),
                                 [](const ReconcileRow &r) { return r.model == u"gpt-4.1"; });
    QVERIFY(it != rows->cend());
    QCOMPARE(rows->size(), otherModelBilled ? 2 : 1);
    const ReconcileRow &row = *it;
    QCOMPARE(row.day, QDate(2026, 1, 3));
    QCOMPARE(row.provider, u"openai"_s);
    QCOMPARE(row.billedMicros, std::max<qint64>(billed, 0));
    QCOMPARE(row.measuredMicros, measured);
    QCOMPARE(row.differenceMicros, std::max<qint64>(billed, 0) - measured);
    QCOMPARE(row.billedRequests, std::max<qint64>(billedRequests, -1));
    QCOMPARE(row.measuredCalls, calls);
    QCOMPARE(row.unpricedCalls, unpriced);
    QCOMPARE(row.billedTokens, billedRequests >= -1 ? billedTokens : 0);
    QCOMPARE(row.measuredTokens, measuredTokens);
    QCOMPARE(causeNames(row.causes), causes);
}

void TestReconcile::snapshotModelsMeetThroughPrices()
{
    // Telemetry names the snapshot, the cost endpoint the model; usage names the snapshot too.
    ProviderWrite w;
    w.provider = u"anthropic"_s;
    w.costs = {{u"anthropic"_s, kBaseNs, kDayNs, QString(), u"Claude Sonnet 4.5 Usage - Input Tokens"_s,
                u"claude-sonnet-4-5"_s, 3'000'000}};
    UsageBucket u;
    u.provider = u"anthropic"_s;
    u.bucketStartNs = kBaseNs + kHourNs;
    u.bucketWidthNs = kHourNs;
    u.model = u"claude-sonnet-4-5-20250929"_s;
    u.inputTokens = 1000;
    w.usage = {u};
    write(w);
    measure(0, u"anthropic"_s, u"claude-sonnet-4-5-20250929"_s, 5, 2'990'000, 0, 1000);
    measure(0, u"anthropic"_s, u"claude-unknown-9"_s, 1, 0, 1, 10);

    const Pricing::PriceTable prices({price(u"anthropic"_s, u"claude-sonnet-4-5"_s)});
    ReconcileQuery query{kBaseNs, kBaseNs + kDayNs, kBaseNs + 10 * kDayNs, {}};
    Error error;
    auto rows = runReconcile(readDb(), query, &prices, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 2);
    const ReconcileRow &sonnet = rows->at(0);
    QCOMPARE(sonnet.model, u"claude-sonnet-4-5"_s);
    QCOMPARE(sonnet.billedMicros, 3'000'000);
    QCOMPARE(sonnet.measuredMicros, 2'990'000);
    QCOMPARE(sonnet.measuredCalls, 5);
    QCOMPARE(sonnet.billedTokens, 1000);
    QCOMPARE(sonnet.billedRequests, -1);
    QVERIFY(sonnet.causes.isEmpty());                        // $0.01 apart: within the quiet band
    QCOMPARE(rows->at(1).model, u"claude-unknown-9"_s);      // no price: its own id
    QCOMPARE(causeNames(rows->at(1).causes), QStringList()); // $0 both sides

    // The snapshot id as a filter finds the matched row.
    query.filters = {{Dimension::Model, u"claude-sonnet-4-5-20250929"_s}};
    rows = runReconcile(readDb(), query, &prices, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().billedMicros, 3'000'000);

    // Without prices the ids stay apart.
    query.filters.clear();
    rows = runReconcile(readDb(), query, nullptr, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 3);
    QCOMPARE(rows->at(0).model, u"claude-sonnet-4-5"_s);
    QCOMPARE(rows->at(0).measuredCalls, 0);
    QCOMPARE(causeNames(rows->at(0).causes), QStringList{u"uninstrumented"_s});
    QCOMPARE(rows->at(1).model, u"claude-sonnet-4-5-20250929"_s);
    QCOMPARE(rows->at(1).billedTokens, 1000);
}

void TestReconcile::billedSnapshotsMergeThroughPrices()
{
    // The usage endpoint names the snapshot, the cost endpoint the model: one billed row per model.
    ProviderWrite w;
    w.provider = u"anthropic"_s;
    w.costs = {{u"anthropic"_s, kBaseNs, kDayNs, QString(), u"Claude Sonnet 4.5 Usage - Input Tokens"_s,
                u"claude-sonnet-4-5"_s, 3'000'000},
               {u"anthropic"_s, kBaseNs + kDayNs, kDayNs, QString(),
                u"Claude Sonnet 4.5 Usage - Input Tokens"_s, u"claude-sonnet-4-5"_s, 1'000'000}};
    UsageBucket u;
    u.provider = u"anthropic"_s;
    u.bucketStartNs = kBaseNs + kHourNs;
    u.bucketWidthNs = kHourNs;
    u.model = u"claude-sonnet-4-5-20250929"_s;
    u.inputTokens = 1000;
    UsageBucket other = u;
    other.model = u"claude-unknown-9"_s;
    other.inputTokens = 7;
    w.usage = {u, other};
    write(w);

    const Pricing::PriceTable prices({price(u"anthropic"_s, u"claude-sonnet-4-5"_s)});
    ReportQuery query;
    query.sinceNs = kBaseNs;
    query.untilNs = kBaseNs + 2 * kDayNs;
    query.groupBy = {Dimension::Model};
    Error error;
    auto rows = runBilledReport(readDb(), query, &prices, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(0).keys, QStringList{u"claude-sonnet-4-5"_s});
    QCOMPARE(rows->at(0).costMicros, 4'000'000); // both days
    QCOMPARE(rows->at(0).inputTokens, 1000);
    QCOMPARE(rows->at(1).keys, QStringList{u"claude-unknown-9"_s}); // no price: its own id
    QCOMPARE(rows->at(1).inputTokens, 7);

    // A snapshot id as a filter finds the model's row; grouping by day keeps the days apart.
    query.groupBy = {Dimension::Day, Dimension::Model};
    query.filters = {{Dimension::Model, u"claude-sonnet-4-5-20250929"_s}};
    rows = runBilledReport(readDb(), query, &prices, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(0).keys, (QStringList{u"2026-01-01"_s, u"claude-sonnet-4-5"_s}));
    QCOMPARE(rows->at(0).costMicros, 3'000'000);
    QCOMPARE(rows->at(0).inputTokens, 1000);
    QCOMPARE(rows->at(1).keys, (QStringList{u"2026-01-02"_s, u"claude-sonnet-4-5"_s}));
    QCOMPARE(rows->at(1).costMicros, 1'000'000);

    // Without prices the ids stay apart, as the providers sent them.
    query.groupBy = {Dimension::Model};
    query.filters.clear();
    rows = runBilledReport(readDb(), query, nullptr, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 3);
}

void TestReconcile::costRowsWithoutModel()
{
    // A cost without a model (web search, code execution) is a row of its own, model "".
    ProviderWrite w;
    w.provider = u"anthropic"_s;
    w.costs = {{u"anthropic"_s, kBaseNs, kDayNs, QString(), u"Web Search Usage"_s, QString(), 250'000},
               {u"anthropic"_s, kBaseNs, kDayNs, u"wrk_1"_s, u"Code Execution Usage"_s, QString(), 50'000},
               {u"anthropic"_s, kBaseNs, kDayNs, QString(), u"Claude Haiku 4.5 Usage - Output Tokens"_s,
                u"claude-haiku-4-5"_s, 100'000}};
    write(w);
    measure(0, u"anthropic"_s, u"claude-haiku-4-5"_s, 2, 100'000, 0, 500);
    const Pricing::PriceTable prices({price(u"anthropic"_s, u"claude-haiku-4-5"_s)});
    Error error;
    const auto rows =
        runReconcile(readDb(), {kBaseNs, kBaseNs + kDayNs, kBaseNs + 9 * kDayNs, {}}, &prices, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(0).model, QString());
    QCOMPARE(rows->at(0).billedMicros, 300'000);
    QCOMPARE(causeNames(rows->at(0).causes), QStringList{u"uninstrumented"_s});
    QCOMPARE(rows->at(1).model, u"claude-haiku-4-5"_s);
    QCOMPARE(rows->at(1).differenceMicros, 0);
}

void TestReconcile::reconcileFilters()
{
    ProviderWrite w;
    w.provider = u"openai"_s;
    w.costs = {{u"openai"_s, kBaseNs, kDayNs, QString(), u"a"_s, u"gpt-4.1"_s, 1'000'000},
               {u"openai"_s, kBaseNs + kDayNs, kDayNs, QString(), u"b"_s, u"gpt-4.1-mini"_s, 2'000'000},
               {u"openai"_s, kBaseNs + 3 * kDayNs, kDayNs, QString(), u"c"_s, u"gpt-4.1"_s, 7'000'000}};
    write(w);
    measure(0, u"anthropic"_s, u"claude-haiku-4-5"_s, 1, 10, 0, 1);
    measure(1, u"openai"_s, u"gpt-4.1"_s, 1, 1'000'000, 0, 1);
    Error error;
    // Range: the days of 2026-01-01 12:00 .. 2026-01-02 01:00, i.e. two whole days.
    ReconcileQuery query{kBaseNs + 12 * kHourNs, kBaseNs + kDayNs + kHourNs, kBaseNs + 10 * kDayNs, {}};
    auto rows = runReconcile(readDb(), query, nullptr, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QStringList seen;
    for (const ReconcileRow &r : *rows)
        seen.append(r.day.toString(Qt::ISODate) + u' ' + r.provider + u' ' + r.model);
    QCOMPARE(seen, (QStringList{u"2026-01-01 openai gpt-4.1"_s, u"2026-01-01 anthropic claude-haiku-4-5"_s,
                                u"2026-01-02 openai gpt-4.1-mini"_s, u"2026-01-02 openai gpt-4.1"_s}));
    query.filters = {{Dimension::Provider, u"openai"_s}, {Dimension::Model, u"gpt-4.1"_s}};
    rows = runReconcile(readDb(), query, nullptr, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 2);
    // gpt-4.1 was not billed on day 2, but another model was: the cost endpoint is not behind.
    QCOMPARE(rows->at(1).day, QDate(2026, 1, 2));
    QVERIFY(!rows->at(1).causes.contains(GapCause::NotBilled));
}

void TestReconcile::causeNamesAndTexts()
{
    const QList<GapCause> all = {GapCause::UnpricedCalls, GapCause::Uninstrumented, GapCause::PriceDifference,
                                 GapCause::NotFinal, GapCause::NotBilled};
    QCOMPARE(causeNames(all), (QStringList{u"unpriced_calls"_s, u"uninstrumented"_s, u"price_difference"_s,
                                           u"not_final"_s, u"not_billed"_s}));
    QSet<QString> texts;
    for (GapCause c : all) {
        const QString text = gapCauseText(c);
        QVERIFY(text.endsWith(u'.'));
        texts.insert(text);
    }
    QCOMPARE(texts.size(), all.size());
}

void TestReconcile::queriesUseTheKeys()
{
    ProviderWrite w;
    w.provider = u"openai"_s;
    for (int i = 0; i < 50; ++i)
        w.costs.append({u"openai"_s, kBaseNs + i * kDayNs, kDayNs, QString(), u"x"_s, u"gpt-4.1"_s, 1});
    write(w);
    measure(3, u"openai"_s, u"gpt-4.1"_s, 3, 30, 0, 30);
    readDb();

    // Billed: both provider tables searched by bucket start, with and without filters.
    ReportQuery billed;
    billed.sinceNs = kBaseNs + 2 * kDayNs;
    billed.untilNs = kBaseNs + 9 * kDayNs;
    billed.groupBy = {Dimension::Day, Dimension::Provider, Dimension::Model, Dimension::Project};
    for (const QList<ReportFilter> &filters :
         {QList<ReportFilter>{}, QList<ReportFilter>{{Dimension::Provider, u"openai"_s},
                                                     {Dimension::Project, u"p"_s},
                                                     {Dimension::Day, u"2026-01-04"_s}}}) {
        billed.filters = filters;
        const QStringList steps = planSteps([&] { QVERIFY(runBilledReport(readDb(), billed, nullptr)); });
        int searches = 0;
        for (const QString &step : steps) {
            QVERIFY2(!step.startsWith(u"SCAN"), qPrintable(step));
            searches += step.startsWith(u"SEARCH provider_costs USING PRIMARY KEY (bucket_start_ns>? AND "
                                        u"bucket_start_ns<?)") ||
                        step.startsWith(u"SEARCH provider_usage USING PRIMARY KEY (bucket_start_ns>? AND "
                                        u"bucket_start_ns<?)");
        }
        QCOMPARE(searches, 2);
    }

    // Reconcile: the measured side is runReport's, over whole days, so from the rollup alone.
    const ReconcileQuery query{kBaseNs + 2 * kDayNs + 5, kBaseNs + 9 * kDayNs - 5, kBaseNs, {}};
    const QStringList steps = planSteps([&] { QVERIFY(runReconcile(readDb(), query, nullptr, nullptr)); });
    int rollupReads = 0;
    for (const QString &step : steps) {
        QVERIFY2(!step.startsWith(u"SCAN") && !step.contains(u"usage_events"), qPrintable(step));
        rollupReads += step.startsWith(u"SEARCH rollup_hourly USING PRIMARY KEY (hour>? AND hour<?)");
    }
    QCOMPARE(rollupReads, 1);
}

QTEST_GUILESS_MAIN(TestReconcile)
#include "tst_reconcile.moc"
