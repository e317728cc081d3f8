// bench_load: an OTLP/HTTP load client for a running `burnrate --headless` (docs/performance.md, targets
// 1 and 4). Several keep-alive connections each send one export request at a time and count a batch
// only when it is answered 200, which the receiver sends after the commit. Optionally samples the
// server's memory (VmRSS/VmHWM) every 100 ms and reports its CPU and run-queue time per thread, from /proc.
// Plain blocking sockets, one thread per connection, so that the client costs little next to the server.
#include "common/timeutil.h"
#include "workload.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QMap>
#include <QUrl>
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace Burnrate;

namespace {

struct Totals
{
    std::atomic<qint64> requests = 0;
    std::atomic<qint64> spans = 0;
    std::atomic<qint64> events = 0;
    std::atomic<qint64> busy = 0;   // 503 answers (writer saturated)
    std::atomic<qint64> errors = 0; // anything else that is not 200
    std::atomic<quint64> nextRequest = 0;
    std::mutex mutex; // guards the members below
    std::vector<qint64> latenciesUs;
    QByteArray firstError;
};

int connectTo(const QString &host, quint16 port, int timeoutMs)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (inet_pton(AF_INET, host.toLatin1().constData(), &address.sin_addr) != 1)
        return -1;
    QElapsedTimer waited;
    waited.start();
    // The server may still be starting: retry until the deadline.
    for (;;) {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd >= 0 && ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0) {
            const int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            return fd;
        }
        if (fd >= 0)
            close(fd);
        if (waited.elapsed() > timeoutMs)
            return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

bool sendAll(int fd, const char *data, qsizetype size)
{
    while (size > 0) {
        const ssize_t n = send(fd, data, size_t(size), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= n;
    }
    return true;
}

struct Response
{
    int status = 0;
    QByteArray head;
    QByteArray body;
};

// Reads one response framed by Content-Length (the receiver always sends one).
bool readResponse(int fd, QByteArray &buffer, Response *response)
{
    qsizetype headEnd = -1;
    qint64 length = -1;
    char chunk[16 * 1024];
    for (;;) {
        if (headEnd < 0) {
            headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                response->head = buffer.left(headEnd);
                response->status = buffer.mid(9, 3).toInt();
                const QByteArray lower = response->head.toLower();
                const qsizetype at = lower.indexOf("\r\ncontent-length:");
                length =
                    at < 0 ? 0
                           : lower.mid(at + 17, lower.indexOf('\r', at + 2) - at - 17).trimmed().toLongLong();
            }
        }
        if (headEnd >= 0 && buffer.size() >= headEnd + 4 + length) {
            response->body = buffer.mid(headEnd + 4, length);
            buffer.remove(0, headEnd + 4 + length);
            return true;
        }
        const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buffer.append(chunk, n);
    }
}

void runConnection(int fd, QList<Bench::Payload> payloads, const QByteArray &url, const QString &host,
                   quint16 port, qint64 deadlineMs, bool newSessions, const QElapsedTimer &clock,
                   Totals *totals)
{
    const QByteArray hostHeader = host.toLatin1() + ':' + QByteArray::number(port);
    QByteArray buffer;
    std::vector<qint64> latencies;
    while (clock.elapsed() < deadlineMs) {
        const quint64 request = totals->nextRequest++;
        Bench::Payload &payload = payloads[qsizetype(request % quint64(payloads.size()))];
        payload.stamp(request, newSessions);
        const QByteArray head =
            "POST " + url + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: " +
            (payload.encoding() == Ingest::Encoding::Json ? "application/json" : "application/x-protobuf") +
            "\r\nContent-Length: " + QByteArray::number(payload.body().size()) + "\r\n\r\n";
        const qint64 sentAt = clock.nsecsElapsed();
        Response response;
        if (!sendAll(fd, head.constData(), head.size()) ||
            !sendAll(fd, payload.body().constData(), payload.body().size()) ||
            !readResponse(fd, buffer, &response)) {
            ++totals->errors;
            std::lock_guard lock(totals->mutex);
            if (totals->firstError.isEmpty())
                totals->firstError = "the connection was closed: " + QByteArray(std::strerror(errno));
            break;
        }
        if (response.status == 200) {
            latencies.push_back((clock.nsecsElapsed() - sentAt) / 1000);
            ++totals->requests;
            totals->spans += payload.spans();
            totals->events += payload.events();
        } else if (response.status == 503) {
            ++totals->busy; // back off as Retry-After asks (at most a second)
            std::this_thread::sleep_for(std::chrono::milliseconds(1000));
        } else {
            ++totals->errors;
            std::lock_guard lock(totals->mutex);
            if (totals->firstError.isEmpty())
                totals->firstError = response.head.left(response.head.indexOf('\r')) + " " + response.body;
            break;
        }
    }
    close(fd);
    std::lock_guard lock(totals->mutex);
    totals->latenciesUs.insert(totals->latenciesUs.end(), latencies.begin(), latencies.end());
}

struct ProcSample
{
    qint64 rssKb = 0;
    qint64 hwmKb = 0;
};

bool readStatus(qint64 pid, ProcSample *sample)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            sample->rssKb = line.mid(6).trimmed().split(' ').value(0).toLongLong();
        else if (line.startsWith("VmHWM:"))
            sample->hwmKb = line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return true;
}

