#include "sqliteutil.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QStringEncoder>
#include <QVariant>

namespace Burnrate::Storage::Sqlite {

sqlite3 *handle(const QSqlDatabase &db)
{
    if (!db.isValid() || !db.driver())
        return nullptr;
    const QVariant v = db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.constData());
}

Snapshot::~Snapshot()
{
    if (!m_db)
        return;
    const QByteArray release = "RELEASE " + m_name;
    if (!exec(m_db, release.constData()).ok() && !exec(m_db, release.constData()).ok() && m_outermost)
        exec(m_db, "ROLLBACK");
}

Result Snapshot::begin(sqlite3 *db)
{
    if (!db)
        return {SQLITE_MISUSE, {}};
    const bool outermost = sqlite3_get_autocommit(db); // not inside a caller's transaction
    const Result r = exec(db, QByteArray("SAVEPOINT " + m_name).constData());
    if (r.ok()) {
        m_db = db;
        m_outermost = outermost;
    }
    return r;
}

Result failure(sqlite3 *db, int code)
{
    return {code, QString::fromUtf8(sqlite3_errmsg(db))};
}

Result exec(sqlite3 *db, const char *sql)
{
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    return rc == SQLITE_OK ? Result{} : failure(db, sqlite3_extended_errcode(db));
}

Result queryInt(sqlite3 *db, const char *sql, qint64 *value)
{
    Statement stmt;
    if (Result r = stmt.prepare(db, sql); !r.ok())
        return r;
    const int rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_ROW)
        return failure(db, rc == SQLITE_DONE ? SQLITE_MISMATCH : rc);
    *value = sqlite3_column_int64(stmt.get(), 0);
    return {};
}

void bindTextOrNull(sqlite3_stmt *stmt, int index, const QString &value)
{
    if (value.isEmpty()) {
        sqlite3_bind_null(stmt, index);
        return;
    }
    // Converted here because Qt converts to UTF-8 several times faster than SQLite, which would store
    // UTF-16 text in a UTF-8 database only after converting it itself.
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void TextBinder::bind(sqlite3_stmt *stmt, std::initializer_list<Param> params)
{
    qsizetype capacity = 0;
    for (const Param &p : params)
        capacity += p.value.size() * 3; // the most UTF-8 bytes a UTF-16 code unit can take
    if (m_buffer.size() < capacity)
        m_buffer.resize(capacity); // before any text is bound: the buffer does not move after
    // Stateless: an unpaired surrogate at the end of one text is not carried into the next.
    QStringEncoder encoder(QStringEncoder::Utf8, QStringConverter::Flag::Stateless);
    char *out = m_buffer.data();
    for (const Param &p : params) {
        if (p.value.isEmpty()) {
            sqlite3_bind_null(stmt, p.index);
            continue;
        }
        char *const end = encoder.appendToBuffer(out, p.value);
        sqlite3_bind_text(stmt, p.index, out, int(end - out), SQLITE_STATIC);
        out = end;
    }
}

Result Statement::prepare(sqlite3 *db, const char *sql)
{
    finalize();
    const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    return rc == SQLITE_OK ? Result{} : failure(db, rc);
}

void Statement::finalize()
{
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
}

Error::Code errorCode(int sqliteCode)
{
    switch (sqliteCode & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return Error::Code::Corrupt;
    case SQLITE_READONLY:
        return Error::Code::ReadOnly;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return Error::Code::Busy;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_PERM:
        return Error::Code::Io;
    default:
        return Error::Code::Database;
    }
}

Error databaseError(const QString &path, int sqliteCode, const QString &detail)
{
    const Error::Code code = errorCode(sqliteCode);
    switch (code) {
    case Error::Code::Corrupt:
        return {code, QCoreApplication::translate("Burnrate::Storage",
                                                  "%1 is not a Burnrate database or is damaged (%2).")
                          .arg(path, detail)};
    case Error::Code::ReadOnly:
        return {code, QCoreApplication::translate("Burnrate::Storage",
                                                  "%1 is read-only (%2). Check the permissions of the file "
                                                  "and its directory.")
                          .arg(path, detail)};
    case Error::Code::Busy:
        return {code, QCoreApplication::translate("Burnrate::Storage",
                                                  "%1 is locked by another program (%2). Try again.")
                          .arg(path, detail)};
    case Error::Code::Io:
        return {code, QCoreApplication::translate("Burnrate::Storage", "Cannot read or write %1 (%2).")
                          .arg(path, detail)};
    default:
        return {
            code,
            QCoreApplication::translate("Burnrate::Storage", "Database error in %1: %2.").arg(path, detail)};
    }
}

} // namespace Burnrate::Storage::Sqlite
