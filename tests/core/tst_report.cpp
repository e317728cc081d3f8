#include "../common/sqlrows.h"
#include "common/timeutil.h"
#include "storage/database.h"
#include "storage/report.h"
#include "storage/storagewriter.h"

#include <QElapsedTimer>
#include <QMap>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace Burnrate;
using namespace Burnrate::Storage;
using Burnrate::Testing::tableRows;
using namespace Qt::StringLiterals;
using Model::UsageEvent;

namespace {

constexpr qint64 kDataStartNs = 1773964800LL * Time::kNanosPerSecond; // 2026-03-20T00:00:00Z
constexpr int kDataDays = 20; // spans Berlin's and Lord Howe's DST changes
constexpr qint64 kDayNs = 86400 * Time::kNanosPerSecond;
constexpr int kEvents = 6000;

const QList<Dimension> kAllDimensions = {
    Dimension::Provider, Dimension::Model, Dimension::Feature, Dimension::Agent, Dimension::User,
    Dimension::Session,  Dimension::Task,  Dimension::Trace,   Dimension::Day,   Dimension::Hour};

QString timeKey(qint64 ns, Dimension d, const QTimeZone &zone)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ns / 1'000'000, zone);
    return local.toString(d == Dimension::Day ? u"yyyy-MM-dd"_s : u"yyyy-MM-dd'T'HH:00"_s);
}

QString value(const UsageEvent &e, Dimension d, const QTimeZone &zone)
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
    case Dimension::Day:
    case Dimension::Hour:
        return timeKey(e.startNs, d, zone);
    case Dimension::Project: // billed spend only
        break;
    }
    return {};
}

// The report computed the obvious way, one event at a time, sorted as report.h promises.
QList<ReportRow> bruteForce(const QList<UsageEvent> &events, const ReportQuery &query)
{
    QMap<QStringList, ReportRow> groups;
    for (const UsageEvent &e : events) {
        if (e.startNs < query.sinceNs || e.startNs >= query.untilNs)
            continue;
        bool keep = true;
        for (Dimension d : kAllDimensions) {
            bool filtered = false;
            bool matched = false;
            for (const ReportFilter &f : query.filters) {
                if (f.dimension == d) {
                    filtered = true;
                    matched = matched || f.value == value(e, d, query.zone);
                }
            }
            keep = keep && (!filtered || matched);
        }
        if (!keep)
            continue;
        QStringList keys;
        for (Dimension d : query.groupBy) {
            const QString v = value(e, d, query.zone);
            keys.append(v.isEmpty() ? QString() : v);
        }
        ReportRow &row = groups[keys];
        row.keys = keys;
        ++row.calls;
        row.inputTokens += e.inputTokens;
        row.outputTokens += e.outputTokens;
        row.cacheReadTokens += e.cacheReadTokens;
        row.cacheWriteTokens += e.cacheWriteTokens;
        row.costMicros += e.costMicros;
        row.unpricedCalls += e.costSource == Model::CostSource::Unpriced;
    }
    QList<ReportRow> rows = groups.values();
    const auto byCost = [](const ReportRow &a, const ReportRow &b) {
        if (a.costMicros != b.costMicros)
            return a.costMicros > b.costMicros;
        return a.keys < b.keys;
    };
    const bool chronological = !query.groupBy.isEmpty() && (query.groupBy.first() == Dimension::Day ||
                                                            query.groupBy.first() == Dimension::Hour);
    // Beyond the limit: the rest by cost summed per first key that is a time, or per first key at all when
    // there are no more of them than the limit, else per first key among the top groups'; the rest of the
    // rest in one row (all of it with one dimension).
    QList<ReportRow> others;
    if (query.limit > 0 && rows.size() > query.limit) {
        std::sort(rows.begin(), rows.end(), byCost);
        QSet<QString> topFirst;
        for (const ReportRow &r : std::as_const(rows))
            topFirst.insert(r.keys.first());
        if (topFirst.size() > query.limit) {
            topFirst.clear();
            for (const ReportRow &r : rows.mid(0, query.limit))
                topFirst.insert(r.keys.first());
        }
        QMap<QString, ReportRow> rest;
        ReportRow all;
        all.keys = QStringList(query.groupBy.size(), QString());
        all.otherOfAll = true;
        for (const ReportRow &r : rows.mid(query.limit)) {
            const QString first = r.keys.first();
            const bool own = query.groupBy.size() > 1 && (chronological || topFirst.contains(first));
            ReportRow &o = own ? rest[first] : all;
            o.keys = QStringList(query.groupBy.size(), QString());
            o.keys[0] = own ? first : QString();
            o.addSums(r);
            ++o.otherGroups;
        }
        others = rest.values();
        rows = rows.mid(0, query.limit);
        std::sort(others.begin(), others.end(), [&](const ReportRow &a, const ReportRow &b) {
            if (chronological && a.keys.first() != b.keys.first())
                return a.keys.first() < b.keys.first();
            return byCost(a, b);
        });
        if (all.otherGroups > 0)
            others.append(all);
    }
    const auto inOrder = [&](const ReportRow &a, const ReportRow &b) {
        if (chronological && a.keys.first() != b.keys.first())
            return a.keys.first() < b.keys.first();
        return byCost(a, b);
    };
    std::sort(rows.begin(), rows.end(), inOrder);
    return rows + others;
}

QString describe(const ReportQuery &q)
{
    QStringList parts{Time::toIsoUtc(q.sinceNs) + u" .. "_s + Time::toIsoUtc(q.untilNs),
                      QString::fromUtf8(q.zone.id())};
    QStringList groupBy;
    for (Dimension d : q.groupBy)
        groupBy.append(dimensionName(d));
    parts.append(u"group by "_s + groupBy.join(u','));
    for (const ReportFilter &f : q.filters)
        parts.append(dimensionName(f.dimension) + u"="_s + (f.value.isEmpty() ? u"(none)"_s : f.value));
    if (q.limit > 0)
        parts.append(u"limit "_s + QString::number(q.limit));
    return parts.join(u"; "_s);
}

QString rowText(const ReportRow &r)
{
    return u"["_s + r.keys.join(u'|') + u"] "_s +
           QStringList{QString::number(r.calls),
                       QString::number(r.inputTokens),
                       QString::number(r.outputTokens),
                       QString::number(r.cacheReadTokens),
                       QString::number(r.cacheWriteTokens),
                       QString::number(r.costMicros),
                       QString::number(r.unpricedCalls)}
               .join(u' ') +
           (r.otherGroups > 0 ? u" other:"_s + QString::number(r.otherGroups) : QString()) +
           (r.otherOfAll ? u" of all"_s : QString());
}

// The rows as text, one per row, for comparing a report with the brute-force sums.
QStringList rowTexts(const QList<ReportRow> &rows)
{
    QStringList texts;
    for (const ReportRow &r : rows)
        texts.append(rowText(r));
    return texts;
}

// Runs `query` and compares its rows with the brute-force sums of `events`: true if they are the same;
// otherwise prints `label`, the query and both, for the caller's failure. `rows` receives what it returned.
bool sameAsBruteForce(const QSqlDatabase &db, const QList<UsageEvent> &events, const ReportQuery &query,
                      const char *label = "", QList<ReportRow> *rows = nullptr)
{
    Error error;
    const auto actual = runReport(db, query, &error);
    if (!actual) {
        qWarning().noquote() << label << describe(query) << ":" << error.message;
        return false;
    }
    if (rows)
        *rows = *actual;
    const QStringList actualText = rowTexts(*actual);
    const QStringList expectedText = rowTexts(bruteForce(events, query));
    if (actualText == expectedText)
        return true;
    qWarning().noquote() << label << describe(query) << "\nactual:\n " << actualText.join(u"\n "_s)
                         << "\nexpected:\n " << expectedText.join(u"\n "_s);
    return false;
}

// The report's rows are the brute-force sums of `events`, and there are some. A helper's QVERIFY returns
// from the helper only: callers return on QTest::currentTestFailed().
void compareToBruteForce(const QSqlDatabase &db, const QList<UsageEvent> &events, const ReportQuery &query)
{
    Error error;
    const auto rows = runReport(db, query, &error);
    QVERIFY2(rows, qPrintable(error.message));
    const QStringList actualText = rowTexts(*rows);
    const QStringList expectedText = rowTexts(bruteForce(events, query));
    QVERIFY2(!expectedText.isEmpty(), qPrintable(describe(query)));
    QCOMPARE(actualText, expectedText);
}

// rollup_session_day (each row with its link) and session_day_totals as stored, and as the events of the days
// before `beforeNs` say they should be (a row links to its session's latest earlier day).
QStringList sessionDayRows(const QSqlDatabase &db)
{
    return tableRows(db, u"SELECT day, session_id, calls, input_tokens, output_tokens, reasoning_tokens, "
                         u"cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls, "
                         u"prev_day FROM rollup_session_day ORDER BY 1, 2"_s) +
           tableRows(db, u"SELECT * FROM session_day_totals ORDER BY day"_s);
}

QStringList sessionDayRowsOfEvents(const QSqlDatabase &db,
                                   qint64 beforeNs = std::numeric_limits<qint64>::max())
{
    const QString sums =
        u"count(*), sum(input_tokens), sum(output_tokens), sum(reasoning_tokens), "
        u"sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), "
        u"sum(cost_source = 'unpriced'), sum(error <> 0) FROM usage_events WHERE ts_start_ns < "_s +
        QString::number(beforeNs);
    return tableRows(db, u"SELECT *, lag(day) OVER (PARTITION BY session ORDER BY day) FROM (SELECT "
                         u"ts_start_ns / 86400000000000 AS day, coalesce(session_id, '') AS session, "_s +
                             sums + u" GROUP BY 1, 2) ORDER BY 1, 2"_s) +
           tableRows(db,
                     u"SELECT ts_start_ns / 86400000000000, count(DISTINCT coalesce(session_id, '')), "_s +
                         sums + u" GROUP BY 1 ORDER BY 1"_s);
}

// rollup_session (schema v18) as stored, and as the events grouped by hour, session, user and rollup_hourly's
// key say it should be.
std::pair<QStringList, QStringList> sessionRollupRows(const QSqlDatabase &db)
{
    const QString key = u"hour, session_id, user_id, provider, model, feature, agent_id"_s;
    return {
        tableRows(db, u"SELECT "_s + key +
                          u", calls, input_tokens, output_tokens, reasoning_tokens, cache_read_tokens, "
                          u"cache_write_tokens, cost_micros, unpriced_calls, error_calls FROM rollup_session "
                          u"ORDER BY 1, 2, 3, 4, 5, 6, 7"_s),
        tableRows(db, u"SELECT ts_start_ns / 3600000000000 AS hour, coalesce(session_id, '') AS session_id, "
                      u"coalesce(user_id, '') AS user_id, coalesce(provider, '') AS provider, "
                      u"coalesce(model, '') AS model, coalesce(feature, '') AS feature, "
                      u"coalesce(agent_id, '') AS agent_id, count(*), sum(input_tokens), sum(output_tokens), "
                      u"sum(reasoning_tokens), sum(cache_read_tokens), sum(cache_write_tokens), "
                      u"sum(cost_micros), sum(cost_source = 'unpriced'), sum(error <> 0) FROM usage_events "
                      u"GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7"_s)};
}

// rollup_session_day's first starts, last ends and agents as stored, and as the session's rollup_attr rows of
// the day say they should be: the earliest, the latest and the union of theirs (agents sorted, joined). Then
// session_day_quarters as stored, and as the day rows with both times known say it should be (the quarter
// floored through a positive remainder, not as the schema does).
std::pair<QStringList, QStringList> sessionDaySpans(const QSqlDatabase &db)
{
    const auto quarterOf = [](const QString &ns) {
        return u"((%1 - ((%1 % 900000000000) + 900000000000) % 900000000000) / 900000000000)"_s.arg(ns);
    };
    const QString known = u" FROM rollup_session_day WHERE first_ns IS NOT NULL AND last_ns IS NOT NULL"_s;
    return {
        tableRows(db, u"SELECT r.day, r.session_id, r.first_ns, r.last_ns, (SELECT group_concat(value) "
                      u"FROM (SELECT value FROM json_each(nullif(r.agents, '')) ORDER BY 1)) "
                      u"FROM rollup_session_day r ORDER BY 1, 2"_s) +
            tableRows(db, u"SELECT * FROM session_day_quarters ORDER BY 1, 2"_s),
        tableRows(
            db,
            u"SELECT a.hour / 24, a.value, CASE WHEN count(a.first_ns) = count(*) THEN min(a.first_ns) END, "
            u"CASE WHEN count(a.last_ns) = count(*) THEN max(a.last_ns) END, (SELECT "
            u"group_concat(value) FROM (SELECT DISTINCT j.value FROM rollup_attr h, "
            u"json_each(nullif(h.agents, '')) j WHERE h.dimension = 'session' AND h.value = a.value "
            u"AND h.hour >= a.hour / 24 * 24 AND h.hour < a.hour / 24 * 24 + 24 ORDER BY 1)) "
            u"FROM rollup_attr a WHERE a.dimension = 'session' AND a.hour < (SELECT value "
            u"FROM meta WHERE key = 'rollup_user_day_end') * 24 GROUP BY 1, 2 ORDER BY 1, 2"_s) +
            tableRows(db, u"SELECT day, quarter, sum(first), sum(last) FROM (SELECT day, "_s +
                              quarterOf(u"first_ns"_s) + u" AS quarter, 1 AS first, 0 AS last"_s + known +
                              u" UNION ALL SELECT day, "_s + quarterOf(u"last_ns"_s) + u", 0, 1"_s + known +
                              u") GROUP BY 1, 2 ORDER BY 1, 2"_s)};
}

int collectStatement(unsigned type, void *context, void *statement, void *)
{
    if (type == SQLITE_TRACE_STMT) {
        static_cast<QStringList *>(context)->append(
            QString::fromUtf8(sqlite3_sql(static_cast<sqlite3_stmt *>(statement))));
    }
    return 0;
}

