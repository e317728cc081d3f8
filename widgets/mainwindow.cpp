#include "mainwindow.h"

#include "common/money.h"
#include "common/timeutil.h"
#include "storage/database.h"
#include "storage/report.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace Burnrate::Widgets {

MainWindow::MainWindow(QString databasePath, QString endpoint, QWidget *parent)
    : QMainWindow(parent)
    , m_databasePath(std::move(databasePath))
{
    setWindowTitle(tr("Burnrate"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    auto *endpointLabel = new QLabel(tr("Receiving OpenTelemetry traces on <b>%1</b>. Point your agents' "
                                        "OTLP/HTTP exporter at it, for example "
                                        "<tt>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=%1</tt>.")
                                         .arg(endpoint.toHtmlEscaped()),
                                     central);
    endpointLabel->setWordWrap(true);
    endpointLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status = new QLabel(central);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_table = new QTableWidget(0, 4, central);
    m_table->setObjectName(QStringLiteral("spendTable"));
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Calls"), tr("Tokens"), tr("Cost")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(endpointLabel);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    setCentralWidget(central);
    resize(760, 480);

    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &MainWindow::refresh);
    timer->start(2000);
    refresh();
}

MainWindow::~MainWindow() = default;

void MainWindow::refresh()
{
    Error error;
    if (!m_connection)
        m_connection = Storage::Connection::open(m_databasePath, Storage::Connection::Mode::ReadOnly, &error);
    if (!m_connection) {
        m_status->setText(error.message);
        return;
    }
    Storage::ReportQuery query;
    const qint64 now = Time::nowNs();
    query.sinceNs = Time::toNs(Time::fromNs(now, QTimeZone::systemTimeZone()).date().startOfDay());
    query.untilNs = now + 1;
    query.groupBy = {Storage::Dimension::Model};
    const std::optional<QList<Storage::ReportRow>> rows =
        Storage::runReport(m_connection->database(), query, &error);
    if (!rows) {
        m_status->setText(error.message);
        return;
    }
    const QLocale locale;
    qint64 total = 0;
    m_table->setRowCount(int(rows->size()));
    for (int i = 0; i < rows->size(); ++i) {
        const Storage::ReportRow &row = rows->at(i);
        total += row.costMicros;
        const QString cost = row.unpricedCalls > 0 ? tr("%1 (%n unpriced)", nullptr, int(row.unpricedCalls))
                                                         .arg(Money::formatUsd(row.costMicros))
                                                   : Money::formatUsd(row.costMicros);
        const QStringList cells = {row.keys.at(0).isNull() ? tr("(unknown model)") : row.keys.at(0),
                                   locale.toString(row.calls),
                                   locale.toString(row.inputTokens + row.outputTokens), cost};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(i, c, item);
        }
    }
    m_status->setText(rows->isEmpty() ? tr("No model calls today yet.")
                                      : tr("Spend today: %1").arg(Money::formatUsd(total)));
}

} // namespace Burnrate::Widgets
