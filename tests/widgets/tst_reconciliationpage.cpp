#include "common/settings.h"
#include "common/timeutil.h"
#include "kpitile.h"
#include "models/reconciliationmodel.h"
#include "net/curlhttpclient.h"
#include "pricing/pricetable.h"
#include "providers/poller.h"
#include "reconciliationpage.h"
#include "storage/storagewriter.h"

#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QToolButton>

using namespace Burnrate;
using namespace Burnrate::Widgets;
using namespace Qt::StringLiterals;
using Model::UsageEvent;
using Models::ReconciliationModel;

namespace {

constexpr qint64 kHourNs = Time::kNanosPerHour;
constexpr qint64 kDayNs = 24 * kHourNs;

// Now: 2026-11-24 15:00 UTC. Day D (final, two days back) is 2026-11-22.
const qint64 kNow = Time::toNs(QDateTime(QDate(2026, 11, 24), QTime(15, 0), QTimeZone::utc()));
const qint64 kDayD = Time::toNs(QDateTime(QDate(2026, 11, 22), QTime(0, 0), QTimeZone::utc()));

UsageEvent makeEvent(const QString &id, qint64 startNs, const QString &provider, const QString &model,
                     qint64 costMicros)
{
    UsageEvent e;
    e.eventId = id;
    e.source = u"test"_s;
    e.startNs = startNs;
    e.endNs = startNs + Time::kNanosPerSecond;
    e.provider = provider;
    e.model = model;
    e.inputTokens = 1000;
    e.outputTokens = 100;
    e.costMicros = costMicros;
    e.costSource = Model::CostSource::Computed;
    return e;
}

Providers::CostBucket cost(const QString &provider, qint64 dayStart, const QString &model, qint64 micros)
{
    Providers::CostBucket c;
    c.provider = provider;
    c.bucketStartNs = dayStart;
    c.bucketWidthNs = kDayNs;
    c.lineItem = model + u" usage"_s;
    c.model = model;
    c.costMicros = micros;
    return c;
}

Providers::UsageBucket usage(const QString &provider, qint64 hourStart, const QString &model, qint64 input,
                             qint64 output, qint64 requests)
{
    Providers::UsageBucket u;
    u.provider = provider;
    u.bucketStartNs = hourStart;
    u.bucketWidthNs = kHourNs;
    u.model = model;
    u.inputTokens = input;
    u.outputTokens = output;
    u.requests = requests;
    return u;
}

} // namespace

class TestReconciliationPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void emptyStateWithoutProviders();
    void enabledProviderWithoutData();
    void rowsAndTotals();
    void refreshesOnNewData();

private:
    void store(const QList<UsageEvent> &events);
    void storeProvider(const Storage::ProviderWrite &write);
    void fill();
    std::unique_ptr<ReconciliationPage> makePage();
    QString currentPage(ReconciliationPage &page) const;
    QString cell(QTableView *view, int row, int column, int role = Qt::DisplayRole) const;
    void screenshot(QWidget &widget, const QString &name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage::StorageWriter> m_writer;
};

void TestReconciliationPage::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestReconciliationPage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_writer = std::make_unique<Storage::StorageWriter>(m_dir->filePath(u"burnrate.sqlite"_s));
    Error error;
    QVERIFY2(m_writer->start(&error), qPrintable(error.message));
}

void TestReconciliationPage::cleanup()
{
    m_writer.reset();
    m_dir.reset();
}

void TestReconciliationPage::store(const QList<UsageEvent> &events)
{
    bool done = false;
    m_writer->submit(events, this, [&](const Storage::WriteResult &r) {
        QVERIFY2(!r.error, qPrintable(r.error.message));
        done = true;
    });
    QTRY_VERIFY(done);
}

void TestReconciliationPage::storeProvider(const Storage::ProviderWrite &write)
{
    bool done = false;
    m_writer->submitProviderData(write, this, [&](const Storage::WriteResult &r) {
        QVERIFY2(!r.error, qPrintable(r.error.message));
        done = true;
    });
    QTRY_VERIFY(done);
}

