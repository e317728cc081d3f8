#include "tracemodel.h"

#include "callsmodel.h"
#include "common/money.h"

#include <QHash>
#include <algorithm>

namespace Burnrate::Models {

TraceModel::TraceModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void TraceModel::clear()
{
    beginResetModel();
    m_nodes.clear();
    m_traceId.clear();
    endResetModel();
}

void TraceModel::setTrace(const Storage::TraceData &trace)
{
    beginResetModel();
    m_nodes.clear();
    m_traceId = trace.traceId;

    Node root;
    root.kind = QStringLiteral("trace");
    root.name = tr("Trace %1").arg(trace.traceId);
    root.startNs = std::numeric_limits<qint64>::max();
    root.endNs = std::numeric_limits<qint64>::min();
    m_nodes.push_back(root);

    for (const Storage::TraceSpan &s : trace.spans) {
        Node n;
        n.kind = s.kind.isEmpty() ? QStringLiteral("other") : s.kind;
        n.name = s.name.isEmpty() ? (s.agentId.isEmpty() ? s.spanId : s.agentId) : s.name;
        n.spanId = s.spanId;
        n.parentSpanId = s.parentSpanId;
        n.startNs = s.startNs;
        n.endNs = s.endNs;
        n.error = s.error;
        m_nodes.push_back(n);
    }
    for (const Storage::CallRow &c : trace.calls) {
        const Model::UsageEvent &e = c.event;
        Node n;
        n.kind = QStringLiteral("call");
        n.name = e.operation.isEmpty() ? e.model : e.operation + u' ' + e.model;
        n.spanId = e.spanId;
        n.parentSpanId = e.parentSpanId;
        n.rowId = c.rowId;
        n.startNs = e.startNs;
        n.endNs = e.endNs;
        n.costMicros = e.costMicros;
        n.tokens = e.inputTokens + e.outputTokens;
        n.calls = 1;
        n.error = e.error;
        n.unpriced = e.costSource == Model::CostSource::Unpriced;
        m_nodes.push_back(n);
    }

    // Parents by span id (the first node with an id wins); a missing parent, or one that would close a
    // cycle, makes the node a child of the root.
    QHash<QString, int> bySpan;
    for (int i = 1; i < int(m_nodes.size()); ++i) {
        if (!m_nodes[i].spanId.isEmpty() && !bySpan.contains(m_nodes[i].spanId))
            bySpan.insert(m_nodes[i].spanId, i);
    }
    // Without any span of the trace (no trace_spans table, or a source that records only model calls),
    // calls whose parent is unknown are grouped under a node per agent, so a sub-agent's cost still shows.
    QHash<QString, int> agentGroups;
    if (trace.spans.isEmpty()) {
        for (const Storage::CallRow &c : trace.calls) {
            const QString &agent = c.event.agentId;
            if (agent.isEmpty() || agentGroups.contains(agent) || bySpan.contains(c.event.parentSpanId))
                continue;
            Node group;
            group.kind = QStringLiteral("agent");
            group.name = c.event.agentName.isEmpty() ? agent : c.event.agentName;
            group.grouped = true;
            group.startNs = std::numeric_limits<qint64>::max();
            group.endNs = std::numeric_limits<qint64>::min();
            agentGroups.insert(agent, int(m_nodes.size()));
            m_nodes.push_back(group);
        }
    }
    const int firstGroup = int(m_nodes.size()) - int(agentGroups.size());
    const int callsStart = firstGroup - int(trace.calls.size());
    for (int i = 1; i < int(m_nodes.size()); ++i) {
        int parent = m_nodes[i].parentSpanId.isEmpty() ? 0 : bySpan.value(m_nodes[i].parentSpanId, 0);
        if (parent == 0 && i >= callsStart && i < firstGroup)
            parent = agentGroups.value(trace.calls.at(i - callsStart).event.agentId, 0);
        for (int up = parent; up > 0; up = m_nodes[up].parent) {
            if (up == i) {
                parent = 0;
                break;
            }
        }
        m_nodes[i].parent = parent;
        m_nodes[parent].children.push_back(i);
    }
    for (Node &n : m_nodes) {
        std::stable_sort(n.children.begin(), n.children.end(),
                         [this](int a, int b) { return m_nodes[a].startNs < m_nodes[b].startNs; });
        for (int r = 0; r < int(n.children.size()); ++r)
            m_nodes[n.children[r]].row = r;
    }
    rollUp(0);
    if (m_nodes[0].startNs > m_nodes[0].endNs)
        m_nodes[0].startNs = m_nodes[0].endNs = 0;
    endResetModel();
}

void TraceModel::rollUp(int node)
{
    // Iterative post-order: traces can be deep (an agent loop nests), the stack cannot.
    std::vector<std::pair<int, size_t>> stack{{node, 0}};
    while (!stack.empty()) {
        auto &[current, next] = stack.back();
        if (next < m_nodes[current].children.size()) {
            const int child = m_nodes[current].children[next++];
            stack.push_back({child, 0});
            continue;
        }
        const int done = current;
        stack.pop_back();
        Node &n = m_nodes[done];
        for (int c : n.children) {
            const Node &child = m_nodes[c];
            n.costMicros += child.costMicros;
            n.tokens += child.tokens;
            n.calls += child.calls;
            n.unpriced = n.unpriced || child.unpriced;
            if (done == 0 || n.grouped) {
                n.startNs = std::min(n.startNs, child.startNs);
                n.endNs = std::max(n.endNs, child.endNs);
            }
        }
    }
}

bool TraceModel::hasAgentAbove(int node) const
{
    for (int up = m_nodes[node].parent; up > 0; up = m_nodes[up].parent) {
        if (m_nodes[up].kind == u"agent")
            return true;
    }
    return false;
}

qint64 TraceModel::totalCostMicros() const
{
    return m_nodes.empty() ? 0 : m_nodes[0].costMicros;
}

int TraceModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? int(index.internalId()) : -1;
}

