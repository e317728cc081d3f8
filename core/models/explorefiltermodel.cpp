#include "explorefiltermodel.h"

namespace Burnrate::Models {

ExploreFilterModel::ExploreFilterModel(QString noneLabel, QObject *parent)
    : QAbstractListModel(parent)
    , m_noneLabel(std::move(noneLabel))
{}

void ExploreFilterModel::setValues(const QStringList &values)
{
    QStringList all = values;
    QSet<QString> listed;
    for (const QString &v : values)
        listed.insert(keyOf(v));
    // Checked values first among the extras, in the order they were listed before.
    for (const QString &v : std::as_const(m_values)) {
        if (m_checked.contains(keyOf(v)) && !listed.contains(keyOf(v))) {
            all.append(v);
            listed.insert(keyOf(v));
        }
    }
    beginResetModel();
    m_values = all;
    endResetModel();
}

void ExploreFilterModel::setChecked(const QStringList &values)
{
    QSet<QString> checked;
    QStringList extra;
    for (const QString &v : values) {
        checked.insert(keyOf(v));
        bool listed = false;
        for (const QString &mine : std::as_const(m_values))
            listed = listed || keyOf(mine) == keyOf(v);
        if (!listed)
            extra.append(v);
    }
    if (!extra.isEmpty()) {
        beginInsertRows({}, int(m_values.size()), int(m_values.size() + extra.size()) - 1);
        m_values.append(extra);
        endInsertRows();
    }
    m_checked = checked;
    if (!m_values.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_values.size()) - 1), {Qt::CheckStateRole});
}

QStringList ExploreFilterModel::checked() const
{
    QStringList result;
    for (const QString &v : m_values) {
        if (m_checked.contains(keyOf(v)))
            result.append(v);
    }
    return result;
}

int ExploreFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_values.size());
}

QVariant ExploreFilterModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString &value = m_values.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return value.isNull() ? m_noneLabel : value;
    case Qt::CheckStateRole:
        return m_checked.contains(keyOf(value)) ? Qt::Checked : Qt::Unchecked;
    case ValueRole:
        return value;
    default:
        return {};
    }
}

bool ExploreFilterModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString key = keyOf(m_values.at(index.row()));
    const bool check = value.toInt() == Qt::Checked;
    if (check == m_checked.contains(key))
        return true;
    if (check)
        m_checked.insert(key);
    else
        m_checked.remove(key);
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT checkedChanged();
    return true;
}

Qt::ItemFlags ExploreFilterModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemNeverHasChildren;
}

} // namespace Burnrate::Models
