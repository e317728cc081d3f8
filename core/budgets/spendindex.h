// Spend per scope over any time range, kept in memory, so that evaluating hundreds of budgets and every
// anomaly scope after each ingest batch costs microseconds rather than queries over millions of events
// (issue 5 §8, bench/bench_budgets.cpp).
//
// - Whole hours come from the hourly rollup: each hour is read once, and again only after the writer said it
//   changed (StorageWriter::eventsStored / eventsRewritten -> hoursChanged). A range's whole hours are
//   summed once; a changed hour then adds its difference to every range that contains it.
// - The hour a range starts in, when the start is not on the hour, comes from the raw events through the
//   time index: read once, then followed as the start moves forward (a rolling window drops the events it
//   passes) and as new events arrive (read by usage_events.id, which grows with every insert).
// - The hour a range ends in is that hour's rollup less the events at or after the end (usually none: they
//   would be stamped in the future).
// Exact: the same integer sums as a query over the raw events, once the last commit has been refreshed.
// Dimensions: rollup_hourly's (provider, model, feature, agent) and rollup_attr's user.
// Not thread-safe: one owner thread (the budget monitor's), with its own connection.
#pragma once

#include "common/error.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <set>

namespace Burnrate::Budgets {

class SpendIndex
{
public:
    enum Dim { Provider, Model, Feature, Agent, User, DimCount };

    struct Sums
    {
        qint64 total = 0;
        std::array<QHash<QString, qint64>, DimCount> by; // '' for calls without the value

        void add(const Sums &other, qint64 sign);
        void add(qint64 micros, const std::array<QString, DimCount> &values, qint64 sign);
    };

    // A range's spend as signed parts; valid until the next refresh() or sweep().
    struct Spend
    {
        QList<std::pair<const Sums *, qint64>> parts;

        qint64 total() const;
        qint64 value(Dim dim, const QString &value) const;
        QHash<QString, qint64> values(Dim dim) const; // every value with its spend
    };

    explicit SpendIndex(QSqlDatabase db);

    // Those hours' events changed (StorageWriter::eventsStored): their rollup is read again.
    void hoursChanged(qint64 firstHour, qint64 lastHour);
    // Stored events were re-attributed or deleted (StorageWriter::eventsRewritten): their raw hours are read
    // again too.
    void eventsRewritten(qint64 firstHour, qint64 lastHour);

    // Reads what changed since the last call. Call before a round of spend() calls.
    bool refresh(Error *error);
    // Whether the loaded hours still add up to the rollup's total over them: another process (an import)
    // writes without signals. Cheap (one sum over the rollup's rows of those hours); a re-attribution by
    // another process keeps the total and is not seen.
    std::optional<bool> matchesDatabase(Error *error);
    // Spend with event time in [fromNs, toNs).
    std::optional<Spend> spend(qint64 fromNs, qint64 toNs, Error *error);
    // One rollup hour (start in hours since the epoch).
    const Sums *hour(qint64 hour, Error *error);
    // Forgets the ranges and raw hours no spend() asked for since the last sweep, and the hours before the
    // earliest range still in use.
    void sweep();

private:
    struct RawEvent
    {
        qint64 ns = 0;
        qint64 micros = 0;
        std::array<QString, DimCount> values;
    };
    // The raw events of one hour and their sums from `fromNs` on.
    struct Head
    {
        QList<RawEvent> events; // by time
        qint64 fromNs = 0;
        qsizetype first = 0; // events[first] is the first at or after fromNs
        Sums sums;
        bool used = true;
    };
    struct Range
    {
        Sums sums;
        bool used = true;
    };

    bool ensureHours(qint64 fromHour, qint64 toHour, Error *error); // [fromHour, toHour) loaded
    bool loadHours(qint64 fromHour, qint64 toHour, Error *error);   // (re)reads them from the rollups
    const Sums *range(qint64 fromHour, qint64 toHour, Error *error);
    const Sums *head(qint64 fromNs, Error *error);
    const Sums *after(qint64 ns, Error *error); // [ns, end of its hour)
    bool readNewEvents(Error *error);
    Error queryError(const QString &what) const;

    QSqlDatabase m_db;
    // Node-based containers: Spend keeps pointers into them across insertions.
    std::map<qint64, Sums> m_hours;
    qint64 m_loadedFrom = 0, m_loadedTo = 0; // m_hours covers [m_loadedFrom, m_loadedTo)
    std::set<qint64> m_changedHours;
    std::map<std::pair<qint64, qint64>, Range> m_ranges;
    std::map<qint64, Head> m_heads;                            // by hour
    std::map<qint64, Sums> m_after;                            // by end: rebuilt on each refresh
    qint64 m_lastEventId = -1;                                 // -1: not read yet
    qint64 m_lowestAsked = std::numeric_limits<qint64>::max(); // the earliest hour used since the last sweep
};

} // namespace Burnrate::Budgets
