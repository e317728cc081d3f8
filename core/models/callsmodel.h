// The individual calls behind a cell: one row per usage event, fetched a page at a time as the view
// scrolls (canFetchMore/fetchMore) with keyset pagination; nothing is read before it is scrolled to.
// A row keeps only what the table shows, with its texts interned (about 70 bytes a row, so a million
// scrolled rows stay under 100 MB); the detail pane reads the whole call by its row id. Sorting
// re-queries in the new order. Reads through the caller's connection. GUI thread.
#pragma once

#include "common/error.h"
#include "storage/calls.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QLocale>
#include <QSqlDatabase>

namespace Burnrate::Models {

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

    explicit CallsModel(QObject *parent = nullptr);

    // The connection to read from (must stay open while the model is used) and the calls to show;
    // resets the model and loads the first page. False (and lastError()) when the query fails.
    bool setQuery(const QSqlDatabase &db, const Storage::CallsQuery &query);
    Storage::CallsQuery query() const { return m_query; }
    bool reload(); // the same query again, from the first page
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    int pageSize() const { return m_pageSize; }
    int pagesFetched() const { return m_pagesFetched; } // since the last reset
    Error lastError() const { return m_lastError; }

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
    std::optional<QList<Row>> nextPage();
    Storage::CallsSort sortKind() const;
    qint32 intern(const QString &text);

    QSqlDatabase m_db;
    Storage::CallsQuery m_query;
    QList<Row> m_rows;
    std::optional<Storage::CallRow> m_cursor; // the last row fetched: where the next page starts
    QStringList m_texts{QString()};           // the distinct texts of the rows; [0] is empty
    QHash<QString, qint32> m_textIndex;
    bool m_atEnd = true;
    bool m_changing = false;
    int m_pageSize = kDefaultPageSize;
    int m_pagesFetched = 0;
    int m_sortColumn = TimeColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder; // newest first
    Error m_lastError;
    QLocale m_locale; // the default locale when the model was made
};

} // namespace Burnrate::Models
