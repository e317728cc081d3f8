#include "storagewriter.h"

#include "calls.h"
#include "common/logging.h"
#include "common/timeutil.h"
#include "database.h"
#include "eventkey.h"
#include "sqliteutil.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSet>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <limits>
#include <mutex>
#include <optional>

namespace Burnrate::Storage {

namespace {

// Batches queued while a transaction runs are joined up to this many events per transaction: large
// enough to amortize the commit, small enough that one transaction does not hold the lock for long.
constexpr qsizetype kMaxEventsPerTransaction = 20'000;

constexpr const char *kInsertEventSql = R"sql(
INSERT INTO usage_events(event_id, source, ts_start_ns, ts_end_ns, provider, model, model_requested, operation,
    input_tokens, output_tokens, reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros,
    cost_source, agent_id, agent_name, task_id, feature, user_id, session_id, tags, trace_id, span_id,
    parent_span_id, response_id, latency_ms, ttft_ms, error, error_type, service_name, environment, content,
    event_key)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
    ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34)
ON CONFLICT(ts_start_ns, event_key) DO NOTHING
)sql";
// ON CONFLICT(…) rather than INSERT OR IGNORE: only a re-delivered event is skipped; any other
// constraint failure is an error instead of a silently dropped row.

// The end of every rollup upsert (prepare() appends it): the row's stored sums plus the new ones.
constexpr const char *kAddExcludedSumsSql = R"sql(
    calls = calls + excluded.calls,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
    cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
    cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
    cost_micros = cost_micros + excluded.cost_micros,
    unpriced_calls = unpriced_calls + excluded.unpriced_calls,
    error_calls = error_calls + excluded.error_calls
)sql";

QByteArray upsertSql(const char *head)
{
    return QByteArray(head) + kAddExcludedSumsSql;
}

constexpr const char *kUpsertRollupSql = R"sql(
INSERT INTO rollup_hourly(hour, provider, model, feature, agent_id, calls, input_tokens, output_tokens,
    reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
ON CONFLICT(hour, provider, model, feature, agent_id) DO UPDATE SET
)sql";

// rollup_hourly by quarter hour (schema v13): ?1 is the quarter.
constexpr const char *kUpsertQuarterRollupSql = R"sql(
INSERT INTO rollup_quarter(quarter, provider, model, feature, agent_id, calls, input_tokens, output_tokens,
    reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
ON CONFLICT(quarter, provider, model, feature, agent_id) DO UPDATE SET
)sql";

// A minute's bounds (schema v16) widened by the transaction's calls: ?1 is the minute.
constexpr const char *kUpsertMinuteBoundsSql = R"sql(
INSERT INTO minute_bounds(minute, min_id, max_id, min_cost, max_cost, min_tokens, max_tokens, min_latency,
    max_latency)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT(minute) DO UPDATE SET
    min_id = min(min_id, excluded.min_id), max_id = max(max_id, excluded.max_id),
    min_cost = min(min_cost, excluded.min_cost), max_cost = max(max_cost, excluded.max_cost),
    min_tokens = min(min_tokens, excluded.min_tokens), max_tokens = max(max_tokens, excluded.max_tokens),
    min_latency = min(min_latency, excluded.min_latency), max_latency = max(max_latency, excluded.max_latency)
)sql";

// rollup_hourly by user as well (schema v9): ?15 is the user ('' for none).
constexpr const char *kUpsertUserRollupSql = R"sql(
INSERT INTO rollup_user(hour, provider, model, feature, agent_id, calls, input_tokens, output_tokens,
    reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls, user_id)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
ON CONFLICT(hour, user_id, provider, model, feature, agent_id) DO UPDATE SET
)sql";

// rollup_hourly by session and user as well (schema v18): ?15 is the user, ?16 the session ('' for none).
constexpr const char *kUpsertSessionRollupSql = R"sql(
INSERT INTO rollup_session(hour, provider, model, feature, agent_id, calls, input_tokens, output_tokens,
    reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls, user_id,
    session_id)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
ON CONFLICT(hour, feature, session_id, agent_id, provider, model, user_id) DO UPDATE SET
)sql";

// rollup_user by UTC day (schema v10), for the days before rollup_user_day_end: ?1 is the day.
constexpr const char *kUpsertUserDayRollupSql = R"sql(
INSERT INTO rollup_user_day(day, provider, model, feature, agent_id, calls, input_tokens, output_tokens,
    reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls, user_id)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
ON CONFLICT(day, user_id, provider, model, feature, agent_id) DO UPDATE SET
)sql";

// A session's links (rollup_session_day.prev_day) from its rows: the session's latest earlier day.
#define BURNRATE_RELINK_SESSION_DAYS                                                                         \
    "UPDATE rollup_session_day SET prev_day = (SELECT max(p.day) FROM rollup_session_day p "                 \
    "WHERE p.session_id = rollup_session_day.session_id AND p.day < rollup_session_day.day) "

// session_day_totals from rollup_session_day, for the days the statement selects.
#define BURNRATE_TOTAL_SESSION_DAYS                                                                          \
    "INSERT INTO session_day_totals SELECT day, count(*), sum(calls), sum(input_tokens), "                   \
    "sum(output_tokens), "                                                                                   \
    "sum(reasoning_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), "             \
    "sum(unpriced_calls), sum(error_calls) FROM rollup_session_day "

// A day row's first start and last end from its session's hour rows (columns prefixed by `a`): unknown
// (NULL) when any hour's is, since a known span must cover every call (day × session outside UTC splits
// rows by it).
#define BURNRATE_DAY_SPAN(a)                                                                                 \
    "CASE WHEN count(" a "first_ns) = count(*) THEN min(" a "first_ns) END, "                                \
    "CASE WHEN count(" a "last_ns) = count(*) THEN max(" a "last_ns) END"

// The days that are over join rollup_user_day and rollup_session_day: the rollup_user and rollup_attr rows
// of the days ?1 <= day < ?2, which have none there yet; with ?1 NULL (no end stored) every day before ?2,
// in place of whatever is there. The day expression is floor(hour / 24), as in C++. Only the new rows get
// links: the earlier ones cannot link to a later day. The lower bounds are written so that SQLite searches
// the key from them (`?1 IS NULL OR …` read every row from the first).
constexpr const char *kAddDaysSql[] = {
    "DELETE FROM rollup_user_day WHERE ?1 IS NULL",
    R"sql(INSERT INTO rollup_user_day
    SELECT CASE WHEN hour >= 0 THEN hour / 24 ELSE (hour + 1) / 24 - 1 END, user_id, provider, model, feature,
        agent_id, sum(calls), sum(input_tokens), sum(output_tokens), sum(reasoning_tokens),
        sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), sum(unpriced_calls),
        sum(error_calls)
    FROM rollup_user WHERE hour >= coalesce(?1 * 24, -9223372036854775807 - 1) AND hour < ?2 * 24
    GROUP BY 1, 2, 3, 4, 5, 6)sql",
    "DELETE FROM rollup_session_day WHERE ?1 IS NULL",
    R"sql(INSERT INTO rollup_session_day(day, session_id, calls, input_tokens, output_tokens, reasoning_tokens,
        cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls, first_ns, last_ns,
        agents)
    SELECT CASE WHEN hour >= 0 THEN hour / 24 ELSE (hour + 1) / 24 - 1 END, value, sum(calls),
        sum(input_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cache_read_tokens),
        sum(cache_write_tokens), sum(cost_micros), sum(unpriced_calls), sum(error_calls),
        )sql" BURNRATE_DAY_SPAN("") R"sql(, burnrate_agents(agents)
    FROM rollup_attr WHERE dimension = 'session' AND hour >= coalesce(?1 * 24, -9223372036854775807 - 1)
        AND hour < ?2 * 24
    GROUP BY 1, 2)sql",
    BURNRATE_RELINK_SESSION_DAYS "WHERE day >= coalesce(?1, -9223372036854775807 - 1) AND day < ?2",
    "DELETE FROM session_day_totals WHERE ?1 IS NULL",
    BURNRATE_TOTAL_SESSION_DAYS
    "WHERE day >= coalesce(?1, -9223372036854775807 - 1) AND day < ?2 GROUP BY day",
    "INSERT OR REPLACE INTO meta(key, value) VALUES('rollup_user_day_end', ?2)",
};

// A session row's first start and last end widen to the change's new calls (none: NULL), and stay unknown
// (NULL) when they are, since calls of unknown times may lie outside the new ones; its agents are the union
// of the stored set and the change's (rollup_attr and rollup_session_day).
#define BURNRATE_MERGE_SESSION_SPAN                                                                          \
    "first_ns = min(first_ns, coalesce(excluded.first_ns, first_ns)), "                                      \
    "last_ns = max(last_ns, coalesce(excluded.last_ns, last_ns)), "                                          \
    "agents = CASE WHEN excluded.agents = '' OR excluded.agents = agents THEN agents "                       \
    "WHEN agents = '' THEN excluded.agents "                                                                 \
    "ELSE (SELECT json_group_array(value) FROM (SELECT value FROM json_each(agents) "                        \
    "UNION SELECT value FROM json_each(excluded.agents))) END, "

// rollup_session_day's late calls and re-attributions (days before the end): ?1 day, ?2 session, ?12-?14
// as in rollup_attr's. Returns the row's calls: the change's own when the row is new.
constexpr const char *kUpsertSessionDaySql = R"sql(
INSERT INTO rollup_session_day(day, session_id, calls, input_tokens, output_tokens, reasoning_tokens,
    cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls, first_ns, last_ns, agents)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
ON CONFLICT(day, session_id) DO UPDATE SET )sql" BURNRATE_MERGE_SESSION_SPAN;
constexpr const char *kDeleteEmptySessionDaySql =
    "DELETE FROM rollup_session_day WHERE day = ?1 AND session_id = ?2 AND calls <= 0";
constexpr const char *kRelinkSessionSql = BURNRATE_RELINK_SESSION_DAYS "WHERE session_id = ?1";
// A row that calls moved out of: its first start, last end and agents again from its session's rollup_attr
// rows of the day (an hour row the move emptied is gone), through the 24 keys rather than the day's rows.
constexpr const char *kRespanSessionDaySql = R"sql(
UPDATE rollup_session_day SET (first_ns, last_ns, agents) = (
    WITH RECURSIVE hours(hour) AS (SELECT ?1 * 24 UNION ALL SELECT hour + 1 FROM hours WHERE hour < ?1 * 24 + 23)
    SELECT )sql" BURNRATE_DAY_SPAN("a.") R"sql(, burnrate_agents(a.agents)
    FROM hours JOIN rollup_attr a ON a.dimension = 'session' AND a.hour = hours.hour AND a.value = ?2)
