#include "report.h"

#include "common/money.h"
#include "common/timeutil.h"
#include "database.h"
#include "model/usageevent.h"
#include "sessionhours.h"
#include "sqliteutil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QVarLengthArray>
#include <algorithm>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <numeric>
#include <queue>
#include <vector>

namespace Burnrate::Storage {

namespace {

struct DimensionInfo
{
    Dimension dimension;
    QStringView name;
    QStringView column; // empty for day and hour, which are computed from the start time
    bool inRollup;
};

constexpr DimensionInfo kDimensions[] = {
    {Dimension::Provider, u"provider", u"provider", true},
    {Dimension::Model, u"model", u"model", true},
    {Dimension::Feature, u"feature", u"feature", true},
    {Dimension::Agent, u"agent", u"agent_id", true},
    {Dimension::User, u"user", u"user_id", false},
    {Dimension::Session, u"session", u"session_id", false},
    {Dimension::Task, u"task", u"task_id", false},
    {Dimension::Trace, u"trace", u"trace_id", false},
    {Dimension::Day, u"day", {}, true},
    {Dimension::Hour, u"hour", {}, true},
    {Dimension::Project, u"project", u"project_id", false},
};

constexpr bool inEnumOrder()
{
    for (int i = 0; i < int(std::size(kDimensions)); ++i) {
        if (int(kDimensions[i].dimension) != i)
            return false;
    }
    return true;
}
static_assert(inEnumOrder(), "kDimensions is indexed by Dimension");

const DimensionInfo &info(Dimension d)
{
    return kDimensions[int(d)];
}

qint64 floorMod(qint64 a, qint64 b)
{
    return a - Time::floorDiv(a, b) * b;
}

// The largest bucket (in seconds, a divisor of one hour) such that every UTC bucket falls into a single
// local hour of `zone` over the range: 3600 for whole-hour offsets and transitions, 1800 for +05:30 …
qint64 localHourBucketSeconds(const QTimeZone &zone, qint64 sinceNs, qint64 untilNs)
{
    const QDateTime from = Time::fromNs(sinceNs, QTimeZone::utc());
    const QDateTime to = Time::fromNs(untilNs, QTimeZone::utc());
    qint64 bucket = std::gcd(qint64(3600), qint64(zone.offsetFromUtc(from)));
    for (const QTimeZone::OffsetData &t : zone.transitions(from, to)) {
        bucket = std::gcd(bucket, qint64(t.offsetFromUtc));
        bucket = std::gcd(bucket, floorMod(t.atUtc.toSecsSinceEpoch(), 3600));
    }
    return bucket;
}

// Where the range's local hours split UTC hours, when rollup_attr's rows can be split there: 1800 when at
// :00 and :30 only (by each row's first half hour), 900 when at :00 and :15 only (its first quarter hour:
// every offset of x:45 in use), else 0. `bucketSeconds` is localHourBucketSeconds' answer.
qint64 attrSplitSeconds(const QTimeZone &zone, qint64 sinceNs, qint64 untilNs, qint64 bucketSeconds)
{
    if (bucketSeconds != 900)
        return bucketSeconds == 1800 ? 1800 : 0;
    const QDateTime from = Time::fromNs(sinceNs, QTimeZone::utc());
    const QDateTime to = Time::fromNs(untilNs, QTimeZone::utc());
    // A local hour starts at :15 UTC where the offset is x:45; a change splits where it happens.
    const auto startsAtQuarterPast = [](qint64 offset) { return floorMod(-offset, 3600) == 900; };
    if (!startsAtQuarterPast(zone.offsetFromUtc(from)))
        return 0;
    for (const QTimeZone::OffsetData &t : zone.transitions(from, to)) {
        if (!startsAtQuarterPast(t.offsetFromUtc) || floorMod(t.atUtc.toSecsSinceEpoch(), 3600) > 900)
            return 0;
    }
    return 900;
}

// Runs of whole UTC hours [fromHour, toHour) over which `zone`'s offset from UTC does not change: split at
// its transitions (DST), so that each run can be grouped by local day with one integer expression. With
// `unitSeconds` 1800, the same in half hours.
struct OffsetSpan
{
    qint64 fromHour, toHour, offsetSeconds;
};

QList<OffsetSpan> offsetSpans(const QTimeZone &zone, qint64 fromHour, qint64 toHour,
                              qint64 unitSeconds = 3600)
{
    const auto atHour = [unitSeconds](qint64 hour) {
        return QDateTime::fromSecsSinceEpoch(hour * unitSeconds, QTimeZone::utc());
    };
    QList<qint64> starts{fromHour};
    for (const QTimeZone::OffsetData &t : zone.transitions(atHour(fromHour), atHour(toHour))) {
        // Callers use whole units only where every transition falls on one (localHourBucketSeconds).
        const qint64 hour = Time::floorDiv(t.atUtc.toSecsSinceEpoch(), unitSeconds);
        if (hour > starts.last() && hour < toHour)
            starts.append(hour);
    }
    QList<OffsetSpan> spans;
    for (qsizetype i = 0; i < starts.size(); ++i) {
        const qint64 end = i + 1 < starts.size() ? starts.at(i + 1) : toHour;
        spans.append({starts.at(i), end, zone.offsetFromUtc(atHour(starts.at(i)))});
    }
    return spans;
}

struct Sums
{
    qint64 calls = 0, inputTokens = 0, outputTokens = 0, cacheReadTokens = 0, cacheWriteTokens = 0,
           costMicros = 0, unpricedCalls = 0;

    void add(const Sums &s, qint64 sign = 1)
    {
        calls += sign * s.calls;
        inputTokens += sign * s.inputTokens;
        outputTokens += sign * s.outputTokens;
        cacheReadTokens += sign * s.cacheReadTokens;
        cacheWriteTokens += sign * s.cacheWriteTokens;
        costMicros += sign * s.costMicros;
        unpricedCalls += sign * s.unpricedCalls;
    }
    // The sums of a statement's columns from `at` on: calls, input, output, cache read and write tokens,
    // cost, unpriced calls.
    // The kSumCount columns from `at`, in kSumColumns' order.
    static Sums read(sqlite3_stmt *stmt, int at)
    {
        return {sqlite3_column_int64(stmt, at),     sqlite3_column_int64(stmt, at + 1),
                sqlite3_column_int64(stmt, at + 2), sqlite3_column_int64(stmt, at + 3),
                sqlite3_column_int64(stmt, at + 4), sqlite3_column_int64(stmt, at + 5),
                sqlite3_column_int64(stmt, at + 6)};
    }
};
constexpr int kSumCount = 7;
constexpr const char *kSumColumns =
    "calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls";
// A rollup_attr row's first half hour (schema v14) and first quarter hour (v15); the rest of the row is the
// rest of its hour.
constexpr const char *kFirstHalfSumColumns =
    "half_calls, half_input_tokens, half_output_tokens, "
    "half_cache_read_tokens, half_cache_write_tokens, half_cost_micros, "
    "half_unpriced_calls";
constexpr const char *kFirstQuarterSumColumns =
    "quarter_calls, quarter_input_tokens, quarter_output_tokens, quarter_cache_read_tokens, "
    "quarter_cache_write_tokens, quarter_cost_micros, quarter_unpriced_calls";
constexpr const char *kSumOfColumns =
    "sum(calls), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), "
    "sum(cache_write_tokens), sum(cost_micros), sum(unpriced_calls)";

using GroupKey = QVarLengthArray<int, 4>; // one id per grouped dimension

struct Group
{
    GroupKey key;
    Sums sums;
};

// The groups of a report, in blocks that never move. One vector of them grew to tens of megabytes for a
// month by hour and user (135 k groups) or by session, and each report paid for it afresh: the allocator
// (jemalloc, app/CMakeLists.txt) maps an allocation that large anew and returns it on free, so every page
// of it was a page fault, each about 10 µs on this machine, besides the copies as it grew. Blocks of
// 1,024 groups are freed into and taken again from the allocator's cache.
class GroupList
{
public:
    size_t size() const { return m_size; }
    Group &operator[](size_t i) { return m_blocks[i / kBlockSize][i % kBlockSize]; }
    const Group &operator[](size_t i) const { return m_blocks[i / kBlockSize][i % kBlockSize]; }
    Group &append(const GroupKey &key)
    {
        if (m_size == m_blocks.size() * kBlockSize)
            m_blocks.push_back(std::make_unique<Group[]>(kBlockSize));
        Group &g = (*this)[m_size++];
        g.key = key;
        return g;
    }

private:
    static constexpr size_t kBlockSize = 1024;
    std::vector<std::unique_ptr<Group[]>> m_blocks;
    size_t m_size = 0;
};

// UTF-8 values to dense ids (1, 2, …; 0 is none), their bytes in large blocks and the ids in an
// open-addressed table: a month of sessions has 834 k distinct values, and a hash node and a buffer each cost
// more than reading them (docs/performance.md, section 8). The blocks never move: a view from text() stays
// valid while more values are interned (a report binds one to SQLite while adding groups).
class TextIds
{
public:
    int intern(const char *text, qsizetype size)
    {
        if ((m_spans.size() + 1) * 2 > m_slots.size())
            grow();
        const size_t hash = qHashBits(text, size_t(size), QHashSeed::globalSeed());
        const size_t mask = m_slots.size() - 1;
        for (size_t i = hash & mask;; i = (i + 1) & mask) {
            const int id = m_slots[i];
            if (id == 0) {
                m_slots[i] = int(m_spans.size());
                m_spans.push_back({store(text, size), size, hash});
                return m_slots[i];
            }
            const Span &span = m_spans[size_t(id)];
            if (span.hash == hash && span.size == size && std::memcmp(span.data, text, size_t(size)) == 0)
                return id;
        }
    }
    QByteArrayView text(int id) const
    {
        const Span &span = m_spans[size_t(id)];
        return QByteArrayView(span.data, span.size);
    }
    int count() const { return int(m_spans.size()); } // ids are below this

private:
    struct Span
    {
        const char *data;
        qsizetype size;
        size_t hash;
    };
    const char *store(const char *text, qsizetype size)
    {
        constexpr qsizetype kBlockSize = 256 * 1024;
        if (m_blocks.empty() || m_blockUsed + size > m_blockSize) {
            m_blockSize = std::max(kBlockSize, size);
            m_blocks.push_back(std::make_unique<char[]>(size_t(m_blockSize)));
            m_blockUsed = 0;
        }
        char *at = m_blocks.back().get() + m_blockUsed;
        std::memcpy(at, text, size_t(size));
        m_blockUsed += size;
        return at;
    }
    void grow()
    {
        std::vector<int> table(std::max<size_t>(64, m_slots.size() * 2), 0);
        const size_t mask = table.size() - 1;
        for (size_t id = 1; id < m_spans.size(); ++id) {
            size_t i = m_spans[id].hash & mask;
            while (table[i] != 0)
                i = (i + 1) & mask;
            table[i] = int(id);
        }
        m_slots = std::move(table);
    }

