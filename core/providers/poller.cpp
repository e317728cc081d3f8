#include "poller.h"

#include "common/timeutil.h"
#include "providers/anthropicparser.h"
#include "providers/openaiparser.h"
#include "providers/openrouterparser.h"
#include "secrets/secretstore.h"
#include "storage/database.h"
#include "storage/storagewriter.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QThread>
#include <QTimeZone>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <limits>
#include <map>

namespace Burnrate::Providers {

namespace {

Q_LOGGING_CATEGORY(lcProviders, "burnrate.providers", QtInfoMsg)

constexpr qint64 kHourNs = Time::kNanosPerHour;
constexpr qint64 kDayNs = 24 * kHourNs;

enum class Kind {
    OpenAiUsage,
    OpenAiCosts,
    AnthropicUsage,
    AnthropicCosts,
    OpenRouterActivity,
    OpenRouterKey
};

// One polled endpoint. The trailing windows are re-fetched every cycle because the providers revise them:
// hourly usage 48 h (Anthropic: data "typically within 5 minutes", occasionally later; OpenAI's newest
// buckets are partial; re-polling two days catches both in one page of 1h buckets); daily costs 3 days (a
// day's cost is closed later than its usage hours, and today's is partial; the provider notes advise
// re-fetching the last 2–3 days). OpenRouter's activity has no time parameter: all of its 30 completed
// days are fetched in one request each cycle.
struct EndpointSpec
{
    Kind kind;
    const char *source; // Storage::SourceKey
    const char *path;
    qint64 bucketNs; // 0: not a bucket endpoint
    qint64 trailingNs;
    int limit; // buckets per page: the documented maximum for the bucket width
};

constexpr EndpointSpec kEndpoints[] = {
    {Kind::OpenAiUsage, Storage::SourceKey::OpenAiUsage, "/v1/organization/usage/completions", kHourNs,
     48 * kHourNs, 168},
    {Kind::OpenAiCosts, Storage::SourceKey::OpenAiCosts, "/v1/organization/costs", kDayNs, 3 * kDayNs, 180},
    {Kind::AnthropicUsage, Storage::SourceKey::AnthropicUsage, "/v1/organizations/usage_report/messages",
     kHourNs, 48 * kHourNs, 168},
    {Kind::AnthropicCosts, Storage::SourceKey::AnthropicCosts, "/v1/organizations/cost_report", kDayNs,
     3 * kDayNs, 31},
    {Kind::OpenRouterActivity, Storage::SourceKey::OpenRouterActivity, "/api/v1/activity", 0, 30 * kDayNs, 0},
    {Kind::OpenRouterKey, Storage::SourceKey::OpenRouterKey, "/api/v1/key", 0, 0, 0},
};

constexpr char kOpenRouterCreditsPath[] = "/api/v1/credits";

Provider providerOf(Kind kind)
{
    switch (kind) {
    case Kind::OpenAiUsage:
    case Kind::OpenAiCosts:
        return Provider::OpenAi;
    case Kind::AnthropicUsage:
    case Kind::AnthropicCosts:
        return Provider::Anthropic;
    case Kind::OpenRouterActivity:
    case Kind::OpenRouterKey:
        break;
    }
    return Provider::OpenRouter;
}

QList<const EndpointSpec *> endpointsOf(Provider provider)
{
    QList<const EndpointSpec *> specs;
    for (const EndpointSpec &spec : kEndpoints) {
        if (providerOf(spec.kind) == provider)
            specs.append(&spec);
    }
    return specs;
}

qint64 floorTo(qint64 ns, qint64 step)
{
    const qint64 r = ns % step;
    return r < 0 ? ns - r - step : ns - r;
}

qint64 ceilTo(qint64 ns, qint64 step)
{
    const qint64 f = floorTo(ns, step);
    return f == ns ? ns : f + step;
}

QByteArray rfc3339(qint64 ns)
{
    return QDateTime::fromMSecsSinceEpoch(ns / 1'000'000, Qt::UTC).toString(Qt::ISODate).toLatin1();
}

// Providers may quote the key back in an error ("Incorrect API key provided: sk-…"); the network layer
// removes what looks like a key, this removes any part of the actual one (8 characters or more).
QString withoutKey(QString message, const QString &key)
{
    constexpr qsizetype kMinPart = 8;
    if (key.size() < kMinPart)
        return message;
    for (qsizetype i = 0; i + kMinPart <= message.size(); ++i) {
        qsizetype length = 0;
        while (i + length < message.size() && key.contains(QStringView(message).mid(i, length + 1)))
            ++length;
        if (length >= kMinPart)
            message.replace(i, length, QStringLiteral("…"));
    }
    return message;
}

QString endpointName(Provider provider, const char *path)
{
    return providerDisplayName(provider) + u' ' + QLatin1String(path);
}

using Query = QList<std::pair<QByteArray, QByteArray>>;

QUrl endpointUrl(const QString &baseUrl, const char *path, const Query &query)
{
    QUrl url(baseUrl.trimmed());
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + QLatin1String(path));
    // Encoded by hand: QUrlQuery leaves '+' alone, which servers read as a space in an opaque page cursor.
    QByteArray encoded;
    for (const auto &[key, value] : query) {
        if (!encoded.isEmpty())
            encoded += '&';
        encoded += QUrl::toPercentEncoding(QString::fromLatin1(key), "[]") + '=' +
                   QUrl::toPercentEncoding(QString::fromUtf8(value));
    }
    url.setQuery(encoded.isEmpty() ? QString() : QString::fromLatin1(encoded), QUrl::StrictMode);
    return url;
}

// The request of one page: `fromNs` the window's start (bucket-aligned), `page` the cursor or "".
Net::HttpRequest bucketRequest(const EndpointSpec &spec, const QString &baseUrl, const QString &key,
                               qint64 fromNs, const QByteArray &page, int limit)
{
    Query query;
    switch (spec.kind) {
    case Kind::OpenAiUsage:
        query = {{"start_time", QByteArray::number(fromNs / Time::kNanosPerSecond)},
                 {"bucket_width", "1h"},
                 {"group_by[]", "model"},
                 {"group_by[]", "project_id"},
                 {"group_by[]", "api_key_id"}};
        break;
    case Kind::OpenAiCosts:
        query = {{"start_time", QByteArray::number(fromNs / Time::kNanosPerSecond)},
                 {"bucket_width", "1d"},
                 {"group_by[]", "line_item"},
                 {"group_by[]", "project_id"}};
        break;
    case Kind::AnthropicUsage:
        query = {{"starting_at", rfc3339(fromNs)}, {"bucket_width", "1h"},
                 {"group_by[]", "model"},          {"group_by[]", "workspace_id"},
                 {"group_by[]", "api_key_id"},     {"group_by[]", "service_tier"}};
        break;
    case Kind::AnthropicCosts:
        query = {{"starting_at", rfc3339(fromNs)},
                 {"bucket_width", "1d"},
                 {"group_by[]", "workspace_id"},
                 {"group_by[]", "description"}};
        break;
    case Kind::OpenRouterActivity:
    case Kind::OpenRouterKey:
        break;
    }
    if (limit > 0)
        query.emplaceBack("limit", QByteArray::number(limit));
    if (!page.isEmpty())
        query.emplaceBack("page", page);

    Net::HttpRequest request;
    request.url = endpointUrl(baseUrl, spec.path, query);
    request.headers.emplaceBack("Accept", "application/json");
    if (providerOf(spec.kind) == Provider::Anthropic) {
        request.headers.emplaceBack("x-api-key", key.toUtf8());
        request.headers.emplaceBack("anthropic-version", "2023-06-01");
    } else {
        request.headers.emplaceBack("Authorization", "Bearer " + key.toUtf8());
    }
    return request;
}

// OpenRouter's requests: no time window, a bearer key.
Net::HttpRequest plainRequest(const QString &baseUrl, const QString &key, const char *path,
                              const Query &query = {})
{
    Net::HttpRequest request;
    request.url = endpointUrl(baseUrl, path, query);
    request.headers.emplaceBack("Accept", "application/json");
    request.headers.emplaceBack("Authorization", "Bearer " + key.toUtf8());
    return request;
}

// OpenRouter's activity rows as buckets: one usage and one cost bucket per (day, model), summed over the
// endpoints that served it. The cost is what OpenRouter billed (`usage`); BYOK inference is billed by the
// user's own provider account, which its own poller counts.
void activityToWrite(const QList<OpenRouterActivity> &rows, qint64 todayNs, Storage::ProviderWrite &write,
                     Error *error)
{
    std::map<std::pair<qint64, QString>, std::pair<UsageBucket, CostBucket>> merged;
    for (const OpenRouterActivity &row : rows) {
        auto &[usage, cost] = merged[{row.dayStartNs, row.model}];
        usage.provider = cost.provider = QStringLiteral("openrouter");
        usage.bucketStartNs = cost.bucketStartNs = row.dayStartNs;
        usage.bucketWidthNs = cost.bucketWidthNs = kDayNs;
        usage.model = cost.model = row.model;
        if (usage.requests < 0)
            usage.requests = 0;
        if (qAddOverflow(usage.requests, row.requests, &usage.requests) ||
            qAddOverflow(usage.inputTokens, row.promptTokens, &usage.inputTokens) ||
            qAddOverflow(usage.outputTokens, row.completionTokens, &usage.outputTokens) ||
            qAddOverflow(cost.costMicros, row.costMicros, &cost.costMicros)) {
            *error =
                Error(Error::Code::InvalidInput,
                      QCoreApplication::translate("Burnrate::Providers",
                                                  "The answer from OpenRouter /api/v1/activity has figures "
                                                  "that add up to more than can be counted."));
            return;
        }
    }
    // The 30 completed days the endpoint covers, and any other day it reported.
    QList<qint64> days;
    for (qint64 day = todayNs - 30 * kDayNs; day < todayNs; day += kDayNs)
        days.append(day);
    for (const auto &[key, buckets] : merged) {
        if (!days.contains(key.first))
            days.append(key.first);
        write.usage.append(buckets.first);
        write.costs.append(buckets.second);
    }
    std::sort(days.begin(), days.end());
    for (qint64 day : std::as_const(days)) {
        write.usageSpans.append(BucketSpan{day, kDayNs});
        write.costSpans.append(BucketSpan{day, kDayNs});
    }
}

QString keyDetail(const OpenRouterKey &key, const std::optional<OpenRouterCredits> &credits)
{
    QJsonObject detail{{QStringLiteral("usage_micros"), key.usageMicros},
                       {QStringLiteral("usage_daily_micros"), key.usageDailyMicros},
                       {QStringLiteral("usage_weekly_micros"), key.usageWeeklyMicros},
                       {QStringLiteral("usage_monthly_micros"), key.usageMonthlyMicros},
                       {QStringLiteral("limit_reset"), key.limitReset}};
    detail.insert(QStringLiteral("limit_micros"),
                  key.limitMicros ? QJsonValue(*key.limitMicros) : QJsonValue(QJsonValue::Null));
    detail.insert(QStringLiteral("limit_remaining_micros"), key.limitRemainingMicros
                                                                ? QJsonValue(*key.limitRemainingMicros)
                                                                : QJsonValue(QJsonValue::Null));
    if (credits) {
        detail.insert(QStringLiteral("total_credits_micros"), credits->totalCreditsMicros);
        detail.insert(QStringLiteral("total_usage_micros"), credits->totalUsageMicros);
        detail.insert(QStringLiteral("balance_micros"), credits->balanceMicros());
    }
    return QString::fromUtf8(QJsonDocument(detail).toJson(QJsonDocument::Compact));
}

// A page's body as the write that stores it; nullopt with `error` when it does not parse.
struct ParsedPage
{
    Storage::ProviderWrite write;
    bool hasMore = false;
    QString nextPage;
    qint64 endNs = 0; // of the last span; 0 without spans
};

template<typename Bucket>
void takePage(Page<Bucket> page, QList<BucketSpan> &spans, QList<Bucket> &buckets, ParsedPage &parsed)
{
    spans = std::move(page.spans);
    buckets = std::move(page.buckets);
    parsed.hasMore = page.hasMore;
    parsed.nextPage = page.nextPage;
}

std::optional<ParsedPage> parsePage(Kind kind, QByteArrayView body, qint64 todayNs, Error *error)
{
    ParsedPage parsed;
    Storage::ProviderWrite &write = parsed.write;
    switch (kind) {
    case Kind::OpenAiUsage:
        if (auto page = parseOpenAiUsage(body, error))
            takePage(std::move(*page), write.usageSpans, write.usage, parsed);
        else
            return std::nullopt;
        break;
    case Kind::OpenAiCosts:
        if (auto page = parseOpenAiCosts(body, error))
            takePage(std::move(*page), write.costSpans, write.costs, parsed);
        else
            return std::nullopt;
        break;
    case Kind::AnthropicUsage:
        if (auto page = parseAnthropicUsage(body, error))
            takePage(std::move(*page), write.usageSpans, write.usage, parsed);
        else
            return std::nullopt;
        break;
    case Kind::AnthropicCosts:
        if (auto page = parseAnthropicCosts(body, error))
            takePage(std::move(*page), write.costSpans, write.costs, parsed);
        else
            return std::nullopt;
        break;
    case Kind::OpenRouterActivity: {
        const auto rows = parseOpenRouterActivity(body, error);
        if (!rows)
            return std::nullopt;
        Error sumError;
        activityToWrite(*rows, todayNs, write, &sumError);
        if (sumError) {
            if (error)
                *error = sumError;
            return std::nullopt;
        }
        break;
    }
    case Kind::OpenRouterKey:
        Q_ASSERT_X(false, "parsePage", "the key snapshot has no pages");
        return std::nullopt;
    }
    for (const QList<BucketSpan> *spans : {&write.usageSpans, &write.costSpans}) {
        for (const BucketSpan &span : *spans)
            parsed.endNs = std::max(parsed.endNs, span.startNs + span.widthNs);
    }
    return parsed;
}

} // namespace