// utime + stime in clock ticks (/proc/.../stat fields 14 and 15) of a process or one of its threads.
qint64 cpuTicks(const QString &statPath)
{
    QFile file(statPath);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.value(11).toLongLong() + fields.value(12).toLongLong();
}

struct ThreadTimes
{
    qint64 cpuTicks = 0;
    qint64 runQueueNs = 0; // runnable but not running: the CPU was busy with something else
};

// Times per thread name of a process (threads of the same name added up): where the server's time goes.
QMap<QByteArray, ThreadTimes> threadTimes(qint64 pid)
{
    QMap<QByteArray, ThreadTimes> times;
    const QString tasks = QStringLiteral("/proc/%1/task").arg(pid);
    for (const QString &tid : QDir(tasks).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks + u'/' + tid + u"/comm");
        QFile schedstat(tasks + u'/' + tid + u"/schedstat");
        if (!comm.open(QIODevice::ReadOnly) || !schedstat.open(QIODevice::ReadOnly))
            continue;
        ThreadTimes &t = times[comm.readAll().trimmed().replace(' ', '_')];
        t.cpuTicks += cpuTicks(tasks + u'/' + tid + u"/stat");
        t.runQueueNs += schedstat.readAll().split(' ').value(1).toLongLong();
    }
    return times;
}

