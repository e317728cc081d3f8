#include "budgetspage.h"

#include "budgetdialog.h"
#include "budgets/budgetmonitor.h"
#include "budgets/budgetstatus.h"
#include "common/timeutil.h"
#include "labels.h"
#include "models/budgetmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace Burnrate::Widgets {

using Models::BudgetModel;

namespace {

constexpr int kCoalesceMs = 500;
constexpr int kMinuteMs = 60'000;
constexpr qint64 kKnownValuesDays = 30;

constexpr int kBarWidth = 110;
const QColor kUnder(0x2e, 0x7d, 0x32);     // green: no tier reached
const QColor kWarning(0xd9, 0x8e, 0x04);   // amber: a tier under 100 %
const QColor kOver(0xc6, 0x28, 0x28);      // red: the limit
const QColor kEscalated(0x7b, 0x10, 0x10); // dark red: a tier above 100 %

QColor tierColour(int reachedTier)
{
    if (reachedTier == 0)
        return kUnder;
    if (reachedTier < 100)
        return kWarning;
    return reachedTier == 100 ? kOver : kEscalated;
}

// The share of the limit as a bar (full at 100 %) with a tick at each tier under 100 %, and the text.
class PercentBarDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

        const double percent = index.data(BudgetModel::PercentRole).toDouble();
        const QColor colour = tierColour(index.data(BudgetModel::ReachedTierRole).toInt());
        const QRect cell = opt.rect.adjusted(6, 4, -6, -4);
        const int barWidth = std::min(cell.width() / 2, kBarWidth);
        const QRect track(cell.left(), cell.center().y() - 5, barWidth, 10);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(opt.palette.color(QPalette::Mid).lighter(130));
        painter->drawRoundedRect(track, 4, 4);
        QRect fill = track;
        fill.setWidth(int(track.width() * std::clamp(percent, 0.0, 100.0) / 100.0));
        painter->setBrush(colour);
        if (fill.width() > 0)
            painter->drawRoundedRect(fill, 4, 4);
        painter->setPen(opt.palette.color(QPalette::Base));
        const auto *model = qobject_cast<const QSortFilterProxyModel *>(index.model());
        const auto *budgets = model ? qobject_cast<const BudgetModel *>(model->sourceModel()) : nullptr;
        if (budgets) {
            const QModelIndex source = model->mapToSource(index);
            for (const Budgets::Tier &tier : budgets->rows().at(source.row()).budget.tiers) {
                if (tier.percent >= 100)
                    continue;
                const int x = track.left() + track.width() * tier.percent / 100;
                painter->drawLine(x, track.top(), x, track.bottom());
            }
        }
        painter->setPen(opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText
                                                                             : QPalette::Text));
        const QRect textRect(track.right() + 8, cell.top(), cell.right() - track.right() - 8, cell.height());
        painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
                          opt.fontMetrics.elidedText(text, Qt::ElideRight, textRect.width()));
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.setWidth(size.width() + kBarWidth + 16);
        return size;
    }
};

} // namespace

BudgetsPage::BudgetsPage(QWidget *parent)
    : QWidget(parent)
    , m_clock(&Time::nowNs)
{
    setObjectName(QStringLiteral("budgetsPage"));
    m_model = new BudgetModel(this);
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &BudgetsPage::refresh);
    m_minute.setInterval(kMinuteMs);
    connect(&m_minute, &QTimer::timeout, this, &BudgetsPage::refresh);
    m_minute.start();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_error = errorBanner(QStringLiteral("budgetsError"), kOver, this);
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("budgetsStack"));
    m_tablePage = buildTablePage();
    m_emptyPage = buildEmptyPage();
    m_stack->addWidget(m_emptyPage);
    m_stack->addWidget(m_tablePage);
    layout->addWidget(m_error);
    layout->addWidget(m_stack, 1);
    setMonitor(nullptr);
}

BudgetsPage::~BudgetsPage() = default;

