#include "explorepage.h"

#include "common/money.h"
#include "common/timeutil.h"
#include "explorechart.h"
#include "models/explorefiltermodel.h"
#include "models/exploreloader.h"
#include "models/exploretablemodel.h"
#include "pricing/pricetable.h"
#include "storage/cachesavings.h"
#include "storage/database.h"
#include "storage/whatif.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWidgetAction>
#include <algorithm>

namespace Burnrate::Widgets {

using Models::ExploreCell;
using Models::ExploreLoader;
using Models::ExploreModel;
using Storage::Dimension;
using Storage::ReportFilter;
using Storage::ReportQuery;
using Storage::ReportRow;
using Metric = ExploreModel::Metric;

namespace {

constexpr qint64 kDayNs = 24 * Time::kNanosPerHour;
constexpr int kMaxFilterValues = 1000; // values listed per filter; the search narrows them
constexpr int kRoutingRows = 20;

const QList<Dimension> kGroupable = {Dimension::Provider, Dimension::Model, Dimension::Feature,
                                     Dimension::Agent,    Dimension::User,  Dimension::Session,
                                     Dimension::Task,     Dimension::Day,   Dimension::Hour};
const QList<Dimension> kFilterable = {Dimension::Provider, Dimension::Model, Dimension::Feature,
                                      Dimension::Agent,    Dimension::User,  Dimension::Session,
                                      Dimension::Task};
const QList<Metric> kMetrics = {Metric::Cost, Metric::Tokens, Metric::Calls, Metric::CacheHitRate,
                                Metric::CostPerCall};

QTableView *makeTable(QAbstractItemModel *model, const QString &objectName, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setObjectName(objectName);
    table->setModel(model);
    table->setSortingEnabled(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setHighlightSections(false);
    return table;
}

QSortFilterProxyModel *sortedProxy(QAbstractItemModel *source, int sortRole, QObject *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(source);
    proxy->setSortRole(sortRole);
    proxy->setSortLocaleAware(true);
    return proxy;
}

QString percent(double share, const QLocale &locale)
{
    return ExplorePage::tr("%1 %").arg(locale.toString(share * 100, 'f', 1));
}

ExploreCell moneyCell(qint64 micros, const QLocale &locale)
{
    return {Money::formatUsdForDisplay(micros, locale), micros, true, {}};
}

ExploreCell countCell(qint64 n, const QLocale &locale)
{
    return {locale.toString(n), n, true, {}};
}

// Breadcrumbs and filter buttons stay short whatever the ids (sessions, traces) look like.
QString elided(const QString &text, int chars = 40)
{
    return text.size() > chars ? text.left(chars - 1) + u'…' : text;
}

QString shellQuote(const QString &s)
{
    static const QString safe = QStringLiteral("-_./:=@%+,");
    const bool plain = !s.isEmpty() && std::all_of(s.cbegin(), s.cend(), [](QChar c) {
        return c.isLetterOrNumber() || safe.contains(c);
    });
    if (plain)
        return s;
    QString quoted = s;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

} // namespace

ExplorePage::ExplorePage(QString databasePath, std::shared_ptr<const Pricing::PriceTable> prices,
                         QWidget *parent)
    : QWidget(parent)
    , m_databasePath(std::move(databasePath))
    , m_prices(std::move(prices))
    , m_clock([] { return Time::nowNs(); })
{
    setObjectName(QStringLiteral("explorePage"));
    m_loader = new ExploreLoader(m_databasePath, this);
    connect(m_loader, &ExploreLoader::connectionFailed, this, [this](const Error &error) {
        showError(QFileInfo::exists(m_databasePath)
                      ? error.message
                      : tr("No calls stored yet. Once agents send telemetry (or the demo runs), Explore "
                           "breaks their spend down here."));
    });
    connect(m_loader, &ExploreLoader::busyChanged, this, [this] {
        if (m_loader->isBusy(ExploreLoader::Kind::Table))
            m_status->setText(tr("Loading…"));
    });

    m_filterDebounce.setSingleShot(true);
    m_filterDebounce.setInterval(400);
    connect(&m_filterDebounce, &QTimer::timeout, this, &ExplorePage::applyFilterEdits);
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(1000);
    connect(&m_coalesce, &QTimer::timeout, this, &ExplorePage::refresh);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(8);
    layout->addWidget(buildControls());
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("exploreError"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("exploreTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildBreakdownTab(), tr("Breakdown"));
    m_tabs->addTab(buildCacheTab(), tr("Cache savings"));
    m_tabs->addTab(buildWhatIfTab(), tr("What-if"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { loadCurrentTab(); });
    layout->addWidget(m_tabs, 1);

    applyState();
}

ExplorePage::~ExplorePage() = default;

void ExplorePage::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
    refresh();
}

QWidget *ExplorePage::buildControls()
{
    auto *controls = new QWidget(this);
    auto *column = new QVBoxLayout(controls);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(6);

    // Back, forward, breadcrumbs, status.
    auto *top = new QHBoxLayout;
    top->setSpacing(4);
    m_back = new QToolButton(controls);
    m_back->setObjectName(QStringLiteral("exploreBack"));
    m_back->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    m_back->setToolTip(tr("Back (Alt+Left)"));
    m_back->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_back->setAutoRaise(true);
    connect(m_back, &QToolButton::clicked, this, &ExplorePage::back);
    m_forward = new QToolButton(controls);
    m_forward->setObjectName(QStringLiteral("exploreForward"));
    m_forward->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    m_forward->setToolTip(tr("Forward (Alt+Right)"));
    m_forward->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    m_forward->setAutoRaise(true);
    connect(m_forward, &QToolButton::clicked, this, &ExplorePage::forward);
    top->addWidget(m_back);
    top->addWidget(m_forward);
    auto *crumbs = new QWidget(controls);
    crumbs->setObjectName(QStringLiteral("exploreBreadcrumbs"));
    m_crumbRow = new QHBoxLayout(crumbs);
    m_crumbRow->setContentsMargins(4, 0, 0, 0);
    m_crumbRow->setSpacing(2);
    top->addWidget(crumbs);
    m_status = new QLabel(controls);
    m_status->setObjectName(QStringLiteral("exploreStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_status->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // never widens the window
    top->addWidget(m_status, 1);
    column->addLayout(top);

    // Range, grouping, metric, actions.
    auto *row = new QHBoxLayout;
    row->setSpacing(6);
    m_rangeCombo = new QComboBox(controls);
    m_rangeCombo->setObjectName(QStringLiteral("exploreRange"));
    m_rangeCombo->addItem(tr("Today"), int(Range::Today));
    m_rangeCombo->addItem(tr("Last 24 hours"), int(Range::Last24Hours));
    m_rangeCombo->addItem(tr("Last 7 days"), int(Range::Last7Days));
    m_rangeCombo->addItem(tr("Last 30 days"), int(Range::Last30Days));
    m_rangeCombo->addItem(tr("This month"), int(Range::ThisMonth));
    m_rangeCombo->addItem(tr("Custom…"), int(Range::Custom));
    connect(m_rangeCombo, &QComboBox::activated, this,
            [this](int index) { setRange(Range(m_rangeCombo->itemData(index).toInt())); });
    m_since = new QDateTimeEdit(controls);
    m_since->setObjectName(QStringLiteral("exploreSince"));
    m_until = new QDateTimeEdit(controls);
    m_until->setObjectName(QStringLiteral("exploreUntil"));
    for (QDateTimeEdit *edit : {m_since, m_until}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QLocale().dateTimeFormat(QLocale::ShortFormat));
        connect(edit, &QDateTimeEdit::editingFinished, this, [this] {
            if (!m_syncing)
                setCustomRange(Time::toNs(m_since->dateTime()), Time::toNs(m_until->dateTime()));
        });
    }
    auto *rangeLabel = new QLabel(tr("Range"), controls);
    rangeLabel->setBuddy(m_rangeCombo);
    row->addWidget(rangeLabel);
    row->addWidget(m_rangeCombo);
    row->addWidget(m_since);
    row->addWidget(m_until);
    row->addSpacing(12);

    m_groupCombo = new QComboBox(controls);
    m_groupCombo->setObjectName(QStringLiteral("exploreGroupBy"));
    m_thenCombo = new QComboBox(controls);
    m_thenCombo->setObjectName(QStringLiteral("exploreThenBy"));
    m_thenCombo->addItem(tr("(nothing)"), -1);
    for (Dimension d : kGroupable) {
        m_groupCombo->addItem(ExploreModel::dimensionTitle(d), int(d));
        m_thenCombo->addItem(ExploreModel::dimensionTitle(d), int(d));
    }
    const auto groupingEdited = [this] {
        if (m_syncing)
            return;
        QList<Dimension> groupBy{Dimension(m_groupCombo->currentData().toInt())};
        const int then = m_thenCombo->currentData().toInt();
        if (then >= 0 && Dimension(then) != groupBy.first())
            groupBy.append(Dimension(then));
        setGroupBy(groupBy);
    };
    connect(m_groupCombo, &QComboBox::activated, this, groupingEdited);
    connect(m_thenCombo, &QComboBox::activated, this, groupingEdited);
    auto *groupLabel = new QLabel(tr("Group by"), controls);
    groupLabel->setBuddy(m_groupCombo);
    row->addWidget(groupLabel);
    row->addWidget(m_groupCombo);
    auto *thenLabel = new QLabel(tr("then by"), controls);
    thenLabel->setBuddy(m_thenCombo);
    row->addWidget(thenLabel);
    row->addWidget(m_thenCombo);
    row->addSpacing(12);

    m_metricCombo = new QComboBox(controls);
    m_metricCombo->setObjectName(QStringLiteral("exploreMetric"));
    for (Metric m : kMetrics)
        m_metricCombo->addItem(ExploreModel::metricTitle(m), int(m));
    connect(m_metricCombo, &QComboBox::activated, this,
            [this](int index) { setMetric(Metric(m_metricCombo->itemData(index).toInt())); });
    auto *metricLabel = new QLabel(tr("Show"), controls);
    metricLabel->setBuddy(m_metricCombo);
    row->addWidget(metricLabel);
    row->addWidget(m_metricCombo);
    row->addStretch(1);
    column->addLayout(row);

    auto *calls = new QPushButton(tr("Show calls"), controls);
    calls->setObjectName(QStringLiteral("exploreShowCalls"));
    calls->setToolTip(tr("The individual calls behind the current selection"));
    connect(calls, &QPushButton::clicked, this, [this] {
        ReportQuery query = currentQuery();
        query.groupBy.clear();
        Q_EMIT callsRequested(query);
    });
    top->addSpacing(8);
    top->addWidget(calls);
    auto *exportButton = new QToolButton(controls);
    exportButton->setObjectName(QStringLiteral("exploreExport"));
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    exportButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *exportMenu = new QMenu(exportButton);
    const auto exportAs = [this](ExportFormat format) {
        const bool csv = format == ExportFormat::Csv;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the table"),
            csv ? QStringLiteral("burnrate-report.csv") : QStringLiteral("burnrate-report.json"),
            csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
        if (path.isEmpty())
            return;
        QString message;
        if (!exportTo(path, format, &message))
            showError(message);
        else
            m_status->setText(tr("Exported the table to %1").arg(path));
    };
    exportMenu->addAction(tr("As CSV…"), this, [exportAs] { exportAs(ExportFormat::Csv); });
    exportMenu->addAction(tr("As JSON…"), this, [exportAs] { exportAs(ExportFormat::Json); });
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Copy as a burnrate report command"), this, [this] {
        QApplication::clipboard()->setText(reportCommand());
        m_status->setText(tr("Copied: %1").arg(reportCommand()));
    });
    exportButton->setMenu(exportMenu);
    top->addWidget(exportButton);

    // One filter button per dimension.
    auto *filters = new QHBoxLayout;
    filters->setSpacing(4);
    auto *filterLabel = new QLabel(tr("Filters"), controls);
    filters->addWidget(filterLabel);
    for (Dimension d : kFilterable)
        buildFilterButton(d, filters);
    m_clearFilters = new QToolButton(controls);
    m_clearFilters->setObjectName(QStringLiteral("exploreClearFilters"));
    m_clearFilters->setText(tr("Clear all"));
    m_clearFilters->setAutoRaise(true);
    connect(m_clearFilters, &QToolButton::clicked, this, [this] {
        State next = state();
        next.filters.clear();
        next.crumbs.clear();
        navigate(next);
    });
    filters->addWidget(m_clearFilters);
    filters->addStretch(1);
    column->addLayout(filters);
    return controls;
}

void ExplorePage::buildFilterButton(Dimension dimension, QHBoxLayout *row)
{
    FilterUi ui;
    ui.button = new QToolButton(this);
    ui.button->setObjectName(QStringLiteral("exploreFilter-") + Storage::dimensionName(dimension));
    ui.button->setPopupMode(QToolButton::InstantPopup);
    ui.button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    ui.model = new Models::ExploreFilterModel(ExploreModel::noneLabel(dimension), this);
    ui.proxy = new QSortFilterProxyModel(this);
    ui.proxy->setSourceModel(ui.model);
    ui.proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto *menu = new QMenu(ui.button);
    auto *panel = new QWidget(menu);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *search = new QLineEdit(panel);
    search->setObjectName(QStringLiteral("filterSearch"));
    search->setPlaceholderText(tr("Search…"));
    search->setClearButtonEnabled(true);
    auto *searchDebounce = new QTimer(search);
    searchDebounce->setSingleShot(true);
    searchDebounce->setInterval(200);
    connect(search, &QLineEdit::textChanged, searchDebounce, qOverload<>(&QTimer::start));
    connect(searchDebounce, &QTimer::timeout, this,
            [proxy = ui.proxy, search] { proxy->setFilterFixedString(search->text()); });
    auto *list = new QListView(panel);
    list->setObjectName(QStringLiteral("filterValues"));
    list->setModel(ui.proxy);
    list->setMinimumSize(280, 240);
    list->setUniformItemSizes(true);
    // A click anywhere on a value toggles it, not only on its box (where the view toggles it itself).
    const auto stateAtPress = std::make_shared<QVariant>();
    connect(list, &QListView::pressed, list,
            [stateAtPress](const QModelIndex &index) { *stateAtPress = index.data(Qt::CheckStateRole); });
    connect(list, &QListView::clicked, list, [stateAtPress, proxy = ui.proxy](const QModelIndex &index) {
        const QVariant now = index.data(Qt::CheckStateRole);
        if (now == *stateAtPress)
            proxy->setData(index, now.toInt() == Qt::Checked ? Qt::Unchecked : Qt::Checked,
                           Qt::CheckStateRole);
    });
    ui.hint = new QLabel(panel);
    ui.hint->setWordWrap(true);
    ui.hint->setForegroundRole(QPalette::PlaceholderText);
    auto *clear = new QPushButton(tr("Clear"), panel);
    connect(clear, &QPushButton::clicked, this, [this, dimension] {
        m_filters[int(dimension)].model->setChecked({});
        m_filterDebounce.start();
    });
    layout->addWidget(search);
    layout->addWidget(list);
    layout->addWidget(ui.hint);
    layout->addWidget(clear, 0, Qt::AlignRight);
    auto *action = new QWidgetAction(menu);
    action->setDefaultWidget(panel);
    menu->addAction(action);
    connect(menu, &QMenu::aboutToShow, this, [this, dimension, search] {
        search->clear();
        search->setFocus();
        loadValues(dimension);
    });
    connect(menu, &QMenu::aboutToHide, this, [this] {
        if (m_filterDebounce.isActive()) {
            m_filterDebounce.stop();
            applyFilterEdits();
        }
    });
    ui.button->setMenu(menu);
    connect(ui.model, &Models::ExploreFilterModel::checkedChanged, &m_filterDebounce,
            qOverload<>(&QTimer::start));
    row->addWidget(ui.button);
    m_filters.insert(int(dimension), ui);
}

QWidget *ExplorePage::buildBreakdownTab()
{
    auto *tab = new QWidget(this);
    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 6, 0, 0);
    m_model = new ExploreModel(this);
    m_model->setObjectName(QStringLiteral("exploreModel"));
    m_sorted = new Models::ExploreSortModel(m_model, this);
    auto *splitter = new QSplitter(Qt::Vertical, tab);
    m_chart = new ExploreChart(splitter);
    connect(m_chart, &ExploreChart::barClicked, this, [this](const QStringList &keys) {
        if (m_lastDrill.isValid() && m_lastDrill.elapsed() < QApplication::doubleClickInterval())
            return;
        m_lastDrill.start();
        drillInto(keys);
    });
    auto *tableBox = new QWidget(splitter);
    auto *tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    m_empty = new QLabel(tableBox);
    m_empty->setObjectName(QStringLiteral("exploreEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->hide();
    m_table = makeTable(m_sorted, QStringLiteral("exploreTable"), tableBox);
    // Columns fit every row, the "Other" rows after the top 1,000 too (by default Qt measures 1,000).
    m_table->horizontalHeader()->setResizeContentsPrecision(-1);
    m_table->setToolTip(tr("Click a row to drill down; right-click for more"));
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    // A click drills down, and so does Enter; a double click is one drill-down, not two.
    const auto drillRow = [this](const QModelIndex &index) {
        if (m_lastDrill.isValid() && m_lastDrill.elapsed() < QApplication::doubleClickInterval())
            return;
        m_lastDrill.start();
        drillInto(index.data(ExploreModel::KeysRole).toStringList());
    };
    connect(m_table, &QTableView::clicked, this, drillRow);
    connect(m_table, &QTableView::activated, this, drillRow);
    connect(m_table, &QTableView::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_table->indexAt(pos);
        if (!index.isValid() || index.data(ExploreModel::OtherGroupsRole).toLongLong() > 0)
            return; // an "Other" row is no one group to break down or list the calls of
        const QStringList keys = index.data(ExploreModel::KeysRole).toStringList();
        QMenu menu(this);
        QMenu *by = menu.addMenu(tr("Break down by"));
        for (Dimension d : kGroupable) {
            by->addAction(ExploreModel::dimensionTitle(d), this, [this, keys, d] {
                drillInto(keys);
                setGroupBy({d});
            });
        }
        menu.addAction(tr("Show calls"), this, [this, keys] {
            ReportQuery query = currentQuery();
            for (qsizetype i = 0; i < keys.size() && i < query.groupBy.size(); ++i)
                query.filters.append({query.groupBy.at(i), keys.at(i)});
            query.groupBy.clear();
            Q_EMIT callsRequested(query);
        });
        menu.exec(m_table->viewport()->mapToGlobal(pos));
    });
    tableLayout->addWidget(m_empty);
    tableLayout->addWidget(m_table, 1);
    splitter->addWidget(m_chart);
    splitter->addWidget(tableBox);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter);
    return tab;
}

QWidget *ExplorePage::buildCacheTab()
{
    auto *tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("exploreCacheTab"));
    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 6, 0, 0);
    m_cacheSummary = new QLabel(tab);
    m_cacheSummary->setObjectName(QStringLiteral("cacheSummary"));
    m_cacheSummary->setWordWrap(true);
    layout->addWidget(m_cacheSummary);
    auto *splitter = new QSplitter(Qt::Vertical, tab);
    m_hitRateChart = new ExploreChart(splitter);
    m_hitRateChart->setObjectName(QStringLiteral("hitRateChart"));
    m_hitRateChart->setTitle(tr("Cache hit rate (share of input tokens read from the cache)"));
    m_cacheModel = new Models::ExploreTableModel(this);
    m_cacheTable = makeTable(sortedProxy(m_cacheModel, Models::ExploreTableModel::SortRole, this),
                             QStringLiteral("cacheTable"), splitter);
    splitter->addWidget(m_hitRateChart);
    splitter->addWidget(m_cacheTable);
    layout->addWidget(splitter, 1);
    return tab;
}

QWidget *ExplorePage::buildWhatIfTab()
{
    auto *tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("exploreWhatIfTab"));
    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 6, 0, 0);
    m_whatIfSummary = new QLabel(tab);
    m_whatIfSummary->setObjectName(QStringLiteral("whatIfSummary"));
    m_whatIfSummary->setWordWrap(true);
    layout->addWidget(m_whatIfSummary);
    m_repriceModel = new Models::ExploreTableModel(this);
    m_repriceTable = makeTable(sortedProxy(m_repriceModel, Models::ExploreTableModel::SortRole, this),
                               QStringLiteral("repriceTable"), tab);
    layout->addWidget(m_repriceTable, 3);
    m_routingSummary = new QLabel(tab);
    m_routingSummary->setObjectName(QStringLiteral("routingSummary"));
    m_routingSummary->setWordWrap(true);
    layout->addWidget(m_routingSummary);
    m_routingModel = new Models::ExploreTableModel(this);
    m_routingTable = makeTable(sortedProxy(m_routingModel, Models::ExploreTableModel::SortRole, this),
                               QStringLiteral("routingTable"), tab);
    layout->addWidget(m_routingTable, 2);
    return tab;
}

