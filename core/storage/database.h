// Opening the SQLite database: path checks, WAL and pragmas, schema migrations (PRAGMA user_version).
// A Connection belongs to the thread that opened it (Qt 6.4 cannot move connections between threads):
// the storage writer owns one, every reader thread opens its own.
#pragma once

#include "common/error.h"

#include <QSqlDatabase>
#include <QString>
#include <limits>
#include <memory>

namespace Burnrate::Storage {

constexpr int kSchemaVersion = 18; // the newest schema this build understands

// rollup_user_day (schema v10) and rollup_session_day (v11) have every UTC day before the day this one-row
// query reads from meta;
// kNoUserDayEnd when none is stored (or a value that is not an integer, written by hand): no day.
constexpr qint64 kNoUserDayEnd = std::numeric_limits<qint64>::min();
constexpr const char *kUserDayEndSql = "SELECT coalesce((SELECT value FROM meta WHERE key = "
                                       "'rollup_user_day_end' AND typeof(value) = 'integer'), "
                                       "-9223372036854775807 - 1)";

// The schema version of the database at `path` as stored (0: missing, empty or unreadable), read without
// changing anything: a version below kSchemaVersion means that opening it read-write upgrades it first.
int storedSchemaVersion(const QString &path);

// QStandardPaths::AppDataLocation + "/burnrate.sqlite".
QString defaultDatabasePath();

class Connection
{
public:
    enum class Mode { ReadWrite, ReadOnly };

    // ReadWrite creates the file (and its directory) if missing and migrates it to kSchemaVersion.
    // ReadOnly never writes; it fails on a missing file. Errors are clear sentences: a newer schema
    // (SchemaTooNew), a file that is not a Burnrate database or is damaged (Corrupt), a path that
    // cannot be created or written (Io / ReadOnly).
    static std::unique_ptr<Connection> open(const QString &path, Mode mode, Error *error);
    ~Connection(); // closes and removes the Qt connection

    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    QSqlDatabase database() const { return m_db; }
    QString path() const { return m_path; }
    int schemaVersion() const { return m_schemaVersion; }
    // The raw sqlite3* behind the Qt connection, for the hot insert path (cast in storage .cpp files only).
    void *sqliteHandle() const;

private:
    Connection() = default;
    QSqlDatabase m_db;
    QString m_name;
    QString m_path;
    int m_schemaVersion = 0;
};

} // namespace Burnrate::Storage
