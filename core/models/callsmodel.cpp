#include "callsmodel.h"

#include "common/money.h"
#include "common/timeutil.h"
#include "exploreloader.h"

#include <QDateTime>
#include <QTimeZone>
#include <algorithm>

namespace Burnrate::Models {

namespace {

// The order of calls in time: their start, then their event key (as Storage::fetchCalls pages them).
std::pair<qint64, qint64> timeKey(const Storage::CallRow &call)
{
    return {call.event.startNs, call.eventKey};
}

} // namespace

CallsModel::CallsModel(QString databasePath, QObject *parent)
    : QAbstractTableModel(parent)
    , m_loader(new ExploreLoader(std::move(databasePath), this))
{
    connect(m_loader, &ExploreLoader::connectionFailed, this, [this](const Error &error) {
        ++m_generation; // the loads that were waiting for the connection will not come
        fail(error);
    });
}

CallsModel::~CallsModel()
{
    delete m_loader; // before the rows its late results would be delivered to
}

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

void CallsModel::setQuery(const Storage::CallsQuery &query)
{
    m_query = query;
    reload();
}

void CallsModel::reload()
{
    ++m_generation;
    m_changing = true; // observers of the change must not fetch a page into the model changing
    beginResetModel();
    m_rows.clear();
    m_cursor.reset();
    m_newest.reset();
    m_newestRowId = 0;
    m_newCalls = 0;
    m_liveUntilNs = 0;
    m_texts = QStringList{QString()};
    m_textIndex.clear();
    m_pagesFetched = 0;
    m_atEnd = false;
    m_updatingLive = false;
    m_loadingFirstPage = true;
    m_lastError = {};
    endResetModel();
    m_changing = false;
    requestPage();
}

void CallsModel::requestPage()
{
    m_fetching = true;
    Q_EMIT fetchingChanged();
    const bool first = m_loadingFirstPage;
    m_loader->submit(ExploreLoader::Kind::CallsPage, [this, generation = m_generation, query = m_query,
                                                      sort = sortKind(), order = m_sortOrder,
                                                      cursor = m_cursor, limit = m_pageSize,
                                                      first](const QSqlDatabase &connection) {
        // The first page and the newest row id in one snapshot: what is stored after it is new.
        QSqlDatabase db = connection;
        if (first)
            db.transaction();
        Error error;
        std::optional<QList<Storage::CallRow>> page =
            Storage::fetchCalls(db, query, sort, order, cursor ? &*cursor : nullptr, limit, &error);
        std::optional<qint64> newestRowId = 0;
        if (page && first) {
            newestRowId = Storage::newestCallRowId(db, &error);
            if (!newestRowId)
                page.reset();
        }
        if (first)
            db.commit();
        return ExploreLoader::Deliver(
            [this, generation, page = std::move(page), error, rowId = newestRowId.value_or(0)] {
                if (generation == m_generation)
                    pageArrived(std::move(page), error, rowId);
            });
    });
}

void CallsModel::fail(const Error &error)
{
    m_lastError = error;
    m_atEnd = true; // no retry loop from the view; reload() tries again
    m_fetching = false;
    m_loadingFirstPage = false;
    m_updatingLive = false;
    Q_EMIT fetchingChanged();
    Q_EMIT loadFailed(error);
}

void CallsModel::pageArrived(std::optional<QList<Storage::CallRow>> page, const Error &error,
                             qint64 newestRowId)
{
    if (!page) {
        fail(error);
        return;
    }
    const bool first = m_loadingFirstPage;
    ++m_pagesFetched;
    m_atEnd = page->size() < m_pageSize;
    if (!page->isEmpty())
        m_cursor = page->constLast();
    if (first) {
        m_newestRowId = newestRowId;
        if (!page->isEmpty() && insertsLive())
            m_newest = page->constFirst();
    }
    QList<Row> rows = toRows(*page);
    if (!rows.isEmpty()) {
        m_changing = true;
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
        m_rows.append(std::move(rows));
        endInsertRows();
        m_changing = false;
    }
    m_fetching = false;
    m_loadingFirstPage = false;
    Q_EMIT fetchingChanged();
    Q_EMIT pageLoaded();
    if (first && m_liveUntilNs != 0)
        updateLive(std::exchange(m_liveUntilNs, 0));
}

void CallsModel::updateLive(qint64 untilNs)
{
    if (m_loadingFirstPage || m_updatingLive) { // after that load, from what it read
        m_liveUntilNs = std::max(m_liveUntilNs, untilNs);
        return;
    }
    if (m_lastError)
        return;
    m_updatingLive = true;
    const bool insert = insertsLive();
    Storage::CallsQuery range = m_query;
    range.untilNs = std::max(range.untilNs, untilNs);
    if (insert)
        m_query.untilNs = range.untilNs; // the pages below read the same range
    m_loader->submit(ExploreLoader::Kind::NewCalls, [this, generation = m_generation, range, insert,
                                                     top = m_newest, afterRowId = m_newestRowId](
                                                        const QSqlDatabase &connection) {
        QSqlDatabase db = connection;
        db.transaction(); // one snapshot: the calls read, those counted and the newest row id agree
        Error error;
        NewCalls result;
        bool ok = true;
        if (!insert) { // in any other order they are only counted
            const std::optional<qint64> count = Storage::countCallsStoredAfter(db, range, afterRowId, &error);
            ok = count.has_value();
            result.counted = count.value_or(0);
        } else {
            // Those that started after the top row, oldest first, through the time index.
            std::optional<QList<Storage::CallRow>> newer =
                Storage::fetchCalls(db, range, Storage::CallsSort::Time, Qt::AscendingOrder,
                                    top ? &*top : nullptr, kNewCallsBatch, &error);
            ok = newer.has_value();
            result.newer = newer.value_or(QList<Storage::CallRow>());
            if (ok && top) {
                // Those that started before it but were stored after it (a long call ends late), through the
                // row id: placed among the rows read so far when they arrive, or left to the pages below.
                Storage::CallsQuery late = range;
                late.untilNs = top->event.startNs + 1;
                const std::optional<QList<Storage::CallRow>> stored =
                    Storage::fetchCallsStoredAfter(db, late, afterRowId, kNewCallsBatch + 1, &error);
                ok = stored.has_value();
                for (const Storage::CallRow &call : stored.value_or(QList<Storage::CallRow>())) {
                    if (timeKey(call) < timeKey(*top))
                        result.late.append(call);
                }
                if (ok && result.late.size() > kNewCallsBatch) { // an import of the past: too many to place
                    result.late.clear();
                    const std::optional<qint64> count =
                        Storage::countCallsStoredAfter(db, late, afterRowId, &error);
                    ok = count.has_value();
                    result.counted = count.value_or(0);
                }
            }
        }
        const std::optional<qint64> rowId = ok ? Storage::newestCallRowId(db, &error) : std::nullopt;
        db.commit();
        result.newestRowId = rowId.value_or(0);
        return ExploreLoader::Deliver(
            [this, generation, result = std::move(result), error, ok = rowId.has_value()] {
                if (generation == m_generation)
                    newCallsArrived(ok ? std::optional(result) : std::nullopt, error);
            });
    });
}

void CallsModel::newCallsArrived(std::optional<NewCalls> calls, const Error &error)
{
    m_updatingLive = false;
    if (!calls) {
        // Said, but not kept as the model's error: the next commit tries again, so one failed read (a busy
        // database) does not end live updates.
        Q_EMIT loadFailed(error);
        return;
    }
    m_newestRowId = calls->newestRowId;
    const bool any = !calls->newer.isEmpty() || !calls->late.isEmpty();
    if (any)
        Q_EMIT callsAboutToBeInserted();
    int inserted = int(calls->newer.size());
    m_changing = true;
    if (!calls->newer.isEmpty()) {
        m_newest = calls->newer.constLast();
        std::reverse(calls->newer.begin(), calls->newer.end()); // newest first, as the rows below
        QList<Row> rows = toRows(calls->newer);
        beginInsertRows({}, 0, int(rows.size() - 1));
        rows.append(std::move(m_rows));
        m_rows = std::move(rows);
        endInsertRows();
    }
    for (const Storage::CallRow &call : std::as_const(calls->late)) { // each at its place, newest first
        if (!m_atEnd && m_cursor && timeKey(call) < timeKey(*m_cursor))
            continue; // below the rows read: a page reads it
        const qint64 start = call.event.startNs;
        const auto first = std::partition_point(m_rows.cbegin(), m_rows.cend(),
                                                [start](const Row &r) { return r.startNs > start; });
        const auto last =
            std::partition_point(first, m_rows.cend(), [start](const Row &r) { return r.startNs >= start; });
        if (std::any_of(first, last, [&call](const Row &r) { return r.rowId == call.rowId; }))
            continue; // a page read since has it
        const int row = int(last - m_rows.cbegin());
        beginInsertRows({}, row, row);
        m_rows.insert(row, toRows({call}).constFirst());
        endInsertRows();
        ++inserted;
    }
    m_changing = false;
    if (any)
        Q_EMIT callsInserted(inserted); // possibly none (pages had them): the view lets go of its anchor
    if (calls->counted > 0 || m_newCalls > 0) {
        m_newCalls += calls->counted;
        Q_EMIT newCallsCounted(m_newCalls);
    }
    if (calls->newer.size() == kNewCallsBatch) // more than a batch came in: the next one now
        m_liveUntilNs = std::max(m_liveUntilNs, m_query.untilNs);
    if (m_liveUntilNs != 0)
        updateLive(std::exchange(m_liveUntilNs, 0));
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

QList<CallsModel::Row> CallsModel::toRows(const QList<Storage::CallRow> &calls)
{
    QList<Row> rows;
    rows.reserve(calls.size());
    for (const Storage::CallRow &call : calls) {
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
    return !parent.isValid() && !m_atEnd && !m_changing && !m_fetching;
}

void CallsModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestPage(); // the rows are inserted when the page arrives
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
