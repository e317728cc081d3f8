// The kill switch in the tray, working with the main window closed: one item that reads Kill all agents or
// Resume all agents by the store's state (disabled, with the reason as its tooltip, while the state is
// unknown or a change is pending), a submenu of the agents with the most spend in the last hour to stop or
// resume one by one, the Killed icon while kill_all is on, and a balloon when a change is confirmed or
// fails. Without a usable kill switch the disabled item says why and "Set up a kill switch…" leads to
// the settings. GUI thread only.
#pragma once

#include "common/error.h"
#include "killswitch/killswitchcontroller.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

class QAction;
class QMenu;

namespace Burnrate::KillSwitch {
class AutoKill;
}
namespace Burnrate::Storage {
class Connection;
}

namespace Burnrate::Widgets {

class TrayIcon;

class KillSwitchTray : public QObject
{
    Q_OBJECT
public:
    static constexpr int kTopAgents = 5;

    // Adds its items to the tray's menu, above "Pause notifications".
    KillSwitchTray(TrayIcon *tray, QString databasePath, QObject *parent = nullptr);
    ~KillSwitchTray() override;

    void setClock(std::function<qint64()> clock);
    // As KillSwitchPage::setController().
    void setController(KillSwitch::Controller *controller, bool configured, const Error &configError);
    // Changes the automatic kill made are announced by it; no second balloon here.
    void setAutoKill(KillSwitch::AutoKill *autoKill);

    QAction *killAllAction() const { return m_killAll; }
    QMenu *agentsMenu() const { return m_agentsMenu; }
    QAction *setUpAction() const { return m_setUp; }

Q_SIGNALS:
    // "Set up a kill switch…" was chosen: show the kill switch's settings.
    void setUpRequested();
    // A change finished and its balloon was asked for (shown unless notifications are paused).
    void notified(const QString &title, const QString &text);

public Q_SLOTS:
    // Re-reads the agents' spend for the submenu (done each time the tray menu opens).
    void refreshAgents();

private:
    void updateState();
    void rebuildAgentsMenu();
    void announce(KillSwitch::Controller::RequestId id, const QString &title, const QString &text);

    QPointer<TrayIcon> m_tray;
    QString m_databasePath;
    std::function<qint64()> m_clock;
    std::unique_ptr<Storage::Connection> m_connection;
    QPointer<KillSwitch::Controller> m_controller;
    QPointer<KillSwitch::AutoKill> m_autoKill;
    bool m_configured = false;
    Error m_configError;
    QAction *m_killAll = nullptr;
    QMenu *m_agentsMenu = nullptr;
    QAction *m_setUp = nullptr; // shown only while no kill switch is set up or its settings are wrong
    QAction *m_separator = nullptr;
    QStringList m_topAgents; // by spend in the last hour, at most kTopAgents
    QHash<QString, qint64> m_hourMicros;
    QStringList m_shownState; // what the submenu was last built from
    // The changes in flight, to name them when they finish.
    QHash<KillSwitch::Controller::RequestId, KillSwitch::Change> m_changes;
};

} // namespace Burnrate::Widgets
