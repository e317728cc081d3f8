// burnrate: the window and tray by default, `--headless` for servers, and the subcommands of
// DESIGN.md §7 for scripts.
#include "budgetcli.h"
#include "cli.h"
#include "common/logging.h"
#include "democontroller.h"
#include "killcli.h"
#include "killswitchpage.h"
#include "killswitchtray.h"
#include "mainwindow.h"
#include "secrets/secretstore.h"
#include "service.h"
#include "signalwatcher.h"
#include "sortarrowstyle.h"
#include "storage/database.h"
#include "trayicon.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>
#include <QWindow>
#include <cstring>
#include <memory>

// jemalloc (linked in app/CMakeLists.txt) reads its options from this symbol. It keeps freed pages for 10 s
// by default, so a burst (a trace memory rehash while ingest ramps up) stayed resident as a 25 MB peak;
// returning them after 1 s keeps the headless receiver at its steady size, at no measurable speed cost
// (docs/performance.md §3).
extern "C" {
extern const char *malloc_conf;
const char *malloc_conf = "dirty_decay_ms:1000,muzzy_decay_ms:0";
}

using namespace Burnrate;

namespace {

// --config, found before the command line is parsed properly: the language of everything, --help and
// usage errors included, comes from the settings file it names.
QString configArgument(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--")
            break;
        if (argument == u"--config")
            return i + 1 < arguments.size() ? arguments.at(i + 1) : QString();
        if (argument.startsWith(u"--config="))
            return argument.mid(9);
    }
    return {};
}

