// The Budgets screen: one row per budget with its spend this period, the share of the limit as a bar
// coloured by the tier reached, the period-end projection and the tier state; Add / Edit / Remove through
// BudgetDialog, Acknowledge and Snooze. Reads and writes through the BudgetMonitor's store (same thread)
// and re-evaluates after each change; refreshes shortly after each commit and each alert. GUI thread.
#pragma once

#include "budgetdialog.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <functional>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace Burnrate::Budgets {
class BudgetMonitor;
}
namespace Burnrate::Models {
class BudgetModel;
}

namespace Burnrate::Widgets {

class BudgetsPage : public QWidget
{
    Q_OBJECT
public:
    enum class Snooze { OneHour, UntilTomorrow, UntilPeriodEnd, End };

    explicit BudgetsPage(QWidget *parent = nullptr);
    ~BudgetsPage() override;

    // Null (the database could not be opened for budgets): the screen says budgets are unavailable.
    void setMonitor(Budgets::BudgetMonitor *monitor);
    // Tests pin the time; the default is the system clock.
    void setClock(std::function<qint64()> clock);
    Models::BudgetModel *model() const { return m_model; }
    // The budget whose row is selected; 0 for none.
    qint64 selectedBudgetId() const;
    void selectBudget(qint64 budgetId);
    BudgetDialog *dialog() const { return m_dialog; } // the open Add/Edit dialog

public Q_SLOTS:
    // New data was committed or an alert raised: refresh once the burst is over.
    void scheduleRefresh();
    void refresh();
    // Open the dialog for a new budget, or for the selected one (non-modal; see dialog()).
    void addBudget();
    void editBudget();
    void removeBudget(); // asks first
    void acknowledgeBudget();
    void snoozeBudget(Burnrate::Widgets::BudgetsPage::Snooze snooze);

Q_SIGNALS:
    // A budget was acknowledged, snoozed, changed or removed: the tray and the Alerts screen re-read.
    void budgetsChanged();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildTablePage();
    QWidget *buildEmptyPage();
    void openDialog(qint64 budgetId);
    void changed(); // after a write: evaluate now, refresh, tell the others
    void showError(const QString &message);
    void updateActions();

    QPointer<Budgets::BudgetMonitor> m_monitor;
    std::function<qint64()> m_clock;
    Models::BudgetModel *m_model = nullptr;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_tablePage = nullptr;
    QWidget *m_emptyPage = nullptr;
    QLabel *m_emptyText = nullptr;
    QPushButton *m_emptyAdd = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QToolButton *m_snooze = nullptr;
    QAction *m_endSnooze = nullptr;
    QPointer<BudgetDialog> m_dialog;
    QTimer m_coalesce; // one refresh per burst of commits
    QTimer m_minute;   // the period and the projection move with the clock alone
};

} // namespace Burnrate::Widgets
