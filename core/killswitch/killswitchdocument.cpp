#include "killswitchdocument.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <pwd.h>
#include <unistd.h>

namespace Burnrate::KillSwitch {

namespace {

using Json = nlohmann::json;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string ss(const QString &s)
{
    return s.toStdString();
}

Error invalid(const QString &message)
{
    return Error(Error::Code::InvalidInput, message);
}

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::KillSwitch)
};

// A non-negative integer given as a JSON number or, as etcd and some tools write int64, a string.
std::optional<qint64> readCount(const Json &value)
{
    if (value.is_number_unsigned())
        return value.get<quint64>() <= quint64(std::numeric_limits<qint64>::max())
                   ? std::optional<qint64>(qint64(value.get<quint64>()))
                   : std::nullopt;
    if (value.is_number_integer())
        return value.get<qint64>() >= 0 ? std::optional<qint64>(value.get<qint64>()) : std::nullopt;
    if (value.is_string()) {
        bool ok = false;
        const qint64 n = qs(value.get<std::string>()).toLongLong(&ok);
        return ok && n >= 0 ? std::optional<qint64>(n) : std::nullopt;
    }
    return std::nullopt;
}

QStringList normalizedAgents(QStringList agents)
{
    for (QString &a : agents)
        a = a.trimmed();
    agents.removeAll(QString());
    std::sort(agents.begin(), agents.end());
    agents.erase(std::unique(agents.begin(), agents.end()), agents.end());
    return agents;
}

} // namespace

bool Document::stops(const QString &agentId) const
{
    return killAll || disabledAgents.contains(agentId.trimmed());
}

QByteArray Document::toJson() const
{
    Json agents = Json::array();
    for (const QString &a : disabledAgents)
        agents.push_back(ss(a));
    Json j = Json::object();
    j["schema"] = schema;
    j["version"] = version;
    j["kill_all"] = killAll;
    j["disabled_agents"] = std::move(agents);
    j["reason"] = ss(reason);
    j["updated_by"] = ss(updatedBy);
    j["updated_at"] = updatedAt.isValid() ? ss(updatedAt.toUTC().toString(Qt::ISODate)) : std::string();
    return QByteArray::fromStdString(j.dump());
}

std::optional<Document> Document::fromJson(const QByteArray &json, Error *error)
{
    auto fail = [error](const QString &message) -> std::optional<Document> {
        if (error)
            *error = invalid(message);
        return std::nullopt;
    };
    const Json j = Json::parse(json.constBegin(), json.constEnd(), nullptr, false);
    if (j.is_discarded())
        return fail(Tr::tr("The kill-switch document is not valid JSON."));
    if (!j.is_object())
        return fail(Tr::tr("The kill-switch document is not a JSON object."));

    Document doc;
    const auto schema = j.find("schema");
    if (schema == j.end())
        return fail(Tr::tr("The kill-switch document has no \"schema\" key."));
    const std::optional<qint64> schemaNo = readCount(*schema);
    if (!schemaNo || *schemaNo < 1)
        return fail(Tr::tr("The kill-switch document's \"schema\" is not a positive whole number."));
    if (*schemaNo > kSchema)
        return fail(
            Tr::tr("The kill-switch document has schema %1, but this Burnrate understands only schema %2. "
                   "Update Burnrate.")
                .arg(*schemaNo)
                .arg(kSchema));
    doc.schema = int(*schemaNo);

    if (const auto v = j.find("version"); v != j.end()) {
        const std::optional<qint64> version = readCount(*v);
        if (!version)
            return fail(
                Tr::tr("The kill-switch document's \"version\" is not a whole number of zero or more."));
        doc.version = *version;
    }
    if (const auto v = j.find("kill_all"); v != j.end()) {
        if (!v->is_boolean())
            return fail(Tr::tr("The kill-switch document's \"kill_all\" is not true or false."));
        doc.killAll = v->get<bool>();
    }
    if (const auto v = j.find("disabled_agents"); v != j.end() && !v->is_null()) {
        if (!v->is_array())
            return fail(Tr::tr("The kill-switch document's \"disabled_agents\" is not a list."));
        QStringList agents;
        for (const Json &a : *v) {
            if (!a.is_string())
                return fail(
                    Tr::tr("The kill-switch document's \"disabled_agents\" holds something that is not "
                           "an agent id (text)."));
            agents.append(qs(a.get<std::string>()));
        }
        doc.disabledAgents = normalizedAgents(agents);
    }
    const std::pair<const char *, QString *> texts[] = {{"reason", &doc.reason},
                                                        {"updated_by", &doc.updatedBy}};
    for (const auto &[key, target] : texts) {
        if (const auto v = j.find(key); v != j.end() && !v->is_null()) {
            if (!v->is_string())
                return fail(Tr::tr("The kill-switch document's \"%1\" is not text.").arg(QLatin1String(key)));
            *target = qs(v->get<std::string>());
        }
    }
    if (const auto v = j.find("updated_at"); v != j.end() && !v->is_null()) {
        if (!v->is_string())
            return fail(Tr::tr("The kill-switch document's \"updated_at\" is not text."));
        const QString text = qs(v->get<std::string>());
        if (!text.isEmpty()) {
            doc.updatedAt = QDateTime::fromString(text, Qt::ISODateWithMs);
            if (!doc.updatedAt.isValid())
                return fail(Tr::tr("The kill-switch document's \"updated_at\" is not an ISO 8601 time."));
            doc.updatedAt = doc.updatedAt.toUTC();
        }
    }
    return doc;
}

