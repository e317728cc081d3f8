#include "mainwindow.h"

#include "alertspage.h"
#include "budgetspage.h"
#include "callsview.h"
#include "common/logging.h"
#include "explorepage.h"
#include "killswitchpage.h"
#include "labels.h"
#include "navigation.h"
#include "overviewpage.h"
#include "reconciliationpage.h"
#include "sessionsview.h"
#include "sourcespage.h"
#include "storage/storagewriter.h"
#include "traceview.h"
#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMetaMethod>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QVBoxLayout>

namespace Burnrate::Widgets {

namespace {

constexpr int kStateVersion = 1;

// Window state is not configuration: it lives beside burnrate.conf, not in it.
QString windowStateFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/window-state.ini");
}

} // namespace

MainWindow::MainWindow(QString databasePath, QString endpoint, Storage::StorageWriter *writer,
                       std::shared_ptr<const Pricing::PriceTable> prices, QWidget *parent)
    : QMainWindow(parent)
    , m_databasePath(databasePath)
{
    setWindowTitle(tr("Burnrate"));
    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_navigation = new QListWidget(central);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setSpacing(2);
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    QPalette sidebar = m_navigation->palette();
    sidebar.setColor(QPalette::Base, palette().color(QPalette::Window).darker(104));
    m_navigation->setPalette(sidebar);

    m_pages = new QStackedWidget(central);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_overview = new OverviewPage(databasePath, endpoint, prices, m_pages);
    connect(m_overview, &OverviewPage::demoRequested, this, &MainWindow::demoRequested);
    m_sources = new SourcesPage(endpoint, m_pages);
    m_explore = new ExplorePage(databasePath, prices, m_pages);
    m_killSwitch = new KillSwitchPage(databasePath, m_pages);
    m_reconciliation = new ReconciliationPage(std::move(databasePath), std::move(prices), m_pages);
    m_budgets = new BudgetsPage(m_pages);
    m_alerts = new AlertsPage(m_pages);
    // What one screen acknowledges or changes, the other shows, and the tray re-reads.
    connect(m_budgets, &BudgetsPage::budgetsChanged, m_alerts, &AlertsPage::reload);
    connect(m_alerts, &AlertsPage::alertsAcknowledged, m_budgets, &BudgetsPage::refresh);
    connect(m_budgets, &BudgetsPage::budgetsChanged, this, &MainWindow::alertsChanged);
    connect(m_alerts, &AlertsPage::alertsAcknowledged, this, &MainWindow::alertsChanged);
    connect(m_alerts, &AlertsPage::stopAgentRequested, this, [this](const QString &agentId) {
        m_navigation->setCurrentRow(int(Page::KillSwitch));
        m_killSwitch->requestStopAgent(agentId);
    });
    // A failing database (full disk, a file made read-only, another program holding the lock) stops
    // everything the window shows from moving; said above every screen until a commit succeeds again.
    m_storageError = errorBanner(QStringLiteral("storageError"), QColor(0xc6, 0x28, 0x28), central);
    m_storageError->setContentsMargins(16, 8, 16, 8);
    if (writer) {
        connect(writer, &Storage::StorageWriter::writeFailed, m_storageError, [this](const Error &error) {
            m_storageError->setText(
                tr("Burnrate is not storing usage: %1\nNew spend is not counted and budgets "
                   "cannot see it until this is fixed; exporters are answered 503 and send "
                   "their batches again.")
                    .arg(error.message));
            m_storageError->show();
        });
        connect(writer, &Storage::StorageWriter::eventsStored, m_storageError, &QLabel::hide);
        connect(writer, &Storage::StorageWriter::eventsStored, m_budgets, &BudgetsPage::scheduleRefresh);
        connect(writer, &Storage::StorageWriter::eventsStored, m_overview, &OverviewPage::scheduleRefresh);
        connect(writer, &Storage::StorageWriter::eventsStored, m_explore, &ExplorePage::scheduleRefresh);
        connect(writer, &Storage::StorageWriter::eventsStored, m_reconciliation,
                &ReconciliationPage::scheduleRefresh);
    }

    const QColor iconColor = palette().color(QPalette::WindowText);
    const auto addPage = [&](Page page, const QString &name, QWidget *widget) {
        auto *item = new QListWidgetItem(pageIcon(page, iconColor), name, m_navigation);
        item->setSizeHint(QSize(0, 36));
        m_pages->addWidget(widget);
    };
    addPage(Page::Overview, tr("Overview"), m_overview);
    addPage(Page::Explore, tr("Explore"), m_explore);
    m_calls = new CallsView(m_databasePath, m_pages);
    if (writer)
        connect(writer, &Storage::StorageWriter::eventsStored, m_calls, &CallsView::scheduleLiveUpdate);
    addPage(Page::Calls, tr("Calls"), m_calls);
    m_sessions = new SessionsView(m_databasePath, m_pages);
    addPage(Page::Sessions, tr("Sessions"), m_sessions);
    connect(m_explore, &ExplorePage::callsRequested, this, [this](const Storage::ReportQuery &query) {
        Error error;
        if (const std::optional<Storage::CallsQuery> calls = Storage::callsQueryForCell(query, {}, &error))
            openCalls(*calls);
        else
            showMessage(error.message);
    });
    connect(m_calls, &CallsView::traceRequested, this, [this](const QString &traceId, qint64 atNs) {
        constexpr qint64 kAroundNs = qint64(3600) * 1'000'000'000;
        openTrace(traceId, atNs - kAroundNs, atNs + kAroundNs);
    });
    connect(m_sessions, &SessionsView::callsRequested, this, &MainWindow::openCalls);
    addPage(Page::Budgets, tr("Budgets"), m_budgets);
    addPage(Page::Alerts, tr("Alerts"), m_alerts);
    addPage(Page::Sources, tr("Sources"), m_sources);
    addPage(Page::Reconciliation, tr("Reconciliation"), m_reconciliation);
    connect(m_reconciliation, &ReconciliationPage::sourcesRequested, this,
            [this] { m_navigation->setCurrentRow(int(Page::Sources)); });
    addPage(Page::KillSwitch, tr("Kill switch"), m_killSwitch);
    // Settings sits at the foot of the sidebar, drawn as one more entry; it opens a dialog, not a page.
    m_settingsAction = new QAction(tr("Settings…"), this);
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setEnabled(false);
    addAction(m_settingsAction);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);
    m_settingsEntry = new QListWidget(central);
    m_settingsEntry->setObjectName(QStringLiteral("settingsEntry"));
    m_settingsEntry->setFrameShape(QFrame::NoFrame);
    m_settingsEntry->setIconSize(m_navigation->iconSize());
    m_settingsEntry->setSpacing(m_navigation->spacing());
    m_settingsEntry->setSelectionMode(QAbstractItemView::NoSelection);
    m_settingsEntry->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_settingsEntry->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_settingsEntry->setPalette(sidebar);
    auto *settingsItem =
        new QListWidgetItem(settingsIcon(iconColor), m_settingsAction->text(), m_settingsEntry);
    settingsItem->setSizeHint(QSize(0, 36));
    settingsItem->setToolTip(m_settingsAction->shortcut().toString(QKeySequence::NativeText));
    settingsItem->setFlags(Qt::NoItemFlags); // enabled by setSettingsContext()
    m_settingsEntry->setFixedHeight(36 + 4 * m_navigation->spacing());
    connect(m_settingsEntry, &QListWidget::itemClicked, this, &MainWindow::openSettings);

    const QFontMetrics metrics(m_navigation->font());
    int widest = metrics.horizontalAdvance(settingsItem->text());
    for (int i = 0; i < m_navigation->count(); ++i)
        widest = std::max(widest, metrics.horizontalAdvance(m_navigation->item(i)->text()));
    m_navigation->setFixedWidth(widest + 20 + 48);
    m_settingsEntry->setFixedWidth(m_navigation->width());
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    m_navigation->setCurrentRow(0);

    // Shown while demo data is in play, so simulated spend is never mistaken for real spend.
    m_demoBar = new QFrame(central);
    m_demoBar->setObjectName(QStringLiteral("demoBar"));
    m_demoBar->setAutoFillBackground(true);
    QPalette demoPalette = m_demoBar->palette();
    demoPalette.setColor(QPalette::Window, QColor(0xff, 0xf3, 0xcd));
    demoPalette.setColor(QPalette::WindowText, QColor(0x5c, 0x45, 0x00));
    m_demoBar->setPalette(demoPalette);
    auto *demoLayout = new QHBoxLayout(m_demoBar);
    demoLayout->setContentsMargins(16, 6, 16, 6);
    auto *demoText = new QLabel(m_demoBar);
    demoText->setObjectName(QStringLiteral("demoText"));
    demoText->setWordWrap(true); // German needs more than a line at the default width
    auto *stopDemo = new QPushButton(tr("Stop demo"), m_demoBar);
    stopDemo->setObjectName(QStringLiteral("stopDemo"));
    auto *clearDemo = new QPushButton(tr("Clear demo data"), m_demoBar);
    clearDemo->setObjectName(QStringLiteral("clearDemo"));
    demoLayout->addWidget(demoText, 1);
    demoLayout->addWidget(stopDemo);
    demoLayout->addWidget(clearDemo);
    connect(stopDemo, &QPushButton::clicked, this, &MainWindow::demoStopRequested);
    connect(clearDemo, &QPushButton::clicked, this, [this] {
        m_demoBar->hide();
        Q_EMIT demoClearRequested();
    });
    m_demoBar->hide();

    auto *right = new QVBoxLayout;
    right->setContentsMargins(0, 0, 0, 0);
    right->setSpacing(0);
    right->addWidget(m_storageError);
    right->addWidget(m_demoBar);
    right->addWidget(m_pages, 1);
    auto *sidebarColumn = new QVBoxLayout;
    sidebarColumn->setContentsMargins(0, 0, 0, 0);
    sidebarColumn->setSpacing(0);
    sidebarColumn->addWidget(m_navigation, 1);
    sidebarColumn->addWidget(m_settingsEntry);
    layout->addLayout(sidebarColumn);
    layout->addLayout(right, 1);
    setCentralWidget(central);

    resize(1200, 780);
    const QSettings state(windowStateFile(), QSettings::IniFormat);
    if (state.value(QStringLiteral("window/version")).toInt() == kStateVersion)
        restoreGeometry(state.value(QStringLiteral("window/geometry")).toByteArray());
}

