// SpendIndex against the full computation it replaces: on random events stored through the real writer,
// every budget's spend and projection from the index equals budgetStatuses() over the database, and any
// range's spend per value equals a query over the raw events, as time moves on (within an hour and across
// hours) and as events arrive in the current hour, late into past hours, stamped in the future, and are
// re-attributed or cleared.
#include "budgets/budgetstatus.h"
#include "budgets/spendindex.h"
#include "common/timeutil.h"
#include "storage/database.h"
#include "storage/eventkey.h"
#include "storage/storagewriter.h"

#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Budgets;

namespace {

constexpr qint64 kHour = Time::kNanosPerHour;
// 2026-03-20 09:17:23.5 UTC: a week before the EU's DST change, so month and week periods in Berlin cross it.
const qint64 kStart = Time::toNs(QDateTime(QDate(2026, 3, 20), QTime(9, 17, 23, 500), QTimeZone::utc()));

QString pick(QRandomGenerator &random, const QString &prefix, int choices)
{
    const int n = int(random.bounded(choices + 1));
    return n == choices ? QString() : prefix + QString::number(n); // some calls name nothing
}

} // namespace

class TestSpendIndex : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void equalsTheFullComputation();

private:
    void store(Storage::WriteBatch batch);
    QList<Model::UsageEvent> randomEvents(int count, qint64 fromNs, qint64 toNs);
    void compare(SpendIndex &index, const QList<Budget> &budgets, qint64 nowNs);

    QRandomGenerator m_random{20261206};
    qint64 m_nextId = 0;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage::StorageWriter> m_writer;
    std::unique_ptr<Storage::Connection> m_reader;
};

void TestSpendIndex::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString path = m_dir->filePath(QStringLiteral("burnrate.sqlite"));
    m_writer = std::make_unique<Storage::StorageWriter>(path);
    Error error;
    QVERIFY2(m_writer->start(&error), qPrintable(error.message));
    m_reader = Storage::Connection::open(path, Storage::Connection::Mode::ReadOnly, &error);
    QVERIFY2(m_reader, qPrintable(error.message));
}

void TestSpendIndex::cleanup()
{
    m_reader.reset();
    m_writer.reset();
    m_dir.reset();
}

void TestSpendIndex::store(Storage::WriteBatch batch)
{
    bool done = false;
    m_writer->submit(std::move(batch), this, [&done](const Storage::WriteResult &r) {
        QVERIFY2(!r.error, qPrintable(r.error.message));
        done = true;
    });
    QTRY_VERIFY(done);
}

QList<Model::UsageEvent> TestSpendIndex::randomEvents(int count, qint64 fromNs, qint64 toNs)
{
    QList<Model::UsageEvent> events;
    for (int i = 0; i < count; ++i) {
        Model::UsageEvent e;
        e.eventId = QStringLiteral("test:%1").arg(++m_nextId);
        e.source = m_random.bounded(4) == 0 ? QStringLiteral("demo") : QStringLiteral("test");
        e.startNs = fromNs + qint64(m_random.bounded(double(toNs - fromNs)));
        e.endNs = e.startNs + Time::kNanosPerSecond;
        e.provider = pick(m_random, QStringLiteral("provider-"), 3);
        e.model = pick(m_random, QStringLiteral("model-"), 5);
        e.feature = pick(m_random, QStringLiteral("feature-"), 4);
        e.agentId = pick(m_random, QStringLiteral("agent-"), 6);
        e.userId = pick(m_random, QStringLiteral("user-"), 3);
        e.costMicros = m_random.bounded(3) == 0 ? 0 : m_random.bounded(2'000'000);
        e.costSource = e.costMicros ? Model::CostSource::Computed : Model::CostSource::Unpriced;
        events.append(e);
    }
    return events;
}

void TestSpendIndex::compare(SpendIndex &index, const QList<Budget> &budgets, qint64 nowNs)
{
    Error error;
    QVERIFY2(index.refresh(&error), qPrintable(error.message));
    const QSqlDatabase db = m_reader->database();
    const auto expected = budgetStatuses(db, budgets, nowNs, &error);
    QVERIFY2(expected, qPrintable(error.message));
    const auto actual = budgetStatuses(index, budgets, nowNs, &error);
    QVERIFY2(actual, qPrintable(error.message));
    for (qsizetype i = 0; i < budgets.size(); ++i) {
        const QString what =
            QStringLiteral("budget %1 (%2, %3, %4) at %5")
                .arg(budgets.at(i).name, scopeText(budgets.at(i).scope), periodName(budgets.at(i).period),
                     QString::fromUtf8(budgets.at(i).zone.id()), Time::toIsoUtc(nowNs));
        QVERIFY2(actual->at(i).bounds == expected->at(i).bounds, qPrintable(what));
        QVERIFY2(actual->at(i).spentMicros == expected->at(i).spentMicros,
                 qPrintable(what + QStringLiteral(": %1 != %2")
                                       .arg(actual->at(i).spentMicros)
                                       .arg(expected->at(i).spentMicros)));
        QVERIFY2(actual->at(i).projection == expected->at(i).projection, qPrintable(what));
    }
    // Ranges with arbitrary edges (the anomaly window among them), per value, against the raw events.
    const QList<std::pair<qint64, qint64>> ranges = {
        {nowNs - kHour, nowNs},
        {nowNs - 3 * kHour - 12'345, nowNs + 2 * kHour},
        {nowNs - 26 * kHour, nowNs - 25 * kHour + 17},
        {nowNs - 7 * 24 * kHour, nowNs},
    };
    const char *columns[] = {"provider", "model", "feature", "agent_id", "user_id"};
    static_assert(std::size(columns) == SpendIndex::DimCount);
    for (const auto &[from, to] : ranges) {
        const auto spend = index.spend(from, to, &error);
        QVERIFY2(spend, qPrintable(error.message));
        QSqlQuery total(db);
        total.prepare(QStringLiteral("SELECT coalesce(sum(cost_micros), 0) FROM usage_events "
                                     "WHERE ts_start_ns >= ? AND ts_start_ns < ?"));
        total.addBindValue(from);
        total.addBindValue(to);
        QVERIFY(total.exec() && total.next());
        QCOMPARE(spend->total(), total.value(0).toLongLong());
        for (int d = 0; d < SpendIndex::DimCount; ++d) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT coalesce(%1, ''), sum(cost_micros) FROM usage_events "
                                     "WHERE ts_start_ns >= ? AND ts_start_ns < ? GROUP BY 1")
                          .arg(QLatin1StringView(columns[d])));
            q.addBindValue(from);
            q.addBindValue(to);
            QVERIFY(q.exec());
            QHash<QString, qint64> want;
            while (q.next())
                want.insert(q.value(0).toString(), q.value(1).toLongLong());
            QHash<QString, qint64> got = spend->values(SpendIndex::Dim(d));
            got.removeIf([&](const auto &it) { return it.value() == 0 && !want.contains(it.key()); });
            want.removeIf([&](const auto &it) { return it.value() == 0 && !got.contains(it.key()); });
            QCOMPARE(got, want);
        }
    }
    index.sweep();
}

