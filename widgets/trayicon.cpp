#include "trayicon.h"

#include "budgets/attention.h"
#include "budgets/budgetmonitor.h"
#include "common/money.h"
#include "common/settings.h"
#include "common/timeutil.h"
#include "storage/database.h"
#include "storage/overview.h"
#include "storage/storagewriter.h"

#include <QAction>
#include <QMenu>
#include <QWidget>

namespace Burnrate::Widgets {

namespace {

constexpr int kCoalesceMs = 1000;
constexpr int kPeriodicMs = 10'000;
constexpr int kHostPollMs = 250;

QString iconPath(TrayIcon::State state)
{
    switch (state) {
    case TrayIcon::State::Ok:
        return QStringLiteral(":/icons/tray-ok.svg");
    case TrayIcon::State::Warning:
        return QStringLiteral(":/icons/tray-warning.svg");
    case TrayIcon::State::Critical:
        return QStringLiteral(":/icons/tray-critical.svg");
    case TrayIcon::State::Killed:
        return QStringLiteral(":/icons/tray-killed.svg");
    }
    return {};
}

QString money(qint64 micros)
{
    return Money::formatUsdForDisplay(micros, QLocale());
}

} // namespace

TrayIcon::TrayIcon(QWidget *window, QString databasePath, Storage::StorageWriter *writer, Settings *settings,
                   QObject *parent, int storageGraceMs)
    : QSystemTrayIcon(parent)
    , m_window(window)
    , m_databasePath(std::move(databasePath))
    , m_settings(settings)
    , m_clock(&Time::nowNs)
    , m_menu(std::make_unique<QMenu>())
{
    setObjectName(QStringLiteral("trayIcon"));
    setIcon(QIcon(iconPath(m_state)));
    setToolTip(tr("Burnrate"));

    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_open = m_menu->addAction(tr("&Open Burnrate"), this, &TrayIcon::showWindow);
    m_open->setObjectName(QStringLiteral("openAction"));
    m_pause = m_menu->addAction(tr("&Pause notifications"));
    m_pause->setObjectName(QStringLiteral("pauseAction"));
    m_pause->setCheckable(true);
    m_pause->setChecked(m_settings->notificationsPaused());
    connect(m_pause, &QAction::toggled, this, [this](bool paused) {
        m_settings->setNotificationsPaused(paused);
        m_settings->sync(); // kept even if Burnrate is killed rather than quit
        Q_EMIT notificationsPausedChanged(paused);
    });
    m_menu->addSeparator();
    m_quit = m_menu->addAction(tr("&Quit"), this, &TrayIcon::quitRequested);
    m_quit->setObjectName(QStringLiteral("quitAction"));
    setContextMenu(m_menu.get());

    // A double click arrives as Trigger then DoubleClick: it ends with the window shown, as users expect.
    connect(this, &QSystemTrayIcon::activated, this, [this](ActivationReason reason) {
        if (reason == Trigger)
            toggleWindow();
        else if (reason == DoubleClick)
            showWindow();
    });

    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &TrayIcon::refresh);
    m_storageGrace.setSingleShot(true);
    m_storageGrace.setInterval(storageGraceMs);
    connect(&m_storageGrace, &QTimer::timeout, this, [this] {
        m_storageNotified =
            notify(tr("Usage is not being stored"),
                   tr("%1\nNew spend is not counted and budgets cannot see it until this is fixed.")
                       .arg(m_storageFailure),
                   Critical);
    });
    if (writer) {
        connect(writer, &Storage::StorageWriter::eventsStored, this, [this] {
            setStorageFailure({});
            scheduleRefresh();
        });
        connect(writer, &Storage::StorageWriter::writeFailed, this,
                [this](const Error &error) { setStorageFailure(error.message); });
    }
    m_periodic.setInterval(kPeriodicMs);
    connect(&m_periodic, &QTimer::timeout, this, &TrayIcon::refresh);
    m_periodic.start();
    connect(this, &QSystemTrayIcon::messageClicked, this, [this] {
        if (m_alertBalloon)
            Q_EMIT alertsRequested();
    });
    m_hostPoll.setSingleShot(true);
    m_hostPoll.setInterval(kHostPollMs);
    connect(&m_hostPoll, &QTimer::timeout, this, &TrayIcon::pollHost);
}

TrayIcon::~TrayIcon()
{
    setContextMenu(nullptr); // m_menu is deleted before the base class lets go of it
}

void TrayIcon::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
}

bool TrayIcon::notificationsPaused() const
{
    return m_pause->isChecked();
}

void TrayIcon::showInTray(int hostGraceMs)
{
    refresh();
    show();
    m_hostPollsLeft = hostGraceMs / kHostPollMs;
    pollHost();
}

void TrayIcon::pollHost()
{
    const bool found = isSystemTrayAvailable();
    if (!found && m_hostPollsLeft > 0) {
        --m_hostPollsLeft;
        m_hostPoll.start();
        return;
    }
    Q_EMIT hostChecked(found);
}

void TrayIcon::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    setIcon(QIcon(iconPath(state)));
}

void TrayIcon::setAlertState(State state)
{
    m_alertState = state == State::Killed ? State::Critical : state;
    applyState();
}

void TrayIcon::applyState()
{
    if (m_killed)
        setState(State::Killed);
    else if ((!m_killSwitchUnknown.isEmpty() || !m_storageFailure.isEmpty()) && m_alertState == State::Ok)
        setState(State::Warning);
    else
        setState(m_alertState);
}

void TrayIcon::setKillSwitchUnknown(const QString &why)
{
    if (why == m_killSwitchUnknown)
        return;
    m_killSwitchUnknown = why;
    applyState();
    refresh(); // the tooltip says so
}

