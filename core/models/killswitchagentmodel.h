// The agents the kill switch can stop one by one (the Kill switch screen): those telemetry saw in the last
// 24 hours with their spend, plus any the document lists, each with its state as read from the store (a
// change not yet confirmed shows as pending). Updated in place while the list of agents stays the same;
// reset when it changes. GUI thread.
#pragma once

#include "killswitch/killswitchdocument.h"
#include "storage/agentspend.h"

#include <QAbstractTableModel>
#include <QList>
#include <QLocale>

namespace Burnrate::Models {

class KillSwitchAgentModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { AgentColumn, LastHourColumn, LastDayColumn, StateColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole, // micro-USD for the money columns, else the text
        AgentIdRole,             // QString, on every column
        StateRole,               // AgentState as int, on every column
    };
    enum class AgentState { Unknown, Running, Stopped, StoppedByKillAll, StopPending, ResumePending };
    Q_ENUM(AgentState)

    struct Row
    {
        Storage::AgentSpend spend; // zero spend for an agent only the document knows
        AgentState state = AgentState::Unknown;
    };

    explicit KillSwitchAgentModel(QObject *parent = nullptr);

    void setSpend(const QList<Storage::AgentSpend> &agents);
    // known false: the store could not be read, every agent's state is Unknown. pending: changes asked for
    // but not confirmed yet, oldest first.
    void setSwitch(bool known, const KillSwitch::Document &document,
                   const QList<KillSwitch::Change> &pending);
    const QList<Row> &rows() const { return m_rows; }

    static QString stateText(AgentState state);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void rebuild();

    QLocale m_locale;
    QList<Storage::AgentSpend> m_spend;
    bool m_known = false;
    KillSwitch::Document m_document;
    QList<KillSwitch::Change> m_pending;
    QList<Row> m_rows;
};

} // namespace Burnrate::Models
