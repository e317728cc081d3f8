#include "settingsdialog.h"

#include "common/settings.h"
#include "ingest/otlpreceiver.h"
#include "killswitch/killswitchbackend.h"
#include "pricing/pricetable.h"
#include "secrets/secretstore.h"
#include "storage/database.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <type_traits>

namespace Burnrate::Widgets {

namespace {

const QString kTokenName = QLatin1String(Secrets::SecretName::OtlpToken);

QString tokenVariable()
{
    return Secrets::environmentVariableFor(kTokenName);
}

// 32 random bytes from the system's generator, base64url: safe in an HTTP header and in a shell.
QString generateToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QLabel *noteLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText); // "<token>" is text, not a tag
    label->hide();
    return label;
}

} // namespace

QIcon settingsIcon(const QColor &color)
{
    QIcon icon;
    for (int size : {24, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 24.0, size / 24.0);
        p.translate(12, 12);
        p.setPen(QPen(color, 2));
        p.drawEllipse(QPointF(0, 0), 6, 6);
        p.drawEllipse(QPointF(0, 0), 2.2, 2.2);
        p.setPen(QPen(color, 3.2, Qt::SolidLine, Qt::RoundCap));
        for (int i = 0; i < 8; ++i) { // the teeth
            p.drawLine(QPointF(0, -7.6), QPointF(0, -9.2));
            p.rotate(45);
        }
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

SettingsDialog::SettingsDialog(Context context, QWidget *parent)
    : QDialog(parent)
    , m_context(std::move(context))
{
    Q_ASSERT(m_context.settings && m_context.secrets);
    const Settings &settings = *m_context.settings;
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    // A grid rather than a QFormLayout: it gives the wrapped notes their height for the actual width.
    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    grid->setHorizontalSpacing(12);
    int row = 0;
    const auto addRow = [&](const QString &label, auto *field) {
        if (!label.isEmpty())
            grid->addWidget(new QLabel(label, this), row, 0);
        if constexpr (std::is_base_of_v<QLayout, std::remove_pointer_t<decltype(field)>>)
            grid->addLayout(field, row++, 1);
        else
            grid->addWidget(field, row++, 1);
    };
    const auto heading = [&](const QString &text) {
        auto *label = new QLabel(text, this);
        QFont font = label->font();
        font.setWeight(QFont::DemiBold);
        label->setFont(font);
        label->setContentsMargins(0, row ? 14 : 0, 0, 2);
        grid->addWidget(label, row++, 0, 1, 2);
    };

    heading(tr("Receiving traces"));
    m_listen = new QLineEdit(settings.otlpListen(), this);
    m_listen->setObjectName(QStringLiteral("listen"));
    m_listen->setPlaceholderText(QStringLiteral("127.0.0.1:4318"));
    // Sets the width of the field column, and with it where the notes wrap.
    m_listen->setMinimumWidth(m_listen->fontMetrics().averageCharWidth() * 80);
    addRow(tr("Listen address:"), overridable(m_listen, nullptr, QStringLiteral("--otlp-listen"),
                                              m_context.commandLine.listen, settings.otlpListen()));
    m_appliedListen = m_listen->text();
    if (const Override *o = overrideOf(m_listen))
        addRow(QString(), o->note);
    m_listenNote = noteLabel(QStringLiteral("listenNote"), this);
    addRow(QString(), m_listenNote);

    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_showToken = new QPushButton(tr("Hide"), this);
    m_showToken->setObjectName(QStringLiteral("showToken"));
    m_showToken->setCheckable(true);
    // As wide as its longer label, so the row does not jump when it toggles.
    const int hideWidth = m_showToken->sizeHint().width();
    m_showToken->setText(tr("Show"));
    m_showToken->setMinimumWidth(std::max(hideWidth, m_showToken->sizeHint().width()));
    m_generateToken = new QPushButton(tr("Generate"), this);
    m_generateToken->setObjectName(QStringLiteral("generateToken"));
    m_generateToken->setToolTip(tr("A new random token of 32 bytes"));
    auto *tokenRow = new QHBoxLayout;
    tokenRow->setSpacing(6);
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_showToken);
    tokenRow->addWidget(m_generateToken);
    addRow(tr("Token:"), tokenRow);
    m_tokenNote = noteLabel(QStringLiteral("tokenNote"), this);
    addRow(QString(), m_tokenNote);

    heading(tr("Files"));
    auto *configFile = new QLabel(QDir::toNativeSeparators(settings.filePath()), this);
    configFile->setObjectName(QStringLiteral("configFile"));
    configFile->setTextInteractionFlags(Qt::TextSelectableByMouse);
    configFile->setWordWrap(true);
    if (m_context.commandLine.config)
        configFile->setText(tr("%1 (set by --config)").arg(configFile->text()));
    addRow(tr("Settings file:"), configFile);
    m_database = new QLineEdit(settings.databasePath(), this);
    m_database->setObjectName(QStringLiteral("database"));
    m_database->setPlaceholderText(QDir::toNativeSeparators(Storage::defaultDatabasePath()));
    auto *browseDatabase = new QPushButton(tr("Browse…"), this);
    browseDatabase->setObjectName(QStringLiteral("browseDatabase"));
    addRow(tr("Database:"), overridable(m_database, browseDatabase, QStringLiteral("--db"),
                                        m_context.commandLine.database, settings.databasePath()));
    if (const Override *o = overrideOf(m_database))
        addRow(QString(), o->note);
    m_prices = new QLineEdit(settings.pricesFile(), this);
    m_prices->setObjectName(QStringLiteral("prices"));
    m_prices->setPlaceholderText(QDir::toNativeSeparators(QFileInfo(settings.filePath()).absolutePath() +
                                                          QStringLiteral("/prices.json")));
    auto *browsePrices = new QPushButton(tr("Browse…"), this);
    browsePrices->setObjectName(QStringLiteral("browsePrices"));
    addRow(tr("Price overrides:"), overridable(m_prices, browsePrices, QStringLiteral("--prices"),
                                               m_context.commandLine.prices, settings.pricesFile()));
    if (const Override *o = overrideOf(m_prices))
        addRow(QString(), o->note);
    m_pricesNote = noteLabel(QStringLiteral("pricesNote"), this);
    addRow(QString(), m_pricesNote);
    auto *filesNote = noteLabel(QStringLiteral("filesNote"), this);
    showNote(filesNote, Tone::Hint, tr("Burnrate uses a new database or price file from its next start."));
    addRow(QString(), filesNote);

    heading(tr("General"));
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("language"));
    // What the system locale gives: German where it asks for German, else the English original.
    const QStringList systemLanguages = QLocale::system().uiLanguages();
    const bool systemGerman = std::any_of(systemLanguages.cbegin(), systemLanguages.cend(),
                                          [](const QString &l) { return l.startsWith(u"de"); });
    // Each language is named in itself.
    m_language->addItem(
        tr("System default (%1)").arg(systemGerman ? QStringLiteral("Deutsch") : QStringLiteral("English")),
        QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    if (m_language->findData(settings.uiLanguage()) < 0) // set by hand to a language without a translation
        m_language->addItem(QLocale(settings.uiLanguage()).nativeLanguageName(), settings.uiLanguage());
    m_language->setCurrentIndex(m_language->findData(settings.uiLanguage()));
    m_language->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *languageRow = new QHBoxLayout;
    languageRow->addWidget(m_language);
    languageRow->addStretch(1);
    addRow(tr("Language:"), languageRow);
    auto *languageNote = noteLabel(QStringLiteral("languageNote"), this);
    showNote(languageNote, Tone::Hint, tr("A new language takes effect when Burnrate restarts."));
    addRow(QString(), languageNote);

    m_demo = new QCheckBox(tr("Run the demo fleet"), this);
    m_demo->setObjectName(QStringLiteral("demo"));
    addRow(tr("Demo:"), m_demo);
    auto *demoNote = noteLabel(QStringLiteral("demoNote"), this);
    showNote(demoNote, Tone::Hint,
             tr("Simulated agents send traces to this Burnrate. Their spend is stored as demo data, which "
                "you can clear."));
    addRow(QString(), demoNote);

    heading(tr("Kill switch"));
    m_ksLoaded = settings.killSwitchSettings();
    m_ksBackend = new QComboBox(this);
    m_ksBackend->setObjectName(QStringLiteral("killSwitchBackend"));
    m_ksBackend->addItem(tr("etcd key"), QStringLiteral("etcd"));
    m_ksBackend->addItem(tr("HTTPS document"), QStringLiteral("http"));
    m_ksBackend->setCurrentIndex(std::max(0, m_ksBackend->findData(m_ksLoaded.backend)));
    addRow(tr("Store:"), m_ksBackend);
    m_ksUrl = new QLineEdit(m_ksLoaded.url, this);
    m_ksUrl->setObjectName(QStringLiteral("killSwitchUrl"));
    addRow(tr("URL:"), m_ksUrl);
    m_ksKey = new QLineEdit(m_ksLoaded.key, this);
    m_ksKey->setObjectName(QStringLiteral("killSwitchKey"));
    m_ksKey->setPlaceholderText(QLatin1String(KillSwitch::kDefaultEtcdKey));
    addRow(tr("etcd key:"), m_ksKey);
    m_ksUser = new QLineEdit(m_ksLoaded.user, this);
    m_ksUser->setObjectName(QStringLiteral("killSwitchUser"));
    m_ksUser->setPlaceholderText(tr("None: etcd without authentication"));
    addRow(tr("etcd user:"), m_ksUser);
    m_ksSecret = new QLineEdit(this);
    m_ksSecret->setObjectName(QStringLiteral("killSwitchSecret"));
    m_ksSecret->setEchoMode(QLineEdit::Password);
    m_ksSecretLabel = new QLabel(this);
    grid->addWidget(m_ksSecretLabel, row, 0);
    addRow(QString(), m_ksSecret);
    m_ksPoll = new QSpinBox(this);
    m_ksPoll->setObjectName(QStringLiteral("killSwitchPoll"));
    m_ksPoll->setRange(1, 3600);
    m_ksPoll->setSuffix(tr(" s"));
    m_ksPoll->setValue(m_ksLoaded.pollS);
    addRow(tr("Read every:"), m_ksPoll);
    m_ksNote = noteLabel(QStringLiteral("killSwitchNote"), this);
    addRow(QString(), m_ksNote);

    m_applyNote = noteLabel(QStringLiteral("applyNote"), this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttons"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 14);
    layout->addLayout(grid);
    layout->addSpacing(8);
    layout->addWidget(m_applyNote);
    layout->addWidget(m_buttons);
    // The height follows the wrapped notes as they come and go (a window is not sized for its
    // height-for-width otherwise).
    layout->setSizeConstraint(QLayout::SetFixedSize);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_listen, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_prices, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_token, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_token, &QLineEdit::textEdited, this, [this] {
        m_tokenEdited = true;
        validate();
    });
    connect(m_showToken, &QPushButton::toggled, this, [this](bool shown) {
        m_token->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_showToken->setText(shown ? tr("Hide") : tr("Show"));
    });
    connect(m_generateToken, &QPushButton::clicked, this, [this] {
        m_tokenEdited = true;
        m_token->setText(generateToken());
        m_showToken->setChecked(true); // to be copied into the senders' configuration
    });
    connect(browseDatabase, &QPushButton::clicked, this, [this] {
        const QString current =
            m_database->text().isEmpty() ? m_database->placeholderText() : m_database->text();
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Database file"), current, tr("SQLite databases (*.sqlite *.db);;All files (*)"),
            nullptr, QFileDialog::DontConfirmOverwrite);
        if (!path.isEmpty())
            m_database->setText(QDir::toNativeSeparators(path));
    });
    connect(browsePrices, &QPushButton::clicked, this, [this] {
        const QString current = m_prices->text().isEmpty() ? m_prices->placeholderText() : m_prices->text();
        const QString path = QFileDialog::getOpenFileName(this, tr("Price overrides"), current,
                                                          tr("JSON files (*.json);;All files (*)"));
        if (!path.isEmpty())
            m_prices->setText(QDir::toNativeSeparators(path));
    });
    connect(m_demo, &QCheckBox::clicked, this, [this](bool run) {
        if (run)
            Q_EMIT demoRequested();
        else
            Q_EMIT demoStopRequested();
    });

    for (QLineEdit *edit : {m_ksUrl, m_ksKey, m_ksUser})
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_ksBackend, &QComboBox::currentIndexChanged, this, [this] {
        updateKillSwitchFields();
        validate();
    });

    readToken();
    updateKillSwitchFields();
    validate();
}

