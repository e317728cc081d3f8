// The typed view of burnrate.conf (a QSettings INI file, DESIGN.md §7). Key names live here and only
// here; secrets never do (they come from the keychain or the environment).
// Use from one thread at a time (the GUI thread in the app).
#pragma once

#include "common/error.h"

#include <QSettings>
#include <QString>
#include <memory>

namespace Burnrate {

namespace SettingsKey {
inline constexpr char OtlpListen[] = "otlp/listen";
inline constexpr char OtlpKeepContent[] = "otlp/keep_content";
inline constexpr char OtlpMaxBodyBytes[] = "otlp/max_body_bytes";
inline constexpr char StorageDatabase[] = "storage/database";
inline constexpr char PricesFile[] = "prices/file";
inline constexpr char UiLanguage[] = "ui/language";
inline constexpr char UiNotificationsPaused[] = "ui/notifications_paused";
inline constexpr char AlertsWebhookUrl[] = "alerts/webhook_url";
inline constexpr char KillSwitchBackend[] = "killswitch/backend";
inline constexpr char KillSwitchUrl[] = "killswitch/url";
inline constexpr char KillSwitchKey[] = "killswitch/key";
inline constexpr char KillSwitchPollS[] = "killswitch/poll_s";
inline constexpr char KillSwitchUser[] = "killswitch/user";
inline constexpr char AlertsLoopKillAction[] = "alerts/loop_kill_action";
} // namespace SettingsKey

// One provider poller's section ([openai], [anthropic], [openrouter]): enabled, base_url, interval_s,
// backfill_days. Missing keys take the defaults below (the base URL defaults per provider).
struct ProviderSettings
{
    bool enabled = false;
    QString baseUrl;       // e.g. "https://api.openai.com"; tests point it at a loopback server
    int intervalS = 300;   // between polls; clamped to [60, 86400] on read
    int backfillDays = 30; // how far the first poll reaches back; clamped to [1, 365] on read

    bool operator==(const ProviderSettings &) const = default;
};

// The [killswitch] section: where the remote kill switch lives (DESIGN.md §6). Its password or token
// is a secret and never in this file.
struct KillSwitchSettings
{
    QString backend = QStringLiteral("etcd"); // "etcd" or "http", as written (checked by the kill switch)
    QString url;                              // empty: no kill switch configured
    QString key;   // etcd key (empty: burnrate/killswitch); for http the document path is part of url
    int pollS = 5; // clamped to [1, 3600] on read
    QString user;  // etcd user name; empty: no authentication

    bool isConfigured() const { return !url.isEmpty(); }
    bool operator==(const KillSwitchSettings &) const = default;
};

class Settings
{
public:
    // configPath empty: burnrate.conf in the config directory (QStandardPaths::AppConfigLocation).
    explicit Settings(const QString &configPath = {});

    static QString defaultConfigDirectory();
    QString filePath() const;
    // Why the file cannot be used, naming it (and the line): it exists but cannot be read, or a line is
    // not INI. No error for a missing file: the defaults apply, and the first sync() creates it.
    Error problem() const;

    QString otlpListen() const; // "127.0.0.1:4318"
    void setOtlpListen(const QString &value);
    bool otlpKeepContent() const;
    void setOtlpKeepContent(bool keep);
    qint64 otlpMaxBodyBytes() const;
    QString databasePath() const; // empty: the default location
    void setDatabasePath(const QString &path);
    QString pricesFile() const; // empty: prices.json beside the config file
    void setPricesFile(const QString &path);
    // The price overrides to load: the configured file, else prices.json beside burnrate.conf.
    QString effectivePricesFile() const;
    // The user interface language as a language code ("en", "de"); empty: follow the system locale.
    QString uiLanguage() const;
    void setUiLanguage(const QString &language);
    // "Pause notifications" in the tray menu: while set, the tray shows no notification balloons.
    bool notificationsPaused() const;
    void setNotificationsPaused(bool paused);

    // Where anomaly alarms are POSTed (Slack-compatible JSON); empty: nowhere. Budgets have their own.
    QString alertsWebhookUrl() const;
    // What a loop alarm asks of the kill switch: "none" (default), "observe" or "enforce", as written.
    QString alertsLoopKillAction() const;

    // provider: "openai", "anthropic" or "openrouter".
    ProviderSettings providerSettings(const QString &provider) const;
    void setProviderSettings(const QString &provider, const ProviderSettings &settings);

    KillSwitchSettings killSwitchSettings() const;
    void setKillSwitchSettings(const KillSwitchSettings &settings);

    // Writes pending changes; false when the file cannot be written.
    bool sync();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace Burnrate