// The [ui] language setting, else the system locale, for the translations and for numbers, dates and
// money.
void installTranslations(QCoreApplication &app)
{
    const QString language = Settings(configArgument(QCoreApplication::arguments())).uiLanguage();
    QLocale locale;
    if (!language.isEmpty() && QLocale(language).language() != QLocale::C) {
        locale = QLocale(language);
        QLocale::setDefault(locale);
    }
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    auto *translator = new QTranslator(&app);
    if (translator->load(locale, QStringLiteral("burnrate"), QStringLiteral("_"), QStringLiteral(":/i18n")))
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

// A small window that stays up while the database is upgraded, painted before the upgrade blocks this thread.
std::unique_ptr<QLabel> showUpgradeNotice(const QString &databasePath)
{
    auto notice = std::make_unique<QLabel>(
        QCoreApplication::translate("main", "Burnrate is upgrading its database %1 to a newer format. On a "
                                            "large database this takes a minute or two; the window opens "
                                            "when it is done.")
            .arg(QDir::toNativeSeparators(databasePath)));
    notice->setWindowTitle(QStringLiteral("Burnrate"));
    notice->setWordWrap(true);
    notice->setMargin(24);
    notice->setFixedWidth(480);
    notice->show();
    QElapsedTimer shown;
    shown.start();
    while (!(notice->windowHandle() && notice->windowHandle()->isExposed()) && shown.elapsed() < 2000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    notice->repaint();
    QCoreApplication::processEvents();
    return notice;
}

int runMain(QCoreApplication &app, bool window)
{
    QStringList arguments = QCoreApplication::arguments().mid(1);
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Watches what LLM agents cost and stops them when they run away.\n\n"
                "Subcommands:\n"
                "  report   spend grouped by any dimension (--billed, --reconcile)\n"
                "  import   store the calls from OTLP trace files\n"
                "  budget   list, add or remove budgets\n"
                "  alerts   the alerts raised (budgets, anomalies, loops)\n"
                "  kill     the kill switch: status, on, off (all agents or one)\n"
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

    // Before the receiver says it listens: a SIGTERM from then on stops the app as below, not by default.
    App::SignalWatcher signalWatcher;
    std::optional<App::AppContext> context = App::Cli::makeContext(parser, QString(), true, &exitCode);
    if (!context)
        return exitCode;
    Error error;
    // The window reads the OTLP token from the keychain; --headless takes it from the environment
    // only, so a server never waits on a keychain prompt.
    std::unique_ptr<Secrets::SecretStore> secrets = window ? Secrets::makeKeychainStore() : nullptr;
    // Upgrading a large database to a new schema blocks the start for a while (about 40 s per 10 M calls,
    // docs/performance.md §4): a window says so instead of nothing appearing.
    std::unique_ptr<QLabel> upgradeNotice;
    if (window) {
        const int stored = Storage::storedSchemaVersion(context->databasePath);
        if (stored > 0 && stored < Storage::kSchemaVersion)
            upgradeNotice = showUpgradeNotice(context->databasePath);
    }
    App::Service service;
    const bool started = service.start(*context, parser.value(listen), secrets.get(), &error);
    upgradeNotice.reset();
    if (!started) {
        App::Cli::printError(QString(), error.message);
        return error.code == Error::Code::InvalidInput ? App::ExitUsage : App::ExitFailure;
    }
    service.startPollers(*context->settings, secrets.get());
    service.startKillSwitch(*context->settings, secrets.get());
    App::DemoController demoController(&service);
    QObject::connect(&signalWatcher, &App::SignalWatcher::terminationRequested, &demoController, [&](int) {
        qCInfo(lcApp) << "Stopping: answering and committing what has been received";
        demoController.stop();
        service.stop();
        QCoreApplication::exit(App::ExitOk);
    });

    std::unique_ptr<Widgets::MainWindow> mainWindow;
    std::unique_ptr<Widgets::TrayIcon> tray;
    std::unique_ptr<Widgets::KillSwitchTray> killSwitchTray;
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
        QObject::connect(&demoController, &App::DemoController::historyProgress, mainWindow.get(),
                         &Widgets::MainWindow::setDemoHistoryProgress);
        mainWindow->setEndpoint(service.receiver()->endpoint(), !service.bearerToken().isEmpty());
        mainWindow->setReceiver(service.receiver());
        mainWindow->setSources(service.pollers(), secrets.get(), context->settings.get());
        QObject::connect(&service, &App::Service::receiverRestarted, mainWindow.get(),
                         [&service, window = mainWindow.get()](const QString &endpoint) {
                             window->setEndpoint(endpoint, !service.bearerToken().isEmpty());
                             window->setReceiver(service.receiver());
                         });
        // The dialog shows what the command line set for this run rather than the file's values.
        const auto given = [&parser](const QString &option) {
            return parser.isSet(option) ? std::optional<QString>(parser.value(option)) : std::nullopt;
        };
        Widgets::SettingsDialog::Context::CommandLine commandLine{
            parser.isSet(listen) ? std::optional<QString>(service.listenAddress()) : std::nullopt,
            parser.isSet(QStringLiteral("db")) ? std::optional<QString>(service.databasePath())
                                               : std::nullopt,
            given(QStringLiteral("prices")), parser.isSet(QStringLiteral("config"))};
        mainWindow->setSettingsContext(
            {context->settings.get(), secrets.get(),
             [&service](std::optional<QString> listen, std::optional<QString> token, Error *error) {
                 return service.restartReceiver(listen.value_or(service.listenAddress()),
                                                token.value_or(service.bearerToken()), error);
             },
             [&service, settings = context->settings.get(), store = secrets.get()] {
                 service.startKillSwitch(*settings, store);
             },
             commandLine});
        mainWindow->setBudgetMonitor(service.budgetMonitor());
        mainWindow->show();
        // The icon follows the alerts (setAlertState through watchAlerts); the kill switch (issue 6) takes
        // precedence through setKilled().
        tray = std::make_unique<Widgets::TrayIcon>(mainWindow.get(), service.databasePath(), service.writer(),
                                                   context->settings.get());
        tray->watchAlerts(service.budgetMonitor());
        QObject::connect(tray.get(), &Widgets::TrayIcon::alertsRequested, mainWindow.get(),
                         &Widgets::MainWindow::showAlerts);
        QObject::connect(mainWindow.get(), &Widgets::MainWindow::alertsChanged, tray.get(),
                         &Widgets::TrayIcon::refreshAlertState);
        // exit(), not quit(): Qt 6's quit() first asks every window to close, and the window refuses
        // (it closes to the tray), which would cancel the quit.
        QObject::connect(tray.get(), &Widgets::TrayIcon::quitRequested, &app,
                         [] { QCoreApplication::exit(App::ExitOk); });
        mainWindow->setTray(tray.get());
        // The kill switch on its screen and in the tray (which works with the window closed).
        killSwitchTray = std::make_unique<Widgets::KillSwitchTray>(tray.get(), service.databasePath());
        killSwitchTray->setAutoKill(service.autoKill());
        QObject::connect(killSwitchTray.get(), &Widgets::KillSwitchTray::setUpRequested, mainWindow.get(),
                         &Widgets::MainWindow::openKillSwitchSettings);
        const auto showKillSwitch = [&service, window = mainWindow.get(), ks = killSwitchTray.get()] {
            window->killSwitch()->setController(service.killSwitch(), service.killSwitchConfigured(),
                                                service.killSwitchError());
            ks->setController(service.killSwitch(), service.killSwitchConfigured(),
                              service.killSwitchError());
        };
        showKillSwitch();
        QObject::connect(&service, &App::Service::killSwitchChanged, mainWindow.get(), showKillSwitch);
        QObject::connect(service.autoKill(), &KillSwitch::AutoKill::announced, tray.get(),
                         [tray = tray.get(), window = mainWindow.get()](const QString &message, bool) {
                             tray->notify(Widgets::TrayIcon::tr("Automatic kill"), message);
                             window->showMessage(message);
                         });
        tray->showInTray();
    } else {
        qCInfo(lcApp).noquote() << "Burnrate is running headless; database" << service.databasePath();
    }
    if (parser.isSet(demo) || parser.isSet(demoSeed))
        demoController.start(seed);
    signalWatcher.start(); // just before the loop: QCoreApplication::exit does nothing outside it
    const int code = app.exec();
    demoController.stop();
    killSwitchTray.reset();
    tray.reset();
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
    if (window)
        Widgets::SortArrowStyle::install();

    const QStringList arguments = QCoreApplication::arguments();
    const QString subcommand = arguments.size() > 1 ? arguments.at(1) : QString();
    if (subcommand == u"report")
        return App::Cli::report(arguments.mid(2));
    if (subcommand == u"import")
        return App::Cli::import(arguments.mid(2));
    if (subcommand == u"budget")
        return App::BudgetCli::budget(arguments.mid(2));
    if (subcommand == u"alerts")
        return App::BudgetCli::alerts(arguments.mid(2));
    if (subcommand == u"kill")
        return App::KillCli::kill(arguments.mid(2));
    return runMain(*app, window);
}
