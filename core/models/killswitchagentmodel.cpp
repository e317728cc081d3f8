#include "killswitchagentmodel.h"

#include "common/money.h"

#include <QSet>

namespace Burnrate::Models {

using KillSwitch::Change;

KillSwitchAgentModel::KillSwitchAgentModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void KillSwitchAgentModel::setSpend(const QList<Storage::AgentSpend> &agents)
{
    m_spend = agents;
    rebuild();
}

void KillSwitchAgentModel::setSwitch(bool known, const KillSwitch::Document &document,
                                     const QList<Change> &pending)
{
    m_known = known;
    m_document = document;
    m_pending = pending;
    rebuild();
}

void KillSwitchAgentModel::rebuild()
{
    // Telemetry's agents by spend, then those only the document or a pending change names.
    QList<Row> rows;
    QSet<QString> seen;
    for (const Storage::AgentSpend &spend : std::as_const(m_spend)) {
        rows.append({spend, AgentState::Unknown});
        seen.insert(spend.agentId);
    }
    QStringList extra = m_known ? m_document.disabledAgents : QStringList();
    for (const Change &change : std::as_const(m_pending)) {
        if (change.kind == Change::Kind::DisableAgent || change.kind == Change::Kind::EnableAgent)
            extra.append(change.agentId.trimmed());
    }
    for (const QString &id : std::as_const(extra)) {
        if (id.isEmpty() || seen.contains(id))
            continue;
        seen.insert(id);
        Row row;
        row.spend.agentId = id;
        rows.append(row);
    }
    for (Row &row : rows) {
        const QString &id = row.spend.agentId;
        if (!m_known)
            row.state = AgentState::Unknown;
        else if (m_document.killAll)
            row.state = AgentState::StoppedByKillAll;
        else
            row.state = m_document.disabledAgents.contains(id) ? AgentState::Stopped : AgentState::Running;
        // The newest pending change for this agent wins: that is what it will be once confirmed.
        for (const Change &change : std::as_const(m_pending)) {
            if (change.agentId.trimmed() != id)
                continue;
            if (change.kind == Change::Kind::DisableAgent)
                row.state = AgentState::StopPending;
            else if (change.kind == Change::Kind::EnableAgent)
                row.state = AgentState::ResumePending;
        }
    }

    bool sameAgents = rows.size() == m_rows.size();
    for (qsizetype i = 0; sameAgents && i < rows.size(); ++i)
        sameAgents = rows.at(i).spend.agentId == m_rows.at(i).spend.agentId;
    if (!sameAgents) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    m_rows = rows;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

QString KillSwitchAgentModel::stateText(AgentState state)
{
    switch (state) {
    case AgentState::Unknown:
        return tr("Unknown");
    case AgentState::Running:
        return tr("Running");
    case AgentState::Stopped:
        return tr("Stopped");
    case AgentState::StoppedByKillAll:
        return tr("Stopped (all agents)");
    case AgentState::StopPending:
        return tr("Stop pending…");
    case AgentState::ResumePending:
        return tr("Resume pending…");
    }
    return {};
}

int KillSwitchAgentModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int KillSwitchAgentModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KillSwitchAgentModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case AgentIdRole:
        return row.spend.agentId;
    case StateRole:
        return int(row.state);
    case SortRole:
        if (index.column() == LastHourColumn)
            return row.spend.lastHourMicros;
        if (index.column() == LastDayColumn)
            return row.spend.lastDayMicros;
        return data(index, Qt::DisplayRole);
    case Qt::TextAlignmentRole:
        if (index.column() == LastHourColumn || index.column() == LastDayColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case AgentColumn:
            return row.spend.agentId;
        case LastHourColumn:
            return Money::formatUsdForDisplay(row.spend.lastHourMicros, m_locale);
        case LastDayColumn:
            return Money::formatUsdForDisplay(row.spend.lastDayMicros, m_locale);
        case StateColumn:
            return stateText(row.state);
        }
        return {};
    default:
        return {};
    }
}

QVariant KillSwitchAgentModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case AgentColumn:
        return tr("Agent");
    case LastHourColumn:
        return tr("Last hour");
    case LastDayColumn:
        return tr("Last 24 h");
    case StateColumn:
        return tr("State");
    }
    return {};
}

} // namespace Burnrate::Models
