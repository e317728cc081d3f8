#include "sessionsview.h"

#include "common/timeutil.h"
#include "models/sessionsmodel.h"
#include "storage/database.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShowEvent>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace Burnrate::Widgets {

namespace {
constexpr qint64 kHourNs = 3600 * Time::kNanosPerSecond;
}

SessionsView::SessionsView(QString databasePath, QWidget *parent)
    : QWidget(parent)
    , m_databasePath(std::move(databasePath))
    , m_model(new Models::SessionsModel(this))
{
    m_pool.setMaxThreadCount(1);
    setObjectName(QStringLiteral("sessionsView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 12);
    auto *top = new QHBoxLayout;
    auto *title = new QLabel(tr("Sessions"), this);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setWeight(QFont::DemiBold);
    title->setFont(font);
    top->addWidget(title);
    top->addStretch(1);
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("sessionsRange"));
    m_range->addItem(tr("Last hour"), kHourNs);
    m_range->addItem(tr("Last 24 hours"), 24 * kHourNs);
    m_range->addItem(tr("Last 7 days"), 7 * 24 * kHourNs);
    m_range->addItem(tr("Last 30 days"), 30 * 24 * kHourNs);
    m_range->setCurrentIndex(1);
    top->addWidget(m_range);
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    refreshButton->setObjectName(QStringLiteral("refreshSessions"));
    top->addWidget(refreshButton);
    m_showCalls = new QPushButton(tr("Show calls"), this);
    m_showCalls->setObjectName(QStringLiteral("showSessionCalls"));
    m_showCalls->setEnabled(false);
    top->addWidget(m_showCalls);
    layout->addLayout(top);

    m_stack = new QStackedWidget(this);
    m_table = new QTableView(m_stack);
    m_table->setObjectName(QStringLiteral("sessionsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(Models::SessionsModel::CostColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_empty = new QLabel(m_stack);
    m_empty->setObjectName(QStringLiteral("sessionsEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);
    layout->addWidget(m_stack, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("sessionsStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_range, &QComboBox::activated, this, &SessionsView::refresh);
    connect(refreshButton, &QPushButton::clicked, this, &SessionsView::refresh);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { m_showCalls->setEnabled(current.isValid()); });
    connect(m_showCalls, &QPushButton::clicked, this, [this] {
        if (m_table->currentIndex().isValid())
            openSession(m_table->currentIndex().row());
    });
    connect(m_table, &QTableView::doubleClicked, this,
            [this](const QModelIndex &index) { openSession(index.row()); });
}

SessionsView::~SessionsView()
{
    m_pool.waitForDone(); // its result is queued to this object, which Qt drops once it is gone
}

void SessionsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_loaded)
        refresh();
}

void SessionsView::refresh()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    showRange(now - m_range->currentData().toLongLong(), now + Time::kNanosPerSecond);
}

void SessionsView::showRange(qint64 sinceNs, qint64 untilNs)
{
    m_loaded = true;
    m_loading = true;
    const quint64 generation = ++m_generation;
    m_status->setText(tr("Loading the sessions of the range…"));
    m_pool.start([this, path = m_databasePath, sinceNs, untilNs, generation] {
        Error error;
        std::optional<QList<Storage::SessionRow>> rows;
        {
            const std::unique_ptr<Storage::Connection> connection =
                Storage::Connection::open(path, Storage::Connection::Mode::ReadOnly, &error);
            if (connection)
                rows = Storage::loadSessions(connection->database(), sinceNs, untilNs, kMaxSessions, &error);
        }
        QMetaObject::invokeMethod(
            this,
            [this, rows = std::move(rows), error, generation] {
                if (generation == m_generation)
                    showRows(rows, error);
            },
            Qt::QueuedConnection);
    });
}

void SessionsView::showRows(const std::optional<QList<Storage::SessionRow>> &rows, const Error &error)
{
    m_loading = false;
    m_status->clear();
    m_model->setRows(rows ? *rows : QList<Storage::SessionRow>());
    m_showCalls->setEnabled(false);
    if (!rows) {
        m_empty->setText(error.message);
        m_stack->setCurrentWidget(m_empty);
    } else if (rows->isEmpty()) {
        m_empty->setText(tr("No session had a call in this range. Calls carry a session when the agent sets "
                            "session.id (or gen_ai.conversation.id) on its spans."));
        m_stack->setCurrentWidget(m_empty);
    } else {
        m_stack->setCurrentWidget(m_table);
        for (int c = 0; c < Models::SessionsModel::ColumnCount - 1; ++c)
            m_table->resizeColumnToContents(c);
        if (rows->size() == kMaxSessions)
            m_status->setText(tr("Showing the %1 most expensive sessions of the range.")
                                  .arg(QLocale().toString(kMaxSessions)));
    }
    Q_EMIT loaded();
}

void SessionsView::openSession(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const Storage::SessionRow &s = m_model->session(row);
    Storage::CallsQuery query;
    query.sinceNs = s.firstNs;
    query.untilNs = s.lastNs + 1; // the last call started no later than the session's last end
    query.filters = {{Storage::Dimension::Session, s.sessionId}};
    Q_EMIT callsRequested(query);
}

} // namespace Burnrate::Widgets
