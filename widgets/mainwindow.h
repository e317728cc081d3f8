// The main window: a sidebar of screens (Overview, Explore, Budgets, Alerts, Sources, Reconciliation,
// Kill switch, Calls, Sessions), the screen shown, and a trace window. Remembers its geometry. GUI thread
// only.
#pragma once

#include "settingsdialog.h"
#include "storage/calls.h"

#include <QMainWindow>
#include <QPointer>
#include <memory>
#include <optional>

class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;

namespace Burnrate {
class Settings;
}
namespace Burnrate::Budgets {
class BudgetMonitor;
}
namespace Burnrate::Ingest {
class OtlpReceiver;
}
namespace Burnrate::Pricing {
class PriceTable;
}
namespace Burnrate::Providers {
class ProviderPoller;
}
namespace Burnrate::Secrets {
class SecretStore;
}
namespace Burnrate::Storage {
class StorageWriter;
}

namespace Burnrate::Widgets {

class CallsView;
class ExplorePage;
class AlertsPage;
class BudgetsPage;
class KillSwitchPage;
class OverviewPage;
class ReconciliationPage;
class SessionsView;
class SourcesPage;
class TraceView;
class TrayIcon;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // writer: its eventsStored() refreshes the screens (may be null: they then refresh on their timers).
    MainWindow(QString databasePath, QString endpoint, Storage::StorageWriter *writer,
               std::shared_ptr<const Pricing::PriceTable> prices, QWidget *parent = nullptr);
    ~MainWindow() override;

    OverviewPage *overview() const { return m_overview; }
    ExplorePage *explore() const { return m_explore; }
    SourcesPage *sources() const { return m_sources; }
    ReconciliationPage *reconciliation() const { return m_reconciliation; }
    CallsView *calls() const { return m_calls; }
    SessionsView *sessions() const { return m_sessions; }
    BudgetsPage *budgets() const { return m_budgets; }
    AlertsPage *alerts() const { return m_alerts; }
    // The app's budget monitor (null when budgets are off) for the Budgets and Alerts screens; it outlives
    // the window.
    void setBudgetMonitor(Budgets::BudgetMonitor *monitor);
    KillSwitchPage *killSwitch() const { return m_killSwitch; }
    // The provider pollers for the Sources and Reconciliation screens, the store of their keys and the
    // settings their configuration is saved in; all owned by the app and outliving the window.
    void setSources(const QList<Providers::ProviderPoller *> &pollers, Secrets::SecretStore *secrets,
                    Settings *settings);
    // The running OTLP receiver, after each (re)start, for its counters on the Sources screen.
    void setReceiver(Ingest::OtlpReceiver *receiver);
    // Once the tray reports a host, closing the window hides it to the tray (said once, the first
    // time); without one, closing quits and the status bar says why.
    void setTray(TrayIcon *tray);
    // What the Settings dialog changes; until it is set, the Settings entry is disabled.
    void setSettingsContext(SettingsDialog::Context context);

public Q_SLOTS:
    // Shows the demo bar ("simulated data", Stop, Clear) while the demo fleet runs.
    void setDemoRunning(bool running);
    // The demo's week of history is being sent (0-99) or is sent (100): until then today's figures are
    // empty, and the demo bar says why.
    void setDemoHistoryProgress(int percent);
    void showMessage(const QString &text); // in the status bar
    // Where the receiver listens now and whether it wants a token (after a change in the settings).
    void setEndpoint(const QString &endpoint, bool tokenRequired);
    // The Settings dialog (the sidebar's Settings entry, Ctrl+,); raises it when it is already open.
    void openSettings();
    // The Settings dialog with the focus on the kill switch (the tray's "Set up a kill switch…").
    void openKillSwitchSettings();
    // The Calls screen with these calls (a range and filters, e.g. Explore's drill-down).
    void openCalls(const Storage::CallsQuery &query);
    // The trace in the trace window (one, reused), found around [sinceNs, untilNs); returns the view.
    TraceView *openTrace(const QString &traceId, qint64 sinceNs, qint64 untilNs);
    // Shows the window on the Alerts screen (a click on an alert's tray balloon).
    void showAlerts();

Q_SIGNALS:
    // "Start the demo" on the empty overview; the demo button is enabled only while this is connected.
    void demoRequested();
    void demoStopRequested();
    void demoClearRequested();
    // Alerts were acknowledged, or budgets snoozed or changed, on a screen: the tray re-reads its state.
    void alertsChanged();

protected:
    void showEvent(QShowEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void saveGeometryState() const;
    void updateDemoBar(); // its text and buttons from m_demoRunning and m_demoHistoryPercent

    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    OverviewPage *m_overview = nullptr;
    ExplorePage *m_explore = nullptr;
    SourcesPage *m_sources = nullptr;
    ReconciliationPage *m_reconciliation = nullptr;
    CallsView *m_calls = nullptr;
    SessionsView *m_sessions = nullptr;
    QPointer<TraceView> m_trace; // in its own window
    QString m_databasePath;
    BudgetsPage *m_budgets = nullptr;
    AlertsPage *m_alerts = nullptr;
    KillSwitchPage *m_killSwitch = nullptr;
    QWidget *m_demoBar = nullptr;
    QLabel *m_storageError = nullptr; // while the writer's commits fail: new spend is not counted
    bool m_demoRunning = false;
    int m_demoHistoryPercent = 100;
    QListWidget *m_settingsEntry = nullptr;
    QAction *m_settingsAction = nullptr;
    std::optional<SettingsDialog::Context> m_settingsContext;
    QPointer<SettingsDialog> m_settingsDialog;
    QPointer<TrayIcon> m_tray;
    bool m_closeToTray = false;
};

} // namespace Burnrate::Widgets
