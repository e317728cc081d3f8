// Loop and stuck-agent detection from telemetry, per (agent, session): the last N tool calls mostly the
// same tool within a short span, or near-identical model calls repeating fast. Event time only, no clock of
// its own. A session raises one alarm while any of its patterns holds: a looping agent usually shows both.
// Not thread-safe: one owner (the evaluating thread) per detector.
#pragma once

#include "common/timeutil.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <optional>

namespace Burnrate::Anomaly {

// One tool execution or model call of an agent, in event time.
struct AgentCall
{
    enum class Kind { Tool, Model };

    Kind kind = Kind::Model;
    QString agentId;
    QString sessionId;
    QString traceId;
    qint64 timeNs = 0; // start of the call
    QString tool;      // Kind::Tool: the tool's name
    QString model;     // Kind::Model: the model, the operation (chat, …) and the input tokens
    QString operation;
    qint64 inputTokens = 0;
};

struct LoopAlarm
{
    enum class Kind {
        RepeatedTool,      // `count` of the last `outOf` tool calls were `subject`
        RepeatedModelCall, // `count` near-identical calls to model `subject` within the rate window
    };

    Kind kind = Kind::RepeatedTool;
    QString agentId;
    QString sessionId;
    QString subject; // the tool or the model
    int count = 0;
    int outOf = 0;        // RepeatedTool: the calls looked at; RepeatedModelCall: equal to count
    qint64 atNs = 0;      // time of the call that completed the pattern
    QStringList traceIds; // of the calls in the pattern, distinct, oldest first

    friend bool operator==(const LoopAlarm &, const LoopAlarm &) = default;
};

class LoopDetector
{
public:
    struct Params
    {
        int toolWindow = 5;       // look at the last N tool calls …
        int sameToolPercent = 80; // … alarm when this share of them is one tool …
        // … and they started within this span (half-open). An agent that returns to the same tool now and
        // then over a long conversation (look up an order, answer, look up the next one) is not looping.
        qint64 toolSpanNs = 2 * 60 * Time::kNanosPerSecond;
        int repeatCount = 10; // alarm when this many near-identical model calls …
        qint64 repeatWindowNs = 60 * Time::kNanosPerSecond; // … start within this span (half-open)
        int tokenTolerancePercent = 5; // input tokens within this much of the newest call's
        // A session keeps at most this many model calls of the rate window (its newest): memory stays bounded
        // at any ingest rate, and a session faster than that is judged on its latest calls.
        int maxModelCalls = 12;
    };

    LoopDetector();
    explicit LoopDetector(const Params &params);

    // Takes calls in any order (a batch is processed in event-time order) and returns the alarms of the
    // patterns that begin in a session with no pattern in progress. A pattern stays quiet until it breaks: a
    // tool call that lowers the share below the threshold or stretches the last N over toolSpanNs, or a call
    // to the same model and operation with fewer near-identical calls in its window than the count (calls to
    // other models in between do not break it).
    QList<LoopAlarm> add(QList<AgentCall> calls);

    // Drops the history of (agent, session) pairs with no call since `ns` (sessions that have ended).
    void forgetIdleBefore(qint64 ns);
    // Keeps the `count` sessions with the most recent calls: a loop keeps its session among them, and the
    // memory stays bounded however many sessions a fleet runs at once.
    void limitSessions(qsizetype count);
    qsizetype sessions() const { return m_sessions.size(); }

private:
    struct Session
    {
        QList<AgentCall> tools;  // the last toolWindow tool calls, oldest first
        QList<AgentCall> models; // model calls within repeatWindowNs of the newest, oldest first
        qint64 lastNs = 0;
        bool toolAlarmed = false;
        QSet<QString> alarmedModels; // model + operation of the repeat patterns in progress
    };

    std::optional<LoopAlarm> addTool(Session &session, const AgentCall &call);
    std::optional<LoopAlarm> addModel(Session &session, const AgentCall &call);

    Params m_params;
    QHash<QPair<QString, QString>, Session> m_sessions;
};

} // namespace Burnrate::Anomaly
