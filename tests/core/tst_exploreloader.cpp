#include "models/exploreloader.h"
#include "storage/database.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Models;
using namespace Qt::StringLiterals;

namespace {

// Counts forever: only an interrupt ends it. Returns whether it ended with an error.
bool endless(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    return !q.exec(
        u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"_s);
}

int one(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    return q.exec(u"SELECT count(*) FROM usage_events"_s) && q.next() ? q.value(0).toInt() + 1 : -1;
}

} // namespace

// The Explore screen's query thread: the newest request of a kind wins, a superseded query still running
// is interrupted, results arrive in the GUI thread, a missing database is an error.
class TestExploreLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void newestWinsAndInterruptsTheOld();
    void otherKindsAreNotDropped();
    void quitsDuringALongQuery();
    void missingDatabase();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestExploreLoader::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(u"burnrate.sqlite"_s);
    Error error;
    QVERIFY2(Storage::Connection::open(m_path, Storage::Connection::Mode::ReadWrite, &error),
             qPrintable(error.message));
}

void TestExploreLoader::newestWinsAndInterruptsTheOld()
{
    ExploreLoader loader(m_path);
    QList<QString> delivered;
    loader.submit(ExploreLoader::Kind::Table, [&delivered](const QSqlDatabase &db) {
        const bool failed = endless(db);
        return ExploreLoader::Deliver(
            [&delivered, failed] { delivered << (failed ? u"endless interrupted"_s : u"endless"_s); });
    });
    QTest::qWait(100); // it is running now
    QVERIFY(loader.isBusy(ExploreLoader::Kind::Table));
    QElapsedTimer clock;
    clock.start();
    loader.submit(ExploreLoader::Kind::Table, [&delivered](const QSqlDatabase &db) {
        const int n = one(db);
        return ExploreLoader::Deliver([&delivered, n] { delivered << u"one %1"_s.arg(n); });
    });
    QTRY_COMPARE(delivered, QList<QString>{u"one 1"_s});
    QVERIFY(clock.elapsed() < 5000); // the endless query did not hold it up
    QVERIFY(!loader.isBusy(ExploreLoader::Kind::Table));
    QTest::qWait(100);
    QCOMPARE(delivered, QList<QString>{u"one 1"_s}); // the superseded result never arrives
}

void TestExploreLoader::otherKindsAreNotDropped()
{
    ExploreLoader loader(m_path);
    QStringList delivered;
    for (auto kind : {ExploreLoader::Kind::Table, ExploreLoader::Kind::Cache, ExploreLoader::Kind::Values}) {
        loader.submit(kind, [&delivered, kind](const QSqlDatabase &db) {
            const int n = one(db);
            return ExploreLoader::Deliver(
                [&delivered, kind, n] { delivered << u"%1:%2"_s.arg(int(kind)).arg(n); });
        });
    }
    QTRY_COMPARE(delivered.size(), 3);
    QCOMPARE(delivered, (QStringList{u"0:1"_s, u"2:1"_s, u"1:1"_s}));
}

void TestExploreLoader::quitsDuringALongQuery()
{
    QElapsedTimer clock;
    {
        ExploreLoader loader(m_path);
        loader.submit(ExploreLoader::Kind::Table, [](const QSqlDatabase &db) {
            endless(db);
            return ExploreLoader::Deliver([] {});
        });
        QTest::qWait(100);
        clock.start();
    } // the destructor interrupts the query and waits for the thread
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
}

void TestExploreLoader::missingDatabase()
{
    ExploreLoader loader(m_dir.filePath(u"missing.sqlite"_s));
    QSignalSpy failed(&loader, &ExploreLoader::connectionFailed);
    bool ran = false;
    loader.submit(ExploreLoader::Kind::Table, [&ran](const QSqlDatabase &) {
        ran = true;
        return ExploreLoader::Deliver([] {});
    });
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(!failed.first().first().value<Error>().message.isEmpty());
    QVERIFY(!ran);
}

QTEST_GUILESS_MAIN(TestExploreLoader)
#include "tst_exploreloader.moc"
