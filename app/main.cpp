// burnrate: the window and tray by default, `--headless` for servers, and the subcommands of
// DESIGN.md §7 for scripts.
#include "cli.h"
#include "common/logging.h"
#include "democontroller.h"
#include "mainwindow.h"
#include "service.h"
#include "signalwatcher.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>
#include <cstring>
#include <memory>

using namespace Burnrate;

namespace {

void installTranslations(QCoreApplication &app)
{
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    auto *translator = new QTranslator(&app);
    if (translator->load(QLocale(), QStringLiteral("burnrate"), QStringLiteral("_"),
                         QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(translator);
}

bool wantsWindow(int argc, char **argv)
{
    if (argc > 1 && argv[1][0] != '-')
        return false; // a subcommand
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--headless") || !std::strcmp(argv[i], "--help") ||
            !std::strcmp(argv[i], "-h") || !std::strcmp(argv[i], "--version") || !std::strcmp(argv[i], "-v"))
            return false;
    }
    return true;
}

int runMain(QCoreApplication &app, bool window)
{
    QStringList arguments = QCoreApplication::arguments().mid(1);
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Watches what LLM agents cost and stops them when they run away.\n\n"
                "Subcommands:\n"
                "  report   spend grouped by any dimension\n"
                "  import   store the calls from OTLP trace files\n"
                "Run 'burnrate <subcommand> --help' for their options."));
    App::Cli::addCommonOptions(parser);
    const QCommandLineOption listen(QStringLiteral("otlp-listen"),
                                    QCoreApplication::translate("main",
                                                                "Where to receive OTLP/HTTP traces (default "
                                                                "127.0.0.1:4318, or [otlp] listen)."),
                                    QCoreApplication::translate("main", "HOST:PORT"));
    const QCommandLineOption headless(
        QStringLiteral("headless"),
        QCoreApplication::translate("main", "Run without a window until SIGINT/SIGTERM."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QCoreApplication::translate("main", "Show the version."));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QCoreApplication::translate("main", "Run a simulated fleet of agents that sends its traces to this "
                                            "Burnrate (stored as demo data, which can be cleared)."));
    const QCommandLineOption demoSeed(
        QStringLiteral("demo-seed"),
        QCoreApplication::translate("main", "Seed for the demo fleet, for repeatable runs (implies --demo)."),
        QCoreApplication::translate("main", "N"));
    parser.addOptions({listen, headless, demo, demoSeed, version});
    int exitCode = App::ExitOk;
    if (!App::Cli::parse(parser, QString(), arguments, &exitCode))
        return exitCode;
    if (parser.isSet(version)) {
        std::fputs(qPrintable(QStringLiteral("burnrate %1\n").arg(QCoreApplication::applicationVersion())),
                   stdout);
        return App::ExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        App::Cli::printError(
            QString(), QCoreApplication::translate("main", "unknown subcommand '%1'. Try 'burnrate --help'.")
                           .arg(parser.positionalArguments().constFirst()));
        return App::ExitUsage;
    }

    quint64 seed = 0;
    if (parser.isSet(demoSeed)) {
        bool ok = false;
        seed = parser.value(demoSeed).toULongLong(&ok);
        if (!ok || seed == 0) {
            App::Cli::printError(QString(),
                                 QCoreApplication::translate("main", "--demo-seed needs a positive whole "
                                                                     "number, not '%1'")
                                     .arg(parser.value(demoSeed)));
            return App::ExitUsage;
        }
    }

    Error error;
    std::optional<App::AppContext> context = App::Cli::makeContext(parser, true, &error);
    if (!context) {
        App::Cli::printError(QString(), error.message);
        return App::ExitUsage;
    }
    App::Service service;
    if (!service.start(*context, parser.value(listen), &error)) {
        App::Cli::printError(QString(), error.message);
        return error.code == Error::Code::InvalidInput ? App::ExitUsage : App::ExitFailure;
    }
    App::DemoController demoController(&service, qEnvironmentVariable("BURNRATE_OTLP_TOKEN"));
    App::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &App::SignalWatcher::terminationRequested, &app, [&](int) {
        qCInfo(lcApp) << "Stopping: answering and committing what has been received";
        demoController.stop();
        service.stop();
        QCoreApplication::exit(App::ExitOk);
    });

    std::unique_ptr<Widgets::MainWindow> mainWindow;
    if (window) {
        mainWindow = std::make_unique<Widgets::MainWindow>(
            service.databasePath(), service.receiver()->endpoint(), service.writer(), context->prices);
        QObject::connect(mainWindow.get(), &Widgets::MainWindow::demoRequested, &demoController,
                         [&] { demoController.start(0); });
        QObject::connect(mainWindow.get(), &Widgets::MainWindow::demoStopRequested, &demoController,
                         &App::DemoController::stop);
        QObject::connect(mainWindow.get(), &Widgets::MainWindow::demoClearRequested, &demoController,
                         &App::DemoController::clearDemoData);
        QObject::connect(&demoController, &App::DemoController::runningChanged, mainWindow.get(),
                         &Widgets::MainWindow::setDemoRunning);
        QObject::connect(&demoController, &App::DemoController::message, mainWindow.get(),
                         &Widgets::MainWindow::showMessage);
        mainWindow->show();
    } else {
        qCInfo(lcApp).noquote() << "Burnrate is running headless; database" << service.databasePath();
    }
    if (parser.isSet(demo) || parser.isSet(demoSeed))
        demoController.start(seed);
    const int code = app.exec();
    demoController.stop();
    mainWindow.reset();
    service.stop();
    return code;
}

} // namespace

int main(int argc, char **argv)
{
    qSetMessagePattern(
        QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-warning}warning: %{endif}%{if-critical}"
                       "error: %{endif}%{message}"));
    const bool window = wantsWindow(argc, argv);
    std::unique_ptr<QCoreApplication> app =
        window ? std::make_unique<QApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("burnrate"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BURNRATE_VERSION));
    installTranslations(*app);

    const QStringList arguments = QCoreApplication::arguments();
    const QString subcommand = arguments.size() > 1 ? arguments.at(1) : QString();
    if (subcommand == u"report")
        return App::Cli::report(arguments.mid(2));
    if (subcommand == u"import")
        return App::Cli::import(arguments.mid(2));
    return runMain(*app, window);
}
