#include "reconcile.h"

#include "common/timeutil.h"
#include "pricing/pricetable.h"
#include "sqliteutil.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace Burnrate::Storage {

namespace {

constexpr qint64 kNanosPerDay = 24 * Time::kNanosPerHour;
const QDate kEpoch(1970, 1, 1);

// The UTC day of a bucket start, as in C++ floorDiv (bucket starts may in theory precede 1970).
const QString kDaySql = QStringLiteral("(CASE WHEN bucket_start_ns >= 0 THEN bucket_start_ns / %1 "
                                       "ELSE (bucket_start_ns + 1) / %1 - 1 END)")
                            .arg(kNanosPerDay);

QString dayKey(qint64 dayIndex)
{
    return kEpoch.addDays(dayIndex).toString(Qt::ISODate);
}

bool fail(Error *error, Error e)
{
    if (error)
        *error = std::move(e);
    return false;
}

bool queryFailed(const QSqlDatabase &db, const QSqlQuery &q, Error *error)
{
    const QSqlError e = q.lastError();
    return fail(error,
                Sqlite::databaseError(db.databaseName(), e.nativeErrorCode().toInt(), e.databaseText()));
}

// Checks what every billed query needs: an open database and a range that is not reversed.
bool checkRange(const QSqlDatabase &db, qint64 sinceNs, qint64 untilNs, Error *error)
{
    if (sinceNs > untilNs)
        return fail(error, {Error::Code::InvalidInput,
                            QCoreApplication::translate("Burnrate::Storage",
                                                        "The start of the report (%1) is after its end (%2).")
                                .arg(Time::toIsoUtc(sinceNs), Time::toIsoUtc(untilNs))});
    if (!db.isOpen())
        return fail(error, {Error::Code::Database,
                            QCoreApplication::translate("Burnrate::Storage", "The database is not open.")});
    return true;
}

// Whole UTC days: the cost endpoints' grain.
std::pair<qint64, qint64> wholeDays(qint64 sinceNs, qint64 untilNs)
{
    return {Time::floorDiv(sinceNs, kNanosPerDay) * kNanosPerDay,
            -Time::floorDiv(-untilNs, kNanosPerDay) * kNanosPerDay};
}

struct BilledSums
{
    qint64 costMicros = 0;
    bool hasCost = false; // a cost row contributed (it may be $0)
    qint64 requests = -1;
    qint64 inputTokens = 0, outputTokens = 0, cacheReadTokens = 0, cacheWriteTokens = 0;
};

// Billed sums over buckets starting in [sinceNs, untilNs), keyed by `groupBy` (billed dimensions), from
// provider_costs and provider_usage. Both are searched by their key's leading bucket_start_ns.
class BilledQuery
{
public:
    BilledQuery(const QSqlDatabase &db, qint64 sinceNs, qint64 untilNs, const QList<Dimension> &groupBy,
                const QList<ReportFilter> &filters)
        : m_db(db)
        , m_since(sinceNs)
        , m_until(untilNs)
        , m_groupBy(groupBy)
        , m_filters(filters)
    {}

    bool run(Error *error);
    const QHash<QStringList, BilledSums> &groups() const { return m_groups; }

private:
    enum class Table { Costs, Usage };
    bool select(Table table, Error *error);

    const QSqlDatabase &m_db;
    const qint64 m_since;
    const qint64 m_until;
    const QList<Dimension> &m_groupBy;
    const QList<ReportFilter> &m_filters;
    QHash<QStringList, BilledSums> m_groups;
};

void addSums(BilledSums &into, const BilledSums &s)
{
    into.costMicros += s.costMicros;
    into.hasCost = into.hasCost || s.hasCost;
    if (s.requests >= 0)
        into.requests = std::max<qint64>(into.requests, 0) + s.requests;
    into.inputTokens += s.inputTokens;
    into.outputTokens += s.outputTokens;
    into.cacheReadTokens += s.cacheReadTokens;
    into.cacheWriteTokens += s.cacheWriteTokens;
}

// The price table's name of a model on a day ("claude-sonnet-4-5" for "claude-sonnet-4-5-20250929"),
// remembered per (day, provider, model); the id itself when no price matches or there is no table.
class ModelNames
{
public:
    explicit ModelNames(const Pricing::PriceTable *prices)
        : m_prices(prices)
    {}

