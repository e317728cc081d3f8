#include "common/timeutil.h"
#include "models/callsmodel.h"
#include "storage/calls.h"
#include "storage/database.h"
#include "storage/eventkey.h"
#include "storage/storagewriter.h"

#include <QAbstractItemModelTester>
#include <QHash>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace Burnrate;
using namespace Burnrate::Storage;
using namespace Burnrate::Models;
using namespace Qt::StringLiterals;
using Model::UsageEvent;

namespace {

constexpr qint64 kDataStartNs = 1773964800LL * Time::kNanosPerSecond; // 2026-03-20T00:00:00Z
constexpr qint64 kDayNs = 86400 * Time::kNanosPerSecond;
constexpr int kEvents = 3000;

struct Stored
{
    UsageEvent event;
    qint64 rowId = 0;
};

// Random calls over three days; tokens, cost and latency from small ranges so that ties (which the
// keyset's tie-breaker must order) are common.
QList<UsageEvent> randomEvents(int count, quint32 seed)
{
    QRandomGenerator random(seed);
    const auto pick = [&](const QString &prefix, int choices) -> QString {
        const int n = int(random.bounded(choices + 1));
        return n == choices ? QString() : prefix + QString::number(n);
    };
    QList<UsageEvent> events;
    for (int i = 0; i < count; ++i) {
        UsageEvent e;
        e.source = u"test"_s;
        e.startNs = kDataStartNs + random.bounded(3 * 86400) * Time::kNanosPerSecond;
        if (i % 7 == 0 && !events.isEmpty())
            e.startNs = events.constLast().startNs; // same start: the event id breaks the tie
        e.endNs = e.startNs + random.bounded(1, 20'000) * 1'000'000;
        e.provider = pick(u"provider-"_s, 2);
        e.model = pick(u"model-"_s, 4);
        e.feature = pick(u"feature-"_s, 4);
        e.agentId = pick(u"agent-"_s, 3);
        e.userId = pick(u"user-"_s, 3);
        e.sessionId = pick(u"session-"_s, 20);
        e.taskId = pick(u"task-"_s, 5);
        e.traceId = u"%1"_s.arg(random.bounded(300), 32, 16, QLatin1Char('0'));
        e.spanId = u"%1"_s.arg(i, 16, 16, QLatin1Char('0'));
        e.eventId = Model::eventIdForSpan(e.traceId, e.spanId);
        e.inputTokens = random.bounded(20) * 100;
        e.outputTokens = random.bounded(10) * 10;
        e.costMicros = random.bounded(40) * 250;
        e.costSource = Model::CostSource(random.bounded(3));
        e.latencyMs = random.bounded(5) == 0 ? -1 : random.bounded(30) * 100;
        events.append(e);
    }
    return events;
}

bool store(const QString &path, const QList<UsageEvent> &events, QObject *context)
{
    StorageWriter writer(path);
    Error error;
    if (!writer.start(&error)) {
        qWarning() << error.message;
        return false;
    }
    int pending = 0;
    bool ok = true;
    for (qsizetype first = 0; first < events.size(); first += 500) {
        ++pending;
        writer.submit(events.mid(first, 500), context, [&](const WriteResult &r) {
            ok = ok && !r.error;
            --pending;
        });
    }
    QElapsedTimer timer;
    timer.start();
    while (pending > 0 && timer.elapsed() < 30000)
        QTest::qWait(20);
    writer.stop();
    return ok && pending == 0;
}

// The model reads on its worker thread: wait for the page on its way.
bool arrived(const CallsModel &model)
{
    return QTest::qWaitFor([&model] { return !model.isFetching(); }, 30000);
}

bool fetchAll(CallsModel &model)
{
    if (!arrived(model))
        return false;
    while (model.canFetchMore({})) {
        model.fetchMore({});
        if (!arrived(model))
            return false;
    }
    return true;
}

QList<qint64> rowIds(const CallsModel &model)
{
    QList<qint64> ids;
    for (int r = 0; r < model.rowCount(); ++r)
        ids.append(model.rowId(r));
    return ids;
}

QString valueOf(const UsageEvent &e, Dimension d)
{
    switch (d) {
    case Dimension::Provider:
        return e.provider;
    case Dimension::Model:
        return e.model;
    case Dimension::Feature:
        return e.feature;
    case Dimension::Agent:
        return e.agentId;
    case Dimension::User:
        return e.userId;
    case Dimension::Session:
        return e.sessionId;
    case Dimension::Task:
        return e.taskId;
    case Dimension::Trace:
        return e.traceId;
    default:
        return {};
    }
}

} // namespace

class TestCallsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void modelTester();
    void lazyLoadingByPages();
    void sortingAcrossPagesMatchesOrderBy_data();
    void sortingAcrossPagesMatchesOrderBy();
    void pagesReadByMinuteMatchBruteForce_data();
    void pagesReadByMinuteMatchBruteForce();
    void pagesReachTheEndsOfTime();
    void unsortableColumnKeepsOrder();
    void staleResultsAreSuperseded();
    void liveInsertsNewCallsAtTheTop();
    void liveCountsNewCallsInOtherOrders();
    void newCallsAreCountedByRowId();
    void callsQueryUsesAnIndex_data();
    void callsQueryUsesAnIndex();
    void sessionFilterFollowsReattribution();
    void loadCallHasEveryField();
    void badFilterIsAnError();
    void emptyRange();
    void textFormats();
    void cellOfAReport();
    void cellErrors();

private:
    // The calls in the query, ordered the obvious way.
    QList<qint64> bruteForce(const CallsQuery &query, CallsSort sort, Qt::SortOrder order) const
    {
        return sortedIds(m_events, query, sort, order);
    }
    static QList<qint64> sortedIds(const QList<Stored> &events, const CallsQuery &query, CallsSort sort,
                                   Qt::SortOrder order);
    QStringList planOf(const QString &sql) const;

