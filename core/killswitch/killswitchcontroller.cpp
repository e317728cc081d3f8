#include "killswitchcontroller.h"

#include <QTimer>

namespace Burnrate::KillSwitch {

// STUB: compiles and answers Unknown; the real controller follows.
Controller::Controller(std::unique_ptr<Backend> backend, AuditLog *audit, QObject *parent)
    : QObject(parent)
    , m_backend(std::move(backend))
    , m_audit(audit)
    , m_actor(currentActor())
{
    m_pollTimer.setInterval(kDefaultPollInterval);
}

Controller::~Controller() = default;

void Controller::setPollInterval(std::chrono::milliseconds interval)
{
    m_pollTimer.setInterval(std::max(interval, std::chrono::milliseconds(1000)));
}

std::chrono::milliseconds Controller::pollInterval() const
{
    return m_pollTimer.intervalAsDuration();
}

void Controller::start() {}
void Controller::stop() {}
void Controller::refresh() {}
void Controller::setActor(const QString &actor)
{
    m_actor = actor;
}
QString Controller::actor() const
{
    return m_actor;
}
QString Controller::storeDescription() const
{
    return m_backend ? m_backend->describe() : QString();
}
Controller::RequestId Controller::killAll(const QString &reason)
{
    return submit({Change::Kind::KillAll, {}, reason});
}
Controller::RequestId Controller::resumeAll(const QString &reason)
{
    return submit({Change::Kind::ResumeAll, {}, reason});
}
Controller::RequestId Controller::disableAgent(const QString &agentId, const QString &reason)
{
    return submit({Change::Kind::DisableAgent, agentId, reason});
}
Controller::RequestId Controller::enableAgent(const QString &agentId, const QString &reason)
{
    return submit({Change::Kind::EnableAgent, agentId, reason});
}
Controller::RequestId Controller::submit(const Change &)
{
    const RequestId id = m_nextId++;
    QTimer::singleShot(0, this, [this, id] {
        emit changeFailed(id, Error(Error::Code::Unsupported, QStringLiteral("not built yet")));
    });
    return id;
}
QList<AuditEntry> Controller::auditEntries(int, Error *) const
{
    return {};
}
void Controller::poll() {}
void Controller::applyRead(const ReadResult &) {}
void Controller::startNext() {}
void Controller::attempt(int) {}
void Controller::writeAttempt(const ReadResult &, int) {}
void Controller::readBack(const Document &, int) {}
void Controller::finish(const Error &, const Document &) {}

} // namespace Burnrate::KillSwitch
