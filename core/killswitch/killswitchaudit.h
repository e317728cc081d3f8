// The kill switch's audit trail in SQLite (table killswitch_audit, schema v5): who changed what, when,
// why, and how it ended. An AuditLog owns its own Connection and belongs to the thread that opened it
// (the GUI thread in the app, or a command-line process).
#pragma once

#include "common/error.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <memory>
#include <optional>

namespace Burnrate::Storage {
class Connection;
}

namespace Burnrate::KillSwitch {

struct AuditEntry
{
    enum class Outcome { Confirmed, Failed };

    qint64 id = 0;  // the storage's id; 0 until appended
    QDateTime at;   // UTC, when the change finished (confirmed or given up)
    QString actor;  // "user@host"
    QString action; // Change::actionName(): kill_all, resume_all, disable:<id>, enable:<id>
    QString reason;
    Outcome outcome = Outcome::Failed;
    qint64 version = 0; // the document version the store confirmed; 0 when the change failed
    QString message;    // the error in plain words when it failed; empty when confirmed
    QString store;      // Backend::describe()
};

QString outcomeName(AuditEntry::Outcome outcome); // confirmed | failed

class AuditLog
{
public:
    // ReadWrite creates and migrates the database; ReadOnly never writes. Errors name the file.
    static std::unique_ptr<AuditLog> open(const QString &path, bool readOnly, Error *error);
    ~AuditLog();

    AuditLog(const AuditLog &) = delete;
    AuditLog &operator=(const AuditLog &) = delete;

    // Sets entry.id.
    bool append(AuditEntry &entry, Error *error);
    // The newest `limit` entries, newest first.
    std::optional<QList<AuditEntry>> entries(int limit, Error *error) const;

private:
    AuditLog() = default;
    std::unique_ptr<Storage::Connection> m_connection;
};

} // namespace Burnrate::KillSwitch

Q_DECLARE_METATYPE(Burnrate::KillSwitch::AuditEntry)
