#include "killswitchpage.h"

#include "common/timeutil.h"
#include "killswitch/killswitchcontroller.h"
#include "models/auditmodel.h"
#include "models/killswitchagentmodel.h"
#include "storage/agentspend.h"
#include "storage/database.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace Burnrate::Widgets {

namespace {

using KillSwitch::Controller;
using Models::AuditModel;
using Models::KillSwitchAgentModel;

constexpr int kAgentRefreshMs = 10'000;
constexpr int kAgentRows = 50;
constexpr int kAuditRows = 200;

const QColor kStopped(0xb3, 0x26, 0x1e);
const QColor kRunning(0x1e, 0x7a, 0x3a);
const QColor kUnknown(0x8a, 0x5a, 0x00);

QLabel *wrappedLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont bold = label->font();
    bold.setWeight(QFont::DemiBold);
    label->setFont(bold);
    return label;
}

QTableView *tableView(QAbstractItemModel *model, const QString &objectName, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return view;
}

QString timeText(const QDateTime &utc)
{
    return QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat);
}

QString pendingText(const Controller::PendingChange &pending)
{
    return AuditModel::actionText(pending.change.actionName());
}

} // namespace

KillSwitchReasonDialog::KillSwitchReasonDialog(const QString &title, const QString &text,
                                               const QString &confirmText, const QString &defaultReason,
                                               QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("reasonDialog"));
    setWindowTitle(title);
    setWindowModality(Qt::WindowModal);
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(text, this);
    label->setWordWrap(true);
    label->setMinimumWidth(420);
    layout->addWidget(label);
    layout->addWidget(new QLabel(tr("Reason (saved in the document and the audit trail):"), this));
    m_reason = new QLineEdit(defaultReason, this);
    m_reason->setObjectName(QStringLiteral("reasonEdit"));
    m_reason->selectAll(); // typing replaces the suggestion
    layout->addWidget(m_reason);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *confirm = buttons->addButton(confirmText, QDialogButtonBox::AcceptRole);
    confirm->setObjectName(QStringLiteral("confirmButton"));
    confirm->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString KillSwitchReasonDialog::reason() const
{
    return m_reason->text().trimmed();
}

