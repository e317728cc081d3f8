#include "openrouterparser.h"

#include "providers/responsereader.h"

namespace Burnrate::Providers {

using namespace Detail;

namespace {
const JsonPath kRoot;
const JsonPath kData{&kRoot, "data"};
} // namespace

std::optional<OpenRouterKey> parseOpenRouterKey(QByteArrayView body, Error *error)
{
    ResponseReader reader(QStringLiteral("OpenRouter /api/v1/key"));
    OpenRouterKey key;
    if (reader.parse(body)) {
        if (const Json *data = reader.objectMember(reader.root(), "data", kRoot, Need::Required)) {
            if (!data->contains("usage"))
                reader.fail(JsonPath{&kData, "usage"}, Problem::Missing);
            key.usageMicros = reader.dollars(*data, "usage", kData).value_or(0);
            key.usageDailyMicros = reader.dollars(*data, "usage_daily", kData).value_or(0);
            key.usageWeeklyMicros = reader.dollars(*data, "usage_weekly", kData).value_or(0);
            key.usageMonthlyMicros = reader.dollars(*data, "usage_monthly", kData).value_or(0);
            key.limitMicros = reader.dollars(*data, "limit", kData);
            key.limitRemainingMicros = reader.dollars(*data, "limit_remaining", kData);
            key.limitReset = reader.text(*data, "limit_reset", kData);
        }
    }
    return reader.finish(std::move(key), error);
}

std::optional<OpenRouterCredits> parseOpenRouterCredits(QByteArrayView body, Error *error)
{
    ResponseReader reader(QStringLiteral("OpenRouter /api/v1/credits"));
    OpenRouterCredits credits;
    if (reader.parse(body)) {
        if (const Json *data = reader.objectMember(reader.root(), "data", kRoot, Need::Required)) {
            for (const char *name : {"total_credits", "total_usage"}) {
                if (!data->contains(name))
                    reader.fail(JsonPath{&kData, name}, Problem::Missing);
            }
            credits.totalCreditsMicros = reader.dollars(*data, "total_credits", kData).value_or(0);
            credits.totalUsageMicros = reader.dollars(*data, "total_usage", kData).value_or(0);
        }
    }
    return reader.finish(std::move(credits), error);
}

std::optional<QList<OpenRouterActivity>> parseOpenRouterActivity(QByteArrayView body, Error *error)
{
    ResponseReader reader(QStringLiteral("OpenRouter /api/v1/activity"));
    QList<OpenRouterActivity> rows;
    if (reader.parse(body)) {
        if (const Json *data = reader.listMember(reader.root(), "data", kRoot, Need::Required)) {
            rows.reserve(qsizetype(data->size()));
            for (qsizetype i = 0; i < qsizetype(data->size()) && !reader.failed(); ++i) {
                const JsonPath at{&kData, nullptr, i};
                const Json &item = (*data)[std::size_t(i)];
                if (!item.is_object()) {
                    reader.fail(at, Problem::NotObject);
                    break;
                }
                OpenRouterActivity row;
                row.dayStartNs = reader.dayNs(item, "date", at);
                row.model = reader.text(item, "model", at, Need::Required);
                row.modelPermaslug = reader.text(item, "model_permaslug", at);
                row.endpointId = reader.text(item, "endpoint_id", at);
                row.providerName = reader.text(item, "provider_name", at);
                row.costMicros = reader.dollars(item, "usage", at).value_or(0);
                row.byokCostMicros = reader.dollars(item, "byok_usage_inference", at).value_or(0);
                row.requests = reader.count(item, "requests", at);
                row.promptTokens = reader.count(item, "prompt_tokens", at);
                row.completionTokens = reader.count(item, "completion_tokens", at);
                row.reasoningTokens = reader.count(item, "reasoning_tokens", at);
                rows.append(std::move(row));
            }
        }
    }
    return reader.finish(std::move(rows), error);
}

} // namespace Burnrate::Providers