qint64 percentile(std::vector<qint64> sorted, double p)
{
    if (sorted.empty())
        return 0;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1, size_t(p * double(sorted.size())))];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("OTLP/HTTP load client for burnrate --headless."));
    parser.addHelpOption();
    const QCommandLineOption urlOption(QStringLiteral("url"), QStringLiteral("Receiver endpoint."),
                                       QStringLiteral("URL"),
                                       QStringLiteral("http://127.0.0.1:4318/v1/traces"));
    const QCommandLineOption encodingOption(QStringLiteral("encoding"), QStringLiteral("json or protobuf."),
                                            QStringLiteral("E"), QStringLiteral("protobuf"));
    const QCommandLineOption connectionsOption(QStringLiteral("connections"),
                                               QStringLiteral("Keep-alive connections."), QStringLiteral("N"),
                                               QStringLiteral("4"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("How long to send."),
                                           QStringLiteral("S"), QStringLiteral("20"));
    const QCommandLineOption batchOption(QStringLiteral("batch"), QStringLiteral("Spans per request."),
                                         QStringLiteral("N"), QStringLiteral("512"));
    const QCommandLineOption pidOption(QStringLiteral("watch-pid"),
                                       QStringLiteral("Sample this process's VmRSS/VmHWM every 100 ms."),
                                       QStringLiteral("PID"));
    const QCommandLineOption newSessionsOption(
        QStringLiteral("new-sessions"),
        QStringLiteral("Start a new session with every trace (by default the batches' sessions go on)."));
    parser.addOptions({urlOption, encodingOption, connectionsOption, secondsOption, batchOption, pidOption,
                       newSessionsOption});
    parser.process(app);

    const QUrl url(parser.value(urlOption));
    const bool json = parser.value(encodingOption) == u"json";
    const int connections = std::max(1, parser.value(connectionsOption).toInt());
    const qint64 seconds = std::max(1, parser.value(secondsOption).toInt());
    const int batchSpans = std::max(2, parser.value(batchOption).toInt());
    const qint64 pid = parser.value(pidOption).toLongLong();
    if (!url.isValid() || url.scheme() != u"http" || (!json && parser.value(encodingOption) != u"protobuf")) {
        std::fprintf(stderr, "bench_load: give --url http://HOST:PORT/PATH and --encoding json|protobuf\n");
        return 2;
    }

    // A few different batches, each re-stamped per request, so that every request stores new events.
    const std::shared_ptr<const Pricing::PriceTable> prices = Bench::shippedPrices();
    Bench::Workload workload(42);
    QList<Bench::Payload> payloads;
    for (int i = 0; i < 8; ++i)
        payloads.append(Bench::Payload::make(workload.traceBatch(batchSpans, Time::nowNs()),
                                             json ? Ingest::Encoding::Json : Ingest::Encoding::Protobuf,
                                             *prices));
    qint64 payloadBytes = 0;
    for (const Bench::Payload &p : std::as_const(payloads))
        payloadBytes += p.body().size();

    std::vector<int> sockets;
    for (int c = 0; c < connections; ++c) {
        const int fd = connectTo(url.host(), quint16(url.port(4318)), 15'000);
        if (fd < 0) {
            std::fprintf(stderr, "bench_load: cannot connect to %s\n", qPrintable(url.toString()));
            return 1;
        }
        sockets.push_back(fd);
    }

    Totals totals;
    QElapsedTimer clock;
    std::atomic<bool> sending = true;
    std::vector<ProcSample> samples;
    const QString processStat = QStringLiteral("/proc/%1/stat").arg(pid);
    const qint64 ticksBefore = pid ? cpuTicks(processStat) : 0;
    const QMap<QByteArray, ThreadTimes> threadsBefore =
        pid ? threadTimes(pid) : QMap<QByteArray, ThreadTimes>();
    std::thread sampler;
    if (pid) {
        sampler = std::thread([&] {
            while (sending) {
                ProcSample s;
                if (readStatus(pid, &s))
                    samples.push_back(s);
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
    }
    clock.start();
    std::vector<std::thread> threads;
    const QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    for (int fd : sockets)
        threads.emplace_back(runConnection, fd, payloads, path, url.host(), quint16(url.port(4318)),
                             seconds * 1000, parser.isSet(newSessionsOption), std::cref(clock), &totals);
    for (std::thread &t : threads)
        t.join();
    // Every request sent before the deadline has been answered: the rate counts the tail too.
    const double elapsed = double(clock.nsecsElapsed()) / 1e9;
    const qint64 ticksAfter = pid ? cpuTicks(processStat) : 0;
    const QMap<QByteArray, ThreadTimes> threadsAfter =
        pid ? threadTimes(pid) : QMap<QByteArray, ThreadTimes>();
    sending = false;
    if (sampler.joinable())
        sampler.join();

    std::printf(
        "result encoding=%s connections=%d new_sessions=%d batch_spans=%d batch_events=%d payload_bytes=%lld "
        "seconds=%.2f "
        "requests=%lld spans=%lld events=%lld spans_per_s=%.0f events_per_s=%.0f busy_503=%lld errors=%lld "
        "latency_p50_ms=%.1f latency_p99_ms=%.1f",
        json ? "json" : "protobuf", connections, int(parser.isSet(newSessionsOption)),
        payloads.first().spans(), payloads.first().events(),
        static_cast<long long>(payloadBytes / payloads.size()), elapsed,
        static_cast<long long>(totals.requests.load()), static_cast<long long>(totals.spans.load()),
        static_cast<long long>(totals.events.load()), double(totals.spans) / elapsed,
        double(totals.events) / elapsed, static_cast<long long>(totals.busy.load()),
        static_cast<long long>(totals.errors.load()), double(percentile(totals.latenciesUs, 0.5)) / 1000,
        double(percentile(totals.latenciesUs, 0.99)) / 1000);
    if (pid && !samples.empty()) {
        // Steady state: the median of the last quarter of the run. Whether memory still grew by then shows in
        // the timeline (RSS at a quarter, half, three quarters and the end of the run).
        std::vector<qint64> late;
        for (size_t i = samples.size() * 3 / 4; i < samples.size(); ++i)
            late.push_back(samples[i].rssKb);
        qint64 peakRss = 0;
        for (const ProcSample &s : samples)
            peakRss = std::max(peakRss, s.rssKb);
        const auto at = [&samples](size_t quarter) {
            return double(samples[std::min(samples.size() - 1, samples.size() * quarter / 4)].rssKb) / 1024;
        };
        const long ticksPerSecond = sysconf(_SC_CLK_TCK);
        std::printf(" rss_samples=%d rss_peak_mb=%.1f rss_steady_mb=%.1f hwm_mb=%.1f "
                    "rss_timeline_mb=%.0f,%.0f,%.0f,%.0f "
                    "server_cpu_cores=%.2f",
                    int(samples.size()), double(peakRss) / 1024, double(percentile(late, 0.5)) / 1024,
                    double(samples.back().hwmKb) / 1024, at(1), at(2), at(3), at(4),
                    double(ticksAfter - ticksBefore) / double(ticksPerSecond) / elapsed);
        // Per thread: CPU in cores, and the share of the run it waited for a CPU that was busy elsewhere.
        for (auto it = threadsAfter.cbegin(); it != threadsAfter.cend(); ++it) {
            const ThreadTimes before = threadsBefore.value(it.key());
            std::printf(" cpu_%s=%.2f runqueue_%s=%.2f", it.key().constData(),
                        double(it->cpuTicks - before.cpuTicks) / double(ticksPerSecond) / elapsed,
                        it.key().constData(), double(it->runQueueNs - before.runQueueNs) / 1e9 / elapsed);
        }
    }
    std::printf("\n");
    if (!totals.firstError.isEmpty())
        std::fprintf(stderr, "bench_load: first failure: %s\n", totals.firstError.constData());
    return totals.errors > 0 ? 1 : 0;
}