    std::vector<Span> m_spans{Span{"", 0, 0}}; // id 0: none
    std::vector<int> m_slots;                  // 0: empty
    std::vector<std::unique_ptr<char[]>> m_blocks;
    qsizetype m_blockSize = 0, m_blockUsed = 0;
};

// Two ids in one integer -> an index, open-addressed: a month by hour and user has 135 k groups, one look-up
// per rollup row, and QHash's look-ups, growth and allocations took more time than reading the rows.
class PairIndex
{
public:
    // The index of `pair`, set to `next` if it has none yet.
    int findOrInsert(quint64 pair, int next)
    {
        if ((m_count + 1) * 4 > m_table.size() * 3)
            grow();
        const size_t mask = m_table.size() - 1;
        for (size_t i = slotOf(pair, mask);; i = (i + 1) & mask) {
            Slot &slot = m_table[i];
            if (slot.index < 0) {
                slot = {pair, next};
                ++m_count;
                return next;
            }
            if (slot.pair == pair)
                return slot.index;
        }
    }

private:
    struct Slot
    {
        quint64 pair = 0;
        int index = -1; // -1: empty
    };
    static size_t slotOf(quint64 pair, size_t mask)
    {
        // MurmurHash3's finalizer: the ids are small and dense, and a grid of them must not cluster.
        pair ^= pair >> 33;
        pair *= 0xff51afd7ed558ccdULL;
        pair ^= pair >> 33;
        pair *= 0xc4ceb9fe1a85ec53ULL;
        pair ^= pair >> 33;
        return size_t(pair) & mask;
    }
    void grow()
    {
        std::vector<Slot> table(std::max<size_t>(1024, m_table.size() * 2));
        const size_t mask = table.size() - 1;
        for (const Slot &slot : m_table) {
            if (slot.index < 0)
                continue;
            size_t i = slotOf(slot.pair, mask);
            while (table[i].index >= 0)
                i = (i + 1) & mask;
            table[i] = slot;
        }
        m_table = std::move(table);
    }

    std::vector<Slot> m_table;
    size_t m_count = 0;
};

// Each day's rows of rollup_session_day in cost order, merged: top() is the most expensive row not taken yet,
// with session_id in column 0, cost_micros in 1 and `columns` after them.
class DayRowsByCost
{
public:
    Sqlite::Result open(sqlite3 *db, const std::vector<qint64> &days, const QByteArray &columns)
    {
        const QByteArray sql = "SELECT session_id, cost_micros, " + columns +
                               " FROM rollup_session_day WHERE day = ?1 ORDER BY cost_micros DESC";
        for (const qint64 day : days) { // only days with rows: not every day of a range back to 1970
            Cursor &c = m_cursors.emplace_back();
            c.day = day;
            Sqlite::Result r = c.statement.prepare(db, sql.constData());
            if (r.ok()) {
                sqlite3_bind_int64(c.statement.get(), 1, day);
                r = advance(db, &c);
            }
            if (!r.ok())
                return r;
        }
        return {};
    }
    bool empty() const { return m_next.empty(); }
    qint64 topCost() const { return m_next.top()->cost; }
    qint64 topDay() const { return m_next.top()->day; }
    sqlite3_stmt *top() const { return m_next.top()->statement.get(); }
    Sqlite::Result pop(sqlite3 *db)
    {
        Cursor *c = m_next.top();
        m_next.pop();
        return advance(db, c);
    }

private:
    struct Cursor
    {
        qint64 day = 0;
        qint64 cost = 0;
        Sqlite::Statement statement;
    };
    Sqlite::Result advance(sqlite3 *db, Cursor *c)
    {
        const int rc = sqlite3_step(c->statement.get());
        if (rc == SQLITE_ROW) {
            c->cost = sqlite3_column_int64(c->statement.get(), 1);
            m_next.push(c);
        } else if (rc != SQLITE_DONE) {
            return Sqlite::failure(db, rc);
        }
        return {};
    }
    static bool lower(const Cursor *a, const Cursor *b) { return a->cost < b->cost; }

    std::deque<Cursor> m_cursors;
    std::priority_queue<Cursor *, std::vector<Cursor *>, decltype(&lower)> m_next{&lower};
};

// Builds and runs the SELECTs of one report and merges their rows in C++.
class ReportRunner
{
public:
    ReportRunner(const QSqlDatabase &db, const ReportQuery &query)
        : m_db(db)
        , m_query(query)
    {}

    std::optional<QList<ReportRow>> run(Error *error);

private:
    // Adds up [since, until): whole hours from the plan's rollup, the partial hours from the events.
    bool collect(qint64 since, qint64 until, Error *error);
    // The top sessions (alone, or by day in a zone whose offsets are whole hours) of a range with whole days
    // that rollup_session_day covers: those days' rows in cost order, only as many as the limit needs, and
    // the rest as counts and sums (m_unlisted). false: not such a report; nullopt: a database error.
    std::optional<bool> selectTopSessions(Error *error);
    // The same by local day in a zone other than UTC (selectTopSessions calls it); `end` is the table's.
    std::optional<bool> selectTopLocalSessionDays(qint64 end, Error *error);
    // Session ids in the order of their texts, which is rollup_session_day_session's: one look-up then
    // finds the next one's pages in SQLite's cache.
    std::vector<int> inIndexOrder(const QSet<int> &sessions) const
    {
        std::vector<int> ids(sessions.cbegin(), sessions.cend());
        std::sort(ids.begin(), ids.end(), [&](int a, int b) { return m_ids.text(a) < m_ids.text(b); });
        return ids;
    }
    bool prepare(Sqlite::Statement &statement, const char *sql, Error *error);
    // Runs a statement with integer parameters (and `text` after them, unless null), then resets it: `row`
    // gets each row.
    bool forEachRow(const char *sql, std::initializer_list<qint64> binds,
                    const std::function<void(sqlite3_stmt *)> &row, Error *error);
    bool forEachRow(sqlite3_stmt *stmt, std::initializer_list<qint64> binds,
                    const std::function<void(sqlite3_stmt *)> &row, Error *error, QByteArrayView text = {});
    // Rollup: rollup_hourly; UserRollup: rollup_user (rollup_hourly by user as well); UserDayRollup:
    // rollup_user by UTC day, `from` and `to` in days (whole days before userDayEnd()); Attr: rollup_attr's
    // rows of m_attr (user, task or session); Raw: usage_events; AttrHourEvents: the events of the hours in
    // which m_attr has a value that matters (rollup_attr says which); OtherHours: rollup_hourly's rows of
    // the other hours, where m_attr is none; Quarter: rollup_hourly by quarter hour (rollup_quarter), `from`
    // and `to` in quarters; AttrSplit: Attr split at m_splitSeconds (each row as its first half or quarter
    // hour and the rest); SessionRollup: rollup_session (rollup_hourly by session and user as well).
    enum class Table {
        Rollup,
        UserRollup,
        UserDayRollup,
        SessionRollup,
        Attr,
        Raw,
        AttrHourEvents,
        OtherHours,
        Quarter,
        AttrSplit
    };
    // `dayOffsetSeconds`: a rollup read of hours over which `zone` is that far from UTC, grouped by local
    // day in SQL (one row per day and value instead of one per hour and value).
    bool select(Table table, qint64 from, qint64 to, std::optional<qint64> dayOffsetSeconds, Error *error);
    // select() of the hours [from, to) of `table`; rollup_user's whole UTC days from rollup_user_day where it
    // has them and no key needs the hour or a local day.
    bool selectHours(Table table, qint64 from, qint64 to, std::optional<qint64> dayOffsetSeconds,
                     Error *error);
    // The day before which rollup_user_day has every day (meta's rollup_user_day_end).
    std::optional<qint64> userDayEnd(Error *error);
    // Group keys are ids of m_ids (0: none), so that a row's key is found without building strings; a
    // key's QString is made only for the rows returned and for ties in cost (a month has 834 k sessions).
    int internText(sqlite3_stmt *stmt, int column);
    int internTime(const QString &key);
    const QString &keyText(int id) const;
    Sums &group(const GroupKey &key);
    const QString &timeKey(qint64 bucketStartSeconds, Dimension d);
    const QString &dayKey(qint64 localDay);
    QList<ReportRow> sortedRows() const;
    // Calls without a value of m_attr pass its filters (none among their values, or no filter on it).
    bool nonePassesAttrFilters() const;
    // rollup_attr's columns of the part of an hour before m_splitSeconds.
    const char *firstPartColumns() const
    {
        return m_splitSeconds == 900 ? kFirstQuarterSumColumns : kFirstHalfSumColumns;
    }

