// The individual calls behind a cell: one row per usage event, fetched a page at a time as the view
// scrolls (canFetchMore/fetchMore) with keyset pagination; nothing is read before it is scrolled to.
// Pages are read on a worker thread (an ExploreLoader with its own read-only connection): fetchMore starts
// a load and the rows are inserted when it arrives; a new query or order supersedes a page still on its
// way. A row keeps only what the table shows, with its texts interned (about 70 bytes a row, so a million
// scrolled rows stay under 100 MB); the detail pane reads the whole call by its row id. Lives in the GUI
// thread.
#pragma once

#include "common/error.h"
#include "storage/calls.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QLocale>
#include <optional>

namespace Burnrate::Models {

class ExploreLoader;

class CallsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        CostColumn,
        TokensColumn,
        LatencyColumn,
        AgentColumn,
        FeatureColumn,
        ModelColumn,
        ProviderColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // the value the column sorts on (numbers for numbers)
        RowIdRole,               // usage_events.id: Storage::loadCall() reads everything about it
    };
    static constexpr int kDefaultPageSize = 250;

    // At most this many calls stored since are inserted at a time (the next ones follow at once).
    static constexpr int kNewCallsBatch = 1000;

    explicit CallsModel(QString databasePath, QObject *parent = nullptr);
    ~CallsModel() override; // waits for a page being read

    // The calls to show: resets the model to no rows and starts loading the first page (pageLoaded or
    // loadFailed when it arrives).
    void setQuery(const Storage::CallsQuery &query);
    Storage::CallsQuery query() const { return m_query; }
    void reload(); // the same query again, from the first page
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    int pageSize() const { return m_pageSize; }
    int pagesFetched() const { return m_pagesFetched; } // since the last reset
    Error lastError() const { return m_lastError; }
    // The first page of the query or order is on its way; any page is.
    bool isLoading() const { return m_loadingFirstPage; }
    bool isFetching() const { return m_fetching; }

    // For a range that ends now: calls stored since the rows were read. Newest first by time, those that
    // started after the newest row are inserted at the top (read through the time index, the range's end
    // moving to `untilNs`), and those that started before it but were stored later (a long call) at their
    // place among the rows read so far (read through the row id); older ones come with the pages below. In
    // any other order they are only counted (newCallsCount(), newCallsCounted): inserting them would
    // reorder the rows under the user.
    void updateLive(qint64 untilNs);
    bool insertsLive() const { return m_sortColumn == TimeColumn && m_sortOrder == Qt::DescendingOrder; }
    qint64 newCallsCount() const { return m_newCalls; } // stored since, in the range, and not shown
    bool hasMore() const { return !m_atEnd; }           // calls of the query not read yet

    // Time, tokens, cost and latency sort (in SQL, across all pages); other columns keep the order.
    static bool isSortable(int column);
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    qint64 rowId(int row) const { return m_rows.at(row).rowId; }

    // Shared by the drill-down models and views: a start time in local time with seconds, a duration
    // ("850 ms", "12.4 s", "3 min 05 s", "2 h 10 min"), both in `locale`.
    static QString localTimeText(qint64 ns, const QLocale &locale, bool withMillis = false);
    static QString durationText(qint64 ns, const QLocale &locale);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void loadFailed(const Burnrate::Error &error);
    void pageLoaded(); // a page arrived (its rows inserted) and isFetching() is false again
    void fetchingChanged();
    void callsAboutToBeInserted(); // by updateLive(), at the top or among the rows
    void callsInserted(int count);
    void newCallsCounted(qint64 count);

private:
    struct Row
    {
        qint64 rowId = 0;
        qint64 startNs = 0;
        qint64 tokens = 0; // input + output
        qint64 costMicros = 0;
        qint32 latencyMs = -1;
        qint32 provider = 0, model = 0, feature = 0, agent = 0, errorType = 0; // into m_texts
        bool unpriced = false;
        bool error = false;
    };
    void requestPage();
    void pageArrived(std::optional<QList<Storage::CallRow>> page, const Error &error, qint64 newestRowId);
    struct NewCalls
    {
        QList<Storage::CallRow> newer; // started after the top row, oldest first
        QList<Storage::CallRow> late;  // started before it, among the rows read so far
        qint64 counted = 0;            // not inserted
        qint64 newestRowId = 0;
    };
    void newCallsArrived(std::optional<NewCalls> calls, const Error &error);
    void fail(const Error &error);
    QList<Row> toRows(const QList<Storage::CallRow> &calls);
    Storage::CallsSort sortKind() const;
    qint32 intern(const QString &text);

    ExploreLoader *m_loader = nullptr;
    quint64 m_generation = 0; // counts resets: a load started before the last one is stale
    Storage::CallsQuery m_query;
    QList<Row> m_rows;
    std::optional<Storage::CallRow> m_cursor; // the last row fetched: where the next page starts
    QStringList m_texts{QString()};           // the distinct texts of the rows; [0] is empty
    QHash<QString, qint32> m_textIndex;
    std::optional<Storage::CallRow> m_newest; // the top row, newest first by time: where new calls start
    qint64 m_newestRowId = 0;                 // usage_events.id stored last when the rows were read
    qint64 m_newCalls = 0;                    // counted by updateLive(), not shown
    qint64 m_liveUntilNs = 0;                 // an updateLive() that waits for the load on its way
    bool m_atEnd = true;
    bool m_changing = false;
    bool m_fetching = false;
    bool m_loadingFirstPage = false;
    bool m_updatingLive = false;
    int m_pageSize = kDefaultPageSize;
    int m_pagesFetched = 0;
    int m_sortColumn = TimeColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder; // newest first
    Error m_lastError;
    QLocale m_locale; // the default locale when the model was made
};

} // namespace Burnrate::Models
