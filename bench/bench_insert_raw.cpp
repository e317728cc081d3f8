// bench_insert_raw: the machine's raw SQLite insert limit for Burnrate's events (docs/performance.md,
// target 1): a bare prepared INSERT loop over the raw sqlite3 API in one transaction, into a fresh
// database opened through Storage::Connection, so that the table, indexes and pragmas are the app's.
// Values are realistic (Workload) and converted to UTF-8 before the clock starts. --cache-mib, --utf16 and
// --drop-index show what a larger page cache, binding UTF-16 text and each index cost.
#include "common/timeutil.h"
#include "pricing/pricetable.h"
#include "storage/database.h"
#include "storage/eventkey.h"
#include "workload.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <array>
#include <cstdio>
#include <sqlite3.h>

using namespace Burnrate;

namespace {

constexpr const char *kInsertSql = R"sql(
INSERT INTO usage_events(event_id, source, ts_start_ns, ts_end_ns, provider, model, model_requested, operation,
    input_tokens, output_tokens, reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_micros,
    cost_source, agent_id, agent_name, task_id, feature, user_id, session_id, tags, trace_id, span_id,
    parent_span_id, response_id, latency_ms, ttft_ms, error, error_type, service_name, environment, content,
    event_key)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
    ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34)
)sql";

// The text columns of one pooled event, as UTF-8, in statement order (NULL when empty).
struct Row
{
    std::array<QByteArray, 33> text;
    std::array<QString, 33> text16;
    std::array<qint64, 33> number{};
    std::array<bool, 33> isText{};
};

Row toRow(const Model::UsageEvent &e)
{
    Row r;
    const auto setText = [&r](int column, const QString &value) {
        r.isText[column] = true;
        r.text[column] = value.toUtf8();
        r.text16[column] = value;
    };
    setText(1, e.source);
    setText(4, e.provider);
    setText(5, e.model);
    setText(6, e.modelRequested);
    setText(7, e.operation);
    r.number[8] = e.inputTokens;
    r.number[9] = e.outputTokens;
    r.number[10] = e.reasoningTokens;
    r.number[11] = e.cacheReadTokens;
    r.number[12] = e.cacheWriteTokens;
    r.number[13] = e.costMicros;
    setText(14, Model::costSourceName(e.costSource));
    setText(15, e.agentId);
    setText(16, e.agentName);
    setText(17, e.taskId);
    setText(18, e.feature);
    setText(19, e.userId);
    setText(20, e.sessionId);
    setText(21, QString());
    setText(24, e.parentSpanId);
    setText(25, e.responseId);
    r.number[26] = e.latencyMs;
    r.number[27] = e.ttftMs;
    r.number[28] = e.error ? 1 : 0;
    setText(29, e.errorType);
    setText(30, e.serviceName);
    setText(31, e.environment);
    setText(32, e.content);
    return r;
}