// Day D: Anthropic billed $12.50 for what Burnrate measured as $10 with the same tokens (a price
// difference); OpenAI billed $3 and Burnrate measured $3. Ten days earlier: $1 billed by Anthropic
// for calls no agent reported.
void TestReconciliationPage::fill()
{
    QList<UsageEvent> events;
    for (int i = 0; i < 5; ++i)
        events.append(makeEvent(u"a"_s + QString::number(i), kDayD + 10 * kHourNs + i * Time::kNanosPerSecond,
                                u"anthropic"_s, u"claude-sonnet-4-5"_s, 2'000'000));
    for (int i = 0; i < 3; ++i)
        events.append(makeEvent(u"o"_s + QString::number(i), kDayD + 11 * kHourNs + i * Time::kNanosPerSecond,
                                u"openai"_s, u"gpt-4.1"_s, 1'000'000));
    store(events);

    Storage::ProviderWrite anthropic;
    anthropic.provider = u"anthropic"_s;
    anthropic.costSpans = {{kDayD, kDayNs}, {kDayD - 10 * kDayNs, kDayNs}};
    anthropic.costs = {cost(u"anthropic"_s, kDayD, u"claude-sonnet-4-5"_s, 12'500'000),
                       cost(u"anthropic"_s, kDayD - 10 * kDayNs, u"claude-sonnet-4-5"_s, 1'000'000)};
    anthropic.usageSpans = {{kDayD + 10 * kHourNs, kHourNs}};
    anthropic.usage = {usage(u"anthropic"_s, kDayD + 10 * kHourNs, u"claude-sonnet-4-5"_s, 5000, 500, -1)};
    storeProvider(anthropic);

    Storage::ProviderWrite openai;
    openai.provider = u"openai"_s;
    openai.costSpans = {{kDayD, kDayNs}};
    openai.costs = {cost(u"openai"_s, kDayD, u"gpt-4.1"_s, 3'000'000)};
    openai.usageSpans = {{kDayD + 11 * kHourNs, kHourNs}};
    openai.usage = {usage(u"openai"_s, kDayD + 11 * kHourNs, u"gpt-4.1"_s, 3000, 300, 3)};
    storeProvider(openai);
}

std::unique_ptr<ReconciliationPage> TestReconciliationPage::makePage()
{
    auto page = std::make_unique<ReconciliationPage>(m_dir->filePath(u"burnrate.sqlite"_s),
                                                     std::make_shared<const Pricing::PriceTable>());
    page->setClock([] { return kNow; });
    page->resize(1100, 700);
    return page;
}

QString TestReconciliationPage::currentPage(ReconciliationPage &page) const
{
    auto *stack = page.findChild<QStackedWidget *>(u"reconciliationStack"_s);
    return stack && stack->currentWidget() ? stack->currentWidget()->objectName() : QString();
}

QString TestReconciliationPage::cell(QTableView *view, int row, int column, int role) const
{
    return view->model()->index(row, column).data(role).toString();
}

