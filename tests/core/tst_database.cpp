#include "../common/sqlrows.h"
#include "common/timeutil.h"
#include "storage/database.h"
#include "storage/eventkey.h"
#include "storage/report.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <sqlite3.h>
#include <thread>
#include <unistd.h>

using namespace Burnrate;
using namespace Burnrate::Storage;
using namespace Qt::StringLiterals;

namespace {

QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        qWarning() << sql << q.lastError().text();
        return {};
    }
    return q.value(0);
}

bool exec(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        qWarning() << sql << q.lastError().text();
        return false;
    }
    return true;
}

QStringList schemaObjects(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.exec(QStringLiteral(
        "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name"));
    QStringList objects;
    while (q.next())
        objects.append(q.value(0).toString());
    return objects;
}

bool undoVersion18(const QSqlDatabase &db)
{
    return exec(db, QStringLiteral("DROP TABLE rollup_session"));
}

bool undoVersion17(const QSqlDatabase &db)
{
    return undoVersion18(db) && exec(db, QStringLiteral("DROP TRIGGER session_day_quarters_insert")) &&
           exec(db, QStringLiteral("DROP TRIGGER session_day_quarters_delete")) &&
           exec(db, QStringLiteral("DROP TRIGGER session_day_quarters_update")) &&
           exec(db, QStringLiteral("DROP TABLE session_day_quarters"));
}

bool undoVersion16(const QSqlDatabase &db)
{
    return undoVersion17(db) && exec(db, QStringLiteral("DROP TABLE minute_bounds"));
}

bool undoVersion15(const QSqlDatabase &db)
{
    if (!undoVersion16(db))
        return false;
    for (const char *column :
         {"quarter_calls", "quarter_input_tokens", "quarter_output_tokens", "quarter_cache_read_tokens",
          "quarter_cache_write_tokens", "quarter_cost_micros", "quarter_unpriced_calls"}) {
        if (!exec(db, u"ALTER TABLE rollup_attr DROP COLUMN "_s + QLatin1String(column)))
            return false;
    }
    return true;
}

bool undoVersion14(const QSqlDatabase &db)
{
    if (!undoVersion15(db))
        return false;
    for (const char *column :
         {"half_calls", "half_input_tokens", "half_output_tokens", "half_cache_read_tokens",
          "half_cache_write_tokens", "half_cost_micros", "half_unpriced_calls"}) {
        if (!exec(db, u"ALTER TABLE rollup_attr DROP COLUMN "_s + QLatin1String(column)))
            return false;
    }
    return true;
}

bool undoVersion13(const QSqlDatabase &db)
{
    return undoVersion14(db) && exec(db, QStringLiteral("DROP TABLE rollup_quarter"));
}

bool undoVersion12(const QSqlDatabase &db)
{
    return undoVersion13(db) && exec(db, QStringLiteral("DROP INDEX rollup_session_day_last")) &&
           exec(db, QStringLiteral("DROP INDEX rollup_session_day_first")) &&
           exec(db, QStringLiteral("ALTER TABLE rollup_session_day DROP COLUMN first_ns")) &&
           exec(db, QStringLiteral("ALTER TABLE rollup_session_day DROP COLUMN last_ns")) &&
           exec(db, QStringLiteral("ALTER TABLE rollup_session_day DROP COLUMN agents"));
}

bool undoVersion11(const QSqlDatabase &db)
{
    return undoVersion13(db) && exec(db, QStringLiteral("DROP TABLE rollup_session_day")) &&
           exec(db, QStringLiteral("DROP TABLE session_day_totals"));
}

bool undoVersion10(const QSqlDatabase &db)
{
    return undoVersion11(db) && exec(db, QStringLiteral("DROP TABLE rollup_user_day")) &&
           exec(db, QStringLiteral("DELETE FROM meta WHERE key = 'rollup_user_day_end'"));
}

bool undoVersion9(const QSqlDatabase &db)
{
    return undoVersion10(db) && exec(db, QStringLiteral("DROP TABLE rollup_user"));
}

// Takes a new file back to schema 7's events table (before the event key), for the tests of older steps.
bool undoVersion8(const QSqlDatabase &db)
{
    return undoVersion9(db) && exec(db, QStringLiteral("DROP INDEX usage_events_ts")) &&
           exec(db, QStringLiteral("ALTER TABLE usage_events DROP COLUMN event_key")) &&
           exec(db,
                QStringLiteral("CREATE UNIQUE INDEX usage_events_ts ON usage_events(ts_start_ns, event_id)"));
}

// Fills a database with `events` raw events over 10 days and a matching number of rollup rows, in SQL.
bool fill(const QSqlDatabase &db, int events)
{
    return exec(db, QStringLiteral(
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
                        "INSERT INTO usage_events(event_id, source, ts_start_ns, ts_end_ns, provider, "
                        "model, feature, session_id, cost_micros, cost_source) "
                        "SELECT 'test:' || i, 'test', 1767225600000000000 + i * 86400000000000 / 1000, "
                        "1767225600000000000 + i * 86400000000000 / 1000 + 1000, 'openai', "
                        "'gpt-' || (i % 7), 'feature-' || (i % 13), 'session-' || (i % 101), i, "
                        "'computed' FROM n")
                        .arg(events)) &&
           exec(db, QStringLiteral(
                        "INSERT INTO rollup_hourly(hour, provider, model, feature, calls, cost_micros) "
                        "SELECT ts_start_ns / 3600000000000, provider, model, feature, count(*), "
                        "sum(cost_micros) FROM usage_events GROUP BY 1, 2, 3, 4"));
}

