// What the provider admin APIs report, as plain values: token and cost aggregates per time bucket, and
// one response page of them. Produced by the parsers on whichever thread polls; copied freely.
#pragma once

#include <QList>
#include <QString>

namespace Burnrate::Providers {

// Token aggregates of one bucket and one combination of dimensions. A dimension the response leaves
// null (not grouped by it) is an empty string.
struct UsageBucket
{
    QString provider; // "openai" | "anthropic" | "openrouter"
    qint64 bucketStartNs = 0;
    qint64 bucketWidthNs = 0; // end - start as reported; the first OpenAI bucket may be partial
    QString model;
    QString projectId; // OpenAI project, Anthropic workspace ("" is also Anthropic's default workspace)
    QString apiKeyId;
    QString serviceTier;
    qint64 inputTokens = 0; // uncached input only
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;   // all cache writes: for Anthropic the 5m and 1h ones summed
    qint64 cacheWrite5mTokens = 0; // the Anthropic split (0 for OpenAI, which has no TTL classes)
    qint64 cacheWrite1hTokens = 0;
    qint64 outputTokens = 0;
    qint64 requests = -1; // -1: the provider does not count requests (Anthropic)

    // Total input as UsageEvent counts it: uncached + cache reads + cache writes.
    qint64 totalInputTokens() const { return inputTokens + cacheReadTokens + cacheWriteTokens; }
};

// Billed money of one bucket and one line item.
struct CostBucket
{
    QString provider;
    qint64 bucketStartNs = 0;
    qint64 bucketWidthNs = 0;
    QString projectId; // OpenAI project, Anthropic workspace
    QString lineItem;  // OpenAI line_item ("gpt-4.1, input"), Anthropic description
    QString model;     // when the response names it or the line item starts with it; else ""
    qint64 costMicros = 0;
};

// One time bucket a response covered, including buckets with no results, so a store can tell "nothing
// happened" from "not fetched".
struct BucketSpan
{
    qint64 startNs = 0;
    qint64 widthNs = 0;
};

// One response page. Rows sharing all dimensions within a bucket are summed into one, so the
// dimensions plus the bucket are a unique key.
template<typename Bucket> struct Page
{
    QList<Bucket> buckets;
    QList<BucketSpan> spans;
    bool hasMore = false;
    QString nextPage; // the opaque cursor for the next request's `page` parameter
};

using UsagePage = Page<UsageBucket>;
using CostPage = Page<CostBucket>;

} // namespace Burnrate::Providers
