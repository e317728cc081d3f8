// The kill-switch document (DESIGN.md §6): one small JSON object in a store that every agent reads.
// A plain value type, usable from any thread; parsing never throws and says what is wrong.
#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>

namespace Burnrate::KillSwitch {

struct Document
{
    static constexpr int kSchema = 1; // the newest schema this build writes and understands

    int schema = kSchema;
    qint64 version = 0;         // +1 on every change; 0 for a store that has never been written
    bool killAll = false;       // "kill_all": every agent stops
    QStringList disabledAgents; // "disabled_agents": sorted, no duplicates, no empty ids
    QString reason;
    QString updatedBy;   // "user@host" of the last writer
    QDateTime updatedAt; // UTC; invalid when never written

    // True when an agent with this id must halt: kill_all, or the id is listed.
    bool stops(const QString &agentId) const;

    // Compact JSON with the keys of DESIGN.md §6 (schema, version, kill_all, disabled_agents, reason,
    // updated_by, updated_at as ISO 8601 UTC).
    QByteArray toJson() const;
    // Parses a stored document. Missing optional keys take their defaults; wrong types, a missing or
    // newer schema, and bodies that are not a JSON object are InvalidInput errors naming the key.
    static std::optional<Document> fromJson(const QByteArray &json, Error *error);

    bool operator==(const Document &) const = default;
};

// What a user (or the automatic kill) asks for. Applied to the current document on every attempt, so
// that a retry after a lost compare-and-swap re-applies the intent, not a stale copy.
// What made the automatic kill act: a budget's escalation tier or a loop alarm.
struct Automatic
{
    enum class Trigger { Budget, LoopAlarm };

    Trigger trigger = Trigger::Budget;
    QString name; // the budget's name, or the agent the loop alarm is about

    bool operator==(const Automatic &) const = default;
};

// The actor written as updated_by and into the audit trail for a change the automatic kill made:
// "automatic:budget:daily-all via alice@laptop" or "automatic:loop:research-agent via alice@laptop".
// Not translated: the document is read on other machines, in other languages, and by scripts.
QString automaticActor(const Automatic &by, const QString &via);
// The trigger of an automaticActor() (and its `via` when asked); nullopt for a person's "user@host".
std::optional<Automatic> automaticFromActor(const QString &actor, QString *via = nullptr);

struct Change
{
    enum class Kind { KillAll, ResumeAll, DisableAgent, EnableAgent };

    Kind kind = Kind::KillAll;
    QString agentId; // for DisableAgent / EnableAgent
    QString reason;
    std::optional<Automatic> automatic = std::nullopt; // set when the automatic kill asks, not a person

    // The next document: the change applied, version + 1, updated_by / updated_at / reason set.
    Document applyTo(const Document &current, const QString &actor, const QDateTime &nowUtc) const;
    // "kill_all", "resume_all", "disable:<id>", "enable:<id>": the audit log's "what".
    QString actionName() const;
    // InvalidInput when an agent change has no (or a blank) agent id.
    Error validate() const;
};

// "user@host" of this process, for updated_by and the audit log.
QString currentActor();

} // namespace Burnrate::KillSwitch

Q_DECLARE_METATYPE(Burnrate::KillSwitch::Document)
