#include "common/timeutil.h"
#include "models/sessionsmodel.h"
#include "storage/calls.h"
#include "storage/database.h"
#include "storage/storagewriter.h"

#include <QAbstractItemModelTester>
#include <QMap>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Storage;
using namespace Burnrate::Models;
using namespace Qt::StringLiterals;
using Model::UsageEvent;

namespace {

constexpr qint64 kT0 = 1773964800LL * Time::kNanosPerSecond; // 2026-03-20T00:00:00Z
constexpr qint64 kDayNs = 86400 * Time::kNanosPerSecond;

// The sessions of the calls starting in [since, until), computed one call at a time.
QMap<QString, SessionRow> bruteForce(const QList<UsageEvent> &events, qint64 since, qint64 until)
{
    QMap<QString, SessionRow> expected;
    for (const UsageEvent &e : events) {
        if (e.startNs < since || e.startNs >= until || e.sessionId.isEmpty())
            continue;
        SessionRow &s = expected[e.sessionId];
        if (s.calls == 0) {
            s.sessionId = e.sessionId;
            s.firstNs = e.startNs;
            s.lastNs = e.endNs;
        }
        ++s.calls;
        s.tokens += e.inputTokens + e.outputTokens;
        s.costMicros += e.costMicros;
        s.firstNs = std::min(s.firstNs, e.startNs);
        s.lastNs = std::max(s.lastNs, e.endNs);
        if (!e.agentId.isEmpty() && !s.agents.contains(e.agentId))
            s.agents.append(e.agentId);
    }
    for (SessionRow &s : expected)
        std::sort(s.agents.begin(), s.agents.end());
    return expected;
}

// The sessions' ids, most expensive first (ties by id), at most `limit`.
QStringList topIds(const QMap<QString, SessionRow> &sessions, int limit)
{
    QList<SessionRow> rows = sessions.values();
    std::sort(rows.begin(), rows.end(), [](const SessionRow &a, const SessionRow &b) {
        return a.costMicros != b.costMicros ? a.costMicros > b.costMicros : a.sessionId < b.sessionId;
    });
    QStringList ids;
    for (const SessionRow &s : rows.first(std::min(qsizetype(limit), rows.size())))
        ids.append(s.sessionId);
    return ids;
}

QStringList idsOf(const QList<SessionRow> &rows)
{
    QStringList ids;
    for (const SessionRow &s : rows)
        ids.append(s.sessionId);
    return ids;
}

} // namespace

class TestSessionsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void matchesBruteForce();
    void matchesBruteForceAfterReattribution();
    void limitKeepsTheMostExpensive();
    void limitCutsTiesByIdWithoutTheNoSessionGroup();
    void modelSortsEveryColumn_data();
    void modelSortsEveryColumn();

private:
    QTemporaryDir m_dir;
    QList<UsageEvent> m_events;
    std::unique_ptr<Connection> m_reader;
};

void TestSessionsModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(u"burnrate.sqlite"_s);
    QRandomGenerator random(99);
    for (int i = 0; i < 2000; ++i) {
        UsageEvent e;
        e.source = u"test"_s;
        e.eventId = u"s:"_s + QString::number(i);
        e.startNs = kT0 + random.bounded(2 * 86400) * Time::kNanosPerSecond;
        e.endNs = e.startNs + random.bounded(1, 60) * Time::kNanosPerSecond;
        const int s = int(random.bounded(60));
        e.sessionId = s < 50 ? u"session-"_s + QString::number(s) : QString(); // some calls have none
        e.agentId = u"agent-"_s + QString::number(random.bounded(3));
        e.inputTokens = random.bounded(1000);
        e.outputTokens = random.bounded(100);
        e.costMicros = random.bounded(10'000);
        e.costSource = Model::CostSource::Computed;
        m_events.append(e);
    }
    StorageWriter writer(path);
    Error error;
    QVERIFY(writer.start(&error));
    bool done = false;
    writer.submit(m_events, this, [&](const WriteResult &r) {
        QVERIFY(!r.error);
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    writer.stop();
    m_reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
    QVERIFY(m_reader);
}

void TestSessionsModel::cleanupTestCase()
{
    m_reader.reset();
}

void TestSessionsModel::matchesBruteForce()
{
    // Whole days from rollup_session_day (every day of the data is before the stored end), whole hours from
    // rollup_attr's session rows, ragged edges from the events: random ranges, on and off the hour, within
    // a day and across days (every session has calls on both days), some with a limit below the count.
    QRandomGenerator random(7);
    int wholeDays = 0;
    for (int n = 0; n < 80; ++n) {
        const bool long_ = n >= 40;
        qint64 since = long_ ? kT0 - kDayNs / 2 + qint64(random.bounded(quint64(kDayNs)))
                             : kT0 - Time::kNanosPerHour + qint64(random.bounded(quint64(2 * kDayNs)));
        qint64 until = since + qint64(random.bounded(quint64(long_        ? 3 * kDayNs
                                                             : n % 4 == 0 ? Time::kNanosPerHour
                                                                          : kDayNs)));
        if (n % 3 == 0)
            since -= since % Time::kNanosPerHour;
        if (n % 5 == 0)
            until -= until % Time::kNanosPerHour;
        until = std::max(until, since);
        wholeDays += Time::floorDiv(until, kDayNs) > -Time::floorDiv(-since, kDayNs);
        const int limit = n % 2 ? 1 + int(random.bounded(50)) : 1000;
        const QMap<QString, SessionRow> expected = bruteForce(m_events, since, until);
        Error error;
        const auto rows = loadSessions(m_reader->database(), since, until, limit, &error);
        QVERIFY2(rows, qPrintable(error.message));
        QCOMPARE(idsOf(*rows), topIds(expected, limit));
        for (const SessionRow &got : *rows) {
            const SessionRow want = expected.value(got.sessionId);
            QCOMPARE(got.calls, want.calls);
            QCOMPARE(got.tokens, want.tokens);
            QCOMPARE(got.costMicros, want.costMicros);
            QCOMPARE(got.firstNs, want.firstNs);
            QCOMPARE(got.lastNs, want.lastNs);
            QCOMPARE(got.agents, want.agents);
        }
    }
    QVERIFY(wholeDays >= 15);
}

// Calls moved to another session or agent after they were stored (the writer's re-attribution): calls,
// tokens and cost follow them exactly; a session that lost calls may still span their times and name
// their agents (rollup_attr keeps first/last and agents as a widening set), every other one is exact.
void TestSessionsModel::matchesBruteForceAfterReattribution()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"moved.sqlite"_s);
    QList<UsageEvent> events = m_events;
    StorageWriter writer(path);
    Error error;
    QVERIFY2(writer.start(&error), qPrintable(error.message));
    int pending = 1;
    const auto done = [&](const WriteResult &r) {
        QVERIFY2(!r.error, qPrintable(r.error.message));
        --pending;
    };
    writer.submit(events, this, done);
    QTRY_COMPARE_WITH_TIMEOUT(pending, 0, 30000);
    QRandomGenerator random(11);
    QSet<QString> lostCalls; // sessions a call or an agent moved out of
    for (int round = 0; round < 2; ++round) {
        QList<Model::AttributionUpdate> updates;
        for (int u = 0; u < 200; ++u) {
            UsageEvent &e = events[random.bounded(events.size())];
            lostCalls.insert(e.sessionId);
            if (random.bounded(3) == 0)
                e.agentId = u"agent-"_s + QString::number(3 + random.bounded(2));
            else
                e.sessionId =
                    random.bounded(5) == 0 ? QString() : u"moved-"_s + QString::number(random.bounded(8));
            Model::AttributionUpdate update;
            update.eventId = e.eventId;
            update.startNs = e.startNs;
            update.agentId = e.agentId;
            update.sessionId = e.sessionId;
            updates.append(update);
        }
        ++pending;
        writer.submit({}, updates, this, done);
        QTRY_COMPARE_WITH_TIMEOUT(pending, 0, 30000);
    }
    writer.stop();
    const auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
    QVERIFY2(reader, qPrintable(error.message));

    for (int n = 0; n < 30; ++n) { // half of them over a whole day or two (rollup_session_day)
        const qint64 since = kT0 + qint64(random.bounded(quint64(kDayNs))) - (n % 2 ? kDayNs : 0);
        const qint64 until = since + qint64(random.bounded(quint64((n % 2 ? 3 : 1) * kDayNs)));
        const QMap<QString, SessionRow> expected = bruteForce(events, since, until);
        const auto rows = loadSessions(reader->database(), since, until, 1000, &error);
        QVERIFY2(rows, qPrintable(error.message));
        QCOMPARE(rows->size(), expected.size());
        for (const SessionRow &got : *rows) {
            QVERIFY2(expected.contains(got.sessionId), qPrintable(got.sessionId));
            const SessionRow want = expected.value(got.sessionId);
            QCOMPARE(got.calls, want.calls);
            QCOMPARE(got.tokens, want.tokens);
            QCOMPARE(got.costMicros, want.costMicros);
            if (lostCalls.contains(got.sessionId)) {
                QVERIFY(got.firstNs <= want.firstNs);
                QVERIFY(got.lastNs >= want.lastNs);
                for (const QString &agent : want.agents)
                    QVERIFY2(got.agents.contains(agent), qPrintable(got.sessionId + u' ' + agent));
            } else {
                QCOMPARE(got.firstNs, want.firstNs);
                QCOMPARE(got.lastNs, want.lastNs);
                QCOMPARE(got.agents, want.agents);
            }
        }
    }
}

