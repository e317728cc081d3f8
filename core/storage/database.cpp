#include "database.h"

#include "agentset.h"
#include "common/logging.h"
#include "eventkey.h"
#include "sqliteutil.h"
#include "walbuffer.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlError>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>
#include <iterator>

namespace Burnrate::Storage {

namespace {

// "BURN" in the database header's application_id: tells our files from other programs' SQLite files.
constexpr qint64 kApplicationId = 0x4255524E;

// The quarter hour of a time in nanoseconds: a floor division, as in C++.
// clang-format off
#define BURNRATE_QUARTER_OF(ns) \
    "(CASE WHEN " ns " >= 0 THEN " ns " / 900000000000 ELSE (" ns " + 1) / 900000000000 - 1 END)"
// A trigger's statements that count (`delta` "1") or uncount ("-1") a rollup_session_day row (`row` NEW or
// OLD) in session_day_quarters when its first start and last end are known ...
#define BURNRATE_COUNT_SESSION_DAY(row, delta) \
    "INSERT INTO session_day_quarters(day, quarter, firsts, lasts) " \
    "SELECT " row ".day, " BURNRATE_QUARTER_OF(row ".first_ns") ", " delta ", 0 " \
    "WHERE " row ".first_ns IS NOT NULL AND " row ".last_ns IS NOT NULL " \
    "ON CONFLICT DO UPDATE SET firsts = firsts + excluded.firsts; " \
    "INSERT INTO session_day_quarters(day, quarter, firsts, lasts) " \
    "SELECT " row ".day, " BURNRATE_QUARTER_OF(row ".last_ns") ", 0, " delta " " \
    "WHERE " row ".first_ns IS NOT NULL AND " row ".last_ns IS NOT NULL " \
    "ON CONFLICT DO UPDATE SET lasts = lasts + excluded.lasts; "
// ... and drops the quarters an uncounted row left at zero.
#define BURNRATE_DROP_EMPTY_QUARTERS(row) \
    "DELETE FROM session_day_quarters WHERE day = " row ".day AND firsts = 0 AND lasts = 0 " \
    "AND quarter IN (" BURNRATE_QUARTER_OF(row ".first_ns") ", " BURNRATE_QUARTER_OF(row ".last_ns") ");"
// clang-format on

// kMigrations[i] takes a database from user_version i to i + 1, in its own transaction. To change the
// schema, append a step and raise kSchemaVersion; never edit a step that has shipped.
constexpr const char *kMigrations[] = {
    // v1: raw events, the hourly rollup, and a key/value table for small settings. The rollup leaves out
    // user and session: with hundreds of users it would be nearly as large as the events it sums.
    // Events are unique on (ts_start_ns, event_id), not on event_id alone: a re-delivered span has the
    // same start time, and an index in time order takes an insert on the few pages at its end, where a
    // unique index on random trace ids costs a random page per event (3x the insert rate,
    // docs/performance.md). For the same reason there is no trace_id index: a trace's calls are found
    // in the time range of the query.
    R"sql(
PRAGMA application_id = 1112887886; -- kApplicationId
CREATE TABLE usage_events(
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    source TEXT,
    ts_start_ns INTEGER NOT NULL,
    ts_end_ns INTEGER NOT NULL,
    provider TEXT,
    model TEXT,
    model_requested TEXT,
    operation TEXT,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    cost_micros INTEGER NOT NULL DEFAULT 0,
    cost_source TEXT NOT NULL,
    agent_id TEXT,
    agent_name TEXT,
    task_id TEXT,
    feature TEXT,
    user_id TEXT,
    session_id TEXT,
    tags TEXT,
    trace_id TEXT,
    span_id TEXT,
    parent_span_id TEXT,
    response_id TEXT,
    latency_ms INTEGER,
    ttft_ms INTEGER,
    error INTEGER NOT NULL DEFAULT 0,
    error_type TEXT,
    service_name TEXT,
    environment TEXT,
    content TEXT
);
CREATE UNIQUE INDEX usage_events_ts ON usage_events(ts_start_ns, event_id);
CREATE INDEX usage_events_session_ts ON usage_events(session_id, ts_start_ns);
CREATE TABLE rollup_hourly(
    hour INTEGER NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    feature TEXT NOT NULL DEFAULT '',
    agent_id TEXT NOT NULL DEFAULT '',
    calls INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    cost_micros INTEGER NOT NULL DEFAULT 0,
    unpriced_calls INTEGER NOT NULL DEFAULT 0,
    error_calls INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(hour, provider, model, feature, agent_id)
) WITHOUT ROWID;
CREATE TABLE meta(key TEXT PRIMARY KEY, value);
)sql",
    // v2: the providers' own figures (providerstore.h). A bucket's key leads with its start so that time
    // ranges (reports, a re-polled window) are searches on the key; a dimension the provider left null is
    // ''. requests -1: the provider does not count them. source_state: one row per polled endpoint.
    R"sql(
CREATE TABLE provider_usage(
    bucket_start_ns INTEGER NOT NULL,
    provider TEXT NOT NULL,
    bucket_width_ns INTEGER NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    project_id TEXT NOT NULL DEFAULT '',
    api_key_id TEXT NOT NULL DEFAULT '',
    service_tier TEXT NOT NULL DEFAULT '',
    input_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_5m_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    requests INTEGER NOT NULL DEFAULT -1,
    PRIMARY KEY(bucket_start_ns, provider, bucket_width_ns, model, project_id, api_key_id, service_tier)
) WITHOUT ROWID;
CREATE TABLE provider_costs(
    bucket_start_ns INTEGER NOT NULL,
    provider TEXT NOT NULL,
    bucket_width_ns INTEGER NOT NULL,
    project_id TEXT NOT NULL DEFAULT '',
    line_item TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    cost_micros INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(bucket_start_ns, provider, bucket_width_ns, project_id, line_item, model)
) WITHOUT ROWID;
CREATE TABLE source_state(
    source TEXT PRIMARY KEY,
    cursor_ns INTEGER NOT NULL DEFAULT 0,
    backfill_from_ns INTEGER NOT NULL DEFAULT 0,
    last_attempt_ns INTEGER NOT NULL DEFAULT 0,
    last_success_ns INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    rows_imported INTEGER NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT ''
);
)sql",
    // v3: budgets and alerts (core/budgets/budgetstore.h). A budget's tier state is its TierState as
    // JSON; alerts keep the budget's name so that they outlive it; anomaly_state is the rolling
    // detector's memory per scope, so a restart neither repeats an alarm nor averages it into a baseline.
    R"sql(
CREATE TABLE budgets(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    scope_dim TEXT NOT NULL,
    scope_value TEXT NOT NULL DEFAULT '',
    period TEXT NOT NULL,
    tz TEXT NOT NULL,
    limit_micros INTEGER NOT NULL,
    tiers TEXT NOT NULL,
    forecast_alert INTEGER NOT NULL DEFAULT 0,
    webhook_url TEXT NOT NULL DEFAULT '',
    created_at_ns INTEGER NOT NULL
);
CREATE TABLE budget_state(
    budget_id INTEGER PRIMARY KEY REFERENCES budgets(id) ON DELETE CASCADE,
    state TEXT NOT NULL
);
CREATE TABLE alerts(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    budget_id INTEGER REFERENCES budgets(id) ON DELETE SET NULL,
    budget_name TEXT,
    tier INTEGER NOT NULL DEFAULT 0,
    scope TEXT NOT NULL DEFAULT '',
    value_micros INTEGER NOT NULL DEFAULT 0,
    limit_micros INTEGER NOT NULL DEFAULT 0,
    fired_at_ns INTEGER NOT NULL,
    acknowledged INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX alerts_fired ON alerts(fired_at_ns);
CREATE TABLE anomaly_state(scope TEXT PRIMARY KEY, state TEXT NOT NULL);
)sql",
    // v4: the non-billable spans of traces (agents, tool executions, workflow wrappers; contract in
    // core/model/tracespan.h), keyed in time order like usage_events so that an insert lands at the end of
    // the key; a trace's spans are found by trace_id within a time range. A budget's kill_action says what
    // its escalation asks of the kill switch (none | observe | enforce). monitor_state: the budget
    // monitor's other memory (the loop detector's read position and alarms), as JSON per key.
    R"sql(
CREATE TABLE trace_spans(
    ts_start_ns INTEGER NOT NULL,
    trace_id TEXT NOT NULL,
    span_id TEXT NOT NULL,
    parent_span_id TEXT NOT NULL DEFAULT '',
    ts_end_ns INTEGER NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    agent_id TEXT NOT NULL DEFAULT '',
    session_id TEXT NOT NULL DEFAULT '',
    error INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(ts_start_ns, trace_id, span_id)
) WITHOUT ROWID;
ALTER TABLE budgets ADD COLUMN kill_action TEXT NOT NULL DEFAULT 'none';
CREATE TABLE monitor_state(key TEXT PRIMARY KEY, state TEXT NOT NULL);
)sql",
    // v5: the kill switch's audit trail (core/killswitch/killswitchaudit.h): who changed the switch, when,
    // what and why, how it ended and the document version the store confirmed. Never holds a credential.
    R"sql(