// The move of one call to the session it now has, as the normalizer sends it.
Model::AttributionUpdate sessionMove(const UsageEvent &e)
{
    Model::AttributionUpdate update;
    update.eventId = e.eventId;
    update.startNs = e.startNs;
    update.sessionId = e.sessionId;
    return update;
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void dimensionNames();
    void matchesBruteForce_data();
    void matchesBruteForce();
    void edgesAreHalfOpen();
    void noneAndFilters();
    void chronologicalOrder();
    void errors();
    void featureWeekReadsTheRollup();
    void rawReportsUseIndexes_data();
    void rawReportsUseIndexes();
    void halfHourZonesReadSplitHoursFromQuarters();
    // Explore: two dimensions with multi-value filters, the plans of its grouped views, the export format.
    void twoDimensionsAndMultiValueFilters();
    void exploreViewsReadTheRollup_data();
    void exploreViewsReadTheRollup();
    void userAndTaskMatchBruteForce();
    void userAndTaskReadRollupAttr_data();
    void userAndTaskReadRollupAttr();
    void rollupAttrFollowsReattributionAndClear();
    // rollup_user_day: the days that are over join it.
    void userDaysJoinWhenOver();
    void attrFiltersStayInTheRange();
    // User, task or session with provider, model, feature or agent: the hours with values from the events,
    // the others from rollup_hourly.
    void attrWithRollupDimensionsMatchBruteForce();
    void attrWithRollupDimensionsReadTheirHours_data();
    void attrWithRollupDimensionsReadTheirHours();
    void userWithRollupDimensionsReadsRollupUser_data();
    void userWithRollupDimensionsReadsRollupUser();
    void sessionWithRollupDimensionsReadsRollupSession_data();
    void sessionWithRollupDimensionsReadsRollupSession();
    void limitSumsTheRest();
    void topSessionsMatchBruteForce_data();
    void topSessionsMatchBruteForce();
    void topLocalSessionDaysWithWideSpans();
    void unknownSessionSpansStayUnknown();
    void interruptedReleaseLeavesNoSnapshot();
    void hourReportsAcrossHalfHourChanges();
    void exportFormats();

private:
    // The SQL that runReport ran, and the query plan of each statement (on m_reader unless given).
    QStringList statementsOf(const ReportQuery &query, Connection *reader = nullptr);
    QStringList planOf(const QString &sql, Connection *reader = nullptr);
    // Submits one write (new calls and moves) and waits for its commit: false on an error (logged) or after
    // 30 s.
    bool commit(StorageWriter &writer, const QList<UsageEvent> &events,
                const QList<Model::AttributionUpdate> &updates = {});
    // Writes the events into a new database at `path` and opens it read-only.
    std::unique_ptr<Connection> store(const QString &path, const QList<UsageEvent> &events);

    QTemporaryDir m_dir;
    QList<UsageEvent> m_events;
    std::unique_ptr<Connection> m_reader;
    // m_events with users, tasks and sessions in only some hours (each in its own), as tasks often are.
    QList<UsageEvent> m_sparseEvents;
    std::unique_ptr<Connection> m_sparseReader;
};