QModelIndex TraceModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || m_nodes.empty())
        return {};
    if (!parent.isValid())
        return row == 0 ? createIndex(0, column, quintptr(0)) : QModelIndex();
    if (parent.column() != 0)
        return {};
    const Node &p = m_nodes[nodeOf(parent)];
    if (row >= int(p.children.size()))
        return {};
    return createIndex(row, column, quintptr(p.children[row]));
}

QModelIndex TraceModel::parent(const QModelIndex &child) const
{
    const int n = nodeOf(child);
    if (n <= 0)
        return {};
    const int p = m_nodes[n].parent;
    return createIndex(m_nodes[p].row, 0, quintptr(p));
}

int TraceModel::rowCount(const QModelIndex &parent) const
{
    if (m_nodes.empty())
        return 0;
    if (!parent.isValid())
        return 1;
    if (parent.column() != 0)
        return 0;
    return int(m_nodes[nodeOf(parent)].children.size());
}

int TraceModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant TraceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node &n = m_nodes[nodeOf(index)];
    const qint64 total = m_nodes[0].costMicros;
    const double share = total > 0 ? double(n.costMicros) / double(total) : 0.0;
    switch (role) {
    case RowIdRole:
        return n.rowId;
    case KindRole:
        return n.kind;
    case CostRole:
        return n.costMicros;
    case ShareRole:
        return share;
    case SpanIdRole:
        return n.spanId;
    case Qt::TextAlignmentRole:
        return index.column() >= CostColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                            : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == CostColumn && n.unpriced)
            return tr("Includes calls with no known price, counted as $0.");
        if (index.column() == NameColumn && n.grouped)
            return tr("The calls of this agent: no agent span was recorded for the trace.");
        if (index.column() == NameColumn && !n.spanId.isEmpty())
            return tr("Span %1").arg(n.spanId);
        return {};
    case SortRole:
        switch (index.column()) {
        case CostColumn:
        case ShareColumn:
            return n.costMicros;
        case TokensColumn:
            return n.tokens;
        case CallsColumn:
            return n.calls;
        case DurationColumn:
            return n.endNs - n.startNs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return n.error ? tr("%1 (failed)").arg(n.name) : n.name;
        case KindColumn:
            if (n.kind == u"trace")
                return tr("trace");
            if (n.kind == u"call")
                return tr("model call");
            if (n.kind == u"agent")
                return hasAgentAbove(nodeOf(index)) ? tr("sub-agent") : tr("agent");
            if (n.kind == u"tool")
                return tr("tool");
            if (n.kind == u"workflow")
                return tr("workflow");
            return tr("span");
        case CostColumn:
            return QString(Money::formatUsdForDisplay(n.costMicros, m_locale) +
                           (n.unpriced ? QStringLiteral("*") : QString()));
        case ShareColumn:
            return QString(m_locale.toString(share * 100.0, 'f', 1) + u" %");
        case TokensColumn:
            return m_locale.toString(n.tokens);
        case CallsColumn:
            return m_locale.toString(n.calls);
        case DurationColumn:
            return CallsModel::durationText(std::max<qint64>(0, n.endNs - n.startNs), m_locale);
        }
        return {};
    default:
        return {};
    }
}

QVariant TraceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section >= CostColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                     : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Kind");
    case CostColumn:
        return tr("Cost");
    case ShareColumn:
        return tr("Share");
    case TokensColumn:
        return tr("Tokens");
    case CallsColumn:
        return tr("Calls");
    case DurationColumn:
        return tr("Duration");
    }
    return {};
}

} // namespace Burnrate::Models
