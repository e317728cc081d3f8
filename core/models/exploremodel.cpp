#include "exploremodel.h"

#include "common/money.h"

#include <algorithm>

namespace Burnrate::Models {

using Storage::Dimension;
using Storage::ReportRow;

ExploreModel::ExploreModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ExploreModel::setReport(const QList<Dimension> &groupBy, const QList<ReportRow> &rows,
                             qint64 totalMicros)
{
    beginResetModel();
    m_groupBy = groupBy;
    m_rows = rows;
    m_totalMicros = 0;
    qint64 largest = 0;
    for (const ReportRow &r : rows) {
        m_totalMicros += r.costMicros;
        largest = std::max(largest, r.costMicros);
    }
    if (totalMicros >= 0)
        m_totalMicros = totalMicros;
    m_costDecimals = Money::decimalsFor(largest);
    endResetModel();
}

void ExploreModel::setMetric(Metric metric)
{
    if (metric == m_metric)
        return;
    m_metric = metric;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {MetricRole});
}

int ExploreModel::columnOf(Metric metric) const
{
    switch (metric) {
    case Metric::Cost:
        return columnOf(CostFigure);
    case Metric::Tokens:
        return columnOf(TokensFigure);
    case Metric::Calls:
        return columnOf(CallsFigure);
    case Metric::CacheHitRate:
        return columnOf(CacheHitRateFigure);
    case Metric::CostPerCall:
        return columnOf(CostPerCallFigure);
    }
    return columnOf(CostFigure);
}

double ExploreModel::metricValue(const ReportRow &row, Metric metric)
{
    switch (metric) {
    case Metric::Cost:
        return double(row.costMicros) / Money::kMicrosPerUsd;
    case Metric::Tokens:
        return double(row.inputTokens + row.outputTokens);
    case Metric::Calls:
        return double(row.calls);
    case Metric::CacheHitRate:
        return row.inputTokens > 0 ? double(row.cacheReadTokens) / double(row.inputTokens) : 0.0;
    case Metric::CostPerCall:
        return row.calls > 0 ? double(row.costMicros) / Money::kMicrosPerUsd / double(row.calls) : 0.0;
    }
    return 0.0;
}

QString ExploreModel::metricTitle(Metric metric)
{
    switch (metric) {
    case Metric::Cost:
        return tr("Cost");
    case Metric::Tokens:
        return tr("Tokens");
    case Metric::Calls:
        return tr("Calls");
    case Metric::CacheHitRate:
        return tr("Cache hit rate");
    case Metric::CostPerCall:
        return tr("Cost per call");
    }
    return {};
}

QString ExploreModel::dimensionTitle(Dimension dimension)
{
    switch (dimension) {
    case Dimension::Provider:
        return tr("Provider");
    case Dimension::Model:
        return tr("Model");
    case Dimension::Feature:
        return tr("Feature");
    case Dimension::Agent:
        return tr("Agent");
    case Dimension::User:
        return tr("User");
    case Dimension::Session:
        return tr("Session");
    case Dimension::Task:
        return tr("Task");
    case Dimension::Trace:
        return tr("Trace");
    case Dimension::Day:
        return tr("Day");
    case Dimension::Hour:
        return tr("Hour");
    case Dimension::Project:
        return tr("Project");
    }
    return {};
}

QString ExploreModel::noneLabel(Dimension dimension)
{
    switch (dimension) {
    case Dimension::Provider:
        return tr("(no provider)");
    case Dimension::Model:
        return tr("(no model)");
    case Dimension::Feature:
        return tr("(no feature)");
    case Dimension::Agent:
        return tr("(no agent)");
    case Dimension::User:
        return tr("(no user)");
    case Dimension::Session:
        return tr("(no session)");
    case Dimension::Task:
        return tr("(no task)");
    default:
        return tr("(none)");
    }
}

QString ExploreModel::otherLabel(qint64 groups)
{
    return groups == 1 ? tr("Other (1 group)") : tr("Other (%1 groups)").arg(QLocale().toString(groups));
}

QString ExploreModel::formatMetric(double value, Metric metric, const QLocale &locale)
{
    switch (metric) {
    case Metric::Cost:
    case Metric::CostPerCall: {
        const qint64 micros = qint64(value * Money::kMicrosPerUsd + (value >= 0 ? 0.5 : -0.5));
        return Money::formatUsd(micros, locale, Money::decimalsFor(micros));
    }
    case Metric::Tokens:
    case Metric::Calls:
        return locale.toString(qint64(value));
    case Metric::CacheHitRate:
        return tr("%1 %").arg(locale.toString(value * 100, 'f', 1));
    }
    return {};
}

int ExploreModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExploreModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_groupBy.size()) + FigureCount;
}

