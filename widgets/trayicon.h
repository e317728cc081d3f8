// The tray icon: the spend state at a glance (one SVG per state), today's spend and the burn rate in its
// tooltip, and a menu to open the window, pause notifications and quit. Reads through its own read-only
// connection, like the Overview. GUI thread only.
#pragma once

#include <QPointer>
#include <QSystemTrayIcon>
#include <QTimer>
#include <functional>
#include <memory>

class QAction;
class QMenu;

namespace Burnrate {
class Settings;
}
namespace Burnrate::Budgets {
class BudgetMonitor;
struct Alert;
} // namespace Burnrate::Budgets
namespace Burnrate::Storage {
class Connection;
class StorageWriter;
} // namespace Burnrate::Storage

namespace Burnrate::Widgets {

class TrayIcon : public QSystemTrayIcon
{
    Q_OBJECT
public:
    // Budgets and the kill switch decide the state; the icon only draws it.
    enum class State { Ok, Warning, Critical, Killed };
    Q_ENUM(State)

    static constexpr int kHostGraceMs = 5000; // a panel may start its tray after Burnrate (session login)
    // How long the writer's commits must keep failing before a balloon says so.
    static constexpr int kStorageGraceMs = 30'000;

    // window: what "Open Burnrate" and a click show and hide. settings: keeps "Pause notifications".
    // writer: its eventsStored() refreshes the tooltip (may be null: then only the 10 s timer does); while
    // its commits fail, the icon is at least Warning, the tooltip says why and, once the failure has lasted
    // storageGraceMs, a balloon; another when storing works again.
    TrayIcon(QWidget *window, QString databasePath, Storage::StorageWriter *writer, Settings *settings,
             QObject *parent = nullptr, int storageGraceMs = kStorageGraceMs);
    ~TrayIcon() override;

    // Tests pin the time; the default is the system clock.
    void setClock(std::function<qint64()> clock);

    State state() const { return m_state; }
    // The worst unacknowledged alert condition (Ok, Warning or Critical); see Budgets::attention().
    State alertState() const { return m_alertState; }
    bool killed() const { return m_killed; }
    QString killSwitchUnknown() const { return m_killSwitchUnknown; }
    QString storageFailure() const { return m_storageFailure; }
    bool storageFailureAnnounced() const { return m_storageNotified; }
    bool notificationsPaused() const;
    QAction *openAction() const { return m_open; }
    QAction *pauseAction() const { return m_pause; }
    QAction *quitAction() const { return m_quit; }

    // Shows the icon and reports through hostChecked() whether a tray host shows it, waiting up to
    // hostGraceMs for one to appear.
    void showInTray(int hostGraceMs = kHostGraceMs);
    // Each alert the monitor raises becomes a balloon (unless notifications are paused), and the icon
    // follows the alerts' state. The monitor must outlive the icon (or be null: no alerts).
    void watchAlerts(Budgets::BudgetMonitor *monitor);

public Q_SLOTS:
    // Draws a state as it is; the app sets it through setAlertState() and setKilled(), which combine.
    void setState(Burnrate::Widgets::TrayIcon::State state);
    // Ok, Warning or Critical from the alerts; shown unless the kill switch is on.
    void setAlertState(Burnrate::Widgets::TrayIcon::State state);
    // The kill switch: while on, the icon shows Killed whatever the alerts say.
    void setKilled(bool killed);
    // Why the kill switch's state cannot be read (empty: it can, or none is configured). An unreadable
    // switch never looks safe: the icon is at least Warning and the tooltip says why.
    void setKillSwitchUnknown(const QString &why);
    // Re-reads the alerts' state from the monitor's store (after an acknowledgement, a snooze, a commit).
    void refreshAlertState();
    void setNotificationsPaused(bool paused);
    // A balloon message unless notifications are paused; returns whether it was shown.
    bool notify(const QString &title, const QString &text, QSystemTrayIcon::MessageIcon icon = Information);
    // A balloon for a raised alert; clicking it asks for the Alerts screen (alertsRequested()).
    bool notifyAlert(const Burnrate::Budgets::Alert &alert);
    void showWindow();   // shows, raises and activates the window
    void toggleWindow(); // what a click on the icon does
    // New data was committed: refresh the tooltip once the burst is over (within about a second).
    void scheduleRefresh();
    void refresh();

Q_SIGNALS:
    void notificationsPausedChanged(bool paused);
    void quitRequested();
    // Once per showInTray(): whether a system tray exists to show the icon.
    void hostChecked(bool found);
    // The user clicked an alert's balloon: show the Alerts screen.
    void alertsRequested();

private:
    void pollHost();
    // Killed, else the alerts' state, raised to Warning while the switch is unknown or storing fails.
    void applyState();
    void setStorageFailure(const QString &why); // empty: storing works

    QPointer<QWidget> m_window;
    QString m_databasePath;
    Settings *m_settings;
    std::unique_ptr<Storage::Connection> m_connection; // this thread's read-only connection
    std::function<qint64()> m_clock;
    State m_state = State::Ok;
    State m_alertState = State::Ok;
    bool m_killed = false;
    QString m_killSwitchUnknown;
    QString m_storageFailure;       // the writer's last error while its commits fail, else empty
    bool m_storageNotified = false; // the failure was announced in a balloon
    QTimer m_storageGrace;          // a failure announced only if it lasts: a lock held for a moment is not
    QPointer<Budgets::BudgetMonitor> m_monitor;
    bool m_alertBalloon = false;   // the last balloon shown was an alert's
    std::unique_ptr<QMenu> m_menu; // QSystemTrayIcon does not own its context menu
    QAction *m_open = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_quit = nullptr;
    QTimer m_coalesce; // one refresh per burst of commits
    QTimer m_periodic; // "today" and the burn rate move with the clock alone
    QTimer m_hostPoll;
    int m_hostPollsLeft = 0;
};

} // namespace Burnrate::Widgets