WHERE day = ?1 AND session_id = ?2
)sql";
// The same change to its day's totals: ?2 sessions added (or -1 for one deleted). A day's calls only move
// between sessions here (only clearing a source deletes calls), so no day is left without rows.
constexpr const char *kUpsertSessionDayTotalsSql = R"sql(
INSERT INTO session_day_totals(day, sessions, calls, input_tokens, output_tokens, reasoning_tokens,
    cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
ON CONFLICT(day) DO UPDATE SET sessions = sessions + excluded.sessions,
)sql";

// The user, task and session rollup (schema v6, v7), kept like rollup_hourly: ?1 dimension, ?2 hour,
// ?3 value. ?13/?14 (first start, last end) are NULL for sums moved by a re-attribution, which cannot
// narrow them; ?15 is the row's new agents as a JSON array or '', merged into the stored set; ?16-?22 the
// sums of the calls that start in the hour's first 30 minutes (schema v14), ?23-?29 in its first 15 (v15).
constexpr const char *kUpsertAttrSql = R"sql(
INSERT INTO rollup_attr(dimension, hour, value, calls, input_tokens, output_tokens, reasoning_tokens,
    cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls, first_ns, last_ns, agents,
    half_calls, half_input_tokens, half_output_tokens, half_cache_read_tokens, half_cache_write_tokens,
    half_cost_micros, half_unpriced_calls, quarter_calls, quarter_input_tokens, quarter_output_tokens,
    quarter_cache_read_tokens, quarter_cache_write_tokens, quarter_cost_micros, quarter_unpriced_calls)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23,
    ?24, ?25, ?26, ?27, ?28, ?29)
ON CONFLICT(dimension, hour, value) DO UPDATE SET )sql" BURNRATE_MERGE_SESSION_SPAN R"sql(
    half_calls = half_calls + excluded.half_calls,
    half_input_tokens = half_input_tokens + excluded.half_input_tokens,
    half_output_tokens = half_output_tokens + excluded.half_output_tokens,
    half_cache_read_tokens = half_cache_read_tokens + excluded.half_cache_read_tokens,
    half_cache_write_tokens = half_cache_write_tokens + excluded.half_cache_write_tokens,
    half_cost_micros = half_cost_micros + excluded.half_cost_micros,
    half_unpriced_calls = half_unpriced_calls + excluded.half_unpriced_calls,
    quarter_calls = quarter_calls + excluded.quarter_calls,
    quarter_input_tokens = quarter_input_tokens + excluded.quarter_input_tokens,
    quarter_output_tokens = quarter_output_tokens + excluded.quarter_output_tokens,
    quarter_cache_read_tokens = quarter_cache_read_tokens + excluded.quarter_cache_read_tokens,
    quarter_cache_write_tokens = quarter_cache_write_tokens + excluded.quarter_cache_write_tokens,
    quarter_cost_micros = quarter_cost_micros + excluded.quarter_cost_micros,
    quarter_unpriced_calls = quarter_unpriced_calls + excluded.quarter_unpriced_calls,)sql";

constexpr const char *kDeleteEmptyAttrSql =
    "DELETE FROM rollup_attr WHERE dimension = ?1 AND hour = ?2 AND value = ?3 AND calls <= 0";

// Trace spans: a re-delivered span (same start, trace and span id) is skipped. The key is the span's own,
// so OR IGNORE can only skip a re-delivery; NOT NULL columns are always bound.
constexpr const char *kInsertSpanSql = R"sql(
INSERT OR IGNORE INTO trace_spans(ts_start_ns, trace_id, span_id, parent_span_id, ts_end_ns, kind, name,
    agent_id, session_id, error)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
)sql";

constexpr const char *kUpdateSpanSql = R"sql(
UPDATE trace_spans SET agent_id = ?4, session_id = ?5 WHERE ts_start_ns = ?1 AND trace_id = ?2 AND span_id = ?3
)sql";

// An attribution update reads the stored row's rollup key and sums, rewrites its attribution, and, when the
// key changed, moves the sums; a rollup row left with no calls is deleted.
constexpr const char *kReadEventSql = R"sql(
SELECT ts_start_ns, provider, model, feature, agent_id, input_tokens, output_tokens, reasoning_tokens,
    cache_read_tokens, cache_write_tokens, cost_micros, cost_source = 'unpriced', error <> 0, user_id, task_id,
    session_id, ts_end_ns
FROM usage_events WHERE ts_start_ns = ?2 AND event_key = ?1
)sql";

constexpr const char *kUpdateAttributionSql = R"sql(
UPDATE usage_events SET agent_id = ?2, agent_name = ?3, task_id = ?4, feature = ?5, user_id = ?6, session_id = ?7,
    tags = ?8
WHERE ts_start_ns = ?9 AND event_key = ?1
)sql";

constexpr const char *kDeleteEmptyRollupSql = R"sql(
DELETE FROM rollup_hourly
WHERE hour = ?1 AND provider = ?2 AND model = ?3 AND feature = ?4 AND agent_id = ?5 AND calls <= 0
)sql";

constexpr const char *kDeleteEmptyQuarterRollupSql = R"sql(
DELETE FROM rollup_quarter
WHERE quarter = ?1 AND provider = ?2 AND model = ?3 AND feature = ?4 AND agent_id = ?5 AND calls <= 0
)sql";

constexpr const char *kDeleteEmptyUserRollupSql = R"sql(
DELETE FROM rollup_user WHERE hour = ?1 AND user_id = ?6 AND provider = ?2 AND model = ?3 AND feature = ?4
    AND agent_id = ?5 AND calls <= 0
)sql";

constexpr const char *kDeleteEmptySessionRollupSql = R"sql(
DELETE FROM rollup_session WHERE hour = ?1 AND feature = ?4 AND agent_id = ?5 AND session_id = ?7
    AND provider = ?2 AND model = ?3 AND user_id = ?6 AND calls <= 0
)sql";

constexpr const char *kDeleteEmptyUserDayRollupSql = R"sql(
DELETE FROM rollup_user_day WHERE day = ?1 AND user_id = ?6 AND provider = ?2 AND model = ?3 AND feature = ?4
    AND agent_id = ?5 AND calls <= 0
)sql";

// 1 when the call starting at `ts` does so in its hour's first 30 minutes (rollup_attr.half_*), else 0; the
// same for the first 15 minutes (quarter_*).
#define BURNRATE_IN_FIRST_HALF(ts)                                                                           \
    "(CASE WHEN " ts " >= 0 THEN " ts " / 1800000000000 ELSE (" ts " + 1) / 1800000000000 - 1 END % 2 = 0)"
#define BURNRATE_IN_FIRST_QUARTER(ts)                                                                        \
    "(CASE WHEN " ts " >= 0 THEN " ts " / 900000000000 ELSE (" ts " + 1) / 900000000000 - 1 END % 4 = 0)"
// The sums of rollup_attr's half_* or quarter_* columns over events `e`, `in` saying which calls count.
#define BURNRATE_SPLIT_SUMS(in)                                                                              \
    "sum(" in "), sum(e.input_tokens * " in "), sum(e.output_tokens * " in "), "                             \
    "sum(e.cache_read_tokens * " in "), sum(e.cache_write_tokens * " in "), sum(e.cost_micros * " in "), "   \
    "sum((e.cost_source = 'unpriced') * " in ")"

// The events of the cleared hours, as `e` beside their hour `h`; and before that, a rollup row's sums of
// them.
#define BURNRATE_CLEARED_EVENTS                                                                              \
    " FROM temp.cleared_hours h JOIN usage_events e ON e.ts_start_ns >= h.hour * 3600000000000 "             \
    "AND e.ts_start_ns < (h.hour + 1) * 3600000000000 "
#define BURNRATE_CLEARED_EVENT_SUMS                                                                          \
    "count(*), sum(e.input_tokens), sum(e.output_tokens), sum(e.reasoning_tokens), "                         \
    "sum(e.cache_read_tokens), "                                                                             \
    "sum(e.cache_write_tokens), sum(e.cost_micros), sum(e.cost_source = 'unpriced'), sum(e.error <> "        \
    "0)" BURNRATE_CLEARED_EVENTS

