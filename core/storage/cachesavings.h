// What prompt caching saved: cache reads at the model's full input price minus what they cost, net of the
// premium paid on cache writes, priced from the price table as the calls themselves were. Shared by the
// Overview's tile and Explore's cache panel. Runs on the calling thread's connection.
#pragma once

#include "common/error.h"
#include "storage/report.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace Burnrate::Pricing {
class PriceTable;
struct ModelPrice;
} // namespace Burnrate::Pricing

namespace Burnrate::Storage {

// An exact running sum (picodollars) of what caching saved, rounded to micro-USD once at the end.
class CacheSavings
{
public:
    // Reads save (input - cache read price) per token; writes cost (cache write - input price) extra.
    void add(qint64 cacheReadTokens, qint64 cacheWriteTokens, const Pricing::ModelPrice &price);
    qint64 savedMicros() const;

private:
    __extension__ __int128 m_pico = 0; // GCC/Clang; products of tokens and picodollars
};

struct CacheSavingsRow
{
    QString provider; // null when the calls had none
    QString model;
    QString feature;
    qint64 calls = 0;
    qint64 inputTokens = 0; // including cache reads and writes
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 costMicros = 0;
    qint64 savedMicros = 0;
    bool priced = true; // false: no price known for the model, so nothing saved can be named
};

struct CacheHitPoint
{
    QString key; // the day or hour, as runReport writes it
    qint64 inputTokens = 0;
    qint64 cacheReadTokens = 0;
};

struct CacheSavingsReport
{
    QList<CacheSavingsRow> rows; // by provider, model and feature; most saved first
    qint64 savedMicros = 0;
    qint64 inputTokens = 0;
    qint64 cacheReadTokens = 0;
    QList<CacheHitPoint> hitRate; // chronological, only buckets with calls
};

// Over `query`'s range and filters (its groupBy is ignored); each day's calls at that day's prices.
// `bucket` is Dimension::Day or Dimension::Hour for the hit rate over time.
std::optional<CacheSavingsReport> loadCacheSavings(const QSqlDatabase &db, const Pricing::PriceTable &prices,
                                                   const ReportQuery &query, Dimension bucket, Error *error);

} // namespace Burnrate::Storage