// Quitting from the tray or by a signal closes no window: the geometry is saved here too.
MainWindow::~MainWindow()
{
    saveGeometryState();
}

void MainWindow::saveGeometryState() const
{
    QSettings state(windowStateFile(), QSettings::IniFormat);
    state.setValue(QStringLiteral("window/version"), kStateVersion);
    state.setValue(QStringLiteral("window/geometry"), saveGeometry());
}

void MainWindow::setDemoRunning(bool running)
{
    m_demoRunning = running;
    if (m_settingsDialog)
        m_settingsDialog->setDemoRunning(running);
    updateDemoBar();
}

void MainWindow::setDemoHistoryProgress(int percent)
{
    m_demoHistoryPercent = percent;
    updateDemoBar();
}

void MainWindow::updateDemoBar()
{
    auto *text = m_demoBar->findChild<QLabel *>(QStringLiteral("demoText"));
    if (!m_demoRunning)
        text->setText(tr("Demo stopped. Its simulated spend is still stored and shown until you clear it."));
    else if (m_demoHistoryPercent < 100)
        text->setText(tr("Demo: a simulated fleet of agents is sending its past week (%1 %); today's calls "
                         "follow. Its spend is stored as demo data and shown with yours.")
                          .arg(m_demoHistoryPercent));
    else
        text->setText(tr("Demo: a simulated fleet of agents is sending traces. Its spend is stored as demo "
                         "data and shown with yours."));
    m_demoBar->findChild<QPushButton *>(QStringLiteral("stopDemo"))->setVisible(m_demoRunning);
    m_demoBar->show();
}

