// The values one Explore filter can take (the dimension's values in the selected range, most expensive
// first), each checkable; the checked ones are the filter. Checked values stay listed when a new range no
// longer has them, so they can be unchecked. A QSortFilterProxyModel searches it. GUI thread.
#pragma once

#include <QAbstractListModel>
#include <QSet>
#include <QStringList>

namespace Burnrate::Models {

class ExploreFilterModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { ValueRole = Qt::UserRole }; // the value; a null QString for calls without one

    // noneLabel: how calls without a value are listed, "(no feature)".
    explicit ExploreFilterModel(QString noneLabel, QObject *parent = nullptr);

    // A null entry in `values` stands for calls without a value.
    void setValues(const QStringList &values);
    void setChecked(const QStringList &values); // replaces the checked set, without checkedChanged
    QStringList checked() const;                // in list order
    QStringList values() const { return m_values; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    void checkedChanged(); // the user checked or unchecked a value

private:
    static QString keyOf(const QString &value) { return value.isNull() ? QStringLiteral("\x01none") : value; }

    QString m_noneLabel;
    QStringList m_values;
    QSet<QString> m_checked; // by keyOf()
};

} // namespace Burnrate::Models
