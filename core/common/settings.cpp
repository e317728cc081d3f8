#include "settings.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <algorithm>

namespace Burnrate {

Settings::Settings(const QString &configPath)
{
    const QString path =
        configPath.isEmpty() ? defaultConfigDirectory() + QStringLiteral("/burnrate.conf") : configPath;
    m_settings = std::make_unique<QSettings>(path, QSettings::IniFormat);
}

QString Settings::defaultConfigDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
}

QString Settings::filePath() const
{
    return m_settings->fileName();
}

Error Settings::problem() const
{
    const QString path = filePath();
    QFile file(path);
    if (!file.exists())
        return {}; // the defaults; the first save creates the file
    if (!file.open(QIODevice::ReadOnly))
        return {Error::Code::Io,
                QCoreApplication::translate("Burnrate::Settings", "cannot read the settings file %1: %2")
                    .arg(path, file.errorString())};
    // QSettings skips a line it cannot read without a word (only an unclosed [section] sets its status),
    // so a typo would silently leave a setting at its default. Its grammar: [section], key=value, ; or #
    // comments, a trailing backslash continuing a line. The line is not quoted: it might hold a secret.
    int lineNumber = 0;
    bool continued = false;
    while (!file.atEnd()) {
        QByteArray line = file.readLine().trimmed();
        if (++lineNumber == 1 && line.startsWith("\xEF\xBB\xBF"))
            line = line.mid(3).trimmed(); // a UTF-8 byte order mark, which QSettings skips too
        const bool continuation = continued;
        continued = line.endsWith('\\');
        if (continuation || line.isEmpty() || line.startsWith(';') || line.startsWith('#'))
            continue;
        if (line.startsWith('[') ? line.indexOf(']') > 1 : line.indexOf('=') > 0)
            continue;
        return {Error::Code::InvalidInput,
                QCoreApplication::translate("Burnrate::Settings",
                                            "the settings file %1, line %2, is neither a [section], a "
                                            "key=value setting nor a comment")
                    .arg(path)
                    .arg(lineNumber)};
    }
    if (m_settings->status() != QSettings::NoError)
        return {Error::Code::InvalidInput,
                QCoreApplication::translate("Burnrate::Settings",
                                            "cannot read the settings file %1 as an INI file")
                    .arg(path)};
    return {};
}

QString Settings::otlpListen() const
{
    return m_settings->value(QLatin1String(SettingsKey::OtlpListen), QStringLiteral("127.0.0.1:4318"))
        .toString();
}

void Settings::setOtlpListen(const QString &value)
{
    m_settings->setValue(QLatin1String(SettingsKey::OtlpListen), value);
}

bool Settings::otlpKeepContent() const
{
    return m_settings->value(QLatin1String(SettingsKey::OtlpKeepContent), false).toBool();
}

void Settings::setOtlpKeepContent(bool keep)
{
    m_settings->setValue(QLatin1String(SettingsKey::OtlpKeepContent), keep);
}

qint64 Settings::otlpMaxBodyBytes() const
{
    bool ok = false;
    const qint64 v = m_settings->value(QLatin1String(SettingsKey::OtlpMaxBodyBytes)).toLongLong(&ok);
    return ok && v > 0 ? v : 64 * 1024 * 1024;
}

QString Settings::databasePath() const
{
    return m_settings->value(QLatin1String(SettingsKey::StorageDatabase)).toString();
}

void Settings::setDatabasePath(const QString &path)
{
    m_settings->setValue(QLatin1String(SettingsKey::StorageDatabase), path);
}

QString Settings::pricesFile() const
{
    return m_settings->value(QLatin1String(SettingsKey::PricesFile)).toString();
}

void Settings::setPricesFile(const QString &path)
{
    m_settings->setValue(QLatin1String(SettingsKey::PricesFile), path);
}

QString Settings::effectivePricesFile() const
{
    const QString configured = pricesFile();
    if (!configured.isEmpty())
        return configured;
    return QFileInfo(filePath()).absolutePath() + QStringLiteral("/prices.json");
}

QString Settings::alertsWebhookUrl() const
{
    return m_settings->value(QLatin1String(SettingsKey::AlertsWebhookUrl)).toString().trimmed();
}