ReportQuery ExplorePage::currentQuery() const
{
    const State &s = state();
    ReportQuery query;
    query.zone = m_zone;
    query.groupBy = s.groupBy;
    query.filters = s.filters;
    const qint64 now = m_clock();
    const QDate today = Time::fromNs(now, m_zone).date();
    switch (s.range) {
    case Range::Today:
        query.sinceNs = Time::toNs(today.startOfDay(m_zone));
        query.untilNs = Time::toNs(today.addDays(1).startOfDay(m_zone));
        break;
    case Range::Last24Hours:
        query.sinceNs = now - kDayNs;
        query.untilNs = now + 1;
        break;
    case Range::Last7Days:
        query.sinceNs = now - 7 * kDayNs;
        query.untilNs = now + 1;
        break;
    case Range::Last30Days:
        query.sinceNs = now - 30 * kDayNs;
        query.untilNs = now + 1;
        break;
    case Range::ThisMonth: {
        const QDate first(today.year(), today.month(), 1);
        query.sinceNs = Time::toNs(first.startOfDay(m_zone));
        query.untilNs = Time::toNs(first.addMonths(1).startOfDay(m_zone));
        break;
    }
    case Range::Custom:
        query.sinceNs = s.customSinceNs;
        query.untilNs = s.customUntilNs;
        break;
    }
    return query;
}