CREATE TABLE killswitch_audit(
    id INTEGER PRIMARY KEY,
    at_ns INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    store TEXT NOT NULL DEFAULT ''
);
CREATE INDEX killswitch_audit_at ON killswitch_audit(at_ns);
)sql",
    // v6: the user and task rollup beside rollup_hourly (issue: reports and user budgets read raw events).
    // One row per (dimension, hour, value); value '' holds the calls without one, so "none" is served too
    // and each dimension's rows of an hour add up to that hour's rollup_hourly rows. The key leads with the
    // dimension so that a report or budget of one dimension reads only its own rows. Filled from the stored
    // events; the writer keeps it in step in the same transaction as rollup_hourly.
    R"sql(
CREATE TABLE rollup_attr(
    dimension TEXT NOT NULL, -- 'user' | 'task'
    hour INTEGER NOT NULL,
    value TEXT NOT NULL DEFAULT '',
    calls INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    cost_micros INTEGER NOT NULL DEFAULT 0,
    unpriced_calls INTEGER NOT NULL DEFAULT 0,
    error_calls INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(dimension, hour, value)
) WITHOUT ROWID;
INSERT INTO rollup_attr
    SELECT 'user', CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 3600000000000
                        ELSE (ts_start_ns + 1) / 3600000000000 - 1 END, coalesce(user_id, ''), count(*),
        sum(input_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cache_read_tokens),
        sum(cache_write_tokens), sum(cost_micros), sum(cost_source = 'unpriced'), sum(error <> 0)
    FROM usage_events GROUP BY 2, 3;
INSERT INTO rollup_attr
    SELECT 'task', CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 3600000000000
                        ELSE (ts_start_ns + 1) / 3600000000000 - 1 END, coalesce(task_id, ''), count(*),
        sum(input_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cache_read_tokens),
        sum(cache_write_tokens), sum(cost_micros), sum(cost_source = 'unpriced'), sum(error <> 0)
    FROM usage_events GROUP BY 2, 3;
)sql",
    // v7: sessions move from an index to the rollup. usage_events_session_ts took a random page per call on
    // every commit (about a third of the ingest cost, docs/performance.md); session rows in rollup_attr are
    // keyed by hour first, so a commit touches only the current hour's rows, and they answer the session
    // list and grouping without reading the calls. A session's calls are found through the hours its rows
    // name, then the start-time index. first_ns/last_ns: the earliest start and latest end of the row's
    // calls (kept for rows written from v7 on; NULL in user and task rows written before). agents: a
    // session row's distinct agent ids as a JSON array, '' for none and for user and task rows.
    R"sql(
