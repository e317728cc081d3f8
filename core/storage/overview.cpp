#include "overview.h"

#include "cachesavings.h"

#include "common/timeutil.h"
#include "pricing/pricetable.h"
#include "report.h"
#include "sqliteutil.h"

#include <QCoreApplication>
#include <QHash>
#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <limits>

namespace Burnrate::Storage {

namespace {

__extension__ typedef __int128 Int128; // GCC/Clang; exact products of tokens and picodollars

constexpr qint64 kMinuteNs = 60 * Time::kNanosPerSecond;
constexpr qint64 kDayNs = 24 * Time::kNanosPerHour;

qint64 ceilDiv(qint64 a, qint64 b)
{
    return -Time::floorDiv(-a, b);
}

qint64 saturate(Int128 v)
{
    constexpr qint64 kMax = std::numeric_limits<qint64>::max();
    constexpr qint64 kMin = std::numeric_limits<qint64>::min();
    return v > kMax ? kMax : v < kMin ? kMin : qint64(v);
}

// bucketCount(range) + 1 edges in Unix nanoseconds; the last bucket contains `nowNs`.
QList<qint64> bucketEdges(OverviewRange range, qint64 nowNs, const QTimeZone &zone)
{
    const int n = bucketCount(range);
    QList<qint64> edges;
    edges.reserve(n + 1);
    const QDateTime now = Time::fromNs(nowNs, zone);
    switch (range) {
    case OverviewRange::Hour:
    case OverviewRange::Day: {
        // Minutes and UTC hours: every zone's offset is whole minutes, and rollup hours are UTC hours.
        const qint64 step = range == OverviewRange::Hour ? kMinuteNs : Time::kNanosPerHour;
        const qint64 end = (Time::floorDiv(nowNs, step) + 1) * step;
        for (int i = 0; i <= n; ++i)
            edges.append(end - (n - i) * step);
        break;
    }
    case OverviewRange::Week: {
        // Quarter days of the local calendar: 00:00, 06:00, 12:00 and 18:00.
        const qint64 current = now.date().toJulianDay() * 4 + now.time().hour() / 6;
        for (qint64 slot = current - (n - 1); slot <= current + 1; ++slot) {
            const QDateTime start(QDate::fromJulianDay(slot / 4), QTime(int(slot % 4) * 6, 0), zone);
            edges.append(Time::toNs(start));
        }
        break;
    }
    case OverviewRange::Month:
        for (int i = 0; i <= n; ++i)
            edges.append(Time::toNs(now.date().addDays(i - (n - 1)).startOfDay(zone)));
        break;
    }
    return edges;
}

// Runs a statement that returns one integer, with `binds` bound to ?1, ?2, …
std::optional<qint64> queryInt(const QSqlDatabase &db, const char *sql, std::initializer_list<qint64> binds,
                               Error *error)
{
    sqlite3 *handle = Sqlite::handle(db);
    Sqlite::Statement stmt;
    Sqlite::Result result = stmt.prepare(handle, sql);
    if (result.ok()) {
        int index = 0;
        for (qint64 value : binds)
            sqlite3_bind_int64(stmt.get(), ++index, value);
        const int rc = sqlite3_step(stmt.get());
        if (rc == SQLITE_ROW)
            return sqlite3_column_int64(stmt.get(), 0);
        result = Sqlite::failure(handle, rc);
    }
    if (error)
        *error = Sqlite::databaseError(db.databaseName(), result.code, result.message);
    return std::nullopt;
}

// The text of a column, converted only when it differs from the previous row's: rollup rows come in key
// order, so most rows repeat most names.
class TextColumn
{
public:
    explicit TextColumn(int index)
        : m_index(index)
    {}
    const QString &read(sqlite3_stmt *stmt)
    {
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, m_index));
        const int size = sqlite3_column_bytes(stmt, m_index);
        if (size != m_bytes.size() || (size > 0 && std::memcmp(text, m_bytes.constData(), size) != 0)) {
            m_bytes = QByteArray(text, size);
            m_value = QString::fromUtf8(m_bytes);
        }
        return m_value;
    }

private:
    int m_index;
    QByteArray m_bytes;
    QString m_value;
};

// What one pass over the chart's range adds up: cost per series key and bucket, and the tables' rows.
struct RangeSums
{
    QHash<QString, QList<qint64>> perKey;
    QHash<QString, BreakdownRow> features;
    QHash<QString, BreakdownRow> agents;
};