    QTemporaryDir m_dir;
    QString m_path;
    QList<Stored> m_events;
    std::unique_ptr<Connection> m_reader;
    // Calls packed into 20 minutes, for the pages read minute by minute.
    QList<Stored> m_denseEvents;
    std::unique_ptr<Connection> m_denseReader;
    // Calls in the 40 minutes around 1970 whose values follow their minute.
    QList<Stored> m_minuteEvents;
    std::unique_ptr<Connection> m_minuteReader;
};

namespace {

// Stores `events` at `path` and opens it read-only; `stored` gets each event with its row id.
std::unique_ptr<Connection> storeAndOpen(const QString &path, const QList<UsageEvent> &events,
                                         QObject *context, QList<Stored> *stored)
{
    if (!store(path, events, context))
        return nullptr;
    Error error;
    std::unique_ptr<Connection> reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
    if (!reader) {
        qWarning() << error.message;
        return nullptr;
    }
    QHash<QString, qint64> rowIds;
    QSqlQuery q(reader->database());
    if (!q.exec(u"SELECT "_s + QLatin1String(kEventIdSql) + u", id FROM usage_events"_s))
        return nullptr;
    while (q.next())
        rowIds.insert(q.value(0).toString(), q.value(1).toLongLong());
    if (rowIds.size() != events.size())
        return nullptr;
    for (const UsageEvent &e : events)
        stored->append({e, rowIds.value(e.eventId)});
    return reader;
}

} // namespace

void TestCallsModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(u"burnrate.sqlite"_s);
    m_reader = storeAndOpen(m_path, randomEvents(kEvents, 777), this, &m_events);
    QVERIFY(m_reader);

    QList<UsageEvent> dense = randomEvents(2000, 4242);
    for (UsageEvent &e : dense) {
        const qint64 length = e.endNs - e.startNs;
        e.startNs = kDataStartNs + (e.startNs - kDataStartNs) % (20 * 60 * Time::kNanosPerSecond);
        e.endNs = e.startNs + length;
    }
    m_denseReader = storeAndOpen(m_dir.filePath(u"dense.sqlite"_s), dense, this, &m_denseEvents);
    QVERIFY(m_denseReader);

    // Each minute's values lie in a narrow band of their own, the bands in another order than the minutes;
    // equal values within a band; calls on a minute's first and last nanosecond.
    QList<UsageEvent> byMinute = randomEvents(2000, 5151);
    QRandomGenerator random(5151);
    for (qsizetype i = 0; i < byMinute.size(); ++i) {
        UsageEvent &e = byMinute[i];
        const qint64 minute = qint64(i % 40) - 20;
        const qint64 at = i % 11 == 0   ? 0
                          : i % 13 == 0 ? Time::kNanosPerMinute - 1
                                        : random.bounded(60'000) * 1'000'000;
        e.startNs = minute * Time::kNanosPerMinute + at;
        e.endNs = e.startNs + 1000;
        const qint64 band = (minute + 20) * 17 % 40;
        e.costMicros = band * 10'000 + random.bounded(4) * 250;
        e.inputTokens = (band * 7 % 40) * 1000 + random.bounded(3) * 100;
        e.outputTokens = random.bounded(2) * 50;
        e.latencyMs = band == 5 ? -1 : (band * 11 % 40) * 1000 + random.bounded(3);
    }
    m_minuteReader = storeAndOpen(m_dir.filePath(u"minutes.sqlite"_s), byMinute, this, &m_minuteEvents);
    QVERIFY(m_minuteReader);
}

void TestCallsModel::cleanupTestCase()
{
    m_reader.reset();
    m_denseReader.reset();
    m_minuteReader.reset();
}

QList<qint64> TestCallsModel::sortedIds(const QList<Stored> &events, const CallsQuery &query, CallsSort sort,
                                        Qt::SortOrder order)
{
    QList<Stored> matched;
    for (const Stored &s : events) {
        if (s.event.startNs < query.sinceNs || s.event.startNs >= query.untilNs)
            continue;
        bool keep = true;
        for (Dimension d : {Dimension::Provider, Dimension::Model, Dimension::Feature, Dimension::Agent,
                            Dimension::User, Dimension::Session, Dimension::Task, Dimension::Trace}) {
            bool filtered = false;
            bool hit = false;
            for (const ReportFilter &f : query.filters) {
                if (f.dimension == d) {
                    filtered = true;
                    hit = hit || f.value == valueOf(s.event, d);
                }
            }
            keep = keep && (!filtered || hit);
        }
        if (keep)
            matched.append(s);
    }
    const auto key = [sort](const Stored &s) -> qint64 {
        switch (sort) {
        case CallsSort::Time:
            return s.event.startNs;
        case CallsSort::Cost:
            return s.event.costMicros;
        case CallsSort::Tokens:
            return s.event.inputTokens + s.event.outputTokens;
        case CallsSort::Latency:
            return s.event.latencyMs;
        }
        return 0;
    };
    std::sort(matched.begin(), matched.end(), [&](const Stored &a, const Stored &b) {
        bool less;
        if (key(a) != key(b))
            less = key(a) < key(b);
        else if (sort == CallsSort::Time)
            less = eventKey(a.event.eventId) < eventKey(b.event.eventId);
        else
            less = a.rowId < b.rowId;
        return order == Qt::AscendingOrder ? less : !less;
    });
    QList<qint64> ids;
    for (const Stored &s : std::as_const(matched))
        ids.append(s.rowId);
    return ids;
}

QStringList TestCallsModel::planOf(const QString &sql) const
{
    QStringList plan;
    auto *db = static_cast<sqlite3 *>(m_reader->sqliteHandle());
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, QByteArray("EXPLAIN QUERY PLAN " + sql.toUtf8()).constData(), -1, &stmt,
                           nullptr) != SQLITE_OK) {
        qWarning() << sqlite3_errmsg(db);
        return plan;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW)
        plan.append(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 3))));
    sqlite3_finalize(stmt);
    return plan;
}

