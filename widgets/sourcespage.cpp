#include "sourcespage.h"

#include "common/money.h"
#include "common/settings.h"
#include "common/timeutil.h"
#include "ingest/otlpreceiver.h"
#include "net/httpclient.h"
#include "providers/poller.h"
#include "secrets/secretstore.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimeZone>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

namespace Burnrate::Widgets {

namespace {

enum class Tone { Hint, Good, Warning, Problem };

// Colours a note by what it says and hides it while empty.
void showNote(QLabel *label, Tone tone, const QString &text)
{
    QPalette palette = label->palette();
    switch (tone) {
    case Tone::Hint:
        palette.setColor(QPalette::WindowText,
                         label->parentWidget()->palette().color(QPalette::PlaceholderText));
        break;
    case Tone::Good:
        palette.setColor(QPalette::WindowText, QColor(0x1e, 0x7b, 0x34));
        break;
    case Tone::Warning:
        palette.setColor(QPalette::WindowText, QColor(0x8a, 0x5a, 0x00));
        break;
    case Tone::Problem:
        palette.setColor(QPalette::WindowText, QColor(0xb3, 0x26, 0x1e));
        break;
    }
    label->setPalette(palette);
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

QLabel *noteLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse); // errors are copied into bug reports
    label->hide();
    return label;
}

QLabel *valueLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QLabel *captionLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QPalette muted = label->palette();
    muted.setColor(QPalette::WindowText, parent->palette().color(QPalette::PlaceholderText));
    label->setPalette(muted);
    return label;
}

QLabel *titleLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.2);
    font.setWeight(QFont::DemiBold);
    label->setFont(font);
    return label;
}

// "just now", "4 min ago", "3 h ago", then the date.
QString ago(qint64 thenNs, qint64 nowNs)
{
    if (thenNs <= 0)
        return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "never");
    const qint64 seconds = std::max<qint64>(0, (nowNs - thenNs) / Time::kNanosPerSecond);
    if (seconds < 10)
        return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "just now");
    if (seconds < 60)
        return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "%1 s ago").arg(seconds);
    if (seconds < 3600)
        return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "%1 min ago").arg(seconds / 60);
    if (seconds < 48 * 3600)
        return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "%1 h ago").arg(seconds / 3600);
    const QLocale locale;
    return locale.toString(Time::fromNs(thenNs, QTimeZone::systemTimeZone()), QLocale::ShortFormat);
}

// "in 40 s", "in 5 min", "in 2 h".
QString until(qint64 whenNs, qint64 nowNs)
{
    const qint64 seconds = (whenNs - nowNs + Time::kNanosPerSecond - 1) / Time::kNanosPerSecond;
    if (seconds <= 0)
        return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "now");
    if (seconds < 60)
        return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "in %1 s").arg(seconds);
    if (seconds < 3600)
        return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "in %1 min")
            .arg((seconds + 59) / 60);
    return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "in %1 h")
        .arg((seconds + 3599) / 3600);
}

// The part of a source key after the provider: "openai.costs" -> "Costs".
QString endpointName(const QString &sourceKey)
{
    const QString part = sourceKey.section(u'.', 1);
    if (part == u"usage")
        return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "Usage");
    if (part == u"costs")
        return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "Costs");
    if (part == u"activity")
        return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "Activity");
    if (part == u"key")
        return QCoreApplication::translate("Burnrate::Widgets::SourcesPage", "Key and credits");
    return sourceKey;
}

QString keyHint(Providers::Provider provider)
{
    switch (provider) {
    case Providers::Provider::OpenAi:
        return QCoreApplication::translate(
            "Burnrate::Widgets::SourcesPage",
            "Needs an admin key (sk-admin-…), which organization owners create under Settings, "
            "Organization, Admin keys on platform.openai.com.");
    case Providers::Provider::Anthropic:
        return QCoreApplication::translate(
            "Burnrate::Widgets::SourcesPage",
            "Needs an Admin API key (sk-ant-admin01-…), which organization admins create in the "
            "Claude Console. Individual accounts have no Admin API.");
    case Providers::Provider::OpenRouter:
        return QCoreApplication::translate(
            "Burnrate::Widgets::SourcesPage",
            "Needs a management key from openrouter.ai: ordinary API keys cannot read the "
            "activity or the credits.");
    }
    return {};
}

