#include "killswitchaudit.h"

#include "storage/database.h"

namespace Burnrate::KillSwitch {

QString outcomeName(AuditEntry::Outcome outcome)
{
    return outcome == AuditEntry::Outcome::Confirmed ? QStringLiteral("confirmed") : QStringLiteral("failed");
}

// STUB: the SQLite table (schema v5) follows.
std::unique_ptr<AuditLog> AuditLog::open(const QString &, bool, Error *error)
{
    if (error)
        *error = Error(Error::Code::Unsupported, QStringLiteral("not built yet"));
    return nullptr;
}

AuditLog::~AuditLog() = default;

bool AuditLog::append(AuditEntry &, Error *)
{
    return false;
}

std::optional<QList<AuditEntry>> AuditLog::entries(int, Error *) const
{
    return QList<AuditEntry>{};
}

} // namespace Burnrate::KillSwitch
