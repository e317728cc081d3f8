// The fixture of the tests that write through a StorageWriter and read back with SQL: a fresh database in
// a temporary directory, its started writer and, on first use, a read-only connection to it. A test class
// inherits it (privately, beside QObject) and calls openStore() in init() and closeStore() in cleanup().
#pragma once

#include "storage/database.h"
#include "storage/storagewriter.h"

#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <optional>

namespace Burnrate::Testing {

class WriterFixture
{
protected:
    // false (with a warning) if the directory or the writer could not be made.
    bool openStore()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid()) {
            qWarning() << "no temporary directory:" << m_dir->errorString();
            return false;
        }
        m_writer = std::make_unique<Storage::StorageWriter>(dbPath());
        Error error;
        if (!m_writer->start(&error)) {
            qWarning() << "the writer did not start:" << error.message;
            return false;
        }
        return true;
    }

    // The reader first: the writer's close checkpoints, and the directory goes last.
    void closeStore()
    {
        m_reader.reset();
        m_writer.reset();
        m_dir.reset();
    }

    QString dbPath() const { return m_dir->filePath(QStringLiteral("burnrate.sqlite")); }

    QSqlDatabase readDb()
    {
        if (!m_reader) {
            Error error;
            m_reader = Storage::Connection::open(dbPath(), Storage::Connection::Mode::ReadOnly, &error);
            if (!m_reader)
                qWarning() << error.message;
        }
        return m_reader ? m_reader->database() : QSqlDatabase();
    }

    // Calls `submit` with a completion and waits up to 30 s for it: the result, or none (with a warning).
    // The result lives on the heap, so a completion that comes after the wait writes nowhere dangerous.
    template<typename Submit> static std::optional<Storage::WriteResult> waitForWrite(Submit submit)
    {
        const auto result = std::make_shared<std::optional<Storage::WriteResult>>();
        submit([result](const Storage::WriteResult &r) { *result = r; });
        if (!QTest::qWaitFor([&] { return result->has_value(); }, 30000))
            qWarning() << "no completion";
        return *result;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage::StorageWriter> m_writer;
    std::unique_ptr<Storage::Connection> m_reader;
};

} // namespace Burnrate::Testing
