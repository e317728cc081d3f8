// The main window: a sidebar of screens (Overview, Explore, Budgets, Alerts, Sources, Kill switch) and
// the screen shown. Remembers its geometry. GUI thread only.
#pragma once

#include <QMainWindow>
#include <memory>

class QListWidget;
class QStackedWidget;

namespace Burnrate::Pricing {
class PriceTable;
}
namespace Burnrate::Storage {
class StorageWriter;
}

namespace Burnrate::Widgets {

class OverviewPage;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // writer: its eventsStored() refreshes the screens (may be null: they then refresh on their timers).
    MainWindow(QString databasePath, QString endpoint, Storage::StorageWriter *writer,
               std::shared_ptr<const Pricing::PriceTable> prices, QWidget *parent = nullptr);
    ~MainWindow() override;

    OverviewPage *overview() const { return m_overview; }

public Q_SLOTS:
    // Shows the demo bar ("simulated data", Stop, Clear) while the demo fleet runs.
    void setDemoRunning(bool running);
    void showMessage(const QString &text); // in the status bar

Q_SIGNALS:
    // "Start the demo" on the empty overview; the demo button is enabled only while this is connected.
    void demoRequested();
    void demoStopRequested();
    void demoClearRequested();

protected:
    void showEvent(QShowEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    OverviewPage *m_overview = nullptr;
    QWidget *m_demoBar = nullptr;
};

} // namespace Burnrate::Widgets
