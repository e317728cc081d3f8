#include "reconciliationpage.h"

#include "common/money.h"
#include "common/timeutil.h"
#include "kpitile.h"
#include "labels.h"
#include "models/reconciliationmodel.h"
#include "pricing/pricetable.h"
#include "providers/poller.h"
#include "storage/database.h"
#include "storage/reconcile.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cstdlib>

namespace Burnrate::Widgets {

namespace {

using Models::ReconciliationModel;

constexpr int kCoalesceMs = 300;
constexpr int kMinuteMs = 60'000;
constexpr qint64 kDayNs = 24 * Time::kNanosPerHour;

const QColor kBilledMore(0xb3, 0x26, 0x1e);   // red: spend that telemetry did not see
const QColor kMeasuredMore(0x8a, 0x5a, 0x00); // amber: not billed yet, or priced too high

// Sorts on the model's SortRole, days by billed cost within a day, and colours the difference by sign.
class ReconciliationProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::ForegroundRole && index.column() == ReconciliationModel::DifferenceColumn) {
            if (!index.data(ReconciliationModel::HasGapRole).toBool())
                return {};
            return index.data(ReconciliationModel::DifferenceRole).toLongLong() > 0 ? kBilledMore
                                                                                    : kMeasuredMore;
        }
        return QSortFilterProxyModel::data(index, role);
    }

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        const QVariant a = left.data(ReconciliationModel::SortRole);
        const QVariant b = right.data(ReconciliationModel::SortRole);
        if (left.column() == ReconciliationModel::DayColumn && a == b) {
            const auto billed = [](const QModelIndex &i) {
                return i.siblingAtColumn(ReconciliationModel::BilledColumn)
                    .data(ReconciliationModel::SortRole)
                    .toLongLong();
            };
            return billed(left) < billed(right);
        }
        return QVariant::compare(a, b) == QPartialOrdering::Less;
    }
};

} // namespace

ReconciliationPage::ReconciliationPage(QString databasePath,
                                       std::shared_ptr<const Pricing::PriceTable> prices, QWidget *parent)
    : QWidget(parent)
    , m_databasePath(std::move(databasePath))
    , m_prices(std::move(prices))
    , m_clock(&Time::nowNs)
{
    setObjectName(QStringLiteral("reconciliationPage"));
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &ReconciliationPage::refresh);
    m_minute.setInterval(kMinuteMs);
    connect(&m_minute, &QTimer::timeout, this, &ReconciliationPage::refresh);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_error = errorBanner(QStringLiteral("reconciliationError"), kBilledMore, this);
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("reconciliationStack"));
    m_tablePage = buildTablePage();
    m_emptyPage = buildEmptyPage();
    m_stack->addWidget(m_emptyPage);
    m_stack->addWidget(m_tablePage);
    layout->addWidget(m_error);
    layout->addWidget(m_stack, 1);
}

ReconciliationPage::~ReconciliationPage() = default;

