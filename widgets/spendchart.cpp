#include "spendchart.h"

#include "common/money.h"
#include "common/timeutil.h"
#include "seriescolors.h"
#include "timeformat.h"

#include <QBarSet>
#include <QCategoryAxis>
#include <QCursor>
#include <QLegend>
#include <QLegendMarker>
#include <QStackedBarSeries>
#include <QToolTip>
#include <algorithm>
#include <array>

namespace Burnrate::Widgets {

namespace {

constexpr int kLabelGap = 18; // pixels between two x-axis labels

// How many buckets apart the x labels may be, per range (multiples keep them on round times).
QList<int> labelSteps(Storage::OverviewRange range)
{
    switch (range) {
    case Storage::OverviewRange::Hour:
        return {1, 2, 5, 10, 15, 30};
    case Storage::OverviewRange::Day:
        return {1, 2, 3, 4, 6, 12};
    case Storage::OverviewRange::Week:
        return {1, 2, 4, 8, 12};
    case Storage::OverviewRange::Month:
        return {1, 2, 3, 5, 7, 10, 15};
    }
    return {1};
}

} // namespace

SpendChart::SpendChart(int topN, QWidget *parent)
    : QChartView(parent)
{
    setObjectName(QStringLiteral("spendChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);

    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation); // live data: no tweening on every refresh
    m_chart->setBackgroundRoundness(6);                // a card like the KPI tiles
    m_chart->setBackgroundPen(QPen(palette().color(QPalette::Mid)));
    m_chart->setMargins(QMargins(6, 6, 6, 6));
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->legend()->setShowToolTips(true); // the full name where a long one is cut
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeRectangle);

    m_series = new QStackedBarSeries;
    m_series->setBarWidth(0.78);
    for (int slot = 0; slot <= topN; ++slot) {
        auto *set = new QBarSet(QString());
        if (slot == topN) { // the others' colours follow their names (setData)
            set->setColor(SeriesColors::other());
            set->setBorderColor(SeriesColors::other());
        }
        connect(set, &QBarSet::hovered, this,
                [this, slot](bool status, int bucket) { showToolTip(slot, status, bucket); });
        m_series->append(set);
        m_sets.append(set);
    }
    m_chart->addSeries(m_series);

    m_axisX = new QCategoryAxis;
    m_axisX->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_axisX->setGridLineVisible(false);
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_series->attachAxis(m_axisX);

    m_axisY = new QCategoryAxis;
    m_axisY->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_axisY->setLineVisible(false);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);
    m_series->attachAxis(m_axisY);

    setChart(m_chart);
    // The plot width decides how many x labels fit.
    connect(m_chart, &QChart::plotAreaChanged, this, [this] { updateTimeAxis(); });
}

void SpendChart::setData(const Storage::SpendChartData &data, const QTimeZone &zone)
{
    if (data.stackBy != m_data.stackBy || data.range != m_data.range)
        m_slotOfKey.clear(); // a new view starts with the legend in rank order
    Q_ASSERT(data.series.size() <= m_sets.size());
    m_data = data;
    m_zone = zone;
    assignSlots();

    const qsizetype buckets = m_data.bucketStartNs.size();
    QList<QList<qreal>> values(m_sets.size(), QList<qreal>(buckets, 0.0));
    QStringList labels(m_sets.size());
    QStringList keys;
    for (qsizetype i = 0; i < m_data.series.size(); ++i) {
        const Storage::SpendSeries &s = m_data.series.at(i);
        const int slot = m_slotOfSeries.at(i);
        labels[slot] = seriesName(s);
        if (!s.other)
            keys.append(s.key);
        for (qsizetype b = 0; b < buckets && b < s.bucketMicros.size(); ++b)
            values[slot][b] = qreal(s.bucketMicros.at(b)) / Money::kMicrosPerUsd;
    }
    // A series' colour follows its name, whatever its rank in this range.
    const QList<QColor> colors = SeriesColors::forNames(keys);
    for (qsizetype i = 0, own = 0; i < m_data.series.size(); ++i) {
        if (m_data.series.at(i).other)
            continue;
        QBarSet *set = m_sets.at(m_slotOfSeries.at(i));
        const QColor &color = colors.at(own++);
        if (set->color() != color) {
            set->setColor(color);
            set->setBorderColor(color);
        }
    }
    const QList<QLegendMarker *> markers = m_chart->legend()->markers(m_series);
    for (qsizetype slot = 0; slot < m_sets.size(); ++slot) {
        QBarSet *set = m_sets.at(slot);
        if (set->count() > buckets)
            set->remove(int(buckets), set->count() - int(buckets));
        // Only the values that changed: a live refresh usually touches the last bucket alone.
        for (int b = 0; b < int(buckets); ++b) {
            if (b >= set->count())
                set->append(values[slot][b]);
            else if (set->at(b) != values[slot][b])
                set->replace(b, values[slot][b]);
        }
        if (set->label() != labels[slot])
            set->setLabel(labels[slot]);
        if (slot < markers.size())
            markers.at(slot)->setVisible(!labels[slot].isEmpty());
    }
    updateValueAxis();
    updateTimeAxis();
}

