// Errors are values: every fallible function returns one of these (or an optional plus an Error out-param).
// Messages are complete sentences meant for the user; they never contain secrets.
#pragma once

#include <QString>

namespace Burnrate {

struct Error
{
    enum class Code {
        None,
        InvalidInput, // the caller's data is wrong (malformed payload, bad argument)
        NotFound,
        Io,           // file system or socket failure
        Database,     // SQLite failure
        SchemaTooNew, // database written by a newer Burnrate
        Corrupt,      // not a Burnrate database, or damaged
        ReadOnly,
        Busy, // try again later (writer saturated, database locked)
        Unsupported,
        Unauthorized, // a credential was refused (HTTP 401/403): the user must fix the key
    };

    Code code = Code::None;
    QString message;

    Error() = default;
    Error(Code c, QString msg)
        : code(c)
        , message(std::move(msg))
    {}

    bool isError() const { return code != Code::None; }
    explicit operator bool() const { return isError(); }
};

} // namespace Burnrate