QWidget *BudgetsPage::buildTablePage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("budgetsTable"));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(16, 14, 16, 14);
    layout->setSpacing(12);

    auto *header = new QHBoxLayout;
    auto *title = new QLabel(tr("Budgets"), page);
    QFont bold = title->font();
    bold.setWeight(QFont::DemiBold);
    title->setFont(bold);
    header->addWidget(title, 1);
    const auto button = [&](const QString &text, const QString &name) {
        auto *b = new QPushButton(text, page);
        b->setObjectName(name);
        header->addWidget(b);
        return b;
    };
    m_add = button(tr("Add…"), QStringLiteral("addBudget"));
    m_edit = button(tr("Edit…"), QStringLiteral("editBudget"));
    m_remove = button(tr("Remove"), QStringLiteral("removeBudget"));
    header->addSpacing(12);
    m_acknowledge = button(tr("Acknowledge"), QStringLiteral("acknowledgeBudget"));
    m_acknowledge->setToolTip(tr("Mark the selected budget's alerts as seen: the tray icon calms down."));
    m_snooze = new QToolButton(page);
    m_snooze->setObjectName(QStringLiteral("snoozeBudget"));
    m_snooze->setText(tr("Snooze"));
    m_snooze->setToolTip(tr("Record the selected budget's alerts without notifying for a while."));
    m_snooze->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_snooze);
    const auto snoozeAction = [&](const QString &text, const QString &name, Snooze snooze) {
        QAction *action = menu->addAction(text, this, [this, snooze] { snoozeBudget(snooze); });
        action->setObjectName(name);
        return action;
    };
    snoozeAction(tr("For 1 hour"), QStringLiteral("snoozeHour"), Snooze::OneHour);
    snoozeAction(tr("Until tomorrow"), QStringLiteral("snoozeTomorrow"), Snooze::UntilTomorrow);
    snoozeAction(tr("Until the period ends"), QStringLiteral("snoozePeriod"), Snooze::UntilPeriodEnd);
    menu->addSeparator();
    m_endSnooze = snoozeAction(tr("End the snooze"), QStringLiteral("snoozeEnd"), Snooze::End);
    m_snooze->setMenu(menu);
    header->addWidget(m_snooze);
    connect(m_add, &QPushButton::clicked, this, &BudgetsPage::addBudget);
    connect(m_edit, &QPushButton::clicked, this, &BudgetsPage::editBudget);
    connect(m_remove, &QPushButton::clicked, this, &BudgetsPage::removeBudget);
    connect(m_acknowledge, &QPushButton::clicked, this, &BudgetsPage::acknowledgeBudget);
    layout->addLayout(header);

    auto *proxy = new QSortFilterProxyModel(page);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(BudgetModel::SortRole);
    proxy->setDynamicSortFilter(true);
    m_view = new QTableView(page);
    m_view->setObjectName(QStringLiteral("budgetsView"));
    m_view->setModel(proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(BudgetModel::NameColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(true); // the projection's date wraps to a second line rather than being cut
    m_view->setItemDelegateForColumn(BudgetModel::PercentColumn, new PercentBarDelegate(m_view));
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(2 * m_view->fontMetrics().height() + 10);
    QHeaderView *columns = m_view->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The projection is the longest text ("…, on track to exceed on Dec 22"): it takes the room left and
    // elides, with the whole text in its tooltip.
    columns->setSectionResizeMode(BudgetModel::ProjectedColumn, QHeaderView::Stretch);
    columns->setHighlightSections(false);
    connect(m_view, &QTableView::doubleClicked, this, &BudgetsPage::editBudget);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BudgetsPage::updateActions);
    layout->addWidget(m_view, 1);

    auto *note =
        mutedLabel(tr("Each tier alerts once per period. Spend counts every call of the period in the "
                      "budget's time zone; the projection extends the recent burn rate to the "
                      "period's end."),
                   page);
    note->setObjectName(QStringLiteral("budgetsNote"));
    layout->addWidget(note);
    return page;
}