void TestCallsModel::modelTester()
{
    CallsModel model(m_path);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(100);
    model.setQuery({kDataStartNs, kDataStartNs + kDayNs, {}});
    QVERIFY(model.isLoading()); // on the worker thread: no rows yet, and no second page asked for
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(arrived(model));
    QVERIFY(!model.isLoading());
    QCOMPARE(model.rowCount(), 100);
    QVERIFY(fetchAll(model));
    model.sort(CallsModel::CostColumn, Qt::DescendingOrder);
    QCOMPARE(model.rowCount(), 0); // the rows in time order are not shown as the ones by cost
    QVERIFY(arrived(model));
    QCOMPARE(model.rowCount(), 100);
    model.fetchMore({});
    QVERIFY(model.isFetching());
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.rowCount(), 100); // inserted when the page arrives
    QVERIFY(arrived(model));
    QVERIFY(model.rowCount() > 100);
    QVERIFY(model.data(model.index(0, CallsModel::CostColumn)).toString().size() > 0);
    Error error;
    const auto first = loadCall(m_reader->database(), model.rowId(0), &error);
    QVERIFY(first);
    QCOMPARE(model.data(model.index(0, CallsModel::CostColumn), CallsModel::SortRole).toLongLong(),
             first->event.costMicros);
    QCOMPARE(model.data(model.index(0, CallsModel::ModelColumn)).toString(), first->event.model);
    QCOMPARE(model.data(model.index(0, CallsModel::FeatureColumn)).toString(), first->event.feature);
    QCOMPARE(model.headerData(CallsModel::CostColumn, Qt::Horizontal).toString(), u"Cost"_s);
}

void TestCallsModel::lazyLoadingByPages()
{
    CallsModel model(m_path);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setPageSize(64);
    const CallsQuery query{kDataStartNs, kDataStartNs + 3 * kDayNs, {}};
    const QList<qint64> expected = bruteForce(query, CallsSort::Time, Qt::DescendingOrder);
    QVERIFY(expected.size() > 64 * 10);
    model.setQuery(query);
    QVERIFY(arrived(model));
    QCOMPARE(model.rowCount(), 64);
    QCOMPARE(model.pagesFetched(), 1);
    QVERIFY(model.canFetchMore({}));
    int previous = model.rowCount();
    while (model.canFetchMore({})) {
        model.fetchMore({});
        model.fetchMore({}); // while one is on its way: nothing more is asked for
        QVERIFY(arrived(model));
        QVERIFY(model.rowCount() - previous <= 64); // one page at a time, never everything at once
        previous = model.rowCount();
    }
    QCOMPARE(model.rowCount(), expected.size());
    QCOMPARE(model.pagesFetched(), int(expected.size() / 64) + 1); // the last, short (or empty) page
    QVERIFY(!model.canFetchMore({}));
    model.fetchMore({}); // at the end: nothing happens
    QVERIFY(!model.isFetching());
    QCOMPARE(model.rowCount(), expected.size());
    QCOMPARE(inserted.size(), model.pagesFetched() - (expected.size() % 64 == 0 ? 1 : 0));
    QCOMPARE(rowIds(model), expected);
}

void TestCallsModel::sortingAcrossPagesMatchesOrderBy_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addColumn<QList<ReportFilter>>("filters");
    const QList<std::pair<const char *, QList<ReportFilter>>> filterSets = {
        {"all", {}},
        {"feature", {{Dimension::Feature, u"feature-1"_s}}},
        {"feature or none, agent",
         {{Dimension::Feature, u"feature-2"_s},
          {Dimension::Feature, QString()},
          {Dimension::Agent, u"agent-0"_s}}},
        {"session", {{Dimension::Session, u"session-3"_s}}},
        {"user and model", {{Dimension::User, u"user-1"_s}, {Dimension::Model, u"model-2"_s}}},
    };
    for (const int column : {int(CallsModel::TimeColumn), int(CallsModel::CostColumn),
                             int(CallsModel::TokensColumn), int(CallsModel::LatencyColumn)}) {
        for (const int order : {int(Qt::AscendingOrder), int(Qt::DescendingOrder)}) {
            for (const auto &[name, filters] : filterSets)
                QTest::addRow("column %d order %d %s", column, order, name) << column << order << filters;
        }
    }
}

void TestCallsModel::sortingAcrossPagesMatchesOrderBy()
{
    QFETCH(int, column);
    QFETCH(int, order);
    QFETCH(QList<ReportFilter>, filters);
    CallsModel model(m_path);
    model.setPageSize(37); // pages end inside runs of equal keys
    const CallsQuery query{kDataStartNs + kDayNs / 3, kDataStartNs + 2 * kDayNs + 1234, filters};
    model.setQuery(query);
    model.sort(column, Qt::SortOrder(order));
    QVERIFY(fetchAll(model));
    const CallsSort sort = column == CallsModel::CostColumn      ? CallsSort::Cost
                           : column == CallsModel::TokensColumn  ? CallsSort::Tokens
                           : column == CallsModel::LatencyColumn ? CallsSort::Latency
                                                                 : CallsSort::Time;
    const QList<qint64> expected = bruteForce(query, sort, Qt::SortOrder(order));
    QVERIFY(!expected.isEmpty());
    QCOMPARE(rowIds(model), expected);
}