QString ExplorePage::keyText(Dimension d, const QString &value) const
{
    return value.isEmpty() ? ExploreModel::noneLabel(d) : value;
}

QString ExplorePage::crumbText(const Crumb &crumb) const
{
    QStringList parts;
    for (const ReportFilter &f : crumb.filters)
        parts << tr("%1: %2").arg(ExploreModel::dimensionTitle(f.dimension), keyText(f.dimension, f.value));
    return parts.join(QStringLiteral(" · "));
}

QStringList ExplorePage::breadcrumbs() const
{
    QStringList texts{tr("All")};
    for (const Crumb &c : state().crumbs)
        texts << crumbText(c);
    return texts;
}

Dimension ExplorePage::nextDimension(Dimension from, const QList<ReportFilter> &filters)
{
    QList<Dimension> order;
    switch (from) {
    case Dimension::Provider:
        order = {Dimension::Model, Dimension::Feature};
        break;
    case Dimension::Model:
        order = {Dimension::Feature, Dimension::Agent};
        break;
    case Dimension::Feature:
        order = {Dimension::Agent, Dimension::Model};
        break;
    case Dimension::Agent:
        order = {Dimension::Model, Dimension::Task, Dimension::Session};
        break;
    case Dimension::User:
        order = {Dimension::Session, Dimension::Feature};
        break;
    case Dimension::Session:
        order = {Dimension::Task, Dimension::Agent, Dimension::Model};
        break;
    case Dimension::Task:
        order = {Dimension::Agent, Dimension::Model};
        break;
    case Dimension::Day:
        order = {Dimension::Hour, Dimension::Feature};
        break;
    default:
        order = {Dimension::Feature};
        break;
    }
    order << Dimension::Feature << Dimension::Agent << Dimension::Model << Dimension::Provider
          << Dimension::User << Dimension::Session << Dimension::Task;
    for (Dimension d : std::as_const(order)) {
        const bool pinned = std::any_of(filters.cbegin(), filters.cend(),
                                        [d](const ReportFilter &f) { return f.dimension == d; });
        if (d != from && !pinned)
            return d;
    }
    return Dimension::Model;
}

