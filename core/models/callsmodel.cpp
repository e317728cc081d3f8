#include "callsmodel.h"

#include "common/money.h"
#include "common/timeutil.h"

#include <QDateTime>
#include <QTimeZone>
#include <algorithm>

namespace Burnrate::Models {

CallsModel::CallsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

QString CallsModel::localTimeText(qint64 ns, const QLocale &locale, bool withMillis)
{
    const QDateTime t = Time::fromNs(ns, QTimeZone::systemTimeZone());
    // The locale's short time with seconds added: "1:05:09 PM", "13:05:09".
    QString format = locale.timeFormat(QLocale::ShortFormat);
    const qsizetype minutes = format.indexOf(QLatin1String("mm"));
    if (minutes >= 0 && !format.contains(u's'))
        format.insert(minutes + 2, withMillis ? QStringLiteral(":ss.zzz") : QStringLiteral(":ss"));
    return locale.toString(t.date(), QLocale::ShortFormat) + u' ' + locale.toString(t.time(), format);
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
    m_cursor.reset();
    m_texts = QStringList{QString()};
    m_textIndex.clear();
    m_pagesFetched = 0;
    m_atEnd = false;
    m_lastError = {};
    std::optional<QList<Row>> page = nextPage();
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

qint32 CallsModel::intern(const QString &text)
{
    if (text.isEmpty())
        return 0;
    auto it = m_textIndex.constFind(text);
    if (it == m_textIndex.constEnd()) {
        it = m_textIndex.insert(text, qint32(m_texts.size()));
        m_texts.append(text);
    }
    return it.value();
}

std::optional<QList<CallsModel::Row>> CallsModel::nextPage()
{
    if (!m_db.isOpen()) {
        m_atEnd = true;
        return QList<Row>();
    }
    std::optional<QList<Storage::CallRow>> page = Storage::fetchCalls(
        m_db, m_query, sortKind(), m_sortOrder, m_cursor ? &*m_cursor : nullptr, m_pageSize, &m_lastError);
    if (!page) {
        m_atEnd = true; // no retry loop from the view; reload() tries again
        return std::nullopt;
    }
    ++m_pagesFetched;
    m_atEnd = page->size() < m_pageSize;
    if (!page->isEmpty())
        m_cursor = page->constLast();
    QList<Row> rows;
    rows.reserve(page->size());
    for (const Storage::CallRow &call : std::as_const(*page)) {
        const Model::UsageEvent &e = call.event;
        Row r;
        r.rowId = call.rowId;
        r.startNs = e.startNs;
        r.tokens = e.inputTokens + e.outputTokens;
        r.costMicros = e.costMicros;
        r.latencyMs = qint32(std::clamp<qint64>(e.latencyMs, -1, std::numeric_limits<qint32>::max()));
        r.provider = intern(e.provider);
        r.model = intern(e.model);
        r.feature = intern(e.feature);
        r.agent = intern(e.agentName.isEmpty() ? e.agentId : e.agentName);
        r.errorType = intern(e.errorType);
        r.unpriced = e.costSource == Model::CostSource::Unpriced;
        r.error = e.error;
        rows.append(r);
    }
    return rows;
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
    std::optional<QList<Row>> page = nextPage();
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
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case RowIdRole:
        return r.rowId;
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
        if (index.column() == CostColumn && r.unpriced)
            return tr("No price is known for this model: the call is counted but not priced.");
        if (index.column() == StatusColumn && r.error)
            return m_texts.at(r.errorType);
        return {};
    case SortRole:
        switch (index.column()) {
        case TimeColumn:
            return r.startNs;
        case TokensColumn:
            return r.tokens;
        case CostColumn:
            return r.costMicros;
        case LatencyColumn:
            return r.latencyMs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return localTimeText(r.startNs, m_locale);
        case ProviderColumn:
            return m_texts.at(r.provider);
        case ModelColumn:
            return m_texts.at(r.model);
        case FeatureColumn:
            return m_texts.at(r.feature);
        case AgentColumn:
            return m_texts.at(r.agent);
        case TokensColumn:
            return m_locale.toString(r.tokens);
        case CostColumn:
            return r.unpriced ? tr("unpriced") : Money::formatUsdForDisplay(r.costMicros, m_locale);
        case LatencyColumn:
            return r.latencyMs < 0 ? QString() : tr("%1 ms").arg(m_locale.toString(r.latencyMs));
        case StatusColumn:
            return r.error ? (r.errorType == 0 ? tr("error") : tr("error: %1").arg(m_texts.at(r.errorType)))
                           : tr("ok");
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