    const QSqlDatabase &m_db;
    const ReportQuery &m_query;
    QList<Dimension> m_columns;      // the text dimensions grouped on in SQL, in groupBy order
    bool m_needTime = false;         // a day/hour key or filter: rows carry their time bucket
    bool m_needHour = false;         // an hour key or filter: rollup rows are not merged into days
    std::optional<Dimension> m_attr; // the one user, task or session dimension of a report rollup_attr serves
    qint64 m_bucketSeconds = 3600;
    qint64 m_splitSeconds = 0; // attrSplitSeconds(): where rollup_attr's rows split, 0 for nowhere
    QHash<qint64, std::pair<QString, QString>> m_timeKeys; // bucket start -> (day, hour)
    QHash<qint64, QString> m_dayKeys;                      // local days since 1970-01-01 -> day
    TextIds m_ids;                                         // every key's UTF-8 text -> id
    QVarLengthArray<int, 8> m_lastTextIds;                 // per result column: the last row's id there
    mutable QList<QString> m_keyTexts;                     // id -> text, made on first use
    QHash<QString, int> m_timeIds;                         // day or hour key -> id
    GroupList m_groups;
    QHash<GroupKey, int> m_groupIndex; // key -> index in m_groups, with three or more dimensions
    PairIndex m_pairIndex;             // two dimensions: both ids in one integer -> index in m_groups
    std::vector<int> m_groupOfId;      // one dimension: its key's id -> index in m_groups + 1 (0: none yet)
    // Groups that are not in m_groups, below every group the limit keeps: per "other" key, their sums and
    // how many they are (selectTopSessions).
    QHash<GroupKey, std::pair<Sums, qint64>> m_unlisted;
    // By hour and user, task or session with a limit, where each UTC hour is one local hour: each rollup_attr
    // row is a group of its own, so the rows are offered to a heap of the limit's highest (the lowest of them
    // on top) and the rest summed per hour as they come (offerTop), not all kept (a month has 876 k session
    // rows); run() hands both to m_groups and m_unlisted.
    bool m_streamTop = false;
    std::vector<Group> m_top;
    QHash<int, std::pair<Sums, qint64>> m_belowTop; // per hour key
    void offerTop(int hour, const Sums &sums, const std::function<int()> &value);
    void addBelowTop(int hour, const Sums &sums);
    // The order of the groups a limit keeps: cost, then the keys' texts.
    bool keysBefore(const GroupKey &a, const GroupKey &b) const;
    bool higher(const Group &a, const Group &b) const
    {
        return a.sums.costMicros != b.sums.costMicros ? a.sums.costMicros > b.sums.costMicros
                                                      : keysBefore(a.key, b.key);
    }
    // The plan of run(): which rollup serves the whole hours.
    bool m_hourSums = false;
    bool m_attrHours = false;
    Table m_hourTable = Table::Rollup;
};

std::optional<QList<ReportRow>> ReportRunner::run(Error *error)
{
    if (m_query.sinceNs > m_query.untilNs) {
        if (error)
            *error = {Error::Code::InvalidInput,
                      QCoreApplication::translate("Burnrate::Storage",
                                                  "The start of the report (%1) is after its end (%2).")
                          .arg(Time::toIsoUtc(m_query.sinceNs), Time::toIsoUtc(m_query.untilNs))};
        return std::nullopt;
    }
    if (!m_db.isOpen()) {
        if (error)
            *error = {Error::Code::Database,
                      QCoreApplication::translate("Burnrate::Storage", "The database is not open.")};
        return std::nullopt;
    }
    if (!m_query.zone.isValid()) {
        if (error)
            *error = {
                Error::Code::InvalidInput,
                QCoreApplication::translate("Burnrate::Storage", "The report's time zone is not valid.")};
        return std::nullopt;
    }

    const auto isProject = [](Dimension d) { return d == Dimension::Project; };
    if (std::any_of(m_query.groupBy.cbegin(), m_query.groupBy.cend(), isProject) ||
        std::any_of(m_query.filters.cbegin(), m_query.filters.cend(),
                    [&](const ReportFilter &f) { return isProject(f.dimension); })) {
        if (error)
            *error = {Error::Code::InvalidInput,
                      QCoreApplication::translate("Burnrate::Storage",
                                                  "project is a dimension of billed spend; use --billed.")};
        return std::nullopt;
    }

    bool rollupDimensions = true;
    // rollup_user serves the user with rollup_hourly's dimensions.
    bool userRollupDimensions = true;
    // rollup_session serves the session with rollup_hourly's dimensions and the user.
    bool sessionRollupDimensions = true;
    // rollup_attr serves a report whose only dimensions besides day and hour are one of user, task or
    // session.
    bool attrDimensions = true;
    // One of user, task or session besides rollup_hourly's dimensions: the hours in which it has values
    // come from the events, the others from rollup_hourly (see Table::AttrHourEvents).
    bool attrAndRollup = true;
    const auto use = [&](Dimension d) {
        rollupDimensions = rollupDimensions && info(d).inRollup;
        userRollupDimensions = userRollupDimensions && (info(d).inRollup || d == Dimension::User);
        sessionRollupDimensions =
            sessionRollupDimensions && (info(d).inRollup || d == Dimension::User || d == Dimension::Session);
        m_needTime = m_needTime || isTime(d);
        m_needHour = m_needHour || d == Dimension::Hour;
        if (isTime(d))
            return;
        if ((d == Dimension::User || d == Dimension::Task || d == Dimension::Session) &&
            (!m_attr || *m_attr == d)) {
            m_attr = d;
        } else {
            attrDimensions = false;
            attrAndRollup = attrAndRollup && info(d).inRollup;
        }
    };
    for (Dimension d : m_query.groupBy) {
        use(d);
        if (!isTime(d) && !m_columns.contains(d))
            m_columns.append(d);
    }
    for (const ReportFilter &f : m_query.filters)
        use(f.dimension);
    // Over the whole UTC hours the range touches: the edges' events are bucketed from the hour's start, and a
    // change of offset between it and `since` (Lord Howe's at :30) splits that hour too.
    const qint64 touchedFrom = Time::floorDiv(m_query.sinceNs, Time::kNanosPerHour) * Time::kNanosPerHour;
    const qint64 touchedTo = -Time::floorDiv(-m_query.untilNs, Time::kNanosPerHour) * Time::kNanosPerHour;
    if (m_needTime)
        m_bucketSeconds = localHourBucketSeconds(m_query.zone, touchedFrom, touchedTo);
    m_splitSeconds = attrSplitSeconds(m_query.zone, touchedFrom, touchedTo, m_bucketSeconds);
    // The user alone (or by day or hour) from rollup_attr, which has fewer rows than rollup_user.
    const bool attrSums = attrDimensions && m_attr.has_value();
    const bool userRollupSums = !rollupDimensions && !attrSums && userRollupDimensions;
    // Where sessions are grouped on: a filter on a few sessions reads their hours' events instead.
    const bool sessionRollupSums =
        !rollupDimensions && !attrSums && !userRollupSums && sessionRollupDimensions &&
        m_query.groupBy.contains(Dimension::Session) &&
        std::none_of(m_query.filters.cbegin(), m_query.filters.cend(),
                     [](const ReportFilter &f) { return f.dimension == Dimension::Session; });
    const bool hourSums = rollupDimensions || attrSums || userRollupSums || sessionRollupSums;
    const Table hourTable = rollupDimensions    ? Table::Rollup
                            : userRollupSums    ? Table::UserRollup
                            : sessionRollupSums ? Table::SessionRollup
                                                : Table::Attr;
    const bool attrHours = !hourSums && attrAndRollup && m_attr.has_value();

    m_hourSums = hourSums;
    m_attrHours = attrHours;
    m_hourTable = hourTable;
    const bool wholeHours = m_bucketSeconds == 3600;
    const bool splitHours = !wholeHours && m_splitSeconds != 0; // rollup_attr's rows split (AttrSplit)
    if (attrSums && m_query.limit > 0 && (wholeHours || splitHours) &&
        m_query.groupBy == QList<Dimension>{Dimension::Hour, *m_attr}) {
        if (splitHours) {
            // Split hours pair up (the rest of one with the first part of the next) where no change falls in
            // the hours touched, not even in the first (offsetSpans rounds changes to hours) or at the end:
            // one offset, whose local hours start m_splitSeconds after UTC's.
            m_streamTop = m_query.zone
                              .transitions(Time::fromNs(touchedFrom, QTimeZone::utc()),
                                           Time::fromNs(touchedTo, QTimeZone::utc()))
                              .isEmpty();
        } else {
            // Each UTC hour is its own local hour unless the clocks go back in the range.
            const QList<OffsetSpan> spans =
                offsetSpans(m_query.zone, touchedFrom / Time::kNanosPerHour, touchedTo / Time::kNanosPerHour);
            m_streamTop =
                std::is_sorted(spans.cbegin(), spans.cend(), [](const OffsetSpan &a, const OffsetSpan &b) {
                    return a.offsetSeconds < b.offsetSeconds;
                });
        }
    }
    if (m_query.sinceNs < m_query.untilNs) {
        // One snapshot for all the reads of the report: a session's row could otherwise also move past the
        // reads that would have found it.
        Sqlite::Snapshot snapshot("report");
        if (const Sqlite::Result r = snapshot.begin(Sqlite::handle(m_db)); !r.ok()) {
            if (error)
                *error = Sqlite::databaseError(m_db.databaseName(), r.code, r.message);
            return std::nullopt;
        }
        const std::optional<bool> topSessions = selectTopSessions(error);
        if (!topSessions || (!*topSessions && !collect(m_query.sinceNs, m_query.untilNs, error)))
            return std::nullopt;
    }
    // The heap's groups join the edges' (other hours); every group below the heap is below them all.
    for (const Group &g : m_top)
        m_groups.append(g.key).sums = g.sums;
    for (auto it = m_belowTop.cbegin(); it != m_belowTop.cend(); ++it)
        m_unlisted.insert(GroupKey{it.key(), 0}, *it);
    return sortedRows();
}

bool ReportRunner::collect(qint64 since, qint64 until, Error *error)
{
    // Whole hours come from the rollup, the partial hours at the edges from raw events.
    const qint64 firstHour = -Time::floorDiv(-since, Time::kNanosPerHour);
    const qint64 endHour = Time::floorDiv(until, Time::kNanosPerHour);
    // In a zone whose hours or days start on the half or quarter hour (+05:30, +05:45), or whose clocks
    // change by 30 minutes, rollup_hourly's dimensions come from rollup_quarter where local hours or days
    // split UTC hours: by hour every hour, by day the hours that a local midnight or a change splits.
    const bool quarters =
        m_bucketSeconds != 3600 && m_bucketSeconds % 900 == 0 && m_hourSums && m_hourTable == Table::Rollup;
    if (quarters && m_needHour) {
        const qint64 firstQuarter = -Time::floorDiv(-since, Time::kNanosPerQuarterHour);
        const qint64 endQuarter = Time::floorDiv(until, Time::kNanosPerQuarterHour);
        if (firstQuarter >= endQuarter)
            return select(Table::Raw, since, until, std::nullopt, error);
        const qint64 fromNs = firstQuarter * Time::kNanosPerQuarterHour;
        const qint64 toNs = endQuarter * Time::kNanosPerQuarterHour;
        return select(Table::Quarter, firstQuarter, endQuarter, std::nullopt, error) &&
               (since >= fromNs || select(Table::Raw, since, fromNs, std::nullopt, error)) &&
               (toNs >= until || select(Table::Raw, toNs, until, std::nullopt, error));
    }
    // The user, task or session alone where hours split at :30 or at :15 only: rollup_attr's rows split
    // there.
    const bool splitRows =
        m_bucketSeconds != 3600 && m_splitSeconds != 0 && m_hourSums && m_hourTable == Table::Attr;
    // By day in such a zone, an hour that a local midnight or a change splits is read from rollup_quarter or
    // by half hour from rollup_attr, or from the events for the other rollups; every other hour from the
    // rollup.
    const bool splitHours = m_bucketSeconds != 3600 && m_hourSums && m_needTime && !m_needHour;
    if (!(m_hourSums || m_attrHours) || (m_bucketSeconds != 3600 && !splitHours && !splitRows) ||
        firstHour >= endHour)
        return select(Table::Raw, since, until, std::nullopt, error);
    if (splitRows && m_needHour) {
        if (!select(Table::AttrSplit, firstHour, endHour, std::nullopt, error))
            return false;
    } else if (splitHours) {
        const auto offsetAt = [&](qint64 seconds) {
            return qint64(
                m_query.zone.offsetFromUtc(QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc())));
        };
        const auto dayAt = [&](qint64 seconds) { return Time::floorDiv(seconds + offsetAt(seconds), 86400); };
        qint64 runFrom = firstHour;
        qint64 runOffset = 0;
        const auto readRun = [&](qint64 to) {
            return runFrom >= to || selectHours(m_hourTable, runFrom, to, runOffset, error);
        };
        for (qint64 hour = firstHour; hour < endHour; ++hour) {
            const qint64 start = hour * 3600;
            const qint64 offset = offsetAt(start);
            if (offsetAt(start + 3599) != offset || dayAt(start) != dayAt(start + 3599)) {
                if (!readRun(hour) ||
                    !(quarters    ? select(Table::Quarter, hour * 4, hour * 4 + 4, std::nullopt, error)
                      : splitRows ? select(Table::AttrSplit, hour, hour + 1, std::nullopt, error)
                                  : select(Table::Raw, hour * Time::kNanosPerHour,
                                           (hour + 1) * Time::kNanosPerHour, std::nullopt, error)))
                    return false;
                runFrom = hour + 1;
            } else if (offset != runOffset) {
                if (!readRun(hour))
                    return false;
                runFrom = hour;
            }
            runOffset = offset;
        }
        if (!readRun(endHour))
            return false;
    } else if (m_attrHours) {
        if (!select(Table::AttrHourEvents, firstHour, endHour, std::nullopt, error) ||
            (nonePassesAttrFilters() && !select(Table::OtherHours, firstHour, endHour, std::nullopt, error)))
            return false;
    } else if (m_needTime && !m_needHour) {
        for (const OffsetSpan &span : offsetSpans(m_query.zone, firstHour, endHour)) {
            if (!selectHours(m_hourTable, span.fromHour, span.toHour, span.offsetSeconds, error))
                return false;
        }
    } else if (!selectHours(m_hourTable, firstHour, endHour, std::nullopt, error)) {
        return false;
    }
    return (since >= firstHour * Time::kNanosPerHour ||
            select(Table::Raw, since, firstHour * Time::kNanosPerHour, std::nullopt, error)) &&
           (endHour * Time::kNanosPerHour >= until ||
            select(Table::Raw, endHour * Time::kNanosPerHour, until, std::nullopt, error));
}

bool ReportRunner::selectHours(Table table, qint64 from, qint64 to, std::optional<qint64> dayOffsetSeconds,
                               Error *error)
{
    if (table == Table::UserRollup && !m_needHour && dayOffsetSeconds.value_or(0) == 0) {
        const std::optional<qint64> end = userDayEnd(error);
        if (!end)
            return false;
        const qint64 fromDay = -Time::floorDiv(-from, 24);
        const qint64 toDay = std::min(Time::floorDiv(to, 24), *end);
        if (fromDay < toDay) {
            return select(table, from, fromDay * 24, dayOffsetSeconds, error) &&
                   select(Table::UserDayRollup, fromDay, toDay, dayOffsetSeconds, error) &&
                   select(table, toDay * 24, to, dayOffsetSeconds, error);
        }
    }
    return select(table, from, to, dayOffsetSeconds, error);
}

std::optional<qint64> ReportRunner::userDayEnd(Error *error)
{
    sqlite3 *db = Sqlite::handle(m_db);
    qint64 end = kNoUserDayEnd;
    const Sqlite::Result result =
        db ? Sqlite::queryInt(db, kUserDayEndSql, &end) : Sqlite::Result{SQLITE_MISUSE, QString()};
    if (!result.ok()) {
        if (error)
            *error = Sqlite::databaseError(m_db.databaseName(), result.code, result.message);
        return std::nullopt;
    }
    return end;
}

std::optional<bool> ReportRunner::selectTopSessions(Error *error)
{
    const bool byDay = m_query.groupBy == QList<Dimension>{Dimension::Day, Dimension::Session};
    if (m_query.limit <= 0 || !m_query.filters.isEmpty() ||
        (m_query.groupBy != QList<Dimension>{Dimension::Session} && !byDay))
        return false;
    constexpr qint64 kDayNs = 24 * Time::kNanosPerHour;
    const qint64 since = m_query.sinceNs;
    const qint64 until = m_query.untilNs;
    const std::optional<qint64> end = userDayEnd(error);
    if (!end)
        return std::nullopt;
    if (byDay) {                                            // rollup_session_day's days are UTC days
        if (m_bucketSeconds != 3600 && m_splitSeconds != 0) // local days start on the half or quarter hour
            return selectTopLocalSessionDays(*end, error);
        if (m_bucketSeconds != 3600)
            return false;
        const QList<OffsetSpan> spans = offsetSpans(m_query.zone, Time::floorDiv(since, Time::kNanosPerHour),
                                                    -Time::floorDiv(-until, Time::kNanosPerHour));
        if (spans.size() != 1 || spans.first().offsetSeconds != 0)
            return selectTopLocalSessionDays(*end, error);
    }
    const qint64 fromDay = -Time::floorDiv(-since, kDayNs);
    const qint64 toDay = std::min(Time::floorDiv(until, kDayNs), *end);
    if (fromDay >= toDay)
        return false;
    const qint64 fromNs = fromDay * kDayNs;
    const qint64 toNs = toDay * kDayNs;

    // The edges, as any report reads them. The sessions of an edge after the end are looked up in the whole
    // days below; those of an edge in a covered day are linked to them.
    if (toNs < until && !collect(toNs, until, error))
        return std::nullopt;
    QSet<int> linked; // sessions (alone) whose total needs more than one row of the whole days
    if (!byDay && toNs < until && toDay == *end) {
        for (size_t i = 0; i < m_groups.size(); ++i)
            linked.insert(m_groups[i].key.first());
    }
    if (since < fromNs && !collect(since, fromNs, error))
        return std::nullopt;
    if (!byDay) {
        const qint64 linkFrom = since < fromNs ? fromDay - 1 : fromDay;
        const qint64 linkTo = toNs < until && toDay < *end ? toDay + 1 : toDay;
        if (!forEachRow(
                "SELECT DISTINCT session_id FROM rollup_session_day WHERE day >= ?1 AND day < ?2 "
                "AND prev_day >= ?3",
                {fromDay, linkTo, linkFrom}, [&](sqlite3_stmt *stmt) { linked.insert(internText(stmt, 0)); },
                error))
            return std::nullopt;
    }

    // Per whole day (all of them in one for the session alone): the sums and rows not in a group yet.
    QHash<qint64, std::pair<Sums, qint64>> rest;
    const auto restOf = [&](qint64 day) -> std::pair<Sums, qint64> & { return rest[byDay ? day : 0]; };
    std::vector<qint64> daysWithRows;
    const QByteArray totals = QByteArray("SELECT day, sessions, ") + kSumColumns +
                              " FROM session_day_totals WHERE day >= ?1 AND day < ?2";
    if (!forEachRow(
            totals.constData(), {fromDay, toDay},
            [&](sqlite3_stmt *stmt) {
                daysWithRows.push_back(sqlite3_column_int64(stmt, 0));
                std::pair<Sums, qint64> &r = restOf(daysWithRows.back());
                r.first.add(Sums::read(stmt, 2));
                r.second += sqlite3_column_int64(stmt, 1);
            },
            error))
        return std::nullopt;
    // The linked sessions' rows (there are none by day and session): ?3 is the session, bound after the days.
    const QByteArray linkedRows = QByteArray("SELECT ") + kSumColumns +
                                  " FROM rollup_session_day WHERE session_id = ?3 AND day >= ?1 AND day < ?2";
    Sqlite::Statement linkedStatement;
    if (!prepare(linkedStatement, linkedRows.constData(), error))
        return std::nullopt;
    for (const int id : inIndexOrder(linked)) {
        if (!forEachRow(
                linkedStatement.get(), {fromDay, toDay},
                [&](sqlite3_stmt *stmt) {
                    const Sums sums = Sums::read(stmt, 0);
                    group(GroupKey{id}).add(sums);
                    restOf(0).first.add(sums, -1);
                    restOf(0).second -= 1;
                },
                error, id == 0 ? QByteArrayView("") : m_ids.text(id)))
            return std::nullopt;
    }

    // Each day's rows in cost order, merged: the highest first, until the limit is reached and the cost falls
    // below the last one taken (ties are kept). Every row left is below the groups taken.
    sqlite3 *db = Sqlite::handle(m_db);
    DayRowsByCost rows;
    Sqlite::Result result = rows.open(db, daysWithRows, kSumColumns);
    qint64 taken = 0;
    qint64 lastCost = 0;
    while (result.ok() && !rows.empty() && (taken < m_query.limit || rows.topCost() >= lastCost)) {
        sqlite3_stmt *stmt = rows.top();
        const qint64 day = rows.topDay();
        const int id = internText(stmt, 0);
        if (byDay || !linked.contains(id)) {
            const Sums sums = Sums::read(stmt, 2);
            group(byDay ? GroupKey{internTime(dayKey(day)), id} : GroupKey{id}).add(sums);
            restOf(day).first.add(sums, -1);
            restOf(day).second -= 1;
            ++taken;
            lastCost = rows.topCost();
        }
        result = rows.pop(db);
    }
    if (!result.ok()) {
        if (error)
            *error = Sqlite::databaseError(m_db.databaseName(), result.code, result.message);
        return std::nullopt;
    }
    for (auto it = rest.cbegin(); it != rest.cend(); ++it) {
        if (it->second > 0)
            m_unlisted.insert(byDay ? GroupKey{internTime(dayKey(it.key())), 0} : GroupKey{-1}, *it);
    }
    return true;
}

std::optional<bool> ReportRunner::selectTopLocalSessionDays(qint64 end, Error *error)
{
    // Day × session in a zone other than UTC whose offsets are whole hours, or whose local days start at :30
    // or :15 UTC (m_splitSeconds). A local day is made
    // of the part after the local midnight inside one UTC day and the part before it inside the next, so each
    // row of rollup_session_day splits in two parts at most. A row lies wholly on one side when its calls all
    // end before the midnight or all start after it; otherwise (it straddles) the side with fewer hours is
    // summed from its session's rollup_attr rows (part of an hour from a row's half_* or quarter_* sums) and
    // the other is the
    // rest. A session with rows on two consecutive UTC days may have two parts in one local day: those
    // sessions ("linked") are summed first. Every other group is one part of one row, at most the row's cost,
    // so the rows are merged in cost order as for UTC days and the merge stops once the limit-th group costs
    // more than the next row. Positions are counted in units of m_bucketSeconds (an hour, half or quarter).
    constexpr qint64 kDayNs = 24 * Time::kNanosPerHour;
    const qint64 unit = m_bucketSeconds;
    const qint64 unitNs = unit * Time::kNanosPerSecond;
    const qint64 perHour = 3600 / unit;
    const qint64 perDay = 86400 / unit;
    const qint64 since = m_query.sinceNs;
    const qint64 until = m_query.untilNs;
    const qint64 fromDay = -Time::floorDiv(-since, kDayNs);
    const qint64 toDay = std::min(Time::floorDiv(until, kDayNs), end);
    if (fromDay >= toDay)
        return false;
    const QList<OffsetSpan> spans = offsetSpans(m_query.zone, fromDay * perDay - 1, toDay * perDay + 1, unit);
    const auto localDay = [&](qint64 at) {
        qint64 offset = spans.first().offsetSeconds;
        for (const OffsetSpan &span : spans) {
            if (at >= span.fromHour)
                offset = span.offsetSeconds;
        }
        return Time::floorDiv(at * unit + offset, 86400);
    };
    const auto startsLocalDay = [&](qint64 at) { return localDay(at - 1) != localDay(at); };
    const auto dayStart = [&](qint64 day) { return day * perDay; };
    const auto dayEnd = [&](qint64 day) { return day * perDay + perDay; };
    // The whole local days inside the covered UTC days: units [fromUnit, toUnit). The rest is an edge.
    qint64 fromUnit = dayStart(fromDay);
    while (fromUnit < dayStart(toDay) && !startsLocalDay(fromUnit))
        ++fromUnit;
    qint64 toUnit = dayStart(toDay);
    while (toUnit > fromUnit && !startsLocalDay(toUnit))
        --toUnit;
    if (fromUnit >= toUnit)
        return false;
    // The parts of rows read from the table: [tableFrom, tableTo), from the first covered UTC day's start to
    // the last whole local day's end, or to the covered days' end when the range ends inside them. The
    // sessions with calls on both sides of either UTC midnight have rows linked across it (below). A range
    // that ends after the covered days (today) ends the table's parts at the last local midnight instead,
    // as today's sessions are not linked to the day before.
    const qint64 tableFrom = dayStart(fromDay);
    const qint64 tableTo = toDay < end ? dayStart(toDay) : toUnit;
    if (tableTo * unitNs < until && !collect(tableTo * unitNs, until, error))
        return std::nullopt;
    if (since < tableFrom * unitNs && !collect(since, tableFrom * unitNs, error))
        return std::nullopt;

    // Each UTC day's local midnight (the unit it starts), the day's end for none; found once per day, as
    // every row asks for its day's.
    std::vector<qint64> midnights;
    for (qint64 day = fromDay; day < toDay; ++day) {
        qint64 at = dayStart(day) + 1;
        while (at < dayEnd(day) && !startsLocalDay(at))
            ++at;
        midnights.push_back(at);
    }
    const auto midnightOf = [&](qint64 day) { return midnights[size_t(day - fromDay)]; };
    sqlite3 *db = Sqlite::handle(m_db);
    Sqlite::Result result;
    Sqlite::Statement hourRow;
    const QByteArray hourSql = QByteArray("SELECT ") + kSumColumns + ", " + firstPartColumns() +
                               " FROM rollup_attr WHERE dimension = 'session' AND hour = ?1 AND value = ?2";
    if (!prepare(hourRow, hourSql.constData(), error))
        return std::nullopt;
    // A session's sums over the units [from, to), by point look-ups on rollup_attr's key: a whole hour's row,
    // or its part before m_splitSeconds or the rest (the only parts of an hour a local midnight leaves).
    const auto sessionSums = [&](QByteArrayView session, qint64 from, qint64 to) {
        Sums sums;
        for (qint64 hour = Time::floorDiv(from, perHour); hour * perHour < to && result.ok(); ++hour) {
            sqlite3_stmt *stmt = hourRow.get();
            sqlite3_bind_int64(stmt, 1, hour);
            sqlite3_bind_text(stmt, 2, session.data(), int(session.size()), SQLITE_STATIC);
            const int rc = sqlite3_step(stmt);
            if (rc == SQLITE_ROW) {
                const bool first = from <= hour * perHour;
                const bool second = to >= hour * perHour + perHour;
                if (first && second) {
                    sums.add(Sums::read(stmt, 0));
                } else if (first) {
                    sums.add(Sums::read(stmt, kSumCount));
                } else {
                    sums.add(Sums::read(stmt, 0));
                    sums.add(Sums::read(stmt, kSumCount), -1);
                }
            } else if (rc != SQLITE_DONE) {
                result = Sqlite::failure(db, rc);
            }
            sqlite3_reset(stmt);
        }
        return sums;
    };
    // The unit that starts the hour of a time, and the one after that hour: a row's calls start in the hours
    // from its first start's to its last end's, and sessionSums reads hours and their parts at a midnight.
    const auto hourStartOf = [&](qint64 ns) { return Time::floorDiv(ns, Time::kNanosPerHour) * perHour; };
    const auto hourEndOf = [&](qint64 ns) { return hourStartOf(ns) + perHour; };
    // Whether a session has calls in any of the units [from, to): hour by hour, stopping at the first.
    const auto hasCalls = [&](QByteArrayView session, qint64 from, qint64 to) {
        for (qint64 hour = Time::floorDiv(from, perHour); hour * perHour < to && result.ok(); ++hour) {
            if (sessionSums(session, std::max(from, hour * perHour), std::min(to, hour * perHour + perHour))
                    .calls > 0)
                return true;
        }
        return false;
    };
    // A row's parts before and after its day's midnight; `first`/`last` are its columns (may be NULL).
    struct Parts
    {
        Sums early, late;
    };
    const auto split = [&](QByteArrayView session, qint64 day, const Sums &row, sqlite3_stmt *stmt,
                           int firstColumn) {
        const qint64 midnight = midnightOf(day);
        const qint64 midnightNs = midnight * unitNs;
        Parts parts;
        const bool known = sqlite3_column_type(stmt, firstColumn) != SQLITE_NULL &&
                           sqlite3_column_type(stmt, firstColumn + 1) != SQLITE_NULL;
        if (midnight == dayEnd(day) || (known && sqlite3_column_int64(stmt, firstColumn + 1) < midnightNs)) {
            parts.early = row;
        } else if (known && sqlite3_column_int64(stmt, firstColumn) >= midnightNs) {
            parts.late = row;
        } else {
            // Only the hours from the row's first start to its last end can hold its calls' starts: the
            // side with fewer of them is looked up.
            const qint64 from =
                known ? std::max(dayStart(day), hourStartOf(sqlite3_column_int64(stmt, firstColumn)))
                      : dayStart(day);
            const qint64 to =
                known ? std::min(dayEnd(day), hourEndOf(sqlite3_column_int64(stmt, firstColumn + 1)))
                      : dayEnd(day);
            if (to - midnight <= midnight - from) {
                parts.late = sessionSums(session, midnight, to);
                parts.early = row;
                parts.early.add(parts.late, -1);
                return parts;
            }
            parts.early = sessionSums(session, from, midnight);
            parts.late = row;
            parts.late.add(parts.early, -1);
        }
        return parts;
    };
    // The local day of a UTC day's part, or nullopt for a part outside the whole local days.
    const auto partDay = [&](qint64 day, bool late) -> std::optional<qint64> {
        const qint64 midnight = midnightOf(day);
        const qint64 from = late ? midnight : dayStart(day);
        const qint64 to = late ? dayEnd(day) : midnight;
        if (from >= to || from < tableFrom || to > tableTo)
            return std::nullopt;
        return localDay(from);
    };

    // Per local day: the sums and groups not listed yet. A day's sums split as the hourly rollups do (a half
    // hour by rollup_quarter's); its groups are its parts. A row's span may be wider than its calls (a
    // re-attribution that moves calls out does not narrow it), never narrower: a row that ends before the
    // midnight has only an early part, one that starts after it only a late part, and one that starts
    // before it and ends after it ("straddles") is looked up on both sides. session_day_quarters counts the
    // first two; only the straddling rows (about 70 a day) and the rows whose span is unknown are read.
    QHash<qint64, std::pair<Sums, qint64>> rest;
    std::vector<qint64> daysWithRows;
    QHash<qint64, std::pair<Sums, qint64>> dayTotals;
    const QByteArray totals = QByteArray("SELECT day, sessions, ") + kSumColumns +
                              " FROM session_day_totals WHERE day >= ?1 AND day < ?2";
    if (!forEachRow(
            totals.constData(), {fromDay, toDay},
            [&](sqlite3_stmt *stmt) {
                daysWithRows.push_back(sqlite3_column_int64(stmt, 0));
                dayTotals.insert(daysWithRows.back(), {Sums::read(stmt, 2), sqlite3_column_int64(stmt, 1)});
            },
            error))
        return std::nullopt;
    const QByteArray lateHours =
        QByteArray("SELECT ") + kSumOfColumns + " FROM rollup_hourly WHERE hour >= ?1 AND hour < ?2";
    const QByteArray lateQuarters =
        QByteArray("SELECT ") + kSumOfColumns + " FROM rollup_quarter WHERE quarter >= ?1 AND quarter < ?2";
    // ?2 is the midnight's quarter hour: the day's counted rows, those that start before it, those that end
    // before it.
    const char *countedRows =
        "SELECT total(firsts), total(firsts) FILTER (WHERE quarter < ?2), "
        "total(lasts) FILTER (WHERE quarter < ?2) FROM session_day_quarters WHERE day = ?1";
    // The ?3 rows that straddle the midnight ?2, latest start first: searched from the midnight down, so
    // that the short sessions, nearly all of them, are found at once.
    const char *straddlingRows =
        "SELECT session_id, first_ns, last_ns FROM rollup_session_day INDEXED BY "
        "rollup_session_day_first WHERE day = ?1 AND first_ns < ?2 AND last_ns >= ?2 "
        "ORDER BY first_ns DESC LIMIT ?3";
    // Two searches of the indexes: with `OR … IS NULL` SQLite read all of the day's rows instead.
    const char *unknownRows =
        "SELECT session_id, calls, first_ns, last_ns FROM rollup_session_day INDEXED BY "
        "rollup_session_day_first "
        "WHERE day = ?1 AND first_ns IS NULL UNION ALL SELECT session_id, calls, first_ns, last_ns "
        "FROM rollup_session_day INDEXED BY rollup_session_day_last WHERE day = ?1 AND last_ns IS NULL "
        "AND first_ns IS NOT NULL";
    const auto sessionOf = [](sqlite3_stmt *stmt) {
        return QByteArrayView(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)),
                              sqlite3_column_bytes(stmt, 0));
    };
    for (const qint64 day : daysWithRows) {
        const auto &[daySums, sessions] = dayTotals.value(day);
        const qint64 midnight = midnightOf(day);
        const qint64 midnightNs = midnight * unitNs;
        Sums late;
        qint64 earlyParts = sessions, lateParts = 0;
        if (midnight < dayEnd(day)) {
            // The late side's whole hours, and the part of an hour before them when the midnight is not on
            // one.
            const qint64 firstLateHour = -Time::floorDiv(-midnight, perHour);
            const auto addLate = [&](sqlite3_stmt *stmt) { late.add(Sums::read(stmt, 0)); };
            qint64 counted = 0, startingEarly = 0, endingEarly = 0;
            const bool read =
                forEachRow(lateHours.constData(), {firstLateHour, day * 24 + 24}, addLate, error) &&
                (midnight >= firstLateHour * perHour ||
                 forEachRow(lateQuarters.constData(), {midnight * (unit / 900), firstLateHour * 4}, addLate,
                            error)) &&
                forEachRow(
                    countedRows, {day, midnight * (unit / 900)},
                    [&](sqlite3_stmt *stmt) {
                        counted = sqlite3_column_int64(stmt, 0);
                        startingEarly = sqlite3_column_int64(stmt, 1);
                        endingEarly = sqlite3_column_int64(stmt, 2);
                    },
                    error);
            if (!read)
                return std::nullopt;
            earlyParts = endingEarly;
            lateParts = counted - startingEarly;
            // A straddling row has a part on a side when one of its calls starts there, within its span.
            const qint64 straddling = startingEarly - endingEarly;
            if (straddling > 0 &&
                !forEachRow(
                    straddlingRows, {day, midnightNs, straddling},
                    [&](sqlite3_stmt *stmt) {
                        const QByteArrayView session = sessionOf(stmt);
                        earlyParts += hasCalls(
                            session, std::max(dayStart(day), hourStartOf(sqlite3_column_int64(stmt, 1))),
                            midnight);
                        lateParts +=
                            hasCalls(session, midnight,
                                     std::min(dayEnd(day), hourEndOf(sqlite3_column_int64(stmt, 2))));
                    },
                    error))
                return std::nullopt;
            if (!forEachRow(
                    unknownRows, {day},
                    [&](sqlite3_stmt *stmt) {
                        Sums calls;
                        calls.calls = sqlite3_column_int64(stmt, 1);
                        const Parts parts = split(sessionOf(stmt), day, calls, stmt, 2);
                        earlyParts += parts.early.calls > 0;
                        lateParts += parts.late.calls > 0;
                    },
                    error))
                return std::nullopt;
            if (!result.ok())
                break;
        }
        Sums early = daySums;
        early.add(late, -1);
        for (const bool isLate : {false, true}) {
            if (const std::optional<qint64> local = partDay(day, isLate)) {
                std::pair<Sums, qint64> &r = rest[*local];
                r.first.add(isLate ? late : early);
                r.second += isLate ? lateParts : earlyParts;
            }
        }
    }
    // Adds a row's parts to their groups and takes them out of the rest; returns the groups' costs.
    const auto addParts = [&](int session, qint64 day, const Parts &parts,
                              QVarLengthArray<qint64, 2> *costs) {
        for (const bool isLate : {false, true}) {
            const Sums &part = isLate ? parts.late : parts.early;
            const std::optional<qint64> local = partDay(day, isLate);
            if (part.calls <= 0 || !local)
                continue;
            Sums &sums = group(GroupKey{internTime(dayKey(*local)), session});
            sums.add(part);
            rest[*local].first.add(part, -1);
            rest[*local].second -= 1;
            if (costs)
                costs->append(sums.costMicros);
        }
    };

    // The limit-th highest group cost so far (a min-heap of the highest `limit`).
    std::priority_queue<qint64, std::vector<qint64>, std::greater<>> highest;
    const auto offer = [&](qint64 cost) {
        if (qint64(highest.size()) < m_query.limit) {
            highest.push(cost);
        } else if (cost > highest.top()) {
            highest.pop();
            highest.push(cost);
        }
    };

    // Linked sessions: all their rows' parts, summed per local day.
    QSet<int> linked;
    if (!forEachRow(
            "SELECT DISTINCT session_id FROM rollup_session_day WHERE day >= ?1 AND day <= ?2 "
            "AND prev_day >= ?1 - 1 AND prev_day = day - 1",
            {fromDay, toDay}, [&](sqlite3_stmt *stmt) { linked.insert(internText(stmt, 0)); }, error))
        return std::nullopt;
    const QByteArray linkedRows = QByteArray("SELECT day, ") + kSumColumns +
                                  ", first_ns, last_ns FROM rollup_session_day WHERE session_id = ?3 "
                                  "AND day >= ?1 AND day < ?2";
    Sqlite::Statement linkedStatement;
    if (!prepare(linkedStatement, linkedRows.constData(), error))
        return std::nullopt;
    for (const int id : inIndexOrder(linked)) {
        const QByteArrayView session = id == 0 ? QByteArrayView("") : m_ids.text(id);
        if (!forEachRow(
                linkedStatement.get(), {fromDay, toDay},
                [&](sqlite3_stmt *stmt) {
                    const qint64 day = sqlite3_column_int64(stmt, 0);
                    addParts(id, day, split(session, day, Sums::read(stmt, 1), stmt, 8), nullptr);
                },
                error, session))
            return std::nullopt;
        if (!result.ok())
            break;
    }
    for (size_t i = 0; i < m_groups.size(); ++i) {
        const Group &g = m_groups[i];
        if (g.key.size() == 2 && linked.contains(g.key.at(1)))
            offer(g.sums.costMicros);
    }

    // Each UTC day's rows in cost order, merged.
    DayRowsByCost rows;
    if (result.ok())
        result = rows.open(db, daysWithRows, QByteArray(kSumColumns) + ", first_ns, last_ns");
    while (result.ok() && !rows.empty() &&
           (qint64(highest.size()) < m_query.limit || rows.topCost() >= highest.top())) {
        sqlite3_stmt *stmt = rows.top();
        const qint64 day = rows.topDay();
        const int id = internText(stmt, 0);
        if (!linked.contains(id)) {
            const QByteArrayView session = id == 0 ? QByteArrayView("") : m_ids.text(id);
            QVarLengthArray<qint64, 2> costs;
            addParts(id, day, split(session, day, Sums::read(stmt, 2), stmt, 9), &costs);
            for (const qint64 cost : costs)
                offer(cost);
        }
        result = rows.pop(db);
    }
    if (!result.ok()) {
        if (error)
            *error = Sqlite::databaseError(m_db.databaseName(), result.code, result.message);
        return std::nullopt;
    }
    for (auto it = rest.cbegin(); it != rest.cend(); ++it) {
        if (it->second > 0)
            m_unlisted.insert(GroupKey{internTime(dayKey(it.key())), 0}, *it);
    }
    return true;
}

