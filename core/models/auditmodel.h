// The kill switch's audit trail as a table (the Kill switch screen): when, who, what, why, how it ended
// and the version the store confirmed, newest first. A full load resets; each new entry is inserted on
// top. GUI thread.
#pragma once

#include "killswitch/killswitchaudit.h"

#include <QAbstractTableModel>
#include <QList>
#include <QLocale>

namespace Burnrate::Models {

class AuditModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { WhenColumn, WhoColumn, WhatColumn, WhyColumn, OutcomeColumn, VersionColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole, // the time in ms since the epoch, the version as a number, else the text
        FailedRole,              // bool: the change was not confirmed
    };

    explicit AuditModel(QObject *parent = nullptr);

    // Newest first, as AuditLog::entries() returns them.
    void setEntries(const QList<KillSwitch::AuditEntry> &entries);
    // A change that just finished goes on top; entries beyond the limit drop off the bottom.
    void prepend(const KillSwitch::AuditEntry &entry);
    const QList<KillSwitch::AuditEntry> &entries() const { return m_entries; }
    void setLimit(int limit);

    // "Kill all agents", "Resume all agents", "Stop agent X", "Resume agent X" for Change::actionName().
    static QString actionText(const QString &action);
    // Who made a change, for people: "alice@laptop", or for the automatic kill the budget or loop alarm
    // that asked ("Automatic: budget 'daily-all'").
    static QString actorText(const QString &actor);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QLocale m_locale; // the default locale when the model was made
    QList<KillSwitch::AuditEntry> m_entries;
    int m_limit = 200;
};

} // namespace Burnrate::Models
