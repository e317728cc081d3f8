// Billed beside measured spend per UTC day, provider and model (the Reconciliation screen), with the
// difference, request counts and the likely causes of a gap. Updated in place from each new query
// result, so views keep their selection and scroll position. GUI thread.
#pragma once

#include "storage/reconcile.h"

#include <QAbstractTableModel>
#include <QList>
#include <QLocale>

namespace Burnrate::Models {

class ReconciliationModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        DayColumn,
        ProviderColumn,
        ModelColumn,
        BilledColumn,
        MeasuredColumn,
        DifferenceColumn,
        RequestsColumn, // billed requests
        CallsColumn,    // measured calls
        CausesColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // numbers for the numeric columns and the day, text for the others
        DifferenceRole,          // difference in micro-USD (qint64), on every column
        HasGapRole,              // bool: the row has likely causes (outside the quiet band)
    };

    struct Totals
    {
        qint64 billedMicros = 0;
        qint64 measuredMicros = 0;
        qint64 differenceMicros = 0;
        int rowsWithGap = 0;
    };

    explicit ReconciliationModel(QObject *parent = nullptr);

    // Rows are matched by (day, provider, model): changed rows emit dataChanged, new ones are inserted,
    // missing ones removed.
    void setRows(const QList<Storage::ReconcileRow> &rows);
    const QList<Storage::ReconcileRow> &rows() const { return m_rows; }
    Totals totals() const;

    // A few words for the table cell ("Unpriced calls"); gapCauseText() is the full sentence.
    static QString causeLabel(Storage::GapCause cause);
    // "OpenAI" for "openai"; an unknown provider id as it is.
    static QString providerName(const QString &provider);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString money(qint64 micros) const;
    QString signedMoney(qint64 micros) const;

    QLocale m_locale;                    // the default locale when the model was made
    QList<Storage::ReconcileRow> m_rows; // in insertion order; a proxy sorts
    int m_decimals = 2;                  // one precision for the money columns
};

} // namespace Burnrate::Models
