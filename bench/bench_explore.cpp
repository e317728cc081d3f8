// bench_explore: the Explore screen's grouped views over a large database (issue 7, target: any grouped
// view over 10M events in at most 100 ms). Reuses the database bench_report generates (same file name
// under --data-dir; generate it with `bench_report --events N --data-dir DIR` first), then times
// Storage::runReport for the groupings and filters Explore offers over the last 24 h, 7 d and 30 d of the
// data, the cache-savings panel and the routing candidates, all with a warm cache. The dimensions the
// hourly rollup does not carry come from rollup_attr (user, task or session alone), rollup_user and
// rollup_session (the user or the session with the others) or the raw events (a task with a feature); raw
// views are timed separately.
#include "common/timeutil.h"
#include "pricing/pricetable.h"
#include "storage/cachesavings.h"
#include "storage/database.h"
#include "storage/report.h"
#include "storage/whatif.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlQuery>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

using namespace Burnrate;
using Storage::Dimension;
using Storage::ReportFilter;

namespace {

constexpr qint64 kDayNs = 24 * Time::kNanosPerHour;

struct Timing
{
    double median = 0, min = 0, max = 0;
};

Timing timeIt(int runs, const std::function<bool()> &run)
{
    std::vector<double> ms;
    for (int i = 0; i <= runs; ++i) { // run 0 warms the cache
        QElapsedTimer clock;
        clock.start();
        if (!run())
            return {-1, -1, -1};
        if (i > 0)
            ms.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.front(), ms.back()};
}

QString topValue(const QSqlDatabase &db, const char *column, qint64 sinceNs)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM rollup_hourly WHERE hour >= ? AND %1 != '' GROUP BY %1 "
                             "ORDER BY sum(cost_micros) DESC LIMIT 2")
                  .arg(QString::fromLatin1(column)));
    q.addBindValue(sinceNs / Time::kNanosPerHour);
    QStringList values;
    if (q.exec()) {
        while (q.next())
            values << q.value(0).toString();
    }
    return values.join(u'\n');
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore's grouped views over a generated database."));
    parser.addHelpOption();
    const QCommandLineOption eventsOption(QStringLiteral("events"), QStringLiteral("Events in the database."),
                                          QStringLiteral("N"), QStringLiteral("10000000"));
    const QCommandLineOption dataOption(QStringLiteral("data-dir"),
                                        QStringLiteral("Where bench_report cached its databases."),
                                        QStringLiteral("DIR"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Timed runs of each view."),
                                        QStringLiteral("N"), QStringLiteral("7"));
    const QCommandLineOption rawRunsOption(
        QStringLiteral("raw-runs"), QStringLiteral("Timed runs of each raw-event view (0: skip them)."),
        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption viewsOption(QStringLiteral("views"),
                                         QStringLiteral("Only these views, comma-separated (default: all)."),
                                         QStringLiteral("NAMES"));
    parser.addOptions({eventsOption, dataOption, runsOption, rawRunsOption, viewsOption});
    parser.process(app);
    const qint64 events = parser.value(eventsOption).toLongLong();
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const int rawRuns = parser.value(rawRunsOption).toInt();
    const QStringList only = parser.value(viewsOption).split(u',', Qt::SkipEmptyParts);
    const QString path =
        QDir(parser.value(dataOption))
            .filePath(QStringLiteral("events-%1-schema%2.sqlite").arg(events).arg(Storage::kSchemaVersion));
    if (parser.value(dataOption).isEmpty() || !QFileInfo::exists(path)) {
        std::fprintf(stderr,
                     "bench_explore: no database at %s; run bench_report --events %lld --data-dir DIR\n",
                     qPrintable(path), static_cast<long long>(events));
        return 2;
    }
    Error error;
    const std::unique_ptr<Storage::Connection> connection =
        Storage::Connection::open(path, Storage::Connection::Mode::ReadOnly, &error);
    const std::shared_ptr<const Pricing::PriceTable> prices = Pricing::PriceTable::loadShipped(&error);
    if (!connection || !prices) {
        std::fprintf(stderr, "bench_explore: %s\n", qPrintable(error.message));
        return 1;
    }
    const QSqlDatabase db = connection->database();
    QSqlQuery last(db);
    last.exec(QStringLiteral("SELECT max(ts_start_ns), count(*) FROM usage_events"));
    last.next();
    const qint64 anchorNs = last.value(0).toLongLong() + 1; // the data set's "now"
    std::printf("result db=%s events=%lld\n", qPrintable(path), last.value(1).toLongLong());

    const QStringList features = topValue(db, "feature", anchorNs - 30 * kDayNs).split(u'\n');
    const QString agent = topValue(db, "agent_id", anchorNs - 30 * kDayNs).section(u'\n', 0, 0);
    QSqlQuery topUser(db);
    topUser.prepare(QStringLiteral("SELECT value FROM rollup_attr WHERE dimension = 'user' AND hour >= ? "
                                   "AND value != '' GROUP BY value ORDER BY sum(cost_micros) DESC LIMIT 1"));
    topUser.addBindValue((anchorNs - 30 * kDayNs) / Time::kNanosPerHour);
    const QString user = topUser.exec() && topUser.next() ? topUser.value(0).toString() : QString();
    // A session of the last hour, for the session drill-downs.
    QSqlQuery lastSession(db);
    lastSession.prepare(
        QStringLiteral("SELECT value FROM rollup_attr WHERE dimension = 'session' AND hour >= ? "
                       "AND value != '' LIMIT 1"));
    lastSession.addBindValue((anchorNs - 2 * Time::kNanosPerHour) / Time::kNanosPerHour);
    const QString session =
        lastSession.exec() && lastSession.next() ? lastSession.value(0).toString() : QString();
    struct View
    {
        const char *name;
        QList<Dimension> groupBy;
        QList<ReportFilter> filters;
        // rollup (rollup_hourly), user_rollup (rollup_user: rollup_hourly by user as well), attr
        // (rollup_attr: user, task or session), session_hours (the events of
        // the hours rollup_attr has the session in), attr_hours (the events of the hours rollup_attr has
        // values of user, task or session in, rollup_hourly for the others), events (every event of the
        // range, timed like the rollup views) or raw (every event; timed --raw-runs times and left out of
        // the worst figure)
        const char *source;
        int limit = 0; // Explore asks for its top 1,000 groups and the rest summed per first key
        bool raw() const { return std::strcmp(source, "raw") == 0; }
    };
    const QList<View> views = {
        {"feature", {Dimension::Feature}, {}, "rollup"},
        {"feature_agent", {Dimension::Feature, Dimension::Agent}, {}, "rollup"},
        {"agent_of_feature", {Dimension::Agent}, {{Dimension::Feature, features.value(0)}}, "rollup"},
        {"model_of_feature_agent",
         {Dimension::Model},
         {{Dimension::Feature, features.value(0)}, {Dimension::Agent, agent}},
         "rollup"},
        {"provider_model_two_features",
         {Dimension::Provider, Dimension::Model},
         {{Dimension::Feature, features.value(0)}, {Dimension::Feature, features.value(1)}},
         "rollup"},
        {"day_feature", {Dimension::Day, Dimension::Feature}, {}, "rollup"},
        {"hour_model", {Dimension::Hour, Dimension::Model}, {}, "rollup"},
        {"user", {Dimension::User}, {}, "attr"},
        {"task", {Dimension::Task}, {}, "attr"},
        {"day_user", {Dimension::Day, Dimension::User}, {}, "attr"},
        {"day_of_top_user", {Dimension::Day}, {{Dimension::User, user}}, "attr"},
        {"hour_user", {Dimension::Hour, Dimension::User}, {}, "attr"},
        {"hour_user_top1000", {Dimension::Hour, Dimension::User}, {}, "attr", 1000},
        {"day_task", {Dimension::Day, Dimension::Task}, {}, "attr"},
        {"session", {Dimension::Session}, {}, "attr"},
        {"session_top1000", {Dimension::Session}, {}, "attr", 1000},
        {"day_session", {Dimension::Day, Dimension::Session}, {}, "attr"},
        {"day_session_top1000", {Dimension::Day, Dimension::Session}, {}, "attr", 1000},
        // The session with the hour (every session row of rollup_attr in the range), or with provider,
        // model, feature, agent or user, grouped or a drill-down from a feature or a user to its sessions
        // (rollup_session, schema 18; docs/performance.md, sections 8.7 and 8.8).
        {"hour_session_top1000", {Dimension::Hour, Dimension::Session}, {}, "attr", 1000},
        {"session_of_feature_top1000",
         {Dimension::Session},
         {{Dimension::Feature, features.value(0)}},
         "session_rollup",
         1000},
        {"session_of_user_top1000", {Dimension::Session}, {{Dimension::User, user}}, "session_rollup", 1000},
        {"session_of_agent_top1000",
         {Dimension::Session},
         {{Dimension::Agent, agent}},
         "session_rollup",
         1000},
        {"feature_session_top1000", {Dimension::Feature, Dimension::Session}, {}, "session_rollup", 1000},
        {"day_of_one_session", {Dimension::Day}, {{Dimension::Session, session}}, "attr"},
        {"model_of_one_session", {Dimension::Model}, {{Dimension::Session, session}}, "session_hours"},
        // Task or session with a rollup_hourly dimension: the events of the hours in which it has values,
        // rollup_hourly for the others. The bench data has no task ids (no hour is read from the events).
        {"task_of_feature", {Dimension::Task}, {{Dimension::Feature, features.value(0)}}, "attr_hours"},
        {"task_feature", {Dimension::Task, Dimension::Feature}, {}, "attr_hours"},
        // The user with rollup_hourly's dimensions: rollup_user (schema 9).
        {"user_of_feature", {Dimension::User}, {{Dimension::Feature, features.value(0)}}, "user_rollup"},
        {"feature_user", {Dimension::Feature, Dimension::User}, {}, "user_rollup"},
        {"feature_of_top_user", {Dimension::Feature}, {{Dimension::User, user}}, "user_rollup"},
        {"agent_model_user_top1000",
         {Dimension::Agent, Dimension::Model, Dimension::User},
         {},
         "user_rollup",
         1000},
    };
    const std::pair<const char *, qint64> windows[] = {
        {"24h", kDayNs}, {"7d", 7 * kDayNs}, {"30d", 30 * kDayNs}};
    double worstRollup = 0;
    for (const auto &[window, length] : windows) {
        Storage::ReportQuery query;
        query.sinceNs = anchorNs - length;
        query.untilNs = anchorNs;
        for (const View &view : views) {
            if ((view.raw() && rawRuns <= 0) ||
                (!only.isEmpty() && !only.contains(QString::fromLatin1(view.name))))
                continue;
            query.groupBy = view.groupBy;
            query.filters = view.filters;
            query.limit = view.limit;
            qsizetype groups = 0;
            const Timing t = timeIt(view.raw() ? rawRuns : runs, [&] {
                const auto rows = Storage::runReport(db, query, &error);
                groups = rows ? rows->size() : 0;
                return rows.has_value();
            });
            if (t.median < 0) {
                std::fprintf(stderr, "bench_explore: %s\n", qPrintable(error.message));
                return 1;
            }
            if (!view.raw())
                worstRollup = std::max(worstRollup, t.max);
            std::printf(
                "result window=%s view=%s source=%s groups=%lld median_ms=%.1f min_ms=%.1f max_ms=%.1f\n",
                window, view.name, view.source, static_cast<long long>(groups), t.median, t.min, t.max);
        }
        if (!only.isEmpty() && !only.contains(QStringLiteral("cache_savings")))
            continue; // the cache savings and routing candidates: --views cache_savings
        query.groupBy.clear();
        query.filters.clear();
        query.limit = 0;
        const Dimension bucket = length <= 2 * kDayNs ? Dimension::Hour : Dimension::Day;
        const Timing cache = timeIt(
            runs, [&] { return Storage::loadCacheSavings(db, *prices, query, bucket, &error).has_value(); });
        const Timing routing = timeIt(runs, [&] {
            return Storage::findRoutingCandidates(db, *prices, query, QDate::currentDate(), 20, &error)
                .has_value();
        });
        worstRollup = std::max({worstRollup, cache.max, routing.max});
        std::printf(
            "result window=%s view=cache_savings source=rollup median_ms=%.1f min_ms=%.1f max_ms=%.1f\n",
            window, cache.median, cache.min, cache.max);
        std::printf("result window=%s view=routing_candidates source=rollup median_ms=%.1f min_ms=%.1f "
                    "max_ms=%.1f\n",
                    window, routing.median, routing.min, routing.max);
    }
    std::printf("result worst_rollup_view_max_ms=%.1f target_ms=100 %s\n", worstRollup,
                worstRollup <= 100 ? "meets" : "misses");
    return 0;
}
