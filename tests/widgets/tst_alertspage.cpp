// The Alerts screen against a real database: alerts appear as the BudgetMonitor raises them for spend
// written by the StorageWriter, the filters narrow the history, the detail pane explains the selected
// alert, and acknowledgements are stored (read back through a separate connection).
#include "alertspage.h"
#include "budgets/budgetmonitor.h"
#include "common/timeutil.h"
#include "models/alertmodel.h"
#include "storage/storagewriter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Widgets;
using namespace Qt::StringLiterals;
using Budgets::Alert;
using Models::AlertModel;

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

template<typename T> T *child(QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qWarning() << "no child" << name;
    return found;
}

} // namespace

class TestAlertsPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void emptyStateExplains();
    void alertsAppearLiveAndFilter();
    void acknowledgePersists();

private:
    void store(const QList<Model::UsageEvent> &events);
    void addBudget(qint64 limitMicros);
    QString dbPath() const { return m_dir->filePath(u"burnrate.sqlite"_s); }
    int shown() const { return m_page->filter()->rowCount(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage::StorageWriter> m_writer;
    std::unique_ptr<Budgets::BudgetMonitor> m_monitor;
    std::unique_ptr<AlertsPage> m_page;
    qint64 m_now = kNow;
};

void TestAlertsPage::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestAlertsPage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_writer = std::make_unique<Storage::StorageWriter>(dbPath());
    Error error;
    QVERIFY2(m_writer->start(&error), qPrintable(error.message));
    Budgets::BudgetMonitor::Options options;
    options.databasePath = dbPath();
    m_now = kNow;
    options.clock = [this] { return m_now; };
    options.coalesce = std::chrono::milliseconds(50);
    options.interval = std::chrono::hours(1);
    m_monitor = std::make_unique<Budgets::BudgetMonitor>(options);
    QVERIFY2(m_monitor->start(&error), qPrintable(error.message));
    m_monitor->watch(m_writer.get());
    m_page = std::make_unique<AlertsPage>();
    m_page->setClock([this] { return m_now; });
    m_page->setMonitor(m_monitor.get());
    m_page->resize(1200, 700);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestAlertsPage::cleanup()
{
    m_page.reset();
    m_monitor.reset();
    m_writer.reset();
    m_dir.reset();
}

void TestAlertsPage::store(const QList<Model::UsageEvent> &events)
{
    bool done = false;
    m_writer->submit(events, this, [&done](const Storage::WriteResult &r) {
        QVERIFY2(!r.error, qPrintable(r.error.message));
        done = true;
    });
    QTRY_VERIFY(done);
}

void TestAlertsPage::addBudget(qint64 limitMicros)
{
    Budgets::Budget b;
    b.name = u"daily"_s;
    b.period = Budgets::Period::Day;
    b.zone = QTimeZone::utc();
    b.limitMicros = limitMicros;
    Error error;
    QVERIFY2(m_monitor->store()->addBudget(b, m_now, &error), qPrintable(error.message));
}

void TestAlertsPage::emptyStateExplains()
{
    QCOMPARE(child<QStackedWidget>(m_page.get(), u"alertsStack"_s)->currentWidget()->objectName(),
             u"alertsEmpty"_s);
    const QString text = child<QLabel>(m_page.get(), u"emptyText"_s)->text();
    QVERIFY2(text.contains(u"70, 100 and 120 %"_s) && text.contains(u"loop"_s) && text.contains(u"anomaly"_s),
             qPrintable(text));
    m_page->setMonitor(nullptr);
    QVERIFY(child<QLabel>(m_page.get(), u"emptyText"_s)->text().startsWith(u"Alerts are unavailable"_s));
}

void TestAlertsPage::alertsAppearLiveAndFilter()
{
    addBudget(10'000'000);
    store({usage(m_now - 30 * kMinute, 7'500'000)});
    QTRY_COMPARE(m_page->model()->rowCount(), 1);
    QCOMPARE(child<QStackedWidget>(m_page.get(), u"alertsStack"_s)->currentWidget()->objectName(),
             u"alertsTable"_s);
    store({usage(m_now - 20 * kMinute, 5'000'000)}); // 125 %: 100 and 120 in one evaluation
    QTRY_COMPARE(m_page->model()->rowCount(), 3);
    QCOMPARE(child<QLabel>(m_page.get(), u"alertsSummary"_s)->text(), u"3 unacknowledged"_s);
    // Newest first.
    QTableView *view = m_page->view();
    QCOMPARE(view->model()->index(0, AlertModel::TierColumn).data().toString(), u"120 %"_s);
    QCOMPARE(view->model()->index(0, AlertModel::ValueColumn).data().toString(), u"$12.50 of $10.00"_s);

    // An anomaly with its contributors, and an old loop alarm, stored by others: a reload shows them.
    Alert anomaly;
    anomaly.kind = Alert::Kind::Anomaly;
    anomaly.scope = u"all"_s;
    anomaly.valueMicros = 12'500'000;
    anomaly.limitMicros = 1'000'000;
    anomaly.firedAtNs = m_now - 10 * kMinute;
    anomaly.message = u"Unusual spend for all"_s;
    anomaly.detail = {{u"ratio"_s, 12.5},
                      {u"contributors"_s, QJsonArray{QJsonObject{{u"agent"_s, u"writer"_s},
                                                                 {u"model"_s, u"gpt-4o"_s},
                                                                 {u"feature"_s, u"chat"_s},
                                                                 {u"cost_usd"_s, u"12.500000"_s}}}},
                      {u"trace_ids"_s, QJsonArray{u"0af7651916cd43dd8448eb211c80319c"_s}}};
    Alert loop;
    loop.kind = Alert::Kind::Loop;
    loop.scope = u"agent=writer"_s;
    loop.firedAtNs = m_now - 10 * 24 * Time::kNanosPerHour;
    loop.message = u"Agent writer repeats the same tool"_s;
    QList<Alert> others{anomaly, loop};
    Error error;
    QVERIFY(m_monitor->store()->appendAlerts(others, &error));
    m_page->reload();
    QCOMPARE(m_page->model()->rowCount(), 5);
    QCOMPARE(shown(), 4); // the last 7 days by default: not the loop

    auto *range = child<QComboBox>(m_page.get(), u"alertRangeFilter"_s);
    range->setCurrentIndex(range->findData(0)); // all time
    QCOMPARE(shown(), 5);
    auto *kind = child<QComboBox>(m_page.get(), u"alertKindFilter"_s);
    kind->setCurrentIndex(kind->findData(int(Alert::Kind::Anomaly)));
    QCOMPARE(shown(), 1);
    kind->setCurrentIndex(kind->findData(int(Alert::Kind::Budget)));
    QCOMPARE(shown(), 3);
    kind->setCurrentIndex(kind->findData(-1));
    range->setCurrentIndex(range->findData(24));
    QCOMPARE(shown(), 4);

    // The detail pane explains the selected anomaly in words.
    kind->setCurrentIndex(kind->findData(int(Alert::Kind::Anomaly)));
    view->selectRow(0);
    const QString detail = m_page->detailText();
    QVERIFY2(detail.contains(u"Ratio to the usual hourly spend: 12.5×"_s), qPrintable(detail));
    QVERIFY2(detail.contains(u"agent writer, model gpt-4o, feature chat: $12.50"_s), qPrintable(detail));
    QVERIFY2(detail.contains(u"0af7651916cd43dd8448eb211c80319c"_s), qPrintable(detail));
    // An alert about all spend names no agent to stop; the loop of agent writer does.
    auto *stopAgent = child<QPushButton>(m_page.get(), u"stopAgent"_s);
    QVERIFY(!stopAgent->isEnabled());
    kind->setCurrentIndex(kind->findData(int(Alert::Kind::Loop)));
    range->setCurrentIndex(range->findData(0));
    QCOMPARE(shown(), 1);
    view->selectRow(0);
    QVERIFY(stopAgent->isEnabled());
    QCOMPARE(stopAgent->text(), u"Stop agent writer…"_s);
    QSignalSpy stopRequested(m_page.get(), &AlertsPage::stopAgentRequested);
    QTest::mouseClick(stopAgent, Qt::LeftButton);
    QCOMPARE(stopRequested.size(), 1);
    QCOMPARE(stopRequested.first().first().toString(), u"writer"_s);
    range->setCurrentIndex(range->findData(24));
    kind->setCurrentIndex(kind->findData(int(Alert::Kind::Anomaly)));

    // A new alert arrives live while the filter hides its kind: in the model, not shown.
    Budgets::Budget weekly;
    weekly.name = u"weekly"_s;
    weekly.period = Budgets::Period::Week;
    weekly.zone = QTimeZone::utc();
    weekly.limitMicros = 15'000'000;
    QVERIFY(m_monitor->store()->addBudget(weekly, m_now, &error));
    store({usage(m_now - 5 * kMinute, 100'000)}); // weekly at 85 %
    QTRY_COMPARE(m_page->model()->rowCount(), 6);
    QCOMPARE(shown(), 1);
    kind->setCurrentIndex(kind->findData(-1));
    QCOMPARE(shown(), 5);
}

void TestAlertsPage::acknowledgePersists()
{
    addBudget(10'000'000);
    store({usage(m_now - 30 * kMinute, 13'000'000)}); // 70, 100, 120 at once
    QTRY_COMPARE(m_page->model()->rowCount(), 3);
    auto *acknowledge = child<QPushButton>(m_page.get(), u"acknowledgeSelected"_s);
    auto *acknowledgeAll = child<QPushButton>(m_page.get(), u"acknowledgeAll"_s);
    QVERIFY(!acknowledge->isEnabled()); // nothing selected
    QVERIFY(acknowledgeAll->isEnabled());

    QSignalSpy acknowledged(m_page.get(), &AlertsPage::alertsAcknowledged);
    m_page->view()->selectRow(0); // the newest: 120 %
    QVERIFY(acknowledge->isEnabled());
    QTest::mouseClick(acknowledge, Qt::LeftButton);
    QCOMPARE(acknowledged.count(), 1);
    QCOMPARE(child<QLabel>(m_page.get(), u"alertsSummary"_s)->text(), u"2 unacknowledged"_s);
    QCOMPARE(m_page->view()->model()->index(0, AlertModel::AcknowledgedColumn).data().toString(), u"Yes"_s);

    // Read back through a connection of its own: the alert and the budget's tier state.
    Error error;
    {
        auto other = Budgets::BudgetStore::open(dbPath(), true, &error);
        QVERIFY2(other, qPrintable(error.message));
        const auto alerts = other->alerts(0, std::nullopt, &error);
        QVERIFY(alerts);
        QCOMPARE(alerts->size(), 3);
        for (const Alert &a : *alerts)
            QCOMPARE(a.acknowledged, a.tier == 120);
        const auto state = other->state(alerts->at(0).budgetId, &error);
        QVERIFY(state);
        for (const Budgets::TierRecord &tier : state->tiers)
            QCOMPARE(tier.acknowledged, tier.percent == 120);
    }

    // "Unacknowledged only" hides it; Acknowledge all clears the rest.
    child<QCheckBox>(m_page.get(), u"unacknowledgedOnly"_s)->setChecked(true);
    QCOMPARE(shown(), 2);
    QTest::mouseClick(acknowledgeAll, Qt::LeftButton);
    QCOMPARE(acknowledged.count(), 2);
    QCOMPARE(shown(), 0);
    QVERIFY(child<QLabel>(m_page.get(), u"noAlertRows"_s)->isVisible());
    QCOMPARE(child<QLabel>(m_page.get(), u"alertsSummary"_s)->text(), u"all acknowledged"_s);
    QVERIFY(!acknowledgeAll->isEnabled());
    auto other = Budgets::BudgetStore::open(dbPath(), true, &error);
    const auto alerts = other->alerts(0, std::nullopt, &error);
    QVERIFY(std::all_of(alerts->cbegin(), alerts->cend(), [](const Alert &a) { return a.acknowledged; }));

    // A reload (another screen changed something) keeps them acknowledged.
    m_page->reload();
    QCOMPARE(m_page->model()->unacknowledgedCount(), 0);
}

QTEST_MAIN(TestAlertsPage)
#include "tst_alertspage.moc"
