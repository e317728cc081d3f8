#include "common/timeutil.h"
#include "explorechart.h"
#include "explorepage.h"
#include "models/explorefiltermodel.h"
#include "pricing/pricetable.h"
#include "storage/storagewriter.h"

#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Burnrate;
using namespace Burnrate::Widgets;
using namespace Qt::StringLiterals;
using Model::UsageEvent;
using Models::ExploreModel;
using Storage::Dimension;

namespace {

constexpr qint64 kDayStartNs =
    1773964800LL * Time::kNanosPerSecond; // 2026-03-20T00:00:00Z (tests run in UTC)

struct Call
{
    const char *feature;
    const char *agent;
    const char *model;
    int calls;
    qint64 costMicros; // per call
};

// Today: checkout is driven by planner, then coder; search by retriever. One call of checkout yesterday.
const Call kCalls[] = {
    {"checkout", "planner", "gpt-4.1", 6, 500'000},
    {"checkout", "coder", "gpt-4.1-mini", 4, 100'000},
    {"search", "retriever", "gpt-4.1-mini", 10, 20'000},
    {"checkout", "coder", "claude-opus-4-5", 2, 300'000},
};

QStringList keyColumn(const QAbstractItemModel &model, int column)
{
    QStringList keys;
    for (int r = 0; r < model.rowCount(); ++r)
        keys << model.index(r, column).data().toString();
    return keys;
}

} // namespace

class TestExplorePage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void drillFeatureToAgent();
    void filterPopupAndMultiValueFilter();
    void timeGroupingDrawsBarsOverTime();
    void newestRequestWins();
    void cacheAndWhatIfTabs();
    void showCalls();
    void longTablesAreCut();

private:
    QTableView *table() const { return m_page->findChild<QTableView *>(u"exploreTable"_s); }

    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<const Pricing::PriceTable> m_prices;
    std::unique_ptr<ExplorePage> m_page;
};

void TestExplorePage::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(u"burnrate.sqlite"_s);
    Error error;
    m_prices = Pricing::PriceTable::loadShipped(&error);
    QVERIFY2(m_prices, qPrintable(error.message));
    QList<UsageEvent> events;
    int n = 0;
    const auto add = [&](const Call &c, qint64 startNs) {
        UsageEvent e;
        e.eventId = u"explore:"_s + QString::number(n++);
        e.source = u"test"_s;
        e.startNs = startNs;
        e.endNs = e.startNs + Time::kNanosPerSecond;
        e.provider = QString::fromLatin1(c.model).startsWith(u"claude") ? u"anthropic"_s : u"openai"_s;
        e.model = QString::fromLatin1(c.model);
        e.feature = QString::fromLatin1(c.feature);
        e.agentId = QString::fromLatin1(c.agent);
        e.inputTokens = 2000;
        e.cacheReadTokens = 1000;
        e.outputTokens = 100;
        e.costMicros = c.costMicros;
        e.costSource = Model::CostSource::Reported;
        events << e;
    };
    for (const Call &c : kCalls) {
        for (int i = 0; i < c.calls; ++i)
            add(c, kDayStartNs + (8 + i) * Time::kNanosPerHour + 17 * Time::kNanosPerSecond);
    }
    add(kCalls[0], kDayStartNs - 3 * Time::kNanosPerHour); // yesterday: not in "Today"

    Storage::StorageWriter writer(m_path);
    QVERIFY2(writer.start(&error), qPrintable(error.message));
    bool done = false;
    writer.submit(events, this, [&](const Storage::WriteResult &r) {
        QVERIFY2(!r.error, qPrintable(r.error.message));
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    writer.stop();
}

void TestExplorePage::init()
{
    m_page = std::make_unique<ExplorePage>(m_path, m_prices);
    QSignalSpy loaded(m_page.get(), &ExplorePage::tableLoaded);
    m_page->setClock([] { return kDayStartNs + 20 * Time::kNanosPerHour; });
    m_page->resize(1200, 800);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QTRY_VERIFY(!loaded.isEmpty());
    QTRY_COMPARE(m_page->model()->rowCount(), 2);
}

void TestExplorePage::cleanup()
{
    m_page.reset();
}

void TestExplorePage::drillFeatureToAgent()
{
    // Today by feature: checkout ($3.00 + $0.40 + $0.60) before search ($0.20).
    QCOMPARE(m_page->state().groupBy, QList<Dimension>{Dimension::Feature});
    QTableView *view = table();
    QVERIFY(view);
    QCOMPARE(keyColumn(*view->model(), 0), (QStringList{u"checkout"_s, u"search"_s}));
    const int cost = m_page->model()->columnOf(ExploreModel::CostFigure);
    QCOMPARE(view->model()->index(0, cost).data().toString(), u"$4.0000"_s);
    QCOMPARE(m_page->breadcrumbs(), QStringList{u"All"_s});
    QVERIFY(!m_page->canGoBack());
    QCOMPARE(m_page->chart()->categories(), (QStringList{u"search"_s, u"checkout"_s})); // top bar is last

    // A click on checkout's row: filtered to it, grouped by agent.
    QSignalSpy loaded(m_page.get(), &ExplorePage::tableLoaded);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(view->model()->index(0, 0)).center());
    QTRY_COMPARE(loaded.size(), 1);
    QCOMPARE(m_page->state().groupBy, QList<Dimension>{Dimension::Agent});
    QCOMPARE(m_page->currentQuery().filters.size(), 1);
    QCOMPARE(m_page->currentQuery().filters.first().value, u"checkout"_s);
    QCOMPARE(keyColumn(*view->model(), 0), (QStringList{u"planner"_s, u"coder"_s}));
    QCOMPARE(view->model()->index(0, cost).data().toString(), u"$3.0000"_s);
    QCOMPARE(view->model()->index(1, cost).data().toString(), u"$1.0000"_s);
    QCOMPARE(m_page->breadcrumbs(), (QStringList{u"All"_s, u"Feature: checkout"_s}));
    auto *crumb = m_page->findChild<QLabel *>(u"crumb1"_s);
    QVERIFY(crumb);
    QVERIFY(crumb->text().contains(u"Feature: checkout"_s));
    auto *featureFilter = m_page->findChild<QToolButton *>(u"exploreFilter-feature"_s);
    QCOMPARE(featureFilter->text(), u"Feature: checkout"_s);

    // Export what is shown, as `burnrate report` prints it.
    QString message;
    const QString json = m_dir.filePath(u"agents.json"_s);
    const QString csv = m_dir.filePath(u"agents.csv"_s);
    QVERIFY2(m_page->exportTo(json, ExplorePage::ExportFormat::Json, &message), qPrintable(message));
    QVERIFY2(m_page->exportTo(csv, ExplorePage::ExportFormat::Csv, &message), qPrintable(message));
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    const QJsonArray rows = QJsonDocument::fromJson(jsonFile.readAll()).array();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).toObject().value(u"agent"_s).toString(), u"planner"_s);
    QCOMPARE(rows.at(0).toObject().value(u"calls"_s).toInt(), 6);
    QCOMPARE(rows.at(0).toObject().value(u"cost_usd"_s).toDouble(), 3.0);
    QCOMPARE(rows.at(1).toObject().value(u"agent"_s).toString(), u"coder"_s);
    QCOMPARE(rows.at(1).toObject().keys().size(), 8);
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    QCOMPARE(
        csvFile.readAll(),
        QByteArray("agent,calls,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,cost_usd,"
                   "unpriced_calls\r\nplanner,6,12000,600,6000,0,3.000000,0\r\ncoder,6,12000,600,6000,0,"
                   "1.000000,0\r\n"));
    // A path that cannot be written is an error, and nothing is left behind.
    QVERIFY(
        !m_page->exportTo(m_dir.filePath(u"no/such/dir/x.csv"_s), ExplorePage::ExportFormat::Csv, &message));
    QVERIFY(message.contains(u"no/such/dir"_s));
    QCOMPARE(m_page->reportCommand().section(u' ', 6), u"--group-by agent --filter feature=checkout"_s);

    // Back: by feature again; forward: the drill-down again.
    auto *back = m_page->findChild<QToolButton *>(u"exploreBack"_s);
    auto *forward = m_page->findChild<QToolButton *>(u"exploreForward"_s);
    QVERIFY(back->isEnabled());
    QVERIFY(!forward->isEnabled());
    QTest::mouseClick(back, Qt::LeftButton);
    QTRY_COMPARE(loaded.size(), 2);
    QCOMPARE(keyColumn(*view->model(), 0), (QStringList{u"checkout"_s, u"search"_s}));
    QCOMPARE(m_page->breadcrumbs(), QStringList{u"All"_s});
    QVERIFY(forward->isEnabled());
    QTest::mouseClick(forward, Qt::LeftButton);
    QTRY_COMPARE(loaded.size(), 3);
    QCOMPARE(keyColumn(*view->model(), 0), (QStringList{u"planner"_s, u"coder"_s}));

    // Deeper (coder -> model) with a double click: one step, not two. Then the "All" crumb goes back to
    // the start as a new step.
    QTest::qWait(QApplication::doubleClickInterval()); // since the first drill-down
    const QPoint coder = view->visualRect(view->model()->index(1, 0)).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, coder);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, coder);
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, coder);
    QTRY_COMPARE(loaded.size(), 4);
    QTest::qWait(QApplication::doubleClickInterval());
    QCOMPARE(loaded.size(), 4);
    QCOMPARE(m_page->state().groupBy, QList<Dimension>{Dimension::Model});
    QCOMPARE(keyColumn(*view->model(), 0), (QStringList{u"claude-opus-4-5"_s, u"gpt-4.1-mini"_s}));
    QCOMPARE(m_page->breadcrumbs(), (QStringList{u"All"_s, u"Feature: checkout"_s, u"Agent: coder"_s}));
    auto *middle = m_page->findChild<QToolButton *>(u"crumb1"_s);
    QVERIFY(middle);
    QTest::mouseClick(middle, Qt::LeftButton);
    QTRY_COMPARE(loaded.size(), 5);
    QCOMPARE(m_page->breadcrumbs(), (QStringList{u"All"_s, u"Feature: checkout"_s}));
    QCOMPARE(m_page->state().groupBy, QList<Dimension>{Dimension::Agent});
    auto *all = m_page->findChild<QToolButton *>(u"crumb0"_s);
    QTest::mouseClick(all, Qt::LeftButton);
    QTRY_COMPARE(loaded.size(), 6);
    QCOMPARE(m_page->breadcrumbs(), QStringList{u"All"_s});
    QCOMPARE(m_page->state().groupBy, QList<Dimension>{Dimension::Feature});
    QVERIFY(m_page->currentQuery().filters.isEmpty());
    QVERIFY(!forward->isEnabled());
}

