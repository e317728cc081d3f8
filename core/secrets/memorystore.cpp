// The in-memory SecretStore: the same asynchronous contract as the keychain, nothing persisted.
#include "secrets/secretstore.h"

#include <QHash>

namespace Burnrate::Secrets {
namespace {

class MemoryStore : public SecretStore
{
public:
    using SecretStore::SecretStore;

    void read(const QString &name, QObject *context, ReadDone done) override
    {
        std::optional<QString> value;
        if (const auto it = m_values.constFind(name); it != m_values.cend())
            value = *it;
        later(context, [done = std::move(done), value] { done(value, {}); });
    }

    void write(const QString &name, const QString &value, QObject *context, WriteDone done) override
    {
        m_values.insert(name, value);
        later(context, [done = std::move(done)] { done({}); });
    }

    void remove(const QString &name, QObject *context, WriteDone done) override
    {
        m_values.remove(name);
        later(context, [done = std::move(done)] { done({}); });
    }

private:
    // Queued, so the caller never sees its callback run inside the call, and dropped with context.
    void later(QObject *context, std::function<void()> callback)
    {
        QMetaObject::invokeMethod(context ? context : this, std::move(callback), Qt::QueuedConnection);
    }

    QHash<QString, QString> m_values;
};

} // namespace

std::unique_ptr<SecretStore> makeMemoryStore(QObject *parent)
{
    return std::make_unique<MemoryStore>(parent);
}

} // namespace Burnrate::Secrets
