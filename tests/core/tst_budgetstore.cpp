// BudgetStore: budgets, tier state, alerts and anomaly memory in SQLite; clear errors for a read-only or
// locked database.
#include "budgets/budgetstore.h"
#include "storage/database.h"

#include <QFile>
#include <QJsonArray>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Budgets;

class TestBudgetStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void addListRemove();
    void duplicateAndInvalid();
    void stateRoundTrip();
    void alertsFilterAndAcknowledge();
    void anomalyStateRoundTrip();
    void readOnlyAndLocked();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("b.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

Budget daily(const QString &name, qint64 limitMicros)
{
    Budget b;
    b.name = name;
    b.period = Period::Day;
    b.zone = QTimeZone(QByteArrayLiteral("Europe/Berlin"));
    b.limitMicros = limitMicros;
    return b;
}

} // namespace

void TestBudgetStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestBudgetStore::addListRemove()
{
    Error error;
    auto store = BudgetStore::open(dbPath(), false, &error);
    QVERIFY2(store, qPrintable(error.message));
    Budget b = daily(QStringLiteral("team"), 25'000'000);
    b.scope = {Dimension::Agent, QStringLiteral("research-agent")};
    b.tiers = {{50, TierAction::Notify}, {90, TierAction::Notify}, {150, TierAction::Escalate}};
    b.forecastAlert = true;
    b.webhookUrl = QStringLiteral("https://hooks.example.com/services/T/B/secret");
    QVERIFY2(store->addBudget(b, 1, &error), qPrintable(error.message));
    QVERIFY(b.id > 0);
    Budget all = daily(QStringLiteral("all-spend"), 100'000'000);
    QVERIFY2(store->addBudget(all, 2, &error), qPrintable(error.message));

    const auto budgets = store->budgets(&error);
    QVERIFY(budgets);
    QCOMPARE(budgets->size(), 2);
    const Budget &read = budgets->at(1); // ordered by name
    QCOMPARE(read.name, u"team");
    QCOMPARE(read.id, b.id);
    QCOMPARE(read.scope, b.scope);
    QCOMPARE(read.period, Period::Day);
    QCOMPARE(read.zone.id(), QByteArrayLiteral("Europe/Berlin"));
    QCOMPARE(read.limitMicros, 25'000'000);
    QCOMPARE(tiersText(read.tiers), u"50,90,150");
    QCOMPARE(read.tiers.constLast().action, TierAction::Escalate);
    QVERIFY(read.forecastAlert);
    QCOMPARE(read.webhookUrl, b.webhookUrl);
    QCOMPARE(read.killAction, KillAction::None);
    QCOMPARE(budgets->at(0).scope.dimension, Dimension::All);

    // An edit stores every field, the kill action included.
    Budget edited = read;
    edited.killAction = KillAction::Enforce;
    edited.limitMicros = 30'000'000;
    QVERIFY2(store->updateBudget(edited, &error), qPrintable(error.message));
    QCOMPARE(store->budgets(&error)->at(1).killAction, KillAction::Enforce);
    QCOMPARE(store->budgets(&error)->at(1).limitMicros, 30'000'000);
    edited.killAction = KillAction::Observe;
    QVERIFY2(store->updateBudget(edited, &error), qPrintable(error.message));
    QCOMPARE(store->budgets(&error)->at(1).killAction, KillAction::Observe);

    QVERIFY2(store->removeBudget(QStringLiteral("team"), &error), qPrintable(error.message));
    QCOMPARE(store->budgets(&error)->size(), 1);
    QVERIFY(!store->removeBudget(QStringLiteral("team"), &error));
    QCOMPARE(error.code, Error::Code::NotFound);
    QVERIFY(error.message.contains(u"team"));
}

