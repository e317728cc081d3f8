// bench_calls: the Calls view on a large database (docs/performance.md, issue #7 target 8): the time
// until the first page is shown (whole range by time, and the costlier orders and a drill-down cell), the
// GUI thread's longest stall while a month is sorted by cost (pages are read on a worker thread), then
// scrolling down through `--rows` calls the way the table does (scroll to the end, the model fetches the
// next page, the rows arrive from the worker), with the pages fetched and the resident memory. The
// database is only read.
// Runs on the platform Qt picks (offscreen by default); one line `result key=value …` at the end.
#include "callsview.h"
#include "models/callsmodel.h"
#include "sessionsview.h"
#include "stallmeter.h"
#include "storage/calls.h"
#include "storage/database.h"
#include "storage/traces.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QScrollBar>
#include <QSqlQuery>
#include <QTableView>
#include <QTimer>
#include <algorithm>
#include <cstdio>

using namespace Burnrate;
using namespace Qt::StringLiterals;

namespace {

// VmRSS or VmHWM of this process, in MB.
double memoryMb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qsizetype(qstrlen(field))).trimmed().split(' ').value(0).toDouble() / 1024;
    }
    return -1;
}

qint64 queryInt(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

// Runs the event loop until the page on its way has arrived (or `timeoutMs` passed).
bool waitForPage(const Models::CallsModel *model, int timeoutMs = 600'000)
{
    QElapsedTimer timer;
    timer.start();
    while (model->isFetching() && timer.elapsed() < timeoutMs)
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    return !model->isFetching();
}

// A fresh view (so its connections are opened too), shown, with `query` and the order of `column`; the
// milliseconds until its first page has arrived from the worker thread and is painted.
double timeOpen(const QString &path, const Storage::CallsQuery &query, int column, int *rows)
{
    Widgets::CallsView view(path);
    view.resize(1280, 800);
    QElapsedTimer timer;
    timer.start();
    if (column != Models::CallsModel::TimeColumn)
        view.table()->horizontalHeader()->setSortIndicator(column, Qt::DescendingOrder);
    view.openCalls(query);
    view.show();
    waitForPage(view.model());
    QApplication::processEvents();
    view.grab(); // painted
    *rows = view.model()->rowCount();
    return double(timer.nsecsElapsed()) / 1e6;
}

// The longest the GUI thread goes without a turn of its event loop (a 1 ms timer) while `work` runs
// the loop until it returns; what a user sees as a frozen window.
template<typename Work> double longestStallMs(Work work)
{
    const Bench::StallMeter stalls;
    work();
    return stalls.longestMs();
}

struct SortStall
{
    double firstPageMs = 0; // from the click until the first page by cost is painted
    double stallMs = 0;     // the GUI thread's longest stall until the page arrived
    double paintMs = 0;     // inserting and painting that page
    double idleStallMs = 0; // the longest stall of an idle loop for as long: the machine's share
};

// A view showing `query` newest first is sorted by cost, as by a click on the header.
SortStall timeSortStall(const QString &path, const Storage::CallsQuery &query)
{
    Widgets::CallsView view(path);
    view.resize(1280, 800);
    view.openCalls(query);
    view.show();
    waitForPage(view.model());
    QApplication::processEvents();
    SortStall result;
    QElapsedTimer timer;
    timer.start();
    result.stallMs = longestStallMs([&] {
        view.table()->horizontalHeader()->setSortIndicator(Models::CallsModel::CostColumn,
                                                           Qt::DescendingOrder);
        waitForPage(view.model());
    });
    QElapsedTimer paint;
    paint.start();
    QApplication::processEvents();
    view.grab(); // painted
    result.paintMs = double(paint.nsecsElapsed()) / 1e6;
    result.firstPageMs = double(timer.nsecsElapsed()) / 1e6;
    const qint64 idleMs = qint64(result.firstPageMs);
    result.idleStallMs = longestStallMs([idleMs] {
        QElapsedTimer idle;
        idle.start();
        while (idle.elapsed() < idleMs)
            QApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    });
    return result;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times the Calls view on a database."));
    parser.addHelpOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"), QStringLiteral("The database (from bench_report)."), QStringLiteral("PATH"));
    const QCommandLineOption rowsOption(QStringLiteral("rows"),
                                        QStringLiteral("How many calls to scroll through (default 1000000)."),
                                        QStringLiteral("N"), QStringLiteral("1000000"));
    parser.addOptions({dbOption, rowsOption});
    parser.process(app);
    const QString path = parser.value(dbOption);
    const int scrollRows = parser.value(rowsOption).toInt();
    if (path.isEmpty() || scrollRows <= 0) {
        std::fputs("bench_calls: --db PATH is required and --rows must be positive\n", stderr);
        return 2;
    }

    Error error;
    std::unique_ptr<Storage::Connection> reader =
        Storage::Connection::open(path, Storage::Connection::Mode::ReadOnly, &error);
    if (!reader) {
        std::fprintf(stderr, "bench_calls: %s\n", qPrintable(error.message));
        return 1;
    }
    const qint64 first =
        queryInt(reader->database(), QStringLiteral("SELECT min(ts_start_ns) FROM usage_events"));
    const qint64 last =
        queryInt(reader->database(), QStringLiteral("SELECT max(ts_start_ns) FROM usage_events"));
    const qint64 events = queryInt(reader->database(), QStringLiteral("SELECT max(id) FROM usage_events"));
    // A value of `column` in the last hour's calls.
    const auto recentValue = [&](const char *column) {
        QSqlQuery q(reader->database());
        q.prepare(u"SELECT "_s + QLatin1String(column) + u" FROM usage_events WHERE ts_start_ns >= ? AND "_s +
                  QLatin1String(column) + u" > '' LIMIT 1"_s);
        q.addBindValue(last - 3600LL * 1'000'000'000);
        return q.exec() && q.next() ? q.value(0).toString() : QString();
    };
    const QString feature = recentValue("feature");    // for a drill-down cell
    const QString user = recentValue("user_id");       // for a filter the minute bounds know nothing of
    const QString session = recentValue("session_id"); // for a session drill-down over the whole range
    reader.reset();
    std::printf("database: %s, about %lld events, %.1f days; drill-down cell: feature %s, last 24 h\n",
                qPrintable(path), events, double(last - first) / 86400e9, qPrintable(feature));
    const qint64 dayNs = 86400LL * 1'000'000'000;
    const Storage::CallsQuery all{first, last + 1, {}};
    const Storage::CallsQuery cell{last + 1 - dayNs, last + 1, {{Storage::Dimension::Feature, feature}}};

    struct Open
    {
        const char *name;
        Storage::CallsQuery query;
        int column;
    };
    const Open opens[] = {
        {"all_by_time", all, Models::CallsModel::TimeColumn},
        {"feature_day_by_time", cell, Models::CallsModel::TimeColumn},
        {"feature_day_by_cost", cell, Models::CallsModel::CostColumn},
        {"all_by_cost", all, Models::CallsModel::CostColumn},
        {"session_all_by_time",
         {first, last + 1, {{Storage::Dimension::Session, session}}},
         Models::CallsModel::TimeColumn},
    };
    QStringList results;
    {
        // The first page by cost read straight on a connection, no view: what the worker waits for, so
        // the view's figure can be told apart from the machine's load.
        std::unique_ptr<Storage::Connection> db =
            Storage::Connection::open(path, Storage::Connection::Mode::ReadOnly, &error);
        QElapsedTimer timer;
        timer.start();
        const auto page =
            Storage::fetchCalls(db->database(), all, Storage::CallsSort::Cost, Qt::DescendingOrder, nullptr,
                                Models::CallsModel::kDefaultPageSize, &error);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        std::printf("query all_by_cost alone     %6.1f ms, %lld rows\n", ms,
                    page ? qint64(page->size()) : -1LL);
        results.append(QStringLiteral("query_all_by_cost_ms=%1").arg(ms, 0, 'f', 1));

        // Pages further down in the other orders (each page reads the minutes that can hold it): the 1st,
        // 10th and 40th page of 250, fetched one after the other as a scrolling view asks for them.
        struct Deep
        {
            const char *name;
            Storage::CallsQuery query;
            Storage::CallsSort sort;
            Qt::SortOrder order;
        };
        const Storage::CallsQuery monthOfFeature{first, last + 1, {{Storage::Dimension::Feature, feature}}};
        const Storage::CallsQuery monthOfUser{first, last + 1, {{Storage::Dimension::User, user}}};
        const Deep deeps[] = {
            {"all_by_cost", all, Storage::CallsSort::Cost, Qt::DescendingOrder},
            {"all_by_cost_ascending", all, Storage::CallsSort::Cost, Qt::AscendingOrder},
            {"all_by_tokens", all, Storage::CallsSort::Tokens, Qt::DescendingOrder},
            {"all_by_latency", all, Storage::CallsSort::Latency, Qt::DescendingOrder},
            {"feature_month_by_cost", monthOfFeature, Storage::CallsSort::Cost, Qt::DescendingOrder},
            {"user_month_by_cost", monthOfUser, Storage::CallsSort::Cost, Qt::DescendingOrder},
        };
        for (const Deep &d : deeps) {
            std::optional<Storage::CallRow> after;
            QStringList times;
            for (int page = 1; page <= 40; ++page) {
                QElapsedTimer pageTimer;
                pageTimer.start();
                const auto rows =
                    Storage::fetchCalls(db->database(), d.query, d.sort, d.order, after ? &*after : nullptr,
                                        Models::CallsModel::kDefaultPageSize, &error);
                const double pageMs = double(pageTimer.nsecsElapsed()) / 1e6;
                if (!rows || rows->isEmpty())
                    break;
                after = rows->constLast();
                if (page == 1 || page == 10 || page == 40)
                    times.append(QStringLiteral("%1").arg(pageMs, 0, 'f', 1));
            }
            std::printf("pages %-22s 1st / 10th / 40th page: %s ms\n", d.name,
                        qPrintable(times.join(u" / ")));
            results.append(QStringLiteral("pages_%1_ms=%2").arg(QLatin1String(d.name), times.join(u'/')));
        }
    }
    for (const Open &o : opens) {
        int rows = 0;
        double best = 1e18;
        for (int run = 0; run < 3; ++run)
            best = std::min(best, timeOpen(path, o.query, o.column, &rows));
        std::printf("open %-22s first page %6.1f ms (best of 3), %d rows shown\n", o.name, best, rows);
        results.append(QStringLiteral("open_%1_ms=%2").arg(QLatin1String(o.name)).arg(best, 0, 'f', 1));
    }

    {
        const SortStall sort = timeSortStall(path, all);
        std::printf(
            "sort all by cost in an open view: first page %6.1f ms; GUI thread's longest stall %5.1f ms "
            "while sorting (%5.1f ms when idle as long), %5.1f ms to insert and paint the page\n",
            sort.firstPageMs, sort.stallMs, sort.idleStallMs, sort.paintMs);
        results.append(
            QStringLiteral(
                "sort_all_by_cost_ms=%1 gui_longest_stall_ms=%2 gui_idle_longest_stall_ms=%3 paint_ms=%4")
                .arg(sort.firstPageMs, 0, 'f', 1)
                .arg(sort.stallMs, 0, 'f', 1)
                .arg(sort.idleStallMs, 0, 'f', 1)
                .arg(sort.paintMs, 0, 'f', 1));
    }

    // The Sessions screen's query over the last day, week and month; a trace opened from a call.
    {
        std::unique_ptr<Storage::Connection> db =
            Storage::Connection::open(path, Storage::Connection::Mode::ReadOnly, &error);
        const auto newest = Storage::fetchCalls(db->database(), all, Storage::CallsSort::Time,
                                                Qt::DescendingOrder, nullptr, 1, &error);
        if (newest && !newest->isEmpty()) {
            const Model::UsageEvent &call = newest->constFirst().event;
            const qint64 hourNs = 3600LL * 1'000'000'000;
            QElapsedTimer timer;
            timer.start();
            const auto trace = Storage::loadTrace(db->database(), call.traceId, call.startNs - hourNs,
                                                  call.startNs + hourNs, &error);
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            std::printf("trace of the newest call: %6.1f ms, %lld calls\n", ms,
                        trace ? qint64(trace->calls.size()) : -1LL);
            results.append(QStringLiteral("trace_ms=%1").arg(ms, 0, 'f', 1));
        }
        for (const int days : {1, 7, 30}) {
            QElapsedTimer timer;
            timer.start();
            const auto sessions = Storage::loadSessions(db->database(), last + 1 - days * dayNs, last + 1,
                                                        Widgets::SessionsView::kMaxSessions, &error);
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            std::printf("sessions of the last %2d days: %6.0f ms, %lld sessions\n", days, ms,
                        sessions ? qint64(sessions->size()) : -1LL);
            results.append(QStringLiteral("sessions_%1d_ms=%2").arg(days).arg(ms, 0, 'f', 0));
        }
    }

    // Scrolling: the whole range newest first, scrolled to the end again and again.
    Widgets::CallsView view(path);
    view.resize(1280, 800);
    view.openCalls(all);
    view.show();
    waitForPage(view.model());
    QApplication::processEvents();
    const double rssBefore = memoryMb("VmRSS:");
    QTableView *table = view.table();
    Models::CallsModel *model = view.model();
    QElapsedTimer total;
    total.start();
    double slowestMs = 0;
    int idle = 0; // turns in which the view asked for no page: it should always ask at the end
    while (model->rowCount() < scrollRows && model->canFetchMore({}) && idle < 1000) {
        QElapsedTimer step;
        step.start();
        table->verticalScrollBar()->setValue(table->verticalScrollBar()->maximum());
        QApplication::processEvents(); // the view asks for the next page
        idle = model->isFetching() ? 0 : idle + 1;
        waitForPage(model);
        slowestMs = std::max(slowestMs, double(step.nsecsElapsed()) / 1e6);
    }
    const double totalMs = double(total.nsecsElapsed()) / 1e6;
    const double rssAfter = memoryMb("VmRSS:");
    std::printf("scroll: %d rows in %d pages of %d, %.0f ms (%.2f ms a page, slowest %.1f ms); "
                "rss %.0f -> %.0f MB (peak %.0f MB); more to fetch: %s\n",
                model->rowCount(), model->pagesFetched(), model->pageSize(), totalMs,
                totalMs / std::max(1, model->pagesFetched()), slowestMs, rssBefore, rssAfter,
                memoryMb("VmHWM:"), model->canFetchMore({}) ? "yes" : "no");
    results.append(QStringLiteral("scroll_rows=%1 scroll_pages=%2 scroll_ms=%3 page_ms=%4 slowest_page_ms=%5 "
                                  "rss_before_mb=%6 rss_after_mb=%7")
                       .arg(model->rowCount())
                       .arg(model->pagesFetched())
                       .arg(totalMs, 0, 'f', 0)
                       .arg(totalMs / std::max(1, model->pagesFetched()), 0, 'f', 2)
                       .arg(slowestMs, 0, 'f', 1)
                       .arg(rssBefore, 0, 'f', 0)
                       .arg(rssAfter, 0, 'f', 0));
    std::printf("result %s\n", qPrintable(results.join(u' ')));
    return 0;
}
