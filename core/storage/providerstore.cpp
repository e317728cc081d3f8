#include "providerstore.h"

#include "sqliteutil.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Burnrate::Storage {

std::optional<QList<SourceState>> readSourceStates(const QSqlDatabase &db, Error *error)
{
    if (!db.isOpen()) {
        if (error)
            *error = {Error::Code::Database,
                      QCoreApplication::translate("Burnrate::Storage", "The database is not open.")};
        return std::nullopt;
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(
            QStringLiteral("SELECT source, cursor_ns, backfill_from_ns, last_attempt_ns, last_success_ns, "
                           "last_error, rows_imported, detail FROM source_state ORDER BY source"))) {
        if (error) {
            const QSqlError e = q.lastError();
            *error = Sqlite::databaseError(db.databaseName(), e.nativeErrorCode().toInt(), e.databaseText());
        }
        return std::nullopt;
    }
    QList<SourceState> states;
    while (q.next()) {
        SourceState s;
        s.source = q.value(0).toString();
        s.cursorNs = q.value(1).toLongLong();
        s.backfillFromNs = q.value(2).toLongLong();
        s.lastAttemptNs = q.value(3).toLongLong();
        s.lastSuccessNs = q.value(4).toLongLong();
        s.lastError = q.value(5).toString();
        s.rowsImported = q.value(6).toLongLong();
        s.detail = q.value(7).toString();
        states.append(std::move(s));
    }
    return states;
}

} // namespace Burnrate::Storage
