#include "killswitchcontroller.h"

#include <QCoreApplication>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcKillSwitch, "burnrate.killswitch")

namespace Burnrate::KillSwitch {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::KillSwitch)
};

} // namespace

Controller::Controller(std::unique_ptr<Backend> backend, AuditLog *audit, QObject *parent)
    : QObject(parent)
    , m_backend(std::move(backend))
    , m_audit(audit)
    , m_actor(currentActor())
{
    Q_ASSERT(m_backend);
    m_pollTimer.setInterval(kDefaultPollInterval);
    connect(&m_pollTimer, &QTimer::timeout, this, &Controller::poll);
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

void Controller::start()
{
    m_pollTimer.start();
    poll();
}

void Controller::stop()
{
    m_pollTimer.stop();
}

void Controller::refresh()
{
    poll();
}

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
    return m_backend->describe();
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

Controller::RequestId Controller::submit(const Change &change)
{
    const RequestId id = m_nextId++;
    m_pending.append({id, change, QDateTime::currentDateTimeUtc()});
    emit pendingChanged();
    // Later, so that the outcome never arrives inside this call.
    QMetaObject::invokeMethod(this, &Controller::startNext, Qt::QueuedConnection);
    return id;
}

QList<AuditEntry> Controller::auditEntries(int limit, Error *error) const
{
    if (!m_audit)
        return {};
    return m_audit->entries(limit, error).value_or(QList<AuditEntry>());
}

void Controller::poll()
{
    // One poll at a time: a slow store must not pile up reads.
    if (m_pollInFlight)
        return;
    m_pollInFlight = true;
    readStore([this](const ReadResult &) { m_pollInFlight = false; });
}

void Controller::readStore(std::function<void(const ReadResult &result)> done)
{
    const quint64 sequence = ++m_readsIssued;
    m_backend->read(this, [this, sequence, done](const ReadResult &result) {
        applyRead(result, sequence);
        done(result);
    });
}

void Controller::applyRead(const ReadResult &result, quint64 sequence)
{
    // A poll that was sent before a newer read (say, a change's read-back) answered must not undo it.
    if (sequence < m_readsApplied)
        return;
    m_readsApplied = sequence;
    if (result.error) {
        if (m_state != State::Unknown || m_lastError.message != result.error.message)
            qCWarning(lcKillSwitch) << "kill-switch store unknown:" << result.error.message;
        m_state = State::Unknown;
        m_lastError = result.error;
    } else {
        m_state = State::Known;
        m_document = result.exists ? result.document : Document{};
        m_exists = result.exists;
        m_confirmedAt = QDateTime::currentDateTimeUtc();
        m_lastError = {};
    }
    emit stateChanged();
}

void Controller::startNext()
{
    if (m_inFlight || m_pending.isEmpty())
        return;
    m_inFlight = true;
    if (const Error invalid = m_pending.first().change.validate()) {
        finish(invalid, {});
        return;
    }
    attempt(1);
}

void Controller::attempt(int attemptNo)
{
    readStore([this, attemptNo](const ReadResult &current) {
        if (current.error) {
            finish(Error(current.error.code,
                         Tr::tr("The kill switch was not changed: %1").arg(current.error.message)),
                   {});
            return;
        }
        writeAttempt(current, attemptNo);
    });
}

void Controller::writeAttempt(const ReadResult &current, int attemptNo)
{
    // Compare-and-swap needs the revision of an existing document (an HTTP server without ETags has none).
    if (current.exists && current.revision.isEmpty()) {
        finish(
            Error(
                Error::Code::Unsupported,
                Tr::tr("The kill switch was not changed: %1 did not say which revision the document is at "
                       "(no ETag), so a change could overwrite someone else's. Configure the server to send "
                       "an ETag.")
                    .arg(m_backend->describe())),
            {});
        return;
    }
    const Change change = m_pending.first().change;
    const QString actor = change.automatic ? automaticActor(*change.automatic, m_actor) : m_actor;
    const Document next = change.applyTo(current.exists ? current.document : Document{}, actor,
                                         QDateTime::currentDateTimeUtc());
    // Already so in the store (kill all while all are stopped, resume an agent that is not stopped): the
    // read just made confirms it, and no new version tells the agents of a change that is none.
    if (current.exists && next.killAll == current.document.killAll &&
        next.disabledAgents == current.document.disabledAgents) {
        finish({}, current.document);
        return;
    }
    m_backend->write(next, current.revision, this, [this, next, attemptNo](const WriteResult &result) {
        if (result.conflict) {
            // Another writer got in first: re-read and apply the change to what they wrote.
            if (attemptNo < kMaxAttempts) {
                qCDebug(lcKillSwitch) << "compare-and-swap conflict; retrying, attempt" << attemptNo + 1;
                attempt(attemptNo + 1);
                return;
            }
            finish(
                Error(
                    Error::Code::Busy,
                    Tr::tr(
                        "The kill switch was not changed: others changed it %1 times in a row while Burnrate "
                        "tried. Try again.")
                        .arg(kMaxAttempts)),
                {});
            return;
        }
        if (result.error) {
            finish(Error(result.error.code,
                         Tr::tr("The kill switch was not changed: %1").arg(result.error.message)),
                   {});
            return;
        }
        readBack(next);
    });
}

void Controller::readBack(const Document &written)
{
    readStore([this, written](const ReadResult &result) {
        if (result.error) {
            finish(Error(result.error.code,
                         Tr::tr("The store accepted the change but could not be read back to confirm "
                                "it: %1")
                             .arg(result.error.message)),
                   {});
            return;
        }
        // A teammate may already have written the next version on top of ours; an older one, or the same
        // version with other content, means ours is not what the store holds.
        const Document &stored = result.document;
        const bool confirmed = result.exists && (stored.version > written.version ||
                                                 (stored.version == written.version && stored == written));
        if (!confirmed) {
            finish(Error(Error::Code::Io,
                         Tr::tr("The store accepted the change, but reading it back shows version %1 "
                                "instead of %2. The change is not confirmed.")
                             .arg(stored.version)
                             .arg(written.version)),
                   {});
            return;
        }
        finish({}, written);
    });
}

void Controller::finish(const Error &error, const Document &confirmed)
{
    const PendingChange done = m_pending.takeFirst();
    m_inFlight = false;

    AuditEntry entry;
    entry.at = QDateTime::currentDateTimeUtc();
    entry.actor = done.change.automatic ? automaticActor(*done.change.automatic, m_actor) : m_actor;
    entry.action = done.change.actionName();
    entry.reason = done.change.reason;
    entry.outcome = error ? AuditEntry::Outcome::Failed : AuditEntry::Outcome::Confirmed;
    entry.version = error ? 0 : confirmed.version;
    entry.message = error.message;
    entry.store = m_backend->describe();
    if (m_audit) {
        Error auditError;
        if (!m_audit->append(entry, &auditError))
            qCWarning(lcKillSwitch) << "kill-switch audit not written:" << auditError.message;
    }

    if (error) {
        qCWarning(lcKillSwitch) << "kill-switch change" << entry.action << "failed:" << error.message;
        emit changeFailed(done.id, error);
    } else {
        emit changeConfirmed(done.id, confirmed);
    }
    emit audited(entry);
    emit pendingChanged();
    startNext();
}

} // namespace Burnrate::KillSwitch
