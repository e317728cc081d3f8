// Burnrate's long-lived parts, the same in the window and in --headless: the storage writer and the
// OTLP receiver, wired together. Lives on the main thread; the parts run their own threads.
#pragma once

#include "cli.h"
#include "ingest/otlpreceiver.h"
#include "storage/storagewriter.h"

#include <QObject>
#include <memory>

namespace Burnrate::App {

class Service : public QObject
{
    Q_OBJECT
public:
    explicit Service(QObject *parent = nullptr);
    ~Service() override;

    // listen: "HOST:PORT", empty for the settings' [otlp] listen.
    bool start(const AppContext &context, const QString &listen, Error *error);
    // Stops accepting, answers and commits everything received, closes the database. Idempotent.
    void stop();

    Storage::StorageWriter *writer() const { return m_writer.get(); }
    Ingest::OtlpReceiver *receiver() const { return m_receiver.get(); }
    QString databasePath() const { return m_databasePath; }

private:
    std::unique_ptr<Storage::StorageWriter> m_writer;
    std::unique_ptr<Ingest::OtlpReceiver> m_receiver;
    QString m_databasePath;
};

} // namespace Burnrate::App
