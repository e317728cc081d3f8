// One trace as a tree (agent → sub-agent → model and tool calls) with cost, share of the trace, tokens,
// calls and duration per node. Opened from any call ("Open trace"). Reads through its own read-only
// connection. GUI thread.
#pragma once

#include "common/error.h"
#include "storage/calls.h"

#include <QWidget>
#include <memory>

class QLabel;
class QTreeView;

namespace Burnrate::Storage {
class Connection;
}
namespace Burnrate::Models {
class TraceModel;
}

namespace Burnrate::Widgets {

class TraceView : public QWidget
{
    Q_OBJECT
public:
    explicit TraceView(QString databasePath, QWidget *parent = nullptr);
    ~TraceView() override;

    // Loads the trace, found first in [sinceNs, untilNs) and then around what was found there (from a
    // call: a window around its start). False when it is not found; the view then says so.
    bool openTrace(const QString &traceId, qint64 sinceNs, qint64 untilNs);
    QString traceId() const;

    Models::TraceModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }

Q_SIGNALS:
    // "Show calls": the trace's calls in the Calls view.
    void callsRequested(const Storage::CallsQuery &query);

private:
    std::unique_ptr<Storage::Connection> m_connection;
    QString m_databasePath;
    Models::TraceModel *m_model = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_note = nullptr;
    QTreeView *m_tree = nullptr;
    Storage::CallsQuery m_callsQuery;
};

} // namespace Burnrate::Widgets
