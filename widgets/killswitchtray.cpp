#include "killswitchtray.h"

#include "common/money.h"
#include "common/timeutil.h"
#include "killswitch/autokill.h"
#include "models/auditmodel.h"
#include "storage/agentspend.h"
#include "storage/database.h"
#include "trayicon.h"

#include <QAction>
#include <QMenu>

namespace Burnrate::Widgets {

using KillSwitch::Change;
using KillSwitch::Controller;

KillSwitchTray::KillSwitchTray(TrayIcon *tray, QString databasePath, QObject *parent)
    : QObject(parent)
    , m_tray(tray)
    , m_databasePath(std::move(databasePath))
    , m_clock(&Time::nowNs)
{
    setObjectName(QStringLiteral("killSwitchTray"));
    QMenu *menu = tray->contextMenu();
    Q_ASSERT(menu);
    menu->setToolTipsVisible(true); // a disabled item says why
    m_killAll = new QAction(this);
    m_killAll->setObjectName(QStringLiteral("killAllAction"));
    connect(m_killAll, &QAction::triggered, this, [this] {
        if (!m_controller || m_controller->state() != Controller::State::Known)
            return;
        if (m_controller->document().killAll)
            m_controller->resumeAll(tr("Resumed from the tray"));
        else
            m_controller->killAll(tr("Stopped from the tray"));
    });
    m_agentsMenu = new QMenu(tr("&Stop or resume an agent"), menu);
    m_agentsMenu->setObjectName(QStringLiteral("killAgentsMenu"));
    m_agentsMenu->setToolTipsVisible(true);
    m_agentsMenu->menuAction()->setObjectName(QStringLiteral("killAgentsMenuAction"));
    m_setUp = new QAction(this);
    m_setUp->setObjectName(QStringLiteral("setUpKillSwitchAction"));
    connect(m_setUp, &QAction::triggered, this, &KillSwitchTray::setUpRequested);
    QAction *before = tray->pauseAction();
    menu->insertAction(before, m_killAll);
    menu->insertMenu(before, m_agentsMenu);
    menu->insertAction(before, m_setUp);
    m_separator = menu->insertSeparator(before);
    connect(menu, &QMenu::aboutToShow, this, &KillSwitchTray::refreshAgents);
    updateState();
}

KillSwitchTray::~KillSwitchTray()
{
    if (m_tray && m_tray->contextMenu())
        m_tray->contextMenu()->removeAction(m_separator);
    delete m_agentsMenu;
}

void KillSwitchTray::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
}

void KillSwitchTray::setAutoKill(KillSwitch::AutoKill *autoKill)
{
    m_autoKill = autoKill;
}

void KillSwitchTray::setController(Controller *controller, bool configured, const Error &configError)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    m_configured = configured;
    m_configError = configError;
    m_changes.clear();
    if (m_controller) {
        connect(m_controller, &Controller::stateChanged, this, &KillSwitchTray::updateState);
        connect(m_controller, &Controller::pendingChanged, this, [this] {
            for (const Controller::PendingChange &pending : m_controller->pendingChanges())
                m_changes.insert(pending.id, pending.change);
            updateState();
        });
        connect(m_controller, &Controller::changeConfirmed, this,
                [this](Controller::RequestId id, const KillSwitch::Document &document) {
                    announce(id,
                             tr("Kill switch: %1 confirmed")
                                 .arg(Models::AuditModel::actionText(m_changes.value(id).actionName())),
                             document.killAll
                                 ? tr("All agents are stopped (version %1).").arg(document.version)
                                 : tr("Confirmed by the store (version %1).").arg(document.version));
                });
        connect(m_controller, &Controller::changeFailed, this,
                [this](Controller::RequestId id, const Error &error) {
                    announce(id,
                             tr("Kill switch: %1 FAILED")
                                 .arg(Models::AuditModel::actionText(m_changes.value(id).actionName())),
                             error.message);
                });
    }
    updateState();
}

void KillSwitchTray::announce(Controller::RequestId id, const QString &title, const QString &text)
{
    const bool known = m_changes.contains(id);
    m_changes.remove(id);
    if (!known || (m_autoKill && m_autoKill->owns(id)) || !m_tray)
        return;
    m_tray->notify(title, text);
    Q_EMIT notified(title, text);
}

void KillSwitchTray::refreshAgents()
{
    Error error;
    if (!m_connection)
        m_connection = Storage::Connection::open(m_databasePath, Storage::Connection::Mode::ReadOnly, &error);
    std::optional<QList<Storage::AgentSpend>> agents;
    if (m_connection)
        agents = Storage::recentAgentSpend(m_connection->database(), m_clock(), kTopAgents, &error);
    if (agents) {
        m_topAgents.clear();
        m_hourMicros.clear();
        for (const Storage::AgentSpend &agent : std::as_const(*agents)) {
            m_topAgents.append(agent.agentId);
            m_hourMicros.insert(agent.agentId, agent.lastHourMicros);
        }
    }
    rebuildAgentsMenu();
}