QWidget *ReconciliationPage::buildTablePage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("reconciliationTable"));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(16, 14, 16, 14);
    layout->setSpacing(12);

    auto *header = new QHBoxLayout;
    m_title = new QLabel(page);
    m_title->setObjectName(QStringLiteral("reconciliationTitle"));
    QFont bold = m_title->font();
    bold.setWeight(QFont::DemiBold);
    m_title->setFont(bold);
    header->addWidget(m_title, 1);
    m_rangeButtons = new QButtonGroup(page);
    for (const int days : {7, 30}) {
        auto *button = new QToolButton(page);
        button->setText(tr("%1 d").arg(days));
        button->setObjectName(QStringLiteral("reconcile%1d").arg(days));
        button->setCheckable(true);
        button->setChecked(days == m_rangeDays);
        button->setAutoRaise(true);
        button->setMinimumWidth(44);
        m_rangeButtons->addButton(button, days);
        header->addWidget(button);
    }
    connect(m_rangeButtons, &QButtonGroup::idClicked, this, &ReconciliationPage::setRangeDays);
    layout->addLayout(header);

    auto *tiles = new QGridLayout;
    tiles->setHorizontalSpacing(10);
    const auto tile = [&](const QString &caption, const QString &objectName, int column) {
        auto *t = new KpiTile(caption, page);
        t->setObjectName(objectName);
        tiles->addWidget(t, 0, column);
        tiles->setColumnStretch(column, 1);
        return t;
    };
    m_billed = tile(tr("Billed"), QStringLiteral("billedTile"), 0);
    m_measured = tile(tr("Measured"), QStringLiteral("measuredTile"), 1);
    m_difference = tile(tr("Difference"), QStringLiteral("differenceTile"), 2);
    layout->addLayout(tiles);

    m_model = new ReconciliationModel(this);
    auto *proxy = new ReconciliationProxy(page);
    proxy->setSourceModel(m_model);
    proxy->setDynamicSortFilter(true);
    m_view = new QTableView(page);
    m_view->setObjectName(QStringLiteral("reconciliationView"));
    m_view->setModel(proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ReconciliationModel::DayColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    QHeaderView *columns = m_view->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(ReconciliationModel::CausesColumn, QHeaderView::Stretch);
    columns->setHighlightSections(false);
    layout->addWidget(m_view, 1);

    m_noRows = mutedLabel(QString(), page);
    m_noRows->setObjectName(QStringLiteral("noRows"));
    m_noRows->setAlignment(Qt::AlignCenter);
    m_noRows->hide();
    layout->addWidget(m_noRows, 1);

    auto *note = mutedLabel(tr("Days are UTC days, as the providers bill them. Providers revise the last day "
                               "or two, so a gap on a recent day may close by itself. Point at a cause for "
                               "its explanation."),
                            page);
    note->setObjectName(QStringLiteral("reconciliationNote"));
    layout->addWidget(note);
    return page;
}

QWidget *ReconciliationPage::buildEmptyPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("reconciliationEmpty"));
    auto *outer = new QHBoxLayout(page);
    auto *column = new QVBoxLayout;
    column->setSpacing(12);
    outer->addStretch(1);
    outer->addLayout(column, 6);
    outer->addStretch(1);

    m_emptyTitle = new QLabel(tr("Compare your bill with what Burnrate measured"), page);
    m_emptyTitle->setObjectName(QStringLiteral("emptyTitle"));
    m_emptyTitle->setWordWrap(true);
    QFont titleFont = m_emptyTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    m_emptyTitle->setFont(titleFont);
    m_emptyText = new QLabel(
        tr("Billed figures come from the providers' admin APIs: the usage and cost reports of OpenAI and "
           "Anthropic, and OpenRouter's activity. Enable a provider on the Sources screen and enter its "
           "admin "
           "key; Burnrate then fetches the last 30 days and shows them here beside the spend it measured, "
           "with the difference and its likely causes: calls no agent reported, models without a price, "
           "cache pricing, and figures the provider has not finished."),
        page);
    m_emptyText->setObjectName(QStringLiteral("emptyText"));
    m_emptyText->setWordWrap(true);
    m_openSources = new QPushButton(tr("Open Sources"), page);
    m_openSources->setObjectName(QStringLiteral("openSources"));
    connect(m_openSources, &QPushButton::clicked, this, &ReconciliationPage::sourcesRequested);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_openSources);
    buttonRow->addStretch(1);

    column->addStretch(1);
    column->addWidget(m_emptyTitle);
    column->addWidget(m_emptyText);
    column->addSpacing(4);
    column->addLayout(buttonRow);
    column->addStretch(2);
    return page;
}

void ReconciliationPage::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
}

void ReconciliationPage::setPollers(const QList<Providers::ProviderPoller *> &pollers)
{
    m_pollers = pollers;
    for (Providers::ProviderPoller *poller : pollers) {
        connect(poller, &Providers::ProviderPoller::dataStored, this, &ReconciliationPage::scheduleRefresh);
        // A provider switched on or off changes the empty state; other status changes do not matter here.
        connect(poller, &Providers::ProviderPoller::statusChanged, this, [this] {
            if (anyProviderEnabled() != m_anyEnabled)
                scheduleRefresh();
        });
        connect(poller, &QObject::destroyed, this, [this, poller] { m_pollers.removeAll(poller); });
    }
    scheduleRefresh();
}

