#include "report.h"

#include "common/money.h"
#include "common/timeutil.h"
#include "model/usageevent.h"
#include "sqliteutil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <numeric>

namespace Burnrate::Storage {

namespace {

struct DimensionInfo
{
    Dimension dimension;
    QStringView name;
    QStringView column; // empty for day and hour, which are computed from the start time
    bool inRollup;
};

constexpr DimensionInfo kDimensions[] = {
    {Dimension::Provider, u"provider", u"provider", true},
    {Dimension::Model, u"model", u"model", true},
    {Dimension::Feature, u"feature", u"feature", true},
    {Dimension::Agent, u"agent", u"agent_id", true},
    {Dimension::User, u"user", u"user_id", false},
    {Dimension::Session, u"session", u"session_id", false},
    {Dimension::Task, u"task", u"task_id", false},
    {Dimension::Trace, u"trace", u"trace_id", false},
    {Dimension::Day, u"day", {}, true},
    {Dimension::Hour, u"hour", {}, true},
    {Dimension::Project, u"project", u"project_id", false},
};

constexpr bool inEnumOrder()
{
    for (int i = 0; i < int(std::size(kDimensions)); ++i) {
        if (int(kDimensions[i].dimension) != i)
            return false;
    }
    return true;
}
static_assert(inEnumOrder(), "kDimensions is indexed by Dimension");

const DimensionInfo &info(Dimension d)
{
    return kDimensions[int(d)];
}

bool isTime(Dimension d)
{
    return d == Dimension::Day || d == Dimension::Hour;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

qint64 floorMod(qint64 a, qint64 b)
{
    return a - floorDiv(a, b) * b;
}

// The largest bucket (in seconds, a divisor of one hour) such that every UTC bucket falls into a single
// local hour of `zone` over the range: 3600 for whole-hour offsets and transitions, 1800 for +05:30 …
qint64 localHourBucketSeconds(const QTimeZone &zone, qint64 sinceNs, qint64 untilNs)
{
    const QDateTime from = Time::fromNs(sinceNs, QTimeZone::utc());
    const QDateTime to = Time::fromNs(untilNs, QTimeZone::utc());
    qint64 bucket = std::gcd(qint64(3600), qint64(zone.offsetFromUtc(from)));
    for (const QTimeZone::OffsetData &t : zone.transitions(from, to)) {
        bucket = std::gcd(bucket, qint64(t.offsetFromUtc));
        bucket = std::gcd(bucket, floorMod(t.atUtc.toSecsSinceEpoch(), 3600));
    }
    return bucket;
}

struct Sums
{
    qint64 calls = 0, inputTokens = 0, outputTokens = 0, cacheReadTokens = 0, cacheWriteTokens = 0,
           costMicros = 0, unpricedCalls = 0;
};

// Builds and runs the SELECTs of one report and merges their rows in C++.
class ReportRunner
{
public:
    ReportRunner(const QSqlDatabase &db, const ReportQuery &query)
        : m_db(db)
        , m_query(query)
    {}

    std::optional<QList<ReportRow>> run(Error *error);

private:
    // Rollup: rollup_hourly; Attr: rollup_attr's rows of m_attr (user or task); Raw: usage_events.
    enum class Table { Rollup, Attr, Raw };
    bool select(Table table, qint64 from, qint64 to, Error *error);
    const QString &timeKey(qint64 bucketStartSeconds, Dimension d);
    QList<ReportRow> sortedRows() const;

    const QSqlDatabase &m_db;
    const ReportQuery &m_query;
    QList<Dimension> m_columns;      // the text dimensions grouped on in SQL, in groupBy order
    bool m_needTime = false;         // a day/hour key or filter: rows carry their time bucket
    std::optional<Dimension> m_attr; // the one user or task dimension of a report rollup_attr serves
    qint64 m_bucketSeconds = 3600;
    QHash<qint64, std::pair<QString, QString>> m_timeKeys; // bucket start -> (day, hour)
    QHash<QStringList, Sums> m_groups;
};

std::optional<QList<ReportRow>> ReportRunner::run(Error *error)
{
    if (m_query.sinceNs > m_query.untilNs) {
        if (error)
            *error = {Error::Code::InvalidInput,
                      QCoreApplication::translate("Burnrate::Storage",
                                                  "The start of the report (%1) is after its end (%2).")
                          .arg(Time::toIsoUtc(m_query.sinceNs), Time::toIsoUtc(m_query.untilNs))};
        return std::nullopt;
    }
    if (!m_db.isOpen()) {
        if (error)
            *error = {Error::Code::Database,
                      QCoreApplication::translate("Burnrate::Storage", "The database is not open.")};
        return std::nullopt;
    }
    if (!m_query.zone.isValid()) {
        if (error)
            *error = {
                Error::Code::InvalidInput,
                QCoreApplication::translate("Burnrate::Storage", "The report's time zone is not valid.")};
        return std::nullopt;
    }

    const auto isProject = [](Dimension d) { return d == Dimension::Project; };
    if (std::any_of(m_query.groupBy.cbegin(), m_query.groupBy.cend(), isProject) ||
        std::any_of(m_query.filters.cbegin(), m_query.filters.cend(),
                    [&](const ReportFilter &f) { return isProject(f.dimension); })) {
        if (error)
            *error = {Error::Code::InvalidInput,
                      QCoreApplication::translate("Burnrate::Storage",
                                                  "project is a dimension of billed spend; use --billed.")};
        return std::nullopt;
    }

    bool rollupDimensions = true;
    // rollup_attr serves a report whose only dimensions besides day and hour are one of user or task.
    bool attrDimensions = true;
    const auto use = [&](Dimension d) {
        rollupDimensions = rollupDimensions && info(d).inRollup;
        m_needTime = m_needTime || isTime(d);
        if (isTime(d))
            return;
        if ((d == Dimension::User || d == Dimension::Task) && (!m_attr || *m_attr == d))
            m_attr = d;
        else
            attrDimensions = false;
    };
    for (Dimension d : m_query.groupBy) {
        use(d);
        if (!isTime(d) && !m_columns.contains(d))
            m_columns.append(d);
    }
    for (const ReportFilter &f : m_query.filters)
        use(f.dimension);
    if (m_needTime)
        m_bucketSeconds = localHourBucketSeconds(m_query.zone, m_query.sinceNs, m_query.untilNs);
    const std::optional<Table> hourTable = rollupDimensions ? std::optional(Table::Rollup)
                                           : attrDimensions && m_attr.has_value() ? std::optional(Table::Attr)
                                                                                  : std::nullopt;

    // Whole hours come from the rollup, the partial hours at the edges from raw events.
    const qint64 since = m_query.sinceNs;
    const qint64 until = m_query.untilNs;
    const qint64 firstHour = -floorDiv(-since, Time::kNanosPerHour);
    const qint64 endHour = floorDiv(until, Time::kNanosPerHour);
    if (since < until) {
        if (hourTable && m_bucketSeconds == 3600 && firstHour < endHour) {
            if (!select(*hourTable, firstHour, endHour, error))
                return std::nullopt;
            if (since < firstHour * Time::kNanosPerHour &&
                !select(Table::Raw, since, firstHour * Time::kNanosPerHour, error))
                return std::nullopt;
            if (endHour * Time::kNanosPerHour < until &&
                !select(Table::Raw, endHour * Time::kNanosPerHour, until, error))
                return std::nullopt;
        } else if (!select(Table::Raw, since, until, error)) {
            return std::nullopt;
        }
    }
    return sortedRows();
}

bool ReportRunner::select(Table table, qint64 from, qint64 to, Error *error)
{
    const bool rollup = table != Table::Raw; // hour sums
    // rollup_attr holds the value of its one dimension in `value`, '' for none.
    const auto column = [&](Dimension d) {
        return table == Table::Attr && d == m_attr ? QStringLiteral("value") : info(d).column.toString();
    };
    QStringList selected;
    for (Dimension d : std::as_const(m_columns))
        selected.append(column(d));
    QStringList grouped = selected;
    if (m_needTime) {
        const QString bucket = rollup ? QStringLiteral("hour")
                                      : QStringLiteral("(CASE WHEN ts_start_ns >= 0 THEN ts_start_ns / %1 "
                                                       "ELSE (ts_start_ns + 1) / %1 - 1 END)")
                                            .arg(m_bucketSeconds * Time::kNanosPerSecond);
        selected.append(bucket);
        grouped.append(bucket);
    }
    selected.append(rollup
                        ? QStringLiteral("sum(calls), sum(input_tokens), sum(output_tokens), "
                                         "sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), "
                                         "sum(unpriced_calls)")
                        : QStringLiteral("count(*), sum(input_tokens), sum(output_tokens), "
                                         "sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_micros), "
                                         "sum(cost_source = 'unpriced')"));

    QString sql = u"SELECT " + selected.join(u", ");
    QVariantList binds;
    switch (table) {
    case Table::Rollup:
        sql += u" FROM rollup_hourly WHERE hour >= ? AND hour < ?";
        break;
    case Table::Attr:
        sql += u" FROM rollup_attr WHERE dimension = ? AND hour >= ? AND hour < ?";
        binds.append(m_attr == Dimension::User ? QStringLiteral("user") : QStringLiteral("task"));
        break;
    case Table::Raw:
        sql += u" FROM usage_events WHERE ts_start_ns >= ? AND ts_start_ns < ?";
        break;
    }
    binds << from << to;
    // Filters on one dimension are OR-ed, on different dimensions AND-ed. An empty value means "none".
    for (const DimensionInfo &dim : kDimensions) {
        if (isTime(dim.dimension))
            continue; // applied to the computed keys below
        QStringList alternatives;
        bool none = false;
        QStringList values;
        for (const ReportFilter &f : m_query.filters) {
            if (f.dimension != dim.dimension)
                continue;
            if (f.value.isEmpty())
                none = true;
            else
                values.append(f.value);
        }
        const QString name = column(dim.dimension);
        if (none)
            alternatives.append(name + u" IS NULL OR " + name + u" = ''");
        if (!values.isEmpty()) {
            QStringList marks(values.size(), QStringLiteral("?"));
            alternatives.append(name + u" IN (" + marks.join(u", ") + u')');
            for (const QString &v : std::as_const(values))
                binds.append(v);
        }
        if (!alternatives.isEmpty())
            sql += u" AND (" + alternatives.join(u" OR ") + u')';
    }
    if (!grouped.isEmpty())
        sql += u" GROUP BY " + grouped.join(u", ");

    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    bool ok = q.prepare(sql);
    for (const QVariant &v : std::as_const(binds))
        q.addBindValue(v);
    ok = ok && q.exec();
    if (!ok) {
        if (error) {
            const QSqlError e = q.lastError();
            *error =
                Sqlite::databaseError(m_db.databaseName(), e.nativeErrorCode().toInt(), e.databaseText());
        }
        return false;
    }

    const int sumsAt = int(m_columns.size()) + (m_needTime ? 1 : 0);
    QStringList keys(m_query.groupBy.size());
    while (q.next()) {
        Sums row;
        row.calls = q.value(sumsAt).toLongLong();
        if (row.calls == 0)
            continue; // an aggregate without GROUP BY over no rows
        const qint64 bucketStart =
            m_needTime ? q.value(int(m_columns.size())).toLongLong() * (rollup ? 3600 : m_bucketSeconds) : 0;
        // Day and hour filters apply to the computed keys; filters on one of them are OR-ed.
        bool keep = true;
        for (Dimension td : {Dimension::Day, Dimension::Hour}) {
            bool filtered = false;
            bool matched = false;
            for (const ReportFilter &f : m_query.filters) {
                if (f.dimension == td) {
                    filtered = true;
                    matched = matched || f.value == timeKey(bucketStart, td);
                }
            }
            keep = keep && (!filtered || matched);
        }
        if (!keep)
            continue;
        for (qsizetype i = 0; i < m_query.groupBy.size(); ++i) {
            const Dimension d = m_query.groupBy.at(i);
            if (isTime(d)) {
                keys[i] = timeKey(bucketStart, d);
            } else {
                const QString value = q.value(int(m_columns.indexOf(d))).toString();
                keys[i] = value.isEmpty() ? QString() : value;
            }
        }
        row.inputTokens = q.value(sumsAt + 1).toLongLong();
        row.outputTokens = q.value(sumsAt + 2).toLongLong();
        row.cacheReadTokens = q.value(sumsAt + 3).toLongLong();
        row.cacheWriteTokens = q.value(sumsAt + 4).toLongLong();
        row.costMicros = q.value(sumsAt + 5).toLongLong();
        row.unpricedCalls = q.value(sumsAt + 6).toLongLong();
        Sums &g = m_groups[keys];
        g.calls += row.calls;
        g.inputTokens += row.inputTokens;
        g.outputTokens += row.outputTokens;
        g.cacheReadTokens += row.cacheReadTokens;
        g.cacheWriteTokens += row.cacheWriteTokens;
        g.costMicros += row.costMicros;
        g.unpricedCalls += row.unpricedCalls;
    }
    if (q.lastError().isValid()) {
        if (error) {
            const QSqlError e = q.lastError();
            *error =
                Sqlite::databaseError(m_db.databaseName(), e.nativeErrorCode().toInt(), e.databaseText());
        }
        return false;
    }
    return true;
}

const QString &ReportRunner::timeKey(qint64 bucketStartSeconds, Dimension d)
{
    auto it = m_timeKeys.find(bucketStartSeconds);
    if (it == m_timeKeys.end()) {
        const QDateTime local = QDateTime::fromSecsSinceEpoch(bucketStartSeconds, m_query.zone);
        it = m_timeKeys.insert(bucketStartSeconds, {local.toString(QStringLiteral("yyyy-MM-dd")),
                                                    local.toString(QStringLiteral("yyyy-MM-dd'T'HH:00"))});
    }
    return d == Dimension::Day ? it->first : it->second;
}

QList<ReportRow> ReportRunner::sortedRows() const
{
    QList<ReportRow> rows;
    rows.reserve(m_groups.size());
    for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
        const Sums &s = it.value();
        rows.append({it.key(), s.calls, s.inputTokens, s.outputTokens, s.cacheReadTokens, s.cacheWriteTokens,
                     s.costMicros, s.unpricedCalls});
    }
    const bool chronological = !m_query.groupBy.isEmpty() && isTime(m_query.groupBy.first());
    std::sort(rows.begin(), rows.end(), [chronological](const ReportRow &a, const ReportRow &b) {
        if (chronological) {
            if (const int c = a.keys.first().compare(b.keys.first()); c != 0)
                return c < 0;
        }
        if (a.costMicros != b.costMicros)
            return a.costMicros > b.costMicros;
        return std::lexicographical_compare(
            a.keys.cbegin(), a.keys.cend(), b.keys.cbegin(), b.keys.cend(),
            [](const QString &x, const QString &y) { return x.compare(y) < 0; });
    });
    return rows;
}

} // namespace

QString dimensionName(Dimension d)
{
    return info(d).name.toString();
}

std::optional<Dimension> dimensionFromName(QStringView name)
{
    for (const DimensionInfo &dim : kDimensions) {
        if (dim.name == name)
            return dim.dimension;
    }
    return std::nullopt;
}

QStringList dimensionNames()
{
    QStringList names;
    for (const DimensionInfo &dim : kDimensions)
        names.append(dim.name.toString());
    return names;
}

std::optional<QList<ReportRow>> runReport(const QSqlDatabase &db, const ReportQuery &query, Error *error)
{
    return ReportRunner(db, query).run(error);
}

namespace {

constexpr const char *kSumFields[] = {
    "calls",    "input_tokens",  "output_tokens", "cache_read_tokens", "cache_write_tokens",
    "cost_usd", "unpriced_calls"};

QStringList fieldNames(const QList<Dimension> &groupBy)
{
    QStringList names;
    for (Dimension d : groupBy)
        names << dimensionName(d);
    for (const char *field : kSumFields)
        names << QString::fromLatin1(field);
    return names;
}

QStringList sumValues(const ReportRow &r)
{
    return {QString::number(r.calls),
            QString::number(r.inputTokens),
            QString::number(r.outputTokens),
            QString::number(r.cacheReadTokens),
            QString::number(r.cacheWriteTokens),
            Money::toDecimalString(r.costMicros),
            QString::number(r.unpricedCalls)};
}

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

} // namespace

QByteArray reportJson(const QList<Dimension> &groupBy, const QList<ReportRow> &rows)
{
    const QStringList names = fieldNames(groupBy);
    QString out = QStringLiteral("[");
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const ReportRow &r = rows.at(i);
        QStringList values;
        for (const QString &key : r.keys)
            values << (key.isNull() ? QStringLiteral("null") : jsonString(key));
        values << sumValues(r);
        QStringList fields;
        for (qsizetype f = 0; f < names.size() && f < values.size(); ++f)
            fields << jsonString(names.at(f)) + u": " + values.at(f);
        out += (i ? u",\n {" : u"\n {") + fields.join(u", ") + u'}';
    }
    out += rows.isEmpty() ? u"]\n" : u"\n]\n";
    return out.toUtf8();
}

QByteArray reportCsv(const QList<Dimension> &groupBy, const QList<ReportRow> &rows)
{
    QString out = fieldNames(groupBy).join(u',') + u"\r\n";
    for (const ReportRow &r : rows) {
        QStringList fields;
        for (const QString &key : r.keys)
            fields << csvField(key);
        fields << sumValues(r);
        out += fields.join(u',') + u"\r\n";
    }
    return out.toUtf8();
}

} // namespace Burnrate::Storage