void TestSessionsModel::limitKeepsTheMostExpensive()
{
    Error error;
    const auto all = loadSessions(m_reader->database(), kT0, kT0 + 2 * kDayNs, 1000, &error);
    const auto top = loadSessions(m_reader->database(), kT0, kT0 + 2 * kDayNs, 5, &error);
    QVERIFY(all && top);
    QCOMPARE(all->size(), 50);
    QCOMPARE(top->size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(top->at(i).sessionId, all->at(i).sessionId);
}

// Sessions of equal cost over two whole days (rollup_session_day) and an edge, and calls without a session
// that are the cheapest group: every limit keeps the most expensive, ties by id, and never more than asked.
void TestSessionsModel::limitCutsTiesByIdWithoutTheNoSessionGroup()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"ties.sqlite"_s);
    QList<UsageEvent> events;
    for (int i = 0; i < 60; ++i) {
        UsageEvent e;
        e.source = u"test"_s;
        e.eventId = u"t:"_s + QString::number(i);
        e.startNs = kT0 + (i % 3) * kDayNs / 2 + i * Time::kNanosPerSecond; // days 0 and 1, and day 1's noon
        e.endNs = e.startNs + Time::kNanosPerSecond;
        const int s = i % 12;
        e.sessionId = s < 10 ? u"tie-"_s + QString::number(s % 5 == 0 ? 0 : s) : QString();
        e.agentId = u"agent-"_s + QString::number(i % 2);
        e.costMicros = s < 10 ? 1000 : 1; // five sessions of equal cost, one twice as costly
        e.costSource = Model::CostSource::Computed;
        events.append(e);
    }
    StorageWriter writer(path);
    Error error;
    QVERIFY2(writer.start(&error), qPrintable(error.message));
    bool done = false;
    writer.submit(events, this, [&](const WriteResult &r) {
        QVERIFY(!r.error);
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    writer.stop();
    const auto reader = Connection::open(path, Connection::Mode::ReadOnly, &error);
    QVERIFY2(reader, qPrintable(error.message));
    for (const auto &[since, until] : {std::pair(kT0, kT0 + 2 * kDayNs), std::pair(kT0, kT0 + kDayNs + 1)}) {
        const QMap<QString, SessionRow> expected = bruteForce(events, since, until);
        QVERIFY(expected.size() >= 7);
        for (int limit = 1; limit <= 10; ++limit) {
            const auto rows = loadSessions(reader->database(), since, until, limit, &error);
            QVERIFY2(rows, qPrintable(error.message));
            QCOMPARE(idsOf(*rows), topIds(expected, limit));
        }
    }
}

void TestSessionsModel::modelSortsEveryColumn_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    for (int c = 0; c < SessionsModel::ColumnCount; ++c) {
        QTest::addRow("column %d ascending", c) << c << int(Qt::AscendingOrder);
        QTest::addRow("column %d descending", c) << c << int(Qt::DescendingOrder);
    }
}

void TestSessionsModel::modelSortsEveryColumn()
{
    QFETCH(int, column);
    QFETCH(int, order);
    Error error;
    const auto rows = loadSessions(m_reader->database(), kT0, kT0 + 2 * kDayNs, 1000, &error);
    QVERIFY(rows);
    SessionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows(*rows);
    QCOMPARE(model.rowCount(), 50);
    const QPersistentModelIndex tracked = model.index(7, SessionsModel::SessionColumn);
    const QString trackedId = tracked.data().toString();
    model.sort(column, Qt::SortOrder(order));
    QCOMPARE(tracked.data().toString(), trackedId); // persistent indexes follow their rows
    for (int r = 1; r < model.rowCount(); ++r) {
        const QVariant a = model.index(r - 1, column).data(SessionsModel::SortRole);
        const QVariant b = model.index(r, column).data(SessionsModel::SortRole);
        const QPartialOrdering c = QVariant::compare(a, b);
        if (order == Qt::AscendingOrder)
            QVERIFY(c != QPartialOrdering::Greater);
        else
            QVERIFY(c != QPartialOrdering::Less);
    }
    const QModelIndex first = model.index(0, SessionsModel::CostColumn);
    QVERIFY(!first.data().toString().isEmpty());
    QCOMPARE(model.index(0, SessionsModel::DurationColumn).data(SessionsModel::SortRole).toLongLong(),
             model.session(0).lastNs - model.session(0).firstNs);
}

QTEST_GUILESS_MAIN(TestSessionsModel)
#include "tst_sessionsmodel.moc"
