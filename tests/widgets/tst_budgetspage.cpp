// The Budgets screen against a real database: budgets added, edited and removed through the dialog, spend
// written by the StorageWriter and evaluated by a BudgetMonitor (injected clock), acknowledge and snooze
// stored, and the checks the dialog makes as the user types.
#include "budgetdialog.h"
#include "budgets/budgetmonitor.h"
#include "budgetspage.h"
#include "common/timeutil.h"
#include "models/budgetmodel.h"
#include "storage/storagewriter.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Burnrate::Widgets;
using namespace Qt::StringLiterals;
using Models::BudgetModel;

namespace {

const qint64 kNow = Time::toNs(QDateTime(QDate(2026, 11, 20), QTime(12, 30), QTimeZone::utc()));
constexpr qint64 kMinute = 60 * Time::kNanosPerSecond;

Model::UsageEvent usage(qint64 startNs, qint64 costMicros, const QString &agent = u"writer"_s)
{
    static int counter = 0;
    Model::UsageEvent e;
    e.eventId = u"test:%1"_s.arg(++counter);
    e.source = u"test"_s;
    e.startNs = startNs;
    e.endNs = startNs + 1;
    e.provider = u"openai"_s;
    e.model = u"gpt-4o"_s;
    e.agentId = agent;
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

class TestBudgetsPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void emptyStateOffersAddBudget();
    void dialogChecksAsYouType();
    void addSpendAcknowledgeSnoozeEditRemove();
    void duplicateNameKeepsDialogOpen();
    void killActionIsExplainedStoredKeptAndShown();

private:
    void store(const QList<Model::UsageEvent> &events);
    BudgetDialog *openAddDialog();
    // Fills the Add dialog with a daily UTC budget.
    void fill(BudgetDialog *dialog, const QString &name, const QString &limit);
    QString cell(int column) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage::StorageWriter> m_writer;
    std::unique_ptr<Budgets::BudgetMonitor> m_monitor;
    std::unique_ptr<BudgetsPage> m_page;
    qint64 m_now = kNow;
};

void TestBudgetsPage::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestBudgetsPage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString path = m_dir->filePath(u"burnrate.sqlite"_s);
    m_writer = std::make_unique<Storage::StorageWriter>(path);
    Error error;
    QVERIFY2(m_writer->start(&error), qPrintable(error.message));
    Budgets::BudgetMonitor::Options options;
    options.databasePath = path;
    m_now = kNow;
    options.clock = [this] { return m_now; };
    options.coalesce = std::chrono::milliseconds(50);
    options.interval = std::chrono::hours(1);
    m_monitor = std::make_unique<Budgets::BudgetMonitor>(options);
    QVERIFY2(m_monitor->start(&error), qPrintable(error.message));
    m_monitor->watch(m_writer.get());
    m_page = std::make_unique<BudgetsPage>();
    m_page->setClock([this] { return m_now; });
    m_page->setMonitor(m_monitor.get());
    connect(m_writer.get(), &Storage::StorageWriter::eventsStored, m_page.get(),
            &BudgetsPage::scheduleRefresh);
    m_page->resize(1200, 600);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestBudgetsPage::cleanup()
{
    m_page.reset();
    m_monitor.reset();
    m_writer.reset();
    m_dir.reset();
}

void TestBudgetsPage::store(const QList<Model::UsageEvent> &events)
{
    bool done = false;
    m_writer->submit(events, this, [&done](const Storage::WriteResult &r) {
        QVERIFY2(!r.error, qPrintable(r.error.message));
        done = true;
    });
    QTRY_VERIFY(done);
}

BudgetDialog *TestBudgetsPage::openAddDialog()
{
    auto *add = child<QPushButton>(m_page.get(),
                                   m_page->model()->rowCount() == 0 ? u"emptyAddBudget"_s : u"addBudget"_s);
    if (!add)
        return nullptr;
    QTest::mouseClick(add, Qt::LeftButton);
    BudgetDialog *dialog = m_page->dialog();
    if (dialog && !QTest::qWaitForWindowExposed(dialog))
        return nullptr;
    return dialog;
}

void TestBudgetsPage::fill(BudgetDialog *dialog, const QString &name, const QString &limit)
{
    child<QLineEdit>(dialog, u"budgetName"_s)->setText(name);
    auto *period = child<QComboBox>(dialog, u"budgetPeriod"_s);
    period->setCurrentIndex(period->findData(int(Budgets::Period::Day)));
    child<QComboBox>(dialog, u"budgetZone"_s)->setEditText(u"UTC"_s);
    child<QLineEdit>(dialog, u"budgetLimit"_s)->setText(limit);
}

QString TestBudgetsPage::cell(int column) const
{
    return m_page->model()->index(0, column).data().toString();
}

void TestBudgetsPage::emptyStateOffersAddBudget()
{
    auto *stack = child<QStackedWidget>(m_page.get(), u"budgetsStack"_s);
    QCOMPARE(stack->currentWidget()->objectName(), u"budgetsEmpty"_s);
    const QString text = child<QLabel>(m_page.get(), u"emptyText"_s)->text();
    QVERIFY2(text.contains(u"70 %, 100 % and 120 %"_s), qPrintable(text));
    QVERIFY(child<QPushButton>(m_page.get(), u"emptyAddBudget"_s)->isVisible());

    // Without a monitor (no database for budgets) the screen says so and offers nothing.
    m_page->setMonitor(nullptr);
    QVERIFY(child<QLabel>(m_page.get(), u"emptyText"_s)->text().startsWith(u"Budgets are unavailable"_s));
    QVERIFY(!child<QPushButton>(m_page.get(), u"emptyAddBudget"_s)->isVisible());
}

void TestBudgetsPage::dialogChecksAsYouType()
{
    BudgetDialog *dialog = openAddDialog();
    QVERIFY(dialog);
    auto *ok = child<QDialogButtonBox>(dialog, QString())->button(QDialogButtonBox::Ok);
    auto *problem = child<QLabel>(dialog, u"budgetProblem"_s);
    QVERIFY(!ok->isEnabled());
    QCOMPARE(problem->text(), u"Give the budget a name."_s);

    fill(dialog, u"daily"_s, u"ten"_s);
    QVERIFY2(problem->text().contains(u"Cannot read the limit 'ten'"_s), qPrintable(problem->text()));
    QVERIFY(!ok->isEnabled());
    child<QLineEdit>(dialog, u"budgetLimit"_s)->setText(u"0"_s);
    QVERIFY2(problem->text().contains(u"more than $0"_s), qPrintable(problem->text()));
    child<QLineEdit>(dialog, u"budgetLimit"_s)->setText(u"12.50"_s);
    QCOMPARE(problem->text(), QString());
    QVERIFY(ok->isEnabled());

    child<QLineEdit>(dialog, u"budgetTiers"_s)->setText(u"100,70"_s);
    QVERIFY2(problem->text().contains(u"ascending"_s), qPrintable(problem->text()));
    child<QLineEdit>(dialog, u"budgetTiers"_s)->setText(u"70,100,120"_s);
    child<QComboBox>(dialog, u"budgetZone"_s)->setEditText(u"Mars/Olympus"_s);
    QVERIFY2(problem->text().contains(u"Unknown time zone 'Mars/Olympus'"_s), qPrintable(problem->text()));
    child<QComboBox>(dialog, u"budgetZone"_s)->setEditText(u"Europe/Berlin"_s);
    child<QLineEdit>(dialog, u"budgetWebhook"_s)->setText(u"ftp://example.com/hook"_s);
    QVERIFY2(problem->text().contains(u"http:// or https://"_s), qPrintable(problem->text()));
    child<QLineEdit>(dialog, u"budgetWebhook"_s)->setText(u"https://hooks.example.com/T0/B1/secret"_s);
    QCOMPARE(problem->text(), QString());

    // A scope needs a value; the values seen in the data are offered.
    store({usage(m_now - 5 * kMinute, 1000, u"writer"_s), usage(m_now - 4 * kMinute, 1000, u"reviewer"_s)});
    auto *dimension = child<QComboBox>(dialog, u"budgetDimension"_s);
    auto *value = child<QComboBox>(dialog, u"budgetScopeValue"_s);
    QVERIFY(!value->isEnabled());
    dimension->setCurrentIndex(dimension->findData(int(Budgets::Dimension::Agent)));
    QVERIFY(value->isEnabled());
    QCOMPARE(value->count(), 2);
    QCOMPARE(value->itemText(0), u"reviewer"_s);
    QCOMPARE(value->itemText(1), u"writer"_s);
    QVERIFY2(problem->text().contains(u"agent"_s), qPrintable(problem->text()));
    QVERIFY(!ok->isEnabled());
    value->setCurrentIndex(1);
    QCOMPARE(problem->text(), QString());

    Error error;
    const auto budget = dialog->budget(&error);
    QVERIFY2(budget, qPrintable(error.message));
    QCOMPARE(budget->limitMicros, 12'500'000);
    QCOMPARE(budget->zone.id(), QByteArray("Europe/Berlin"));
    QCOMPARE(budget->scope, (Budgets::Scope{Budgets::Dimension::Agent, u"writer"_s}));
    QCOMPARE(budget->period, Budgets::Period::Day);
    // German writes 12,50; the command line's 12.50 is understood too.
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    child<QLineEdit>(dialog, u"budgetLimit"_s)->setText(u"12,50"_s);
    QCOMPARE(dialog->budget(&error)->limitMicros, 12'500'000);
    child<QLineEdit>(dialog, u"budgetLimit"_s)->setText(u"7.25"_s);
    QCOMPARE(dialog->budget(&error)->limitMicros, 7'250'000);
    QLocale::setDefault(QLocale::c());

    dialog->reject();
    QTRY_VERIFY(!m_page->dialog());
    QCOMPARE(m_monitor->store()->budgets(&error)->size(), 0); // cancelled: nothing stored
}

void TestBudgetsPage::addSpendAcknowledgeSnoozeEditRemove()
{
    BudgetDialog *dialog = openAddDialog();
    QVERIFY(dialog);
    fill(dialog, u"daily"_s, u"10"_s);
    QTest::mouseClick(child<QDialogButtonBox>(dialog, QString())->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_VERIFY(!m_page->dialog());
    QCOMPARE(m_page->model()->rowCount(), 1);
    QCOMPARE(child<QStackedWidget>(m_page.get(), u"budgetsStack"_s)->currentWidget()->objectName(),
             u"budgetsTable"_s);
    QCOMPARE(cell(BudgetModel::NameColumn), u"daily"_s);
    QCOMPARE(cell(BudgetModel::ScopeColumn), u"All spend"_s);
    QCOMPARE(cell(BudgetModel::PeriodColumn), u"Daily (UTC)"_s);
    QCOMPARE(cell(BudgetModel::SpentColumn), u"$0.00"_s);
    QCOMPARE(m_page->selectedBudgetId(), m_page->model()->rows().at(0).budget.id); // the new row is selected

    // Spend today (and yesterday, which does not count) reaches 75 %: the 70 % tier fires.
    store({usage(m_now - 60 * kMinute, 5'000'000), usage(m_now - 30 * kMinute, 2'500'000),
           usage(m_now - 24 * Time::kNanosPerHour, 9'000'000)});
    QTRY_COMPARE(cell(BudgetModel::SpentColumn), u"$7.50"_s);
    QCOMPARE(cell(BudgetModel::PercentColumn), u"75 % of $10.00"_s);
    QCOMPARE(m_page->model()->index(0, 0).data(BudgetModel::ReachedTierRole).toInt(), 70);
    QTRY_COMPARE(cell(BudgetModel::StateColumn), u"70 % fired"_s);

    // Acknowledge: the state and the alert in the database.
    auto *acknowledge = child<QPushButton>(m_page.get(), u"acknowledgeBudget"_s);
    QVERIFY(acknowledge->isEnabled());
    QSignalSpy changed(m_page.get(), &BudgetsPage::budgetsChanged);
    QTest::mouseClick(acknowledge, Qt::LeftButton);
    QCOMPARE(cell(BudgetModel::StateColumn), u"70 % acknowledged"_s);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!acknowledge->isEnabled());
    Error error;
    const auto alerts = m_monitor->store()->alerts(0, std::nullopt, &error);
    QVERIFY(alerts);
    QCOMPARE(alerts->size(), 1);
    QVERIFY(alerts->at(0).acknowledged);

    // Snooze for an hour, then until the period ends, then end it.
    const qint64 id = m_page->selectedBudgetId();
    child<QAction>(m_page.get(), u"snoozeHour"_s)->trigger();
    QCOMPARE(m_monitor->store()->state(id, &error)->snoozedUntilNs, m_now + Time::kNanosPerHour);
    QVERIFY2(cell(BudgetModel::StateColumn).startsWith(u"70 % acknowledged, snoozed until "_s),
             qPrintable(cell(BudgetModel::StateColumn)));
    child<QAction>(m_page.get(), u"snoozeTomorrow"_s)->trigger();
    const QTimeZone local = QTimeZone::systemTimeZone();
    QCOMPARE(m_monitor->store()->state(id, &error)->snoozedUntilNs,
             Time::toNs(Time::fromNs(m_now, local).date().addDays(1).startOfDay(local)));
    child<QAction>(m_page.get(), u"snoozePeriod"_s)->trigger();
    QCOMPARE(m_monitor->store()->state(id, &error)->snoozedUntilNs,
             Time::toNs(QDateTime(QDate(2026, 11, 21), QTime(0, 0), QTimeZone::utc())));
    QVERIFY(child<QAction>(m_page.get(), u"snoozeEnd"_s)->isEnabled());
    child<QAction>(m_page.get(), u"snoozeEnd"_s)->trigger();
    QCOMPARE(m_monitor->store()->state(id, &error)->snoozedUntilNs, 0);
    QCOMPARE(cell(BudgetModel::StateColumn), u"70 % acknowledged"_s);

    // Edit: the dialog shows the budget; a higher limit re-reads the share.
    m_page->editBudget();
    dialog = m_page->dialog();
    QVERIFY(dialog);
    QCOMPARE(child<QLineEdit>(dialog, u"budgetLimit"_s)->text(), u"10.00"_s);
    QCOMPARE(child<QLineEdit>(dialog, u"budgetName"_s)->text(), u"daily"_s);
    child<QLineEdit>(dialog, u"budgetLimit"_s)->setText(u"25"_s);
    dialog->accept();
    QTRY_VERIFY(!m_page->dialog());
    QCOMPARE(cell(BudgetModel::PercentColumn), u"30 % of $25.00"_s);
    QCOMPARE(m_monitor->store()->budgets(&error)->at(0).limitMicros, 25'000'000);
    QCOMPARE(m_page->model()->index(0, 0).data(BudgetModel::ReachedTierRole).toInt(), 0);

    // Remove asks first; Cancel keeps it, Remove removes it.
    QTest::mouseClick(child<QPushButton>(m_page.get(), u"removeBudget"_s), Qt::LeftButton);
    auto *question = child<QMessageBox>(m_page.get(), u"removeBudgetQuestion"_s);
    QVERIFY(question);
    QVERIFY(question->text().contains(u"'daily'"_s));
    question->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!m_page->findChild<QMessageBox *>(u"removeBudgetQuestion"_s));
    QCOMPARE(m_page->model()->rowCount(), 1);
    QTest::mouseClick(child<QPushButton>(m_page.get(), u"removeBudget"_s), Qt::LeftButton);
    question = child<QMessageBox>(m_page.get(), u"removeBudgetQuestion"_s);
    QVERIFY(question);
    QAbstractButton *remove = nullptr;
    for (QAbstractButton *button : question->buttons()) {
        if (question->buttonRole(button) == QMessageBox::DestructiveRole)
            remove = button;
    }
    QVERIFY(remove);
    remove->click();
    QTRY_COMPARE(m_page->model()->rowCount(), 0);
    QCOMPARE(m_monitor->store()->budgets(&error)->size(), 0);
    QCOMPARE(child<QStackedWidget>(m_page.get(), u"budgetsStack"_s)->currentWidget()->objectName(),
             u"budgetsEmpty"_s);
    // Its alerts stay: the 70 % and its recovery when the raised limit put the spend back under it.
    const auto history = m_monitor->store()->alerts(0, std::nullopt, &error);
    QCOMPARE(history->size(), 2);
    QCOMPARE(history->at(1).tier, 70);
    QVERIFY(history->at(1).detail.value(u"recovered"_s).toBool());
}