constexpr int kSecondsPerMinute = 60;

} // namespace

void SourceCard::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(palette().color(QPalette::Mid), 1));
    painter.setBrush(palette().color(QPalette::Base));
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
}

ProviderCard::ProviderCard(Providers::ProviderPoller *poller, Secrets::SecretStore *secrets,
                           Settings *settings, QWidget *parent)
    : SourceCard(parent)
    , m_poller(poller)
    , m_secrets(secrets)
    , m_settings(settings)
    , m_id(Providers::providerId(poller->provider()))
{
    Q_ASSERT(m_poller && m_secrets && m_settings);
    setObjectName(QStringLiteral("card-") + m_id);
    const ProviderSettings saved = m_settings->providerSettings(m_id);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 14);
    layout->setSpacing(8);

    auto *header = new QHBoxLayout;
    header->addWidget(titleLabel(Providers::providerDisplayName(poller->provider()), this));
    header->addSpacing(10);
    m_state = valueLabel(QStringLiteral("state"), this);
    header->addWidget(m_state, 1);
    m_enabled = new QCheckBox(tr("Poll this provider"), this);
    m_enabled->setObjectName(QStringLiteral("enabled"));
    m_enabled->setChecked(saved.enabled);
    header->addWidget(m_enabled);
    layout->addLayout(header);
    auto *hint = captionLabel(keyHint(poller->provider()), this);
    hint->setWordWrap(true);
    layout->addWidget(hint);

    // Settings on the left, health on the right.
    auto *columns = new QHBoxLayout;
    columns->setSpacing(28);
    auto *form = new QGridLayout;
    form->setHorizontalSpacing(10);
    form->setVerticalSpacing(6);
    form->setColumnStretch(1, 1);
    int row = 0;

    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("adminKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setMinimumWidth(m_key->fontMetrics().averageCharWidth() * 36);
    m_forget = new QPushButton(tr("Remove"), this);
    m_forget->setObjectName(QStringLiteral("forgetKey"));
    m_forget->setToolTip(tr("Remove the key from the keyring and stop polling"));
    auto *keyRow = new QHBoxLayout;
    keyRow->setSpacing(6);
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_forget);
    form->addWidget(new QLabel(tr("Admin key:"), this), row, 0);
    form->addLayout(keyRow, row++, 1);
    m_keyNote = noteLabel(QStringLiteral("keyNote"), this);
    form->addWidget(m_keyNote, row++, 1);

    m_baseUrl = new QLineEdit(saved.baseUrl, this);
    m_baseUrl->setObjectName(QStringLiteral("baseUrl"));
    m_baseUrl->setPlaceholderText(Providers::defaultBaseUrl(poller->provider()));
    form->addWidget(new QLabel(tr("Base URL:"), this), row, 0);
    form->addWidget(m_baseUrl, row++, 1);

    m_interval = new QSpinBox(this);
    m_interval->setObjectName(QStringLiteral("interval"));
    m_interval->setRange(1, 24 * 60);
    m_interval->setSuffix(tr(" min"));
    m_interval->setValue(qRound(double(saved.intervalS) / kSecondsPerMinute));
    m_backfillDays = new QSpinBox(this);
    m_backfillDays->setObjectName(QStringLiteral("backfillDays"));
    m_backfillDays->setRange(1, 365);
    m_backfillDays->setSuffix(tr(" days"));
    m_backfillDays->setValue(saved.backfillDays);
    m_backfillDays->setToolTip(tr("How far back the first fetch reaches"));
    auto *timing = new QHBoxLayout;
    timing->setSpacing(6);
    timing->addWidget(m_interval);
    timing->addSpacing(12);
    timing->addWidget(new QLabel(tr("History:"), this));
    timing->addWidget(m_backfillDays);
    timing->addStretch(1);
    form->addWidget(new QLabel(tr("Poll every:"), this), row, 0);
    form->addLayout(timing, row++, 1);

    m_formNote = noteLabel(QStringLiteral("formNote"), this);
    form->addWidget(m_formNote, row++, 1);
    m_save = new QPushButton(tr("Save"), this);
    m_save->setObjectName(QStringLiteral("save"));
    auto *saveRow = new QHBoxLayout;
    saveRow->addStretch(1);
    saveRow->addWidget(m_save);
    form->addLayout(saveRow, row++, 1);
    form->setRowStretch(row, 1);

    auto *health = new QGridLayout;
    health->setHorizontalSpacing(10);
    health->setVerticalSpacing(6);
    health->setColumnStretch(1, 1);
    int hrow = 0;
    const auto addFigure = [&](const QString &caption, QLabel *value) {
        health->addWidget(captionLabel(caption, this), hrow, 0);
        health->addWidget(value, hrow++, 1);
    };
    m_lastSuccess = valueLabel(QStringLiteral("lastSuccess"), this);
    m_nextPoll = valueLabel(QStringLiteral("nextPoll"), this);
    m_rows = valueLabel(QStringLiteral("rowsImported"), this);
    addFigure(tr("Last success"), m_lastSuccess);
    addFigure(tr("Next poll"), m_nextPoll);
    addFigure(tr("Rows imported"), m_rows);
    // OpenRouter reports the key's limit and the account's credits: shown once a poll has read them.
    m_balanceCaption = captionLabel(tr("Credits left"), this);
    m_balance = valueLabel(QStringLiteral("balance"), this);
    health->addWidget(m_balanceCaption, hrow, 0);
    health->addWidget(m_balance, hrow++, 1);
    m_keyLimitCaption = captionLabel(tr("Key limit"), this);
    m_keyLimit = valueLabel(QStringLiteral("keyLimit"), this);
    health->addWidget(m_keyLimitCaption, hrow, 0);
    health->addWidget(m_keyLimit, hrow++, 1);
    for (QWidget *widget : {static_cast<QWidget *>(m_balanceCaption), static_cast<QWidget *>(m_balance),
                            static_cast<QWidget *>(m_keyLimitCaption), static_cast<QWidget *>(m_keyLimit)})
        widget->hide();
    m_backfill = new QProgressBar(this);
    m_backfill->setObjectName(QStringLiteral("backfill"));
    m_backfill->setRange(0, 1000);
    m_backfill->setFormat(tr("Fetching history: %p %"));
    m_backfill->hide();
    health->addWidget(m_backfill, hrow++, 0, 1, 2);
    m_lastError = noteLabel(QStringLiteral("lastError"), this);
    health->addWidget(m_lastError, hrow++, 0, 1, 2);
    m_test = new QPushButton(tr("Test connection"), this);
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_test->setToolTip(tr("One small request per endpoint with the key typed above, or the saved one, to "
                          "the saved base URL. Nothing is stored."));
    m_pollNow = new QPushButton(tr("Poll now"), this);
    m_pollNow->setObjectName(QStringLiteral("pollNow"));
    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(6);
    buttons->addWidget(m_test);
    buttons->addWidget(m_pollNow);
    buttons->addStretch(1);
    health->addLayout(buttons, hrow++, 0, 1, 2);
    m_testResult = noteLabel(QStringLiteral("testResult"), this);
    health->addWidget(m_testResult, hrow++, 0, 1, 2);
    health->setRowStretch(hrow, 1);

    columns->addLayout(form, 3);
    columns->addLayout(health, 2);
    layout->addLayout(columns);

    connect(m_enabled, &QCheckBox::toggled, this, [this](bool enabled) {
        ProviderSettings settings = m_settings->providerSettings(m_id);
        settings.enabled = enabled;
        saveSettings(settings);
        applyKeyState();
    });
    connect(m_key, &QLineEdit::textChanged, this, &ProviderCard::validate);
    connect(m_baseUrl, &QLineEdit::textChanged, this, &ProviderCard::validate);
    connect(m_interval, &QSpinBox::valueChanged, this, &ProviderCard::validate);
    connect(m_backfillDays, &QSpinBox::valueChanged, this, &ProviderCard::validate);
    connect(m_key, &QLineEdit::returnPressed, this, &ProviderCard::save);
    connect(m_baseUrl, &QLineEdit::returnPressed, this, &ProviderCard::save);
    connect(m_save, &QPushButton::clicked, this, &ProviderCard::save);
    connect(m_forget, &QPushButton::clicked, this, &ProviderCard::forgetKey);
    connect(m_test, &QPushButton::clicked, this, &ProviderCard::testConnection);
    connect(m_pollNow, &QPushButton::clicked, m_poller, &Providers::ProviderPoller::pollNow);

    readKey();
    validate();
}

