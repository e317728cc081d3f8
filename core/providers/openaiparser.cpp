#include "openaiparser.h"

#include "providers/responsereader.h"

namespace Burnrate::Providers {

using namespace Detail;

namespace {
const QString kProvider = QStringLiteral("openai");
} // namespace

std::optional<UsagePage> parseOpenAiUsage(QByteArrayView body, Error *error)
{
    ResponseReader reader(QStringLiteral("OpenAI /v1/organization/usage/completions"));
    UsagePage page;
    if (reader.parse(body)) {
        reader.readBucketPage(page, kProvider, "start_time", "end_time", TimeFormat::UnixSeconds,
                              [&reader](const Json &result, const JsonPath &at, UsageBucket &row) {
                                  row.model = reader.text(result, "model", at);
                                  row.projectId = reader.text(result, "project_id", at);
                                  row.apiKeyId = reader.text(result, "api_key_id", at);
                                  row.serviceTier = reader.text(result, "service_tier", at);
                                  const qint64 input = reader.count(result, "input_tokens", at);
                                  row.cacheReadTokens = reader.count(result, "input_cached_tokens", at);
                                  row.cacheWriteTokens = reader.count(result, "input_cache_write_tokens", at);
                                  row.outputTokens = reader.count(result, "output_tokens", at);
                                  row.requests = reader.count(result, "num_model_requests", at, -1);
                                  // Derived rather than read from input_uncached_tokens, which older
                                  // responses lack; audio and image tokens are already in these totals.
                                  const qint64 cached =
                                      reader.sum(row.cacheReadTokens, row.cacheWriteTokens, at);
                                  if (input < cached)
                                      reader.fail(JsonPath{&at, "input_tokens"}, Problem::BelowCached);
                                  row.inputTokens = input - cached;
                              });
    }
    return reader.finish(std::move(page), error);
}

std::optional<CostPage> parseOpenAiCosts(QByteArrayView body, Error *error)
{
    ResponseReader reader(QStringLiteral("OpenAI /v1/organization/costs"));
    CostPage page;
    if (reader.parse(body)) {
        reader.readBucketPage(
            page, kProvider, "start_time", "end_time", TimeFormat::UnixSeconds,
            [&reader](const Json &result, const JsonPath &at, CostBucket &row) {
                row.projectId = reader.text(result, "project_id", at);
                row.lineItem = reader.text(result, "line_item", at);
                row.model = modelFromOpenAiLineItem(row.lineItem);
                // Only `object` is required in a cost result: no amount is nothing spent.
                const Json *amount = reader.objectMember(result, "amount", at, Need::Optional);
                if (!amount)
                    return;
                const JsonPath amountAt{&at, "amount"};
                reader.checkCurrency(reader.text(*amount, "currency", amountAt, Need::Required));
                row.costMicros = reader.dollars(*amount, "value", amountAt).value_or(0);
            });
    }
    return reader.finish(std::move(page), error);
}

QString modelFromOpenAiLineItem(const QString &lineItem)
{
    const qsizetype comma = lineItem.indexOf(u", ");
    if (comma <= 0)
        return {};
    const QString head = lineItem.left(comma);
    for (const QChar c : head) {
        if (c.isSpace())
            return {};
    }
    return head;
}

} // namespace Burnrate::Providers