QList<Provider> allProviders()
{
    return {Provider::OpenAi, Provider::Anthropic, Provider::OpenRouter};
}

QString providerId(Provider provider)
{
    switch (provider) {
    case Provider::OpenAi:
        return QStringLiteral("openai");
    case Provider::Anthropic:
        return QStringLiteral("anthropic");
    case Provider::OpenRouter:
        break;
    }
    return QStringLiteral("openrouter");
}

QString providerDisplayName(Provider provider)
{
    switch (provider) {
    case Provider::OpenAi:
        return QStringLiteral("OpenAI");
    case Provider::Anthropic:
        return QStringLiteral("Anthropic");
    case Provider::OpenRouter:
        break;
    }
    return QStringLiteral("OpenRouter");
}

QString defaultBaseUrl(Provider provider)
{
    switch (provider) {
    case Provider::OpenAi:
        return QStringLiteral("https://api.openai.com");
    case Provider::Anthropic:
        return QStringLiteral("https://api.anthropic.com");
    case Provider::OpenRouter:
        break;
    }
    return QStringLiteral("https://openrouter.ai");
}

QString secretNameFor(Provider provider)
{
    switch (provider) {
    case Provider::OpenAi:
        return QLatin1String(Secrets::SecretName::OpenAiAdminKey);
    case Provider::Anthropic:
        return QLatin1String(Secrets::SecretName::AnthropicAdminKey);
    case Provider::OpenRouter:
        break;
    }
    return QLatin1String(Secrets::SecretName::OpenRouterKey);
}

