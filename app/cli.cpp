#include "cli.h"

#include "common/money.h"
#include "common/timeutil.h"
#include "ingest/ingest.h"
#include "pricing/pricetable.h"
#include "storage/database.h"
#include "storage/reconcile.h"
#include "storage/report.h"
#include "storage/storagewriter.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTextStream>
#include <QThread>
#include <cstdio>
#include <functional>

namespace Burnrate::App {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

const QString kDbOption = QStringLiteral("db");
const QString kConfigOption = QStringLiteral("config");
const QString kPricesOption = QStringLiteral("prices");

} // namespace

void Cli::printError(const QString &command, const QString &message)
{
    err() << (command.isEmpty() ? QStringLiteral("burnrate") : QStringLiteral("burnrate ") + command) << ": "
          << message << Qt::endl;
}

QString Cli::timeForms()
{
    return tr("now; today or yesterday (local midnight); an age: minutes (90m or 90min), hours (24h), days "
              "(7d) or weeks (2w); or ISO 8601: a date (2026-11-24, local midnight), a local time "
              "(2026-11-24T08:00, seconds optional) or a time with its offset (2026-11-24T08:00:00Z, "
              "2026-11-24T08:00:00+01:00)");
}

void Cli::addCommonOptions(QCommandLineParser &parser)
{
    parser.addOption({kDbOption,
                      tr("SQLite database to use (default: %1).").arg(Storage::defaultDatabasePath()),
                      tr("PATH")});
    parser.addOption(
        {kConfigOption,
         tr("Settings file to use (default: %1/burnrate.conf).").arg(Settings::defaultConfigDirectory()),
         tr("PATH")});
    parser.addOption({kPricesOption,
                      tr("Price overrides file (default: prices.json beside the settings file)."),
                      tr("PATH")});
}

bool Cli::parse(QCommandLineParser &parser, const QString &command, const QStringList &arguments,
                int *exitCode)
{
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help."));
    parser.addOption(help);
    QStringList argv = arguments;
    argv.prepend(QStringLiteral("burnrate"));
    if (!parser.parse(argv)) {
        printError(command, tr("%1 Try 'burnrate %2 --help'.").arg(parser.errorText(), command));
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        // QCommandLineParser prints "Usage: burnrate [options]"; name the subcommand.
        if (!command.isEmpty())
            text.replace(QStringLiteral("burnrate [options]"),
                         QStringLiteral("burnrate %1 [options]").arg(command));
        out() << text;
        out().flush();
        *exitCode = ExitOk;
        return false;
    }
    return true;
}

std::optional<AppContext> Cli::makeContext(const QCommandLineParser &parser, const QString &command,
                                           bool loadPrices, int *exitCode)
{
    AppContext context;
    context.settings = std::make_unique<Settings>(parser.value(kConfigOption));
    if (const Error problem = context.settings->problem()) {
        printError(command, problem.message);
        *exitCode = ExitFailure;
        return std::nullopt;
    }
    context.databasePath = parser.value(kDbOption);
    if (context.databasePath.isEmpty())
        context.databasePath = context.settings->databasePath();
    if (context.databasePath.isEmpty())
        context.databasePath = Storage::defaultDatabasePath();
    if (loadPrices) {
        const bool explicitPrices = parser.isSet(kPricesOption);
        const QString pricesPath =
            explicitPrices ? parser.value(kPricesOption) : context.settings->effectivePricesFile();
        Error error;
        context.prices = Pricing::PriceTable::load(
            pricesPath, explicitPrices || !context.settings->pricesFile().isEmpty(), &error);
        if (!context.prices) {
            printError(command, error.message); // a file that cannot be used, like a bad settings file
            *exitCode = ExitFailure;
            return std::nullopt;
        }
    }
    return context;
}

// ---------------------------------------------------------------------------------------------------
// burnrate report

