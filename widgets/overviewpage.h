// The Overview screen: KPI tiles, the live spend chart and the top features and agents, or the empty
// state until the first call is stored. Reads through its own read-only connection on the GUI thread;
// refreshes shortly after each commit and every second while visible, so "this hour" rolls forward.
#pragma once

#include "storage/overview.h"

#include <QTimeZone>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <memory>

class QButtonGroup;
class QComboBox;
class QLabel;
class QStackedWidget;
class QTableView;

namespace Burnrate::Pricing {
class PriceTable;
}
namespace Burnrate::Storage {
class Connection;
}
namespace Burnrate::Models {
class SpendBreakdownModel;
}

namespace Burnrate::Widgets {

class EmptyStatePage;
class KpiTile;
class SpendChart;

class OverviewPage : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kTopSeries = 5; // chart series of their own; the rest is "Other"

    OverviewPage(QString databasePath, const QString &endpoint,
                 std::shared_ptr<const Pricing::PriceTable> prices, QWidget *parent = nullptr);
    ~OverviewPage() override;

    // Tests pin the time; the default is the system clock.
    void setClock(std::function<qint64()> clock);
    void setDemoAvailable(bool available);
    void setEndpoint(const QString &endpoint, bool tokenRequired); // shown by the empty state

public Q_SLOTS:
    // New data was committed: refresh once the burst is over (within ~300 ms).
    void scheduleRefresh();
    void refresh();

Q_SIGNALS:
    void demoRequested();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *buildDashboard();
    bool ensureConnection();
    // Every second: the clock-bound figures, and everything once a minute.
    void tick();
    void applySnapshot(const Storage::OverviewSnapshot &snapshot);
    void applyLive(const Storage::LiveKpis &live);
    void showError(const QString &message);
    QString rangeDescription() const;

    QString m_databasePath;
    std::shared_ptr<const Pricing::PriceTable> m_prices;
    std::unique_ptr<Storage::Connection> m_connection; // this thread's read-only connection
    std::function<qint64()> m_clock;
    Storage::OverviewRange m_range = Storage::OverviewRange::Day;
    Storage::OverviewStack m_stackBy = Storage::OverviewStack::Model;
    QTimer m_coalesce;       // one refresh per burst of commits, longer apart the longer a refresh takes
    QTimer m_tick;           // rolls the clock-bound figures forward while visible
    qint64 m_loadedAtNs = 0; // the clock when the last full refresh ran

    QLabel *m_error = nullptr;
    QStackedWidget *m_stack = nullptr;
    EmptyStatePage *m_empty = nullptr;
    QWidget *m_dashboard = nullptr;
    KpiTile *m_today = nullptr;
    KpiTile *m_hour = nullptr;
    KpiTile *m_burnRate = nullptr;
    KpiTile *m_month = nullptr;
    KpiTile *m_cacheSaved = nullptr;
    KpiTile *m_unpriced = nullptr;
    QButtonGroup *m_rangeButtons = nullptr;
    QComboBox *m_stackCombo = nullptr;
    QLabel *m_chartTitle = nullptr;
    SpendChart *m_chart = nullptr;
    QLabel *m_featuresTitle = nullptr;
    QLabel *m_agentsTitle = nullptr;
    Models::SpendBreakdownModel *m_features = nullptr;
    Models::SpendBreakdownModel *m_agents = nullptr;
    QTableView *m_featuresView = nullptr;
    QTableView *m_agentsView = nullptr;
};

} // namespace Burnrate::Widgets