namespace {
const QString kAutomaticPrefix = QStringLiteral("automatic:");
const QString kVia = QStringLiteral(" via ");
} // namespace

QString automaticActor(const Automatic &by, const QString &via)
{
    const QString trigger =
        by.trigger == Automatic::Trigger::Budget ? QStringLiteral("budget") : QStringLiteral("loop");
    return kAutomaticPrefix + trigger + u':' + by.name + kVia + via;
}

std::optional<Automatic> automaticFromActor(const QString &actor, QString *via)
{
    if (!actor.startsWith(kAutomaticPrefix))
        return std::nullopt;
    // The name may hold anything; the actor after the last " via " holds no " via " ("user@host").
    const qsizetype viaAt = actor.lastIndexOf(kVia);
    if (viaAt < 0)
        return std::nullopt;
    const QStringView rest = QStringView(actor).mid(kAutomaticPrefix.size(), viaAt - kAutomaticPrefix.size());
    Automatic by;
    if (rest.startsWith(u"budget:"))
        by.trigger = Automatic::Trigger::Budget;
    else if (rest.startsWith(u"loop:"))
        by.trigger = Automatic::Trigger::LoopAlarm;
    else
        return std::nullopt;
    by.name = rest.mid(rest.indexOf(u':') + 1).toString();
    if (via)
        *via = actor.mid(viaAt + kVia.size());
    return by;
}

Document Change::applyTo(const Document &current, const QString &actor, const QDateTime &nowUtc) const
{
    Document next = current;
    next.schema = Document::kSchema;
    switch (kind) {
    case Kind::KillAll:
        next.killAll = true;
        break;
    case Kind::ResumeAll:
        // "Resume all" lifts every stop, the per-agent ones included.
        next.killAll = false;
        next.disabledAgents.clear();
        break;
    case Kind::DisableAgent:
        next.disabledAgents = normalizedAgents(next.disabledAgents + QStringList{agentId});
        break;
    case Kind::EnableAgent:
        next.disabledAgents.removeAll(agentId.trimmed());
        break;
    }
    next.version = current.version + 1;
    next.reason = reason;
    next.updatedBy = actor;
    // Whole seconds: the document is read by people and by scripts in many languages.
    next.updatedAt = QDateTime::fromSecsSinceEpoch(nowUtc.toSecsSinceEpoch(), Qt::UTC);
    return next;
}

QString Change::actionName() const
{
    switch (kind) {
    case Kind::KillAll:
        return QStringLiteral("kill_all");
    case Kind::ResumeAll:
        return QStringLiteral("resume_all");
    case Kind::DisableAgent:
        return QStringLiteral("disable:") + agentId.trimmed();
    case Kind::EnableAgent:
        return QStringLiteral("enable:") + agentId.trimmed();
    }
    return {};
}

Error Change::validate() const
{
    if ((kind == Kind::DisableAgent || kind == Kind::EnableAgent) && agentId.trimmed().isEmpty())
        return invalid(Tr::tr("Name the agent to stop or resume: its id is empty."));
    return {};
}

QString currentActor()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME");
    if (user.isEmpty()) {
        // Services and containers often run without USER; the account database still knows the name.
        const passwd *entry = getpwuid(getuid());
        user = entry && entry->pw_name ? QString::fromLocal8Bit(entry->pw_name) : QStringLiteral("unknown");
    }
    return user + QLatin1Char('@') + QHostInfo::localHostName();
}

} // namespace Burnrate::KillSwitch