KillSwitchSettings SettingsDialog::killSwitchFields() const
{
    KillSwitchSettings fields;
    fields.backend = m_ksBackend->currentData().toString();
    fields.url = m_ksUrl->text().trimmed();
    const bool etcd = fields.backend == u"etcd";
    fields.key = etcd ? m_ksKey->text().trimmed() : m_ksLoaded.key;
    fields.user = etcd ? m_ksUser->text().trimmed() : m_ksLoaded.user;
    fields.pollS = m_ksPoll->value();
    return fields;
}

QString SettingsDialog::killSwitchSecretName() const
{
    return QLatin1String(m_ksBackend->currentData().toString() == u"etcd"
                             ? Secrets::SecretName::KillSwitchPassword
                             : Secrets::SecretName::KillSwitchToken);
}

QLayout *SettingsDialog::overridable(QLineEdit *field, QWidget *browse, const QString &option,
                                     const std::optional<QString> &commandLine, const QString &saved)
{
    auto *row = new QHBoxLayout;
    row->setSpacing(6);
    row->addWidget(field, 1);
    if (browse)
        row->addWidget(browse);
    if (!commandLine)
        return row;
    Override o;
    o.field = field;
    o.browse = browse;
    o.option = option;
    o.inEffect = *commandLine;
    o.saved = saved;
    o.editSaved = new QPushButton(tr("Edit saved value"), this);
    o.editSaved->setObjectName(field->objectName() + QStringLiteral("EditSaved"));
    o.editSaved->setToolTip(
        tr("Change the value in the settings file, for the starts without %1").arg(option));
    o.note = noteLabel(field->objectName() + QStringLiteral("Override"), this);
    row->addWidget(o.editSaved);
    connect(o.editSaved, &QPushButton::clicked, this, [this, field] {
        for (Override &each : m_overrides) {
            if (each.field != field)
                continue;
            each.editing = true;
            showOverride(each);
            field->setFocus();
        }
        validate();
    });
    m_overrides.append(o);
    showOverride(o);
    return row;
}

