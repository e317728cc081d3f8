// A read-only table of prepared cells for the Explore screen's side panels (cache savings, what-if,
// routing candidates): the panel formats each cell once, the model serves text, alignment and a sort key.
// Reset on each new result. GUI thread.
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>
#include <QVariant>

namespace Burnrate::Models {

struct ExploreCell
{
    QString text;
    QVariant sortValue;  // what SortRole returns; the text when invalid
    bool number = false; // right-aligned
    QString toolTip;
};

class ExploreTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role { SortRole = Qt::UserRole };

    explicit ExploreTableModel(QObject *parent = nullptr);

    // Every row has headers.size() cells (missing ones are empty, extra ones ignored).
    void setTable(const QStringList &headers, const QList<QList<ExploreCell>> &rows);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_headers;
    QList<QList<ExploreCell>> m_rows;
};

} // namespace Burnrate::Models
