#include "cachesavings.h"

#include "common/timeutil.h"
#include "pricing/pricetable.h"

#include <QDate>
#include <QHash>
#include <QMap>
#include <algorithm>
#include <limits>

namespace Burnrate::Storage {

namespace {

constexpr qint64 kPicoPerMicro = 1'000'000;

} // namespace

void CacheSavings::add(qint64 cacheReadTokens, qint64 cacheWriteTokens, const Pricing::ModelPrice &price)
{
    using Int128 = decltype(m_pico);
    m_pico += Int128(cacheReadTokens) * (price.inputPico - price.cacheReadPico) -
              Int128(cacheWriteTokens) * (price.cacheWritePico - price.inputPico);
}

qint64 CacheSavings::savedMicros() const
{
    using Int128 = decltype(m_pico);
    const Int128 micros = m_pico >= 0 ? (m_pico + kPicoPerMicro / 2) / kPicoPerMicro
                                      : -((-m_pico + kPicoPerMicro / 2) / kPicoPerMicro);
    constexpr qint64 kMax = std::numeric_limits<qint64>::max();
    constexpr qint64 kMin = std::numeric_limits<qint64>::min();
    return micros > kMax ? kMax : micros < kMin ? kMin : qint64(micros);
}

std::optional<CacheSavingsReport> loadCacheSavings(const QSqlDatabase &db, const Pricing::PriceTable &prices,
                                                   const ReportQuery &query, Dimension bucket, Error *error)
{
    Q_ASSERT(bucket == Dimension::Day || bucket == Dimension::Hour);
    // Prices are effective-dated. When every model has one price over the whole range (nearly always), the
    // rows need no days, which makes far fewer of them; otherwise each day is priced on its own.
    const QDate firstDay = Time::fromNs(query.sinceNs, query.zone).date();
    const QDate lastDay = Time::fromNs(std::max(query.untilNs - 1, query.sinceNs), query.zone).date();
    const auto onePrice = [&](const QString &provider, const QString &model) {
        if (model.isNull())
            return true;
        const std::optional<Pricing::ModelPrice> a = prices.find(provider, model, firstDay);
        const std::optional<Pricing::ModelPrice> b = prices.find(provider, model, lastDay);
        return a.has_value() == b.has_value() &&
               (!a || (a->provider == b->provider && a->model == b->model &&
                       a->effectiveFrom == b->effectiveFrom && a->userOverride == b->userOverride));
    };
    ReportQuery byModel = query;
    byModel.groupBy = {Dimension::Provider, Dimension::Model, Dimension::Feature};
    std::optional<QList<ReportRow>> rows = runReport(db, byModel, error);
    if (!rows)
        return std::nullopt;
    const bool perDay = std::any_of(rows->cbegin(), rows->cend(), [&](const ReportRow &r) {
        return !onePrice(r.keys.at(0), r.keys.at(1));
    });
    if (perDay) {
        byModel.groupBy.append(Dimension::Day); // all four dimensions are in the rollup
        rows = runReport(db, byModel, error);
        if (!rows)
            return std::nullopt;
    }

    struct Group
    {
        CacheSavingsRow row;
        CacheSavings saved;
    };
    QHash<QStringList, Group> groups;
    CacheSavings total;
    CacheSavingsReport report;
    for (const ReportRow &r : *rows) {
        Group &g = groups[r.keys.mid(0, 3)];
        g.row.provider = r.keys.at(0);
        g.row.model = r.keys.at(1);
        g.row.feature = r.keys.at(2);
        g.row.calls += r.calls;
        g.row.inputTokens += r.inputTokens;
        g.row.cacheReadTokens += r.cacheReadTokens;
        g.row.cacheWriteTokens += r.cacheWriteTokens;
        g.row.costMicros += r.costMicros;
        report.inputTokens += r.inputTokens;
        report.cacheReadTokens += r.cacheReadTokens;
        const std::optional<Pricing::ModelPrice> price =
            r.keys.at(1).isNull()
                ? std::nullopt
                : prices.find(r.keys.at(0), r.keys.at(1),
                              perDay ? QDate::fromString(r.keys.at(3), Qt::ISODate) : lastDay);
        if (!price) {
            g.row.priced = false;
            continue;
        }
        g.saved.add(r.cacheReadTokens, r.cacheWriteTokens, *price);
        total.add(r.cacheReadTokens, r.cacheWriteTokens, *price);
    }
    for (auto it = groups.begin(); it != groups.end(); ++it) {
        it->row.savedMicros = it->saved.savedMicros();
        report.rows.append(it->row);
    }
    std::sort(report.rows.begin(), report.rows.end(), [](const CacheSavingsRow &a, const CacheSavingsRow &b) {
        if (a.savedMicros != b.savedMicros)
            return a.savedMicros > b.savedMicros;
        return std::tie(a.provider, a.model, a.feature) < std::tie(b.provider, b.model, b.feature);
    });
    report.savedMicros = total.savedMicros();

    if (perDay && bucket == Dimension::Day) { // the rows above have the days already
        QMap<QString, CacheHitPoint> days;
        for (const ReportRow &r : *rows) {
            CacheHitPoint &p = days[r.keys.at(3)];
            p.key = r.keys.at(3);
            p.inputTokens += r.inputTokens;
            p.cacheReadTokens += r.cacheReadTokens;
        }
        report.hitRate = days.values();
        return report;
    }
    ReportQuery overTime = query;
    overTime.groupBy = {bucket};
    const std::optional<QList<ReportRow>> buckets = runReport(db, overTime, error);
    if (!buckets)
        return std::nullopt;
    for (const ReportRow &r : *buckets)
        report.hitRate.append({r.keys.at(0), r.inputTokens, r.cacheReadTokens});
    return report;
}

} // namespace Burnrate::Storage
