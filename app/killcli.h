// `burnrate kill status|on|off` (DESIGN.md §7): the remote kill switch from the command line, with the
// same [killswitch] configuration as the app. Exit 0 only when the store confirmed (status: was read).
// Runs on the main thread of a command-line process.
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Burnrate::App {

class KillCli
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::KillCli)
public:
    static int kill(const QStringList &arguments); // arguments after "kill"
};

} // namespace Burnrate::App