void KillSwitchTray::updateState()
{
    const bool known = m_controller && m_controller->state() == Controller::State::Known;
    const KillSwitch::Document document = known ? m_controller->document() : KillSwitch::Document{};
    const bool pending = m_controller && m_controller->hasPending();
    if (m_tray) {
        m_tray->setKilled(known && document.killAll);
        // Configured but unreadable: never drawn as safe.
        QString unknown;
        if (m_controller && !known)
            unknown = m_controller->lastError() ? m_controller->lastError().message : tr("not read yet");
        else if (!m_controller && m_configured && m_configError)
            unknown = m_configError.message;
        m_tray->setKillSwitchUnknown(unknown);
    }

    QString why;
    if (!m_controller && !m_configured)
        why = tr("No kill switch is configured: set one up in the settings.");
    else if (!m_controller)
        why = m_configError ? tr("The kill switch is not set up: %1").arg(m_configError.message)
                            : tr("Setting up the kill switch…");
    else if (!known)
        why = m_controller->lastError()
                  ? tr("The kill switch's state is unknown: %1").arg(m_controller->lastError().message)
                  : tr("Reading the kill switch…");
    else if (pending)
        why = tr("A change is waiting for the store to confirm it.");
    const bool resume = known && document.killAll;
    if (pending && m_controller && !m_controller->pendingChanges().isEmpty()) {
        const Change::Kind kind = m_controller->pendingChanges().constLast().change.kind;
        m_killAll->setText(kind == Change::Kind::KillAll     ? tr("Killing all agents… (pending)")
                           : kind == Change::Kind::ResumeAll ? tr("Resuming all agents… (pending)")
                           : resume                          ? tr("&Resume all agents")
                                                             : tr("&Kill all agents"));
    } else if (!m_controller) {
        // Menus show no tooltips on most desktops: the item itself says why it is greyed out.
        m_killAll->setText(!m_configured   ? tr("&Kill all agents (no kill switch set up)")
                           : m_configError ? tr("&Kill all agents (the kill switch settings have a problem)")
                                           : tr("&Kill all agents (setting up the kill switch…)"));
    } else {
        m_killAll->setText(resume ? tr("&Resume all agents") : tr("&Kill all agents"));
    }
    m_killAll->setEnabled(why.isEmpty());
    // Without a kill switch the agents cannot be stopped one by one either; the item above says why.
    m_agentsMenu->menuAction()->setVisible(m_controller != nullptr);
    const bool offerSetUp = !m_controller && (!m_configured || m_configError);
    m_setUp->setVisible(offerSetUp);
    m_setUp->setText(m_configured ? tr("Fix the kill switch settings…") : tr("Set up a kill switch…"));
    m_setUp->setToolTip(tr("Opens the settings at the kill switch: the store that agents read."));
    m_killAll->setToolTip(why.isEmpty()
                              ? (resume ? tr("Lets every agent run again.")
                                        : tr("Tells every agent to stop before its next model call."))
                              : why);
    m_agentsMenu->setEnabled(known);
    m_agentsMenu->menuAction()->setToolTip(known ? QString() : why);
    // Each poll brings the same document mostly: rebuilding then would only disturb an open submenu.
    QStringList shown{QString::number(known), QString::number(document.version)};
    shown += document.disabledAgents;
    if (m_controller) {
        for (const Controller::PendingChange &p : m_controller->pendingChanges())
            shown << QString::number(p.id);
    }
    if (shown != m_shownState) {
        m_shownState = shown;
        rebuildAgentsMenu();
    }
}

void KillSwitchTray::rebuildAgentsMenu()
{
    m_agentsMenu->clear();
    const bool known = m_controller && m_controller->state() == Controller::State::Known;
    if (!known)
        return;
    const KillSwitch::Document document = m_controller->document();
    // The top spenders, then any stopped agent beyond them, so that each can be resumed from here.
    QStringList agents = m_topAgents;
    for (const QString &id : document.disabledAgents) {
        if (!agents.contains(id))
            agents.append(id);
    }
    QSet<QString> pending;
    for (const Controller::PendingChange &p : m_controller->pendingChanges())
        pending.insert(p.change.agentId.trimmed());
    if (agents.isEmpty()) {
        QAction *none = m_agentsMenu->addAction(tr("No agent sent telemetry in the last 24 hours"));
        none->setEnabled(false);
        return;
    }
    const QLocale locale;
    for (const QString &id : std::as_const(agents)) {
        const bool stopped = document.disabledAgents.contains(id);
        const QString spend = Money::formatUsdForDisplay(m_hourMicros.value(id), locale);
        QAction *action = m_agentsMenu->addAction(
            stopped ? tr("Resume %1 (stopped)").arg(id) : tr("Stop %1 (%2 in the last hour)").arg(id, spend));
        action->setObjectName(QStringLiteral("agentAction:") + id);
        action->setEnabled(!pending.contains(id));
        if (pending.contains(id))
            action->setToolTip(tr("A change for this agent is waiting for the store to confirm it."));
        connect(action, &QAction::triggered, this, [this, id, stopped] {
            if (!m_controller)
                return;
            if (stopped)
                m_controller->enableAgent(id, tr("Resumed from the tray"));
            else
                m_controller->disableAgent(id, tr("Stopped from the tray"));
        });
    }
}

} // namespace Burnrate::Widgets
