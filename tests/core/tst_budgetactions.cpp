// The Budgets screen's store actions (updateBudget, acknowledgeBudget, snoozeBudget) and attention(), the
// tray's level, against a real database: budgets evaluated by a BudgetMonitor over events written by the
// StorageWriter, with an injected clock.
#include "budgets/attention.h"
#include "budgets/budgetmonitor.h"
#include "common/timeutil.h"
#include "storage/storagewriter.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Budgets;
using namespace Qt::StringLiterals;

namespace {

const qint64 kNow = Time::toNs(QDateTime(QDate(2026, 11, 20), QTime(12, 30), QTimeZone::utc()));
constexpr qint64 kMinute = 60 * Time::kNanosPerSecond;

Model::UsageEvent usage(qint64 startNs, qint64 costMicros)
{
    static int counter = 0;
    Model::UsageEvent e;
    e.eventId = u"test:%1"_s.arg(++counter);
    e.source = u"test"_s;
    e.startNs = startNs;
    e.endNs = startNs + 1;
    e.provider = u"openai"_s;
    e.model = u"gpt-4o"_s;
    e.agentId = u"writer"_s;
    e.costMicros = costMicros;
    e.costSource = Model::CostSource::Computed;
    return e;
}

} // namespace

class TestBudgetActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void updateBudgetKeepsIdAndChecksName();
    void attentionFollowsTiersAcknowledgeAndSnooze();
    void attentionForAnomalyAndLoop();

private:
    void store(const QList<Model::UsageEvent> &events);
    Budget addBudget(const QString &name, qint64 limitMicros);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage::StorageWriter> m_writer;
    std::unique_ptr<BudgetMonitor> m_monitor;
    qint64 m_now = kNow;
};

void TestBudgetActions::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString path = m_dir->filePath(u"burnrate.sqlite"_s);
    m_writer = std::make_unique<Storage::StorageWriter>(path);
    Error error;
    QVERIFY2(m_writer->start(&error), qPrintable(error.message));
    BudgetMonitor::Options options;
    options.databasePath = path;
    m_now = kNow;
    options.clock = [this] { return m_now; };
    options.interval = std::chrono::hours(1);
    m_monitor = std::make_unique<BudgetMonitor>(options);
    QVERIFY2(m_monitor->start(&error), qPrintable(error.message));
    m_monitor->watch(m_writer.get()); // its spend index learns of commits from the writer, as in the app
}

void TestBudgetActions::cleanup()
{
    m_monitor.reset();
    m_writer.reset();
    m_dir.reset();
}

void TestBudgetActions::store(const QList<Model::UsageEvent> &events)
{
    bool done = false;
    m_writer->submit(events, this, [&done](const Storage::WriteResult &r) {
        QVERIFY2(!r.error, qPrintable(r.error.message));
        done = true;
    });
    QTRY_VERIFY(done);
}

Budget TestBudgetActions::addBudget(const QString &name, qint64 limitMicros)
{
    Budget b;
    b.name = name;
    b.period = Period::Day;
    b.zone = QTimeZone::utc();
    b.limitMicros = limitMicros;
    Error error;
    if (!m_monitor->store()->addBudget(b, m_now, &error))
        qWarning() << error.message;
    return b;
}