void TestCallsModel::pagesReadByMinuteMatchBruteForce_data()
{
    QTest::addColumn<int>("data"); // 0: random values; 1: values that follow the minute
    QTest::addColumn<qint64>("since");
    QTest::addColumn<qint64>("until");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<QList<ReportFilter>>("filters");
    constexpr qint64 kMinute = Time::kNanosPerMinute;
    const QList<ReportFilter> feature{{Dimension::Feature, u"feature-1"_s}, {Dimension::Agent, {}}};
    for (const int pageSize : {1, 7, 37, 250, 5000}) {
        const qint64 since = kDataStartNs + 90 * Time::kNanosPerSecond + 123;
        const qint64 until = kDataStartNs + 17 * kMinute + 5;
        QTest::addRow("random, page %d", pageSize)
            << 0 << since << until << pageSize << QList<ReportFilter>();
        QTest::addRow("random, page %d, feature", pageSize) << 0 << since << until << pageSize << feature;
    }
    // Around 1970 (negative times), ends on and one nanosecond either side of a minute's end.
    const QList<std::tuple<const char *, qint64, qint64>> ranges = {
        {"all", -20 * kMinute, 20 * kMinute},
        {"ragged", -7 * kMinute - 1, 3 * kMinute + 1},
        {"on minutes", -7 * kMinute, 3 * kMinute},
        {"inside minutes", -7 * kMinute + 1, 3 * kMinute - 1},
        {"around a minute's end", kMinute - 1, kMinute + 1},
        {"no calls", 30 * kMinute, 40 * kMinute},
    };
    for (const auto &[name, since, until] : ranges) {
        for (const int pageSize : {1, 7, 250}) {
            QTest::addRow("by minute, %s, page %d", name, pageSize)
                << 1 << since << until << pageSize << QList<ReportFilter>();
        }
    }
    QTest::addRow("by minute, all, page 7, feature") << 1 << -20 * kMinute << 20 * kMinute << 7 << feature;
    QTest::addRow("by minute, all, page 7, no session")
        << 1 << -20 * kMinute << 20 * kMinute << 7 << QList<ReportFilter>{{Dimension::Session, {}}};
}

// Cost, tokens and latency pages are read a minute at a time, in the minutes whose bounds say they can hold
// calls of the page, and deep down in one sorted read. Pages of every size follow each other in the
// brute-force order, in every sort and order: on 2,000 calls in 20 minutes with random values (many equal),
// where deep pages are read in one sort; and on 2,000 calls in the 40 minutes around 1970 whose values follow
// their minute, where every page is read minute by minute (a cursor inside a minute's values splits it, so
// at most one minute holds calls on both sides of a page's start).
void TestCallsModel::pagesReadByMinuteMatchBruteForce()
{
    QFETCH(int, data);
    QFETCH(qint64, since);
    QFETCH(qint64, until);
    QFETCH(int, pageSize);
    QFETCH(QList<ReportFilter>, filters);
    const Connection &reader = data == 0 ? *m_denseReader : *m_minuteReader;
    const QList<Stored> &events = data == 0 ? m_denseEvents : m_minuteEvents;
    const CallsQuery query{since, until, filters};
    for (const CallsSort sort : {CallsSort::Cost, CallsSort::Tokens, CallsSort::Latency}) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            QList<qint64> ids;
            std::optional<CallRow> after;
            for (;;) {
                Error error;
                const auto page = fetchCalls(reader.database(), query, sort, order, after ? &*after : nullptr,
                                             pageSize, &error);
                QVERIFY2(page, qPrintable(error.message));
                for (const CallRow &row : *page)
                    ids.append(row.rowId);
                QVERIFY2(ids.size() <= events.size(), "pages that never end");
                if (page->size() < pageSize)
                    break;
                after = page->constLast();
            }
            QCOMPARE(ids, sortedIds(events, query, sort, order));
        }
    }
    if (since < 30 * Time::kNanosPerMinute || data == 0)
        QVERIFY(!sortedIds(events, query, CallsSort::Cost, Qt::AscendingOrder).isEmpty());
}

// Calls at the ends of qint64's range are in the first and last minute, of which only a part is in range.
void TestCallsModel::pagesReachTheEndsOfTime()
{
    QList<UsageEvent> events = randomEvents(6, 99);
    const qint64 starts[] = {std::numeric_limits<qint64>::max() - 5,
                             std::numeric_limits<qint64>::min() + 5,
                             0,
                             -1,
                             std::numeric_limits<qint64>::max() - 60 * Time::kNanosPerSecond,
                             std::numeric_limits<qint64>::min() + 60 * Time::kNanosPerSecond};
    for (int i = 0; i < events.size(); ++i)
        events[i].startNs = events[i].endNs = starts[i];
    QList<Stored> stored;
    const std::unique_ptr<Connection> reader =
        storeAndOpen(m_dir.filePath(u"ends.sqlite"_s), events, this, &stored);
    QVERIFY(reader);
    const CallsQuery query{std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max(), {}};
    for (const CallsSort sort : {CallsSort::Cost, CallsSort::Tokens, CallsSort::Latency}) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            Error error;
            const auto page = fetchCalls(reader->database(), query, sort, order, nullptr, 100, &error);
            QVERIFY2(page, qPrintable(error.message));
            QList<qint64> ids;
            for (const CallRow &row : *page)
                ids.append(row.rowId);
            QCOMPARE(ids, sortedIds(stored, query, sort, order));
            QCOMPARE(ids.size(), 6);
            const auto none = fetchCalls(reader->database(), query, sort, order, nullptr, 0, &error);
            QVERIFY(none && none->isEmpty());
        }
    }
}

void TestCallsModel::unsortableColumnKeepsOrder()
{
    CallsModel model(m_path);
    model.setQuery({kDataStartNs, kDataStartNs + kDayNs, {}});
    QVERIFY(arrived(model));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.sort(CallsModel::ModelColumn, Qt::AscendingOrder);
    QCOMPARE(resets.size(), 0);
    QVERIFY(!model.isFetching());
    QCOMPARE(model.sortColumn(), int(CallsModel::TimeColumn));
}

// A new query or order supersedes the pages still on their way: their rows never appear.
void TestCallsModel::staleResultsAreSuperseded()
{
    CallsModel model(m_path);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(50);
    const CallsQuery all{kDataStartNs, kDataStartNs + 3 * kDayNs, {}};
    const CallsQuery feature{kDataStartNs, kDataStartNs + 3 * kDayNs, {{Dimension::Feature, u"feature-1"_s}}};
    model.setQuery(all);
    model.setQuery(feature);
    model.sort(CallsModel::CostColumn, Qt::DescendingOrder);
    QVERIFY(model.isLoading());
    QVERIFY(arrived(model));
    const QList<qint64> byCost = bruteForce(feature, CallsSort::Cost, Qt::DescendingOrder);
    QVERIFY(byCost.size() > 100);
    QCOMPARE(rowIds(model), byCost.mid(0, 50));

    // A next page on its way when the order changes is dropped too.
    model.fetchMore({});
    QVERIFY(model.isFetching());
    model.sort(CallsModel::TokensColumn, Qt::AscendingOrder);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.isLoading());
    QVERIFY(arrived(model));
    // One more page: it is delivered after anything queued before it, so a stale page would show here.
    model.fetchMore({});
    QVERIFY(arrived(model));
    QCOMPARE(rowIds(model), bruteForce(feature, CallsSort::Tokens, Qt::AscendingOrder).mid(0, 100));
    QCOMPARE(model.pagesFetched(), 2);
}

