// The Explore screen's chart, fitted to the grouping: horizontal bars of the top groups for categories
// (stacked by the second dimension's top values), stacked bars over time when the first dimension is day or
// hour. Both series are built once and shown or hidden; each update only sets values and labels, so the
// number of bars stays bounded whatever the data volume. Clicking a bar asks to drill into it. GUI thread.
#pragma once

#include "models/exploremodel.h"
#include "storage/report.h"

#include <QChartView>
#include <QList>
#include <QStringList>

class QBarCategoryAxis;
class QBarSet;
class QCategoryAxis;
class QHorizontalStackedBarSeries;
class QStackedBarSeries;
class QValueAxis;

namespace Burnrate::Widgets {

class ExploreChart : public QChartView
{
    Q_OBJECT
public:
    static constexpr int kTopCategories = 12; // bars of the category chart
    static constexpr int kTopStacks = 6;      // second-dimension values of their own; the rest is "Other"

    explicit ExploreChart(QWidget *parent = nullptr);
    ~ExploreChart() override;

    void setTitle(const QString &title); // above either shape

    // timeBuckets: every day or hour key of the range in order (runReport's format) when groupBy starts
    // with day or hour, so empty buckets are drawn as gaps; ignored otherwise.
    void setData(const QList<Storage::Dimension> &groupBy, const QList<Storage::ReportRow> &rows,
                 Models::ExploreModel::Metric metric, const QStringList &timeBuckets);

    // For tests and tooltips: what is drawn.
    bool isTimeChart() const { return m_time; }
    QStringList categories() const { return m_keys; } // first-dimension keys, in drawing order
    QStringList stackLabels() const;                  // the legend's entries
    QStringList axisLabels() const;                   // the labels drawn along the category or time axis
    // The keys a click on bar `index` of stack `slot` drills into.
    QStringList keysAt(int slot, int index) const;

Q_SIGNALS:
    void barClicked(const QStringList &keys); // one key per grouped dimension it pins (1 or 2)

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateTimeAxis();
    void showToolTip(int slot, bool hovered, int index);
    QString keyLabel(Storage::Dimension d, const QString &key) const;

    QChart *m_barChart = nullptr;  // categories; one of the two is owned by the view, the other by us
    QChart *m_timeChart = nullptr; // over time
    QHorizontalStackedBarSeries *m_bars = nullptr; // categories
    QBarCategoryAxis *m_categoryAxis = nullptr;
    QValueAxis *m_barValueAxis = nullptr;
    QStackedBarSeries *m_timeBars = nullptr; // over time
    QCategoryAxis *m_timeAxis = nullptr;
    QValueAxis *m_timeValueAxis = nullptr;
    QList<QBarSet *> m_barSets; // kTopStacks + 1 each; the last is "Other"
    QList<QBarSet *> m_timeSets;

    bool m_time = false;
    QList<Storage::Dimension> m_groupBy;
    Models::ExploreModel::Metric m_metric = Models::ExploreModel::Metric::Cost;
    QStringList m_keys;            // first-dimension key per bar position
    QList<QString> m_stackKeys;    // second-dimension key per slot (null: none or "Other")
    QList<bool> m_stackIsOther;    // per slot
    QList<QList<double>> m_values; // per slot, per bar position
    QString m_timeLabelsKey;       // what the time labels were made from
};

} // namespace Burnrate::Widgets