    QString canonical(const QString &day, const QString &provider, const QString &model)
    {
        if (!m_prices || model.isEmpty())
            return model;
        const QStringList key{day, provider, model};
        auto it = m_names.constFind(key);
        if (it == m_names.cend()) {
            const std::optional<Pricing::ModelPrice> price =
                m_prices->find(provider, model, QDate::fromString(day, Qt::ISODate));
            it = m_names.insert(key, price ? price->model : model);
        }
        return *it;
    }

private:
    const Pricing::PriceTable *m_prices;
    QHash<QStringList, QString> m_names;
};

QString billedColumn(Dimension d)
{
    switch (d) {
    case Dimension::Provider:
        return QStringLiteral("provider");
    case Dimension::Model:
        return QStringLiteral("model");
    case Dimension::Project:
        return QStringLiteral("project_id");
    default:
        return kDaySql;
    }
}

bool BilledQuery::run(Error *error)
{
    // A day filter is a range of bucket starts; anything else is not a day.
    for (const ReportFilter &f : m_filters) {
        if (f.dimension == Dimension::Day && !QDate::fromString(f.value, Qt::ISODate).isValid())
            return fail(error, {Error::Code::InvalidInput,
                                QCoreApplication::translate("Burnrate::Storage",
                                                            "The day filter '%1' is not a date (YYYY-MM-DD).")
                                    .arg(f.value)});
    }
    return m_since >= m_until || (select(Table::Costs, error) && select(Table::Usage, error));
}

bool BilledQuery::select(Table table, Error *error)
{
    const bool costs = table == Table::Costs;
    QStringList grouped;
    for (Dimension d : m_groupBy)
        grouped.append(billedColumn(d));
    QStringList selected = grouped;
    selected.append(
        costs ? QStringLiteral("sum(cost_micros), count(*)")
              : QStringLiteral("sum(input_tokens + cache_read_tokens + cache_write_tokens), "
                               "sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens), "
                               "sum(CASE WHEN requests >= 0 THEN requests END), count(*)"));
    QString sql = u"SELECT " + selected.join(u", ") + u" FROM " +
                  (costs ? u"provider_costs" : u"provider_usage") +
                  u" WHERE bucket_start_ns >= ? AND bucket_start_ns < ?";
    QVariantList binds{m_since, m_until};
    // Filters on one dimension are OR-ed, on different dimensions AND-ed; '' is "none" in these tables.
    for (Dimension d : {Dimension::Provider, Dimension::Model, Dimension::Project, Dimension::Day}) {
        QStringList alternatives;
        for (const ReportFilter &f : m_filters) {
            if (f.dimension != d)
                continue;
            if (d == Dimension::Day) {
                const qint64 start = kEpoch.daysTo(QDate::fromString(f.value, Qt::ISODate)) * kNanosPerDay;
                alternatives.append(QStringLiteral("(bucket_start_ns >= ? AND bucket_start_ns < ?)"));
                binds << start << start + kNanosPerDay;
            } else {
                alternatives.append(billedColumn(d) + u" = ?");
                binds << (f.value.isNull() ? QStringLiteral("") : f.value); // a null QString binds NULL
            }
        }
        if (!alternatives.isEmpty())
            sql += u" AND (" + alternatives.join(u" OR ") + u')';
    }
    if (!grouped.isEmpty())
        sql += u" GROUP BY " + grouped.join(u", ");

    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    bool ok = q.prepare(sql);
    for (const QVariant &v : std::as_const(binds))
        q.addBindValue(v);
    if (!ok || !q.exec())
        return queryFailed(m_db, q, error);
    const int sumsAt = int(m_groupBy.size());
    QStringList keys(m_groupBy.size());
    while (q.next()) {
        if (q.value(int(selected.size()) - 1).toLongLong() == 0)
            continue; // an aggregate without GROUP BY over no rows
        for (int i = 0; i < sumsAt; ++i)
            keys[i] =
                m_groupBy.at(i) == Dimension::Day ? dayKey(q.value(i).toLongLong()) : q.value(i).toString();
        BilledSums &g = m_groups[keys];
        if (costs) {
            g.costMicros += q.value(sumsAt).toLongLong();
            g.hasCost = true;
            continue;
        }
        g.inputTokens += q.value(sumsAt).toLongLong();
        g.outputTokens += q.value(sumsAt + 1).toLongLong();
        g.cacheReadTokens += q.value(sumsAt + 2).toLongLong();
        g.cacheWriteTokens += q.value(sumsAt + 3).toLongLong();
        if (!q.value(sumsAt + 4).isNull())
            g.requests = std::max<qint64>(g.requests, 0) + q.value(sumsAt + 4).toLongLong();
    }
    return !q.lastError().isValid() || queryFailed(m_db, q, error);
}

bool refuseDimension(Dimension d, Error *error)
{
    return fail(error, {Error::Code::InvalidInput,
                        QCoreApplication::translate("Burnrate::Storage",
                                                    "%1 is not a dimension of billed spend; use provider, "
                                                    "model, project or day.")
                            .arg(dimensionName(d))});
}

} // namespace

