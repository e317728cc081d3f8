#include "overviewpage.h"

#include "common/money.h"
#include "common/timeutil.h"
#include "emptystatepage.h"
#include "kpitile.h"
#include "models/spendbreakdownmodel.h"
#include "pricing/pricetable.h"
#include "spendchart.h"
#include "storage/database.h"
#include "timeformat.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QElapsedTimer>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace Burnrate::Widgets {

namespace {

constexpr int kCoalesceMs = 300; // at least this long after a commit, at most kMaxCoalesceMs
constexpr int kMaxCoalesceMs = 1500;
constexpr int kTickMs = 1000;
constexpr qint64 kMinuteNs = 60 * Time::kNanosPerSecond;

QString money(qint64 micros)
{
    return Money::formatUsdForDisplay(micros, QLocale());
}

// "950", "12.3k", "25.5M": token counts in a tile's sub-line.
QString compactCount(const QLocale &locale, qint64 n)
{
    if (n < 10'000)
        return locale.toString(n);
    if (n < 1'000'000)
        return locale.toString(double(n) / 1e3, 'f', n < 100'000 ? 1 : 0) + u'k';
    if (n < 1'000'000'000)
        return locale.toString(double(n) / 1e6, 'f', n < 100'000'000 ? 1 : 0) + u'M';
    return locale.toString(double(n) / 1e9, 'f', 1) + u'G';
}

QLabel *sectionTitle(QWidget *parent)
{
    auto *label = new QLabel(parent);
    QFont font = label->font();
    font.setWeight(QFont::DemiBold);
    label->setFont(font);
    return label;
}

QTableView *breakdownView(Models::SpendBreakdownModel *model, const QString &objectName, QWidget *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(model);
    proxy->setSortRole(Models::SpendBreakdownModel::SortRole);
    proxy->setDynamicSortFilter(true);
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(Models::SpendBreakdownModel::CostColumn, Qt::DescendingOrder);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    QHeaderView *header = view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(Models::SpendBreakdownModel::NameColumn, QHeaderView::Stretch);
    header->setHighlightSections(false);
    return view;
}

} // namespace

OverviewPage::OverviewPage(QString databasePath, const QString &endpoint,
                           std::shared_ptr<const Pricing::PriceTable> prices, QWidget *parent)
    : QWidget(parent)
    , m_databasePath(std::move(databasePath))
    , m_prices(prices ? std::move(prices) : std::make_shared<const Pricing::PriceTable>())
    , m_clock(&Time::nowNs)
{
    setObjectName(QStringLiteral("overview"));
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &OverviewPage::refresh);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &OverviewPage::tick);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("overviewError"));
    m_error->setWordWrap(true);
    m_error->setContentsMargins(16, 8, 16, 0);
    m_error->hide();
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("overviewStack"));
    m_empty = new EmptyStatePage(endpoint, m_stack);
    connect(m_empty, &EmptyStatePage::demoRequested, this, &OverviewPage::demoRequested);
    m_dashboard = buildDashboard();
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_dashboard);
    layout->addWidget(m_error);
    layout->addWidget(m_stack, 1);
}

OverviewPage::~OverviewPage() = default;

