// `burnrate budget list|add|remove` and `burnrate alerts` (DESIGN.md §7): budgets and the alert history
// from the command line. Runs on the main thread of a command-line process.
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Burnrate::App {

class BudgetCli
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::BudgetCli)
public:
    static int budget(const QStringList &arguments); // arguments after "budget"
    static int alerts(const QStringList &arguments); // arguments after "alerts"
};

} // namespace Burnrate::App
