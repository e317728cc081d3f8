// Spend broken down by one dimension (the Overview's top features and top agents): name, calls, tokens,
// cost and share of the range's total. Updated in place from each new snapshot, so views keep their
// selection and scroll position. GUI thread.
#pragma once

#include "storage/overview.h"

#include <QAbstractTableModel>
#include <QList>
#include <QLocale>

namespace Burnrate::Models {

class SpendBreakdownModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, CallsColumn, TokensColumn, CostColumn, ShareColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole, // numbers for the numeric columns, the name for the name column
        KeyRole,                 // the raw key; empty for calls without one
    };

    // nameHeader: "Feature"; noneLabel: what a row without a key is called, "(no feature)".
    SpendBreakdownModel(QString nameHeader, QString noneLabel, QObject *parent = nullptr);

    // Rows are matched by key: changed rows emit dataChanged, new ones are inserted, missing ones
    // removed. totalMicros is what the share column divides by.
    void setRows(const QList<Storage::BreakdownRow> &rows, qint64 totalMicros);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString costText(qint64 micros) const;
    double share(qint64 micros) const;

    QString m_nameHeader;
    QString m_noneLabel;
    QLocale m_locale;                    // the default locale when the model was made
    QList<Storage::BreakdownRow> m_rows; // in insertion order; a proxy sorts
    qint64 m_totalMicros = 0;
    int m_costDecimals = 2; // one precision for the whole cost column
};

} // namespace Burnrate::Models
