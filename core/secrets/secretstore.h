// Where Burnrate keeps its secrets (provider admin keys, the OTLP receiver token): the OS keychain
// through QtKeychain, with environment variables for headless use. Asynchronous, because the keychain
// may ask the user to unlock it. Use from the thread that owns the store (the GUI thread in the app).
#pragma once

#include "common/error.h"

#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace Burnrate::Secrets {

// The secrets Burnrate keeps; each is one keychain entry (service "burnrate", key = the name).
namespace SecretName {
inline constexpr char OtlpToken[] = "otlp-token";
inline constexpr char OpenAiAdminKey[] = "openai-admin-key";
inline constexpr char AnthropicAdminKey[] = "anthropic-admin-key";
inline constexpr char OpenRouterKey[] = "openrouter-key";
inline constexpr char KillSwitchPassword[] = "killswitch-password"; // etcd user's password
inline constexpr char KillSwitchToken[] = "killswitch-token";       // HTTP document bearer token
} // namespace SecretName

// The environment variable that overrides a secret for headless use (BURNRATE_OTLP_TOKEN,
// BURNRATE_OPENAI_ADMIN_KEY, BURNRATE_ANTHROPIC_ADMIN_KEY, BURNRATE_OPENROUTER_KEY,
// BURNRATE_KILLSWITCH_PASSWORD, BURNRATE_KILLSWITCH_TOKEN).
QString environmentVariableFor(const QString &name);

class SecretStore : public QObject
{
    Q_OBJECT
public:
    // value: nullopt with no error when the secret is not set. error: a message saying what is wrong
    // (locked or missing keyring, access denied) and what to do; it never contains the secret.
    using ReadDone = std::function<void(std::optional<QString> value, Error error)>;
    using WriteDone = std::function<void(Error error)>;

    using QObject::QObject;

    // The callbacks run on the store's thread, later (never inside the call), unless context is gone
    // (a null context means the store itself).
    virtual void read(const QString &name, QObject *context, ReadDone done) = 0;
    virtual void write(const QString &name, const QString &value, QObject *context, WriteDone done) = 0;
    virtual void remove(const QString &name, QObject *context, WriteDone done) = 0;
};

// The OS keychain (Secret Service on Linux). The environment variable of a secret, when set and not
// empty, wins on read; write and remove always go to the keychain.
std::unique_ptr<SecretStore> makeKeychainStore(QObject *parent = nullptr);
// Kept in memory only: tests, and --headless when no keychain is wanted.
std::unique_ptr<SecretStore> makeMemoryStore(QObject *parent = nullptr);

} // namespace Burnrate::Secrets