QVariant ExploreModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReportRow &row = m_rows.at(index.row());
    const bool other = row.otherGroups > 0;
    if (role == KeysRole)
        return other ? (row.otherOfAll ? QStringList() : row.keys.mid(0, 1)) : row.keys;
    if (role == MetricRole)
        return metricValue(row, m_metric);
    if (role == OtherGroupsRole)
        return row.otherGroups;
    const int keyColumns = int(m_groupBy.size());
    if (index.column() >= keyColumns)
        return figure(row, Figure(index.column() - keyColumns), role);
    const QString &key = row.keys.at(index.column());
    // An "Other" row names itself in its first null key: after its first key, or the first when it sums
    // several first keys (and the only one with one dimension).
    if (other && (row.otherOfAll || index.column() > 0)) {
        const bool named = !row.otherOfAll || index.column() == 0;
        switch (role) {
        case Qt::DisplayRole:
            return named ? otherLabel(row.otherGroups) : QString();
        case Qt::ToolTipRole:
            if (!named)
                return {};
            return row.otherGroups == 1 ? tr("The group after the most expensive ones")
                                        : tr("The %1 groups after the most expensive ones, summed")
                                              .arg(m_locale.toString(row.otherGroups));
        case SortRole:
            return QString(); // with the calls without a value, at one end
        default:
            return {};
        }
    }
    switch (role) {
    case Qt::DisplayRole:
        return key.isNull() ? noneLabel(m_groupBy.at(index.column())) : key;
    case Qt::ToolTipRole:
        return key.isNull() ? QVariant() : QVariant(key);
    case SortRole:
        return key; // null sorts first
    default:
        return {};
    }
}

QVariant ExploreModel::figure(const ReportRow &row, Figure figure, int role) const
{
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole)
        return {};
    const bool display = role != SortRole;
    switch (figure) {
    case CallsFigure:
        return display ? QVariant(m_locale.toString(row.calls)) : QVariant(row.calls);
    case TokensFigure:
        return display ? QVariant(m_locale.toString(row.inputTokens + row.outputTokens))
                       : QVariant(row.inputTokens + row.outputTokens);
    case CacheHitRateFigure: {
        const double rate = metricValue(row, Metric::CacheHitRate);
        return display ? QVariant(formatMetric(rate, Metric::CacheHitRate, m_locale)) : QVariant(rate);
    }
    case CostFigure:
        if (role == Qt::ToolTipRole && row.unpricedCalls > 0)
            return tr("Calls without a known price (%1) are counted at $0.")
                .arg(m_locale.toString(row.unpricedCalls));
        return display ? QVariant(Money::formatUsd(row.costMicros, m_locale, m_costDecimals))
                       : QVariant(row.costMicros);
    case CostPerCallFigure: {
        const double perCall = metricValue(row, Metric::CostPerCall);
        return display ? QVariant(formatMetric(perCall, Metric::CostPerCall, m_locale)) : QVariant(perCall);
    }
    case ShareFigure: {
        const double share = m_totalMicros > 0 ? double(row.costMicros) / double(m_totalMicros) : 0.0;
        return display ? QVariant(tr("%1 %").arg(m_locale.toString(share * 100, 'f', 1))) : QVariant(share);
    }
    case FigureCount:
        break;
    }
    return {};
}

QVariant ExploreModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const int keyColumns = int(m_groupBy.size());
    if (role == Qt::TextAlignmentRole && section >= keyColumns)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    if (section < keyColumns)
        return dimensionTitle(m_groupBy.at(section));
    switch (Figure(section - keyColumns)) {
    case CallsFigure:
        return tr("Calls");
    case TokensFigure:
        return tr("Tokens");
    case CacheHitRateFigure:
        return tr("Cache hit rate");
    case CostFigure:
        return tr("Cost");
    case CostPerCallFigure:
        return tr("Cost per call");
    case ShareFigure:
        return tr("Share");
    case FigureCount:
        break;
    }
    return {};
}

ExploreSortModel::ExploreSortModel(ExploreModel *source, QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSourceModel(source);
    setSortRole(ExploreModel::SortRole);
    setSortLocaleAware(true);
}

bool ExploreSortModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const bool leftOther = left.data(ExploreModel::OtherGroupsRole).toLongLong() > 0;
    const bool rightOther = right.data(ExploreModel::OtherGroupsRole).toLongLong() > 0;
    if (leftOther != rightOther) {
        // Ranked on anything but its own first key, or tied on it, "Other" comes after the groups. In
        // descending order the proxy asks lessThan(right, left), so there "Other" is the lesser.
        const QModelIndex &other = leftOther ? left : right;
        const bool ownKey =
            other.column() == 0 && !other.data(ExploreModel::KeysRole).toStringList().isEmpty();
        if (!ownKey || left.data(sortRole()) == right.data(sortRole()))
            return sortOrder() == Qt::DescendingOrder ? leftOther : rightOther;
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace Burnrate::Models
