// bench_backfill: a first backfill of the provider pollers without the network (issue 4, target ≤ 2 s):
// 30 days of hourly usage for 50 models from OpenAI and from Anthropic, and their daily costs, answered
// from memory in the documented response shapes, page by page as the APIs paginate, and stored by the
// real ProviderPoller through the real StorageWriter into a new database. Also times parsing alone.
#include "common/timeutil.h"
#include "net/httpclient.h"
#include "providers/anthropicparser.h"
#include "providers/openaiparser.h"
#include "providers/poller.h"
#include "stallmeter.h"
#include "storage/database.h"
#include "storage/storagewriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrlQuery>
#include <cstdio>
#include <ctime>

using namespace Burnrate;

namespace {

constexpr qint64 kHour = 3600;
constexpr qint64 kDay = 24 * kHour;
constexpr qint64 kNow = 1788172200; // 2026-08-31T10:30:00Z

QByteArray iso(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate).toLatin1();
}

// The pages one endpoint answers for a backfill from `from`: bucket after bucket up to the end of the
// current one, `limit` a page, each bucket with `rows(bucketStart, index)` results.
template<typename Rows>
QList<QByteArray> pages(bool anthropic, qint64 from, qint64 width, int limit, Rows rows)
{
    QList<QByteArray> result;
    const qint64 until = (kNow + width - 1) / width * width;
    for (qint64 start = from; start < until;) {
        QByteArray page = anthropic ? "{\"data\":[" : "{\"object\":\"page\",\"data\":[";
        for (int i = 0; i < limit && start < until; ++i, start += width) {
            if (i)
                page += ',';
            if (anthropic)
                page += "{\"starting_at\":\"" + iso(start) + "\",\"ending_at\":\"" + iso(start + width) +
                        "\",\"results\":[" + rows(start, start / width) + "]}";
            else
                page += "{\"object\":\"bucket\",\"start_time\":" + QByteArray::number(start) +
                        ",\"end_time\":" + QByteArray::number(start + width) + ",\"results\":[" +
                        rows(start, start / width) + "]}";
        }
        const bool more = start < until;
        page += "],\"has_more\":" + QByteArray(more ? "true" : "false") + ",\"next_page\":" +
                (more ? "\"page_" + QByteArray::number(result.size() + 1) + "\"" : QByteArray("null")) + "}";
        result.append(page);
    }
    return result;
}

QByteArray model(int m, bool anthropic)
{
    return (anthropic ? "claude-model-" : "gpt-model-") + QByteArray::number(m);
}