void TestReport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(u"burnrate.sqlite"_s);
    QRandomGenerator random(424242);
    const auto pick = [&](const QString &prefix, int choices) -> QString {
        const int n = int(random.bounded(choices + 1));
        return n == choices ? QString() : prefix + QString::number(n);
    };
    for (int i = 0; i < kEvents; ++i) {
        UsageEvent e;
        e.eventId = u"report:"_s + QString::number(i);
        e.source = u"test"_s;
        // Mostly anywhere; some exactly on or just before an hour boundary, to test the edges.
        const qint64 hourNs = kDataStartNs + random.bounded(kDataDays * 24) * Time::kNanosPerHour;
        switch (random.bounded(10)) {
        case 0:
            e.startNs = hourNs;
            break;
        case 1:
            e.startNs = hourNs - 1;
            break;
        default:
            e.startNs = kDataStartNs + qint64(random.bounded(kDataDays * 86400)) * Time::kNanosPerSecond +
                        random.bounded(1'000'000'000);
        }
        e.endNs = e.startNs + 1'000'000'000;
        e.provider = pick(u"provider-"_s, 3);
        e.model = pick(u"model-"_s, 5);
        e.feature = pick(u"feature-"_s, 4);
        e.agentId = pick(u"agent-"_s, 4);
        e.userId = pick(u"user-"_s, 3);
        e.sessionId = pick(u"session-"_s, 30);
        e.taskId = pick(u"task-"_s, 10);
        e.traceId = pick(u"trace-"_s, 200);
        // As the normalizer names span events: a trace is found through its event ids.
        if (!e.traceId.isEmpty())
            e.eventId = Model::eventIdForSpan(e.traceId, QString::number(i, 16));
        e.inputTokens = random.bounded(50'000);
        e.outputTokens = random.bounded(5'000);
        e.cacheReadTokens = random.bounded(20'000);
        e.cacheWriteTokens = random.bounded(2'000);
        e.costMicros = random.bounded(500'000);
        e.costSource = Model::CostSource(random.bounded(3));
        m_events.append(e);
    }

    m_reader = store(path, m_events);
    QVERIFY(m_reader);

    m_sparseEvents = m_events;
    for (UsageEvent &e : m_sparseEvents) {
        const qint64 hour = Time::floorDiv(e.startNs, Time::kNanosPerHour);
        if (hour % 7 != 0)
            e.userId.clear();
        if (hour % 13 >= 2)
            e.taskId.clear();
        if (hour % 5 != 0)
            e.sessionId.clear();
    }
    m_sparseReader = store(m_dir.filePath(u"sparse.sqlite"_s), m_sparseEvents);
    QVERIFY(m_sparseReader);
}

bool TestReport::commit(StorageWriter &writer, const QList<UsageEvent> &events,
                        const QList<Model::AttributionUpdate> &updates)
{
    bool finished = false;
    bool ok = false;
    writer.submit(events, updates, this, [&](const WriteResult &r) {
        if (r.error)
            qWarning() << r.error.message;
        ok = !r.error;
        finished = true;
    });
    QElapsedTimer clock;
    clock.start();
    while (!finished && clock.elapsed() < 30000)
        QTest::qWait(10);
    return ok;
}

std::unique_ptr<Connection> TestReport::store(const QString &path, const QList<UsageEvent> &events)
{
    StorageWriter writer(path);
    Error error;
    if (!writer.start(&error)) {
        qWarning() << error.message;
        return nullptr;
    }
    int pending = 0;
    bool failed = false;
    for (qsizetype first = 0; first < events.size(); first += 500) {
        ++pending;
        writer.submit(events.mid(first, 500), this, [&](const WriteResult &r) {
            if (r.error)
                qWarning() << r.error.message;
            failed = failed || bool(r.error);
            --pending;
        });
    }
    QElapsedTimer clock;
    clock.start();
    while (pending > 0 && clock.elapsed() < 30000)
        QTest::qWait(10);
    writer.stop();
    if (pending > 0 || failed)
        return nullptr;
    auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
    if (!reader)
        qWarning() << error.message;
    return reader;
}

void TestReport::cleanupTestCase()
{
    m_reader.reset();
}

void TestReport::dimensionNames()
{
    const QStringList expected = {u"provider"_s, u"model"_s,   u"feature"_s, u"agent"_s,
                                  u"user"_s,     u"session"_s, u"task"_s,    u"trace"_s,
                                  u"day"_s,      u"hour"_s,    u"project"_s};
    QCOMPARE(Storage::dimensionNames(), expected);
    for (Dimension d : kAllDimensions) {
        QVERIFY(dimensionFromName(dimensionName(d)) == d);
    }
    QVERIFY(dimensionFromName(u"project") == Dimension::Project);
    QVERIFY(!dimensionFromName(u"agent_id"));
    QVERIFY(!dimensionFromName(u"Model"));
    QVERIFY(!dimensionFromName(u""));
}

void TestReport::matchesBruteForce_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("UTC") << QByteArray("UTC") << 1u;
    QTest::newRow("Europe/Berlin, DST change") << QByteArray("Europe/Berlin") << 2u;
    QTest::newRow("America/New_York") << QByteArray("America/New_York") << 3u;
    QTest::newRow("Asia/Kolkata, +05:30") << QByteArray("Asia/Kolkata") << 4u;
    QTest::newRow("Asia/Kathmandu, +05:45") << QByteArray("Asia/Kathmandu") << 6u;
    QTest::newRow("Pacific/Chatham, +13:45") << QByteArray("Pacific/Chatham") << 7u;
    QTest::newRow("Australia/Lord_Howe, 30-minute DST") << QByteArray("Australia/Lord_Howe") << 5u;
}

void TestReport::matchesBruteForce()
{
    QFETCH(QByteArray, zone);
    QFETCH(quint32, seed);
    ReportQuery query;
    query.zone = QTimeZone(zone);
    QVERIFY(query.zone.isValid());
    QRandomGenerator random(seed);

    // A time: anywhere to the nanosecond, on a UTC hour or quarter hour, or on a local midnight.
    const auto randomTime = [&](qint64 from, qint64 to) {
        const qint64 t = from + qint64(random.bounded(quint64(to - from)));
        switch (random.bounded(5)) {
        case 0:
            return t - t % Time::kNanosPerHour;
        case 1:
            return Time::toNs(Time::fromNs(t, query.zone).date().startOfDay(query.zone));
        case 2:
            return t - t % Time::kNanosPerQuarterHour;
        default:
            return t;
        }
    };
    const int queries = 300;
    for (int n = 0; n < queries; ++n) {
        query.sinceNs = randomTime(kDataStartNs - kDayNs, kDataStartNs + kDataDays * kDayNs);
        query.untilNs = random.bounded(20) == 0
                            ? query.sinceNs
                            : randomTime(query.sinceNs, query.sinceNs + (1 + random.bounded(12)) * kDayNs);
        query.untilNs = std::max(query.untilNs, query.sinceNs);
        query.groupBy.clear();
        const int dims = int(random.bounded(3));
        while (query.groupBy.size() < dims) {
            const Dimension d = kAllDimensions.at(random.bounded(kAllDimensions.size()));
            if (!query.groupBy.contains(d))
                query.groupBy.append(d);
        }
        query.filters.clear();
        const int filters = int(random.bounded(4)) - 1; // mostly zero or one filter, sometimes two
        for (int f = 0; f < filters; ++f) {
            const Dimension d = kAllDimensions.at(random.bounded(kAllDimensions.size()));
            const UsageEvent &e = m_events.at(random.bounded(m_events.size()));
            query.filters.append({d, random.bounded(15) == 0 ? u"no-such-value"_s : value(e, d, query.zone)});
        }
        query.limit = random.bounded(4) == 0 ? 1 + int(random.bounded(12)) : 0;

        QList<ReportRow> rows;
        QVERIFY2(sameAsBruteForce(m_reader->database(), m_events, query, "", &rows),
                 "report differs from the brute-force sums");
        // Missing values are null keys, never empty strings that look like a value.
        for (const ReportRow &r : rows) {
            for (const QString &k : r.keys)
                QVERIFY(k.isNull() || !k.isEmpty());
        }
    }
}

void TestReport::edgesAreHalfOpen()
{
    // since is inclusive, until exclusive, to the nanosecond, also inside the rollup's whole hours.
    const UsageEvent &onTheHour = *std::find_if(m_events.cbegin(), m_events.cend(), [](const UsageEvent &e) {
        return e.startNs % Time::kNanosPerHour == 0;
    });
    ReportQuery query;
    query.zone = QTimeZone::utc();
    query.groupBy = {Dimension::Hour};
    for (const auto &[since, until] :
         {std::pair{onTheHour.startNs, onTheHour.startNs + 1},
          std::pair{onTheHour.startNs - 3 * Time::kNanosPerHour, onTheHour.startNs},
          std::pair{onTheHour.startNs, onTheHour.startNs + 5 * Time::kNanosPerHour}}) {
        query.sinceNs = since;
        query.untilNs = until;
        Error error;
        const auto rows = runReport(m_reader->database(), query, &error);
        QVERIFY2(rows, qPrintable(error.message));
        QCOMPARE(rows->size(), bruteForce(m_events, query).size());
        qint64 calls = 0;
        for (const ReportRow &r : *rows)
            calls += r.calls;
        qint64 expected = 0;
        for (const ReportRow &r : bruteForce(m_events, query))
            expected += r.calls;
        QCOMPARE(calls, expected);
        QVERIFY(calls > 0);
    }
}

void TestReport::noneAndFilters()
{
    ReportQuery query;
    query.sinceNs = kDataStartNs;
    query.untilNs = kDataStartNs + kDataDays * kDayNs;
    query.zone = QTimeZone::utc();
    query.groupBy = {Dimension::Provider};
    Error error;
    auto rows = runReport(m_reader->database(), query, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 4); // three providers and "none"
    QVERIFY(std::any_of(rows->cbegin(), rows->cend(),
                        [](const ReportRow &r) { return r.keys.first().isNull(); }));

    // An empty filter value selects the events without a value; same-dimension filters are OR-ed.
    query.filters = {{Dimension::Provider, QString()}, {Dimension::Provider, u"provider-1"_s}};
    rows = runReport(m_reader->database(), query, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rowText(rows->at(0)) + rowText(rows->at(1)),
             rowText(bruteForce(m_events, query).at(0)) + rowText(bruteForce(m_events, query).at(1)));

    // A filter value is data, never SQL.
    query.filters = {{Dimension::Provider, u"x' OR 1=1 --"_s}, {Dimension::Session, u"\") OR (1=1"_s}};
    rows = runReport(m_reader->database(), query, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QVERIFY(rows->isEmpty());
}

void TestReport::chronologicalOrder()
{
    ReportQuery query;
    query.sinceNs = kDataStartNs;
    query.untilNs = kDataStartNs + kDataDays * kDayNs;
    query.zone = QTimeZone("Europe/Berlin");
    query.groupBy = {Dimension::Day, Dimension::Model};
    Error error;
    const auto rows = runReport(m_reader->database(), query, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QVERIFY(rows->size() > kDataDays);
    QCOMPARE(rows->first().keys.first(), u"2026-03-20"_s);
    QCOMPARE(rows->last().keys.first(), u"2026-04-09"_s); // the last UTC day ends at 02:00 Berlin time
    for (qsizetype i = 1; i < rows->size(); ++i) {
        const ReportRow &a = rows->at(i - 1);
        const ReportRow &b = rows->at(i);
        QVERIFY(a.keys.first() < b.keys.first() ||
                (a.keys.first() == b.keys.first() && a.costMicros >= b.costMicros));
    }
    // 2026-03-29 in Berlin has 23 hours: 02:00 does not exist.
    query.groupBy = {Dimension::Hour};
    query.sinceNs = Time::toNs(QDate(2026, 3, 29).startOfDay(query.zone));
    query.untilNs = Time::toNs(QDate(2026, 3, 30).startOfDay(query.zone));
    QCOMPARE(query.untilNs - query.sinceNs, 23 * Time::kNanosPerHour);
    const auto hours = runReport(m_reader->database(), query, &error);
    QVERIFY2(hours, qPrintable(error.message));
    for (const ReportRow &r : *hours) {
        QVERIFY(r.keys.first().startsWith(u"2026-03-29T"));
        QVERIFY(r.keys.first() != u"2026-03-29T02:00");
    }
}

void TestReport::errors()
{
    ReportQuery query;
    query.sinceNs = kDataStartNs + kDayNs;
    query.untilNs = kDataStartNs;
    Error error;
    QVERIFY(!runReport(m_reader->database(), query, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QCOMPARE(error.message, u"The start of the report (2026-03-21T00:00:00.000Z) is after its end "
                            u"(2026-03-20T00:00:00.000Z)."_s);

    query.untilNs = query.sinceNs;
    const auto empty = runReport(m_reader->database(), query, &error);
    QVERIFY(empty && empty->isEmpty());

    query.untilNs = query.sinceNs + kDayNs;
    error = {};
    QVERIFY(!runReport(QSqlDatabase(), query, &error));
    QCOMPARE(error.code, Error::Code::Database);
    QCOMPARE(error.message, u"The database is not open."_s);

    // Project is a dimension of billed spend only, grouped on or filtered by.
    query.groupBy = {Dimension::Model, Dimension::Project};
    error = {};
    QVERIFY(!runReport(m_reader->database(), query, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QCOMPARE(error.message, u"project is a dimension of billed spend; use --billed."_s);
    query.groupBy = {Dimension::Model};
    query.filters = {{Dimension::Project, u"proj_1"_s}};
    error = {};
    QVERIFY(!runReport(m_reader->database(), query, &error));
    QCOMPARE(error.message, u"project is a dimension of billed spend; use --billed."_s);
}

QStringList TestReport::statementsOf(const ReportQuery &query, Connection *reader)
{
    reader = reader ? reader : m_reader.get();
    auto *db = static_cast<sqlite3 *>(reader->sqliteHandle());
    QStringList statements;
    sqlite3_trace_v2(db, SQLITE_TRACE_STMT, collectStatement, &statements);
    Error error;
    const auto rows = runReport(reader->database(), query, &error);
    sqlite3_trace_v2(db, 0, nullptr, nullptr);
    if (!rows)
        qWarning() << error.message;
    // The reads of one report share a snapshot; left in, these two break the callers' counts.
    if (statements.size() >= 2 && statements.first() == u"SAVEPOINT report" &&
        statements.last() == u"RELEASE report") {
        statements.removeFirst();
        statements.removeLast();
    }
    return statements;
}

QStringList TestReport::planOf(const QString &sql, Connection *reader)
{
    auto *db = static_cast<sqlite3 *>((reader ? reader : m_reader.get())->sqliteHandle());
    sqlite3_stmt *stmt = nullptr;
    QStringList plan;
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

void TestReport::featureWeekReadsTheRollup()
{
    // A 7-day report with ragged edges, grouped by feature: the week from the rollup, the edges from the
    // start-time index, and never a scan of all events.
    ReportQuery query;
    query.sinceNs = kDataStartNs + 3 * kDayNs + 17 * 60 * Time::kNanosPerSecond + 5;
    query.untilNs = query.sinceNs + 7 * kDayNs;
    query.zone = QTimeZone("Europe/Berlin");
    for (const QList<Dimension> &groupBy :
         {QList<Dimension>{Dimension::Feature}, QList<Dimension>{Dimension::Day, Dimension::Feature}}) {
        query.groupBy = groupBy;
        // By day, the week is read in two runs of hours, split at Berlin's DST change (29 March), each
        // grouped by local day in SQL.
        const int runs = groupBy.contains(Dimension::Day) ? 2 : 1;
        const QStringList statements = statementsOf(query);
        QCOMPARE(statements.size(), runs + 2); // the week, then the edges before and after it
        int rollupReads = 0;
        int indexedEdges = 0;
        for (const QString &sql : statements) {
            const QStringList plan = planOf(sql);
            QVERIFY(!plan.isEmpty());
            for (const QString &step : plan) {
                QVERIFY2(!step.startsWith(u"SCAN usage_events") && !step.startsWith(u"SCAN rollup_hourly"),
                         qPrintable(step));
                rollupReads += step.startsWith(u"SEARCH rollup_hourly USING PRIMARY KEY (hour>? AND hour<?)");
                indexedEdges += step.startsWith(
                    u"SEARCH usage_events USING INDEX usage_events_ts (ts_start_ns>? AND ts_start_ns<?)");
            }
        }
        QCOMPARE(rollupReads, runs);
        QCOMPARE(indexedEdges, 2);
        if (runs == 2) {
            QVERIFY2(statements.at(0).contains(u"(hour * 3600 + 3600) / 86400"),
                     qPrintable(statements.at(0)));
            QVERIFY2(statements.at(1).contains(u"(hour * 3600 + 7200) / 86400"),
                     qPrintable(statements.at(1)));
        }
    }
}

void TestReport::rawReportsUseIndexes_data()
{
    QTest::addColumn<QList<Dimension>>("groupBy");
    QTest::addColumn<QList<ReportFilter>>("filters");
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QString>("index");
    // Two of user, task and session, or trace: no rollup has them, so the window's events are read through
    // the start-time index (docs/performance.md, section 8). One of them with rollup_hourly's dimensions:
    // attrWithRollupDimensionsReadTheirHours.
    QTest::newRow("by user, one task")
        << QList<Dimension>{Dimension::User} << QList<ReportFilter>{{Dimension::Task, u"task-1"_s}}
        << QByteArray("UTC") << u"usage_events_ts"_s;
    QTest::newRow("by trace") << QList<Dimension>{Dimension::Trace} << QList<ReportFilter>{}
                              << QByteArray("UTC") << u"usage_events_ts"_s;
    // No index on session_id (schema v7): the sessions' hours are looked up in rollup_attr, their events
    // read through the start-time index.
    QTest::newRow("two sessions by user and task")
        << QList<Dimension>{Dimension::User, Dimension::Task}
        << QList<ReportFilter>{{Dimension::Session, u"session-3"_s}, {Dimension::Session, u"session-4"_s}}
        << QByteArray("UTC") << u"usage_events_ts"_s;
    QTest::newRow("one trace") << QList<Dimension>{} << QList<ReportFilter>{{Dimension::Trace, u"trace-7"_s}}
                               << QByteArray("UTC") << u"usage_events_ts"_s;
}

// Kolkata's days and hours start on the half hour (+05:30). By day, the hour each local midnight splits is
// read from rollup_quarter for rollup_hourly's dimensions, from rollup_attr by half hour for the user, task
// or session alone, from the events (through the start-time index) for the others, every other hour from the
// rollup; by hour, rollup_hourly's dimensions come from rollup_quarter alone, the user, task or session from
// rollup_attr by half hour. In Kathmandu (+05:45), the same with rollup_attr's first quarter hours.
// matchesBruteForce checks the sums there and in Lord Howe's 30-minute daylight saving time.
void TestReport::halfHourZonesReadSplitHoursFromQuarters()
{
    struct Case
    {
        const char *zone;
        QList<Dimension> groupBy;
        int quarters, split, raw, hourly; // split: rollup_attr's rows split at :30 (Kolkata) or :15
    };
    // The seven local midnights' hours, the runs of whole hours between them, and the ragged edges.
    const Case cases[] = {
        {"Asia/Kolkata", {Dimension::Day}, 7, 0, 2, 8},
        {"Asia/Kolkata", {Dimension::Day, Dimension::User}, 0, 7, 2, 8},
        {"Asia/Kolkata", {Dimension::Day, Dimension::User, Dimension::Model}, 0, 0, 7 + 2, 8},
        {"Asia/Kolkata", {Dimension::Hour, Dimension::Feature}, 1, 0, 2, 0},
        {"Asia/Kolkata", {Dimension::Hour, Dimension::Session}, 0, 1, 2, 0},
        {"Asia/Kolkata", {Dimension::Hour, Dimension::User, Dimension::Model}, 0, 0, 1, 0},
        {"Asia/Kathmandu", {Dimension::Day, Dimension::Task}, 0, 7, 2, 8},
        {"Asia/Kathmandu", {Dimension::Hour, Dimension::User}, 0, 1, 2, 0},
    };
    for (const Case &c : cases) {
        ReportQuery query;
        query.sinceNs = kDataStartNs + 2 * kDayNs + 1234;
        query.untilNs = query.sinceNs + 7 * kDayNs;
        query.groupBy = c.groupBy;
        query.zone = QTimeZone(c.zone);
        const QStringList statements = statementsOf(query);
        int quarters = 0, halves = 0, raw = 0, hourly = 0;
        for (const QString &sql : statements) {
            const bool half = sql.contains(
                QStringView(query.zone.id() == "Asia/Kathmandu" ? u"quarter_calls" : u"half_calls"));
            hourly += sql.contains(u"FROM rollup_hourly") || sql.contains(u"FROM rollup_user") ||
                      (sql.contains(u"FROM rollup_attr") && !half);
            const QString plan = planOf(sql).join(u" | "_s);
            if (half) {
                ++halves;
                QVERIFY2(plan.contains(
                             u"SEARCH rollup_attr USING PRIMARY KEY (dimension=? AND hour>? AND hour<?)"_s),
                         qPrintable(plan));
            }
            if (sql.contains(u"FROM rollup_quarter")) {
                ++quarters;
                QVERIFY2(
                    plan.contains(u"SEARCH rollup_quarter USING PRIMARY KEY (quarter>? AND quarter<?)"_s),
                    qPrintable(plan));
            }
            if (sql.contains(u"FROM usage_events")) {
                ++raw;
                QVERIFY2(plan.contains(u"USING INDEX usage_events_ts"_s), qPrintable(plan));
            }
        }
        QCOMPARE(quarters, c.quarters);
        QCOMPARE(halves, c.split);
        QCOMPARE(raw, c.raw);
        QCOMPARE(hourly, c.hourly);
    }
}

void TestReport::rawReportsUseIndexes()
{
    QFETCH(QList<Dimension>, groupBy);
    QFETCH(QList<ReportFilter>, filters);
    QFETCH(QByteArray, zone);
    QFETCH(QString, index);
    ReportQuery query;
    query.sinceNs = kDataStartNs + 2 * kDayNs + 1234;
    query.untilNs = query.sinceNs + 7 * kDayNs;
    query.groupBy = groupBy;
    query.filters = filters;
    query.zone = QTimeZone(zone);
    const QStringList statements = statementsOf(query);
    QCOMPARE(statements.size(), 1); // no rollup: these dimensions or this zone need the raw events
    QVERIFY(!statements.first().contains(u"rollup_hourly"));
    const QStringList plan = planOf(statements.first());
    const QString text = plan.join(u" | "_s);
    QVERIFY2(std::any_of(plan.cbegin(), plan.cend(),
                         [&](const QString &step) {
                             return step.startsWith(u"SEARCH usage_events USING INDEX "_s + index + u" ("_s);
                         }),
             qPrintable(text));
    QVERIFY2(!text.contains(u"SCAN usage_events") && !text.contains(u"AUTOMATIC"), qPrintable(text));
    const bool bySession = std::any_of(filters.cbegin(), filters.cend(), [](const ReportFilter &f) {
        return f.dimension == Dimension::Session;
    });
    if (bySession) {
        QVERIFY2(text.contains(u"SEARCH rollup_attr USING PRIMARY KEY (dimension=? AND hour=? AND value=?)"),
                 qPrintable(text));
        QVERIFY2(!text.contains(u"SCAN rollup_attr"), qPrintable(text));
    }
}

void TestReport::twoDimensionsAndMultiValueFilters()
{
    QRandomGenerator random(77);
    for (int n = 0; n < 200; ++n) {
        ReportQuery query;
        query.zone = QTimeZone(n % 2 ? "Europe/Berlin" : "UTC");
        query.sinceNs = kDataStartNs + qint64(random.bounded(quint64(kDataDays - 8) * quint64(kDayNs)));
        query.untilNs = query.sinceNs + 1 + qint64(random.bounded(quint64(8 * kDayNs)));
        while (query.groupBy.size() < 2) {
            const Dimension d = kAllDimensions.at(random.bounded(kAllDimensions.size()));
            if (!query.groupBy.contains(d))
                query.groupBy.append(d);
        }
        // Two to four values of one dimension (OR-ed), sometimes "none" among them, and sometimes one
        // value of another dimension (AND-ed), as Explore's multi-select filters make them.
        const Dimension multi = kAllDimensions.at(random.bounded(kAllDimensions.size()));
        const int values = 2 + int(random.bounded(3));
        for (int v = 0; v < values; ++v) {
            const UsageEvent &e = m_events.at(random.bounded(m_events.size()));
            query.filters.append({multi, random.bounded(6) == 0 ? QString() : value(e, multi, query.zone)});
        }
        if (random.bounded(2)) {
            const Dimension other = kAllDimensions.at(random.bounded(kAllDimensions.size()));
            const UsageEvent &e = m_events.at(random.bounded(m_events.size()));
            query.filters.append({other, value(e, other, query.zone)});
        }
        QVERIFY2(sameAsBruteForce(m_reader->database(), m_events, query),
                 "report differs from the brute-force sums");
    }
}

void TestReport::exploreViewsReadTheRollup_data()
{
    QTest::addColumn<QList<Dimension>>("groupBy");
    QTest::addColumn<QList<ReportFilter>>("filters");
    QTest::newRow("feature then agent")
        << QList<Dimension>{Dimension::Feature, Dimension::Agent} << QList<ReportFilter>{};
    QTest::newRow("agent, drilled from a feature")
        << QList<Dimension>{Dimension::Agent} << QList<ReportFilter>{{Dimension::Feature, u"feature-1"_s}};
    QTest::newRow("day then model, two features and no agent")
        << QList<Dimension>{Dimension::Day, Dimension::Model}
        << QList<ReportFilter>{{Dimension::Feature, u"feature-1"_s},
                               {Dimension::Feature, u"feature-2"_s},
                               {Dimension::Agent, QString()}};
    QTest::newRow("hour then provider, drilled from a day")
        << QList<Dimension>{Dimension::Hour, Dimension::Provider}
        << QList<ReportFilter>{{Dimension::Day, u"2026-03-25"_s}, {Dimension::Model, u"model-2"_s}};
    // The cache-savings panel and the routing candidates.
    QTest::newRow("cache savings") << QList<Dimension>{Dimension::Provider, Dimension::Model,
                                                       Dimension::Feature, Dimension::Day}
                                   << QList<ReportFilter>{{Dimension::Agent, u"agent-3"_s}};
}

void TestReport::exploreViewsReadTheRollup()
{
    // Explore's views over the dimensions the rollup carries: whole hours from the rollup's key, the ragged
    // edges from the start-time index, never a scan. (User and task alone read rollup_attr, see
    // userAndTaskReadRollupAttr; session, and user or task with another dimension, read the raw events
    // through the start-time index, see rawReportsUseIndexes.)
    QFETCH(QList<Dimension>, groupBy);
    QFETCH(QList<ReportFilter>, filters);
    ReportQuery query;
    query.sinceNs = kDataStartNs + 2 * kDayNs + 1234;
    query.untilNs = query.sinceNs + 7 * kDayNs;
    query.groupBy = groupBy;
    query.filters = filters;
    query.zone = QTimeZone("Europe/Berlin");
    const QStringList statements = statementsOf(query);
    QCOMPARE(statements.size(), 3);
    int rollupReads = 0;
    for (const QString &sql : statements) {
        for (const QString &step : planOf(sql)) {
            QVERIFY2(!step.startsWith(u"SCAN usage_events") && !step.startsWith(u"SCAN rollup_hourly"),
                     qPrintable(step));
            rollupReads += step.startsWith(u"SEARCH rollup_hourly USING PRIMARY KEY (hour>? AND hour<?)");
        }
    }
    QCOMPARE(rollupReads, 1);
}

// Reports over user, task or session with only day and hour besides: random windows, zones and filters (none
// included) against the brute-force sums, so the rollup_attr path is exercised far more than at random.
void TestReport::userAndTaskMatchBruteForce()
{
    QRandomGenerator random(31337);
    const QByteArray zones[] = {"UTC", "Europe/Berlin", "Asia/Kolkata", "Asia/Kathmandu"};
    for (int n = 0; n < 400; ++n) {
        ReportQuery query;
        query.zone = QTimeZone(zones[n % std::size(zones)]);
        query.sinceNs = kDataStartNs - kDayNs + qint64(random.bounded(quint64(kDataDays) * quint64(kDayNs)));
        if (random.bounded(3) == 0)
            query.sinceNs -= query.sinceNs % Time::kNanosPerHour;
        query.untilNs = query.sinceNs + qint64(random.bounded(quint64(9 * kDayNs)));
        const Dimension attr =
            std::array{Dimension::User, Dimension::Task, Dimension::Session}[random.bounded(3)];
        if (random.bounded(4) != 0)
            query.groupBy.append(attr);
        if (random.bounded(2))
            query.groupBy.insert(random.bounded(query.groupBy.size() + 1),
                                 random.bounded(2) ? Dimension::Day : Dimension::Hour);
        const int filters = int(random.bounded(4));
        for (int f = 0; f < filters; ++f) {
            const UsageEvent &e = m_events.at(random.bounded(m_events.size()));
            const Dimension d = random.bounded(4) == 0 ? Dimension::Day : attr;
            query.filters.append({d, random.bounded(5) == 0 ? QString() : value(e, d, query.zone)});
        }
        if (random.bounded(4) == 0)
            query.limit = 1 + int(random.bounded(20));
        QVERIFY2(sameAsBruteForce(m_reader->database(), m_events, query),
                 "report differs from the brute-force sums");
    }
}

void TestReport::userAndTaskReadRollupAttr_data()
{
    QTest::addColumn<QList<Dimension>>("groupBy");
    QTest::addColumn<QList<ReportFilter>>("filters");
    QTest::addColumn<int>("runs"); // reads of rollup_attr: by day, one per run of hours with one UTC offset
    QTest::addColumn<bool>("lookups"); // filtered: point lookups per hour and value, not a range search
    QTest::newRow("by user") << QList<Dimension>{Dimension::User} << QList<ReportFilter>{} << 1 << false;
    QTest::newRow("by task") << QList<Dimension>{Dimension::Task} << QList<ReportFilter>{} << 1 << false;
    QTest::newRow("by session") << QList<Dimension>{Dimension::Session} << QList<ReportFilter>{} << 1
                                << false;
    QTest::newRow("day then user, across the DST change")
        << QList<Dimension>{Dimension::Day, Dimension::User} << QList<ReportFilter>{} << 2 << false;
    QTest::newRow("task then day") << QList<Dimension>{Dimension::Task, Dimension::Day}
                                   << QList<ReportFilter>{} << 2 << false;
    QTest::newRow("hour then session")
        << QList<Dimension>{Dimension::Hour, Dimension::Session} << QList<ReportFilter>{} << 1 << false;
    QTest::newRow("one user by hour, drilled from a day")
        << QList<Dimension>{Dimension::Hour}
        << QList<ReportFilter>{{Dimension::User, u"user-1"_s}, {Dimension::Day, u"2026-03-25"_s}} << 1
        << true;
    QTest::newRow("tasks and none by task")
        << QList<Dimension>{Dimension::Task}
        << QList<ReportFilter>{{Dimension::Task, u"task-2"_s}, {Dimension::Task, QString()}} << 1 << true;
    QTest::newRow("one session by day")
        << QList<Dimension>{Dimension::Day} << QList<ReportFilter>{{Dimension::Session, u"session-5"_s}} << 2
        << true;
}

void TestReport::userAndTaskReadRollupAttr()
{
    // Whole hours from rollup_attr's key (the one dimension's rows only), the ragged edges from the
    // start-time index, never a scan.
    QFETCH(QList<Dimension>, groupBy);
    QFETCH(QList<ReportFilter>, filters);
    QFETCH(int, runs);
    QFETCH(bool, lookups);
    ReportQuery query;
    query.sinceNs = kDataStartNs + 3 * kDayNs + 1234; // 23 to 30 March: Berlin's DST change on the 29th
    query.untilNs = query.sinceNs + 7 * kDayNs;
    query.groupBy = groupBy;
    query.filters = filters;
    query.zone = QTimeZone("Europe/Berlin");
    const QStringList statements = statementsOf(query);
    QCOMPARE(statements.size(), runs + 2);
    int attrReads = 0;
    int indexedEdges = 0;
    for (const QString &sql : statements) {
        const QString plan = planOf(sql).join(u" | "_s);
        QVERIFY2(!plan.contains(u"SCAN rollup_attr") && !plan.contains(u"SCAN usage_events") &&
                     !plan.contains(u"AUTOMATIC"),
                 qPrintable(plan));
        if (sql.contains(u"usage_events")) {
            indexedEdges += plan.contains(
                u"SEARCH usage_events USING INDEX usage_events_ts (ts_start_ns>? AND ts_start_ns<?)");
            continue;
        }
        attrReads += plan.contains(
            lookups ? u"SEARCH rollup_attr USING PRIMARY KEY (dimension=? AND hour=? AND value=?)"_s
                    : u"SEARCH rollup_attr USING PRIMARY KEY (dimension=? AND hour>? AND hour<?)"_s);
    }
    QCOMPARE(attrReads, runs);
    QCOMPARE(indexedEdges, 2);
}

// The writer keeps rollup_attr exact through re-attributions (user and task moved, moved back, moved
// within one transaction) and clearSource: equal to a GROUP BY over the events, and reports by user and
// task equal the brute-force sums over the events as they are now.
void TestReport::rollupAttrFollowsReattributionAndClear()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"attr.sqlite"_s);
    QList<UsageEvent> events = m_events.mid(0, 2000);
    for (qsizetype i = 0; i < events.size(); ++i)
        events[i].source = i % 3 == 0 ? u"demo"_s : u"test"_s;
    StorageWriter writer(path);
    Error error;
    QVERIFY2(writer.start(&error), qPrintable(error.message));
    int pending = 0;
    const auto done = [&](const WriteResult &r) {
        QVERIFY2(!r.error, qPrintable(r.error.message));
        --pending;
    };
    ++pending;
    writer.submit(events, this, done);
    QTRY_COMPARE_WITH_TIMEOUT(pending, 0, 30000);

    QRandomGenerator random(99);
    for (int round = 0; round < 3; ++round) {
        QList<Model::AttributionUpdate> updates;
        for (int u = 0; u < 300; ++u) {
            UsageEvent &e = events[random.bounded(events.size())];
            e.userId = random.bounded(4) == 0 ? QString() : u"user-"_s + QString::number(random.bounded(5));
            e.taskId = random.bounded(4) == 0 ? QString() : u"task-"_s + QString::number(random.bounded(12));
            if (random.bounded(3) == 0)
                e.sessionId =
                    random.bounded(4) == 0 ? QString() : u"sess-"_s + QString::number(random.bounded(30));
            Model::AttributionUpdate update;
            update.eventId = e.eventId;
            update.startNs = e.startNs;
            update.agentId = e.agentId;
            update.agentName = e.agentName;
            update.taskId = e.taskId;
            update.feature = e.feature;
            update.userId = e.userId;
            update.sessionId = e.sessionId;
            update.tags = e.tags;
            updates.append(update);
        }
        ++pending;
        writer.submit({}, updates, this, done);
        QTRY_COMPARE_WITH_TIMEOUT(pending, 0, 30000);
    }
    // The moves alone (the clear below rebuilds every day it touches), rows emptied by them included.
    {
        auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error.message));
        QCOMPARE(sessionDayRows(reader->database()), sessionDayRowsOfEvents(reader->database()));
        const auto [spans, spansOfHours] = sessionDaySpans(reader->database());
        QVERIFY(!spans.isEmpty());
        QCOMPARE(spans, spansOfHours);
        const auto [sessionRows, sessionRowsOfEvents] = sessionRollupRows(reader->database());
        QVERIFY(sessionRows.size() > kDataDays * 24);
        QCOMPARE(sessionRows, sessionRowsOfEvents);
    }
    ++pending;
    writer.clearSource(u"demo"_s, this, done);
    QTRY_COMPARE_WITH_TIMEOUT(pending, 0, 30000);
    writer.stop();
    events.removeIf([](const UsageEvent &e) { return e.source == u"demo"_s; });

    auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
    QVERIFY2(reader, qPrintable(error.message));
    const auto table = [&](const QString &sql) { return tableRows(reader->database(), sql); };
    const QString sums = u"count(*), sum(input_tokens), sum(output_tokens), sum(reasoning_tokens), "
                         u"sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), "
                         u"sum(cost_source = 'unpriced'), sum(error <> 0)"_s;
    const QString hour = u"ts_start_ns / 3600000000000"_s; // the data has no time before 1970
    for (const auto &[dimension, column] :
         {std::pair(u"user"_s, u"user_id"_s), std::pair(u"task"_s, u"task_id"_s),
          std::pair(u"session"_s, u"session_id"_s)}) {
        const QStringList stored =
            table(u"SELECT hour, value, calls, input_tokens, output_tokens, reasoning_tokens, "
                  u"cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, "
                  u"error_calls FROM rollup_attr WHERE dimension = '"_s +
                  dimension + u"' ORDER BY 1, 2"_s);
        const QStringList expected = table(u"SELECT "_s + hour + u", coalesce("_s + column + u", ''), "_s +
                                           sums + u" FROM usage_events GROUP BY 1, 2 ORDER BY 1, 2"_s);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(stored, expected);
        // ... and so do the sums of each row's first half and first quarter hour.
        const QString storedHalves =
            u"SELECT hour, value, half_calls, half_input_tokens, half_output_tokens, half_cache_read_tokens, "
            u"half_cache_write_tokens, half_cost_micros, half_unpriced_calls FROM rollup_attr WHERE dimension = '"_s +
            dimension + u"' ORDER BY 1, 2"_s;
        const QString expectedHalves =
            u"SELECT hour, value, sum(first), sum(input_tokens * first), sum(output_tokens * first), "
            u"sum(cache_read_tokens * first), sum(cache_write_tokens * first), sum(cost_micros * first), "
            u"sum((cost_source = 'unpriced') * first) FROM (SELECT "_s +
            hour + u" AS hour, coalesce("_s + column +
            u", '') AS value, (ts_start_ns / 1800000000000) % 2 = 0 AS first, * FROM usage_events) "
            u"GROUP BY 1, 2 ORDER BY 1, 2"_s;
        QCOMPARE(table(storedHalves), table(expectedHalves));
        QCOMPARE(
            table(QString(storedHalves).replace(u"half_"_s, u"quarter_"_s)),
            table(QString(expectedHalves)
                      .replace(u"ts_start_ns / 1800000000000) % 2"_s, u"ts_start_ns / 900000000000) % 4"_s)));
        QVERIFY(!table(u"SELECT 1 FROM rollup_attr WHERE half_calls > 0 AND half_calls < calls"_s).isEmpty());
    }

    // rollup_user equals the events grouped by hour, user and rollup_hourly's key.
    const QStringList storedByUser = table(
        u"SELECT hour, user_id, provider, model, feature, agent_id, calls, input_tokens, output_tokens, "
        u"reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, "
        u"error_calls FROM rollup_user ORDER BY 1, 2, 3, 4, 5, 6"_s);
    const QStringList expectedByUser =
        table(u"SELECT "_s + hour +
              u", coalesce(user_id, ''), coalesce(provider, ''), coalesce(model, ''), coalesce(feature, ''), "
              u"coalesce(agent_id, ''), "_s +
              sums + u" FROM usage_events GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6"_s);
    QVERIFY(!expectedByUser.isEmpty());
    QCOMPARE(storedByUser, expectedByUser);
    // rollup_session the same with the session, after the clear recomputed its hours.
    const auto [sessionRows, sessionRowsOfEvents] = sessionRollupRows(reader->database());
    QVERIFY(!sessionRows.isEmpty());
    QCOMPARE(sessionRows, sessionRowsOfEvents);

    // rollup_user_day the same by UTC day: the test data is older than the clock, so every day of it is
    // before the table's end and was kept in step as late calls, moves and a cleared source.
    const QStringList storedByUserDay =
        table(u"SELECT day, user_id, provider, model, feature, agent_id, calls, input_tokens, output_tokens, "
              u"reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, "
              u"error_calls FROM rollup_user_day ORDER BY 1, 2, 3, 4, 5, 6"_s);
    const QStringList expectedByUserDay =
        table(u"SELECT ts_start_ns / 86400000000000, coalesce(user_id, ''), coalesce(provider, ''), "
              u"coalesce(model, ''), coalesce(feature, ''), coalesce(agent_id, ''), "_s +
              sums + u" FROM usage_events GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6"_s);
    QVERIFY(!expectedByUserDay.isEmpty());
    QCOMPARE(storedByUserDay, expectedByUserDay);
    // ... and rollup_session_day with session_day_totals.
    const QStringList storedBySessionDay = sessionDayRows(reader->database());
    QVERIFY(storedBySessionDay.size() > kDataDays * 2);
    QCOMPARE(storedBySessionDay, sessionDayRowsOfEvents(reader->database()));
    const auto [spans, spansOfHours] = sessionDaySpans(reader->database());
    QVERIFY(!spans.isEmpty());
    QCOMPARE(spans, spansOfHours);

    // A session row spans at least its calls and names at least their agents (a call moved out may leave
    // it wider than they are now, which a list of sessions can live with; clearSource recomputes exactly).
    const QStringList notCovered = table(
        u"SELECT r.hour, r.value FROM rollup_attr r JOIN (SELECT "_s + hour +
        u" AS hour, coalesce(session_id, '') AS value, min(ts_start_ns) AS first, max(ts_end_ns) AS last "
        u"FROM usage_events GROUP BY 1, 2) e USING (hour, value) WHERE r.dimension = 'session' "
        u"AND (r.first_ns IS NULL OR r.first_ns > e.first OR r.last_ns < e.last)"_s);
    QCOMPARE(notCovered, QStringList());
    const QStringList missingAgents =
        table(u"SELECT DISTINCT e.session_id, e.agent_id FROM usage_events e JOIN rollup_attr r "
              u"ON r.dimension = 'session' AND r.hour = e.ts_start_ns / 3600000000000 "
              u"AND r.value = coalesce(e.session_id, '') WHERE e.agent_id > '' "
              u"AND NOT EXISTS (SELECT 1 FROM json_each(nullif(r.agents, '')) WHERE value = e.agent_id)"_s);
    QCOMPARE(missingAgents, QStringList());
    QVERIFY(!table(u"SELECT 1 FROM rollup_attr WHERE dimension = 'session' AND agents <> ''"_s).isEmpty());

    ReportQuery query;
    query.zone = QTimeZone("UTC");
    query.sinceNs = kDataStartNs + 1234;
    query.untilNs = kDataStartNs + (kDataDays - 1) * kDayNs + 77;
    // By user, task and session, and drilled into sessions calls moved in or out of (their hours from
    // rollup_attr, their events through the start-time index), over ragged edges.
    const QList<std::pair<QList<Dimension>, QList<ReportFilter>>> reports = {
        {{Dimension::User}, {}},
        {{Dimension::Task}, {}},
        {{Dimension::Session}, {}},
        {{Dimension::Day, Dimension::Session}, {}},
        {{Dimension::Model}, {{Dimension::Session, u"sess-3"_s}}},
        {{Dimension::Day}, {{Dimension::Session, u"sess-7"_s}, {Dimension::Session, u"session-2"_s}}},
        {{Dimension::Hour, Dimension::Feature}, {{Dimension::Session, u"session-5"_s}}},
        {{Dimension::Feature, Dimension::Session}, {}},
        {{Dimension::Session}, {{Dimension::User, u"user-2"_s}}},
    };
    for (const auto &[groupBy, filters] : reports) {
        query.groupBy = groupBy;
        query.filters = filters;
        compareToBruteForce(reader->database(), events, query);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestReport::userDaysJoinWhenOver()
{
    // rollup_user_day has the days before meta's rollup_user_day_end. Here the end is set back to the middle
    // of the data behind a running writer (as another writer, or the app started days ago, would leave it):
    // reports read the days before it from rollup_user_day and the rest from rollup_user, and the writer's
    // next transaction adds the days since, exactly once.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"days.sqlite"_s);
    QList<UsageEvent> events = m_events.mid(0, 3000);
    for (qsizetype i = 0; i < events.size(); i += 7)
        events[i].source = u"import"_s; // cleared in the last part
    UsageEvent live = events.at(1);     // a call of today, which stays in rollup_user only
    live.eventId = u"live-call"_s;
    live.startNs = Time::nowNs();
    live.endNs = live.startNs + 1000;
    // A failed check returns from the helper only: the caller stops on QTest::currentTestFailed().
    const auto submit = [&](StorageWriter &writer, const QList<UsageEvent> &batch) {
        const auto failure = std::make_shared<std::optional<QString>>(); // outlives a failed wait
        writer.submit(batch, this, [failure](const WriteResult &r) { *failure = r.error.message; });
        QTRY_VERIFY_WITH_TIMEOUT(failure->has_value(), 30000);
        QVERIFY2(failure->value().isEmpty(), qPrintable(failure->value()));
    };
    // The users' days serve feature x user, the sessions' days the top sessions (alone and by day).
    const auto sameAsEvents = [&](const QList<UsageEvent> &stored, const ReportQuery &query) {
        Error error;
        auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error.message));
        const QList<std::pair<QList<Dimension>, int>> reports = {
            {query.groupBy, 0}, {{Dimension::Session}, 5}, {{Dimension::Day, Dimension::Session}, 7}};
        for (const auto &[groupBy, limit] : reports) {
            ReportQuery q = query;
            q.groupBy = groupBy;
            q.limit = limit;
            const auto rows = runReport(reader->database(), q, &error);
            QVERIFY2(rows, qPrintable(error.message));
            QCOMPARE(rowTexts(*rows), rowTexts(bruteForce(stored, q)));
        }
    };
    // rollup_user_day and rollup_session_day, and what they should hold: the events by UTC day before the
    // stored end; a session's row links to its latest earlier day.
    const auto dayRows = [&](qint64 *end) {
        Error error;
        auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
        if (!reader) {
            qWarning() << error.message;
            return std::pair<QStringList, QStringList>();
        }
        const QSqlDatabase db = reader->database();
        *end = tableRows(db, u"SELECT value FROM meta WHERE key = 'rollup_user_day_end'"_s)
                   .value(0)
                   .toLongLong();
        const auto [spans, spansOfHours] = sessionDaySpans(db);
        return std::pair(
            tableRows(db,
                      u"SELECT day, user_id, provider, model, feature, agent_id, calls, input_tokens, "
                      u"output_tokens, reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, "
                      u"unpriced_calls, error_calls FROM rollup_user_day ORDER BY 1, 2, 3, 4, 5, 6"_s) +
                sessionDayRows(db) + spans,
            tableRows(
                db, u"SELECT ts_start_ns / 86400000000000, coalesce(user_id, ''), coalesce(provider, ''), "
                    u"coalesce(model, ''), coalesce(feature, ''), coalesce(agent_id, ''), count(*), "
                    u"sum(input_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cache_read_tokens), "
                    u"sum(cache_write_tokens), sum(cost_micros), sum(cost_source = 'unpriced'), "
                    u"sum(error <> 0) FROM usage_events WHERE ts_start_ns < %1 "
                    u"GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6"_s.arg(*end * kDayNs)) +
                sessionDayRowsOfEvents(db, *end * kDayNs) + spansOfHours);
    };
    const auto change = [&](const QStringList &statements) {
        Error error;
        auto c = Connection::open(path, Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlQuery q(c->database());
        for (const QString &sql : statements)
            QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
    };
    ReportQuery query;
    query.zone = QTimeZone::utc();
    query.sinceNs = kDataStartNs + 1234;
    query.untilNs = kDataStartNs + kDataDays * kDayNs - 77;
    query.groupBy = {Dimension::Feature, Dimension::User};

    StorageWriter writer(path);
    Error error;
    QVERIFY2(writer.start(&error), qPrintable(error.message));
    submit(writer, events.mid(0, 2999));
    if (QTest::currentTestFailed())
        return;
    const qint64 middleDay = Time::floorDiv(kDataStartNs, kDayNs) + kDataDays / 2;
    {
        auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error.message));
        for (const QString &table : {u"rollup_user_day"_s, u"rollup_session_day"_s}) {
            QVERIFY(!tableRows(reader->database(),
                               u"SELECT 1 FROM %1 WHERE day >= %2"_s.arg(table).arg(middleDay))
                         .isEmpty()); // written as late calls
        }
    }
    change({u"DELETE FROM rollup_user_day WHERE day >= %1"_s.arg(middleDay),
            u"DELETE FROM rollup_session_day WHERE day >= %1"_s.arg(middleDay),
            u"DELETE FROM session_day_totals WHERE day >= %1"_s.arg(middleDay),
            u"UPDATE meta SET value = %1 WHERE key = 'rollup_user_day_end'"_s.arg(middleDay)});
    if (QTest::currentTestFailed())
        return;
    sameAsEvents(events.mid(0, 2999),
                 query); // before the middle from rollup_user_day, the rest from rollup_user
    if (QTest::currentTestFailed())
        return;

    const qint64 todayBefore = Time::floorDiv(Time::nowNs(), kDayNs);
    submit(writer, events.mid(2999) << live);
    const qint64 todayAfter = Time::floorDiv(Time::nowNs(), kDayNs);
    writer.stop();
    if (QTest::currentTestFailed())
        return;
    sameAsEvents(events, query);
    qint64 end = 0;
    auto [stored, expected] = dayRows(&end);
    QVERIFY2(end == todayBefore || end == todayAfter, qPrintable(QString::number(end)));
    QVERIFY(expected.size() > kDataDays);
    QCOMPARE(stored, expected); // nothing of today, every day before it once

    // Without a stored end (only by hand: the migration stores one; a value that is not an integer counts
    // the same) no day counts as covered: reports read rollup_user, a cleared source leaves the table
    // alone, and the next write rebuilds it whole.
    change({u"UPDATE meta SET value = 'x' WHERE key = 'rollup_user_day_end'"_s,
            u"DELETE FROM rollup_user_day WHERE user_id > 'user-1'"_s,
            u"DELETE FROM rollup_session_day WHERE session_id > 'session-1'"_s,
            u"DELETE FROM session_day_totals WHERE day % 2 = 0"_s});
    if (QTest::currentTestFailed())
        return;
    sameAsEvents(events, query);
    const QStringList damaged = dayRows(&end).first;
    QVERIFY(damaged.size() < stored.size());
    StorageWriter again(path);
    QVERIFY2(again.start(&error), qPrintable(error.message));
    const auto cleared = std::make_shared<std::optional<QString>>();
    again.clearSource(u"import"_s, this, [cleared](const WriteResult &r) { *cleared = r.error.message; });
    QTRY_VERIFY_WITH_TIMEOUT(cleared->has_value(), 30000);
    QVERIFY2(cleared->value().isEmpty(), qPrintable(cleared->value()));
    QCOMPARE(dayRows(&end).first, damaged);
    events.removeIf([](const UsageEvent &e) { return e.source == u"import"_s; });
    sameAsEvents(events, query);
    if (QTest::currentTestFailed())
        return;
    UsageEvent another = live;
    another.eventId = u"live-call-2"_s;
    submit(again, {another});
    again.stop();
    if (QTest::currentTestFailed())
        return;
    std::tie(stored, expected) = dayRows(&end);
    QVERIFY(expected.size() > kDataDays);
    QCOMPARE(stored, expected);
    sameAsEvents(events, query);
}

// A user, task or session filter finds its hours from the dimension's first stored hour on: a range that
// ends before that hour has none (not that one hour), and a day report split at a DST change before the
// data counts each hour once.
void TestReport::attrFiltersStayInTheRange()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"span.sqlite"_s);
    QList<UsageEvent> events;
    for (int i = 0; i < 4; ++i) {
        UsageEvent e;
        e.eventId = u"span:"_s + QString::number(i);
        e.startNs = kDataStartNs + 10 * Time::kNanosPerHour + i * 7 * Time::kNanosPerHour / 2;
        e.endNs = e.startNs + Time::kNanosPerSecond;
        e.provider = u"openai"_s;
        e.model = u"gpt-4.1"_s;
        e.inputTokens = 100 + i;
        e.costMicros = 1000 * (i + 1);
        e.costSource = Model::CostSource::Computed;
        e.userId = u"u-1"_s;
        e.taskId = u"t-1"_s;
        e.sessionId = u"s-1"_s;
        events.append(e);
    }
    {
        StorageWriter writer(path);
        Error error;
        QVERIFY2(writer.start(&error), qPrintable(error.message));
        bool done = false;
        writer.submit(events, this, [&](const WriteResult &r) {
            QVERIFY2(!r.error, qPrintable(r.error.message));
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
        writer.stop();
    }
    Error error;
    auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
    QVERIFY2(reader, qPrintable(error.message));
    const auto texts = [](const QList<ReportRow> &rows) {
        QStringList t;
        for (const ReportRow &r : rows)
            t.append(rowText(r));
        return t;
    };
    for (const auto &[d, value] : {std::pair(Dimension::User, u"u-1"_s), std::pair(Dimension::Task, u"t-1"_s),
                                   std::pair(Dimension::Session, u"s-1"_s)}) {
        ReportQuery before;
        before.zone = QTimeZone::utc();
        before.sinceNs = kDataStartNs - 10 * kDayNs;
        before.untilNs = kDataStartNs - 9 * kDayNs;
        before.groupBy = {d};
        before.filters = {{d, value}};
        auto rows = runReport(reader->database(), before, &error);
        QVERIFY2(rows, qPrintable(error.message));
        QCOMPARE(texts(*rows), QStringList());

        // New York changes to summer time on 2026-03-08, twelve days before the calls.
        ReportQuery acrossDst;
        acrossDst.zone = QTimeZone("America/New_York");
        acrossDst.sinceNs = kDataStartNs - 19 * kDayNs;
        acrossDst.untilNs = kDataStartNs + 3 * kDayNs;
        acrossDst.groupBy = {Dimension::Day};
        acrossDst.filters = {{d, value}};
        rows = runReport(reader->database(), acrossDst, &error);
        QVERIFY2(rows, qPrintable(error.message));
        const QStringList expected = texts(bruteForce(events, acrossDst));
        QCOMPARE(expected.size(), 1);
        QCOMPARE(texts(*rows), expected);
    }
}

// One of user, task or session (grouped or filtered, "none" included) with one or two of provider, model,
// feature and agent, sometimes day or hour: random windows and zones, on the data with a value in every
// hour and on the sparse data, against the brute-force sums.
void TestReport::attrWithRollupDimensionsMatchBruteForce()
{
    QRandomGenerator random(2718);
    const QByteArray zones[] = {"UTC", "Europe/Berlin", "Asia/Kolkata", "America/New_York"};
    const Dimension attrs[] = {Dimension::User, Dimension::Task, Dimension::Session};
    const Dimension others[] = {Dimension::Provider, Dimension::Model, Dimension::Feature, Dimension::Agent};
    int otherHourReads = 0;
    for (int n = 0; n < 400; ++n) {
        const bool sparse = n % 2 == 0;
        const QList<UsageEvent> &events = sparse ? m_sparseEvents : m_events;
        Connection *reader = sparse ? m_sparseReader.get() : m_reader.get();
        ReportQuery query;
        query.zone = QTimeZone(zones[n % 4]);
        query.sinceNs = kDataStartNs - kDayNs + qint64(random.bounded(quint64(kDataDays) * quint64(kDayNs)));
        if (random.bounded(3) == 0)
            query.sinceNs -= query.sinceNs % Time::kNanosPerHour;
        query.untilNs = query.sinceNs + qint64(random.bounded(quint64(9 * kDayNs)));
        const Dimension attr = attrs[random.bounded(3)];
        const Dimension other = others[random.bounded(4)];
        // The attribute and the other dimension each grouped on, filtered on, or both.
        const auto place = [&](Dimension d) {
            const int how = int(random.bounded(3));
            if (how != 1)
                query.groupBy.insert(random.bounded(query.groupBy.size() + 1), d);
            if (how != 0) {
                const int values = 1 + int(random.bounded(2));
                for (int v = 0; v < values; ++v) {
                    const UsageEvent &e = events.at(random.bounded(events.size()));
                    query.filters.append({d, random.bounded(5) == 0 ? QString() : value(e, d, query.zone)});
                }
            }
        };
        place(attr);
        place(other);
        if (random.bounded(4) == 0)
            query.limit = 1 + int(random.bounded(20));
        if (random.bounded(3) == 0)
            query.groupBy.append(others[random.bounded(4)]);
        if (random.bounded(3) == 0)
            query.groupBy.insert(random.bounded(query.groupBy.size() + 1),
                                 random.bounded(2) ? Dimension::Day : Dimension::Hour);
        query.groupBy.erase(std::unique(query.groupBy.begin(), query.groupBy.end()), query.groupBy.end());
        const QStringList statements = statementsOf(query, reader);
        otherHourReads += std::count_if(statements.cbegin(), statements.cend(),
                                        [](const QString &sql) { return sql.contains(u"rollup_hourly"); });
        QVERIFY2(sameAsBruteForce(reader->database(), events, query, sparse ? "sparse data:" : "dense data:"),
                 "report differs from the brute-force sums");
    }
    // The sparse data's hours without values were served from rollup_hourly, often.
    QVERIFY2(otherHourReads > 50, qPrintable(QString::number(otherHourReads)));
}

void TestReport::attrWithRollupDimensionsReadTheirHours_data()
{
    QTest::addColumn<QList<Dimension>>("groupBy");
    QTest::addColumn<QList<ReportFilter>>("filters");
    QTest::addColumn<bool>("otherHours");    // the hours without values are read from rollup_hourly
    QTest::addColumn<QString>("attrLookup"); // how the hours with values are found in rollup_attr
    const QString anyValue = u"SEARCH rollup_attr USING PRIMARY KEY (dimension=? AND hour=? AND value>?)"_s;
    const QString oneValue = u"SEARCH rollup_attr USING PRIMARY KEY (dimension=? AND hour=? AND value=?)"_s;
    QTest::newRow("task, feature pinned")
        << QList<Dimension>{Dimension::Task} << QList<ReportFilter>{{Dimension::Feature, u"feature-1"_s}}
        << true << anyValue;
    QTest::newRow("day then task and model")
        << QList<Dimension>{Dimension::Day, Dimension::Task, Dimension::Model} << QList<ReportFilter>{}
        << true << anyValue;
    QTest::newRow("model of one session")
        << QList<Dimension>{Dimension::Model} << QList<ReportFilter>{{Dimension::Session, u"session-3"_s}}
        << false << oneValue;
    QTest::newRow("agent of one session and none")
        << QList<Dimension>{Dimension::Agent}
        << QList<ReportFilter>{{Dimension::Session, u"session-3"_s}, {Dimension::Session, QString()}} << true
        << anyValue;
    QTest::newRow("feature of one task and none")
        << QList<Dimension>{Dimension::Feature}
        << QList<ReportFilter>{{Dimension::Task, u"task-1"_s}, {Dimension::Task, QString()}} << true
        << anyValue;
}

void TestReport::attrWithRollupDimensionsReadTheirHours()
{
    // The hours with values through rollup_attr's key and the start-time index, the others from
    // rollup_hourly's key, the ragged edges from the start-time index; never a scan of a table.
    QFETCH(QList<Dimension>, groupBy);
    QFETCH(QList<ReportFilter>, filters);
    QFETCH(bool, otherHours);
    QFETCH(QString, attrLookup);
    ReportQuery query;
    query.sinceNs = kDataStartNs + 3 * kDayNs + 1234;
    query.untilNs = query.sinceNs + 7 * kDayNs;
    query.groupBy = groupBy;
    query.filters = filters;
    query.zone = QTimeZone("Europe/Berlin");
    const QStringList statements = statementsOf(query, m_sparseReader.get());
    QCOMPARE(statements.size(), (otherHours ? 2 : 1) + 2);
    // The whole hours' events, and the edges' (a session's edges through its hours, too).
    int eventReads = 0;
    int hourEventReads = 0;
    int otherHourReads = 0;
    for (const QString &sql : statements) {
        const QString plan = planOf(sql, m_sparseReader.get()).join(u" | "_s);
        QVERIFY2(!plan.contains(u"SCAN rollup_attr") && !plan.contains(u"SCAN usage_events") &&
                     !plan.contains(u"SCAN rollup_hourly") && !plan.contains(u"AUTOMATIC"),
                 qPrintable(plan));
        if (sql.contains(u"rollup_hourly")) {
            otherHourReads +=
                plan.contains(u"SEARCH rollup_hourly USING PRIMARY KEY (hour=?)") &&
                plan.contains(u"SEARCH rollup_attr USING PRIMARY KEY (dimension=? AND hour=? AND value>?)");
            continue;
        }
        eventReads += plan.contains(
            u"SEARCH usage_events USING INDEX usage_events_ts (ts_start_ns>? AND ts_start_ns<?)");
        hourEventReads += sql.contains(u"value_hours") && plan.contains(attrLookup);
    }
    QCOMPARE(eventReads, 3);
    QVERIFY(hourEventReads >= 1);
    QCOMPARE(otherHourReads, otherHours ? 1 : 0);
    // And the same sums as the events.
    compareToBruteForce(m_sparseReader->database(), m_sparseEvents, query);
}

void TestReport::userWithRollupDimensionsReadsRollupUser_data()
{
    QTest::addColumn<QList<Dimension>>("groupBy");
    QTest::addColumn<QList<ReportFilter>>("filters");
    QTest::addColumn<QByteArray>("zone");
    // Reads of rollup_user (one per run of hours with one UTC offset, or the hours before and after the
    // whole UTC days) and of rollup_user_day (the whole days, when no key needs the hour or a local day).
    QTest::addColumn<int>("hourReads");
    QTest::addColumn<int>("dayReads");
    QTest::newRow("feature then user") << QList<Dimension>{Dimension::Feature, Dimension::User}
                                       << QList<ReportFilter>{} << QByteArray("Europe/Berlin") << 2 << 1;
    QTest::newRow("user, drilled from a feature")
        << QList<Dimension>{Dimension::User} << QList<ReportFilter>{{Dimension::Feature, u"feature-1"_s}}
        << QByteArray("Europe/Berlin") << 2 << 1;
    QTest::newRow("agent of two users and none") << QList<Dimension>{Dimension::Agent}
                                                 << QList<ReportFilter>{{Dimension::User, u"user-1"_s},
                                                                        {Dimension::User, u"user-2"_s},
                                                                        {Dimension::User, QString()}}
                                                 << QByteArray("Europe/Berlin") << 2 << 1;
    QTest::newRow("day, user and model over a change of offset")
        << QList<Dimension>{Dimension::Day, Dimension::User, Dimension::Model} << QList<ReportFilter>{}
        << QByteArray("Europe/Berlin") << 2 << 0;
    QTest::newRow("day, user and model in UTC")
        << QList<Dimension>{Dimension::Day, Dimension::User, Dimension::Model} << QList<ReportFilter>{}
        << QByteArray("UTC") << 2 << 1;
    QTest::newRow("hour and user of one provider")
        << QList<Dimension>{Dimension::Hour, Dimension::User}
        << QList<ReportFilter>{{Dimension::Provider, u"provider-1"_s}} << QByteArray("Europe/Berlin") << 1
        << 0;
}

void TestReport::userWithRollupDimensionsReadsRollupUser()
{
    // Users with rollup_hourly's dimensions: whole UTC days from rollup_user_day's key where the keys allow,
    // whole hours from rollup_user's, the ragged edges from the start-time index; never a scan, and the same
    // sums as the events. The test data is older than the clock, so rollup_user_day has every day of it
    // (written as late calls).
    QFETCH(QList<Dimension>, groupBy);
    QFETCH(QList<ReportFilter>, filters);
    QFETCH(QByteArray, zone);
    QFETCH(int, hourReads);
    QFETCH(int, dayReads);
    ReportQuery query;
    query.sinceNs = kDataStartNs + 3 * kDayNs + 1234; // a week over Berlin's change to summer time
    query.untilNs = query.sinceNs + 7 * kDayNs;
    query.groupBy = groupBy;
    query.filters = filters;
    query.zone = QTimeZone(zone);
    for (const auto &[reader, events] :
         {std::pair(m_sparseReader.get(), &m_sparseEvents), std::pair(m_reader.get(), &m_events)}) {
        QStringList statements = statementsOf(query, reader);
        statements.removeIf([](const QString &sql) { return sql.contains(u"FROM meta"); });
        QCOMPARE(statements.size(), hourReads + dayReads + 2);
        int rollupReads = 0;
        int rollupDayReads = 0;
        int edgeReads = 0;
        for (const QString &sql : statements) {
            const QString plan = planOf(sql, reader).join(u" | "_s);
            QVERIFY2(!plan.contains(u"SCAN ") && !plan.contains(u"AUTOMATIC"), qPrintable(plan));
            rollupReads += plan.contains(u"SEARCH rollup_user USING PRIMARY KEY (hour>? AND hour<?)");
            rollupDayReads += plan.contains(u"SEARCH rollup_user_day USING PRIMARY KEY (day>? AND day<?)");
            edgeReads += plan.contains(
                u"SEARCH usage_events USING INDEX usage_events_ts (ts_start_ns>? AND ts_start_ns<?)");
        }
        QCOMPARE(rollupReads, hourReads);
        QCOMPARE(rollupDayReads, dayReads);
        QCOMPARE(edgeReads, 2);
        compareToBruteForce(reader->database(), *events, query);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestReport::sessionWithRollupDimensionsReadsRollupSession_data()
{
    QTest::addColumn<QList<Dimension>>("groupBy");
    QTest::addColumn<QList<ReportFilter>>("filters");
    QTest::addColumn<QString>("search"); // how rollup_session is read in each hour
    const QString anyRow = u"SEARCH rollup_session USING PRIMARY KEY (hour=?)"_s;
    const QString byFeature = u"SEARCH rollup_session USING PRIMARY KEY (hour=? AND feature=?)"_s;
    const QString byUser = u"SEARCH rollup_session USING INDEX rollup_session_user (hour=? AND user_id=?)"_s;
    QTest::newRow("feature then session")
        << QList<Dimension>{Dimension::Feature, Dimension::Session} << QList<ReportFilter>{} << anyRow;
    QTest::newRow("session, drilled from a feature")
        << QList<Dimension>{Dimension::Session} << QList<ReportFilter>{{Dimension::Feature, u"feature-1"_s}}
        << byFeature;
    QTest::newRow("session, drilled from a feature and an agent")
        << QList<Dimension>{Dimension::Session}
        << QList<ReportFilter>{{Dimension::Feature, u"feature-1"_s}, {Dimension::Agent, u"agent-2"_s}}
        << byFeature;
    QTest::newRow("session, drilled from two users")
        << QList<Dimension>{Dimension::Session}
        << QList<ReportFilter>{{Dimension::User, u"user-1"_s}, {Dimension::User, u"user-2"_s}} << byUser;
    QTest::newRow("session of a user and none")
        << QList<Dimension>{Dimension::Session}
        << QList<ReportFilter>{{Dimension::User, u"user-1"_s}, {Dimension::User, QString()}} << anyRow;
    QTest::newRow("day, session and model of a provider")
        << QList<Dimension>{Dimension::Day, Dimension::Session, Dimension::Model}
        << QList<ReportFilter>{{Dimension::Provider, u"provider-1"_s}} << anyRow;
    QTest::newRow("user then session")
        << QList<Dimension>{Dimension::User, Dimension::Session} << QList<ReportFilter>{} << anyRow;
}

void TestReport::sessionWithRollupDimensionsReadsRollupSession()
{
    // The session with rollup_hourly's dimensions or the user: whole hours from rollup_session, one search
    // per hour (by feature or user where filtered on), the ragged edges from the start-time index; never a
    // scan, and the same sums as the events.
    QFETCH(QList<Dimension>, groupBy);
    QFETCH(QList<ReportFilter>, filters);
    QFETCH(QString, search);
    ReportQuery query;
    query.sinceNs = kDataStartNs + 3 * kDayNs + 1234; // a week over Berlin's change to summer time
    query.untilNs = query.sinceNs + 7 * kDayNs;
    query.groupBy = groupBy;
    query.filters = filters;
    query.zone = QTimeZone("Europe/Berlin");
    for (const auto &[reader, events] :
         {std::pair(m_sparseReader.get(), &m_sparseEvents), std::pair(m_reader.get(), &m_events)}) {
        const QStringList statements = statementsOf(query, reader);
        int sessionReads = 0;
        int edgeReads = 0;
        for (const QString &sql : statements) {
            const QString plan = planOf(sql, reader).join(u" | "_s);
            QVERIFY2(!plan.contains(u"SCAN rollup") && !plan.contains(u"SCAN usage_events") &&
                         !plan.contains(u"AUTOMATIC"),
                     qPrintable(plan));
            sessionReads += plan.contains(search);
            edgeReads += plan.contains(
                u"SEARCH usage_events USING INDEX usage_events_ts (ts_start_ns>? AND ts_start_ns<?)");
        }
        QVERIFY2(sessionReads >= 1, qPrintable(statements.join(u'\n')));
        QCOMPARE(edgeReads, 2);
        QCOMPARE(statements.size(), sessionReads + edgeReads);
        compareToBruteForce(reader->database(), *events, query);
        if (QTest::currentTestFailed())
            return;
    }
}

// Explore's top groups: the rest by cost summed into one row, or one per first key, so that every total
// stays whole.
void TestReport::limitSumsTheRest()
{
    ReportQuery query;
    query.zone = QTimeZone::utc();
    query.sinceNs = kDataStartNs;
    query.untilNs = kDataStartNs + kDataDays * kDayNs;
    query.groupBy = {Dimension::Session};
    Error error;
    const auto all = runReport(m_reader->database(), query, &error);
    QVERIFY2(all, qPrintable(error.message));
    QCOMPARE(all->size(), 31); // 30 sessions and none
    query.limit = 5;
    const auto top = runReport(m_reader->database(), query, &error);
    QVERIFY2(top, qPrintable(error.message));
    QCOMPARE(top->size(), 6);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(rowText(top->at(i)), rowText(all->at(i)));
        QCOMPARE(top->at(i).otherGroups, 0);
    }
    const ReportRow &other = top->last();
    QCOMPARE(other.otherGroups, 26);
    QVERIFY(other.otherOfAll);
    QCOMPARE(other.keys, QStringList{QString()});
    qint64 rest = 0;
    for (const ReportRow &r : all->mid(5))
        rest += r.costMicros;
    QCOMPARE(other.costMicros, rest);

    // By day and session: the rest per day, after the top rows, in time order; every day's total whole.
    query.groupBy = {Dimension::Day, Dimension::Session};
    query.limit = 40;
    const auto byDay = runReport(m_reader->database(), query, &error);
    QVERIFY2(byDay, qPrintable(error.message));
    QMap<QString, qint64> dayTotals;
    for (const UsageEvent &e : m_events) {
        if (e.startNs >= query.sinceNs && e.startNs < query.untilNs)
            dayTotals[timeKey(e.startNs, Dimension::Day, query.zone)] += e.costMicros;
    }
    QMap<QString, qint64> rowTotals;
    QStringList otherDays;
    for (qsizetype i = 0; i < byDay->size(); ++i) {
        const ReportRow &r = byDay->at(i);
        rowTotals[r.keys.first()] += r.costMicros;
        QCOMPARE(r.otherGroups > 0, i >= 40);
        if (r.otherGroups > 0) {
            QVERIFY(r.keys.at(1).isNull());
            otherDays.append(r.keys.first());
        }
    }
    QCOMPARE(rowTotals, dayTotals);
    QCOMPARE(otherDays.size(), kDataDays);
    QVERIFY(std::is_sorted(otherDays.cbegin(), otherDays.cend()));

    // By session and day: the rest of the top groups' sessions per session, the rest of the other
    // sessions in one last row, so that a month of sessions by day is not a row per session.
    query.groupBy = {Dimension::Session, Dimension::Day};
    query.limit = 3;
    const auto bySession = runReport(m_reader->database(), query, &error);
    QVERIFY2(bySession, qPrintable(error.message));
    QSet<QString> topSessions;
    for (const ReportRow &r : bySession->mid(0, 3)) {
        QCOMPARE(r.otherGroups, 0);
        topSessions.insert(r.keys.first());
    }
    const QList<ReportRow> sessionRest = bySession->mid(3);
    QCOMPARE(sessionRest.size(), topSessions.size() + 1);
    qint64 sum = 0;
    for (const ReportRow &r : *bySession)
        sum += r.costMicros;
    qint64 expected = 0;
    for (const qint64 day : std::as_const(dayTotals))
        expected += day;
    QCOMPARE(sum, expected);
    for (qsizetype i = 0; i < sessionRest.size(); ++i) {
        const bool last = i == sessionRest.size() - 1;
        QVERIFY(sessionRest.at(i).otherGroups > 0);
        QCOMPARE(sessionRest.at(i).otherOfAll, last);
        QVERIFY(sessionRest.at(i).keys.at(1).isNull());
        QVERIFY(last ? sessionRest.at(i).keys.first().isNull()
                     : topSessions.contains(sessionRest.at(i).keys.first()));
    }

    // By agent and session, with no more agents (four and none) than the limit: the rest per agent, so
    // every agent's total stays whole, also of an agent none of whose sessions is among the top groups (a
    // chart's bar for it), and no row for the rest of the rest.
    query.groupBy = {Dimension::Agent, Dimension::Session};
    query.limit = 5;
    const auto byAgent = runReport(m_reader->database(), query, &error);
    QVERIFY2(byAgent, qPrintable(error.message));
    QMap<QString, qint64> agentTotals;
    for (const UsageEvent &e : m_events) {
        if (e.startNs >= query.sinceNs && e.startNs < query.untilNs)
            agentTotals[e.agentId] += e.costMicros;
    }
    QCOMPARE(agentTotals.size(), 5);
    QMap<QString, qint64> agentRowTotals;
    QSet<QString> topAgents;
    for (qsizetype i = 0; i < byAgent->size(); ++i) {
        const ReportRow &r = byAgent->at(i);
        QCOMPARE(r.otherGroups > 0, i >= 5);
        QVERIFY(!r.otherOfAll);
        agentRowTotals[r.keys.first()] += r.costMicros;
        if (i < 5)
            topAgents.insert(r.keys.first());
    }
    QCOMPARE(agentRowTotals, agentTotals);
    QVERIFY(topAgents.size() < agentTotals.size()); // an agent only in the rest
    QCOMPARE(byAgent->size(), 5 + agentTotals.size());

    // A limit above the number of groups changes nothing.
    query.groupBy = {Dimension::Session};
    query.limit = 31;
    const auto exact = runReport(m_reader->database(), query, &error);
    QVERIFY2(exact, qPrintable(error.message));
    QCOMPARE(exact->size(), 31);
    QVERIFY(
        std::none_of(exact->cbegin(), exact->cend(), [](const ReportRow &r) { return r.otherGroups > 0; }));
}

// A re-attribution that moves a call out of a session's hour and others into it leaves the row's span as
// wide as before: the day row of session x below still starts at the call that left it. Counted by its
// span alone, x had a part before Kolkata's midnight (18:30Z) and "Other" one group too many; both sides
// of a straddling row are looked up.
void TestReport::topLocalSessionDaysWithWideSpans()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"wide.sqlite"_s);
    const qint64 day = 1773964800LL * Time::kNanosPerSecond; // 2026-03-20T00:00Z
    const qint64 minute = 60 * Time::kNanosPerSecond;
    QList<UsageEvent> events;
    for (const auto &[session, at, cost] :
         {std::tuple{"x", 18 * 60 + 5, 1000}, std::tuple{"y", 18 * 60 + 40, 5000},
          std::tuple{"y", 18 * 60 + 50, 5000}}) {
        UsageEvent e;
        e.eventId = u"wide:"_s + QString::number(events.size());
        e.source = u"test"_s;
        e.startNs = day + at * minute;
        e.endNs = e.startNs + Time::kNanosPerSecond;
        e.sessionId = QString::fromLatin1(session);
        e.model = u"m"_s;
        e.costMicros = cost;
        e.costSource = Model::CostSource::Computed;
        events.append(e);
    }
    {
        StorageWriter writer(path);
        Error error;
        QVERIFY2(writer.start(&error), qPrintable(error.message));
        QVERIFY(commit(writer, events));
        // One batch: the call at 18:05 leaves x, those at 18:40 and 18:50 join it.
        QList<Model::AttributionUpdate> updates;
        for (const auto &[index, session] : {std::pair{0, "z"}, std::pair{1, "x"}, std::pair{2, "x"}}) {
            events[index].sessionId = QString::fromLatin1(session);
            updates.append(sessionMove(events[index]));
        }
        QVERIFY(commit(writer, {}, updates));
        writer.stop();
    }
    Error error;
    const auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
    QVERIFY2(reader, qPrintable(error.message));
    QCOMPARE(tableRows(reader->database(), u"SELECT session_id, calls, first_ns FROM rollup_session_day "
                                           u"WHERE session_id = 'x'"_s),
             QStringList{u"x|2|%1"_s.arg(events[0].startNs)}); // as wide as before
    for (const qint64 since : {day, day - kDayNs}) { // the first covered day, and one inside the range
        ReportQuery query;
        query.zone = QTimeZone("Asia/Kolkata");
        query.sinceNs = since;
        query.untilNs = day + 2 * kDayNs;
        query.groupBy = {Dimension::Day, Dimension::Session};
        query.limit = 1;
        QVERIFY(sameAsBruteForce(reader->database(), events, query));
    }
}

// A session row whose span is unknown (as from an old schema) stays unknown when a call is added to it: its
// other calls may start anywhere in the hour or day, and a span narrower than the calls would split them
// wrongly at a local midnight.
void TestReport::unknownSessionSpansStayUnknown()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"unknown.sqlite"_s);
    const qint64 hour = 1773964800LL * Time::kNanosPerSecond + 18 * Time::kNanosPerHour; // 2026-03-20T18Z
    const auto call = [&](int n, qint64 at) {
        UsageEvent e;
        e.eventId = u"unknown:"_s + QString::number(n);
        e.source = u"test"_s;
        e.startNs = at;
        e.endNs = at + Time::kNanosPerSecond;
        e.sessionId = u"s"_s;
        e.model = u"m"_s;
        e.costMicros = 1000;
        e.costSource = Model::CostSource::Computed;
        return e;
    };
    QVERIFY(store(path, {call(0, hour + 5 * 60 * Time::kNanosPerSecond)}));
    const QString spans =
        u"SELECT first_ns, last_ns FROM rollup_attr WHERE dimension = 'session' AND value = 's' "
        u"UNION ALL SELECT first_ns, last_ns FROM rollup_session_day WHERE session_id = 's'"_s;
    {
        Error error;
        auto c = Connection::open(path, Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlQuery q(c->database());
        QVERIFY(q.exec(u"UPDATE rollup_attr SET first_ns = NULL, last_ns = NULL WHERE value = 's'"_s));
        QVERIFY(q.exec(
            u"UPDATE rollup_session_day SET first_ns = NULL, last_ns = NULL WHERE session_id = 's'"_s));
    }
    const auto reader = store(path, {call(1, hour + 50 * 60 * Time::kNanosPerSecond)}); // a late call
    QVERIFY(reader);
    QCOMPARE(tableRows(reader->database(), spans), (QStringList{u"|"_s, u"|"_s}));
    QCOMPARE(tableRows(reader->database(), u"SELECT calls FROM rollup_session_day WHERE session_id = 's'"_s),
             QStringList{u"2"_s});
}

// The top sessions, alone or by day (UTC, or local days east and west of it), from each whole day's rows in
// cost order (rollup_session_day): on sessions that mostly live within a day, some across midnight and some
// resumed days later, with ties in cost, over random ranges with and without ragged edges, before and
// across the table's end and across changes of daylight saving time.
void TestReport::topSessionsMatchBruteForce_data()
{
    QTest::addColumn<qint64>("start");
    QTest::addRow("march") << kDataStartNs;
    // Europe's clocks go back on 2026-10-25 and New York's on 11-01, within the eight days of data.
    QTest::addRow("daylight saving ends") << 1792540800LL * Time::kNanosPerSecond; // 2026-10-20T00:00:00Z
    // Adelaide's clocks go back by an hour on 2026-04-05, Lord Howe's by half an hour.
    QTest::addRow("southern daylight saving ends") << 1775001600LL * Time::kNanosPerSecond; // 2026-04-01
}

void TestReport::topSessionsMatchBruteForce()
{
    QFETCH(qint64, start);
    QRandomGenerator random(20261207);
    QList<UsageEvent> events;
    constexpr int kDays = 8;
    for (int s = 0; s < 700; ++s) {
        const QString session = s % 50 == 0 ? QString() : u"s-"_s + QString::number(s);
        qint64 at = start + qint64(random.bounded(kDays * 24 * 60)) * 60 * Time::kNanosPerSecond;
        const int calls = 1 + int(random.bounded(6));
        for (int c = 0; c < calls; ++c) {
            UsageEvent e;
            e.eventId = u"top:%1:%2"_s.arg(s).arg(c);
            e.source = u"test"_s;
            e.startNs = at;
            // Most calls take a second; some up to two hours, so that a session may end long after its last
            // call starts.
            e.endNs =
                at + (random.bounded(4) == 0 ? qint64(random.bounded(7200)) : 1) * Time::kNanosPerSecond;
            e.sessionId = session;
            e.model = u"model-"_s + QString::number(random.bounded(3));
            e.inputTokens = random.bounded(1000);
            e.costMicros = qint64(random.bounded(8)) * 1000; // ties
            e.costSource = Model::CostSource(random.bounded(3));
            events.append(e);
            // Minutes apart; now and then resumed a day or more later.
            at += random.bounded(20) == 0 ? qint64(random.bounded(1, 4)) * kDayNs
                                          : qint64(random.bounded(1, 90)) * 60 * Time::kNanosPerSecond;
        }
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"sessions.sqlite"_s);
    std::unique_ptr<Connection> reader = store(path, events);
    QVERIFY(reader);
    const qint64 firstDay = Time::floorDiv(start, kDayNs);
    {
        // Calls moved between sessions, as when a parent span's identity arrives after its children's: the
        // rows they leave keep spans wider than their calls.
        reader.reset();
        StorageWriter writer(path);
        Error error;
        QVERIFY2(writer.start(&error), qPrintable(error.message));
        for (int round = 0; round < 2; ++round) {
            QList<Model::AttributionUpdate> updates;
            for (int u = 0; u < 80; ++u) {
                UsageEvent &e = events[random.bounded(events.size())];
                e.sessionId =
                    random.bounded(10) == 0 ? QString() : u"s-"_s + QString::number(random.bounded(700));
                updates.append(sessionMove(e));
            }
            QVERIFY(commit(writer, {}, updates));
        }
        writer.stop();
        reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error.message));
    }
    {
        // Some day rows with their first start, last end or both unknown, as a re-attribution leaves a row it
        // creates (it cannot know the span of the calls it moves).
        reader.reset();
        Error error;
        auto c = Connection::open(path, Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlQuery q(c->database());
        const QString pick = u" WHERE (day * 7 + CAST(substr(session_id, 3) AS INTEGER)) % 12 = "_s;
        QVERIFY(q.exec(u"UPDATE rollup_session_day SET first_ns = NULL"_s + pick + u'0'));
        QVERIFY(q.exec(u"UPDATE rollup_session_day SET last_ns = NULL"_s + pick + u'1'));
        QVERIFY(q.exec(u"UPDATE rollup_session_day SET first_ns = NULL, last_ns = NULL"_s + pick + u'2'));
        QVERIFY(q.numRowsAffected() > 10);
        c.reset();
        reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error.message));
    }

    int served = 0;
    int queries = 0;
    int localDaysServed = 0;    // day × session in a zone other than UTC from the day table
    int halfHourDaysServed = 0; // ... in a zone whose days start on the half hour
    for (const qint64 end : {firstDay + kDays + 4, firstDay + 4}) {
        if (end == firstDay + 4) { // the days from here on as if they had not been added yet
            reader.reset();
            Error error;
            auto c = Connection::open(path, Connection::Mode::ReadWrite, &error);
            QVERIFY2(c, qPrintable(error.message));
            QSqlQuery q(c->database());
            QVERIFY(q.exec(u"DELETE FROM rollup_session_day WHERE day >= %1"_s.arg(end)));
            QVERIFY(q.exec(u"DELETE FROM session_day_totals WHERE day >= %1"_s.arg(end)));
            QVERIFY(q.exec(u"UPDATE meta SET value = %1 WHERE key = 'rollup_user_day_end'"_s.arg(end)));
            c.reset();
            reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
            QVERIFY2(reader, qPrintable(error.message));
        }
        for (int i = 0; i < 200; ++i) {
            ReportQuery query;
            // Whole-hour offsets, half-hour ones (local days start at :30 UTC: split by the hour rows' first
            // half hours) and x:45 ones (at :15 UTC: by their first quarter hours).
            constexpr const char *kZones[] = {"Europe/Berlin",       "America/New_York", "Asia/Tokyo",
                                              "Pacific/Auckland",    "Asia/Kolkata",     "Australia/Adelaide",
                                              "Australia/Lord_Howe", "America/St_Johns", "Asia/Kathmandu",
                                              "Pacific/Chatham"};
            query.zone = QTimeZone(i % 4 == 3 ? kZones[(i / 4) % std::size(kZones)] : "UTC");
            const auto at = [&] {
                const qint64 day = start - kDayNs + qint64(random.bounded(kDays + 2)) * kDayNs;
                return random.bounded(3) == 0 ? day
                                              : day + qint64(random.bounded(86400)) * Time::kNanosPerSecond;
            };
            query.sinceNs = at();
            query.untilNs = at();
            if (query.sinceNs > query.untilNs)
                std::swap(query.sinceNs, query.untilNs);
            query.groupBy = i % 2 == 0 ? QList<Dimension>{Dimension::Session}
                                       : QList<Dimension>{Dimension::Day, Dimension::Session};
            query.limit = 1 + int(random.bounded(i % 3 == 0 ? 400 : 40));
            const QStringList statements = statementsOf(query, reader.get());
            const bool fromDays = statements.join(u'\n').contains(u"rollup_session_day"_s);
            served += fromDays;
            localDaysServed += fromDays && query.zone.id() != "UTC" && query.groupBy.size() == 2;
            halfHourDaysServed += fromDays && query.groupBy.size() == 2 &&
                                  QList<QByteArray>{"Asia/Kolkata", "Australia/Adelaide",
                                                    "Australia/Lord_Howe", "America/St_Johns"}
                                      .contains(query.zone.id());
            ++queries;
            for (const QString &sql : statements) {
                const QString plan =
                    planOf(sql, reader.get()).join(u" | "_s).remove(u"SCAN CONSTANT ROW"_s); // meta's end
                QVERIFY2(!plan.contains(u"SCAN ") && !plan.contains(u"AUTOMATIC"), qPrintable(sql + plan));
            }
            QVERIFY2(sameAsBruteForce(reader->database(), events, query), "see the warning above");
        }
    }
    // By hour and session, whose rollup_attr rows are each a group of their own where every UTC hour is one
    // local hour, or pair up where local hours split UTC hours at :30 or :15 (offered to a heap of the top
    // groups as they are read; the ties in cost are decided by the sessions' texts), and where the clocks
    // change in the range.
    for (int i = 0; i < 200; ++i) {
        ReportQuery query;
        constexpr const char *kZones[] = {"Europe/Berlin", "Australia/Adelaide", "Asia/Kathmandu", "UTC"};
        query.zone = QTimeZone(kZones[i % 4]);
        query.sinceNs = start + qint64(random.bounded(kDays * 86400)) * Time::kNanosPerSecond;
        query.untilNs = query.sinceNs + qint64(random.bounded(kDays * 86400)) * Time::kNanosPerSecond;
        query.groupBy = {Dimension::Hour, Dimension::Session};
        query.limit = 1 + int(random.bounded(i % 2 == 0 ? 400 : 20));
        QVERIFY2(sameAsBruteForce(reader->database(), events, query), "see the warning above");
    }
    // The ranges without a whole covered local day and no limit read rollup_attr as before.
    QVERIFY2(served > queries / 3, qPrintable(u"%1 of %2"_s.arg(served).arg(queries)));
    QVERIFY2(localDaysServed > 20, qPrintable(QString::number(localDaysServed)));
    QVERIFY2(halfHourDaysServed > 15, qPrintable(QString::number(halfHourDaysServed)));
}

// Changes of offset at :30 UTC, in the range's first hour or at its end: Adelaide's clocks go back at
// 2026-04-04T16:30Z, Lord Howe's forward by half an hour at 2026-10-03T15:30Z, St John's back at
// 2026-11-01T04:30Z. Found by review: hour by session with a limit paired split hours across them (a group in
// two rows, half hours under the wrong hour), and an edge's events after Lord Howe's change were put in the
// hour before (with or without a limit).
void TestReport::hourReportsAcrossHalfHourChanges()
{
    const auto ns = [](const char *iso) {
        return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch() * 1'000'000;
    };
    QList<UsageEvent> events;
    for (const char *day : {"2026-04-04", "2026-10-03", "2026-11-01"}) {
        for (int hour = 2; hour < 22; ++hour) {
            for (const int minute : {10, 40, 50}) {
                for (const auto &[session, cost] : {std::pair{u"a"_s, 1000}, std::pair{u"b"_s, 500}}) {
                    UsageEvent e;
                    e.eventId = u"change:"_s + QString::number(events.size());
                    e.source = u"test"_s;
                    e.startNs = ns(qPrintable(u"%1T%2:%3:00Z"_s.arg(QString::fromLatin1(day))
                                                  .arg(hour, 2, 10, QChar(u'0'))
                                                  .arg(minute)));
                    e.endNs = e.startNs + Time::kNanosPerSecond;
                    e.sessionId = session;
                    e.model = u"m"_s;
                    e.costMicros = cost;
                    events.append(e);
                }
            }
        }
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::unique_ptr<Connection> reader = store(dir.filePath(u"changes.sqlite"_s), events);
    QVERIFY(reader);
    const struct
    {
        const char *zone, *since, *until;
    } ranges[] = {
        {"Australia/Adelaide", "2026-04-04T16:00:00Z", "2026-04-04T20:00:00Z"},
        {"Australia/Lord_Howe", "2026-10-03T15:10:00Z", "2026-10-03T20:00:00Z"},
        {"Australia/Lord_Howe", "2026-10-03T15:00:00Z", "2026-10-03T20:00:00Z"},
        {"Australia/Lord_Howe", "2026-10-03T15:45:00Z", "2026-10-03T20:00:00Z"},
        {"Australia/Lord_Howe", "2026-10-03T10:00:00Z", "2026-10-03T15:30:00Z"},
        {"America/St_Johns", "2026-11-01T04:00:00Z", "2026-11-01T08:00:00Z"},
        {"Asia/Kolkata", "2026-11-01T04:20:00Z", "2026-11-01T08:30:00Z"},
    };
    for (const auto &r : ranges) {
        for (const int limit : {0, 100, 3}) {
            ReportQuery query;
            query.zone = QTimeZone(r.zone);
            query.sinceNs = ns(r.since);
            query.untilNs = ns(r.until);
            query.groupBy = {Dimension::Hour, Dimension::Session};
            query.limit = limit;
            QVERIFY2(sameAsBruteForce(reader->database(), events, query), "see the warning above");
        }
    }
}

// Explore interrupts a superseded report from another thread; when that lands on the RELEASE of the report's
// snapshot, the connection must not stay in a read transaction (every later report would read old data).
// Here every RELEASE is interrupted through the progress handler.
void TestReport::interruptedReleaseLeavesNoSnapshot()
{
    auto *db = static_cast<sqlite3 *>(m_reader->sqliteHandle());
    bool inRelease = false;
    int interruptedReleases = 0;
    struct Hooks
    {
        bool *inRelease;
        int *interrupted;
    } hooks{&inRelease, &interruptedReleases};
    sqlite3_trace_v2(
        db, SQLITE_TRACE_STMT,
        [](unsigned, void *context, void *statement, void *) {
            *static_cast<Hooks *>(context)->inRelease =
                qstrcmp(sqlite3_sql(static_cast<sqlite3_stmt *>(statement)), "RELEASE report") == 0;
            return 0;
        },
        &hooks);
    sqlite3_progress_handler(
        db, 1,
        [](void *context) {
            Hooks *h = static_cast<Hooks *>(context);
            if (!*h->inRelease)
                return 0;
            *h->inRelease = false;
            ++*h->interrupted;
            return 1;
        },
        &hooks);
    ReportQuery query;
    query.zone = QTimeZone::utc();
    query.sinceNs = kDataStartNs;
    query.untilNs = kDataStartNs + 3 * kDayNs;
    query.groupBy = {Dimension::Session};
    query.limit = 3;
    Error error;
    const auto rows = runReport(m_reader->database(), query, &error);
    sqlite3_progress_handler(db, 0, nullptr, nullptr);
    sqlite3_trace_v2(db, 0, nullptr, nullptr);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(interruptedReleases, 2); // the RELEASE and its retry
    QVERIFY(sqlite3_get_autocommit(db));
}

void TestReport::exportFormats()
{
    // As `burnrate report --format json|csv` prints them (tst_cli checks the command's field names).
    ReportRow a;
    a.keys = {u"checkout"_s, QString()};
    a.calls = 3;
    a.inputTokens = 1200;
    a.outputTokens = 80;
    a.cacheReadTokens = 1000;
    a.cacheWriteTokens = 5;
    a.costMicros = 1'234'567;
    ReportRow b;
    b.keys = {u"say \"hi\", then go"_s, u"agent-1"_s};
    b.calls = 1;
    b.unpricedCalls = 1;
    const QList<Dimension> groupBy{Dimension::Feature, Dimension::Agent};
    QCOMPARE(
        QString::fromUtf8(reportJson(groupBy, {a, b})),
        u"[\n {\"feature\": \"checkout\", \"agent\": null, \"calls\": 3, \"input_tokens\": 1200, "
        "\"output_tokens\": 80, \"cache_read_tokens\": 1000, \"cache_write_tokens\": 5, \"cost_usd\": "
        "1.234567, \"unpriced_calls\": 0},\n {\"feature\": \"say \\\"hi\\\", then go\", \"agent\": "
        "\"agent-1\", \"calls\": 1, \"input_tokens\": 0, \"output_tokens\": 0, \"cache_read_tokens\": 0, "
        "\"cache_write_tokens\": 0, \"cost_usd\": 0.000000, \"unpriced_calls\": 1}\n]\n"_s);
    QCOMPARE(reportJson(groupBy, {}), QByteArray("[]\n"));
    QCOMPARE(
        QString::fromUtf8(reportCsv(groupBy, {a, b})),
        u"feature,agent,calls,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,cost_usd,"
        "unpriced_calls\r\ncheckout,,3,1200,80,1000,5,1.234567,0\r\n\"say \"\"hi\"\", then go\",agent-1,1,0,"
        "0,0,0,0.000000,1\r\n"_s);
}

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