KillSwitchPage::KillSwitchPage(QString databasePath, QWidget *parent)
    : QWidget(parent)
    , m_databasePath(std::move(databasePath))
    , m_clock(&Time::nowNs)
{
    setObjectName(QStringLiteral("killSwitchPage"));
    m_agentTimer.setInterval(kAgentRefreshMs);
    connect(&m_agentTimer, &QTimer::timeout, this, &KillSwitchPage::refreshAgents);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 14, 16, 14);
    layout->setSpacing(10);

    // A failed change: loud, and it stays until dismissed or the next change is confirmed.
    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("errorBanner"));
    m_banner->setAutoFillBackground(true);
    QPalette bannerPalette = m_banner->palette();
    bannerPalette.setColor(QPalette::Window, kStopped);
    bannerPalette.setColor(QPalette::WindowText, Qt::white);
    bannerPalette.setColor(QPalette::Text, Qt::white);
    m_banner->setPalette(bannerPalette);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(12, 8, 12, 8);
    m_bannerText = wrappedLabel(m_banner, QStringLiteral("errorText"));
    QFont bannerFont = m_bannerText->font();
    bannerFont.setWeight(QFont::DemiBold);
    m_bannerText->setFont(bannerFont);
    auto *dismiss = new QPushButton(tr("Dismiss"), m_banner);
    dismiss->setObjectName(QStringLiteral("dismissError"));
    connect(dismiss, &QPushButton::clicked, m_banner, &QWidget::hide);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(dismiss, 0, Qt::AlignTop);
    m_banner->hide();
    layout->addWidget(m_banner);

    auto *top = new QHBoxLayout;
    top->setSpacing(16);
    auto *stateColumn = new QVBoxLayout;
    stateColumn->setSpacing(4);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("stateLabel"));
    QFont big = m_state->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setWeight(QFont::Bold);
    m_state->setFont(big);
    m_details = wrappedLabel(this, QStringLiteral("detailsLabel"));
    m_pending = wrappedLabel(this, QStringLiteral("pendingLabel"));
    QFont italic = m_pending->font();
    italic.setItalic(true);
    m_pending->setFont(italic);
    m_setup = wrappedLabel(this, QStringLiteral("setupText"));
    m_setup->setTextFormat(Qt::RichText);
    stateColumn->addWidget(m_state);
    stateColumn->addWidget(m_details);
    stateColumn->addWidget(m_pending);
    stateColumn->addWidget(m_setup);
    top->addLayout(stateColumn, 1);

    auto *buttons = new QVBoxLayout;
    m_killAll = new QPushButton(tr("Kill all agents"), this);
    m_killAll->setObjectName(QStringLiteral("killAllButton"));
    QFont buttonFont = m_killAll->font();
    buttonFont.setPointSizeF(buttonFont.pointSizeF() * 1.3);
    buttonFont.setWeight(QFont::Bold);
    m_killAll->setFont(buttonFont);
    m_killAll->setMinimumHeight(48);
    QPalette killPalette = m_killAll->palette();
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        killPalette.setColor(group, QPalette::Button, kStopped); // disabled, it looks disabled
        killPalette.setColor(group, QPalette::ButtonText, Qt::white);
    }
    m_killAll->setPalette(killPalette);
    m_resumeAll = new QPushButton(tr("Resume all"), this);
    m_resumeAll->setObjectName(QStringLiteral("resumeAllButton"));
    m_resumeAll->setMinimumHeight(32);
    buttons->addWidget(m_killAll);
    buttons->addWidget(m_resumeAll);
    buttons->addStretch(1);
    top->addLayout(buttons);
    layout->addLayout(top);
    layout->addSpacing(6);
    connect(m_killAll, &QPushButton::clicked, this, &KillSwitchPage::requestKillAll);
    connect(m_resumeAll, &QPushButton::clicked, this, &KillSwitchPage::requestResumeAll);

    layout->addWidget(sectionTitle(tr("Agents"), this));
    m_agentsNote = wrappedLabel(this, QStringLiteral("agentsNote"));
    layout->addWidget(m_agentsNote);
    m_agents = new KillSwitchAgentModel(this);
    m_agentView = tableView(m_agents, QStringLiteral("agentView"), this);
    m_agentView->horizontalHeader()->setSectionResizeMode(KillSwitchAgentModel::StateColumn,
                                                          QHeaderView::Stretch);
    layout->addWidget(m_agentView, 2);
    auto *agentRow = new QHBoxLayout;
    m_agentEdit = new QLineEdit(this);
    m_agentEdit->setObjectName(QStringLiteral("agentEdit"));
    m_agentEdit->setPlaceholderText(tr("Agent id (pick one above or type it)"));
    m_agentEdit->setClearButtonEnabled(true);
    m_stopAgent = new QPushButton(tr("Stop agent"), this);
    m_stopAgent->setObjectName(QStringLiteral("stopAgentButton"));
    m_resumeAgent = new QPushButton(tr("Resume agent"), this);
    m_resumeAgent->setObjectName(QStringLiteral("resumeAgentButton"));
    agentRow->addWidget(m_agentEdit, 1);
    agentRow->addWidget(m_stopAgent);
    agentRow->addWidget(m_resumeAgent);
    layout->addLayout(agentRow);
    connect(m_agentView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    m_agentEdit->setText(current.data(KillSwitchAgentModel::AgentIdRole).toString());
            });
    connect(m_agentEdit, &QLineEdit::textChanged, this, &KillSwitchPage::updateState);
    connect(m_stopAgent, &QPushButton::clicked, this, [this] { requestStopAgent(selectedOrTypedAgent()); });
    connect(m_resumeAgent, &QPushButton::clicked, this,
            [this] { requestResumeAgent(selectedOrTypedAgent()); });

    layout->addWidget(sectionTitle(tr("Audit trail"), this));
    m_audit = new AuditModel(this);
    m_audit->setLimit(kAuditRows);
    m_auditView = tableView(m_audit, QStringLiteral("auditView"), this);
    m_auditView->horizontalHeader()->setSectionResizeMode(AuditModel::WhyColumn, QHeaderView::Stretch);
    m_auditView->horizontalHeader()->setSectionResizeMode(AuditModel::OutcomeColumn,
                                                          QHeaderView::Interactive);
    m_auditView->horizontalHeader()->resizeSection(AuditModel::OutcomeColumn, 220);
    connect(m_audit, &QAbstractItemModel::modelReset, this, &KillSwitchPage::fitAuditColumns);
    connect(m_audit, &QAbstractItemModel::rowsInserted, this, &KillSwitchPage::fitAuditColumns);
    layout->addWidget(m_auditView, 2);
    m_auditNote = wrappedLabel(this, QStringLiteral("auditNote"));
    layout->addWidget(m_auditNote);

    updateState();
}

