// bench_report: grouped reports over large databases (docs/performance.md, targets 2 and 3). Generates
// a database of N events over 30 days through Storage::StorageWriter (the real path, rollups included)
// unless it is already cached, then times Storage::runReport grouped by feature over the last 24 h, 7 d
// and 30 d, and beside it the plain GROUP BY over the raw events, both with a warm cache.
#include "common/timeutil.h"
#include "pricing/pricetable.h"
#include "storage/database.h"
#include "storage/report.h"
#include "storage/storagewriter.h"
#include "workload.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <sqlite3.h>
#include <thread>
#include <vector>

using namespace Burnrate;

namespace {

constexpr qint64 kDayNs = 24 * Time::kNanosPerHour;

bool fail(const QString &message)
{
    std::fprintf(stderr, "bench_report: %s\n", qPrintable(message));
    return false;
}

// Writes `events` calls spread evenly (with jitter) over the 30 days before now, in time order, as the
// receiver would: batches through the StorageWriter, which keeps the hourly rollup in step.
bool generate(const QString &path, qint64 events)
{
    const QString partial = path + u".partial";
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(partial + suffix);
    Storage::StorageWriter writer(partial);
    std::atomic<bool> failed = false;
    QObject::connect(
        &writer, &Storage::StorageWriter::writeFailed, &writer,
        [&failed](const Error &error) {
            std::fprintf(stderr, "bench_report: write failed: %s\n", qPrintable(error.message));
            failed = true;
        },
        Qt::DirectConnection);
    Error error;
    if (!writer.start(&error))
        return fail(error.message);

    const std::shared_ptr<const Pricing::PriceTable> prices = Bench::shippedPrices();
    Bench::Workload workload(1234);
    const qint64 untilNs = Time::nowNs();
    const qint64 fromNs = untilNs - 30 * kDayNs;
    const qint64 stepNs = 30 * kDayNs / events;
    constexpr qsizetype kBatch = 5'000;
    QElapsedTimer clock;
    clock.start();
    QList<Model::UsageEvent> batch;
    for (qint64 i = 0; i < events && !failed; ++i) {
        Model::UsageEvent e =
            workload.nextEvent(fromNs + i * stepNs + qint64(Bench::mix64(quint64(i)) % quint64(stepNs)));
        prices->apply(e);
        batch.append(std::move(e));
        if (batch.size() == kBatch || i + 1 == events) {
            while (writer.pendingEvents() > 20 * kBatch)
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            writer.submit(std::exchange(batch, {}));
        }
        if ((i + 1) % 1'000'000 == 0)
            std::fprintf(stderr, "bench_report: %lld events generated (%.0f s)\n",
                         static_cast<long long>(i + 1), double(clock.elapsed()) / 1000);
    }
    writer.stop(); // commits what is queued and closes the database (checkpointing the WAL)
    if (failed)
        return false;
    std::printf("result generated_events=%lld generation_s=%.1f generation_events_per_s=%.0f\n",
                static_cast<long long>(events), double(clock.elapsed()) / 1000,
                double(events) * 1000 / double(clock.elapsed()));
    for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(partial + suffix);
    QFile::remove(path);
    return QFile::rename(partial, path) || fail(QStringLiteral("cannot rename %1").arg(partial));
}

qint64 queryInt(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    qint64 value = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// The raw limit: the plainest grouped query over the raw events. Returns the calls it counted.
qint64 rawGroupBy(sqlite3 *db, qint64 sinceNs)
{
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT feature, COUNT(*), SUM(cost_micros) FROM usage_events WHERE ts_start_ns >= ? "
                       "GROUP BY feature",
                       -1, &stmt, nullptr);
    sqlite3_bind_int64(stmt, 1, sinceNs);
    qint64 calls = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW)
        calls += sqlite3_column_int64(stmt, 1);
    sqlite3_finalize(stmt);
    return calls;
}