QString ProviderCard::environmentVariable() const
{
    return Secrets::environmentVariableFor(Providers::secretNameFor(m_poller->provider()));
}

bool ProviderCard::keyFromEnvironment() const
{
    return !qEnvironmentVariableIsEmpty(environmentVariable().toLocal8Bit().constData());
}

void ProviderCard::readKey()
{
    if (keyFromEnvironment()) {
        m_reading = false;
        applyKeyState();
        return;
    }
    m_reading = true;
    applyKeyState();
    // Only whether a key is stored is kept; the value is dropped at once.
    m_secrets->read(Providers::secretNameFor(m_poller->provider()), this,
                    [this](std::optional<QString> value, Error error) {
                        m_reading = false;
                        m_keyStored = !error && value && !value->isEmpty();
                        m_keyringError = error ? error.message : QString();
                        applyKeyState();
                        validate();
                    });
}

// The key field's placeholder, enabled state and note, from where the key comes from.
void ProviderCard::applyKeyState()
{
    const bool environment = keyFromEnvironment();
    m_key->setEnabled(!environment && !m_reading);
    m_forget->setVisible(m_keyStored && !environment);
    if (environment) {
        m_key->setPlaceholderText(tr("Set by %1").arg(environmentVariable()));
        showNote(m_keyNote, Tone::Hint,
                 tr("%1 is set, so Burnrate uses its value. Unset it to manage the key here.")
                     .arg(environmentVariable()));
        return;
    }
    if (m_reading) {
        m_key->setPlaceholderText(tr("Reading the keyring…"));
        return;
    }
    m_key->setPlaceholderText(m_keyStored ? tr("Stored in the keyring") : tr("Paste the admin key"));
    // A keyring that cannot be read is a problem only for a provider that polls; one that is off says
    // "Off" and mentions the keyring in a neutral tone.
    if (!m_keyringError.isEmpty()) {
        showNote(m_keyNote, m_enabled->isChecked() ? Tone::Problem : Tone::Hint, m_keyringError);
        return;
    }
    if (m_enabled->isChecked() && !m_keyStored && m_key->text().isEmpty() && m_keyNote->isHidden())
        showNote(m_keyNote, Tone::Warning, tr("Enter the admin key to start polling."));
    else if (m_keyStored && m_keyNote->text() == tr("Enter the admin key to start polling."))
        showNote(m_keyNote, Tone::Hint, QString());
}