// Deletes a source's events and recomputes the rollup of every hour they were in from the raw events
// left. ?1 is the source (NULL for events without one). The hour expression is floor(ts / 1 h), as in C++.
constexpr const char *kClearSourceSql[] = {
    "CREATE TEMP TABLE cleared_hours(hour INTEGER PRIMARY KEY)",
    R"sql(INSERT INTO temp.cleared_hours
        SELECT DISTINCT CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 3600000000000
                             ELSE (ts_start_ns + 1) / 3600000000000 - 1 END
        FROM usage_events WHERE source IS ?1)sql",
    // The source's trace spans go with it (found through its events' traces: spans carry no source).
    R"sql(DELETE FROM trace_spans WHERE trace_id IN (SELECT DISTINCT trace_id FROM usage_events
        WHERE source IS ?1 AND trace_id IS NOT NULL))sql",
    "DELETE FROM usage_events WHERE source IS ?1",
    "DELETE FROM rollup_hourly WHERE hour IN (SELECT hour FROM temp.cleared_hours)",
    R"sql(INSERT INTO rollup_hourly(hour, provider, model, feature, agent_id, calls, input_tokens,
            output_tokens, reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls,
            error_calls)
        SELECT h.hour, coalesce(e.provider, ''), coalesce(e.model, ''), coalesce(e.feature, ''),
            coalesce(e.agent_id, ''), )sql" BURNRATE_CLEARED_EVENT_SUMS R"sql(
        GROUP BY 1, 2, 3, 4, 5)sql",
    R"sql(DELETE FROM rollup_quarter WHERE quarter IN (SELECT h.hour * 4 + q.n FROM temp.cleared_hours h
        CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) q))sql",
    R"sql(INSERT INTO rollup_quarter(quarter, provider, model, feature, agent_id, calls, input_tokens,
            output_tokens, reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls,
            error_calls)
        SELECT CASE WHEN e.ts_start_ns >= 0 THEN e.ts_start_ns / 900000000000
                    ELSE (e.ts_start_ns + 1) / 900000000000 - 1 END,
            coalesce(e.provider, ''), coalesce(e.model, ''), coalesce(e.feature, ''),
            coalesce(e.agent_id, ''), )sql" BURNRATE_CLEARED_EVENT_SUMS R"sql(
        GROUP BY 1, 2, 3, 4, 5)sql",
    // By a range search per cleared hour (not a scan of every minute per hour).
    R"sql(DELETE FROM minute_bounds WHERE minute IN (SELECT m.minute FROM temp.cleared_hours h
        JOIN minute_bounds m ON m.minute >= h.hour * 60 AND m.minute < h.hour * 60 + 60))sql",
    R"sql(INSERT INTO minute_bounds(minute, min_id, max_id, min_cost, max_cost, min_tokens, max_tokens,
            min_latency, max_latency)
        SELECT CASE WHEN e.ts_start_ns >= 0 THEN e.ts_start_ns / 60000000000
                    ELSE (e.ts_start_ns + 1) / 60000000000 - 1 END,
            min(e.id), max(e.id), min(e.cost_micros), max(e.cost_micros), min(e.input_tokens + e.output_tokens),
            max(e.input_tokens + e.output_tokens), min(coalesce(e.latency_ms, -1)),
            max(coalesce(e.latency_ms, -1)))sql" BURNRATE_CLEARED_EVENTS R"sql(
        GROUP BY 1)sql",
    "DELETE FROM rollup_user WHERE hour IN (SELECT hour FROM temp.cleared_hours)",
    R"sql(INSERT INTO rollup_user(hour, user_id, provider, model, feature, agent_id, calls, input_tokens,
            output_tokens, reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls,
            error_calls)
        SELECT h.hour, coalesce(e.user_id, ''), coalesce(e.provider, ''), coalesce(e.model, ''),
            coalesce(e.feature, ''), coalesce(e.agent_id, ''), )sql" BURNRATE_CLEARED_EVENT_SUMS R"sql(
        GROUP BY 1, 2, 3, 4, 5, 6)sql",
    "DELETE FROM rollup_session WHERE hour IN (SELECT hour FROM temp.cleared_hours)",
    R"sql(INSERT INTO rollup_session(hour, feature, agent_id, session_id, provider, model, user_id, calls,
            input_tokens, output_tokens, reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros,
            unpriced_calls, error_calls)
        SELECT h.hour, coalesce(e.feature, ''), coalesce(e.agent_id, ''), coalesce(e.session_id, ''),
            coalesce(e.provider, ''), coalesce(e.model, ''), coalesce(e.user_id, ''), )sql" BURNRATE_CLEARED_EVENT_SUMS
    R"sql(
        GROUP BY 1, 2, 3, 4, 5, 6, 7)sql",
    R"sql(DELETE FROM rollup_attr WHERE hour IN (SELECT hour FROM temp.cleared_hours))sql",
    R"sql(INSERT INTO rollup_attr(dimension, hour, value, calls, input_tokens, output_tokens, reasoning_tokens,
            cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls, first_ns, last_ns,
            agents, half_calls, half_input_tokens, half_output_tokens, half_cache_read_tokens,
            half_cache_write_tokens, half_cost_micros, half_unpriced_calls, quarter_calls, quarter_input_tokens,
            quarter_output_tokens, quarter_cache_read_tokens, quarter_cache_write_tokens, quarter_cost_micros,
            quarter_unpriced_calls)
        SELECT d.dimension, h.hour, CASE d.dimension WHEN 'user' THEN coalesce(e.user_id, '')
                                                     WHEN 'task' THEN coalesce(e.task_id, '')
                                                     ELSE coalesce(e.session_id, '') END,
            count(*), sum(e.input_tokens), sum(e.output_tokens), sum(e.reasoning_tokens),
            sum(e.cache_read_tokens), sum(e.cache_write_tokens), sum(e.cost_micros),
            sum(e.cost_source = 'unpriced'), sum(e.error <> 0), min(e.ts_start_ns), max(e.ts_end_ns),
            CASE d.dimension WHEN 'session' THEN coalesce(nullif(
                json_group_array(DISTINCT e.agent_id) FILTER (WHERE e.agent_id > ''), '[]'), '') ELSE '' END,
            )sql" BURNRATE_SPLIT_SUMS(BURNRATE_IN_FIRST_HALF("e.ts_start_ns")) ", " BURNRATE_SPLIT_SUMS(
        BURNRATE_IN_FIRST_QUARTER("e.ts_start_ns")) BURNRATE_CLEARED_EVENTS R"sql(
        CROSS JOIN (SELECT 'user' AS dimension UNION ALL SELECT 'task' UNION ALL SELECT 'session') d
        GROUP BY 1, 2, 3)sql",
    // The cleared days that rollup_user_day covers, again from rollup_user ...
    R"sql(CREATE TEMP TABLE cleared_days AS
        SELECT DISTINCT CASE WHEN hour >= 0 THEN hour / 24 ELSE (hour + 1) / 24 - 1 END AS day
        FROM temp.cleared_hours)sql",
    R"sql(DELETE FROM temp.cleared_days
        WHERE day >= coalesce((SELECT value FROM meta WHERE key = 'rollup_user_day_end'
                                                        AND typeof(value) = 'integer'), day))sql",
    "DELETE FROM rollup_user_day WHERE day IN (SELECT day FROM temp.cleared_days)",
    R"sql(INSERT INTO rollup_user_day(day, user_id, provider, model, feature, agent_id, calls, input_tokens,
            output_tokens, reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls,
            error_calls)
        SELECT d.day, u.user_id, u.provider, u.model, u.feature, u.agent_id, sum(u.calls), sum(u.input_tokens),
            sum(u.output_tokens), sum(u.reasoning_tokens), sum(u.cache_read_tokens), sum(u.cache_write_tokens),
            sum(u.cost_micros), sum(u.unpriced_calls), sum(u.error_calls)
        FROM temp.cleared_days d
        JOIN rollup_user u ON u.hour >= d.day * 24 AND u.hour < d.day * 24 + 24
        GROUP BY 1, 2, 3, 4, 5, 6)sql",
    // ... and rollup_session_day, from rollup_attr; the sessions of the cleared days before and after get
    // their links again.
    "CREATE TEMP TABLE relink(session_id TEXT PRIMARY KEY) WITHOUT ROWID",
    R"sql(INSERT OR IGNORE INTO temp.relink
        SELECT session_id FROM rollup_session_day WHERE day IN (SELECT day FROM temp.cleared_days))sql",
    "DELETE FROM rollup_session_day WHERE day IN (SELECT day FROM temp.cleared_days)",
    R"sql(INSERT INTO rollup_session_day(day, session_id, calls, input_tokens, output_tokens, reasoning_tokens,
            cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls, error_calls, first_ns, last_ns,
            agents)
        SELECT d.day, a.value, sum(a.calls), sum(a.input_tokens), sum(a.output_tokens), sum(a.reasoning_tokens),
            sum(a.cache_read_tokens), sum(a.cache_write_tokens), sum(a.cost_micros), sum(a.unpriced_calls),
            sum(a.error_calls), )sql" BURNRATE_DAY_SPAN("a.") R"sql(, burnrate_agents(a.agents)
        FROM temp.cleared_days d
        JOIN rollup_attr a ON a.dimension = 'session' AND a.hour >= d.day * 24 AND a.hour < d.day * 24 + 24
        GROUP BY 1, 2)sql",
    R"sql(INSERT OR IGNORE INTO temp.relink
        SELECT session_id FROM rollup_session_day WHERE day IN (SELECT day FROM temp.cleared_days))sql",
    BURNRATE_RELINK_SESSION_DAYS "WHERE session_id IN (SELECT session_id FROM temp.relink)",
    "DELETE FROM session_day_totals WHERE day IN (SELECT day FROM temp.cleared_days)",
    BURNRATE_TOTAL_SESSION_DAYS "WHERE day IN (SELECT day FROM temp.cleared_days) GROUP BY day",
    "DROP TABLE temp.relink",
    "DROP TABLE temp.cleared_days",
    "DROP TABLE temp.cleared_hours",
};

// A provider write (providerstore.h): the rows of a covered span are deleted, then the buckets upserted
// (a bucket outside every span replaces the stored values of its key), then the source state saved.
// ?1 provider, ?2 span start, ?3 span end.
constexpr const char *kDeleteUsageSql =
    "DELETE FROM provider_usage WHERE bucket_start_ns >= ?2 AND bucket_start_ns < ?3 AND provider = ?1";
constexpr const char *kDeleteCostsSql =
    "DELETE FROM provider_costs WHERE bucket_start_ns >= ?2 AND bucket_start_ns < ?3 AND provider = ?1";

constexpr const char *kUpsertUsageSql = R"sql(
INSERT INTO provider_usage(bucket_start_ns, provider, bucket_width_ns, model, project_id, api_key_id,
    service_tier, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_5m_tokens,
    cache_write_1h_tokens, output_tokens, requests)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
ON CONFLICT(bucket_start_ns, provider, bucket_width_ns, model, project_id, api_key_id, service_tier)
DO UPDATE SET
    input_tokens = excluded.input_tokens,
    cache_read_tokens = excluded.cache_read_tokens,
    cache_write_tokens = excluded.cache_write_tokens,
    cache_write_5m_tokens = excluded.cache_write_5m_tokens,
    cache_write_1h_tokens = excluded.cache_write_1h_tokens,
    output_tokens = excluded.output_tokens,
    requests = excluded.requests
)sql";

constexpr const char *kUpsertCostSql = R"sql(
INSERT INTO provider_costs(bucket_start_ns, provider, bucket_width_ns, project_id, line_item, model,
    cost_micros)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT(bucket_start_ns, provider, bucket_width_ns, project_id, line_item, model)
DO UPDATE SET cost_micros = excluded.cost_micros
)sql";

constexpr const char *kSaveStateSql = R"sql(
INSERT OR REPLACE INTO source_state(source, cursor_ns, backfill_from_ns, last_attempt_ns, last_success_ns,
    last_error, rows_imported, detail)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
)sql";

// A row of rollup_hourly, of rollup_quarter (the quarter in `hour`), or of rollup_user with the user.
struct RollupKey
{
    qint64 hour = 0;
    QString provider, model, feature, agentId;
    QString userId;    // rollup_user and rollup_session only
    QString sessionId; // rollup_session only

    friend bool operator==(const RollupKey &, const RollupKey &) = default;
    friend size_t qHash(const RollupKey &k, size_t seed = 0)
    {
        return qHashMulti(seed, k.hour, k.provider, k.model, k.feature, k.agentId, k.userId, k.sessionId);
    }
};

// A row of rollup_attr: the user, the task or the session ('' for none) of the calls of one hour.
struct AttrKey
{
    int dimension = 0; // kUserDimension, kTaskDimension or kSessionDimension
    qint64 hour = 0;
    QString value;

    friend bool operator==(const AttrKey &a, const AttrKey &b)
    {
        return a.dimension == b.dimension && a.hour == b.hour && a.value == b.value;
    }
    friend size_t qHash(const AttrKey &k, size_t seed = 0)
    {
        return qHashMulti(seed, k.dimension, k.hour, k.value);
    }
};
constexpr int kUserDimension = 0;
constexpr int kTaskDimension = 1;
constexpr int kSessionDimension = 2;
constexpr const char *kAttrDimensionNames[] = {"user", "task", "session"}; // rollup_attr.dimension

struct RollupSums
{
    qint64 calls = 0, inputTokens = 0, outputTokens = 0, reasoningTokens = 0, cacheReadTokens = 0,
           cacheWriteTokens = 0, costMicros = 0, unpricedCalls = 0, errorCalls = 0;

