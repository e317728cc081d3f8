// The automatic kill (issue 6): budget escalation (the 120 % tier) and the loop alarm ask to stop an agent,
// or every agent for an all-spend budget. In enforce mode that goes through the kill switch like a click,
// with a reason that says it was automatic; in observe mode nothing changes and it only says what it would
// have done. Lives on the GUI thread (or the main thread in --headless), beside the Controller.
#pragma once

#include "killswitchcontroller.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

namespace Burnrate::KillSwitch {

class AutoKill : public QObject
{
    Q_OBJECT
public:
    enum class Target { Agent, AllAgents };
    enum class Mode { None, Observe, Enforce };

    explicit AutoKill(QObject *parent = nullptr);

    // The kill switch to act through; null while none is configured (enforce then says it could not act).
    void setController(Controller *controller);
    Controller *controller() const { return m_controller; }

    // Whether this request was submitted by the automatic kill (its outcome is announced here).
    bool owns(Controller::RequestId id) const { return m_submitted.contains(id); }

    // The reason written into the document and the audit trail: "Automatic (alert 12): <reason>".
    static QString automaticReason(const QString &reason, qint64 alertId);

public Q_SLOTS:
    // `by` names the budget or loop alarm: the audit trail's "who" and the document's updated_by.
    void escalate(Burnrate::KillSwitch::AutoKill::Target target, const QString &agentId,
                  Burnrate::KillSwitch::AutoKill::Mode mode, const QString &reason, qint64 alertId,
                  const Burnrate::KillSwitch::Automatic &by);

Q_SIGNALS:
    // A sentence for the tray balloon, the status bar and the log: what was done, would have been done
    // (observe), or could not be done (problem true).
    void announced(const QString &message, bool problem);

private:
    struct Request
    {
        Target target = Target::Agent;
        QString agentId;
        QString reason; // the escalation's, without the "Automatic" prefix
    };

    QPointer<Controller> m_controller;
    QHash<Controller::RequestId, Request> m_requests; // submitted, outcome not announced yet
    QSet<Controller::RequestId> m_submitted;          // every request this submitted (a handful a day)
};

} // namespace Burnrate::KillSwitch
