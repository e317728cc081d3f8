// The Settings dialog (issue 3 §4): the receiver's address and token, the database and price files, the
// language, the demo and the kill switch. OK applies receiver changes at once, through the app; files and
// language take effect at the next start. Values set on the command line are shown as in effect, read-only
// unless the user edits the saved value. The token goes to the SecretStore, never to burnrate.conf. GUI
// thread.
#pragma once

#include "common/error.h"
#include "common/settings.h"

#include <QDialog>
#include <QIcon>
#include <QList>
#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLayout;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace Burnrate::Secrets {
class SecretStore;
}

namespace Burnrate::Widgets {

// A gear, drawn like the sidebar's page icons.
QIcon settingsIcon(const QColor &color);

class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    // Moves the running receiver to a new listen address and/or token (nullopt: keep what it uses).
    // On failure the running receiver is kept and `error` says why.
    using RestartReceiver =
        std::function<bool(std::optional<QString> listen, std::optional<QString> token, Error *error)>;

    // Owned by the app; outlives the dialog.
    struct Context
    {
        Settings *settings = nullptr;            // the burnrate.conf the app was started with
        Secrets::SecretStore *secrets = nullptr; // holds the OTLP token
        RestartReceiver restartReceiver;         // null: receiver changes apply at the next start
        // Sets the kill switch up again from the saved [killswitch] settings and secret; null: they apply
        // at the next start.
        std::function<void()> restartKillSwitch;
        // What the command line set for this run; each wins over burnrate.conf until a start without it.
        struct CommandLine
        {
            std::optional<QString> listen;   // --otlp-listen
            std::optional<QString> database; // --db
            std::optional<QString> prices;   // --prices
            bool config = false;             // --config: `settings` is the file it named
        };
        CommandLine commandLine;
    };

    explicit SettingsDialog(Context context, QWidget *parent = nullptr);

    void accept() override;
    // Puts the focus on the kill switch's fields (asked from the tray's "Set up a kill switch…").
    void showKillSwitchSection();

public Q_SLOTS:
    // The demo checkbox follows the demo without asking for it again.
    void setDemoRunning(bool running);
    void setDemoAvailable(bool available);

Q_SIGNALS:
    // The demo checkbox applies at once.
    void demoRequested();
    void demoStopRequested();

private:
    enum class Tone { Hint, Warning, Problem };

    void readToken();
    bool environmentToken() const;
    // The token the receiver and the keychain should have; nullopt while it is unknown (not read yet, or
    // the keychain failed and the user has not typed one).
    std::optional<QString> wantedToken() const;
    bool validate();
    void showNote(QLabel *label, Tone tone, const QString &text);
    void setBusy(bool busy);
    bool saveSettings();
    void storeToken(const QString &token);
    // The [killswitch] section as the fields say.
    KillSwitchSettings killSwitchFields() const;
    QString killSwitchSecretName() const;
    void updateKillSwitchFields();
    bool validateKillSwitch();
    // After the receiver and its token: stores the kill switch's secret if one was typed, applies the kill
    // switch's settings, and closes.
    void finishAccept();

    // A field the command line set for this run: it shows that value, read-only, until the user asks to
    // edit the value saved in the settings file.
    struct Override
    {
        QLineEdit *field = nullptr;
        QWidget *browse = nullptr; // the field's Browse… button, if any
        QPushButton *editSaved = nullptr;
        QLabel *note = nullptr;
        QString option;   // "--db"
        QString inEffect; // the command line's value
        QString saved;    // the settings file's value
        bool editing = false;
    };
    // The row's field layout (field, Browse…, "Edit saved value"); adds an Override when the command line
    // set the value.
    QLayout *overridable(QLineEdit *field, QWidget *browse, const QString &option,
                         const std::optional<QString> &commandLine, const QString &saved);
    void showOverride(const Override &o);
    const Override *overrideOf(const QLineEdit *field) const;
    // What this run uses: the command line's value, else the field's.
    QString inEffect(const QLineEdit *field) const;
    // What goes into the settings file: the field's value, unless it shows the command line's.
    QString toSave(const QLineEdit *field) const;

    Context m_context;
    QList<Override> m_overrides;
    QLineEdit *m_listen = nullptr;
    QLabel *m_listenNote = nullptr;
    QLineEdit *m_token = nullptr;
    QPushButton *m_showToken = nullptr;
    QPushButton *m_generateToken = nullptr;
    QLabel *m_tokenNote = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_prices = nullptr;
    QLabel *m_pricesNote = nullptr;
    QComboBox *m_language = nullptr;
    QCheckBox *m_demo = nullptr;
    QComboBox *m_ksBackend = nullptr;
    QLineEdit *m_ksUrl = nullptr;
    QLineEdit *m_ksKey = nullptr;
    QSpinBox *m_ksPoll = nullptr;
    QLineEdit *m_ksUser = nullptr;
    QLabel *m_ksSecretLabel = nullptr;
    QLineEdit *m_ksSecret = nullptr;
    QLabel *m_ksNote = nullptr;
    KillSwitchSettings m_ksLoaded; // as read when the dialog opened
    QLabel *m_applyNote = nullptr;
    QDialogButtonBox *m_buttons = nullptr;

    QString m_appliedListen;               // what the receiver was last told
    std::optional<QString> m_appliedToken; // nullopt: unknown
    std::optional<QString> m_storedToken;  // in the keychain; nullopt: unknown
    bool m_tokenEdited = false;
    bool m_busy = false;
};

} // namespace Burnrate::Widgets