void MainWindow::setSettingsContext(SettingsDialog::Context context)
{
    m_settingsContext = std::move(context);
    m_settingsEntry->item(0)->setFlags(Qt::ItemIsEnabled);
    m_settingsAction->setEnabled(true);
}

void MainWindow::openSettings()
{
    if (!m_settingsContext)
        return;
    if (!isVisible()) // asked from the tray: the dialog belongs to the window
        show();
    if (m_settingsDialog) {
        m_settingsDialog->raise();
        m_settingsDialog->activateWindow();
        return;
    }
    m_settingsDialog = new SettingsDialog(*m_settingsContext, this);
    m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_settingsDialog->setDemoAvailable(
        isSignalConnected(QMetaMethod::fromSignal(&MainWindow::demoRequested)));
    m_settingsDialog->setDemoRunning(m_demoRunning);
    connect(m_settingsDialog, &SettingsDialog::demoRequested, this, &MainWindow::demoRequested);
    connect(m_settingsDialog, &SettingsDialog::demoStopRequested, this, &MainWindow::demoStopRequested);
    m_settingsDialog->open();
}

void MainWindow::openKillSwitchSettings()
{
    openSettings();
    if (m_settingsDialog)
        m_settingsDialog->showKillSwitchSection();
}

void MainWindow::openCalls(const Storage::CallsQuery &query)
{
    m_calls->openCalls(query); // first: shown without calls, the page would load its default range
    m_navigation->setCurrentRow(int(Page::Calls));
}

