// The Alerts screen's history: one row per stored alert, newest appended, acknowledgements updated in
// place; AlertFilterModel narrows it by kind, acknowledgement and time. GUI thread.
#pragma once

#include "budgets/budgetstore.h"

#include <QAbstractTableModel>
#include <QList>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <optional>

namespace Burnrate::Models {

class AlertModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        KindColumn,
        SubjectColumn, // the budget's name, or the scope of an anomaly or loop
        TierColumn,
        ValueColumn, // value against the limit (or the anomaly's usual hourly spend)
        MessageColumn,
        AcknowledgedColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // numbers for time, tier, value; text for the others
        AlertIdRole,             // qint64, on every column
        KindRole,                // int(Budgets::Alert::Kind), on every column
        AcknowledgedRole,        // bool, on every column
        FiredAtRole,             // qint64 ns, on every column
    };

    explicit AlertModel(QObject *parent = nullptr);

    // The stored history (oldest first): rows are matched by id; new ones are inserted, changed ones
    // updated, missing ones removed.
    void setAlerts(const QList<Budgets::Alert> &alerts);
    // A newly raised alert; ignored when its id is already shown.
    void addAlert(const Budgets::Alert &alert);
    void setAcknowledged(qint64 alertId);
    const QList<Budgets::Alert> &alerts() const { return m_alerts; }
    int rowOf(qint64 alertId) const;
    int unacknowledgedCount() const;

    static QString kindLabel(Budgets::Alert::Kind kind);
    // The alert's detail in words: what fired, the figures, the top contributors (agent, model, feature,
    // cost) and the trace ids, and any other field the detail carries.
    static QString detailText(const Budgets::Alert &alert);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString valueText(const Budgets::Alert &alert) const;

    QLocale m_locale;
    QList<Budgets::Alert> m_alerts;
};

// Filters the history; sorts by AlertModel::SortRole.
class AlertFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit AlertFilterModel(QObject *parent = nullptr);

    void setKind(std::optional<Budgets::Alert::Kind> kind); // nullopt: every kind
    void setUnacknowledgedOnly(bool only);
    void setSinceNs(qint64 sinceNs); // 0: all time

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    // Ties (alerts of one evaluation share their time) fall back to the id, the order they were raised in.
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    std::optional<Budgets::Alert::Kind> m_kind;
    bool m_unacknowledgedOnly = false;
    qint64 m_sinceNs = 0;
};

} // namespace Burnrate::Models