void TestBudgetStore::duplicateAndInvalid()
{
    Error error;
    auto store = BudgetStore::open(dbPath(), false, &error);
    QVERIFY(store);
    Budget b = daily(QStringLiteral("dup"), 1'000'000);
    QVERIFY(store->addBudget(b, 1, &error));
    Budget again = daily(QStringLiteral("dup"), 2'000'000);
    QVERIFY(!store->addBudget(again, 1, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QVERIFY2(error.message.contains(u"exists already"), qPrintable(error.message));
    Budget bad = daily(QStringLiteral("bad"), 0);
    QVERIFY(!store->addBudget(bad, 1, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QCOMPARE(store->budgets(&error)->size(), 1);
}

void TestBudgetStore::stateRoundTrip()
{
    Error error;
    auto store = BudgetStore::open(dbPath(), false, &error);
    QVERIFY(store);
    Budget b = daily(QStringLiteral("s"), 10'000'000);
    QVERIFY(store->addBudget(b, 1, &error));
    QCOMPARE(*store->state(b.id, &error), TierState()); // none saved yet

    const qint64 now = 1'764'000'000'000'000'000;
    const Evaluation e = evaluate(b, TierState(), 7'000'000, now);
    QCOMPARE(e.events.constLast().kind, BudgetEvent::Kind::TierCrossed);
    Alert alert;
    alert.budgetId = b.id;
    alert.budgetName = b.name;
    alert.tier = 70;
    alert.firedAtNs = now;
    QList<Alert> alerts{alert};
    QVERIFY2(store->commitEvaluation(b.id, e.state, alerts, &error), qPrintable(error.message));
    QVERIFY(alerts.constFirst().id > 0);
    store.reset();

    store = BudgetStore::open(dbPath(), false, &error);
    QCOMPARE(*store->state(b.id, &error), e.state);
    // Acknowledging the alert acknowledges its tier in the budget's state.
    QVERIFY(needsAttention(e.state));
    QVERIFY2(store->acknowledgeAlert(alerts.constFirst().id, &error), qPrintable(error.message));
    QVERIFY(!needsAttention(*store->state(b.id, &error)));
    QVERIFY(store->alerts(0, std::nullopt, &error)->constFirst().acknowledged);
    QVERIFY(!store->acknowledgeAlert(999, &error));
    QCOMPARE(error.code, Error::Code::NotFound);

    // Removing the budget drops its state and keeps its alerts, by name.
    QVERIFY(store->removeBudget(b.name, &error));
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM budget_state")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    const auto kept = store->alerts(0, std::nullopt, &error);
    QCOMPARE(kept->size(), 1);
    QCOMPARE(kept->constFirst().budgetId, 0);
    QCOMPARE(kept->constFirst().budgetName, u"s");
}

void TestBudgetStore::alertsFilterAndAcknowledge()
{
    Error error;
    auto store = BudgetStore::open(dbPath(), false, &error);
    QVERIFY(store);
    QList<Alert> alerts;
    for (int i = 0; i < 4; ++i) {
        Alert a;
        a.kind = i % 2 ? Alert::Kind::Anomaly : Alert::Kind::Budget;
        a.scope = QStringLiteral("agent=a%1").arg(i);
        a.valueMicros = 1'000'000 * (i + 1);
        a.limitMicros = 3'000'000;
        a.firedAtNs = 1'000 * (i + 1);
        a.message = QStringLiteral("m%1").arg(i);
        a.detail = {{QStringLiteral("trace_ids"), QJsonArray{QStringLiteral("abc")}}};
        alerts << a;
    }
    QVERIFY(store->appendAlerts(alerts, &error));
    QCOMPARE(store->alerts(0, std::nullopt, &error)->size(), 4);
    const auto recent = store->alerts(2'000, std::nullopt, &error);
    QCOMPARE(recent->size(), 3);
    QCOMPARE(recent->constFirst().firedAtNs, 2'000);
    const auto anomalies = store->alerts(0, Alert::Kind::Anomaly, &error);
    QCOMPARE(anomalies->size(), 2);
    QCOMPARE(anomalies->constFirst().scope, u"agent=a1");
    QCOMPARE(anomalies->constFirst().detail.value(QLatin1StringView("trace_ids")).toArray().size(), 1);
    QCOMPARE(anomalies->constFirst().budgetId, 0);
    QVERIFY(store->acknowledgeAlert(anomalies->constFirst().id, &error));
    QVERIFY(store->alerts(0, Alert::Kind::Anomaly, &error)->constFirst().acknowledged);
    QVERIFY(!store->alerts(0, Alert::Kind::Anomaly, &error)->constLast().acknowledged);
}

void TestBudgetStore::anomalyStateRoundTrip()
{
    Error error;
    auto store = BudgetStore::open(dbPath(), false, &error);
    QVERIFY(store);
    Anomaly::RollingDetector::ScopeState s;
    s.alarmed = true;
    s.anomalousHours = {1'764'000'000'000'000'000, 1'764'003'600'000'000'000};
    QList<Alert> none;
    QVERIFY(store->commitAnomalies({{QStringLiteral("agent=x"), s}}, none, &error));
    s.alarmed = false;
    QVERIFY(store->commitAnomalies({{QStringLiteral("all"), s}}, none, &error));
    const auto states = store->anomalyStates(&error);
    QCOMPARE(states->size(), 2);
    QVERIFY(states->value(QStringLiteral("agent=x")).alarmed);
    QCOMPARE(states->value(QStringLiteral("agent=x")).anomalousHours, s.anomalousHours);
    QCOMPARE(states->value(QStringLiteral("all")), s);
}

void TestBudgetStore::readOnlyAndLocked()
{
    Error error;
    {
        auto store = BudgetStore::open(dbPath(), false, &error);
        QVERIFY(store);
        Budget b = daily(QStringLiteral("x"), 1'000'000);
        QVERIFY(store->addBudget(b, 1, &error));
    }
    // A read-only store lists, and its writes fail with a ReadOnly error.
    auto reader = BudgetStore::open(dbPath(), true, &error);
    QVERIFY2(reader, qPrintable(error.message));
    QCOMPARE(reader->budgets(&error)->size(), 1);
    Budget b = daily(QStringLiteral("y"), 1'000'000);
    QVERIFY(!reader->addBudget(b, 1, &error));
    QCOMPARE(error.code, Error::Code::ReadOnly);
    QVERIFY2(error.message.contains(dbPath()), qPrintable(error.message));
    reader.reset();

    // Another connection holds the write lock: the store reports Busy after its busy timeout.
    auto store = BudgetStore::open(dbPath(), false, &error);
    QVERIFY(store);
    auto other = Storage::Connection::open(dbPath(), Storage::Connection::Mode::ReadWrite, &error);
    QVERIFY(other);
    QSqlQuery lock(other->database());
    QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));
    QSqlQuery fast(store->database());
    QVERIFY(fast.exec(QStringLiteral("PRAGMA busy_timeout = 100")));
    QList<Alert> alerts{Alert()};
    QVERIFY(!store->appendAlerts(alerts, &error));
    QCOMPARE(error.code, Error::Code::Busy);
    QVERIFY2(error.message.contains(u"locked by another program"), qPrintable(error.message));
    QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
    QVERIFY2(store->appendAlerts(alerts, &error), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestBudgetStore)
#include "tst_budgetstore.moc"