void SettingsDialog::showOverride(const Override &o)
{
    const QString file = QFileInfo(m_context.settings->filePath()).fileName();
    const QString saved = o.saved.isEmpty() ? tr("the default") : QDir::toNativeSeparators(o.saved);
    // Non-breaking hyphens: the note's word wrap would otherwise break "--otlp-listen" after "--".
    const QString option = QString(o.option).replace(u'-', QChar(0x2011));
    o.field->setReadOnly(!o.editing);
    o.field->setText(o.editing ? o.saved : o.inEffect);
    if (o.browse)
        o.browse->setEnabled(o.editing);
    o.editSaved->setEnabled(!o.editing); // kept in place: the dialog's fixed size would jump
    showNote(o.note, Tone::Hint,
             o.editing
                 ? tr("Editing the value in %1: it applies when Burnrate starts without %2. This run keeps "
                      "%3.")
                       .arg(file, option, o.inEffect)
                 : tr("Set by %1 on the command line for this run. %2 has %3, which applies when Burnrate "
                      "starts without %1.")
                       .arg(option, file, saved));
}

const SettingsDialog::Override *SettingsDialog::overrideOf(const QLineEdit *field) const
{
    for (const Override &o : m_overrides) {
        if (o.field == field)
            return &o;
    }
    return nullptr;
}