void add(QHash<QString, BreakdownRow> &rows, const QString &key, qint64 calls, qint64 tokens, qint64 cost)
{
    BreakdownRow &row = rows[key];
    row.calls += calls;
    row.tokens += tokens;
    row.costMicros += cost;
}

// One pass over the range, summed in C++: raw events by minute for the last hour, else the rollup with each
// hour in the bucket its start falls into. Grouping in SQL would sort the rows once per grouping instead.
// Where the buckets' local edges are not UTC hours (days that start on the half or quarter hour, +05:30),
// the quarter-hour rollup puts every call in its bucket, as the Today figure does.
bool scanRange(const QSqlDatabase &db, const SpendChartData &chart, RangeSums &sums, Error *error)
{
    sqlite3 *handle = Sqlite::handle(db);
    const bool raw = chart.range == OverviewRange::Hour;
    const auto offTheHour = [](qint64 edge) { return edge % Time::kNanosPerHour != 0; };
    const bool quarters =
        !raw && (std::any_of(chart.bucketStartNs.cbegin(), chart.bucketStartNs.cend(), offTheHour) ||
                 offTheHour(chart.endNs));
    const qint64 unitNs = quarters ? Time::kNanosPerQuarterHour : Time::kNanosPerHour;
    const char *sql = raw ? "SELECT ts_start_ns, coalesce(model, ''), coalesce(feature, ''), "
                            "coalesce(agent_id, ''), 1, input_tokens + output_tokens, cost_micros "
                            "FROM usage_events WHERE ts_start_ns >= ?1 AND ts_start_ns < ?2"
                      : quarters
                          ? "SELECT quarter, model, feature, agent_id, calls, input_tokens + output_tokens, "
                            "cost_micros FROM rollup_quarter WHERE quarter >= ?1 AND quarter < ?2"
                          : "SELECT hour, model, feature, agent_id, calls, input_tokens + output_tokens, "
                            "cost_micros FROM rollup_hourly WHERE hour >= ?1 AND hour < ?2";
    Sqlite::Statement stmt;
    Sqlite::Result result = stmt.prepare(handle, sql);
    if (result.ok()) {
        const qint64 from = chart.bucketStartNs.constFirst();
        sqlite3_bind_int64(stmt.get(), 1, raw ? from : ceilDiv(from, unitNs));
        sqlite3_bind_int64(stmt.get(), 2, raw ? chart.endNs : ceilDiv(chart.endNs, unitNs));
        const qsizetype buckets = chart.bucketStartNs.size();
        // In OverviewStack's order: model, feature, agent_id.
        TextColumn columns[] = {TextColumn(1), TextColumn(2), TextColumn(3)};
        qint64 lastTime = std::numeric_limits<qint64>::min();
        qsizetype bucket = -1;
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
            const qint64 time = sqlite3_column_int64(stmt.get(), 0);
            if (time != lastTime) {
                lastTime = time;
                if (raw) {
                    bucket = qsizetype((time - from) / kMinuteNs); // time >= from: a floor
                } else {
                    const qint64 start = time * unitNs;
                    bucket =
                        std::upper_bound(chart.bucketStartNs.cbegin(), chart.bucketStartNs.cend(), start) -
                        chart.bucketStartNs.cbegin() - 1;
                }
            }
            if (bucket < 0 || bucket >= buckets)
                continue;
            const qint64 calls = sqlite3_column_int64(stmt.get(), 4);
            const qint64 tokens = sqlite3_column_int64(stmt.get(), 5);
            const qint64 cost = sqlite3_column_int64(stmt.get(), 6);
            QList<qint64> &values = sums.perKey[columns[int(chart.stackBy)].read(stmt.get())];
            if (values.isEmpty())
                values.resize(buckets);
            values[bucket] += cost;
            add(sums.features, columns[1].read(stmt.get()), calls, tokens, cost);
            add(sums.agents, columns[2].read(stmt.get()), calls, tokens, cost);
        }
        if (rc != SQLITE_DONE)
            result = Sqlite::failure(handle, rc);
    }
    if (!result.ok()) {
        if (error)
            *error = Sqlite::databaseError(db.databaseName(), result.code, result.message);
        return false;
    }
    return true;
}

