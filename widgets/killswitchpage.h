// The Kill switch screen: the switch's state exactly as last read from the store (running, all agents
// stopped, unknown with the reason, or not configured with how to set it up), Kill all / Resume all, the
// agents telemetry saw lately with their spend and a Stop / Resume for each (or for an id typed in),
// changes shown as pending until the store confirms them, failures in a red banner, and the audit trail.
// Reads agents' spend through its own read-only connection. GUI thread only.
#pragma once

#include "common/error.h"
#include "killswitch/killswitchcontroller.h"

#include <QDialog>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace Burnrate::Models {
class AuditModel;
class KillSwitchAgentModel;
} // namespace Burnrate::Models
namespace Burnrate::Storage {
class Connection;
}

namespace Burnrate::Widgets {

// Asks before a change of the kill switch: what it does, and why (the reason goes into the document and the
// audit trail). Opened window-modal; accepted() means go ahead with reason().
class KillSwitchReasonDialog : public QDialog
{
    Q_OBJECT
public:
    KillSwitchReasonDialog(const QString &title, const QString &text, const QString &confirmText,
                           const QString &defaultReason, QWidget *parent = nullptr);
    QString reason() const;

private:
    QLineEdit *m_reason = nullptr;
};

class KillSwitchPage : public QWidget
{
    Q_OBJECT
public:
    explicit KillSwitchPage(QString databasePath, QWidget *parent = nullptr);
    ~KillSwitchPage() override;

    // Tests pin the time of the agents' spend; the default is the system clock.
    void setClock(std::function<qint64()> clock);
    // The app's kill switch (outliving the page, or replaced by another call). Null: none, because
    // [killswitch] has no url (configured false), or because of configError (what to fix).
    void setController(KillSwitch::Controller *controller, bool configured, const Error &configError);
    KillSwitch::Controller *controller() const { return m_controller; }

    Models::KillSwitchAgentModel *agentModel() const { return m_agents; }
    Models::AuditModel *auditModel() const { return m_audit; }

public Q_SLOTS:
    // Re-reads the agents' spend (also every 10 s while shown).
    void refreshAgents();
    // Asks for a reason, then submits (the dialog is the confirmation).
    void requestKillAll();
    void requestResumeAll();
    void requestStopAgent(const QString &agentId);
    void requestResumeAgent(const QString &agentId);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateState();
    void reloadAudit();
    void fitAuditColumns();
    void updateAuditNote(const Error &error);
    void showFailure(const QString &text);
    void ask(const QString &title, const QString &text, const QString &confirmText,
             const QString &defaultReason, std::function<void(const QString &reason)> submit);
    QString selectedOrTypedAgent() const;

    QString m_databasePath;
    std::function<qint64()> m_clock;
    std::unique_ptr<Storage::Connection> m_connection;
    std::unique_ptr<KillSwitch::AuditLog> m_auditLog; // read-only; the controller's own log writes
    QPointer<KillSwitch::Controller> m_controller;
    bool m_configured = false;
    Error m_configError;
    QTimer m_agentTimer;

    QWidget *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_details = nullptr;
    QLabel *m_pending = nullptr;
    QLabel *m_setup = nullptr;
    QPushButton *m_killAll = nullptr;
    QPushButton *m_resumeAll = nullptr;
    QLineEdit *m_agentEdit = nullptr;
    QPushButton *m_stopAgent = nullptr;
    QPushButton *m_resumeAgent = nullptr;
    QLabel *m_agentsNote = nullptr;
    QTableView *m_agentView = nullptr;
    QTableView *m_auditView = nullptr;
    QLabel *m_auditNote = nullptr;
    Models::KillSwitchAgentModel *m_agents = nullptr;
    Models::AuditModel *m_audit = nullptr;
};

} // namespace Burnrate::Widgets