bool ReportRunner::prepare(Sqlite::Statement &statement, const char *sql, Error *error)
{
    sqlite3 *db = Sqlite::handle(m_db);
    const Sqlite::Result result = db ? statement.prepare(db, sql) : Sqlite::Result{SQLITE_MISUSE, QString()};
    if (!result.ok() && error)
        *error = Sqlite::databaseError(m_db.databaseName(), result.code, result.message);
    return result.ok();
}

bool ReportRunner::forEachRow(const char *sql, std::initializer_list<qint64> binds,
                              const std::function<void(sqlite3_stmt *)> &row, Error *error)
{
    Sqlite::Statement statement;
    return prepare(statement, sql, error) && forEachRow(statement.get(), binds, row, error);
}

bool ReportRunner::forEachRow(sqlite3_stmt *stmt, std::initializer_list<qint64> binds,
                              const std::function<void(sqlite3_stmt *)> &row, Error *error,
                              QByteArrayView text)
{
    int index = 0;
    for (const qint64 value : binds)
        sqlite3_bind_int64(stmt, ++index, value);
    if (!text.isNull())
        sqlite3_bind_text(stmt, ++index, text.data(), int(text.size()), SQLITE_STATIC);
    Sqlite::Result result;
    while (result.ok()) {
        const int rc = sqlite3_step(stmt);
        if (rc == SQLITE_DONE)
            break;
        if (rc == SQLITE_ROW)
            row(stmt);
        else
            result = Sqlite::failure(sqlite3_db_handle(stmt), rc);
    }
    sqlite3_reset(stmt);
    if (!result.ok() && error)
        *error = Sqlite::databaseError(m_db.databaseName(), result.code, result.message);
    return result.ok();
}

