#include "spendindex.h"

#include "common/timeutil.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <limits>

namespace Burnrate::Budgets {

namespace {

constexpr qint64 kHour = Time::kNanosPerHour;

void addTo(QHash<QString, qint64> &map, const QString &key, qint64 micros)
{
    auto it = map.find(key);
    if (it == map.end()) {
        map.insert(key, micros);
        return;
    }
    *it += micros;
    if (*it == 0 && micros < 0)
        map.erase(it); // what was subtracted away: keeps rolling windows small
}

} // namespace

void SpendIndex::Sums::add(const Sums &other, qint64 sign)
{
    total += sign * other.total;
    for (int d = 0; d < DimCount; ++d) {
        for (auto it = other.by[size_t(d)].cbegin(); it != other.by[size_t(d)].cend(); ++it)
            addTo(by[size_t(d)], it.key(), sign * it.value());
    }
}

void SpendIndex::Sums::add(qint64 micros, const std::array<QString, DimCount> &values, qint64 sign)
{
    total += sign * micros;
    for (int d = 0; d < DimCount; ++d)
        addTo(by[size_t(d)], values[size_t(d)], sign * micros);
}

qint64 SpendIndex::Spend::total() const
{
    qint64 sum = 0;
    for (const auto &[sums, sign] : parts)
        sum += sign * sums->total;
    return sum;
}

qint64 SpendIndex::Spend::value(Dim dim, const QString &value) const
{
    qint64 sum = 0;
    for (const auto &[sums, sign] : parts)
        sum += sign * sums->by[size_t(dim)].value(value);
    return sum;
}

QHash<QString, qint64> SpendIndex::Spend::values(Dim dim) const
{
    QHash<QString, qint64> result;
    for (const auto &[sums, sign] : parts) {
        for (auto it = sums->by[size_t(dim)].cbegin(); it != sums->by[size_t(dim)].cend(); ++it)
            result[it.key()] += sign * it.value();
    }
    return result;
}

SpendIndex::SpendIndex(QSqlDatabase db)
    : m_db(std::move(db))
{}

Error SpendIndex::queryError(const QString &what) const
{
    return {Error::Code::Database,
            QCoreApplication::translate("Burnrate::Budgets", "Cannot read the spend for the alerts: %1.")
                .arg(what)};
}

void SpendIndex::hoursChanged(qint64 firstHour, qint64 lastHour)
{
    firstHour = std::max(firstHour, m_loadedFrom);
    lastHour = std::min(lastHour, m_loadedTo - 1);
    for (qint64 h = firstHour; h <= lastHour; ++h)
        m_changedHours.insert(h);
}

void SpendIndex::eventsRewritten(qint64 firstHour, qint64 lastHour)
{
    hoursChanged(firstHour, lastHour);
    std::erase_if(m_heads,
                  [&](const auto &head) { return head.first >= firstHour && head.first <= lastHour; });
    // Deleted rows may give their ids back; with every head gone, reading on from the newest id is safe.
    if (m_heads.empty())
        m_lastEventId = -1;
}

bool SpendIndex::refresh(Error *error)
{
    m_after.clear();
    if (!readNewEvents(error))
        return false;
    // Contiguous runs of changed hours, one query each.
    while (!m_changedHours.empty()) {
        const qint64 from = *m_changedHours.begin();
        qint64 to = from + 1;
        m_changedHours.erase(m_changedHours.begin());
        while (!m_changedHours.empty() && *m_changedHours.begin() == to) {
            m_changedHours.erase(m_changedHours.begin());
            ++to;
        }
        if (!loadHours(from, to, error))
            return false;
    }
    return true;
}

std::optional<bool> SpendIndex::matchesDatabase(Error *error)
{
    if (m_loadedFrom >= m_loadedTo)
        return true;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT coalesce(sum(cost_micros), 0) FROM rollup_hourly WHERE hour >= ? AND hour < ?"));
    q.addBindValue(m_loadedFrom);
    q.addBindValue(m_loadedTo);
    if (!q.exec() || !q.next()) {
        if (error)
            *error = queryError(q.lastError().databaseText());
        return std::nullopt;
    }
    qint64 total = 0;
    for (const auto &[hour, sums] : m_hours)
        total += sums.total;
    return total == q.value(0).toLongLong();
}

bool SpendIndex::readNewEvents(Error *error)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (m_lastEventId < 0) {
        if (!q.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM usage_events")) || !q.next()) {
            if (error)
                *error = queryError(q.lastError().databaseText());
            return false;
        }
        m_lastEventId = q.value(0).toLongLong();
        return true;
    }
    // Only the new events of the hours followed; SQLite skips the others without handing them over.
    QSqlQuery newest(m_db);
    if (!newest.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM usage_events")) || !newest.next()) {
        if (error)
            *error = queryError(newest.lastError().databaseText());
        return false;
    }
    const qint64 newestId = newest.value(0).toLongLong();
    if (m_heads.empty() || newestId <= m_lastEventId) {
        m_lastEventId = newestId;
        return true;
    }
    QStringList hours;
    for (const auto &[hour, head] : m_heads)
        hours << QStringLiteral("(ts_start_ns >= %1 AND ts_start_ns < %2)")
                     .arg(hour * kHour)
                     .arg((hour + 1) * kHour);
    q.prepare(
        u"SELECT id, ts_start_ns, cost_micros, coalesce(provider, ''), coalesce(model, ''), "
        u"coalesce(feature, ''), coalesce(agent_id, ''), coalesce(user_id, '') FROM usage_events NOT INDEXED "
        u"WHERE id > ? AND id <= ? AND (" +
        hours.join(u" OR ") + u')');
    q.addBindValue(m_lastEventId);
    q.addBindValue(newestId);
    m_lastEventId = newestId;
    if (!q.exec()) {
        if (error)
            *error = queryError(q.lastError().databaseText());
        return false;
    }
    while (q.next()) {
        const qint64 ns = q.value(1).toLongLong();
        const auto head = m_heads.find(Time::floorDiv(ns, kHour));
        if (head == m_heads.end())
            continue;
        Head &h = head->second;
        RawEvent e{ns,
                   q.value(2).toLongLong(),
                   {q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                    q.value(6).toString(), q.value(7).toString()}};
        const auto at = std::upper_bound(h.events.begin(), h.events.end(), ns,
                                         [](qint64 t, const RawEvent &r) { return t < r.ns; });
        const qsizetype index = at - h.events.begin();
        if (ns >= h.fromNs)
            h.sums.add(e.micros, e.values, 1);
        else if (index <= h.first)
            ++h.first; // before the window: shifts it
        h.events.insert(index, std::move(e));
    }
    return true;
}