QWidget *BudgetsPage::buildEmptyPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("budgetsEmpty"));
    auto *outer = new QHBoxLayout(page);
    auto *column = new QVBoxLayout;
    column->setSpacing(12);
    outer->addStretch(1);
    outer->addLayout(column, 6);
    outer->addStretch(1);

    auto *title = new QLabel(tr("Set a limit on what your agents spend"), page);
    title->setObjectName(QStringLiteral("emptyTitle"));
    title->setWordWrap(true);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);
    m_emptyText = new QLabel(page);
    m_emptyText->setObjectName(QStringLiteral("emptyText"));
    m_emptyText->setWordWrap(true);
    m_emptyAdd = new QPushButton(tr("Add budget"), page);
    m_emptyAdd->setObjectName(QStringLiteral("emptyAddBudget"));
    connect(m_emptyAdd, &QPushButton::clicked, this, &BudgetsPage::addBudget);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_emptyAdd);
    buttonRow->addStretch(1);

    column->addStretch(1);
    column->addWidget(title);
    column->addWidget(m_emptyText);
    column->addSpacing(4);
    column->addLayout(buttonRow);
    column->addStretch(2);
    return page;
}

void BudgetsPage::setMonitor(Budgets::BudgetMonitor *monitor)
{
    if (m_monitor)
        disconnect(m_monitor, nullptr, this, nullptr);
    m_monitor = monitor;
    if (m_monitor)
        connect(m_monitor, &Budgets::BudgetMonitor::alertRaised, this, &BudgetsPage::scheduleRefresh);
    const bool available = m_monitor && m_monitor->store();
    m_emptyText->setText(
        available
            ? tr("A budget is a limit in US dollars on the spend of a day, a week or a month: all spend, "
                 "or one provider, model, feature, agent or user. Burnrate alerts once per period at "
                 "70 %, 100 % and 120 % of the limit (you choose the tiers), in the tray, on the Alerts "
                 "screen and, if you like, through a webhook, and can warn when the projected spend will "
                 "cross the limit before the period ends.")
            : tr("Budgets are unavailable: Burnrate could not open its database for them. The log "
                 "says why; restart Burnrate once the database can be written."));
    m_emptyAdd->setVisible(available);
    refresh();
}

void BudgetsPage::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
}

void BudgetsPage::scheduleRefresh()
{
    // Not restarted by later commits: a steady stream still refreshes every kCoalesceMs.
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void BudgetsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void BudgetsPage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void BudgetsPage::refresh()
{
    m_coalesce.stop();
    if (!isVisible())
        return; // showEvent() refreshes
    Budgets::BudgetStore *store = m_monitor ? m_monitor->store() : nullptr;
    if (!store) {
        m_model->setRows({}, m_clock());
        m_stack->setCurrentWidget(m_emptyPage);
        updateActions();
        return;
    }
    const qint64 now = m_clock();
    Error error;
    const auto budgets = store->budgets(&error);
    const auto statuses =
        budgets ? Budgets::budgetStatuses(store->database(), *budgets, now, &error) : std::nullopt;
    if (!statuses) {
        showError(tr("Cannot read the budgets: %1").arg(error.message));
        return;
    }
    QList<Models::BudgetRow> rows;
    for (qsizetype i = 0; i < budgets->size(); ++i) {
        const auto state = store->state(budgets->at(i).id, &error);
        if (!state) {
            showError(tr("Cannot read the budgets: %1").arg(error.message));
            return;
        }
        rows.append({budgets->at(i), statuses->at(i), *state});
    }
    showError(QString());
    m_model->setRows(rows, now);
    m_stack->setCurrentWidget(rows.isEmpty() ? m_emptyPage : m_tablePage);
    updateActions();
}

qint64 BudgetsPage::selectedBudgetId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : rows.constFirst().data(BudgetModel::BudgetIdRole).toLongLong();
}

void BudgetsPage::selectBudget(qint64 budgetId)
{
    const int row = m_model->rowOf(budgetId);
    if (row < 0)
        return;
    const auto *proxy = static_cast<QSortFilterProxyModel *>(m_view->model());
    m_view->selectRow(proxy->mapFromSource(m_model->index(row, 0)).row());
}

void BudgetsPage::updateActions()
{
    const bool available = m_monitor && m_monitor->store();
    const qint64 id = selectedBudgetId();
    const int row = m_model->rowOf(id);
    m_add->setEnabled(available);
    for (QWidget *w : std::initializer_list<QWidget *>{m_edit, m_remove, m_snooze})
        w->setEnabled(available && row >= 0);
    m_acknowledge->setEnabled(available && row >= 0 &&
                              m_model->index(row, 0).data(BudgetModel::NeedsAttentionRole).toBool());
    m_endSnooze->setEnabled(row >= 0 && m_model->index(row, 0).data(BudgetModel::SnoozedRole).toBool());
}