void TestBudgetsPage::duplicateNameKeepsDialogOpen()
{
    Budgets::Budget existing;
    existing.name = u"daily"_s;
    existing.limitMicros = 5'000'000;
    Error error;
    QVERIFY(m_monitor->store()->addBudget(existing, m_now, &error));
    m_page->refresh();
    BudgetDialog *dialog = openAddDialog();
    QVERIFY(dialog);
    fill(dialog, u"daily"_s, u"10"_s);
    dialog->accept();
    QVERIFY(m_page->dialog());
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->problem().contains(u"exists already"_s), qPrintable(dialog->problem()));
    QCOMPARE(m_monitor->store()->budgets(&error)->size(), 1);
    child<QLineEdit>(dialog, u"budgetName"_s)->setText(u"daily-2"_s);
    dialog->accept();
    QTRY_VERIFY(!m_page->dialog());
    QCOMPARE(m_monitor->store()->budgets(&error)->size(), 2);
    QCOMPARE(m_page->model()->rowCount(), 2);
}

void TestBudgetsPage::killActionIsExplainedStoredKeptAndShown()
{
    BudgetDialog *dialog = openAddDialog();
    QVERIFY(dialog);
    fill(dialog, u"research"_s, u"10"_s);
    auto *kill = child<QComboBox>(dialog, u"budgetKillAction"_s);
    auto *note = child<QLabel>(dialog, u"budgetKillNote"_s);
    QVERIFY(kill && note);
    QCOMPARE(kill->currentData().toInt(), int(Budgets::KillAction::None)); // a new budget stops nothing
    QCOMPARE(note->text(), u"Agents keep running; the alerts only notify."_s);
    // Each choice explains itself in its tooltip.
    for (int i = 0; i < kill->count(); ++i)
        QVERIFY(!kill->itemData(i, Qt::ToolTipRole).toString().isEmpty());

    // The note follows the scope, the tiers and the choice.
    auto *dimension = child<QComboBox>(dialog, u"budgetDimension"_s);
    dimension->setCurrentIndex(dimension->findData(int(Budgets::Dimension::Agent)));
    child<QComboBox>(dialog, u"budgetScopeValue"_s)->setEditText(u"research-agent"_s);
    kill->setCurrentIndex(kill->findData(int(Budgets::KillAction::Enforce)));
    QCOMPARE(note->text(), u"At 120 % the kill switch stops research-agent until someone resumes it."_s);
    kill->setCurrentIndex(kill->findData(int(Budgets::KillAction::Observe)));
    QCOMPARE(
        note->text(),
        u"At 120 % nothing is stopped; the alert says the kill switch would have stopped research-agent."_s);
    child<QLineEdit>(dialog, u"budgetTiers"_s)->setText(u"80,100,150"_s);
    QVERIFY2(note->text().startsWith(u"At 150 %"_s), qPrintable(note->text()));
    child<QLineEdit>(dialog, u"budgetTiers"_s)->setText(u"70,100"_s);
    QCOMPARE(note->text(), u"No tier reaches 120 %, so nothing escalates and no agent is stopped."_s);
    child<QLineEdit>(dialog, u"budgetTiers"_s)->setText(u"70,100,120"_s);
    dimension->setCurrentIndex(dimension->findData(int(Budgets::Dimension::Model)));
    child<QComboBox>(dialog, u"budgetScopeValue"_s)->setEditText(u"gpt-4o"_s);
    QVERIFY2(note->text().startsWith(u"Budgets with the scope Model stop no agent: at 120 %"_s),
             qPrintable(note->text()));

    // Stored as chosen, and shown in the table.
    dimension->setCurrentIndex(dimension->findData(int(Budgets::Dimension::All)));
    kill->setCurrentIndex(kill->findData(int(Budgets::KillAction::Enforce)));
    const QString enforceAll = u"At 120 % the kill switch stops all agents until someone resumes them."_s;
    QCOMPARE(note->text(), enforceAll);
    dialog->accept();
    QTRY_VERIFY(!m_page->dialog());
    Error error;
    QCOMPARE(m_monitor->store()->budgets(&error)->at(0).killAction, Budgets::KillAction::Enforce);
    QCOMPARE(cell(BudgetModel::KillColumn), u"Stop all agents"_s);
    QCOMPARE(m_page->model()->index(0, BudgetModel::KillColumn).data(Qt::ToolTipRole).toString(), enforceAll);
    QCOMPARE(m_page->model()->headerData(BudgetModel::KillColumn, Qt::Horizontal).toString(),
             u"Kill switch"_s);

    // Editing shows the choice and keeps it when something else changes.
    m_page->editBudget();
    dialog = m_page->dialog();
    QVERIFY(dialog);
    QCOMPARE(child<QComboBox>(dialog, u"budgetKillAction"_s)->currentData().toInt(),
             int(Budgets::KillAction::Enforce));
    child<QLineEdit>(dialog, u"budgetLimit"_s)->setText(u"25"_s);
    dialog->accept();
    QTRY_VERIFY(!m_page->dialog());
    QCOMPARE(m_monitor->store()->budgets(&error)->at(0).limitMicros, 25'000'000);
    QCOMPARE(m_monitor->store()->budgets(&error)->at(0).killAction, Budgets::KillAction::Enforce);

    // Observe, then Enforce, on an agent budget.
    m_page->editBudget();
    dialog = m_page->dialog();
    QVERIFY(dialog);
    dimension = child<QComboBox>(dialog, u"budgetDimension"_s);
    dimension->setCurrentIndex(dimension->findData(int(Budgets::Dimension::Agent)));
    child<QComboBox>(dialog, u"budgetScopeValue"_s)->setEditText(u"research-agent"_s);
    child<QComboBox>(dialog, u"budgetKillAction"_s)->setCurrentIndex(int(Budgets::KillAction::Observe));
    dialog->accept();
    QTRY_VERIFY(!m_page->dialog());
    QCOMPARE(cell(BudgetModel::KillColumn), u"Observe only"_s);
    m_page->editBudget();
    dialog = m_page->dialog();
    QVERIFY(dialog);
    child<QComboBox>(dialog, u"budgetKillAction"_s)->setCurrentIndex(int(Budgets::KillAction::Enforce));
    dialog->accept();
    QTRY_VERIFY(!m_page->dialog());
    QCOMPARE(cell(BudgetModel::KillColumn), u"Stop research-agent"_s);
}

QTEST_MAIN(TestBudgetsPage)
#include "tst_budgetspage.moc"
