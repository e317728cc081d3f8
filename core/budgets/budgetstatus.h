// Where a budget stands now: its period, what it has spent and the period-end projection, read from the
// usage tables through the report queries (rollup for whole hours, raw events for the edges). Runs on the
// calling thread's own connection.
#pragma once

#include "budget.h"
#include "common/error.h"
#include "forecast.h"
#include "spendindex.h"

#include <QList>
#include <QSqlDatabase>
#include <optional>

namespace Burnrate::Budgets {

struct BudgetStatus
{
    PeriodBounds bounds;
    qint64 spentMicros = 0;
    std::optional<Projection> projection;
};

// One status per budget, in order. Spend counts every call of the period containing `nowNs`, also calls
// stamped a little after `nowNs` by an agent whose clock runs ahead. Budgets that share a time range and a
// scope dimension share one grouped query, so hundreds of budgets cost a few queries.
std::optional<QList<BudgetStatus>> budgetStatuses(const QSqlDatabase &db, const QList<Budget> &budgets,
                                                  qint64 nowNs, Error *error);
// The same from `index` (refreshed by the caller) without a query over the events: every scope, users
// included (rollup_attr), comes from its hour sums.
std::optional<QList<BudgetStatus>> budgetStatuses(SpendIndex &index, const QList<Budget> &budgets,
                                                  qint64 nowNs, Error *error);

} // namespace Burnrate::Budgets
