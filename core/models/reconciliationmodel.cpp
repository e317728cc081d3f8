#include "reconciliationmodel.h"

#include "common/money.h"
#include "providers/poller.h"

#include <algorithm>
#include <cstdlib>

namespace Burnrate::Models {

namespace {

bool sameKey(const Storage::ReconcileRow &a, const Storage::ReconcileRow &b)
{
    return a.day == b.day && a.provider == b.provider && a.model == b.model;
}

bool sameFigures(const Storage::ReconcileRow &a, const Storage::ReconcileRow &b)
{
    return a.billedMicros == b.billedMicros && a.measuredMicros == b.measuredMicros &&
           a.differenceMicros == b.differenceMicros && a.billedRequests == b.billedRequests &&
           a.measuredCalls == b.measuredCalls && a.unpricedCalls == b.unpricedCalls &&
           a.billedTokens == b.billedTokens && a.measuredTokens == b.measuredTokens && a.causes == b.causes;
}

} // namespace

ReconciliationModel::ReconciliationModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ReconciliationModel::setRows(const QList<Storage::ReconcileRow> &rows)
{
    // Remove the rows that are gone, from the bottom so the indexes stay valid.
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        const Storage::ReconcileRow &mine = m_rows.at(i);
        if (std::none_of(rows.cbegin(), rows.cend(), [&](const auto &r) { return sameKey(r, mine); })) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }

    qint64 largest = 0;
    for (const Storage::ReconcileRow &r : rows)
        largest = std::max({largest, r.billedMicros, r.measuredMicros, std::abs(r.differenceMicros)});
    const int decimals = Money::decimalsFor(largest);
    if (decimals != m_decimals && !m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, BilledColumn), index(int(m_rows.size()) - 1, DifferenceColumn));
    m_decimals = decimals;

    for (const Storage::ReconcileRow &r : rows) {
        const auto it =
            std::find_if(m_rows.begin(), m_rows.end(), [&](const auto &mine) { return sameKey(mine, r); });
        if (it == m_rows.end()) {
            const int row = int(m_rows.size());
            beginInsertRows({}, row, row);
            m_rows.append(r);
            endInsertRows();
        } else if (!sameFigures(*it, r)) {
            *it = r;
            const int row = int(it - m_rows.begin());
            Q_EMIT dataChanged(index(row, BilledColumn), index(row, CausesColumn));
        }
    }
}

ReconciliationModel::Totals ReconciliationModel::totals() const
{
    Totals t;
    for (const Storage::ReconcileRow &r : m_rows) {
        t.billedMicros += r.billedMicros;
        t.measuredMicros += r.measuredMicros;
        t.differenceMicros += r.differenceMicros;
        t.rowsWithGap += r.causes.isEmpty() ? 0 : 1;
    }
    return t;
}

QString ReconciliationModel::causeLabel(Storage::GapCause cause)
{
    switch (cause) {
    case Storage::GapCause::UnpricedCalls:
        return tr("Unpriced calls");
    case Storage::GapCause::Uninstrumented:
        return tr("Uninstrumented calls");
    case Storage::GapCause::PriceDifference:
        return tr("Price difference");
    case Storage::GapCause::NotFinal:
        return tr("Not final yet");
    case Storage::GapCause::NotBilled:
        return tr("Not billed yet");
    }
    return {};
}

QString ReconciliationModel::providerName(const QString &provider)
{
    for (Providers::Provider p : Providers::allProviders()) {
        if (Providers::providerId(p) == provider)
            return Providers::providerDisplayName(p);
    }
    return provider;
}

int ReconciliationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReconciliationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReconciliationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Storage::ReconcileRow &row = m_rows.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case DayColumn:
            return m_locale.toString(row.day, tr("ddd, MMM d", "a day in the reconciliation table"));
        case ProviderColumn:
            return providerName(row.provider);
        case ModelColumn:
            return row.model.isEmpty() ? tr("(no model)") : row.model;
        case BilledColumn:
            return money(row.billedMicros);
        case MeasuredColumn:
            return money(row.measuredMicros);
        case DifferenceColumn:
            return signedMoney(row.differenceMicros);
        case RequestsColumn:
            return row.billedRequests < 0 ? tr("not reported") : m_locale.toString(row.billedRequests);
        case CallsColumn:
            return m_locale.toString(row.measuredCalls);
        case CausesColumn: {
            QStringList labels;
            for (Storage::GapCause cause : row.causes)
                labels.append(causeLabel(cause));
            return labels.join(tr(", ", "between the causes in a cell"));
        }
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (column) {
        case CausesColumn: {
            QStringList sentences;
            for (Storage::GapCause cause : row.causes)
                sentences.append(Storage::gapCauseText(cause));
            return sentences.isEmpty() ? tr("Billed and measured spend agree within 1 % or 1 cent.")
                                       : sentences.join(u'\n');
        }
        case RequestsColumn:
            return row.billedRequests < 0 ? tr("This provider's usage report does not count requests.")
                                          : QVariant();
        case CallsColumn:
            return row.unpricedCalls > 0
                       ? tr("%1 of them without a price").arg(m_locale.toString(row.unpricedCalls))
                       : QVariant();
        case ModelColumn:
            return row.model.isEmpty() ? tr("Billed line items that name no model") : row.model;
        default:
            break;
        }
        break;
    case Qt::TextAlignmentRole:
        switch (column) {
        case BilledColumn:
        case MeasuredColumn:
        case DifferenceColumn:
        case RequestsColumn:
        case CallsColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case SortRole:
        switch (column) {
        case DayColumn:
            return row.day.toJulianDay();
        case ProviderColumn:
            return providerName(row.provider);
        case ModelColumn:
            return row.model;
        case BilledColumn:
            return row.billedMicros;
        case MeasuredColumn:
            return row.measuredMicros;
        case DifferenceColumn:
            return row.differenceMicros;
        case RequestsColumn:
            return row.billedRequests;
        case CallsColumn:
            return row.measuredCalls;
        case CausesColumn:
            return qint64(row.causes.size());
        case ColumnCount:
            break;
        }
        break;
    case DifferenceRole:
        return row.differenceMicros;
    case HasGapRole:
        return !row.causes.isEmpty();
    default:
        break;
    }
    return {};
}

QVariant ReconciliationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    const auto column = Column(section);
    if (role == Qt::TextAlignmentRole) {
        const bool numeric = column >= BilledColumn && column <= CallsColumn;
        return QVariant::fromValue(numeric ? Qt::AlignRight | Qt::AlignVCenter
                                           : Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case DayColumn:
            return tr("The day in UTC, as the providers bill it");
        case BilledColumn:
            return tr("What the provider's cost report bills");
        case MeasuredColumn:
            return tr("What Burnrate measured from telemetry and priced");
        case DifferenceColumn:
            return tr("Billed minus measured: above zero, the provider billed more than Burnrate saw");
        case RequestsColumn:
            return tr("Requests the provider counted");
        case CallsColumn:
            return tr("Model calls Burnrate received");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case DayColumn:
        return tr("Day (UTC)");
    case ProviderColumn:
        return tr("Provider");
    case ModelColumn:
        return tr("Model");
    case BilledColumn:
        return tr("Billed");
    case MeasuredColumn:
        return tr("Measured");
    case DifferenceColumn:
        return tr("Difference");
    case RequestsColumn:
        return tr("Requests");
    case CallsColumn:
        return tr("Calls");
    case CausesColumn:
        return tr("Likely causes");
    case ColumnCount:
        break;
    }
    return {};
}

QString ReconciliationModel::money(qint64 micros) const
{
    return Money::formatUsd(micros, m_locale, m_decimals);
}

QString ReconciliationModel::signedMoney(qint64 micros) const
{
    // A plus sign too, so the direction of a gap reads without colour; none on what rounds to zero.
    const QString text = money(micros);
    return micros > 0 && text != money(0) ? m_locale.positiveSign() + text : text;
}

} // namespace Burnrate::Models