    void add(const Model::UsageEvent &e)
    {
        ++calls;
        inputTokens += e.inputTokens;
        outputTokens += e.outputTokens;
        reasoningTokens += e.reasoningTokens;
        cacheReadTokens += e.cacheReadTokens;
        cacheWriteTokens += e.cacheWriteTokens;
        costMicros += e.costMicros;
        unpricedCalls += e.costSource == Model::CostSource::Unpriced;
        errorCalls += e.error;
    }

    void add(const RollupSums &s, qint64 sign)
    {
        calls += sign * s.calls;
        inputTokens += sign * s.inputTokens;
        outputTokens += sign * s.outputTokens;
        reasoningTokens += sign * s.reasoningTokens;
        cacheReadTokens += sign * s.cacheReadTokens;
        cacheWriteTokens += sign * s.cacheWriteTokens;
        costMicros += sign * s.costMicros;
        unpricedCalls += sign * s.unpricedCalls;
        errorCalls += sign * s.errorCalls;
    }

    friend bool operator==(const RollupSums &, const RollupSums &) = default;
};

// A rollup_attr row's change: its sums, those of its calls that start in the hour's first 30 and first 15
// minutes, the time its new calls span and, for a session, their agents.
struct AttrSums : RollupSums
{
    RollupSums firstHalf, firstQuarter;
    qint64 firstNs = std::numeric_limits<qint64>::max(); // > lastNs: no new calls (only moved sums)
    qint64 lastNs = std::numeric_limits<qint64>::min();
    QStringList agents;

    // Which quarter of its hour a call starting at `startNs` starts in: 0 to 3.
    static qint64 quarterOfHour(qint64 startNs)
    {
        return (startNs - Time::floorDiv(startNs, Time::kNanosPerHour) * Time::kNanosPerHour) /
               Time::kNanosPerQuarterHour;
    }

    void add(const Model::UsageEvent &e)
    {
        RollupSums::add(e);
        const qint64 quarter = quarterOfHour(e.startNs);
        if (quarter < 2)
            firstHalf.add(e);
        if (quarter == 0)
            firstQuarter.add(e);
    }

    // One call's sums moved in (sign 1) or out (-1) by a re-attribution; `startNs` is its start.
    void add(const RollupSums &s, qint64 sign, qint64 startNs)
    {
        RollupSums::add(s, sign);
        const qint64 quarter = quarterOfHour(startNs);
        if (quarter < 2)
            firstHalf.add(s, sign);
        if (quarter == 0)
            firstQuarter.add(s, sign);
    }

    void addCall(qint64 startNs, qint64 endNs, const QString &agentId, bool withAgent)
    {
        firstNs = std::min(firstNs, startNs);
        lastNs = std::max(lastNs, std::max(startNs, endNs));
        if (withAgent && !agentId.isEmpty() && !agents.contains(agentId))
            agents.append(agentId);
    }

    // Another row's change folded into this one (a session's hours into its day).
    void merge(const AttrSums &s)
    {
        RollupSums::add(s, 1);
        firstHalf.add(s.firstHalf, 1);
        firstQuarter.add(s.firstQuarter, 1);
        firstNs = std::min(firstNs, s.firstNs);
        lastNs = std::max(lastNs, s.lastNs);
        for (const QString &agent : s.agents) {
            if (!agents.contains(agent))
                agents.append(agent);
        }
    }
};

// A row of minute_bounds: the lowest and highest row id, cost, tokens and latency of a minute's new calls.
struct MinuteBounds
{
    qint64 minId = std::numeric_limits<qint64>::max(), maxId = std::numeric_limits<qint64>::min();
    qint64 minCost = std::numeric_limits<qint64>::max(), maxCost = std::numeric_limits<qint64>::min();
    qint64 minTokens = std::numeric_limits<qint64>::max(), maxTokens = std::numeric_limits<qint64>::min();
    qint64 minLatency = std::numeric_limits<qint64>::max(), maxLatency = std::numeric_limits<qint64>::min();

    void add(qint64 rowId, const Model::UsageEvent &e)
    {
        const auto widen = [](qint64 &low, qint64 &high, qint64 value) {
            low = std::min(low, value);
            high = std::max(high, value);
        };
        widen(minId, maxId, rowId);
        widen(minCost, maxCost, sortValue(e, CallsSort::Cost));
        widen(minTokens, maxTokens, sortValue(e, CallsSort::Tokens));
        widen(minLatency, maxLatency, sortValue(e, CallsSort::Latency));
    }
};

// Rollup key text is NOT NULL with '' meaning none.
void bindKey(sqlite3_stmt *stmt, int index, const QString &value)
{
    if (value.isEmpty())
        sqlite3_bind_text(stmt, index, "", 0, SQLITE_STATIC);
    else
        sqlite3_bind_text16(stmt, index, value.utf16(), int(value.size() * sizeof(char16_t)), SQLITE_STATIC);
}

void bindAttrKey(sqlite3_stmt *stmt, const AttrKey &k)
{
    sqlite3_bind_text(stmt, 1, kAttrDimensionNames[k.dimension], -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, k.hour);
    bindKey(stmt, 3, k.value);
}

// `userIndex`: the parameter of the user in a rollup_user statement, 0 in a rollup_hourly one.
void bindRollupKey(sqlite3_stmt *stmt, const RollupKey &k, int userIndex, int sessionIndex = 0)
{
    sqlite3_bind_int64(stmt, 1, k.hour);
    bindKey(stmt, 2, k.provider);
    bindKey(stmt, 3, k.model);
    bindKey(stmt, 4, k.feature);
    bindKey(stmt, 5, k.agentId);
    if (userIndex > 0)
        bindKey(stmt, userIndex, k.userId);
    if (sessionIndex > 0)
        bindKey(stmt, sessionIndex, k.sessionId);
}

// Tags and a session's agents are stored as a compact JSON array; empty when there are none.
QByteArray jsonArray(const QStringList &values)
{
    return values.isEmpty()
               ? QByteArray()
               : QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact);
}

// A session row's first start, last end (NULL when the change has no new calls) and agents ('' for none) at
// `index` and the two parameters after it.
void bindSessionSpan(sqlite3_stmt *stmt, int index, const AttrSums &s)
{
    if (s.firstNs <= s.lastNs) {
        sqlite3_bind_int64(stmt, index, s.firstNs);
        sqlite3_bind_int64(stmt, index + 1, s.lastNs);
    } else {
        sqlite3_bind_null(stmt, index);
        sqlite3_bind_null(stmt, index + 1);
    }
    QStringList agents = s.agents;
    agents.sort();
    const QByteArray json = jsonArray(agents);
    sqlite3_bind_text(stmt, index + 2, json.constData(), int(json.size()), SQLITE_TRANSIENT);
}

void bindTags(sqlite3_stmt *stmt, int index, const QByteArray &json)
{
    if (json.isEmpty())
        sqlite3_bind_null(stmt, index);
    else
        sqlite3_bind_text(stmt, index, json.constData(), int(json.size()), SQLITE_STATIC);
}

QString columnText(sqlite3_stmt *stmt, int column)
{
    const auto *text = static_cast<const char16_t *>(sqlite3_column_text16(stmt, column));
    return text ? QString::fromUtf16(text, sqlite3_column_bytes16(stmt, column) / qsizetype(sizeof(char16_t)))
                : QString();
}

void bindOptionalInt(sqlite3_stmt *stmt, int index, qint64 value)
{
    if (value < 0)
        sqlite3_bind_null(stmt, index);
    else
        sqlite3_bind_int64(stmt, index, value);
}

} // namespace

// Hands one completion to its context's thread. A queued connection to the context is what makes this
// safe: Qt drops it if the context is destroyed first, with no window between a check and the post.
class CompletionRelay : public QObject
{
    Q_OBJECT
Q_SIGNALS:
    void finished();
};

class StorageWriter::Worker
{
public:
    struct Job
    {
        QList<Model::UsageEvent> events;
        QList<Model::AttributionUpdate> updates;
        QList<Model::TraceSpan> spans;
        QList<Model::TraceSpanUpdate> spanUpdates;
        std::optional<QString> clearSource;    // set: delete this source instead of inserting
        std::optional<ProviderWrite> provider; // set: store provider buckets instead of inserting
        std::shared_ptr<WriteResult> result;   // read by the completion
        std::unique_ptr<CompletionRelay> relay;
        int inserted = 0;
        int duplicates = 0;
        int updated = 0;
        int spansInserted = 0;

        qsizetype size() const { return events.size() + updates.size() + spans.size() + spanUpdates.size(); }
    };

    Worker(StorageWriter *q, QString path)
        : m_q(q)
        , m_path(std::move(path))
    {}

    Job makeJob(QObject *context, Completion done);
    void enqueue(Job job);
    void complete(Job &job, const WriteResult &result);
    void run(std::promise<Error> &opened);

    StorageWriter *const m_q;
    const QString m_path;
    std::unique_ptr<QThread> m_thread;
    std::atomic<qint64> m_pending = 0;

    std::mutex m_mutex; // guards the members below
    std::condition_variable m_wake;
    std::deque<Job> m_queue;
    bool m_accepting = false;
    bool m_stopping = false;

private:
    // Writer thread only.
    Error prepare();
    // Every prepared statement with its SQL: prepared by prepare(), finalized before the connection closes.
    std::vector<std::pair<Sqlite::Statement *, QByteArray>> statements();
    void insert(std::vector<Job> &jobs);
    // Applies the jobs' attribution updates; collects the rollup moves and the hours they touch.
    Sqlite::Result update(std::vector<Job> &jobs, QHash<RollupKey, RollupSums> &rollup,
                          QHash<RollupKey, RollupSums> &quarterRollup,
                          QHash<RollupKey, RollupSums> &userRollup,
                          QHash<RollupKey, RollupSums> &sessionRollup, QHash<AttrKey, AttrSums> &attr,
                          qint64 &firstHour, qint64 &lastHour);
    enum class Rollup { Hourly, Quarter, User, UserDay, Session };
    // Adds the transaction's sums to one rollup table (keys of Quarter: the quarter in `hour`; of UserDay:
    // the day).
    Sqlite::Result writeRollup(const QHash<RollupKey, RollupSums> &sums, Rollup table);
    Sqlite::Result writeMinuteBounds(const QHash<qint64, MinuteBounds> &bounds);
    // Adds the days from the stored end up to the day before today to rollup_user_day and rollup_session_day
    // (with no end stored, rebuilds them with every day before today); `end` is then the stored end (today,
    // or later if the clock went back).
    Sqlite::Result addDays(qint64 &end);
    // Adds the transaction's session sums of days before `end` to rollup_session_day and links the
    // sessions' rows again.
    Sqlite::Result writeSessionDays(const QHash<AttrKey, AttrSums> &attr, qint64 end);
    // Inserts the jobs' trace spans and applies their re-attributions; counts the changed rows.
    Sqlite::Result insertSpans(std::vector<Job> &jobs, int &changed);
    void clear(Job &job);
    void storeProviderData(Job &job);
    Sqlite::Result writeProviderData(const ProviderWrite &write, int &written);
    Error sqlError(const Sqlite::Result &r) const { return Sqlite::databaseError(m_path, r.code, r.message); }
    Sqlite::Result step(sqlite3_stmt *stmt);
    Sqlite::Result begin();