bool check(sqlite3 *db, int rc, const char *what)
{
    if (rc == SQLITE_OK || rc == SQLITE_DONE)
        return true;
    std::fprintf(stderr, "bench_insert_raw: %s failed: %s\n", what, sqlite3_errmsg(db));
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Raw SQLite insert limit into Burnrate's usage_events table."));
    parser.addHelpOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"), QStringLiteral("Database file to create (replaced)."), QStringLiteral("PATH"));
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("Rows to insert."),
                                        QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption cacheOption(
        QStringLiteral("cache-mib"),
        QStringLiteral("Set PRAGMA cache_size to this many MiB (default: as opened)."), QStringLiteral("N"));
    const QCommandLineOption utf16Option(
        QStringLiteral("utf16"),
        QStringLiteral("Bind text as UTF-16 (sqlite3_bind_text16), as the app does."));
    const QCommandLineOption dropOption(QStringLiteral("drop-index"),
                                        QStringLiteral("Drop this index of usage_events first (repeatable)."),
                                        QStringLiteral("NAME"));
    parser.addOptions({dbOption, rowsOption, cacheOption, utf16Option, dropOption});
    parser.process(app);
    const QString path = parser.value(dbOption);
    const qint64 rows = parser.value(rowsOption).toLongLong();
    if (path.isEmpty() || rows <= 0) {
        std::fprintf(stderr, "bench_insert_raw: give --db PATH and --rows N\n");
        return 2;
    }
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);

    Error error;
    std::unique_ptr<Storage::Connection> connection =
        Storage::Connection::open(path, Storage::Connection::Mode::ReadWrite, &error);
    if (!connection) {
        std::fprintf(stderr, "bench_insert_raw: %s\n", qPrintable(error.message));
        return 1;
    }
    auto *db = static_cast<sqlite3 *>(connection->sqliteHandle());
    const bool utf16 = parser.isSet(utf16Option);
    for (const QString &index : parser.values(dropOption)) {
        const QByteArray drop = "DROP INDEX " + index.toUtf8();
        if (!check(db, sqlite3_exec(db, drop.constData(), nullptr, nullptr, nullptr), "DROP INDEX"))
            return 1;
    }
    if (parser.isSet(cacheOption)) {
        const QByteArray pragma =
            "PRAGMA cache_size = -" + QByteArray::number(parser.value(cacheOption).toLongLong() * 1024);
        if (!check(db, sqlite3_exec(db, pragma.constData(), nullptr, nullptr, nullptr), "PRAGMA cache_size"))
            return 1;
    }

    // A pool of realistic rows; ids and times are made unique per row inside the loop.
    const std::shared_ptr<const Pricing::PriceTable> prices = Bench::shippedPrices();
    Bench::Workload workload(7);
    const auto pragmaInt = [db](const char *sql) {
        sqlite3_stmt *pragma = nullptr;
        qint64 value = 0;
        if (sqlite3_prepare_v2(db, sql, -1, &pragma, nullptr) == SQLITE_OK &&
            sqlite3_step(pragma) == SQLITE_ROW)
            value = sqlite3_column_int64(pragma, 0);
        sqlite3_finalize(pragma);
        return value;
    };
    // What the connection uses: a negative cache_size is KiB, a positive one pages.
    const qint64 cacheSize = pragmaInt("PRAGMA cache_size");
    const qint64 cacheKib = cacheSize < 0 ? -cacheSize : cacheSize * pragmaInt("PRAGMA page_size") / 1024;
    std::vector<Row> pool;
    const qint64 startNs = Time::nowNs() - 30 * 24 * Time::kNanosPerHour;
    const qint64 stepNs = 30 * 24 * Time::kNanosPerHour / rows;
    for (int i = 0; i < 4096; ++i) {
        Model::UsageEvent e = workload.nextEvent(startNs);
        prices->apply(e);
        pool.push_back(toRow(e));
    }

    sqlite3_stmt *stmt = nullptr;
    if (!check(db, sqlite3_prepare_v2(db, kInsertSql, -1, &stmt, nullptr), "prepare"))
        return 1;
    static constexpr char kHex[] = "0123456789abcdef";
    char eventId[5 + 32 + 1 + 16 + 1] = "otlp:";
    char *const traceId = eventId + 5;
    char *const spanId = eventId + 5 + 32 + 1;
    eventId[5 + 32] = ':';
    const auto hex = [](char *out, quint64 v) {
        for (int i = 0; i < 16; ++i)
            out[i] = kHex[(v >> (60 - 4 * i)) & 15];
    };

    QElapsedTimer clock;
    clock.start();
    bool ok = check(db, sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), "BEGIN");
    for (qint64 i = 0; ok && i < rows; ++i) {
        const Row &r = pool[size_t(i % qint64(pool.size()))];
        // Random-looking ids, as real trace ids are: the unique index sees random inserts.
        hex(traceId, Bench::mix64(quint64(i)));
        hex(traceId + 16, Bench::mix64(~quint64(i)));
        hex(spanId, Bench::mix64(quint64(i) ^ 0x5555));
        const qint64 ts = startNs + i * stepNs;
        // As the writer stores a span: its id as '' (rebuilt from trace and span id) and the id's hash.
        sqlite3_bind_text(stmt, 1, "", 0, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 34, Storage::eventKey(QByteArrayView(eventId, int(sizeof eventId - 1))));
        sqlite3_bind_int64(stmt, 3, ts);
        sqlite3_bind_int64(stmt, 4, ts + r.number[26] * 1'000'000);
        sqlite3_bind_text(stmt, 23, traceId, 32, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 24, spanId, 16, SQLITE_STATIC);
        for (int c = 1; c < 33; ++c) {
            if (c == 2 || c == 3 || c == 22 || c == 23)
                continue; // bound above
            if (r.isText[c] && !r.text[c].isEmpty() && utf16)
                sqlite3_bind_text16(stmt, c + 1, r.text16[c].utf16(), int(r.text16[c].size() * 2),
                                    SQLITE_STATIC);
            else if (r.isText[c] && !r.text[c].isEmpty())
                sqlite3_bind_text(stmt, c + 1, r.text[c].constData(), int(r.text[c].size()), SQLITE_STATIC);
            else if (r.isText[c] || ((c == 26 || c == 27) && r.number[c] < 0))
                sqlite3_bind_null(stmt, c + 1); // absent text, unknown latency: NULL, as the app stores them
            else
                sqlite3_bind_int64(stmt, c + 1, r.number[c]);
        }
        ok = check(db, sqlite3_step(stmt), "INSERT");
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    ok = ok && check(db, sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), "COMMIT");
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    if (!ok)
        return 1;
    connection.reset();
    std::printf("result cache_kib=%lld text=%s dropped=%s rows=%lld seconds=%.2f rows_per_s=%.0f "
                "file_bytes=%lld bytes_per_row=%.0f\n",
                static_cast<long long>(cacheKib), utf16 ? "utf16" : "utf8",
                parser.isSet(dropOption) ? qPrintable(parser.values(dropOption).join(u',')) : "none",
                static_cast<long long>(rows), seconds, double(rows) / seconds,
                static_cast<long long>(QFileInfo(path).size()),
                double(QFileInfo(path).size()) / double(rows));
    return 0;
}