void printPlan(sqlite3 *db, const char *label, const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    const QByteArray explain = QByteArray("EXPLAIN QUERY PLAN ") + sql;
    if (sqlite3_prepare_v2(db, explain.constData(), -1, &stmt, nullptr) != SQLITE_OK)
        return;
    while (sqlite3_step(stmt) == SQLITE_ROW)
        std::printf("plan %s: %s\n", label, reinterpret_cast<const char *>(sqlite3_column_text(stmt, 3)));
    sqlite3_finalize(stmt);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Grouped report timings over a generated Burnrate database."));
    parser.addHelpOption();
    const QCommandLineOption eventsOption(QStringLiteral("events"), QStringLiteral("Events in the database."),
                                          QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption dataOption(QStringLiteral("data-dir"),
                                        QStringLiteral("Where generated databases are cached."),
                                        QStringLiteral("DIR"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Timed runs of each report."),
                                        QStringLiteral("N"), QStringLiteral("7"));
    const QCommandLineOption rawRunsOption(QStringLiteral("raw-runs"),
                                           QStringLiteral("Timed runs of each raw GROUP BY."),
                                           QStringLiteral("N"), QStringLiteral("5"));
    parser.addOptions({eventsOption, dataOption, runsOption, rawRunsOption});
    parser.process(app);
    const qint64 events = parser.value(eventsOption).toLongLong();
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const int rawRuns = std::max(1, parser.value(rawRunsOption).toInt());
    if (events <= 0 || parser.value(dataOption).isEmpty()) {
        std::fprintf(stderr, "bench_report: give --events N and --data-dir DIR\n");
        return 2;
    }
    QDir().mkpath(parser.value(dataOption));
    // The schema version in the name: a build with another schema generates its own database.
    const QString path =
        QDir(parser.value(dataOption))
            .filePath(QStringLiteral("events-%1-schema%2.sqlite").arg(events).arg(Storage::kSchemaVersion));
    if (!QFileInfo::exists(path) && !generate(path, events))
        return 1;

    Error error;
    std::unique_ptr<Storage::Connection> connection =
        Storage::Connection::open(path, Storage::Connection::Mode::ReadOnly, &error);
    if (!connection) {
        std::fprintf(stderr, "bench_report: %s\n", qPrintable(error.message));
        return 1;
    }
    auto *db = static_cast<sqlite3 *>(connection->sqliteHandle());
    // The data set's "now": reports cover the days before its last event, however old the cached file is.
    const qint64 anchorNs = queryInt(db, "SELECT max(ts_start_ns) FROM usage_events") + 1;
    const qint64 stored = queryInt(db, "SELECT count(*) FROM usage_events");
    const qint64 fileBytes = QFileInfo(path).size();
    std::printf(
        "result db=%s events=%lld file_bytes=%lld bytes_per_event=%.1f rollup_rows=%lld sessions=%lld "
        "cli_since=%s cli_until=%s\n",
        qPrintable(path), static_cast<long long>(stored), static_cast<long long>(fileBytes),
        double(fileBytes) / double(stored),
        static_cast<long long>(queryInt(db, "SELECT count(*) FROM rollup_hourly")),
        static_cast<long long>(queryInt(db, "SELECT count(DISTINCT session_id) FROM usage_events")),
        qPrintable(Time::toIsoUtc(anchorNs - 30 * kDayNs)), qPrintable(Time::toIsoUtc(anchorNs)));
    // Where the bytes are (needs SQLite's dbstat table, which Debian enables).
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC", -1,
                           &stmt, nullptr) == SQLITE_OK) {
        while (sqlite3_step(stmt) == SQLITE_ROW)
            std::printf("size %s=%lld\n", reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)),
                        static_cast<long long>(sqlite3_column_int64(stmt, 1)));
    }
    sqlite3_finalize(stmt);
    printPlan(db, "raw",
              "SELECT feature, COUNT(*), SUM(cost_micros) FROM usage_events WHERE ts_start_ns >= 0 GROUP BY "
              "feature");
    printPlan(db, "rollup",
              "SELECT feature, sum(calls), sum(cost_micros) FROM rollup_hourly WHERE hour >= 0 AND hour < 1 "
              "GROUP BY feature");

    const std::pair<const char *, qint64> windows[] = {
        {"24h", kDayNs}, {"7d", 7 * kDayNs}, {"30d", 30 * kDayNs}};
    for (const auto &[name, length] : windows) {
        Storage::ReportQuery query;
        query.sinceNs = anchorNs - length;
        query.untilNs = anchorNs;
        query.groupBy = {Storage::Dimension::Feature};
        std::vector<double> reportMs;
        qint64 calls = 0;
        int groups = 0;
        for (int run = 0; run <= runs; ++run) { // run 0 warms the cache
            QElapsedTimer clock;
            clock.start();
            const std::optional<QList<Storage::ReportRow>> rows =
                Storage::runReport(connection->database(), query, &error);
            const double ms = double(clock.nsecsElapsed()) / 1e6;
            if (!rows) {
                std::fprintf(stderr, "bench_report: %s\n", qPrintable(error.message));
                return 1;
            }
            if (run > 0)
                reportMs.push_back(ms);
            calls = 0;
            for (const Storage::ReportRow &row : *rows)
                calls += row.calls;
            groups = int(rows->size());
        }
        // Grouped by user: served by rollup_attr (schema 6) plus the raw events of the partial hours.
        Storage::ReportQuery byUser = query;
        byUser.groupBy = {Storage::Dimension::User};
        std::vector<double> userMs;
        for (int run = 0; run <= rawRuns; ++run) {
            QElapsedTimer clock;
            clock.start();
            if (!Storage::runReport(connection->database(), byUser, &error)) {
                std::fprintf(stderr, "bench_report: %s\n", qPrintable(error.message));
                return 1;
            }
            if (run > 0)
                userMs.push_back(double(clock.nsecsElapsed()) / 1e6);
        }
        std::vector<double> rawMs;
        qint64 rawCalls = 0;
        for (int run = 0; run <= rawRuns; ++run) {
            QElapsedTimer clock;
            clock.start();
            rawCalls = rawGroupBy(db, query.sinceNs);
            if (run > 0)
                rawMs.push_back(double(clock.nsecsElapsed()) / 1e6);
        }
        std::printf("result window=%s groups=%d calls=%lld report_median_ms=%.2f report_min_ms=%.2f "
                    "report_max_ms=%.2f "
                    "raw_calls=%lld raw_median_ms=%.1f raw_min_ms=%.1f by_user_median_ms=%.1f\n",
                    name, groups, static_cast<long long>(calls), median(reportMs),
                    *std::min_element(reportMs.begin(), reportMs.end()),
                    *std::max_element(reportMs.begin(), reportMs.end()), static_cast<long long>(rawCalls),
                    median(rawMs), *std::min_element(rawMs.begin(), rawMs.end()), median(userMs));
        if (calls != rawCalls) {
            std::fprintf(stderr, "bench_report: the report counted %lld calls, the raw query %lld\n",
                         static_cast<long long>(calls), static_cast<long long>(rawCalls));
            return 1;
        }
    }
    return 0;
}
