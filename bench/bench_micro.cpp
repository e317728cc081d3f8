// bench_micro: where the ingest time goes, stage by stage, for one 512-span export (docs/performance.md):
// HTTP parsing, decoding per encoding, normalizing, pricing, the whole ingest path, and the commit of its
// events by the StorageWriter. Google Benchmark; items are spans.
#include "common/timeutil.h"
#include "ingest/httpparser.h"
#include "ingest/normalizer.h"
#include "ingest/otlpcodec.h"
#include "pricing/pricetable.h"
#include "storage/storagewriter.h"
#include "workload.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <benchmark/benchmark.h>

using namespace Burnrate;

namespace {

constexpr int kBatchSpans = 512;

struct Fixture
{
    Fixture()
        : prices(Bench::shippedPrices())
    {
        Bench::Workload workload(42);
        const Ingest::TraceBatch batch = workload.traceBatch(kBatchSpans, Time::nowNs());
        json = Bench::Payload::make(batch, Ingest::Encoding::Json, *prices);
        protobuf = Bench::Payload::make(batch, Ingest::Encoding::Protobuf, *prices);
    }

    std::shared_ptr<const Pricing::PriceTable> prices;
    Bench::Payload json;
    Bench::Payload protobuf;
};

Fixture &fixture()
{
    static Fixture f;
    return f;
}

Bench::Payload &payload(benchmark::State &state)
{
    return state.range(0) ? fixture().protobuf : fixture().json;
}

void setCounters(benchmark::State &state, qint64 bytes = 0)
{
    state.SetItemsProcessed(state.iterations() * kBatchSpans);
    if (bytes > 0)
        state.SetBytesProcessed(state.iterations() * bytes);
}

void BM_HttpParse(benchmark::State &state)
{
    const QByteArray &body = payload(state).body();
    const QByteArray request = "POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1:4318\r\nContent-Type: " +
                               QByteArray(state.range(0) ? "application/x-protobuf" : "application/json") +
                               "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    for (auto _ : state) {
        Ingest::HttpRequestParser parser(64 * 1024 * 1024);
        QByteArray buffer = request;
        Ingest::HttpRequestParser::Status status;
        while ((status = parser.feed(buffer)) == Ingest::HttpRequestParser::Status::HeadersComplete) {
        }
        if (status != Ingest::HttpRequestParser::Status::Complete) {
            state.SkipWithError("the request did not parse");
            return;
        }
        benchmark::DoNotOptimize(parser.takeRequest());
    }
    setCounters(state, request.size());
}
BENCHMARK(BM_HttpParse)->Arg(0)->Arg(1)->ArgName("protobuf");

void BM_Decode(benchmark::State &state)
{
    const QByteArray &body = payload(state).body();
    Error error;
    for (auto _ : state)
        benchmark::DoNotOptimize(state.range(0) ? Ingest::decodeOtlpProtobuf(body, &error)
                                                : Ingest::decodeOtlpJson(body, &error));
    setCounters(state, body.size());
}
BENCHMARK(BM_Decode)->Arg(0)->Arg(1)->ArgName("protobuf");

// One long-lived normalizer, as in the receiver: every batch has new trace ids, so its trace memory fills
// up to its limit and then evicts, as under sustained load.
void BM_Normalize(benchmark::State &state)
{
    const Ingest::Normalizer normalizer;
    Bench::Payload &p = fixture().protobuf;
    Error error;
    quint64 request = 0;
    for (auto _ : state) {
        state.PauseTiming();
        p.stamp(++request);
        const std::optional<Ingest::TraceBatch> batch = Ingest::decodeOtlpProtobuf(p.body(), &error);
        state.ResumeTiming();
        benchmark::DoNotOptimize(normalizer.normalize(*batch));
    }
    setCounters(state);
}
BENCHMARK(BM_Normalize);

qint64 rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

