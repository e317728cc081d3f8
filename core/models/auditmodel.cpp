#include "auditmodel.h"

#include "killswitch/killswitchdocument.h"

namespace Burnrate::Models {

using KillSwitch::AuditEntry;

AuditModel::AuditModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AuditModel::setEntries(const QList<AuditEntry> &entries)
{
    beginResetModel();
    m_entries = entries.mid(0, m_limit);
    endResetModel();
}

void AuditModel::prepend(const AuditEntry &entry)
{
    beginInsertRows({}, 0, 0);
    m_entries.prepend(entry);
    endInsertRows();
    if (m_entries.size() > m_limit) {
        beginRemoveRows({}, m_limit, int(m_entries.size()) - 1);
        m_entries.resize(m_limit);
        endRemoveRows();
    }
}

void AuditModel::setLimit(int limit)
{
    m_limit = std::max(1, limit);
    if (m_entries.size() > m_limit) {
        beginRemoveRows({}, m_limit, int(m_entries.size()) - 1);
        m_entries.resize(m_limit);
        endRemoveRows();
    }
}

QString AuditModel::actionText(const QString &action)
{
    if (action == u"kill_all")
        return tr("Kill all agents");
    if (action == u"resume_all")
        return tr("Resume all agents");
    if (action.startsWith(u"disable:"))
        return tr("Stop agent %1").arg(action.mid(8));
    if (action.startsWith(u"enable:"))
        return tr("Resume agent %1").arg(action.mid(7));
    return action;
}

QString AuditModel::actorText(const QString &actor)
{
    const std::optional<KillSwitch::Automatic> by = KillSwitch::automaticFromActor(actor);
    if (!by)
        return actor;
    return by->trigger == KillSwitch::Automatic::Trigger::Budget
               ? tr("Automatic: budget '%1'").arg(by->name)
               : tr("Automatic: loop alarm on %1").arg(by->name);
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &entry = m_entries.at(index.row());
    const bool failed = entry.outcome == AuditEntry::Outcome::Failed;
    if (role == FailedRole)
        return failed;
    if (role == Qt::ToolTipRole) {
        if (index.column() == OutcomeColumn && failed)
            return entry.message;
        if (index.column() == WhatColumn)
            return entry.store;
        if (index.column() == WhyColumn)
            return entry.reason;
        if (index.column() == WhoColumn) {
            QString via;
            if (KillSwitch::automaticFromActor(entry.actor, &via))
                return tr("The automatic kill of Burnrate on %1").arg(via);
        }
        return {};
    }
    if (role == SortRole) {
        switch (index.column()) {
        case WhenColumn:
            return entry.at.toMSecsSinceEpoch();
        case VersionColumn:
            return entry.version;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == VersionColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case WhenColumn:
        return m_locale.toString(entry.at.toLocalTime(), QLocale::ShortFormat);
    case WhoColumn:
        return actorText(entry.actor);
    case WhatColumn:
        return actionText(entry.action);
    case WhyColumn:
        return entry.reason;
    case OutcomeColumn:
        return failed ? tr("Failed: %1").arg(entry.message) : tr("Confirmed");
    case VersionColumn:
        return failed ? QString() : QString::number(entry.version);
    }
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case WhenColumn:
        return tr("When");
    case WhoColumn:
        return tr("Who");
    case WhatColumn:
        return tr("What");
    case WhyColumn:
        return tr("Why");
    case OutcomeColumn:
        return tr("Outcome");
    case VersionColumn:
        return tr("Version");
    }
    return {};
}

} // namespace Burnrate::Models