void TestBudgetActions::updateBudgetKeepsIdAndChecksName()
{
    BudgetStore *s = m_monitor->store();
    Budget a = addBudget(u"a"_s, 10'000'000);
    addBudget(u"b"_s, 20'000'000);
    a.limitMicros = 15'000'000;
    a.tiers = {{50, TierAction::Notify}, {100, TierAction::Critical}};
    a.scope = {Dimension::Agent, u"writer"_s};
    a.webhookUrl = u"https://hooks.example/x"_s;
    Error error;
    QVERIFY2(s->updateBudget(a, &error), qPrintable(error.message));
    auto budgets = s->budgets(&error);
    QVERIFY(budgets);
    QCOMPARE(budgets->size(), 2);
    QCOMPARE(budgets->at(0).id, a.id);
    QCOMPARE(budgets->at(0).limitMicros, 15'000'000);
    QCOMPARE(budgets->at(0).tiers, a.tiers);
    QCOMPARE(budgets->at(0).scope, a.scope);
    QCOMPARE(budgets->at(0).webhookUrl, a.webhookUrl);

    // Renamed to another budget's name: refused, nothing changed.
    Budget clash = a;
    clash.name = u"b"_s;
    QVERIFY(!s->updateBudget(clash, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QVERIFY2(error.message.contains(u"'b'"_s), qPrintable(error.message));
    // Invalid: refused with the validation's message.
    Budget zero = a;
    zero.limitMicros = 0;
    QVERIFY(!s->updateBudget(zero, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    // Gone meanwhile.
    Budget gone = a;
    gone.id = 999;
    gone.name = u"gone"_s;
    QVERIFY(!s->updateBudget(gone, &error));
    QCOMPARE(error.code, Error::Code::NotFound);
    budgets = s->budgets(&error);
    QCOMPARE(budgets->at(0).name, u"a"_s);
    QCOMPARE(budgets->at(1).name, u"b"_s);
}

void TestBudgetActions::attentionFollowsTiersAcknowledgeAndSnooze()
{
    BudgetStore *s = m_monitor->store();
    Error error;
    QCOMPARE(attention(*s, m_now, &error), Attention::None);
    const Budget daily = addBudget(u"daily"_s, 10'000'000);
    QSignalSpy raised(m_monitor.get(), &BudgetMonitor::alertRaised);

    store({usage(m_now - 30 * kMinute, 7'500'000)});
    m_monitor->evaluate();
    QCOMPARE(raised.count(), 1);
    QCOMPARE(attention(*s, m_now, &error), Attention::Warning);

    store({usage(m_now - 20 * kMinute, 3'000'000)}); // 105 %
    m_monitor->evaluate();
    QCOMPARE(raised.count(), 2);
    QCOMPARE(attention(*s, m_now, &error), Attention::Critical);

    // Acknowledging the budget acknowledges its tiers and its alerts in the history.
    QVERIFY2(s->acknowledgeBudget(daily.id, &error), qPrintable(error.message));
    QCOMPARE(attention(*s, m_now, &error), Attention::None);
    const auto alerts = s->alerts(0, std::nullopt, &error);
    QVERIFY(alerts);
    QCOMPARE(alerts->size(), 2);
    QVERIFY(std::all_of(alerts->cbegin(), alerts->cend(), [](const Alert &a) { return a.acknowledged; }));

    // 120 % while snoozed: recorded, not announced, and the tray stays calm until the snooze ends.
    QVERIFY2(s->snoozeBudget(daily.id, m_now + Time::kNanosPerHour, &error), qPrintable(error.message));
    QVERIFY(isSnoozed(*s->state(daily.id, &error), m_now));
    store({usage(m_now - 10 * kMinute, 2'000'000)});
    m_monitor->evaluate();
    QCOMPARE(raised.count(), 2);
    QCOMPARE(s->alerts(0, std::nullopt, &error)->size(), 3);
    QCOMPARE(attention(*s, m_now, &error), Attention::None);
    QCOMPARE(attention(*s, m_now + 2 * Time::kNanosPerHour, &error), Attention::Critical);
    // Ending the snooze early.
    QVERIFY(s->snoozeBudget(daily.id, 0, &error));
    QVERIFY(!isSnoozed(*s->state(daily.id, &error), m_now));
    QCOMPARE(attention(*s, m_now, &error), Attention::Critical);

    // The next day: a new period, nothing fired yet.
    QCOMPARE(attention(*s, m_now + 24 * Time::kNanosPerHour, &error), Attention::None);
}

void TestBudgetActions::attentionForAnomalyAndLoop()
{
    BudgetStore *s = m_monitor->store();
    Error error;
    Alert anomaly;
    anomaly.kind = Alert::Kind::Anomaly;
    anomaly.scope = u"agent=writer"_s;
    anomaly.firedAtNs = m_now - 10 * kMinute;
    QList<Alert> alerts{anomaly};
    Anomaly::RollingDetector::ScopeState alarmed;
    alarmed.alarmed = true;
    QVERIFY(s->commitAnomalies({{u"agent=writer"_s, alarmed}}, alerts, &error));
    QCOMPARE(attention(*s, m_now, &error), Attention::Critical);
    // Recovered: the detector's memory says so.
    QList<Alert> none;
    QVERIFY(s->commitAnomalies({{u"agent=writer"_s, Anomaly::RollingDetector::ScopeState{}}}, none, &error));
    QCOMPARE(attention(*s, m_now, &error), Attention::None);

    // A loop alarm counts for an hour unless acknowledged.
    Alert loop;
    loop.kind = Alert::Kind::Loop;
    loop.scope = u"agent=writer"_s;
    loop.firedAtNs = m_now - 10 * kMinute;
    QList<Alert> loops{loop};
    QVERIFY(s->appendAlerts(loops, &error));
    QCOMPARE(attention(*s, m_now, &error), Attention::Critical);
    QCOMPARE(attention(*s, m_now + Time::kNanosPerHour, &error), Attention::None);
    QVERIFY(s->acknowledgeAlert(loops.at(0).id, &error));
    QCOMPARE(attention(*s, m_now, &error), Attention::None);
}

QTEST_GUILESS_MAIN(TestBudgetActions)
#include "tst_budgetactions.moc"