QStringList sourceKeysFor(Provider provider)
{
    QStringList keys;
    for (const EndpointSpec *spec : endpointsOf(provider))
        keys.append(QLatin1String(spec->source));
    return keys;
}

class ProviderPoller::Private
{
public:
    struct Endpoint
    {
        const EndpointSpec *spec = nullptr;
        Storage::SourceState state;
        bool polling = false;
        bool backfilling = false;
        qint64 windowFromNs = 0;
        qint64 windowToNs = 0;
        QByteArray page; // the cursor of the page being fetched
        std::unique_ptr<Net::RetryingRequest> request;
    };

    Private(ProviderPoller *q, Provider provider, Net::HttpClient *http, Storage::StorageWriter *writer,
            QString databasePath)
        : q(q)
        , provider(provider)
        , http(http)
        , writer(writer)
        , databasePath(std::move(databasePath))
    {
        for (const EndpointSpec *spec : endpointsOf(provider)) {
            Endpoint endpoint;
            endpoint.spec = spec;
            endpoint.state.source = QLatin1String(spec->source);
            endpoints.push_back(std::move(endpoint));
        }
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, q, [this] { startCycle(); });
    }

    QString keyLabel() const
    {
        switch (provider) {
        case Provider::OpenAi:
            return ProviderPoller::tr("OpenAI admin key");
        case Provider::Anthropic:
            return ProviderPoller::tr("Anthropic admin key");
        case Provider::OpenRouter:
            break;
        }
        return ProviderPoller::tr("OpenRouter key");
    }

    bool active() const { return started && settings.enabled && !key.isEmpty(); }
    bool anyPolling() const
    {
        return std::any_of(endpoints.begin(), endpoints.end(), [](const Endpoint &e) { return e.polling; });
    }

    std::unique_ptr<Net::RetryingRequest> makeRequest(Net::HttpRequest request, Net::RetryPolicy policy) const
    {
        auto retrying = std::make_unique<Net::RetryingRequest>(http, std::move(request), keyLabel(), policy);
        if (retryClock)
            retrying->setClock(*retryClock);
        return retrying;
    }

    void cancelAll()
    {
        ++generation;
        for (Endpoint &e : endpoints) {
            e.request.reset();
            e.polling = false;
            e.backfilling = false;
        }
    }

    enum class Due {
        Now,        // a new key or base URL: show at once whether it works
        WhenDue,    // now when an endpoint is behind its trailing window (a first or interrupted backfill,
                    // or the app was off), else an interval after the last attempt
        AfterCycle, // an interval after the cycle that just ended, whatever it achieved
    };

    void schedule(Due due)
    {
        timer.stop();
        nextPollNs = 0;
        if (!active())
            return;
        const qint64 now = nowNs();
        const qint64 interval = qint64(settings.intervalS) * Time::kNanosPerSecond;
        qint64 lastAttempt = 0;
        bool behind = due == Due::Now;
        for (const Endpoint &e : endpoints) {
            lastAttempt = std::max(lastAttempt, e.state.lastAttemptNs);
            if (e.spec->bucketNs > 0 &&
                e.state.cursorNs < floorTo(now - e.spec->trailingNs, e.spec->bucketNs))
                behind = true;
            if (e.state.lastAttemptNs == 0)
                behind = true;
        }
        if (due == Due::AfterCycle)
            nextPollNs = cycleStartNs + interval;
        else
            nextPollNs = behind ? now : lastAttempt + interval;
        nextPollNs = std::max(nextPollNs, now);
        timer.start(int(std::min<qint64>((nextPollNs - now) / 1'000'000, std::numeric_limits<int>::max())));
    }

    void startCycle()
    {
        if (!active() || anyPolling())
            return;
        timer.stop();
        cycleStartNs = nowNs();
        nextPollNs = 0;
        for (Endpoint &e : endpoints)
            startEndpoint(e);
        Q_EMIT q->statusChanged();
    }

    void startEndpoint(Endpoint &e)
    {
        const qint64 now = cycleStartNs;
        e.polling = true;
        e.page.clear();
        e.state.lastAttemptNs = now;
        const EndpointSpec &spec = *e.spec;
        if (spec.kind == Kind::OpenRouterKey) {
            fetchKey(e);
            return;
        }
        if (spec.kind == Kind::OpenRouterActivity) {
            e.backfilling = e.state.cursorNs == 0;
            e.windowToNs = floorTo(now, kDayNs);
            e.windowFromNs = e.windowToNs - spec.trailingNs;
            if (e.state.backfillFromNs == 0)
                e.state.backfillFromNs = e.windowFromNs;
        } else {
            e.windowToNs = ceilTo(now, spec.bucketNs);
            const qint64 trailingStart = floorTo(now - spec.trailingNs, spec.bucketNs);
            if (e.state.cursorNs == 0) {
                e.windowFromNs = floorTo(now - qint64(settings.backfillDays) * kDayNs, spec.bucketNs);
                e.state.backfillFromNs = e.windowFromNs;
                e.backfilling = true;
            } else {
                e.windowFromNs = std::min(floorTo(e.state.cursorNs, spec.bucketNs), trailingStart);
                e.backfilling = e.state.cursorNs < trailingStart;
            }
        }
        fetchPage(e);
    }

    Endpoint *find(const EndpointSpec *spec)
    {
        for (Endpoint &e : endpoints) {
            if (e.spec == spec)
                return &e;
        }
        return nullptr;
    }

    // Callbacks find their endpoint again only if nothing restarted or stopped it meanwhile.
    template<typename F> auto guarded(const EndpointSpec *spec, F f)
    {
        return [this, spec, generation = generation, f = std::move(f)](auto &&...args) {
            if (generation != this->generation)
                return;
            if (Endpoint *e = find(spec))
                f(*e, std::forward<decltype(args)>(args)...);
        };
    }

    void fetchPage(Endpoint &e)
    {
        const EndpointSpec *spec = e.spec;
        Net::HttpRequest request =
            spec->kind == Kind::OpenRouterActivity
                ? plainRequest(settings.baseUrl, key, spec->path)
                : bucketRequest(*spec, settings.baseUrl, key, e.windowFromNs, e.page, spec->limit);
        e.request = makeRequest(std::move(request), policy);
        e.request->start(
            guarded(spec, [this](Endpoint &e, const Net::HttpResponse &response, const Error &error) {
                if (error)
                    return fail(e, withEndpoint(e.spec->path, error));
                parseThenStore(e, response.body);
            }));
    }

    // A page of a backfill takes tens of milliseconds to parse: that runs on the thread pool, never on
    // the poller's thread (the GUI thread in the app). Only the body and plain values cross over.
    void parseThenStore(Endpoint &e, const QByteArray &body)
    {
        struct Parsed
        {
            std::optional<ParsedPage> page;
            Error error;
        };
        const Kind kind = e.spec->kind;
        const qint64 todayNs = floorTo(cycleStartNs, kDayNs);
        auto *watcher = new QFutureWatcher<Parsed>(q);
        QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
        QObject::connect(
            watcher, &QFutureWatcherBase::finished, q, guarded(e.spec, [this, watcher](Endpoint &e) {
                Parsed parsed = watcher->result();
                if (!parsed.page)
                    return fail(e, parsed.error);
                if (parsed.page->hasMore && parsed.page->nextPage.toUtf8() == e.page) {
                    return fail(e, Error(Error::Code::InvalidInput,
                                         ProviderPoller::tr("%1 answered with the same page again. "
                                                            "Burnrate tries again at the next poll.")
                                             .arg(endpointName(provider, e.spec->path))));
                }
                store(e, std::move(*parsed.page));
            }));
        watcher->setFuture(QtConcurrent::run([kind, todayNs, body] {
            Parsed parsed;
            parsed.page = parsePage(kind, body, todayNs, &parsed.error);
            return parsed;
        }));
    }

    void store(Endpoint &e, ParsedPage page)
    {
        Storage::SourceState state = e.state;
        state.cursorNs = std::max(state.cursorNs, page.endNs);
        state.lastSuccessNs = cycleStartNs;
        state.lastError.clear();
        state.rowsImported += page.write.usage.size() + page.write.costs.size();
        page.write.provider = providerId(provider);
        page.write.state = state;
        const int buckets = int(page.write.usage.size() + page.write.costs.size());
        const bool hasMore = page.hasMore;
        const QByteArray next = page.nextPage.toUtf8();
        writer->submitProviderData(std::move(page.write), q,
                                   guarded(e.spec, [this, state, buckets, hasMore,
                                                    next](Endpoint &e, const Storage::WriteResult &result) {
                                       if (result.error)
                                           return fail(e, result.error);
                                       e.state = state;
                                       qCDebug(lcProviders).noquote()
                                           << e.state.source << "stored" << buckets << "buckets, cursor"
                                           << Time::toIsoUtc(e.state.cursorNs);
                                       Q_EMIT q->dataStored();
                                       Q_EMIT q->statusChanged(); // the backfill's progress
                                       if (hasMore) {
                                           e.page = next;
                                           fetchPage(e);
                                       } else {
                                           finish(e);
                                       }
                                   }));
    }

    // OpenRouter /key, then /credits (a management key's): a snapshot in the source's detail.
    void fetchKey(Endpoint &e)
    {
        e.request = makeRequest(plainRequest(settings.baseUrl, key, e.spec->path), policy);
        e.request->start(
            guarded(e.spec, [this](Endpoint &e, const Net::HttpResponse &response, const Error &error) {
                if (error)
                    return fail(e, withEndpoint(e.spec->path, error));
                Error parseError;
                const std::optional<OpenRouterKey> parsedKey = parseOpenRouterKey(response.body, &parseError);
                if (!parsedKey)
                    return fail(e, parseError);
                e.request = makeRequest(plainRequest(settings.baseUrl, key, kOpenRouterCreditsPath), policy);
                e.request->start(
                    guarded(e.spec, [this, parsedKey = *parsedKey](
                                        Endpoint &e, const Net::HttpResponse &response, const Error &error) {
                        Error creditsError = error ? withEndpoint(kOpenRouterCreditsPath, error) : Error();
                        std::optional<OpenRouterCredits> credits;
                        if (!creditsError)
                            credits = parseOpenRouterCredits(response.body, &creditsError);
                        Storage::SourceState state = e.state;
                        state.detail = keyDetail(parsedKey, credits);
                        state.lastSuccessNs = cycleStartNs;
                        state.lastError = withoutKey(creditsError.message, key);
                        writeState(e, state);
                        finish(e);
                    }));
            }));
    }

    Error withEndpoint(const char *path, const Error &error) const
    {
        return Error(error.code,
                     ProviderPoller::tr("%1: %2").arg(endpointName(provider, path), error.message));
    }

    // A failed page: the endpoint keeps its cursor and says why; the other endpoints keep going.
    void fail(Endpoint &e, const Error &error)
    {
        e.state.lastError = withoutKey(error.message, key);
        qCWarning(lcProviders).noquote() << e.state.source << e.state.lastError;
        writeState(e, e.state);
        finish(e);
    }

    void writeState(Endpoint &e, const Storage::SourceState &state)
    {
        e.state = state;
        Storage::ProviderWrite write;
        write.provider = providerId(provider);
        write.state = state;
        writer->submitProviderData(std::move(write), q, [](const Storage::WriteResult &result) {
            if (result.error)
                qCWarning(lcProviders).noquote() << result.error.message;
        });
    }

    void finish(Endpoint &e)
    {
        e.polling = false;
        e.request.reset(); // also inside its own callback, which RetryingRequest allows
        if (!anyPolling())
            schedule(Due::AfterCycle);
        Q_EMIT q->statusChanged();
    }

    // Of this cycle's backfill of `e` (also after it finished, so the overall progress never goes back).
    double progress(const Endpoint &e) const
    {
        const qint64 from = std::min(e.state.backfillFromNs, e.windowFromNs);
        const qint64 total = e.windowToNs - from;
        if (total <= 0)
            return 1;
        return std::clamp(double(std::max<qint64>(0, e.state.cursorNs - from)) / double(total), 0.0, 1.0);
    }

    qint64 nowNs() const { return clock ? clock() : Time::nowNs(); }

    ProviderPoller *const q;
    const Provider provider;
    QPointer<Net::HttpClient> http;
    Storage::StorageWriter *const writer;
    const QString databasePath;
    ProviderSettings settings;
    QString key;
    std::function<qint64()> clock;
    std::optional<Net::RetryingRequest::Clock> retryClock;
    Net::RetryPolicy policy;
    std::vector<Endpoint> endpoints;
    QTimer timer;
    bool started = false;
    quint64 generation = 0;
    qint64 cycleStartNs = 0;
    qint64 nextPollNs = 0;
};

