// What the Overview screen shows, loaded in one call: the KPI figures, the bucketed spend chart and the
// top features and agents. Served from the hourly rollup; raw events only for the last hour and the
// partial hours at range edges. Runs on the calling thread's own Connection (the GUI thread in the app).
#pragma once

#include "common/error.h"

#include <QDate>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTimeZone>
#include <optional>

namespace Burnrate::Pricing {
class PriceTable;
}

namespace Burnrate::Storage {

// The chart's ranges: 60 one-minute buckets, 24 hourly, 28 six-hour, 30 daily buckets.
enum class OverviewRange { Hour, Day, Week, Month };
enum class OverviewStack { Model, Feature, Agent };

int bucketCount(OverviewRange range);

// How many rows the top features and top agents tables hold at most.
constexpr int kOverviewTableRows = 10;

// The figures that move with the clock alone, cheap enough to reload every second.
struct LiveKpis
{
    qint64 hourStartNs = 0; // the current clock hour
    qint64 hourMicros = 0;
    qint64 burnRateMicros = 0; // spend in the last 60 minutes, i.e. $ per hour
};

struct OverviewKpis : LiveKpis
{
    qint64 todayMicros = 0; // the local calendar day
    qint64 todayCalls = 0;
    qint64 monthMicros = 0; // month to date
    // Month to date plus the average daily spend of the last 7 days times what is left of the month.
    qint64 projectedMonthMicros = 0;
    QDate monthEnd;              // the last day of the month
    qint64 cacheSavedMicros = 0; // what prompt caching saved today, over priced models
    qint64 cacheReadTokensToday = 0;
    qint64 unpricedCallsToday = 0;
    QStringList unpricedModels; // models of today's unpriced calls, sorted; "" for calls without a model
};

struct SpendSeries
{
    QString key;        // the model, feature or agent; empty for calls without one
    bool other = false; // everything outside the top N together
    qint64 totalMicros = 0;
    QList<qint64> bucketMicros; // one per bucket
};

struct SpendChartData
{
    OverviewRange range = OverviewRange::Day;
    OverviewStack stackBy = OverviewStack::Model;
    QList<qint64> bucketStartNs; // bucketCount(range) starts; a bucket ends where the next starts
    qint64 endNs = 0;            // the end of the last bucket (it contains now)
    QList<SpendSeries> series;   // the top N by cost, highest first, then "other" if anything is left
};

struct BreakdownRow
{
    QString key; // the feature or agent; empty for calls without one
    qint64 calls = 0;
    qint64 tokens = 0; // input + output
    qint64 costMicros = 0;
};

struct OverviewSnapshot
{
    bool hasEvents = false; // any call stored ever; when false nothing else is filled in
    qint64 nowNs = 0;
    OverviewKpis kpis;
    SpendChartData chart;
    // Over the chart's range (the same rollup hours as the chart): its totals and the most expensive
    // features and agents.
    qint64 rangeCostMicros = 0;
    qint64 rangeCalls = 0;
    QList<BreakdownRow> topFeatures; // highest cost first, at most kOverviewTableRows
    QList<BreakdownRow> topAgents;
};

// Bucket edges follow the local calendar of `zone` (minutes, hours, 00/06/12/18 h, midnights). The
// rollup-served ranges count each hour of the rollup in the bucket its start falls into, which is exact
// wherever the zone's offset is whole hours. Series with no cost in the range are left out.
std::optional<OverviewSnapshot> loadOverview(const QSqlDatabase &db, const Pricing::PriceTable &prices,
                                             qint64 nowNs, const QTimeZone &zone, OverviewRange range,
                                             OverviewStack stackBy, int topN, Error *error);

// Only this hour and the burn rate: the current hour of the rollup and the raw events of the last hour.
std::optional<LiveKpis> loadLiveKpis(const QSqlDatabase &db, qint64 nowNs, const QTimeZone &zone,
                                     Error *error);

// The cost of the calls that started in [from, to): whole hours from the rollup, the partial hours at
// the edges from the raw events (through the time index). Cheaper than runReport for one sum.
std::optional<qint64> costBetween(const QSqlDatabase &db, qint64 from, qint64 to, Error *error);

} // namespace Burnrate::Storage