QString SettingsDialog::inEffect(const QLineEdit *field) const
{
    const Override *o = overrideOf(field);
    return o ? o->inEffect : field->text().trimmed();
}

QString SettingsDialog::toSave(const QLineEdit *field) const
{
    const Override *o = overrideOf(field);
    return o && !o->editing ? o->saved : field->text().trimmed();
}

void SettingsDialog::showKillSwitchSection()
{
    m_ksUrl->setFocus(Qt::OtherFocusReason);
    m_ksUrl->selectAll();
}

void SettingsDialog::updateKillSwitchFields()
{
    const bool etcd = m_ksBackend->currentData().toString() == u"etcd";
    m_ksKey->setEnabled(etcd);
    m_ksUser->setEnabled(etcd);
    m_ksUrl->setPlaceholderText(etcd ? QStringLiteral("http://127.0.0.1:2379")
                                     : QStringLiteral("https://example.com/burnrate/killswitch.json"));
    m_ksSecretLabel->setText(etcd ? tr("etcd password:") : tr("Bearer token:"));
    const QString variable = Secrets::environmentVariableFor(killSwitchSecretName());
    const bool fromEnvironment = !qEnvironmentVariableIsEmpty(variable.toLocal8Bit().constData());
    m_ksSecret->setEnabled(!fromEnvironment);
    if (fromEnvironment)
        m_ksSecret->clear();
    m_ksSecret->setPlaceholderText(fromEnvironment ? tr("Set by %1").arg(variable)
                                                   : tr("Unchanged (kept in the keyring)"));
}