bool SpendIndex::loadHours(qint64 fromHour, qint64 toHour, Error *error)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT hour, provider, model, feature, agent_id, cost_micros FROM rollup_hourly "
                       "WHERE hour >= ? AND hour < ?"));
    q.addBindValue(fromHour);
    q.addBindValue(toHour);
    if (!q.exec()) {
        if (error)
            *error = queryError(q.lastError().databaseText());
        return false;
    }
    std::map<qint64, Sums> fresh;
    for (qint64 h = fromHour; h < toHour; ++h)
        fresh.emplace(h, Sums());
    while (q.next()) {
        Sums &sums = fresh[q.value(0).toLongLong()];
        const qint64 micros = q.value(5).toLongLong();
        sums.total += micros;
        for (int d = Provider; d <= Agent; ++d)
            addTo(sums.by[size_t(d)], q.value(1 + d).toString(), micros);
    }
    // The user's sums of those hours, from the user and task rollup.
    q.prepare(QStringLiteral("SELECT hour, value, cost_micros FROM rollup_attr "
                             "WHERE dimension = 'user' AND hour >= ? AND hour < ?"));
    q.addBindValue(fromHour);
    q.addBindValue(toHour);
    if (!q.exec()) {
        if (error)
            *error = queryError(q.lastError().databaseText());
        return false;
    }
    while (q.next())
        addTo(fresh[q.value(0).toLongLong()].by[User], q.value(1).toString(), q.value(2).toLongLong());
    for (auto &[h, sums] : fresh) {
        auto old = m_hours.find(h);
        if (old != m_hours.end()) {
            // The ranges that contain the hour take its difference.
            for (auto &[key, range] : m_ranges) {
                if (key.first <= h && h < key.second) {
                    range.sums.add(old->second, -1);
                    range.sums.add(sums, 1);
                }
            }
            old->second = std::move(sums);
        } else {
            m_hours.emplace(h, std::move(sums));
        }
    }
    return true;
}