void TrayIcon::setStorageFailure(const QString &why)
{
    if (why == m_storageFailure)
        return;
    const bool recovered = why.isEmpty();
    if (m_storageFailure.isEmpty())
        m_storageGrace.start(); // a new failure
    m_storageFailure = why;
    if (recovered) {
        m_storageGrace.stop();
        if (m_storageNotified)
            notify(tr("Storing usage again"), tr("Burnrate is counting new spend again."));
        m_storageNotified = false;
    }
    applyState();
    refresh(); // the tooltip says so
}

void TrayIcon::setKilled(bool killed)
{
    if (killed == m_killed)
        return;
    m_killed = killed;
    applyState();
    refresh(); // the tooltip says so
}

void TrayIcon::watchAlerts(Budgets::BudgetMonitor *monitor)
{
    if (m_monitor)
        disconnect(m_monitor, nullptr, this, nullptr);
    m_monitor = monitor;
    if (m_monitor)
        connect(m_monitor, &Budgets::BudgetMonitor::alertRaised, this, [this](const Budgets::Alert &alert) {
            notifyAlert(alert);
            refreshAlertState();
        });
    refreshAlertState();
}

void TrayIcon::refreshAlertState()
{
    if (!m_monitor)
        return; // no budgets watched: the alert state is whatever setAlertState() was told
    Budgets::BudgetStore *store = m_monitor->store();
    if (!store) {
        setAlertState(State::Ok);
        return;
    }
    Error error;
    const std::optional<Budgets::Attention> level = Budgets::attention(*store, m_clock(), &error);
    if (!level)
        return; // keep what it showed; the monitor reports the database's trouble
    switch (*level) {
    case Budgets::Attention::None:
        setAlertState(State::Ok);
        break;
    case Budgets::Attention::Warning:
        setAlertState(State::Warning);
        break;
    case Budgets::Attention::Critical:
        setAlertState(State::Critical);
        break;
    }
}

bool TrayIcon::notifyAlert(const Budgets::Alert &alert)
{
    using Kind = Budgets::Alert::Kind;
    QString title;
    MessageIcon icon = Warning;
    if (alert.detail.value(QLatin1StringView("recovered")).toBool()) {
        title = tr("Budget '%1' recovered").arg(alert.budgetName);
        icon = Information;
    } else {
        switch (alert.kind) {
        case Kind::Budget:
            title = tr("Budget '%1' at %2 %").arg(alert.budgetName).arg(alert.tier);
            icon = alert.tier >= 100 ? Critical : Warning;
            break;
        case Kind::Forecast:
            title = tr("Budget '%1' on track to exceed its limit").arg(alert.budgetName);
            break;
        case Kind::Anomaly:
            title = tr("Unusual spend: %1").arg(alert.scope);
            icon = Critical;
            break;
        case Kind::Loop:
            title = tr("Agent in a loop: %1").arg(alert.scope);
            icon = Critical;
            break;
        }
    }
    if (!notify(title, alert.message, icon))
        return false;
    m_alertBalloon = true;
    return true;
}

void TrayIcon::setNotificationsPaused(bool paused)
{
    m_pause->setChecked(paused);
}

bool TrayIcon::notify(const QString &title, const QString &text, MessageIcon icon)
{
    if (notificationsPaused())
        return false;
    m_alertBalloon = false;
    showMessage(title, text, icon);
    return true;
}

void TrayIcon::showWindow()
{
    if (!m_window)
        return;
    if (m_window->isMinimized())
        m_window->showNormal();
    else
        m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

void TrayIcon::toggleWindow()
{
    if (m_window && m_window->isVisible() && !m_window->isMinimized())
        m_window->hide();
    else
        showWindow();
}

void TrayIcon::scheduleRefresh()
{
    // Not restarted by later commits: a steady stream still refreshes every kCoalesceMs.
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void TrayIcon::refresh()
{
    m_coalesce.stop();
    refreshAlertState(); // a recovery or a new period calms the icon without an alert
    // What fails first, storing, heads the tooltip, also when reading fails for the same reason.
    const auto show = [this](const QString &tip) {
        const QString failure = tr("Not storing usage: %1").arg(m_storageFailure);
        setToolTip(m_storageFailure.isEmpty() ? tip : failure + QLatin1Char('\n') + tip);
    };
    Error error;
    if (!m_connection)
        m_connection = Storage::Connection::open(m_databasePath, Storage::Connection::Mode::ReadOnly, &error);
    if (!m_connection) {
        show(tr("Burnrate — %1").arg(error.message));
        return;
    }
    const qint64 now = m_clock();
    const QTimeZone zone = QTimeZone::systemTimeZone();
    const QDate today = Time::fromNs(now, zone).date();
    const QSqlDatabase db = m_connection->database();
    const std::optional<qint64> todayMicros = Storage::costBetween(
        db, Time::toNs(today.startOfDay(zone)), Time::toNs(today.addDays(1).startOfDay(zone)), &error);
    const std::optional<Storage::LiveKpis> live =
        todayMicros ? Storage::loadLiveKpis(db, now, zone, &error) : std::nullopt;
    if (!live) {
        show(tr("Burnrate — %1").arg(error.message));
        return;
    }
    const QString spend =
        tr("Burnrate — today %1 · burn rate %2/h").arg(money(*todayMicros), money(live->burnRateMicros));
    QString tip = spend;
    if (m_killed)
        tip = tr("All agents stopped (kill switch on)") + QLatin1Char('\n') + tip;
    else if (!m_killSwitchUnknown.isEmpty())
        tip = tr("Kill switch state unknown: %1").arg(m_killSwitchUnknown) + QLatin1Char('\n') + tip;
    show(tip);
}

} // namespace Burnrate::Widgets