int SpendChart::bucketCount() const
{
    return m_sets.isEmpty() ? 0 : m_sets.constFirst()->count();
}

QList<QBarSet *> SpendChart::shownSets() const
{
    QList<QBarSet *> shown;
    for (QBarSet *set : m_sets) {
        if (!set->label().isEmpty())
            shown.append(set);
    }
    return shown;
}

QStringList SpendChart::xLabels() const
{
    return m_axisX->categoriesLabels();
}

qreal SpendChart::axisMaximum() const
{
    return m_axisY->max();
}

void SpendChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    updateTimeAxis();
}

// Keeps a key's slot (and colour) while it stays in the top N; new keys take the free slots.
void SpendChart::assignSlots()
{
    const int otherSlot = int(m_sets.size()) - 1;
    QHash<QString, int> kept;
    for (const Storage::SpendSeries &s : std::as_const(m_data.series)) {
        if (!s.other && m_slotOfKey.contains(s.key))
            kept.insert(s.key, m_slotOfKey.value(s.key));
    }
    QList<bool> used(otherSlot, false);
    for (int slot : std::as_const(kept))
        used[slot] = true;
    m_slotOfSeries.clear();
    for (const Storage::SpendSeries &s : std::as_const(m_data.series)) {
        if (s.other) {
            m_slotOfSeries.append(otherSlot);
            continue;
        }
        if (!kept.contains(s.key)) {
            const int free = int(std::find(used.cbegin(), used.cend(), false) - used.cbegin());
            kept.insert(s.key, free);
            used[free] = true;
        }
        m_slotOfSeries.append(kept.value(s.key));
    }
    m_slotOfKey = kept;
}

void SpendChart::updateValueAxis()
{
    qint64 highest = 0;
    for (qsizetype b = 0; b < m_data.bucketStartNs.size(); ++b) {
        qint64 stack = 0;
        for (const Storage::SpendSeries &s : std::as_const(m_data.series))
            stack += b < s.bucketMicros.size() ? s.bucketMicros.at(b) : 0;
        highest = std::max(highest, stack);
    }
    // A step of 1, 2 or 5 × 10^k micro-USD (at least $0.0001) that puts the highest bar in the first five.
    qint64 step = 100;
    for (int i = 0; step * 5 < highest; ++i)
        step = (i % 3 == 1) ? step / 2 * 5 : step * 2;
    if (highest == 0)
        step = Money::kMicrosPerUsd / 4;
    const qint64 intervals = highest / step + 1; // some headroom above the highest bar
    const int decimals = step >= Money::kMicrosPerUsd ? 0 : step >= 10'000 ? 2 : 4;

    const QStringList old = m_axisY->categoriesLabels();
    for (const QString &label : old)
        m_axisY->remove(label);
    m_axisY->setStartValue(0);
    const QLocale locale;
    for (qint64 i = 0; i <= intervals; ++i)
        m_axisY->append(Money::formatUsd(i * step, locale, decimals), qreal(i * step) / Money::kMicrosPerUsd);
    m_axisY->setRange(0, qreal(intervals * step) / Money::kMicrosPerUsd);
}

