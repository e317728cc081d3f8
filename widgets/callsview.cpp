#include "callsview.h"

#include "common/money.h"
#include "common/timeutil.h"
#include "models/callsmodel.h"
#include "storage/database.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShowEvent>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Burnrate::Widgets {

namespace {

constexpr qint64 kHourNs = 3600 * Time::kNanosPerSecond;

qint64 nowNs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1'000'000;
}

QString dimensionLabel(Storage::Dimension d)
{
    switch (d) {
    case Storage::Dimension::Provider:
        return CallsView::tr("provider");
    case Storage::Dimension::Model:
        return CallsView::tr("model");
    case Storage::Dimension::Feature:
        return CallsView::tr("feature");
    case Storage::Dimension::Agent:
        return CallsView::tr("agent");
    case Storage::Dimension::User:
        return CallsView::tr("user");
    case Storage::Dimension::Session:
        return CallsView::tr("session");
    case Storage::Dimension::Task:
        return CallsView::tr("task");
    case Storage::Dimension::Trace:
        return CallsView::tr("trace");
    default:
        return Storage::dimensionName(d);
    }
}

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setWeight(QFont::DemiBold);
    label->setFont(font);
    return label;
}

} // namespace

CallsView::CallsView(QString databasePath, QWidget *parent)
    : QWidget(parent)
    , m_databasePath(std::move(databasePath))
    , m_model(new Models::CallsModel(m_databasePath, this))
{
    setObjectName(QStringLiteral("callsView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 12);

    auto *top = new QHBoxLayout;
    top->addWidget(heading(tr("Calls"), this));
    top->addStretch(1);
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("callsRange"));
    m_range->addItem(tr("Selected range"), qint64(-1));
    m_range->addItem(tr("Last hour"), kHourNs);
    m_range->addItem(tr("Last 24 hours"), 24 * kHourNs);
    m_range->addItem(tr("Last 7 days"), 7 * 24 * kHourNs);
    m_range->addItem(tr("Last 30 days"), 30 * 24 * kHourNs);
    m_range->setCurrentIndex(2);
    top->addWidget(m_range);
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    refreshButton->setObjectName(QStringLiteral("refreshCalls"));
    top->addWidget(refreshButton);
    layout->addLayout(top);

    auto *scopeRow = new QHBoxLayout;
    m_scope = new QLabel(this);
    m_scope->setObjectName(QStringLiteral("callsScope"));
    m_scope->setWordWrap(true);
    m_scope->setTextInteractionFlags(Qt::TextSelectableByMouse);
    scopeRow->addWidget(m_scope, 1);
    m_clearFilters = new QPushButton(tr("Clear filters"), this);
    m_clearFilters->setObjectName(QStringLiteral("clearFilters"));
    m_clearFilters->hide();
    scopeRow->addWidget(m_clearFilters);
    layout->addLayout(scopeRow);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("callsSplitter"));
    splitter->setChildrenCollapsible(false);

    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_tableStack = new QStackedWidget(left);
    m_table = new QTableView(m_tableStack);
    m_table->setObjectName(QStringLiteral("callsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionsClickable(true);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    m_table->horizontalHeader()->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_empty = new QLabel(m_tableStack);
    m_empty->setObjectName(QStringLiteral("callsEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_tableStack->addWidget(m_table);
    m_tableStack->addWidget(m_empty);
    leftLayout->addWidget(m_tableStack, 1);
    auto *countRow = new QHBoxLayout;
    m_count = new QLabel(left);
    m_count->setObjectName(QStringLiteral("callsCount"));
    countRow->addWidget(m_count, 1);
    // Calls stored since the rows were read that are not shown (other orders than newest first): a
    // Refresh away, rather than rows moving under the user.
    m_newCalls = new QPushButton(left);
    m_newCalls->setObjectName(QStringLiteral("newCalls"));
    m_newCalls->setFlat(true);
    m_newCalls->setCursor(Qt::PointingHandCursor);
    m_newCalls->hide();
    countRow->addWidget(m_newCalls);
    leftLayout->addLayout(countRow);

    auto *right = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_detail = new QTreeWidget(right);
    m_detail->setObjectName(QStringLiteral("callDetail"));
    m_detail->setColumnCount(2);
    m_detail->setHeaderLabels({tr("Field"), tr("Value")});
    m_detail->setRootIsDecorated(false);
    m_detail->setAlternatingRowColors(true);
    m_detail->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_detail->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    rightLayout->addWidget(m_detail, 3);
    rightLayout->addWidget(new QLabel(tr("Prompt and response"), right));
    m_content = new QPlainTextEdit(right);
    m_content->setObjectName(QStringLiteral("callContent"));
    m_content->setReadOnly(true);
    m_content->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_contentHint = new QLabel(right);
    m_contentHint->setObjectName(QStringLiteral("contentHint"));
    m_contentHint->setWordWrap(true);
    m_contentHint->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_contentHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rightLayout->addWidget(m_content, 2);
    rightLayout->addWidget(m_contentHint, 2);
    auto *buttons = new QHBoxLayout;
    m_copyJson = new QPushButton(tr("Copy as JSON"), right);
    m_copyJson->setObjectName(QStringLiteral("copyJson"));
    m_openTrace = new QPushButton(tr("Open trace"), right);
    m_openTrace->setObjectName(QStringLiteral("openTrace"));
    buttons->addWidget(m_copyJson);
    buttons->addWidget(m_openTrace);
    buttons->addStretch(1);
    rightLayout->addLayout(buttons);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({600, 480}); // room for the detail pane's longer German field names
    layout->addWidget(splitter, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("callsStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    showDetail({});

    connect(m_range, &QComboBox::activated, this, [this](int i) {
        const qint64 window = m_range->itemData(i).toLongLong();
        if (window > 0)
            showRecent(window);
        else if (m_recentWindowNs) // "Selected range" means the one given to openCalls(), if any
            m_range->setCurrentIndex(m_range->findData(*m_recentWindowNs));
    });
    connect(refreshButton, &QPushButton::clicked, this, &CallsView::refresh);
    connect(m_clearFilters, &QPushButton::clicked, this, [this] {
        Storage::CallsQuery q = query();
        q.filters.clear();
        const std::optional<qint64> window = m_recentWindowNs;
        load(q);
        m_recentWindowNs = window;
    });
    // Only time, tokens, cost and latency sort (in SQL); a click elsewhere keeps the indicator in place.
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            [this](int column, Qt::SortOrder order) {
                if (!Models::CallsModel::isSortable(column)) {
                    const QSignalBlocker block(m_table->horizontalHeader());
                    m_table->horizontalHeader()->setSortIndicator(m_model->sortColumn(),
                                                                  m_model->sortOrder());
                    return;
                }
                // Cost, tokens and latency order sort the whole range (seconds for a month of millions) on
                // the worker thread; the view says so meanwhile.
                m_model->sort(column, order);
            });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (m_model)
                    showDetail(current);
            });
    // A double click opens the call's trace (the row is the current one by then: its detail is loaded).
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &) {
        if (m_current && !m_current->event.traceId.isEmpty())
            Q_EMIT traceRequested(m_current->event.traceId, m_current->event.startNs);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        showDetail({});
        updateCount();
        updateNewCalls();
    });
    connect(m_model, &Models::CallsModel::fetchingChanged, this, &CallsView::updateCount);
    connect(m_model, &Models::CallsModel::pageLoaded, this, [this] {
        if (m_model->pagesFetched() != 1 || m_model->rowCount() == 0)
            return; // not the first page of a query or order
        // The table got the focus back from the loading text and made its first row current without
        // selecting it: the detail pane shows only a call the user picked.
        if (!m_table->selectionModel()->hasSelection())
            m_table->selectionModel()->clearCurrentIndex();
        m_table->scrollToTop();
        for (int c = 0; c < Models::CallsModel::ColumnCount - 1; ++c)
            m_table->resizeColumnToContents(c);
    });
    // New calls inserted above the rows the user looks at keep those in place, unless the view is at the
    // top (then the new calls are what it shows).
    connect(m_model, &Models::CallsModel::callsAboutToBeInserted, this, [this] {
        const int top = m_table->rowAt(0);
        m_topRowBefore = top > 0 ? QPersistentModelIndex(m_model->index(top, 0)) : QPersistentModelIndex();
    });
    connect(m_model, &Models::CallsModel::callsInserted, this, [this] {
        if (m_topRowBefore.isValid()) {
            m_table->doItemsLayout(); // the scroll bar's range with the new rows
            m_table->scrollTo(m_topRowBefore, QAbstractItemView::PositionAtTop);
        }
        m_topRowBefore = QPersistentModelIndex();
        updateCount();
    });
    connect(m_model, &Models::CallsModel::newCallsCounted, this, &CallsView::updateNewCalls);
    connect(m_model, &Models::CallsModel::loadFailed, this, &CallsView::showError);
    connect(m_newCalls, &QPushButton::clicked, this, &CallsView::refresh);
    m_liveTimer = new QTimer(this);
    m_liveTimer->setSingleShot(true);
    m_liveTimer->setInterval(1000); // at most one read a second, however often the writer commits
    connect(m_liveTimer, &QTimer::timeout, this, &CallsView::updateLive);
    connect(m_copyJson, &QPushButton::clicked, this, &CallsView::copyCurrentAsJson);
    connect(m_openTrace, &QPushButton::clicked, this, [this] {
        if (m_current && !m_current->event.traceId.isEmpty())
            Q_EMIT traceRequested(m_current->event.traceId, m_current->event.startNs);
    });
}

CallsView::~CallsView()
{
    delete m_model; // its worker thread stops before the members its results would reach are gone
    m_model = nullptr;
}

Storage::CallsQuery CallsView::query() const
{
    return m_loaded ? m_model->query() : m_pending;
}

bool CallsView::ensureConnection()
{
    if (m_connection)
        return true;
    Error error;
    m_connection = Storage::Connection::open(m_databasePath, Storage::Connection::Mode::ReadOnly, &error);
    if (!m_connection)
        showError(error);
    return bool(m_connection);
}

void CallsView::openCalls(const Storage::CallsQuery &query)
{
    m_recentWindowNs.reset();
    // A range that ends now (Explore's "last 24 hours" or "today", a session still running) stays live;
    // a minute of slack for the time between computing the range and opening it.
    m_liveRange = query.untilNs >= nowNs() - 60 * Time::kNanosPerSecond;
    m_range->setCurrentIndex(0);
    load(query);
}

void CallsView::showRecent(qint64 windowNs)
{
    Storage::CallsQuery q = query();
    const qint64 now = nowNs();
    q.sinceNs = now - windowNs;
    q.untilNs = now + Time::kNanosPerSecond; // a call that started this second is included
    if (const int i = m_range->findData(windowNs); i >= 0)
        m_range->setCurrentIndex(i);
    load(q);
    m_recentWindowNs = windowNs;
}

void CallsView::refresh()
{
    if (m_recentWindowNs) {
        showRecent(*m_recentWindowNs);
        return;
    }
    Storage::CallsQuery q = query();
    if (m_liveRange) // a range that ends now moves with it
        q.untilNs = std::max(q.untilNs, nowNs() + Time::kNanosPerSecond);
    load(q);
}

void CallsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // A recent range ("the last hour") moves with the clock: coming back to the screen shows what came in
    // meanwhile. A fixed range (a drill-down) stays as it was opened, with the calls stored meanwhile if it
    // ends now.
    if (!m_loaded || m_recentWindowNs)
        refresh();
    else if (std::exchange(m_liveStale, false))
        updateLive();
}

