// Parses the Anthropic Admin API usage report (messages) and cost report into buckets. Pure functions
// of the response body, usable on any thread.
#pragma once

#include "common/error.h"
#include "providers/providerbucket.h"

#include <QByteArrayView>
#include <optional>

namespace Burnrate::Providers {

// GET /v1/organizations/usage_report/messages: RFC 3339 times; the workspace goes to projectId; there
// is no request count (requests = -1).
std::optional<UsagePage> parseAnthropicUsage(QByteArrayView body, Error *error);

// GET /v1/organizations/cost_report: amount is CENTS as a decimal string ("123.45" = $1.2345), read
// exactly; the description goes to lineItem.
std::optional<CostPage> parseAnthropicCosts(QByteArrayView body, Error *error);

// The model id a cost description starts with, as the price table names models: "Claude Sonnet 4.5
// Usage - Input Tokens" -> "claude-sonnet-4-5"; "" for costs of no model ("Web Search Usage").
QString modelFromAnthropicDescription(const QString &description);

} // namespace Burnrate::Providers