namespace {

// Machine output: JSON string escaping through Qt, numbers written as exact decimals.
QString jsonString(const QString &s)
{
    const QByteArray doc = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(doc.mid(1, doc.size() - 2));
}

QString csvField(const QString &s)
{
    if (!s.contains(u',') && !s.contains(u'"') && !s.contains(u'\n') && !s.contains(u'\r'))
        return s;
    QString quoted = s;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

// The three reports share one output path: a column is a grouping key (text, null for none), a count
// (null when unknown), money (micro-USD) or a list of words (the reconciliation's causes).
struct OutputColumn
{
    enum class Kind { Key, Count, Money, Words };
    QString name;   // JSON key and CSV header
    QString header; // table header
    Kind kind = Kind::Count;
    // Money: the index of the Count column of calls without a price. The table shows that count in the
    // money cell ("$12.40 + 3 unpriced") so a group with unpriced calls never looks cheaper than it is;
    // JSON and CSV keep the two fields apart.
    qsizetype unpricedColumn = -1;
};
using OutputRow = QList<QVariant>; // per column: QString, qint64 (or a null QVariant) or QStringList

// Headers for the grouping keys: JSON/CSV use the dimension's name, the table its upper case.
QList<OutputColumn> keyColumns(const QStringList &names)
{
    QList<OutputColumn> columns;
    for (const QString &name : names)
        columns.append({name, name.toUpper(), OutputColumn::Kind::Key});
    return columns;
}

// Billed keys are "" for none; the output says null / "(none)" as for measured spend.
QVariant keyCell(const QString &key)
{
    return key.isEmpty() ? QVariant(QString()) : QVariant(key);
}

QVariant countCell(qint64 value, bool known = true)
{
    return known ? QVariant(value) : QVariant();
}

QString machineValue(const OutputColumn &column, const QVariant &cell)
{
    switch (column.kind) {
    case OutputColumn::Kind::Money:
        return Money::toDecimalString(cell.toLongLong());
    case OutputColumn::Kind::Count:
        return cell.isNull() ? QString() : QString::number(cell.toLongLong());
    case OutputColumn::Kind::Words:
        return cell.toStringList().join(u';');
    case OutputColumn::Kind::Key:
        break;
    }
    return cell.toString();
}

void printJson(const QList<OutputColumn> &columns, const QList<OutputRow> &rows)
{
    out() << "[";
    for (qsizetype i = 0; i < rows.size(); ++i) {
        out() << (i ? ",\n " : "\n ") << "{";
        for (qsizetype c = 0; c < columns.size(); ++c) {
            const OutputColumn &column = columns.at(c);
            const QVariant &cell = rows.at(i).at(c);
            QString value;
            if (column.kind == OutputColumn::Kind::Words) {
                QStringList words;
                for (const QString &word : cell.toStringList())
                    words << jsonString(word);
                value = u'[' + words.join(QStringLiteral(", ")) + u']';
            } else if (cell.isNull() ||
                       (column.kind == OutputColumn::Kind::Key && cell.toString().isNull())) {
                value = QStringLiteral("null");
            } else {
                value = column.kind == OutputColumn::Kind::Key ? jsonString(cell.toString())
                                                               : machineValue(column, cell);
            }
            out() << jsonString(column.name) << ": " << value << (c + 1 < columns.size() ? ", " : "");
        }
        out() << "}";
    }
    out() << (rows.isEmpty() ? "]\n" : "\n]\n");
    out().flush();
}

void printCsv(const QList<OutputColumn> &columns, const QList<OutputRow> &rows)
{
    QStringList headers;
    for (const OutputColumn &column : columns)
        headers << column.name;
    out() << headers.join(u',') << "\r\n";
    for (const OutputRow &row : rows) {
        QStringList fields;
        for (qsizetype c = 0; c < columns.size(); ++c)
            fields << csvField(machineValue(columns.at(c), row.at(c)));
        out() << fields.join(u',') << "\r\n";
    }
    out().flush();
}

// Table for people: localized numbers, a total line, "(none)" for missing values. `word` shows a Words
// cell's entries.
void printTable(const QList<OutputColumn> &columns, const QList<OutputRow> &rows,
                const std::function<QString(const QString &)> &word = {})
{
    const QLocale locale;
    qint64 largest = 0;
    for (const OutputRow &row : rows) {
        for (qsizetype c = 0; c < columns.size(); ++c) {
            if (columns.at(c).kind == OutputColumn::Kind::Money)
                largest = qMax(largest, qAbs(row.at(c).toLongLong()));
        }
    }
    const int decimals = Money::decimalsFor(largest);
    // Count columns shown inside a money cell instead of on their own.
    QList<bool> shown(columns.size(), true);
    for (const OutputColumn &column : columns) {
        if (column.unpricedColumn >= 0)
            shown[column.unpricedColumn] = false;
    }
    bool anyUnpriced = false;
    const auto cellText = [&](const OutputColumn &column, const QVariant &cell, const OutputRow &row) {
        switch (column.kind) {
        case OutputColumn::Kind::Key:
            return cell.toString().isNull() ? Cli::tr("(none)") : cell.toString();
        case OutputColumn::Kind::Money: {
            const qint64 micros = cell.toLongLong();
            const int unpriced =
                column.unpricedColumn >= 0 ? int(row.at(column.unpricedColumn).toLongLong()) : 0;
            if (unpriced <= 0)
                return Money::formatUsd(micros, locale, decimals);
            anyUnpriced = true;
            return micros == 0 ? Cli::tr("%Ln unpriced", nullptr, unpriced)
                               : Cli::tr("%1 + %Ln unpriced", nullptr, unpriced)
                                     .arg(Money::formatUsd(micros, locale, decimals));
        }
        case OutputColumn::Kind::Count:
            return cell.isNull() ? Cli::tr("unknown") : locale.toString(cell.toLongLong());
        case OutputColumn::Kind::Words:
            break;
        }
        QStringList words;
        for (const QString &w : cell.toStringList())
            words << (word ? word(w) : w);
        return words.join(QStringLiteral(", "));
    };

    QStringList headers;
    for (const OutputColumn &column : columns)
        headers << column.header;
    QList<QStringList> table;
    for (const OutputRow &row : rows) {
        QStringList cells;
        for (qsizetype c = 0; c < columns.size(); ++c)
            cells << cellText(columns.at(c), row.at(c), row);
        table << cells;
    }
    // Totals of the numbers; a count is unknown in the total only when no row knows it.
    if (rows.size() > 1) {
        OutputRow totals;
        for (qsizetype c = 0; c < columns.size(); ++c) {
            QVariant total;
            for (const OutputRow &row : rows) {
                if (!row.at(c).isNull())
                    total = total.toLongLong() + row.at(c).toLongLong();
            }
            totals << (columns.at(c).kind == OutputColumn::Kind::Money ? QVariant(total.toLongLong())
                                                                       : total);
        }
        QStringList cells;
        bool labelled = false;
        for (qsizetype c = 0; c < columns.size(); ++c) {
            const OutputColumn &column = columns.at(c);
            if (column.kind == OutputColumn::Kind::Key || column.kind == OutputColumn::Kind::Words) {
                cells << (labelled || column.kind == OutputColumn::Kind::Words ? QString()
                                                                               : Cli::tr("TOTAL"));
                labelled = true;
                continue;
            }
            cells << cellText(column, totals.at(c), totals);
        }
        table << cells;
    }
    QList<qsizetype> widths(headers.size(), 0);
    for (qsizetype c = 0; c < headers.size(); ++c) {
        widths[c] = headers.at(c).size();
        for (const QStringList &cells : std::as_const(table))
            widths[c] = qMax(widths[c], cells.at(c).size());
    }
    auto printRow = [&](const QStringList &cells, QChar fill = u' ') {
        QStringList padded;
        for (qsizetype c = 0; c < cells.size(); ++c) {
            if (!shown.at(c))
                continue;
            const OutputColumn::Kind kind = columns.at(c).kind;
            padded << (kind == OutputColumn::Kind::Key || kind == OutputColumn::Kind::Words
                           ? cells.at(c).leftJustified(widths[c], fill)
                           : cells.at(c).rightJustified(widths[c], fill));
        }
        out() << padded.join(QStringLiteral("  ")).trimmed() << "\n";
    };
    printRow(headers);
    for (qsizetype i = 0; i < table.size(); ++i) {
        if (rows.size() > 1 && i == table.size() - 1)
            printRow(QStringList(headers.size()), u'-');
        printRow(table.at(i));
    }
    if (anyUnpriced)
        out() << "\n"
              << Cli::tr("Unpriced calls are counted but not in the cost: their model has no known price. "
                         "A price added to prices.json (README, Prices) applies to the calls stored from "
                         "then on.")
              << "\n";
    out().flush();
}

// The reconciliation's causes as short words for the table.
QString causeWord(const QString &name)
{
    if (name == u"unpriced_calls")
        return Cli::tr("unpriced");
    if (name == u"uninstrumented")
        return Cli::tr("uninstrumented");
    if (name == u"price_difference")
        return Cli::tr("price");
    if (name == u"not_final")
        return Cli::tr("not final");
    if (name == u"not_billed")
        return Cli::tr("not billed");
    return name;
}

enum class ReportKind { Measured, Billed, Reconcile };

} // namespace

int Cli::report(const QStringList &arguments)
{
    const QString command = QStringLiteral("report");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Spend and tokens grouped by any dimension: measured (telemetry), billed (the providers' cost "
           "reports) or both side by side."));
    addCommonOptions(parser);
    const QCommandLineOption since(QStringLiteral("since"),
                                   tr("Start of the range (default 30d), one of: %1.").arg(timeForms()),
                                   tr("T"), QStringLiteral("30d"));
    const QCommandLineOption until(QStringLiteral("until"),
                                   tr("End of the range (default now), in the same forms as --since."),
                                   tr("T"), QStringLiteral("now"));
    const QCommandLineOption groupBy(QStringLiteral("group-by"),
                                     tr("Dimensions to group by, comma-separated: %1 (default model; with "
                                        "--billed provider,model).")
                                         .arg(Storage::dimensionNames().join(QStringLiteral(", "))),
                                     tr("DIM[,DIM…]"));
    const QCommandLineOption filter(QStringLiteral("filter"),
                                    tr("Only events where DIM equals VALUE; repeatable."), tr("DIM=VALUE"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    tr("Output format: table, csv or json (default table)."), tr("FORMAT"),
                                    QStringLiteral("table"));
    const QCommandLineOption billed(
        QStringLiteral("billed"),
        tr("Billed spend from the providers' cost and usage reports, by provider, model, project and day "
           "(UTC days)."));
    const QCommandLineOption reconcile(
        QStringLiteral("reconcile"),
        tr("Billed beside measured spend per UTC day, provider and model, with the difference and its likely "
           "causes."));
    const QCommandLineOption limit(
        QStringLiteral("limit"),
        tr("Only the N groups with the highest cost, then the rest summed: per value of the first dimension "
           "(each value when it has at most N or is day or hour, else those of the N groups), the rest of it "
           "in a last row. Measured spend only."),
        tr("N"));
    parser.addOptions({since, until, groupBy, filter, format, limit, billed, reconcile});
    int exitCode = ExitOk;
    if (!parse(parser, command, arguments, &exitCode))
        return exitCode;
    if (!parser.positionalArguments().isEmpty()) {
        printError(command, tr("unexpected argument '%1'. Try 'burnrate report --help'.")
                                .arg(parser.positionalArguments().constFirst()));
        return ExitUsage;
    }
    if (parser.isSet(billed) && parser.isSet(reconcile)) {
        printError(command, tr("--billed and --reconcile are different reports; choose one"));
        return ExitUsage;
    }
    const ReportKind kind = parser.isSet(billed)      ? ReportKind::Billed
                            : parser.isSet(reconcile) ? ReportKind::Reconcile
                                                      : ReportKind::Measured;
    if (kind == ReportKind::Reconcile && parser.isSet(groupBy)) {
        printError(command, tr("--reconcile always groups by day, provider and model; leave out --group-by"));
        return ExitUsage;
    }

    // Validate everything the user typed before touching the database.
    Storage::ReportQuery query;
    const qint64 now = Time::nowNs();
    Error error;
    const std::optional<qint64> sinceNs = Time::parseTimeArgument(parser.value(since), now, &error);
    if (!sinceNs) {
        printError(command, QStringLiteral("--since: ") + error.message);
        return ExitUsage;
    }
    const std::optional<qint64> untilNs = Time::parseTimeArgument(parser.value(until), now, &error);
    if (!untilNs) {
        printError(command, QStringLiteral("--until: ") + error.message);
        return ExitUsage;
    }
    if (*sinceNs >= *untilNs) {
        printError(command, tr("--since must be earlier than --until"));
        return ExitUsage;
    }
    query.sinceNs = *sinceNs;
    query.untilNs = *untilNs;
    const QString defaultGroupBy =
        kind == ReportKind::Billed ? QStringLiteral("provider,model") : QStringLiteral("model");
    const QString groupByText = parser.isSet(groupBy) ? parser.value(groupBy) : defaultGroupBy;
    for (const QString &name : groupByText.split(u',', Qt::SkipEmptyParts)) {
        const std::optional<Storage::Dimension> d = Storage::dimensionFromName(name.trimmed());
        if (!d) {
            printError(command,
                       tr("unknown dimension '%1' in --group-by; use one of %2")
                           .arg(name.trimmed(), Storage::dimensionNames().join(QStringLiteral(", "))));
            return ExitUsage;
        }
        if (kind == ReportKind::Billed && !Storage::isBilledDimension(*d)) {
            printError(command,
                       tr("'%1' is not a dimension of billed spend; with --billed use provider, model, "
                          "project or day")
                           .arg(name.trimmed()));
            return ExitUsage;
        }
        if (kind == ReportKind::Measured && *d == Storage::Dimension::Project) {
            printError(command, tr("project is a dimension of billed spend; use --billed"));
            return ExitUsage;
        }
        if (query.groupBy.contains(*d)) {
            printError(command, tr("dimension '%1' appears twice in --group-by").arg(name.trimmed()));
            return ExitUsage;
        }
        query.groupBy.append(*d);
    }
    using Storage::Dimension;
    const QList<Dimension> filterable =
        kind == ReportKind::Billed
            ? QList<Dimension>{Dimension::Provider, Dimension::Model, Dimension::Project, Dimension::Day}
        : kind == ReportKind::Reconcile
            ? QList<Dimension>{Dimension::Provider, Dimension::Model}
            : QList<Dimension>{
                  Dimension::Provider, Dimension::Model,   Dimension::Feature, Dimension::Agent,
                  Dimension::User,     Dimension::Session, Dimension::Task,    Dimension::Trace,
                  Dimension::Day,      Dimension::Hour}; // Explore's drill-downs pin days and hours
    for (const QString &f : parser.values(filter)) {
        const qsizetype eq = f.indexOf(u'=');
        const std::optional<Dimension> d =
            eq > 0 ? Storage::dimensionFromName(f.left(eq).trimmed()) : std::nullopt;
        if (!d || !filterable.contains(*d)) {
            QStringList names;
            for (Dimension allowed : filterable)
                names << Storage::dimensionName(allowed);
            printError(command, tr("--filter '%1' is not DIM=VALUE with DIM one of %2")
                                    .arg(f, names.join(QStringLiteral(", "))));
            return ExitUsage;
        }
        query.filters.append({*d, f.mid(eq + 1)});
    }
    if (parser.isSet(limit)) {
        bool ok = false;
        query.limit = parser.value(limit).toInt(&ok);
        if (!ok || query.limit < 1) {
            printError(
                command,
                tr("--limit needs a whole number of groups from 1, not '%1'").arg(parser.value(limit)));
            return ExitUsage;
        }
        if (kind != ReportKind::Measured) {
            printError(command, tr("--limit applies to measured spend only; leave it out with --billed "
                                   "and --reconcile"));
            return ExitUsage;
        }
    }
    const QString fmt = parser.value(format);
    if (fmt != u"table" && fmt != u"csv" && fmt != u"json") {
        printError(command, tr("unknown format '%1'; use table, csv or json").arg(fmt));
        return ExitUsage;
    }

    // Reconciliation matches model ids through the price table.
    std::optional<AppContext> context =
        makeContext(parser, command, kind == ReportKind::Reconcile, &exitCode);
    if (!context)
        return exitCode;
    if (!QFileInfo::exists(context->databasePath)) {
        printError(command,
                   tr("there is no database at %1 yet. Start 'burnrate' or 'burnrate --headless' and send it "
                      "OpenTelemetry data, run 'burnrate import', or pass --db PATH.")
                       .arg(context->databasePath));
        return ExitFailure;
    }
    // A database of an older Burnrate is upgraded first, as the window and --headless would, rather than
    // sending the user off to start one of them; the report itself only reads.
    const int storedVersion = Storage::storedSchemaVersion(context->databasePath);
    if (storedVersion > 0 && storedVersion < Storage::kSchemaVersion &&
        !Storage::Connection::open(context->databasePath, Storage::Connection::Mode::ReadWrite, &error)) {
        printError(command, error.message);
        return ExitFailure;
    }
    std::unique_ptr<Storage::Connection> connection =
        Storage::Connection::open(context->databasePath, Storage::Connection::Mode::ReadOnly, &error);
    if (!connection) {
        printError(command, error.message);
        return ExitFailure;
    }

    QStringList dimensionNames;
    for (Dimension d : std::as_const(query.groupBy))
        dimensionNames << Storage::dimensionName(d);
    QList<OutputColumn> columns;
    QList<OutputRow> rows;
    QString empty; // the table's sentence when there is nothing to show
    using Kind = OutputColumn::Kind;
    if (kind == ReportKind::Measured) {
        const std::optional<QList<Storage::ReportRow>> report =
            Storage::runReport(connection->database(), query, &error);
        if (!report) {
            printError(command, error.message);
            return ExitFailure;
        }
        columns = keyColumns(dimensionNames);
        columns << OutputColumn{QStringLiteral("calls"), tr("CALLS"), Kind::Count}
                << OutputColumn{QStringLiteral("input_tokens"), tr("INPUT"), Kind::Count}
                << OutputColumn{QStringLiteral("output_tokens"), tr("OUTPUT"), Kind::Count}
                << OutputColumn{QStringLiteral("cache_read_tokens"), tr("CACHE READ"), Kind::Count}
                << OutputColumn{QStringLiteral("cache_write_tokens"), tr("CACHE WRITE"), Kind::Count}
                << OutputColumn{QStringLiteral("cost_usd"), tr("COST"), Kind::Money,
                                dimensionNames.size() + 6}
                << OutputColumn{QStringLiteral("unpriced_calls"), tr("UNPRICED"), Kind::Count};
        // With --limit, other_groups in CSV and JSON says how many groups a row sums beyond the limit (0: a
        // group; its dimensions after the first are null there), and with two or more dimensions
        // other_of_all (1) marks the row of several first values, whose keys are all null like those of the
        // rest of calls without a first value. The table names such rows instead.
        const bool otherColumn = query.limit > 0 && fmt != u"table";
        const bool otherOfAllColumn = otherColumn && query.groupBy.size() > 1;
        if (otherColumn)
            columns << OutputColumn{QStringLiteral("other_groups"), tr("OTHER GROUPS"), Kind::Count};
        if (otherOfAllColumn)
            columns << OutputColumn{QStringLiteral("other_of_all"), tr("OTHER OF ALL"), Kind::Count};
        for (const Storage::ReportRow &r : *report) {
            OutputRow row;
            for (qsizetype k = 0; k < r.keys.size(); ++k) {
                // Named in its first null key: after its first key, or the first when it sums several.
                const bool otherCell = r.otherGroups > 0 && (r.otherOfAll ? k == 0 : k > 0);
                if (r.otherOfAll && k > 0 && !otherColumn) {
                    row << QVariant(QStringLiteral("")); // blank, not "(none)"
                    continue;
                }
                const QString label = r.otherGroups == 1
                                          ? tr("(1 other group)")
                                          : tr("(%1 other groups)").arg(QLocale().toString(r.otherGroups));
                row << (otherCell && !otherColumn ? QVariant(label) : QVariant(r.keys.at(k)));
            }
            row << countCell(r.calls) << countCell(r.inputTokens) << countCell(r.outputTokens)
                << countCell(r.cacheReadTokens) << countCell(r.cacheWriteTokens) << countCell(r.costMicros)
                << countCell(r.unpricedCalls);
            if (otherColumn)
                row << countCell(r.otherGroups);
            if (otherOfAllColumn)
                row << countCell(r.otherOfAll ? 1 : 0);
            rows << row;
        }
        empty = tr("No calls between %1 and %2.");
    } else if (kind == ReportKind::Billed) {
        const std::optional<QList<Storage::BilledRow>> report =
            Storage::runBilledReport(connection->database(), query, context->prices.get(), &error);
        if (!report) {
            printError(command, error.message);
            return ExitFailure;
        }
        columns = keyColumns(dimensionNames);
        columns << OutputColumn{QStringLiteral("cost_usd"), tr("COST"), Kind::Money}
                << OutputColumn{QStringLiteral("requests"), tr("REQUESTS"), Kind::Count}
                << OutputColumn{QStringLiteral("input_tokens"), tr("INPUT"), Kind::Count}
                << OutputColumn{QStringLiteral("output_tokens"), tr("OUTPUT"), Kind::Count}
                << OutputColumn{QStringLiteral("cache_read_tokens"), tr("CACHE READ"), Kind::Count}
                << OutputColumn{QStringLiteral("cache_write_tokens"), tr("CACHE WRITE"), Kind::Count};
        for (const Storage::BilledRow &r : *report) {
            OutputRow row;
            for (const QString &key : r.keys)
                row << keyCell(key);
            row << countCell(r.costMicros) << countCell(r.requests, r.requests >= 0)
                << countCell(r.inputTokens) << countCell(r.outputTokens) << countCell(r.cacheReadTokens)
                << countCell(r.cacheWriteTokens);
            rows << row;
        }
        empty = tr("No billed spend between %1 and %2. Billed spend comes from the providers' admin APIs "
                   "(Sources).");
    } else {
        const Storage::ReconcileQuery reconcileQuery{query.sinceNs, query.untilNs, now, query.filters};
        const std::optional<QList<Storage::ReconcileRow>> report =
            Storage::runReconcile(connection->database(), reconcileQuery, context->prices.get(), &error);
        if (!report) {
            printError(command, error.message);
            return ExitFailure;
        }
        // Without any billed figure there is nothing to reconcile: every row would read "$0.00 billed" as
        // if the providers had billed nothing, which is not what a missing source means.
        const bool anyBilled =
            std::any_of(report->cbegin(), report->cend(), [](const Storage::ReconcileRow &r) {
                return r.billedMicros != 0 || r.billedRequests >= 0;
            });
        columns = keyColumns({QStringLiteral("day"), QStringLiteral("provider"), QStringLiteral("model")});
        columns << OutputColumn{QStringLiteral("billed_usd"), tr("BILLED"), Kind::Money}
                << OutputColumn{QStringLiteral("measured_usd"), tr("MEASURED"), Kind::Money, 8}
                << OutputColumn{QStringLiteral("difference_usd"), tr("DIFFERENCE"), Kind::Money}
                << OutputColumn{QStringLiteral("billed_requests"), tr("BILLED REQUESTS"), Kind::Count}
                << OutputColumn{QStringLiteral("measured_calls"), tr("CALLS"), Kind::Count}
                << OutputColumn{QStringLiteral("unpriced_calls"), tr("UNPRICED"), Kind::Count}
                << OutputColumn{QStringLiteral("causes"), tr("CAUSES"), Kind::Words};
        for (const Storage::ReconcileRow &r : anyBilled ? *report : QList<Storage::ReconcileRow>()) {
            QStringList causes;
            for (Storage::GapCause cause : r.causes)
                causes << Storage::gapCauseName(cause);
            rows << OutputRow{r.day.toString(Qt::ISODate),
                              keyCell(r.provider),
                              keyCell(r.model),
                              countCell(r.billedMicros),
                              countCell(r.measuredMicros),
                              countCell(r.differenceMicros),
                              countCell(r.billedRequests, r.billedRequests >= 0),
                              countCell(r.measuredCalls),
                              countCell(r.unpricedCalls),
                              causes};
        }
        empty = anyBilled || report->isEmpty()
                    ? tr("No billed or measured spend between %1 and %2.")
                    : tr("No billed spend between %1 and %2 to compare with: billed spend comes from the "
                         "providers' admin APIs (Sources). `burnrate report` shows the measured spend.");
    }

    if (fmt == u"json") {
        printJson(columns, rows);
    } else if (fmt == u"csv") {
        printCsv(columns, rows);
    } else if (rows.isEmpty()) {
        const QLocale locale;
        out() << empty.arg(locale.toString(Time::fromNs(query.sinceNs, QTimeZone::systemTimeZone()),
                                           QLocale::ShortFormat),
                           locale.toString(Time::fromNs(query.untilNs, QTimeZone::systemTimeZone()),
                                           QLocale::ShortFormat))
              << Qt::endl;
    } else {
        printTable(columns, rows, causeWord);
    }
    return ExitOk;
}

// ---------------------------------------------------------------------------------------------------
// burnrate import

namespace {

struct ImportTally
{
    qint64 spans = 0;
    qint64 rejected = 0;
    qint64 inserted = 0;
    qint64 duplicates = 0;
    int unreadable = 0;   // payloads (the file, or a line of it) that could not be read at all
    QStringList problems; // "line 17: …"
};

} // namespace

int Cli::import(const QStringList &arguments)
{
    const QString command = QStringLiteral("import");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Stores the model calls from OTLP trace files: OTLP JSON, OTLP JSON lines (the OpenTelemetry "
           "Collector's "
           "file exporter) or binary OTLP protobuf. Importing a file twice stores nothing new."));
    addCommonOptions(parser);
    parser.addPositionalArgument(tr("FILE"), tr("Files to import."), tr("FILE…"));
    int exitCode = ExitOk;
    if (!parse(parser, command, arguments, &exitCode))
        return exitCode;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printError(command, tr("name at least one file to import. Try 'burnrate import --help'."));
        return ExitUsage;
    }
    std::optional<AppContext> context = makeContext(parser, command, true, &exitCode);
    if (!context)
        return exitCode;
    Error error;
    Storage::StorageWriter writer(context->databasePath);
    if (!writer.start(&error)) {
        printError(command, error.message);
        return ExitFailure;
    }

    const Ingest::Normalizer normalizer(
        Ingest::Normalizer::Options{QStringLiteral("otlp-file"), context->settings->otlpKeepContent()});
    QObject receiver; // completions arrive here, on the main thread
    bool anyFailure = false;
    for (const QString &path : files) {
        ImportTally tally;
        int outstanding = 0;
        Error writeError;
        auto submit = [&](QByteArrayView payload, Ingest::Encoding encoding, const QString &where) {
            Error e;
            std::optional<Ingest::IngestOutcome> outcome =
                Ingest::ingestTraces(payload, encoding, normalizer, *context->prices, &e);
            if (!outcome) {
                tally.problems << (where.isEmpty() ? e.message : where + QStringLiteral(": ") + e.message);
                ++tally.unreadable;
                return;
            }
            tally.spans += outcome->spans;
            tally.rejected += outcome->rejectedSpans;
            if (outcome->rejectedSpans > 0)
                tally.problems << (where.isEmpty() ? QString() : where + QStringLiteral(": ")) +
                                      tr("%n span(s) rejected: %1", nullptr, outcome->rejectedSpans)
                                          .arg(outcome->rejectionMessage);
            Storage::WriteBatch write{std::move(outcome->events), std::move(outcome->attributionUpdates),
                                      std::move(outcome->traceSpans), std::move(outcome->traceSpanUpdates)};
            if (write.isEmpty())
                return;
            ++outstanding;
            writer.submit(std::move(write), &receiver, [&](const Storage::WriteResult &r) {
                --outstanding;
                if (r.error)
                    writeError = r.error;
                tally.inserted += r.inserted;
                tally.duplicates += r.duplicates;
            });
            // Keep memory bounded on large files: let the writer catch up.
            while (writer.pendingEvents() > 100'000)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        };

        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            printError(command, tr("cannot read %1: %2").arg(path, file.errorString()));
            anyFailure = true;
            continue;
        }
        // JSON starts with '{' (after whitespace); anything else is taken as binary protobuf.
        const QByteArray head = file.peek(4096);
        const QByteArray trimmedHead = head.trimmed();
        if (trimmedHead.startsWith('{')) {
            // One JSON document, or one document per line (the Collector's file exporter).
            const QByteArray all = file.readAll();
            QJsonParseError parseError;
            const bool singleDocument = QJsonDocument::fromJson(all, &parseError).isObject();
            if (singleDocument) {
                submit(all, Ingest::Encoding::Json, QString());
            } else {
                qsizetype start = 0;
                int lineNumber = 0;
                while (start < all.size()) {
                    qsizetype end = all.indexOf('\n', start);
                    if (end < 0)
                        end = all.size();
                    ++lineNumber;
                    const QByteArrayView line = QByteArrayView(all).sliced(start, end - start).trimmed();
                    if (!line.isEmpty())
                        submit(line, Ingest::Encoding::Json, tr("line %1").arg(lineNumber));
                    start = end + 1;
                }
            }
        } else {
            submit(file.readAll(), Ingest::Encoding::Protobuf, QString());
        }
        while (outstanding > 0)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);

        if (writeError) {
            printError(command, tr("%1: nothing more could be stored: %2").arg(path, writeError.message));
            anyFailure = true;
            continue;
        }
        QString summary = tr("%1: %2 spans read, %3 calls stored, %4 already present, %5 rejected")
                              .arg(path)
                              .arg(tally.spans)
                              .arg(tally.inserted)
                              .arg(tally.duplicates)
                              .arg(tally.rejected);
        if (tally.unreadable > 0)
            summary += tally.unreadable == 1 ? tr(", 1 part unreadable")
                                             : tr(", %1 parts unreadable").arg(tally.unreadable);
        out() << summary << Qt::endl;
        for (const QString &problem : std::as_const(tally.problems))
            printError(command, path + QStringLiteral(": ") + problem);
        if (tally.spans == 0 && tally.unreadable == 0)
            printError(command,
                       tr("%1: no OTLP spans in this file; is it an OTLP trace export (JSON, JSON lines "
                          "or protobuf)?")
                           .arg(path));
        // Rejected spans are reported but do not fail the import; unreadable input does.
        if (tally.unreadable > 0)
            anyFailure = true;
    }
    writer.stop();
    return anyFailure ? ExitFailure : ExitOk;
}

} // namespace Burnrate::App