    std::unique_ptr<Connection> m_connection;
    sqlite3 *m_db = nullptr;
    Sqlite::Statement m_insertEvent;
    Sqlite::TextBinder m_rowText; // the inserted row's texts, converted into one reused buffer
    Sqlite::Statement m_upsertRollup;
    Sqlite::Statement m_readEvent;
    Sqlite::Statement m_updateAttribution;
    Sqlite::Statement m_deleteEmptyRollup;
    Sqlite::Statement m_upsertQuarterRollup;
    Sqlite::Statement m_deleteEmptyQuarterRollup;
    Sqlite::Statement m_upsertMinuteBounds;
    Sqlite::Statement m_upsertUserRollup;
    Sqlite::Statement m_deleteEmptyUserRollup;
    Sqlite::Statement m_upsertUserDayRollup;
    Sqlite::Statement m_deleteEmptyUserDayRollup;
    Sqlite::Statement m_upsertSessionRollup;
    Sqlite::Statement m_deleteEmptySessionRollup;
    Sqlite::Statement m_readUserDayEnd;
    Sqlite::Statement m_upsertSessionDay;
    Sqlite::Statement m_deleteEmptySessionDay;
    Sqlite::Statement m_relinkSession;
    Sqlite::Statement m_respanSessionDay;
    Sqlite::Statement m_upsertSessionDayTotals;
    Sqlite::Statement m_upsertAttr;
    Sqlite::Statement m_deleteEmptyAttr;
    Sqlite::Statement m_insertSpan;
    Sqlite::Statement m_updateSpan;
};

StorageWriter::Worker::Job StorageWriter::Worker::makeJob(QObject *context, Completion done)
{
    Job job;
    if (context && done) {
        job.result = std::make_shared<WriteResult>();
        job.relay = std::make_unique<CompletionRelay>();
        QObject::connect(
            job.relay.get(), &CompletionRelay::finished, context,
            [done = std::move(done), result = job.result] { done(*result); }, Qt::QueuedConnection);
        // No thread affinity: the relay is emitted and deleted on the writer thread.
        job.relay->moveToThread(nullptr);
    }
    return job;
}

void StorageWriter::Worker::enqueue(Job job)
{
    const qsizetype count = job.size();
    {
        std::lock_guard lock(m_mutex);
        if (m_accepting) {
            m_pending += count;
            m_queue.push_back(std::move(job));
            m_wake.notify_one();
            return;
        }
    }
    WriteResult result;
    result.error = {Error::Code::Database,
                    QCoreApplication::translate("Burnrate::Storage",
                                                "The database writer is not running; nothing was stored.")};
    complete(job, result);
}

void StorageWriter::Worker::complete(Job &job, const WriteResult &result)
{
    if (!job.relay)
        return;
    *job.result = result;
    Q_EMIT job.relay->finished();
    job.relay.reset();
}

Error StorageWriter::Worker::prepare()
{
    Error error;
    m_connection = Connection::open(m_path, Connection::Mode::ReadWrite, &error);
    if (!m_connection)
        return error;
    m_db = static_cast<sqlite3 *>(m_connection->sqliteHandle());
    // A 16 MB page cache (SQLite's default is 2 MB) keeps the pages a commit touches between transactions
    // (the ends of the time-ordered keys, the current hour's rollup rows). 32 MB paid off while a
    // random-order session index existed (until schema v7); now it buys 4 % and costs 19 MB of resident
    // memory at full speed. Checkpointing every 256 MB of WAL instead of SQLite's 4 MB writes a page that
    // many transactions changed back once, and stops the writer for a checkpoint's fdatasync a quarter as
    // often as at 64 MB: +10 % spans/s on one core since schema v8 (docs/performance.md §6).
    Sqlite::Result r = Sqlite::exec(m_db, "PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 65536");
    for (const auto &[statement, sql] : statements()) {
        if (r.ok())
            r = statement->prepare(m_db, sql.constData());
    }
    if (!r.ok())
        return sqlError(r);
    return {};
}

std::vector<std::pair<Sqlite::Statement *, QByteArray>> StorageWriter::Worker::statements()
{
    return {
        {&m_insertEvent, kInsertEventSql},
        {&m_upsertRollup, upsertSql(kUpsertRollupSql)},
        {&m_readEvent, kReadEventSql},
        {&m_updateAttribution, kUpdateAttributionSql},
        {&m_deleteEmptyRollup, kDeleteEmptyRollupSql},
        {&m_upsertQuarterRollup, upsertSql(kUpsertQuarterRollupSql)},
        {&m_deleteEmptyQuarterRollup, kDeleteEmptyQuarterRollupSql},
        {&m_upsertMinuteBounds, kUpsertMinuteBoundsSql},
        {&m_upsertUserRollup, upsertSql(kUpsertUserRollupSql)},
        {&m_deleteEmptyUserRollup, kDeleteEmptyUserRollupSql},
        {&m_upsertUserDayRollup, upsertSql(kUpsertUserDayRollupSql)},
        {&m_deleteEmptyUserDayRollup, kDeleteEmptyUserDayRollupSql},
        {&m_upsertSessionRollup, upsertSql(kUpsertSessionRollupSql)},
        {&m_deleteEmptySessionRollup, kDeleteEmptySessionRollupSql},
        // Read in each write transaction: another writer (`burnrate import` beside the app) may have moved
        // it.
        {&m_readUserDayEnd, kUserDayEndSql},
        {&m_upsertSessionDay, upsertSql(kUpsertSessionDaySql) + " RETURNING calls"},
        {&m_deleteEmptySessionDay, kDeleteEmptySessionDaySql},
        {&m_relinkSession, kRelinkSessionSql},
        {&m_respanSessionDay, kRespanSessionDaySql},
        {&m_upsertSessionDayTotals, upsertSql(kUpsertSessionDayTotalsSql)},
        {&m_upsertAttr, upsertSql(kUpsertAttrSql)},
        {&m_deleteEmptyAttr, kDeleteEmptyAttrSql},
        {&m_insertSpan, kInsertSpanSql},
        {&m_updateSpan, kUpdateSpanSql},
    };
}

// A write transaction, on a file that still has the schema this build writes: a newer Burnrate (another
// process, such as `burnrate import`) may have upgraded it since it was opened, and these statements would
// leave the new columns empty or fail. The caller rolls back on failure.
Sqlite::Result StorageWriter::Worker::begin()
{
    Sqlite::Result r = Sqlite::exec(m_db, "BEGIN IMMEDIATE");
    qint64 version = kSchemaVersion;
    if (r.ok())
        r = Sqlite::queryInt(m_db, "PRAGMA user_version", &version);
    if (r.ok() && version != kSchemaVersion) {
        return {SQLITE_SCHEMA,
                QCoreApplication::translate("Burnrate::Storage",
                                            "a newer Burnrate upgraded it to schema %1 while this "
                                            "one was running; quit this one and use the newer one")
                    .arg(version)};
    }
    return r;
}

Sqlite::Result StorageWriter::Worker::step(sqlite3_stmt *stmt)
{
    const int rc = sqlite3_step(stmt);
    Sqlite::Result r = rc == SQLITE_DONE || rc == SQLITE_ROW ? Sqlite::Result{} : Sqlite::failure(m_db, rc);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return r;
}

void StorageWriter::Worker::run(std::promise<Error> &opened)
{
    // Statements first: a connection with unfinalized statements does not close.
    const auto close = qScopeGuard([this] {
        for (const auto &[statement, sql] : statements())
            statement->finalize();
        m_connection.reset();
    });
    if (Error error = prepare(); error) {
        opened.set_value(error);
        return;
    }
    opened.set_value({});

    for (;;) {
        std::vector<Job> jobs;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
            if (m_queue.empty())
                break;
            // Take whole batches up to the cap; a clear or a provider write runs alone so that the queue's
            // order holds.
            qsizetype events = 0;
            while (!m_queue.empty()) {
                Job &next = m_queue.front();
                const bool alone = next.clearSource.has_value() || next.provider.has_value();
                if (!jobs.empty() && (alone || events + next.size() > kMaxEventsPerTransaction))
                    break;
                events += next.size();
                jobs.push_back(std::move(next));
                m_queue.pop_front();
                if (alone)
                    break;
            }
        }
        if (jobs.front().clearSource)
            clear(jobs.front());
        else if (jobs.front().provider)
            storeProviderData(jobs.front());
        else
            insert(jobs);
    }
}

