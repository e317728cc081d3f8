#include "killcli.h"

#include "cli.h"
#include "killswitch/killswitchaudit.h"
#include "killswitch/killswitchbackend.h"
#include "killswitch/killswitchcontroller.h"
#include "models/auditmodel.h"
#include "net/curlhttpclient.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>
#include <QTextStream>
#include <cstdio>

namespace Burnrate::App {

namespace {

using namespace KillSwitch;

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// The configured backend with its secret (BURNRATE_KILLSWITCH_PASSWORD / _TOKEN), or an error saying how
// to configure it.
std::optional<BackendConfig> loadConfig(const Settings &settings, Error *error)
{
    std::optional<BackendConfig> result;
    bool finished = false;
    QEventLoop loop;
    // Like every subcommand, the environment only: never wait on a keyring's unlock prompt.
    resolveBackendConfig(settings.killSwitchSettings(), nullptr, &loop,
                         [&](std::optional<BackendConfig> config, Error e) {
                             result = std::move(config);
                             *error = e;
                             finished = true;
                             loop.quit();
                         });
    if (!finished)
        loop.exec();
    return result;
}

QString stateLine(const Document &doc)
{
    if (doc.killAll)
        return KillCli::tr("ON: every agent is told to stop.");
    if (!doc.disabledAgents.isEmpty())
        return KillCli::tr("OFF for all, but these agents are told to stop: %1")
            .arg(doc.disabledAgents.join(QStringLiteral(", ")));
    return KillCli::tr("OFF: agents run.");
}

int status(Backend &backend, bool json)
{
    const QString command = QStringLiteral("kill status");
    std::optional<ReadResult> result;
    QEventLoop loop;
    backend.read(&loop, [&](const ReadResult &r) {
        result = r;
        loop.quit();
    });
    loop.exec();
    if (result->error) {
        Cli::printError(command,
                        KillCli::tr("the kill switch's state is unknown: %1").arg(result->error.message));
        return ExitFailure;
    }
    const QDateTime confirmedAt = QDateTime::currentDateTimeUtc();
    const Document &doc = result->document;
    if (json) {
        QJsonObject object = QJsonDocument::fromJson(doc.toJson()).object();
        object.insert(QStringLiteral("store"), backend.describe());
        object.insert(QStringLiteral("confirmed_at"), confirmedAt.toString(Qt::ISODateWithMs));
        out() << QJsonDocument(object).toJson(QJsonDocument::Indented);
        out().flush();
        return ExitOk;
    }
    out() << KillCli::tr("Kill switch: %1").arg(stateLine(doc)) << "\n";
    if (!result->exists) {
        out() << KillCli::tr("Never changed: the store holds no kill-switch document yet.") << "\n";
    } else {
        out() << KillCli::tr("Version %1, changed %2 by %3.")
                     .arg(doc.version)
                     .arg(doc.updatedAt.isValid() ? doc.updatedAt.toString(Qt::ISODate)
                                                  : KillCli::tr("(unknown time)"),
                          doc.updatedBy.isEmpty() ? KillCli::tr("(unknown)")
                                                  : Models::AuditModel::actorText(doc.updatedBy))
              << "\n";
        if (!doc.reason.isEmpty())
            out() << KillCli::tr("Reason: %1").arg(doc.reason) << "\n";
    }
    out() << KillCli::tr("Store: %1, read at %2.").arg(backend.describe(), confirmedAt.toString(Qt::ISODate))
          << "\n";
    out().flush();
    return ExitOk;
}

int change(std::unique_ptr<Backend> backend, const Change &wanted, const QString &databasePath)
{
    const QString command = QStringLiteral("kill ") +
                            (wanted.kind == Change::Kind::KillAll || wanted.kind == Change::Kind::DisableAgent
                                 ? QStringLiteral("on")
                                 : QStringLiteral("off"));
    // The audit trail is second to the switch itself: a change goes ahead without it, with a warning.
    Error auditError;
    std::unique_ptr<AuditLog> audit = AuditLog::open(databasePath, false, &auditError);
    if (!audit)
        Cli::printError(command,
                        KillCli::tr("warning: this change is not audited: %1").arg(auditError.message));

    Controller controller(std::move(backend), audit.get());
    QEventLoop loop;
    int exitCode = ExitFailure;
    const Controller::RequestId id = controller.submit(wanted);
    QObject::connect(&controller, &Controller::changeConfirmed, &loop,
                     [&](Controller::RequestId done, const Document &doc) {
                         if (done != id)
                             return;
                         out() << KillCli::tr("Kill switch: %1").arg(stateLine(doc)) << "\n"
                               << KillCli::tr("Confirmed by %1 at version %2.")
                                      .arg(controller.storeDescription())
                                      .arg(doc.version)
                               << "\n";
                         out().flush();
                         exitCode = ExitOk;
                         loop.quit();
                     });
    QObject::connect(&controller, &Controller::changeFailed, &loop,
                     [&](Controller::RequestId done, const Error &error) {
                         if (done != id)
                             return;
                         Cli::printError(command, error.message);
                         exitCode = error.code == Error::Code::InvalidInput ? ExitUsage : ExitFailure;
                         loop.quit();
                     });
    loop.exec();
    return exitCode;
}

} // namespace

int KillCli::kill(const QStringList &arguments)
{
    QString command = QStringLiteral("kill");
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("The remote kill switch ([killswitch] in burnrate.conf).\n\n"
                                        "  status   show what the store holds (--format table or json)\n"
                                        "  on       stop every agent, or one with --agent ID\n"
                                        "  off      resume every agent, or one with --agent ID\n\n"
                                        "Exits 0 only when the store confirmed the change."));
    Cli::addCommonOptions(parser);
    const QCommandLineOption agent(QStringLiteral("agent"), tr("Stop or resume only this agent."), tr("ID"));
    const QCommandLineOption reason(QStringLiteral("reason"),
                                    tr("Why, for the document and the audit trail."), tr("TEXT"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    tr("status output: table or json (default table)."), tr("FORMAT"),
                                    QStringLiteral("table"));
    parser.addOption(agent);
    parser.addOption(reason);
    parser.addOption(format);
    parser.addPositionalArgument(QStringLiteral("action"), tr("status, on or off"));
    int exitCode = ExitOk;
    if (!Cli::parse(parser, command, arguments, &exitCode))
        return exitCode;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (positional.size() != 1 || (action != u"status" && action != u"on" && action != u"off")) {
        Cli::printError(
            command, positional.size() > 1
                         ? tr("unexpected argument '%1'. Try 'burnrate kill --help'.").arg(positional.at(1))
                         : tr("say status, on or off. Try 'burnrate kill --help'."));
        return ExitUsage;
    }
    command += u' ' + action;
    if (action == u"status") {
        if (parser.isSet(agent) || parser.isSet(reason)) {
            Cli::printError(command, tr("--agent and --reason are for 'on' and 'off'."));
            return ExitUsage;
        }
        if (parser.value(format) != u"table" && parser.value(format) != u"json") {
            Cli::printError(command, tr("unknown format '%1'; use table or json").arg(parser.value(format)));
            return ExitUsage;
        }
    } else if (parser.isSet(format)) {
        Cli::printError(command, tr("--format is for 'status'."));
        return ExitUsage;
    }
    if (parser.isSet(agent) && parser.value(agent).trimmed().isEmpty()) {
        Cli::printError(command, tr("--agent needs an agent id."));
        return ExitUsage;
    }

    // The outcome is printed as one line below; the controller's log lines would repeat it.
    QLoggingCategory::setFilterRules(QStringLiteral("burnrate.killswitch*.warning=false"));
    const std::optional<AppContext> context = Cli::makeContext(parser, command, false, &exitCode);
    if (!context)
        return exitCode;
    Error error;
    const std::optional<BackendConfig> config = loadConfig(*context->settings, &error);
    if (!config) {
        Cli::printError(command, error.message);
        return ExitFailure;
    }
    Net::CurlHttpClient client;
    std::unique_ptr<Backend> backend = makeBackend(*config, &client, &error);
    if (!backend) {
        Cli::printError(command, error.message);
        return ExitFailure;
    }
    if (action == u"status")
        return status(*backend, parser.value(format) == u"json");

    const bool on = action == u"on";
    Change wanted;
    wanted.reason = parser.value(reason);
    if (parser.isSet(agent)) {
        wanted.kind = on ? Change::Kind::DisableAgent : Change::Kind::EnableAgent;
        wanted.agentId = parser.value(agent).trimmed();
    } else {
        wanted.kind = on ? Change::Kind::KillAll : Change::Kind::ResumeAll;
    }
    return change(std::move(backend), wanted, context->databasePath);
}

} // namespace Burnrate::App