QWidget *OverviewPage::buildDashboard()
{
    auto *page = new QWidget(m_stack);
    page->setObjectName(QStringLiteral("dashboard"));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(16, 14, 16, 14);
    layout->setSpacing(12);

    auto *tiles = new QGridLayout;
    tiles->setHorizontalSpacing(10);
    const auto tile = [&](const QString &caption, const QString &objectName, int column) {
        auto *t = new KpiTile(caption, page);
        t->setObjectName(objectName);
        tiles->addWidget(t, 0, column);
        tiles->setColumnStretch(column, 1);
        return t;
    };
    m_today = tile(tr("Today"), QStringLiteral("todayTile"), 0);
    m_hour = tile(tr("This hour"), QStringLiteral("hourTile"), 1);
    m_burnRate = tile(tr("Burn rate"), QStringLiteral("burnRateTile"), 2);
    m_month = tile(tr("Month to date"), QStringLiteral("monthTile"), 3);
    m_cacheSaved = tile(tr("Saved by caching today"), QStringLiteral("cacheTile"), 4);
    m_unpriced = tile(tr("Calls without a price today"), QStringLiteral("unpricedTile"), 5);
    layout->addLayout(tiles);

    // Chart header: what it shows on the left, range and stacking on the right.
    auto *controls = new QHBoxLayout;
    m_chartTitle = sectionTitle(page);
    m_chartTitle->setObjectName(QStringLiteral("chartTitle"));
    controls->addWidget(m_chartTitle, 1);
    m_rangeButtons = new QButtonGroup(page);
    const std::pair<Storage::OverviewRange, QString> ranges[] = {{Storage::OverviewRange::Hour, tr("1 h")},
                                                                 {Storage::OverviewRange::Day, tr("24 h")},
                                                                 {Storage::OverviewRange::Week, tr("7 d")},
                                                                 {Storage::OverviewRange::Month, tr("30 d")}};
    const QStringList rangeNames = {QStringLiteral("range1h"), QStringLiteral("range24h"),
                                    QStringLiteral("range7d"), QStringLiteral("range30d")};
    for (const auto &[range, text] : ranges) {
        auto *button = new QToolButton(page);
        button->setText(text);
        button->setObjectName(rangeNames.at(int(range)));
        button->setCheckable(true);
        button->setChecked(range == m_range);
        button->setAutoRaise(true);
        button->setMinimumWidth(44);
        m_rangeButtons->addButton(button, int(range));
        controls->addWidget(button);
    }
    connect(m_rangeButtons, &QButtonGroup::idClicked, this, [this](int id) {
        m_range = Storage::OverviewRange(id);
        refresh();
    });
    controls->addSpacing(16);
    auto *stackLabel = new QLabel(tr("Stack by"), page);
    m_stackCombo = new QComboBox(page);
    m_stackCombo->setObjectName(QStringLiteral("stackBy"));
    m_stackCombo->addItem(tr("Model"), int(Storage::OverviewStack::Model));
    m_stackCombo->addItem(tr("Feature"), int(Storage::OverviewStack::Feature));
    m_stackCombo->addItem(tr("Agent"), int(Storage::OverviewStack::Agent));
    stackLabel->setBuddy(m_stackCombo);
    connect(m_stackCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_stackBy = Storage::OverviewStack(m_stackCombo->currentData().toInt());
        refresh();
    });
    controls->addWidget(stackLabel);
    controls->addWidget(m_stackCombo);
    layout->addLayout(controls);

    m_chart = new SpendChart(kTopSeries, page);
    layout->addWidget(m_chart, 3);

    auto *tables = new QGridLayout;
    tables->setHorizontalSpacing(16);
    tables->setVerticalSpacing(6);
    m_features = new Models::SpendBreakdownModel(tr("Feature"), tr("(no feature)"), this);
    m_agents = new Models::SpendBreakdownModel(tr("Agent"), tr("(no agent)"), this);
    m_featuresTitle = sectionTitle(page);
    m_agentsTitle = sectionTitle(page);
    m_featuresView = breakdownView(m_features, QStringLiteral("topFeatures"), page);
    m_agentsView = breakdownView(m_agents, QStringLiteral("topAgents"), page);
    tables->addWidget(m_featuresTitle, 0, 0);
    tables->addWidget(m_agentsTitle, 0, 1);
    tables->addWidget(m_featuresView, 1, 0);
    tables->addWidget(m_agentsView, 1, 1);
    tables->setColumnStretch(0, 1);
    tables->setColumnStretch(1, 1);
    layout->addLayout(tables, 2);
    return page;
}

void OverviewPage::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
}

void OverviewPage::setEndpoint(const QString &endpoint, bool tokenRequired)
{
    m_empty->setEndpoint(endpoint, tokenRequired);
}

void OverviewPage::setDemoAvailable(bool available)
{
    m_empty->setDemoAvailable(available);
}

void OverviewPage::scheduleRefresh()
{
    // Not restarted by later commits: a steady stream still refreshes every kCoalesceMs.
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

bool OverviewPage::ensureConnection()
{
    if (m_connection)
        return true;
    Error error;
    m_connection = Storage::Connection::open(m_databasePath, Storage::Connection::Mode::ReadOnly, &error);
    if (!m_connection)
        showError(error.message);
    return bool(m_connection);
}

void OverviewPage::refresh()
{
    m_coalesce.stop();
    if (!isVisible() || !ensureConnection())
        return; // showEvent() refreshes
    QElapsedTimer elapsed;
    elapsed.start();
    m_loadedAtNs = m_clock();
    Error error;
    const std::optional<Storage::OverviewSnapshot> snapshot =
        Storage::loadOverview(m_connection->database(), *m_prices, m_loadedAtNs, QTimeZone::systemTimeZone(),
                              m_range, m_stackBy, kTopSeries, &error);
    if (!snapshot) {
        showError(error.message);
        return;
    }
    m_error->hide();
    applySnapshot(*snapshot);
    // Under a steady stream of commits the GUI thread stays mostly free for the user.
    m_coalesce.setInterval(std::clamp(int(elapsed.elapsed()) * 3, kCoalesceMs, kMaxCoalesceMs));
}

void OverviewPage::tick()
{
    const qint64 now = m_clock();
    if (now / kMinuteNs != m_loadedAtNs / kMinuteNs) {
        refresh(); // the minute buckets moved on, perhaps the hour or the day
        return;
    }
    if (m_stack->currentWidget() != m_dashboard || !ensureConnection())
        return;
    Error error;
    const std::optional<Storage::LiveKpis> live =
        Storage::loadLiveKpis(m_connection->database(), now, QTimeZone::systemTimeZone(), &error);
    if (!live) {
        showError(error.message);
        return;
    }
    applyLive(*live);
}

void OverviewPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_tick.start();
    refresh();
}

void OverviewPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_tick.stop();
}

void OverviewPage::applySnapshot(const Storage::OverviewSnapshot &snapshot)
{
    if (!snapshot.hasEvents) {
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    m_stack->setCurrentWidget(m_dashboard);
    const QLocale locale;
    const QTimeZone zone = QTimeZone::systemTimeZone();
    const Storage::OverviewKpis &k = snapshot.kpis;

    m_today->setValue(money(k.todayMicros));
    m_today->setSubText(k.todayCalls == 1 ? tr("1 call") : tr("%1 calls").arg(locale.toString(k.todayCalls)));
    applyLive(k);
    m_month->setValue(money(k.monthMicros));
    m_month->setSubText(
        tr("projected %1 by %2")
            .arg(money(k.projectedMonthMicros),
                 // One unit: a tile that wraps must not split "Nov 30" over two lines.
                 locale.toString(k.monthEnd, tr("MMM d", "month and day")).replace(u' ', QChar::Nbsp)));
    m_cacheSaved->setValue(money(k.cacheSavedMicros));
    m_cacheSaved->setSubText(
        k.cacheReadTokensToday > 0
            ? tr("%1 tokens read from cache").arg(compactCount(locale, k.cacheReadTokensToday))
            : tr("no cache reads today"));
    m_unpriced->setValue(locale.toString(k.unpricedCallsToday));
    m_unpriced->setHighlighted(k.unpricedCallsToday > 0);
    if (k.unpricedCallsToday > 0) {
        QStringList models;
        for (const QString &model : k.unpricedModels)
            models.append(model.isEmpty() ? tr("(no model)") : model);
        m_unpriced->setSubText(models.size() == 1
                                   ? tr("1 model without a price")
                                   : tr("%1 models without a price").arg(locale.toString(models.size())));
        m_unpriced->setToolTip(
            tr("No price is known for:\n%1\n\nAdd them to prices.json beside burnrate.conf "
               "to price these calls.")
                .arg(models.join(u'\n')));
    } else {
        m_unpriced->setSubText(tr("every call has a price"));
        m_unpriced->setToolTip(QString());
    }

    m_chart->setData(snapshot.chart, zone);
    m_chartTitle->setText(tr("Spend, %1: %2").arg(rangeDescription(), money(snapshot.rangeCostMicros)));
    m_features->setRows(snapshot.topFeatures, snapshot.rangeCostMicros);
    m_agents->setRows(snapshot.topAgents, snapshot.rangeCostMicros);
    m_featuresTitle->setText(tr("Top features, %1").arg(rangeDescription()));
    m_agentsTitle->setText(tr("Top agents, %1").arg(rangeDescription()));
}

void OverviewPage::applyLive(const Storage::LiveKpis &live)
{
    m_hour->setValue(money(live.hourMicros));
    m_hour->setSubText(
        tr("since %1")
            .arg(shortTime(QLocale(), Time::fromNs(live.hourStartNs, QTimeZone::systemTimeZone()).time())));
    m_burnRate->setValue(tr("%1/h").arg(money(live.burnRateMicros)));
    m_burnRate->setSubText(tr("over the last 60 minutes"));
}

void OverviewPage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

QString OverviewPage::rangeDescription() const
{
    switch (m_range) {
    case Storage::OverviewRange::Hour:
        return tr("last hour");
    case Storage::OverviewRange::Day:
        return tr("last 24 hours");
    case Storage::OverviewRange::Week:
        return tr("last 7 days");
    case Storage::OverviewRange::Month:
        return tr("last 30 days");
    }
    return {};
}

} // namespace Burnrate::Widgets