DROP INDEX IF EXISTS usage_events_session_ts;
ALTER TABLE rollup_attr ADD COLUMN first_ns INTEGER;
ALTER TABLE rollup_attr ADD COLUMN last_ns INTEGER;
ALTER TABLE rollup_attr ADD COLUMN agents TEXT NOT NULL DEFAULT '';
INSERT INTO rollup_attr
    SELECT 'session', CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 3600000000000
                           ELSE (ts_start_ns + 1) / 3600000000000 - 1 END, coalesce(session_id, ''), count(*),
        sum(input_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cache_read_tokens),
        sum(cache_write_tokens), sum(cost_micros), sum(cost_source = 'unpriced'), sum(error <> 0),
        min(ts_start_ns), max(ts_end_ns),
        coalesce(nullif(json_group_array(DISTINCT agent_id) FILTER (WHERE agent_id > ''), '[]'), '')
    FROM usage_events GROUP BY 2, 3;
)sql",
    // v8: events are unique on (ts_start_ns, event_key), a 64-bit hash of the event id (eventkey.h), and an
    // OTLP span's id, which repeats its trace and span ids, is stored as ''. The 55-character id was in the
    // row and in the index, a quarter of an event's bytes and of the commit's page writes. The index is
    // dropped before the rewrite and built once after it. burnrate_event_key() is registered by open().
    R"sql(
ALTER TABLE usage_events ADD COLUMN event_key INTEGER NOT NULL DEFAULT 0;
DROP INDEX usage_events_ts;
UPDATE usage_events SET event_key = burnrate_event_key(event_id),
    event_id = CASE WHEN event_id = 'otlp:' || trace_id || ':' || span_id THEN '' ELSE event_id END;
CREATE UNIQUE INDEX usage_events_ts ON usage_events(ts_start_ns, event_key);
)sql",
    // v9: rollup_hourly by user as well. A report of users with provider, model, feature or agent (who
    // spends on this feature?) read every event of its range, since users have calls in every hour: 0.4-0.8 s
    // for a week of 10 M events. Kept by the writer in the same transaction as rollup_hourly; its rows of an
    // hour add up to rollup_hourly's. User ids as in rollup_attr: '' for none.
    R"sql(
CREATE TABLE rollup_user(
    hour INTEGER NOT NULL,
    user_id TEXT NOT NULL DEFAULT '',
    provider TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    feature TEXT NOT NULL DEFAULT '',
    agent_id TEXT NOT NULL DEFAULT '',
    calls INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    cost_micros INTEGER NOT NULL DEFAULT 0,
    unpriced_calls INTEGER NOT NULL DEFAULT 0,
    error_calls INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(hour, user_id, provider, model, feature, agent_id)
) WITHOUT ROWID;
INSERT INTO rollup_user
    SELECT CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 3600000000000
                ELSE (ts_start_ns + 1) / 3600000000000 - 1 END, coalesce(user_id, ''), coalesce(provider, ''),
        coalesce(model, ''), coalesce(feature, ''), coalesce(agent_id, ''), count(*), sum(input_tokens),
        sum(output_tokens), sum(reasoning_tokens), sum(cache_read_tokens), sum(cache_write_tokens),
        sum(cost_micros), sum(cost_source = 'unpriced'), sum(error <> 0)
    FROM usage_events GROUP BY 1, 2, 3, 4, 5, 6;
)sql",
    // v10: rollup_user by UTC day (days since 1970-01-01) for the days before meta's rollup_user_day_end.
    // Two dimensions with the user over a month read 651 k rollup_user rows in the bench data, 103 k of
    // these. The writer adds a day once it is over (not with every commit, which would cost ingest an
    // upsert per group again) and keeps the days it covers in step with late calls, re-attributions and
    // cleared sources. Every day before the end has its rows here; the current day only in rollup_user.
    R"sql(
CREATE TABLE rollup_user_day(
    day INTEGER NOT NULL,
    user_id TEXT NOT NULL DEFAULT '',
    provider TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    feature TEXT NOT NULL DEFAULT '',
    agent_id TEXT NOT NULL DEFAULT '',
    calls INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    cost_micros INTEGER NOT NULL DEFAULT 0,
    unpriced_calls INTEGER NOT NULL DEFAULT 0,
    error_calls INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(day, user_id, provider, model, feature, agent_id)
) WITHOUT ROWID;
INSERT OR REPLACE INTO meta(key, value) VALUES('rollup_user_day_end', unixepoch() / 86400);
INSERT INTO rollup_user_day
    SELECT CASE WHEN hour >= 0 THEN hour / 24 ELSE (hour + 1) / 24 - 1 END, user_id, provider, model, feature,
        agent_id, sum(calls), sum(input_tokens), sum(output_tokens), sum(reasoning_tokens),
        sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), sum(unpriced_calls),
        sum(error_calls)
    FROM rollup_user WHERE hour < (SELECT value FROM meta WHERE key = 'rollup_user_day_end') * 24
    GROUP BY 1, 2, 3, 4, 5, 6;
)sql",
    // v11: rollup_attr's session rows by UTC day, for the same days as rollup_user_day (before meta's
    // rollup_user_day_end, which now ends both). A month has 835 k session rows in the bench data, one per
    // session nearly, so the top sessions of a range cannot be found by adding them up within 100 ms; here
    // they are read from each day's rows in cost order (rollup_session_day_cost). prev_day: the session's
    // latest earlier day in the table, NULL for none; the few rows that have one (1,766 sessions of 834 k
    // span days in the bench data) are the only sessions whose total over days needs more than one row, and
    // rollup_session_day_linked finds them. '' is the calls without a session, as in rollup_attr.
    // session_day_totals: each day's rows counted and summed (the sessions beyond the top ones are shown as
    // "Other (N groups)"; counting a month's rows took 35 ms).
    R"sql(
