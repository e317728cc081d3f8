// Internal to the provider parsers (never include it elsewhere: it carries nlohmann::json). Reads a
// response exactly — a number with a fraction or exponent keeps its text, so money never passes through
// double — and gives typed field access that names the JSON path of the first problem in its Error.
#pragma once

#include "common/error.h"
#include "providers/providerbucket.h"

#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <nlohmann/json.hpp>
#include <optional>

namespace Burnrate::Providers::Detail {

using Json = nlohmann::json;

// Where a value sits in the response; turned into text ("data[2].results[0].amount") only for a message.
struct JsonPath
{
    const JsonPath *parent = nullptr;
    const char *key = nullptr; // a member name, or nullptr for the array element `index`
    qsizetype index = 0;

    QString toString() const;
};

enum class Need { Optional, Required };

enum class TimeFormat {
    UnixSeconds, // OpenAI: an integer
    Rfc3339,     // Anthropic: "2026-08-01T00:00:00Z"
};

// What is wrong with one value; rendered into a translated sentence with the value's path.
enum class Problem {
    Missing,
    NotObject,
    NotList,
    NotText,
    NotFlag,
    NotCount,
    NotAmount,
    NotTime,
    NotAfterStart, // a bucket's end
    BelowCached,   // OpenAI input_tokens smaller than its cached parts
    NoCursor,      // next_page while has_more is true
    Overflow,      // a sum beyond INT64_MAX
};

class ResponseReader
{
public:
    // `endpoint` names the source in messages, e.g. "OpenAI /v1/organization/costs".
    explicit ResponseReader(QString endpoint);

    // Parses `body`, which must be a JSON object. False (with error()) otherwise.
    bool parse(QByteArrayView body);
    const Json &root() const { return m_root; }

    bool failed() const { return m_error.isError(); }
    const Error &error() const { return m_error; }
    // Hands the result to a caller's optional + Error* pair.
    template<typename T> std::optional<T> finish(T value, Error *error) const
    {
        if (!failed())
            return value;
        if (error)
            *error = m_error;
        return std::nullopt;
    }

    // Typed access to `object[key]`, `at` being the path of `object`. A missing or null member is the
    // default (a failure when required); a member of another type fails. Only the first failure is
    // kept; after it every call returns its default.
    const Json *objectMember(const Json &object, const char *key, const JsonPath &at, Need need);
    const Json *listMember(const Json &object, const char *key, const JsonPath &at, Need need);
    QString text(const Json &object, const char *key, const JsonPath &at, Need need = Need::Optional);
    bool flag(const Json &object, const char *key, const JsonPath &at);
    // A whole number from 0 to INT64_MAX.
    qint64 count(const Json &object, const char *key, const JsonPath &at, qint64 missing = 0);
    // A JSON number of dollars as micro-USD, exactly; nullopt when missing or null.
    std::optional<qint64> dollars(const Json &object, const char *key, const JsonPath &at);
    // A decimal string of cents (Anthropic) as micro-USD, exactly.
    qint64 centsText(const Json &object, const char *key, const JsonPath &at);
    // A required bucket bound in Unix nanoseconds.
    qint64 timeNs(const Json &object, const char *key, const JsonPath &at, TimeFormat format);
    // A required "YYYY-MM-DD" as the nanoseconds of that UTC midnight.
    qint64 dayNs(const Json &object, const char *key, const JsonPath &at);

    // The amount's currency must be US dollars; the APIs spell it "usd" or "USD".
    void checkCurrency(const QString &currency);
    // a + b, failing at `at` on overflow.
    qint64 sum(qint64 a, qint64 b, const JsonPath &at);
    void fail(const JsonPath &at, Problem problem);

    // data[] of time buckets, each with `results` (or `result`, as some API descriptions spell it):
    // calls readRow(const Json &result, const JsonPath &at, Bucket &row) with `row` holding the
    // provider and bucket times, then merges the row into the page; reads the cursor.
    template<typename Bucket, typename ReadRow>
    void readBucketPage(Page<Bucket> &page, const QString &provider, const char *startKey, const char *endKey,
                        TimeFormat format, ReadRow readRow);

    // Appends `row`, or sums it into an earlier row of `rows` with the same dimensions (found through
    // `index`, which the caller clears between buckets).
    template<typename Row>
    void appendMerged(QList<Row> &rows, QHash<QString, qsizetype> &index, Row row, const JsonPath &at);

private:
    const Json *member(const Json &object, const char *key, const JsonPath &at, Need need);
    void failWith(Error error);
    void readCursor(bool &hasMore, QString &nextPage);

    QString m_endpoint;
    Json m_root;
    Error m_error;
};

// The dimensions that make a row unique within its bucket.
QString mergeKey(const UsageBucket &row);
QString mergeKey(const CostBucket &row);
// Sums `row`'s figures into `into`; false on overflow.
bool addInto(UsageBucket &into, const UsageBucket &row);
bool addInto(CostBucket &into, const CostBucket &row);

template<typename Row>
void ResponseReader::appendMerged(QList<Row> &rows, QHash<QString, qsizetype> &index, Row row,
                                  const JsonPath &at)
{
    const QString key = mergeKey(row);
    const auto found = index.constFind(key);
    if (found == index.cend()) {
        index.insert(key, rows.size());
        rows.append(std::move(row));
    } else if (!addInto(rows[*found], row)) {
        fail(at, Problem::Overflow);
    }
}

template<typename Bucket, typename ReadRow>
void ResponseReader::readBucketPage(Page<Bucket> &page, const QString &provider, const char *startKey,
                                    const char *endKey, TimeFormat format, ReadRow readRow)
{
    const JsonPath rootPath;
    const JsonPath dataPath{&rootPath, "data"};
    const Json *data = listMember(m_root, "data", rootPath, Need::Required);
    if (!data)
        return;
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < qsizetype(data->size()); ++i) {
        const JsonPath bucketPath{&dataPath, nullptr, i};
        const Json &bucket = (*data)[std::size_t(i)];
        if (!bucket.is_object())
            return fail(bucketPath, Problem::NotObject);
        const qint64 start = timeNs(bucket, startKey, bucketPath, format);
        const qint64 end = timeNs(bucket, endKey, bucketPath, format);
        if (failed())
            return;
        if (end <= start)
            return fail(JsonPath{&bucketPath, endKey}, Problem::NotAfterStart);
        page.spans.append(BucketSpan{start, end - start});
        const char *resultsKey = bucket.contains("results") ? "results" : "result";
        const Json *results = listMember(bucket, resultsKey, bucketPath, Need::Required);
        if (!results)
            return;
        const JsonPath resultsPath{&bucketPath, resultsKey};
        index.clear();
        for (qsizetype j = 0; j < qsizetype(results->size()); ++j) {
            const JsonPath resultPath{&resultsPath, nullptr, j};
            const Json &result = (*results)[std::size_t(j)];
            if (!result.is_object())
                return fail(resultPath, Problem::NotObject);
            Bucket row;
            row.provider = provider;
            row.bucketStartNs = start;
            row.bucketWidthNs = end - start;
            readRow(result, resultPath, row);
            if (failed())
                return;
            appendMerged(page.buckets, index, std::move(row), resultPath);
            if (failed())
                return;
        }
    }
    readCursor(page.hasMore, page.nextPage);
}

} // namespace Burnrate::Providers::Detail
