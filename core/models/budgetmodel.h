// The Budgets screen's table: one row per budget with its period, spend, share of the limit, period-end
// projection and tier state. Rows are matched by budget id and updated in place, so views keep their
// selection. GUI thread.
#pragma once

#include "budgets/budget.h"
#include "budgets/budgetstatus.h"
#include "budgets/tierstate.h"

#include <QAbstractTableModel>
#include <QList>
#include <QLocale>
#include <QSqlDatabase>
#include <QStringList>

namespace Burnrate::Models {

struct BudgetRow
{
    Budgets::Budget budget;
    Budgets::BudgetStatus status;
    Budgets::TierState state; // as stored; a state from an earlier period shows as nothing fired

    friend bool operator==(const BudgetRow &a, const BudgetRow &b);
};

class BudgetModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        ScopeColumn,
        PeriodColumn,
        SpentColumn,
        PercentColumn, // the share of the limit, drawn as a bar by the view
        ProjectedColumn,
        StateColumn,
        KillColumn, // what the kill switch does when the escalation tier fires
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // numbers for the money and percent columns, text for the others
        BudgetIdRole,            // qint64, on every column
        PercentRole,             // double: spent as a percentage of the limit, on every column
        ReachedTierRole,         // int: the highest tier percent the spend has reached, 0 for none
        NeedsAttentionRole,      // bool: a fired tier or forecast that is not acknowledged
        SnoozedRole,             // bool: the budget is snoozed now
    };

    explicit BudgetModel(QObject *parent = nullptr);

    // `nowNs` decides what "snoozed until" and a stale state mean.
    void setRows(const QList<BudgetRow> &rows, qint64 nowNs);
    const QList<BudgetRow> &rows() const { return m_rows; }
    // -1 when no row has that id.
    int rowOf(qint64 budgetId) const;

    // "All spend", "Agent: research-agent".
    static QString scopeLabel(const Budgets::Scope &scope);
    static QString dimensionLabel(Budgets::Dimension dimension);
    static QString periodLabel(Budgets::Period period);
    // "Notify only", "Observe", "Enforce": the choices of a budget's kill action.
    static QString killActionLabel(Budgets::KillAction action);
    // One sentence on what the budget's kill action does to its agent when the escalation tier fires,
    // for the dialog and the Kill column's tooltip; says so when the scope names no agent to stop.
    static QString killActionExplanation(const Budgets::Budget &budget);
    // The Kill column's text: "—", "Observe", "Stop agent X", "Stop all agents".
    static QString killActionText(const Budgets::Budget &budget);
    // The state column's text: fired tiers, acknowledged or not, the forecast, the snooze.
    QString stateText(const BudgetRow &row) const;
    // The projection column's text, with "on track to exceed on <date>" when it crosses the limit.
    QString projectionText(const BudgetRow &row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString money(qint64 micros, qint64 limitMicros) const;
    bool current(const BudgetRow &row) const; // the state belongs to the row's current period

    QLocale m_locale;
    QList<BudgetRow> m_rows;
    qint64 m_nowNs = 0;
};

// The values a scope dimension has taken in the stored spend since `sinceNs`, sorted, for the budget
// dialog's suggestions: from the hourly rollup, or (users) from the recent events through the time index.
QStringList knownScopeValues(const QSqlDatabase &db, Budgets::Dimension dimension, qint64 sinceNs,
                             Error *error);

} // namespace Burnrate::Models