// Newest first by time, calls stored after the first page that started after its newest row are inserted
// at the top; one that started before it (a long call stored late) at its place among the rows read, or with
// the pages below when it is older than those.
void TestCallsModel::liveInsertsNewCallsAtTheTop()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"live.sqlite"_s);
    const qint64 start = kDataStartNs + kDayNs;
    QList<UsageEvent> first = randomEvents(30, 11);
    for (int i = 0; i < first.size(); ++i)
        first[i].startNs = start + i * Time::kNanosPerSecond;
    QVERIFY(store(path, first, this));

    CallsModel model(path);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &CallsModel::callsInserted);
    QSignalSpy rowsInserted(&model, &QAbstractItemModel::rowsInserted);
    model.setPageSize(10);
    const CallsQuery query{start - 3600 * Time::kNanosPerSecond, start + 30 * Time::kNanosPerSecond, {}};
    model.setQuery(query);
    QVERIFY(arrived(model));
    const QList<qint64> before = rowIds(model); // started at +29 s … +20 s
    QCOMPARE(before.size(), 10);
    rowsInserted.clear();

    QList<UsageEvent> later = randomEvents(37, 12).mid(30); // other span ids than `first`
    for (int i = 0; i < 5; ++i)
        later[i].startNs = start + (40 + i) * Time::kNanosPerSecond;     // after the range's old end
    later[5].startNs = start + 25 * Time::kNanosPerSecond + 500'000'000; // among the rows read: stored late
    later[6].startNs = start - 600 * Time::kNanosPerSecond;              // older than those: for the pages
    QVERIFY(store(path, later, this));
    model.updateLive(start + 60 * Time::kNanosPerSecond);
    QVERIFY(inserted.wait());
    QCOMPARE(inserted.constFirst().constFirst().toInt(), 6);
    QCOMPARE(rowsInserted.size(), 2); // the five at the top in one go, the late one at its place
    QCOMPARE(model.rowCount(), 16);
    for (int r = 0; r < 5; ++r)
        QCOMPARE(model.data(model.index(r, 0), CallsModel::SortRole).toLongLong(),
                 start + (44 - r) * Time::kNanosPerSecond);
    QCOMPARE(model.data(model.index(9, 0), CallsModel::SortRole).toLongLong(), later[5].startNs);
    QList<qint64> kept = rowIds(model).mid(5);
    kept.removeAt(4);
    QCOMPARE(kept, before); // the rows read before stay, in their order
    QCOMPARE(model.newCallsCount(), 0);
    QCOMPARE(model.query().untilNs, start + 60 * Time::kNanosPerSecond);
    QCOMPARE(model.pagesFetched(), 1); // no page was read again

    // A call stored late that a page reads before the update arrives is not shown twice.
    UsageEvent below = randomEvents(38, 13).constLast();
    below.startNs = start + 15 * Time::kNanosPerSecond + 250'000'000;
    QVERIFY(store(path, {below}, this));
    model.fetchMore({});                                  // reads it first (one worker, in order) …
    model.updateLive(start + 61 * Time::kNanosPerSecond); // … then this, as stored after the rows read
    QVERIFY(inserted.wait());
    QCOMPARE(inserted.constLast().constFirst().toInt(), 0);
    QVERIFY(arrived(model));
    QCOMPARE(model.rowCount(), 26);
    QCOMPARE(model.data(model.index(20, 0), CallsModel::SortRole).toLongLong(), below.startNs);

    // The pages below continue where they were: every call once, the older late one among them, in order.
    QVERIFY(fetchAll(model));
    QCOMPARE(model.rowCount(), 38);
    const QList<qint64> ids = rowIds(model);
    QCOMPARE(QSet<qint64>(ids.cbegin(), ids.cend()).size(), 38);
    for (int r = 1; r < model.rowCount(); ++r)
        QVERIFY(model.data(model.index(r - 1, 0), CallsModel::SortRole).toLongLong() >=
                model.data(model.index(r, 0), CallsModel::SortRole).toLongLong());
    QCOMPARE(model.data(model.index(37, 0), CallsModel::SortRole).toLongLong(), later[6].startNs);
}

// In cost order new calls are counted, not inserted: the rows stay where the user sees them.
void TestCallsModel::liveCountsNewCallsInOtherOrders()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"live.sqlite"_s);
    const qint64 start = kDataStartNs + kDayNs;
    QList<UsageEvent> events = randomEvents(40, 21);
    for (int i = 0; i < events.size(); ++i)
        events[i].startNs = start + i * Time::kNanosPerSecond;
    QVERIFY(store(path, events.mid(0, 30), this));

    CallsModel model(path);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy counted(&model, &CallsModel::newCallsCounted);
    model.setPageSize(10);
    model.sort(CallsModel::CostColumn, Qt::DescendingOrder);
    model.setQuery({start, start + 60 * Time::kNanosPerSecond, {}});
    QVERIFY(arrived(model));
    const QList<qint64> before = rowIds(model);
    inserted.clear();

    events[35].feature = u"feature-x"_s;
    events[36].startNs = start + 3600 * Time::kNanosPerSecond; // outside the range
    QVERIFY(store(path, events.mid(30), this));
    model.updateLive(start + 60 * Time::kNanosPerSecond);
    QVERIFY(counted.wait());
    QCOMPARE(counted.constLast().constFirst().toLongLong(), 9);
    QCOMPARE(model.newCallsCount(), 9);
    QCOMPARE(rowIds(model), before);
    QCOMPARE(inserted.size(), 0);

    // With a filter only the matching ones count; a reload shows them and the count starts again.
    model.setQuery({start, start + 60 * Time::kNanosPerSecond, {{Dimension::Feature, u"feature-x"_s}}});
    QCOMPARE(model.newCallsCount(), 0);
    QVERIFY(arrived(model));
    QCOMPARE(model.rowCount(), 1);
}

