#include "budgetcli.h"

#include "budgets/budgetstatus.h"
#include "budgets/budgetstore.h"
#include "cli.h"
#include "common/money.h"
#include "common/timeutil.h"
#include "models/alertmodel.h"
#include "models/budgetmodel.h"
#include "net/httpclient.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QTextStream>
#include <cstdio>

namespace Burnrate::App {

namespace {

using Budgets::Alert;
using Budgets::Budget;

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// One JSON object with its keys in order; values are JSON text.
using JsonFields = QList<std::pair<QString, QString>>;

QString jsonString(const QString &s)
{
    if (s.isNull())
        return QStringLiteral("null");
    const QByteArray doc = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(doc.mid(1, doc.size() - 2));
}

// Money as an exact decimal number, as `burnrate report` writes it.
QString jsonMoney(qint64 micros)
{
    return Money::toDecimalString(micros);
}

void printJson(const QList<JsonFields> &objects)
{
    out() << "[";
    for (qsizetype i = 0; i < objects.size(); ++i) {
        QStringList fields;
        for (const auto &[key, value] : objects.at(i))
            fields << jsonString(key) + u": " + value;
        out() << (i ? ",\n {" : "\n {") << fields.join(QStringLiteral(", ")) << "}";
    }
    out() << (objects.isEmpty() ? "]\n" : "\n]\n");
    out().flush();
}

// The alerts fired this period; a budget past a tier that no running Burnrate has evaluated yet (the list
// reads the database, it does not evaluate) says so rather than "under all tiers".
QString stateText(const QStringList &fired, int reachedTier)
{
    if (!fired.isEmpty())
        return BudgetCli::tr("fired: %1").arg(fired.join(QStringLiteral(", ")));
    if (reachedTier > 0)
        return BudgetCli::tr("at %1 %, not alerted yet").arg(reachedTier);
    return BudgetCli::tr("under all tiers");
}

// "$25.00 per day" for people; JSON and the options keep the identifiers (day, week, month).
QString limitPerPeriod(qint64 limitMicros, Budgets::Period period, const QLocale &locale)
{
    // Cents from a dollar up, as the Budgets screen writes limits.
    const QString limit = Money::formatUsd(limitMicros, locale, limitMicros >= 1'000'000 ? 2 : 4);
    switch (period) {
    case Budgets::Period::Day:
        return BudgetCli::tr("%1 per day").arg(limit);
    case Budgets::Period::Week:
        return BudgetCli::tr("%1 per week").arg(limit);
    case Budgets::Period::Month:
        break;
    }
    return BudgetCli::tr("%1 per month").arg(limit);
}

// Left-aligned columns separated by two spaces; `numeric` columns are right-aligned.
void printTable(const QStringList &headers, const QList<QStringList> &rows, const QList<int> &numeric)
{
    QList<qsizetype> widths;
    for (qsizetype c = 0; c < headers.size(); ++c) {
        qsizetype w = headers.at(c).size();
        for (const QStringList &row : rows)
            w = qMax(w, row.at(c).size());
        widths << w;
    }
    const auto print = [&](const QStringList &cells) {
        QStringList padded;
        for (qsizetype c = 0; c < cells.size(); ++c)
            padded << (numeric.contains(int(c)) ? cells.at(c).rightJustified(widths.at(c))
                                                : cells.at(c).leftJustified(widths.at(c)));
        QString line = padded.join(QStringLiteral("  "));
        while (line.endsWith(u' '))
            line.chop(1);
        out() << line << "\n";
    };
    print(headers);
    for (const QStringList &row : rows)
        print(row);
    out().flush();
}

bool validFormat(const QString &command, const QString &format)
{
    if (format == u"table" || format == u"json")
        return true;
    Cli::printError(command, BudgetCli::tr("unknown format '%1'; use table or json").arg(format));
    return false;
}

// The store a listing command reads, for the parsed options: stays null when there is no database yet
// (nothing to list, and nothing is created). false after printing why, with *exitCode set.
bool openForReading(const QCommandLineParser &parser, const QString &command,
                    std::unique_ptr<Budgets::BudgetStore> *store, int *exitCode)
{
    const std::optional<AppContext> context = Cli::makeContext(parser, command, false, exitCode);
    if (!context)
        return false;
    Error error;
    if (QFileInfo::exists(context->databasePath))
        *store = Budgets::BudgetStore::open(context->databasePath, true, &error);
    if (error) {
        Cli::printError(command, error.message);
        *exitCode = ExitFailure;
        return false;
    }
    return true;
}

int listBudgets(const QStringList &arguments)
{
    const QString command = QStringLiteral("budget list");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        BudgetCli::tr("The budgets with what they have spent in the current period, the percentage of the "
                      "limit, the projection to the period's end and the tiers that have fired."));
    Cli::addCommonOptions(parser);
    const QCommandLineOption format(QStringLiteral("format"),
                                    BudgetCli::tr("Output format: table or json (default table)."),
                                    BudgetCli::tr("FORMAT"), QStringLiteral("table"));
    parser.addOption(format);
    int exitCode = ExitOk;
    if (!Cli::parse(parser, command, arguments, &exitCode))
        return exitCode;
    if (!parser.positionalArguments().isEmpty()) {
        Cli::printError(
            command,
            BudgetCli::tr("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));
        return ExitUsage;
    }
    if (!validFormat(command, parser.value(format)))
        return ExitUsage;
    Error error;
    std::unique_ptr<Budgets::BudgetStore> store;
    if (!openForReading(parser, command, &store, &exitCode))
        return exitCode;
    const auto budgets = store ? store->budgets(&error) : std::optional<QList<Budget>>(QList<Budget>());
    if (!budgets) {
        Cli::printError(command, error.message);
        return ExitFailure;
    }

    const qint64 now = Time::nowNs();
    const QLocale locale;
    QList<JsonFields> objects;
    QList<QStringList> rows;
    const auto statuses = store ? Budgets::budgetStatuses(store->database(), *budgets, now, &error)
                                : std::optional<QList<Budgets::BudgetStatus>>(QList<Budgets::BudgetStatus>());
    if (!statuses) {
        Cli::printError(command, error.message);
        return ExitFailure;
    }
    for (qsizetype i = 0; i < budgets->size(); ++i) {
        const Budget &b = budgets->at(i);
        const Budgets::BudgetStatus *status = &statuses->at(i);
        const auto state = store->state(b.id, &error);
        if (!state) {
            Cli::printError(command, error.message);
            return ExitFailure;
        }
        QStringList fired;
        QStringList firedJson;
        if (state->periodStartNs == status->bounds.startNs) {
            for (const Budgets::TierRecord &r : state->tiers) {
                if (r.firedAtNs != 0) {
                    fired << BudgetCli::tr("%1 %").arg(r.percent);
                    firedJson << QString::number(r.percent);
                }
            }
        }
        QStringList tiers;
        int reachedTier = 0; // by the spend itself, whether or not a running Burnrate has alerted on it yet
        for (const Budgets::Tier &t : b.tiers) {
            tiers << QString::number(t.percent);
            if (status->spentMicros * 100 >= b.limitMicros * qint64(t.percent))
                reachedTier = std::max(reachedTier, t.percent);
        }
        // Tenths of a percent, exactly.
        const qint64 permille = status->spentMicros * 1000 / b.limitMicros;
        const QString percentText = QStringLiteral("%1.%2").arg(permille / 10).arg(permille % 10);
        const auto &projection = status->projection;
        JsonFields o{
            {QStringLiteral("name"), jsonString(b.name)},
            {QStringLiteral("scope"), jsonString(Budgets::scopeText(b.scope))},
            {QStringLiteral("period"), jsonString(Budgets::periodName(b.period))},
            {QStringLiteral("tz"), jsonString(QString::fromUtf8(b.zone.id()))},
            {QStringLiteral("limit_usd"), jsonMoney(b.limitMicros)},
            {QStringLiteral("tiers"), u'[' + tiers.join(QStringLiteral(", ")) + u']'},
            {QStringLiteral("spent_usd"), jsonMoney(status->spentMicros)},
            {QStringLiteral("percent_of_limit"), percentText},
            {QStringLiteral("projected_usd"),
             projection ? jsonMoney(projection->projectedMicros) : QStringLiteral("null")},
            {QStringLiteral("exceeds_on"), projection && projection->exceedsLimit()
                                               ? jsonString(projection->exceedDate.toString(Qt::ISODate))
                                               : QStringLiteral("null")},
            {QStringLiteral("fired_tiers"), u'[' + firedJson.join(QStringLiteral(", ")) + u']'},
            {QStringLiteral("period_start"), jsonString(Time::toIsoUtc(status->bounds.startNs))},
            {QStringLiteral("kill_action"), jsonString(Budgets::killActionName(b.killAction))},
            {QStringLiteral("webhook_host"), b.webhookUrl.isEmpty()
                                                 ? QStringLiteral("null")
                                                 : jsonString(Net::displayHost(QUrl(b.webhookUrl)))}};
        objects << o;
        // The table speaks the user's language (the labels of the Budgets screen); JSON keeps identifiers.
        rows << QStringList{b.name,
                            Models::BudgetModel::scopeLabel(b.scope),
                            Models::BudgetModel::periodLabel(b.period),
                            Money::formatUsdForDisplay(b.limitMicros, locale),
                            Money::formatUsdForDisplay(status->spentMicros, locale),
                            locale.toString(double(permille) / 10, 'f', 1),
                            projection ? Money::formatUsdForDisplay(projection->projectedMicros, locale)
                                       : BudgetCli::tr("–"),
                            stateText(fired, reachedTier),
                            Budgets::killActionName(b.killAction)};
    }
    if (parser.value(format) == u"json") {
        printJson(objects);
    } else if (rows.isEmpty()) {
        out() << BudgetCli::tr("No budgets yet. Add one with 'burnrate budget add --name NAME --limit USD "
                               "--period day|week|month'.")
              << "\n";
        out().flush();
    } else {
        printTable({BudgetCli::tr("NAME"), BudgetCli::tr("SCOPE"), BudgetCli::tr("PERIOD"),
                    BudgetCli::tr("LIMIT"), BudgetCli::tr("SPENT"), BudgetCli::tr("%"),
                    BudgetCli::tr("PROJECTED"), BudgetCli::tr("STATE"), BudgetCli::tr("KILL")},
                   rows, {3, 4, 5, 6});
    }
    return ExitOk;
}

int addBudget(const QStringList &arguments)
{
    const QString command = QStringLiteral("budget add");
    QCommandLineParser parser;
    parser.setApplicationDescription(BudgetCli::tr("Adds a budget. Its tiers alert once per period each."));
    Cli::addCommonOptions(parser);
    const QCommandLineOption name(QStringLiteral("name"), BudgetCli::tr("The budget's name (unique)."),
                                  BudgetCli::tr("NAME"));
    const QCommandLineOption limit(QStringLiteral("limit"),
                                   BudgetCli::tr("The limit in US dollars, e.g. 25 or 12.50."),
                                   BudgetCli::tr("USD"));
    const QCommandLineOption period(QStringLiteral("period"),
                                    BudgetCli::tr("The calendar period: day, week or month."),
                                    BudgetCli::tr("PERIOD"));
    const QCommandLineOption scope(
        QStringLiteral("scope"),
        BudgetCli::tr("Only spend where DIM (provider, model, feature, agent or user) "
                      "equals VALUE (default: all spend)."),
        BudgetCli::tr("DIM=VALUE"), QStringLiteral("all"));
    const QCommandLineOption tiers(QStringLiteral("tiers"),
                                   BudgetCli::tr("Alert tiers in percent of the limit (default 70,100,120)."),
                                   BudgetCli::tr("LIST"), QStringLiteral("70,100,120"));
    const QCommandLineOption tz(QStringLiteral("tz"),
                                BudgetCli::tr("Time zone of the calendar periods (default: local)."),
                                BudgetCli::tr("ZONE"), QStringLiteral("local"));
    const QCommandLineOption webhook(QStringLiteral("webhook"),
                                     BudgetCli::tr("Also post this budget's alerts to a Slack-compatible "
                                                   "webhook (https, or http to this machine)."),
                                     BudgetCli::tr("URL"));
    const QCommandLineOption forecast(
        QStringLiteral("forecast"),
        BudgetCli::tr("Also alert when the projection to the period's end reaches the limit."));
    const QCommandLineOption kill(
        QStringLiteral("kill"),
        BudgetCli::tr("What the kill switch does when the escalation tier (120 %) fires: none (default), "
                      "observe (record what it would stop) or enforce (stop the budget's agent, or all "
                      "agents for an all-spend budget)."),
        BudgetCli::tr("ACTION"), QStringLiteral("none"));
    parser.addOptions({name, limit, period, scope, tiers, tz, webhook, forecast, kill});
    int exitCode = ExitOk;
    if (!Cli::parse(parser, command, arguments, &exitCode))
        return exitCode;
    if (!parser.positionalArguments().isEmpty()) {
        Cli::printError(
            command,
            BudgetCli::tr("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));
        return ExitUsage;
    }
    for (const QCommandLineOption &required : {name, limit, period}) {
        if (!parser.isSet(required)) {
            Cli::printError(command, BudgetCli::tr("--%1 is required").arg(required.names().constFirst()));
            return ExitUsage;
        }
    }
    Error error;
    const auto usage = [&](const QString &option) {
        Cli::printError(command, u"--" + option + u": " + error.message);
        return int(ExitUsage);
    };
    Budget b;
    b.name = parser.value(name).trimmed();
    const auto limitMicros = Budgets::parseLimitMicros(parser.value(limit), &error);
    if (!limitMicros)
        return usage(QStringLiteral("limit"));
    const auto periodValue = Budgets::parsePeriod(parser.value(period), &error);
    if (!periodValue)
        return usage(QStringLiteral("period"));
    const auto scopeValue = Budgets::parseScope(parser.value(scope), &error);
    if (!scopeValue)
        return usage(QStringLiteral("scope"));
    const auto tiersValue = Budgets::parseTiers(parser.value(tiers), &error);
    if (!tiersValue)
        return usage(QStringLiteral("tiers"));
    const auto zone = Budgets::parseTimeZone(parser.value(tz), &error);
    if (!zone)
        return usage(QStringLiteral("tz"));
    const auto killAction = Budgets::parseKillAction(parser.value(kill), &error);
    if (!killAction)
        return usage(QStringLiteral("kill"));
    if (parser.isSet(webhook) && !Net::isAllowedUrl(QUrl(parser.value(webhook)), &error))
        return usage(QStringLiteral("webhook"));
    b.limitMicros = *limitMicros;
    b.period = *periodValue;
    b.scope = *scopeValue;
    b.tiers = *tiersValue;
    b.zone = *zone;
    b.webhookUrl = parser.value(webhook);
    b.forecastAlert = parser.isSet(forecast);
    b.killAction = *killAction;
    if ((error = Budgets::validateBudget(b))) {
        Cli::printError(command, error.message);
        return ExitUsage;
    }

    const std::optional<AppContext> context = Cli::makeContext(parser, command, false, &exitCode);
    if (!context)
        return exitCode;
    // The arguments are valid (checked above): what fails now is the database, or a name already in
    // use there, both runtime failures.
    const auto store = Budgets::BudgetStore::open(context->databasePath, false, &error);
    if (!store || !store->addBudget(b, Time::nowNs(), &error)) {
        Cli::printError(command, error.message);
        return ExitFailure;
    }
    out() << BudgetCli::tr("Added budget '%1' (%2): %3, alerts at %4 %.")
                 .arg(b.name, Models::BudgetModel::scopeLabel(b.scope),
                      limitPerPeriod(b.limitMicros, b.period, QLocale()), Budgets::tiersText(b.tiers))
          << "\n";
    out().flush();
    return ExitOk;
}

int removeBudget(const QStringList &arguments)
{
    const QString command = QStringLiteral("budget remove");
    QCommandLineParser parser;
    parser.setApplicationDescription(BudgetCli::tr("Removes a budget. Its past alerts stay in the history."));
    Cli::addCommonOptions(parser);
    parser.addPositionalArgument(QStringLiteral("name"), BudgetCli::tr("The budget to remove."));
    int exitCode = ExitOk;
    if (!Cli::parse(parser, command, arguments, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        Cli::printError(command, BudgetCli::tr("give the name of one budget"));
        return ExitUsage;
    }
    Error error;
    const std::optional<AppContext> context = Cli::makeContext(parser, command, false, &exitCode);
    if (!context)
        return exitCode;
    const QString budgetName = parser.positionalArguments().constFirst();
    std::unique_ptr<Budgets::BudgetStore> store;
    if (!QFileInfo::exists(context->databasePath))
        error = {Error::Code::NotFound,
                 BudgetCli::tr("There is no budget named '%1'. 'burnrate budget list' shows them.")
                     .arg(budgetName)};
    else
        store = Budgets::BudgetStore::open(context->databasePath, false, &error);
    if (!store || !store->removeBudget(budgetName, &error)) {
        Cli::printError(command, error.message);
        return ExitFailure;
    }
    out() << BudgetCli::tr("Removed budget '%1'.").arg(budgetName) << "\n";
    out().flush();
    return ExitOk;
}

} // namespace

int BudgetCli::budget(const QStringList &arguments)
{
    const QString action = arguments.value(0);
    if (action == u"list")
        return listBudgets(arguments.mid(1));
    if (action == u"add")
        return addBudget(arguments.mid(1));
    if (action == u"remove")
        return removeBudget(arguments.mid(1));
    if (action == u"--help" || action == u"-h") {
        out() << tr("Usage: burnrate budget list|add|remove [options]\n\n"
                    "  list     the budgets, what they spent and their tier state\n"
                    "  add      add a budget (--name, --limit, --period, --scope, --tiers, --tz, --webhook)\n"
                    "  remove   remove a budget by name\n"
                    "Run 'burnrate budget <action> --help' for the options.\n");
        out().flush();
        return ExitOk;
    }
    Cli::printError(QStringLiteral("budget"),
                    action.isEmpty()
                        ? tr("say what to do: list, add or remove. Try 'burnrate budget --help'.")
                        : tr("unknown action '%1'; use list, add or remove").arg(action));
    return ExitUsage;
}

int BudgetCli::alerts(const QStringList &arguments)
{
    const QString command = QStringLiteral("alerts");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("The alert history: budget tiers, forecasts and spend anomalies, oldest first."));
    Cli::addCommonOptions(parser);
    const QCommandLineOption since(
        QStringLiteral("since"),
        tr("Only alerts from then on (default 7d), one of: %1.").arg(Cli::timeForms()), tr("T"),
        QStringLiteral("7d"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    tr("Output format: table or json (default table)."), tr("FORMAT"),
                                    QStringLiteral("table"));
    parser.addOptions({since, format});
    int exitCode = ExitOk;
    if (!Cli::parse(parser, command, arguments, &exitCode))
        return exitCode;
    if (!parser.positionalArguments().isEmpty()) {
        Cli::printError(command,
                        tr("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));
        return ExitUsage;
    }
    Error error;
    const std::optional<qint64> sinceNs = Time::parseTimeArgument(parser.value(since), Time::nowNs(), &error);
    if (!sinceNs) {
        Cli::printError(command, QStringLiteral("--since: ") + error.message);
        return ExitUsage;
    }
    if (!validFormat(command, parser.value(format)))
        return ExitUsage;
    std::unique_ptr<Budgets::BudgetStore> store;
    if (!openForReading(parser, command, &store, &exitCode))
        return exitCode;
    const auto alerts =
        store ? store->alerts(*sinceNs, std::nullopt, &error) : std::optional<QList<Alert>>(QList<Alert>());
    if (!alerts) {
        Cli::printError(command, error.message);
        return ExitFailure;
    }
    if (parser.value(format) == u"json") {
        QList<JsonFields> objects;
        for (const Alert &a : *alerts) {
            // Every object has the same fields; an amount the alert does not have is null, never 0. The
            // store keeps an anomaly's baseline where a budget keeps its limit: here it is baseline_usd.
            const bool anomaly = a.kind == Alert::Kind::Anomaly;
            const bool loop = a.kind == Alert::Kind::Loop;
            const QString null = QStringLiteral("null");
            objects << JsonFields{
                {QStringLiteral("id"), QString::number(a.id)},
                {QStringLiteral("kind"), jsonString(Budgets::alertKindName(a.kind))},
                {QStringLiteral("budget"), jsonString(a.budgetName.isEmpty() ? QString() : a.budgetName)},
                {QStringLiteral("tier"), a.tier ? QString::number(a.tier) : null},
                {QStringLiteral("scope"), jsonString(a.scope)},
                {QStringLiteral("value_usd"), loop && a.valueMicros == 0 ? null : jsonMoney(a.valueMicros)},
                {QStringLiteral("limit_usd"), anomaly || loop ? null : jsonMoney(a.limitMicros)},
                {QStringLiteral("baseline_usd"), anomaly ? jsonMoney(a.limitMicros) : null},
                {QStringLiteral("fired_at"), jsonString(Time::toIsoUtc(a.firedAtNs))},
                {QStringLiteral("acknowledged"),
                 a.acknowledged ? QStringLiteral("true") : QStringLiteral("false")},
                {QStringLiteral("message"), jsonString(a.message)},
                // What the alert names: a loop's agent, session and traces; an anomaly's contributors.
                {QStringLiteral("detail"),
                 QString::fromUtf8(QJsonDocument(a.detail).toJson(QJsonDocument::Compact))}};
        }
        printJson(objects);
        return ExitOk;
    }
    if (alerts->isEmpty()) {
        out() << tr("No alerts since %1.")
                     .arg(QLocale().toString(Time::fromNs(*sinceNs, QTimeZone::systemTimeZone()),
                                             QLocale::ShortFormat))
              << "\n";
        out().flush();
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const Alert &a : *alerts)
        rows << QStringList{
            QString::number(a.id),
            QLocale().toString(Time::fromNs(a.firedAtNs, QTimeZone::systemTimeZone()), QLocale::ShortFormat),
            Models::AlertModel::kindLabel(a.kind), a.acknowledged ? tr("yes") : tr("no"), a.message};
    printTable({tr("ID"), tr("FIRED"), tr("KIND"), tr("ACK"), tr("MESSAGE")}, rows, {0});
    return ExitOk;
}

} // namespace Burnrate::App