// Set BURNRATE_SCREENSHOT_DIR to look at what the tests see.
void TestReconciliationPage::screenshot(QWidget &widget, const QString &name) const
{
    const QString dir = qEnvironmentVariable("BURNRATE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    QVERIFY(widget.grab().save(QDir(dir).filePath(name + u".png"_s)));
}

void TestReconciliationPage::emptyStateWithoutProviders()
{
    // Measured spend alone is nothing to reconcile: the page explains where billed figures come from.
    store({makeEvent(u"m"_s, kDayD, u"openai"_s, u"gpt-4.1"_s, 1'000'000)});
    auto page = makePage();
    QSignalSpy sources(page.get(), &ReconciliationPage::sourcesRequested);
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    QTRY_COMPARE(currentPage(*page), u"reconciliationEmpty"_s);
    QVERIFY(page->findChild<QLabel *>(u"emptyText"_s)->text().contains(u"admin APIs"_s));
    screenshot(*page, u"reconciliation-empty"_s);
    QTest::mouseClick(page->findChild<QPushButton *>(u"openSources"_s), Qt::LeftButton);
    QCOMPARE(sources.size(), 1);
}

void TestReconciliationPage::enabledProviderWithoutData()
{
    Net::CurlHttpClient http;
    Providers::ProviderPoller poller(Providers::Provider::OpenAi, &http, m_writer.get(),
                                     m_dir->filePath(u"burnrate.sqlite"_s));
    ProviderSettings settings;
    settings.enabled = true;
    poller.setSettings(settings);
    auto page = makePage();
    page->setPollers({&poller});
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    QTRY_COMPARE(currentPage(*page), u"reconciliationTable"_s);
    auto *noRows = page->findChild<QLabel *>(u"noRows"_s);
    QVERIFY(noRows->isVisible());
    QVERIFY(noRows->text().contains(u"last 7 days"_s));
    QVERIFY(!page->findChild<QTableView *>(u"reconciliationView"_s)->isVisible());

    // Switched off again, with nothing billed: back to the explanation.
    settings.enabled = false;
    poller.setSettings(settings);
    QTRY_COMPARE(currentPage(*page), u"reconciliationEmpty"_s);
}

void TestReconciliationPage::rowsAndTotals()
{
    fill();
    auto page = makePage();
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    QTRY_COMPARE(currentPage(*page), u"reconciliationTable"_s);
    auto *view = page->findChild<QTableView *>(u"reconciliationView"_s);
    QVERIFY(view->isVisible());
    QCOMPARE(view->model()->rowCount(), 2); // the older day is outside the last 7 days
    screenshot(*page, u"reconciliation-7d"_s);

    // Sorted by day, then by billed cost: Anthropic first.
    QCOMPARE(cell(view, 0, ReconciliationModel::DayColumn), u"Sun, Nov 22"_s);
    QCOMPARE(cell(view, 0, ReconciliationModel::ProviderColumn), u"Anthropic"_s);
    QCOMPARE(cell(view, 0, ReconciliationModel::ModelColumn), u"claude-sonnet-4-5"_s);
    QCOMPARE(cell(view, 0, ReconciliationModel::BilledColumn), u"$12.50"_s);
    QCOMPARE(cell(view, 0, ReconciliationModel::MeasuredColumn), u"$10.00"_s);
    QCOMPARE(cell(view, 0, ReconciliationModel::DifferenceColumn), u"+$2.50"_s);
    QCOMPARE(cell(view, 0, ReconciliationModel::RequestsColumn), u"not reported"_s);
    QCOMPARE(cell(view, 0, ReconciliationModel::CallsColumn), u"5"_s);
    QCOMPARE(cell(view, 0, ReconciliationModel::CausesColumn), u"Price difference"_s);
    QCOMPARE(cell(view, 0, ReconciliationModel::CausesColumn, Qt::ToolTipRole),
             Storage::gapCauseText(Storage::GapCause::PriceDifference));
    QCOMPARE(view->model()
                 ->index(0, ReconciliationModel::DifferenceColumn)
                 .data(Qt::ForegroundRole)
                 .value<QColor>(),
             QColor(0xb3, 0x26, 0x1e));

    QCOMPARE(cell(view, 1, ReconciliationModel::ProviderColumn), u"OpenAI"_s);
    QCOMPARE(cell(view, 1, ReconciliationModel::DifferenceColumn), u"$0.00"_s);
    QCOMPARE(cell(view, 1, ReconciliationModel::RequestsColumn), u"3"_s);
    QCOMPARE(cell(view, 1, ReconciliationModel::CausesColumn), QString());
    QVERIFY(
        !view->model()->index(1, ReconciliationModel::DifferenceColumn).data(Qt::ForegroundRole).isValid());

    const auto tile = [&](const QString &name) { return page->findChild<KpiTile *>(name); };
    QCOMPARE(tile(u"billedTile"_s)->value(), u"$15.50"_s);
    QCOMPARE(tile(u"measuredTile"_s)->value(), u"$13.00"_s);
    QCOMPARE(tile(u"measuredTile"_s)->subText(), u"8 calls from telemetry"_s);
    QCOMPARE(tile(u"differenceTile"_s)->value(), u"+$2.50"_s);
    QCOMPARE(tile(u"differenceTile"_s)->subText(), u"16.1 % of billed; 1 of 2 rows differ"_s);
    QVERIFY(tile(u"differenceTile"_s)->isHighlighted());
    QCOMPARE(page->findChild<QLabel *>(u"reconciliationTitle"_s)->text(),
             u"Billed and measured spend, last 7 days"_s);

    // 30 days: the older day joins, with its cause.
    QTest::mouseClick(page->findChild<QToolButton *>(u"reconcile30d"_s), Qt::LeftButton);
    QCOMPARE(page->rangeDays(), 30);
    QCOMPARE(view->model()->rowCount(), 3);
    QCOMPARE(cell(view, 2, ReconciliationModel::DayColumn), u"Thu, Nov 12"_s);
    QCOMPARE(cell(view, 2, ReconciliationModel::CausesColumn), u"Uninstrumented calls"_s);
    QCOMPARE(tile(u"billedTile"_s)->value(), u"$16.50"_s);
    screenshot(*page, u"reconciliation-30d"_s);

    // Sorting by the difference puts the largest gap first.
    view->sortByColumn(ReconciliationModel::DifferenceColumn, Qt::DescendingOrder);
    QCOMPARE(cell(view, 0, ReconciliationModel::DifferenceColumn), u"+$2.50"_s);
    QCOMPARE(cell(view, 1, ReconciliationModel::DifferenceColumn), u"+$1.00"_s);
}

void TestReconciliationPage::refreshesOnNewData()
{
    fill();
    auto page = makePage();
    connect(m_writer.get(), &Storage::StorageWriter::eventsStored, page.get(),
            &ReconciliationPage::scheduleRefresh);
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    auto *measured = page->findChild<KpiTile *>(u"measuredTile"_s);
    QTRY_COMPARE(measured->value(), u"$13.00"_s);
    auto *view = page->findChild<QTableView *>(u"reconciliationView"_s);
    view->selectRow(1);

    // A late call of day D: the figures follow, the rows and the selection stay.
    store({makeEvent(u"late"_s, kDayD + 20 * kHourNs, u"openai"_s, u"gpt-4.1"_s, 500'000)});
    QTRY_COMPARE(measured->value(), u"$13.50"_s);
    QCOMPARE(view->model()->rowCount(), 2);
    QCOMPARE(view->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(view->selectionModel()->selectedRows().constFirst().row(), 1);
    QCOMPARE(cell(view, 1, ReconciliationModel::CallsColumn), u"4"_s);
}

QTEST_MAIN(TestReconciliationPage)
#include "tst_reconciliationpage.moc"
