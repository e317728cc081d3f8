// Grouped spend queries (`burnrate report`, and every grouped table in the UI). Served from the hourly
// rollups whenever the dimensions allow it (rollup_hourly; rollup_attr for user, task or session alone);
// partial hours at the range edges and combinations no rollup carries come from the raw events through
// the start-time index. User, task or session with rollup_hourly's dimensions reads the events of only the
// hours rollup_attr has (the filtered) values of it in, and rollup_hourly for the other hours.
#pragma once

#include "common/error.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTimeZone>
#include <optional>

namespace Burnrate::Storage {

// Project (an OpenAI project, an Anthropic workspace) is a dimension of billed spend only (reconcile.h):
// telemetry does not carry it, and runReport refuses it.
enum class Dimension { Provider, Model, Feature, Agent, User, Session, Task, Trace, Day, Hour, Project };

QString dimensionName(Dimension d); // "provider", "model", … as on the command line
std::optional<Dimension> dimensionFromName(QStringView name);
QStringList dimensionNames();

// Day and hour: dimensions of time, whose rows are shown in time order.
inline bool isTime(Dimension d)
{
    return d == Dimension::Day || d == Dimension::Hour;
}

struct ReportFilter
{
    Dimension dimension = Dimension::Model;
    QString value; // filters on the same dimension are OR-ed, different dimensions AND-ed
};

struct ReportQuery
{
    qint64 sinceNs = 0; // inclusive, event start time
    qint64 untilNs = 0; // exclusive
    QList<Dimension> groupBy;
    QList<ReportFilter> filters;
    QTimeZone zone = QTimeZone::systemTimeZone(); // for day/hour keys
    // 0: every group. N: the N groups with the highest cost, then the rest summed into "other" rows
    // (ReportRow::otherGroups): with two or more dimensions one per first key that is a day or hour, or
    // per first key at all when there are no more of them than the limit, else per first key among the
    // top groups', then one for the rest of the rest; with one, one row.
    int limit = 0;
};

struct ReportRow
{
    QStringList keys; // one per groupBy entry; a null QString when the event had no value
    qint64 calls = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 costMicros = 0;
    qint64 unpricedCalls = 0;
    // 0: a group. N > 0: the sum of N groups beyond the query's limit, all of the first key in `keys` (the
    // other keys are null), or, when otherOfAll, of several first keys (all keys null).
    qint64 otherGroups = 0;
    bool otherOfAll = false;

    // Adds `r`'s calls, tokens and cost (not its keys or otherGroups).
    void addSums(const ReportRow &r)
    {
        calls += r.calls;
        inputTokens += r.inputTokens;
        outputTokens += r.outputTokens;
        cacheReadTokens += r.cacheReadTokens;
        cacheWriteTokens += r.cacheWriteTokens;
        costMicros += r.costMicros;
        unpricedCalls += r.unpricedCalls;
    }
};

// Rows sorted by cost (highest first), or chronologically when the first dimension is day or hour; with a
// limit, the "other" rows after them (chronologically, or by cost). Day keys are "YYYY-MM-DD", hour keys
// "YYYY-MM-DDTHH:00" in `zone`.
std::optional<QList<ReportRow>> runReport(const QSqlDatabase &db, const ReportQuery &query, Error *error);

// The rows as `burnrate report --format json` and `--format csv` write them (DESIGN.md §7): one field per
// grouped dimension, named as on the command line (null / empty for calls without a value), then calls,
// input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd (an exact decimal) and
// unpriced_calls. UTF-8; CSV lines end in CRLF.
QByteArray reportJson(const QList<Dimension> &groupBy, const QList<ReportRow> &rows);
QByteArray reportCsv(const QList<Dimension> &groupBy, const QList<ReportRow> &rows);

} // namespace Burnrate::Storage
