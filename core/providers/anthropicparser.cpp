#include "anthropicparser.h"

#include "providers/responsereader.h"

namespace Burnrate::Providers {

using namespace Detail;

namespace {
const QString kProvider = QStringLiteral("anthropic");
} // namespace

std::optional<UsagePage> parseAnthropicUsage(QByteArrayView body, Error *error)
{
    ResponseReader reader(QStringLiteral("Anthropic /v1/organizations/usage_report/messages"));
    UsagePage page;
    if (reader.parse(body)) {
        reader.readBucketPage(
            page, kProvider, "starting_at", "ending_at", TimeFormat::Rfc3339,
            [&reader](const Json &result, const JsonPath &at, UsageBucket &row) {
                row.model = reader.text(result, "model", at);
                row.projectId = reader.text(result, "workspace_id", at);
                row.apiKeyId = reader.text(result, "api_key_id", at);
                row.serviceTier = reader.text(result, "service_tier", at);
                row.inputTokens = reader.count(result, "uncached_input_tokens", at);
                row.cacheReadTokens = reader.count(result, "cache_read_input_tokens", at);
                row.outputTokens = reader.count(result, "output_tokens", at);
                if (const Json *creation =
                        reader.objectMember(result, "cache_creation", at, Need::Optional)) {
                    const JsonPath creationAt{&at, "cache_creation"};
                    row.cacheWrite5mTokens = reader.count(*creation, "ephemeral_5m_input_tokens", creationAt);
                    row.cacheWrite1hTokens = reader.count(*creation, "ephemeral_1h_input_tokens", creationAt);
                    row.cacheWriteTokens =
                        reader.sum(row.cacheWrite5mTokens, row.cacheWrite1hTokens, creationAt);
                }
                row.requests = -1;
            });
    }
    return reader.finish(std::move(page), error);
}

std::optional<CostPage> parseAnthropicCosts(QByteArrayView body, Error *error)
{
    ResponseReader reader(QStringLiteral("Anthropic /v1/organizations/cost_report"));
    CostPage page;
    if (reader.parse(body)) {
        reader.readBucketPage(page, kProvider, "starting_at", "ending_at", TimeFormat::Rfc3339,
                              [&reader](const Json &result, const JsonPath &at, CostBucket &row) {
                                  reader.checkCurrency(reader.text(result, "currency", at, Need::Required));
                                  row.costMicros = reader.centsText(result, "amount", at);
                                  row.projectId = reader.text(result, "workspace_id", at);
                                  row.lineItem = reader.text(result, "description", at);
                                  row.model = reader.text(result, "model", at);
                                  if (row.model.isEmpty())
                                      row.model = modelFromAnthropicDescription(row.lineItem);
                              });
    }
    return reader.finish(std::move(page), error);
}

QString modelFromAnthropicDescription(const QString &description)
{
    const qsizetype usage = description.indexOf(u" Usage");
    if (usage <= 0 || !description.startsWith(u"Claude "))
        return {};
    QString model = description.left(usage).toLower();
    for (QChar &c : model) {
        if (c == u' ' || c == u'.')
            c = u'-';
        else if (!c.isLetterOrNumber() || c.unicode() > 0x7f)
            return {};
    }
    return model;
}

} // namespace Burnrate::Providers
