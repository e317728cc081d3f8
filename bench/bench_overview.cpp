// bench_overview: the main window on a large database (docs/performance.md, issue #3 targets): the time
// from process start until the Overview is painted with data, the resident memory then, and the CPU a
// live refresh costs. The clock is pinned to just after the database's last event, so a cached database
// shows a full "today" whatever day the benchmark runs. Runs on the platform Qt picks (offscreen in
// bench/run.sh); one line `result key=value …` at the end for run.sh.
#include "mainwindow.h"
#include "overviewpage.h"
#include "pricing/pricetable.h"
#include "storage/database.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlQuery>
#include <QTimer>
#include <cstdio>
#include <sys/resource.h>

using namespace Burnrate;

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

// User + system CPU time of this process, in ms.
double cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

// Runs the event loop for `ms` milliseconds.
void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

int main(int argc, char **argv)
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times the Overview of the main window on a database."));
    parser.addHelpOption();
    const QCommandLineOption dbOption(QStringLiteral("db"),
                                      QStringLiteral("The database (e.g. from bench_report)."),
                                      QStringLiteral("PATH"));
    const QCommandLineOption secondsOption(
        QStringLiteral("seconds"), QStringLiteral("Seconds of each live-refresh measurement (default 30)."),
        QStringLiteral("N"), QStringLiteral("30"));
    parser.addOptions({dbOption, secondsOption});
    parser.process(app);
    const QString path = parser.value(dbOption);
    const int seconds = parser.value(secondsOption).toInt();
    if (path.isEmpty() || seconds <= 0) {
        std::fputs("bench_overview: --db PATH is required and --seconds must be positive\n", stderr);
        return 2;
    }

    Error error;
    const std::shared_ptr<const Pricing::PriceTable> prices = Pricing::PriceTable::loadShipped(&error);
    if (!prices) {
        std::fprintf(stderr, "bench_overview: %s\n", qPrintable(error.message));
        return 1;
    }
    // Reading what the bench needs to know is not part of the app's start: timed and subtracted.
    QElapsedTimer setup;
    setup.start();
    qint64 lastNs = 0;
    qint64 events = 0;
    {
        const std::unique_ptr<Storage::Connection> c =
            Storage::Connection::open(path, Storage::Connection::Mode::ReadOnly, &error);
        if (!c) {
            std::fprintf(stderr, "bench_overview: %s\n", qPrintable(error.message));
            return 1;
        }
        QSqlQuery q(c->database());
        q.exec(QStringLiteral("SELECT max(ts_start_ns), count(*) FROM usage_events"));
        q.next();
        lastNs = q.value(0).toLongLong();
        events = q.value(1).toLongLong();
    }
    const qint64 nowNs = lastNs + 1;
    const qint64 setupNs = setup.nsecsElapsed();

    // What the app does at start: the window, its first refresh in showEvent(), and the first paint.
    const double startCpuMs = cpuMs();
    Widgets::MainWindow window(path, QStringLiteral("http://127.0.0.1:4318/v1/traces"), nullptr, prices);
    window.overview()->setClock([nowNs] { return nowNs; });
    window.show();
    QCoreApplication::processEvents();
    const QImage painted = window.grab().toImage();
    const double shownMs = double(sinceStart.nsecsElapsed() - setupNs) / 1e6;
    const double shownCpuMs = cpuMs() - startCpuMs;
    const double shownRssMb = memoryMb("VmRSS:");
    if (painted.isNull() || painted.width() < 100) {
        std::fputs("bench_overview: the window did not paint\n", stderr);
        return 1;
    }

    // Idle live view: the page's own once-a-second tick (clock-bound KPIs; the chart and tables once a
    // minute, which a pinned clock never reaches).
    spin(1000);
    double before = cpuMs();
    spin(seconds * 1000);
    const double tickCpuPct = (cpuMs() - before) / (seconds * 10.0);

    // Data arriving all the time: a full refresh (KPIs, chart, tables) every second, as the writer's
    // eventsStored() triggers it under a steady stream of commits.
    QTimer everySecond;
    everySecond.setInterval(1000);
    QObject::connect(&everySecond, &QTimer::timeout, window.overview(), &Widgets::OverviewPage::refresh);
    everySecond.start();
    before = cpuMs();
    QElapsedTimer refreshTimer;
    refreshTimer.start();
    spin(seconds * 1000);
    const double refreshCpuPct = (cpuMs() - before) / (double(refreshTimer.elapsed()) / 100.0);
    everySecond.stop();

    std::printf("result events=%lld shown_ms=%.1f shown_cpu_ms=%.1f rss_shown_MB=%.1f rss_MB=%.1f "
                "vmhwm_MB=%.1f tick_cpu_pct=%.2f refresh_cpu_pct=%.2f\n",
                static_cast<long long>(events), shownMs, shownCpuMs, shownRssMb, memoryMb("VmRSS:"),
                memoryMb("VmHWM:"), tickCpuPct, refreshCpuPct);
    return 0;
}