ProviderSettings ProviderCard::typedSettings() const
{
    ProviderSettings settings = m_settings->providerSettings(m_id);
    settings.enabled = m_enabled->isChecked();
    const QString url = m_baseUrl->text().trimmed();
    settings.baseUrl = url.isEmpty() ? Providers::defaultBaseUrl(m_poller->provider()) : url;
    // A saved interval that is not whole minutes stays as it is unless the field changed.
    if (m_interval->value() != qRound(double(settings.intervalS) / kSecondsPerMinute))
        settings.intervalS = m_interval->value() * kSecondsPerMinute;
    settings.backfillDays = m_backfillDays->value();
    return settings;
}

void ProviderCard::validate()
{
    const QString url = m_baseUrl->text().trimmed();
    Error error;
    const bool urlOk = url.isEmpty() || Net::isAllowedUrl(QUrl(url, QUrl::StrictMode), &error);
    if (!urlOk)
        showNote(m_formNote, Tone::Problem, error.message);
    else if (m_urlRefused)
        showNote(m_formNote, Tone::Hint, QString()); // the address is fixed
    m_urlRefused = !urlOk;
    const bool changed =
        !m_key->text().trimmed().isEmpty() || typedSettings() != m_settings->providerSettings(m_id);
    m_save->setEnabled(urlOk && changed);
}