bool SpendIndex::ensureHours(qint64 fromHour, qint64 toHour, Error *error)
{
    if (fromHour >= toHour)
        return true;
    if (m_loadedFrom >= m_loadedTo) {
        if (!loadHours(fromHour, toHour, error))
            return false;
        m_loadedFrom = fromHour;
        m_loadedTo = toHour;
        return true;
    }
    if (fromHour < m_loadedFrom) {
        if (!loadHours(fromHour, m_loadedFrom, error))
            return false;
        m_loadedFrom = fromHour;
    }
    if (toHour > m_loadedTo) {
        if (!loadHours(m_loadedTo, toHour, error))
            return false;
        m_loadedTo = toHour;
    }
    return true;
}

const SpendIndex::Sums *SpendIndex::hour(qint64 hour, Error *error)
{
    m_lowestAsked = std::min(m_lowestAsked, hour);
    if (!ensureHours(hour, hour + 1, error))
        return nullptr;
    return &m_hours.at(hour);
}

const SpendIndex::Sums *SpendIndex::range(qint64 fromHour, qint64 toHour, Error *error)
{
    m_lowestAsked = std::min(m_lowestAsked, fromHour);
    const auto key = std::make_pair(fromHour, toHour);
    if (auto it = m_ranges.find(key); it != m_ranges.end()) {
        it->second.used = true;
        return &it->second.sums;
    }
    if (!ensureHours(fromHour, toHour, error))
        return nullptr;
    Range r;
    for (auto it = m_hours.lower_bound(fromHour); it != m_hours.end() && it->first < toHour; ++it)
        r.sums.add(it->second, 1);
    return &m_ranges.emplace(key, std::move(r)).first->second.sums;
}

const SpendIndex::Sums *SpendIndex::head(qint64 fromNs, Error *error)
{
    if (m_lastEventId < 0 && !readNewEvents(error))
        return nullptr;
    const qint64 hour = Time::floorDiv(fromNs, kHour);
    auto it = m_heads.find(hour);
    if (it == m_heads.end()) {
        // Up to the last id read: newer events come through readNewEvents().
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral(
            "SELECT ts_start_ns, cost_micros, coalesce(provider, ''), coalesce(model, ''), "
            "coalesce(feature, ''), coalesce(agent_id, ''), coalesce(user_id, '') FROM usage_events "
            "INDEXED BY usage_events_ts "
            "WHERE ts_start_ns >= ? AND ts_start_ns < ? AND id <= ? ORDER BY ts_start_ns"));
        q.addBindValue(hour * kHour);
        q.addBindValue((hour + 1) * kHour);
        q.addBindValue(m_lastEventId);
        if (!q.exec()) {
            if (error)
                *error = queryError(q.lastError().databaseText());
            return nullptr;
        }
        Head h;
        h.fromNs = hour * kHour;
        while (q.next()) {
            RawEvent e{q.value(0).toLongLong(),
                       q.value(1).toLongLong(),
                       {q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                        q.value(5).toString(), q.value(6).toString()}};
            h.sums.add(e.micros, e.values, 1);
            h.events.append(std::move(e));
        }
        it = m_heads.emplace(hour, std::move(h)).first;
    }
    Head &h = it->second;
    h.used = true;
    if (fromNs >= h.fromNs) {
        // A rolling window: drop what it passed.
        while (h.first < h.events.size() && h.events.at(h.first).ns < fromNs) {
            h.sums.add(h.events.at(h.first).micros, h.events.at(h.first).values, -1);
            ++h.first;
        }
    } else {
        h.first = std::lower_bound(h.events.cbegin(), h.events.cend(), fromNs,
                                   [](const RawEvent &r, qint64 t) { return r.ns < t; }) -
                  h.events.cbegin();
        h.sums = Sums();
        for (qsizetype i = h.first; i < h.events.size(); ++i)
            h.sums.add(h.events.at(i).micros, h.events.at(i).values, 1);
    }
    h.fromNs = fromNs;
    return &h.sums;
}