CREATE TABLE rollup_session_day(
    day INTEGER NOT NULL,
    session_id TEXT NOT NULL DEFAULT '',
    calls INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    cost_micros INTEGER NOT NULL DEFAULT 0,
    unpriced_calls INTEGER NOT NULL DEFAULT 0,
    error_calls INTEGER NOT NULL DEFAULT 0,
    prev_day INTEGER,
    PRIMARY KEY(day, session_id)
) WITHOUT ROWID;
INSERT INTO rollup_session_day
    SELECT CASE WHEN hour >= 0 THEN hour / 24 ELSE (hour + 1) / 24 - 1 END, value, sum(calls),
        sum(input_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cache_read_tokens),
        sum(cache_write_tokens), sum(cost_micros), sum(unpriced_calls), sum(error_calls), NULL
    FROM rollup_attr WHERE dimension = 'session' AND hour < (SELECT value FROM meta
        WHERE key = 'rollup_user_day_end' AND typeof(value) = 'integer') * 24
    GROUP BY 1, 2;
CREATE INDEX rollup_session_day_session ON rollup_session_day(session_id, day);
UPDATE rollup_session_day SET prev_day = (SELECT max(p.day) FROM rollup_session_day p
    WHERE p.session_id = rollup_session_day.session_id AND p.day < rollup_session_day.day);
CREATE INDEX rollup_session_day_cost ON rollup_session_day(day, cost_micros DESC);
CREATE INDEX rollup_session_day_linked ON rollup_session_day(day, prev_day) WHERE prev_day IS NOT NULL;
CREATE TABLE session_day_totals(
    day INTEGER PRIMARY KEY,
    sessions INTEGER NOT NULL,
    calls INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    reasoning_tokens INTEGER NOT NULL,
    cache_read_tokens INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    cost_micros INTEGER NOT NULL,
    unpriced_calls INTEGER NOT NULL,
    error_calls INTEGER NOT NULL
);
INSERT INTO session_day_totals
    SELECT day, count(*), sum(calls), sum(input_tokens), sum(output_tokens), sum(reasoning_tokens),
        sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), sum(unpriced_calls), sum(error_calls)
    FROM rollup_session_day GROUP BY day;
)sql",
    // v12: rollup_session_day carries what the Sessions screen shows beside the sums, as rollup_attr's
    // session rows do: the first start and last end of the row's calls and its agents (agentset.h). The
    // screen ranked a month's sessions by adding up a million rollup_attr rows (1.2-1.6 s); it now ranks
    // them as `burnrate report --group-by session` does and reads these for the top ones. Day × session in
    // a zone other than UTC splits a row at the local midnight inside its UTC day; the few rows whose calls
    // may reach past it are those that end after it (rollup_session_day_last), the rows whose calls may
    // reach before it those that start before it (rollup_session_day_first); each holds what counting them
    // needs.
    // burnrate_agents() is registered by open().
    R"sql(
ALTER TABLE rollup_session_day ADD COLUMN first_ns INTEGER;
ALTER TABLE rollup_session_day ADD COLUMN last_ns INTEGER;
ALTER TABLE rollup_session_day ADD COLUMN agents TEXT NOT NULL DEFAULT '';
UPDATE rollup_session_day SET first_ns = a.first_ns, last_ns = a.last_ns, agents = a.agents
    FROM (SELECT CASE WHEN hour >= 0 THEN hour / 24 ELSE (hour + 1) / 24 - 1 END AS day, value,
              CASE WHEN count(first_ns) = count(*) THEN min(first_ns) END AS first_ns,
              CASE WHEN count(last_ns) = count(*) THEN max(last_ns) END AS last_ns,
              burnrate_agents(agents) AS agents
          FROM rollup_attr WHERE dimension = 'session' AND hour < (SELECT value FROM meta
              WHERE key = 'rollup_user_day_end' AND typeof(value) = 'integer') * 24
          GROUP BY 1, 2) AS a
    WHERE rollup_session_day.day = a.day AND rollup_session_day.session_id = a.value;
CREATE INDEX rollup_session_day_last ON rollup_session_day(day, last_ns, first_ns, calls);
CREATE INDEX rollup_session_day_first ON rollup_session_day(day, first_ns, last_ns, calls);
)sql",
    // v13: rollup_hourly by quarter hour. In a zone whose hours or days start on the half or quarter hour
    // (India +05:30, Nepal +05:45, Newfoundland, Adelaide), a local hour or the hour a local midnight falls
    // in is not one of rollup_hourly's: reports by hour there read every call (3.7 s for a month of 10 M
    // events), by day the calls of the hours each midnight splits. Four times rollup_hourly's rows (92 k a
    // month for 10 M events), kept by the writer in the same transaction. The hour and quarter expressions
    // are floor divisions, as in C++.
    R"sql(
