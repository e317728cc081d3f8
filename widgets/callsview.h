// The Calls screen: the individual calls behind a number (a time range and filters on any dimension),
// loaded page by page on a worker thread as the table scrolls, with every field of the selected call, its
// prompt and response when kept, "Copy as JSON" and "Open trace". Explore hosts it for its drill-down; the
// sidebar's Calls entry shows the recent calls. A range that ends now stays live: new calls appear at the
// top (newest first by time) or are counted with a Refresh button (other orders). Reads the detail through
// its own read-only connection. GUI thread.
#pragma once

#include "common/error.h"
#include "storage/calls.h"

#include <QPersistentModelIndex>
#include <QWidget>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;
class QTreeWidget;

namespace Burnrate::Storage {
class Connection;
}
namespace Burnrate::Models {
class CallsModel;
}

namespace Burnrate::Widgets {

class CallsView : public QWidget
{
    Q_OBJECT
public:
    explicit CallsView(QString databasePath, QWidget *parent = nullptr);
    ~CallsView() override;

    // Shows the calls starting in [query.sinceNs, query.untilNs) that pass query.filters. For a cell of
    // a grouped report (Explore's drill-down), Storage::callsQueryForCell() makes the query.
    void openCalls(const Storage::CallsQuery &query);
    // The calls of the last `windowNs` up to now, keeping the current filters (the range selector).
    void showRecent(qint64 windowNs);
    Storage::CallsQuery query() const;

    Models::CallsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    // The call shown in the detail pane (with its content), if any.
    const std::optional<Storage::CallRow> &currentCall() const { return m_current; }

public Q_SLOTS:
    void refresh(); // the same range and filters again; a relative range moves up to now
    // Calls were stored (StorageWriter::eventsStored): a live range shows them within a second.
    void scheduleLiveUpdate();
    void copyCurrentAsJson();

Q_SIGNALS:
    // "Open trace" on a call: the trace and a time it had a call at.
    void traceRequested(const QString &traceId, qint64 atNs);

protected:
    void showEvent(QShowEvent *event) override;

private:
    bool ensureConnection();
    void load(const Storage::CallsQuery &query);
    bool isLive() const;
    void updateLive();
    void updateNewCalls();
    QString loadingText() const;
    void showDetail(const QModelIndex &index);
    void updateScope();
    void updateCount();
    void showError(const Error &error);

    QString m_databasePath;
    std::unique_ptr<Storage::Connection> m_connection;
    Models::CallsModel *m_model = nullptr;
    std::optional<qint64> m_recentWindowNs = qint64(24) * 3600 * 1'000'000'000; // nullopt: a fixed range
    Storage::CallsQuery m_pending;                                              // what to show once visible
    bool m_loaded = false;
    bool m_liveRange = false;             // a fixed range that ended at or after the time it was opened
    bool m_liveStale = false;             // calls were stored while the view was hidden
    QPersistentModelIndex m_topRowBefore; // the first visible row before calls were inserted above it
    QTimer *m_liveTimer = nullptr;
    std::optional<Storage::CallRow> m_current;

    QComboBox *m_range = nullptr;
    QLabel *m_scope = nullptr;
    QPushButton *m_clearFilters = nullptr;
    QStackedWidget *m_tableStack = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_count = nullptr;
    QPushButton *m_newCalls = nullptr;
    QTreeWidget *m_detail = nullptr;
    QPlainTextEdit *m_content = nullptr;
    QLabel *m_contentHint = nullptr;
    QPushButton *m_copyJson = nullptr;
    QPushButton *m_openTrace = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace Burnrate::Widgets
