#include "secrets/secretstore.h"

namespace Burnrate::Secrets {

QString environmentVariableFor(const QString &name)
{
    if (name == QLatin1String(SecretName::OtlpToken))
        return QStringLiteral("BURNRATE_OTLP_TOKEN");
    if (name == QLatin1String(SecretName::OpenAiAdminKey))
        return QStringLiteral("BURNRATE_OPENAI_ADMIN_KEY");
    if (name == QLatin1String(SecretName::AnthropicAdminKey))
        return QStringLiteral("BURNRATE_ANTHROPIC_ADMIN_KEY");
    if (name == QLatin1String(SecretName::OpenRouterKey))
        return QStringLiteral("BURNRATE_OPENROUTER_KEY");
    if (name == QLatin1String(SecretName::KillSwitchPassword))
        return QStringLiteral("BURNRATE_KILLSWITCH_PASSWORD");
    if (name == QLatin1String(SecretName::KillSwitchToken))
        return QStringLiteral("BURNRATE_KILLSWITCH_TOKEN");
    return {};
}

} // namespace Burnrate::Secrets