qint64 dayNs(int day)
{
    return 1767225600000000000LL + qint64(day) * 86400 * 1'000'000'000LL; // 2026-01-01 UTC + days
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void createsAndMigrates();
    void reopenIsNoOp();
    void migratesVersion1_data();
    void migratesVersion1();
    void migratesVersion5FillsRollupAttr();
    void migratesVersion6FillsSessions();
    void migratesVersion7KeysEvents();
    void migratesVersion8FillsUserRollup();
    void migratesVersion9FillsUserDays();
    void migratesVersion10FillsSessionDays();
    void migratesVersion11FillsSessionDaySpans();
    void migratesVersion12FillsQuarters();
    void migratesFirstPartsOfHours_data();
    void migratesFirstPartsOfHours();
    void migratesVersion15FillsMinuteBounds();
    void migratesVersion16CountsSessionDayQuarters();
    void migratesVersion17FillsSessionRollup();
    void upgradeGivesTheWalBack();
    void openWaitsForAnotherUpgrade();
    void eventKeyIsStable();
    void pragmasAreSet();
    void connectionsAreIndependent();
    void concurrentFirstOpen();
    void newerSchemaIsRefused_data();
    void newerSchemaIsRefused();
    void garbageFileIsRefused_data();
    void garbageFileIsRefused();
    void foreignDatabaseIsRefused();
    void damagedDatabaseFailsCleanly_data();
    void damagedDatabaseFailsCleanly();
    void missingFileReadOnly();
    void emptyFileReadOnly();
    void directoryAsPath();
    void directoryCannotBeCreated();
    void unwritableDirectory();
    void readOnlyFileOpensReadOnly();
    void readOnlyFileRefusesReadWrite();
    void readOnlyModeReadsWal();
    void readOnlyDirectoryWithWalDatabase();
    void defaultPath();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("burnrate.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestDatabase::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestDatabase::cleanup()
{
    // Permission tests may leave a read-only directory behind.
    QFile::setPermissions(m_dir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    m_dir.reset();
}

void TestDatabase::createsAndMigrates()
{
    const QString path = m_dir->filePath(QStringLiteral("nested/deeper/burnrate.sqlite"));
    Error error;
    auto c = Connection::open(path, Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QVERIFY(QFile::exists(path));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    QCOMPARE(c->path(), path);
    const QSqlDatabase db = c->database();
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA user_version")).toInt(), kSchemaVersion);
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA application_id")).toLongLong(), 0x4255524E);

    const QStringList objects = schemaObjects(db);
    const auto has = [&](const QString &prefix) {
        return std::any_of(objects.cbegin(), objects.cend(),
                           [&](const QString &o) { return o.startsWith(prefix); });
    };
    QVERIFY(has(QStringLiteral("table usage_events ")));
    QVERIFY(has(QStringLiteral("table rollup_hourly ")));
    QVERIFY(has(QStringLiteral("table meta ")));
    QVERIFY(has(QStringLiteral("table provider_usage ")));
    QVERIFY(has(QStringLiteral("table provider_costs ")));
    QVERIFY(has(QStringLiteral("table source_state ")));
    QVERIFY(has(QStringLiteral("index usage_events_ts ")));
    QVERIFY(!has(QStringLiteral("index usage_events_trace ")));      // a trace is found in a time range
    QVERIFY(!has(QStringLiteral("index usage_events_session_ts "))); // sessions are in rollup_attr (v7)
    QCOMPARE(scalar(db, QStringLiteral("SELECT sql LIKE '%WITHOUT ROWID' FROM sqlite_master "
                                       "WHERE name = 'rollup_hourly'"))
                 .toInt(),
             1);
    // Few indexes, none in random order: each one costs insert throughput (database.cpp).
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                                       "tbl_name = 'usage_events'"))
                 .toInt(),
             1);

    // Every UsageEvent field has a column; an event (start time, id) is stored once.
    const QStringList columns =
        QStringLiteral(
            "event_id source ts_start_ns ts_end_ns provider model model_requested operation input_tokens "
            "output_tokens reasoning_tokens cache_read_tokens cache_write_tokens cost_micros cost_source "
            "agent_id agent_name task_id feature user_id session_id tags trace_id span_id parent_span_id "
            "response_id latency_ms ttft_ms error error_type service_name environment content event_key")
            .split(u' ');
    for (const QString &column : columns)
        QVERIFY2(scalar(db, u"SELECT count(*) FROM pragma_table_info('usage_events') WHERE name = '" +
                                column + u'\'')
                         .toInt() == 1,
                 qPrintable(column));
    QVERIFY(exec(db, QStringLiteral("INSERT INTO usage_events(event_id, event_key, ts_start_ns, ts_end_ns, "
                                    "cost_source) VALUES('a', 7, 1, 2, 'unpriced')")));
    QSqlQuery duplicate(db);
    QVERIFY(!duplicate.exec(QStringLiteral("INSERT INTO usage_events(event_id, event_key, ts_start_ns, "
                                           "ts_end_ns, cost_source) VALUES('a', 7, 1, 2, 'unpriced')")));
    QVERIFY(exec(db, QStringLiteral("INSERT INTO usage_events(event_id, event_key, ts_start_ns, ts_end_ns, "
                                    "cost_source) VALUES('b', 8, 1, 2, 'unpriced')")));
}

void TestDatabase::reopenIsNoOp()
{
    QStringList before;
    {
        Error error;
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QVERIFY(exec(c->database(), QStringLiteral("INSERT INTO meta(key, value) VALUES('k', 'v')")));
        before = schemaObjects(c->database());
    }
    Error error;
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(schemaObjects(c->database()), before);
    QCOMPARE(scalar(c->database(), QStringLiteral("PRAGMA user_version")).toInt(), kSchemaVersion);
    QCOMPARE(scalar(c->database(), QStringLiteral("SELECT value FROM meta WHERE key = 'k'")).toString(),
             u"v"_s);
}

void TestDatabase::migratesVersion1_data()
{
    QTest::addColumn<bool>("readOnlyFirst");
    QTest::newRow("read-write") << false;
    QTest::newRow("read-only first, then read-write") << true;
}

void TestDatabase::migratesVersion1()
{
    // A file written by the first release (schema 1): its events stay, the later tables are added.
    QFETCH(bool, readOnlyFirst);
    QVERIFY(QFile::copy(QStringLiteral(BURNRATE_TEST_DATA_DIR "/storage/schema-v1.sqlite"), dbPath()));
    QVERIFY(QFile::setPermissions(dbPath(), QFile::ReadOwner | QFile::WriteOwner));
    Error error;
    if (readOnlyFirst) {
        QVERIFY(!Connection::open(dbPath(), Connection::Mode::ReadOnly, &error));
        QCOMPARE(error.code, Error::Code::ReadOnly);
        QVERIFY2(error.message.contains(u"older schema (1)"), qPrintable(error.message));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    QSqlDatabase db = c->database();
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA user_version")).toInt(), kSchemaVersion);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM usage_events")).toInt(), 3);
    QCOMPARE(scalar(db, QStringLiteral("SELECT sum(cost_micros) FROM rollup_hourly")).toInt(), 15000);
    QCOMPARE(scalar(db, QStringLiteral("SELECT value FROM meta WHERE key = 'written_by'")).toString(),
             u"schema v1"_s);
    for (const QString &table : {u"provider_usage"_s, u"provider_costs"_s, u"source_state"_s})
        QCOMPARE(scalar(db, u"SELECT count(*) FROM "_s + table).toInt(), 0);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE sql LIKE '%WITHOUT ROWID' "
                                       "AND name IN ('provider_usage', 'provider_costs')"))
                 .toInt(),
             2);
    // The provider tables take rows with every key column, and '' for an absent dimension.
    QVERIFY(exec(db, QStringLiteral("INSERT INTO provider_usage(bucket_start_ns, provider, bucket_width_ns) "
                                    "VALUES(1, 'openai', 3600000000000)")));
    QCOMPARE(scalar(db, QStringLiteral("SELECT model || '|' || requests FROM provider_usage")).toString(),
             u"|-1"_s);
    QVERIFY(!QSqlQuery(db).exec(QStringLiteral("INSERT INTO provider_usage(bucket_start_ns, provider, "
                                               "bucket_width_ns) VALUES(1, 'openai', 3600000000000)")));
    db = QSqlDatabase();
    c.reset();
    auto reader = Connection::open(dbPath(), Connection::Mode::ReadOnly, &error);
    QVERIFY2(reader, qPrintable(error.message));
    QCOMPARE(reader->schemaVersion(), kSchemaVersion);
}

