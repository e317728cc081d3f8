// The WAL write buffer (storage/walbuffer.h) against SQLite itself: other connections see every commit the
// moment it returns, large transactions and checkpoints read back what was buffered, and a write that
// fails fails its commit and loses nothing committed before.
#include "storage/walbuffer.h"

#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sqlite3.h>
#include <sys/resource.h>

using namespace Burnrate::Storage;

namespace {

struct Db
{
    sqlite3 *handle = nullptr;
    explicit Db(const QString &path) { sqlite3_open(QFile::encodeName(path).constData(), &handle); }
    ~Db() { sqlite3_close(handle); }
    int exec(const char *sql) const { return sqlite3_exec(handle, sql, nullptr, nullptr, nullptr); }
    qint64 value(const char *sql) const
    {
        sqlite3_stmt *stmt = nullptr;
        qint64 v = -1;
        if (sqlite3_prepare_v2(handle, sql, -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW)
            v = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        return v;
    }
    QString text(const char *sql) const
    {
        sqlite3_stmt *stmt = nullptr;
        QString v;
        if (sqlite3_prepare_v2(handle, sql, -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW)
            v = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
        sqlite3_finalize(stmt);
        return v;
    }
};

// Inserts `rows` rows of `bytes` random bytes each in one transaction; SQLite's result code of the commit.
int insertRows(const Db &db, int rows, int bytes)
{
    if (db.exec("BEGIN IMMEDIATE") != SQLITE_OK)
        return -1;
    const QByteArray sql =
        QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE "
                       "i < %1) INSERT INTO t(v) SELECT randomblob(%2) FROM n")
            .arg(rows)
            .arg(bytes)
            .toUtf8();
    if (const int rc = db.exec(sql.constData()); rc != SQLITE_OK) {
        db.exec("ROLLBACK");
        return rc;
    }
    const int rc = db.exec("COMMIT");
    if (rc != SQLITE_OK)
        db.exec("ROLLBACK");
    return rc;
}

// What a process that opens the files after this one was killed finds: a copy of the database and its
// WAL without the shared-memory index, so that SQLite recovers the commits from the WAL file alone.
qint64 afterKill(const QString &path, const char *sql)
{
    const QString copy = path + QStringLiteral(".killed");
    for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
        QFile::remove(copy + suffix);
        if (!QFile::copy(path + suffix, copy + suffix))
            return -2;
    }
    QFile::remove(copy + QStringLiteral("-shm"));
    return Db(copy).value(sql);
}

} // namespace

class TestWalBuffer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        installWalWriteBuffer();
    }
    void commitsAreVisibleAtOnce();
    void readsBackFramesOfTheOpenTransaction();
    void failedWriteFailsTheCommit();

private:
    QString path() const
    {
        return m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u".sqlite");
    }
    QTemporaryDir m_dir;
};

void TestWalBuffer::commitsAreVisibleAtOnce()
{
    Db writer(path());
    Db reader(path());
    QCOMPARE(writer.text("PRAGMA journal_mode=WAL"), QStringLiteral("wal"));
    // As Burnrate's connections: no sync at a commit, which would write the buffer out. A small page cache
    // spills frames into the WAL in mid-transaction and reads them back; checkpoints every 64 pages read the
    // buffered frames as well.
    QCOMPARE(writer.exec("PRAGMA synchronous=NORMAL; PRAGMA cache_size=20; PRAGMA wal_autocheckpoint=64; "
                         "CREATE TABLE t(id INTEGER "
                         "PRIMARY KEY, v BLOB)"),
             SQLITE_OK);
    qint64 expected = 0;
    for (const int rows : {1, 3, 40, 700, 2, 5000, 1, 12000, 17}) {
        QCOMPARE(insertRows(writer, rows, 300), SQLITE_OK);
        expected += rows;
        QCOMPARE(reader.value("SELECT count(*) FROM t"), expected);
        QCOMPARE(reader.value("SELECT sum(length(v)) FROM t"), expected * 300);
        QCOMPARE(afterKill(path(), "SELECT count(*) FROM t"), expected);
    }
    QCOMPARE(reader.text("PRAGMA integrity_check"), QStringLiteral("ok"));
}