ProviderPoller::ProviderPoller(Provider provider, Net::HttpClient *http, Storage::StorageWriter *writer,
                               QString databasePath, QObject *parent)
    : QObject(parent)
    , m_provider(provider)
    , d(std::make_unique<Private>(this, provider, http, writer, std::move(databasePath)))
{
    d->settings.baseUrl = defaultBaseUrl(provider);
}

ProviderPoller::~ProviderPoller()
{
    stop();
}

void ProviderPoller::setSettings(const ProviderSettings &settings)
{
    if (settings == d->settings)
        return;
    const bool reconnect = settings.baseUrl != d->settings.baseUrl || settings.enabled != d->settings.enabled;
    d->settings = settings;
    if (d->settings.baseUrl.isEmpty())
        d->settings.baseUrl = defaultBaseUrl(m_provider);
    d->cancelAll();
    d->schedule(reconnect ? Private::Due::Now : Private::Due::WhenDue);
    Q_EMIT statusChanged();
}

void ProviderPoller::setKey(const QString &key)
{
    if (key == d->key)
        return;
    d->key = key;
    d->cancelAll();
    d->schedule(Private::Due::Now);
    Q_EMIT statusChanged();
}

void ProviderPoller::setClock(std::function<qint64()> nowNs)
{
    d->clock = std::move(nowNs);
}