bool ReportRunner::select(Table table, qint64 from, qint64 to, std::optional<qint64> dayOffsetSeconds,
                          Error *error)
{
    const bool rollup = table != Table::Raw && table != Table::AttrHourEvents;
    // rollup_attr has one row per (dimension, hour, value) already, and grouping them by value or day in
    // SQL sorts them all (its key leads with the hour); so would rollup_user's (651 k rows for 10 M events
    // over 30 days); SQLite groups events by sorting them, too (7 of the 9.6 s of a month by feature and
    // user). All three are added up in C++ instead, in a hash of the groups.
    const bool groupInSql = table == Table::Rollup || table == Table::OtherHours || table == Table::Quarter;
    // rollup_attr holds the value of its one dimension in `value`, '' for none; in OtherHours it is none.
    const auto column = [&](Dimension d) {
        if (d == m_attr && (table == Table::Attr || table == Table::AttrSplit))
            return QStringLiteral("value");
        if (d == m_attr && table == Table::OtherHours)
            return QStringLiteral("NULL");
        return info(d).column.toString();
    };
    QStringList selected;
    for (Dimension d : std::as_const(m_columns))
        selected.append(column(d));
    QStringList grouped = selected;
    if (m_needTime) {
        // Floor division: SQLite's rounds towards zero.
        // rollup_user_day is read for UTC days only (selectHours): its day is the bucket.
        const QString bucket =
            table == Table::UserDayRollup ? QStringLiteral("day")
            : table == Table::Quarter     ? QStringLiteral("quarter")
            : table == Table::AttrSplit   ? QStringLiteral("hour")
            : dayOffsetSeconds
                ? QStringLiteral("(CASE WHEN hour * 3600 + %1 >= 0 THEN (hour * 3600 + %1) / 86400 "
                                 "ELSE (hour * 3600 + %1 + 1) / 86400 - 1 END)")
                      .arg(*dayOffsetSeconds)
            : rollup ? QStringLiteral("hour")
                     : QStringLiteral("(CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / %1 "
                                      "ELSE (ts_start_ns + 1) / %1 - 1 END)")
                           .arg(m_bucketSeconds * Time::kNanosPerSecond);
        selected.append(bucket);
        grouped.append(bucket);
    }
    // Per row: a rollup_attr row's sums, an event's own figures, or rollup_hourly's sums of a group.
    selected.append(table == Table::Attr || table == Table::AttrSplit || table == Table::UserRollup ||
                            table == Table::UserDayRollup || table == Table::SessionRollup
                        ? QString::fromLatin1(kSumColumns)
                    : !rollup ? QStringLiteral("1, input_tokens, output_tokens, cache_read_tokens, "
                                               "cache_write_tokens, cost_micros, cost_source = 'unpriced'")
                              : QString::fromLatin1(kSumOfColumns));

    const auto filterValues = [&](Dimension d) {
        QStringList values;
        for (const ReportFilter &f : m_query.filters) {
            if (f.dimension == d && !values.contains(f.value))
                values.append(f.value);
        }
        return values;
    };
    QString sql;
    QVariantList binds;
    bool filtersApplied = false; // in the FROM clause already
    switch (table) {
    case Table::Rollup:
    case Table::UserRollup:
        sql = u"SELECT " + selected.join(u", ") + u" FROM " +
              (table == Table::Rollup ? u"rollup_hourly" : u"rollup_user") + u" WHERE hour >= ? AND hour < ?";
        binds << from << to;
        break;
    case Table::UserDayRollup:
        sql = u"SELECT " + selected.join(u", ") + u" FROM rollup_user_day WHERE day >= ? AND day < ?";
        binds << from << to;
        break;
    case Table::SessionRollup: {
        // One search of the key per hour, so that a filter on features searches (hour, feature) in each, and
        // one on users (none not among them) rollup_session_user's (hour, user), rather than reading every
        // row of the range (a month of 10 M events has 1.5 M rows). SQLite prefers the key unless told.
        const QStringList users = filterValues(Dimension::User);
        const bool byUser =
            !users.isEmpty() && !users.contains(QString()) && filterValues(Dimension::Feature).isEmpty();
        const SqlPart span =
            hourSpan(QStringLiteral("hours"), QStringLiteral("rollup_session"), {}, from, to);
        sql = u"WITH RECURSIVE " + span.sql + u" SELECT " + selected.join(u", ") +
              u" FROM hours CROSS JOIN rollup_session" + (byUser ? u" INDEXED BY rollup_session_user" : u"") +
              u" WHERE hour = hours.h";
        binds << span.binds;
        break;
    }
    case Table::Quarter:
        sql = u"SELECT " + selected.join(u", ") + u" FROM rollup_quarter WHERE quarter >= ? AND quarter < ?";
        binds << from << to;
        break;
    case Table::Attr:
    case Table::AttrSplit: {
        const QString dimension = dimensionName(*m_attr);
        const QStringList values = filterValues(*m_attr);
        QString with;
        QString source;
        QVariantList sourceBinds;
        if (values.isEmpty()) {
            source = QStringLiteral("rollup_attr WHERE dimension = ? AND hour >= ? AND hour < ?");
            sourceBinds << dimension << from << to;
        } else {
            // A few values ('' for none): a point lookup on the key per hour and value, rather than a search
            // of every value's rows in the range (a month has a million session rows).
            const SqlPart span = attrSpan(dimension, from, to);
            with = u"WITH RECURSIVE " + span.sql + u' ';
            binds << span.binds;
            source =
                u"attr_span CROSS JOIN rollup_attr ON dimension = ? AND hour = attr_span.h AND value IN (" +
                QStringList(values.size(), QStringLiteral("?")).join(u", ") + u')';
            sourceBinds << dimension;
            for (const QString &v : std::as_const(values))
                sourceBinds << v;
            filtersApplied = true;
        }
        if (table == Table::Attr) {
            sql = with + u"SELECT " + selected.join(u", ") + u" FROM " + source;
            binds << sourceBinds;
            break;
        }
        // Each row's sums and its first half or quarter hour's, split in two below.
        sql = with + u"SELECT " + selected.join(u", ") + u", " + QLatin1String(firstPartColumns()) +
              u" FROM " + source;
        binds << sourceBinds;
        break;
    }
    case Table::AttrHourEvents: {
        // Hours with any value when none passes the filters (their calls without one are read here too),
        // else the hours of the filter's values.
        const QStringList values = nonePassesAttrFilters() ? QStringList() : filterValues(*m_attr);
        const SqlPart part = selectAttrHourEvents(selected.join(u", "), dimensionName(*m_attr), values,
                                                  from * Time::kNanosPerHour, to * Time::kNanosPerHour);
        sql = part.sql;
        binds << part.binds;
        break;
    }
    case Table::OtherHours: {
        const SqlPart part = selectOtherHours(selected.join(u", "), dimensionName(*m_attr), from, to);
        sql = part.sql;
        binds << part.binds;
        break;
    }
    case Table::Raw:
        // No index on session_id: a session's events are read in the hours it has calls in.
        if (const QStringList sessions = sessionFilterValues(filterValues(Dimension::Session));
            !sessions.isEmpty()) {
            const SqlPart part = selectSessionEvents(selected.join(u", "), from, to, sessions);
            sql = part.sql;
            binds << part.binds;
        } else {
            sql = u"SELECT " + selected.join(u", ") +
                  u" FROM usage_events WHERE ts_start_ns >= ? AND ts_start_ns < ?";
            binds << from << to;
        }
        break;
    }
    // Filters on one dimension are OR-ed, on different dimensions AND-ed. An empty value means "none".
    for (const DimensionInfo &dim : kDimensions) {
        if (isTime(dim.dimension) || filtersApplied)
            continue; // day and hour apply to the computed keys below
        QStringList alternatives;
        bool none = false;
        QStringList values;
        for (const ReportFilter &f : m_query.filters) {
            if (f.dimension != dim.dimension)
                continue;
            if (f.value.isEmpty())
                none = true;
            else
                values.append(f.value);
        }
        const QString name = column(dim.dimension);
        if (none)
            alternatives.append(name + u" IS NULL OR " + name + u" = ''");
        if (!values.isEmpty()) {
            QStringList marks(values.size(), QStringLiteral("?"));
            alternatives.append(name + u" IN (" + marks.join(u", ") + u')');
            for (const QString &v : std::as_const(values))
                binds.append(v);
        }
        if (!alternatives.isEmpty())
            sql += u" AND (" + alternatives.join(u" OR ") + u')';
    }
    if (groupInSql && !grouped.isEmpty())
        sql += u" GROUP BY " + grouped.join(u", ");

    sqlite3 *db = Sqlite::handle(m_db);
    Sqlite::Statement statement;
    Sqlite::Result result =
        db ? statement.prepare(db, sql.toUtf8().constData()) : Sqlite::Result{SQLITE_MISUSE, QString()};
    for (qsizetype i = 0; result.ok() && i < binds.size(); ++i) {
        const QVariant &v = binds.at(i);
        const int rc = v.typeId() == QMetaType::QString
                           ? sqlite3_bind_text16(statement.get(), int(i + 1), v.toString().utf16(),
                                                 int(v.toString().size() * 2), SQLITE_TRANSIENT)
                           : sqlite3_bind_int64(statement.get(), int(i + 1), v.toLongLong());
        if (rc != SQLITE_OK)
            result = Sqlite::failure(db, rc);
    }

    sqlite3_stmt *stmt = statement.get();
    const int bucketAt = int(m_columns.size());
    const int sumsAt = bucketAt + (m_needTime ? 1 : 0);
    // Where each grouped dimension's key comes from: a text column, or the bucket's day or hour key.
    QList<int> columnOf;
    for (Dimension d : m_query.groupBy)
        columnOf.append(isTime(d) ? -1 : int(m_columns.indexOf(d)));
    // Per time bucket: the ids of its day and hour keys, and whether it passes the day and hour filters.
    struct Bucket
    {
        int day = 0, hour = 0;
        bool keep = true;
    };
    QHash<qint64, Bucket> buckets;
    std::optional<std::pair<qint64, Bucket>> lastBucket; // rollup rows come in hour order
    const auto bucketOf = [&](qint64 bucket) {
        if (lastBucket && lastBucket->first == bucket)
            return lastBucket->second;
        auto it = buckets.find(bucket);
        if (it == buckets.end()) {
            const qint64 bucketStart = bucket * (table == Table::Quarter     ? 900
                                                 : table == Table::AttrSplit ? m_splitSeconds
                                                 : rollup                    ? 3600
                                                                             : m_bucketSeconds);
            // A day bucket has no hour key (m_needHour is false then).
            const auto timeKey = [&](Dimension td) {
                return dayOffsetSeconds ? dayKey(bucket) : this->timeKey(bucketStart, td);
            };
            Bucket computed;
            // Day and hour filters apply to the computed keys; filters on one of them are OR-ed.
            for (Dimension td : {Dimension::Day, Dimension::Hour}) {
                bool filtered = false;
                bool matched = false;
                for (const ReportFilter &f : m_query.filters) {
                    if (f.dimension == td) {
                        filtered = true;
                        matched = matched || f.value == timeKey(td);
                    }
                }
                computed.keep = computed.keep && (!filtered || matched);
            }
            computed.day = internTime(timeKey(Dimension::Day));
            computed.hour = m_needHour ? internTime(timeKey(Dimension::Hour)) : 0;
            it = buckets.insert(bucket, computed);
        }
        lastBucket = {bucket, *it};
        return *it;
    };
    // Split rows by hour and value for the heap (m_streamTop): a local hour is the rest of one UTC hour and
    // the first part of the next, so a value's rest waits for the next hour's row of that value. The first
    // part of the first hour and the rest of the last share their local hours with the edges' events, and go
    // to group() instead.
    struct Part
    {
        int hour = 0; // the local hour's key
        Sums sums;
    };
    // Value -> its rest of the hour before the one being read, and of that one.
    QHash<int, Part> restBefore, restNow;
    qint64 hourNow = std::numeric_limits<qint64>::min();
    const auto offerAll = [&](QHash<int, Part> &parts) {
        for (auto it = parts.cbegin(); it != parts.cend(); ++it)
            offerTop(it->hour, it->sums, [&] { return it.key(); });
        parts.clear();
    };
    GroupKey key(m_query.groupBy.size());
    // Adds a row's sums to its group in a time bucket (none without m_needTime); the text keys are in `key`.
    const auto add = [&](qint64 bucket, const Sums &sums) {
        if (sums.calls == 0)
            return; // an aggregate without GROUP BY over no rows, or a half hour without calls
        const Bucket b = m_needTime ? bucketOf(bucket) : Bucket();
        if (!b.keep)
            return;
        for (qsizetype i = 0; i < columnOf.size(); ++i) {
            if (columnOf.at(i) < 0)
                key[i] = m_query.groupBy.at(i) == Dimension::Day ? b.day : b.hour;
        }
        group(key).add(sums);
    };
    while (result.ok()) {
        const int rc = sqlite3_step(stmt);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            result = Sqlite::failure(db, rc);
            break;
        }
        if (sqlite3_column_int64(stmt, sumsAt) == 0)
            continue;
        if (m_streamTop && table == Table::Attr) { // groupBy is {hour, m_attr}: column 0 is the value
            const Bucket b = bucketOf(sqlite3_column_int64(stmt, bucketAt));
            if (b.keep)
                offerTop(b.hour, Sums::read(stmt, sumsAt), [&] { return internText(stmt, 0); });
            continue;
        }
        for (qsizetype i = 0; i < columnOf.size(); ++i) {
            if (const int c = columnOf.at(i); c >= 0)
                key[i] = internText(stmt, c);
        }
        const qint64 bucket = m_needTime ? sqlite3_column_int64(stmt, bucketAt) : 0;
        const Sums sums = Sums::read(stmt, sumsAt);
        if (table != Table::AttrSplit) {
            add(bucket, sums);
            continue;
        }
        // A rollup_attr row split: its first half or quarter hour, then the rest of its hour.
        const Sums first = Sums::read(stmt, sumsAt + kSumCount);
        Sums rest = sums;
        rest.add(first, -1);
        const qint64 parts = 3600 / m_splitSeconds;
        const bool firstToGroup = !m_streamTop || bucket == from;
        const bool restToGroup = !m_streamTop || bucket == to - 1;
        if (firstToGroup)
            add(bucket * parts, first);
        if (restToGroup)
            add(bucket * parts + 1, rest);
        if (!m_streamTop)
            continue;
        if (bucket != hourNow) {
            offerAll(restBefore); // rests no row of this hour took
            if (bucket == hourNow + 1)
                restBefore.swap(restNow);
            else
                offerAll(restNow);
            hourNow = bucket;
        }
        const int value = key[1]; // groupBy is {hour, m_attr}
        const Bucket firstBucket = bucketOf(bucket * parts);
        Part whole{firstBucket.hour, firstToGroup ? Sums() : first};
        if (const auto before = restBefore.constFind(value); before != restBefore.cend()) {
            Q_ASSERT(before->hour == whole.hour);
            whole.sums.add(before->sums);
            restBefore.erase(before);
        }
        if (firstBucket.keep && whole.sums.calls != 0)
            offerTop(whole.hour, whole.sums, [&] { return value; });
        const Bucket restBucket = bucketOf(bucket * parts + 1);
        if (!restToGroup && restBucket.keep && rest.calls != 0)
            restNow.insert(value, {restBucket.hour, rest});
    }
    offerAll(restBefore);
    offerAll(restNow);
    if (!result.ok()) {
        if (error)
            *error = Sqlite::databaseError(m_db.databaseName(), result.code, result.message);
        return false;
    }
    return true;
}