void ExplorePage::drillInto(const QStringList &keys)
{
    const State &current = state();
    if (keys.isEmpty() || current.groupBy.isEmpty())
        return;
    State next = current;
    Crumb crumb{{}, current.groupBy};
    for (qsizetype i = 0; i < keys.size() && i < current.groupBy.size(); ++i) {
        const Dimension d = current.groupBy.at(i);
        next.filters.removeIf([d](const ReportFilter &f) { return f.dimension == d; });
        const ReportFilter filter{d, keys.at(i).isNull() ? QString() : keys.at(i)};
        next.filters.append(filter);
        crumb.filters.append(filter);
    }
    next.crumbs.append(crumb);
    next.groupBy = {nextDimension(current.groupBy.at(crumb.filters.size() - 1), next.filters)};
    navigate(next);
}

void ExplorePage::goToCrumb(int index)
{
    const State &current = state();
    if (index < 0 || index >= current.crumbs.size() + 1 || index == current.crumbs.size())
        return;
    State next = current;
    // Drop the later steps' filters, group as the step after `index` did before it narrowed further.
    for (qsizetype i = index; i < current.crumbs.size(); ++i) {
        for (const ReportFilter &f : current.crumbs.at(i).filters) {
            next.filters.removeIf(
                [&f](const ReportFilter &g) { return g.dimension == f.dimension && g.value == f.value; });
        }
    }
    next.groupBy = current.crumbs.at(index).groupByBefore;
    next.crumbs = current.crumbs.mid(0, index);
    navigate(next);
}