bool isBilledDimension(Dimension d)
{
    return d == Dimension::Provider || d == Dimension::Model || d == Dimension::Project ||
           d == Dimension::Day;
}

std::optional<QList<BilledRow>> runBilledReport(const QSqlDatabase &db, const ReportQuery &query,
                                                Error *error)
{
    return runBilledReport(db, query, nullptr, error);
}

std::optional<QList<BilledRow>> runBilledReport(const QSqlDatabase &db, const ReportQuery &query,
                                                const Pricing::PriceTable *prices, Error *error)
{
    for (Dimension d : query.groupBy) {
        if (!isBilledDimension(d)) {
            refuseDimension(d, error);
            return std::nullopt;
        }
    }
    for (const ReportFilter &f : query.filters) {
        if (!isBilledDimension(f.dimension)) {
            refuseDimension(f.dimension, error);
            return std::nullopt;
        }
    }
    if (!checkRange(db, query.sinceNs, query.untilNs, error))
        return std::nullopt;
    const auto [since, until] = wholeDays(query.sinceNs, query.untilNs);

    // Usage endpoints name dated snapshots, cost endpoints often the model: with a price table, both are
    // read per (provider, day, model) and merged under the price table's name, and a model filter matches
    // that name. The requested dimensions come first in the key, the helpers after them.
    const bool byModel = query.groupBy.contains(Dimension::Model) ||
                         std::any_of(query.filters.cbegin(), query.filters.cend(),
                                     [](const ReportFilter &f) { return f.dimension == Dimension::Model; });
    const bool canonical = prices && byModel;
    QList<Dimension> groupBy = query.groupBy;
    QList<ReportFilter> filters;
    QList<ReportFilter> modelFilters;
    for (const ReportFilter &f : query.filters)
        (canonical && f.dimension == Dimension::Model ? modelFilters : filters).append(f);
    if (canonical) {
        for (Dimension d : {Dimension::Provider, Dimension::Day, Dimension::Model}) {
            if (!groupBy.contains(d))
                groupBy.append(d);
        }
    }
    BilledQuery billed(db, since, until, groupBy, filters);
    if (!billed.run(error))
        return std::nullopt;

    QHash<QStringList, BilledSums> groups;
    if (!canonical) {
        groups = billed.groups();
    } else {
        ModelNames names(prices);
        const qsizetype providerAt = groupBy.indexOf(Dimension::Provider);
        const qsizetype dayAt = groupBy.indexOf(Dimension::Day);
        const qsizetype modelAt = groupBy.indexOf(Dimension::Model);
        for (auto it = billed.groups().cbegin(); it != billed.groups().cend(); ++it) {
            const QString &day = it.key().at(dayAt);
            const QString &provider = it.key().at(providerAt);
            const QString model = names.canonical(day, provider, it.key().at(modelAt));
            if (!modelFilters.isEmpty() &&
                std::none_of(modelFilters.cbegin(), modelFilters.cend(), [&](const ReportFilter &f) {
                    return names.canonical(day, provider, f.value) == model;
                }))
                continue;
            QStringList key = it.key().mid(0, query.groupBy.size());
            if (modelAt < key.size())
                key[modelAt] = model;
            addSums(groups[key], it.value());
        }
    }

    QList<BilledRow> rows;
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        const BilledSums &s = it.value();
        rows.append({it.key(), s.costMicros, s.requests, s.inputTokens, s.outputTokens, s.cacheReadTokens,
                     s.cacheWriteTokens});
    }
    const bool chronological = !query.groupBy.isEmpty() && query.groupBy.first() == Dimension::Day;
    std::sort(rows.begin(), rows.end(), [chronological](const BilledRow &a, const BilledRow &b) {
        if (chronological) {
            if (const int c = a.keys.first().compare(b.keys.first()); c != 0)
                return c < 0;
        }
        if (a.costMicros != b.costMicros)
            return a.costMicros > b.costMicros;
        return std::lexicographical_compare(
            a.keys.cbegin(), a.keys.cend(), b.keys.cbegin(), b.keys.cend(),
            [](const QString &x, const QString &y) { return x.compare(y) < 0; });
    });
    return rows;
}