void StorageWriter::Worker::insert(std::vector<Job> &jobs)
{
    Q_ASSERT(QThread::currentThread() == m_thread.get());
    // A batch with an event that has no id is refused on its own, before the transaction.
    qint64 taken = 0;
    for (Job &job : jobs) {
        taken += job.size();
        const auto missing = std::find_if(job.events.cbegin(), job.events.cend(),
                                          [](const Model::UsageEvent &e) { return e.eventId.isEmpty(); });
        if (missing != job.events.cend()) {
            WriteResult result;
            result.error = {Error::Code::InvalidInput,
                            QCoreApplication::translate(
                                "Burnrate::Storage", "Event %1 of the batch has no event id; nothing of the "
                                                     "batch was stored.")
                                .arg(missing - job.events.cbegin() + 1)};
            complete(job, result);
            job.events.clear();
            job.updates.clear();
            job.spans.clear();
            job.spanUpdates.clear();
        }
    }

    QHash<RollupKey, RollupSums> rollup;
    QHash<RollupKey, RollupSums> quarterRollup;
    QHash<RollupKey, RollupSums> userRollup;
    QHash<RollupKey, RollupSums> sessionRollup;
    QHash<AttrKey, AttrSums> attr;
    QHash<qint64, MinuteBounds> minuteBounds;
    qint64 firstHour = std::numeric_limits<qint64>::max();
    qint64 lastHour = std::numeric_limits<qint64>::min();
    int stored = 0;

    sqlite3_stmt *const ins = m_insertEvent.get();
    Sqlite::Result r = begin();
    qint64 dayEnd = 0;
    if (r.ok())
        r = addDays(dayEnd);
    for (auto job = jobs.begin(); r.ok() && job != jobs.end(); ++job) {
        for (const Model::UsageEvent &e : std::as_const(job->events)) {
            const QString costSource = Model::costSourceName(e.costSource);
            const QByteArray tags = jsonArray(e.tags);
            // An OTLP span's id is rebuilt from its trace and span ids (eventkey.h).
            if (isSpanEventId(e.eventId, e.traceId, e.spanId))
                sqlite3_bind_text(ins, 1, "", 0, SQLITE_STATIC);
            else
                bindKey(ins, 1, e.eventId);
            sqlite3_bind_int64(ins, 34, eventKey(e.eventId));
            sqlite3_bind_int64(ins, 3, e.startNs);
            sqlite3_bind_int64(ins, 4, e.endNs);
            sqlite3_bind_int64(ins, 9, e.inputTokens);
            sqlite3_bind_int64(ins, 10, e.outputTokens);
            sqlite3_bind_int64(ins, 11, e.reasoningTokens);
            sqlite3_bind_int64(ins, 12, e.cacheReadTokens);
            sqlite3_bind_int64(ins, 13, e.cacheWriteTokens);
            sqlite3_bind_int64(ins, 14, e.costMicros);
            bindTags(ins, 22, tags);
            bindOptionalInt(ins, 27, e.latencyMs);
            bindOptionalInt(ins, 28, e.ttftMs);
            sqlite3_bind_int(ins, 29, e.error ? 1 : 0);
            m_rowText.bind(
                ins, {{2, e.source},     {5, e.provider},     {6, e.model},         {7, e.modelRequested},
                      {8, e.operation},  {15, costSource},    {16, e.agentId},      {17, e.agentName},
                      {18, e.taskId},    {19, e.feature},     {20, e.userId},       {21, e.sessionId},
                      {23, e.traceId},   {24, e.spanId},      {25, e.parentSpanId}, {26, e.responseId},
                      {30, e.errorType}, {31, e.serviceName}, {32, e.environment},  {33, e.content}});
            r = step(ins);
            if (!r.ok())
                break;
            // A duplicate event, stored earlier or earlier in this very transaction, changes no row.
            if (sqlite3_changes(m_db) == 0) {
                ++job->duplicates;
                continue;
            }
            ++job->inserted;
            minuteBounds[Time::floorDiv(e.startNs, Time::kNanosPerMinute)].add(
                sqlite3_last_insert_rowid(m_db), e);
            const qint64 hour = Time::floorDiv(e.startNs, Time::kNanosPerHour);
            firstHour = std::min(firstHour, hour);
            lastHour = std::max(lastHour, hour);
            rollup[RollupKey{hour, e.provider, e.model, e.feature, e.agentId, {}, {}}].add(e);
            quarterRollup[RollupKey{Time::floorDiv(e.startNs, Time::kNanosPerQuarterHour),
                                    e.provider,
                                    e.model,
                                    e.feature,
                                    e.agentId,
                                    {},
                                    {}}]
                .add(e);
            userRollup[RollupKey{hour, e.provider, e.model, e.feature, e.agentId, e.userId, {}}].add(e);
            sessionRollup[RollupKey{hour, e.provider, e.model, e.feature, e.agentId, e.userId, e.sessionId}]
                .add(e);
            attr[AttrKey{kUserDimension, hour, e.userId}].add(e);
            attr[AttrKey{kTaskDimension, hour, e.taskId}].add(e);
            AttrSums &session = attr[AttrKey{kSessionDimension, hour, e.sessionId}];
            session.add(e);
            session.addCall(e.startNs, e.endNs, e.agentId, true);
        }
        stored += job->inserted;
    }
    qint64 firstUpdated = std::numeric_limits<qint64>::max();
    qint64 lastUpdated = std::numeric_limits<qint64>::min();
    if (r.ok())
        r = update(jobs, rollup, quarterRollup, userRollup, sessionRollup, attr, firstUpdated, lastUpdated);
    firstHour = std::min(firstHour, firstUpdated);
    lastHour = std::max(lastHour, lastUpdated);
    int spansChanged = 0;
    if (r.ok())
        r = insertSpans(jobs, spansChanged);
    int updated = 0;
    for (const Job &job : jobs)
        updated += job.updated;

    if (r.ok())
        r = writeRollup(rollup, Rollup::Hourly);
    if (r.ok())
        r = writeRollup(quarterRollup, Rollup::Quarter);
    if (r.ok())
        r = writeRollup(userRollup, Rollup::User);
    if (r.ok())
        r = writeRollup(sessionRollup, Rollup::Session);
    if (r.ok())
        r = writeMinuteBounds(minuteBounds);
    // Late calls and re-attributions of the days rollup_user_day covers (none while calls arrive live).
    QHash<RollupKey, RollupSums> userDayRollup;
    for (auto it = userRollup.cbegin(); it != userRollup.cend(); ++it) {
        const qint64 day = Time::floorDiv(it.key().hour, 24);
        if (day >= dayEnd)
            continue;
        RollupKey dayKey = it.key();
        dayKey.hour = day;
        userDayRollup[dayKey].add(it.value(), 1);
    }
    if (r.ok())
        r = writeRollup(userDayRollup, Rollup::UserDay);
    sqlite3_stmt *const upAttr = m_upsertAttr.get();
    sqlite3_stmt *const delAttr = m_deleteEmptyAttr.get();
    for (auto it = attr.begin(); r.ok() && it != attr.end(); ++it) {
        const AttrKey &k = it.key();
        const AttrSums &s = it.value();
        if (static_cast<const RollupSums &>(s) == RollupSums() && s.firstHalf == RollupSums() &&
            s.firstQuarter == RollupSums() && s.agents.isEmpty())
            continue; // moved away and back within this transaction
        bindAttrKey(upAttr, k);
        const qint64 sums[] = {s.calls,           s.inputTokens,     s.outputTokens,
                               s.reasoningTokens, s.cacheReadTokens, s.cacheWriteTokens,
                               s.costMicros,      s.unpricedCalls,   s.errorCalls};
        for (int i = 0; i < int(std::size(sums)); ++i)
            sqlite3_bind_int64(upAttr, 4 + i, sums[i]);
        bindSessionSpan(upAttr, 13, s);
        int index = 16;
        for (const RollupSums *part : {&s.firstHalf, &s.firstQuarter}) {
            for (const qint64 v : {part->calls, part->inputTokens, part->outputTokens, part->cacheReadTokens,
                                   part->cacheWriteTokens, part->costMicros, part->unpricedCalls})
                sqlite3_bind_int64(upAttr, index++, v);
        }
        r = step(upAttr);
        if (r.ok() && s.calls <= 0) {
            bindAttrKey(delAttr, k);
            r = step(delAttr);
        }
    }
    if (r.ok()) // after rollup_attr, whose rows it may read
        r = writeSessionDays(attr, dayEnd);
    if (r.ok())
        r = Sqlite::exec(m_db, "COMMIT");

    Error error;
    if (!r.ok()) {
        Sqlite::exec(m_db, "ROLLBACK");
        error = sqlError(r);
        qCWarning(lcStorage) << "write transaction failed:" << r.message;
    }
    m_pending -= taken;
    for (Job &job : jobs) {
        if (job.size() == 0 && !job.relay)
            continue; // refused above
        WriteResult result;
        result.error = error;
        if (!error) {
            result.inserted = job.inserted;
            result.duplicates = job.duplicates;
            result.updated = job.updated;
            result.spans = job.spansInserted;
        }
        complete(job, result);
    }
    if (error) {
        Q_EMIT m_q->writeFailed(error);
        return;
    }
    if (updated > 0)
        Q_EMIT m_q->eventsRewritten(firstUpdated, lastUpdated);
    if (stored + updated > 0)
        Q_EMIT m_q->eventsStored(firstHour, lastHour, stored + updated);
    if (spansChanged > 0)
        Q_EMIT m_q->spansStored(spansChanged);
}

Sqlite::Result StorageWriter::Worker::addDays(qint64 &end)
{
    sqlite3_stmt *const read = m_readUserDayEnd.get();
    const int rc = sqlite3_step(read);
    std::optional<qint64> stored;
    if (rc == SQLITE_ROW && sqlite3_column_int64(read, 0) != kNoUserDayEnd)
        stored = sqlite3_column_int64(read, 0);
    const Sqlite::Result readResult = rc == SQLITE_ROW ? Sqlite::Result{} : Sqlite::failure(m_db, rc);
    sqlite3_reset(read);
    if (!readResult.ok())
        return readResult;
    const qint64 today = Time::floorDiv(Time::nowNs(), 24 * Time::kNanosPerHour);
    if (stored && today <= *stored) {
        end = *stored; // the clock going back takes no day out
        return {};
    }
    for (const char *sql : kAddDaysSql) {
        Sqlite::Statement stmt;
        Sqlite::Result r = stmt.prepare(m_db, sql);
        if (r.ok()) {
            if (stored)
                sqlite3_bind_int64(stmt.get(), 1, *stored);
            sqlite3_bind_int64(stmt.get(), 2, today); // SQLITE_RANGE for the DELETE, which has no ?2
            r = step(stmt.get());
        }
        if (!r.ok())
            return r;
    }
    end = today;
    return {};
}

Sqlite::Result StorageWriter::Worker::writeSessionDays(const QHash<AttrKey, AttrSums> &attr, qint64 end)
{
    QHash<std::pair<qint64, QString>, AttrSums> days; // (day, session) -> sums
    QSet<std::pair<qint64, QString>> movedOut;
    for (auto it = attr.cbegin(); it != attr.cend(); ++it) {
        const qint64 day = Time::floorDiv(it.key().hour, 24);
        if (it.key().dimension != kSessionDimension || day >= end)
            continue;
        days[{day, it.key().value}].merge(it.value());
        if (it.value().calls <= 0) // calls moved out, or in and out again: its hour row may be gone
            movedOut.insert({day, it.key().value});
    }
    sqlite3_stmt *const up = m_upsertSessionDay.get();
    sqlite3_stmt *const totals = m_upsertSessionDayTotals.get();
    QSet<QString> relink;
    for (auto it = days.cbegin(); it != days.cend(); ++it) {
        const AttrSums &s = it.value();
        if (static_cast<const RollupSums &>(s) == RollupSums() && s.agents.isEmpty())
            continue; // moved away and back within this transaction
        const qint64 day = it.key().first;
        const QString &session = it.key().second;
        const qint64 values[] = {s.calls,           s.inputTokens,     s.outputTokens,
                                 s.reasoningTokens, s.cacheReadTokens, s.cacheWriteTokens,
                                 s.costMicros,      s.unpricedCalls,   s.errorCalls};
        sqlite3_bind_int64(up, 1, day);
        bindKey(up, 2, session);
        for (int i = 0; i < int(std::size(values)); ++i)
            sqlite3_bind_int64(up, 3 + i, values[i]);
        bindSessionSpan(up, 12, s);
        int rc = sqlite3_step(up); // RETURNING: the change is made by the first step
        const qint64 calls = rc == SQLITE_ROW ? sqlite3_column_int64(up, 0) : 0;
        if (rc == SQLITE_ROW)
            rc = sqlite3_step(up);
        const Sqlite::Result r = rc == SQLITE_DONE ? Sqlite::Result{} : Sqlite::failure(m_db, rc);
        sqlite3_reset(up);
        sqlite3_clear_bindings(up);
        if (!r.ok())
            return r;
        // Rows with calls <= 0 are deleted, so a row holding only this change's calls is new.
        const bool added = calls == s.calls;
        const bool emptied = calls <= 0;
        if (emptied) {
            sqlite3_bind_int64(m_deleteEmptySessionDay.get(), 1, day);
            bindKey(m_deleteEmptySessionDay.get(), 2, session);
            if (Sqlite::Result deleted = step(m_deleteEmptySessionDay.get()); !deleted.ok())
                return deleted;
        }
        sqlite3_bind_int64(totals, 1, day);
        sqlite3_bind_int64(totals, 2, (added ? 1 : 0) - (emptied ? 1 : 0));
        for (int i = 0; i < int(std::size(values)); ++i)
            sqlite3_bind_int64(totals, 3 + i, values[i]);
        if (Sqlite::Result t = step(totals); !t.ok())
            return t;
        if (added != emptied)
            relink.insert(session);
    }
    for (const auto &[day, session] : std::as_const(movedOut)) {
        sqlite3_bind_int64(m_respanSessionDay.get(), 1, day);
        bindKey(m_respanSessionDay.get(), 2, session);
        if (Sqlite::Result r = step(m_respanSessionDay.get()); !r.ok())
            return r;
    }
    // A row added or deleted changes the links of the session's later rows.
    for (const QString &session : std::as_const(relink)) {
        bindKey(m_relinkSession.get(), 1, session);
        if (Sqlite::Result r = step(m_relinkSession.get()); !r.ok())
            return r;
    }
    return {};
}

