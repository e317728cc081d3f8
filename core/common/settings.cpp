#include "settings.h"

#include <QFileInfo>
#include <QStandardPaths>

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

bool Settings::isReadable() const
{
    return m_settings->status() == QSettings::NoError;
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

bool Settings::sync()
{
    m_settings->sync();
    return m_settings->status() == QSettings::NoError;
}

} // namespace Burnrate
