// Parses the OpenRouter key, credits and activity responses. Amounts are dollars as JSON numbers,
// read exactly from their text. Pure functions of the response body, usable on any thread.
#pragma once

#include "common/error.h"

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <optional>

namespace Burnrate::Providers {

// GET /api/v1/key: the calling key's spend and limit.
struct OpenRouterKey
{
    qint64 usageMicros = 0;            // all time
    qint64 usageDailyMicros = 0;       // the current UTC day, which /activity does not include yet
    qint64 usageWeeklyMicros = 0;      // the current UTC week, Monday to Sunday
    qint64 usageMonthlyMicros = 0;     // the current UTC month
    std::optional<qint64> limitMicros; // none: the key has no spending limit
    std::optional<qint64> limitRemainingMicros;
    QString limitReset; // "daily", "weekly", "monthly", or "" when the limit never resets
};

// GET /api/v1/credits (management key): lifetime credits bought and used.
struct OpenRouterCredits
{
    qint64 totalCreditsMicros = 0;
    qint64 totalUsageMicros = 0;

    qint64 balanceMicros() const { return totalCreditsMicros - totalUsageMicros; }
};

// One row of GET /api/v1/activity (management key): a completed UTC day of one model on one endpoint.
// (dayStartNs, model, endpointId) identifies a row.
struct OpenRouterActivity
{
    qint64 dayStartNs = 0;  // UTC midnight of the row's date
    QString model;          // "openai/gpt-4.1"
    QString modelPermaslug; // "openai/gpt-4.1-2025-04-14"
    QString endpointId;
    QString providerName;      // who served it, e.g. "OpenAI"
    qint64 costMicros = 0;     // OpenRouter credits spent (`usage`)
    qint64 byokCostMicros = 0; // spent on the user's own provider keys (`byok_usage_inference`)
    qint64 requests = 0;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 reasoningTokens = 0;
};

std::optional<OpenRouterKey> parseOpenRouterKey(QByteArrayView body, Error *error);
std::optional<OpenRouterCredits> parseOpenRouterCredits(QByteArrayView body, Error *error);
std::optional<QList<OpenRouterActivity>> parseOpenRouterActivity(QByteArrayView body, Error *error);

} // namespace Burnrate::Providers
