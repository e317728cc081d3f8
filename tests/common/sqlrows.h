// Reading query results as text in tests: rows to compare, a number to check.
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QtDebug>

namespace Burnrate::Testing {

// The rows of a query, NULL as "NULL" (a failed query warns and has none).
inline QList<QStringList> rows(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        qWarning() << sql << q.lastError().text();
    QList<QStringList> result;
    while (q.next()) {
        QStringList row;
        for (int i = 0; i < q.record().count(); ++i)
            row.append(q.value(i).isNull() ? QStringLiteral("NULL") : q.value(i).toString());
        result.append(row);
    }
    return result;
}

// The first column of the first row as a number; -1 without a row.
inline qint64 scalar(const QSqlDatabase &db, const QString &sql)
{
    const QList<QStringList> r = rows(db, sql);
    return r.isEmpty() ? -1 : r.first().first().toLongLong();
}

// The rows of a query, each as its values joined by '|' (a failed query warns and has none).
inline QStringList tableRows(const QSqlDatabase &db, const QString &sql)
{
    QStringList rows;
    QSqlQuery q(db);
    if (!q.exec(sql))
        qWarning() << q.lastError().text();
    while (q.next()) {
        QStringList fields;
        for (int i = 0; i < q.record().count(); ++i)
            fields << q.value(i).toString();
        rows << fields.join(u'|');
    }
    return rows;
}

} // namespace Burnrate::Testing
