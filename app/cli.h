// The command line (DESIGN.md §7): option handling shared by every subcommand, and the subcommands
// that run without a window. Everything here runs on the main thread.
#pragma once

#include "common/error.h"
#include "common/settings.h"

#include <QCoreApplication>
#include <QStringList>
#include <memory>
#include <optional>

class QCommandLineParser;

namespace Burnrate::Pricing {
class PriceTable;
}

namespace Burnrate::App {

enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

// What --db/--config/--prices resolve to, with the config file's values behind them.
struct AppContext
{
    std::unique_ptr<Settings> settings;
    QString databasePath;
    std::shared_ptr<const Pricing::PriceTable> prices;
};

class Cli
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::Cli)
public:
    static void addCommonOptions(QCommandLineParser &parser);
    // Reads the common options; loads prices only when asked (report does not need them). A missing
    // settings file means the defaults. On failure prints one line for `command` and sets *exitCode: 1 for
    // a settings file that cannot be read (runtime), 2 for a price file that cannot be used.
    static std::optional<AppContext> makeContext(const QCommandLineParser &parser, const QString &command,
                                                 bool loadPrices, int *exitCode);

    // Parses `arguments` (argv without the program name and subcommand); on a usage error prints one
    // line to stderr and returns false with *exitCode set. Handles --help.
    static bool parse(QCommandLineParser &parser, const QString &command, const QStringList &arguments,
                      int *exitCode);

    static int report(const QStringList &arguments);
    static int import(const QStringList &arguments);

    static void printError(const QString &command, const QString &message); // "burnrate report: …"
    // Every form --since and --until accept (Time::parseTimeArgument), for their --help.
    static QString timeForms();
};

} // namespace Burnrate::App
