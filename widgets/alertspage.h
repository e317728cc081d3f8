// The Alerts screen: the history of budget, forecast, anomaly and loop alerts with filters (kind,
// unacknowledged only, time range), Acknowledge for the selected or all, and a pane with the selected
// alert's detail in words (figures, top contributors, trace ids). New alerts appear as the BudgetMonitor
// raises them; acknowledgements are stored through its store. GUI thread.
#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace Burnrate::Budgets {
class BudgetMonitor;
struct Alert;
} // namespace Burnrate::Budgets
namespace Burnrate::Models {
class AlertFilterModel;
class AlertModel;
} // namespace Burnrate::Models

namespace Burnrate::Widgets {

class AlertsPage : public QWidget
{
    Q_OBJECT
public:
    explicit AlertsPage(QWidget *parent = nullptr);
    ~AlertsPage() override;

    // Null: the screen says alerts are unavailable.
    void setMonitor(Budgets::BudgetMonitor *monitor);
    // Tests pin the time; the default is the system clock.
    void setClock(std::function<qint64()> clock);
    Models::AlertModel *model() const { return m_model; }
    Models::AlertFilterModel *filter() const { return m_filter; }
    QTableView *view() const { return m_view; }
    QString detailText() const;

public Q_SLOTS:
    // Re-reads the whole history (after a change elsewhere, e.g. a budget acknowledged).
    void reload();
    void addAlert(const Burnrate::Budgets::Alert &alert);
    void acknowledgeSelected();
    void acknowledgeAll();

Q_SIGNALS:
    // Alerts were acknowledged here: the tray and the Budgets screen re-read.
    void alertsAcknowledged();
    // "Stop this agent…" on an alert about one agent: the kill switch should stop it.
    void stopAgentRequested(const QString &agentId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildTablePage();
    QWidget *buildEmptyPage();
    void applyFilters();
    void acknowledge(const QList<qint64> &ids);
    void updateState();
    QString selectedAgent() const; // the agent of the one selected alert, if it is about one
    void showError(const QString &message);

    QPointer<Budgets::BudgetMonitor> m_monitor;
    std::function<qint64()> m_clock;
    Models::AlertModel *m_model = nullptr;
    Models::AlertFilterModel *m_filter = nullptr;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_tablePage = nullptr;
    QWidget *m_emptyPage = nullptr;
    QLabel *m_emptyText = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_noRows = nullptr;
    QComboBox *m_kind = nullptr;
    QCheckBox *m_unacknowledged = nullptr;
    QComboBox *m_range = nullptr;
    QPushButton *m_stopAgent = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QPushButton *m_acknowledgeAll = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    QTimer m_minute; // reloads: unannounced (snoozed) alerts, and the time range moves with the clock
};

} // namespace Burnrate::Widgets