KillSwitchPage::~KillSwitchPage() = default;

void KillSwitchPage::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
}

void KillSwitchPage::setController(Controller *controller, bool configured, const Error &configError)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    m_configured = configured;
    m_configError = configError;
    if (m_controller) {
        connect(m_controller, &Controller::stateChanged, this, &KillSwitchPage::updateState);
        connect(m_controller, &Controller::pendingChanged, this, &KillSwitchPage::updateState);
        connect(m_controller, &Controller::changeConfirmed, this, [this] { m_banner->hide(); });
        connect(m_controller, &Controller::changeFailed, this,
                [this](Controller::RequestId, const Error &error) { showFailure(error.message); });
        connect(m_controller, &Controller::audited, this, [this](const KillSwitch::AuditEntry &entry) {
            m_audit->prepend(entry);
            updateAuditNote({});
        });
    }
    reloadAudit();
    updateState();
}

void KillSwitchPage::showFailure(const QString &text)
{
    m_bannerText->setText(text);
    m_banner->show();
}

void KillSwitchPage::reloadAudit()
{
    // Read here, not through the controller: the trail of `burnrate kill` shows without a kill switch too.
    Error error;
    if (!m_auditLog)
        m_auditLog = KillSwitch::AuditLog::open(m_databasePath, true, &error);
    std::optional<QList<KillSwitch::AuditEntry>> entries;
    if (m_auditLog)
        entries = m_auditLog->entries(kAuditRows, &error);
    m_audit->setEntries(entries.value_or(QList<KillSwitch::AuditEntry>()));
    updateAuditNote(error);
}

void KillSwitchPage::updateAuditNote(const Error &error)
{
    if (error)
        m_auditNote->setText(tr("The audit trail could not be read: %1").arg(error.message));
    else if (m_audit->rowCount() == 0)
        m_auditNote->setText(
            tr("No changes yet. Every change made here, from the tray, by the automatic kill "
               "or with 'burnrate kill' on this database is listed, confirmed or failed."));
    m_auditNote->setVisible(error || m_audit->rowCount() == 0);
}

void KillSwitchPage::refreshAgents()
{
    Error error;
    if (!m_connection)
        m_connection = Storage::Connection::open(m_databasePath, Storage::Connection::Mode::ReadOnly, &error);
    std::optional<QList<Storage::AgentSpend>> agents;
    if (m_connection)
        agents = Storage::recentAgentSpend(m_connection->database(), m_clock(), kAgentRows, &error);
    if (!agents) {
        m_agentsNote->setText(tr("The agents' spend could not be read: %1").arg(error.message));
        return;
    }
    m_agents->setSpend(*agents);
    m_agentsNote->setText(
        agents->isEmpty()
            ? tr("No agent sent telemetry in the last 24 hours. Type an agent id below to stop it anyway.")
            : tr("Agents that sent telemetry in the last 24 hours, by spend in the last hour. Pick one, or "
                 "type "
                 "any agent id."));
}

QString KillSwitchPage::selectedOrTypedAgent() const
{
    return m_agentEdit->text().trimmed();
}