void SpendChart::updateTimeAxis()
{
    const int buckets = int(m_data.bucketStartNs.size());
    if (buckets == 0)
        return;
    QStringList texts;
    int widest = 0;
    const QFontMetrics metrics(m_axisX->labelsFont());
    for (int b = 0; b < buckets; ++b) {
        texts.append(bucketLabel(b, false));
        widest = std::max(widest, metrics.horizontalAdvance(texts.constLast()));
    }
    // The plot area is laid out lazily; before that, most of the view is a fair guess.
    const qreal plotWidth = m_chart->plotArea().width() > 0 ? m_chart->plotArea().width() : width() * 0.75;
    const qreal perBucket = plotWidth / buckets;
    const QList<int> steps = labelSteps(m_data.range);
    int step = steps.constLast();
    for (int candidate : steps) {
        if (candidate * perBucket >= widest + kLabelGap) {
            step = candidate;
            break;
        }
    }
    const QString key = QString::number(step) + u'/' + texts.join(u'|');
    if (key == m_xLabelsKey)
        return; // the labels drawn are still right
    m_xLabelsKey = key;

    for (const QString &label : m_axisX->categoriesLabels())
        m_axisX->remove(label);
    m_axisX->setStartValue(-0.5);
    for (int b = 0; b < buckets; ++b) {
        const QDateTime start = Time::fromNs(m_data.bucketStartNs.at(b), m_zone);
        qint64 position = 0; // in buckets since a fixed origin, so labels sit on round times
        switch (m_data.range) {
        case Storage::OverviewRange::Hour:
            position = start.time().hour() * 60 + start.time().minute();
            break;
        case Storage::OverviewRange::Day:
            position = start.time().hour();
            break;
        case Storage::OverviewRange::Week:
            position = start.date().toJulianDay() * 4 + start.time().hour() / 6;
            break;
        case Storage::OverviewRange::Month:
            position = start.date().toJulianDay(); // multiples of 7 are Mondays
            break;
        }
        if (position % step == 0)
            m_axisX->append(texts.at(b), b); // a duplicate (a repeated hour at a DST change) is skipped
    }
    m_axisX->setRange(-0.5, buckets - 0.5);
}

QString SpendChart::seriesName(const Storage::SpendSeries &series) const
{
    if (series.other)
        return tr("Other");
    if (!series.key.isEmpty())
        return series.key;
    switch (m_data.stackBy) {
    case Storage::OverviewStack::Model:
        return tr("(no model)");
    case Storage::OverviewStack::Feature:
        return tr("(no feature)");
    case Storage::OverviewStack::Agent:
        return tr("(no agent)");
    }
    return {};
}

QString SpendChart::bucketLabel(int bucket, bool withDate) const
{
    const QLocale locale;
    const QDateTime start = Time::fromNs(m_data.bucketStartNs.at(bucket), m_zone);
    switch (m_data.range) {
    case Storage::OverviewRange::Hour:
    case Storage::OverviewRange::Day:
        return withDate ? locale.toString(start.date(), QLocale::ShortFormat) + u' ' +
                              shortTime(locale, start.time())
                        : shortTime(locale, start.time());
    case Storage::OverviewRange::Week:
        if (withDate)
            return locale.toString(start.date(), QLocale::ShortFormat) + u' ' +
                   shortTime(locale, start.time());
        // Midnights name the day, the other quarters their time.
        return start.time().hour() < 6
                   ? locale.toString(start.date(), tr("ddd d", "weekday and day of month"))
                   : shortTime(locale, start.time());
    case Storage::OverviewRange::Month:
        return withDate ? locale.toString(start.date(), QLocale::ShortFormat)
                        : locale.toString(start.date(), tr("MMM d", "month and day"));
    }
    return {};
}

void SpendChart::showToolTip(int slot, bool hovered, int bucket)
{
    if (!hovered || bucket < 0 || bucket >= m_data.bucketStartNs.size()) {
        QToolTip::hideText();
        return;
    }
    const qsizetype series = m_slotOfSeries.indexOf(slot);
    if (series < 0)
        return;
    const Storage::SpendSeries &s = m_data.series.at(series);
    const qint64 micros = bucket < s.bucketMicros.size() ? s.bucketMicros.at(bucket) : 0;
    QToolTip::showText(QCursor::pos(),
                       tr("%1\n%2: %3")
                           .arg(bucketLabel(bucket, true), seriesName(s),
                                Money::formatUsd(micros, QLocale(), Money::decimalsFor(micros))),
                       this);
}

} // namespace Burnrate::Widgets
