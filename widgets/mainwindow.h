// The main window: a sidebar of screens (Overview, Explore, Budgets, Alerts, Sources, Reconciliation,
// Kill switch) and the screen shown. Remembers its geometry. GUI thread only.
#pragma once

#include "settingsdialog.h"

#include <QMainWindow>
#include <QPointer>
#include <memory>
#include <optional>

class QAction;
class QListWidget;
class QStackedWidget;

namespace Burnrate {
class Settings;
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

class KillSwitchPage;
class OverviewPage;
class ReconciliationPage;
class SourcesPage;
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
    SourcesPage *sources() const { return m_sources; }
    ReconciliationPage *reconciliation() const { return m_reconciliation; }
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
    void showMessage(const QString &text); // in the status bar
    // Where the receiver listens now and whether it wants a token (after a change in the settings).
    void setEndpoint(const QString &endpoint, bool tokenRequired);
    // The Settings dialog (the sidebar's Settings entry, Ctrl+,); raises it when it is already open.
    void openSettings();

Q_SIGNALS:
    // "Start the demo" on the empty overview; the demo button is enabled only while this is connected.
    void demoRequested();
    void demoStopRequested();
    void demoClearRequested();

protected:
    void showEvent(QShowEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void saveGeometryState() const;

    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    OverviewPage *m_overview = nullptr;
    SourcesPage *m_sources = nullptr;
    ReconciliationPage *m_reconciliation = nullptr;
    KillSwitchPage *m_killSwitch = nullptr;
    QWidget *m_demoBar = nullptr;
    bool m_demoRunning = false;
    QListWidget *m_settingsEntry = nullptr;
    QAction *m_settingsAction = nullptr;
    std::optional<SettingsDialog::Context> m_settingsContext;
    QPointer<SettingsDialog> m_settingsDialog;
    QPointer<TrayIcon> m_tray;
    bool m_closeToTray = false;
};

} // namespace Burnrate::Widgets
