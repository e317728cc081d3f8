#include "callsmodel.h"

#include "common/money.h"
#include "common/timeutil.h"

#include <QDateTime>
#include <QTimeZone>

namespace Burnrate::Models {

CallsModel::CallsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

QString CallsModel::localTimeText(qint64 ns, const QLocale &locale, bool withMillis)
{
    const QDateTime t = Time::fromNs(ns, QTimeZone::systemTimeZone());
    return locale.toString(t.date(), QLocale::ShortFormat) + u' ' +
           t.time().toString(withMillis ? QStringLiteral("HH:mm:ss.zzz") : QStringLiteral("HH:mm:ss"));
}

QString CallsModel::durationText(qint64 ns, const QLocale &locale)
{
    const qint64 ms = ns / 1'000'000;
    if (ms < 1000)
        return tr("%1 ms").arg(locale.toString(ms));
    if (ms < 60'000)
        return tr("%1 s").arg(locale.toString(double(ms) / 1000.0, 'f', 1));
    const qint64 s = ms / 1000;
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(locale.toString(s / 3600)).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

bool CallsModel::setQuery(const QSqlDatabase &db, const Storage::CallsQuery &query)
{
    m_db = db;
    m_query = query;
    return reload();
}

bool CallsModel::reload()
{
    m_changing = true; // observers of the change must not fetch a page into the model changing
    beginResetModel();
    m_rows.clear();
    m_pagesFetched = 0;
    m_atEnd = false;
    m_lastError = {};
    std::optional<QList<Storage::CallRow>> page = nextPage();
    if (page)
        m_rows = std::move(*page);
    endResetModel();
    m_changing = false;
    if (!page)
        Q_EMIT loadFailed(m_lastError);
    return page.has_value();
}

bool CallsModel::isSortable(int column)
{
    return column == TimeColumn || column == TokensColumn || column == CostColumn || column == LatencyColumn;
}

Storage::CallsSort CallsModel::sortKind() const
{
    switch (m_sortColumn) {
    case TokensColumn:
        return Storage::CallsSort::Tokens;
    case CostColumn:
        return Storage::CallsSort::Cost;
    case LatencyColumn:
        return Storage::CallsSort::Latency;
    default:
        return Storage::CallsSort::Time;
    }
}

std::optional<QList<Storage::CallRow>> CallsModel::nextPage()
{
    if (!m_db.isOpen()) {
        m_atEnd = true;
        return QList<Storage::CallRow>();
    }
    const Storage::CallRow *after = m_rows.isEmpty() ? nullptr : &m_rows.constLast();
    std::optional<QList<Storage::CallRow>> page =
        Storage::fetchCalls(m_db, m_query, sortKind(), m_sortOrder, after, m_pageSize, &m_lastError);
    if (!page) {
        m_atEnd = true; // no retry loop from the view; reload() tries again
        return std::nullopt;
    }
    ++m_pagesFetched;
    m_atEnd = page->size() < m_pageSize;
    return page;
}

void CallsModel::sort(int column, Qt::SortOrder order)
{
    if (!isSortable(column) || (column == m_sortColumn && order == m_sortOrder))
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reload();
}

bool CallsModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_changing;
}

void CallsModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    std::optional<QList<Storage::CallRow>> page = nextPage();
    if (!page) {
        Q_EMIT loadFailed(m_lastError);
        return;
    }
    if (page->isEmpty())
        return;
    m_changing = true;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page->size() - 1));
    m_rows.append(std::move(*page));
    endInsertRows();
    m_changing = false;
}

int CallsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CallsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CallsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Storage::CallRow &row = m_rows.at(index.row());
    const Model::UsageEvent &e = row.event;
    switch (role) {
    case RowIdRole:
        return row.rowId;
    case TraceIdRole:
        return e.traceId;
    case StartNsRole:
        return e.startNs;
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case TokensColumn:
        case CostColumn:
        case LatencyColumn:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case Qt::ToolTipRole:
        if (index.column() == CostColumn && e.costSource == Model::CostSource::Unpriced)
            return tr("No price is known for this model: the call is counted but not priced.");
        if (index.column() == StatusColumn && e.error)
            return e.errorType;
        return {};
    case SortRole:
        switch (index.column()) {
        case TimeColumn:
            return e.startNs;
        case TokensColumn:
            return e.inputTokens + e.outputTokens;
        case CostColumn:
            return e.costMicros;
        case LatencyColumn:
            return e.latencyMs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return localTimeText(e.startNs, m_locale);
        case ProviderColumn:
            return e.provider;
        case ModelColumn:
            return e.model;
        case FeatureColumn:
            return e.feature;
        case AgentColumn:
            return e.agentName.isEmpty() ? e.agentId : e.agentName;
        case TokensColumn:
            return m_locale.toString(e.inputTokens + e.outputTokens);
        case CostColumn:
            return e.costSource == Model::CostSource::Unpriced ? tr("unpriced")
                                                                : Money::formatUsdForDisplay(e.costMicros, m_locale);
        case LatencyColumn:
            return e.latencyMs < 0 ? QString() : tr("%1 ms").arg(m_locale.toString(e.latencyMs));
        case StatusColumn:
            return e.error ? (e.errorType.isEmpty() ? tr("error") : tr("error: %1").arg(e.errorType)) : tr("ok");
        }
        return {};
    default:
        return {};
    }
}

QVariant CallsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return (section == TokensColumn || section == CostColumn || section == LatencyColumn)
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && !isSortable(section))
        return tr("Sort by time, tokens, cost or latency");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ProviderColumn:
        return tr("Provider");
    case ModelColumn:
        return tr("Model");
    case FeatureColumn:
        return tr("Feature");
    case AgentColumn:
        return tr("Agent");
    case TokensColumn:
        return tr("Tokens");
    case CostColumn:
        return tr("Cost");
    case LatencyColumn:
        return tr("Latency");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

} // namespace Burnrate::Models