void TestSpendIndex::equalsTheFullComputation()
{
    // 40 days of history, then an index that follows the writer as the monitor's does.
    store({randomEvents(6000, kStart - 40 * 24 * kHour, kStart), {}, {}, {}});
    SpendIndex index(m_reader->database());
    connect(m_writer.get(), &Storage::StorageWriter::eventsStored, this,
            [&](qint64 first, qint64 last) { index.hoursChanged(first, last); });
    connect(m_writer.get(), &Storage::StorageWriter::eventsRewritten, this,
            [&](qint64 first, qint64 last) { index.eventsRewritten(first, last); });

    QList<Budget> budgets;
    const QList<QTimeZone> zones = {QTimeZone::utc(), QTimeZone("Europe/Berlin"), QTimeZone("Asia/Kolkata"),
                                    QTimeZone("America/New_York")};
    const QList<Scope> scopes = {{Dimension::All, {}},
                                 {Dimension::Provider, QStringLiteral("provider-1")},
                                 {Dimension::Model, QStringLiteral("model-2")},
                                 {Dimension::Feature, QStringLiteral("feature-0")},
                                 {Dimension::Agent, QStringLiteral("agent-3")},
                                 {Dimension::Agent, QStringLiteral("agent-nobody")},
                                 {Dimension::User, QStringLiteral("user-1")},
                                 {Dimension::User, QStringLiteral("user-2")},
                                 {Dimension::User, QStringLiteral("user-nobody")}};
    for (const Period period : {Period::Day, Period::Week, Period::Month}) {
        for (const QTimeZone &zone : zones) {
            for (const Scope &scope : scopes) {
                Budget b;
                b.name = QStringLiteral("b%1").arg(budgets.size());
                b.period = period;
                b.zone = zone;
                b.scope = scope;
                b.limitMicros = 50'000'000;
                budgets.append(b);
            }
        }
    }

    qint64 now = kStart;
    for (int step = 0; step < 40; ++step) {
        compare(index, budgets, now);
        if (QTest::currentTestFailed())
            return;
        // Time moves on: mostly seconds to minutes, sometimes across hours, once across days.
        const qint64 advance = step == 20 ? 30 * kHour
                               : step % 7 == 0
                                   ? kHour + qint64(m_random.bounded(3600)) * Time::kNanosPerSecond
                                   : qint64(m_random.bounded(600)) * Time::kNanosPerSecond + 123;
        now += advance;
        Storage::WriteBatch batch;
        batch.events = randomEvents(60, now - 2 * 60 * Time::kNanosPerSecond, now); // just now
        batch.events += randomEvents(10, now - 8 * kHour, now - 2 * kHour);         // late
        batch.events += randomEvents(3, now, now + 2 * kHour);                      // clock ahead
        if (step % 5 == 4) {
            // Re-attribute some stored events (a late ancestor span), moving their spend between values.
            QSqlQuery q(m_reader->database());
            q.prepare(QStringLiteral("SELECT ") + QLatin1String(Storage::kEventIdSql) +
                      QStringLiteral(" AS full_id, ts_start_ns FROM usage_events WHERE ts_start_ns >= ? "
                                     "ORDER BY full_id LIMIT 30"));
            q.addBindValue(now - 4 * kHour);
            QVERIFY(q.exec());
            while (q.next()) {
                Model::AttributionUpdate u;
                u.eventId = q.value(0).toString();
                u.startNs = q.value(1).toLongLong();
                u.agentId = pick(m_random, QStringLiteral("agent-"), 6);
                u.feature = pick(m_random, QStringLiteral("feature-"), 4);
                u.userId = pick(m_random, QStringLiteral("user-"), 3);
                batch.updates.append(u);
            }
        }
        store(batch);
        if (step == 30) {
            bool cleared = false;
            m_writer->clearSource(QStringLiteral("demo"), this, [&](const Storage::WriteResult &r) {
                QVERIFY(!r.error);
                cleared = true;
            });
            QTRY_VERIFY(cleared);
        }
        QCoreApplication::processEvents(); // the writer's signals, queued to this thread
    }
}

QTEST_GUILESS_MAIN(TestSpendIndex)
#include "tst_spendindex.moc"