void TestExplorePage::filterPopupAndMultiValueFilter()
{
    m_page->setGroupBy({Dimension::Agent});
    QTRY_COMPARE(m_page->model()->rowCount(), 3);
    // The agent filter's popup lists today's agents, most expensive first; checking two filters on them.
    auto *button = m_page->findChild<QToolButton *>(u"exploreFilter-agent"_s);
    QVERIFY(button && button->menu());
    auto *list = button->menu()->findChild<QListView *>(u"filterValues"_s);
    QVERIFY(list);
    button->menu()->popup(button->mapToGlobal(QPoint(0, button->height())));
    QVERIFY(QTest::qWaitForWindowExposed(button->menu()));
    QTRY_COMPARE(list->model()->rowCount(), 3);
    QCOMPARE(keyColumn(*list->model(), 0), (QStringList{u"planner"_s, u"coder"_s, u"retriever"_s}));
    QSignalSpy loaded(m_page.get(), &ExplorePage::tableLoaded);
    // A click on a value's name checks it, as a click on its box does; both make one debounced query.
    const QRect coder = list->visualRect(list->model()->index(1, 0));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, QPoint(coder.right() - 10, coder.center().y()));
    QCOMPARE(list->model()->index(1, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    // On the box itself the view toggles it; the click must not toggle it back.
    QStyleOptionViewItem option;
    option.initFrom(list);
    option.rect = list->visualRect(list->model()->index(2, 0));
    option.features |= QStyleOptionViewItem::HasCheckIndicator;
    const QRect box = list->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, list);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, box.center());
    QCOMPARE(list->model()->index(2, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    button->menu()->hide();
    QTRY_COMPARE(loaded.size(), 1); // debounced: both checks make one query
    QCOMPARE(keyColumn(*table()->model(), 0), (QStringList{u"coder"_s, u"retriever"_s}));
    QCOMPARE(button->text(), u"Agent: 2 selected"_s);
    QCOMPARE(m_page->breadcrumbs(), QStringList{u"All"_s});
}

void TestExplorePage::timeGroupingDrawsBarsOverTime()
{
    m_page->setGroupBy({Dimension::Hour, Dimension::Feature});
    QTRY_VERIFY(m_page->chart()->isTimeChart());
    QTRY_COMPARE(m_page->state().groupBy.size(), 2);
    // Every hour of today is a bar; labels never repeat and fit.
    QCOMPARE(m_page->chart()->categories().size(), 24);
    const QStringList labels = m_page->chart()->axisLabels();
    QVERIFY(!labels.isEmpty());
    QCOMPARE(QSet<QString>(labels.cbegin(), labels.cend()).size(), labels.size());
    QCOMPARE(m_page->chart()->stackLabels(), (QStringList{u"checkout"_s, u"search"_s}));
    // The table is chronological; a bar of checkout at 08:00 drills into that hour and feature.
    QCOMPARE(table()->model()->index(0, 0).data().toString(), u"2026-03-20T08:00"_s);
    const QStringList keys = m_page->chart()->keysAt(0, 8);
    QCOMPARE(keys, (QStringList{u"2026-03-20T08:00"_s, u"checkout"_s}));
    QSignalSpy loaded(m_page.get(), &ExplorePage::tableLoaded);
    m_page->drillInto(keys);
    QTRY_COMPARE(loaded.size(), 1);
    QCOMPARE(m_page->breadcrumbs(), (QStringList{u"All"_s, u"Hour: 2026-03-20T08:00 · Feature: checkout"_s}));
    QCOMPARE(m_page->state().groupBy, QList<Dimension>{Dimension::Agent});
    QCOMPARE(keyColumn(*table()->model(), 0), (QStringList{u"planner"_s, u"coder"_s}));
}

void TestExplorePage::newestRequestWins()
{
    QSignalSpy loaded(m_page.get(), &ExplorePage::tableLoaded);
    m_page->setGroupBy({Dimension::Model});
    m_page->setGroupBy({Dimension::Provider});
    m_page->setGroupBy({Dimension::Agent});
    QTRY_COMPARE(loaded.size(), 1);
    QTest::qWait(200); // the superseded ones never arrive
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(m_page->model()->groupBy(), QList<Dimension>{Dimension::Agent});
}

void TestExplorePage::cacheAndWhatIfTabs()
{
    auto *tabs = m_page->findChild<QTabWidget *>(u"exploreTabs"_s);
    QSignalSpy cache(m_page.get(), &ExplorePage::cacheLoaded);
    tabs->setCurrentIndex(1);
    QTRY_COMPARE(cache.size(), 1);
    auto *cacheTable = m_page->findChild<QTableView *>(u"cacheTable"_s);
    // Provider, model and feature: gpt-4.1/checkout, gpt-4.1-mini/checkout and /search, opus/checkout.
    QCOMPARE(cacheTable->model()->rowCount(), 4);
    QVERIFY(m_page->findChild<QLabel *>(u"cacheSummary"_s)->text().contains(u"$"_s));

    QSignalSpy whatIf(m_page.get(), &ExplorePage::whatIfLoaded);
    tabs->setCurrentIndex(2);
    QTRY_COMPARE(whatIf.size(), 1);
    auto *reprice = m_page->findChild<QTableView *>(u"repriceTable"_s);
    QVERIFY(reprice->model()->rowCount() > 10);
    // 2000 tokens in and 100 out on gpt-4.1 ($8 output) and on Opus: routing candidates, most expensive
    // first; gpt-4.1-mini is not a frontier model.
    auto *routing = m_page->findChild<QTableView *>(u"routingTable"_s);
    QCOMPARE(keyColumn(*routing->model(), 1), (QStringList{u"gpt-4.1"_s, u"claude-opus-4-5"_s}));
    QCOMPARE(keyColumn(*routing->model(), 0), (QStringList{u"checkout"_s, u"checkout"_s}));
}

void TestExplorePage::showCalls()
{
    QSignalSpy calls(m_page.get(), &ExplorePage::callsRequested);
    m_page->drillInto({u"search"_s});
    QTRY_COMPARE(m_page->model()->rowCount(), 1);
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"exploreShowCalls"_s), Qt::LeftButton);
    QCOMPARE(calls.size(), 1);
    const auto query = calls.first().first().value<Storage::ReportQuery>();
    QVERIFY(query.groupBy.isEmpty());
    QCOMPARE(query.filters.size(), 1);
    QCOMPARE(query.filters.first().value, u"search"_s);
    QCOMPARE(query.sinceNs, kDayStartNs);
}

