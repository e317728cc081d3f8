#include "budgetdialog.h"

#include "common/money.h"
#include "labels.h"
#include "models/budgetmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTimeZone>
#include <QUrl>
#include <QVBoxLayout>

namespace Burnrate::Widgets {

using namespace Budgets;

namespace {

constexpr Dimension kDimensions[] = {Dimension::All,     Dimension::Provider, Dimension::Model,
                                     Dimension::Feature, Dimension::Agent,    Dimension::User};
constexpr Period kPeriods[] = {Period::Day, Period::Week, Period::Month};

// The limit as the user's locale writes it (12,50 in German) or as the command line does (12.50).
QString limitText(const QString &text)
{
    const QLocale locale;
    QString t = text.trimmed();
    if (locale.decimalPoint() == u"," && !t.contains(u'.'))
        t.replace(u',', u'.');
    return t;
}

Error invalid(const QString &message)
{
    return {Error::Code::InvalidInput, message};
}

} // namespace

BudgetDialog::BudgetDialog(const Budget &budget, KnownValues knownValues, Save save, QWidget *parent)
    : QDialog(parent)
    , m_id(budget.id)
    , m_zoneKept(budget.zone)
    , m_knownValues(std::move(knownValues))
    , m_save(std::move(save))
{
    setObjectName(QStringLiteral("budgetDialog"));
    setWindowTitle(budget.id ? tr("Edit budget") : tr("Add budget"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    m_name = new QLineEdit(budget.name, this);
    m_name->setObjectName(QStringLiteral("budgetName"));
    m_name->setPlaceholderText(tr("e.g. daily-all"));
    form->addRow(tr("&Name:"), m_name);

    auto *scopeRow = new QHBoxLayout;
    m_dimension = new QComboBox(this);
    m_dimension->setObjectName(QStringLiteral("budgetDimension"));
    for (Dimension d : kDimensions)
        m_dimension->addItem(Models::BudgetModel::dimensionLabel(d), int(d));
    m_dimension->setCurrentIndex(m_dimension->findData(int(budget.scope.dimension)));
    m_value = new QComboBox(this);
    m_value->setObjectName(QStringLiteral("budgetScopeValue"));
    m_value->setEditable(true);
    m_value->setInsertPolicy(QComboBox::NoInsert);
    m_value->setMinimumContentsLength(18);
    m_value->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    scopeRow->addWidget(m_dimension);
    scopeRow->addWidget(m_value, 1);
    auto *scopeLabel = new QLabel(tr("&Scope:"), this);
    scopeLabel->setBuddy(m_dimension);
    form->addRow(scopeLabel, scopeRow);
    dimensionChanged();
    m_value->setEditText(budget.scope.value);

    m_period = new QComboBox(this);
    m_period->setObjectName(QStringLiteral("budgetPeriod"));
    for (Period p : kPeriods)
        m_period->addItem(Models::BudgetModel::periodLabel(p), int(p));
    m_period->setCurrentIndex(m_period->findData(int(budget.period)));
    form->addRow(tr("&Period:"), m_period);

    m_zone = new QComboBox(this);
    m_zone->setObjectName(QStringLiteral("budgetZone"));
    m_zone->setEditable(true);
    m_zone->setInsertPolicy(QComboBox::NoInsert);
    QStringList zones;
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        zones.append(QString::fromUtf8(id));
    // The system's own zone first: on some systems (Etc/UTC) it is missing from the list of known ids.
    const QString systemZone = QString::fromUtf8(QTimeZone::systemTimeZoneId());
    zones.removeAll(systemZone);
    zones.prepend(systemZone);
    m_zone->addItems(zones);
    m_zone->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_zone->completer()->setFilterMode(Qt::MatchContains);
    m_zone->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_zone->setEditText(QString::fromUtf8(budget.zone.id()));
    m_zone->setToolTip(tr("Days, weeks (from Monday) and months start at midnight in this time zone."));
    form->addRow(tr("Time &zone:"), m_zone);

    m_limit = new QLineEdit(this);
    m_limit->setObjectName(QStringLiteral("budgetLimit"));
    if (budget.limitMicros > 0)
        m_limit->setText(
            Money::toDecimalString(budget.limitMicros, 2).replace(u'.', QLocale().decimalPoint()));
    m_limit->setPlaceholderText(tr("e.g. 25 or 12.50"));
    form->addRow(tr("&Limit (USD):"), m_limit);

    m_tiers = new QLineEdit(tiersText(budget.tiers), this);
    m_tiers->setObjectName(QStringLiteral("budgetTiers"));
    m_tiers->setToolTip(tr("Percentages of the limit that alert, in ascending order. Below 100 % a "
                           "notification, from 100 % a critical one, from 120 % also the escalation."));
    form->addRow(tr("&Tiers (%):"), m_tiers);

    m_forecast =
        new QCheckBox(tr("Also alert when the projected spend at the period's end reaches the limit"), this);
    m_forecast->setObjectName(QStringLiteral("budgetForecast"));
    m_forecast->setChecked(budget.forecastAlert);
    form->addRow(QString(), m_forecast);

    m_webhook = new QLineEdit(budget.webhookUrl, this);
    m_webhook->setObjectName(QStringLiteral("budgetWebhook"));
    m_webhook->setPlaceholderText(tr("optional, e.g. https://hooks.slack.com/services/…"));
    m_webhook->setToolTip(tr("Each alert of this budget is posted here as Slack-compatible JSON."));
    form->addRow(tr("&Webhook URL:"), m_webhook);

    m_kill = new QComboBox(this);
    m_kill->setObjectName(QStringLiteral("budgetKillAction"));
    for (KillAction action : {KillAction::None, KillAction::Observe, KillAction::Enforce}) {
        m_kill->addItem(Models::BudgetModel::killActionLabel(action), int(action));
        Budget example;
        example.scope = {Dimension::Agent, QString()};
        example.killAction = action;
        m_kill->setItemData(m_kill->count() - 1, Models::BudgetModel::killActionExplanation(example),
                            Qt::ToolTipRole);
    }
    m_kill->setCurrentIndex(m_kill->findData(int(budget.killAction)));
    form->addRow(tr("&Kill switch on escalation:"), m_kill);
    m_killNote = mutedLabel(QString(), this);
    m_killNote->setObjectName(QStringLiteral("budgetKillNote"));
    // As wide as the fields: a label keeps to its size hint in a form otherwise, and wraps early.
    m_killNote->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    form->addRow(QString(), m_killNote);
    layout->addLayout(form);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("budgetProblem"));
    m_problem->setWordWrap(true);
    QPalette red = m_problem->palette();
    red.setColor(QPalette::WindowText, QColor(0xb0, 0x1e, 0x1e));
    m_problem->setPalette(red);
    layout->addWidget(m_problem);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(budget.id ? tr("Save") : tr("Add budget"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &BudgetDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &BudgetDialog::reject);
    layout->addWidget(m_buttons);

    connect(m_dimension, &QComboBox::currentIndexChanged, this, [this] {
        dimensionChanged();
        validate();
    });
    connect(m_kill, &QComboBox::currentIndexChanged, this, &BudgetDialog::validate);
    for (QLineEdit *edit : {m_name, m_limit, m_tiers, m_webhook})
        connect(edit, &QLineEdit::textChanged, this, &BudgetDialog::validate);
    connect(m_value, &QComboBox::editTextChanged, this, &BudgetDialog::validate);
    connect(m_zone, &QComboBox::editTextChanged, this, &BudgetDialog::validate);
    validate();
    setMinimumWidth(520);
}

void BudgetDialog::dimensionChanged()
{
    const auto dimension = Dimension(m_dimension->currentData().toInt());
    const QString text = m_value->currentText();
    m_value->clear();
    m_value->setEnabled(dimension != Dimension::All);
    if (dimension == Dimension::All) {
        m_value->lineEdit()->setPlaceholderText(QString());
        return;
    }
    if (m_knownValues)
        m_value->addItems(m_knownValues(dimension));
    m_value->setEditText(m_value->findText(text) >= 0 ? text : QString());
    m_value->lineEdit()->setPlaceholderText(m_value->count() > 0 ? tr("choose or type a value")
                                                                 : tr("type a value"));
}

std::optional<Budget> BudgetDialog::budget(Error *error) const
{
    const auto fail = [error](const Error &e) -> std::optional<Budget> {
        if (error)
            *error = e;
        return std::nullopt;
    };
    Budget b;
    b.id = m_id;
    b.name = m_name->text().trimmed();
    if (b.name.isEmpty())
        return fail(invalid(tr("Give the budget a name.")));
    b.scope.dimension = Dimension(m_dimension->currentData().toInt());
    if (b.scope.dimension != Dimension::All) {
        b.scope.value = m_value->currentText().trimmed();
        if (b.scope.value.isEmpty())
            return fail(invalid(tr("Choose or type the %1 this budget counts.")
                                    .arg(Models::BudgetModel::dimensionLabel(b.scope.dimension).toLower())));
    }
    b.period = Period(m_period->currentData().toInt());
    Error problem;
    const QString zoneText = m_zone->currentText().trimmed();
    if (zoneText == QString::fromUtf8(m_zoneKept.id())) {
        b.zone = m_zoneKept;
    } else if (zoneText == QString::fromUtf8(QTimeZone::systemTimeZoneId())) {
        b.zone = QTimeZone::systemTimeZone();
    } else if (const auto zone = parseTimeZone(zoneText, &problem)) {
        b.zone = *zone;
    } else {
        return fail(problem);
    }
    if (m_limit->text().trimmed().isEmpty())
        return fail(invalid(tr("Give the limit in US dollars, e.g. 25 or 12.50.")));
    const auto limit = parseLimitMicros(limitText(m_limit->text()), &problem);
    if (!limit)
        return fail(problem);
    b.limitMicros = *limit;
    const auto tiers = parseTiers(m_tiers->text(), &problem);
    if (!tiers)
        return fail(problem);
    b.tiers = *tiers;
    b.forecastAlert = m_forecast->isChecked();
    b.killAction = KillAction(m_kill->currentData().toInt());
    b.webhookUrl = m_webhook->text().trimmed();
    if (!b.webhookUrl.isEmpty()) {
        const QUrl url(b.webhookUrl, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http") || url.host().isEmpty())
            return fail(invalid(tr("The webhook URL must be an http:// or https:// address.")));
    }
    if (const Error e = validateBudget(b))
        return fail(e);
    return b;
}

QString BudgetDialog::problem() const
{
    return m_problem->text();
}

void BudgetDialog::validate()
{
    Error error;
    const bool ok = budget(&error).has_value();
    m_problem->setText(ok ? QString() : error.message);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
    explainKillAction();
}

void BudgetDialog::explainKillAction()
{
    Budget b;
    b.scope.dimension = Dimension(m_dimension->currentData().toInt());
    if (b.scope.dimension != Dimension::All)
        b.scope.value = m_value->currentText().trimmed();
    b.tiers = parseTiers(m_tiers->text(), nullptr).value_or(b.tiers);
    b.killAction = KillAction(m_kill->currentData().toInt());
    m_killNote->setText(Models::BudgetModel::killActionExplanation(b));
}

void BudgetDialog::accept()
{
    Error error;
    std::optional<Budget> b = budget(&error);
    if (b && m_save && !m_save(*b, &error))
        b.reset();
    if (!b) {
        m_problem->setText(error.message);
        return;
    }
    QDialog::accept();
}

} // namespace Burnrate::Widgets