void TestWalBuffer::readsBackFramesOfTheOpenTransaction()
{
    Db db(path());
    QCOMPARE(db.text("PRAGMA journal_mode=WAL"), QStringLiteral("wal"));
    // No checkpoint after the commit: it would read the WAL and so write out whatever still waited.
    QCOMPARE(
        db.exec("PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(id INTEGER PRIMARY "
                "KEY, n INTEGER NOT NULL "
                "DEFAULT 0, v BLOB)"),
        SQLITE_OK);
    QCOMPARE(insertRows(db, 3000, 1000), SQLITE_OK); // three rows a page
    // 14 rows on 14 pages, updated in turn with room for 10 pages in the cache: the updates spill pages into
    // the WAL and read them back a few frames later, while they may still wait in the buffer.
    QCOMPARE(db.exec("PRAGMA cache_size=10; BEGIN IMMEDIATE"), SQLITE_OK);
    for (int k = 0; k < 14 * 140; ++k) {
        const QByteArray sql =
            QByteArray("UPDATE t SET n = n + 1 WHERE id = ") + QByteArray::number(k % 14 * 200 + 1);
        QCOMPARE(db.exec(sql.constData()), SQLITE_OK);
    }
    QCOMPARE(db.exec("COMMIT"), SQLITE_OK);
    // Pages written twice in one transaction make SQLite rewrite the frame headers' checksums after the
    // commit frame: those writes, too, must be in the file when the commit returns (before anything reads).
    QCOMPARE(afterKill(path(), "SELECT sum(n) FROM t"), 14 * 140);
    QCOMPARE(db.value("SELECT sum(n) FROM t"), 14 * 140);
    QCOMPARE(db.value("SELECT count(*) FROM t WHERE n = 140"), 14);
    QCOMPARE(db.text("PRAGMA integrity_check"), QStringLiteral("ok"));
}

void TestWalBuffer::failedWriteFailsTheCommit()
{
    Db writer(path());
    Db reader(path());
    QCOMPARE(writer.text("PRAGMA journal_mode=WAL"), QStringLiteral("wal"));
    // No checkpoints: every commit appends to the WAL, so a limit at its present size stops the next one.
    QCOMPARE(writer.exec("PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(id INTEGER "
                         "PRIMARY KEY, v BLOB)"),
             SQLITE_OK);
    QCOMPARE(insertRows(writer, 100, 300), SQLITE_OK);
    const qint64 walBytes = QFileInfo(path() + QStringLiteral("-wal")).size();
    QVERIFY(walBytes > 0);

    rlimit before{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &before), 0);
    const auto restore = qScopeGuard([&] { setrlimit(RLIMIT_FSIZE, &before); });
    std::signal(SIGXFSZ, SIG_IGN); // a write past the limit fails with EFBIG instead
    rlimit limit = before;
    limit.rlim_cur = rlim_t(walBytes);
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &limit), 0);

    // Frames that fit in the buffer are written when the commit frame arrives: that write fails the commit.
    const int small = insertRows(writer, 1, 300);
    QVERIFY2(small == SQLITE_FULL || (small & 0xff) == SQLITE_IOERR, qPrintable(QString::number(small)));
    // Frames written before the commit frame, in mid-transaction, fail it as well.
    const int large = insertRows(writer, 2000, 300);
    QVERIFY2(large == SQLITE_FULL || (large & 0xff) == SQLITE_IOERR, qPrintable(QString::number(large)));
    QCOMPARE(reader.value("SELECT count(*) FROM t"), 100);

    QCOMPARE(setrlimit(RLIMIT_FSIZE, &before), 0);
    QCOMPARE(insertRows(writer, 10, 300), SQLITE_OK);
    QCOMPARE(reader.value("SELECT count(*) FROM t"), 110);
    QCOMPARE(writer.value("SELECT count(*) FROM t"), 110);
    QCOMPARE(reader.text("PRAGMA integrity_check"), QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(TestWalBuffer)
#include "tst_walbuffer.moc"
