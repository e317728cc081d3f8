#include "normalizer.h"

#include "common/money.h"
#include "spanattributes.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QMutexLocker>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <unordered_map>
#include <vector>

namespace Burnrate::Ingest {

namespace {

using Model::TraceSpan;
using Model::UsageEvent;
using namespace Attr;

// No single call reads or writes a trillion tokens: such a count is corrupt data, not usage.
constexpr qint64 kMaxTokens = 1'000'000'000'000;
constexpr int kNoRank = std::numeric_limits<int>::max();

// --- precedence lists (telemetry-formats §2.9, §7.3): the first name present wins --------------------

constexpr Name kInput[] = {UsageInputTokens,  UsagePromptTokens,  OpenInferencePromptTokens,
                           VercelInputTokens, VercelPromptTokens, PortkeyInputTokens};
constexpr Name kOutput[] = {UsageOutputTokens,  UsageCompletionTokens,  OpenInferenceCompletionTokens,
                            VercelOutputTokens, VercelCompletionTokens, PortkeyOutputTokens};
constexpr Name kCacheRead[] = {UsageCacheReadTokens,   UsageCacheReadTokensUnderscore,
                               OpenInferenceCacheRead, VercelCachedInputTokens,
                               OpenLitCachedTokens,    PydanticCacheReadTokens};
constexpr Name kCacheWrite[] = {UsageCacheCreationTokens, UsageCacheCreationTokensUnderscore,
                                OpenInferenceCacheWrite, OpenLitCacheCreationTokens,
                                PydanticCacheWriteTokens};
constexpr Name kReasoning[] = {UsageReasoningOutputTokens, UsageReasoningTokens,   OpenInferenceReasoning,
                               VercelReasoningTokens,      OpenLitReasoningTokens, PydanticReasoningTokens};
constexpr std::span<const Name> kTokenLists[] = {kInput, kOutput, kCacheRead, kCacheWrite, kReasoning};

constexpr Name kProvider[] = {ProviderName, System, VercelModelProvider, OpenInferenceSystem,
                              OpenInferenceProvider};
constexpr Name kModel[] = {ResponseModel, VercelResponseModel,    RequestModel,
                           VercelModelId, OpenInferenceModelName, LangfuseModelName};
constexpr Name kRequestedModel[] = {RequestModel, VercelModelId};
constexpr Name kResponseId[] = {ResponseId, VercelResponseId};
constexpr Name kReportedCost[] = {OpenLitCost, OpenInferenceCostTotal};
constexpr Name kTtftSeconds[] = {ResponseTimeToFirstChunk, ClientTimeToFirstChunk, ServerTimeToFirstToken};
constexpr Name kEnvironment[] = {DeploymentEnvironmentName, DeploymentEnvironment, GenAiEnvironment};

// The nearest span carrying any of these names the agent; id and name come from that one span.
constexpr Name kAgentId[] = {AgentId, AgentName, OpenInferenceAgentName, VercelFunctionId};
constexpr Name kAgentName[] = {AgentName, OpenInferenceAgentName, AgentId, VercelFunctionId};

// Attribution fields inherited name by name: a name earlier in the list wins wherever it is in the
// ancestry, and among spans carrying the same name the nearest wins. So session.id on the root beats
// gen_ai.conversation.id on the call, and traceloop.workflow.name is only a fallback for the feature.
enum Field { Session, User, Task, Feature, Tags, FieldCount };
constexpr Name kSession[] = {SessionId, LangfuseSessionId, TraceloopSessionId, VercelSessionId,
                             ConversationId};
constexpr Name kUser[] = {UserId, EndUserId, LangfuseUserId, TraceloopUserId, VercelUserId};
constexpr Name kTask[] = {AppTaskId, AgentTaskId};
constexpr Name kFeature[] = {AppFeature, TraceloopFeature, VercelFeature, TraceloopWorkflowName};
constexpr Name kTags[] = {AppTags, LangfuseTraceTags, OpenInferenceTags, VercelTags};
constexpr std::span<const Name> kFieldLists[FieldCount] = {kSession, kUser, kTask, kFeature, kTags};

// --- which spans are model calls ------------------------------------------------------------------

enum class Role : quint8 {
    Other,     // not a model call (HTTP, retrieval, unknown operations)
    ModelCall, // billed when it carries usage
    Agent,     // invoke_agent: billed only when nothing below it is
    Wrapper,   // repeats its children's usage; never billed
};

Role roleOf(const View &v)
{
    if (const AnyValue *op = v[OperationName]) {
        const QString &name = op->string;
        if (name == u"chat" || name == u"text_completion" || name == u"generate_content" ||
            name == u"embeddings" || name == u"completion")
            return Role::ModelCall;
        if (name == u"invoke_agent")
            return Role::Agent;
        if (name == u"invoke_workflow" || name == u"agent_step" || name == u"create_agent" ||
            name == u"execute_tool")
            return Role::Wrapper;
    }
    if (v.is(TraceloopSpanKind, QLatin1StringView("workflow")) ||
        v.is(TraceloopSpanKind, QLatin1StringView("task")) ||
        v.is(TraceloopSpanKind, QLatin1StringView("agent")) ||
        v.is(TraceloopSpanKind, QLatin1StringView("tool")))
        return Role::Wrapper;
    if (const AnyValue *vercel = v[VercelOperationId]) {
        // Only ai.*.doGenerate / doStream / doEmbed call a model; ai.generateText, ai.streamText,
        // ai.toolCall … wrap them and repeat their totals.
        const QString &id = vercel->string;
        if (id.startsWith(u"ai.") &&
            (id.endsWith(u".doGenerate") || id.endsWith(u".doStream") || id.endsWith(u".doEmbed")))
            return Role::ModelCall;
        return Role::Wrapper;
    }
    if (v[OpenInferenceKind]) {
        if (v.is(OpenInferenceKind, QLatin1StringView("LLM")) ||
            v.is(OpenInferenceKind, QLatin1StringView("EMBEDDING")))
            return Role::ModelCall;
        return Role::Wrapper;
    }
    if (v[TraceloopRequestType])
        return Role::ModelCall;
    if (v.is(LangfuseType, QLatin1StringView("generation")) ||
        v.is(LangfuseType, QLatin1StringView("embedding")))
        return Role::ModelCall;
    if (!v[OperationName] && v.first(kModel))
        return Role::ModelCall; // usage and a model but no operation name (Portkey 2.0)
    return Role::Other;
}

// Which spans that are not model calls are stored in trace_spans, and as what: agents, tool executions
// and workflow wrappers, in every family roleOf() knows. Null: not stored (HTTP, database, unknown spans).
std::optional<TraceSpan::Kind> traceKindOf(const View &v, Role role)
{
    using Kind = TraceSpan::Kind;
    if (role == Role::Agent)
        return Kind::Agent;
    if (role == Role::Other) {
        // Langfuse v3 observation types; older Langfuse spans are plain "span"s and are not stored.
        if (v.is(LangfuseType, QLatin1StringView("agent")))
            return Kind::Agent;
        if (v.is(LangfuseType, QLatin1StringView("tool")))
            return Kind::Tool;
        if (v.is(LangfuseType, QLatin1StringView("chain")))
            return Kind::Workflow;
        return std::nullopt;
    }
    if (role != Role::Wrapper)
        return std::nullopt;
    if (const AnyValue *op = v[OperationName]) {
        if (op->string == u"execute_tool")
            return Kind::Tool;
        if (op->string == u"invoke_workflow")
            return Kind::Workflow;
        if (op->string == u"agent_step" || op->string == u"create_agent")
            return Kind::Other;
    }
    if (v[TraceloopSpanKind]) {
        if (v.is(TraceloopSpanKind, QLatin1StringView("agent")))
            return Kind::Agent;
        if (v.is(TraceloopSpanKind, QLatin1StringView("tool")))
            return Kind::Tool;
        if (v.is(TraceloopSpanKind, QLatin1StringView("workflow")))
            return Kind::Workflow;
        return Kind::Other; // task
    }
    if (const AnyValue *vercel = v[VercelOperationId])
        return vercel->string == u"ai.toolCall" ? Kind::Tool : Kind::Other;
    if (v.is(OpenInferenceKind, QLatin1StringView("AGENT")))
        return Kind::Agent;
    if (v.is(OpenInferenceKind, QLatin1StringView("TOOL")))
        return Kind::Tool;
    if (v.is(OpenInferenceKind, QLatin1StringView("CHAIN")))
        return Kind::Workflow;
    return Kind::Other;
}

constexpr Name kToolName[] = {ToolName, VercelToolCallName, OpenInferenceToolName, TraceloopEntityName};
constexpr Name kAgentLabel[] = {AgentName, OpenInferenceAgentName, AgentId, VercelFunctionId,
                                TraceloopEntityName};

// What the trace view shows for the span: the agent's or the tool's name, else the span's own.
QString traceSpanName(const View &v, TraceSpan::Kind kind, const Span &span)
{
    QString name;
    if (kind == TraceSpan::Kind::Agent)
        name = v.firstText(kAgentLabel);
    else if (kind == TraceSpan::Kind::Tool)
        name = v.firstText(kToolName);
    return name.isEmpty() ? span.name : name;
}

bool hasUsage(const View &v)
{
    for (const auto &names : kTokenLists) {
        if (v.first(names))
            return true;
    }
    return v[LangfuseUsageDetails] != nullptr;
}

QString operationOf(const View &v, Role role)
{
    if (role == Role::Agent)
        return QStringLiteral("invoke_agent");
    const QString op = v.text(OperationName);
    if (op == u"completion")
        return QStringLiteral("text_completion");
    if (!op.isEmpty())
        return op;
    const QString requestType = v.text(TraceloopRequestType);
    if (v.text(VercelOperationId).endsWith(u".doEmbed") ||
        v.is(OpenInferenceKind, QLatin1StringView("EMBEDDING")) ||
        v.is(LangfuseType, QLatin1StringView("embedding")) || requestType.startsWith(u"embedding"))
        return QStringLiteral("embeddings");
    if (requestType == u"completion")
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

// The first name present decides, even when its value is unusable: a later name is another
// library's view and must not paper over a corrupt one.
bool readCount(const View &v, std::span<const Name> names, qint64 *out, UsageProblem *problem)
{
    const AnyValue *value = v.first(names);
    if (!value)
        return true;
    const std::optional<qint64> n = integerOf(*value);
    if (!n) {
        *problem = UsageProblem::NotInteger;
        return false;
    }
    if (!countOk(*n, problem))
        return false;
    *out = *n;
    return true;
}

std::optional<qint64> jsonCount(const QJsonValue &value, UsageProblem *problem)
{
    qint64 n = 0;
    if (value.isString()) {
        bool ok = false;
        n = value.toString().trimmed().toLongLong(&ok);
        if (!ok) {
            *problem = UsageProblem::NotInteger;
            return std::nullopt;
        }
    } else {
        const double d = value.toDouble();
        if (!std::isfinite(d) || std::trunc(d) != d) {
            *problem = UsageProblem::NotInteger;
            return std::nullopt;
        }
        if (std::fabs(d) > double(kMaxTokens)) {
            *problem = UsageProblem::OutOfRange;
            return std::nullopt;
        }
        n = qint64(d);
    }
    if (!countOk(n, problem))
        return std::nullopt;
    return n;
}

// Langfuse usage_details: a JSON object whose "input" is uncached input and whose "output" excludes
// reasoning; cache and reasoning counts are separate keys (input_cached_tokens, cache_read_input_tokens,
// input_cache_creation, output_reasoning_tokens, …). Any other key naming input or output adds to it.
bool readLangfuseUsage(const AnyValue &details, Usage *usage, UsageProblem *problem)
{
    const QJsonDocument doc = QJsonDocument::fromJson(details.string.toUtf8());
    if (!doc.isObject()) {
        *problem = UsageProblem::BadLangfuseJson;
        return false;
    }
    const QJsonObject object = doc.object();
    qint64 uncachedInput = 0, exclusiveOutput = 0;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        if (key == u"total" || !(it->isString() || it->isDouble()))
            continue;
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
        const std::optional<qint64> n = jsonCount(*it, problem);
        if (!n)
            return false;
        *slot += *n;
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
                if (!c.isDigit() || n > 1'000'000)
                    break;
                n = n * 10 + c.digitValue();
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
    if (scope.scopeName != u"@traceloop/instrumentation-anthropic" &&
        scope.scopeName != u"@traceloop/instrumentation-bedrock")
        return false;
    return scope.scopeVersion.isEmpty() || versionAtMost(scope.scopeVersion, 0, 27, 0);
}

std::optional<Usage> readUsage(const View &v, const ScopeSpans &scope, UsageProblem *problem)
{
    Usage usage;
    if (const AnyValue *details = v[LangfuseUsageDetails]) {
        if (!readLangfuseUsage(*details, &usage, problem))
            return std::nullopt;
        return usage;
    }
    qint64 *const counts[] = {&usage.input, &usage.output, &usage.cacheRead, &usage.cacheWrite,
                              &usage.reasoning};
    for (size_t i = 0; i < std::size(kTokenLists); ++i) {
        if (!readCount(v, kTokenLists[i], counts[i], problem))
            return std::nullopt;
    }
    // input_tokens includes cache reads and writes (semconv); where a library sent the exclusive count,
    // add them back. The size test catches the exclusive senders we cannot name.
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

std::optional<qint64> microsFromDouble(double usd)
{
    if (!std::isfinite(usd) || std::fabs(usd) > 9.0e12)
        return std::nullopt;
    return Money::microsFromUsd(usd);
}

std::optional<qint64> microsOf(const AnyValue &value)
{
    switch (value.type) {
    case AnyValue::Type::Int:
        if (std::abs(value.intValue) > std::numeric_limits<qint64>::max() / Money::kMicrosPerUsd)
            return std::nullopt;
        return value.intValue * Money::kMicrosPerUsd;
    case AnyValue::Type::Double:
        return microsFromDouble(value.doubleValue);
    case AnyValue::Type::String:
        return Money::parseDecimalMicros(value.string);
    default:
        return std::nullopt;
    }
}

// Langfuse cost_details: "total" when given, else the sum of the parts (input, output, …).
std::optional<qint64> langfuseCostMicros(const AnyValue &details)
{
    const QJsonObject object = QJsonDocument::fromJson(details.string.toUtf8()).object();
    const auto costOf = [](const QJsonValue &value) -> std::optional<qint64> {
        if (value.isDouble())
            return microsFromDouble(value.toDouble());
        if (value.isString())
            return Money::parseDecimalMicros(value.toString());
        return std::nullopt;
    };
    if (object.contains(u"total"))
        return costOf(object.value(u"total"));
    std::optional<qint64> sum;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::optional<qint64> part = costOf(*it);
        if (!part)
            return std::nullopt;
        sum = sum.value_or(0) + *part;
    }
    return sum;
}

// A cost the sender reported. An unreadable or negative one is ignored, so the price table computes the
// cost instead of the call being lost.
std::optional<qint64> reportedCostMicros(const View &v)
{
    std::optional<qint64> micros;
    if (const AnyValue *value = v.first(kReportedCost))
        micros = microsOf(*value);
    else if (const AnyValue *details = v[LangfuseCostDetails])
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
        QStringLiteral("aws.bedrock"),        QStringLiteral("azure.ai.openai"),
        QStringLiteral("azure.ai.inference"), QStringLiteral("gcp.gemini"),
        QStringLiteral("gcp.vertex_ai"),      QStringLiteral("gcp.gen_ai"),
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
    const AnyValue *agentId = nullptr; // both from the nearest span naming an agent
    const AnyValue *agentName = nullptr;
    const AnyValue *value[FieldCount] = {};
    int rank[FieldCount] = {kNoRank, kNoRank, kNoRank, kNoRank, kNoRank};
};

// Most spans name no attribution. A key that differs from every attribution name in length, first or
// last character is none of them, and checking a span's few keys so is far cheaper than looking up each
// of the two dozen names.
bool mayNameIdentity(const Attributes &attributes)
{
    const auto signature = [](QStringView key) {
        return quint32(key.size()) << 16 | quint32(key.front().unicode() & 0xff) << 8 |
               (key.back().unicode() & 0xff);
    };
    static const std::vector<quint32> names = [&] {
        std::vector<quint32> all{signature(nameText(TraceloopSpanKind))};
        for (const Name name : kAgentId)
            all.push_back(signature(nameText(name)));
        for (const auto &list : kFieldLists) {
            for (const Name name : list)
                all.push_back(signature(nameText(name)));
        }
        std::sort(all.begin(), all.end());
        return all;
    }();
    if (attributes.size() > qsizetype(names.size()))
        return true; // looking each name up is cheaper than going through all keys
    for (auto it = attributes.keyBegin(); it != attributes.keyEnd(); ++it) {
        if (!it->isEmpty() && std::binary_search(names.cbegin(), names.cend(), signature(*it)))
            return true;
    }
    return false;
}

// `v` views `attributes`.
Identity ownIdentity(const Attributes &attributes, const View &v)
{
    Identity id;
    if (!mayNameIdentity(attributes))
        return id;
    id.agentId = v.first(kAgentId);
    id.agentName = v.first(kAgentName);
    if (!id.agentId && v.is(TraceloopSpanKind, QLatin1StringView("agent")))
        id.agentId = id.agentName = v[TraceloopEntityName];
    for (int f = 0; f < FieldCount; ++f)
        id.value[f] = v.first(kFieldLists[f], &id.rank[f]);
    return id;
}

void inherit(Identity &child, const Identity &parent)
{
    if (!child.agentId) {
        child.agentId = parent.agentId;
        child.agentName = parent.agentName;
    }
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
    if (!span.agentId) {
        span.agentId = resource.agentId;
        span.agentName = resource.agentName;
    }
    for (int f = 0; f < FieldCount; ++f) {
        if (!span.value[f])
            span.value[f] = resource.value[f];
    }
}

// app.tags and friends: a string array, a JSON array in a string, or a comma-separated string.
QStringList tagsOf(const AnyValue *value)
{
    if (!value)
        return {};
    QStringList tags;
    if (value->type == AnyValue::Type::Array) {
        tags = value->array;
    } else if (value->type == AnyValue::Type::String && value->string.trimmed().startsWith(u'[')) {
        const QJsonArray array = QJsonDocument::fromJson(value->string.toUtf8()).array();
        for (const QJsonValue &element : array)
            tags.append(element.toString());
    } else {
        tags = textOf(value).split(u',');
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

bool isContentName(const QString &name)
{
    static const QString names[] = {QStringLiteral("gen_ai.system_instructions"),
                                    QStringLiteral("gen_ai.input.messages"),
                                    QStringLiteral("gen_ai.output.messages"),
                                    QStringLiteral("ai.prompt.messages"), QStringLiteral("ai.response.text")};
    return std::find(std::begin(names), std::end(names), name) != std::end(names) ||
           name.startsWith(u"gen_ai.prompt.") || name.startsWith(u"gen_ai.completion.");
}

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

// Prompt and response text as one compact JSON object {attribute: text}. Over the cap, the last texts
// are cut (on a character boundary) or dropped, and "truncated": true is added.
QString contentOf(const Attributes &attributes, qint64 maxBytes)
{
    QList<std::pair<QString, QByteArray>> parts;
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        if (it->type != AnyValue::Type::Empty && isContentName(it.key()))
            parts.append({it.key(), textOf(&*it).toUtf8()});
    }
    if (parts.isEmpty() || maxBytes <= 0)
        return {};
    // Sorted by key, as QJsonObject writes them, so the parts cut first are the ones written last.
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
        // Escaping only lengthens text, so cutting `excess` raw bytes (or dropping the part) shrinks
        // the JSON by at least that much; the loop ends.
        QByteArray &last = parts.last().second;
        if (last.size() <= excess)
            parts.removeLast();
        else
            last = cutUtf8(last, last.size() - excess);
    }
}

// --- timing ----------------------------------------------------------------------------------------

qint64 ttftMsOf(const View &v, const Span &span)
{
    if (const AnyValue *seconds = v.first(kTtftSeconds)) {
        if (const std::optional<double> s = numberOf(*seconds); s && *s >= 0 && *s < 1e9)
            return qint64(std::llround(*s * 1000.0));
    }
    const AnyValue *ms = v[VercelMsToFirstChunk];
    if (!ms && !span.events.isEmpty()) {
        // Vercel AI SDK legacy may put it only on the ai.stream.firstChunk event.
        const QString name = nameText(VercelMsToFirstChunk);
        for (const SpanEvent &event : span.events) {
            const auto it = event.attributes.constFind(name);
            if (it != event.attributes.cend()) {
                ms = &*it;
                break;
            }
        }
    }
    if (ms) {
        if (const std::optional<double> millis = numberOf(*ms); millis && *millis >= 0 && *millis < 1e12)
            return qint64(std::llround(*millis));
    }
    return -1;
}

// --- memory across batches -------------------------------------------------------------------------

// The attribution a span (or resource) names itself, copied out of its batch for the batches after it.
// Only the values present are kept: most slots are empty, and a value is 72 bytes.
struct KeptIdentity
{
    static constexpr int kSlots = 2 + FieldCount; // agent id, agent name, then the fields

    QList<AnyValue> values;
    qint8 at[kSlots] = {-1, -1, -1, -1, -1, -1, -1}; // each slot's place in `values`, or -1
    int rank[FieldCount] = {kNoRank, kNoRank, kNoRank, kNoRank, kNoRank};

    Identity view() const
    {
        const auto value = [this](int slot) { return at[slot] < 0 ? nullptr : &values.at(at[slot]); };
        Identity id;
        id.agentId = value(0);
        id.agentName = value(1);
        for (int f = 0; f < FieldCount; ++f) {
            id.value[f] = value(2 + f);
            id.rank[f] = rank[f];
        }
        return id;
    }
};

bool namesAnything(const Identity &id)
{
    return id.agentId || std::any_of(std::begin(id.value), std::end(id.value), [](auto *v) { return v; });
}

bool sameIdentity(const KeptIdentity &kept, const AnyValue *const (&sources)[KeptIdentity::kSlots],
                  const Identity &id)
{
    for (int slot = 0; slot < KeptIdentity::kSlots; ++slot) {
        const qint8 at = kept.at[slot];
        if ((at < 0) != !sources[slot] || (at >= 0 && !(kept.values.at(at) == *sources[slot])))
            return false;
    }
    return std::equal(std::begin(id.rank), std::end(id.rank), std::begin(kept.rank));
}

// Null when nothing is named, as on most spans. The spans of a trace mostly name the same agent, user,
// session and feature: `previous` (the trace's last kept identity) is shared when it is the same, which
// keeps a remembered span near its 64 bytes.
std::shared_ptr<const KeptIdentity> keep(const Identity &id,
                                         const std::shared_ptr<const KeptIdentity> &previous = nullptr)
{
    if (!namesAnything(id))
        return nullptr;
    const AnyValue *const sources[KeptIdentity::kSlots] = {
        id.agentId, id.agentName, id.value[0], id.value[1], id.value[2], id.value[3], id.value[4]};
    if (previous && sameIdentity(*previous, sources, id))
        return previous;
    auto kept = std::make_shared<KeptIdentity>();
    kept->values.reserve(KeptIdentity::kSlots);
    for (int slot = 0; slot < KeptIdentity::kSlots; ++slot) {
        if (!sources[slot])
            continue;
        // Agent id and name often come from one attribute: kept once.
        const auto same = std::find(sources, sources + slot, sources[slot]);
        if (same != sources + slot) {
            kept->at[slot] = kept->at[same - sources];
        } else {
            kept->at[slot] = qint8(kept->values.size());
            kept->values.append(*sources[slot]);
        }
    }
    kept->values.squeeze();
    std::copy(std::begin(id.rank), std::end(id.rank), std::begin(kept->rank));
    return kept;
}

// Sets the attribution fields of a UsageEvent or an AttributionUpdate (they have the same names).
template<typename Attributed> void attribute(Attributed &a, const Identity &id)
{
    a.agentId = textOf(id.agentId);
    a.agentName = textOf(id.agentName);
    a.taskId = textOf(id.value[Task]);
    a.feature = textOf(id.value[Feature]);
    a.userId = textOf(id.value[User]);
    a.sessionId = textOf(id.value[Session]);
    a.tags = tagsOf(id.value[Tags]);
}

// What the memory keeps of a billed span's attribution: a changed fingerprint is a changed attribution (a
// 64-bit collision, which would hide one update, is negligible). FNV-1a: far cheaper than qHash here.
template<typename Attributed> quint64 fingerprint(const Attributed &a)
{
    quint64 h = 14695981039346656037ULL;
    const auto add = [&h](QStringView text) {
        for (const QChar c : text)
            h = (h ^ c.unicode()) * 1099511628211ULL;
        h = (h ^ 0x10000) * 1099511628211ULL; // ends the field: "ab","c" differs from "a","bc"
    };
    for (const QString *field : {&a.agentId, &a.agentName, &a.taskId, &a.feature, &a.userId, &a.sessionId})
        add(*field);
    for (const QString &tag : a.tags)
        add(tag);
    return h;
}

quint32 tracedFingerprint(const QString &agentId, const QString &sessionId)
{
    return quint32(qHashMulti(0, agentId, sessionId));
}

struct RememberedSpan
{
    quint64 id = 0;                // the span id as a number
    quint64 parent = 0;            // 0: a root, or not known yet
    bool billedBelow = false;      // a descendant was billed
    bool tracedBelow = false;      // a descendant was handed over as a TraceSpan
    bool seen : 1 = false;         // false: a placeholder for a billed span's missing ancestor
    bool billed : 1 = false;       // the span itself was billed
    bool traced : 1 = false;       // the span was handed over as a TraceSpan
    quint32 tracedAttribution = 0; // traced: fingerprint of the agent and session it got (in the padding)
    quint64 attribution = 0;       // billed: fingerprint() of what the writer last got
    qint64 startNs = 0;            // billed or traced: the span's start, part of its key in the store
    std::shared_ptr<const KeptIdentity> own; // null when the span names no attribution (or was not read)
    std::shared_ptr<const KeptIdentity>
        resource; // billed or traced: its resource, the attribution's fallback
};

// Hex ids as numbers: cheap to hash, compare and keep. A trace id is 32 hex digits, a span id 16 (the
// decoders check).
struct TraceKey
{
    quint64 high = 0;
    quint64 low = 0;

    friend bool operator==(const TraceKey &, const TraceKey &) = default;
};

struct TraceKeyHash
{
    size_t operator()(const TraceKey &k) const { return qHashMulti(0, k.high, k.low); }
};

quint64 hexValue(QStringView hex)
{
    quint64 value = 0;
    for (const QChar c : hex) {
        const char16_t u = c.unicode();
        value = value << 4 | ((u & 0xf) + 9 * (u >> 6)); // '0'-'9' and 'a'-'f'
    }
    return value;
}

QString hexText(quint64 value)
{
    return QString::number(value, 16).rightJustified(16, u'0');
}

TraceKey traceKey(QStringView hex)
{
    return {hexValue(hex.first(qMin<qsizetype>(16, hex.size()))),
            hexValue(hex.sliced(qMin<qsizetype>(16, hex.size())))};
}

// A trace's spans sit together (most traces are small, and a batch visits each of its traces many
// times): a vector that is scanned, and indexed once it is long.
struct RememberedTrace
{
    TraceKey key;
    std::vector<RememberedSpan> spans;
    QHash<quint64, qsizetype> index;             // span id -> position, for long traces only
    std::shared_ptr<const KeptIdentity> lastOwn; // the identity a span of it named last, for sharing
    qsizetype arriving = 0;                      // spans of the batch being normalized, to make room for once
    qint64 lastSeenNs = 0;
    RememberedTrace *older = nullptr; // least recently seen first: TraceMemory::m_oldest … m_newest
    RememberedTrace *newer = nullptr;
};

constexpr qsizetype kScannedSpans = 32; // a trace with more spans gets an index

qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

// Recent traces and their spans.
class TraceMemory
{
public:
    RememberedTrace &touch(const TraceKey &key, qint64 nowNs)
    {
        const auto [it, added] = m_traces.try_emplace(key);
        RememberedTrace &trace = it->second;
        if (added)
            trace.key = key;
        else
            unlink(trace);
        trace.older = m_newest;
        (m_newest ? m_newest->newer : m_oldest) = &trace;
        m_newest = &trace;
        trace.lastSeenNs = nowNs;
        return trace;
    }

    const RememberedSpan *find(const RememberedTrace &trace, quint64 key) const
    {
        const qsizetype at = position(trace, key);
        return at < 0 ? nullptr : &trace.spans[size_t(at)];
    }

    // The span's place in trace.spans, adding a placeholder when it is not remembered yet.
    qsizetype slot(RememberedTrace &trace, quint64 key)
    {
        if (const qsizetype at = position(trace, key); at >= 0)
            return at;
        trace.spans.emplace_back().id = key;
        const qsizetype size = qsizetype(trace.spans.size());
        if (size > kScannedSpans) {
            if (trace.index.isEmpty()) {
                for (qsizetype i = 0; i < size; ++i)
                    trace.index.insert(trace.spans[size_t(i)].id, i);
            } else {
                trace.index.insert(key, size - 1);
            }
        }
        ++m_spans;
        return size - 1;
    }

    // `key` and its ancestors have a billed (flag = &RememberedSpan::billedBelow) or traced descendant.
    // Stops at the first one already marked, so marking every span is linear, and a cyclic chain ends.
    void markBelow(RememberedTrace &trace, quint64 key, bool RememberedSpan::*flag)
    {
        while (key != 0) {
            RememberedSpan &s = trace.spans[size_t(slot(trace, key))];
            if (s.*flag)
                return;
            s.*flag = true;
            key = s.parent;
        }
    }

    void forgetSeenBefore(qint64 ns)
    {
        while (m_oldest && m_oldest->lastSeenNs < ns)
            forget(*m_oldest);
    }

    void limit(qsizetype maxSpans)
    {
        while (m_spans > maxSpans && m_oldest)
            forget(*m_oldest);
    }

    qsizetype spans() const { return m_spans; }

private:
    static qsizetype position(const RememberedTrace &trace, quint64 key)
    {
        if (!trace.index.isEmpty())
            return trace.index.value(key, -1);
        const auto it = std::find_if(trace.spans.cbegin(), trace.spans.cend(),
                                     [key](const RememberedSpan &s) { return s.id == key; });
        return it == trace.spans.cend() ? -1 : it - trace.spans.cbegin();
    }

    void unlink(RememberedTrace &trace)
    {
        (trace.older ? trace.older->newer : m_oldest) = trace.newer;
        (trace.newer ? trace.newer->older : m_newest) = trace.older;
        trace.older = trace.newer = nullptr;
    }

    void forget(RememberedTrace &trace)
    {
        m_spans -= qsizetype(trace.spans.size());
        unlink(trace);
        m_traces.erase(trace.key);
    }

    // Node-based: a batch's nodes point at their traces, and the traces at each other.
    std::unordered_map<TraceKey, RememberedTrace, TraceKeyHash> m_traces;
    RememberedTrace *m_oldest = nullptr;
    RememberedTrace *m_newest = nullptr;
    qsizetype m_spans = 0;
};

namespace {

// --- the span tree ---------------------------------------------------------------------------------

struct Node
{
    const Span *span = nullptr;
    const ScopeSpans *scope = nullptr;
    int resource = 0;
    int parent = -1;
    Role role = Role::Other;
    bool usage = false;     // carries token counts
    bool duplicate = false; // the same trace and span id appeared earlier in the batch
    bool hasChild = false;  // in this batch
    std::optional<TraceSpan::Kind> traceKind = std::nullopt; // stored as a TraceSpan
    RememberedTrace *trace = nullptr;                        // not set for duplicates
    qsizetype at = -1;                                       // its place in trace->spans
    quint64 key = 0;
    quint64 parentKey = 0; // 0 for a root
    View view;             // the span's attributes, read once for all passes
};

struct ResourceInfo
{
    Identity identity;
    QString serviceName;
    QString environment;
    std::shared_ptr<const KeptIdentity> kept; // for billed spans' memory
    bool demo = false; // sent by Burnrate's own demo fleet (resource attribute burnrate.demo=true)
};

// Inherited attribution per span, resolved on demand and memoized, so a deep tree is walked once. Where
// a span's parent is not in the batch, the chain continues in the trace memory.
class Attribution
{
public:
    Attribution(const std::vector<Node> &nodes, const TraceBatch &batch, const TraceMemory &memory)
        : m_nodes(nodes)
        , m_batch(batch)
        , m_spans(nodes.size())
        , m_state(nodes.size(), State::Unresolved)
        , m_ownAt(nodes.size(), kUnread)
        , m_resources(size_t(batch.resources.size()))
        , m_memory(memory)
    {}

    Identity identity(int index)
    {
        Identity id = chain(index);
        fallBackTo(id, resource(m_nodes[size_t(index)].resource).identity);
        return id;
    }

    // What the span names itself; `v` views its attributes.
    const Identity &own(int index, const View &v)
    {
        qint32 &at = m_ownAt[size_t(index)];
        if (at == kUnread) {
            const Identity id = ownIdentity(m_nodes[size_t(index)].span->attributes, v);
            at = namesAnything(id) ? qint32(m_own.size()) : kNothing;
            if (at != kNothing)
                m_own.push_back(id);
        }
        static const Identity nothing;
        return at == kNothing ? nothing : m_own[size_t(at)];
    }

    const ResourceInfo &resource(int index)
    {
        std::optional<ResourceInfo> &slot = m_resources[size_t(index)];
        if (!slot) {
            const Attributes &attributes = m_batch.resources.at(index).resource;
            const View v(attributes);
            const Identity id = ownIdentity(attributes, v);
            const auto demo = attributes.constFind(QStringLiteral("burnrate.demo"));
            const bool isDemo =
                demo != attributes.cend() && demo->type == AnyValue::Type::Bool && demo->boolValue;
            slot = ResourceInfo{id, v.text(ServiceName), v.firstText(kEnvironment), keep(id), isDemo};
        }
        return *slot;
    }

    // A remembered span's attribution merged with its remembered ancestors'. Memoized like chain(), and
    // valid while the memory's parents and own identities stay as they are (for the rest of the batch).
    Identity remembered(const RememberedTrace &trace, quint64 key)
    {
        m_rememberedPath.clear();
        Identity above;
        // At most one step per remembered span: a cyclic chain ends.
        for (qsizetype steps = m_memory.spans(); key != 0 && steps > 0; --steps) {
            if (const auto known = m_remembered.constFind({&trace, key}); known != m_remembered.cend()) {
                above = *known;
                break;
            }
            const RememberedSpan *s = m_memory.find(trace, key);
            if (!s)
                break;
            m_rememberedPath.push_back({key, s});
            key = s->parent;
        }
        for (auto it = m_rememberedPath.rbegin(); it != m_rememberedPath.rend(); ++it) {
            Identity id = it->second->own ? it->second->own->view() : Identity();
            inherit(id, above);
            m_remembered.insert({&trace, it->first}, id);
            above = id;
        }
        return above;
    }

private:
    enum class State : quint8 { Unresolved, InProgress, Resolved };

    // The span's identity merged with its ancestors'. Iterative, so a long or cyclic parent chain
    // (malformed input) neither overflows the stack nor loops.
    const Identity &chain(int index)
    {
        m_path.clear();
        int j = index;
        while (j >= 0 && m_state[size_t(j)] == State::Unresolved) {
            m_state[size_t(j)] = State::InProgress;
            m_path.push_back(j);
            j = m_nodes[size_t(j)].parent;
        }
        Identity above;
        if (j >= 0) {
            if (m_state[size_t(j)] == State::Resolved)
                above = m_spans[size_t(j)];
        } else {
            const Node &top = m_nodes[size_t(m_path.back())];
            if (top.trace && top.parentKey != 0)
                above = remembered(*top.trace, top.parentKey);
        }
        for (auto it = m_path.rbegin(); it != m_path.rend(); ++it) {
            Identity id = own(*it, m_nodes[size_t(*it)].view);
            inherit(id, above);
            m_spans[size_t(*it)] = id;
            m_state[size_t(*it)] = State::Resolved;
            above = id;
        }
        return m_spans[size_t(index)];
    }

    const std::vector<Node> &m_nodes;
    const TraceBatch &m_batch;
    std::vector<Identity> m_spans;
    std::vector<State> m_state;
    // Own identities, kept compact: most spans name nothing.
    static constexpr qint32 kUnread = -2;
    static constexpr qint32 kNothing = -1;
    std::vector<qint32> m_ownAt; // per node: kUnread, kNothing or its place in m_own
    std::vector<Identity> m_own;
    std::vector<std::optional<ResourceInfo>> m_resources;
    std::vector<int> m_path;
    const TraceMemory &m_memory;
    QHash<std::pair<const RememberedTrace *, quint64>, Identity> m_remembered;
    std::vector<std::pair<quint64, const RememberedSpan *>> m_rememberedPath;
};

} // namespace

Normalizer::Normalizer()
    : Normalizer(Options())
{}

Normalizer::Normalizer(Options options)
    : m_options(std::move(options))
    , m_memory(std::make_unique<TraceMemory>())
{}

Normalizer::~Normalizer() = default;

qsizetype Normalizer::rememberedSpans() const
{
    QMutexLocker lock(&m_mutex);
    return m_memory->spans();
}

Normalizer::Result Normalizer::normalize(const TraceBatch &batch) const
{
    QMutexLocker lock(&m_mutex);
    TraceMemory &memory = *m_memory;
    const qint64 now = m_options.clock ? m_options.clock() : steadyNowNs();
    memory.forgetSeenBefore(now - m_options.memoryIdleNs);

    Result result;
    std::vector<Node> nodes;
    nodes.reserve(size_t(batch.spanCount()));
    for (int r = 0; r < batch.resources.size(); ++r) {
        for (const ScopeSpans &scope : batch.resources.at(r).scopes) {
            for (const Span &span : scope.spans) {
                Node &node = nodes.emplace_back();
                node.span = &span;
                node.scope = &scope;
                node.resource = r;
                node.view = View(span.attributes);
            }
        }
    }
    result.spansSeen = int(nodes.size());

    // One index for the whole batch: a trace may be split across resources and scopes, and children may
    // come before their parents.
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
    RememberedTrace *trace = nullptr; // consecutive spans mostly share one
    const QString *traceId = nullptr;
    for (size_t i = 0; i < nodes.size(); ++i) {
        Node &node = nodes[i];
        const Span &span = *node.span;
        if (!span.parentSpanId.isEmpty()) {
            const int p = bySpanId.value(span.parentSpanId, -1);
            if (p >= 0 && size_t(p) != i && nodes[size_t(p)].span->traceId == span.traceId) {
                node.parent = p;
                nodes[size_t(p)].hasChild = true;
            }
        }
        if (node.duplicate)
            continue;
        if (!traceId || span.traceId != *traceId) {
            trace = &memory.touch(traceKey(span.traceId), now);
            traceId = &span.traceId;
        }
        node.trace = trace;
        ++trace->arriving;
        node.key = hexValue(span.spanId);
        node.parentKey = hexValue(span.parentSpanId);
        if (node.parentKey == node.key)
            node.parentKey = 0; // its own parent: a root
    }

    // Remember the batch before billing and attribution, so that both see one tree: the batch joined to
    // what earlier batches left. A re-delivered span keeps what its first delivery said.
    Attribution attribution(nodes, batch, memory);
    std::vector<RememberedTrace *> lateAncestors; // traces where an ancestor of earlier billed spans came
    std::vector<size_t> marks;       // spans billed, or with billed descendants: their ancestors are marked
    std::vector<size_t> tracedMarks; // the same for traced spans
    int candidates = 0;
    for (size_t i = 0; i < nodes.size(); ++i) {
        Node &node = nodes[i];
        if (node.duplicate)
            continue;
        const View &v = node.view;
        node.role = roleOf(v);
        node.usage = (node.role == Role::ModelCall || node.role == Role::Agent) && hasUsage(v);
        node.traceKind = traceKindOf(v, node.role);
        candidates += node.usage;

        if (node.trace->arriving > 0) {
            node.trace->spans.reserve(node.trace->spans.size() +
                                      size_t(std::exchange(node.trace->arriving, 0)));
        }
        node.at = memory.slot(*node.trace, node.key);
        RememberedSpan &s = node.trace->spans[size_t(node.at)];
        if (node.usage || s.billedBelow)
            marks.push_back(i);
        if (node.traceKind || s.tracedBelow)
            tracedMarks.push_back(i);
        if (s.seen)
            continue;
        if ((s.billedBelow || s.tracedBelow) &&
            std::find(lateAncestors.cbegin(), lateAncestors.cend(), node.trace) == lateAncestors.cend())
            lateAncestors.push_back(node.trace);
        s.seen = true;
        s.parent = node.parentKey;
        // A leaf of the batch without usage (a tool, HTTP or database call) is a parent only to a span that
        // ended after it; reading the attribution it names is skipped, as it costs its texts and memory.
        if (node.usage || node.traceKind || node.hasChild || node.parent < 0 || s.billedBelow) {
            s.own = keep(attribution.own(int(i), v), node.trace->lastOwn);
            if (s.own)
                node.trace->lastOwn = s.own;
        }
    }
    // An invoke_agent span with usage is billed only when nothing below it is, in this batch or earlier.
    for (const size_t i : marks)
        memory.markBelow(*nodes[i].trace, nodes[i].parentKey, &RememberedSpan::billedBelow);
    // Traced spans' ancestors too, so that a late ancestor re-attributes them.
    for (const size_t i : tracedMarks)
        memory.markBelow(*nodes[i].trace, nodes[i].parentKey, &RememberedSpan::tracedBelow);

    std::vector<std::pair<size_t, qsizetype>> billed; // node, event
    billed.reserve(size_t(candidates));
    result.events.reserve(candidates);
    for (size_t i = 0; i < nodes.size(); ++i) {
        const Node &node = nodes[i];
        if (!node.usage || (node.role == Role::Agent && node.trace->spans[size_t(node.at)].billedBelow))
            continue;
        const Span &span = *node.span;
        const View &v = node.view;

        UsageProblem problem = UsageProblem::None;
        const std::optional<Usage> usage = readUsage(v, *node.scope, &problem);
        if (!usage) {
            ++result.rejectedSpans;
            const QString reason = usageProblemText(problem);
            if (!result.rejectionReasons.contains(reason))
                result.rejectionReasons.append(reason);
            continue;
        }

        UsageEvent event;
        event.eventId = Model::eventIdForSpan(span.traceId, span.spanId);
        event.source = m_options.source;
        event.startNs = span.startNs;
        event.endNs = span.endNs;

        event.provider = canonicalProvider(v.firstText(kProvider));
        event.model = v.firstText(kModel);
        event.modelRequested = v.firstText(kRequestedModel);
        event.operation = operationOf(v, node.role);

        event.inputTokens = usage->input;
        event.outputTokens = usage->output;
        event.reasoningTokens = usage->reasoning;
        event.cacheReadTokens = usage->cacheRead;
        event.cacheWriteTokens = usage->cacheWrite;
        if (const std::optional<qint64> cost = reportedCostMicros(v)) {
            event.costMicros = *cost;
            event.costSource = Model::CostSource::Reported;
        }

        attribute(event, attribution.identity(int(i)));
        billed.emplace_back(i, result.events.size());

        event.traceId = span.traceId;
        event.spanId = span.spanId;
        event.parentSpanId = span.parentSpanId;
        event.responseId = v.firstText(kResponseId);

        if (span.startNs > 0 && span.endNs >= span.startNs)
            event.latencyMs = (span.endNs - span.startNs) / 1'000'000;
        event.ttftMs = ttftMsOf(v, span);
        const QString errorType = v.text(ErrorType);
        event.error = span.statusCode == 2 || !errorType.isEmpty();
        if (event.error)
            event.errorType = errorType.isEmpty() ? span.statusMessage : errorType;

        // Where it ran: the resource, else the span (OpenLIT stamps both on every span).
        const ResourceInfo &resource = attribution.resource(node.resource);
        if (resource.demo)
            event.source = QStringLiteral("demo"); // labelled so it can be told apart and cleared
        event.serviceName = resource.serviceName.isEmpty() ? v.text(ServiceName) : resource.serviceName;
        event.environment = resource.environment.isEmpty() ? v.firstText(kEnvironment) : resource.environment;

        if (m_options.keepContent)
            event.content = contentOf(span.attributes, m_options.maxContentBytes);
        result.events.append(std::move(event));
    }

    // Agents, tools and workflows, with the agent and session they inherit. A re-delivered one is handed
    // over again (the writer ignores its key) and, when its attribution changed meanwhile, updated.
    for (size_t i = 0; i < nodes.size(); ++i) {
        const Node &node = nodes[i];
        if (!node.traceKind)
            continue;
        const Span &span = *node.span;
        const View &v = node.view;
        const Identity id = attribution.identity(int(i));
        TraceSpan traced{.startNs = span.startNs,
                         .endNs = span.endNs,
                         .traceId = span.traceId,
                         .spanId = span.spanId,
                         .parentSpanId = span.parentSpanId,
                         .kind = *node.traceKind,
                         .name = traceSpanName(v, *node.traceKind, span),
                         .agentId = textOf(id.agentId),
                         .sessionId = textOf(id.value[Session]),
                         .error = span.statusCode == 2 || v[ErrorType] != nullptr};
        RememberedSpan &s = node.trace->spans[size_t(node.at)];
        const quint32 now = tracedFingerprint(traced.agentId, traced.sessionId);
        if (!s.traced) {
            s.traced = true;
            s.startNs = span.startNs;
            s.resource = attribution.resource(node.resource).kept;
        } else if (s.tracedAttribution != now) {
            result.traceSpanUpdates.append(
                {span.startNs, span.traceId, span.spanId, traced.agentId, traced.sessionId});
        }
        s.tracedAttribution = now;
        result.traceSpans.append(std::move(traced));
    }

    // What each billed span was stored with. A re-delivered one whose attribution changed meanwhile is
    // also an update: the writer keeps the row it already has.
    for (const auto &[i, e] : billed) {
        const Node &node = nodes[i];
        const UsageEvent &event = result.events.at(e);
        RememberedSpan &s = node.trace->spans[size_t(node.at)];
        const quint64 now = fingerprint(event);
        if (!s.billed) {
            s.billed = true;
            s.startNs = event.startNs;
            s.resource = attribution.resource(node.resource).kept;
        } else if (s.attribution != now) {
            result.attributionUpdates.append({event.eventId, event.startNs, event.agentId, event.agentName,
                                              event.taskId, event.feature, event.userId, event.sessionId,
                                              event.tags});
        }
        s.attribution = now;
    }
    // A late ancestor: recompute what the trace's billed spans inherit now.
    for (RememberedTrace *late : lateAncestors) {
        for (RememberedSpan &s : late->spans) {
            if (!s.billed && !s.traced)
                continue;
            Identity id = attribution.remembered(*late, s.id);
            if (s.resource)
                fallBackTo(id, s.resource->view());
            if (s.traced) {
                Model::TraceSpanUpdate traced{.startNs = s.startNs,
                                              .traceId = hexText(late->key.high) + hexText(late->key.low),
                                              .spanId = hexText(s.id),
                                              .agentId = textOf(id.agentId),
                                              .sessionId = textOf(id.value[Session])};
                const quint32 now = tracedFingerprint(traced.agentId, traced.sessionId);
                if (s.tracedAttribution != now) {
                    s.tracedAttribution = now;
                    result.traceSpanUpdates.append(std::move(traced));
                }
            }
            if (!s.billed)
                continue;
            Model::AttributionUpdate attributed;
            attribute(attributed, id);
            const quint64 now = fingerprint(attributed);
            if (s.attribution != now) {
                s.attribution = now;
                attributed.startNs = s.startNs;
                attributed.eventId = Model::eventIdForSpan(
                    QString(hexText(late->key.high) + hexText(late->key.low)), hexText(s.id));
                result.attributionUpdates.append(std::move(attributed));
            }
        }
    }
    memory.limit(m_options.memorySpans);
    return result;
}

} // namespace Burnrate::Ingest
