// The individual calls behind a cell: one row per usage event, fetched a page at a time as the view
// scrolls (canFetchMore/fetchMore) with keyset pagination, so a million calls never sit in memory at
// once. Sorting re-queries in the new order. Reads through the caller's connection. GUI thread.
#pragma once

#include "common/error.h"
#include "storage/calls.h"

#include <QAbstractTableModel>
#include <QLocale>
#include <QSqlDatabase>

namespace Burnrate::Models {

class CallsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        ProviderColumn,
        ModelColumn,
        FeatureColumn,
        AgentColumn,
        TokensColumn,
        CostColumn,
        LatencyColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // the value the column sorts on (numbers for numbers)
        RowIdRole,               // usage_events.id
        TraceIdRole,
        StartNsRole,
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

    const Storage::CallRow &call(int row) const { return m_rows.at(row); }

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
    std::optional<QList<Storage::CallRow>> nextPage();
    Storage::CallsSort sortKind() const;

    QSqlDatabase m_db;
    Storage::CallsQuery m_query;
    QList<Storage::CallRow> m_rows;
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