void ProviderCard::save()
{
    const QString url = m_baseUrl->text().trimmed();
    Error error;
    if (!url.isEmpty() && !Net::isAllowedUrl(QUrl(url, QUrl::StrictMode), &error)) {
        showNote(m_formNote, Tone::Problem, error.message);
        return;
    }
    const ProviderSettings settings = typedSettings();
    if (settings != m_settings->providerSettings(m_id))
        saveSettings(settings);
    const QString key = m_key->text().trimmed();
    if (!key.isEmpty()) {
        m_key->clear();
        storeKey(key);
    }
    validate();
}

void ProviderCard::saveSettings(const ProviderSettings &settings)
{
    m_settings->setProviderSettings(m_id, settings);
    const bool written = m_settings->sync();
    m_poller->setSettings(settings);
    if (written)
        showNote(m_formNote, Tone::Hint, QString());
    else
        showNote(m_formNote, Tone::Problem,
                 tr("The settings could not be written to %1, so they last only until Burnrate quits. Check "
                    "that the file and its folder are writable.")
                     .arg(m_settings->filePath()));
}

void ProviderCard::storeKey(const QString &key)
{
    showNote(m_keyNote, Tone::Hint, tr("Saving the key in the keyring…"));
    m_secrets->write(Providers::secretNameFor(m_poller->provider()), key, this, [this, key](Error error) {
        // Polling starts either way; a keyring that failed only means typing it again next time.
        m_poller->setKey(key);
        m_keyringError.clear(); // this answer supersedes the read's
        if (error) {
            showNote(m_keyNote, Tone::Problem,
                     tr("The key could not be saved in the keyring, so Burnrate uses it only until it quits. "
                        "%1")
                         .arg(error.message));
        } else {
            m_keyStored = true;
            showNote(m_keyNote, Tone::Good, tr("The key is saved in the keyring."));
        }
        applyKeyState();
        validate();
    });
}

void ProviderCard::forgetKey()
{
    m_forget->setEnabled(false);
    m_secrets->remove(Providers::secretNameFor(m_poller->provider()), this, [this](Error error) {
        m_forget->setEnabled(true);
        m_keyringError.clear(); // this answer supersedes the read's
        if (error) {
            showNote(m_keyNote, Tone::Problem,
                     tr("The key could not be removed from the keyring. %1").arg(error.message));
            return;
        }
        m_keyStored = false;
        m_poller->setKey(QString());
        showNote(m_keyNote, Tone::Hint, tr("The key was removed from the keyring."));
        applyKeyState();
    });
}

void ProviderCard::testConnection()
{
    const QString typed = m_key->text().trimmed();
    if (!typed.isEmpty()) {
        runTest(typed);
    } else if (keyFromEnvironment()) {
        runTest(qEnvironmentVariable(environmentVariable().toLocal8Bit().constData()));
    } else if (m_keyStored) {
        m_test->setEnabled(false);
        m_secrets->read(Providers::secretNameFor(m_poller->provider()), this,
                        [this](std::optional<QString> value, Error error) {
                            m_test->setEnabled(true);
                            if (error)
                                showNote(m_testResult, Tone::Problem, error.message);
                            else if (!value || value->isEmpty())
                                showNote(m_testResult, Tone::Warning, tr("Enter an admin key to test it."));
                            else
                                runTest(*value);
                        });
    } else {
        showNote(m_testResult, Tone::Warning, tr("Enter an admin key to test it."));
    }
}