void ReconciliationPage::setRangeDays(int days)
{
    m_rangeDays = days;
    if (QAbstractButton *button = m_rangeButtons->button(days))
        button->setChecked(true);
    refresh();
}

bool ReconciliationPage::anyProviderEnabled() const
{
    return std::any_of(m_pollers.cbegin(), m_pollers.cend(),
                       [](const Providers::ProviderPoller *p) { return p->status().enabled; });
}

void ReconciliationPage::scheduleRefresh()
{
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

bool ReconciliationPage::ensureConnection()
{
    if (m_connection)
        return true;
    Error error;
    m_connection = Storage::Connection::open(m_databasePath, Storage::Connection::Mode::ReadOnly, &error);
    if (!m_connection)
        showError(error.message);
    return bool(m_connection);
}

void ReconciliationPage::refresh()
{
    m_coalesce.stop();
    if (!isVisible() || !ensureConnection())
        return; // showEvent() refreshes
    const qint64 now = m_clock();
    Storage::ReconcileQuery query;
    query.sinceNs =
        now - (m_rangeDays - 1) * kDayNs; // rounded down to the UTC day: today and the days before
    query.untilNs = now;
    query.nowNs = now;
    Error error;
    const std::optional<QList<Storage::ReconcileRow>> rows =
        Storage::runReconcile(m_connection->database(), query, m_prices.get(), &error);
    if (!rows) {
        showError(error.message);
        return;
    }
    m_error->hide();

    m_anyEnabled = anyProviderEnabled();
    const bool anyBilled = std::any_of(rows->cbegin(), rows->cend(), [](const Storage::ReconcileRow &r) {
        return r.billedMicros != 0 || r.billedRequests >= 0;
    });
    if (!m_anyEnabled && !anyBilled) {
        m_stack->setCurrentWidget(m_emptyPage);
        m_model->setRows({});
        return;
    }
    m_stack->setCurrentWidget(m_tablePage);
    m_model->setRows(*rows);
    const bool empty = rows->isEmpty();
    m_view->setVisible(!empty);
    m_noRows->setVisible(empty);
    if (empty)
        m_noRows->setText(tr("Nothing billed or measured in the last %1 days yet. The first fetch from the "
                             "providers may still be running: Sources shows its progress.")
                              .arg(m_rangeDays));
    updateTiles();
}

void ReconciliationPage::updateTiles()
{
    const QLocale locale;
    const ReconciliationModel::Totals totals = m_model->totals();
    qint64 calls = 0;
    for (const Storage::ReconcileRow &row : m_model->rows())
        calls += row.measuredCalls;
    // One precision for the three, so they read as one sum.
    const int decimals = Money::decimalsFor(
        std::max({totals.billedMicros, totals.measuredMicros, std::abs(totals.differenceMicros)}));
    const auto money = [&](qint64 micros) { return Money::formatUsd(micros, locale, decimals); };
    m_title->setText(tr("Billed and measured spend, last %1 days").arg(m_rangeDays));
    m_billed->setValue(money(totals.billedMicros));
    m_billed->setSubText(tr("from the providers' cost reports"));
    m_measured->setValue(money(totals.measuredMicros));
    m_measured->setSubText(calls == 1 ? tr("1 call from telemetry")
                                      : tr("%1 calls from telemetry").arg(locale.toString(calls)));
    const qint64 diff = totals.differenceMicros;
    m_difference->setValue((diff > 0 ? locale.positiveSign() : QString()) + money(diff));
    m_difference->setHighlighted(totals.rowsWithGap > 0);
    QString sub;
    if (totals.rowsWithGap == 0)
        sub = tr("billed and measured agree");
    else if (totals.billedMicros > 0)
        sub = tr("%1 % of billed; %2 of %3 rows differ")
                  .arg(locale.toString(100.0 * double(diff) / double(totals.billedMicros), 'f', 1))
                  .arg(totals.rowsWithGap)
                  .arg(m_model->rowCount());
    else
        sub = tr("%1 of %2 rows differ").arg(totals.rowsWithGap).arg(m_model->rowCount());
    m_difference->setSubText(sub);
}

void ReconciliationPage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

void ReconciliationPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_minute.start();
    refresh();
}

void ReconciliationPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_minute.stop();
}

} // namespace Burnrate::Widgets