void buildSeries(SpendChartData &chart, const QHash<QString, QList<qint64>> &perKey, int topN)
{
    QList<SpendSeries> all;
    for (auto it = perKey.cbegin(); it != perKey.cend(); ++it) {
        SpendSeries s;
        s.key = it.key();
        s.bucketMicros = it.value();
        for (qint64 v : s.bucketMicros)
            s.totalMicros += v;
        if (s.totalMicros > 0)
            all.append(std::move(s));
    }
    std::sort(all.begin(), all.end(), [](const SpendSeries &a, const SpendSeries &b) {
        return a.totalMicros != b.totalMicros ? a.totalMicros > b.totalMicros : a.key < b.key;
    });
    const qsizetype top = std::clamp<qsizetype>(topN, 0, all.size());
    chart.series = all.mid(0, top);
    if (all.size() > top) {
        SpendSeries other;
        other.other = true;
        other.bucketMicros.resize(chart.bucketStartNs.size());
        for (qsizetype i = top; i < all.size(); ++i) {
            other.totalMicros += all.at(i).totalMicros;
            for (qsizetype b = 0; b < other.bucketMicros.size(); ++b)
                other.bucketMicros[b] += all.at(i).bucketMicros.at(b);
        }
        chart.series.append(std::move(other));
    }
}

// The most expensive rows first (ties by name), at most kOverviewTableRows.
QList<BreakdownRow> topRows(const QHash<QString, BreakdownRow> &rows)
{
    QList<BreakdownRow> sorted;
    sorted.reserve(rows.size());
    for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
        sorted.append(it.value());
        sorted.last().key = it.key();
    }
    std::sort(sorted.begin(), sorted.end(), [](const BreakdownRow &a, const BreakdownRow &b) {
        return a.costMicros != b.costMicros ? a.costMicros > b.costMicros : a.key < b.key;
    });
    return sorted.mid(0, kOverviewTableRows);
}

} // namespace

std::optional<qint64> costBetween(const QSqlDatabase &db, qint64 from, qint64 to, Error *error)
{
    qint64 total = 0;
    const auto add = [&](const char *sql, qint64 a, qint64 b) {
        if (a >= b)
            return true;
        const std::optional<qint64> sum = queryInt(db, sql, {a, b}, error);
        total += sum.value_or(0);
        return sum.has_value();
    };
    const auto raw = [&](qint64 a, qint64 b) {
        return add("SELECT coalesce(sum(cost_micros), 0) FROM usage_events WHERE ts_start_ns >= ?1 AND "
                   "ts_start_ns < ?2",
                   a, b);
    };
    const qint64 firstHour = ceilDiv(from, Time::kNanosPerHour);
    const qint64 endHour = Time::floorDiv(to, Time::kNanosPerHour);
    const bool ok =
        firstHour < endHour
            ? add("SELECT coalesce(sum(cost_micros), 0) FROM rollup_hourly WHERE hour >= ?1 AND hour < ?2",
                  firstHour, endHour) &&
                  raw(from, firstHour * Time::kNanosPerHour) && raw(endHour * Time::kNanosPerHour, to)
            : raw(from, to);
    return ok ? std::optional<qint64>(total) : std::nullopt;
}