void ProviderPoller::setRetryClock(Net::RetryingRequest::Clock clock)
{
    d->retryClock = std::move(clock);
}

void ProviderPoller::setRetryPolicy(const Net::RetryPolicy &policy)
{
    d->policy = policy;
}

void ProviderPoller::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    Error error;
    std::unique_ptr<Storage::Connection> connection =
        Storage::Connection::open(d->databasePath, Storage::Connection::Mode::ReadOnly, &error);
    std::optional<QList<Storage::SourceState>> states;
    if (connection)
        states = Storage::readSourceStates(connection->database(), &error);
    if (!states) {
        // Without the cursors the first poll backfills again, which stores the same figures again.
        qCWarning(lcProviders).noquote() << error.message;
    } else {
        for (const Storage::SourceState &state : std::as_const(*states)) {
            for (Private::Endpoint &e : d->endpoints) {
                if (e.state.source == state.source)
                    e.state = state;
            }
        }
    }
    d->started = true;
    d->schedule(Private::Due::WhenDue);
    Q_EMIT statusChanged();
}

void ProviderPoller::stop()
{
    d->started = false;
    d->cancelAll();
    d->timer.stop();
    d->nextPollNs = 0;
}

void ProviderPoller::pollNow()
{
    d->startCycle();
}

void ProviderPoller::testConnection(const QString &key, QObject *context, TestDone done)
{
    struct Test
    {
        int pending = 0;
        QList<Error> errors;
        QPointer<QObject> context;
        TestDone done;
        std::vector<std::unique_ptr<Net::RetryingRequest>> requests;
    };
    auto test = std::make_shared<Test>();
    test->context = context;
    test->done = std::move(done);
    if (key.isEmpty()) {
        QMetaObject::invokeMethod(
            context ? context : this,
            [test, message = tr("There is no %1 to test.").arg(d->keyLabel())] {
                test->done(Error(Error::Code::Unauthorized, message));
            },
            Qt::QueuedConnection);
        return;
    }

    // One request per endpoint, limit 1 over the last day, no retries: an answer in seconds.
    Net::RetryPolicy once = d->policy;
    once.maxAttempts = 1;
    const qint64 now = d->nowNs();
    QList<std::pair<Net::HttpRequest, std::function<bool(QByteArrayView, Error *)>>> checks;
    for (const EndpointSpec *spec : endpointsOf(m_provider)) {
        if (spec->bucketNs > 0) {
            const Kind kind = spec->kind;
            checks.append(
                {bucketRequest(*spec, d->settings.baseUrl, key, floorTo(now - kDayNs, spec->bucketNs), {}, 1),
                 [kind](QByteArrayView body, Error *error) {
                     return parsePage(kind, body, 0, error).has_value();
                 }});
        }
    }
    if (m_provider == Provider::OpenRouter) {
        const QByteArray yesterday = Time::fromNs(floorTo(now, kDayNs) - kDayNs, QTimeZone::utc())
                                         .date()
                                         .toString(Qt::ISODate)
                                         .toLatin1();
        const QString base = d->settings.baseUrl;
        checks.append({plainRequest(base, key, "/api/v1/key"), [](QByteArrayView body, Error *error) {
                           return parseOpenRouterKey(body, error).has_value();
                       }});
        checks.append(
            {plainRequest(base, key, kOpenRouterCreditsPath), [](QByteArrayView body, Error *error) {
                 return parseOpenRouterCredits(body, error).has_value();
             }});
        checks.append({plainRequest(base, key, "/api/v1/activity", {{"date", yesterday}}),
                       [](QByteArrayView body, Error *error) {
                           return parseOpenRouterActivity(body, error).has_value();
                       }});
    }
    test->pending = int(checks.size());
    for (auto &[request, check] : checks) {
        const QString name = endpointName(m_provider, request.url.path().toUtf8().constData());
        auto retrying = d->makeRequest(request, once);
        Net::RetryingRequest *raw = retrying.get();
        test->requests.push_back(std::move(retrying));
        raw->start([test, name, key, check = check](const Net::HttpResponse &response, const Error &error) {
            Error failure = error;
            if (!failure)
                check(response.body, &failure);
            if (failure) {
                // Parse errors name the endpoint already; HTTP errors name only the host.
                if (!failure.message.contains(name))
                    failure.message = ProviderPoller::tr("%1: %2").arg(name, failure.message);
                failure.message = withoutKey(failure.message, key);
                test->errors.append(failure);
            }
            if (--test->pending > 0)
                return;
            Error result;
            if (!test->errors.isEmpty()) {
                result.code = test->errors.constFirst().code;
                QStringList messages;
                for (const Error &e : std::as_const(test->errors))
                    messages.append(e.message);
                result.message = messages.join(u' ');
            }
            // Delivered after this callback returns: the requests may then be deleted.
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [test, result] {
                    if (test->context)
                        test->done(result);
                    test->requests.clear();
                },
                Qt::QueuedConnection);
        });
    }
}

PollerStatus ProviderPoller::status() const
{
    PollerStatus status;
    status.enabled = d->settings.enabled;
    status.hasKey = !d->key.isEmpty();
    status.polling = d->anyPolling();
    status.nextPollNs = d->nextPollNs;
    double progressSum = 0;
    int backfilling = 0;
    bool backfillRunning = false;
    qint64 lastErrorAt = -1;
    for (const Private::Endpoint &e : d->endpoints) {
        EndpointStatus endpoint;
        endpoint.state = e.state;
        endpoint.polling = e.polling;
        if (e.backfilling) {
            const double progress = d->progress(e);
            endpoint.backfillProgress = e.polling ? progress : -1;
            backfillRunning = backfillRunning || e.polling;
            progressSum += progress;
            ++backfilling;
        }
        if (!e.state.lastError.isEmpty() && e.state.lastAttemptNs > lastErrorAt) {
            lastErrorAt = e.state.lastAttemptNs;
            status.lastError = e.state.lastError;
        }
        status.endpoints.append(endpoint);
    }
    if (backfillRunning)
        status.backfillProgress = progressSum / backfilling;
    return status;
}

} // namespace Burnrate::Providers
