#include "common/money.h"
#include "common/timeutil.h"
#include "emptystatepage.h"
#include "kpitile.h"
#include "mainwindow.h"
#include "navigation.h"
#include "overviewpage.h"
#include "pricing/pricetable.h"
#include "spendchart.h"
#include "storage/storagewriter.h"

#include <QBarSet>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Burnrate;
using namespace Burnrate::Widgets;
using namespace Qt::StringLiterals;
using Model::UsageEvent;

namespace {

__extension__ typedef __int128 Int128;

constexpr qint64 kMinuteNs = 60 * Time::kNanosPerSecond;
constexpr qint64 kDayNs = 24 * Time::kNanosPerHour;
const QString kEndpoint = u"http://127.0.0.1:4318/v1/traces"_s;

UsageEvent makeEvent(const QString &id, qint64 startNs, const QString &model, qint64 costMicros)
{
    UsageEvent e;
    e.eventId = id;
    e.source = u"test"_s;
    e.startNs = startNs;
    e.endNs = startNs + Time::kNanosPerSecond;
    e.provider = u"anthropic"_s;
    e.model = model;
    e.inputTokens = 1000;
    e.outputTokens = 100;
    e.costMicros = costMicros;
    e.costSource = model == u"mystery-model" ? Model::CostSource::Unpriced : Model::CostSource::Computed;
    return e;
}

QString money(qint64 micros)
{
    return Money::formatUsdForDisplay(micros, QLocale::c());
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void navigation();
    void emptyStateThenOverview();
    void demoOfferedOnlyWhenConnected();
    void kpisMatch();
    void clockBoundFiguresRollForward();
    void chartStaysBoundedUnderLoad();
    void geometryIsRemembered();

private:
    void store(const QList<UsageEvent> &events);
    std::unique_ptr<MainWindow> makeWindow();
    QString currentOverviewPage(MainWindow &window) const;
    void screenshot(QWidget &window, const QString &name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage::StorageWriter> m_writer;
    std::shared_ptr<const Pricing::PriceTable> m_prices;
    qint64 m_now = 0;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // window state goes to ~/.qttest, before any QSettings
    QLocale::setDefault(QLocale::c());
    Pricing::ModelPrice sonnet;
    sonnet.provider = u"anthropic"_s;
    sonnet.model = u"model-a"_s;
    sonnet.effectiveFrom = QDate(2020, 1, 1);
    sonnet.inputPico = 3'000'000; // $3 per million tokens
    sonnet.outputPico = 15'000'000;
    sonnet.cacheReadPico = 300'000;
    sonnet.cacheWritePico = sonnet.cacheWrite1hPico = 3'750'000;
    m_prices = std::make_shared<const Pricing::PriceTable>(QList<Pricing::ModelPrice>{sonnet});
    // A fixed "now": 14:37:20 local, on the 24th of a 30-day month.
    m_now = Time::toNs(QDateTime(QDate(2026, 11, 24), QTime(14, 37, 20), QTimeZone::systemTimeZone()));
}

void TestMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QFile::remove(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
                  u"/window-state.ini"_s);
    m_writer = std::make_unique<Storage::StorageWriter>(m_dir->filePath(u"burnrate.sqlite"_s));
    Error error;
    QVERIFY2(m_writer->start(&error), qPrintable(error.message));
}

void TestMainWindow::cleanup()
{
    m_writer.reset();
    m_dir.reset();
}

void TestMainWindow::store(const QList<UsageEvent> &events)
{
    bool done = false;
    for (qsizetype first = 0; first < events.size(); first += 5000) {
        const bool last = first + 5000 >= events.size();
        m_writer->submit(events.mid(first, 5000), this, [&done, last](const Storage::WriteResult &r) {
            QVERIFY2(!r.error, qPrintable(r.error.message));
            done = done || last;
        });
    }
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
}

std::unique_ptr<MainWindow> TestMainWindow::makeWindow()
{
    auto window = std::make_unique<MainWindow>(m_dir->filePath(u"burnrate.sqlite"_s), kEndpoint,
                                               m_writer.get(), m_prices);
    const qint64 now = m_now;
    window->overview()->setClock([now] { return now; });
    return window;
}

QString TestMainWindow::currentOverviewPage(MainWindow &window) const
{
    auto *stack = window.findChild<QStackedWidget *>(u"overviewStack"_s);
    return stack && stack->currentWidget() ? stack->currentWidget()->objectName() : QString();
}

// Set BURNRATE_SCREENSHOT_DIR to look at what the tests see.
void TestMainWindow::screenshot(QWidget &window, const QString &name) const
{
    const QString dir = qEnvironmentVariable("BURNRATE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents(); // pending layout requests (the chart's legend)
    QVERIFY(window.grab().save(QDir(dir).filePath(name + u".png"_s)));
}

void TestMainWindow::navigation()
{
    auto window = makeWindow();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QCOMPARE(window->windowTitle(), u"Burnrate"_s);
    QCOMPARE(window->size(), QSize(1200, 780));

    auto *nav = window->findChild<QListWidget *>(u"navigation"_s);
    auto *pages = window->findChild<QStackedWidget *>(u"pages"_s);
    QVERIFY(nav && pages);
    QStringList names;
    for (int i = 0; i < nav->count(); ++i)
        names.append(nav->item(i)->text());
    QCOMPARE(names, (QStringList{u"Overview"_s, u"Explore"_s, u"Calls"_s, u"Sessions"_s, u"Budgets"_s,
                                 u"Alerts"_s, u"Sources"_s, u"Reconciliation"_s, u"Kill switch"_s}));
    QCOMPARE(pages->count(), 9);
    QCOMPARE(pages->currentWidget()->objectName(), u"overview"_s);
    for (int i = 0; i < nav->count(); ++i)
        QVERIFY(!nav->item(i)->icon().isNull());

    const QStringList shown = {u"explorePage"_s,        u"callsView"_s,     u"sessionsView"_s,
                               u"budgetsPage"_s,        u"alertsPage"_s,    u"sourcesPage"_s,
                               u"reconciliationPage"_s, u"killSwitchPage"_s};
    for (int i = 1; i < nav->count(); ++i) {
        QTest::mouseClick(nav->viewport(), Qt::LeftButton, {}, nav->visualItemRect(nav->item(i)).center());
        QCOMPARE(pages->currentWidget()->objectName(), shown.at(i - 1));
        // Every screen is built: none says it arrives in a later version.
        const QList<QLabel *> labels = pages->currentWidget()->findChildren<QLabel *>();
        QVERIFY(std::none_of(labels.cbegin(), labels.cend(),
                             [](QLabel *l) { return l->text().contains(u"later version"_s); }));
    }

    // The Reconciliation screen's way to Sources, before any provider is set up.
    nav->setCurrentRow(int(Page::Reconciliation));
    auto *openSources = pages->currentWidget()->findChild<QPushButton *>(u"openSources"_s);
    QTRY_VERIFY(openSources && openSources->isVisible());
    QTest::mouseClick(openSources, Qt::LeftButton);
    QCOMPARE(pages->currentWidget()->objectName(), u"sourcesPage"_s);
    QCOMPARE(nav->currentRow(), int(Page::Sources));
    nav->setCurrentRow(0);
    QCOMPARE(pages->currentWidget()->objectName(), u"overview"_s);
}

void TestMainWindow::emptyStateThenOverview()
{
    auto window = makeWindow();
    QSignalSpy demo(window.get(), &MainWindow::demoRequested);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QCOMPARE(currentOverviewPage(*window), u"emptyState"_s);
    screenshot(*window, u"empty-state"_s);

    auto *snippet = window->findChild<QPlainTextEdit *>(u"snippet"_s);
    QVERIFY(snippet && snippet->isReadOnly());
    QVERIFY(snippet->toPlainText().contains(u"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="_s + kEndpoint));
    QVERIFY(snippet->toPlainText().contains(u"opentelemetry-exporter-otlp-proto-http"_s));
    QVERIFY(!snippet->toPlainText().contains(u"OTEL_EXPORTER_OTLP_TRACES_HEADERS"_s));

    // The receiver moved and wants a token: the page and the snippet follow, the token stays off screen.
    const QString moved = u"http://127.0.0.1:4999/v1/traces"_s;
    window->setEndpoint(moved, true);
    QVERIFY(snippet->toPlainText().contains(u"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="_s + moved));
    QVERIFY(snippet->toPlainText().contains(
        u"OTEL_EXPORTER_OTLP_TRACES_HEADERS=\"Authorization=Bearer%20$BURNRATE_OTLP_TOKEN\""_s));
    QVERIFY(window->findChild<QLabel *>(u"intro"_s)->text().contains(moved));
    QCOMPARE(window->findChild<QLabel *>(u"receiverEndpoint"_s)->text(), moved);
    QCOMPARE(window->findChild<QLabel *>(u"receiverToken"_s)->text(), u"yes, a bearer token"_s);
    window->setEndpoint(kEndpoint, false);
    QVERIFY(!snippet->toPlainText().contains(u"OTEL_EXPORTER_OTLP_TRACES_HEADERS"_s));

    auto *demoButton = window->findChild<QPushButton *>(u"startDemo"_s);
    QVERIFY(demoButton && demoButton->isVisible());
    QTest::mouseClick(demoButton, Qt::LeftButton);
    QCOMPARE(demo.size(), 1);

    // The first stored call replaces the empty state, through eventsStored, within two seconds.
    QElapsedTimer sinceCommit;
    m_writer->submit({makeEvent(u"first"_s, m_now - kMinuteNs, u"model-a"_s, 1'000'000)}, this,
                     [&](const Storage::WriteResult &) { sinceCommit.start(); });
    QTRY_COMPARE_WITH_TIMEOUT(currentOverviewPage(*window), u"dashboard"_s, 3000);
    QVERIFY(sinceCommit.isValid());
    QVERIFY2(sinceCommit.elapsed() < 2000, qPrintable(QString::number(sinceCommit.elapsed())));
    QCOMPARE(window->findChild<KpiTile *>(u"todayTile"_s)->value(), u"$1.00"_s);
}

void TestMainWindow::demoOfferedOnlyWhenConnected()
{
    auto window = makeWindow();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto *demoButton = window->findChild<QPushButton *>(u"startDemo"_s);
    QVERIFY(demoButton);
    QVERIFY(!demoButton->isVisible()); // nothing would answer it
}

void TestMainWindow::kpisMatch()
{
    UsageEvent cached = makeEvent(u"cached"_s, m_now - 10 * kMinuteNs, u"model-a"_s, 12'500'000);
    cached.inputTokens = 1'500'000;
    cached.cacheReadTokens = 1'000'000;
    cached.cacheWriteTokens = 10'000;
    store({cached, makeEvent(u"last-hour"_s, m_now - 50 * kMinuteNs, u"model-a"_s, 20'000'000),
           makeEvent(u"morning"_s, m_now - 3 * Time::kNanosPerHour, u"model-b"_s, 7'250'000),
           makeEvent(u"this-month"_s, m_now - 3 * kDayNs, u"model-a"_s, 100'000'000),
           makeEvent(u"last-month"_s, m_now - 30 * kDayNs, u"model-a"_s, 55'000'000),
           makeEvent(u"unpriced"_s, m_now - 5 * kMinuteNs, u"mystery-model"_s, 0)});
    auto window = makeWindow();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QTRY_COMPARE(currentOverviewPage(*window), u"dashboard"_s);
    screenshot(*window, u"kpis"_s);

    const auto tile = [&](const QString &name) { return window->findChild<KpiTile *>(name); };
    QCOMPARE(tile(u"todayTile"_s)->value(), money(12'500'000 + 20'000'000 + 7'250'000));
    QCOMPARE(tile(u"todayTile"_s)->subText(), u"4 calls"_s);
    QCOMPARE(tile(u"hourTile"_s)->value(), money(12'500'000));
    QCOMPARE(tile(u"hourTile"_s)->subText(), u"since 14:00"_s);
    QCOMPARE(tile(u"burnRateTile"_s)->value(), money(32'500'000) + u"/h"_s);
    const qint64 month = 139'750'000;
    QCOMPARE(tile(u"monthTile"_s)->value(), money(month));
    const qint64 monthEnd = Time::toNs(QDate(2026, 12, 1).startOfDay(QTimeZone::systemTimeZone()));
    const qint64 projected = qint64(Int128(month) + Int128(month) * (monthEnd - m_now) / (7 * kDayNs));
    QCOMPARE(tile(u"monthTile"_s)->subText(), u"projected "_s + money(projected) + u" by Nov\u00A030"_s);
    // 1 M cache reads save $3 - $0.30 per million; 10 k cache writes cost $0.75 per million extra.
    QCOMPARE(tile(u"cacheTile"_s)->value(), money(2'700'000 - 7'500));
    QCOMPARE(tile(u"cacheTile"_s)->subText(), u"1.0M tokens read from cache"_s);
    QCOMPARE(tile(u"unpricedTile"_s)->value(), u"1"_s);
    QVERIFY(tile(u"unpricedTile"_s)->isHighlighted());
    QVERIFY(tile(u"unpricedTile"_s)->toolTip().contains(u"mystery-model"_s));
    QVERIFY(!tile(u"todayTile"_s)->isHighlighted());

    // Top tables over the chart's range (24 h): two features-less rows, sorted by cost.
    auto *agents = window->findChild<QTableView *>(u"topAgents"_s);
    QVERIFY(agents);
    QCOMPARE(agents->model()->rowCount(), 1);
    QCOMPARE(agents->model()->index(0, 0).data().toString(), u"(no agent)"_s);
    QCOMPARE(agents->model()->index(0, 3).data().toString(), money(39'750'000));
}

void TestMainWindow::clockBoundFiguresRollForward()
{
    store({makeEvent(u"old"_s, m_now - 59 * kMinuteNs - 30 * Time::kNanosPerSecond, u"model-a"_s, 5'000'000),
           makeEvent(u"new"_s, m_now - kMinuteNs, u"model-a"_s, 1'000'000)});
    auto window = makeWindow();
    qint64 now = m_now;
    window->overview()->setClock([&now] { return now; });
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto *burnRate = window->findChild<KpiTile *>(u"burnRateTile"_s);
    auto *hour = window->findChild<KpiTile *>(u"hourTile"_s);
    QTRY_COMPARE(burnRate->value(), u"$6.00/h"_s);

    // Within the minute only the clock-bound figures reload: the old call leaves the last 60 minutes.
    now += 35 * Time::kNanosPerSecond;
    QTRY_COMPARE(burnRate->value(), u"$1.00/h"_s);
    QCOMPARE(hour->value(), u"$1.00"_s); // the old call was in the previous clock hour

    // A new hour: everything reloads.
    now = m_now + 23 * kMinuteNs;
    QTRY_COMPARE(hour->subText(), u"since 15:00"_s);
    QCOMPARE(hour->value(), u"$0.00"_s);
    QCOMPARE(burnRate->value(), u"$1.00/h"_s);
}

void TestMainWindow::chartStaysBoundedUnderLoad()
{
    // Many events across forty models, thirty features and thirty agents over thirty days.
    QRandomGenerator random(99);
    QList<UsageEvent> events;
    for (int i = 0; i < 60'000; ++i) {
        const qint64 age = random.bounded(4) == 0 ? qint64(random.bounded(quint64(Time::kNanosPerHour)))
                                                  : qint64(random.bounded(quint64(30 * kDayNs)));
        UsageEvent e =
            makeEvent(u"load:"_s + QString::number(i), m_now - age,
                      u"model-"_s + QString::number(random.bounded(40)), 1 + random.bounded(900'000));
        e.feature = u"feature-"_s + QString::number(random.bounded(30));
        e.agentId = u"agent-"_s + QString::number(random.bounded(30));
        events.append(e);
    }
    store(events);
    auto window = makeWindow();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QTRY_COMPARE(currentOverviewPage(*window), u"dashboard"_s);

    auto *chart = window->findChild<SpendChart *>(u"spendChart"_s);
    auto *stackBy = window->findChild<QComboBox *>(u"stackBy"_s);
    auto *features = window->findChild<QTableView *>(u"topFeatures"_s);
    QVERIFY(chart && stackBy && features);
    const QList<std::pair<QString, int>> ranges = {
        {u"range1h"_s, 60}, {u"range24h"_s, 24}, {u"range7d"_s, 28}, {u"range30d"_s, 30}};
    const QStringList stackPrefixes = {u"model-"_s, u"feature-"_s, u"agent-"_s};
    for (int stack = 0; stack < 3; ++stack) {
        stackBy->setCurrentIndex(stack);
        for (const auto &[button, buckets] : ranges) {
            QTest::mouseClick(window->findChild<QToolButton *>(button), Qt::LeftButton);
            QCOMPARE(chart->bucketCount(), buckets);
            const QList<QBarSet *> sets = chart->shownSets();
            QCOMPARE(sets.size(), 6); // the top five and "Other"
            for (QBarSet *set : sets) {
                QCOMPARE(set->count(), buckets);
                QVERIFY2(set->label() == u"Other" || set->label().startsWith(stackPrefixes.at(stack)),
                         qPrintable(set->label()));
            }
            // Labels on some buckets only, never more than fit.
            const QStringList labels = chart->xLabels();
            QVERIFY2(labels.size() >= 2 && labels.size() <= 13, qPrintable(labels.join(u", "_s)));
            QVERIFY(chart->axisMaximum() > 0);
            QCOMPARE(features->model()->rowCount(), 10);
            screenshot(*window, u"load-"_s + stackBy->currentText().toLower() + u'-' + button);
        }
    }

    // A refresh after more data changes values, not the number of sets or bars.
    const auto lastBucketTotal = [chart] {
        qreal sum = 0;
        for (QBarSet *set : chart->shownSets())
            sum += set->at(29);
        return sum;
    };
    const qreal before = lastBucketTotal();
    store({makeEvent(u"late"_s, m_now - kMinuteNs, u"model-0"_s, 50'000'000)});
    QTRY_VERIFY(lastBucketTotal() > before + 49.99);
    QCOMPARE(chart->bucketCount(), 30);
    QCOMPARE(chart->shownSets().size(), 6);
}

void TestMainWindow::geometryIsRemembered()
{
    {
        auto window = makeWindow();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        window->resize(1000, 700);
        QTRY_COMPARE(window->size(), QSize(1000, 700));
        window->close();
    }
    {
        auto window = makeWindow();
        QCOMPARE(window->size(), QSize(1000, 700));
        // Quitting from the tray destroys the window without closing it: the size is kept all the same.
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        window->resize(900, 640);
        QTRY_COMPARE(window->size(), QSize(900, 640));
    }
    auto window = makeWindow();
    QCOMPARE(window->size(), QSize(900, 640));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