bool SettingsDialog::validateKillSwitch()
{
    const KillSwitchSettings fields = killSwitchFields();
    if (fields.url.isEmpty()) {
        showNote(
            m_ksNote, Tone::Hint,
            tr("No kill switch: agents cannot be stopped from Burnrate. Give the URL of an etcd server or "
               "of an HTTPS document that your agents read."));
        return true;
    }
    Error error;
    if (!KillSwitch::backendConfigFrom(fields, &error)) {
        showNote(m_ksNote, Tone::Problem, error.message);
        return false;
    }
    showNote(
        m_ksNote, Tone::Hint,
        tr("The password or token is kept in the system keyring, not in burnrate.conf. Burnrate reads the "
           "store again when you press OK."));
    return true;
}

void SettingsDialog::setDemoRunning(bool running)
{
    m_demo->setChecked(running);
}

void SettingsDialog::setDemoAvailable(bool available)
{
    m_demo->setEnabled(available);
}

bool SettingsDialog::environmentToken() const
{
    return !qEnvironmentVariableIsEmpty(tokenVariable().toLocal8Bit().constData());
}

void SettingsDialog::readToken()
{
    if (environmentToken()) {
        for (QWidget *widget : std::initializer_list<QWidget *>{m_token, m_showToken, m_generateToken})
            widget->setEnabled(false);
        m_token->setPlaceholderText(tr("Set by %1").arg(tokenVariable()));
        showNote(m_tokenNote, Tone::Hint,
                 tr("%1 is set, so the receiver uses its value. Unset it to manage the token here.")
                     .arg(tokenVariable()));
        return;
    }
    // Not editable until read, so the keychain's answer never overwrites what the user types.
    m_token->setEnabled(false);
    m_token->setPlaceholderText(tr("Reading the keyring…"));
    m_context.secrets->read(kTokenName, this, [this](std::optional<QString> value, Error error) {
        m_token->setEnabled(true);
        m_token->setPlaceholderText(tr("None: no token required"));
        if (error) {
            showNote(m_tokenNote, Tone::Problem, error.message);
        } else {
            m_storedToken = m_appliedToken = value.value_or(QString());
            m_token->setText(*m_storedToken);
            showNote(m_tokenNote, Tone::Hint,
                     tr("Senders add the header Authorization: Bearer <token>. The token is kept in the "
                        "system keyring, not in burnrate.conf."));
        }
        validate();
    });
}

std::optional<QString> SettingsDialog::wantedToken() const
{
    if (environmentToken() || (!m_storedToken && !m_tokenEdited))
        return std::nullopt;
    return m_token->text().trimmed();
}

bool SettingsDialog::validate()
{
    QHostAddress address;
    quint16 port = 0;
    const bool listenOk =
        Ingest::OtlpReceiver::parseListenAddress(m_listen->text().trimmed(), &address, &port, nullptr);
    const std::optional<QString> token = wantedToken();
    if (!listenOk)
        showNote(m_listenNote, Tone::Problem,
                 tr("Enter the address as HOST:PORT, for example 127.0.0.1:4318, or 0.0.0.0:4318 to receive "
                    "from other machines."));
    else if (!address.isLoopback() && token && token->isEmpty())
        showNote(m_listenNote, Tone::Warning,
                 tr("Other machines can reach this address. Set a token, so that only your senders are "
                    "accepted."));
    else
        showNote(m_listenNote, Tone::Hint, QString());

    const QString pricesPath = m_prices->text().trimmed();
    Error pricesError;
    const bool pricesOk = pricesPath.isEmpty() || Pricing::PriceTable::load(pricesPath, true, &pricesError);
    showNote(m_pricesNote, Tone::Problem, pricesOk ? QString() : pricesError.message);

    const bool killSwitchOk = validateKillSwitch();
    const bool ok = listenOk && pricesOk && killSwitchOk;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok && !m_busy);
    return ok;
}

