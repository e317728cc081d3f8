#include "spanattributes.h"

#include <QLocale>

#include <cmath>

namespace Burnrate::Ingest::Attr {

QString nameText(Name name)
{
    switch (name) {
    case OperationName:
        return QStringLiteral("gen_ai.operation.name");
    case VercelOperationId:
        return QStringLiteral("ai.operationId");
    case OpenInferenceKind:
        return QStringLiteral("openinference.span.kind");
    case TraceloopSpanKind:
        return QStringLiteral("traceloop.span.kind");
    case TraceloopEntityName:
        return QStringLiteral("traceloop.entity.name");
    case TraceloopRequestType:
        return QStringLiteral("llm.request.type");
    case LangfuseType:
        return QStringLiteral("langfuse.observation.type");
    case UsageInputTokens:
        return QStringLiteral("gen_ai.usage.input_tokens");
    case UsagePromptTokens:
        return QStringLiteral("gen_ai.usage.prompt_tokens");
    case OpenInferencePromptTokens:
        return QStringLiteral("llm.token_count.prompt");
    case VercelInputTokens:
        return QStringLiteral("ai.usage.inputTokens");
    case VercelPromptTokens:
        return QStringLiteral("ai.usage.promptTokens");
    case PortkeyInputTokens:
        return QStringLiteral("gen_ai.response.input_tokens");
    case UsageOutputTokens:
        return QStringLiteral("gen_ai.usage.output_tokens");
    case UsageCompletionTokens:
        return QStringLiteral("gen_ai.usage.completion_tokens");
    case OpenInferenceCompletionTokens:
        return QStringLiteral("llm.token_count.completion");
    case VercelOutputTokens:
        return QStringLiteral("ai.usage.outputTokens");
    case VercelCompletionTokens:
        return QStringLiteral("ai.usage.completionTokens");
    case PortkeyOutputTokens:
        return QStringLiteral("gen_ai.response.output_tokens");
    case UsageCacheReadTokens:
        return QStringLiteral("gen_ai.usage.cache_read.input_tokens");
    case UsageCacheReadTokensUnderscore:
        return QStringLiteral("gen_ai.usage.cache_read_input_tokens");
    case OpenInferenceCacheRead:
        return QStringLiteral("llm.token_count.prompt_details.cache_read");
    case VercelCachedInputTokens:
        return QStringLiteral("ai.usage.cachedInputTokens");
    case OpenLitCachedTokens:
        return QStringLiteral("gen_ai.usage.prompt_tokens_details.cached_tokens");
    case PydanticCacheReadTokens:
        return QStringLiteral("gen_ai.usage.details.cache_read_tokens");
    case UsageCacheCreationTokens:
        return QStringLiteral("gen_ai.usage.cache_creation.input_tokens");
    case UsageCacheCreationTokensUnderscore:
        return QStringLiteral("gen_ai.usage.cache_creation_input_tokens");
    case OpenInferenceCacheWrite:
        return QStringLiteral("llm.token_count.prompt_details.cache_write");
    case OpenLitCacheCreationTokens:
        return QStringLiteral("gen_ai.usage.prompt_tokens_details.cache_creation_tokens");
    case PydanticCacheWriteTokens:
        return QStringLiteral("gen_ai.usage.details.cache_write_tokens");
    case UsageReasoningOutputTokens:
        return QStringLiteral("gen_ai.usage.reasoning.output_tokens");
    case UsageReasoningTokens:
        return QStringLiteral("gen_ai.usage.reasoning_tokens");
    case OpenInferenceReasoning:
        return QStringLiteral("llm.token_count.completion_details.reasoning");
    case VercelReasoningTokens:
        return QStringLiteral("ai.usage.reasoningTokens");
    case OpenLitReasoningTokens:
        return QStringLiteral("gen_ai.usage.completion_tokens_details.reasoning_tokens");
    case PydanticReasoningTokens:
        return QStringLiteral("gen_ai.usage.details.reasoning_tokens");
    case LangfuseUsageDetails:
        return QStringLiteral("langfuse.observation.usage_details");
    case OpenLitCost:
        return QStringLiteral("gen_ai.usage.cost");
    case OpenInferenceCostTotal:
        return QStringLiteral("llm.cost.total");
    case LangfuseCostDetails:
        return QStringLiteral("langfuse.observation.cost_details");
    case ProviderName:
        return QStringLiteral("gen_ai.provider.name");
    case System:
        return QStringLiteral("gen_ai.system");
    case VercelModelProvider:
        return QStringLiteral("ai.model.provider");
    case OpenInferenceSystem:
        return QStringLiteral("llm.system");
    case OpenInferenceProvider:
        return QStringLiteral("llm.provider");
    case ResponseModel:
        return QStringLiteral("gen_ai.response.model");
    case VercelResponseModel:
        return QStringLiteral("ai.response.model");
    case RequestModel:
        return QStringLiteral("gen_ai.request.model");
    case VercelModelId:
        return QStringLiteral("ai.model.id");
    case OpenInferenceModelName:
        return QStringLiteral("llm.model_name");
    case LangfuseModelName:
        return QStringLiteral("langfuse.observation.model.name");
    case ResponseId:
        return QStringLiteral("gen_ai.response.id");
    case VercelResponseId:
        return QStringLiteral("ai.response.id");
    case ResponseTimeToFirstChunk:
        return QStringLiteral("gen_ai.response.time_to_first_chunk");
    case ClientTimeToFirstChunk:
        return QStringLiteral("gen_ai.client.operation.time_to_first_chunk");
    case ServerTimeToFirstToken:
        return QStringLiteral("gen_ai.server.time_to_first_token");
    case VercelMsToFirstChunk:
        return QStringLiteral("ai.response.msToFirstChunk");
    case ErrorType:
        return QStringLiteral("error.type");
    case ServiceName:
        return QStringLiteral("service.name");
    case DeploymentEnvironmentName:
        return QStringLiteral("deployment.environment.name");
    case DeploymentEnvironment:
        return QStringLiteral("deployment.environment");
    case GenAiEnvironment:
        return QStringLiteral("gen_ai.environment");
    case AgentId:
        return QStringLiteral("gen_ai.agent.id");
    case AgentName:
        return QStringLiteral("gen_ai.agent.name");
    case OpenInferenceAgentName:
        return QStringLiteral("agent.name");
    case VercelFunctionId:
        return QStringLiteral("ai.telemetry.functionId");
    case SessionId:
        return QStringLiteral("session.id");
    case LangfuseSessionId:
        return QStringLiteral("langfuse.session.id");
    case TraceloopSessionId:
        return QStringLiteral("traceloop.association.properties.session_id");
    case VercelSessionId:
        return QStringLiteral("ai.telemetry.metadata.sessionId");
    case ConversationId:
        return QStringLiteral("gen_ai.conversation.id");
    case UserId:
        return QStringLiteral("user.id");
    case EndUserId:
        return QStringLiteral("enduser.id");
    case LangfuseUserId:
        return QStringLiteral("langfuse.user.id");
    case TraceloopUserId:
        return QStringLiteral("traceloop.association.properties.user_id");
    case VercelUserId:
        return QStringLiteral("ai.telemetry.metadata.userId");
    case AppTaskId:
        return QStringLiteral("app.task.id");
    case AgentTaskId:
        return QStringLiteral("gen_ai.agent.task.id");
    case AppFeature:
        return QStringLiteral("app.feature");
    case TraceloopFeature:
        return QStringLiteral("traceloop.association.properties.feature");
    case VercelFeature:
        return QStringLiteral("ai.telemetry.metadata.feature");
    case TraceloopWorkflowName:
        return QStringLiteral("traceloop.workflow.name");
    case AppTags:
        return QStringLiteral("app.tags");
    case LangfuseTraceTags:
        return QStringLiteral("langfuse.trace.tags");
    case OpenInferenceTags:
        return QStringLiteral("tag.tags");
    case VercelTags:
        return QStringLiteral("ai.telemetry.metadata.tags");
    case ToolName:
        return QStringLiteral("gen_ai.tool.name");
    case VercelToolCallName:
        return QStringLiteral("ai.toolCall.name");
    case OpenInferenceToolName:
        return QStringLiteral("tool.name");
    case NameCount:
        break;
    }
    return {};
}

namespace {

// Every name the normalizer reads, by its text.
const QHash<QString, Name> &namesByText()
{
    static const auto names = [] {
        QHash<QString, Name> all;
        all.reserve(NameCount);
        for (int n = 0; n < NameCount; ++n)
            all.insert(nameText(Name(n)), Name(n));
        return all;
    }();
    return names;
}

} // namespace

QString textOf(const AnyValue *value)
{
    if (!value)
        return {};
    switch (value->type) {
    case AnyValue::Type::Int:
        return QString::number(value->intValue);
    case AnyValue::Type::Double:
        return QString::number(value->doubleValue, 'g', QLocale::FloatingPointShortest);
    case AnyValue::Type::Bool:
        return value->boolValue ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return value->string;
    }
}

std::optional<qint64> integerOf(const AnyValue &value)
{
    switch (value.type) {
    case AnyValue::Type::Int:
        return value.intValue;
    case AnyValue::Type::Double:
        if (std::isfinite(value.doubleValue) && std::trunc(value.doubleValue) == value.doubleValue &&
            std::fabs(value.doubleValue) < 9.0e18)
            return qint64(value.doubleValue);
        return std::nullopt;
    case AnyValue::Type::String: {
        bool ok = false;
        const qint64 n = QStringView(value.string).trimmed().toLongLong(&ok);
        return ok ? std::optional<qint64>(n) : std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

std::optional<double> numberOf(const AnyValue &value)
{
    double d = 0;
    switch (value.type) {
    case AnyValue::Type::Int:
        return double(value.intValue);
    case AnyValue::Type::Double:
        d = value.doubleValue;
        break;
    case AnyValue::Type::String: {
        bool ok = false;
        d = QStringView(value.string).trimmed().toDouble(&ok);
        if (!ok)
            return std::nullopt;
        break;
    }
    default:
        return std::nullopt;
    }
    return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
}

View::View(const Attributes &attributes)
{
    const QHash<QString, Name> &names = namesByText();
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        if (it->type == AnyValue::Type::Empty || (it->type == AnyValue::Type::String && it->string.isEmpty()))
            continue;
        if (const auto name = names.constFind(it.key()); name != names.cend())
            m_values[*name] = &*it;
    }
}

const AnyValue *View::first(std::span<const Name> names, int *rank) const
{
    for (size_t i = 0; i < names.size(); ++i) {
        if (const AnyValue *v = (*this)[names[i]]) {
            if (rank)
                *rank = int(i);
            return v;
        }
    }
    return nullptr;
}

bool View::is(Name name, QLatin1StringView value) const
{
    const AnyValue *v = (*this)[name];
    return v && v->type == AnyValue::Type::String && v->string.compare(value, Qt::CaseInsensitive) == 0;
}

} // namespace Burnrate::Ingest::Attr
