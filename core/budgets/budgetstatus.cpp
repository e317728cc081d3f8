#include "budgetstatus.h"

#include "storage/overview.h"
#include "storage/report.h"

#include <QHash>
#include <QMap>
#include <tuple>

namespace Burnrate::Budgets {

namespace {

Storage::Dimension reportDimension(Dimension dimension)
{
    switch (dimension) {
    case Dimension::Provider:
        return Storage::Dimension::Provider;
    case Dimension::Model:
        return Storage::Dimension::Model;
    case Dimension::Feature:
        return Storage::Dimension::Feature;
    case Dimension::Agent:
        return Storage::Dimension::Agent;
    case Dimension::User:
    case Dimension::All:
        break;
    }
    return Storage::Dimension::User;
}

} // namespace

std::optional<QList<BudgetStatus>> budgetStatuses(const QSqlDatabase &db, const QList<Budget> &budgets,
                                                  qint64 nowNs, Error *error)
{
    // (from, to, dimension) → spend per scope value ("" for Dimension::All).
    using RangeKey = std::tuple<qint64, qint64, Dimension>;
    QMap<RangeKey, QHash<QString, qint64>> sums;
    const auto spend = [&](const Scope &scope, qint64 from, qint64 to) -> std::optional<qint64> {
        const RangeKey key{from, to, scope.dimension};
        auto it = sums.find(key);
        if (it == sums.end()) {
            QHash<QString, qint64> values;
            if (scope.dimension == Dimension::All) {
                const auto total = Storage::costBetween(db, from, to, error);
                if (!total)
                    return std::nullopt;
                values.insert(QString(), *total);
            } else {
                Storage::ReportQuery query;
                query.sinceNs = from;
                query.untilNs = to;
                query.groupBy = {reportDimension(scope.dimension)};
                const auto rows = Storage::runReport(db, query, error);
                if (!rows)
                    return std::nullopt;
                for (const Storage::ReportRow &row : *rows) {
                    if (!row.keys.constFirst().isNull())
                        values[row.keys.constFirst()] += row.costMicros;
                }
            }
            it = sums.insert(key, values);
        }
        return it->value(scope.dimension == Dimension::All ? QString() : scope.value);
    };

    QList<BudgetStatus> statuses;
    for (const Budget &budget : budgets) {
        BudgetStatus status;
        status.bounds = periodBounds(budget.period, budget.zone, nowNs);
        const auto spent = spend(budget.scope, status.bounds.startNs, status.bounds.endNs);
        const auto recent =
            spent ? spend(budget.scope, rateWindowStartNs(budget, nowNs), status.bounds.endNs) : std::nullopt;
        if (!recent)
            return std::nullopt;
        status.spentMicros = *spent;
        status.projection = project(budget, {*spent, *recent}, nowNs);
        statuses.append(status);
    }
    return statuses;
}

std::optional<QList<BudgetStatus>> budgetStatuses(SpendIndex &index, const QList<Budget> &budgets,
                                                  qint64 nowNs, Error *error)
{
    const auto spend = [&](const Scope &scope, qint64 from, qint64 to) -> std::optional<qint64> {
        const std::optional<SpendIndex::Spend> s = index.spend(from, to, error);
        if (!s)
            return std::nullopt;
        switch (scope.dimension) {
        case Dimension::All:
            return s->total();
        case Dimension::Provider:
            return s->value(SpendIndex::Provider, scope.value);
        case Dimension::Model:
            return s->value(SpendIndex::Model, scope.value);
        case Dimension::Feature:
            return s->value(SpendIndex::Feature, scope.value);
        case Dimension::Agent:
            return s->value(SpendIndex::Agent, scope.value);
        case Dimension::User:
            return s->value(SpendIndex::User, scope.value);
        }
        return 0;
    };

    QList<BudgetStatus> statuses;
    statuses.reserve(budgets.size());
    for (const Budget &budget : budgets) {
        BudgetStatus status;
        status.bounds = periodBounds(budget.period, budget.zone, nowNs);
        const auto spent = spend(budget.scope, status.bounds.startNs, status.bounds.endNs);
        const auto recent =
            spent ? spend(budget.scope, rateWindowStartNs(budget, nowNs), status.bounds.endNs) : std::nullopt;
        if (!recent)
            return std::nullopt;
        status.spentMicros = *spent;
        status.projection = project(budget, {*spent, *recent}, nowNs);
        statuses.append(status);
    }
    return statuses;
}

} // namespace Burnrate::Budgets
