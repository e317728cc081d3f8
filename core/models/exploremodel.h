// The Explore screen's table: spend grouped by one or two dimensions (Storage::runReport rows), one row per
// group with calls, tokens, cache hit rate, cost, cost per call and share of the cost. A report with a
// limit ends in "Other (N groups)" rows (ReportRow::otherGroups): the rest, in one row or one per first
// key. Reset on each new report (every query is a full reload); a QSortFilterProxyModel sorts on
// SortRole. GUI thread.
#pragma once

#include "storage/report.h"

#include <QAbstractTableModel>
#include <QList>
#include <QLocale>
#include <QSortFilterProxyModel>

namespace Burnrate::Models {

class ExploreModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // What the chart draws and the table sorts on.
    enum class Metric { Cost, Tokens, Calls, CacheHitRate, CostPerCall };
    // After the key columns (one per grouped dimension):
    enum Figure {
        CallsFigure,
        TokensFigure,
        CacheHitRateFigure,
        CostFigure,
        CostPerCallFigure,
        ShareFigure,
        FigureCount
    };
    enum Role {
        SortRole = Qt::UserRole, // numbers for the figures, the key text for key columns
        KeysRole,                // the row's keys (QStringList; a null entry for "none"); what a click drills
                                 // into: of an "Other" row its first key only (none if it sums several)
        MetricRole,              // the chosen metric of the row (double)
        OtherGroupsRole,         // qint64: 0 for a group, N for an "Other" row summing N groups
    };

    explicit ExploreModel(QObject *parent = nullptr);

    // totalMicros: what the share column divides by; by default the sum of `rows`.
    void setReport(const QList<Storage::Dimension> &groupBy, const QList<Storage::ReportRow> &rows,
                   qint64 totalMicros = -1);
    void setMetric(Metric metric); // which figure MetricRole returns
    Metric metric() const { return m_metric; }
    const QList<Storage::Dimension> &groupBy() const { return m_groupBy; }
    const QList<Storage::ReportRow> &rows() const { return m_rows; }
    int columnOf(Figure figure) const { return int(m_groupBy.size()) + figure; }
    int columnOf(Metric metric) const;

    // The metric of a row or a sum of rows: dollars, tokens (input + output), calls, the share of input
    // tokens read from the cache (0..1), dollars per call.
    static double metricValue(const Storage::ReportRow &row, Metric metric);
    static bool isRatio(Metric metric)
    {
        return metric == Metric::CacheHitRate || metric == Metric::CostPerCall;
    }
    static QString metricTitle(Metric metric);
    static QString dimensionTitle(Storage::Dimension dimension);
    static QString noneLabel(Storage::Dimension dimension); // the key text of calls without a value
    static QString otherLabel(qint64 groups);               // the key text of an "Other" row
    // A metric value for people, in `locale`.
    static QString formatMetric(double value, Metric metric, const QLocale &locale);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant figure(const Storage::ReportRow &row, Figure figure, int role) const;

    QLocale m_locale; // the default locale when the model was made
    QList<Storage::Dimension> m_groupBy;
    QList<Storage::ReportRow> m_rows;
    qint64 m_totalMicros = 0;
    int m_costDecimals = 2;
    Metric m_metric = Metric::Cost;
};

// Sorts an ExploreModel on SortRole (locale-aware) and keeps its "Other" rows after the groups in either
// order: a sum of many groups is no group to rank among them. Sorted on the first key, an "Other" row of
// one first key stays with that key's groups, after them.
class ExploreSortModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ExploreSortModel(ExploreModel *source, QObject *parent = nullptr);

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
};

} // namespace Burnrate::Models
