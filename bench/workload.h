// Realistic, deterministic load for the benchmarks (docs/performance.md): GenAI chat spans under
// invoke_agent parents as an OpenTelemetry SDK exports them, OTLP payloads whose trace ids can be
// re-stamped per request, and a time-ordered stream of priced usage events. Not thread-safe; one
// instance per thread.
#pragma once

#include "ingest/ingest.h"
#include "ingest/otlptypes.h"
#include "model/usageevent.h"

#include <QByteArray>
#include <QList>
#include <memory>
#include <random>

namespace Burnrate::Pricing {
class PriceTable;
}

namespace Burnrate::Bench {

// Who calls what: 8 agents, 6 models of 3 providers, 10 features, 200 users with Zipf-like activity.
// Each user favours two agents; each agent has a main and a second model and a main feature.
class Workload
{
public:
    explicit Workload(quint64 seed);

    // One OTLP export as a BatchSpanProcessor sends it: one resource, one scope, `spanCount` spans made
    // of traces with an invoke_agent root and 2-10 chat children (16 attributes each), around `nowNs`.
    Ingest::TraceBatch traceBatch(int spanCount, qint64 nowNs);

    // The next model call of one of the sessions active at `startNs`, as the normalizer produces it
    // from such spans, without its price (see Pricing::PriceTable::apply).
    Model::UsageEvent nextEvent(qint64 startNs);

    // Random lowercase hex of `bytes` bytes.
    QString hexId(int bytes);

private:
    struct Session
    {
        int user = 0;
        int agent = 0;
        int feature = 0;
        QString id;
        int callsLeft = 0;
        int callsLeftInTrace = 0;
        QString traceId;
        QString agentSpanId;
    };
    struct Usage
    {
        qint64 input = 0, output = 0, cacheRead = 0, cacheWrite = 0, latencyMs = 0;
    };

    Session newSession();
    int pickModel(int agent);
    Usage usage(int model);
    int uniform(int lo, int hi); // inclusive

    std::mt19937_64 m_rng;
    std::discrete_distribution<int> m_users;
    QList<Session> m_active; // sessions nextEvent() interleaves
};

// An encoded export request whose trace ids are overwritten by stamp() so that every request stores
// new events. Trace ids get 8 pseudo-random bytes per (request, trace), as random as real trace ids.
class Payload
{
public:
    // Encodes `batch` and measures it with the real ingest path (decode, normalize, price).
    static Payload make(const Ingest::TraceBatch &batch, Ingest::Encoding encoding,
                        const Pricing::PriceTable &prices);

    // Rewrites the trace ids in body() and moves every span's times by the time since make(), so that each
    // request carries new traces that have just ended, as a live exporter's would. The batch's session ids
    // are kept (sessions that go on across requests) unless `newSessions`: then every trace starts a new one.
    void stamp(quint64 request, bool newSessions = false);
    const QByteArray &body() const { return m_body; }
    Ingest::Encoding encoding() const { return m_encoding; }
    int spans() const { return m_spans; }
    int events() const { return m_events; } // billable calls the receiver stores per request

private:
    QByteArray m_body;
    Ingest::Encoding m_encoding = Ingest::Encoding::Json;
    QList<QList<qsizetype>> m_traceIdOffsets;       // per trace: where its id occurs in m_body
    QList<QList<qsizetype>> m_sessionIdOffsets;     // per session: where the hex digits of its id occur
    QList<QPair<qint64, QList<qsizetype>>> m_times; // per distinct span time: the value, where it occurs
    qint64 m_madeNs = 0;
    int m_spans = 0;
    int m_events = 0;
};

// splitmix64: a cheap, well-mixed hash for ids derived from counters.
quint64 mix64(quint64 x);

// The shipped price table (resources/prices.json); aborts with a message if it cannot be loaded.
std::shared_ptr<const Pricing::PriceTable> shippedPrices();

} // namespace Burnrate::Bench
