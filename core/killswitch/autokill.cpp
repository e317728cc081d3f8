#include "autokill.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAutoKill, "burnrate.killswitch.auto")

namespace Burnrate::KillSwitch {

AutoKill::AutoKill(QObject *parent)
    : QObject(parent)
{}

void AutoKill::setController(Controller *controller)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    if (!m_controller)
        return;
    connect(m_controller, &Controller::changeConfirmed, this,
            [this](Controller::RequestId id, const Document &) {
                if (!m_requests.contains(id))
                    return;
                const Request request = m_requests.take(id);
                const QString message =
                    request.target == Target::AllAgents
                        ? tr("Stopped all agents automatically: %1").arg(request.reason)
                        : tr("Stopped agent %1 automatically: %2").arg(request.agentId, request.reason);
                qCWarning(lcAutoKill).noquote() << message;
                Q_EMIT announced(message, false);
            });
    connect(m_controller, &Controller::changeFailed, this,
            [this](Controller::RequestId id, const Error &error) {
                if (!m_requests.contains(id))
                    return;
                const Request request = m_requests.take(id);
                const QString message =
                    request.target == Target::AllAgents
                        ? tr("Could not stop all agents automatically: %1").arg(error.message)
                        : tr("Could not stop agent %1 automatically: %2").arg(request.agentId, error.message);
                qCWarning(lcAutoKill).noquote() << message;
                Q_EMIT announced(message, true);
            });
}

QString AutoKill::automaticReason(const QString &reason, qint64 alertId)
{
    return tr("Automatic (alert %1): %2").arg(alertId).arg(reason);
}

void AutoKill::escalate(Target target, const QString &agentId, Mode mode, const QString &reason,
                        qint64 alertId, const Automatic &by)
{
    if (mode == Mode::None)
        return;
    const QString agent = agentId.trimmed();
    if (target == Target::Agent && agent.isEmpty()) {
        qCWarning(lcAutoKill) << "escalation for an agent without an id ignored; alert" << alertId;
        return;
    }
    if (mode == Mode::Observe) {
        const QString message = target == Target::AllAgents
                                    ? tr("Observe mode: would have stopped all agents: %1").arg(reason)
                                    : tr("Observe mode: would have stopped agent %1: %2").arg(agent, reason);
        qCInfo(lcAutoKill).noquote() << message;
        Q_EMIT announced(message, false);
        return;
    }
    if (!m_controller) {
        const QString message =
            target == Target::AllAgents
                ? tr("Could not stop all agents automatically: no kill switch is configured. %1").arg(reason)
                : tr("Could not stop agent %1 automatically: no kill switch is configured. %2")
                      .arg(agent, reason);
        qCWarning(lcAutoKill).noquote() << message;
        Q_EMIT announced(message, true);
        return;
    }
    // Already stopped as far as the store says: a new version would only add noise.
    const Document current = m_controller->document();
    if (m_controller->state() == Controller::State::Known &&
        (target == Target::AllAgents ? current.killAll : current.stops(agent))) {
        qCInfo(lcAutoKill).noquote() << "escalation: already stopped;" << reason;
        return;
    }
    const QString why = automaticReason(reason, alertId);
    const Controller::RequestId id = m_controller->submit(
        {target == Target::AllAgents ? Change::Kind::KillAll : Change::Kind::DisableAgent,
         target == Target::AllAgents ? QString() : agent, why, by});
    m_requests.insert(id, {target, agent, reason});
    m_submitted.insert(id);
}

} // namespace Burnrate::KillSwitch