void BudgetsPage::addBudget()
{
    openDialog(0);
}

void BudgetsPage::editBudget()
{
    if (const qint64 id = selectedBudgetId())
        openDialog(id);
}

void BudgetsPage::openDialog(qint64 budgetId)
{
    Budgets::BudgetStore *store = m_monitor ? m_monitor->store() : nullptr;
    if (!store)
        return;
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    Budgets::Budget budget;
    if (budgetId) {
        const int row = m_model->rowOf(budgetId);
        if (row < 0)
            return;
        budget = m_model->rows().at(row).budget;
    }
    const qint64 since = m_clock() - kKnownValuesDays * 24 * Time::kNanosPerHour;
    auto known = [this, since](Budgets::Dimension dimension) {
        Budgets::BudgetStore *s = m_monitor ? m_monitor->store() : nullptr;
        return s ? Models::knownScopeValues(s->database(), dimension, since, nullptr) : QStringList();
    };
    auto save = [this](Budgets::Budget &b, Error *error) {
        Budgets::BudgetStore *s = m_monitor ? m_monitor->store() : nullptr;
        if (!s) {
            *error = {Error::Code::Database, tr("Budgets are unavailable.")};
            return false;
        }
        return b.id ? s->updateBudget(b, error) : s->addBudget(b, m_clock(), error);
    };
    m_dialog = new BudgetDialog(budget, known, save, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::accepted, this, [this, dialog = m_dialog.data()] {
        const std::optional<Budgets::Budget> saved = dialog->budget(nullptr);
        changed();
        if (saved) {
            // Added budgets have their id only in the store; find the row by name.
            for (const Models::BudgetRow &row : m_model->rows()) {
                if (row.budget.name == saved->name)
                    selectBudget(row.budget.id);
            }
        }
    });
    m_dialog->open();
}

void BudgetsPage::removeBudget()
{
    const qint64 id = selectedBudgetId();
    const int row = m_model->rowOf(id);
    if (row < 0 || !m_monitor || !m_monitor->store())
        return;
    const QString name = m_model->rows().at(row).budget.name;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove budget"),
                                tr("Remove the budget '%1'? Its alerts stay in the history.").arg(name),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("removeBudgetQuestion"));
    QPushButton *remove = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, remove, name] {
        if (box->clickedButton() != remove || !m_monitor || !m_monitor->store())
            return;
        Error error;
        if (!m_monitor->store()->removeBudget(name, &error)) {
            showError(error.message);
            return;
        }
        changed();
    });
    box->open();
}

void BudgetsPage::acknowledgeBudget()
{
    const qint64 id = selectedBudgetId();
    if (!id || !m_monitor || !m_monitor->store())
        return;
    Error error;
    if (!m_monitor->store()->acknowledgeBudget(id, &error)) {
        showError(error.message);
        return;
    }
    changed();
}

void BudgetsPage::snoozeBudget(Snooze snooze)
{
    const qint64 id = selectedBudgetId();
    const int row = m_model->rowOf(id);
    if (row < 0 || !m_monitor || !m_monitor->store())
        return;
    const qint64 now = m_clock();
    qint64 until = 0;
    switch (snooze) {
    case Snooze::OneHour:
        until = now + Time::kNanosPerHour;
        break;
    case Snooze::UntilTomorrow: {
        const QTimeZone zone = QTimeZone::systemTimeZone();
        until = Time::toNs(Time::fromNs(now, zone).date().addDays(1).startOfDay(zone));
        break;
    }
    case Snooze::UntilPeriodEnd:
        until = m_model->rows().at(row).status.bounds.endNs;
        break;
    case Snooze::End:
        break;
    }
    Error error;
    if (!m_monitor->store()->snoozeBudget(id, until, &error)) {
        showError(error.message);
        return;
    }
    changed();
}

void BudgetsPage::changed()
{
    const qint64 selected = selectedBudgetId();
    if (m_monitor)
        m_monitor->evaluate(); // a new or raised budget may cross a tier right away
    refresh();
    selectBudget(selected);
    Q_EMIT budgetsChanged();
}

} // namespace Burnrate::Widgets
