// The Overview's live spend chart: stacked bars of cost per time bucket, one bar set per top series plus
// "Other". Built once; every refresh only sets values and labels, so the number of bars and sets stays
// bounded by the range and the top N whatever the data volume. GUI thread.
#pragma once

#include "storage/overview.h"

#include <QChartView>
#include <QHash>
#include <QList>
#include <QTimeZone>

class QBarSet;
class QCategoryAxis;
class QStackedBarSeries;

namespace Burnrate::Widgets {

class SpendChart : public QChartView
{
    Q_OBJECT
public:
    // topN series of their own; everything else is stacked as "Other".
    explicit SpendChart(int topN, QWidget *parent = nullptr);

    // `data` comes from Storage::loadOverview with the same topN.
    void setData(const Storage::SpendChartData &data, const QTimeZone &zone);

    // For tests and tooltips: what is drawn.
    int bucketCount() const;
    QList<QBarSet *> shownSets() const; // the sets with a series in them, in legend order
    QStringList xLabels() const;
    qreal axisMaximum() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void assignSlots();
    void updateValueAxis();
    void updateTimeAxis();
    QString seriesName(const Storage::SpendSeries &series) const;
    QString bucketLabel(int bucket, bool withDate) const;
    void showToolTip(int slot, bool hovered, int bucket);

    QChart *m_chart = nullptr;             // owned by the view
    QStackedBarSeries *m_series = nullptr; // owned by the chart
    QCategoryAxis *m_axisX = nullptr;      // bucket index -> a time label on every k-th bucket
    QCategoryAxis *m_axisY = nullptr;      // dollars, labelled in the locale's money format
    QList<QBarSet *> m_sets;               // topN + 1 (the last one is "Other"), owned by the series
    QList<int> m_slotOfSeries;             // m_data.series[i] is drawn by m_sets[m_slotOfSeries[i]]
    QHash<QString, int> m_slotOfKey;       // keeps each key's colour while it stays in the top N
    QString m_xLabelsKey;                  // the step and texts the x labels were made from
    Storage::SpendChartData m_data;
    QTimeZone m_zone;
};

} // namespace Burnrate::Widgets
