// Private helpers over the raw sqlite3 API for core/storage: result codes with their messages, text
// binding, and the mapping of SQLite failures to Burnrate errors. Usable from any thread that owns the
// connection it is given.
#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>
#include <initializer_list>
#include <sqlite3.h>

namespace Burnrate::Storage::Sqlite {

struct Result
{
    int code = SQLITE_OK; // extended result code
    QString message;      // sqlite3_errmsg() at the time of the failure

    bool ok() const { return code == SQLITE_OK; }
    int primary() const { return code & 0xff; }
};

// The sqlite3* behind an open QSQLITE connection, or nullptr.
sqlite3 *handle(const QSqlDatabase &db);

// Runs one or more statements without results to read.
Result exec(sqlite3 *db, const char *sql);
// Runs a statement that returns one integer (PRAGMA user_version, SELECT count(*) …).
Result queryInt(sqlite3 *db, const char *sql, qint64 *value);
// The connection's current error with `code`.
Result failure(sqlite3 *db, int code);

// Binds text as UTF-8 (SQLite copies it), or NULL when it is empty: an absent value is NULL in
// usage_events so that reports can say "(none)".
void bindTextOrNull(sqlite3_stmt *stmt, int index, const QString &value);

// Binds many texts of one row as bindTextOrNull() does, converted into one buffer that is reused from row
// to row and bound without a copy: no allocation per text. For the writer's hot insert, where a
// QByteArray per text and SQLite's copy of it were a tenth of its time (docs/performance.md §6). The
// texts stay bound until the next bind(): step the statement before that.
class TextBinder
{
public:
    struct Param
    {
        int index;
        QStringView value;
    };
    void bind(sqlite3_stmt *stmt, std::initializer_list<Param> params);

private:
    QByteArray m_buffer;
};

// Prepared statement that finalizes itself.
class Statement
{
public:
    Statement() = default;
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Result prepare(sqlite3 *db, const char *sql);
    void finalize();
    sqlite3_stmt *get() const { return m_stmt; }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

// One snapshot for several reads: SAVEPOINT `name` from begin() to the end of the scope. A write between
// two reads (the writer runs on its own connection) could otherwise count a call twice or not at all.
// An interrupt (Explore stops a superseded query from another thread) can hit the RELEASE itself and
// leave the read transaction open, and every later read of the connection would see this snapshot: the
// RELEASE is tried once more, then the snapshot is rolled back unless a caller's transaction holds it.
class Snapshot
{
public:
    explicit Snapshot(const char *name)
        : m_name(name)
    {}
    ~Snapshot();
    Snapshot(const Snapshot &) = delete;
    Snapshot &operator=(const Snapshot &) = delete;

    Result begin(sqlite3 *db);

private:
    QByteArray m_name;
    sqlite3 *m_db = nullptr; // set once begun
    bool m_outermost = false;
};

// Error::Code for a SQLite result code (Corrupt, ReadOnly, Busy, Io or Database).
Error::Code errorCode(int sqliteCode);
// A user-facing error for a failure on the database at `path`, chosen by the kind of failure.
Error databaseError(const QString &path, int sqliteCode, const QString &detail);

} // namespace Burnrate::Storage::Sqlite