CREATE TABLE rollup_quarter(
    quarter INTEGER NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    feature TEXT NOT NULL DEFAULT '',
    agent_id TEXT NOT NULL DEFAULT '',
    calls INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    cost_micros INTEGER NOT NULL DEFAULT 0,
    unpriced_calls INTEGER NOT NULL DEFAULT 0,
    error_calls INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(quarter, provider, model, feature, agent_id)
) WITHOUT ROWID;
INSERT INTO rollup_quarter
    SELECT CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 900000000000
                ELSE (ts_start_ns + 1) / 900000000000 - 1 END,
        coalesce(provider, ''), coalesce(model, ''), coalesce(feature, ''), coalesce(agent_id, ''), count(*),
        sum(input_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cache_read_tokens),
        sum(cache_write_tokens), sum(cost_micros), sum(cost_source = 'unpriced'), sum(error <> 0)
    FROM usage_events GROUP BY 1, 2, 3, 4, 5;
)sql",
    // v14: rollup_attr's rows carry the sums of their calls that start in the hour's first 30 minutes
    // (half_*; the second half is the rest). In a zone whose hours or days start on the half hour, reports of
    // the user, task or session by hour read every call, by day the calls of the hours each midnight splits;
    // they now split each row in two. Columns rather than rows: no more upserts per call. Kept by the writer
    // in the same transaction. The hour and half-hour expressions are floor divisions, as in C++.
    R"sql(
ALTER TABLE rollup_attr ADD COLUMN half_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_attr ADD COLUMN half_input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_attr ADD COLUMN half_output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_attr ADD COLUMN half_cache_read_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_attr ADD COLUMN half_cache_write_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_attr ADD COLUMN half_cost_micros INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_attr ADD COLUMN half_unpriced_calls INTEGER NOT NULL DEFAULT 0;
WITH first_half AS (
    SELECT CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 3600000000000
                ELSE (ts_start_ns + 1) / 3600000000000 - 1 END AS hour,
        user_id, task_id, session_id, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
        cost_micros, cost_source
    FROM usage_events
    WHERE CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 1800000000000
               ELSE (ts_start_ns + 1) / 1800000000000 - 1 END % 2 = 0)
UPDATE rollup_attr SET half_calls = h.calls, half_input_tokens = h.input_tokens,
        half_output_tokens = h.output_tokens, half_cache_read_tokens = h.cache_read_tokens,
        half_cache_write_tokens = h.cache_write_tokens, half_cost_micros = h.cost_micros,
        half_unpriced_calls = h.unpriced_calls
    FROM (SELECT 'user' AS dimension, hour, coalesce(user_id, '') AS value, count(*) AS calls,
            sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
            sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens,
            sum(cost_micros) AS cost_micros, sum(cost_source = 'unpriced') AS unpriced_calls
        FROM first_half GROUP BY 2, 3
        UNION ALL SELECT 'task', hour, coalesce(task_id, ''), count(*), sum(input_tokens), sum(output_tokens),
            sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), sum(cost_source = 'unpriced')
        FROM first_half GROUP BY 2, 3
        UNION ALL SELECT 'session', hour, coalesce(session_id, ''), count(*), sum(input_tokens), sum(output_tokens),
            sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), sum(cost_source = 'unpriced')
        FROM first_half GROUP BY 2, 3) AS h
    WHERE rollup_attr.dimension = h.dimension AND rollup_attr.hour = h.hour AND rollup_attr.value = h.value;
)sql",
    // v15: the same for the first 15 minutes (quarter_*), for zones whose hours start at :15 UTC (Nepal
    // +05:45, Chatham +12:45: every offset of x:45 in use).
    R"sql(
ALTER TABLE rollup_attr ADD COLUMN quarter_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_attr ADD COLUMN quarter_input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_attr ADD COLUMN quarter_output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_attr ADD COLUMN quarter_cache_read_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_attr ADD COLUMN quarter_cache_write_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_attr ADD COLUMN quarter_cost_micros INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_attr ADD COLUMN quarter_unpriced_calls INTEGER NOT NULL DEFAULT 0;
WITH first_quarter AS (
    SELECT CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 3600000000000
                ELSE (ts_start_ns + 1) / 3600000000000 - 1 END AS hour,
        user_id, task_id, session_id, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
        cost_micros, cost_source
    FROM usage_events
    WHERE CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 900000000000
               ELSE (ts_start_ns + 1) / 900000000000 - 1 END % 4 = 0)
UPDATE rollup_attr SET quarter_calls = h.calls, quarter_input_tokens = h.input_tokens,
        quarter_output_tokens = h.output_tokens, quarter_cache_read_tokens = h.cache_read_tokens,
        quarter_cache_write_tokens = h.cache_write_tokens, quarter_cost_micros = h.cost_micros,
        quarter_unpriced_calls = h.unpriced_calls
    FROM (SELECT 'user' AS dimension, hour, coalesce(user_id, '') AS value, count(*) AS calls,
            sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
            sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens,
            sum(cost_micros) AS cost_micros, sum(cost_source = 'unpriced') AS unpriced_calls
        FROM first_quarter GROUP BY 2, 3
        UNION ALL SELECT 'task', hour, coalesce(task_id, ''), count(*), sum(input_tokens), sum(output_tokens),
            sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), sum(cost_source = 'unpriced')
        FROM first_quarter GROUP BY 2, 3
        UNION ALL SELECT 'session', hour, coalesce(session_id, ''), count(*), sum(input_tokens), sum(output_tokens),
            sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), sum(cost_source = 'unpriced')
        FROM first_quarter GROUP BY 2, 3) AS h
    WHERE rollup_attr.dimension = h.dimension AND rollup_attr.hour = h.hour AND rollup_attr.value = h.value;
)sql",
    // v16: for each minute of start time, the lowest and highest row id, cost, tokens (input + output) and
    // latency (-1 when unknown) of its calls. The Calls view sorted by cost, tokens or latency over a month
    // read and sorted every call of it (2-3 s for 10 M); with these bounds a page reads only the minutes
    // that can hold its calls (calls.cpp). One row per minute, so about one upsert per write transaction.
    // A bound may be looser than the calls left (a cleared source's minutes are recomputed), never tighter:
    // every call must be stored through the storage writer, which keeps them.
    // The minute expression is a floor division, as in C++.
    R"sql(