// Not a timing: how much memory the receiver's normalizer keeps for split traces once its trace memory
// is full (500 batches of new traces, more than it remembers), measured as this process's RSS growth.
void BM_NormalizerMemory(benchmark::State &state)
{
    Bench::Payload &p = fixture().protobuf;
    Error error;
    for (auto _ : state) {
        const qint64 before = rssKb();
        const Ingest::Normalizer normalizer;
        for (quint64 request = 1; request <= 500; ++request) {
            p.stamp(request);
            const std::optional<Ingest::TraceBatch> batch = Ingest::decodeOtlpProtobuf(p.body(), &error);
            benchmark::DoNotOptimize(normalizer.normalize(*batch));
        }
        const qint64 grown = rssKb() - before;
        state.counters["remembered_spans"] = double(normalizer.rememberedSpans());
        state.counters["rss_growth_MB"] = double(grown) / 1024;
        state.counters["bytes_per_span"] =
            double(grown) * 1024 / double(std::max<qsizetype>(1, normalizer.rememberedSpans()));
    }
}
BENCHMARK(BM_NormalizerMemory)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_Price(benchmark::State &state)
{
    Error error;
    QList<Model::UsageEvent> events =
        Ingest::Normalizer().normalize(*Ingest::decodeOtlpProtobuf(fixture().protobuf.body(), &error)).events;
    for (auto _ : state) {
        for (Model::UsageEvent &e : events)
            fixture().prices->apply(e);
        benchmark::ClobberMemory();
    }
    setCounters(state);
}
BENCHMARK(BM_Price);

// Decode + normalize + price with new trace ids per request: everything the receiver thread does per
// request besides HTTP. The re-stamping of the ids (a few microseconds) is inside the timing.
void BM_Ingest(benchmark::State &state)
{
    const Ingest::Normalizer normalizer;
    Bench::Payload &p = payload(state);
    Error error;
    quint64 request = 0;
    for (auto _ : state) {
        p.stamp(++request);
        benchmark::DoNotOptimize(
            Ingest::ingestTraces(p.body(), p.encoding(), normalizer, *fixture().prices, &error));
    }
    setCounters(state, p.body().size());
}
BENCHMARK(BM_Ingest)->Arg(0)->Arg(1)->ArgName("protobuf");

// One batch's events through the StorageWriter into a database that grows as the benchmark runs, timed
// until the completion arrives (as the receiver waits for it before answering). One batch per
// transaction: the receiver's group commit joins batches only when several connections wait.
void BM_Commit(benchmark::State &state)
{
    QTemporaryDir dir;
    Storage::StorageWriter writer(dir.filePath(QStringLiteral("bench.sqlite")));
    Error error;
    if (!writer.start(&error)) {
        state.SkipWithError(qPrintable(error.message));
        return;
    }
    const Ingest::Normalizer normalizer;
    Bench::Payload &p = fixture().protobuf;
    quint64 request = 0;
    QEventLoop loop;
    for (auto _ : state) {
        state.PauseTiming(); // the events of a request with new trace ids, as the receiver hands them over
        p.stamp(++request);
        std::optional<Ingest::IngestOutcome> outcome =
            Ingest::ingestTraces(p.body(), p.encoding(), normalizer, *fixture().prices, &error);
        state.ResumeTiming();
        // Everything the receiver hands over: the billed calls and the agent/tool/workflow spans.
        writer.submit(Storage::WriteBatch{std::move(outcome->events), std::move(outcome->attributionUpdates),
                                          std::move(outcome->traceSpans),
                                          std::move(outcome->traceSpanUpdates)},
                      &loop, [&loop](const Storage::WriteResult &) { loop.quit(); });
        loop.exec();
    }
    writer.stop();
    setCounters(state);
}
BENCHMARK(BM_Commit)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv); // BM_Commit's completions need an event loop
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    std::printf("fixture spans=%d events=%d json_bytes=%lld protobuf_bytes=%lld\n", fixture().json.spans(),
                fixture().json.events(), static_cast<long long>(fixture().json.body().size()),
                static_cast<long long>(fixture().protobuf.body().size()));
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
