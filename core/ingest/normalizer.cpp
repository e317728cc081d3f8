#include "normalizer.h"

#include "common/money.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <span>
#include <vector>

namespace Burnrate::Ingest {

namespace {

using Model::UsageEvent;

// No single call reads or writes a trillion tokens: such a count is corrupt data, not usage.
constexpr qint64 kMaxTokens = 1'000'000'000'000;
constexpr int kNoRank = std::numeric_limits<int>::max();

// --- attribute names (telemetry-formats §2.9 and §7.3; first present wins) -------------------------

const QString kOperation = QStringLiteral("gen_ai.operation.name");
const QString kVercelOperation = QStringLiteral("ai.operationId");
const QString kOpenInferenceKind = QStringLiteral("openinference.span.kind");
const QString kTraceloopKind = QStringLiteral("traceloop.span.kind");
const QString kTraceloopEntity = QStringLiteral("traceloop.entity.name");
const QString kTraceloopRequestType = QStringLiteral("llm.request.type");
const QString kLangfuseType = QStringLiteral("langfuse.observation.type");
const QString kLangfuseUsage = QStringLiteral("langfuse.observation.usage_details");
const QString kLangfuseCost = QStringLiteral("langfuse.observation.cost_details");
const QString kErrorType = QStringLiteral("error.type");
const QString kServiceName = QStringLiteral("service.name");
const QString kVercelFirstChunk = QStringLiteral("ai.response.msToFirstChunk");

const QString kInputKeys[] = {
    QStringLiteral("gen_ai.usage.input_tokens"), QStringLiteral("gen_ai.usage.prompt_tokens"),
    QStringLiteral("llm.token_count.prompt"),    QStringLiteral("ai.usage.inputTokens"),
    QStringLiteral("ai.usage.promptTokens"),     QStringLiteral("gen_ai.response.input_tokens")};
const QString kOutputKeys[] = {
    QStringLiteral("gen_ai.usage.output_tokens"), QStringLiteral("gen_ai.usage.completion_tokens"),
    QStringLiteral("llm.token_count.completion"), QStringLiteral("ai.usage.outputTokens"),
    QStringLiteral("ai.usage.completionTokens"),  QStringLiteral("gen_ai.response.output_tokens")};
const QString kCacheReadKeys[] = {QStringLiteral("gen_ai.usage.cache_read.input_tokens"),
                                  QStringLiteral("gen_ai.usage.cache_read_input_tokens"),
                                  QStringLiteral("llm.token_count.prompt_details.cache_read"),
                                  QStringLiteral("ai.usage.cachedInputTokens"),
                                  QStringLiteral("gen_ai.usage.prompt_tokens_details.cached_tokens"),
                                  QStringLiteral("gen_ai.usage.details.cache_read_tokens")};
const QString kCacheWriteKeys[] = {QStringLiteral("gen_ai.usage.cache_creation.input_tokens"),
                                   QStringLiteral("gen_ai.usage.cache_creation_input_tokens"),
                                   QStringLiteral("llm.token_count.prompt_details.cache_write"),
                                   QStringLiteral("gen_ai.usage.prompt_tokens_details.cache_creation_tokens"),
                                   QStringLiteral("gen_ai.usage.details.cache_write_tokens")};
const QString kReasoningKeys[] = {QStringLiteral("gen_ai.usage.reasoning.output_tokens"),
                                  QStringLiteral("gen_ai.usage.reasoning_tokens"),
                                  QStringLiteral("llm.token_count.completion_details.reasoning"),
                                  QStringLiteral("ai.usage.reasoningTokens"),
                                  QStringLiteral("gen_ai.usage.completion_tokens_details.reasoning_tokens"),
                                  QStringLiteral("gen_ai.usage.details.reasoning_tokens")};
const std::span<const QString> kTokenLists[] = {kInputKeys, kOutputKeys, kCacheReadKeys, kCacheWriteKeys,
                                                kReasoningKeys};

const QString kProviderKeys[] = {QStringLiteral("gen_ai.provider.name"), QStringLiteral("gen_ai.system"),
                                 QStringLiteral("ai.model.provider"), QStringLiteral("llm.system"),
                                 QStringLiteral("llm.provider")};
const QString kModelKeys[] = {QStringLiteral("gen_ai.response.model"), QStringLiteral("ai.response.model"),
                              QStringLiteral("gen_ai.request.model"),  QStringLiteral("ai.model.id"),
                              QStringLiteral("llm.model_name"),        QStringLiteral("langfuse.observation.model.name")};
const QString kRequestedModelKeys[] = {QStringLiteral("gen_ai.request.model"), QStringLiteral("ai.model.id")};
const QString kResponseIdKeys[] = {QStringLiteral("gen_ai.response.id"), QStringLiteral("ai.response.id")};
const QString kCostKeys[] = {QStringLiteral("gen_ai.usage.cost"), QStringLiteral("llm.cost.total")};
const QString kTtftSecondsKeys[] = {QStringLiteral("gen_ai.response.time_to_first_chunk"),
                                    QStringLiteral("gen_ai.client.operation.time_to_first_chunk"),
                                    QStringLiteral("gen_ai.server.time_to_first_token")};
const QString kEnvironmentKeys[] = {QStringLiteral("deployment.environment.name"),
                                    QStringLiteral("deployment.environment"), QStringLiteral("gen_ai.environment")};

// Agent: the nearest span carrying any of these names the agent (id and name come from that one span).
const QString kAgentIdKeys[] = {QStringLiteral("gen_ai.agent.id"), QStringLiteral("gen_ai.agent.name"),
                                QStringLiteral("agent.name"), QStringLiteral("ai.telemetry.functionId")};
const QString kAgentNameKeys[] = {QStringLiteral("gen_ai.agent.name"), QStringLiteral("agent.name"),
                                  QStringLiteral("gen_ai.agent.id"), QStringLiteral("ai.telemetry.functionId")};

// Attribution fields inherited key by key: a name earlier in the list wins wherever in the ancestry
// it is, and among spans carrying the same name the nearest wins.
enum Field { Session, User, Task, Feature, Tags, FieldCount };
const QString kSessionKeys[] = {QStringLiteral("session.id"), QStringLiteral("langfuse.session.id"),
                                QStringLiteral("traceloop.association.properties.session_id"),
                                QStringLiteral("ai.telemetry.metadata.sessionId"),
                                QStringLiteral("gen_ai.conversation.id")};
const QString kUserKeys[] = {QStringLiteral("user.id"), QStringLiteral("enduser.id"),
                             QStringLiteral("langfuse.user.id"),
                             QStringLiteral("traceloop.association.properties.user_id"),
                             QStringLiteral("ai.telemetry.metadata.userId")};
const QString kTaskKeys[] = {QStringLiteral("app.task.id"), QStringLiteral("gen_ai.agent.task.id")};
const QString kFeatureKeys[] = {QStringLiteral("app.feature"), QStringLiteral("traceloop.association.properties.feature"),
                                QStringLiteral("ai.telemetry.metadata.feature"),
                                QStringLiteral("traceloop.workflow.name")};
const QString kTagKeys[] = {QStringLiteral("app.tags"), QStringLiteral("langfuse.trace.tags"),
                            QStringLiteral("tag.tags"), QStringLiteral("ai.telemetry.metadata.tags")};
const std::span<const QString> kFieldKeys[FieldCount] = {kSessionKeys, kUserKeys, kTaskKeys, kFeatureKeys,
                                                         kTagKeys};

const QString kContentKeys[] = {QStringLiteral("gen_ai.system_instructions"), QStringLiteral("gen_ai.input.messages"),
                                QStringLiteral("gen_ai.output.messages"), QStringLiteral("ai.prompt.messages"),
                                QStringLiteral("ai.response.text")};
const QString kIndexedPromptPrefix = QStringLiteral("gen_ai.prompt.");
const QString kIndexedCompletionPrefix = QStringLiteral("gen_ai.completion.");

// --- reading attribute values ---------------------------------------------------------------------

const AnyValue *find(const Attributes &attributes, const QString &key)
{
    const auto it = attributes.constFind(key);
    if (it == attributes.cend() || it->type == AnyValue::Type::Empty)
        return nullptr;
    if (it->type == AnyValue::Type::String && it->string.isEmpty())
        return nullptr;
    return &*it;
}

const AnyValue *first(const Attributes &attributes, std::span<const QString> keys, int *rank = nullptr)
{
    for (size_t i = 0; i < keys.size(); ++i) {
        if (const AnyValue *v = find(attributes, keys[i])) {
            if (rank)
                *rank = int(i);
            return v;
        }
    }
    return nullptr;
}

QString text(const AnyValue *v)
{
    if (!v)
        return {};
    switch (v->type) {
    case AnyValue::Type::Int:
        return QString::number(v->intValue);
    case AnyValue::Type::Double:
        return QString::number(v->doubleValue, 'g', QLocale::FloatingPointShortest);
    case AnyValue::Type::Bool:
        return v->boolValue ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return v->string;
    }
}

QString firstText(const Attributes &attributes, std::span<const QString> keys)
{
    return text(first(attributes, keys));
}

// Counters arrive as int, as an integral double (OTel JS) or as a decimal string; nothing else is a count.
std::optional<qint64> integerOf(const AnyValue &v)
{
    switch (v.type) {
    case AnyValue::Type::Int:
        return v.intValue;
    case AnyValue::Type::Double:
        if (std::isfinite(v.doubleValue) && std::trunc(v.doubleValue) == v.doubleValue
            && std::fabs(v.doubleValue) < 9.0e18)
            return qint64(v.doubleValue);
        return std::nullopt;
    case AnyValue::Type::String: {
        bool ok = false;
        const qint64 n = QStringView(v.string).trimmed().toLongLong(&ok);
        return ok ? std::optional<qint64>(n) : std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

std::optional<double> numberOf(const AnyValue &v)
{
    switch (v.type) {
    case AnyValue::Type::Int:
        return double(v.intValue);
    case AnyValue::Type::Double:
        return std::isfinite(v.doubleValue) ? std::optional<double>(v.doubleValue) : std::nullopt;
    case AnyValue::Type::String: {
        bool ok = false;
        const double d = QStringView(v.string).trimmed().toDouble(&ok);
        return ok && std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

QJsonObject jsonObjectOf(const AnyValue &v)
{
    if (v.type != AnyValue::Type::String && v.type != AnyValue::Type::KvList)
        return {};
    return QJsonDocument::fromJson(v.string.toUtf8()).object();
}

// --- which spans are model calls ------------------------------------------------------------------

enum class Role : quint8 {
    Other,     // not a model call (HTTP, retrieval, unknown operations)
    ModelCall, // bill it when it carries usage
    Agent,     // invoke_agent: bill it only when nothing below it is billed
    Wrapper,   // repeats its children's usage; never billed
};

bool equalsLatin1(const AnyValue *v, QLatin1StringView s)
{
    return v && v->type == AnyValue::Type::String && v->string.compare(s, Qt::CaseInsensitive) == 0;
}

Role roleOf(const Attributes &a)
{
    const AnyValue *op = find(a, kOperation);
    if (op) {
        const QString &name = op->string;
        if (name == u"chat" || name == u"text_completion" || name == u"generate_content" || name == u"embeddings"
            || name == u"completion")
            return Role::ModelCall;
        if (name == u"invoke_agent")
            return Role::Agent;
        if (name == u"invoke_workflow" || name == u"agent_step" || name == u"create_agent" || name == u"execute_tool")
            return Role::Wrapper;
    }
    if (const AnyValue *kind = find(a, kTraceloopKind)) {
        if (equalsLatin1(kind, QLatin1StringView("workflow")) || equalsLatin1(kind, QLatin1StringView("task"))
            || equalsLatin1(kind, QLatin1StringView("agent")) || equalsLatin1(kind, QLatin1StringView("tool")))
            return Role::Wrapper;
    }
    if (const AnyValue *vercel = find(a, kVercelOperation)) {
        // Only ai.*.doGenerate / doStream / doEmbed call a model; ai.generateText, ai.streamText,
        // ai.toolCall … wrap them and repeat their totals.
        const QString &id = vercel->string;
        if (id.startsWith(u"ai.")
            && (id.endsWith(u".doGenerate") || id.endsWith(u".doStream") || id.endsWith(u".doEmbed")))
            return Role::ModelCall;
        return Role::Wrapper;
    }
    if (const AnyValue *kind = find(a, kOpenInferenceKind)) {
        if (equalsLatin1(kind, QLatin1StringView("LLM")) || equalsLatin1(kind, QLatin1StringView("EMBEDDING")))
            return Role::ModelCall;
        return Role::Wrapper;
    }
    if (find(a, kTraceloopRequestType))
        return Role::ModelCall;
    if (const AnyValue *type = find(a, kLangfuseType)) {
        if (equalsLatin1(type, QLatin1StringView("generation")) || equalsLatin1(type, QLatin1StringView("embedding")))
            return Role::ModelCall;
    }
    if (!op && first(a, kModelKeys))
        return Role::ModelCall; // usage and a model, no operation name (Portkey 2.0)
    return Role::Other;
}

bool hasUsage(const Attributes &a)
{
    for (const auto &keys : kTokenLists) {
        if (first(a, keys))
            return true;
    }
    return find(a, kLangfuseUsage) != nullptr;
}

QString operationOf(const Attributes &a, Role role)
{
    if (role == Role::Agent)
        return QStringLiteral("invoke_agent");
    const QString op = text(find(a, kOperation));
    if (op == u"completion")
        return QStringLiteral("text_completion");
    if (!op.isEmpty())
        return op;
    const bool embedding = text(find(a, kVercelOperation)).endsWith(u".doEmbed")
        || equalsLatin1(find(a, kOpenInferenceKind), QLatin1StringView("EMBEDDING"))
        || equalsLatin1(find(a, kLangfuseType), QLatin1StringView("embedding"))
        || text(find(a, kTraceloopRequestType)).startsWith(u"embedding");
    if (embedding)
        return QStringLiteral("embeddings");
    if (text(find(a, kTraceloopRequestType)) == u"completion")
        return QStringLiteral("text_completion");
    return QStringLiteral("chat");
}

// --- usage ----------------------------------------------------------------------------------------

struct Usage
{
    qint64 input = 0;
    qint64 output = 0;
    qint64 cacheRead = 0;
    qint64 cacheWrite = 0;
    qint64 reasoning = 0;
};

enum class UsageProblem { None, NotInteger, OutOfRange, BadLangfuseJson };

bool countOk(qint64 n, UsageProblem *problem)
{
    if (n < 0 || n > kMaxTokens) {
        *problem = UsageProblem::OutOfRange;
        return false;
    }
    return true;
}

// The first name present decides, even when its value is unusable: a later name is a different
// library's view and must not paper over a corrupt one.
bool readCount(const Attributes &a, std::span<const QString> keys, qint64 *out, UsageProblem *problem)
{
    const AnyValue *v = first(a, keys);
    if (!v)
        return true;
    const std::optional<qint64> n = integerOf(*v);
    if (!n) {
        *problem = UsageProblem::NotInteger;
        return false;
    }
    if (!countOk(*n, problem))
        return false;
    *out = *n;
    return true;
}

// Langfuse usage_details: a JSON object whose "input" is uncached input and whose "output" excludes
// reasoning; cache and reasoning counts are separate keys (input_cached_tokens, cache_read_input_tokens,
// input_cache_creation, output_reasoning_tokens, …). Any other key naming input or output adds to it.
bool readLangfuseUsage(const AnyValue &v, Usage *usage, UsageProblem *problem)
{
    const QJsonDocument doc = QJsonDocument::fromJson(v.string.toUtf8());
    if (!doc.isObject()) {
        *problem = UsageProblem::BadLangfuseJson;
        return false;
    }
    const QJsonObject object = doc.object();
    qint64 uncachedInput = 0, exclusiveOutput = 0;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        if (key == u"total")
            continue;
        qint64 n = 0;
        if (it->isString()) {
            bool ok = false;
            n = it->toString().trimmed().toLongLong(&ok);
            if (!ok) {
                *problem = UsageProblem::NotInteger;
                return false;
            }
        } else if (it->isDouble()) {
            const double d = it->toDouble();
            if (!std::isfinite(d) || std::trunc(d) != d) {
                *problem = UsageProblem::NotInteger;
                return false;
            }
            if (std::fabs(d) > double(kMaxTokens)) {
                *problem = UsageProblem::OutOfRange;
                return false;
            }
            n = qint64(d);
        } else {
            continue;
        }
        if (!countOk(n, problem))
            return false;
        qint64 *slot = nullptr;
        if (key.contains(u"cache_read") || key.contains(u"cached"))
            slot = &usage->cacheRead;
        else if (key.contains(u"cache_creation") || key.contains(u"cache_write"))
            slot = &usage->cacheWrite;
        else if (key.contains(u"reasoning"))
            slot = &usage->reasoning;
        else if (key.contains(u"input"))
            slot = &uncachedInput;
        else if (key.contains(u"output"))
            slot = &exclusiveOutput;
        if (!slot)
            continue;
        *slot += n;
        if (!countOk(*slot, problem))
            return false;
    }
    usage->input = uncachedInput + usage->cacheRead + usage->cacheWrite;
    usage->output = exclusiveOutput + usage->reasoning;
    return true;
}

// "0.27.0" <= "0.27.0"; missing or non-numeric parts count as 0.
bool versionAtMost(QStringView version, int major, int minor, int patch)
{
    const int limit[3] = {major, minor, patch};
    const QList<QStringView> parts = version.split(u'.');
    for (int i = 0; i < 3; ++i) {
        int n = 0;
        if (i < parts.size()) {
            for (QChar c : parts[i]) {
                if (!c.isDigit())
                    break;
                n = n * 10 + c.digitValue();
                if (n > 1'000'000)
                    break;
            }
        }
        if (n != limit[i])
            return n < limit[i];
    }
    return true;
}

// @traceloop/instrumentation-anthropic|bedrock up to 0.27.0 put Anthropic's cache-exclusive
// input_tokens into gen_ai.usage.input_tokens (fixed after 0.27.0, telemetry-formats §2.1).
bool scopeReportsExclusiveInput(const ScopeSpans &scope)
{
    if (scope.scopeName != u"@traceloop/instrumentation-anthropic"
        && scope.scopeName != u"@traceloop/instrumentation-bedrock")
        return false;
    return scope.scopeVersion.isEmpty() || versionAtMost(scope.scopeVersion, 0, 27, 0);
}

std::optional<Usage> readUsage(const Attributes &a, const ScopeSpans &scope, UsageProblem *problem)
{
    Usage usage;
    if (const AnyValue *details = find(a, kLangfuseUsage)) {
        if (!readLangfuseUsage(*details, &usage, problem))
            return std::nullopt;
        return usage;
    }
    qint64 *const counts[] = {&usage.input, &usage.output, &usage.cacheRead, &usage.cacheWrite, &usage.reasoning};
    for (size_t i = 0; i < std::size(kTokenLists); ++i) {
        if (!readCount(a, kTokenLists[i], counts[i], problem))
            return std::nullopt;
    }
    // input_tokens includes cache reads and writes (semconv); where a library sent the exclusive
    // count, add them back. The size test catches the exclusive senders we cannot name.
    const qint64 cache = usage.cacheRead + usage.cacheWrite;
    if (scopeReportsExclusiveInput(scope) || usage.input < cache)
        usage.input += cache;
    if (usage.output < usage.reasoning)
        usage.output += usage.reasoning;
    return usage;
}

QString usageProblemText(UsageProblem problem)
{
    switch (problem) {
    case UsageProblem::NotInteger:
        return QCoreApplication::translate("Burnrate::Ingest", "a token count is not a whole number");
    case UsageProblem::OutOfRange:
        return QCoreApplication::translate("Burnrate::Ingest", "a token count is negative or above 10^12");
    case UsageProblem::BadLangfuseJson:
        return QCoreApplication::translate("Burnrate::Ingest",
                                           "langfuse.observation.usage_details is not a JSON object");
    case UsageProblem::None:
        break;
    }
    return {};
}

// --- reported cost ---------------------------------------------------------------------------------

std::optional<qint64> microsOf(const AnyValue &v)
{
    switch (v.type) {
    case AnyValue::Type::Int:
        if (std::abs(v.intValue) > std::numeric_limits<qint64>::max() / Money::kMicrosPerUsd)
            return std::nullopt;
        return v.intValue * Money::kMicrosPerUsd;
    case AnyValue::Type::Double:
        if (!std::isfinite(v.doubleValue) || std::fabs(v.doubleValue) > 9.0e12)
            return std::nullopt;
        return Money::microsFromUsd(v.doubleValue);
    case AnyValue::Type::String:
        return Money::parseDecimalMicros(v.string);
    default:
        return std::nullopt;
    }
}

std::optional<qint64> langfuseCostMicros(const AnyValue &v)
{
    const QJsonObject object = jsonObjectOf(v);
    if (object.isEmpty())
        return std::nullopt;
    // "total" when given, else the sum of the parts (input, output, …).
    const auto costOf = [](const QJsonValue &value) -> std::optional<qint64> {
        if (value.isDouble())
            return std::isfinite(value.toDouble()) && std::fabs(value.toDouble()) < 9.0e12
                ? std::optional<qint64>(Money::microsFromUsd(value.toDouble()))
                : std::nullopt;
        if (value.isString())
            return Money::parseDecimalMicros(value.toString());
        return std::nullopt;
    };
    if (object.contains(u"total"))
        return costOf(object.value(u"total"));
    qint64 sum = 0;
    bool any = false;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::optional<qint64> part = costOf(*it);
        if (!part)
            return std::nullopt;
        sum += *part;
        any = true;
    }
    return any ? std::optional<qint64>(sum) : std::nullopt;
}

// A cost the sender reported. An unreadable or negative one is ignored, so the price table computes
// the cost instead of the call being lost.
std::optional<qint64> reportedCostMicros(const Attributes &a)
{
    std::optional<qint64> micros;
    if (const AnyValue *v = first(a, kCostKeys))
        micros = microsOf(*v);
    else if (const AnyValue *details = find(a, kLangfuseCost))
        micros = langfuseCostMicros(*details);
    if (micros && *micros < 0)
        return std::nullopt;
    return micros;
}

// --- provider --------------------------------------------------------------------------------------

QString canonicalProvider(const QString &reported)
{
    static const QHash<QString, QString> aliases = {
        {QStringLiteral("azure"), QStringLiteral("azure.ai.openai")},
        {QStringLiteral("az.ai.openai"), QStringLiteral("azure.ai.openai")},
        {QStringLiteral("az.ai.inference"), QStringLiteral("azure.ai.inference")},
        {QStringLiteral("aws"), QStringLiteral("aws.bedrock")},
        {QStringLiteral("bedrock"), QStringLiteral("aws.bedrock")},
        {QStringLiteral("amazon-bedrock"), QStringLiteral("aws.bedrock")},
        {QStringLiteral("google"), QStringLiteral("gcp.gen_ai")},
        {QStringLiteral("vertex_ai"), QStringLiteral("gcp.vertex_ai")},
        {QStringLiteral("gemini"), QStringLiteral("gcp.gemini")},
        {QStringLiteral("xai"), QStringLiteral("x_ai")},
        {QStringLiteral("mistral"), QStringLiteral("mistral_ai")},
    };
    static const QString semconvDotted[] = {
        QStringLiteral("aws.bedrock"),        QStringLiteral("azure.ai.openai"), QStringLiteral("azure.ai.inference"),
        QStringLiteral("gcp.gemini"),         QStringLiteral("gcp.vertex_ai"),   QStringLiteral("gcp.gen_ai"),
        QStringLiteral("ibm.watsonx.ai")};

    const QString p = reported.trimmed().toLower();
    if (std::find(std::begin(semconvDotted), std::end(semconvDotted), p) != std::end(semconvDotted))
        return p;
    if (const auto it = aliases.constFind(p); it != aliases.cend())
        return *it;
    // SDK provider ids such as "openai.responses", "anthropic.messages", "google.vertex.chat".
    if (p.startsWith(u"google.vertex"))
        return QStringLiteral("gcp.vertex_ai");
    const qsizetype dot = p.indexOf(u'.');
    if (dot > 0) {
        const QString head = p.left(dot);
        return aliases.value(head, head);
    }
    return p;
}

// --- attribution -----------------------------------------------------------------------------------

// What a span (or resource) says about attribution, after inheritance. Pointers into the batch.
struct Identity
{
    const Attributes *agent = nullptr; // nearest span naming an agent
    const AnyValue *value[FieldCount] = {};
    int rank[FieldCount] = {kNoRank, kNoRank, kNoRank, kNoRank, kNoRank};
};

bool namesAgent(const Attributes &a)
{
    if (first(a, kAgentIdKeys))
        return true;
    return equalsLatin1(find(a, kTraceloopKind), QLatin1StringView("agent")) && find(a, kTraceloopEntity);
}

Identity ownIdentity(const Attributes &a)
{
    Identity id;
    if (namesAgent(a))
        id.agent = &a;
    for (int f = 0; f < FieldCount; ++f)
        id.value[f] = first(a, kFieldKeys[f], &id.rank[f]);
    return id;
}

void inherit(Identity &child, const Identity &parent)
{
    if (!child.agent)
        child.agent = parent.agent;
    for (int f = 0; f < FieldCount; ++f) {
        if (parent.rank[f] < child.rank[f]) {
            child.value[f] = parent.value[f];
            child.rank[f] = parent.rank[f];
        }
    }
}

// Resource attributes are the last resort: they fill only what no span in the ancestry said.
void fallBackTo(Identity &span, const Identity &resource)
{
    if (!span.agent)
        span.agent = resource.agent;
    for (int f = 0; f < FieldCount; ++f) {
        if (!span.value[f])
            span.value[f] = resource.value[f];
    }
}

QString agentId(const Attributes &a)
{
    const QString id = firstText(a, kAgentIdKeys);
    return id.isEmpty() ? text(find(a, kTraceloopEntity)) : id;
}

QString agentName(const Attributes &a)
{
    const QString name = firstText(a, kAgentNameKeys);
    return name.isEmpty() ? text(find(a, kTraceloopEntity)) : name;
}

// app.tags and friends: a string array, a JSON array in a string, or a comma-separated string.
QStringList tagsOf(const AnyValue *v)
{
    if (!v)
        return {};
    QStringList tags;
    if (v->type == AnyValue::Type::Array) {
        tags = v->array;
    } else if (v->type == AnyValue::Type::String && v->string.trimmed().startsWith(u'[')) {
        const QJsonArray array = QJsonDocument::fromJson(v->string.toUtf8()).array();
        for (const QJsonValue &element : array)
            tags.append(element.toString());
    } else {
        tags = text(v).split(u',');
    }
    QStringList cleaned;
    cleaned.reserve(tags.size());
    for (const QString &tag : std::as_const(tags)) {
        const QString t = tag.trimmed();
        if (!t.isEmpty() && !cleaned.contains(t))
            cleaned.append(t);
    }
    return cleaned;
}

// --- content (opt-in) ------------------------------------------------------------------------------

// Cuts UTF-8 text to at most `bytes` without splitting a character.
QByteArray cutUtf8(const QByteArray &utf8, qsizetype bytes)
{
    if (utf8.size() <= bytes)
        return utf8;
    qsizetype end = qMax<qsizetype>(bytes, 0);
    while (end > 0 && (uchar(utf8.at(end)) & 0xC0) == 0x80)
        --end;
    return utf8.left(end);
}

// Prompt and response text as one compact JSON object {attribute: text}; over the cap, the last texts
// are cut (on a character boundary) or dropped and "truncated": true is added.
QString contentOf(const Attributes &a, qint64 maxBytes)
{
    QList<std::pair<QString, QByteArray>> parts; // sorted by key, as QJsonObject writes them
    for (auto it = a.cbegin(); it != a.cend(); ++it) {
        const QString &key = it.key();
        const bool wanted = std::find(std::begin(kContentKeys), std::end(kContentKeys), key) != std::end(kContentKeys)
            || key.startsWith(kIndexedPromptPrefix) || key.startsWith(kIndexedCompletionPrefix);
        if (wanted && it->type != AnyValue::Type::Empty)
            parts.append({key, text(&*it).toUtf8()});
    }
    if (parts.isEmpty() || maxBytes <= 0)
        return {};
    std::sort(parts.begin(), parts.end(), [](const auto &l, const auto &r) { return l.first < r.first; });

    bool truncated = false;
    while (true) {
        QJsonObject object;
        for (const auto &[key, utf8] : std::as_const(parts))
            object.insert(key, QString::fromUtf8(utf8));
        if (truncated)
            object.insert(QStringLiteral("truncated"), true);
        const QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Compact);
        const qsizetype excess = json.size() - maxBytes;
        if (excess <= 0)
            return QString::fromUtf8(json);
        if (parts.isEmpty())
            return {}; // the cap is smaller than the marker itself
        truncated = true;
        // Escaping only makes the JSON longer than the raw text, so cutting `excess` raw bytes (or
        // dropping the part) always shrinks the JSON by at least that much.
        QByteArray &last = parts.last().second;
        if (last.size() <= excess)
            parts.removeLast();
        else
            last = cutUtf8(last, last.size() - excess);
    }
}

// --- timing ----------------------------------------------------------------------------------------

qint64 ttftMsOf(const Span &span)
{
    if (const AnyValue *v = first(span.attributes, kTtftSecondsKeys)) {
        if (const std::optional<double> s = numberOf(*v); s && *s >= 0 && *s < 1e9)
            return qint64(std::llround(*s * 1000.0));
    }
    const AnyValue *ms = find(span.attributes, kVercelFirstChunk);
    for (qsizetype i = 0; !ms && i < span.events.size(); ++i)
        ms = find(span.events.at(i).attributes, kVercelFirstChunk);
    if (ms) {
        if (const std::optional<double> v = numberOf(*ms); v && *v >= 0 && *v < 1e12)
            return qint64(std::llround(*v));
    }
    return -1;
}

// --- the span tree ---------------------------------------------------------------------------------

struct Node
{
    const Span *span = nullptr;
    const ScopeSpans *scope = nullptr;
    int resource = 0;
    int parent = -1;
    Role role = Role::Other;
    bool usage = false;       // carries token counts
    bool duplicate = false;   // the same trace and span id appeared earlier in the batch
    bool billedBelow = false; // a descendant in this batch is billed (or would be, usage permitting)
};

// Inherited attribution per span, resolved on demand and memoized, so a deep tree is walked once.
class IdentityResolver
{
public:
    IdentityResolver(const std::vector<Node> &nodes, const TraceBatch &batch)
        : m_nodes(nodes)
        , m_batch(batch)
        , m_spans(nodes.size())
        , m_state(nodes.size(), State::Unresolved)
        , m_resources(size_t(batch.resources.size()))
    {
    }

    Identity resolve(int index)
    {
        Identity id = chain(index);
        fallBackTo(id, resource(m_nodes[size_t(index)].resource));
        return id;
    }

private:
    enum class State : quint8 { Unresolved, InProgress, Resolved };

    // The span's identity merged with its ancestors'. Iterative, so a long or cyclic parent chain
    // (malformed input) neither overflows the stack nor loops.
    const Identity &chain(int index)
    {
        std::vector<int> path;
        int j = index;
        while (j >= 0 && m_state[size_t(j)] == State::Unresolved) {
            m_state[size_t(j)] = State::InProgress;
            path.push_back(j);
            j = m_nodes[size_t(j)].parent;
        }
        const Identity *above = j >= 0 && m_state[size_t(j)] == State::Resolved ? &m_spans[size_t(j)] : nullptr;
        for (auto it = path.rbegin(); it != path.rend(); ++it) {
            Identity id = ownIdentity(m_nodes[size_t(*it)].span->attributes);
            if (above)
                inherit(id, *above);
            m_spans[size_t(*it)] = id;
            m_state[size_t(*it)] = State::Resolved;
            above = &m_spans[size_t(*it)];
        }
        return m_spans[size_t(index)];
    }

    const Identity &resource(int index)
    {
        std::optional<Identity> &slot = m_resources[size_t(index)];
        if (!slot)
            slot = ownIdentity(m_batch.resources.at(index).resource);
        return *slot;
    }

    const std::vector<Node> &m_nodes;
    const TraceBatch &m_batch;
    std::vector<Identity> m_spans;
    std::vector<State> m_state;
    std::vector<std::optional<Identity>> m_resources;
};

} // namespace

Normalizer::Result Normalizer::normalize(const TraceBatch &batch) const
{
    Result result;
    std::vector<Node> nodes;
    nodes.reserve(size_t(batch.spanCount()));
    for (int r = 0; r < batch.resources.size(); ++r) {
        for (const ScopeSpans &scope : batch.resources.at(r).scopes) {
            for (const Span &span : scope.spans)
                nodes.push_back(Node{&span, &scope, r});
        }
    }
    result.spansSeen = int(nodes.size());

    // One index for the whole batch: a trace may be split across resources and scopes, and children
    // may come before their parents.
    QHash<QString, int> bySpanId;
    bySpanId.reserve(qsizetype(nodes.size()));
    for (size_t i = 0; i < nodes.size(); ++i) {
        const Span &span = *nodes[i].span;
        const auto it = bySpanId.constFind(span.spanId);
        if (it == bySpanId.cend())
            bySpanId.insert(span.spanId, int(i));
        else if (nodes[size_t(*it)].span->traceId == span.traceId)
            nodes[i].duplicate = true;
    }
    for (size_t i = 0; i < nodes.size(); ++i) {
        Node &node = nodes[i];
        const Span &span = *node.span;
        if (!span.parentSpanId.isEmpty()) {
            const int p = bySpanId.value(span.parentSpanId, -1);
            if (p >= 0 && size_t(p) != i && nodes[size_t(p)].span->traceId == span.traceId)
                node.parent = p;
        }
        if (node.duplicate)
            continue;
        node.role = roleOf(span.attributes);
        if (node.role == Role::ModelCall || node.role == Role::Agent)
            node.usage = hasUsage(span.attributes);
    }

    // An invoke_agent span that carries usage is billed only when nothing below it is: mark every
    // ancestor of a would-be-billed span. Each ancestor is marked once, so this is linear.
    for (const Node &node : nodes) {
        if (node.duplicate || !node.usage)
            continue;
        for (int p = node.parent; p >= 0 && !nodes[size_t(p)].billedBelow; p = nodes[size_t(p)].parent)
            nodes[size_t(p)].billedBelow = true;
    }

    IdentityResolver identities(nodes, batch);
    for (size_t i = 0; i < nodes.size(); ++i) {
        const Node &node = nodes[i];
        if (node.duplicate || !node.usage || (node.role == Role::Agent && node.billedBelow))
            continue;
        const Span &span = *node.span;
        const Attributes &a = span.attributes;

        UsageProblem problem = UsageProblem::None;
        const std::optional<Usage> usage = readUsage(a, *node.scope, &problem);
        if (!usage) {
            ++result.rejectedSpans;
            const QString reason = usageProblemText(problem);
            if (!result.rejectionReasons.contains(reason))
                result.rejectionReasons.append(reason);
            continue;
        }

        UsageEvent event;
        event.eventId = u"otlp:" % span.traceId % u':' % span.spanId;
        event.source = m_options.source;
        event.startNs = span.startNs;
        event.endNs = span.endNs;

        event.provider = canonicalProvider(firstText(a, kProviderKeys));
        event.model = firstText(a, kModelKeys);
        event.modelRequested = firstText(a, kRequestedModelKeys);
        event.operation = operationOf(a, node.role);

        event.inputTokens = usage->input;
        event.outputTokens = usage->output;
        event.reasoningTokens = usage->reasoning;
        event.cacheReadTokens = usage->cacheRead;
        event.cacheWriteTokens = usage->cacheWrite;
        if (const std::optional<qint64> cost = reportedCostMicros(a)) {
            event.costMicros = *cost;
            event.costSource = Model::CostSource::Reported;
        }

        const Identity id = identities.resolve(int(i));
        if (id.agent) {
            event.agentId = agentId(*id.agent);
            event.agentName = agentName(*id.agent);
        }
        event.sessionId = text(id.value[Session]);
        event.userId = text(id.value[User]);
        event.taskId = text(id.value[Task]);
        event.feature = text(id.value[Feature]);
        event.tags = tagsOf(id.value[Tags]);

        event.traceId = span.traceId;
        event.spanId = span.spanId;
        event.parentSpanId = span.parentSpanId;
        event.responseId = firstText(a, kResponseIdKeys);

        if (span.endNs >= span.startNs && span.startNs > 0)
            event.latencyMs = (span.endNs - span.startNs) / 1'000'000;
        event.ttftMs = ttftMsOf(span);
        const QString errorType = text(find(a, kErrorType));
        event.error = span.statusCode == 2 || !errorType.isEmpty();
        if (event.error)
            event.errorType = errorType.isEmpty() ? span.statusMessage : errorType;

        const Attributes &resource = batch.resources.at(node.resource).resource;
        event.serviceName = text(find(resource, kServiceName));
        if (event.serviceName.isEmpty())
            event.serviceName = text(find(a, kServiceName));
        event.environment = firstText(resource, kEnvironmentKeys);
        if (event.environment.isEmpty())
            event.environment = firstText(a, kEnvironmentKeys);

        if (m_options.keepContent)
            event.content = contentOf(a, m_options.maxContentBytes);
        result.events.append(std::move(event));
    }
    return result;
}

} // namespace Burnrate::Ingest
