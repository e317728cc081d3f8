// The simulated agent fleet behind `burnrate --demo` (issue #3): GenAI semantic-convention traces of
// several agents, features, models, users and growing sessions, with a loop and a spend burst on a
// schedule. Pure and clock-injected (the caller passes the time); not thread-safe, one owner thread.
#pragma once

#include "common/timeutil.h"
#include "ingest/otlptypes.h"

#include <QSet>
#include <QString>
#include <QStringList>
#include <memory>

namespace Burnrate::Demo {

class DemoFleet
{
public:
    // The anomalies, as offsets from the fleet's start time.
    static constexpr qint64 kLoopStartNs = 3 * 60 * Time::kNanosPerSecond;
    static constexpr qint64 kBurstStartNs = 8 * 60 * Time::kNanosPerSecond;
    static constexpr qint64 kBurstEndNs = 13 * 60 * Time::kNanosPerSecond;

    // Every resource carries this attribute (bool true), so demo data can be told apart and cleared.
    static QString demoResourceAttribute() { return QStringLiteral("burnrate.demo"); }

    // Same seed, start and sequence of step() times: the same spans (and, within one process, the same
    // encoded bytes; attribute order follows QHash's per-process seed). The seed decides the amounts,
    // users and models; startNs also goes into the trace and span ids, so two demo runs started at
    // different times never collide on an event id.
    DemoFleet(quint64 seed, qint64 startNs);
    ~DemoFleet();
    DemoFleet(const DemoFleet &) = delete;
    DemoFleet &operator=(const DemoFleet &) = delete;

    // The spans of every agent run that completed in (previous now, nowNs], whole traces only. Which runs
    // exist does not depend on how often step() is called, only on which batch they come in.
    Ingest::TraceBatch step(qint64 nowNs);

    // Plausible past traffic of the normal fleet (no anomalies): runs starting in [fromNs, toNs), at a
    // daily and weekly rhythm of local time. Each UTC hour is generated on its own from the seed, so any
    // split of a range gives the same spans; call it an hour or so at a time to keep memory bounded.
    Ingest::TraceBatch backfill(qint64 fromNs, qint64 toNs) const;

    // The kill switch: a stopped agent starts no new runs (runs already under way still complete; an
    // orchestrator skips a stopped sub-agent). Stopping the looping agent ends the loop for good.
    void stopAgent(const QString &agentId);
    void resumeAgent(const QString &agentId);
    bool isStopped(const QString &agentId) const { return m_stopped.contains(agentId); }

    QStringList agentIds() const;  // every agent of the fleet, sub-agents included
    QString loopingAgent() const;  // the agent that falls into a loop at kLoopStartNs
    QString loopingTool() const;   // the tool it calls over and over
    QString burstFeature() const;  // the feature whose spend bursts in [kBurstStartNs, kBurstEndNs)
    QString unpricedModel() const; // the model with no price in the shipped table
    qint64 startNs() const { return m_startNs; }

private:
    struct Live;
    quint64 m_seed;
    qint64 m_startNs;
    QSet<QString> m_stopped;
    std::unique_ptr<Live> m_live;
};

} // namespace Burnrate::Demo
