#include "mainwindow.h"

#include "navigation.h"
#include "overviewpage.h"
#include "storage/storagewriter.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
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

// An honest page for a screen that is not built yet: what it will do, not a mock-up of it.
QWidget *laterPage(const QString &title, const QString &text, const QString &objectName, QWidget *parent)
{
    auto *page = new QWidget(parent);
    page->setObjectName(objectName);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(40, 40, 40, 40);
    auto *heading = new QLabel(title, page);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setWeight(QFont::DemiBold);
    heading->setFont(font);
    auto *body = new QLabel(text, page);
    body->setWordWrap(true);
    body->setMaximumWidth(640);
    layout->addWidget(heading);
    layout->addWidget(body);
    layout->addStretch(1);
    return page;
}

} // namespace

MainWindow::MainWindow(QString databasePath, QString endpoint, Storage::StorageWriter *writer,
                       std::shared_ptr<const Pricing::PriceTable> prices, QWidget *parent)
    : QMainWindow(parent)
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
    m_overview = new OverviewPage(std::move(databasePath), endpoint, std::move(prices), m_pages);
    connect(m_overview, &OverviewPage::demoRequested, this, &MainWindow::demoRequested);
    if (writer)
        connect(writer, &Storage::StorageWriter::eventsStored, m_overview, &OverviewPage::scheduleRefresh);

    const QColor iconColor = palette().color(QPalette::WindowText);
    const auto addPage = [&](Page page, const QString &name, QWidget *widget) {
        auto *item = new QListWidgetItem(pageIcon(page, iconColor), name, m_navigation);
        item->setSizeHint(QSize(0, 36));
        m_pages->addWidget(widget);
    };
    addPage(Page::Overview, tr("Overview"), m_overview);
    addPage(Page::Explore, tr("Explore"),
            laterPage(tr("Explore"),
                      tr("Explore arrives in a later version: spend by any dimension (provider, model, "
                         "feature, agent, user, session, task), drill-down from a total to the calls and "
                         "traces behind it. Until then, `burnrate report` answers the same questions on "
                         "the command line."),
                      QStringLiteral("explorePage"), m_pages));
    addPage(Page::Budgets, tr("Budgets"),
            laterPage(tr("Budgets"),
                      tr("Budgets arrive in a later version: limits per day, week or month for all spend or "
                         "one provider, model, feature, agent or user, with alerts at 70, 100 and 120 % "
                         "and a forecast of the month's end."),
                      QStringLiteral("budgetsPage"), m_pages));
    addPage(Page::Alerts, tr("Alerts"),
            laterPage(tr("Alerts"),
                      tr("Alerts arrive in a later version: budget thresholds, unusual spend against the "
                         "last day's average, and agents stuck in a loop, each with acknowledge and "
                         "snooze."),
                      QStringLiteral("alertsPage"), m_pages));
    addPage(Page::Sources, tr("Sources"),
            laterPage(tr("Sources"),
                      tr("Sources arrive in a later version: the health of each source of usage data. "
                         "Today Burnrate receives OpenTelemetry traces on %1 and imports OTLP files with "
                         "`burnrate import`.")
                          .arg(endpoint),
                      QStringLiteral("sourcesPage"), m_pages));
    addPage(Page::KillSwitch, tr("Kill switch"),
            laterPage(tr("Kill switch"),
                      tr("The kill switch arrives in a later version: one click that tells every agent, or "
                         "one of them, to stop before its next model call, through a document they all "
                         "read."),
                      QStringLiteral("killSwitchPage"), m_pages));
    const QFontMetrics metrics(m_navigation->font());
    int widest = 0;
    for (int i = 0; i < m_navigation->count(); ++i)
        widest = std::max(widest, metrics.horizontalAdvance(m_navigation->item(i)->text()));
    m_navigation->setFixedWidth(widest + 20 + 48);
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
    right->addWidget(m_demoBar);
    right->addWidget(m_pages, 1);
    layout->addWidget(m_navigation);
    layout->addLayout(right, 1);
    setCentralWidget(central);

    resize(1200, 780);
    const QSettings state(windowStateFile(), QSettings::IniFormat);
    if (state.value(QStringLiteral("window/version")).toInt() == kStateVersion)
        restoreGeometry(state.value(QStringLiteral("window/geometry")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::setDemoRunning(bool running)
{
    auto *text = m_demoBar->findChild<QLabel *>(QStringLiteral("demoText"));
    text->setText(
        running ? tr("Demo: a simulated fleet of agents is sending traces. Its spend is stored as demo "
                     "data and shown with yours.")
                : tr("Demo stopped. Its simulated spend is still stored and shown until you clear it."));
    m_demoBar->findChild<QPushButton *>(QStringLiteral("stopDemo"))->setVisible(running);
    m_demoBar->show();
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

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings state(windowStateFile(), QSettings::IniFormat);
    state.setValue(QStringLiteral("window/version"), kStateVersion);
    state.setValue(QStringLiteral("window/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

} // namespace Burnrate::Widgets
