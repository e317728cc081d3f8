#include "exploreloader.h"

#include "storage/database.h"

#include <QPointer>
#include <QThread>

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
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->connection.reset(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

void ExploreLoader::submit(Kind kind, Job job)
{
    const quint64 generation = ++m_latest[int(kind)];
    Q_EMIT busyChanged();
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
            }
            Deliver deliver = job(worker->connection->database());
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