void KillSwitchPage::updateState()
{
    const bool known = m_controller && m_controller->state() == Controller::State::Known;
    const KillSwitch::Document document = known ? m_controller->document() : KillSwitch::Document{};
    const QList<Controller::PendingChange> pending =
        m_controller ? m_controller->pendingChanges() : QList<Controller::PendingChange>();

    QList<KillSwitch::Change> changes;
    for (const Controller::PendingChange &p : pending)
        changes.append(p.change);
    m_agents->setSwitch(known, document, changes);

    QString state;
    QString details;
    QColor colour = kUnknown;
    m_setup->setVisible(!m_controller);
    if (!m_controller && !m_configured) {
        state = tr("Not configured");
        colour = palette().color(QPalette::PlaceholderText);
        m_setup->setText(tr(
            "<p>The kill switch is one small JSON document in a store that every agent reads before each "
            "model "
            "call and tool execution: an <b>etcd</b> key, or an <b>HTTPS</b> document. Set it up in the "
            "<tt>[killswitch]</tt> section of burnrate.conf:</p>"
            "<pre>[killswitch]\nbackend=etcd\nurl=http://127.0.0.1:2379\nkey=burnrate/killswitch\npoll_s=5\n"
            "user=</pre>"
            "<p>For an HTTPS document use <tt>backend=http</tt> and its URL. An etcd password or an HTTPS "
            "bearer token goes into BURNRATE_KILLSWITCH_PASSWORD or BURNRATE_KILLSWITCH_TOKEN, or the "
            "keychain; never into the file. Then restart Burnrate. The README shows how agents read the "
            "document and halt.</p>"));
    } else if (!m_controller) {
        state = tr("Unknown");
        // No error yet: the secret is still being read from the keychain.
        m_setup->setText(
            m_configError ? tr("The kill switch is not set up: %1").arg(m_configError.message.toHtmlEscaped())
                          : tr("Setting up the kill switch…"));
        details = tr("Burnrate cannot read the store, so it cannot say whether agents are stopped.");
    } else if (!known) {
        state = tr("Unknown");
        const Error error = m_controller->lastError();
        details =
            error ? tr("The store could not be read, so Burnrate cannot say whether agents are stopped: %1")
                        .arg(error.message)
                  : tr("Reading the store…");
        if (m_controller->confirmedAt().isValid())
            details += QLatin1Char(' ') +
                       tr("Last read successfully at %1.").arg(timeText(m_controller->confirmedAt()));
        details += QLatin1Char('\n') + tr("Store: %1").arg(m_controller->storeDescription());
    } else {
        if (document.killAll) {
            state = tr("ALL AGENTS STOPPED");
            colour = kStopped;
        } else if (!document.disabledAgents.isEmpty()) {
            state = tr("Running — %n agent(s) stopped", nullptr, int(document.disabledAgents.size()));
            colour = kRunning;
        } else {
            state = tr("Running");
            colour = kRunning;
        }
        QStringList lines;
        lines << tr("Confirmed by the store at %1 · %2")
                     .arg(timeText(m_controller->confirmedAt()), m_controller->storeDescription());
        if (!m_controller->documentExists()) {
            lines << tr("The store holds no kill-switch document yet: nothing was ever stopped.");
        } else {
            lines << tr("Version %1, set by %2 at %3")
                         .arg(document.version)
                         .arg(document.updatedBy.isEmpty()
                                  ? tr("(unknown)")
                                  : Models::AuditModel::actorText(document.updatedBy),
                              document.updatedAt.isValid() ? timeText(document.updatedAt)
                                                           : tr("(unknown time)"));
            if (!document.reason.isEmpty())
                lines << tr("Reason: %1").arg(document.reason);
            if (!document.disabledAgents.isEmpty())
                lines << tr("Stopped agents: %1").arg(document.disabledAgents.join(QStringLiteral(", ")));
        }
        details = lines.join(QLatin1Char('\n'));
    }
    m_state->setText(state);
    QPalette statePalette = m_state->palette();
    statePalette.setColor(QPalette::WindowText, colour);
    m_state->setPalette(statePalette);
    m_details->setText(details);
    m_details->setVisible(!details.isEmpty());

    QStringList pendingNames;
    for (const Controller::PendingChange &p : pending)
        pendingNames << pendingText(p);
    m_pending->setText(pendingNames.isEmpty() ? QString()
                                              : tr("Pending, waiting for the store to confirm: %1")
                                                    .arg(pendingNames.join(QStringLiteral(", "))));
    m_pending->setVisible(!pendingNames.isEmpty());

    // Nothing is offered on a state that has not been read; the big buttons wait for a pending change.
    const bool idle = known && pending.isEmpty();
    m_killAll->setEnabled(idle && !document.killAll);
    m_resumeAll->setEnabled(idle && (document.killAll || !document.disabledAgents.isEmpty()));
    const QString why = !m_controller ? tr("No kill switch is configured.")
                        : !known      ? tr("The store's state is unknown.")
                        : !idle       ? tr("A change is waiting for the store to confirm it.")
                                      : QString();
    m_killAll->setToolTip(why.isEmpty() ? tr("Tells every agent to stop before its next model call.") : why);
    m_resumeAll->setToolTip(why.isEmpty() ? tr("Lets every agent run again, also those stopped one by one.")
                                          : why);
    const QString agent = selectedOrTypedAgent();
    const bool listed = document.disabledAgents.contains(agent);
    m_stopAgent->setEnabled(known && !agent.isEmpty() && !listed);
    m_resumeAgent->setEnabled(known && !agent.isEmpty() && listed);
    m_stopAgent->setToolTip(why);
    m_resumeAgent->setToolTip(why);
    m_agentEdit->setEnabled(bool(m_controller));
}

