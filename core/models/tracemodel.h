// One trace as a tree: the trace at the root, then agents, sub-agents, workflow and tool spans, and the
// model calls under the span that made them. Cost, tokens and calls are rolled up to every node, with
// each node's share of the trace. Spans and calls whose parent is unknown hang under the root; when the
// trace has no spans at all, its calls are grouped under one node per agent. GUI thread.
#pragma once

#include "storage/traces.h"

#include <QAbstractItemModel>
#include <QLocale>
#include <vector>

namespace Burnrate::Models {

class TraceModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        KindColumn,
        CostColumn,
        ShareColumn,
        TokensColumn,
        CallsColumn,
        DurationColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole,
        RowIdRole,  // usage_events.id of a call; 0 for spans and the root
        KindRole,   // "trace", "call", or the span's kind (agent, tool, workflow, other)
        CostRole,   // rolled-up micro-USD
        ShareRole,  // rolled-up cost / the trace's cost, 0..1
        SpanIdRole, // the span's (or call's) span id
    };

    explicit TraceModel(QObject *parent = nullptr);

    void setTrace(const Storage::TraceData &trace); // resets the model
    void clear();
    qint64 totalCostMicros() const;
    QString traceId() const { return m_traceId; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        QString name;
        QString kind;
        QString spanId;
        QString parentSpanId;
        qint64 rowId = 0;
        qint64 startNs = 0;
        qint64 endNs = 0;
        qint64 costMicros = 0; // rolled up
        qint64 tokens = 0;     // rolled up
        qint64 calls = 0;      // rolled up
        bool error = false;
        bool unpriced = false; // this call, or one below, has no price
        bool grouped = false;  // an agent node made from the calls' agent, not from a span
        int parent = -1;
        int row = 0; // among its parent's children
        std::vector<int> children;
    };
    int nodeOf(const QModelIndex &index) const;
    void rollUp(int node);
    bool hasAgentAbove(int node) const;

    std::vector<Node> m_nodes; // [0] is the trace itself once set
    QString m_traceId;
    QLocale m_locale;
};

} // namespace Burnrate::Models