int ReportRunner::internText(sqlite3_stmt *stmt, int column)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, column));
    const int size = sqlite3_column_bytes(stmt, column);
    if (!text || size == 0)
        return 0; // none
    // Rows in key order often repeat the row before's value (rollup_session's rows of a feature, of a session
    // in an hour); else looked up without a copy, as most rows repeat a value seen before.
    if (m_lastTextIds.size() <= column)
        m_lastTextIds.resize(column + 1, 0);
    int &last = m_lastTextIds[column];
    if (last != 0) {
        const QByteArrayView before = m_ids.text(last);
        if (before.size() == size && std::memcmp(before.data(), text, size_t(size)) == 0)
            return last;
    }
    last = m_ids.intern(text, size);
    return last;
}

Sums &ReportRunner::group(const GroupKey &key)
{
    if (key.size() == 1) { // a vector look-up instead of a hash: a month has 834 k sessions
        if (size_t(key.first()) >= m_groupOfId.size())
            m_groupOfId.resize(std::max(size_t(m_ids.count()), size_t(key.first()) + 1), 0);
        int &index = m_groupOfId[size_t(key.first())];
        if (index == 0) {
            m_groups.append(key);
            index = int(m_groups.size());
        }
        return m_groups[size_t(index - 1)].sums;
    }
    if (key.size() == 2) { // a hash of one integer rather than of an array: day by session
        const quint64 pair = quint64(quint32(key.at(0))) << 32 | quint32(key.at(1));
        const int index = m_pairIndex.findOrInsert(pair, int(m_groups.size()));
        return size_t(index) == m_groups.size() ? m_groups.append(key).sums : m_groups[size_t(index)].sums;
    }
    const auto it = m_groupIndex.constFind(key);
    if (it != m_groupIndex.cend())
        return m_groups[size_t(*it)].sums;
    m_groupIndex.insert(key, int(m_groups.size()));
    return m_groups.append(key).sums;
}