void TestExplorePage::longTablesAreCut()
{
    // The table lists the most expensive groups and the rest in one "Other" row; the shares count them
    // all, and export reads every group.
    m_page->setMaxTableRows(1);
    QSignalSpy loaded(m_page.get(), &ExplorePage::tableLoaded);
    m_page->refresh();
    QTRY_COMPARE(loaded.size(), 1);
    QCOMPARE(m_page->model()->rowCount(), 2);
    QCOMPARE(m_page->model()->index(0, 0).data().toString(), u"checkout"_s);
    QCOMPARE(m_page->model()->index(1, 0).data().toString(), u"Other (1 group)"_s);
    const int share = m_page->model()->columnOf(ExploreModel::ShareFigure);
    QCOMPARE(m_page->model()->index(0, share).data().toString(), u"95.2 %"_s); // $4.00 of $4.20
    QCOMPARE(m_page->model()->index(1, share).data().toString(), u"4.8 %"_s);
    const QLabel *status = m_page->findChild<QLabel *>(u"exploreStatus"_s);
    QVERIFY2(status->text().startsWith(u"2 groups"_s) && status->text().endsWith(u" · top 1 shown"_s),
             qPrintable(status->text()));
    QVERIFY2(status->toolTip().startsWith(u"The 1 most expensive groups are shown, the other 1 are summed in "
                                          u"“Other” rows; export has every group.\nLoaded in "_s),
             qPrintable(status->toolTip()));
    QString message;
    const QString json = m_dir.filePath(u"cut.json"_s);
    QVERIFY2(m_page->exportTo(json, ExplorePage::ExportFormat::Json, &message), qPrintable(message));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(file.readAll()).array().size(), 2);
}

QTEST_MAIN(TestExplorePage)
#include "tst_explorepage.moc"