QByteArray openAiUsage(qint64, qint64 i, int models)
{
    QByteArray rows;
    for (int m = 0; m < models; ++m) {
        if (m)
            rows += ',';
        rows += "{\"object\":\"organization.usage.completions.result\",\"input_tokens\":" +
                QByteArray::number(10'000 + (i * 31 + m) % 5000) +
                ",\"output_tokens\":" + QByteArray::number(500 + (i + m) % 700) +
                ",\"input_cached_tokens\":1000,\"input_audio_tokens\":0,\"output_audio_tokens\":0,"
                "\"num_model_requests\":" +
                QByteArray::number(5 + m % 9) +
                ",\"project_id\":\"proj_bench\",\"user_id\":null,\"api_key_id\":\"key_bench\",\"model\":\"" +
                model(m, false) + "\",\"batch\":null,\"service_tier\":null}";
    }
    return rows;
}

QByteArray anthropicUsage(qint64, qint64 i, int models)
{
    QByteArray rows;
    for (int m = 0; m < models; ++m) {
        if (m)
            rows += ',';
        rows += "{\"uncached_input_tokens\":" + QByteArray::number(8'000 + (i * 17 + m) % 3000) +
                ",\"cache_creation\":{\"ephemeral_1h_input_tokens\":100,\"ephemeral_5m_input_tokens\":200},"
                "\"cache_read_input_tokens\":3000,\"output_tokens\":" +
                QByteArray::number(400 + (i + m) % 600) +
                ",\"server_tool_use\":{\"web_search_requests\":0},\"model\":\"" + model(m, true) +
                "\",\"workspace_id\":null,\"api_key_id\":\"apikey_bench\",\"service_tier\":\"standard\","
                "\"context_window\":null,\"inference_geo\":null}";
    }
    return rows;
}

QByteArray openAiCosts(qint64, qint64 i, int models)
{
    QByteArray rows;
    for (int m = 0; m < models; ++m) {
        for (const char *part : {"input", "cached input", "output"}) {
            if (!rows.isEmpty())
                rows += ',';
            rows += "{\"object\":\"organization.costs.result\",\"amount\":{\"value\":" +
                    QByteArray::number(1 + (i + m) % 40) + "." +
                    QByteArray::number(100'000 + m * 977 % 899'999) +
                    ",\"currency\":\"usd\"},\"line_item\":\"" + model(m, false) + ", " + part +
                    "\",\"project_id\":\"proj_bench\"}";
        }
    }
    return rows;
}

QByteArray anthropicCosts(qint64, qint64 i, int models)
{
    QByteArray rows;
    for (int m = 0; m < models; ++m) {
        for (const char *part : {"Input Tokens", "Output Tokens", "Input Tokens, Cache Hit"}) {
            if (!rows.isEmpty())
                rows += ',';
            rows += "{\"amount\":\"" + QByteArray::number(100 + (i + m) % 900) + "." +
                    QByteArray::number(1000 + m * 37 % 8999) +
                    "\",\"currency\":\"USD\",\"cost_type\":\"tokens\",\"description\":\"Claude Model " +
                    QByteArray::number(m) + " Usage - " + part + "\",\"model\":\"" + model(m, true) +
                    "\",\"workspace_id\":\"wrkspc_bench\",\"token_type\":\"uncached_input_tokens\"}";
        }
    }
    return rows;
}

// Answers from memory on the next event loop turn, as a network client would.
class MemoryClient : public Net::HttpClient
{
public:
    QHash<QString, QList<QByteArray>> pagesByPath;
    int requests = 0;

    RequestId send(const Net::HttpRequest &request, QObject *context, Callback callback) override
    {
        ++requests;
        Net::HttpResponse response;
        response.url = request.url;
        response.status = 200;
        const QString page = QUrlQuery(request.url).queryItemValue(QStringLiteral("page"));
        const QList<QByteArray> &pages = pagesByPath[request.url.path()];
        const qsizetype index = page.isEmpty() ? 0 : page.mid(5).toLongLong();
        response.body = pages.value(index);
        QTimer::singleShot(0, context ? context : this, [callback, response] { callback(response); });
        return RequestId(requests);
    }
    void cancel(RequestId) override {}
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times a 30-day provider backfill: parse + store."));
    parser.addHelpOption();
    const QCommandLineOption modelsOption(QStringLiteral("models"),
                                          QStringLiteral("Models per provider (50)."), QStringLiteral("N"),
                                          QStringLiteral("50"));
    const QCommandLineOption daysOption(QStringLiteral("days"), QStringLiteral("Backfill days (30)."),
                                        QStringLiteral("N"), QStringLiteral("30"));
    parser.addOptions({modelsOption, daysOption});
    parser.process(app);
    const int models = parser.value(modelsOption).toInt();
    const int days = parser.value(daysOption).toInt();
    if (models < 1 || days < 1 || days > 365) {
        std::fprintf(stderr, "bench_backfill: --models and --days need positive numbers\n");
        return 2;
    }

    // The answers, made before the clock starts.
    const qint64 usageFrom = (kNow - days * kDay) / kHour * kHour;
    const qint64 costFrom = (kNow - days * kDay) / kDay * kDay;
    MemoryClient client;
    using Rows = QByteArray (*)(qint64, qint64, int);
    const auto make = [&](bool anthropic, qint64 from, qint64 width, int limit, Rows rows) {
        return pages(anthropic, from, width, limit,
                     [rows, models](qint64 s, qint64 i) { return rows(s, i, models); });
    };
    client.pagesByPath.insert(QStringLiteral("/v1/organization/usage/completions"),
                              make(false, usageFrom, kHour, 168, openAiUsage));
    client.pagesByPath.insert(QStringLiteral("/v1/organization/costs"),
                              make(false, costFrom, kDay, 180, openAiCosts));
    client.pagesByPath.insert(QStringLiteral("/v1/organizations/usage_report/messages"),
                              make(true, usageFrom, kHour, 168, anthropicUsage));
    client.pagesByPath.insert(QStringLiteral("/v1/organizations/cost_report"),
                              make(true, costFrom, kDay, 31, anthropicCosts));
    qint64 bytes = 0;
    int pageCount = 0;
    for (const QList<QByteArray> &list : std::as_const(client.pagesByPath)) {
        for (const QByteArray &page : list) {
            bytes += page.size();
            ++pageCount;
        }
    }

    // Parsing alone.
    QElapsedTimer clock;
    clock.start();
    qint64 parsedRows = 0;
    for (auto it = client.pagesByPath.cbegin(); it != client.pagesByPath.cend(); ++it) {
        for (const QByteArray &page : it.value()) {
            Error error;
            if (it.key() == u"/v1/organization/usage/completions")
                parsedRows +=
                    Providers::parseOpenAiUsage(page, &error).value_or(Providers::UsagePage()).buckets.size();
            else if (it.key() == u"/v1/organizations/usage_report/messages")
                parsedRows += Providers::parseAnthropicUsage(page, &error)
                                  .value_or(Providers::UsagePage())
                                  .buckets.size();
            else if (it.key() == u"/v1/organization/costs")
                parsedRows +=
                    Providers::parseOpenAiCosts(page, &error).value_or(Providers::CostPage()).buckets.size();
            else
                parsedRows += Providers::parseAnthropicCosts(page, &error)
                                  .value_or(Providers::CostPage())
                                  .buckets.size();
            if (error) {
                std::fprintf(stderr, "bench_backfill: %s\n", qPrintable(error.message));
                return 1;
            }
        }
    }
    const double parseMs = double(clock.nsecsElapsed()) / 1e6;

    // The whole backfill: both pollers, parse + store, into a new database.
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("backfill.sqlite"));
    Storage::StorageWriter writer(db);
    Error error;
    if (!writer.start(&error)) {
        std::fprintf(stderr, "bench_backfill: %s\n", qPrintable(error.message));
        return 1;
    }
    ProviderSettings settings;
    settings.enabled = true;
    settings.baseUrl = QStringLiteral("https://bench.invalid");
    settings.backfillDays = days;
    std::vector<std::unique_ptr<Providers::ProviderPoller>> pollers;
    for (Providers::Provider provider : {Providers::Provider::OpenAi, Providers::Provider::Anthropic}) {
        auto poller = std::make_unique<Providers::ProviderPoller>(provider, &client, &writer, db);
        poller->setClock([] { return kNow * Time::kNanosPerSecond; });
        poller->setSettings(settings);
        poller->setKey(QStringLiteral("bench-key"));
        pollers.push_back(std::move(poller));
    }
    // The pollers live on this thread, as on the GUI thread in the app: its CPU time and its longest
    // stall between two turns of the event loop show how much poll work it does itself.
    const auto threadCpuNs = [] {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
    };
    clock.restart();
    const qint64 mainCpuStart = threadCpuNs();
    const Bench::StallMeter stalls;
    for (const auto &poller : pollers)
        poller->start();
    const auto finished = [&] {
        for (const auto &poller : pollers) {
            const Providers::PollerStatus status = poller->status();
            if (status.polling || status.endpoints.constFirst().state.lastAttemptNs == 0)
                return false;
        }
        return true;
    };
    while (!finished())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const double backfillMs = double(clock.nsecsElapsed()) / 1e6;
    const double mainCpuMs = double(threadCpuNs() - mainCpuStart) / 1e6;
    const double longestStallMs = stalls.longestMs();
    QString errors;
    for (const auto &poller : pollers)
        errors += poller->status().lastError;
    for (const auto &poller : pollers)
        poller->stop();
    writer.stop();
    if (!errors.isEmpty()) {
        std::fprintf(stderr, "bench_backfill: %s\n", qPrintable(errors));
        return 1;
    }

    auto connection = Storage::Connection::open(db, Storage::Connection::Mode::ReadOnly, &error);
    if (!connection) {
        std::fprintf(stderr, "bench_backfill: %s\n", qPrintable(error.message));
        return 1;
    }
    QSqlQuery query(connection->database());
    query.exec(QStringLiteral(
        "SELECT (SELECT COUNT(*) FROM provider_usage), (SELECT COUNT(*) FROM provider_costs)"));
    query.next();
    const qint64 usageRows = query.value(0).toLongLong();
    const qint64 costRows = query.value(1).toLongLong();
    std::printf("result models=%d days=%d pages=%d requests=%d body_MB=%.1f parsed_rows=%lld usage_rows=%lld "
                "cost_rows=%lld parse_ms=%.0f backfill_ms=%.0f main_thread_cpu_ms=%.0f longest_stall_ms=%.1f "
                "target_ms=2000 verdict=%s\n",
                models, days, pageCount, client.requests, double(bytes) / 1048576,
                static_cast<long long>(parsedRows), static_cast<long long>(usageRows),
                static_cast<long long>(costRows), parseMs, backfillMs, mainCpuMs, longestStallMs,
                backfillMs <= 2000 ? "meets" : "BELOW");
    return usageRows + costRows == parsedRows ? 0 : 1;
}