CREATE TABLE minute_bounds(
    minute INTEGER PRIMARY KEY,
    min_id INTEGER NOT NULL,
    max_id INTEGER NOT NULL,
    min_cost INTEGER NOT NULL,
    max_cost INTEGER NOT NULL,
    min_tokens INTEGER NOT NULL,
    max_tokens INTEGER NOT NULL,
    min_latency INTEGER NOT NULL,
    max_latency INTEGER NOT NULL
);
INSERT INTO minute_bounds
    SELECT CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 60000000000 ELSE (ts_start_ns + 1) / 60000000000 - 1 END,
        min(id), max(id), min(cost_micros), max(cost_micros), min(input_tokens + output_tokens),
        max(input_tokens + output_tokens), min(coalesce(latency_ms, -1)), max(coalesce(latency_ms, -1))
    FROM usage_events GROUP BY 1;
)sql",
    // v17: each day's rollup_session_day rows counted by the quarter hour (floor(ns / 15 min)) of their first
    // start (firsts) and of their last end (lasts). Day × session in a zone other than UTC counts each local
    // day's sessions: of a UTC day's rows, those with calls before its local midnight are the ones that
    // start before it, and those that end before it have no calls after it; both are sums of a few dozen
    // rows here, where they were counts of up to half of a month's 835 k rows (70 ms). Local midnights fall
    // on quarter hours. Rows whose first start or last end is unknown are not counted. Triggers keep it, so
    // that every statement that writes rollup_session_day does. A span that ends before it starts (an old
    // schema's, from calls that ended before they started) becomes unknown: the counts need first <= last.
    R"sql(
UPDATE rollup_attr SET first_ns = NULL, last_ns = NULL WHERE dimension = 'session' AND first_ns > last_ns;
UPDATE rollup_session_day SET first_ns = NULL, last_ns = NULL WHERE first_ns > last_ns;
CREATE TABLE session_day_quarters(
    day INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    firsts INTEGER NOT NULL DEFAULT 0,
    lasts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(day, quarter)
) WITHOUT ROWID;
INSERT INTO session_day_quarters(day, quarter, firsts, lasts)
    SELECT day, quarter, sum(first), sum(last) FROM (
        SELECT day, )sql" BURNRATE_QUARTER_OF("first_ns") R"sql( AS quarter, 1 AS first, 0 AS last
            FROM rollup_session_day WHERE first_ns IS NOT NULL AND last_ns IS NOT NULL
        UNION ALL
        SELECT day, )sql" BURNRATE_QUARTER_OF("last_ns") R"sql(, 0, 1
            FROM rollup_session_day WHERE first_ns IS NOT NULL AND last_ns IS NOT NULL)
    GROUP BY day, quarter;
CREATE TRIGGER session_day_quarters_insert AFTER INSERT ON rollup_session_day BEGIN
    )sql" BURNRATE_COUNT_SESSION_DAY("NEW", "1") R"sql(
END;
CREATE TRIGGER session_day_quarters_delete AFTER DELETE ON rollup_session_day BEGIN
    )sql" BURNRATE_COUNT_SESSION_DAY("OLD", "-1") BURNRATE_DROP_EMPTY_QUARTERS("OLD") R"sql(
END;
CREATE TRIGGER session_day_quarters_update AFTER UPDATE OF day, first_ns, last_ns ON rollup_session_day
WHEN OLD.day IS NOT NEW.day OR OLD.first_ns IS NOT NEW.first_ns OR OLD.last_ns IS NOT NEW.last_ns BEGIN
    )sql" BURNRATE_COUNT_SESSION_DAY("OLD", "-1") BURNRATE_DROP_EMPTY_QUARTERS("OLD") R"sql(
    )sql" BURNRATE_COUNT_SESSION_DAY("NEW", "1") R"sql(
END;
)sql",
    // v18: rollup_hourly by session and user as well. The session with provider, model, feature, agent or
    // user (a feature's sessions, feature × session) read every event of its range, since every hour has
    // sessions: 0.9 s for a week of 10 M events, 4-8 s for a month. Kept by the writer in the same
    // transaction as rollup_hourly; its rows of an hour add up to rollup_hourly's. The key leads with the
    // hour
    // and the feature, so that a feature's rows are found by one search per hour (a month has 1.5 M rows),
    // and so does rollup_session_user for a user's; then the session, so that a session's rows of an hour
    // follow each other. Ids as in rollup_attr: '' for none.
    R"sql(
CREATE TABLE rollup_session(
    hour INTEGER NOT NULL,
    feature TEXT NOT NULL DEFAULT '',
    session_id TEXT NOT NULL DEFAULT '',
    agent_id TEXT NOT NULL DEFAULT '',
    provider TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    user_id TEXT NOT NULL DEFAULT '',
    calls INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    cost_micros INTEGER NOT NULL DEFAULT 0,
    unpriced_calls INTEGER NOT NULL DEFAULT 0,
    error_calls INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(hour, feature, session_id, agent_id, provider, model, user_id)
) WITHOUT ROWID;
INSERT INTO rollup_session(hour, feature, session_id, agent_id, provider, model, user_id, calls, input_tokens,
        output_tokens, reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros, unpriced_calls,
        error_calls)
    SELECT CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 3600000000000
                ELSE (ts_start_ns + 1) / 3600000000000 - 1 END, coalesce(feature, ''), coalesce(session_id, ''),
        coalesce(agent_id, ''), coalesce(provider, ''), coalesce(model, ''), coalesce(user_id, ''), count(*),
        sum(input_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cache_read_tokens),
        sum(cache_write_tokens), sum(cost_micros), sum(cost_source = 'unpriced'), sum(error <> 0)
    FROM usage_events GROUP BY 1, 2, 3, 4, 5, 6, 7;