const QString &ReportRunner::keyText(int id) const
{
    QString &text = m_keyTexts[id]; // sized by sortedRows
    if (text.isNull() && id != 0)
        text = QString::fromUtf8(m_ids.text(id));
    return text;
}

int ReportRunner::internTime(const QString &key)
{
    auto it = m_timeIds.find(key);
    if (it == m_timeIds.end()) {
        const QByteArray utf8 = key.toUtf8(); // a value of the same text shares its id, harmlessly
        it = m_timeIds.insert(key, m_ids.intern(utf8.constData(), utf8.size()));
    }
    return *it;
}

const QString &ReportRunner::timeKey(qint64 bucketStartSeconds, Dimension d)
{
    auto it = m_timeKeys.find(bucketStartSeconds);
    if (it == m_timeKeys.end()) {
        const QDateTime local = QDateTime::fromSecsSinceEpoch(bucketStartSeconds, m_query.zone);
        it = m_timeKeys.insert(bucketStartSeconds, {local.toString(QStringLiteral("yyyy-MM-dd")),
                                                    local.toString(QStringLiteral("yyyy-MM-dd'T'HH:00"))});
    }
    return d == Dimension::Day ? it->first : it->second;
}

const QString &ReportRunner::dayKey(qint64 localDay)
{
    auto it = m_dayKeys.find(localDay);
    if (it == m_dayKeys.end()) {
        constexpr qint64 kJulianDayOf1970 = 2440588;
        it = m_dayKeys.insert(
            localDay,
            QDate::fromJulianDay(kJulianDayOf1970 + localDay).toString(QStringLiteral("yyyy-MM-dd")));
    }
    return *it;
}

