// The single SQLite writer (DESIGN.md §3.3). Lives on its own thread; any thread may submit batches.
// Batches queued while a transaction runs are committed together in the next one (group commit), with
// prepared statements, idempotent on the event id (its key, eventkey.h), and the hourly rollup updated
// in the same transaction.
#pragma once

#include "common/error.h"
#include "model/tracespan.h"
#include "model/usageevent.h"
#include "storage/providerstore.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <functional>
#include <memory>

namespace Burnrate::Storage {

struct WriteResult
{
    Error error;        // set when the transaction failed; nothing of the batch was written then
    int inserted = 0;   // new events
    int duplicates = 0; // events whose event_id was already stored (re-delivery)
    int updated = 0;    // stored events whose attribution was rewritten
    int spans = 0;      // new trace spans (a re-delivered span is not counted)
};

// What one ingested payload asks the writer to store, all in one transaction.
struct WriteBatch
{
    QList<Model::UsageEvent> events;
    QList<Model::AttributionUpdate> updates; // stored events re-attributed by a late ancestor span
    QList<Model::TraceSpan> spans;           // agents, tools and workflows (trace_spans)
    QList<Model::TraceSpanUpdate> spanUpdates;

    bool isEmpty() const
    {
        return events.isEmpty() && updates.isEmpty() && spans.isEmpty() && spanUpdates.isEmpty();
    }
};

class StorageWriter : public QObject
{
    Q_OBJECT
public:
    using Completion = std::function<void(const WriteResult &)>;

    explicit StorageWriter(QString databasePath, QObject *parent = nullptr);
    ~StorageWriter() override; // stop()s

    // Opens and migrates the database on the writer thread; returns its error synchronously.
    bool start(Error *error);
    // Commits everything queued, then closes the database and ends the thread. Idempotent.
    void stop();

    // Thread-safe. `done` runs on `context`'s thread (queued) once the batch's transaction has committed
    // or failed; it is dropped if `context` is gone by then. `context` may be null (no completion).
    void submit(QList<Model::UsageEvent> events, QObject *context = nullptr, Completion done = {});
    // The same, then in the same transaction rewrites the attribution of stored events (a late ancestor span
    // changed what they inherit) and moves their rollup contribution. An unknown event id is ignored.
    void submit(QList<Model::UsageEvent> events, QList<Model::AttributionUpdate> updates,
                QObject *context = nullptr, Completion done = {});
    // The same, plus the batch's trace spans (INSERT OR IGNORE on their key) and their re-attributions.
    void submit(WriteBatch batch, QObject *context = nullptr, Completion done = {});

    // Thread-safe. Events and updates queued and not yet committed; the receiver answers 503 above
    // maxPendingEvents().
    qint64 pendingEvents() const;
    qint64 maxPendingEvents() const { return m_maxPendingEvents; }
    void setMaxPendingEvents(qint64 max) { m_maxPendingEvents = max; }

    // Thread-safe. Stores one poll result in one transaction (providerstore.h); result.inserted counts the
    // bucket rows written. A write whose buckets name another provider is refused whole.
    void submitProviderData(ProviderWrite write, QObject *context = nullptr, Completion done = {});

    // Thread-safe. Deletes every event of `source` (e.g. "demo") and rebuilds the affected rollup hours.
    void clearSource(const QString &source, QObject *context = nullptr, Completion done = {});

Q_SIGNALS:
    // Emitted on the writer thread after each commit that stored new events or re-attributed stored ones;
    // [firstHour, lastHour] are the rollup hours (Unix seconds / 3600) that changed, `count` the events
    // inserted or re-attributed.
    void eventsStored(qint64 firstHour, qint64 lastHour, int count);
    // Emitted on the writer thread after each commit that stored new trace spans or re-attributed some.
    void spansStored(int count);
    // Emitted on the writer thread, besides eventsStored, when stored events changed other than by an
    // insert: re-attributed ([firstHour, lastHour] their hours) or deleted by clearSource (the whole range
    // of qint64). Caches of stored events reload those hours.
    void eventsRewritten(qint64 firstHour, qint64 lastHour);
    void writeFailed(const Burnrate::Error &error);
    // Emitted on the writer thread after a provider write committed (buckets or only a source state).
    void providerDataStored(const QString &provider);

private:
    class Worker;
    std::unique_ptr<Worker> m_worker;
    qint64 m_maxPendingEvents = 50'000; // a few seconds of work at full speed, ~75 MB
};

} // namespace Burnrate::Storage
