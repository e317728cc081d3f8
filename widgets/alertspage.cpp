#include "alertspage.h"

#include "budgets/budgetmonitor.h"
#include "common/timeutil.h"
#include "labels.h"
#include "models/alertmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace Burnrate::Widgets {

using Budgets::Alert;
using Models::AlertModel;

namespace {

constexpr int kMinuteMs = 60'000;
const QColor kRed(0xc6, 0x28, 0x28);

// Unacknowledged alerts in bold, like unread mail: what still wants a look stands out.
class AlertDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (!index.data(AlertModel::AcknowledgedRole).toBool())
            option->font.setWeight(QFont::DemiBold);
    }
};

} // namespace

AlertsPage::AlertsPage(QWidget *parent)
    : QWidget(parent)
    , m_clock(&Time::nowNs)
{
    setObjectName(QStringLiteral("alertsPage"));
    m_model = new AlertModel(this);
    m_filter = new Models::AlertFilterModel(this);
    m_filter->setSourceModel(m_model);
    m_filter->setDynamicSortFilter(true);
    m_minute.setInterval(kMinuteMs);
    // Snoozed budgets' alerts are stored without being announced: a reload picks them up, and the time
    // range moves on.
    connect(&m_minute, &QTimer::timeout, this, &AlertsPage::reload);
    m_minute.start();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_error = errorBanner(QStringLiteral("alertsError"), kRed, this);
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("alertsStack"));
    m_tablePage = buildTablePage();
    m_emptyPage = buildEmptyPage();
    m_stack->addWidget(m_emptyPage);
    m_stack->addWidget(m_tablePage);
    layout->addWidget(m_error);
    layout->addWidget(m_stack, 1);
    setMonitor(nullptr);
}

AlertsPage::~AlertsPage() = default;