TraceView *MainWindow::openTrace(const QString &traceId, qint64 sinceNs, qint64 untilNs)
{
    if (!m_trace) {
        m_trace = new TraceView(m_databasePath, this);
        m_trace->setWindowFlag(Qt::Window);
        m_trace->setAttribute(Qt::WA_DeleteOnClose);
        m_trace->resize(980, 620);
        connect(m_trace, &TraceView::callsRequested, this, &MainWindow::openCalls);
    }
    m_trace->openTrace(traceId, sinceNs, untilNs);
    m_trace->setWindowTitle(tr("Trace %1 — Burnrate").arg(traceId));
    m_trace->show();
    m_trace->raise();
    m_trace->activateWindow();
    return m_trace;
}

void MainWindow::setEndpoint(const QString &endpoint, bool tokenRequired)
{
    m_overview->setEndpoint(endpoint, tokenRequired);
    m_sources->setEndpoint(endpoint, tokenRequired);
}

void MainWindow::setSources(const QList<Providers::ProviderPoller *> &pollers, Secrets::SecretStore *secrets,
                            Settings *settings)
{
    m_sources->setProviders(pollers, secrets, settings);
    m_reconciliation->setPollers(pollers);
}

void MainWindow::setBudgetMonitor(Budgets::BudgetMonitor *monitor)
{
    m_budgets->setMonitor(monitor);
    m_alerts->setMonitor(monitor);
}

void MainWindow::showAlerts()
{
    m_navigation->setCurrentRow(int(Page::Alerts));
    if (m_tray)
        m_tray->showWindow();
    else
        show();
}

void MainWindow::setReceiver(Ingest::OtlpReceiver *receiver)
{
    m_sources->setReceiver(receiver);
}

void MainWindow::showMessage(const QString &text)
{
    statusBar()->showMessage(text, 10'000);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    m_overview->setDemoAvailable(isSignalConnected(QMetaMethod::fromSignal(&MainWindow::demoRequested)));
}

void MainWindow::setTray(TrayIcon *tray)
{
    m_tray = tray;
    m_closeToTray = false;
    connect(tray, &TrayIcon::hostChecked, this, [this](bool found) {
        m_closeToTray = found;
        // With the window in the tray, a closing balloon or dialog must not count as the last window.
        QApplication::setQuitOnLastWindowClosed(!found);
        if (found)
            return;
        const QString why = tr("No system tray was found, so closing the window quits Burnrate.");
        qCInfo(lcApp).noquote() << why;
        showMessage(why);
    });
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveGeometryState();
    if (!m_closeToTray || !m_tray) {
        QMainWindow::closeEvent(event);
        return;
    }
    // Watching spend is the point, so closing keeps Burnrate running; say so the first time only.
    event->ignore();
    QSettings state(windowStateFile(), QSettings::IniFormat);
    if (!state.value(QStringLiteral("tray/told_close_to_tray")).toBool()) {
        const QString title = tr("Burnrate is still running");
        const QString text = tr("Burnrate keeps watching your spend from the tray. To quit, choose Quit in "
                                "the menu of its tray icon.");
        // Before hide(): a message box that closes while no window is visible would quit the app.
        if (QSystemTrayIcon::supportsMessages())
            m_tray->showMessage(title, text);
        else
            QMessageBox::information(this, title, text);
        state.setValue(QStringLiteral("tray/told_close_to_tray"), true);
    }
    hide();
}

} // namespace Burnrate::Widgets
