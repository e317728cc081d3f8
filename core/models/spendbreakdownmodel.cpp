#include "spendbreakdownmodel.h"

#include "common/money.h"

#include <algorithm>

namespace Burnrate::Models {

namespace {

bool sameFigures(const Storage::BreakdownRow &a, const Storage::BreakdownRow &b)
{
    return a.calls == b.calls && a.tokens == b.tokens && a.costMicros == b.costMicros;
}

} // namespace

SpendBreakdownModel::SpendBreakdownModel(QString nameHeader, QString noneLabel, QObject *parent)
    : QAbstractTableModel(parent)
    , m_nameHeader(std::move(nameHeader))
    , m_noneLabel(std::move(noneLabel))
{}

void SpendBreakdownModel::setRows(const QList<Storage::BreakdownRow> &rows, qint64 totalMicros)
{
    // Remove the rows that are gone, from the bottom so the indexes stay valid.
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        const QString &key = m_rows.at(i).key;
        const bool kept = std::any_of(rows.cbegin(), rows.cend(),
                                      [&](const Storage::BreakdownRow &r) { return r.key == key; });
        if (!kept) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }

    qint64 largest = 0;
    for (const Storage::BreakdownRow &r : rows)
        largest = std::max(largest, r.costMicros);
    const int decimals = Money::decimalsFor(largest);
    // Share and cost text of every row depend on the total and the column's precision.
    const bool allChanged = totalMicros != m_totalMicros || decimals != m_costDecimals;
    m_totalMicros = totalMicros;
    m_costDecimals = decimals;

    if (allChanged && !m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, CostColumn), index(int(m_rows.size()) - 1, ShareColumn));
    for (const Storage::BreakdownRow &r : rows) {
        const auto it = std::find_if(m_rows.begin(), m_rows.end(),
                                     [&](const Storage::BreakdownRow &mine) { return mine.key == r.key; });
        if (it == m_rows.end()) {
            const int row = int(m_rows.size());
            beginInsertRows({}, row, row);
            m_rows.append(r);
            endInsertRows();
        } else if (!sameFigures(*it, r)) {
            *it = r;
            const int row = int(it - m_rows.begin());
            Q_EMIT dataChanged(index(row, CallsColumn), index(row, ShareColumn));
        }
    }
}

int SpendBreakdownModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SpendBreakdownModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SpendBreakdownModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Storage::BreakdownRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NameColumn:
            return row.key.isEmpty() ? m_noneLabel : row.key;
        case CallsColumn:
            return m_locale.toString(row.calls);
        case TokensColumn:
            return m_locale.toString(row.tokens);
        case CostColumn:
            return costText(row.costMicros);
        case ShareColumn:
            return QString(m_locale.toString(share(row.costMicros), 'f', 1) + m_locale.percent());
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == NameColumn)
            return row.key.isEmpty() ? m_noneLabel : row.key;
        break;
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(index.column() == NameColumn ? Qt::AlignLeft | Qt::AlignVCenter
                                                                : Qt::AlignRight | Qt::AlignVCenter);
    case SortRole:
        switch (Column(index.column())) {
        case NameColumn:
            return row.key;
        case CallsColumn:
            return row.calls;
        case TokensColumn:
            return row.tokens;
        case CostColumn:
        case ShareColumn:
            return row.costMicros;
        case ColumnCount:
            break;
        }
        break;
    case KeyRole:
        return row.key;
    default:
        break;
    }
    return {};
}

QVariant SpendBreakdownModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(section == NameColumn ? Qt::AlignLeft | Qt::AlignVCenter
                                                         : Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return m_nameHeader;
    case CallsColumn:
        return tr("Calls");
    case TokensColumn:
        return tr("Tokens");
    case CostColumn:
        return tr("Cost");
    case ShareColumn:
        return tr("Share");
    case ColumnCount:
        break;
    }
    return {};
}

QString SpendBreakdownModel::costText(qint64 micros) const
{
    return Money::formatUsd(micros, m_locale, m_costDecimals);
}

double SpendBreakdownModel::share(qint64 micros) const
{
    return m_totalMicros > 0 ? 100.0 * double(micros) / double(m_totalMicros) : 0.0;
}

} // namespace Burnrate::Models
