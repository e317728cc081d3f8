#include "exploreloader.h"

#include "common/logging.h"
#include "storage/database.h"

#include <QMutex>
#include <QPointer>
#include <QThread>
#include <sqlite3.h>

namespace Burnrate::Models {

// Owns the thread's connection: opened on first use, closed in its thread before the thread ends.
class ExploreLoader::Worker : public QObject
{
public:
    explicit Worker(QString path)
        : m_path(std::move(path))
    {}

    std::unique_ptr<Storage::Connection> connection;
    QString m_path;
    // Read from the GUI thread to interrupt a superseded query (sqlite3_interrupt is thread-safe).
    std::atomic<sqlite3 *> handle = nullptr;
    QMutex lock;            // orders an interrupt against the start and end of a job
    int runningKind = -1;   // under `lock`
    quint64 interrupts = 0; // under `lock`

    // Runs `job` and tells whether an interrupt came while it ran.
    Deliver run(int kind, const Job &job)
    {
        quint64 before = 0;
        {
            QMutexLocker locked(&lock);
            runningKind = kind;
            before = interrupts;
        }
        Deliver deliver = job(connection->database());
        QMutexLocker locked(&lock);
        runningKind = -1;
        interrupted = interrupts != before;
        // No interrupt is aimed at this connection now. A read transaction an interrupted job left open
        // would hold every later job to its snapshot (and keep the WAL from being reset).
        if (sqlite3 *db = handle.load(); db && !sqlite3_get_autocommit(db)) {
            qCWarning(lcStorage)
                << "an interrupted Explore query left its read transaction open; rolled back";
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        return deliver;
    }
    bool interrupted = false; // by the last run()
};

ExploreLoader::ExploreLoader(QString databasePath, QObject *parent)
    : QObject(parent)
    , m_latest(new std::atomic<quint64>[int(Kind::Count)]())
{
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("explore"));
    m_worker = new Worker(std::move(databasePath));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

ExploreLoader::~ExploreLoader()
{
    for (int k = 0; k < int(Kind::Count); ++k)
        m_latest[k] = m_latest[k] + 1; // queued jobs are skipped
    if (sqlite3 *db = m_worker->handle.load())
        sqlite3_interrupt(db); // a long query (a month grouped by session) would hold up quitting
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker] {
            worker->handle = nullptr;
            worker->connection.reset();
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

void ExploreLoader::submit(Kind kind, Job job)
{
    const quint64 generation = ++m_latest[int(kind)];
    Q_EMIT busyChanged();
    // The query this one supersedes may still be running (the worker runs one at a time): stop it.
    {
        QMutexLocker locked(&m_worker->lock);
        sqlite3 *db = m_worker->handle.load();
        if (m_worker->runningKind == int(kind) && db) {
            sqlite3_interrupt(db);
            ++m_worker->interrupts;
        }
    }
    QPointer<ExploreLoader> self(this);
    QMetaObject::invokeMethod(
        m_worker,
        [self, worker = m_worker, latest = m_latest, kind, generation, job = std::move(job)] {
            if (latest[int(kind)] != generation)
                return; // superseded before it started
            if (!worker->connection) {
                Error error;
                worker->connection =
                    Storage::Connection::open(worker->m_path, Storage::Connection::Mode::ReadOnly, &error);
                if (!worker->connection) {
                    QMetaObject::invokeMethod(
                        self,
                        [self, error] {
                            if (self)
                                Q_EMIT self->connectionFailed(error);
                        },
                        Qt::QueuedConnection);
                    return;
                }
                worker->handle = static_cast<sqlite3 *>(worker->connection->sqliteHandle());
            }
            Deliver deliver = worker->run(int(kind), job);
            // An interrupt meant for a superseded query can hit this one as it starts: if this one is
            // still wanted, run it again.
            if (worker->interrupted && latest[int(kind)] == generation)
                deliver = worker->run(int(kind), job);
            QMetaObject::invokeMethod(
                self,
                [self, latest, kind, generation, deliver = std::move(deliver)] {
                    if (!self || latest[int(kind)] != generation)
                        return; // a newer request of this kind is under way: this result is stale
                    self->m_delivered[int(kind)] = generation;
                    deliver();
                    Q_EMIT self->busyChanged();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

bool ExploreLoader::isBusy(Kind kind) const
{
    return m_delivered[int(kind)] != m_latest[int(kind)];
}

} // namespace Burnrate::Models