QWidget *AlertsPage::buildTablePage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("alertsTable"));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(16, 14, 16, 14);
    layout->setSpacing(10);

    auto *header = new QHBoxLayout;
    auto *title = new QLabel(tr("Alerts"), page);
    QFont bold = title->font();
    bold.setWeight(QFont::DemiBold);
    title->setFont(bold);
    header->addWidget(title);
    m_summary = mutedLabel(QString(), page);
    m_summary->setObjectName(QStringLiteral("alertsSummary"));
    m_summary->setWordWrap(false);
    header->addWidget(m_summary, 1);
    m_acknowledge = new QPushButton(tr("Acknowledge"), page);
    m_acknowledge->setObjectName(QStringLiteral("acknowledgeSelected"));
    m_acknowledgeAll = new QPushButton(tr("Acknowledge all"), page);
    m_acknowledgeAll->setObjectName(QStringLiteral("acknowledgeAll"));
    // An alert about one agent (a loop, or spend scoped to it) offers to stop that agent.
    m_stopAgent = new QPushButton(tr("Stop this agent…"), page);
    m_stopAgent->setObjectName(QStringLiteral("stopAgent"));
    m_stopAgent->setToolTip(tr("Tells the agent to stop through the kill switch (asks for a reason first)."));
    m_stopAgent->setEnabled(false);
    header->addWidget(m_stopAgent);
    header->addWidget(m_acknowledge);
    header->addWidget(m_acknowledgeAll);
    connect(m_stopAgent, &QPushButton::clicked, this, [this] {
        if (const QString agent = selectedAgent(); !agent.isEmpty())
            Q_EMIT stopAgentRequested(agent);
    });
    connect(m_acknowledge, &QPushButton::clicked, this, &AlertsPage::acknowledgeSelected);
    connect(m_acknowledgeAll, &QPushButton::clicked, this, &AlertsPage::acknowledgeAll);
    layout->addLayout(header);

    auto *filters = new QHBoxLayout;
    m_kind = new QComboBox(page);
    m_kind->setObjectName(QStringLiteral("alertKindFilter"));
    m_kind->addItem(tr("All kinds"), -1);
    for (Alert::Kind kind :
         {Alert::Kind::Budget, Alert::Kind::Forecast, Alert::Kind::Anomaly, Alert::Kind::Loop})
        m_kind->addItem(AlertModel::kindLabel(kind), int(kind));
    m_range = new QComboBox(page);
    m_range->setObjectName(QStringLiteral("alertRangeFilter"));
    m_range->addItem(tr("Last 24 hours"), 24);
    m_range->addItem(tr("Last 7 days"), 7 * 24);
    m_range->addItem(tr("Last 30 days"), 30 * 24);
    m_range->addItem(tr("All time"), 0);
    m_range->setCurrentIndex(1);
    m_unacknowledged = new QCheckBox(tr("Unacknowledged only"), page);
    m_unacknowledged->setObjectName(QStringLiteral("unacknowledgedOnly"));
    filters->addWidget(new QLabel(tr("Show:"), page));
    filters->addWidget(m_kind);
    filters->addWidget(m_range);
    filters->addWidget(m_unacknowledged);
    filters->addStretch(1);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &AlertsPage::applyFilters);
    connect(m_range, &QComboBox::currentIndexChanged, this, &AlertsPage::applyFilters);
    connect(m_unacknowledged, &QCheckBox::toggled, this, &AlertsPage::applyFilters);
    layout->addLayout(filters);

    auto *splitter = new QSplitter(Qt::Vertical, page);
    splitter->setObjectName(QStringLiteral("alertsSplitter"));
    splitter->setChildrenCollapsible(false);
    auto *top = new QWidget(splitter);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    m_view = new QTableView(top);
    m_view->setObjectName(QStringLiteral("alertsView"));
    m_view->setModel(m_filter);
    m_view->setItemDelegate(new AlertDelegate(m_view));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AlertModel::TimeColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    QHeaderView *columns = m_view->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(AlertModel::MessageColumn, QHeaderView::Stretch);
    columns->setHighlightSections(false);
    // The acknowledged column reads better beside the time than after a long message.
    columns->moveSection(AlertModel::AcknowledgedColumn, AlertModel::KindColumn);
    topLayout->addWidget(m_view, 1);
    m_noRows = mutedLabel(tr("No alerts match these filters."), top);
    m_noRows->setObjectName(QStringLiteral("noAlertRows"));
    m_noRows->setAlignment(Qt::AlignCenter);
    m_noRows->hide();
    topLayout->addWidget(m_noRows, 1);
    m_detail = new QPlainTextEdit(splitter);
    m_detail->setObjectName(QStringLiteral("alertDetail"));
    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Select an alert to see its details: the figures, the top contributors "
                                    "(agent, model, feature) and the trace ids."));
    splitter->addWidget(top);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AlertsPage::updateState);
    connect(m_filter, &QAbstractItemModel::dataChanged, this, &AlertsPage::updateState);
    return page;
}

QWidget *AlertsPage::buildEmptyPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("alertsEmpty"));
    auto *outer = new QHBoxLayout(page);
    auto *column = new QVBoxLayout;
    column->setSpacing(12);
    outer->addStretch(1);
    outer->addLayout(column, 6);
    outer->addStretch(1);
    auto *title = new QLabel(tr("No alerts yet"), page);
    title->setObjectName(QStringLiteral("emptyTitle"));
    title->setWordWrap(true);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);
    m_emptyText = new QLabel(page);
    m_emptyText->setObjectName(QStringLiteral("emptyText"));
    m_emptyText->setWordWrap(true);
    column->addStretch(1);
    column->addWidget(title);
    column->addWidget(m_emptyText);
    column->addStretch(2);
    return page;
}

void AlertsPage::setMonitor(Budgets::BudgetMonitor *monitor)
{
    if (m_monitor)
        disconnect(m_monitor, nullptr, this, nullptr);
    m_monitor = monitor;
    if (m_monitor)
        connect(m_monitor, &Budgets::BudgetMonitor::alertRaised, this, &AlertsPage::addAlert);
    m_emptyText->setText(
        m_monitor && m_monitor->store()
            ? tr("Alerts appear here as they happen: a budget reaching one of its tiers (70, 100 and 120 % "
                 "of its limit unless you chose others), a projection that the limit will be crossed before "
                 "the period ends, spend in the last hour far above the day's average (an anomaly), and an "
                 "agent repeating the same calls (a loop). Each also shows in the tray. Add a budget on the "
                 "Budgets screen to get the first ones.")
            : tr("Alerts are unavailable: Burnrate could not open its database for them. The log says why; "
                 "restart Burnrate once the database can be written."));
    reload();
}