void TestDatabase::migratesVersion5FillsRollupAttr()
{
    // A schema-5 file with events (user, task, none, an hour before 1970): step 6 sums them into rollup_attr.
    Error error;
    {
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlDatabase db = c->database();
        QVERIFY(undoVersion8(db));
        QVERIFY(exec(db, QStringLiteral("DROP TABLE rollup_attr")));
        const char *rows[] = {
            "('a', 3600000000000, 3600000000001, 'u1', 't1', 10, 100, 'computed', 0)",
            "('b', 3600000000005, 3600000000006, 'u1', NULL, 20, 200, 'unpriced', 1)",
            "('c', 7199999999999, 7200000000000, '', 't1', 30, 300, 'computed', 0)",
            "('d', 7200000000000, 7200000000001, 'u2', 't2', 40, 400, 'computed', 1)",
            "('e', -1, 0, 'u2', 't2', 50, 500, 'computed', 0)",
        };
        for (const char *row : rows) {
            QVERIFY(exec(db, u"INSERT INTO usage_events(event_id, ts_start_ns, ts_end_ns, user_id, task_id, "
                             u"input_tokens, cost_micros, cost_source, error) VALUES"_s +
                                 QString::fromLatin1(row)));
        }
        QVERIFY(exec(db, QStringLiteral("PRAGMA user_version = 5")));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    const QStringList rows = Testing::tableRows(
        c->database(),
        QStringLiteral("SELECT dimension, hour, value, calls, input_tokens, cost_micros, "
                       "unpriced_calls, error_calls FROM rollup_attr WHERE dimension <> 'session' "
                       "ORDER BY 1, 2, 3"));
    const QStringList expected = {
        u"task|-1|t2|1|50|500|0|0"_s, u"task|1||1|20|200|1|1"_s,    u"task|1|t1|2|40|400|0|0"_s,
        u"task|2|t2|1|40|400|0|1"_s,  u"user|-1|u2|1|50|500|0|0"_s, u"user|1||1|30|300|0|0"_s,
        u"user|1|u1|2|30|300|1|1"_s,  u"user|2|u2|1|40|400|0|1"_s,
    };
    QCOMPARE(rows, expected);
}

void TestDatabase::migratesVersion6FillsSessions()
{
    // A schema-6 file (session index, rollup_attr without sessions): step 7 drops the index and sums the
    // sessions per hour, with their first start, last end and distinct agents.
    Error error;
    {
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlDatabase db = c->database();
        QVERIFY(undoVersion8(db));
        QVERIFY(exec(db, QStringLiteral("DELETE FROM rollup_attr")));
        QVERIFY(exec(db, QStringLiteral("ALTER TABLE rollup_attr DROP COLUMN agents")));
        QVERIFY(exec(db, QStringLiteral("ALTER TABLE rollup_attr DROP COLUMN last_ns")));
        QVERIFY(exec(db, QStringLiteral("ALTER TABLE rollup_attr DROP COLUMN first_ns")));
        QVERIFY(exec(db, QStringLiteral("CREATE INDEX usage_events_session_ts ON usage_events(session_id, "
                                        "ts_start_ns)")));
        const char *rows[] = {
            "('a', 3600000000000, 3600000000009, 's1', 'planner', 10, 100, 'computed', 0)",
            "('b', 3600000000005, 3600000000006, 's1', 'coder', 20, 200, 'unpriced', 1)",
            "('c', 3600000000007, 3600000000008, 's1', 'coder', 5, 50, 'computed', 0)",
            "('d', 7200000000000, 7200000000001, 's1', NULL, 40, 400, 'computed', 1)",
            "('e', 7200000000002, 7200000000003, NULL, 'planner', 50, 500, 'computed', 0)",
        };
        for (const char *row : rows) {
            QVERIFY(
                exec(db, u"INSERT INTO usage_events(event_id, ts_start_ns, ts_end_ns, session_id, agent_id, "
                         u"input_tokens, cost_micros, cost_source, error) VALUES"_s +
                             QString::fromLatin1(row)));
        }
        QVERIFY(exec(db, QStringLiteral("PRAGMA user_version = 6")));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    const QStringList rows = Testing::tableRows(
        c->database(),
        QStringLiteral("SELECT hour, value, calls, input_tokens, cost_micros, unpriced_calls, "
                       "error_calls, first_ns, last_ns, agents = '', (SELECT group_concat(value) FROM "
                       "(SELECT value FROM json_each(nullif(agents, '')) ORDER BY value)) FROM rollup_attr "
                       "WHERE dimension = 'session' ORDER BY 1, 2"));
    const QStringList expected = {
        u"1|s1|3|35|350|1|1|3600000000000|3600000000009|0|coder,planner"_s,
        u"2||1|50|500|0|0|7200000000002|7200000000003|0|planner"_s,
        u"2|s1|1|40|400|0|1|7200000000000|7200000000001|1|"_s, // no agent: ''

    };
    QCOMPARE(rows, expected);
    QCOMPARE(scalar(c->database(), QStringLiteral("SELECT count(*) FROM sqlite_master "
                                                  "WHERE name = 'usage_events_session_ts'"))
                 .toInt(),
             0);
}

void TestDatabase::migratesVersion7KeysEvents()
{
    // A schema-7 file (events unique on their id): step 8 keys them by the id's hash and stores an OTLP
    // span's id as '' when the row's trace and span ids rebuild it.
    const QString span = u"otlp:0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331"_s;
    const QString otherTrace = u"otlp:0af7651916cd43dd8448eb211c80319c:00000000000000aa"_s;
    Error error;
    {
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlDatabase db = c->database();
        QVERIFY(undoVersion8(db));
        QSqlQuery insert(db);
        QVERIFY(
            insert.prepare(u"INSERT INTO usage_events(event_id, ts_start_ns, ts_end_ns, trace_id, span_id, "
                           u"cost_source) VALUES(?, ?, ?, ?, ?, 'unpriced')"_s));
        const QVariantList rows[] = {
            {span, 1, 2, u"0af7651916cd43dd8448eb211c80319c"_s, u"b7ad6b7169203331"_s},
            // The id names another span than the row's: kept as it is.
            {otherTrace, 1, 2, u"1af7651916cd43dd8448eb211c80319c"_s, u"00000000000000aa"_s},
            {u"gateway:42"_s, 1, 2, QVariant(), QVariant()},
            {u"gateway:43"_s, 3, 4, QVariant(), QVariant()},
        };
        for (const QVariantList &row : rows) {
            for (const QVariant &v : row)
                insert.addBindValue(v);
            QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
        }
        QVERIFY(exec(db, QStringLiteral("PRAGMA user_version = 7")));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    QSqlQuery q(c->database());
    QVERIFY(q.exec(u"SELECT event_id, "_s + QLatin1String(kEventIdSql) +
                   u", event_key FROM usage_events ORDER BY id"_s));
    QStringList stored;
    while (q.next())
        stored << q.value(0).toString() + u'|' + q.value(1).toString() + u'|' + q.value(2).toString();
    QCOMPARE(stored,
             (QStringList{u"|"_s + span + u'|' + QString::number(eventKey(span)),
                          otherTrace + u'|' + otherTrace + u'|' + QString::number(eventKey(otherTrace)),
                          u"gateway:42|gateway:42|"_s + QString::number(eventKey(u"gateway:42")),
                          u"gateway:43|gateway:43|"_s + QString::number(eventKey(u"gateway:43"))}));
    // The unique index is on (start, key) now: the same span again is refused, another id is not.
    QCOMPARE(scalar(c->database(), QStringLiteral("SELECT group_concat(name) FROM "
                                                  "pragma_index_info('usage_events_ts')"))
                 .toString(),
             u"ts_start_ns,event_key"_s);
    QVERIFY(!QSqlQuery(c->database())
                 .exec(u"INSERT INTO usage_events(event_id, event_key, ts_start_ns, ts_end_ns, cost_source) "
                       u"VALUES('', "_s +
                       QString::number(eventKey(span)) + u", 1, 2, 'unpriced')"_s));
}

void TestDatabase::migratesVersion17FillsSessionRollup()
{
    // A schema-17 file with events (two sessions and none, two users, an hour before 1970): step 18 sums
    // them into rollup_session by hour, feature, agent, session, provider, model and user.
    Error error;
    {
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlDatabase db = c->database();
        QVERIFY(undoVersion18(db));
        const char *rows[] = {
            "('a', 1, 3600000000000, 3600000000001, 's1', 'u1', 'openai', 'gpt', 'f1', 'ag', 10, 100, "
            "'computed', 0)",
            "('b', 2, 3600000000005, 3600000000006, 's1', 'u1', 'openai', 'gpt', 'f1', 'ag', 20, 200, "
            "'unpriced', 1)",
            "('c', 3, 3600000000007, 3600000000008, 's1', 'u2', 'openai', 'gpt', 'f1', 'ag', 1, 1, "
            "'computed', "
            "0)",
            "('d', 4, 7199999999999, 7200000000000, NULL, 'u1', 'openai', 'gpt', 'f1', 'ag', 30, 300, "
            "'computed', 0)",
            "('e', 5, 7200000000000, 7200000000001, 's2', NULL, NULL, NULL, NULL, NULL, 40, 400, 'computed', "
            "1)",
            "('f', 6, -1, 0, 's2', 'u2', 'openai', 'gpt', 'f2', 'ag', 50, 500, 'computed', 0)",
        };
        for (const char *row : rows) {
            QVERIFY(
                exec(db, u"INSERT INTO usage_events(event_id, event_key, ts_start_ns, ts_end_ns, session_id, "
                         u"user_id, provider, model, feature, agent_id, input_tokens, cost_micros, "
                         u"cost_source, error) VALUES"_s +
                             QString::fromLatin1(row)));
        }
        QVERIFY(exec(db, QStringLiteral("PRAGMA user_version = 17")));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    const QStringList stored = Testing::tableRows(
        c->database(), QStringLiteral("SELECT hour, session_id, user_id, provider, model, feature, agent_id, "
                                      "calls, input_tokens, cost_micros, unpriced_calls, error_calls "
                                      "FROM rollup_session ORDER BY 1, 2, 3"));
    QCOMPARE(stored, (QStringList{u"-1|s2|u2|openai|gpt|f2|ag|1|50|500|0|0"_s,
                                  u"1||u1|openai|gpt|f1|ag|1|30|300|0|0"_s,
                                  u"1|s1|u1|openai|gpt|f1|ag|2|30|300|1|1"_s,
                                  u"1|s1|u2|openai|gpt|f1|ag|1|1|1|0|0"_s, u"2|s2||||||1|40|400|0|1"_s}));
}

void TestDatabase::migratesVersion8FillsUserRollup()
{
    // A schema-8 file with events (two users and none, two features, an hour before 1970): step 9 sums
    // them into rollup_user by hour, user, provider, model, feature and agent.
    Error error;
    {
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlDatabase db = c->database();
        QVERIFY(undoVersion9(db));
        const char *rows[] = {
            "('a', 1, 3600000000000, 3600000000001, 'u1', 'openai', 'gpt', 'f1', 'ag', 10, 100, 'computed', "
            "0)",
            "('b', 2, 3600000000005, 3600000000006, 'u1', 'openai', 'gpt', 'f1', 'ag', 20, 200, 'unpriced', "
            "1)",
            "('c', 3, 3600000000007, 3600000000008, 'u1', 'openai', 'gpt', 'f2', NULL, 1, 1, 'computed', 0)",
            "('d', 4, 7199999999999, 7200000000000, NULL, 'openai', 'gpt', 'f1', 'ag', 30, 300, 'computed', "
            "0)",
            "('e', 5, 7200000000000, 7200000000001, 'u2', NULL, NULL, NULL, NULL, 40, 400, 'computed', 1)",
            "('f', 6, -1, 0, 'u2', 'openai', 'gpt', 'f1', 'ag', 50, 500, 'computed', 0)",
        };
        for (const char *row : rows) {
            QVERIFY(
                exec(db, u"INSERT INTO usage_events(event_id, event_key, ts_start_ns, ts_end_ns, user_id, "
                         u"provider, model, feature, agent_id, input_tokens, cost_micros, cost_source, "
                         u"error) VALUES"_s +
                             QString::fromLatin1(row)));
        }
        QVERIFY(exec(db, QStringLiteral("PRAGMA user_version = 8")));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    const QStringList stored = Testing::tableRows(
        c->database(),
        QStringLiteral("SELECT hour, user_id, provider, model, feature, agent_id, calls, input_tokens, "
                       "cost_micros, unpriced_calls, error_calls FROM rollup_user ORDER BY 1, 2, 5"));
    QCOMPARE(stored,
             (QStringList{u"-1|u2|openai|gpt|f1|ag|1|50|500|0|0"_s, u"1||openai|gpt|f1|ag|1|30|300|0|0"_s,
                          u"1|u1|openai|gpt|f1|ag|2|30|300|1|1"_s, u"1|u1|openai|gpt|f2||1|1|1|0|0"_s,
                          u"2|u2|||||1|40|400|0|1"_s}));
}

void TestDatabase::migratesVersion9FillsUserDays()
{
    // A schema-9 file's rollup_user rows (two days, one of them before 1970, and today): step 10 sums the
    // days before today into rollup_user_day and records today as its end.
    const qint64 today = Time::floorDiv(Time::nowNs(), 24 * Time::kNanosPerHour);
    Error error;
    {
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlDatabase db = c->database();
        QVERIFY(undoVersion10(db));
        const QString rows[] = {
            u"(24, 'u1', 'openai', 'gpt', 'f1', 'ag', 1, 10, 100, 0)"_s,
            u"(47, 'u1', 'openai', 'gpt', 'f1', 'ag', 2, 20, 200, 1)"_s,
            u"(47, 'u2', 'openai', 'gpt', 'f1', 'ag', 1, 5, 50, 0)"_s,
            u"(-1, '', 'openai', 'gpt', '', '', 3, 30, 300, 0)"_s,
            u"(%1, 'u1', 'openai', 'gpt', 'f1', 'ag', 4, 40, 400, 0)"_s.arg(today * 24 + 1),
            u"(%1, 'u3', 'openai', 'gpt', 'f1', 'ag', 1, 1, 1, 0)"_s.arg(today * 24 - 1),
        };
        for (const QString &row : rows) {
            QVERIFY(exec(db, u"INSERT INTO rollup_user(hour, user_id, provider, model, feature, agent_id, "
                             u"calls, input_tokens, cost_micros, error_calls) VALUES"_s +
                                 row));
        }
        QVERIFY(exec(db, QStringLiteral("PRAGMA user_version = 9")));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    QCOMPARE(
        scalar(c->database(), u"SELECT value FROM meta WHERE key = 'rollup_user_day_end'"_s).toLongLong(),
        today);
    const QStringList stored = Testing::tableRows(
        c->database(),
        QStringLiteral("SELECT day, user_id, provider, model, feature, agent_id, calls, input_tokens, "
                       "cost_micros, error_calls FROM rollup_user_day ORDER BY 1, 2"));
    QCOMPARE(stored, (QStringList{u"-1||openai|gpt|||3|30|300|0"_s, u"1|u1|openai|gpt|f1|ag|3|30|300|1"_s,
                                  u"1|u2|openai|gpt|f1|ag|1|5|50|0"_s,
                                  u"%1|u3|openai|gpt|f1|ag|1|1|1|0"_s.arg(today - 1)}));
}

void TestDatabase::migratesVersion10FillsSessionDays()
{
    // A schema-10 file's session rows in rollup_attr: step 11 sums those of the days before the stored end
    // (here yesterday and the days before; today stays out) into rollup_session_day by UTC day, and links
    // each row to the session's latest earlier day.
    const qint64 today = Time::floorDiv(Time::nowNs(), 24 * Time::kNanosPerHour);
    Error error;
    {
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlDatabase db = c->database();
        QVERIFY(undoVersion11(db));
        const QString rows[] = {
            u"('session', 24, 's1', 1, 10, 100, 0)"_s,
            u"('session', 30, 's1', 2, 20, 200, 1)"_s,
            u"('session', 47, 's2', 1, 5, 50, 0)"_s,
            u"('session', -1, 's1', 3, 30, 300, 0)"_s,
            u"('session', 100, '', 4, 40, 400, 0)"_s,
            u"('session', 1, '', 1, 1, 1, 0)"_s,
            u"('user', 24, 's1', 9, 9, 9, 9)"_s, // another dimension's row of the same value
            u"('session', %1, 's1', 1, 1, 1, 0)"_s.arg(today * 24 - 1),
            u"('session', %1, 's1', 4, 40, 400, 0)"_s.arg(today * 24 + 1),
        };
        for (const QString &row : rows) {
            QVERIFY(exec(db, u"INSERT INTO rollup_attr(dimension, hour, value, calls, input_tokens, "
                             u"cost_micros, error_calls) VALUES"_s +
                                 row));
        }
        QVERIFY(exec(db, QStringLiteral("PRAGMA user_version = 10")));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    const QStringList stored = Testing::tableRows(
        c->database(),
        QStringLiteral("SELECT day, session_id, calls, input_tokens, cost_micros, error_calls, "
                       "coalesce(prev_day, 'none') FROM rollup_session_day ORDER BY 1, 2"));
    QCOMPARE(stored, (QStringList{u"-1|s1|3|30|300|0|none"_s, u"0||1|1|1|0|none"_s, u"1|s1|3|30|300|1|-1"_s,
                                  u"1|s2|1|5|50|0|none"_s, u"4||4|40|400|0|0"_s,
                                  u"%1|s1|1|1|1|0|1"_s.arg(today - 1)}));
    QCOMPARE(
        Testing::tableRows(c->database(), QStringLiteral("SELECT day, sessions, calls, input_tokens, "
                                                         "cost_micros, error_calls FROM session_day_totals")),
        (QStringList{u"-1|1|3|30|300|0"_s, u"0|1|1|1|1|0"_s, u"1|2|4|35|350|1"_s, u"4|1|4|40|400|0"_s,
                     u"%1|1|1|1|1|0"_s.arg(today - 1)}));
    // Each day's rows in cost order, and the linked rows, come from their indexes.
    const QString plan =
        Testing::tableRows(c->database(), QStringLiteral("EXPLAIN QUERY PLAN SELECT session_id FROM "
                                                         "rollup_session_day WHERE day = 1 ORDER BY "
                                                         "cost_micros DESC"))
            .join(u'\n');
    QVERIFY2(plan.contains(u"INDEX rollup_session_day_cost"_s) && !plan.contains(u"TEMP B-TREE"_s),
             qPrintable(plan));
    const QString linkedPlan =
        Testing::tableRows(c->database(), QStringLiteral("EXPLAIN QUERY PLAN SELECT DISTINCT session_id "
                                                         "FROM rollup_session_day WHERE day >= 0 AND "
                                                         "day < 9 AND prev_day >= 0"))
            .join(u'\n');
    QVERIFY2(linkedPlan.contains(u"INDEX rollup_session_day_linked"_s), qPrintable(linkedPlan));
}

void TestDatabase::migratesVersion11FillsSessionDaySpans()
{
    // A schema-11 file's rollup_session_day rows get the earliest first start, the latest last end and the
    // union of the agents of their session's rollup_attr rows of the day (step 12); a row without any keeps
    // NULL and ''. Today's hours have no day row.
    const qint64 today = Time::floorDiv(Time::nowNs(), 24 * Time::kNanosPerHour);
    Error error;
    {
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlDatabase db = c->database();
        QVERIFY(undoVersion12(db));
        const QString hours[] = {
            u"('session', 24, 's1', 100, 200, '[\"a\"]')"_s,
            u"('session', 30, 's1', 50, 150, '[\"b\",\"c\"]')"_s,
            u"('session', 31, 's1', 60, 70, '[\"a\",\"c\"]')"_s,
            u"('session', 47, 's2', 10, 20, '')"_s,
            u"('session', 26, 's2', NULL, NULL, '')"_s, // one hour unknown: the day's span is unknown
            u"('session', -1, 's1', 5, 6, '[\"a\"]')"_s,
            u"('session', 30, 's3', NULL, NULL, '[\"x\"]')"_s,
            u"('user', 25, 's1', 1, 999, '[\"u\"]')"_s, // another dimension's row of the same value
            u"('session', %1, 's1', 1, 9999, '[\"t\"]')"_s.arg(today * 24 + 1),
        };
        for (const QString &row : hours) {
            QVERIFY(exec(db, u"INSERT INTO rollup_attr(dimension, hour, value, first_ns, last_ns, agents) "
                             u"VALUES"_s +
                                 row));
        }
        QVERIFY(
            exec(db, u"INSERT INTO rollup_session_day(day, session_id, calls) VALUES (-1, 's1', 1), "
                     u"(1, 's1', 3), (1, 's2', 1), (1, 's3', 1), (2, 's9', 1), (%1, 's1', 1)"_s.arg(today)));
        QVERIFY(exec(db, QStringLiteral("PRAGMA user_version = 11")));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    const QStringList stored = Testing::tableRows(
        c->database(),
        QStringLiteral("SELECT day, session_id, coalesce(first_ns, 'null'), "
                       "coalesce(last_ns, 'null'), agents FROM rollup_session_day ORDER BY 1, 2"));
    QCOMPARE(stored, (QStringList{u"-1|s1|5|6|[\"a\"]"_s, u"1|s1|50|200|[\"a\",\"b\",\"c\"]"_s,
                                  u"1|s2|null|null|"_s, u"1|s3|null|null|[\"x\"]"_s, u"2|s9|null|null|"_s,
                                  u"%1|s1|null|null|"_s.arg(today)}));
    // Day × session outside UTC counts the rows that end after a local midnight from the index alone.
    const QString plan =
        Testing::tableRows(
            c->database(),
            QStringLiteral("EXPLAIN QUERY PLAN SELECT session_id, calls, first_ns, last_ns FROM "
                           "rollup_session_day WHERE day = 1 AND last_ns >= 80"))
            .join(u'\n');
    QVERIFY2(plan.contains(u"COVERING INDEX rollup_session_day_last"_s), qPrintable(plan));
    const QString firstPlan =
        Testing::tableRows(
            c->database(),
            QStringLiteral("EXPLAIN QUERY PLAN SELECT session_id, calls, first_ns, last_ns FROM "
                           "rollup_session_day WHERE day = 1 AND first_ns < 80"))
            .join(u'\n');
    QVERIFY2(firstPlan.contains(u"COVERING INDEX rollup_session_day_first"_s), qPrintable(firstPlan));
}

void TestDatabase::migratesVersion12FillsQuarters()
{
    // A schema-12 file with events (both sides of a quarter's end, none of some dimensions, a quarter before
    // 1970): step 13 sums them into rollup_quarter by quarter, provider, model, feature and agent.
    Error error;
    {
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlDatabase db = c->database();
        QVERIFY(undoVersion13(db));
        const char *rows[] = {
            "('a', 1, 900000000000, 900000000001, 'openai', 'gpt', 'f1', 'ag', 10, 100, 'computed', 0)",
            "('b', 2, 1799999999999, 1800000000000, 'openai', 'gpt', 'f1', 'ag', 20, 200, 'unpriced', 1)",
            "('c', 3, 1800000000000, 1800000000001, 'openai', 'gpt', 'f1', 'ag', 1, 1, 'computed', 0)",
            "('d', 4, 1000000000000, 1000000000001, 'openai', 'gpt', 'f2', NULL, 30, 300, 'computed', 0)",
            "('e', 5, 3600000000000, 3600000000001, NULL, NULL, NULL, NULL, 40, 400, 'computed', 1)",
            "('f', 6, -1, 0, 'openai', 'gpt', 'f1', 'ag', 50, 500, 'computed', 0)",
            "('g', 7, -900000000000, 0, 'openai', 'gpt', 'f1', 'ag', 60, 600, 'computed', 0)",
        };
        for (const char *row : rows) {
            QVERIFY(exec(
                db, u"INSERT INTO usage_events(event_id, event_key, ts_start_ns, ts_end_ns, provider, "
                    u"model, feature, agent_id, input_tokens, cost_micros, cost_source, error) VALUES"_s +
                        QString::fromLatin1(row)));
        }
        QVERIFY(exec(db, QStringLiteral("PRAGMA user_version = 12")));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    const QStringList stored = Testing::tableRows(
        c->database(),
        QStringLiteral("SELECT quarter, provider, model, feature, agent_id, calls, input_tokens, "
                       "cost_micros, unpriced_calls, error_calls FROM rollup_quarter "
                       "ORDER BY 1, 4"));
    QCOMPARE(stored, (QStringList{u"-1|openai|gpt|f1|ag|2|110|1100|0|0"_s,
                                  u"1|openai|gpt|f1|ag|2|30|300|1|1"_s, u"1|openai|gpt|f2||1|30|300|0|0"_s,
                                  u"2|openai|gpt|f1|ag|1|1|1|0|0"_s, u"4|||||1|40|400|0|1"_s}));
}

void TestDatabase::migratesFirstPartsOfHours_data()
{
    QTest::addColumn<int>("fromVersion");
    QTest::addColumn<qint64>("partNs"); // the part of an hour the step sums: its first half or quarter
    QTest::addColumn<QString>("prefix");
    QTest::newRow("v13 to v14: first half hours") << 13 << qint64(1800000000000) << u"half"_s;
    QTest::newRow("v14 to v15: first quarter hours") << 14 << qint64(900000000000) << u"quarter"_s;
}

void TestDatabase::migratesFirstPartsOfHours()
{
    // An older file's rollup_attr rows (user, task and session, none among them, an hour before 1970) get the
    // sums of their calls that start in the hour's first part (steps 14 and 15); rows with none keep 0.
    QFETCH(int, fromVersion);
    QFETCH(qint64, partNs);
    QFETCH(QString, prefix);
    constexpr qint64 kHourNs = 3600000000000;
    Error error;
    {
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlDatabase db = c->database();
        QVERIFY(fromVersion == 13 ? undoVersion14(db) : undoVersion15(db));
        const QString events[] = {
            u"('a', 1, %1, 0, 'u1', 't1', 's1', 10, 100, 'computed')"_s.arg(kHourNs),
            u"('b', 2, %1, 0, 'u1', NULL, 's1', 20, 200, 'unpriced')"_s.arg(kHourNs + partNs - 1),
            u"('c', 3, %1, 0, 'u1', NULL, 's2', 1, 1, 'computed')"_s.arg(kHourNs + partNs),
            u"('d', 4, %1, 0, NULL, 't1', NULL, 30, 300, 'computed')"_s.arg(partNs -
                                                                            kHourNs), // after the part
            u"('e', 5, %1, 0, 'u2', 't1', NULL, 40, 400, 'computed')"_s.arg(partNs - kHourNs - 1), // in it
        };
        for (const QString &row : events) {
            QVERIFY(
                exec(db, u"INSERT INTO usage_events(event_id, event_key, ts_start_ns, ts_end_ns, user_id, "
                         u"task_id, session_id, input_tokens, cost_micros, cost_source) VALUES"_s +
                             row));
        }
        QVERIFY(exec(db, u"INSERT INTO rollup_attr(dimension, hour, value, calls) SELECT d, "
                         u"CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / 3600000000000 "
                         u"ELSE (ts_start_ns + 1) / 3600000000000 - 1 END, coalesce(v, ''), count(*) FROM ("
                         u"SELECT 'user' AS d, user_id AS v, ts_start_ns FROM usage_events UNION ALL "
                         u"SELECT 'task', task_id, ts_start_ns FROM usage_events UNION ALL "
                         u"SELECT 'session', session_id, ts_start_ns FROM usage_events) GROUP BY 1, 2, 3"_s));
        QVERIFY(exec(db, u"PRAGMA user_version = %1"_s.arg(fromVersion)));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    const QStringList stored = Testing::tableRows(
        c->database(), u"SELECT dimension, hour, value, calls, %1_calls, %1_input_tokens, %1_cost_micros, "
                       u"%1_unpriced_calls FROM rollup_attr ORDER BY 1, 2, 3"_s.arg(prefix));
    QCOMPARE(stored, (QStringList{
                         u"session|-1||2|1|40|400|0"_s,
                         u"session|1|s1|2|2|30|300|1"_s,
                         u"session|1|s2|1|0|0|0|0"_s,
                         u"task|-1|t1|2|1|40|400|0"_s,
                         u"task|1||2|1|20|200|1"_s,
                         u"task|1|t1|1|1|10|100|0"_s,
                         u"user|-1||1|0|0|0|0"_s,
                         u"user|-1|u2|1|1|40|400|0"_s,
                         u"user|1|u1|3|2|30|300|1"_s,
                     }));
}

void TestDatabase::migratesVersion16CountsSessionDayQuarters()
{
    // A schema-16 file's session day rows (quarter ends, times before 1970, unknown first starts or last
    // ends, one span that ends before it starts): step 17 counts each day's rows by the quarter hour of their
    // first start and of their last end, leaving out the rows with either unknown (the backwards span made
    // so); its triggers follow inserts, updates and deletes.
    Error error;
    {
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlDatabase db = c->database();
        QVERIFY(undoVersion17(db));
        QVERIFY(exec(db, u"INSERT INTO rollup_session_day(day, session_id, first_ns, last_ns) VALUES "
                         u"(0, 'a', 0, 899999999999), (0, 'b', 900000000000, 86399999999999), "
                         u"(-1, 'c', -1, -1), (-1, 'd', -900000000000, -1), "
                         u"(-1, 'e', -900000000001, NULL), (-1, 'g', -900000000001, -900000000001), "
                         u"(0, 'f', NULL, 5), (0, 'i', 7, 6)"_s));
        QVERIFY(exec(db, QStringLiteral("PRAGMA user_version = 16")));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    QSqlDatabase db = c->database();
    const auto quarters = [&] {
        return Testing::tableRows(db, QStringLiteral("SELECT * FROM session_day_quarters ORDER BY 1, 2"));
    };
    QCOMPARE(quarters(),
             (QStringList{u"-1|-2|1|1"_s, u"-1|-1|2|2"_s, u"0|0|1|1"_s, u"0|1|1|0"_s, u"0|95|0|1"_s}));
    // A span that ends before it starts is unknown now.
    QCOMPARE(
        Testing::tableRows(
            db, QStringLiteral("SELECT first_ns, last_ns FROM rollup_session_day WHERE session_id = 'i'")),
        QStringList{u"|"_s});
    QVERIFY(exec(
        db, QStringLiteral("UPDATE rollup_session_day SET last_ns = 1800000000000 WHERE session_id = 'b'")));
    QVERIFY(exec(db, QStringLiteral("DELETE FROM rollup_session_day WHERE session_id IN ('a', 'g')")));
    QCOMPARE(quarters(), (QStringList{u"-1|-1|2|2"_s, u"0|1|1|0"_s, u"0|2|0|1"_s}));
    QVERIFY(exec(db, QStringLiteral("UPDATE rollup_session_day SET first_ns = 0 WHERE session_id = 'f'")));
    QVERIFY(exec(db, QStringLiteral("INSERT INTO rollup_session_day(day, session_id, first_ns, last_ns) "
                                    "VALUES (-1, 'h', -86400000000000, -86399999999999)")));
    QCOMPARE(quarters(),
             (QStringList{u"-1|-96|1|1"_s, u"-1|-1|2|2"_s, u"0|0|1|1"_s, u"0|1|1|0"_s, u"0|2|0|1"_s}));
}

void TestDatabase::migratesVersion15FillsMinuteBounds()
{
    // A schema-15 file's events (both sides of a minute's end, minutes before 1970, unknown latencies): step
    // 16 keeps each minute's lowest and highest row id, cost, tokens (input + output) and latency (-1 when
    // unknown).
    Error error;
    {
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QSqlDatabase db = c->database();
        QVERIFY(undoVersion16(db));
        const char *rows[] = {
            "(1, 'a', 1, 60000000000, 10, 100, 5, 300)", "(2, 'b', 2, 119999999999, 5, 1000, 0, NULL)",
            "(3, 'c', 3, 120000000000, 7, 1, 1, 0)",     "(4, 'd', 4, -1, 3, 2, 2, 50)",
            "(5, 'e', 5, -60000000000, 4, 0, 0, NULL)",  "(6, 'f', 6, -60000000001, 1, 3, 0, 9)",
        };
        for (const char *row : rows) {
            QVERIFY(exec(db, u"INSERT INTO usage_events(id, event_id, event_key, ts_start_ns, cost_micros, "
                             u"input_tokens, output_tokens, latency_ms, ts_end_ns, cost_source) "
                             u"SELECT *, 0, 'computed' FROM (VALUES"_s +
                                 QString::fromLatin1(row) + u')'));
        }
        QVERIFY(exec(db, QStringLiteral("PRAGMA user_version = 15")));
    }
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    QCOMPARE(Testing::tableRows(c->database(), QStringLiteral("SELECT * FROM minute_bounds ORDER BY minute")),
             (QStringList{u"-2|6|6|1|1|3|3|9|9"_s, u"-1|4|5|3|4|0|4|-1|50"_s, u"1|1|2|5|10|105|1000|-1|300"_s,
                          u"2|3|3|7|7|2|2|0|0"_s}));
}

// Writes a schema-7 file with `events` events, as the release before the event key left it.
void writeVersion7(const QString &path, int events)
{
    Error error;
    auto c = Connection::open(path, Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QVERIFY(undoVersion8(c->database()));
    QVERIFY(fill(c->database(), events));
    QVERIFY(exec(c->database(), QStringLiteral("PRAGMA user_version = 7")));
}

void TestDatabase::upgradeGivesTheWalBack()
{
    // The v8 step rewrites every event in one transaction; its WAL would stay as large as the events.
    writeVersion7(dbPath(), 20000);
    QCOMPARE(storedSchemaVersion(dbPath()), 7);
    Error error;
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(storedSchemaVersion(dbPath()), kSchemaVersion);
    QCOMPARE(scalar(c->database(), QStringLiteral("SELECT count(*) FROM usage_events WHERE event_key = 0"))
                 .toInt(),
             0);
    QCOMPARE(QFileInfo(dbPath() + u"-wal"_s).size(), 0); // while the connection is still open
}

void TestDatabase::openWaitsForAnotherUpgrade()
{
    // Another process holds the write lock (as one upgrading a large database does) for longer than the
    // 5 s an open usually waits: an open that has to upgrade waits for it instead of failing.
    writeVersion7(dbPath(), 100);
    sqlite3 *other = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(dbPath()).constData(), &other), SQLITE_OK);
    QCOMPARE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    std::thread release([other] {
        std::this_thread::sleep_for(std::chrono::milliseconds(6500));
        sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
    });
    Error error;
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    release.join();
    sqlite3_close(other);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
}

void TestDatabase::eventKeyIsStable()
{
    // Stored keys must mean the same in every build: XXH3-64 of the id's UTF-8, fixed since xxhash 0.8.0.
    QCOMPARE(eventKey(u"otlp:0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331"),
             Q_INT64_C(476664956517898228));
    QCOMPARE(eventKey(u"gateway:42"), Q_INT64_C(-8263058017707274649));
    QCOMPARE(eventKey(QByteArrayView("gateway:42")), eventKey(u"gateway:42"));
    QVERIFY(eventKey(u"gateway:42") != eventKey(u"gateway:43"));
    // Non-ASCII ids hash their UTF-8 bytes, the same from QString and from SQLite's text.
    QCOMPARE(eventKey(u"t\u00e9st"), eventKey(QByteArrayView("t\xc3\xa9st")));

    QVERIFY(isSpanEventId(u"otlp:ab:cd", u"ab", u"cd"));
    QVERIFY(!isSpanEventId(u"otlp:ab:cd", u"ab", u"ce"));
    QVERIFY(!isSpanEventId(u"otlp:ab:cd", u"a", u"b:cd"));
    QVERIFY(!isSpanEventId(u"otlp:ab:cd", u"", u"cd"));
    QVERIFY(!isSpanEventId(u"otlp:abxcd", u"ab", u"cd"));
}

void TestDatabase::pragmasAreSet()
{
    Error error;
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(scalar(c->database(), QStringLiteral("PRAGMA journal_mode")).toString(), u"wal"_s);
    QCOMPARE(scalar(c->database(), QStringLiteral("PRAGMA synchronous")).toInt(), 1); // NORMAL
    QCOMPARE(scalar(c->database(), QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    QCOMPARE(scalar(c->database(), QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);
    auto *handle = static_cast<sqlite3 *>(c->sqliteHandle());
    QVERIFY(handle);
    QCOMPARE(QString::fromUtf8(sqlite3_db_filename(handle, "main")), QFileInfo(dbPath()).absoluteFilePath());
}

void TestDatabase::connectionsAreIndependent()
{
    Error error;
    auto a = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    auto b = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(a && b, qPrintable(error.message));
    QVERIFY(a->database().connectionName() != b->database().connectionName());
    QVERIFY(exec(a->database(), QStringLiteral("INSERT INTO meta(key, value) VALUES('from-a', 1)")));
    QCOMPARE(scalar(b->database(), QStringLiteral("SELECT value FROM meta WHERE key = 'from-a'")).toInt(), 1);
    const QString nameOfA = a->database().connectionName();
    a.reset();
    QVERIFY(!QSqlDatabase::contains(nameOfA));
    QCOMPARE(scalar(b->database(), QStringLiteral("SELECT count(*) FROM meta WHERE key = 'from-a'")).toInt(),
             1);
}

void TestDatabase::concurrentFirstOpen()
{
    // Several processes or threads may open a new file at once: exactly one migrates, all succeed.
    std::vector<std::thread> threads;
    std::atomic<int> opened = 0;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {
            Error error;
            if (auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error))
                ++opened;
            else
                qWarning() << error.message;
        });
    }
    for (std::thread &t : threads)
        t.join();
    QCOMPARE(opened.load(), 4);
}

void TestDatabase::newerSchemaIsRefused_data()
{
    QTest::addColumn<bool>("readOnly");
    QTest::newRow("read-write") << false;
    QTest::newRow("read-only") << true;
}

void TestDatabase::newerSchemaIsRefused()
{
    QFETCH(bool, readOnly);
    const auto mode = readOnly ? Connection::Mode::ReadOnly : Connection::Mode::ReadWrite;
    {
        Error error;
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QVERIFY(exec(c->database(), QStringLiteral("PRAGMA user_version = 99")));
    }
    Error error;
    QVERIFY(!Connection::open(dbPath(), mode, &error));
    QCOMPARE(error.code, Error::Code::SchemaTooNew);
    QCOMPARE(error.message,
             QString(dbPath() +
                     u" was written by a newer Burnrate (schema 99; this build "
                     u"understands up to " +
                     QString::number(kSchemaVersion) + u"). Upgrade Burnrate or use another --db."));
}

void TestDatabase::garbageFileIsRefused_data()
{
    QTest::addColumn<bool>("readOnly");
    QTest::newRow("read-write") << false;
    QTest::newRow("read-only") << true;
}

void TestDatabase::garbageFileIsRefused()
{
    QFETCH(bool, readOnly);
    const auto mode = readOnly ? Connection::Mode::ReadOnly : Connection::Mode::ReadWrite;
    const QString source = QStringLiteral(BURNRATE_TEST_DATA_DIR "/storage/not-a-database.sqlite");
    QFile original(source);
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QByteArray bytes = original.readAll();
    QVERIFY(QFile::copy(source, dbPath()));

    Error error;
    QVERIFY(!Connection::open(dbPath(), mode, &error));
    QCOMPARE(error.code, Error::Code::Corrupt);
    QVERIFY2(error.message.startsWith(dbPath() + u" is not a Burnrate database or is damaged ("),
             qPrintable(error.message));
    // Never touched: no WAL switch, no schema written into someone's file.
    QFile after(dbPath());
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), bytes);
}

void TestDatabase::foreignDatabaseIsRefused()
{
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
        other.setDatabaseName(dbPath());
        QVERIFY(other.open());
        QVERIFY(exec(other, QStringLiteral("CREATE TABLE contacts(name TEXT, phone TEXT)")));
        QVERIFY(exec(other, QStringLiteral("INSERT INTO contacts VALUES('Ada', '123')")));
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
    for (Connection::Mode mode : {Connection::Mode::ReadWrite, Connection::Mode::ReadOnly}) {
        Error error;
        QVERIFY(!Connection::open(dbPath(), mode, &error));
        QCOMPARE(error.code, Error::Code::InvalidInput);
        QCOMPARE(error.message,
                 QString(dbPath() + u" is a SQLite database of another program, not a Burnrate database. "
                                    u"Use another --db."));
    }
    Error error;
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY(!c);
}

void TestDatabase::damagedDatabaseFailsCleanly_data()
{
    QTest::addColumn<double>("from"); // fraction of the file
    QTest::addColumn<double>("to");
    QTest::newRow("schema page") << 0.0 << 0.0;
    QTest::newRow("middle pages") << 0.3 << 0.7;
    QTest::newRow("tail pages") << 0.8 << 1.0;
}

void TestDatabase::damagedDatabaseFailsCleanly()
{
    QFETCH(double, from);
    QFETCH(double, to);
    {
        Error error;
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QVERIFY(fill(c->database(), 20000));
    } // closing checkpoints the WAL into the file
    QFile file(dbPath());
    QVERIFY(file.open(QIODevice::ReadWrite));
    const qint64 size = file.size();
    QVERIFY(size > 100'000);
    // "schema page": keep the 100-byte header, wreck the rest of page 1 (sqlite_master's root).
    const qint64 start = from == 0.0 && to == 0.0 ? 100 : qint64(size * from);
    const qint64 end = from == 0.0 && to == 0.0 ? 4096 : qint64(size * to);
    QByteArray junk(end - start, '\0');
    for (qsizetype i = 0; i < junk.size(); ++i)
        junk[i] = char((i * 131 + 7) & 0xff);
    QVERIFY(file.seek(start));
    QCOMPARE(file.write(junk), junk.size());
    file.close();

    // A clear error when opening, or else when reading; never a crash, never a silent partial answer.
    Error error;
    auto c = Connection::open(dbPath(), Connection::Mode::ReadOnly, &error);
    if (!c) {
        QCOMPARE(error.code, Error::Code::Corrupt);
        QVERIFY2(error.message.contains(u"is not a Burnrate database or is damaged"),
                 qPrintable(error.message));
        return;
    }
    ReportQuery query;
    query.sinceNs = dayNs(0);
    query.untilNs = dayNs(30);
    query.zone = QTimeZone::utc();
    int failures = 0;
    for (const QList<Dimension> &groupBy :
         {QList<Dimension>{Dimension::Trace}, QList<Dimension>{Dimension::Model}, // trace: every event
          QList<Dimension>{Dimension::Feature, Dimension::Hour}}) {
        query.groupBy = groupBy;
        const auto rows = runReport(c->database(), query, &error);
        if (!rows) {
            ++failures;
            QCOMPARE(error.code, Error::Code::Corrupt);
            QVERIFY2(error.message.contains(u"is not a Burnrate database or is damaged"),
                     qPrintable(error.message));
        }
    }
    QVERIFY(failures > 0);
}

void TestDatabase::missingFileReadOnly()
{
    Error error;
    QVERIFY(!Connection::open(dbPath(), Connection::Mode::ReadOnly, &error));
    QCOMPARE(error.code, Error::Code::NotFound);
    QCOMPARE(error.message, QString(u"The database " + dbPath() + u" does not exist."));
    QVERIFY(!QFile::exists(dbPath()));
}

void TestDatabase::emptyFileReadOnly()
{
    QFile empty(dbPath());
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    Error error;
    QVERIFY(!Connection::open(dbPath(), Connection::Mode::ReadOnly, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QCOMPARE(error.message, QString(dbPath() + u" is empty, not a Burnrate database."));
    // Read-write treats an empty file as a new database.
    auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
}

void TestDatabase::directoryAsPath()
{
    for (Connection::Mode mode : {Connection::Mode::ReadWrite, Connection::Mode::ReadOnly}) {
        Error error;
        QVERIFY(!Connection::open(m_dir->path(), mode, &error));
        QCOMPARE(error.code, Error::Code::InvalidInput);
        QCOMPARE(error.message, QString(m_dir->path() + u" is a directory, not a database file."));
    }
}

void TestDatabase::directoryCannotBeCreated()
{
    // A regular file where a directory should be stops even root.
    QFile blocker(m_dir->filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    Error error;
    QVERIFY(!Connection::open(m_dir->filePath(QStringLiteral("blocker/sub/burnrate.sqlite")),
                              Connection::Mode::ReadWrite, &error));
    QCOMPARE(error.code, Error::Code::Io);
    QCOMPARE(error.message, QString(u"Cannot create the directory " +
                                    m_dir->filePath(QStringLiteral("blocker/sub")) + u" for the database."));
}

void TestDatabase::unwritableDirectory()
{
    if (geteuid() == 0)
        QSKIP("Running as root: file permissions do not stop root from writing, so a read-only directory "
              "cannot be simulated.");
    const QString dir = m_dir->filePath(QStringLiteral("locked"));
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner));
    const auto restore = qScopeGuard(
        [&] { QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); });

    Error error;
    QVERIFY(!Connection::open(dir + u"/burnrate.sqlite", Connection::Mode::ReadWrite, &error));
    QCOMPARE(error.code, Error::Code::ReadOnly);
    QCOMPARE(error.message,
             QString(u"Cannot create " + dir + u"/burnrate.sqlite: its directory is read-only."));
    QVERIFY(!Connection::open(dir + u"/sub/burnrate.sqlite", Connection::Mode::ReadWrite, &error));
    QCOMPARE(error.code, Error::Code::Io);
    QVERIFY2(error.message.startsWith(u"Cannot create the directory "), qPrintable(error.message));
}

void TestDatabase::readOnlyFileOpensReadOnly()
{
    {
        Error error;
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QVERIFY(fill(c->database(), 500));
    }
    QVERIFY(QFile::setPermissions(dbPath(), QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));

    Error error;
    auto c = Connection::open(dbPath(), Connection::Mode::ReadOnly, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(c->schemaVersion(), kSchemaVersion);
    ReportQuery query;
    query.sinceNs = dayNs(0);
    query.untilNs = dayNs(1) + 1;
    query.groupBy = {Dimension::Model};
    query.zone = QTimeZone::utc();
    const auto rows = runReport(c->database(), query, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 7);
    qint64 calls = 0;
    for (const ReportRow &row : *rows)
        calls += row.calls;
    QCOMPARE(calls, 500);
    // Read-only means read-only, whoever runs it.
    QSqlQuery write(c->database());
    QVERIFY(!write.exec(QStringLiteral("DELETE FROM usage_events")));
}

void TestDatabase::readOnlyFileRefusesReadWrite()
{
    if (geteuid() == 0)
        QSKIP("Running as root: a chmod 0444 file stays writable for root, so ReadWrite cannot fail here.");
    {
        Error error;
        auto c = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
    }
    QVERIFY(QFile::setPermissions(dbPath(), QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    Error error;
    QVERIFY(!Connection::open(dbPath(), Connection::Mode::ReadWrite, &error));
    QCOMPARE(error.code, Error::Code::ReadOnly);
    QCOMPARE(error.message,
             QString(dbPath() + u" is read-only, but Burnrate needs to write to it. Check the permissions "
                                u"of the file and its directory, or open it read-only."));
}

void TestDatabase::readOnlyModeReadsWal()
{
    Error error;
    auto writer = Connection::open(dbPath(), Connection::Mode::ReadWrite, &error);
    QVERIFY2(writer, qPrintable(error.message));
    QVERIFY(exec(writer->database(), QStringLiteral("PRAGMA wal_autocheckpoint = 0")));
    QVERIFY(fill(writer->database(), 300));
    // The rows live only in the WAL while the writer stays open.
    QVERIFY(QFileInfo(dbPath() + u"-wal").size() > 0);

    auto reader = Connection::open(dbPath(), Connection::Mode::ReadOnly, &error);
    QVERIFY2(reader, qPrintable(error.message));
    QCOMPARE(scalar(reader->database(), QStringLiteral("SELECT count(*) FROM usage_events")).toInt(), 300);
    ReportQuery query;
    query.sinceNs = dayNs(0);
    query.untilNs = dayNs(1);
    query.zone = QTimeZone::utc();
    const auto rows = runReport(reader->database(), query, &error);
    QVERIFY2(rows, qPrintable(error.message));
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().calls, 300);
}

void TestDatabase::readOnlyDirectoryWithWalDatabase()
{
    if (geteuid() == 0)
        QSKIP("Running as root: permissions do not stop root, so a read-only directory cannot be simulated.");
    const QString dir = m_dir->filePath(QStringLiteral("archive"));
    const QString path = dir + u"/burnrate.sqlite";
    {
        Error error;
        auto c = Connection::open(path, Connection::Mode::ReadWrite, &error);
        QVERIFY2(c, qPrintable(error.message));
        QVERIFY(fill(c->database(), 200));
    }
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner));
    QVERIFY(QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner));
    const auto restore = qScopeGuard(
        [&] { QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); });
    // No -shm file can be created next to the database: it is still readable.
    Error error;
    auto c = Connection::open(path, Connection::Mode::ReadOnly, &error);
    QVERIFY2(c, qPrintable(error.message));
    QCOMPARE(scalar(c->database(), QStringLiteral("SELECT count(*) FROM usage_events")).toInt(), 200);
    QVERIFY(!Connection::open(path, Connection::Mode::ReadWrite, &error));
    QCOMPARE(error.code, Error::Code::ReadOnly);
    QVERIFY2(error.message.startsWith(path + u" is read-only, but Burnrate needs to write to it."),
             qPrintable(error.message));
}

void TestDatabase::defaultPath()
{
    QCOMPARE(
        defaultDatabasePath(),
        QString(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/burnrate.sqlite"));
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