CREATE INDEX rollup_session_user ON rollup_session(hour, user_id);
)sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion, "one migration step per schema version");

constexpr int kBusyTimeoutMs = 5000;       // how long a connection waits for another's write lock
constexpr int kUpgradeWaitMs = 30 * 60000; // ... and for another process's upgrade of a large database

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("burnrate-%1").arg(counter.fetchAndAddRelaxed(1));
}

// What the first read of a file told us.
struct Probe
{
    Sqlite::Result result;
    qint64 objects = 0; // rows of sqlite_master
    qint64 applicationId = 0;
    qint64 userVersion = 0;
};

// The first read of the file: this is where SQLite notices a file that is not a database or is damaged.
// One read transaction, so that a file another connection is creating meanwhile is seen before or after
// its first step, never half-way (tables and a version but no application id yet).
Probe probe(sqlite3 *db)
{
    Probe p;
    p.result = Sqlite::exec(db, "BEGIN");
    if (p.result.ok())
        p.result = Sqlite::queryInt(db, "SELECT count(*) FROM sqlite_master", &p.objects);
    if (p.result.ok())
        p.result = Sqlite::queryInt(db, "PRAGMA application_id", &p.applicationId);
    if (p.result.ok())
        p.result = Sqlite::queryInt(db, "PRAGMA user_version", &p.userVersion);
    Sqlite::exec(db, "ROLLBACK");
    return p;
}

// Switching a new file to WAL needs it to itself; SQLite can answer SQLITE_BUSY without its busy handler
// waiting while another connection reads the file, as when several processes create it at once.
Sqlite::Result useWal(sqlite3 *db, int waitMs)
{
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        Sqlite::Result r = Sqlite::exec(db, "PRAGMA journal_mode=WAL");
        if (r.primary() != SQLITE_BUSY || waited.elapsed() >= waitMs)
            return r;
        QThread::msleep(10);
    }
}

Sqlite::Result migrateStep(sqlite3 *db, int fromVersion)
{
    if (Sqlite::Result r = Sqlite::exec(db, "BEGIN IMMEDIATE"); !r.ok())
        return r;
    // Another process may have run this step while we waited for the write lock.
    qint64 current = 0;
    Sqlite::Result r = Sqlite::queryInt(db, "PRAGMA user_version", &current);
    if (r.ok() && current <= fromVersion) {
        r = Sqlite::exec(db, kMigrations[fromVersion]);
        if (r.ok())
            r = Sqlite::exec(
                db, QByteArray("PRAGMA user_version = " + QByteArray::number(fromVersion + 1)).constData());
    }
    if (r.ok())
        r = Sqlite::exec(db, "COMMIT");
    if (!r.ok())
        Sqlite::exec(db, "ROLLBACK");
    return r;
}

} // namespace

int storedSchemaVersion(const QString &path)
{
    if (!QFileInfo(path).isFile())
        return 0;
    sqlite3 *db = nullptr;
    qint64 version = 0;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK)
        Sqlite::queryInt(db, "PRAGMA user_version", &version);
    sqlite3_close(db);
    return int(version);
}

QString defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/burnrate.sqlite";
}

