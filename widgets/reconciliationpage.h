// The Reconciliation screen: what the providers billed beside what Burnrate measured, per UTC day,
// provider and model, with the difference and its likely causes; or, until a provider is set up, what
// it needs and a way to Sources. Reads through its own read-only connection on the GUI thread and
// refreshes shortly after new provider data or new calls are stored, and every minute while visible.
#pragma once

#include <QList>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <memory>

class QButtonGroup;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace Burnrate::Pricing {
class PriceTable;
}
namespace Burnrate::Providers {
class ProviderPoller;
}
namespace Burnrate::Storage {
class Connection;
}
namespace Burnrate::Models {
class ReconciliationModel;
}

namespace Burnrate::Widgets {

class KpiTile;

class ReconciliationPage : public QWidget
{
    Q_OBJECT
public:
    ReconciliationPage(QString databasePath, std::shared_ptr<const Pricing::PriceTable> prices,
                       QWidget *parent = nullptr);
    ~ReconciliationPage() override;

    // Tests pin the time; the default is the system clock.
    void setClock(std::function<qint64()> clock);
    // Their stored data refreshes the table; whether any is enabled decides the empty state.
    void setPollers(const QList<Providers::ProviderPoller *> &pollers);
    int rangeDays() const { return m_rangeDays; }
    void setRangeDays(int days); // 7 or 30

public Q_SLOTS:
    // New data was committed: refresh once the burst is over.
    void scheduleRefresh();
    void refresh();

Q_SIGNALS:
    // "Open Sources" on the empty state.
    void sourcesRequested();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *buildTablePage();
    QWidget *buildEmptyPage();
    bool ensureConnection();
    bool anyProviderEnabled() const;
    void showError(const QString &message);
    void updateTiles();

    QString m_databasePath;
    std::shared_ptr<const Pricing::PriceTable> m_prices;
    std::unique_ptr<Storage::Connection> m_connection;
    std::function<qint64()> m_clock;
    QList<Providers::ProviderPoller *> m_pollers;
    bool m_anyEnabled = false;
    int m_rangeDays = 7;
    QTimer m_coalesce; // one refresh per burst of commits
    QTimer m_minute;   // today's figures become final, the range rolls on

    QLabel *m_error = nullptr;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_tablePage = nullptr;
    QWidget *m_emptyPage = nullptr;
    QLabel *m_emptyTitle = nullptr;
    QLabel *m_emptyText = nullptr;
    QPushButton *m_openSources = nullptr;
    QButtonGroup *m_rangeButtons = nullptr;
    QLabel *m_title = nullptr;
    KpiTile *m_billed = nullptr;
    KpiTile *m_measured = nullptr;
    KpiTile *m_difference = nullptr;
    Models::ReconciliationModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_noRows = nullptr;
};

} // namespace Burnrate::Widgets