QString Settings::alertsLoopKillAction() const
{
    return m_settings->value(QLatin1String(SettingsKey::AlertsLoopKillAction), QStringLiteral("none"))
        .toString()
        .trimmed();
}

bool Settings::notificationsPaused() const
{
    return m_settings->value(QLatin1String(SettingsKey::UiNotificationsPaused), false).toBool();
}

void Settings::setNotificationsPaused(bool paused)
{
    m_settings->setValue(QLatin1String(SettingsKey::UiNotificationsPaused), paused);
}

QString Settings::uiLanguage() const
{
    return m_settings->value(QLatin1String(SettingsKey::UiLanguage)).toString();
}

void Settings::setUiLanguage(const QString &language)
{
    m_settings->setValue(QLatin1String(SettingsKey::UiLanguage), language);
}

namespace {

QString defaultProviderBaseUrl(const QString &provider)
{
    if (provider == u"openai")
        return QStringLiteral("https://api.openai.com");
    if (provider == u"anthropic")
        return QStringLiteral("https://api.anthropic.com");
    if (provider == u"openrouter")
        return QStringLiteral("https://openrouter.ai");
    return {};
}

} // namespace

KillSwitchSettings Settings::killSwitchSettings() const
{
    KillSwitchSettings settings;
    const QString backend =
        m_settings->value(QLatin1String(SettingsKey::KillSwitchBackend)).toString().trimmed();
    if (!backend.isEmpty())
        settings.backend = backend.toLower();
    settings.url = m_settings->value(QLatin1String(SettingsKey::KillSwitchUrl)).toString().trimmed();
    settings.key = m_settings->value(QLatin1String(SettingsKey::KillSwitchKey)).toString().trimmed();
    bool ok = false;
    const int poll = m_settings->value(QLatin1String(SettingsKey::KillSwitchPollS)).toInt(&ok);
    if (ok)
        settings.pollS = std::clamp(poll, 1, 3600);
    settings.user = m_settings->value(QLatin1String(SettingsKey::KillSwitchUser)).toString().trimmed();
    return settings;
}

void Settings::setKillSwitchSettings(const KillSwitchSettings &settings)
{
    m_settings->setValue(QLatin1String(SettingsKey::KillSwitchBackend), settings.backend);
    m_settings->setValue(QLatin1String(SettingsKey::KillSwitchUrl), settings.url);
    m_settings->setValue(QLatin1String(SettingsKey::KillSwitchKey), settings.key);
    m_settings->setValue(QLatin1String(SettingsKey::KillSwitchPollS), settings.pollS);
    m_settings->setValue(QLatin1String(SettingsKey::KillSwitchUser), settings.user);
}

ProviderSettings Settings::providerSettings(const QString &provider) const
{
    ProviderSettings settings;
    const QString prefix = provider + u'/';
    settings.enabled = m_settings->value(prefix + u"enabled", settings.enabled).toBool();
    settings.baseUrl = m_settings->value(prefix + u"base_url").toString().trimmed();
    if (settings.baseUrl.isEmpty())
        settings.baseUrl = defaultProviderBaseUrl(provider);
    bool ok = false;
    const int interval = m_settings->value(prefix + u"interval_s").toInt(&ok);
    if (ok)
        settings.intervalS = std::clamp(interval, 60, 86400);
    const int days = m_settings->value(prefix + u"backfill_days").toInt(&ok);
    if (ok)
        settings.backfillDays = std::clamp(days, 1, 365);
    return settings;
}

void Settings::setProviderSettings(const QString &provider, const ProviderSettings &settings)
{
    const QString prefix = provider + u'/';
    m_settings->setValue(prefix + u"enabled", settings.enabled);
    m_settings->setValue(prefix + u"base_url", settings.baseUrl);
    m_settings->setValue(prefix + u"interval_s", settings.intervalS);
    m_settings->setValue(prefix + u"backfill_days", settings.backfillDays);
}

bool Settings::sync()
{
    m_settings->sync();
    return m_settings->status() == QSettings::NoError;
}

} // namespace Burnrate
