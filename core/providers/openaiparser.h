// Parses the OpenAI organization Usage (completions) and Costs responses into buckets. Pure functions
// of the response body, usable on any thread.
#pragma once

#include "common/error.h"
#include "providers/providerbucket.h"

#include <QByteArrayView>
#include <optional>

namespace Burnrate::Providers {

// GET /v1/organization/usage/completions: times in Unix seconds; input_tokens includes the cached and
// cache-write tokens, which the bucket carries separately.
std::optional<UsagePage> parseOpenAiUsage(QByteArrayView body, Error *error);

// GET /v1/organization/costs: amount.value in dollars as a JSON number, read exactly from its text.
std::optional<CostPage> parseOpenAiCosts(QByteArrayView body, Error *error);

// The model a line item names ("gpt-4.1-2025-04-14, cached input" -> "gpt-4.1-2025-04-14"); "" for
// items that name none ("Image models").
QString modelFromOpenAiLineItem(const QString &lineItem);

} // namespace Burnrate::Providers
