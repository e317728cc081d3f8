// The Sources screen: the OTLP receiver (where it listens, what it received, its last error) and one
// card per provider poller (enable, admin key, base URL, interval, backfill, and its health: last
// success, next poll, rows imported, last error, backfill progress, Test connection and Poll now).
// Keys go to the SecretStore and the poller, never to the screen or burnrate.conf. GUI thread.
#pragma once

#include <QFrame>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <functional>

class QCheckBox;
class QLabel;
class QLocale;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QVBoxLayout;

namespace Burnrate {
class Settings;
struct ProviderSettings;
} // namespace Burnrate
namespace Burnrate::Ingest {
class OtlpReceiver;
}
namespace Burnrate::Providers {
class ProviderPoller;
struct PollerStatus;
} // namespace Burnrate::Providers
namespace Burnrate::Secrets {
class SecretStore;
}

namespace Burnrate::Widgets {

// A rounded box like the Overview's tiles, for one source.
class SourceCard : public QFrame
{
public:
    using QFrame::QFrame;

protected:
    void paintEvent(QPaintEvent *event) override;
};

class ProviderCard : public SourceCard
{
    Q_OBJECT
public:
    // All three are owned by the app and outlive the card.
    ProviderCard(Providers::ProviderPoller *poller, Secrets::SecretStore *secrets, Settings *settings,
                 QWidget *parent = nullptr);

    // The health figures, relative to `nowNs`.
    void updateStatus(qint64 nowNs);

private:
    QString environmentVariable() const;
    bool keyFromEnvironment() const;
    // OpenRouter's credits and key limit, from the sources' detail; hidden for the other providers.
    void showAccountDetail(const Providers::PollerStatus &status, const QLocale &locale);
    void readKey();
    void applyKeyState();
    void validate();
    void save();
    void saveSettings(const ProviderSettings &settings);
    void storeKey(const QString &key);
    void forgetKey();
    void testConnection();
    void runTest(const QString &key);
    ProviderSettings typedSettings() const;

    Providers::ProviderPoller *m_poller;
    Secrets::SecretStore *m_secrets;
    Settings *m_settings;
    QString m_id;          // "openai"
    bool m_reading = true; // the keyring has not answered yet
    bool m_keyStored = false;
    QString m_keyringError;    // why the keyring could not be read; red only while polling is on
    bool m_urlRefused = false; // the base URL note shows why it is refused

    QLabel *m_state = nullptr;
    QCheckBox *m_enabled = nullptr;
    QLineEdit *m_key = nullptr;
    QPushButton *m_forget = nullptr;
    QLabel *m_keyNote = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QSpinBox *m_interval = nullptr;
    QSpinBox *m_backfillDays = nullptr;
    QLabel *m_formNote = nullptr;
    QPushButton *m_save = nullptr;
    QLabel *m_lastSuccess = nullptr;
    QLabel *m_nextPoll = nullptr;
    QLabel *m_rows = nullptr;
    QLabel *m_balanceCaption = nullptr;
    QLabel *m_balance = nullptr;
    QLabel *m_keyLimitCaption = nullptr;
    QLabel *m_keyLimit = nullptr;
    QProgressBar *m_backfill = nullptr;
    QLabel *m_lastError = nullptr;
    QPushButton *m_test = nullptr;
    QPushButton *m_pollNow = nullptr;
    QLabel *m_testResult = nullptr;
};

class SourcesPage : public QWidget
{
    Q_OBJECT
public:
    explicit SourcesPage(const QString &endpoint, QWidget *parent = nullptr);

    // Tests pin the time; the default is the system clock.
    void setClock(std::function<qint64()> clock);
    // The receiver moved, or now wants a token.
    void setEndpoint(const QString &endpoint, bool tokenRequired);
    // The running receiver, after each (re)start: its counters are shown (since it started).
    void setReceiver(Ingest::OtlpReceiver *receiver);
    // One card per poller; all are owned by the app and outlive the page.
    void setProviders(const QList<Providers::ProviderPoller *> &pollers, Secrets::SecretStore *secrets,
                      Settings *settings);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *buildReceiverCard(QWidget *parent);
    // Every second while visible: the receiver's counters and the cards' relative times.
    void tick();

    std::function<qint64()> m_clock;
    QPointer<Ingest::OtlpReceiver> m_receiver;
    QTimer m_tick;
    QVBoxLayout *m_column = nullptr;
    QList<ProviderCard *> m_cards;

    QLabel *m_endpoint = nullptr;
    QLabel *m_tokenRequired = nullptr;
    QLabel *m_hint = nullptr;
    QLabel *m_spans = nullptr;
    QLabel *m_batches = nullptr;
    QLabel *m_calls = nullptr;
    QLabel *m_rejected = nullptr;
    QLabel *m_receiverError = nullptr;
    QLabel *m_receiverState = nullptr;
};

} // namespace Burnrate::Widgets