bool CallsView::isLive() const
{
    return m_loaded && (m_recentWindowNs || m_liveRange);
}

void CallsView::scheduleLiveUpdate()
{
    if (!isLive())
        return;
    if (!isVisible())
        m_liveStale = true;
    else if (!m_liveTimer->isActive())
        m_liveTimer->start();
}

void CallsView::updateLive()
{
    if (!isLive())
        return;
    m_model->updateLive(std::max(m_model->query().untilNs, nowNs() + Time::kNanosPerSecond));
    updateScope(); // its end moved up to now
}

void CallsView::updateNewCalls()
{
    const qint64 count = m_model->newCallsCount();
    m_newCalls->setVisible(count > 0);
    if (count > 0)
        m_newCalls->setText(tr("New calls: %1 — Refresh").arg(QLocale().toString(count)));
}

void CallsView::load(const Storage::CallsQuery &query)
{
    m_pending = query;
    m_status->clear();
    if (!ensureConnection()) {
        updateScope();
        return;
    }
    m_loaded = true;
    m_liveStale = false;
    m_liveTimer->stop();
    m_model->setQuery(query); // the rows arrive from the worker thread
    updateScope();
    updateCount();
}

void CallsView::updateScope()
{
    const Storage::CallsQuery q = query();
    QLocale locale;
    QStringList parts;
    parts.append(tr("From %1 to %2")
                     .arg(Models::CallsModel::localTimeText(q.sinceNs, locale),
                          Models::CallsModel::localTimeText(q.untilNs, locale)));
    QStringList filters;
    for (const Storage::ReportFilter &f : q.filters)
        filters.append(
            tr("%1 = %2").arg(dimensionLabel(f.dimension), f.value.isEmpty() ? tr("(none)") : f.value));
    if (!filters.isEmpty())
        parts.append(filters.join(u", "));
    m_scope->setText(parts.join(QStringLiteral(" · ")));
    m_clearFilters->setVisible(!q.filters.isEmpty());
}