void ExplorePage::setRange(Range range)
{
    State next = state();
    if (range == Range::Custom && next.range != Range::Custom) {
        const ReportQuery now = currentQuery(); // start from what is shown
        next.customSinceNs = now.sinceNs;
        next.customUntilNs = now.untilNs;
    }
    next.range = range;
    navigate(next);
}

void ExplorePage::setCustomRange(qint64 sinceNs, qint64 untilNs)
{
    State next = state();
    next.range = Range::Custom;
    next.customSinceNs = sinceNs;
    next.customUntilNs = std::max(untilNs, sinceNs);
    navigate(next);
}

void ExplorePage::setGroupBy(const QList<Dimension> &groupBy)
{
    if (groupBy.isEmpty())
        return;
    State next = state();
    next.groupBy = groupBy.mid(0, 2);
    navigate(next);
}

void ExplorePage::setMetric(Metric metric)
{
    State next = state();
    next.metric = metric;
    navigate(next);
}

void ExplorePage::setFilter(Dimension dimension, const QStringList &values)
{
    State next = state();
    next.filters.removeIf([dimension](const ReportFilter &f) { return f.dimension == dimension; });
    for (const QString &v : values)
        next.filters.append({dimension, v.isNull() ? QString() : v});
    // A drill-down step whose filter was removed is no longer on the path.
    next.crumbs.removeIf([&next](const Crumb &c) {
        return std::any_of(c.filters.cbegin(), c.filters.cend(), [&next](const ReportFilter &f) {
            return std::none_of(next.filters.cbegin(), next.filters.cend(), [&f](const ReportFilter &g) {
                return g.dimension == f.dimension && g.value == f.value;
            });
        });
    });
    navigate(next);
}

void ExplorePage::applyFilterEdits()
{
    State next = state();
    for (Dimension d : kFilterable) {
        const QStringList checked = m_filters.value(int(d)).model->checked();
        QStringList current;
        for (const ReportFilter &f : state().filters) {
            if (f.dimension == d)
                current << f.value;
        }
        QStringList normalized;
        for (const QString &v : checked)
            normalized << (v.isNull() ? QString() : v);
        if (normalized != current) {
            setFilter(d, checked);
            return; // setFilter navigated; one filter edit at a time is all a popup can make
        }
    }
}

void ExplorePage::navigate(State next)
{
    m_history.resize(m_historyAt + 1);
    m_history.append(std::move(next));
    m_historyAt = m_history.size() - 1;
    applyState();
}

void ExplorePage::back()
{
    if (!canGoBack())
        return;
    --m_historyAt;
    applyState();
}

void ExplorePage::forward()
{
    if (!canGoForward())
        return;
    ++m_historyAt;
    applyState();
}

void ExplorePage::applyState()
{
    const State &s = state();
    m_syncing = true;
    m_back->setEnabled(canGoBack());
    m_forward->setEnabled(canGoForward());
    m_rangeCombo->setCurrentIndex(m_rangeCombo->findData(int(s.range)));
    const bool custom = s.range == Range::Custom;
    m_since->setVisible(custom);
    m_until->setVisible(custom);
    if (custom) {
        m_since->setDateTime(Time::fromNs(s.customSinceNs, m_zone));
        m_until->setDateTime(Time::fromNs(s.customUntilNs, m_zone));
    }
    m_groupCombo->setCurrentIndex(m_groupCombo->findData(int(s.groupBy.value(0))));
    m_thenCombo->setCurrentIndex(s.groupBy.size() > 1 ? m_thenCombo->findData(int(s.groupBy.at(1))) : 0);
    m_metricCombo->setCurrentIndex(m_metricCombo->findData(int(s.metric)));
    for (Dimension d : kFilterable) {
        QStringList values;
        for (const ReportFilter &f : s.filters) {
            if (f.dimension == d)
                values << (f.value.isEmpty() ? QString() : f.value);
        }
        m_filters[int(d)].model->setChecked(values);
        updateFilterButton(d);
    }
    m_clearFilters->setEnabled(!s.filters.isEmpty());
    m_syncing = false;
    updateBreadcrumbs();
    m_model->setMetric(s.metric);
    refresh();
}

void ExplorePage::updateFilterButton(Dimension d)
{
    const FilterUi &ui = m_filters[int(d)];
    const QStringList checked = ui.model->checked();
    const QString title = ExploreModel::dimensionTitle(d);
    QString text = title;
    if (checked.size() == 1) {
        QString value = keyText(d, checked.first());
        if (value.size() > 24)
            value = value.left(23) + u'…';
        text = tr("%1: %2").arg(title, value);
    } else if (checked.size() > 1) {
        text = tr("%1: %2 selected").arg(title).arg(checked.size());
    }
    ui.button->setText(text);
    QFont font = ui.button->font();
    font.setBold(!checked.isEmpty());
    ui.button->setFont(font);
}