std::unique_ptr<Connection> Connection::open(const QString &path, Mode mode, Error *error)
{
    installWalWriteBuffer();
    const auto fail = [error](Error e) {
        if (error)
            *error = std::move(e);
        return std::unique_ptr<Connection>();
    };
    const bool readOnly = mode == Mode::ReadOnly;
    if (path.isEmpty())
        return fail(Error(Error::Code::InvalidInput,
                          QCoreApplication::translate("Burnrate::Storage", "No database path was given.")));
    const QFileInfo info(path);
    if (info.isDir())
        return fail(
            Error(Error::Code::InvalidInput,
                  QCoreApplication::translate("Burnrate::Storage", "%1 is a directory, not a database file.")
                      .arg(path)));
    if (readOnly && !info.exists())
        return fail(Error(
            Error::Code::NotFound,
            QCoreApplication::translate("Burnrate::Storage", "The database %1 does not exist.").arg(path)));
    if (!readOnly && !QDir().mkpath(info.absolutePath()))
        return fail(Error(Error::Code::Io, QCoreApplication::translate("Burnrate::Storage",
                                                                       "Cannot create the directory %1 for "
                                                                       "the database.")
                                               .arg(info.absolutePath())));

    std::unique_ptr<Connection> c(new Connection);
    c->m_path = path;
    c->m_name = nextConnectionName();

    // Opens the driver; `immutable` reads a WAL database in a directory where not even the shared-memory
    // file can be created (nobody can write there either, so nothing changes under us).
    const auto openDriver = [&](bool immutable) -> Sqlite::Result {
        c->m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(c->m_name);
        c->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), c->m_name);
        QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs);
        if (readOnly)
            options += u";QSQLITE_OPEN_READONLY";
        if (immutable) {
            options += u";QSQLITE_OPEN_URI";
            c->m_db.setDatabaseName(
                QUrl::fromLocalFile(info.absoluteFilePath()).toString(QUrl::FullyEncoded) + u"?immutable=1");
        } else {
            c->m_db.setDatabaseName(path);
        }
        c->m_db.setConnectOptions(options);
        if (!c->m_db.open()) {
            const int code = c->m_db.lastError().nativeErrorCode().toInt();
            return {code ? code : SQLITE_CANTOPEN, c->m_db.lastError().databaseText()};
        }
        return {};
    };

    if (Sqlite::Result r = openDriver(false); !r.ok()) {
        if (!readOnly && r.primary() == SQLITE_CANTOPEN && !QFileInfo(info.absolutePath()).isWritable())
            return fail(Error(Error::Code::ReadOnly,
                              QCoreApplication::translate("Burnrate::Storage", "Cannot create %1: its "
                                                                               "directory is read-only.")
                                  .arg(path)));
        return fail(Sqlite::databaseError(path, r.code, r.message));
    }
    sqlite3 *db = Sqlite::handle(c->m_db);
    Probe p = probe(db);
    if (readOnly && (p.result.primary() == SQLITE_READONLY || p.result.primary() == SQLITE_CANTOPEN) &&
        QFileInfo(path + u"-wal").size() == 0) {
        if (openDriver(true).ok()) {
            db = Sqlite::handle(c->m_db);
            p = probe(db);
        }
    }
    const Error readOnlyError(Error::Code::ReadOnly,
                              QCoreApplication::translate(
                                  "Burnrate::Storage", "%1 is read-only, but Burnrate needs to write to it. "
                                                       "Check the permissions of the file and its directory, "
                                                       "or open it read-only.")
                                  .arg(path));
    if (!p.result.ok())
        return fail(!readOnly && p.result.primary() == SQLITE_READONLY
                        ? readOnlyError
                        : Sqlite::databaseError(path, p.result.code, p.result.message));

    const bool fresh = p.objects == 0 && p.applicationId == 0 && p.userVersion == 0;
    if (!fresh && p.applicationId != kApplicationId)
        return fail(Error(Error::Code::InvalidInput,
                          QCoreApplication::translate("Burnrate::Storage",
                                                      "%1 is a SQLite database of another program, not a "
                                                      "Burnrate database. Use another --db.")
                              .arg(path)));
    if (p.userVersion > kSchemaVersion)
        return fail(Error(Error::Code::SchemaTooNew,
                          QCoreApplication::translate("Burnrate::Storage",
                                                      "%1 was written by a newer Burnrate (schema %2; this "
                                                      "build understands up to %3). Upgrade Burnrate or use "
                                                      "another --db.")
                              .arg(path)
                              .arg(p.userVersion)
                              .arg(kSchemaVersion)));

    if (readOnly) {
        if (fresh)
            return fail(Error(
                Error::Code::InvalidInput,
                QCoreApplication::translate("Burnrate::Storage", "%1 is empty, not a Burnrate database.")
                    .arg(path)));
        if (p.userVersion < kSchemaVersion)
            return fail(Error(Error::Code::ReadOnly,
                              QCoreApplication::translate(
                                  "Burnrate::Storage", "%1 has an older schema (%2). Open it once with write "
                                                       "access so that Burnrate can upgrade it, or, if "
                                                       "Burnrate is upgrading it now, try again when it is "
                                                       "done.")
                                  .arg(path)
                                  .arg(p.userVersion)));
        c->m_schemaVersion = int(p.userVersion);
        return c;
    }

    // SQLite silently opens a file it may not write read-only; a write transaction alone does not notice
    // that in WAL mode, hence both checks.
    if (sqlite3_db_readonly(db, "main") == 1)
        return fail(readOnlyError);
    Sqlite::Result r = useWal(db, kBusyTimeoutMs);
    if (r.ok())
        r = Sqlite::exec(db, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON");
    if (r.ok() && p.userVersion < kSchemaVersion)
        r = Sqlite::failure(db, registerEventKeyFunction(db));
    if (r.ok()) // for the migrations and the writer's day rows
        r = Sqlite::failure(db, registerAgentsFunction(db));
    const bool upgrade = !fresh && p.userVersion < kSchemaVersion;
    // Steps that rewrite the events take about 40 s per 10 M of them (docs/performance.md §4): say why the
    // start waits. Another process that opens the file meanwhile waits for the upgrade instead of failing
    // after the usual 5 s.
    if (r.ok() && upgrade) {
        qCInfo(lcStorage).noquote() << QStringLiteral("Upgrading %1 from schema %2 to %3…")
                                           .arg(path)
                                           .arg(p.userVersion)
                                           .arg(kSchemaVersion);
        sqlite3_busy_timeout(db, kUpgradeWaitMs);
    }
    for (int v = int(p.userVersion); r.ok() && v < kSchemaVersion; ++v) {
        r = migrateStep(db, v);
        if (!r.ok() && r.primary() != SQLITE_READONLY)
            return fail(
                Error(Sqlite::errorCode(r.code),
                      QCoreApplication::translate("Burnrate::Storage", "Cannot upgrade %1 to schema %2: %3.")
                          .arg(path)
                          .arg(v + 1)
                          .arg(r.message)));
    }
    // A step that rewrote the events left a WAL as large as they are: give the disk space back now, unless
    // another connection is busy with the file. Waiting would hold the write lock while it waits, and make
    // that connection's own writes fail; the next checkpoint gives the space back then.
    if (r.ok() && upgrade) {
        sqlite3_busy_timeout(db, 0);
        if (const Sqlite::Result truncated = Sqlite::exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
            !truncated.ok() && truncated.primary() != SQLITE_BUSY && truncated.primary() != SQLITE_LOCKED)
            r = truncated;
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    if (r.ok())
        r = Sqlite::exec(db, "BEGIN IMMEDIATE; ROLLBACK");
    if (!r.ok())
        return fail(r.primary() == SQLITE_READONLY || r.primary() == SQLITE_CANTOPEN
                        ? readOnlyError
                        : Sqlite::databaseError(path, r.code, r.message));
    c->m_schemaVersion = kSchemaVersion;
    return c;
}

Connection::~Connection()
{
    if (m_name.isEmpty())
        return;
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

void *Connection::sqliteHandle() const
{
    return Sqlite::handle(m_db);
}

} // namespace Burnrate::Storage