QString CallsView::loadingText() const
{
    switch (m_model->sortColumn()) {
    case Models::CallsModel::CostColumn:
        return tr("Sorting the calls by cost…");
    case Models::CallsModel::TokensColumn:
        return tr("Sorting the calls by tokens…");
    case Models::CallsModel::LatencyColumn:
        return tr("Sorting the calls by latency…");
    default:
        return tr("Loading calls…");
    }
}

void CallsView::updateCount()
{
    const int rows = m_model->rowCount();
    // While the first page of a query or order loads, the rows of the previous one are gone: not shown as
    // if they matched.
    if (m_model->isLoading()) {
        m_empty->setText(loadingText());
        m_tableStack->setCurrentWidget(m_empty);
        m_count->clear();
        return;
    }
    if (rows == 0) {
        m_empty->setText(m_model->lastError()
                             ? m_model->lastError().message
                             : tr("No calls in this range match the filters. Choose a longer range or clear "
                                  "the filters."));
        m_tableStack->setCurrentWidget(m_empty);
        m_count->clear();
        return;
    }
    m_tableStack->setCurrentWidget(m_table);
    QLocale locale;
    m_count->setText(m_model->isFetching() ? tr("%1 calls shown; loading more…").arg(locale.toString(rows))
                     : m_model->hasMore()
                         ? tr("%1 calls shown; more load as you scroll.").arg(locale.toString(rows))
                         : tr("Calls: %1, all shown.").arg(locale.toString(rows)));
}

