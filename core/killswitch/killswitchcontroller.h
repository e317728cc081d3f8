// The app's view of the kill switch: the last document it has read from the store, changes that are
// pending until the store confirms them, and polling so that a teammate's change shows. Lives on the
// GUI thread (or a command-line process's main thread); the backend calls back there.
//
// The controller never reports a state it has not read: an unreachable or invalid store makes the state
// Unknown (never "running"). A change is written with compare-and-swap, re-applied to the fresh
// document after a conflict (a bounded number of times), and confirmed only by reading it back.
#pragma once

#include "common/error.h"
#include "killswitchaudit.h"
#include "killswitchbackend.h"
#include "killswitchdocument.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QTimer>
#include <chrono>
#include <functional>
#include <memory>

namespace Burnrate::KillSwitch {

class Controller : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Unknown, // not read yet, or the last read failed: show "unknown", never "running"
        Known,   // document() is what the store held at confirmedAt()
    };
    using RequestId = quint64;

    struct PendingChange
    {
        RequestId id = 0;
        Change change;
        QDateTime requestedAt; // UTC
    };

    static constexpr std::chrono::milliseconds kDefaultPollInterval{5000};
    static constexpr int kMaxAttempts = 8; // compare-and-swap attempts per change before giving up

    // audit may be null (no audit trail); it must outlive the controller.
    explicit Controller(std::unique_ptr<Backend> backend, AuditLog *audit = nullptr,
                        QObject *parent = nullptr);
    ~Controller() override;

    // Polling starts with an immediate read. The interval is clamped to at least 1 s.
    void setPollInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds pollInterval() const;
    void start();
    void stop();
    // Reads the store now (a poll out of turn).
    void refresh();

    // "user@host" written as updated_by and into the audit trail; defaults to currentActor().
    void setActor(const QString &actor);
    QString actor() const;

    State state() const { return m_state; }
    // The last document confirmed by the store; only meaningful while state() is Known.
    Document document() const { return m_document; }
    // False while Known means the store holds no document yet (nothing is killed).
    bool documentExists() const { return m_exists; }
    // When the store last confirmed document() (UTC); invalid before the first successful read.
    QDateTime confirmedAt() const { return m_confirmedAt; }
    // Why the state is Unknown (empty while Known).
    Error lastError() const { return m_lastError; }
    QString storeDescription() const;

    bool hasPending() const { return !m_pending.isEmpty(); }
    QList<PendingChange> pendingChanges() const { return m_pending; }

    // Each returns the request's id at once; the outcome arrives as changeConfirmed or changeFailed
    // with that id (never inside the call). An invalid change (blank agent id) fails the same way.
    RequestId killAll(const QString &reason);
    RequestId resumeAll(const QString &reason);
    RequestId disableAgent(const QString &agentId, const QString &reason);
    RequestId enableAgent(const QString &agentId, const QString &reason);
    RequestId submit(const Change &change);

    // The newest audit entries, newest first (empty without an audit log).
    QList<AuditEntry> auditEntries(int limit, Error *error = nullptr) const;

signals:
    // state(), document(), documentExists(), confirmedAt() or lastError() changed.
    void stateChanged();
    // A change was queued or finished.
    void pendingChanged();
    void changeConfirmed(Burnrate::KillSwitch::Controller::RequestId id,
                         const Burnrate::KillSwitch::Document &document);
    void changeFailed(Burnrate::KillSwitch::Controller::RequestId id, const Burnrate::Error &error);
    // After each finished change, confirmed or failed (also when no audit log is attached).
    void audited(const Burnrate::KillSwitch::AuditEntry &entry);

private:
    void poll();
    // Reads the store; result handed to done after it updated the displayed state (unless stale).
    void readStore(std::function<void(const ReadResult &result)> done);
    void applyRead(const ReadResult &result, quint64 sequence);
    void startNext();
    void attempt(int attemptNo);
    void writeAttempt(const ReadResult &current, int attemptNo);
    void readBack(const Document &written);
    void finish(const Error &error, const Document &confirmed);

    std::unique_ptr<Backend> m_backend;
    AuditLog *m_audit = nullptr;
    QTimer m_pollTimer;
    QString m_actor;
    State m_state = State::Unknown;
    Document m_document;
    bool m_exists = false;
    QDateTime m_confirmedAt;
    Error m_lastError;
    QList<PendingChange> m_pending; // the first one is in flight
    bool m_inFlight = false;
    bool m_pollInFlight = false;
    RequestId m_nextId = 1;
    quint64 m_readsIssued = 0;  // every read gets the next number ...
    quint64 m_readsApplied = 0; // ... and a read older than the last one applied is not shown
};

} // namespace Burnrate::KillSwitch
