// The span attributes the normalizer reads, by name. Private to the normalizer; pure, usable from any
// thread.
#pragma once

#include "otlptypes.h"

#include <QLatin1StringView>
#include <array>
#include <optional>
#include <span>

namespace Burnrate::Ingest::Attr {

// Every attribute name the normalizer reads (telemetry-formats §2.9, §7.3).
enum Name : quint8 {
    // which span is a model call
    OperationName,        // gen_ai.operation.name
    VercelOperationId,    // ai.operationId
    OpenInferenceKind,    // openinference.span.kind
    TraceloopSpanKind,    // traceloop.span.kind
    TraceloopEntityName,  // traceloop.entity.name
    TraceloopRequestType, // llm.request.type
    LangfuseType,         // langfuse.observation.type
    // input tokens
    UsageInputTokens,
    UsagePromptTokens,
    OpenInferencePromptTokens,
    VercelInputTokens,
    VercelPromptTokens,
    PortkeyInputTokens,
    // output tokens
    UsageOutputTokens,
    UsageCompletionTokens,
    OpenInferenceCompletionTokens,
    VercelOutputTokens,
    VercelCompletionTokens,
    PortkeyOutputTokens,
    // cache reads
    UsageCacheReadTokens,
    UsageCacheReadTokensUnderscore,
    OpenInferenceCacheRead,
    VercelCachedInputTokens,
    OpenLitCachedTokens,
    PydanticCacheReadTokens,
    // cache writes
    UsageCacheCreationTokens,
    UsageCacheCreationTokensUnderscore,
    OpenInferenceCacheWrite,
    OpenLitCacheCreationTokens,
    PydanticCacheWriteTokens,
    // reasoning tokens
    UsageReasoningOutputTokens,
    UsageReasoningTokens,
    OpenInferenceReasoning,
    VercelReasoningTokens,
    OpenLitReasoningTokens,
    PydanticReasoningTokens,
    LangfuseUsageDetails,
    // cost
    OpenLitCost,
    OpenInferenceCostTotal,
    LangfuseCostDetails,
    // provider and model
    ProviderName,
    System,
    VercelModelProvider,
    OpenInferenceSystem,
    OpenInferenceProvider,
    ResponseModel,
    VercelResponseModel,
    RequestModel,
    VercelModelId,
    OpenInferenceModelName,
    LangfuseModelName,
    ResponseId,
    VercelResponseId,
    // timing and outcome
    ResponseTimeToFirstChunk,
    ClientTimeToFirstChunk,
    ServerTimeToFirstToken,
    VercelMsToFirstChunk,
    ErrorType,
    // where it ran
    ServiceName,
    DeploymentEnvironmentName,
    DeploymentEnvironment,
    GenAiEnvironment,
    // attribution
    AgentId,
    AgentName,
    OpenInferenceAgentName,
    VercelFunctionId,
    SessionId,
    LangfuseSessionId,
    TraceloopSessionId,
    VercelSessionId,
    ConversationId,
    UserId,
    EndUserId,
    LangfuseUserId,
    TraceloopUserId,
    VercelUserId,
    AppTaskId,
    AgentTaskId,
    AppFeature,
    TraceloopFeature,
    VercelFeature,
    TraceloopWorkflowName,
    AppTags,
    LangfuseTraceTags,
    OpenInferenceTags,
    VercelTags,
    // tool executions (stored as trace spans)
    ToolName,              // gen_ai.tool.name
    VercelToolCallName,    // ai.toolCall.name
    OpenInferenceToolName, // tool.name
    NameCount
};

QString nameText(Name name);

// A scalar as text (numbers in their shortest form); arrays and kvlists as their JSON text.
QString textOf(const AnyValue *value);
// Counters arrive as int, as an integral double (OTel JS) or as a decimal string; nothing else counts.
std::optional<qint64> integerOf(const AnyValue &value);
// Any finite number, including one sent as a string.
std::optional<double> numberOf(const AnyValue &value);

class View
{
public:
    // Reads the attributes once: a span has a dozen or two, and the normalizer asks for many more names
    // than that, most of them absent (lookups dominated the receiver's profile).
    View() = default; // nothing present
    explicit View(const Attributes &attributes);

    // Empty values and empty strings count as absent.
    const AnyValue *operator[](Name name) const { return m_values[name]; }
    // The first name present wins; *rank is its position in `names`.
    const AnyValue *first(std::span<const Name> names, int *rank = nullptr) const;
    QString text(Name name) const { return textOf((*this)[name]); }
    QString firstText(std::span<const Name> names) const { return textOf(first(names)); }
    bool is(Name name, QLatin1StringView value) const; // string, compared case-insensitively

private:
    std::array<const AnyValue *, NameCount> m_values = {};
};

} // namespace Burnrate::Ingest::Attr