Sqlite::Result StorageWriter::Worker::writeRollup(const QHash<RollupKey, RollupSums> &sums, Rollup table)
{
    // Sums moved away from a key are negative: the row they leave is deleted once it has no calls.
    const bool bySession = table == Rollup::Session;
    const bool byUser = table == Rollup::User || table == Rollup::UserDay || bySession;
    sqlite3_stmt *const up = table == Rollup::Hourly    ? m_upsertRollup.get()
                             : table == Rollup::Quarter ? m_upsertQuarterRollup.get()
                             : table == Rollup::User    ? m_upsertUserRollup.get()
                             : bySession                ? m_upsertSessionRollup.get()
                                                        : m_upsertUserDayRollup.get();
    sqlite3_stmt *const del = table == Rollup::Hourly    ? m_deleteEmptyRollup.get()
                              : table == Rollup::Quarter ? m_deleteEmptyQuarterRollup.get()
                              : table == Rollup::User    ? m_deleteEmptyUserRollup.get()
                              : bySession                ? m_deleteEmptySessionRollup.get()
                                                         : m_deleteEmptyUserDayRollup.get();
    for (auto it = sums.cbegin(); it != sums.cend(); ++it) {
        const RollupKey &k = it.key();
        const RollupSums &s = it.value();
        if (s == RollupSums())
            continue; // moved away and back within this transaction
        bindRollupKey(up, k, byUser ? 15 : 0, bySession ? 16 : 0);
        const qint64 values[] = {s.calls,           s.inputTokens,     s.outputTokens,
                                 s.reasoningTokens, s.cacheReadTokens, s.cacheWriteTokens,
                                 s.costMicros,      s.unpricedCalls,   s.errorCalls};
        for (int i = 0; i < int(std::size(values)); ++i)
            sqlite3_bind_int64(up, 6 + i, values[i]);
        if (Sqlite::Result r = step(up); !r.ok())
            return r;
        if (s.calls < 0) {
            bindRollupKey(del, k, byUser ? 6 : 0, bySession ? 7 : 0);
            if (Sqlite::Result r = step(del); !r.ok())
                return r;
        }
    }
    return {};
}

Sqlite::Result StorageWriter::Worker::writeMinuteBounds(const QHash<qint64, MinuteBounds> &bounds)
{
    sqlite3_stmt *const up = m_upsertMinuteBounds.get();
    for (auto it = bounds.cbegin(); it != bounds.cend(); ++it) {
        const MinuteBounds &b = it.value();
        sqlite3_bind_int64(up, 1, it.key());
        int index = 2;
        for (const qint64 v :
             {b.minId, b.maxId, b.minCost, b.maxCost, b.minTokens, b.maxTokens, b.minLatency, b.maxLatency})
            sqlite3_bind_int64(up, index++, v);
        if (Sqlite::Result r = step(up); !r.ok())
            return r;
    }
    return {};
}

Sqlite::Result StorageWriter::Worker::insertSpans(std::vector<Job> &jobs, int &changed)
{
    sqlite3_stmt *const ins = m_insertSpan.get();
    sqlite3_stmt *const upd = m_updateSpan.get();
    for (Job &job : jobs) {
        for (const Model::TraceSpan &span : std::as_const(job.spans)) {
            sqlite3_bind_int64(ins, 1, span.startNs);
            bindKey(ins, 2, span.traceId);
            bindKey(ins, 3, span.spanId);
            bindKey(ins, 4, span.parentSpanId);
            sqlite3_bind_int64(ins, 5, span.endNs);
            const QString kind = Model::traceSpanKindName(span.kind);
            bindKey(ins, 6, kind);
            bindKey(ins, 7, span.name);
            bindKey(ins, 8, span.agentId);
            bindKey(ins, 9, span.sessionId);
            sqlite3_bind_int(ins, 10, span.error ? 1 : 0);
            if (const Sqlite::Result r = step(ins); !r.ok())
                return r;
            const int inserted = sqlite3_changes(m_db);
            job.spansInserted += inserted;
            changed += inserted;
        }
        for (const Model::TraceSpanUpdate &u : std::as_const(job.spanUpdates)) {
            sqlite3_bind_int64(upd, 1, u.startNs);
            bindKey(upd, 2, u.traceId);
            bindKey(upd, 3, u.spanId);
            bindKey(upd, 4, u.agentId);
            bindKey(upd, 5, u.sessionId);
            if (const Sqlite::Result r = step(upd); !r.ok())
                return r;
            changed += sqlite3_changes(m_db);
        }
    }
    return {};
}

Sqlite::Result StorageWriter::Worker::update(std::vector<Job> &jobs, QHash<RollupKey, RollupSums> &rollup,
                                             QHash<RollupKey, RollupSums> &quarterRollup,
                                             QHash<RollupKey, RollupSums> &userRollup,
                                             QHash<RollupKey, RollupSums> &sessionRollup,
                                             QHash<AttrKey, AttrSums> &attr, qint64 &firstHour,
                                             qint64 &lastHour)
{
    sqlite3_stmt *const read = m_readEvent.get();
    sqlite3_stmt *const write = m_updateAttribution.get();
    for (Job &job : jobs) {
        for (const Model::AttributionUpdate &u : std::as_const(job.updates)) {
            const qint64 key = eventKey(u.eventId);
            sqlite3_bind_int64(read, 1, key);
            sqlite3_bind_int64(read, 2, u.startNs);
            const int rc = sqlite3_step(read);
            if (rc != SQLITE_ROW) {
                const Sqlite::Result r = rc == SQLITE_DONE ? Sqlite::Result{} : Sqlite::failure(m_db, rc);
                sqlite3_reset(read);
                sqlite3_clear_bindings(read);
                if (!r.ok())
                    return r;
                continue; // not stored: nothing to re-attribute
            }
            const qint64 hour = Time::floorDiv(sqlite3_column_int64(read, 0), Time::kNanosPerHour);
            const RollupKey before{
                hour, columnText(read, 1), columnText(read, 2), columnText(read, 3), columnText(read, 4), {},
                {}};
            RollupSums sums;
            sums.calls = 1;
            qint64 *const columns[] = {&sums.inputTokens,     &sums.outputTokens,     &sums.reasoningTokens,
                                       &sums.cacheReadTokens, &sums.cacheWriteTokens, &sums.costMicros,
                                       &sums.unpricedCalls,   &sums.errorCalls};
            for (int i = 0; i < int(std::size(columns)); ++i)
                *columns[i] = sqlite3_column_int64(read, 5 + i);
            const QString userBefore = columnText(read, 13);
            const QString taskBefore = columnText(read, 14);
            const QString sessionBefore = columnText(read, 15);
            const qint64 startNs = sqlite3_column_int64(read, 0);
            const qint64 endNs = sqlite3_column_int64(read, 16);
            sqlite3_reset(read);
            sqlite3_clear_bindings(read);

            const QByteArray tags = jsonArray(u.tags);
            sqlite3_bind_int64(write, 1, key);
            Sqlite::bindTextOrNull(write, 2, u.agentId);
            Sqlite::bindTextOrNull(write, 3, u.agentName);
            Sqlite::bindTextOrNull(write, 4, u.taskId);
            Sqlite::bindTextOrNull(write, 5, u.feature);
            Sqlite::bindTextOrNull(write, 6, u.userId);
            Sqlite::bindTextOrNull(write, 7, u.sessionId);
            bindTags(write, 8, tags);
            sqlite3_bind_int64(write, 9, u.startNs);
            if (const Sqlite::Result r = step(write); !r.ok())
                return r;
            ++job.updated;
            firstHour = std::min(firstHour, hour);
            lastHour = std::max(lastHour, hour);
            // The call's sums move from its old key to its new one in each rollup whose key changed.
            const auto move = [&sums](QHash<RollupKey, RollupSums> &table, const RollupKey &from,
                                      const RollupKey &to) {
                if (!(from == to)) {
                    table[from].add(sums, -1);
                    table[to].add(sums, 1);
                }
            };
            const RollupKey after{hour, before.provider, before.model, u.feature, u.agentId, {}, {}};
            move(rollup, before, after);
            RollupKey quarterBefore = before;
            RollupKey quarterAfter = after;
            quarterBefore.hour = quarterAfter.hour = Time::floorDiv(startNs, Time::kNanosPerQuarterHour);
            move(quarterRollup, quarterBefore, quarterAfter);
            RollupKey userBeforeKey = before;
            userBeforeKey.userId = userBefore;
            RollupKey userAfterKey = after;
            userAfterKey.userId = u.userId;
            move(userRollup, userBeforeKey, userAfterKey);
            RollupKey sessionBeforeKey = userBeforeKey;
            sessionBeforeKey.sessionId = sessionBefore;
            RollupKey sessionAfterKey = userAfterKey;
            sessionAfterKey.sessionId = u.sessionId;
            move(sessionRollup, sessionBeforeKey, sessionAfterKey);
            if (userBefore != u.userId) {
                attr[AttrKey{kUserDimension, hour, userBefore}].add(sums, -1, startNs);
                attr[AttrKey{kUserDimension, hour, u.userId}].add(sums, 1, startNs);
            }
            if (taskBefore != u.taskId) {
                attr[AttrKey{kTaskDimension, hour, taskBefore}].add(sums, -1, startNs);
                attr[AttrKey{kTaskDimension, hour, u.taskId}].add(sums, 1, startNs);
            }
            if (sessionBefore != u.sessionId) {
                attr[AttrKey{kSessionDimension, hour, sessionBefore}].add(sums, -1, startNs);
                AttrSums &into = attr[AttrKey{kSessionDimension, hour, u.sessionId}];
                into.add(sums, 1, startNs);
                into.addCall(startNs, endNs, u.agentId, true);
            } else if (!u.agentId.isEmpty()) {
                attr[AttrKey{kSessionDimension, hour, u.sessionId}].addCall(startNs, endNs, u.agentId, true);
            }
        }
    }
    return {};
}

