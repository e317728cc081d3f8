#include "workload.h"

#include "common/error.h"
#include "common/timeutil.h"
#include "ingest/normalizer.h"
#include "ingest/otlpcodec.h"
#include "pricing/pricetable.h"

#include <QHash>
#include <QStringView>
#include <QtEndian>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>

namespace Burnrate::Bench {

namespace {

using Ingest::AnyValue;
using Ingest::Attributes;

struct ModelInfo
{
    QStringView provider;
    QStringView requested;
    QStringView response; // the dated snapshot the API answers with
};

constexpr ModelInfo kModels[] = {
    {u"openai", u"gpt-4.1-mini", u"gpt-4.1-mini-2025-04-14"},
    {u"openai", u"gpt-4.1", u"gpt-4.1-2025-04-14"},
    {u"openai", u"gpt-5-mini", u"gpt-5-mini-2025-08-07"},
    {u"anthropic", u"claude-sonnet-4-5", u"claude-sonnet-4-5-20250929"},
    {u"anthropic", u"claude-haiku-4-5", u"claude-haiku-4-5-20251001"},
    {u"gcp.gemini", u"gemini-2.5-flash", u"gemini-2.5-flash"},
};

struct AgentInfo
{
    QStringView id;
    QStringView name;
    int mainModel;
    int secondModel;
    int feature;
};

constexpr AgentInfo kAgents[] = {
    {u"research-agent", u"Research agent", 3, 5, 0}, {u"support-agent", u"Support agent", 0, 4, 1},
    {u"coding-agent", u"Coding agent", 3, 1, 2},     {u"triage-agent", u"Triage agent", 4, 0, 3},
    {u"summarizer", u"Summarizer", 5, 0, 4},         {u"sales-assistant", u"Sales assistant", 2, 0, 5},
    {u"data-analyst", u"Data analyst", 1, 2, 6},     {u"translator", u"Translator", 0, 5, 7},
};

// Features 8 and 9 are shared: a fifth of every agent's sessions serve one of them.
constexpr QStringView kFeatures[] = {u"search",      u"chat-support",       u"code-review", u"ticket-triage",
                                     u"doc-summary", u"lead-qualification", u"reporting",   u"localization",
                                     u"onboarding",  u"billing-help"};

constexpr int kUsers = 200;
constexpr int kActiveSessions = 64; // sessions interleaved in the event stream at any time

AnyValue text(QStringView s)
{
    AnyValue v;
    v.type = AnyValue::Type::String;
    v.string = s.toString();
    return v;
}

AnyValue text(const QString &s)
{
    AnyValue v;
    v.type = AnyValue::Type::String;
    v.string = s;
    return v;
}

AnyValue integer(qint64 i)
{
    AnyValue v;
    v.type = AnyValue::Type::Int;
    v.intValue = i;
    return v;
}

AnyValue real(double d)
{
    AnyValue v;
    v.type = AnyValue::Type::Double;
    v.doubleValue = d;
    return v;
}

AnyValue strings(const QStringList &list)
{
    AnyValue v;
    v.type = AnyValue::Type::Array;
    v.array = list;
    return v;
}

QString userName(int user)
{
    return QStringLiteral("user-%1").arg(user, 3, 10, QLatin1Char('0'));
}

} // namespace

quint64 mix64(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

Workload::Workload(quint64 seed)
    : m_rng(seed)
{
    // Zipf-like: the busiest users call far more often than the long tail.
    std::vector<double> weights(kUsers);
    for (int u = 0; u < kUsers; ++u)
        weights[u] = 1.0 / std::pow(u + 1, 0.8);
    m_users = std::discrete_distribution<int>(weights.begin(), weights.end());
}

int Workload::uniform(int lo, int hi)
{
    return std::uniform_int_distribution<int>(lo, hi)(m_rng);
}

QString Workload::hexId(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (int i = 0; i < bytes; i += 8) {
        const quint64 r = m_rng();
        for (int b = 0; b < 8 && i + b < bytes; ++b)
            raw[i + b] = char(r >> (8 * b));
    }
    return QString::fromLatin1(raw.toHex());
}

Workload::Session Workload::newSession()
{
    Session s;
    s.user = m_users(m_rng);
    // Each user favours two agents; one call in ten goes to any agent.
    const int roll = uniform(0, 9);
    s.agent = roll == 0 ? uniform(0, 7) : (roll <= 6 ? s.user % 8 : (s.user * 3 + 1) % 8);
    s.feature = uniform(0, 4) == 0 ? 8 + s.agent % 2 : kAgents[s.agent].feature;
    s.id = QStringLiteral("sess-") + hexId(8);
    // Geometric length, mean about 12 calls.
    s.callsLeft = 1 + std::min(80, int(std::geometric_distribution<int>(1.0 / 12)(m_rng)));
    return s;
}

int Workload::pickModel(int agent)
{
    return uniform(0, 3) == 0 ? kAgents[agent].secondModel : kAgents[agent].mainModel;
}

Workload::Usage Workload::usage(int model)
{
    Usage u;
    // Prompts grow with the conversation: log-uniform 800..30 000 input tokens.
    u.input =
        qint64(std::exp(std::uniform_real_distribution<double>(std::log(800.0), std::log(30'000.0))(m_rng)));
    u.output = uniform(40, 2'500);
    if (uniform(0, 9) < 6)
        u.cacheRead = u.input * uniform(20, 85) / 100;
    if (kModels[model].provider == u"anthropic" && uniform(0, 9) == 0)
        u.cacheWrite = std::min<qint64>(u.input - u.cacheRead, uniform(1'000, 8'000));
    u.latencyMs = 300 + u.output * uniform(8, 25) + uniform(0, 400);
    return u;
}

Ingest::TraceBatch Workload::traceBatch(int spanCount, qint64 nowNs)
{
    Ingest::ResourceSpans resource;
    resource.resource.insert(QStringLiteral("service.name"), text(u"agent-fleet"));
    resource.resource.insert(QStringLiteral("service.version"), text(u"2.14.0"));
    resource.resource.insert(QStringLiteral("deployment.environment.name"), text(u"production"));
    resource.resource.insert(QStringLiteral("telemetry.sdk.name"), text(u"opentelemetry"));
    resource.resource.insert(QStringLiteral("telemetry.sdk.language"), text(u"nodejs"));
    resource.resource.insert(QStringLiteral("telemetry.sdk.version"), text(u"2.0.1"));
    Ingest::ScopeSpans scope;
    scope.scopeName = QStringLiteral("agent-fleet.genai");
    scope.scopeVersion = QStringLiteral("1.0.0");

    while (scope.spans.size() < spanCount) {
        const Session session = newSession();
        const AgentInfo &agent = kAgents[session.agent];
        const int chats = std::min<int>(uniform(2, 10), spanCount - int(scope.spans.size()) - 1);

        Ingest::Span root;
        root.traceId = hexId(16);
        root.spanId = hexId(8);
        root.name = u"invoke_agent " + agent.id;
        root.kind = 1;
        root.attributes.insert(QStringLiteral("gen_ai.operation.name"), text(u"invoke_agent"));
        root.attributes.insert(QStringLiteral("gen_ai.agent.id"), text(agent.id));
        root.attributes.insert(QStringLiteral("gen_ai.agent.name"), text(agent.name));
        root.attributes.insert(QStringLiteral("session.id"), text(session.id));
        root.attributes.insert(QStringLiteral("user.id"), text(userName(session.user)));
        root.attributes.insert(QStringLiteral("app.feature"), text(kFeatures[session.feature]));

        // Times relative to the root's start first: the whole trace has ended before it is exported.
        qint64 t = 5'000'000;
        QList<Ingest::Span> children;
        for (int c = 0; c < chats; ++c) {
            const int m = pickModel(session.agent);
            const ModelInfo &model = kModels[m];
            const Usage u = usage(m);
            Ingest::Span chat;
            chat.traceId = root.traceId;
            chat.spanId = hexId(8);
            chat.parentSpanId = root.spanId;
            chat.name = u"chat " + model.requested;
            chat.kind = 3;
            chat.startNs = t;
            chat.endNs = t + u.latencyMs * 1'000'000;
            t = chat.endNs + 2'000'000;
            Attributes &a = chat.attributes;
            a.insert(QStringLiteral("gen_ai.operation.name"), text(u"chat"));
            a.insert(QStringLiteral("gen_ai.provider.name"), text(model.provider));
            a.insert(QStringLiteral("gen_ai.request.model"), text(model.requested));
            a.insert(QStringLiteral("gen_ai.response.model"), text(model.response));
            a.insert(QStringLiteral("gen_ai.response.id"), text(QStringLiteral("resp_") + hexId(12)));
            a.insert(QStringLiteral("gen_ai.response.finish_reasons"), strings({QStringLiteral("stop")}));
            a.insert(QStringLiteral("gen_ai.request.max_tokens"), integer(4'096));
            a.insert(QStringLiteral("gen_ai.request.temperature"), real(0.2));
            a.insert(QStringLiteral("gen_ai.usage.input_tokens"), integer(u.input));
            a.insert(QStringLiteral("gen_ai.usage.output_tokens"), integer(u.output));
            a.insert(QStringLiteral("gen_ai.usage.cache_read.input_tokens"), integer(u.cacheRead));
            a.insert(QStringLiteral("gen_ai.usage.cache_creation.input_tokens"), integer(u.cacheWrite));
            a.insert(QStringLiteral("gen_ai.agent.id"), text(agent.id));
            a.insert(QStringLiteral("session.id"), text(session.id));
            a.insert(QStringLiteral("user.id"), text(userName(session.user)));
            a.insert(QStringLiteral("app.feature"), text(kFeatures[session.feature]));
            children.append(std::move(chat));
        }
        root.startNs = nowNs - t - qint64(uniform(1'000, 5'000)) * 1'000'000;
        root.endNs = root.startNs + t + 1'000'000;
        for (Ingest::Span &chat : children) {
            chat.startNs += root.startNs;
            chat.endNs += root.startNs;
        }
        scope.spans.append(std::move(root));
        scope.spans.append(std::move(children));
    }
    resource.scopes.append(std::move(scope));
    Ingest::TraceBatch batch;
    batch.resources.append(std::move(resource));
    return batch;
}

Model::UsageEvent Workload::nextEvent(qint64 startNs)
{
    if (m_active.size() < kActiveSessions)
        m_active.append(newSession());
    const qsizetype at = uniform(0, int(m_active.size()) - 1);
    Session &s = m_active[at];
    if (s.callsLeftInTrace == 0) {
        s.traceId = hexId(16);
        s.agentSpanId = hexId(8);
        s.callsLeftInTrace = uniform(1, 6);
    }
    const AgentInfo &agent = kAgents[s.agent];
    const int m = pickModel(s.agent);
    const ModelInfo &model = kModels[m];
    const Usage u = usage(m);

    Model::UsageEvent e;
    e.spanId = hexId(8);
    e.traceId = s.traceId;
    e.parentSpanId = s.agentSpanId;
    e.eventId = u"otlp:" + e.traceId + u':' + e.spanId;
    e.source = QStringLiteral("otlp");
    e.startNs = startNs;
    e.endNs = startNs + u.latencyMs * 1'000'000;
    e.latencyMs = u.latencyMs;
    e.provider = model.provider.toString();
    e.model = model.response.toString();
    e.modelRequested = model.requested.toString();
    e.operation = QStringLiteral("chat");
    e.inputTokens = u.input;
    e.outputTokens = u.output;
    e.cacheReadTokens = u.cacheRead;
    e.cacheWriteTokens = u.cacheWrite;
    e.agentId = agent.id.toString();
    e.agentName = agent.name.toString();
    e.feature = kFeatures[s.feature].toString();
    e.userId = userName(s.user);
    e.sessionId = s.id;
    e.responseId = QStringLiteral("resp_") + hexId(12);
    e.error = uniform(0, 99) == 0;
    if (e.error)
        e.errorType = QStringLiteral("rate_limit_exceeded");
    e.serviceName = QStringLiteral("agent-fleet");
    e.environment = QStringLiteral("production");

    --s.callsLeftInTrace;
    if (--s.callsLeft == 0)
        m_active.removeAt(at);
    return e;
}

Payload Payload::make(const Ingest::TraceBatch &batch, Ingest::Encoding encoding,
                      const Pricing::PriceTable &prices)
{
    Payload p;
    p.m_encoding = encoding;
    const bool json = encoding == Ingest::Encoding::Json;
    p.m_body = json ? Ingest::encodeOtlpJson(batch) : Ingest::encodeOtlpProtobuf(batch);

    // Every span carries its trace id: find each trace's occurrences once, patch them per request.
    QHash<QString, int> spansPerTrace;
    for (const Ingest::ResourceSpans &r : batch.resources)
        for (const Ingest::ScopeSpans &s : r.scopes)
            for (const Ingest::Span &span : s.spans)
                ++spansPerTrace[span.traceId];
    for (auto it = spansPerTrace.cbegin(); it != spansPerTrace.cend(); ++it) {
        const QByteArray needle = json ? it.key().toLatin1() : QByteArray::fromHex(it.key().toLatin1());
        QList<qsizetype> offsets;
        for (qsizetype at = p.m_body.indexOf(needle); at >= 0; at = p.m_body.indexOf(needle, at + 1))
            offsets.append(at);
        if (offsets.size() != it.value()) {
            std::fprintf(stderr, "bench: trace id %s occurs %d times in the payload, expected %d\n",
                         qPrintable(it.key()), int(offsets.size()), it.value());
            std::abort();
        }
        p.m_traceIdOffsets.append(offsets);
    }
    // Session ids ("sess-" and 16 hex digits) are text in both encodings.
    QHash<QString, int> spansPerSession;
    for (const Ingest::ResourceSpans &r : batch.resources)
        for (const Ingest::ScopeSpans &s : r.scopes)
            for (const Ingest::Span &span : s.spans)
                if (const auto it = span.attributes.constFind(QStringLiteral("session.id"));
                    it != span.attributes.cend())
                    ++spansPerSession[it->string];
    for (auto it = spansPerSession.cbegin(); it != spansPerSession.cend(); ++it) {
        const QByteArray needle = it.key().toLatin1();
        QList<qsizetype> offsets;
        for (qsizetype at = p.m_body.indexOf(needle); at >= 0; at = p.m_body.indexOf(needle, at + 1))
            offsets.append(at + 5);
        if (offsets.size() != it.value() || !needle.startsWith("sess-") || needle.size() != 21) {
            std::fprintf(stderr, "bench: session id %s occurs %d times in the payload, expected %d\n",
                         needle.constData(), int(offsets.size()), it.value());
            std::abort();
        }
        p.m_sessionIdOffsets.append(offsets);
    }
    // Times are fixed64 in protobuf and 19-digit decimal strings in JSON; found the same way.
    QHash<qint64, int> spansPerTime;
    for (const Ingest::ResourceSpans &r : batch.resources)
        for (const Ingest::ScopeSpans &s : r.scopes)
            for (const Ingest::Span &span : s.spans) {
                ++spansPerTime[span.startNs];
                ++spansPerTime[span.endNs];
            }
    for (auto it = spansPerTime.cbegin(); it != spansPerTime.cend(); ++it) {
        const quint64 le = qToLittleEndian(quint64(it.key()));
        const QByteArray needle =
            json ? QByteArray::number(it.key()) : QByteArray(reinterpret_cast<const char *>(&le), sizeof le);
        QList<qsizetype> offsets;
        for (qsizetype at = p.m_body.indexOf(needle); at >= 0; at = p.m_body.indexOf(needle, at + 1))
            offsets.append(at);
        if (offsets.size() != it.value() || (json && needle.size() != 19)) {
            std::fprintf(stderr, "bench: time %lld occurs %d times in the payload, expected %d\n",
                         static_cast<long long>(it.key()), int(offsets.size()), it.value());
            std::abort();
        }
        p.m_times.append({it.key(), offsets});
    }
    p.m_madeNs = Time::nowNs();

    Error error;
    const Ingest::Normalizer normalizer;
    const std::optional<Ingest::IngestOutcome> outcome =
        Ingest::ingestTraces(p.m_body, encoding, normalizer, prices, &error);
    if (!outcome || outcome->rejectedSpans != 0) {
        std::fprintf(stderr, "bench: the generated payload does not ingest cleanly: %s\n",
                     qPrintable(outcome ? outcome->rejectionMessage : error.message));
        std::abort();
    }
    p.m_spans = outcome->spans;
    p.m_events = int(outcome->events.size());
    return p;
}

void Payload::stamp(quint64 request, bool newSessions)
{
    const bool json = m_encoding == Ingest::Encoding::Json;
    static constexpr char kHex[] = "0123456789abcdef";
    char *data = m_body.data();
    for (qsizetype t = 0; t < m_traceIdOffsets.size(); ++t) {
        const quint64 id = mix64((request << 16) ^ quint64(t));
        for (qsizetype at : std::as_const(m_traceIdOffsets.at(t))) {
            for (int b = 0; b < 8; ++b) {
                const auto byte = quint8(id >> (8 * b));
                if (json) {
                    data[at + 2 * b] = kHex[byte >> 4];
                    data[at + 2 * b + 1] = kHex[byte & 15];
                } else {
                    data[at + b] = char(byte);
                }
            }
        }
    }
    for (qsizetype i = 0; newSessions && i < m_sessionIdOffsets.size(); ++i) {
        const quint64 id = mix64((request << 16) ^ quint64(0x8000 + i));
        for (qsizetype at : std::as_const(m_sessionIdOffsets.at(i)))
            for (int b = 0; b < 8; ++b) {
                data[at + 2 * b] = kHex[quint8(id >> (8 * b)) >> 4];
                data[at + 2 * b + 1] = kHex[quint8(id >> (8 * b)) & 15];
            }
    }
    const qint64 shift = Time::nowNs() - m_madeNs;
    for (const auto &[madeAt, offsets] : std::as_const(m_times)) {
        const qint64 now = madeAt + shift;
        const quint64 le = qToLittleEndian(quint64(now));
        const QByteArray digits = QByteArray::number(now); // 19 digits until the year 2286
        for (qsizetype at : offsets) {
            if (json)
                std::memcpy(data + at, digits.constData(), 19);
            else
                std::memcpy(data + at, &le, sizeof le);
        }
    }
}

std::shared_ptr<const Pricing::PriceTable> shippedPrices()
{
    Error error;
    std::shared_ptr<const Pricing::PriceTable> prices = Pricing::PriceTable::loadShipped(&error);
    if (!prices) {
        std::fprintf(stderr, "bench: cannot load the shipped prices: %s\n", qPrintable(error.message));
        std::exit(1);
    }
    return prices;
}

} // namespace Burnrate::Bench