void ProviderCard::runTest(const QString &key)
{
    m_test->setEnabled(false);
    showNote(m_testResult, Tone::Hint, tr("Testing the connection…"));
    m_poller->testConnection(key, this, [this](const Error &error) {
        m_test->setEnabled(true);
        if (error)
            showNote(m_testResult, Tone::Problem, error.message);
        else
            showNote(m_testResult, Tone::Good,
                     tr("The connection works, and the key may read what Burnrate polls."));
    });
}

void ProviderCard::updateStatus(qint64 nowNs)
{
    const Providers::PollerStatus status = m_poller->status();
    if (m_enabled->isChecked() != status.enabled) {
        const QSignalBlocker blocker(m_enabled);
        m_enabled->setChecked(status.enabled);
    }

    qint64 lastSuccess = 0;
    qint64 rows = 0;
    QStringList endpoints;
    const QLocale locale;
    for (const Providers::EndpointStatus &endpoint : status.endpoints) {
        lastSuccess = std::max(lastSuccess, endpoint.state.lastSuccessNs);
        rows += endpoint.state.rowsImported;
        endpoints.append(tr("%1: last success %2, %3 rows")
                             .arg(endpointName(endpoint.state.source),
                                  ago(endpoint.state.lastSuccessNs, nowNs),
                                  locale.toString(endpoint.state.rowsImported)));
    }

    if (!status.enabled)
        showNote(m_state, Tone::Hint, tr("Off"));
    else if (!status.hasKey)
        showNote(m_state, Tone::Warning, tr("Needs an admin key"));
    else if (status.backfillProgress >= 0)
        showNote(m_state, Tone::Hint, tr("Fetching history"));
    else if (status.polling)
        showNote(m_state, Tone::Hint, tr("Polling…"));
    else if (!status.lastError.isEmpty())
        showNote(m_state, Tone::Problem, tr("Failing"));
    else if (lastSuccess > 0)
        showNote(m_state, Tone::Good, tr("Working"));
    else
        showNote(m_state, Tone::Hint, tr("Waiting for the first poll"));

    m_lastSuccess->setText(ago(lastSuccess, nowNs));
    if (status.polling)
        m_nextPoll->setText(tr("polling now"));
    else if (status.nextPollNs > 0)
        m_nextPoll->setText(until(status.nextPollNs, nowNs));
    else if (status.enabled && !status.hasKey)
        m_nextPoll->setText(tr("once a key is saved"));
    else
        m_nextPoll->setText(tr("not scheduled"));
    m_rows->setText(locale.toString(rows));
    showAccountDetail(status, locale);
    const QString perEndpoint = endpoints.join(u'\n');
    m_lastSuccess->setToolTip(perEndpoint);
    m_rows->setToolTip(perEndpoint);

    m_backfill->setVisible(status.backfillProgress >= 0);
    if (status.backfillProgress >= 0)
        m_backfill->setValue(qRound(std::clamp(status.backfillProgress, 0.0, 1.0) * 1000));
    // The error of a provider that was turned off since is history, not a problem.
    showNote(m_lastError, status.enabled ? Tone::Problem : Tone::Hint, status.lastError);
    m_pollNow->setEnabled(status.enabled && status.hasKey && !status.polling);
}

