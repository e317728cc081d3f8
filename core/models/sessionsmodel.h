// The sessions of a time range: session, agents, calls, tokens, cost, first and last seen, duration.
// A few thousand rows at most (loadSessions' limit), so they are held and sorted in memory. GUI thread.
#pragma once

#include "storage/calls.h"

#include <QAbstractTableModel>
#include <QLocale>

namespace Burnrate::Models {

class SessionsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        SessionColumn,
        CallsColumn,
        TokensColumn,
        CostColumn,
        FirstColumn,
        LastColumn,
        DurationColumn,
        AgentsColumn, // last: a list of any length, it takes the room the figures leave
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole, SessionIdRole, FirstNsRole, LastNsRole };

    explicit SessionsModel(QObject *parent = nullptr);

    void setRows(const QList<Storage::SessionRow> &rows); // resets, keeps the current sort
    const Storage::SessionRow &session(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    void sortRows();

    QList<Storage::SessionRow> m_rows;
    int m_sortColumn = CostColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
    QLocale m_locale;
};

} // namespace Burnrate::Models