void SettingsDialog::showNote(QLabel *label, Tone tone, const QString &text)
{
    QPalette palette = label->palette();
    switch (tone) {
    case Tone::Hint:
        palette.setColor(QPalette::WindowText, this->palette().color(QPalette::PlaceholderText));
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

void SettingsDialog::setBusy(bool busy)
{
    m_busy = busy;
    validate();
}

void SettingsDialog::accept()
{
    if (m_busy || !validate())
        return;
    showNote(m_applyNote, Tone::Hint, QString());
    const QString listen = inEffect(m_listen);
    const std::optional<QString> token = wantedToken();
    const bool listenChanged = listen != m_appliedListen;
    const bool tokenChanged = token && token != m_appliedToken;
    if ((listenChanged || tokenChanged) && m_context.restartReceiver) {
        Error error;
        if (!m_context.restartReceiver(listenChanged ? std::optional<QString>(listen) : std::nullopt,
                                       tokenChanged ? token : std::nullopt, &error)) {
            showNote(
                m_applyNote, Tone::Problem,
                tr("The receiver could not be changed (%1). It keeps running as before.").arg(error.message));
            return;
        }
    }
    m_appliedListen = listen;
    if (tokenChanged)
        m_appliedToken = token;
    if (!saveSettings())
        return;
    if (token && token != m_storedToken) {
        storeToken(*token);
        return;
    }
    finishAccept();
}

void SettingsDialog::finishAccept()
{
    const QString secret = m_ksSecret->isEnabled() ? m_ksSecret->text() : QString();
    const auto apply = [this] {
        if (m_context.restartKillSwitch &&
            (killSwitchFields() != m_ksLoaded || !m_ksSecret->text().isEmpty()))
            m_context.restartKillSwitch();
        QDialog::accept();
    };
    if (secret.isEmpty()) {
        apply();
        return;
    }
    setBusy(true);
    showNote(m_applyNote, Tone::Hint, tr("Saving the kill switch's secret in the keyring…"));
    m_context.secrets->write(killSwitchSecretName(), secret, this, [this, apply](Error error) {
        setBusy(false);
        if (error) {
            showNote(m_applyNote, Tone::Problem,
                     tr("The kill switch's secret could not be saved in the keyring. %1").arg(error.message));
            return;
        }
        apply();
    });
}

bool SettingsDialog::saveSettings()
{
    Settings &settings = *m_context.settings;
    // Only what changed, so defaults stay defaults rather than being written down.
    if (toSave(m_listen) != settings.otlpListen())
        settings.setOtlpListen(toSave(m_listen));
    if (toSave(m_database) != settings.databasePath())
        settings.setDatabasePath(toSave(m_database));
    if (toSave(m_prices) != settings.pricesFile())
        settings.setPricesFile(toSave(m_prices));
    if (m_language->currentData().toString() != settings.uiLanguage())
        settings.setUiLanguage(m_language->currentData().toString());
    if (killSwitchFields() != settings.killSwitchSettings())
        settings.setKillSwitchSettings(killSwitchFields());
    if (settings.sync())
        return true;
    showNote(m_applyNote, Tone::Problem,
             tr("The settings could not be written to %1. Check that the file and its folder are writable.")
                 .arg(QDir::toNativeSeparators(settings.filePath())));
    return false;
}

void SettingsDialog::storeToken(const QString &token)
{
    setBusy(true);
    showNote(m_applyNote, Tone::Hint, tr("Saving the token in the keyring…"));
    auto done = [this, token](Error error) {
        setBusy(false);
        if (error) {
            // Everything stays in the dialog: the user can fix the keyring and press OK again.
            showNote(m_applyNote, Tone::Problem,
                     tr("The token could not be saved in the keyring. %1").arg(error.message));
            return;
        }
        m_storedToken = token;
        finishAccept();
    };
    if (token.isEmpty())
        m_context.secrets->remove(kTokenName, this, std::move(done));
    else
        m_context.secrets->write(kTokenName, token, this, std::move(done));
}

} // namespace Burnrate::Widgets
