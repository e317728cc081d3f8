// Kill switch, issue 6 target: click to confirmed-in-store ≤ 100 ms at p95 over 100 toggles against a
// local etcd. Each toggle is what the tray's click does: Controller::killAll / resumeAll, i.e. read,
// compare-and-swap write, read-back, audit row in SQLite; the clock runs from the call to
// changeConfirmed. Starts its own etcd (Debian's etcd-server) on free loopback ports unless --etcd URL.
//
//   bench_killswitch [--toggles N] [--etcd URL]
#include "../tests/killswitch/etcdprocess.h"

#include "killswitch/etcdbackend.h"
#include "killswitch/killswitchaudit.h"
#include "killswitch/killswitchcontroller.h"
#include "net/curlhttpclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>

using namespace Burnrate;
using namespace Burnrate::KillSwitch;

namespace {

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    return values[index];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption togglesOption(QStringLiteral("toggles"),
                                           QStringLiteral("Toggles to time (100)."), QStringLiteral("N"),
                                           QStringLiteral("100"));
    const QCommandLineOption etcdOption(QStringLiteral("etcd"),
                                        QStringLiteral("Use this etcd instead of starting one."),
                                        QStringLiteral("URL"));
    parser.addOptions({togglesOption, etcdOption});
    parser.addHelpOption();
    parser.process(app);
    const int toggles = std::max(1, parser.value(togglesOption).toInt());

    std::unique_ptr<EtcdProcess> etcd;
    QUrl url(parser.value(etcdOption));
    if (url.isEmpty()) {
        etcd = std::make_unique<EtcdProcess>();
        if (!etcd->start()) {
            std::fprintf(stderr, "bench_killswitch: %s\n", qPrintable(etcd->lastError()));
            return 1;
        }
        url = etcd->url();
    }

    QTemporaryDir dir;
    Error error;
    std::unique_ptr<AuditLog> audit =
        AuditLog::open(dir.filePath(QStringLiteral("bench.sqlite")), false, &error);
    if (!audit) {
        std::fprintf(stderr, "bench_killswitch: %s\n", qPrintable(error.message));
        return 1;
    }
    Net::CurlHttpClient client;
    Controller controller(std::make_unique<EtcdBackend>(&client, url,
                                                        QStringLiteral("burnrate/bench-killswitch"),
                                                        QString(), QString()),
                          audit.get());

    constexpr int kWarmup = 5; // connection set-up and the key's creation are not what a click costs
    std::vector<double> millis;
    QElapsedTimer clock;
    Controller::RequestId current = 0;
    int done = 0;
    auto next = [&] {
        if (done == toggles + kWarmup) {
            app.quit();
            return;
        }
        clock.start();
        current = done % 2 == 0 ? controller.killAll(QStringLiteral("bench"))
                                : controller.resumeAll(QStringLiteral("bench"));
    };
    QObject::connect(&controller, &Controller::changeConfirmed, &app,
                     [&](Controller::RequestId id, const Document &) {
                         if (id != current)
                             return;
                         const double elapsed = double(clock.nsecsElapsed()) / 1e6;
                         if (++done > kWarmup)
                             millis.push_back(elapsed);
                         QMetaObject::invokeMethod(&app, next, Qt::QueuedConnection);
                     });
    QObject::connect(&controller, &Controller::changeFailed, &app,
                     [&](Controller::RequestId, const Error &e) {
                         std::fprintf(stderr, "bench_killswitch: toggle failed: %s\n", qPrintable(e.message));
                         app.exit(1);
                     });
    QMetaObject::invokeMethod(&app, next, Qt::QueuedConnection);
    if (app.exec() != 0)
        return 1;

    std::printf("result toggles=%zu p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f (target p95 <= 100 ms)\n",
                millis.size(), percentile(millis, 0.50), percentile(millis, 0.95), percentile(millis, 0.99),
                *std::max_element(millis.begin(), millis.end()));
    return 0;
}
