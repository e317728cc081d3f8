#include "killswitchaudit.h"

#include "storage/database.h"
#include "storage/sqliteutil.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Burnrate::KillSwitch {

namespace {

bool fail(const QString &path, const QSqlQuery &query, Error *error)
{
    if (error) {
        const QSqlError e = query.lastError();
        *error = Storage::Sqlite::databaseError(path, e.nativeErrorCode().toInt(), e.databaseText());
    }
    return false;
}

// SQLite stores a null QString as NULL; the columns are NOT NULL text.
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

} // namespace

QString outcomeName(AuditEntry::Outcome outcome)
{
    return outcome == AuditEntry::Outcome::Confirmed ? QStringLiteral("confirmed") : QStringLiteral("failed");
}

std::unique_ptr<AuditLog> AuditLog::open(const QString &path, bool readOnly, Error *error)
{
    std::unique_ptr<AuditLog> log(new AuditLog);
    log->m_connection = Storage::Connection::open(
        path, readOnly ? Storage::Connection::Mode::ReadOnly : Storage::Connection::Mode::ReadWrite, error);
    if (!log->m_connection)
        return nullptr;
    return log;
}

AuditLog::~AuditLog() = default;

bool AuditLog::append(AuditEntry &entry, Error *error)
{
    QSqlQuery query(m_connection->database());
    query.prepare(
        QStringLiteral("INSERT INTO killswitch_audit(at_ns, actor, action, reason, outcome, version, "
                       "message, store) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(entry.at.toMSecsSinceEpoch() * 1'000'000);
    query.addBindValue(text(entry.actor));
    query.addBindValue(text(entry.action));
    query.addBindValue(text(entry.reason));
    query.addBindValue(outcomeName(entry.outcome));
    query.addBindValue(entry.version);
    query.addBindValue(text(entry.message));
    query.addBindValue(text(entry.store));
    if (!query.exec())
        return fail(m_connection->path(), query, error);
    entry.id = query.lastInsertId().toLongLong();
    return true;
}

std::optional<QList<AuditEntry>> AuditLog::entries(int limit, Error *error) const
{
    QSqlQuery query(m_connection->database());
    query.prepare(QStringLiteral("SELECT id, at_ns, actor, action, reason, outcome, version, message, store "
                                 "FROM killswitch_audit ORDER BY at_ns DESC, id DESC LIMIT ?"));
    query.addBindValue(std::max(limit, 0));
    if (!query.exec()) {
        fail(m_connection->path(), query, error);
        return std::nullopt;
    }
    QList<AuditEntry> result;
    while (query.next()) {
        AuditEntry e;
        e.id = query.value(0).toLongLong();
        e.at = QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong() / 1'000'000, Qt::UTC);
        e.actor = query.value(2).toString();
        e.action = query.value(3).toString();
        e.reason = query.value(4).toString();
        e.outcome = query.value(5).toString() == QLatin1String("confirmed") ? AuditEntry::Outcome::Confirmed
                                                                            : AuditEntry::Outcome::Failed;
        e.version = query.value(6).toLongLong();
        e.message = query.value(7).toString();
        e.store = query.value(8).toString();
        result.append(e);
    }
    return result;
}

} // namespace Burnrate::KillSwitch