void TestCallsModel::newCallsAreCountedByRowId()
{
    for (const bool count : {true, false}) {
        const QString sql = callsStoredAfterSql({0, 1, {{Dimension::Session, u"s"_s}}}, count);
        const QString plan = planOf(sql).join(u" | ");
        QVERIFY2(plan.contains(u"SEARCH usage_events USING INTEGER PRIMARY KEY (rowid>?)"), qPrintable(plan));
        QVERIFY2(!plan.contains(u"TEMP B-TREE"), qPrintable(plan));
    }
    Error error;
    const std::optional<qint64> newest = newestCallRowId(m_reader->database(), &error);
    QVERIFY(newest);
    QCOMPARE(*newest, kEvents);
    const std::optional<qint64> all =
        countCallsStoredAfter(m_reader->database(), {0, std::numeric_limits<qint64>::max(), {}}, 0, &error);
    QCOMPARE(all.value_or(-1), kEvents);
    const std::optional<qint64> last = countCallsStoredAfter(
        m_reader->database(), {0, std::numeric_limits<qint64>::max(), {}}, kEvents - 7, &error);
    QCOMPARE(last.value_or(-1), 7);
    const auto calls = fetchCallsStoredAfter(
        m_reader->database(), {0, std::numeric_limits<qint64>::max(), {}}, kEvents - 7, 5, &error);
    QVERIFY(calls);
    QCOMPARE(calls->size(), 5); // the limit
    QCOMPARE(calls->constFirst().rowId, kEvents - 6);
    QCOMPARE(calls->constLast().rowId, kEvents - 2);
    QVERIFY(
        !countCallsStoredAfter(m_reader->database(), {0, 1, {{Dimension::Day, u"2026-03-20"_s}}}, 0, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
}

void TestCallsModel::callsQueryUsesAnIndex_data()
{
    QTest::addColumn<int>("sort");
    QTest::addColumn<bool>("cursor");
    QTest::addColumn<QList<ReportFilter>>("filters");
    for (const int sort : {0, 1, 2, 3}) {
        for (const bool cursor : {false, true}) {
            QTest::addRow("sort %d cursor %d", sort, cursor) << sort << cursor << QList<ReportFilter>();
            QTest::addRow("sort %d cursor %d feature", sort, cursor)
                << sort << cursor
                << QList<ReportFilter>{{Dimension::Feature, u"x"_s}, {Dimension::Agent, {}}};
            QTest::addRow("sort %d cursor %d session", sort, cursor)
                << sort << cursor << QList<ReportFilter>{{Dimension::Session, u"s"_s}};
            QTest::addRow("sort %d cursor %d trace", sort, cursor)
                << sort << cursor << QList<ReportFilter>{{Dimension::Trace, u"t"_s}};
        }
    }
}

void TestCallsModel::callsQueryUsesAnIndex()
{
    QFETCH(int, sort);
    QFETCH(bool, cursor);
    QFETCH(QList<ReportFilter>, filters);
    const bool bySession = std::any_of(filters.cbegin(), filters.cend(), [](const ReportFilter &f) {
        return f.dimension == Dimension::Session;
    });
    // In cost, tokens or latency order the calls are read a minute at a time, in the minutes minute_bounds
    // says can hold the page's calls (but a session's through its hours, as in time order).
    const bool byMinutes = CallsSort(sort) != CallsSort::Time && !bySession;
    const QString sql = byMinutes
                            ? minuteCallsSql({0, 1, filters}, CallsSort(sort), Qt::DescendingOrder, cursor)
                            : callsSql({0, 1, filters}, CallsSort(sort), Qt::DescendingOrder, cursor);
    if (byMinutes) {
        const QString bounds = planOf(minuteBoundsSql(CallsSort(sort))).join(u" | ");
        QVERIFY2(bounds == u"SEARCH minute_bounds USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"_s,
                 qPrintable(bounds));
    }
    const QStringList plan = planOf(sql);
    QVERIFY2(!plan.isEmpty(), qPrintable(sql));
    const QString text = plan.join(u" | ");
    QVERIFY2(!text.contains(u"SCAN usage_events") && !text.contains(u"AUTOMATIC"), qPrintable(text));
    QVERIFY2(
        text.contains(u"SEARCH usage_events USING INDEX usage_events_ts (ts_start_ns>? AND ts_start_ns<?)"),
        qPrintable(text));
    // No index on session_id (schema v7): the session's hours by point lookups on rollup_attr's key.
    if (bySession) {
        QVERIFY2(text.contains(u"SEARCH rollup_attr USING PRIMARY KEY (dimension=? AND hour=? AND value=?)"),
                 qPrintable(text));
        QVERIFY2(!text.contains(u"SCAN rollup_attr"), qPrintable(text));
    }
    if (CallsSort(sort) == CallsSort::Time && !bySession)
        QVERIFY2(!text.contains(u"TEMP B-TREE"), qPrintable(text)); // pages straight off the index
}

// Calls moved to another session after they were stored (the writer's re-attribution) are found under
// their new session only: through the hours rollup_attr names for it, ragged range edges included.
void TestCallsModel::sessionFilterFollowsReattribution()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"moved.sqlite"_s);
    QList<UsageEvent> events = randomEvents(1500, 4242);
    QVERIFY(store(path, events, this));
    QRandomGenerator random(5);
    QList<Model::AttributionUpdate> updates;
    for (int u = 0; u < 300; ++u) {
        UsageEvent &e = events[random.bounded(events.size())];
        e.sessionId = random.bounded(5) == 0 ? QString() : u"moved-"_s + QString::number(random.bounded(6));
        Model::AttributionUpdate update;
        update.eventId = e.eventId;
        update.startNs = e.startNs;
        update.agentId = e.agentId;
        update.taskId = e.taskId;
        update.feature = e.feature;
        update.userId = e.userId;
        update.sessionId = e.sessionId;
        updates.append(update);
    }
    {
        StorageWriter writer(path);
        Error error;
        QVERIFY2(writer.start(&error), qPrintable(error.message));
        bool done = false;
        writer.submit({}, updates, this, [&](const WriteResult &r) {
            QVERIFY2(!r.error, qPrintable(r.error.message));
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
        writer.stop();
    }
    Error error;
    const auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
    QVERIFY2(reader, qPrintable(error.message));

    int nonEmpty = 0;
    for (int n = 0; n < 80; ++n) {
        CallsQuery query;
        query.sinceNs = kDataStartNs + qint64(random.bounded(quint64(2 * kDayNs)));
        query.untilNs = query.sinceNs + qint64(random.bounded(quint64(kDayNs)));
        const int values = 1 + int(random.bounded(2));
        for (int v = 0; v < values; ++v) {
            const QString session = random.bounded(2) ? u"moved-"_s + QString::number(random.bounded(6))
                                                      : events.at(random.bounded(events.size())).sessionId;
            query.filters.append({Dimension::Session, session.isEmpty() ? u"session-1"_s : session});
        }
        const Qt::SortOrder order = random.bounded(2) ? Qt::AscendingOrder : Qt::DescendingOrder;
        QList<UsageEvent> expected;
        for (const UsageEvent &e : std::as_const(events)) {
            const bool inSession = std::any_of(query.filters.cbegin(), query.filters.cend(),
                                               [&](const ReportFilter &f) { return f.value == e.sessionId; });
            if (e.startNs >= query.sinceNs && e.startNs < query.untilNs && inSession)
                expected.append(e);
        }
        std::sort(expected.begin(), expected.end(), [&](const UsageEvent &a, const UsageEvent &b) {
            const bool less =
                a.startNs != b.startNs ? a.startNs < b.startNs : eventKey(a.eventId) < eventKey(b.eventId);
            return order == Qt::AscendingOrder ? less : !less;
        });
        QStringList want;
        for (const UsageEvent &e : std::as_const(expected))
            want.append(e.eventId);
        QStringList got;
        std::optional<CallRow> last;
        for (;;) {
            const auto page = fetchCalls(reader->database(), query, CallsSort::Time, order,
                                         last ? &*last : nullptr, 25, &error);
            QVERIFY2(page, qPrintable(error.message));
            if (page->isEmpty())
                break;
            for (const CallRow &row : *page)
                got.append(row.event.eventId);
            last = page->constLast();
        }
        QCOMPARE(got, want);
        nonEmpty += !want.isEmpty();
    }
    QVERIFY(nonEmpty > 40);
}

void TestCallsModel::loadCallHasEveryField()
{
    // One call with everything set, content included, in its own database.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"one.sqlite"_s);
    UsageEvent e = randomEvents(1, 5).constFirst();
    e.provider = u"anthropic"_s;
    e.model = u"claude-sonnet-4-5"_s;
    e.modelRequested = u"claude-sonnet-4-5-latest"_s;
    e.operation = u"chat"_s;
    e.reasoningTokens = 12;
    e.cacheReadTokens = 300;
    e.cacheWriteTokens = 40;
    e.costMicros = 1'234'567;
    e.costSource = Model::CostSource::Computed;
    e.agentName = u"Researcher"_s;
    e.tags = {u"a"_s, u"b"_s};
    e.parentSpanId = u"00000000000000aa"_s;
    e.responseId = u"msg_1"_s;
    e.latencyMs = 850;
    e.ttftMs = 120;
    e.error = true;
    e.errorType = u"rate_limited"_s;
    e.serviceName = u"svc"_s;
    e.environment = u"prod"_s;
    e.content = uR"({"gen_ai.input.messages":"hi","gen_ai.output.messages":"hello"})"_s;
    QVERIFY(store(path, {e}, this));
    Error error;
    auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
    QVERIFY(reader);
    const auto page = fetchCalls(reader->database(), {e.startNs, e.startNs + 1, {}}, CallsSort::Time,
                                 Qt::DescendingOrder, nullptr, 10, &error);
    QVERIFY(page);
    QCOMPARE(page->size(), 1);
    QVERIFY(page->constFirst().event.content.isEmpty()); // pages leave the content out
    const auto call = loadCall(reader->database(), page->constFirst().rowId, &error);
    QVERIFY2(call, qPrintable(error.message));
    const UsageEvent &got = call->event;
    QCOMPARE(got.eventId, e.eventId);
    QCOMPARE(got.startNs, e.startNs);
    QCOMPARE(got.endNs, e.endNs);
    QCOMPARE(got.modelRequested, e.modelRequested);
    QCOMPARE(got.reasoningTokens, 12);
    QCOMPARE(got.cacheWriteTokens, 40);
    QCOMPARE(got.costMicros, 1'234'567);
    QCOMPARE(got.tags, e.tags);
    QCOMPARE(got.parentSpanId, e.parentSpanId);
    QCOMPARE(got.ttftMs, 120);
    QCOMPARE(got.error, true);
    QCOMPARE(got.errorType, e.errorType);
    QCOMPARE(got.environment, e.environment);
    QCOMPARE(got.content, e.content);

    const QJsonObject json = callToJson(*call);
    QCOMPARE(json.value(u"cost_usd"_s).toString(), u"1.234567"_s);
    QCOMPARE(json.value(u"ts_start_ns"_s).toString(), QString::number(e.startNs));
    QCOMPARE(json.value(u"start"_s).toString(), Time::toIsoUtc(e.startNs));
    QCOMPARE(json.value(u"cache_read_tokens"_s).toInteger(), 300);
    QCOMPARE(json.value(u"tags"_s).toArray().size(), 2);
    QCOMPARE(json.value(u"content"_s).toObject().value(u"gen_ai.output.messages"_s).toString(), u"hello"_s);
    QCOMPARE(json.value(u"error_type"_s).toString(), u"rate_limited"_s);

    QVERIFY(!loadCall(reader->database(), 999'999, &error));
    QCOMPARE(error.code, Error::Code::NotFound);
}

void TestCallsModel::badFilterIsAnError()
{
    CallsModel model(m_path);
    QSignalSpy failed(&model, &CallsModel::loadFailed);
    model.setQuery({kDataStartNs, kDataStartNs + kDayNs, {{Dimension::Day, u"2026-03-20"_s}}});
    QVERIFY(failed.wait()); // from the worker thread
    QCOMPARE(failed.size(), 1);
    QVERIFY(!model.isLoading());
    QCOMPARE(model.lastError().code, Error::Code::InvalidInput);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
}

void TestCallsModel::emptyRange()
{
    CallsModel model(m_path);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery({0, 1000, {}});
    QVERIFY(arrived(model));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(!model.lastError());
}

void TestCallsModel::textFormats()
{
    const QLocale c = QLocale::c();
    QCOMPARE(CallsModel::durationText(850'000'000, c), u"850 ms"_s);
    QCOMPARE(CallsModel::durationText(12'400'000'000, c), u"12.4 s"_s);
    QCOMPARE(CallsModel::durationText(185 * Time::kNanosPerSecond, c), u"3 min 05 s"_s);
    QCOMPARE(CallsModel::durationText(7800 * Time::kNanosPerSecond, c), u"2 h 10 min"_s);
    QCOMPARE(CallsModel::durationText(12'400'000'000, QLocale(QLocale::German)), u"12,4 s"_s);
    const qint64 ns = 1773964800LL * Time::kNanosPerSecond + 1'234'567'890; // 2026-03-20T00:00:01.234Z
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ns / 1'000'000);
    const QLocale us(QLocale::English, QLocale::UnitedStates);
    QCOMPARE(CallsModel::localTimeText(ns, us),
             us.toString(local.date(), QLocale::ShortFormat) + u' ' + local.toString(u"h:mm:ss AP"_s));
    QCOMPARE(CallsModel::localTimeText(ns, QLocale(QLocale::German, QLocale::Germany), true),
             local.toString(u"dd.MM.yy HH:mm:ss.zzz"_s));
}

void TestCallsModel::cellOfAReport()
{
    const QTimeZone berlin("Europe/Berlin");
    ReportQuery report;
    report.sinceNs = kDataStartNs;
    report.untilNs = kDataStartNs + 3 * kDayNs;
    report.zone = berlin;
    report.groupBy = {Dimension::Day, Dimension::Feature};
    report.filters = {{Dimension::Agent, u"agent-1"_s}};
    Error error;
    const auto cell = callsQueryForCell(report, {u"2026-03-21"_s, u"feature-2"_s}, &error);
    QVERIFY2(cell, qPrintable(error.message));
    const qint64 dayStart = Time::toNs(QDateTime(QDate(2026, 3, 21), QTime(0, 0), berlin));
    QCOMPARE(cell->sinceNs, dayStart);
    QCOMPARE(cell->untilNs, dayStart + kDayNs);
    QCOMPARE(cell->filters.size(), 2);

    // The calls it shows are exactly the events of the cell.
    CallsModel model(m_path);
    model.setQuery(*cell);
    QVERIFY(fetchAll(model));
    int expected = 0;
    for (const Stored &s : std::as_const(m_events)) {
        const QDate local = QDateTime::fromMSecsSinceEpoch(s.event.startNs / 1'000'000, berlin).date();
        expected +=
            local == QDate(2026, 3, 21) && s.event.feature == u"feature-2" && s.event.agentId == u"agent-1";
    }
    QVERIFY(expected > 0);
    QCOMPARE(model.rowCount(), expected);

    // An hour key; a null key is "none"; a day and an hour inside it narrow to the hour.
    report.groupBy = {Dimension::Hour, Dimension::User};
    const auto hour = callsQueryForCell(report, {u"2026-03-21T05:00"_s, QString()}, &error);
    QVERIFY2(hour, qPrintable(error.message));
    QCOMPARE(hour->sinceNs, dayStart + 5 * 3600 * Time::kNanosPerSecond);
    QCOMPARE(hour->untilNs - hour->sinceNs, 3600 * Time::kNanosPerSecond);
    QCOMPARE(hour->filters.constLast().dimension, Dimension::User);
    QVERIFY(hour->filters.constLast().value.isEmpty());
    report.filters.append({Dimension::Day, u"2026-03-21"_s});
    const auto both = callsQueryForCell(report, {u"2026-03-21T05:00"_s, u"user-1"_s}, &error);
    QVERIFY(both);
    QCOMPARE(both->sinceNs, hour->sinceNs);
    // A day outside the report's range: an empty range, not an error.
    report.filters = {};
    report.groupBy = {Dimension::Day};
    const auto outside = callsQueryForCell(report, {u"2027-01-01"_s}, &error);
    QVERIFY(outside);
    QCOMPARE(outside->sinceNs, outside->untilNs);
}

void TestCallsModel::cellErrors()
{
    ReportQuery report;
    report.sinceNs = kDataStartNs;
    report.untilNs = kDataStartNs + kDayNs;
    report.groupBy = {Dimension::Day};
    report.filters = {{Dimension::Day, u"2026-03-20"_s}};
    Error error;
    QVERIFY(!callsQueryForCell(report, {u"2026-03-21"_s}, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    report.filters.clear();
    QVERIFY(!callsQueryForCell(report, {u"21.03.2026"_s}, &error));
    QVERIFY(error.message.contains(u"21.03.2026"_s));
    report.groupBy = {Dimension::Hour};
    QVERIFY(!callsQueryForCell(report, {u"2026-03-21 05:00"_s}, &error));
    report.groupBy = {Dimension::Project};
    QVERIFY(!callsQueryForCell(report, {u"proj_1"_s}, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
}

QTEST_GUILESS_MAIN(TestCallsModel)
#include "tst_callsmodel.moc"