void KillSwitchPage::ask(const QString &title, const QString &text, const QString &confirmText,
                         const QString &defaultReason, std::function<void(const QString &reason)> submit)
{
    auto *dialog = new KillSwitchReasonDialog(title, text, confirmText, defaultReason, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, submit] {
        if (m_controller)
            submit(dialog->reason());
    });
    dialog->open();
}

void KillSwitchPage::requestKillAll()
{
    ask(tr("Kill all agents"),
        tr("Every agent that reads this kill switch stops before its next model call or tool execution, on "
           "every machine, until someone resumes them."),
        tr("Kill all agents"), tr("Stopped from the Kill switch screen"),
        [this](const QString &reason) { m_controller->killAll(reason); });
}

void KillSwitchPage::requestResumeAll()
{
    ask(tr("Resume all agents"), tr("Every agent may run again, also the ones stopped one by one."),
        tr("Resume all"), tr("Resumed from the Kill switch screen"),
        [this](const QString &reason) { m_controller->resumeAll(reason); });
}

void KillSwitchPage::requestStopAgent(const QString &agentId)
{
    if (agentId.trimmed().isEmpty() || !m_controller)
        return; // without a kill switch the page explains how to set one up
    ask(tr("Stop agent %1").arg(agentId),
        tr("Agent %1 stops before its next model call or tool execution, on every machine.").arg(agentId),
        tr("Stop agent"), tr("Stopped from the Kill switch screen"),
        [this, agentId](const QString &reason) { m_controller->disableAgent(agentId.trimmed(), reason); });
}

void KillSwitchPage::requestResumeAgent(const QString &agentId)
{
    if (agentId.trimmed().isEmpty())
        return;
    ask(tr("Resume agent %1").arg(agentId), tr("Agent %1 may run again.").arg(agentId), tr("Resume agent"),
        tr("Resumed from the Kill switch screen"),
        [this, agentId](const QString &reason) { m_controller->enableAgent(agentId.trimmed(), reason); });
}

// When, who, what and the version sized from the rows: sized while the page was hidden, the header kept
// only the titles' widths and cut the times and names short.
void KillSwitchPage::fitAuditColumns()
{
    for (int column : {int(AuditModel::WhenColumn), int(AuditModel::WhoColumn), int(AuditModel::WhatColumn),
                       int(AuditModel::VersionColumn)}) {
        m_auditView->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Interactive);
        m_auditView->resizeColumnToContents(column);
    }
}

void KillSwitchPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshAgents();
    reloadAudit(); // `burnrate kill` in a terminal writes to the same trail
    fitAuditColumns();
    m_agentTimer.start();
}

void KillSwitchPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_agentTimer.stop();
}

} // namespace Burnrate::Widgets
