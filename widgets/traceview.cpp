#include "traceview.h"

#include "common/money.h"
#include "models/callsmodel.h"
#include "models/tracemodel.h"
#include "storage/database.h"
#include "storage/traces.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QTreeView>
#include <QVBoxLayout>

namespace Burnrate::Widgets {

TraceView::TraceView(QString databasePath, QWidget *parent)
    : QWidget(parent)
    , m_databasePath(std::move(databasePath))
    , m_model(new Models::TraceModel(this))
{
    setObjectName(QStringLiteral("traceView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 12);
    auto *top = new QHBoxLayout;
    m_title = new QLabel(tr("Trace"), this);
    m_title->setObjectName(QStringLiteral("traceTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setWeight(QFont::DemiBold);
    m_title->setFont(font);
    top->addWidget(m_title, 1);
    auto *showCalls = new QPushButton(tr("Show calls"), this);
    showCalls->setObjectName(QStringLiteral("showTraceCalls"));
    top->addWidget(showCalls);
    layout->addLayout(top);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("traceSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("traceTree"));
    m_tree->setModel(m_model);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(Models::TraceModel::NameColumn, QHeaderView::Stretch);
    for (int c = Models::TraceModel::KindColumn; c < Models::TraceModel::ColumnCount; ++c)
        m_tree->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    layout->addWidget(m_tree, 1);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("traceNote"));
    m_note->setWordWrap(true);
    layout->addWidget(m_note);

    connect(showCalls, &QPushButton::clicked, this, [this] {
        if (!m_callsQuery.filters.isEmpty())
            Q_EMIT callsRequested(m_callsQuery);
    });

    // Esc and Ctrl+W close the trace when it is a window of its own (as MainWindow opens it).
    auto *close = new QAction(tr("Close"), this);
    close->setObjectName(QStringLiteral("closeTrace"));
    // Ctrl+W by name: some platforms' standard Close is Ctrl+F4 only.
    QList<QKeySequence> keys{QKeySequence(Qt::Key_Escape), QKeySequence(Qt::CTRL | Qt::Key_W)};
    for (const QKeySequence &key : QKeySequence::keyBindings(QKeySequence::Close)) {
        if (!keys.contains(key))
            keys.append(key);
    }
    close->setShortcuts(keys);
    close->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(close);
    connect(close, &QAction::triggered, this, [this] {
        if (isWindow())
            this->close();
    });
}

TraceView::~TraceView() = default;

QString TraceView::traceId() const
{
    return m_model->traceId();
}

bool TraceView::openTrace(const QString &traceId, qint64 sinceNs, qint64 untilNs)
{
    m_model->clear();
    m_callsQuery = {};
    m_title->setText(tr("Trace %1").arg(traceId));
    m_note->clear();
    Error error;
    if (!m_connection)
        m_connection = Storage::Connection::open(m_databasePath, Storage::Connection::Mode::ReadOnly, &error);
    std::optional<Storage::TraceData> trace;
    if (m_connection)
        trace = Storage::loadTrace(m_connection->database(), traceId, sinceNs, untilNs, &error);
    if (!trace) {
        m_summary->setText(error.message);
        return false;
    }
    m_model->setTrace(*trace);
    m_tree->expandAll();

    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    QSet<QString> agents;
    for (const Storage::CallRow &c : std::as_const(trace->calls)) {
        first = std::min(first, c.event.startNs);
        last = std::max(last, c.event.endNs);
        if (!c.event.agentId.isEmpty())
            agents.insert(c.event.agentId);
    }
    for (const Storage::TraceSpan &s : std::as_const(trace->spans)) {
        first = std::min(first, s.startNs);
        last = std::max(last, s.endNs);
    }
    const QLocale locale;
    m_summary->setText(tr("%1 · model calls: %2 · agents: %3 · %4 · started %5")
                           .arg(Money::formatUsdForDisplay(m_model->totalCostMicros(), locale),
                                locale.toString(trace->calls.size()), locale.toString(agents.size()),
                                Models::CallsModel::durationText(std::max<qint64>(0, last - first), locale),
                                Models::CallsModel::localTimeText(first, locale)));
    if (trace->spans.isEmpty())
        m_note->setText(tr("No agent or tool spans are stored for this trace, only its model calls: they are "
                           "grouped by the agent that made them."));
    m_callsQuery.sinceNs = first;
    m_callsQuery.untilNs = last > first ? last + 1 : first + 1;
    m_callsQuery.filters = {{Storage::Dimension::Trace, traceId}};
    // Calls start before the trace ends; their start is what the calls query ranges over.
    for (const Storage::CallRow &c : std::as_const(trace->calls))
        m_callsQuery.untilNs = std::max(m_callsQuery.untilNs, c.event.startNs + 1);
    return true;
}

} // namespace Burnrate::Widgets
