#include "alertspage.h"
#include "budgets/budgetmonitor.h"
#include "common/money.h"
#include "common/settings.h"
#include "common/timeutil.h"
#include "mainwindow.h"
#include "models/alertmodel.h"
#include "storage/database.h"
#include "storage/storagewriter.h"
#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Burnrate;
using namespace Burnrate::Widgets;
using namespace Qt::StringLiterals;
using Model::UsageEvent;

namespace {

UsageEvent makeEvent(const QString &id, qint64 startNs, qint64 costMicros)
{
    UsageEvent e;
    e.eventId = id;
    e.source = u"test"_s;
    e.startNs = startNs;
    e.endNs = startNs + Time::kNanosPerSecond;
    e.provider = u"anthropic"_s;
    e.model = u"model-a"_s;
    e.inputTokens = 1000;
    e.outputTokens = 100;
    e.costMicros = costMicros;
    e.costSource = Model::CostSource::Computed;
    return e;
}

QString money(qint64 micros)
{
    return Money::formatUsdForDisplay(micros, QLocale::c());
}

QString tooltip(qint64 todayMicros, qint64 burnMicros)
{
    return u"Burnrate — today %1 · burn rate %2/h"_s.arg(money(todayMicros), money(burnMicros));
}

QString windowStateFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/window-state.ini"_s;
}

} // namespace

class TestTrayIcon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void tooltipReflectsStoredEvents();
    void tooltipSaysWhyWithoutDatabase();
    void stateChangesIcon();
    void stateFollowsAlertsAndKillTakesPrecedence();
    void failingStorageWarnsUntilItRecovers();
    void alertBalloonOpensAlertsScreen();
    void pauseIsPersisted();
    void menuActionsDoWhatTheySay();
    void clickTogglesWindow();
    void reportsWhetherTrayHostExists();
    void closingHidesToTrayAndSaysSoOnce();
    void closingQuitsWithoutTrayHost();

private:
    void store(const QList<UsageEvent> &events);
    std::unique_ptr<TrayIcon> makeTray(QWidget *window, const QString &databasePath = {},
                                       int storageGraceMs = TrayIcon::kStorageGraceMs);
    std::unique_ptr<MainWindow> makeWindow();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage::StorageWriter> m_writer;
    std::unique_ptr<Settings> m_settings;
    qint64 m_now = 0;
};

void TestTrayIcon::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // window state goes to ~/.qttest, before any QSettings
    QLocale::setDefault(QLocale::c());
    m_now = Time::toNs(QDateTime(QDate(2026, 11, 24), QTime(14, 37, 20), QTimeZone::systemTimeZone()));
}

void TestTrayIcon::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QFile::remove(windowStateFile());
    QApplication::setQuitOnLastWindowClosed(true);
    m_writer = std::make_unique<Storage::StorageWriter>(m_dir->filePath(u"burnrate.sqlite"_s));
    Error error;
    QVERIFY2(m_writer->start(&error), qPrintable(error.message));
    m_settings = std::make_unique<Settings>(m_dir->filePath(u"burnrate.conf"_s));
}

void TestTrayIcon::cleanup()
{
    m_settings.reset();
    m_writer.reset();
    m_dir.reset();
}

