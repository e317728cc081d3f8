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
        batch = workload.traceBatch(kBatchSpans, Time::nowNs());
        json = Ingest::encodeOtlpJson(batch);
        protobuf = Ingest::encodeOtlpProtobuf(batch);
        events = normalizer.normalize(batch).events;
        for (Model::UsageEvent &e : events)
            prices->apply(e);
    }

    std::shared_ptr<const Pricing::PriceTable> prices;
    Ingest::Normalizer normalizer;
    Ingest::TraceBatch batch;
    QByteArray json;
    QByteArray protobuf;
    QList<Model::UsageEvent> events;
};

const Fixture &fixture()
{
    static const Fixture f;
    return f;
}

void setCounters(benchmark::State &state, qint64 bytes = 0)
{
    state.SetItemsProcessed(state.iterations() * kBatchSpans);
    if (bytes > 0)
        state.SetBytesProcessed(state.iterations() * bytes);
}

void BM_HttpParse(benchmark::State &state)
{
    const QByteArray &body = state.range(0) ? fixture().protobuf : fixture().json;
    const QByteArray request = "POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1:4318\r\nContent-Type: application/json\r\n"
                               "Content-Length: " +
                               QByteArray::number(body.size()) + "\r\n\r\n" + body;
    for (auto _ : state) {
        Ingest::HttpRequestParser parser(64 * 1024 * 1024);
        QByteArray buffer = request;
        while (parser.feed(buffer) == Ingest::HttpRequestParser::Status::HeadersComplete) {
        }
        benchmark::DoNotOptimize(parser.takeRequest());
    }
    setCounters(state, request.size());
}
BENCHMARK(BM_HttpParse)->Arg(0)->Arg(1)->ArgName("protobuf");

void BM_DecodeJson(benchmark::State &state)
{
    Error error;
    for (auto _ : state)
        benchmark::DoNotOptimize(Ingest::decodeOtlpJson(fixture().json, &error));
    setCounters(state, fixture().json.size());
}
BENCHMARK(BM_DecodeJson);

void BM_DecodeProtobuf(benchmark::State &state)
{
    Error error;
    for (auto _ : state)
        benchmark::DoNotOptimize(Ingest::decodeOtlpProtobuf(fixture().protobuf, &error));
    setCounters(state, fixture().protobuf.size());
}
BENCHMARK(BM_DecodeProtobuf);

void BM_Normalize(benchmark::State &state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(fixture().normalizer.normalize(fixture().batch));
    setCounters(state);
}
BENCHMARK(BM_Normalize);

void BM_Price(benchmark::State &state)
{
    QList<Model::UsageEvent> events = fixture().events;
    for (auto _ : state) {
        for (Model::UsageEvent &e : events)
            fixture().prices->apply(e);
        benchmark::ClobberMemory();
    }
    setCounters(state);
}
BENCHMARK(BM_Price);

// decode + normalize + price: everything the receiver thread does per request besides HTTP.
void BM_Ingest(benchmark::State &state)
{
    const bool protobuf = state.range(0);
    const QByteArray &body = protobuf ? fixture().protobuf : fixture().json;
    Error error;
    for (auto _ : state)
        benchmark::DoNotOptimize(Ingest::ingestTraces(body, protobuf ? Ingest::Encoding::Protobuf : Ingest::Encoding::Json,
                                                      fixture().normalizer, *fixture().prices, &error));
    setCounters(state, body.size());
}
BENCHMARK(BM_Ingest)->Arg(0)->Arg(1)->ArgName("protobuf");

// One batch's events through the StorageWriter into a database that grows as the benchmark runs, timed
// until the completion arrives (as the receiver waits for it before answering).
void BM_Commit(benchmark::State &state)
{
    QTemporaryDir dir;
    Storage::StorageWriter writer(dir.filePath(QStringLiteral("bench.sqlite")));
    Error error;
    if (!writer.start(&error)) {
        state.SkipWithError(qPrintable(error.message));
        return;
    }
    QList<Model::UsageEvent> events = fixture().events;
    quint64 request = 0;
    QEventLoop loop;
    for (auto _ : state) {
        state.PauseTiming(); // new ids, so that every batch stores new rows
        ++request;
        for (qsizetype i = 0; i < events.size(); ++i)
            events[i].eventId = QStringLiteral("otlp:%1:%2").arg(Bench::mix64(request), 16, 16, QLatin1Char('0')).arg(i);
        QList<Model::UsageEvent> batch = events;
        state.ResumeTiming();
        writer.submit(std::move(batch), &loop, [&loop](const Storage::WriteResult &) { loop.quit(); });
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
    std::printf("fixture spans=%d events=%d json_bytes=%lld protobuf_bytes=%lld\n", kBatchSpans,
                int(fixture().events.size()), static_cast<long long>(fixture().json.size()),
                static_cast<long long>(fixture().protobuf.size()));
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