QString gapCauseText(GapCause cause)
{
    switch (cause) {
    case GapCause::UnpricedCalls:
        return QCoreApplication::translate("Burnrate::Storage",
                                           "Some measured calls use a model without a known price and count "
                                           "as $0. Add the model's price to the price overrides.");
    case GapCause::Uninstrumented:
        return QCoreApplication::translate(
            "Burnrate::Storage", "The provider billed calls that telemetry never saw: an application "
                                 "or key without OpenTelemetry instrumentation.");
    case GapCause::PriceDifference:
        return QCoreApplication::translate("Burnrate::Storage",
                                           "The token counts agree but the money does not: cache pricing, "
                                           "discounts, batch rates or a price change.");
    case GapCause::NotFinal:
        return QCoreApplication::translate("Burnrate::Storage",
                                           "The provider's figures for this day are not final yet and may "
                                           "still change.");
    case GapCause::NotBilled:
        return QCoreApplication::translate("Burnrate::Storage",
                                           "The provider reported no cost for this day: its cost endpoint is "
                                           "not polled, or is behind.");
    }
    return {};
}

QString gapCauseName(GapCause cause)
{
    switch (cause) {
    case GapCause::UnpricedCalls:
        return QStringLiteral("unpriced_calls");
    case GapCause::Uninstrumented:
        return QStringLiteral("uninstrumented");
    case GapCause::PriceDifference:
        return QStringLiteral("price_difference");
    case GapCause::NotFinal:
        return QStringLiteral("not_final");
    case GapCause::NotBilled:
        return QStringLiteral("not_billed");
    }
    return {};
}