const SpendIndex::Sums *SpendIndex::after(qint64 ns, Error *error)
{
    if (auto it = m_after.find(ns); it != m_after.end())
        return &it->second;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT cost_micros, coalesce(provider, ''), coalesce(model, ''), "
        "coalesce(feature, ''), coalesce(agent_id, ''), coalesce(user_id, '') FROM usage_events "
        "WHERE ts_start_ns >= ? AND ts_start_ns < ?"));
    q.addBindValue(ns);
    q.addBindValue((Time::floorDiv(ns, kHour) + 1) * kHour);
    if (!q.exec()) {
        if (error)
            *error = queryError(q.lastError().databaseText());
        return nullptr;
    }
    Sums sums;
    while (q.next())
        sums.add(q.value(0).toLongLong(),
                 {q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                  q.value(5).toString()},
                 1);
    return &m_after.emplace(ns, std::move(sums)).first->second;
}

std::optional<SpendIndex::Spend> SpendIndex::spend(qint64 fromNs, qint64 toNs, Error *error)
{
    Spend spend;
    if (fromNs >= toNs)
        return spend;
    const qint64 firstHour = Time::floorDiv(fromNs, kHour);
    const qint64 lastHour = Time::floorDiv(toNs, kHour); // the hour `toNs` is in
    const bool fromOnHour = fromNs == firstHour * kHour;
    const bool toOnHour = toNs == lastHour * kHour;
    const auto add = [&](const Sums *sums, qint64 sign) {
        if (sums)
            spend.parts.append({sums, sign});
        return sums != nullptr;
    };
    qint64 wholeFrom = firstHour;
    if (!fromOnHour) {
        // [fromNs, end of its hour), less what lies at or after toNs when both are in that hour.
        if (!add(head(fromNs, error), 1))
            return std::nullopt;
        if (firstHour == lastHour)
            return add(after(toNs, error), -1) ? std::optional(spend) : std::nullopt;
        wholeFrom = firstHour + 1;
    }
    if (wholeFrom < lastHour && !add(range(wholeFrom, lastHour, error), 1))
        return std::nullopt;
    if (!toOnHour && !(add(hour(lastHour, error), 1) && add(after(toNs, error), -1)))
        return std::nullopt;
    return spend;
}

void SpendIndex::sweep()
{
    for (auto it = m_ranges.begin(); it != m_ranges.end();) {
        if (!it->second.used) {
            it = m_ranges.erase(it);
            continue;
        }
        it->second.used = false;
        ++it;
    }
    const qint64 lowest = std::exchange(m_lowestAsked, std::numeric_limits<qint64>::max());
    std::erase_if(m_heads, [](const auto &head) { return !head.second.used; });
    for (auto &[hour, head] : m_heads)
        head.used = false;
    // Hours before the earliest one used are not asked for again (periods and windows only move forward);
    // hour() loads an older one again if it is.
    if (lowest != std::numeric_limits<qint64>::max() && lowest > m_loadedFrom) {
        m_hours.erase(m_hours.begin(), m_hours.lower_bound(lowest));
        m_loadedFrom = lowest;
    }
}

} // namespace Burnrate::Budgets