void StorageWriter::Worker::clear(Job &job)
{
    Q_ASSERT(QThread::currentThread() == m_thread.get());
    Sqlite::Result r = begin();
    for (const char *sql : kClearSourceSql) {
        if (!r.ok())
            break;
        Sqlite::Statement stmt;
        r = stmt.prepare(m_db, sql);
        if (r.ok() && sqlite3_bind_parameter_count(stmt.get()) > 0)
            Sqlite::bindTextOrNull(stmt.get(), 1, *job.clearSource);
        if (r.ok())
            r = step(stmt.get());
    }
    if (r.ok())
        r = Sqlite::exec(m_db, "COMMIT");
    WriteResult result;
    if (!r.ok()) {
        Sqlite::exec(m_db, "ROLLBACK");
        result.error = sqlError(r);
        qCWarning(lcStorage) << "clearing a source failed:" << r.message;
    }
    complete(job, result);
    if (result.error)
        Q_EMIT m_q->writeFailed(result.error);
    else
        Q_EMIT m_q->eventsRewritten(std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max());
}

namespace {

// Checked before the transaction, so that a malformed write never reaches the database.
Error validateProviderWrite(const ProviderWrite &write)
{
    const auto invalid = [](const QString &message) { return Error(Error::Code::InvalidInput, message); };
    if (write.provider.isEmpty())
        return invalid(QCoreApplication::translate("Burnrate::Storage",
                                                   "The provider data names no provider; "
                                                   "nothing of it was stored."));
    const auto badSpan = [](const Providers::BucketSpan &span) {
        return span.widthNs <= 0 || span.startNs > std::numeric_limits<qint64>::max() - span.widthNs;
    };
    if (std::any_of(write.usageSpans.cbegin(), write.usageSpans.cend(), badSpan) ||
        std::any_of(write.costSpans.cbegin(), write.costSpans.cend(), badSpan))
        return invalid(QCoreApplication::translate("Burnrate::Storage",
                                                   "The provider data of %1 covers a time "
                                                   "span without a valid width; nothing of "
                                                   "it was stored.")
                           .arg(write.provider));
    const auto mismatch = [&](const QString &provider) {
        return invalid(QCoreApplication::translate("Burnrate::Storage", "The provider data of %1 contains a "
                                                                        "bucket of %2; nothing of it was "
                                                                        "stored.")
                           .arg(write.provider, provider.isEmpty() ? QStringLiteral("\"\"") : provider));
    };
    for (const Providers::UsageBucket &b : write.usage) {
        if (b.provider != write.provider)
            return mismatch(b.provider);
    }
    for (const Providers::CostBucket &b : write.costs) {
        if (b.provider != write.provider)
            return mismatch(b.provider);
    }
    if (write.state && write.state->source.isEmpty())
        return invalid(QCoreApplication::translate("Burnrate::Storage",
                                                   "The provider data of %1 has a source "
                                                   "state without a source; nothing of it "
                                                   "was stored.")
                           .arg(write.provider));
    return {};
}

} // namespace

void StorageWriter::Worker::storeProviderData(Job &job)
{
    Q_ASSERT(QThread::currentThread() == m_thread.get());
    const ProviderWrite &write = *job.provider;
    WriteResult result;
    result.error = validateProviderWrite(write);
    if (result.error) {
        qCWarning(lcStorage) << "provider data refused:" << result.error.message;
        complete(job, result);
        return;
    }
    int written = 0;
    Sqlite::Result r = begin();
    if (r.ok())
        r = writeProviderData(write, written);
    if (r.ok())
        r = Sqlite::exec(m_db, "COMMIT");
    if (!r.ok()) {
        Sqlite::exec(m_db, "ROLLBACK");
        result.error = sqlError(r);
        qCWarning(lcStorage) << "storing provider data failed:" << r.message;
    } else {
        result.inserted = written;
    }
    complete(job, result);
    if (result.error)
        Q_EMIT m_q->writeFailed(result.error);
    else
        Q_EMIT m_q->providerDataStored(write.provider);
}

Sqlite::Result StorageWriter::Worker::writeProviderData(const ProviderWrite &write, int &written)
{
    const auto deleteSpans = [&](const char *sql, const QList<Providers::BucketSpan> &spans) {
        Sqlite::Statement stmt;
        Sqlite::Result r = spans.isEmpty() ? Sqlite::Result{} : stmt.prepare(m_db, sql);
        for (auto span = spans.cbegin(); r.ok() && span != spans.cend(); ++span) {
            bindKey(stmt.get(), 1, write.provider);
            sqlite3_bind_int64(stmt.get(), 2, span->startNs);
            sqlite3_bind_int64(stmt.get(), 3, span->startNs + span->widthNs);
            r = step(stmt.get());
        }
        return r;
    };
    Sqlite::Result r = deleteSpans(kDeleteUsageSql, write.usageSpans);
    if (r.ok())
        r = deleteSpans(kDeleteCostsSql, write.costSpans);

    if (r.ok() && !write.usage.isEmpty()) {
        Sqlite::Statement stmt;
        r = stmt.prepare(m_db, kUpsertUsageSql);
        sqlite3_stmt *const s = stmt.get();
        for (auto b = write.usage.cbegin(); r.ok() && b != write.usage.cend(); ++b) {
            sqlite3_bind_int64(s, 1, b->bucketStartNs);
            bindKey(s, 2, b->provider);
            sqlite3_bind_int64(s, 3, b->bucketWidthNs);
            bindKey(s, 4, b->model);
            bindKey(s, 5, b->projectId);
            bindKey(s, 6, b->apiKeyId);
            bindKey(s, 7, b->serviceTier);
            sqlite3_bind_int64(s, 8, b->inputTokens);
            sqlite3_bind_int64(s, 9, b->cacheReadTokens);
            sqlite3_bind_int64(s, 10, b->cacheWriteTokens);
            sqlite3_bind_int64(s, 11, b->cacheWrite5mTokens);
            sqlite3_bind_int64(s, 12, b->cacheWrite1hTokens);
            sqlite3_bind_int64(s, 13, b->outputTokens);
            sqlite3_bind_int64(s, 14, b->requests < 0 ? -1 : b->requests);
            r = step(s);
            written += r.ok();
        }
    }
    if (r.ok() && !write.costs.isEmpty()) {
        Sqlite::Statement stmt;
        r = stmt.prepare(m_db, kUpsertCostSql);
        sqlite3_stmt *const s = stmt.get();
        for (auto b = write.costs.cbegin(); r.ok() && b != write.costs.cend(); ++b) {
            sqlite3_bind_int64(s, 1, b->bucketStartNs);
            bindKey(s, 2, b->provider);
            sqlite3_bind_int64(s, 3, b->bucketWidthNs);
            bindKey(s, 4, b->projectId);
            bindKey(s, 5, b->lineItem);
            bindKey(s, 6, b->model);
            sqlite3_bind_int64(s, 7, b->costMicros);
            r = step(s);
            written += r.ok();
        }
    }
    if (r.ok() && write.state) {
        const SourceState &state = *write.state;
        Sqlite::Statement stmt;
        r = stmt.prepare(m_db, kSaveStateSql);
        if (r.ok()) {
            sqlite3_stmt *const s = stmt.get();
            bindKey(s, 1, state.source);
            sqlite3_bind_int64(s, 2, state.cursorNs);
            sqlite3_bind_int64(s, 3, state.backfillFromNs);
            sqlite3_bind_int64(s, 4, state.lastAttemptNs);
            sqlite3_bind_int64(s, 5, state.lastSuccessNs);
            bindKey(s, 6, state.lastError);
            sqlite3_bind_int64(s, 7, state.rowsImported);
            bindKey(s, 8, state.detail);
            r = step(s);
        }
    }
    return r;
}

StorageWriter::StorageWriter(QString databasePath, QObject *parent)
    : QObject(parent)
    , m_worker(std::make_unique<Worker>(this, std::move(databasePath)))
{}

StorageWriter::~StorageWriter()
{
    stop();
}

bool StorageWriter::start(Error *error)
{
    if (m_worker->m_thread)
        return true;
    {
        std::lock_guard lock(m_worker->m_mutex);
        m_worker->m_stopping = false;
    }
    std::promise<Error> opened;
    std::future<Error> result = opened.get_future();
    m_worker->m_thread.reset(QThread::create([worker = m_worker.get(), &opened] { worker->run(opened); }));
    m_worker->m_thread->setObjectName(QStringLiteral("burnrate-storage"));
    m_worker->m_thread->start();
    const Error e = result.get();
    if (e) {
        m_worker->m_thread->wait();
        m_worker->m_thread.reset();
        if (error)
            *error = e;
        return false;
    }
    std::lock_guard lock(m_worker->m_mutex);
    m_worker->m_accepting = true;
    return true;
}

void StorageWriter::stop()
{
    if (!m_worker->m_thread)
        return;
    {
        std::lock_guard lock(m_worker->m_mutex);
        m_worker->m_accepting = false;
        m_worker->m_stopping = true;
    }
    m_worker->m_wake.notify_all();
    m_worker->m_thread->wait();
    m_worker->m_thread.reset();
}

void StorageWriter::submit(QList<Model::UsageEvent> events, QObject *context, Completion done)
{
    submit(std::move(events), {}, context, std::move(done));
}

void StorageWriter::submit(QList<Model::UsageEvent> events, QList<Model::AttributionUpdate> updates,
                           QObject *context, Completion done)
{
    submit(WriteBatch{std::move(events), std::move(updates), {}, {}}, context, std::move(done));
}

void StorageWriter::submit(WriteBatch batch, QObject *context, Completion done)
{
    Worker::Job job = m_worker->makeJob(context, std::move(done));
    job.events = std::move(batch.events);
    job.updates = std::move(batch.updates);
    job.spans = std::move(batch.spans);
    job.spanUpdates = std::move(batch.spanUpdates);
    m_worker->enqueue(std::move(job));
}

qint64 StorageWriter::pendingEvents() const
{
    return m_worker->m_pending.load();
}

void StorageWriter::submitProviderData(ProviderWrite write, QObject *context, Completion done)
{
    Worker::Job job = m_worker->makeJob(context, std::move(done));
    job.provider = std::move(write);
    m_worker->enqueue(std::move(job));
}

void StorageWriter::clearSource(const QString &source, QObject *context, Completion done)
{
    Worker::Job job = m_worker->makeJob(context, std::move(done));
    job.clearSource = source;
    m_worker->enqueue(std::move(job));
}

} // namespace Burnrate::Storage

#include "storagewriter.moc"
