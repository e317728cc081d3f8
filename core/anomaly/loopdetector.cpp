#include "loopdetector.h"

#include <algorithm>

namespace Burnrate::Anomaly {

namespace {

bool earlier(const AgentCall &a, const AgentCall &b)
{
    return a.timeNs < b.timeNs;
}

// Inserted after calls of the same time, so a batch keeps its order.
void insertByTime(QList<AgentCall> &list, const AgentCall &call)
{
    list.insert(std::upper_bound(list.begin(), list.end(), call, earlier), call);
}

void appendDistinct(QStringList &list, const QString &value)
{
    if (!value.isEmpty() && !list.contains(value))
        list.append(value);
}

bool similar(const AgentCall &a, const AgentCall &reference, int tolerancePercent)
{
    if (a.model != reference.model || a.operation != reference.operation)
        return false;
    const qint64 diff = a.inputTokens > reference.inputTokens ? a.inputTokens - reference.inputTokens
                                                              : reference.inputTokens - a.inputTokens;
    return diff * 100 <= reference.inputTokens * tolerancePercent;
}

} // namespace

LoopDetector::LoopDetector()
    : LoopDetector(Params{})
{}

LoopDetector::LoopDetector(const Params &params)
    : m_params(params)
{}

QList<LoopAlarm> LoopDetector::add(QList<AgentCall> calls)
{
    std::stable_sort(calls.begin(), calls.end(), earlier);
    QList<LoopAlarm> alarms;
    for (const AgentCall &call : std::as_const(calls)) {
        Session &session = m_sessions[{call.agentId, call.sessionId}];
        session.lastNs = std::max(session.lastNs, call.timeNs);
        const auto alarm =
            call.kind == AgentCall::Kind::Tool ? addTool(session, call) : addModel(session, call);
        if (alarm)
            alarms.append(*alarm);
    }
    return alarms;
}

void LoopDetector::forgetIdleBefore(qint64 ns)
{
    m_sessions.removeIf([ns](const auto &it) { return it.value().lastNs < ns; });
}

void LoopDetector::limitSessions(qsizetype count)
{
    if (m_sessions.size() <= count)
        return;
    std::vector<qint64> last;
    last.reserve(size_t(m_sessions.size()));
    for (const Session &s : std::as_const(m_sessions))
        last.push_back(s.lastNs);
    // The count-th most recent time: older sessions go (ties at it may keep a few more).
    std::nth_element(last.begin(), last.begin() + (count - 1), last.end(), std::greater<>());
    const qint64 cut = last[size_t(count - 1)];
    m_sessions.removeIf([cut](const auto &it) { return it.value().lastNs < cut; });
}

std::optional<LoopAlarm> LoopDetector::addTool(Session &session, const AgentCall &call)
{
    insertByTime(session.tools, call);
    while (session.tools.size() > m_params.toolWindow)
        session.tools.removeFirst();
    if (session.tools.size() < m_params.toolWindow)
        return std::nullopt;

    QHash<QString, int> counts;
    QString dominant;
    for (const AgentCall &c : std::as_const(session.tools))
        if (++counts[c.tool] > counts.value(dominant))
            dominant = c.tool;
    const int count = counts.value(dominant);
    const bool pattern =
        count * 100 >= m_params.sameToolPercent * m_params.toolWindow &&
        session.tools.constLast().timeNs - session.tools.constFirst().timeNs < m_params.toolSpanNs;
    const bool fires = pattern && !session.toolAlarmed && session.alarmedModels.isEmpty();
    session.toolAlarmed = pattern;
    if (!fires)
        return std::nullopt;

    QStringList traceIds;
    for (const AgentCall &c : std::as_const(session.tools))
        if (c.tool == dominant)
            appendDistinct(traceIds, c.traceId);
    return LoopAlarm{.kind = LoopAlarm::Kind::RepeatedTool,
                     .agentId = call.agentId,
                     .sessionId = call.sessionId,
                     .subject = dominant,
                     .count = count,
                     .outOf = m_params.toolWindow,
                     .atNs = session.tools.constLast().timeNs,
                     .traceIds = traceIds};
}

std::optional<LoopAlarm> LoopDetector::addModel(Session &session, const AgentCall &call)
{
    insertByTime(session.models, call);
    const AgentCall newest = session.models.constLast();
    // Half-open span: calls exactly repeatWindowNs before the newest are outside it.
    session.models.removeIf(
        [&](const AgentCall &c) { return c.timeNs <= newest.timeNs - m_params.repeatWindowNs; });
    if (session.models.size() > m_params.maxModelCalls)
        session.models.remove(0, session.models.size() - m_params.maxModelCalls);

    // The pattern of the newest call's model and operation (a late call is judged with the newest). Every
    // call passes here: the traces are collected only for an alarm.
    const auto count = std::count_if(session.models.cbegin(), session.models.cend(), [&](const AgentCall &c) {
        return similar(c, newest, m_params.tokenTolerancePercent);
    });
    const bool pattern = count >= m_params.repeatCount;
    if (!pattern && session.alarmedModels.isEmpty())
        return std::nullopt;
    const QString key = newest.model % u'\n' % newest.operation;
    const bool fires = pattern && session.alarmedModels.isEmpty() && !session.toolAlarmed;
    if (pattern)
        session.alarmedModels.insert(key);
    else
        session.alarmedModels.remove(key);
    if (!fires)
        return std::nullopt;
    QStringList traceIds;
    for (const AgentCall &c : std::as_const(session.models)) {
        if (similar(c, newest, m_params.tokenTolerancePercent))
            appendDistinct(traceIds, c.traceId);
    }
    return LoopAlarm{.kind = LoopAlarm::Kind::RepeatedModelCall,
                     .agentId = newest.agentId,
                     .sessionId = newest.sessionId,
                     .subject = newest.model,
                     .count = int(count),
                     .outOf = int(count),
                     .atNs = newest.timeNs,
                     .traceIds = traceIds};
}

} // namespace Burnrate::Anomaly
