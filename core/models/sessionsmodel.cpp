#include "sessionsmodel.h"

#include "callsmodel.h"
#include "common/money.h"

#include <algorithm>

namespace Burnrate::Models {

namespace {

QVariant sortKey(const Storage::SessionRow &s, int column)
{
    switch (column) {
    case SessionsModel::SessionColumn:
        return s.sessionId;
    case SessionsModel::AgentsColumn:
        return s.agents.join(u", ");
    case SessionsModel::CallsColumn:
        return s.calls;
    case SessionsModel::TokensColumn:
        return s.tokens;
    case SessionsModel::CostColumn:
        return s.costMicros;
    case SessionsModel::FirstColumn:
        return s.firstNs;
    case SessionsModel::LastColumn:
        return s.lastNs;
    case SessionsModel::DurationColumn:
        return s.lastNs - s.firstNs;
    }
    return {};
}

} // namespace

SessionsModel::SessionsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void SessionsModel::setRows(const QList<Storage::SessionRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    sortRows();
    endResetModel();
}

void SessionsModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<QString> ids;
    for (const QModelIndex &i : before)
        ids.append(m_rows.at(i.row()).sessionId);
    m_sortColumn = column;
    m_sortOrder = order;
    sortRows();
    QModelIndexList after;
    for (qsizetype k = 0; k < before.size(); ++k) {
        const auto it = std::find_if(m_rows.cbegin(), m_rows.cend(),
                                     [&](const Storage::SessionRow &s) { return s.sessionId == ids.at(k); });
        after.append(index(int(it - m_rows.cbegin()), before.at(k).column()));
    }
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void SessionsModel::sortRows()
{
    const int column = m_sortColumn;
    const bool ascending = m_sortOrder == Qt::AscendingOrder;
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [&](const Storage::SessionRow &a, const Storage::SessionRow &b) {
                         const QVariant x = sortKey(a, column);
                         const QVariant y = sortKey(b, column);
                         const QPartialOrdering c = QVariant::compare(x, y);
                         if (c == QPartialOrdering::Equivalent)
                             return ascending ? a.sessionId < b.sessionId : a.sessionId > b.sessionId;
                         return ascending ? c == QPartialOrdering::Less : c == QPartialOrdering::Greater;
                     });
}

int SessionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SessionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Storage::SessionRow &s = m_rows.at(index.row());
    switch (role) {
    case SortRole:
        return sortKey(s, index.column());
    case SessionIdRole:
        return s.sessionId;
    case FirstNsRole:
        return s.firstNs;
    case LastNsRole:
        return s.lastNs;
    case Qt::TextAlignmentRole:
        return (index.column() == CallsColumn || index.column() == TokensColumn ||
                index.column() == CostColumn || index.column() == DurationColumn)
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::DisplayRole:
        switch (index.column()) {
        case SessionColumn:
            return s.sessionId;
        case AgentsColumn:
            return s.agents.join(u", ");
        case CallsColumn:
            return m_locale.toString(s.calls);
        case TokensColumn:
            return m_locale.toString(s.tokens);
        case CostColumn:
            return Money::formatUsdForDisplay(s.costMicros, m_locale);
        case FirstColumn:
            return CallsModel::localTimeText(s.firstNs, m_locale);
        case LastColumn:
            return CallsModel::localTimeText(s.lastNs, m_locale);
        case DurationColumn:
            return CallsModel::durationText(std::max<qint64>(0, s.lastNs - s.firstNs), m_locale);
        }
        return {};
    default:
        return {};
    }
}

QVariant SessionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return (section == CallsColumn || section == TokensColumn || section == CostColumn ||
                section == DurationColumn)
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SessionColumn:
        return tr("Session");
    case AgentsColumn:
        return tr("Agents");
    case CallsColumn:
        return tr("Calls");
    case TokensColumn:
        return tr("Tokens");
    case CostColumn:
        return tr("Cost");
    case FirstColumn:
        return tr("First seen");
    case LastColumn:
        return tr("Last seen");
    case DurationColumn:
        return tr("Duration");
    }
    return {};
}

} // namespace Burnrate::Models
