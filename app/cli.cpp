#include "cli.h"

#include "common/money.h"
#include "common/timeutil.h"
#include "ingest/ingest.h"
#include "pricing/pricetable.h"
#include "storage/database.h"
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

std::optional<AppContext> Cli::makeContext(const QCommandLineParser &parser, bool loadPrices, Error *error)
{
    AppContext context;
    context.settings = std::make_unique<Settings>(parser.value(kConfigOption));
    if (!parser.value(kConfigOption).isEmpty() && !QFileInfo::exists(parser.value(kConfigOption))) {
        *error = {Error::Code::NotFound,
                  tr("the settings file %1 does not exist").arg(parser.value(kConfigOption))};
        return std::nullopt;
    }
    if (!context.settings->isReadable()) {
        *error = {Error::Code::InvalidInput,
                  tr("the settings file %1 cannot be read as an INI file").arg(context.settings->filePath())};
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
        context.prices = Pricing::PriceTable::load(
            pricesPath, explicitPrices || !context.settings->pricesFile().isEmpty(), error);
        if (!context.prices)
            return std::nullopt;
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

struct ReportColumns
{
    QStringList headers;
    QList<bool> rightAligned;
};

} // namespace

int Cli::report(const QStringList &arguments)
{
    const QString command = QStringLiteral("report");
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Spend and tokens grouped by any dimension."));
    addCommonOptions(parser);
    const QCommandLineOption since(
        QStringLiteral("since"), tr("Start of the range: ISO 8601 or an age such as 24h, 7d (default 30d)."),
        tr("T"), QStringLiteral("30d"));
    const QCommandLineOption until(QStringLiteral("until"), tr("End of the range (default now)."), tr("T"),
                                   QStringLiteral("now"));
    const QCommandLineOption groupBy(QStringLiteral("group-by"),
                                     tr("Dimensions to group by, comma-separated: %1 (default model).")
                                         .arg(Storage::dimensionNames().join(QStringLiteral(", "))),
                                     tr("DIM[,DIM…]"), QStringLiteral("model"));
    const QCommandLineOption filter(QStringLiteral("filter"),
                                    tr("Only events where DIM equals VALUE; repeatable."), tr("DIM=VALUE"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    tr("Output format: table, csv or json (default table)."), tr("FORMAT"),
                                    QStringLiteral("table"));
    parser.addOptions({since, until, groupBy, filter, format});
    int exitCode = ExitOk;
    if (!parse(parser, command, arguments, &exitCode))
        return exitCode;
    if (!parser.positionalArguments().isEmpty()) {
        printError(command, tr("unexpected argument '%1'. Try 'burnrate report --help'.")
                                .arg(parser.positionalArguments().constFirst()));
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
    for (const QString &name : parser.value(groupBy).split(u',', Qt::SkipEmptyParts)) {
        const std::optional<Storage::Dimension> d = Storage::dimensionFromName(name.trimmed());
        if (!d) {
            printError(command,
                       tr("unknown dimension '%1' in --group-by; use one of %2")
                           .arg(name.trimmed(), Storage::dimensionNames().join(QStringLiteral(", "))));
            return ExitUsage;
        }
        if (query.groupBy.contains(*d)) {
            printError(command, tr("dimension '%1' appears twice in --group-by").arg(name.trimmed()));
            return ExitUsage;
        }
        query.groupBy.append(*d);
    }
    for (const QString &f : parser.values(filter)) {
        const qsizetype eq = f.indexOf(u'=');
        const std::optional<Storage::Dimension> d =
            eq > 0 ? Storage::dimensionFromName(f.left(eq).trimmed()) : std::nullopt;
        if (!d || *d == Storage::Dimension::Day || *d == Storage::Dimension::Hour) {
            printError(
                command,
                tr("--filter '%1' is not DIM=VALUE with DIM one of %2")
                    .arg(f, QStringLiteral("provider, model, feature, agent, user, session, task, trace")));
            return ExitUsage;
        }
        query.filters.append({*d, f.mid(eq + 1)});
    }
    const QString fmt = parser.value(format);
    if (fmt != u"table" && fmt != u"csv" && fmt != u"json") {
        printError(command, tr("unknown format '%1'; use table, csv or json").arg(fmt));
        return ExitUsage;
    }

    std::optional<AppContext> context = makeContext(parser, false, &error);
    if (!context) {
        printError(command, error.message);
        return ExitUsage;
    }
    if (!QFileInfo::exists(context->databasePath)) {
        printError(command,
                   tr("there is no database at %1 yet. Start 'burnrate' or 'burnrate --headless' and send it "
                      "OpenTelemetry data, run 'burnrate import', or pass --db PATH.")
                       .arg(context->databasePath));
        return ExitFailure;
    }
    std::unique_ptr<Storage::Connection> connection =
        Storage::Connection::open(context->databasePath, Storage::Connection::Mode::ReadOnly, &error);
    if (!connection) {
        printError(command, error.message);
        return ExitFailure;
    }
    const std::optional<QList<Storage::ReportRow>> rows =
        Storage::runReport(connection->database(), query, &error);
    if (!rows) {
        printError(command, error.message);
        return ExitFailure;
    }

    QStringList dimensionHeaders;
    for (Storage::Dimension d : std::as_const(query.groupBy))
        dimensionHeaders << Storage::dimensionName(d);
    const QStringList metricNames = {QStringLiteral("calls"),
                                     QStringLiteral("input_tokens"),
                                     QStringLiteral("output_tokens"),
                                     QStringLiteral("cache_read_tokens"),
                                     QStringLiteral("cache_write_tokens"),
                                     QStringLiteral("cost_usd"),
                                     QStringLiteral("unpriced_calls")};
    auto metrics = [](const Storage::ReportRow &r) {
        return QList<qint64>{r.calls,           r.inputTokens,      r.outputTokens,
                             r.cacheReadTokens, r.cacheWriteTokens, r.costMicros,
                             r.unpricedCalls};
    };

    if (fmt == u"json") {
        out() << "[";
        for (qsizetype i = 0; i < rows->size(); ++i) {
            const Storage::ReportRow &row = rows->at(i);
            out() << (i ? ",\n " : "\n ") << "{";
            for (qsizetype d = 0; d < dimensionHeaders.size(); ++d) {
                const QString &key = row.keys.at(d);
                out() << jsonString(dimensionHeaders.at(d)) << ": "
                      << (key.isNull() ? QStringLiteral("null") : jsonString(key)) << ", ";
            }
            const QList<qint64> values = metrics(row);
            for (qsizetype m = 0; m < metricNames.size(); ++m) {
                out() << '"' << metricNames.at(m) << "\": "
                      << (m == 5 ? Money::toDecimalString(values.at(m)) : QString::number(values.at(m)))
                      << (m + 1 < metricNames.size() ? ", " : "");
            }
            out() << "}";
        }
        out() << (rows->isEmpty() ? "]\n" : "\n]\n");
        out().flush();
        return ExitOk;
    }
    if (fmt == u"csv") {
        out() << (dimensionHeaders + metricNames).join(u',') << "\r\n";
        for (const Storage::ReportRow &row : *rows) {
            QStringList fields;
            for (const QString &key : row.keys)
                fields << csvField(key);
            const QList<qint64> values = metrics(row);
            for (qsizetype m = 0; m < values.size(); ++m)
                fields << (m == 5 ? Money::toDecimalString(values.at(m)) : QString::number(values.at(m)));
            out() << fields.join(u',') << "\r\n";
        }
        out().flush();
        return ExitOk;
    }

    // Table for people: localized numbers, a total line, "(none)" for missing values.
    const QLocale locale;
    if (rows->isEmpty()) {
        out() << tr("No calls between %1 and %2.")
                     .arg(locale.toString(Time::fromNs(query.sinceNs, QTimeZone::systemTimeZone()),
                                          QLocale::ShortFormat),
                          locale.toString(Time::fromNs(query.untilNs, QTimeZone::systemTimeZone()),
                                          QLocale::ShortFormat))
              << Qt::endl;
        return ExitOk;
    }
    QStringList headers;
    for (Storage::Dimension d : std::as_const(query.groupBy))
        headers << Storage::dimensionName(d).toUpper();
    headers << tr("CALLS") << tr("INPUT") << tr("OUTPUT") << tr("CACHE READ") << tr("CACHE WRITE")
            << tr("COST") << tr("UNPRICED");
    QList<QStringList> table;
    Storage::ReportRow total;
    qint64 largest = 0;
    for (const Storage::ReportRow &row : *rows)
        largest = qMax(largest, qAbs(row.costMicros));
    const int decimals = Money::decimalsFor(largest);
    for (const Storage::ReportRow &row : *rows) {
        QStringList cells;
        for (const QString &key : row.keys)
            cells << (key.isNull() ? tr("(none)") : key);
        const QList<qint64> values = metrics(row);
        for (qsizetype m = 0; m < values.size(); ++m)
            cells << (m == 5 ? Money::formatUsd(values.at(m), locale, decimals)
                             : locale.toString(values.at(m)));
        table << cells;
        total.calls += row.calls;
        total.inputTokens += row.inputTokens;
        total.outputTokens += row.outputTokens;
        total.cacheReadTokens += row.cacheReadTokens;
        total.cacheWriteTokens += row.cacheWriteTokens;
        total.costMicros += row.costMicros;
        total.unpricedCalls += row.unpricedCalls;
    }
    if (rows->size() > 1) {
        QStringList cells;
        for (qsizetype d = 0; d < query.groupBy.size(); ++d)
            cells << (d == 0 ? tr("TOTAL") : QString());
        const QList<qint64> values = metrics(total);
        for (qsizetype m = 0; m < values.size(); ++m)
            cells << (m == 5 ? Money::formatUsd(values.at(m), locale, decimals)
                             : locale.toString(values.at(m)));
        table << cells;
    }
    QList<qsizetype> widths(headers.size(), 0);
    for (qsizetype c = 0; c < headers.size(); ++c) {
        widths[c] = headers.at(c).size();
        for (const QStringList &cells : std::as_const(table))
            widths[c] = qMax(widths[c], cells.at(c).size());
    }
    const qsizetype dims = query.groupBy.size();
    auto printRow = [&](const QStringList &cells) {
        QStringList padded;
        for (qsizetype c = 0; c < cells.size(); ++c)
            padded << (c < dims ? cells.at(c).leftJustified(widths[c])
                                : cells.at(c).rightJustified(widths[c]));
        out() << padded.join(QStringLiteral("  ")).trimmed() << "\n";
    };
    printRow(headers);
    for (qsizetype i = 0; i < table.size(); ++i) {
        if (rows->size() > 1 && i == table.size() - 1) {
            QStringList rule;
            for (qsizetype w : widths)
                rule << QString(w, u'-');
            out() << rule.join(QStringLiteral("  ")) << "\n";
        }
        printRow(table.at(i));
    }
    out().flush();
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
    Error error;
    std::optional<AppContext> context = makeContext(parser, true, &error);
    if (!context) {
        printError(command, error.message);
        return ExitUsage;
    }
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
            if (outcome->events.isEmpty() && outcome->attributionUpdates.isEmpty())
                return;
            ++outstanding;
            writer.submit(std::move(outcome->events), std::move(outcome->attributionUpdates), &receiver,
                          [&](const Storage::WriteResult &r) {
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
        out() << tr("%1: %2 spans read, %3 calls stored, %4 already present, %5 rejected")
                     .arg(path)
                     .arg(tally.spans)
                     .arg(tally.inserted)
                     .arg(tally.duplicates)
                     .arg(tally.rejected)
              << Qt::endl;
        for (const QString &problem : std::as_const(tally.problems))
            printError(command, path + QStringLiteral(": ") + problem);
        // Rejected spans are reported but do not fail the import; unreadable input does.
        if (tally.unreadable > 0)
            anyFailure = true;
    }
    writer.stop();
    return anyFailure ? ExitFailure : ExitOk;
}

} // namespace Burnrate::App
