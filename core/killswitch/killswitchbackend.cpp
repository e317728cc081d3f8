#include "killswitchbackend.h"

#include <QCoreApplication>

namespace Burnrate::KillSwitch {

// STUB: the etcd and HTTP document backends follow; until then every configuration is refused.
std::unique_ptr<Backend> makeBackend(const BackendConfig &, Net::HttpClient *, Error *error, QObject *)
{
    if (error)
        *error = Error(
            Error::Code::Unsupported,
            QCoreApplication::translate("Burnrate::KillSwitch", "Kill-switch backends are not built yet."));
    return nullptr;
}

} // namespace Burnrate::KillSwitch