void ExplorePage::updateBreadcrumbs()
{
    while (QLayoutItem *item = m_crumbRow->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QStringList texts = breadcrumbs();
    for (int i = 0; i < int(texts.size()); ++i) {
        if (i > 0) {
            auto *separator = new QLabel(QStringLiteral("›"), m_crumbRow->parentWidget());
            m_crumbRow->addWidget(separator);
        }
        if (i + 1 == texts.size()) { // where we are: not a link
            auto *here = new QLabel(u"<b>" + elided(texts.at(i)).toHtmlEscaped() + u"</b>",
                                    m_crumbRow->parentWidget());
            here->setToolTip(texts.at(i));
            here->setObjectName(QStringLiteral("crumb") + QString::number(i));
            m_crumbRow->addWidget(here);
            break;
        }
        auto *crumb = new QToolButton(m_crumbRow->parentWidget());
        crumb->setObjectName(QStringLiteral("crumb") + QString::number(i));
        crumb->setText(elided(texts.at(i)));
        crumb->setToolTip(texts.at(i));
        crumb->setAutoRaise(true);
        connect(crumb, &QToolButton::clicked, this, [this, i] { goToCrumb(i); });
        m_crumbRow->addWidget(crumb);
    }
}

void ExplorePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void ExplorePage::scheduleRefresh()
{
    if (isVisible()) {
        if (!m_coalesce.isActive())
            m_coalesce.start();
    } else {
        m_stale = true;
    }
}

void ExplorePage::refresh()
{
    if (!isVisible()) { // the queries wait until the screen is shown
        m_stale = true;
        return;
    }
    m_stale = false;
    loadTable();
    loadCurrentTab();
}

void ExplorePage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

QStringList ExplorePage::timeBuckets(const ReportQuery &query) const
{
    QStringList keys;
    if (query.groupBy.isEmpty() || !isTime(query.groupBy.first()) || query.untilNs <= query.sinceNs)
        return keys;
    if (query.groupBy.first() == Dimension::Day) {
        const QDate last = Time::fromNs(query.untilNs - 1, m_zone).date();
        for (QDate d = Time::fromNs(query.sinceNs, m_zone).date(); d <= last && keys.size() < 400;
             d = d.addDays(1))
            keys << d.toString(Qt::ISODate);
        return keys;
    }
    const qint64 hours = (query.untilNs - query.sinceNs) / Time::kNanosPerHour;
    if (hours > 24 * 62)
        return keys; // too many to draw as bars; the chart shows the hours that have calls
    // UTC hours stepped through, so a zone's repeated or skipped hour comes out as the report names it.
    for (qint64 t = query.sinceNs - query.sinceNs % (Time::kNanosPerHour / 2); t < query.untilNs;
         t += Time::kNanosPerHour / 2) {
        const QString key =
            Time::fromNs(std::max(t, query.sinceNs), m_zone).toString(QStringLiteral("yyyy-MM-dd'T'HH:00"));
        if (keys.isEmpty() || keys.last() != key)
            keys << key;
    }
    return keys;
}

void ExplorePage::loadTable()
{
    ReportQuery query = currentQuery();
    // A month by session has 834 k groups: the table and chart take the most expensive ones and the rest
    // summed per first key ("Other" rows), export all of them. Days and hours alone are few and all drawn.
    if (std::any_of(query.groupBy.cbegin(), query.groupBy.cend(), [](Dimension d) { return !isTime(d); }))
        query.limit = m_maxTableRows;
    const Metric metric = state().metric;
    const QStringList buckets = timeBuckets(query);
    m_loader->submit(ExploreLoader::Kind::Table, [this, query, metric, buckets](const QSqlDatabase &db) {
        QElapsedTimer clock;
        clock.start();
        Error error;
        std::optional<QList<ReportRow>> rows = Storage::runReport(db, query, &error);
        const qint64 ms = clock.elapsed();
        return ExploreLoader::Deliver([this, query, metric, buckets, rows = std::move(rows), error, ms] {
            if (!rows) {
                showError(error.message);
                m_status->clear();
                return;
            }
            showError({});
            qint64 total = 0;
            qint64 calls = 0;
            qint64 groups = 0;
            qint64 summed = 0; // groups in "Other" rows
            for (const ReportRow &r : *rows) {
                total += r.costMicros;
                calls += r.calls;
                groups += std::max<qint64>(r.otherGroups, 1);
                summed += r.otherGroups;
            }
            m_rows = *rows;
            m_rowsQuery = query;
            m_model->setReport(query.groupBy, *rows, total);
            const bool chronological = isTime(query.groupBy.value(0));
            m_table->sortByColumn(chronological ? 0 : m_model->columnOf(metric),
                                  chronological ? Qt::AscendingOrder : Qt::DescendingOrder);
            m_chart->setData(query.groupBy, *rows, metric, buckets);
            m_chart->setTitle(query.groupBy.size() == 2 && ExploreModel::isRatio(metric)
                                  ? tr("%1 by %2")
                                        .arg(ExploreModel::metricTitle(metric),
                                             ExploreModel::dimensionTitle(query.groupBy.first()))
                                  : QString());
            const QLocale locale;
            m_empty->setText(
                tr("No calls between %1 and %2 with these filters.")
                    .arg(locale.toString(Time::fromNs(query.sinceNs, m_zone), QLocale::ShortFormat),
                         locale.toString(Time::fromNs(query.untilNs, m_zone), QLocale::ShortFormat)));
            m_empty->setVisible(rows->isEmpty());
            // Short beside the breadcrumbs; the tooltip says the rest.
            const QString shown =
                summed > 0 ? u" · " + tr("top %1 shown").arg(locale.toString(query.limit)) : QString();
            const QString cut =
                summed > 0 ? tr("The %1 most expensive groups are shown, the other %2 are summed in “Other” "
                                "rows; export has every group.")
                                     .arg(locale.toString(query.limit), locale.toString(summed)) +
                                 u'\n'
                           : QString();
            m_status->setText(
                (groups == 1 ? tr("1 group") : tr("%1 groups").arg(locale.toString(groups))) + u", " +
                (calls == 1 ? tr("%1 in 1 call").arg(Money::formatUsdForDisplay(total, locale))
                            : tr("%1 in %2 calls")
                                  .arg(Money::formatUsdForDisplay(total, locale), locale.toString(calls))) +
                shown);
            m_status->setToolTip(cut + tr("Loaded in %1 ms").arg(ms));
            if (m_tabs->currentIndex() == 2)
                loadWhatIf(); // repricing works on the table's totals
            Q_EMIT tableLoaded();
        });
    });
}

void ExplorePage::loadCurrentTab()
{
    if (m_tabs->currentIndex() == 1)
        loadCache();
    else if (m_tabs->currentIndex() == 2)
        loadWhatIf();
}

void ExplorePage::loadCache()
{
    if (!m_prices)
        return;
    const ReportQuery query = currentQuery();
    const Dimension bucket = query.untilNs - query.sinceNs <= 2 * kDayNs ? Dimension::Hour : Dimension::Day;
    const QStringList buckets = timeBuckets(ReportQuery{query.sinceNs, query.untilNs, {bucket}, {}, m_zone});
    m_loader->submit(ExploreLoader::Kind::Cache, [this, query, bucket, buckets,
                                                  prices = m_prices](const QSqlDatabase &db) {
        Error error;
        std::optional<Storage::CacheSavingsReport> report =
            Storage::loadCacheSavings(db, *prices, query, bucket, &error);
        return ExploreLoader::Deliver([this, report = std::move(report), error, bucket, buckets] {
            if (!report) {
                showError(error.message);
                return;
            }
            const QLocale locale;
            const double rate =
                report->inputTokens > 0 ? double(report->cacheReadTokens) / double(report->inputTokens) : 0.0;
            m_cacheSummary->setText(
                tr("Prompt caching saved <b>%1</b> in this selection: %2 input tokens were read from the "
                   "cache "
                   "(hit rate %3) at the cache-read price instead of the full input price, net of what cache "
                   "writes cost above it. Prices from the price table, per model and day.")
                    .arg(Money::formatUsdForDisplay(report->savedMicros, locale),
                         locale.toString(report->cacheReadTokens), percent(rate, locale)));
            QList<ReportRow> points;
            for (const Storage::CacheHitPoint &p : report->hitRate) {
                ReportRow r;
                r.keys = {p.key};
                r.calls = 1;
                r.inputTokens = p.inputTokens;
                r.cacheReadTokens = p.cacheReadTokens;
                points << r;
            }
            m_hitRateChart->setData({bucket}, points, Metric::CacheHitRate, buckets);
            QList<QList<ExploreCell>> rows;
            for (const Storage::CacheSavingsRow &r : report->rows) {
                const double hit =
                    r.inputTokens > 0 ? double(r.cacheReadTokens) / double(r.inputTokens) : 0.0;
                ExploreCell saved = moneyCell(r.savedMicros, locale);
                if (!r.priced) {
                    saved.text = tr("unpriced");
                    saved.toolTip =
                        tr("No price is known for this model, so what caching saved cannot be named.");
                }
                rows.append({{keyText(Dimension::Provider, r.provider), {}, false, {}},
                             {keyText(Dimension::Model, r.model), {}, false, {}},
                             {keyText(Dimension::Feature, r.feature), {}, false, {}},
                             countCell(r.cacheReadTokens, locale),
                             countCell(r.cacheWriteTokens, locale),
                             {percent(hit, locale), hit, true, {}},
                             moneyCell(r.costMicros, locale),
                             saved});
            }
            m_cacheModel->setTable({tr("Provider"), tr("Model"), tr("Feature"), tr("Cache reads"),
                                    tr("Cache writes"), tr("Hit rate"), tr("Cost"), tr("Saved")},
                                   rows);
            m_cacheTable->sortByColumn(7, Qt::DescendingOrder);
            Q_EMIT cacheLoaded();
        });
    });
}

void ExplorePage::loadWhatIf()
{
    if (!m_prices)
        return;
    const ReportQuery query = currentQuery();
    const QDate day = Time::fromNs(std::max(query.untilNs - 1, query.sinceNs), m_zone).date();
    ReportRow totals;
    for (const ReportRow &r : std::as_const(m_rows))
        totals.addSums(r);
    const QLocale locale;
    QString summary =
        tr("What the calls of this selection (%7 calls; %1 input tokens, of which %2 cache reads and %3 "
           "cache "
           "writes; %4 output tokens) would have cost on each model, at its price on %5. They cost %6. "
           "Assumes the "
           "same token counts (another model's tokenizer counts differently), the same cache hits, and cache "
           "reads and writes at the model's own cache rates.")
            .arg(locale.toString(totals.inputTokens), locale.toString(totals.cacheReadTokens),
                 locale.toString(totals.cacheWriteTokens), locale.toString(totals.outputTokens),
                 locale.toString(day, QLocale::ShortFormat),
                 Money::formatUsdForDisplay(totals.costMicros, locale), locale.toString(totals.calls));
    if (totals.unpricedCalls > 0)
        summary += u' ' + tr("Calls without a known price (%1) count as $0 in what they cost.")
                              .arg(locale.toString(totals.unpricedCalls));
    m_whatIfSummary->setText(summary);
    QList<QList<ExploreCell>> rows;
    for (const Storage::RepricedModel &m : Storage::repriceOnEveryModel(totals, *m_prices, day)) {
        const qint64 difference = m.costMicros - totals.costMicros;
        const double change = totals.costMicros > 0 ? double(difference) / double(totals.costMicros) : 0.0;
        ExploreCell differenceCell = moneyCell(difference, locale);
        if (difference > 0)
            differenceCell.text = u'+' + differenceCell.text;
        rows.append(
            {{m.price.provider, {}, false, {}},
             {m.price.model, {}, false, m.price.source},
             moneyCell(m.costMicros, locale),
             differenceCell,
             {totals.costMicros > 0 ? (change > 0 ? QStringLiteral("+") : QString()) + percent(change, locale)
                                    : QString(),
              change,
              true,
              {}}});
    }
    m_repriceModel->setTable({tr("Provider"), tr("Model"), tr("Would cost"), tr("Difference"), tr("Change")},
                             rows);
    m_repriceTable->sortByColumn(2, Qt::AscendingOrder);

    m_loader->submit(ExploreLoader::Kind::WhatIf, [this, query, day,
                                                   prices = m_prices](const QSqlDatabase &db) {
        Error error;
        std::optional<QList<Storage::RoutingCandidate>> candidates =
            Storage::findRoutingCandidates(db, *prices, query, day, kRoutingRows, &error);
        return ExploreLoader::Deliver([this, candidates = std::move(candidates), error] {
            if (!candidates) {
                showError(error.message);
                return;
            }
            const QLocale locale;
            m_routingSummary->setText(
                candidates->isEmpty()
                    ? tr("<b>Routing candidates</b>: none. No feature in this selection sends short calls "
                         "(at most %1 tokens in and %2 out on average) to a frontier or reasoning model "
                         "(output from $8 per million tokens).")
                          .arg(locale.toString(Storage::kShortInputTokens),
                               locale.toString(Storage::kShortOutputTokens))
                    : tr("<b>Routing candidates</b>: features sending short calls (at most %1 tokens in and "
                         "%2 out on average) to a frontier or reasoning model (output from $8 per million "
                         "tokens), most expensive first, with the same provider's cheapest smaller model.")
                          .arg(locale.toString(Storage::kShortInputTokens),
                               locale.toString(Storage::kShortOutputTokens)));
            QList<QList<ExploreCell>> rows;
            for (const Storage::RoutingCandidate &c : *candidates) {
                rows.append(
                    {{keyText(Dimension::Feature, c.feature), {}, false, {}},
                     {c.model, {}, false, c.provider},
                     countCell(c.calls, locale),
                     countCell(c.calls > 0 ? c.inputTokens / c.calls : 0, locale),
                     countCell(c.calls > 0 ? c.outputTokens / c.calls : 0, locale),
                     moneyCell(c.costMicros, locale),
                     {c.cheaperModel, {}, false, {}},
                     c.cheaperModel.isEmpty() ? ExploreCell{} : moneyCell(c.cheaperCostMicros, locale)});
            }
            m_routingModel->setTable({tr("Feature"), tr("Model"), tr("Calls"), tr("Input per call"),
                                      tr("Output per call"), tr("Cost"), tr("Cheaper model"),
                                      tr("It would cost")},
                                     rows);
            m_routingTable->sortByColumn(5, Qt::DescendingOrder);
            m_routingTable->setVisible(!candidates->isEmpty());
            Q_EMIT whatIfLoaded();
        });
    });
}

void ExplorePage::loadValues(Dimension dimension)
{
    FilterUi &ui = m_filters[int(dimension)];
    ui.hint->setText(tr("Loading…"));
    ReportQuery query = currentQuery();
    query.groupBy = {dimension};
    // The values the other filters leave, so every choice narrows to something.
    query.filters.removeIf([dimension](const ReportFilter &f) { return f.dimension == dimension; });
    m_loader->submit(ExploreLoader::Kind::Values, [this, dimension, query](const QSqlDatabase &db) {
        Error error;
        const std::optional<QList<ReportRow>> rows = Storage::runReport(db, query, &error);
        QStringList values;
        if (rows) {
            for (qsizetype i = 0; i < rows->size() && i < kMaxFilterValues; ++i)
                values << rows->at(i).keys.first();
        }
        const qsizetype total = rows ? rows->size() : 0;
        return ExploreLoader::Deliver([this, dimension, values, total, error, ok = rows.has_value()] {
            FilterUi &ui = m_filters[int(dimension)];
            if (!ok) {
                ui.hint->setText(error.message);
                return;
            }
            ui.model->setValues(values);
            ui.hint->setText(values.isEmpty() ? tr("No values in this range.")
                             : total > values.size()
                                 ? tr("The %1 most expensive of %2 values; search to narrow them.")
                                       .arg(values.size())
                                       .arg(total)
                                 : QString());
            ui.hint->setVisible(!ui.hint->text().isEmpty());
        });
    });
}

bool ExplorePage::exportTo(const QString &path, ExportFormat format, QString *errorMessage)
{
    QList<ReportRow> rows = m_rows;
    if (std::any_of(rows.cbegin(), rows.cend(), [](const ReportRow &r) { return r.otherGroups > 0; })) {
        // The table summed the rest: export reads every group (a few seconds for a month of sessions).
        QApplication::setOverrideCursor(Qt::WaitCursor);
        ReportQuery all = m_rowsQuery;
        all.limit = 0;
        Error error;
        const std::unique_ptr<Storage::Connection> connection =
            Storage::Connection::open(m_databasePath, Storage::Connection::Mode::ReadOnly, &error);
        std::optional<QList<ReportRow>> full =
            connection ? Storage::runReport(connection->database(), all, &error) : std::nullopt;
        QApplication::restoreOverrideCursor();
        if (!full) {
            if (errorMessage)
                *errorMessage = tr("Could not read the groups to export: %1").arg(error.message);
            return false;
        }
        rows = std::move(*full);
    }
    const QByteArray data = format == ExportFormat::Csv ? Storage::reportCsv(m_rowsQuery.groupBy, rows)
                                                        : Storage::reportJson(m_rowsQuery.groupBy, rows);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        if (errorMessage)
            *errorMessage = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QString ExplorePage::reportCommand(const ReportQuery &query)
{
    QStringList args{QStringLiteral("burnrate"),    QStringLiteral("report"),  QStringLiteral("--since"),
                     Time::toIsoUtc(query.sinceNs), QStringLiteral("--until"), Time::toIsoUtc(query.untilNs)};
    QStringList dims;
    for (Dimension d : query.groupBy)
        dims << Storage::dimensionName(d);
    if (!dims.isEmpty())
        args << QStringLiteral("--group-by") << dims.join(u',');
    for (const ReportFilter &f : query.filters)
        args << QStringLiteral("--filter")
             << shellQuote(Storage::dimensionName(f.dimension) + u'=' + f.value);
    return args.join(u' ');
}

} // namespace Burnrate::Widgets