void ProviderCard::showAccountDetail(const Providers::PollerStatus &status, const QLocale &locale)
{
    QJsonObject detail;
    for (const Providers::EndpointStatus &endpoint : status.endpoints) {
        if (!endpoint.state.detail.isEmpty())
            detail = QJsonDocument::fromJson(endpoint.state.detail.toUtf8()).object();
    }
    const auto micros = [&](const char *key) -> std::optional<qint64> {
        const QJsonValue value = detail.value(QLatin1StringView(key));
        if (!value.isDouble())
            return std::nullopt;
        return qint64(value.toDouble());
    };
    const auto money = [&](qint64 value) { return Money::formatUsdForDisplay(value, locale); };

    const std::optional<qint64> balance = micros("balance_micros");
    const std::optional<qint64> credits = micros("total_credits_micros");
    const bool showBalance = balance.has_value();
    m_balanceCaption->setVisible(showBalance);
    m_balance->setVisible(showBalance);
    if (showBalance)
        m_balance->setText(tr("%1 of %2 bought").arg(money(*balance), money(credits.value_or(0))));

    const bool showLimit = detail.contains(QLatin1StringView("limit_micros"));
    m_keyLimitCaption->setVisible(showLimit);
    m_keyLimit->setVisible(showLimit);
    if (!showLimit)
        return;
    const std::optional<qint64> limit = micros("limit_micros");
    const std::optional<qint64> remaining = micros("limit_remaining_micros");
    const QString reset = detail.value(QLatin1StringView("limit_reset")).toString();
    QString text;
    if (!limit)
        text = tr("No limit on this key");
    else if (reset == u"daily")
        text = tr("%1 of %2 left today").arg(money(remaining.value_or(0)), money(*limit));
    else if (reset == u"weekly")
        text = tr("%1 of %2 left this week").arg(money(remaining.value_or(0)), money(*limit));
    else if (reset == u"monthly")
        text = tr("%1 of %2 left this month").arg(money(remaining.value_or(0)), money(*limit));
    else
        text = tr("%1 of %2 left").arg(money(remaining.value_or(0)), money(*limit));
    m_keyLimit->setText(text);
    if (const std::optional<qint64> today = micros("usage_daily_micros"))
        m_keyLimit->setToolTip(tr("Spent with this key today: %1, this month: %2")
                                   .arg(money(*today), money(micros("usage_monthly_micros").value_or(0))));
}

SourcesPage::SourcesPage(const QString &endpoint, QWidget *parent)
    : QWidget(parent)
    , m_clock(&Time::nowNs)
{
    setObjectName(QStringLiteral("sourcesPage"));
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &SourcesPage::tick);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("sourcesScroll"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *content = new QWidget(scroll);
    m_column = new QVBoxLayout(content);
    m_column->setContentsMargins(16, 14, 16, 14);
    m_column->setSpacing(12);
    m_column->addWidget(buildReceiverCard(content));
    m_column->addStretch(1);
    scroll->setWidget(content);
    outer->addWidget(scroll);
    setEndpoint(endpoint, false);
    tick();
}

QWidget *SourcesPage::buildReceiverCard(QWidget *parent)
{
    auto *card = new SourceCard(parent);
    card->setObjectName(QStringLiteral("receiverCard"));
    auto *layout = new QVBoxLayout(card);
    layout->setContentsMargins(16, 12, 16, 14);
    layout->setSpacing(8);
    auto *header = new QHBoxLayout;
    header->addWidget(titleLabel(tr("OpenTelemetry receiver"), card));
    header->addSpacing(10);
    m_receiverState = valueLabel(QStringLiteral("receiverState"), card);
    header->addWidget(m_receiverState, 1);
    layout->addLayout(header);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(6);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    grid->setColumnMinimumWidth(2, 0);
    const auto figure = [&](int row, int column, const QString &caption, QLabel *value) {
        grid->addWidget(captionLabel(caption, card), row, column * 2);
        grid->addWidget(value, row, column * 2 + 1);
    };
    m_endpoint = valueLabel(QStringLiteral("receiverEndpoint"), card);
    m_tokenRequired = valueLabel(QStringLiteral("receiverToken"), card);
    m_spans = valueLabel(QStringLiteral("spansReceived"), card);
    m_batches = valueLabel(QStringLiteral("batches"), card);
    m_calls = valueLabel(QStringLiteral("callsStored"), card);
    m_rejected = valueLabel(QStringLiteral("rejected"), card);
    figure(0, 0, tr("Address"), m_endpoint);
    figure(0, 1, tr("Token required"), m_tokenRequired);
    figure(1, 0, tr("Spans received"), m_spans);
    figure(1, 1, tr("Batches"), m_batches);
    figure(2, 0, tr("Calls stored"), m_calls);
    figure(2, 1, tr("Rejected"), m_rejected);
    layout->addLayout(grid);
    m_receiverError = noteLabel(QStringLiteral("receiverError"), card);
    layout->addWidget(m_receiverError);
    m_hint = captionLabel(QString(), card);
    m_hint->setObjectName(QStringLiteral("receiverHint"));
    m_hint->setWordWrap(true);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_hint);
    return card;
}