void AlertsPage::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
    applyFilters();
}

void AlertsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    reload();
}

void AlertsPage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void AlertsPage::reload()
{
    Budgets::BudgetStore *store = m_monitor ? m_monitor->store() : nullptr;
    if (!store) {
        m_model->setAlerts({});
    } else {
        Error error;
        const auto alerts = store->alerts(0, std::nullopt, &error);
        if (!alerts) {
            showError(tr("Cannot read the alerts: %1").arg(error.message));
            return;
        }
        showError(QString());
        m_model->setAlerts(*alerts);
    }
    applyFilters();
}

void AlertsPage::addAlert(const Alert &alert)
{
    m_model->addAlert(alert);
    updateState();
}

void AlertsPage::applyFilters()
{
    const int kind = m_kind->currentData().toInt();
    m_filter->setKind(kind < 0 ? std::nullopt : std::optional(Alert::Kind(kind)));
    m_filter->setUnacknowledgedOnly(m_unacknowledged->isChecked());
    const int hours = m_range->currentData().toInt();
    m_filter->setSinceNs(hours > 0 ? m_clock() - hours * Time::kNanosPerHour : 0);
    updateState();
}

void AlertsPage::updateState()
{
    m_stack->setCurrentWidget(m_model->rowCount() == 0 ? m_emptyPage : m_tablePage);
    const bool none = m_filter->rowCount() == 0;
    m_view->setVisible(!none);
    m_noRows->setVisible(none);
    const int open = m_model->unacknowledgedCount();
    m_summary->setText(open == 0 ? tr("all acknowledged") : tr("%n unacknowledged", nullptr, open));
    m_acknowledgeAll->setEnabled(open > 0);

    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    bool anyOpen = false;
    for (const QModelIndex &row : rows)
        anyOpen = anyOpen || !row.data(AlertModel::AcknowledgedRole).toBool();
    m_acknowledge->setEnabled(anyOpen);
    const QString agent = selectedAgent();
    m_stopAgent->setEnabled(!agent.isEmpty());
    m_stopAgent->setText(agent.isEmpty() ? tr("Stop this agent…") : tr("Stop agent %1…").arg(agent));
    if (rows.size() == 1) {
        const int source = m_model->rowOf(rows.constFirst().data(AlertModel::AlertIdRole).toLongLong());
        m_detail->setPlainText(source < 0 ? QString() : AlertModel::detailText(m_model->alerts().at(source)));
    } else {
        m_detail->setPlainText(rows.isEmpty() ? QString()
                                              : tr("%n alerts selected.", nullptr, int(rows.size())));
    }
}

QString AlertsPage::selectedAgent() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return {};
    const int source = m_model->rowOf(rows.constFirst().data(AlertModel::AlertIdRole).toLongLong());
    if (source < 0)
        return {};
    const QString scope = m_model->alerts().at(source).scope; // "agent=code-review" for a loop
    const QLatin1StringView prefix("agent=");
    return scope.startsWith(prefix) ? scope.mid(prefix.size()) : QString();
}

QString AlertsPage::detailText() const
{
    return m_detail->toPlainText();
}

void AlertsPage::acknowledgeSelected()
{
    QList<qint64> ids;
    for (const QModelIndex &row : m_view->selectionModel()->selectedRows()) {
        if (!row.data(AlertModel::AcknowledgedRole).toBool())
            ids.append(row.data(AlertModel::AlertIdRole).toLongLong());
    }
    acknowledge(ids);
}

void AlertsPage::acknowledgeAll()
{
    QList<qint64> ids;
    for (const Alert &alert : m_model->alerts()) {
        if (!alert.acknowledged)
            ids.append(alert.id);
    }
    acknowledge(ids);
}

void AlertsPage::acknowledge(const QList<qint64> &ids)
{
    Budgets::BudgetStore *store = m_monitor ? m_monitor->store() : nullptr;
    if (!store || ids.isEmpty())
        return;
    for (qint64 id : ids) {
        Error error;
        if (!store->acknowledgeAlert(id, &error)) {
            showError(tr("Cannot acknowledge the alert: %1").arg(error.message));
            break;
        }
        m_model->setAcknowledged(id);
    }
    updateState();
    Q_EMIT alertsAcknowledged();
}

} // namespace Burnrate::Widgets