std::optional<QList<ReconcileRow>> runReconcile(const QSqlDatabase &db, const ReconcileQuery &query,
                                                const Pricing::PriceTable *prices, Error *error)
{
    QList<ReportFilter> providerFilters;
    QList<ReportFilter> modelFilters;
    for (const ReportFilter &f : query.filters) {
        if (f.dimension == Dimension::Provider) {
            providerFilters.append(f);
        } else if (f.dimension == Dimension::Model) {
            modelFilters.append(f);
        } else {
            if (error)
                *error = {Error::Code::InvalidInput,
                          QCoreApplication::translate(
                              "Burnrate::Storage", "Reconciliation filters only by provider and model, not "
                                                   "by %1.")
                              .arg(dimensionName(f.dimension))};
            return std::nullopt;
        }
    }
    if (!checkRange(db, query.sinceNs, query.untilNs, error))
        return std::nullopt;
    const auto [since, until] = wholeDays(query.sinceNs, query.untilNs);

    // Billed and measured side by (UTC day, provider, model); the model filter applies to the matched ids.
    const QList<Dimension> groupBy{Dimension::Day, Dimension::Provider, Dimension::Model};
    BilledQuery billed(db, since, until, groupBy, providerFilters);
    if (!billed.run(error))
        return std::nullopt;
    ReportQuery measuredQuery;
    measuredQuery.sinceNs = since;
    measuredQuery.untilNs = until;
    measuredQuery.groupBy = groupBy;
    measuredQuery.filters = providerFilters;
    measuredQuery.zone = QTimeZone::utc();
    const std::optional<QList<ReportRow>> measured = runReport(db, measuredQuery, error);
    if (!measured)
        return std::nullopt;

    // Both sides name models their own way ("claude-sonnet-4-5-20250929" measured, "claude-sonnet-4-5"
    // billed): the price table's entry is the common name.
    ModelNames names(prices);
    const auto match = [&](const QString &day, const QString &provider, const QString &model) {
        return names.canonical(day, provider, model);
    };
    const auto wanted = [&](const QString &day, const QString &provider, const QString &model) {
        return modelFilters.isEmpty() ||
               std::any_of(modelFilters.cbegin(), modelFilters.cend(),
                           [&](const ReportFilter &f) { return match(day, provider, f.value) == model; });
    };

    QHash<QStringList, ReconcileRow> rows;
    QSet<QStringList> billedProviderDays; // (day, provider) with a cost row
    for (auto it = billed.groups().cbegin(); it != billed.groups().cend(); ++it) {
        const QString &day = it.key().at(0);
        const QString &provider = it.key().at(1);
        const QString model = match(day, provider, it.key().at(2));
        if (!wanted(day, provider, model))
            continue;
        ReconcileRow &row = rows[{day, provider, model}];
        const BilledSums &s = it.value();
        row.billedMicros += s.costMicros;
        if (s.requests >= 0)
            row.billedRequests = std::max<qint64>(row.billedRequests, 0) + s.requests;
        row.billedTokens += s.inputTokens + s.outputTokens;
    }
    // Cost rows count whether or not their model passes the filter: the provider billed that day.
    for (auto it = billed.groups().cbegin(); it != billed.groups().cend(); ++it) {
        if (it.value().hasCost)
            billedProviderDays.insert({it.key().at(0), it.key().at(1)});
    }
    for (const ReportRow &r : *measured) {
        const QString &day = r.keys.at(0);
        const QString &provider = r.keys.at(1);
        const QString model = match(day, provider, r.keys.at(2));
        if (!wanted(day, provider, model))
            continue;
        ReconcileRow &row = rows[{day, provider, model}];
        row.measuredMicros += r.costMicros;
        row.measuredCalls += r.calls;
        row.unpricedCalls += r.unpricedCalls;
        row.measuredTokens += r.inputTokens + r.outputTokens;
    }

    QList<ReconcileRow> result;
    result.reserve(rows.size());
    for (auto it = rows.begin(); it != rows.end(); ++it) {
        ReconcileRow &row = it.value();
        row.day = QDate::fromString(it.key().at(0), Qt::ISODate);
        row.provider = it.key().at(1);
        row.model = it.key().at(2);
        row.differenceMicros = row.billedMicros - row.measuredMicros;
        const qint64 larger = std::max(qAbs(row.billedMicros), qAbs(row.measuredMicros));
        if (qAbs(row.differenceMicros) > std::max<qint64>(larger / 100, 10'000)) {
            if (row.unpricedCalls > 0)
                row.causes.append(GapCause::UnpricedCalls);
            if (row.billedRequests > row.measuredCalls || (row.billedMicros > 0 && row.measuredCalls == 0))
                row.causes.append(GapCause::Uninstrumented);
            const qint64 tokens = std::max(row.billedTokens, row.measuredTokens);
            if (row.billedTokens > 0 && row.measuredTokens > 0 &&
                qAbs(row.billedTokens - row.measuredTokens) <= tokens / 50)
                row.causes.append(GapCause::PriceDifference);
            const qint64 dayEnd = (kEpoch.daysTo(row.day) + 1) * kNanosPerDay;
            if (dayEnd >= query.nowNs - kNanosPerDay)
                row.causes.append(GapCause::NotFinal);
            if (row.measuredMicros > 0 && !billedProviderDays.contains({it.key().at(0), row.provider}))
                row.causes.append(GapCause::NotBilled);
        }
        result.append(row);
    }
    std::sort(result.begin(), result.end(), [](const ReconcileRow &a, const ReconcileRow &b) {
        if (a.day != b.day)
            return a.day < b.day;
        if (a.billedMicros != b.billedMicros)
            return a.billedMicros > b.billedMicros;
        if (const int c = a.provider.compare(b.provider); c != 0)
            return c < 0;
        return a.model.compare(b.model) < 0;
    });
    return result;
}

} // namespace Burnrate::Storage