void SourcesPage::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
    tick();
}

void SourcesPage::setEndpoint(const QString &endpoint, bool tokenRequired)
{
    m_endpoint->setText(endpoint);
    m_tokenRequired->setText(tokenRequired ? tr("yes, a bearer token") : tr("no"));
    m_hint->setText(
        tokenRequired
            ? tr("Point your agents' OTLP/HTTP exporter at this address "
                 "(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=%1) with the header Authorization: Bearer "
                 "and the token from Settings. `burnrate import` stores OTLP files. The counts "
                 "are since the receiver started.")
                  .arg(endpoint)
            : tr("Point your agents' OTLP/HTTP exporter at this address "
                 "(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=%1). `burnrate import` stores OTLP files. The "
                 "counts are since the receiver started.")
                  .arg(endpoint));
}

void SourcesPage::setReceiver(Ingest::OtlpReceiver *receiver)
{
    if (m_receiver)
        disconnect(m_receiver, nullptr, this, nullptr);
    m_receiver = receiver;
    if (receiver) // emitted on the receiver's thread: queued to this one
        connect(receiver, &Ingest::OtlpReceiver::requestFailed, this, &SourcesPage::tick);
    tick();
}

void SourcesPage::setProviders(const QList<Providers::ProviderPoller *> &pollers,
                               Secrets::SecretStore *secrets, Settings *settings)
{
    qDeleteAll(m_cards);
    m_cards.clear();
    if (pollers.isEmpty())
        return;
    QWidget *content = m_column->parentWidget();
    if (!content->findChild<QLabel *>(QStringLiteral("providersHeading"))) {
        auto *heading = titleLabel(tr("Provider bills"), content);
        heading->setObjectName(QStringLiteral("providersHeading"));
        heading->setContentsMargins(0, 8, 0, 0);
        auto *intro =
            captionLabel(tr("Burnrate polls the providers' admin APIs for what they bill: the figures "
                            "the Reconciliation screen compares with the spend it measured, "
                            "including calls that no agent reported."),
                         content);
        intro->setWordWrap(true);
        m_column->insertWidget(m_column->count() - 1, heading); // before the stretch
        m_column->insertWidget(m_column->count() - 1, intro);
    }
    int index = m_column->count() - 1;
    for (Providers::ProviderPoller *poller : pollers) {
        auto *card = new ProviderCard(poller, secrets, settings, content);
        m_column->insertWidget(index++, card);
        m_cards.append(card);
        connect(poller, &Providers::ProviderPoller::statusChanged, card,
                [this, card] { card->updateStatus(m_clock()); });
        card->updateStatus(m_clock());
    }
}

void SourcesPage::tick()
{
    const qint64 now = m_clock();
    for (ProviderCard *card : std::as_const(m_cards))
        card->updateStatus(now);
    const QLocale locale;
    if (!m_receiver) {
        showNote(m_receiverState, Tone::Warning, tr("Not running"));
        for (QLabel *label : {m_spans, m_batches, m_calls, m_rejected})
            label->setText(QStringLiteral("–"));
        showNote(m_receiverError, Tone::Problem, QString());
        return;
    }
    showNote(m_receiverState, Tone::Good, tr("Listening"));
    const Ingest::ReceiverStats stats = m_receiver->stats();
    m_spans->setText(locale.toString(stats.spansReceived));
    m_batches->setText(locale.toString(stats.requests));
    m_calls->setText(locale.toString(stats.eventsStored));
    m_rejected->setText(
        tr("%1 spans, %2 requests")
            .arg(locale.toString(stats.spansRejected), locale.toString(stats.requestsFailed)));
    showNote(m_receiverError, Tone::Problem,
             stats.lastError.isEmpty()
                 ? QString()
                 : tr("Last error, %1: %2").arg(ago(stats.lastErrorAtNs, now), stats.lastError));
}

void SourcesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_tick.start();
    tick();
}

void SourcesPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_tick.stop();
}

} // namespace Burnrate::Widgets
