#include "explorechart.h"

#include "seriescolors.h"

#include <QBarCategoryAxis>
#include <QBarLegendMarker>
#include <QBarSet>
#include <QCategoryAxis>
#include <QCursor>
#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>
#include <array>
#include <cmath>

namespace Burnrate::Widgets {

using Models::ExploreModel;
using Storage::Dimension;
using Storage::ReportRow;

namespace {

constexpr int kLabelChars = 28; // longer category names are cut with "…" (the tooltip has them whole)
constexpr int kLabelGap = 18;   // pixels between two time labels

// Values as the axis shows them: the hit rate in percent.
double shown(double value, ExploreModel::Metric metric)
{
    return metric == ExploreModel::Metric::CacheHitRate ? value * 100 : value;
}

// Sets the axis from 0 to `highest` rounded up to a step of 1, 2 or 5 times a power of ten (at least
// `minStep`), with at most five steps, and returns the step. applyNiceNumbers() took 96 (plus a margin)
// up to 200 in two steps, which left half of the plot empty. Labels of ten digits and more (a billion
// tokens: "1,000,000,000") get at most three steps, so that the axis has room to print them whole.
double setNiceRange(QValueAxis *axis, double highest, double minStep)
{
    const double top = highest > 0 ? highest : 1.0;
    const int maxSteps = top >= 1e9 ? 3 : 5;
    const double power = std::pow(10.0, std::floor(std::log10(top / maxSteps)));
    double step = 10 * power;
    for (const double multiple : {1.0, 2.0, 5.0}) {
        if (top / (multiple * power) <= maxSteps) {
            step = multiple * power;
            break;
        }
    }
    step = std::max(step, minStep);
    const int steps = std::max(1, int(std::ceil(top / step - 1e-9)));
    axis->setRange(0, steps * step);
    axis->setTickCount(steps + 1);
    return step;
}

// Decimals that tell the ticks of a step apart: 0 for 1 and above, 1 for 0.5, 2 for 0.05.
int decimalsFor(double step)
{
    return step >= 1 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
}

void setValues(QBarSet *set, const QList<double> &values)
{
    if (set->count() > values.size())
        set->remove(int(values.size()), set->count() - int(values.size()));
    for (int i = 0; i < int(values.size()); ++i) {
        if (i >= set->count())
            set->append(values.at(i));
        else if (set->at(i) != values.at(i))
            set->replace(i, values.at(i));
    }
}

} // namespace

ExploreChart::ExploreChart(QWidget *parent)
    : QChartView(parent)
{
    setObjectName(QStringLiteral("exploreChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);

    // Two charts, one per shape: bar series sharing a chart share each category's width between them.
    for (QChart **chart : {&m_barChart, &m_timeChart}) {
        *chart = new QChart;
        (*chart)->setAnimationOptions(QChart::NoAnimation);
        (*chart)->setLocalizeNumbers(true); // "1.234,5" in German axis labels
        (*chart)->setLocale(QLocale());
        (*chart)->setMargins(QMargins(4, 4, 4, 4));
        (*chart)->setBackgroundRoundness(6);
        (*chart)->setBackgroundPen(QPen(palette().color(QPalette::Mid)));
        (*chart)->legend()->setAlignment(Qt::AlignRight);
        (*chart)->legend()->setShowToolTips(true);
        (*chart)->legend()->setMarkerShape(QLegend::MarkerShapeRectangle);
    }

    m_bars = new QHorizontalStackedBarSeries;
    m_bars->setBarWidth(0.7);
    m_timeBars = new QStackedBarSeries;
    m_timeBars->setBarWidth(0.8);
    for (int slot = 0; slot <= kTopStacks; ++slot) {
        for (auto [series, sets] : {std::pair<QAbstractBarSeries *, QList<QBarSet *> *>{m_bars, &m_barSets},
                                    {m_timeBars, &m_timeSets}}) {
            auto *set = new QBarSet(QString()); // coloured when it gets its stack (setData)
            connect(set, &QBarSet::hovered, this,
                    [this, slot](bool status, int index) { showToolTip(slot, status, index); });
            connect(set, &QBarSet::clicked, this, [this, slot](int index) {
                const QStringList keys = keysAt(slot, index);
                if (!keys.isEmpty())
                    Q_EMIT barClicked(keys);
            });
            series->append(set);
            sets->append(set);
        }
    }
    m_barChart->addSeries(m_bars);
    m_timeChart->addSeries(m_timeBars);

    m_categoryAxis = new QBarCategoryAxis;
    m_categoryAxis->setGridLineVisible(false);
    // Qt 6.2+ cuts labels it thinks too wide to "…" (under Xvfb every one); ours are capped at kLabelChars.
    m_categoryAxis->setTruncateLabels(false);
    m_barChart->addAxis(m_categoryAxis, Qt::AlignLeft);
    m_bars->attachAxis(m_categoryAxis);
    m_barValueAxis = new QValueAxis;
    m_barChart->addAxis(m_barValueAxis, Qt::AlignBottom);
    m_bars->attachAxis(m_barValueAxis);

    m_timeAxis = new QCategoryAxis;
    m_timeAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_timeAxis->setGridLineVisible(false);
    m_timeChart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_timeBars->attachAxis(m_timeAxis);
    m_timeValueAxis = new QValueAxis;
    m_timeChart->addAxis(m_timeValueAxis, Qt::AlignLeft);
    m_timeBars->attachAxis(m_timeValueAxis);

    setChart(m_barChart);
    connect(m_timeChart, &QChart::plotAreaChanged, this, [this] { updateTimeAxis(); });
}

ExploreChart::~ExploreChart()
{
    delete (chart() == m_barChart ? m_timeChart : m_barChart); // the view owns only the one it shows
}

void ExploreChart::setTitle(const QString &title)
{
    m_barChart->setTitle(title);
    m_timeChart->setTitle(title);
}

void ExploreChart::setData(const QList<Dimension> &groupBy, const QList<ReportRow> &rows,
                           ExploreModel::Metric metric, const QStringList &timeBuckets)
{
    m_groupBy = groupBy;
    m_metric = metric;
    m_time = !groupBy.isEmpty() && isTime(groupBy.first());
    const bool stacked = groupBy.size() == 2 && !ExploreModel::isRatio(metric);

    // Sums per first key, per second key and per (first, second).
    QHash<QString, ReportRow> byFirst;
    QHash<QString, ReportRow> bySecond;
    QHash<QStringList, ReportRow> byBoth;
    QStringList firstOrder; // first seen: the report's order (by cost, or chronological)
    // "Other" rows of a report with a limit (ReportRow::otherGroups) count in their first key's total, so
    // the stacks' "Other" holds them; one summing several first keys is no bar (the chart shows the top).
    bool rest = false;
    for (const ReportRow &r : rows) {
        const bool other = r.otherGroups > 0;
        rest = rest || (other && !r.otherOfAll);
        if (r.otherOfAll)
            continue;
        const QString first = r.keys.value(0);
        if (!byFirst.contains(first))
            firstOrder.append(first);
        byFirst[first].addSums(r);
        if (stacked && !other) {
            bySecond[r.keys.value(1)].addSums(r);
            byBoth[{first, r.keys.value(1)}].addSums(r);
        }
    }
    const auto metricOf = [metric](const ReportRow &r) { return ExploreModel::metricValue(r, metric); };

    if (m_time) {
        m_keys = timeBuckets.isEmpty() ? firstOrder : timeBuckets;
        if (timeBuckets.isEmpty())
            std::sort(m_keys.begin(), m_keys.end());
    } else {
        QStringList ranked = firstOrder;
        std::stable_sort(ranked.begin(), ranked.end(), [&](const QString &a, const QString &b) {
            return metricOf(byFirst.value(a)) > metricOf(byFirst.value(b));
        });
        ranked = ranked.mid(0, kTopCategories);
        std::reverse(ranked.begin(), ranked.end()); // the first category is drawn at the bottom
        m_keys = ranked;
    }

    m_stackKeys.clear();
    m_stackIsOther.clear();
    m_values.clear();
    if (stacked) {
        QStringList seconds = bySecond.keys();
        std::sort(seconds.begin(), seconds.end(), [&](const QString &a, const QString &b) {
            const double x = metricOf(bySecond.value(a)), y = metricOf(bySecond.value(b));
            return x != y ? x > y : a < b;
        });
        const bool other = seconds.size() > kTopStacks + 1 || rest;
        const QStringList own = other ? seconds.mid(0, kTopStacks) : seconds;
        for (const QString &second : own) {
            m_stackKeys.append(second);
            m_stackIsOther.append(false);
            QList<double> values;
            for (const QString &first : std::as_const(m_keys))
                values.append(shown(metricOf(byBoth.value({first, second})), metric));
            m_values.append(values);
        }
        if (other) {
            m_stackKeys.append(QString());
            m_stackIsOther.append(true);
            QList<double> values;
            for (const QString &first : std::as_const(m_keys)) {
                double rest = metricOf(byFirst.value(first));
                for (const QString &second : own)
                    rest -= metricOf(byBoth.value({first, second}));
                values.append(shown(std::max(rest, 0.0), metric));
            }
            m_values.append(values);
        }
    } else {
        m_stackKeys.append(QString());
        m_stackIsOther.append(false);
        QList<double> values;
        for (const QString &first : std::as_const(m_keys))
            values.append(shown(byFirst.contains(first) ? metricOf(byFirst.value(first)) : 0.0, metric));
        m_values.append(values);
    }

    // Slots: the stacks in order, "Other" always in the last (grey) set.
    QList<QBarSet *> &sets = m_time ? m_timeSets : m_barSets;
    QList<QBarSet *> &unused = m_time ? m_barSets : m_timeSets;
    double highest = 0;
    for (qsizetype pos = 0; pos < m_keys.size(); ++pos) {
        double stack = 0;
        for (const QList<double> &values : std::as_const(m_values))
            stack += values.at(pos);
        highest = std::max(highest, stack);
    }
    QList<int> slotOf;
    QStringList ownKeys;
    for (qsizetype s = 0, own = 0; s < m_stackKeys.size(); ++s) {
        slotOf.append(m_stackIsOther.at(s) ? kTopStacks : int(own++));
        if (!m_stackIsOther.at(s))
            ownKeys.append(m_stackKeys.at(s));
    }
    // A stack's colour follows its value's name (the same model is the same colour on the Overview and in
    // every range); "Other" is grey; unstacked, the one series is blue.
    const QList<QColor> ownColors = stacked ? SeriesColors::forNames(ownKeys) : QList{SeriesColors::single()};
    for (int slot = 0; slot <= kTopStacks; ++slot) {
        const qsizetype s = slotOf.indexOf(slot);
        QBarSet *set = sets.at(slot);
        // An own stack's slot is its place among the own stacks.
        const QColor color = s < 0 || m_stackIsOther.at(s) ? SeriesColors::other() : ownColors.at(slot);
        set->setColor(color);
        set->setBorderColor(color);
        if (s < 0) {
            set->setLabel(QString());
            setValues(set, QList<double>(m_keys.size(), 0.0));
        } else {
            set->setLabel(m_stackIsOther.at(s) ? tr("Other")
                          : stacked            ? keyLabel(groupBy.at(1), m_stackKeys.at(s))
                                               : ExploreModel::metricTitle(metric));
            setValues(set, m_values.at(s));
        }
        setValues(unused.at(slot), {});
        unused.at(slot)->setLabel(QString());
    }
    // keysAt() indexes m_values by slot.
    QList<QString> keysBySlot(kTopStacks + 1);
    QList<bool> otherBySlot(kTopStacks + 1, false);
    QList<QList<double>> valuesBySlot(kTopStacks + 1, QList<double>(m_keys.size(), 0.0));
    for (qsizetype s = 0; s < m_stackKeys.size(); ++s) {
        keysBySlot[slotOf.at(s)] = m_stackKeys.at(s);
        otherBySlot[slotOf.at(s)] = m_stackIsOther.at(s);
        valuesBySlot[slotOf.at(s)] = m_values.at(s);
    }
    m_stackKeys = keysBySlot;
    m_stackIsOther = otherBySlot;
    m_values = valuesBySlot;

    QChart *shown = m_time ? m_timeChart : m_barChart;
    if (chart() != shown)
        setChart(shown); // the view gives the other chart back to us (deleted in the destructor)
    QAbstractBarSeries *series = m_time ? static_cast<QAbstractBarSeries *>(m_timeBars) : m_bars;
    for (QLegendMarker *marker : shown->legend()->markers(series)) {
        auto *barMarker = qobject_cast<QBarLegendMarker *>(marker);
        marker->setVisible(stacked && barMarker && !barMarker->barset()->label().isEmpty());
    }
    shown->legend()->setVisible(stacked);

    QValueAxis *valueAxis = m_time ? m_timeValueAxis : m_barValueAxis;
    const bool counts = metric == ExploreModel::Metric::Tokens || metric == ExploreModel::Metric::Calls;
    const int decimals = decimalsFor(setNiceRange(valueAxis, highest, counts ? 1.0 : 0.0));
    // The dollar sign where the locale puts currency symbols ("$5" / "5 $").
    const bool symbolFirst = QLocale().toCurrencyString(1.0, QStringLiteral("$")).startsWith(u'$');
    const auto money = [symbolFirst](int decimals) {
        const QString number = QStringLiteral("%.") + QString::number(decimals) + u'f';
        return symbolFirst ? QString(u'$' + number) : QString(number + QStringLiteral(" $"));
    };
    switch (metric) {
    case ExploreModel::Metric::Cost:
        valueAxis->setLabelFormat(money(decimals > 0 ? std::max(decimals, 2) : 0)); // cents, or whole dollars
        break;
    case ExploreModel::Metric::CostPerCall:
        valueAxis->setLabelFormat(money(std::max(decimals, 4)));
        break;
    case ExploreModel::Metric::CacheHitRate: // localized labels take the rest literally
        valueAxis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QStringLiteral("f %"));
        break;
    case ExploreModel::Metric::Tokens:
    case ExploreModel::Metric::Calls:
        valueAxis->setLabelFormat(QStringLiteral("%.0f"));
        break;
    }

    if (!m_time) {
        QStringList labels;
        for (const QString &key : std::as_const(m_keys)) {
            QString label = keyLabel(groupBy.value(0), key);
            if (label.size() > kLabelChars)
                label = label.left(kLabelChars - 1) + u'…';
            while (labels.contains(label))
                label += QChar(0x200B); // categories must differ; two cut names may not
            labels.append(label);
        }
        m_categoryAxis->setCategories(labels);
        // A few bars keep the thickness they have among many, rather than filling the plot.
        m_bars->setBarWidth(0.7 * std::min(1.0, double(std::max<qsizetype>(labels.size(), 1)) / 8));
    }
    m_timeLabelsKey.clear();
    updateTimeAxis();
}

QStringList ExploreChart::stackLabels() const
{
    QStringList labels;
    if (!chart()->legend()->isVisible())
        return labels;
    for (QBarSet *set : m_time ? m_timeSets : m_barSets) {
        if (!set->label().isEmpty())
            labels.append(set->label());
    }
    return labels;
}

QStringList ExploreChart::axisLabels() const
{
    return m_time ? m_timeAxis->categoriesLabels() : m_categoryAxis->categories();
}

QStringList ExploreChart::keysAt(int slot, int index) const
{
    if (index < 0 || index >= m_keys.size() || slot < 0 || slot >= m_stackKeys.size())
        return {};
    QStringList keys{m_keys.at(index)};
    if (m_groupBy.size() == 2 && !ExploreModel::isRatio(m_metric) && !m_stackIsOther.at(slot))
        keys.append(m_stackKeys.at(slot));
    return keys;
}

void ExploreChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    updateTimeAxis();
}

// Time labels on round times (every k hours, midnights, every k days), k as small as lets them fit side by
// side; hours show the time, midnights and days the date.
void ExploreChart::updateTimeAxis()
{
    if (!m_time)
        return;
    const QLocale locale;
    const bool hours = m_groupBy.value(0) == Dimension::Hour;
    QList<QDateTime> times;
    for (const QString &key : std::as_const(m_keys))
        times.append(QDateTime::fromString(key, hours ? QStringLiteral("yyyy-MM-dd'T'HH:mm")
                                                      : QStringLiteral("yyyy-MM-dd")));
    const auto text = [&](int i) {
        const QDateTime &t = times.at(i);
        return !t.isValid()                    ? m_keys.at(i)
               : hours && t.time().hour() != 0 ? locale.toString(t.time(), QStringLiteral("HH:mm"))
                                               : locale.toString(t.date(), QStringLiteral("d MMM"));
    };
    int widest = 1;
    const QFontMetrics metrics(m_timeAxis->labelsFont());
    for (int i = 0; i < int(m_keys.size()); ++i)
        widest = std::max(widest, metrics.horizontalAdvance(text(i)));
    const qreal plotWidth = std::max<qreal>(m_timeChart->plotArea().width(), 1);
    const qreal perBar = plotWidth / std::max<qsizetype>(m_keys.size(), 1);
    int step = 1; // in bars: hours or days
    for (int candidate : hours ? QList<int>{1, 2, 3, 4, 6, 12, 24, 48, 72, 168, 336, 720}
                               : QList<int>{1, 2, 3, 7, 14, 28, 91, 182, 364}) {
        step = candidate;
        if (perBar * candidate >= widest + kLabelGap)
            break;
    }
    const QDate firstDay = times.isEmpty() ? QDate() : times.first().date();
    const auto labelled = [&](int i) {
        const QDateTime &t = times.at(i);
        if (!t.isValid())
            return i % step == 0;
        const qint64 day = firstDay.daysTo(t.date());
        if (!hours)
            return day % step == 0;
        if (step < 24)
            return t.time().hour() % step == 0;
        return t.time().hour() == 0 && day % (step / 24) == 0;
    };
    QList<std::pair<QString, int>> labels;
    QStringList used;
    for (int i = 0; i < int(m_keys.size()); ++i) {
        if (!labelled(i))
            continue;
        QString label = text(i);
        while (used.contains(label))
            label += QChar(0x200B); // the same hour on two days: labels must differ
        used.append(label);
        labels.append({label, i});
    }
    QString labelsKey = QString::number(step);
    for (const auto &[label, i] : std::as_const(labels))
        labelsKey += u'|' + label;
    if (labelsKey == m_timeLabelsKey)
        return;
    m_timeLabelsKey = labelsKey;
    for (const QString &label : m_timeAxis->categoriesLabels())
        m_timeAxis->remove(label);
    for (const auto &[label, i] : std::as_const(labels))
        m_timeAxis->append(label, i);
    m_timeAxis->setStartValue(-0.5);
    m_timeAxis->setRange(-0.5, qreal(std::max<qsizetype>(m_keys.size(), 1)) - 0.5);
}

void ExploreChart::showToolTip(int slot, bool hovered, int index)
{
    if (!hovered || index < 0 || index >= m_keys.size() || slot >= m_values.size()) {
        QToolTip::hideText();
        return;
    }
    const double value = m_values.at(slot).at(index);
    const double raw = m_metric == ExploreModel::Metric::CacheHitRate ? value / 100 : value;
    QString text = keyLabel(m_groupBy.value(0), m_keys.at(index));
    if (m_groupBy.size() == 2 && !ExploreModel::isRatio(m_metric))
        text += u" · " +
                (m_stackIsOther.at(slot) ? tr("Other") : keyLabel(m_groupBy.at(1), m_stackKeys.at(slot)));
    text += u": " + ExploreModel::formatMetric(raw, m_metric, QLocale());
    QToolTip::showText(QCursor::pos(), text, this);
}

QString ExploreChart::keyLabel(Dimension d, const QString &key) const
{
    return key.isNull() ? ExploreModel::noneLabel(d) : key;
}

} // namespace Burnrate::Widgets