bool ReportRunner::nonePassesAttrFilters() const
{
    bool filtered = false;
    for (const ReportFilter &f : m_query.filters) {
        if (f.dimension == m_attr && f.value.isEmpty())
            return true;
        filtered = filtered || f.dimension == m_attr;
    }
    return !filtered;
}

bool ReportRunner::keysBefore(const GroupKey &a, const GroupKey &b) const
{
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i) != b.at(i)) { // UTF-8 bytes: code point order
            const int c = m_ids.text(a.at(i)).compare(m_ids.text(b.at(i)));
            if (c != 0)
                return c < 0;
        }
    }
    return false;
}

void ReportRunner::offerTop(int hour, const Sums &sums, const std::function<int()> &value)
{
    const size_t limit = size_t(m_query.limit);
    // Below the lowest of a full heap: summed without looking its value up.
    if (m_top.size() == limit && sums.costMicros < m_top.front().sums.costMicros)
        return addBelowTop(hour, sums);
    const Group offered{GroupKey{hour, value()}, sums};
    const auto lower = [&](const Group &a, const Group &b) { return higher(a, b); }; // the lowest on top
    if (m_top.size() < limit) {
        m_top.push_back(offered);
        std::push_heap(m_top.begin(), m_top.end(), lower);
    } else if (higher(offered, m_top.front())) {
        std::pop_heap(m_top.begin(), m_top.end(), lower);
        addBelowTop(m_top.back().key.first(), m_top.back().sums);
        m_top.back() = offered;
        std::push_heap(m_top.begin(), m_top.end(), lower);
    } else {
        addBelowTop(hour, sums);
    }
}

void ReportRunner::addBelowTop(int hour, const Sums &sums)
{
    std::pair<Sums, qint64> &below = m_belowTop[hour];
    below.first.add(sums);
    ++below.second;
}

QList<ReportRow> ReportRunner::sortedRows() const
{
    m_keyTexts.resize(m_ids.count());
    // Chronological order compares the ranks of the day and hour keys (a few hundred), computed once.
    QList<QString> timeKeys = m_timeIds.keys();
    std::sort(timeKeys.begin(), timeKeys.end());
    std::vector<int> timeRank(size_t(m_ids.count()), 0);
    for (qsizetype i = 0; i < timeKeys.size(); ++i)
        timeRank[size_t(m_timeIds.value(timeKeys.at(i)))] = int(i);
    const auto higher = [&](const Group *a, const Group *b) { return this->higher(*a, *b); };
    const bool chronological = !m_query.groupBy.isEmpty() && isTime(m_query.groupBy.first());
    const auto before = [&](const Group *a, const Group *b) {
        if (chronological && a->key.first() != b->key.first())
            return timeRank[size_t(a->key.first())] < timeRank[size_t(b->key.first())];
        return higher(a, b);
    };
    std::vector<const Group *> groups;
    groups.reserve(m_groups.size());
    for (size_t i = 0; i < m_groups.size(); ++i)
        groups.push_back(&m_groups[i]);

    // Beyond the limit, the rest by cost is summed into one row per first key that is a day or hour, or
    // per first key at all when there are no more of them than the limit (feature × session: six
    // features), else per first key among the top groups', so that those totals (a chart's bars, days)
    // stay whole; the rest of the rest into one row (key -1: a month by session, then day, has 82 k more
    // sessions).
    QList<GroupKey> otherKeys;
    QHash<GroupKey, std::pair<Sums, qint64>> others; // per first key: the sums and how many groups
    const auto addOther = [&](const GroupKey &key, const Sums &sums, qint64 groups) {
        auto other = others.find(key);
        if (other == others.end()) {
            other = others.insert(key, {});
            otherKeys.append(key);
        }
        other->first.add(sums);
        other->second += groups;
    };
    if (m_query.limit > 0 && groups.size() > size_t(m_query.limit)) {
        // m_unlisted's groups are below these.
        std::nth_element(groups.begin(), groups.begin() + m_query.limit, groups.end(), higher);
        QSet<int> ownFirstKeys;
        for (auto it = groups.begin(); it != groups.end() && ownFirstKeys.size() <= m_query.limit; ++it)
            ownFirstKeys.insert((*it)->key.first());
        if (ownFirstKeys.size() > m_query.limit) {
            ownFirstKeys.clear();
            for (auto it = groups.begin(); it != groups.begin() + m_query.limit; ++it)
                ownFirstKeys.insert((*it)->key.first());
        }
        for (auto it = groups.begin() + m_query.limit; it != groups.end(); ++it) {
            GroupKey key((*it)->key.size(), 0);
            const int first = (*it)->key.first();
            key[0] = key.size() > 1 && (chronological || ownFirstKeys.contains(first)) ? first : -1;
            addOther(key, (*it)->sums, 1);
        }
        groups.resize(size_t(m_query.limit));
    }
    for (auto it = m_unlisted.cbegin(); it != m_unlisted.cend(); ++it)
        addOther(it.key(), it->first, it->second);
    std::sort(groups.begin(), groups.end(), before);
    std::sort(otherKeys.begin(), otherKeys.end(), [&](const GroupKey &a, const GroupKey &b) {
        if (a.first() < 0 || b.first() < 0)
            return b.first() < 0 && a.first() >= 0; // the rest of all first keys last
        if (chronological)
            return timeRank[size_t(a.first())] < timeRank[size_t(b.first())];
        const qint64 x = others.value(a).first.costMicros, y = others.value(b).first.costMicros;
        return x != y ? x > y : keysBefore(a, b);
    });

    QList<ReportRow> rows;
    rows.reserve(qsizetype(groups.size()) + otherKeys.size());
    const auto append = [&](const GroupKey &key, const Sums &s, qint64 otherGroups) {
        QStringList keys;
        keys.reserve(key.size());
        for (int id : key)
            keys.append(id > 0 ? keyText(id) : QString());
        rows.append({keys, s.calls, s.inputTokens, s.outputTokens, s.cacheReadTokens, s.cacheWriteTokens,
                     s.costMicros, s.unpricedCalls, otherGroups, otherGroups > 0 && key.first() < 0});
    };
    for (const Group *g : groups)
        append(g->key, g->sums, 0);
    for (const GroupKey &key : std::as_const(otherKeys))
        append(key, others.value(key).first, others.value(key).second);
    return rows;
}

} // namespace

QString dimensionName(Dimension d)
{
    return info(d).name.toString();
}

std::optional<Dimension> dimensionFromName(QStringView name)
{
    for (const DimensionInfo &dim : kDimensions) {
        if (dim.name == name)
            return dim.dimension;
    }
    return std::nullopt;
}

QStringList dimensionNames()
{
    QStringList names;
    for (const DimensionInfo &dim : kDimensions)
        names.append(dim.name.toString());
    return names;
}

std::optional<QList<ReportRow>> runReport(const QSqlDatabase &db, const ReportQuery &query, Error *error)
{
    return ReportRunner(db, query).run(error);
}

namespace {

constexpr const char *kSumFields[] = {
    "calls",    "input_tokens",  "output_tokens", "cache_read_tokens", "cache_write_tokens",
    "cost_usd", "unpriced_calls"};

QStringList fieldNames(const QList<Dimension> &groupBy)
{
    QStringList names;
    for (Dimension d : groupBy)
        names << dimensionName(d);
    for (const char *field : kSumFields)
        names << QString::fromLatin1(field);
    return names;
}

QStringList sumValues(const ReportRow &r)
{
    return {QString::number(r.calls),
            QString::number(r.inputTokens),
            QString::number(r.outputTokens),
            QString::number(r.cacheReadTokens),
            QString::number(r.cacheWriteTokens),
            Money::toDecimalString(r.costMicros),
            QString::number(r.unpricedCalls)};
}

QString jsonString(const QString &s)
{
    const QByteArray doc = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(doc.mid(1, doc.size() - 2));
}

QString csvField(const QString &s)
{
    if (!s.contains(u',') && !s.contains(u'"') && !s.contains(u'\n') && !s.contains(u'\r'))
        return s;
    QString quoted = s;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

} // namespace

QByteArray reportJson(const QList<Dimension> &groupBy, const QList<ReportRow> &rows)
{
    const QStringList names = fieldNames(groupBy);
    QString out = QStringLiteral("[");
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const ReportRow &r = rows.at(i);
        QStringList values;
        for (const QString &key : r.keys)
            values << (key.isNull() ? QStringLiteral("null") : jsonString(key));
        values << sumValues(r);
        QStringList fields;
        for (qsizetype f = 0; f < names.size() && f < values.size(); ++f)
            fields << jsonString(names.at(f)) + u": " + values.at(f);
        out += (i ? u",\n {" : u"\n {") + fields.join(u", ") + u'}';
    }
    out += rows.isEmpty() ? u"]\n" : u"\n]\n";
    return out.toUtf8();
}

QByteArray reportCsv(const QList<Dimension> &groupBy, const QList<ReportRow> &rows)
{
    QString out = fieldNames(groupBy).join(u',') + u"\r\n";
    for (const ReportRow &r : rows) {
        QStringList fields;
        for (const QString &key : r.keys)
            fields << csvField(key);
        fields << sumValues(r);
        out += fields.join(u',') + u"\r\n";
    }
    return out.toUtf8();
}

} // namespace Burnrate::Storage