namespace {

bool loadKpis(const QSqlDatabase &db, const Pricing::PriceTable &prices, qint64 nowNs, const QTimeZone &zone,
              OverviewKpis &k, Error *error)
{
    const QDateTime now = Time::fromNs(nowNs, zone);
    const QDate today = now.date();

    // Today, per model: the total, the unpriced calls and the cache savings.
    ReportQuery byModelToday;
    byModelToday.sinceNs = Time::toNs(today.startOfDay(zone));
    byModelToday.untilNs = Time::toNs(today.addDays(1).startOfDay(zone));
    byModelToday.groupBy = {Dimension::Provider, Dimension::Model};
    const auto byModel = runReport(db, byModelToday, error);
    if (!byModel)
        return false;
    CacheSavings saved;
    for (const ReportRow &r : *byModel) {
        k.todayMicros += r.costMicros;
        k.todayCalls += r.calls;
        const QString model = r.keys.at(1);
        if (r.unpricedCalls > 0) {
            k.unpricedCallsToday += r.unpricedCalls;
            if (!k.unpricedModels.contains(model))
                k.unpricedModels.append(model);
        }
        if (model.isNull())
            continue;
        const std::optional<Pricing::ModelPrice> price = prices.find(r.keys.at(0), model, today);
        if (!price)
            continue; // an unpriced model saves nothing we could name
        k.cacheReadTokensToday += r.cacheReadTokens;
        saved.add(r.cacheReadTokens, r.cacheWriteTokens, *price);
    }
    k.cacheSavedMicros = saved.savedMicros();
    std::sort(k.unpricedModels.begin(), k.unpricedModels.end());

    const std::optional<LiveKpis> live = loadLiveKpis(db, nowNs, zone, error);
    if (!live)
        return false;
    static_cast<LiveKpis &>(k) = *live;

    const QDate monthStart(today.year(), today.month(), 1);
    k.monthEnd = monthStart.addMonths(1).addDays(-1);
    const qint64 monthEndNs = Time::toNs(monthStart.addMonths(1).startOfDay(zone));
    const auto month = costBetween(db, Time::toNs(monthStart.startOfDay(zone)), monthEndNs, error);
    const auto week = month ? costBetween(db, nowNs - 7 * kDayNs, nowNs + 1, error) : std::nullopt;
    if (!week)
        return false;
    k.monthMicros = *month;
    const qint64 remainingNs = std::max<qint64>(monthEndNs - nowNs, 0);
    k.projectedMonthMicros = saturate(Int128(k.monthMicros) + Int128(*week) * remainingNs / (7 * kDayNs));
    return true;
}

bool usable(const QSqlDatabase &db, const QTimeZone &zone, Error *error)
{
    if (!db.isOpen()) {
        if (error)
            *error = {Error::Code::Database,
                      QCoreApplication::translate("Burnrate::Storage", "The database is not open.")};
        return false;
    }
    if (!zone.isValid()) {
        if (error)
            *error = {Error::Code::InvalidInput,
                      QCoreApplication::translate("Burnrate::Storage", "The time zone is not valid.")};
        return false;
    }
    return true;
}

} // namespace

int bucketCount(OverviewRange range)
{
    switch (range) {
    case OverviewRange::Hour:
        return 60;
    case OverviewRange::Day:
        return 24;
    case OverviewRange::Week:
        return 28;
    case OverviewRange::Month:
        return 30;
    }
    return 0;
}

std::optional<LiveKpis> loadLiveKpis(const QSqlDatabase &db, qint64 nowNs, const QTimeZone &zone,
                                     Error *error)
{
    if (!usable(db, zone, error))
        return std::nullopt;
    // The current clock hour of the zone (it starts at :30 UTC in India, for example).
    const QDateTime now = Time::fromNs(nowNs, zone);
    LiveKpis live;
    live.hourStartNs = std::min(Time::toNs(QDateTime(now.date(), QTime(now.time().hour(), 0), zone)), nowNs);
    const auto hour = costBetween(db, live.hourStartNs, live.hourStartNs + Time::kNanosPerHour, error);
    const auto lastHour =
        hour ? costBetween(db, nowNs - Time::kNanosPerHour, nowNs + 1, error) : std::nullopt;
    if (!lastHour)
        return std::nullopt;
    live.hourMicros = *hour;
    live.burnRateMicros = *lastHour;
    return live;
}

std::optional<OverviewSnapshot> loadOverview(const QSqlDatabase &db, const Pricing::PriceTable &prices,
                                             qint64 nowNs, const QTimeZone &zone, OverviewRange range,
                                             OverviewStack stackBy, int topN, Error *error)
{
    if (!usable(db, zone, error))
        return std::nullopt;
    OverviewSnapshot snapshot;
    snapshot.nowNs = nowNs;
    const std::optional<qint64> any = queryInt(db, "SELECT EXISTS (SELECT 1 FROM usage_events)", {}, error);
    if (!any)
        return std::nullopt;
    snapshot.hasEvents = *any != 0;
    if (!snapshot.hasEvents)
        return snapshot;

    if (!loadKpis(db, prices, nowNs, zone, snapshot.kpis, error))
        return std::nullopt;

    SpendChartData &chart = snapshot.chart;
    chart.range = range;
    chart.stackBy = stackBy;
    QList<qint64> edges = bucketEdges(range, nowNs, zone);
    chart.endNs = edges.takeLast();
    chart.bucketStartNs = std::move(edges);
    RangeSums sums;
    if (!scanRange(db, chart, sums, error))
        return std::nullopt;
    buildSeries(chart, sums.perKey, topN);
    for (const BreakdownRow &r : std::as_const(sums.features)) {
        snapshot.rangeCostMicros += r.costMicros;
        snapshot.rangeCalls += r.calls;
    }
    snapshot.topFeatures = topRows(sums.features);
    snapshot.topAgents = topRows(sums.agents);
    return snapshot;
}

} // namespace Burnrate::Storage