void TestTrayIcon::store(const QList<UsageEvent> &events)
{
    bool done = false;
    m_writer->submit(events, this, [&done](const Storage::WriteResult &r) {
        QVERIFY2(!r.error, qPrintable(r.error.message));
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
}

std::unique_ptr<TrayIcon> TestTrayIcon::makeTray(QWidget *window, const QString &databasePath,
                                                 int storageGraceMs)
{
    auto tray = std::make_unique<TrayIcon>(
        window, databasePath.isEmpty() ? m_dir->filePath(u"burnrate.sqlite"_s) : databasePath, m_writer.get(),
        m_settings.get(), nullptr, storageGraceMs);
    const qint64 now = m_now;
    tray->setClock([now] { return now; });
    return tray;
}

std::unique_ptr<MainWindow> TestTrayIcon::makeWindow()
{
    return std::make_unique<MainWindow>(m_dir->filePath(u"burnrate.sqlite"_s),
                                        u"http://127.0.0.1:4318/v1/traces"_s, m_writer.get(), nullptr);
}

void TestTrayIcon::tooltipReflectsStoredEvents()
{
    auto tray = makeTray(nullptr);
    tray->refresh();
    QCOMPARE(tray->toolTip(), tooltip(0, 0));

    // Today at 09:00 (not in the last hour), 10 minutes ago, and yesterday (neither today nor burn rate).
    const qint64 nine = Time::toNs(QDateTime(QDate(2026, 11, 24), QTime(9, 0), QTimeZone::systemTimeZone()));
    store({makeEvent(u"a"_s, nine, 1'500'000),
           makeEvent(u"b"_s, m_now - 10 * 60 * Time::kNanosPerSecond, 250'000),
           makeEvent(u"c"_s, nine - 24 * Time::kNanosPerHour, 7'000'000)});
    tray->refresh();
    QCOMPARE(tray->toolTip(), tooltip(1'750'000, 250'000));

    // A commit refreshes it by itself (coalesced, within about a second).
    store({makeEvent(u"d"_s, m_now - 5 * 60 * Time::kNanosPerSecond, 500'000)});
    QTRY_COMPARE_WITH_TIMEOUT(tray->toolTip(), tooltip(2'250'000, 750'000), 5000);
}

void TestTrayIcon::tooltipSaysWhyWithoutDatabase()
{
    auto tray = makeTray(nullptr, m_dir->filePath(u"missing/none.sqlite"_s));
    tray->refresh();
    QVERIFY2(tray->toolTip().startsWith(u"Burnrate — "_s), qPrintable(tray->toolTip()));
    QVERIFY2(!tray->toolTip().contains(u"today"_s), qPrintable(tray->toolTip()));
    QVERIFY(tray->toolTip().size() > u"Burnrate — "_s.size() + 10);
}

void TestTrayIcon::stateChangesIcon()
{
    auto tray = makeTray(nullptr);
    QCOMPARE(tray->state(), TrayIcon::State::Ok);
    QList<QImage> images;
    for (const TrayIcon::State state : {TrayIcon::State::Warning, TrayIcon::State::Critical,
                                        TrayIcon::State::Killed, TrayIcon::State::Ok}) {
        tray->setState(state);
        QCOMPARE(tray->state(), state);
        const QImage image = tray->icon().pixmap(22, 22).toImage().convertToFormat(QImage::Format_ARGB32);
        QCOMPARE(image.size(), QSize(22, 22)); // the SVG was found and rendered
        int opaque = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                opaque += qAlpha(image.pixel(x, y)) > 200;
        }
        QVERIFY2(opaque > 22 * 22 / 2, "the icon is mostly transparent: the SVG did not render");
        for (const QImage &other : std::as_const(images))
            QVERIFY(image != other);
        images.append(image);
    }
}

// A BudgetMonitor on the same database evaluates spend written by the StorageWriter; the tray draws the
// worst unacknowledged condition, and the kill switch's state wins over it.
void TestTrayIcon::stateFollowsAlertsAndKillTakesPrecedence()
{
    Budgets::BudgetMonitor::Options options;
    options.databasePath = m_dir->filePath(u"burnrate.sqlite"_s);
    const qint64 now = m_now;
    options.clock = [now] { return now; };
    options.interval = std::chrono::hours(1);
    Budgets::BudgetMonitor monitor(options);
    Error error;
    QVERIFY2(monitor.start(&error), qPrintable(error.message));
    monitor.watch(m_writer.get()); // its spend index learns of commits from the writer, as in the app
    Budgets::Budget daily;
    daily.name = u"daily"_s;
    daily.period = Budgets::Period::Day;
    daily.limitMicros = 10'000'000;
    QVERIFY2(monitor.store()->addBudget(daily, m_now, &error), qPrintable(error.message));

    auto tray = makeTray(nullptr);
    tray->watchAlerts(&monitor);
    QCOMPARE(tray->state(), TrayIcon::State::Ok);
    const qint64 minute = 60 * Time::kNanosPerSecond;
    store({makeEvent(u"a"_s, m_now - 30 * minute, 7'500'000)});
    monitor.evaluate(); // raises the 70 % alert
    QCOMPARE(tray->state(), TrayIcon::State::Warning);
    store({makeEvent(u"b"_s, m_now - 20 * minute, 3'000'000)});
    monitor.evaluate(); // 105 %
    QCOMPARE(tray->state(), TrayIcon::State::Critical);

    // The kill switch wins while it is on, whatever the alerts say.
    tray->setKilled(true);
    QCOMPARE(tray->state(), TrayIcon::State::Killed);
    QVERIFY(tray->killed());
    tray->refreshAlertState();
    QCOMPARE(tray->state(), TrayIcon::State::Killed);
    QCOMPARE(tray->alertState(), TrayIcon::State::Critical);
    tray->setKilled(false);
    QCOMPARE(tray->state(), TrayIcon::State::Critical);

    // Acknowledged on the Alerts screen: the window tells the tray (wired so in main.cpp), back to Ok.
    auto window = makeWindow();
    window->setBudgetMonitor(&monitor);
    connect(window.get(), &MainWindow::alertsChanged, tray.get(), &TrayIcon::refreshAlertState);
    window->alerts()->reload();
    QCOMPARE(window->alerts()->model()->rowCount(), 2);
    window->alerts()->acknowledgeAll();
    QCOMPARE(tray->state(), TrayIcon::State::Ok);
    window.reset();

    // An anomaly alarm that is still active is critical; acknowledged, it is not.
    Budgets::Alert anomaly;
    anomaly.kind = Budgets::Alert::Kind::Anomaly;
    anomaly.scope = u"all"_s;
    anomaly.firedAtNs = m_now;
    QList<Budgets::Alert> alerts{anomaly};
    Anomaly::RollingDetector::ScopeState alarmed;
    alarmed.alarmed = true;
    QVERIFY(monitor.store()->commitAnomalies({{u"all"_s, alarmed}}, alerts, &error));
    tray->refresh(); // also the 10 s timer and each commit
    QCOMPARE(tray->state(), TrayIcon::State::Critical);
    QVERIFY(monitor.store()->acknowledgeAlert(alerts.at(0).id, &error));
    tray->refresh();
    QCOMPARE(tray->state(), TrayIcon::State::Ok);
}

// The writer's commits fail (a table taken away under it, as a damaged file or a full disk would): the icon
// and the tooltip say so at once, a balloon once it has lasted the grace period, the window above every
// screen; the next commit that works takes it all back.
void TestTrayIcon::failingStorageWarnsUntilItRecovers()
{
    auto window = makeWindow();
    auto tray = makeTray(window.get(), {}, 300);
    auto *banner = window->findChild<QLabel *>(u"storageError"_s);
    QVERIFY(banner);
    QVERIFY(banner->isHidden());
    Error error;
    auto admin = Storage::Connection::open(m_dir->filePath(u"burnrate.sqlite"_s),
                                           Storage::Connection::Mode::ReadWrite, &error);
    QVERIFY2(admin, qPrintable(error.message));
    QSqlQuery ddl(admin->database());
    QVERIFY(ddl.exec(u"SELECT sql FROM sqlite_master WHERE name = 'rollup_hourly'"_s) && ddl.next());
    const QString rollupDdl = ddl.value(0).toString();
    ddl.finish();
    QVERIFY(QSqlQuery(admin->database()).exec(u"DROP TABLE rollup_hourly"_s));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^write transaction failed"_s));
    bool failed = false;
    m_writer->submit({makeEvent(u"a"_s, m_now - Time::kNanosPerHour, 1'000'000)}, this,
                     [&failed](const Storage::WriteResult &r) { failed = bool(r.error); });
    QTRY_VERIFY_WITH_TIMEOUT(failed, 10000);
    QTRY_VERIFY(tray->storageFailure().contains(u"rollup_hourly"_s));
    QCOMPARE(tray->state(), TrayIcon::State::Warning);
    QVERIFY2(tray->toolTip().startsWith(u"Not storing usage: "_s + tray->storageFailure() + u'\n'),
             qPrintable(tray->toolTip()));
    QVERIFY(!tray->storageFailureAnnounced());
    QTRY_VERIFY_WITH_TIMEOUT(tray->storageFailureAnnounced(), 5000);
    QVERIFY(!banner->isHidden());
    QVERIFY2(banner->text().contains(tray->storageFailure()), qPrintable(banner->text()));

    QVERIFY(QSqlQuery(admin->database()).exec(rollupDdl));
    store({makeEvent(u"b"_s, m_now - Time::kNanosPerHour, 1'000'000)});
    QTRY_VERIFY(tray->storageFailure().isEmpty());
    QVERIFY(!tray->storageFailureAnnounced());
    QCOMPARE(tray->state(), TrayIcon::State::Ok);
    QVERIFY2(tray->toolTip().startsWith(u"Burnrate — today"_s), qPrintable(tray->toolTip()));
    QTRY_VERIFY(banner->isHidden());
}

void TestTrayIcon::alertBalloonOpensAlertsScreen()
{
    auto window = makeWindow();
    auto tray = makeTray(window.get());
    connect(tray.get(), &TrayIcon::alertsRequested, window.get(), &MainWindow::showAlerts);
    QSignalSpy requested(tray.get(), &TrayIcon::alertsRequested);
    auto *pages = window->findChild<QStackedWidget *>(u"pages"_s);
    QVERIFY(pages);
    QCOMPARE(pages->currentWidget()->objectName(), u"overview"_s);

    // Any other balloon (the close-to-tray notice) opens nothing when clicked.
    QVERIFY(tray->notify(u"Burnrate"_s, u"still running"_s));
    Q_EMIT tray->messageClicked();
    QCOMPARE(requested.count(), 0);

    Budgets::Alert alert;
    alert.kind = Budgets::Alert::Kind::Budget;
    alert.budgetName = u"daily"_s;
    alert.tier = 100;
    alert.message = u"Budget 'daily' reached 100 % of its limit."_s;
    QVERIFY(tray->notifyAlert(alert));
    Q_EMIT tray->messageClicked();
    QCOMPARE(requested.count(), 1);
    QCOMPARE(pages->currentWidget()->objectName(), u"alertsPage"_s);
    QVERIFY(window->isVisible());

    // Paused notifications: no balloon.
    tray->setNotificationsPaused(true);
    QVERIFY(!tray->notifyAlert(alert));
}

void TestTrayIcon::pauseIsPersisted()
{
    {
        auto tray = makeTray(nullptr);
        QVERIFY(!tray->notificationsPaused());
        QVERIFY(!tray->pauseAction()->isChecked());
        QVERIFY(tray->notify(u"Budget"_s, u"70 % of the daily budget is spent."_s));
        QSignalSpy changed(tray.get(), &TrayIcon::notificationsPausedChanged);
        tray->pauseAction()->trigger();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toBool(), true);
        QVERIFY(tray->notificationsPaused());
        QVERIFY(!tray->notify(u"Budget"_s, u"70 % of the daily budget is spent."_s));
        // On disk at once, under the documented key.
        const QSettings file(m_dir->filePath(u"burnrate.conf"_s), QSettings::IniFormat);
        QCOMPARE(file.value(u"ui/notifications_paused"_s).toBool(), true);
    }
    m_settings = std::make_unique<Settings>(m_dir->filePath(u"burnrate.conf"_s));
    QVERIFY(m_settings->notificationsPaused());
    auto tray = makeTray(nullptr);
    QVERIFY(tray->notificationsPaused());
    QVERIFY(tray->pauseAction()->isChecked());
    QSignalSpy changed(tray.get(), &TrayIcon::notificationsPausedChanged);
    tray->setNotificationsPaused(false);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!tray->pauseAction()->isChecked());
    QVERIFY(!Settings(m_dir->filePath(u"burnrate.conf"_s)).notificationsPaused());
    QVERIFY(tray->notify(u"Budget"_s, u"70 % of the daily budget is spent."_s));
}

void TestTrayIcon::menuActionsDoWhatTheySay()
{
    QWidget window;
    auto tray = makeTray(&window);
    QMenu *menu = tray->contextMenu();
    QVERIFY(menu);
    QList<QAction *> actions;
    for (QAction *action : menu->actions()) {
        if (!action->isSeparator())
            actions.append(action);
    }
    QCOMPARE(actions, (QList<QAction *>{tray->openAction(), tray->pauseAction(), tray->quitAction()}));
    QCOMPARE(tray->openAction()->text(), u"&Open Burnrate"_s);
    QCOMPARE(tray->pauseAction()->text(), u"&Pause notifications"_s);
    QCOMPARE(tray->quitAction()->text(), u"&Quit"_s);

    QVERIFY(!window.isVisible());
    tray->openAction()->trigger();
    QVERIFY(window.isVisible());
    window.showMinimized();
    tray->openAction()->trigger();
    QTRY_VERIFY(!window.isMinimized());
    QVERIFY(window.isVisible());

    QSignalSpy quit(tray.get(), &TrayIcon::quitRequested);
    tray->quitAction()->trigger();
    QCOMPARE(quit.count(), 1);
}

void TestTrayIcon::clickTogglesWindow()
{
    QWidget window;
    auto tray = makeTray(&window);
    Q_EMIT tray->activated(QSystemTrayIcon::Trigger);
    QVERIFY(window.isVisible());
    Q_EMIT tray->activated(QSystemTrayIcon::Trigger);
    QVERIFY(!window.isVisible());
    Q_EMIT tray->activated(QSystemTrayIcon::Context); // the menu's business, not the window's
    QVERIFY(!window.isVisible());
    Q_EMIT tray->activated(QSystemTrayIcon::Trigger);
    QVERIFY(window.isVisible());
    // A double click: Trigger, then DoubleClick; either way round it ends with the window shown.
    for (const bool visibleBefore : {true, false}) {
        window.setVisible(visibleBefore);
        Q_EMIT tray->activated(QSystemTrayIcon::Trigger);
        Q_EMIT tray->activated(QSystemTrayIcon::DoubleClick);
        QVERIFY(window.isVisible());
    }
}

void TestTrayIcon::reportsWhetherTrayHostExists()
{
    auto tray = makeTray(nullptr);
    QSignalSpy checked(tray.get(), &TrayIcon::hostChecked);
    tray->showInTray(600);
    // The offscreen platform has no tray; it keeps looking for the grace period, then says so once.
    QTest::qWait(300);
    QCOMPARE(checked.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, 3000);
    QCOMPARE(checked.at(0).at(0).toBool(), QSystemTrayIcon::isSystemTrayAvailable());
    QVERIFY(!checked.at(0).at(0).toBool());
    QTest::qWait(400);
    QCOMPARE(checked.count(), 1);
    QCOMPARE(tray->toolTip(), tooltip(0, 0)); // showing it also filled in the tooltip
}

void TestTrayIcon::closingHidesToTrayAndSaysSoOnce()
{
    auto window = makeWindow();
    auto tray = makeTray(window.get());
    window->setTray(tray.get());
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    Q_EMIT tray->hostChecked(true); // what a real tray host reports (see tests/tray/tray_smoke.sh)
    QVERIFY(!QApplication::quitOnLastWindowClosed());

    QVERIFY(!QSettings(windowStateFile(), QSettings::IniFormat).contains(u"tray/told_close_to_tray"_s));
    QVERIFY(!window->close()); // refused: hidden instead
    QVERIFY(!window->isVisible());
    QSettings state(windowStateFile(), QSettings::IniFormat);
    QCOMPARE(state.value(u"tray/told_close_to_tray"_s).toBool(), true);

    tray->openAction()->trigger();
    QVERIFY(window->isVisible());
    QVERIFY(!window->close());
    QVERIFY(!window->isVisible());
    QCOMPARE(window->statusBar()->currentMessage(), QString());
}

void TestTrayIcon::closingQuitsWithoutTrayHost()
{
    auto window = makeWindow();
    auto tray = makeTray(window.get());
    window->setTray(tray.get());
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    Q_EMIT tray->hostChecked(false);
    QCOMPARE(window->statusBar()->currentMessage(),
             u"No system tray was found, so closing the window quits Burnrate."_s);
    QVERIFY(QApplication::quitOnLastWindowClosed());
    QVERIFY(window->close()); // and with it the last window: QApplication quits
    QVERIFY(!window->isVisible());
    QVERIFY(!QSettings(windowStateFile(), QSettings::IniFormat).contains(u"tray/told_close_to_tray"_s));
}

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
