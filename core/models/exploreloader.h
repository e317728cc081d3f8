// Runs the Explore screen's queries and the Calls view's pages on a thread of its own, with its own
// read-only connection, so the window stays responsive over long ranges, the raw-event dimensions (user,
// session, task) and calls sorted by cost. Each kind of query has a generation counter: a request supersedes
// the earlier ones of its kind, which are skipped if not yet started and dropped if they finish late. Lives
// in the GUI thread; results arrive there.
#pragma once

#include "common/error.h"

#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace Burnrate::Models {

class ExploreLoader : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Table, Values, Cache, WhatIf, CallsPage, NewCalls, Count };

    explicit ExploreLoader(QString databasePath, QObject *parent = nullptr);
    ~ExploreLoader() override; // waits for a running query to finish

    // A query for the worker thread: it runs `job` on the thread's connection, and `job` returns what to
    // do with its result back in the GUI thread (called only if no newer request of `kind` came since).
    // A job that fails returns a function that reports the error.
    using Deliver = std::function<void()>;
    using Job = std::function<Deliver(const QSqlDatabase &db)>;
    void submit(Kind kind, Job job);

    // Requests of `kind` submitted and not yet delivered or superseded.
    bool isBusy(Kind kind) const;

Q_SIGNALS:
    void connectionFailed(const Burnrate::Error &error);
    void busyChanged();

private:
    class Worker;
    QThread *m_thread = nullptr;
    Worker *m_worker = nullptr;                       // lives in m_thread
    std::shared_ptr<std::atomic<quint64>[]> m_latest; // per kind: the newest generation submitted
    quint64 m_delivered[int(Kind::Count)] = {};       // per kind: the newest generation delivered
};

} // namespace Burnrate::Models