void CallsView::showError(const Error &error)
{
    m_status->setText(error.message);
    updateCount();
    if (m_model->rowCount() == 0)
        m_empty->setText(error.message); // not "no calls match": we could not look
}

void CallsView::showDetail(const QModelIndex &index)
{
    m_detail->clear();
    m_current.reset();
    if (index.isValid() && m_connection) {
        Error error;
        m_current = Storage::loadCall(m_connection->database(),
                                      index.data(Models::CallsModel::RowIdRole).toLongLong(), &error);
        if (!m_current)
            m_status->setText(error.message);
    }
    m_copyJson->setEnabled(m_current.has_value());
    m_openTrace->setEnabled(m_current && !m_current->event.traceId.isEmpty());
    if (!m_current) {
        m_content->hide();
        m_contentHint->setText(tr("Select a call to see everything stored about it."));
        m_contentHint->show();
        return;
    }

    const Model::UsageEvent &e = m_current->event;
    const QLocale locale;
    const auto add = [this](const QString &field, const QString &value) {
        auto *item = new QTreeWidgetItem(m_detail, {field, value});
        item->setToolTip(1, value);
    };
    const auto tokens = [&locale](qint64 n) { return locale.toString(n); };
    add(tr("Start"), Models::CallsModel::localTimeText(e.startNs, locale, true));
    add(tr("End"), Models::CallsModel::localTimeText(e.endNs, locale, true));
    add(tr("Duration"), Models::CallsModel::durationText(std::max<qint64>(0, e.endNs - e.startNs), locale));
    add(tr("Provider"), e.provider);
    add(tr("Model"), e.model);
    add(tr("Requested model"), e.modelRequested);
    add(tr("Operation"), e.operation);
    add(tr("Input tokens"), tokens(e.inputTokens));
    add(tr("Cache read tokens"), tokens(e.cacheReadTokens));
    add(tr("Cache write tokens"), tokens(e.cacheWriteTokens));
    add(tr("Output tokens"), tokens(e.outputTokens));
    add(tr("Reasoning tokens"), tokens(e.reasoningTokens));
    add(tr("Cost"), e.costSource == Model::CostSource::Unpriced
                        ? tr("unpriced (no price known for this model)")
                        : Money::formatUsd(e.costMicros, locale, 6));
    add(tr("Cost source"), Model::costSourceName(e.costSource));
    add(tr("Agent"), e.agentId);
    add(tr("Agent name"), e.agentName);
    add(tr("Feature"), e.feature);
    add(tr("Task"), e.taskId);
    add(tr("User"), e.userId);
    add(tr("Session"), e.sessionId);
    add(tr("Tags"), e.tags.join(u", "));
    add(tr("Trace"), e.traceId);
    add(tr("Span"), e.spanId);
    add(tr("Parent span"), e.parentSpanId);
    add(tr("Response id"), e.responseId);
    add(tr("Latency"), e.latencyMs < 0 ? QString() : tr("%1 ms").arg(locale.toString(e.latencyMs)));
    add(tr("Time to first token"), e.ttftMs < 0 ? QString() : tr("%1 ms").arg(locale.toString(e.ttftMs)));
    add(tr("Status"), e.error ? tr("error") : tr("ok"));
    add(tr("Error type"), e.errorType);
    add(tr("Service"), e.serviceName);
    add(tr("Environment"), e.environment);
    add(tr("Source"), e.source);
    add(tr("Event id"), e.eventId);

    if (e.content.isEmpty()) {
        m_content->hide();
        m_contentHint->setText(tr(
            "Prompt and response text was not kept for this call. Burnrate keeps it (up to 64 KiB per call) "
            "only if you opt in: set keep_content=true in the [otlp] section of burnrate.conf and restart "
            "Burnrate. It applies to calls received from then on; the text may contain personal data."));
        m_contentHint->show();
    } else {
        const QJsonDocument doc = QJsonDocument::fromJson(e.content.toUtf8());
        m_content->setPlainText(doc.isNull() ? e.content
                                             : QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
        m_contentHint->hide();
        m_content->show();
    }
}

void CallsView::copyCurrentAsJson()
{
    if (!m_current)
        return;
    QApplication::clipboard()->setText(
        QString::fromUtf8(QJsonDocument(Storage::callToJson(*m_current)).toJson(QJsonDocument::Indented)));
    m_status->setText(tr("Copied the call as JSON."));
}

} // namespace Burnrate::Widgets
