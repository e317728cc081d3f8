#include "responsereader.h"

#include "common/money.h"
#include "common/timeutil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>
#include <QtNumeric>

#include <charconv>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace Burnrate::Providers::Detail {

namespace {

constexpr qint64 kMaxSeconds = std::numeric_limits<qint64>::max() / Time::kNanosPerSecond;

// Builds the document like nlohmann's own parser, except that a number with a fraction or an
// exponent (which nlohmann would turn into a double) is kept as its text, in a binary value: no
// other JSON value is binary, so the type still tells numbers from strings.
class ExactDomBuilder final : public nlohmann::json_sax<Json>
{
public:
    Json root;
    std::size_t errorPosition = 0;

    bool null() override { return add(nullptr); }
    bool boolean(bool value) override { return add(value); }
    bool number_integer(number_integer_t value) override { return add(value); }
    bool number_unsigned(number_unsigned_t value) override { return add(value); }
    bool number_float(number_float_t, const string_t &text) override
    {
        return add(Json::binary(std::vector<std::uint8_t>(text.begin(), text.end())));
    }
    bool string(string_t &value) override { return add(std::move(value)); }
    bool binary(binary_t &) override { return false; } // not produced from JSON text
    bool start_object(std::size_t) override { return open(Json::object()); }
    bool key(string_t &name) override
    {
        m_key = std::move(name);
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(Json::array()); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string &, const Json::exception &) override
    {
        errorPosition = position;
        return false;
    }

private:
    // Pointers to the open containers stay valid: only the innermost one grows, and an object's
    // members (a std::map) never move.
    Json *place(Json value)
    {
        if (m_open.empty()) {
            root = std::move(value);
            return &root;
        }
        Json &parent = *m_open.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        Json &slot = parent[m_key]; // a repeated name keeps the last value, as nlohmann does
        slot = std::move(value);
        return &slot;
    }
    bool add(Json value)
    {
        place(std::move(value));
        return true;
    }
    bool open(Json container)
    {
        m_open.push_back(place(std::move(container)));
        return true;
    }
    bool close()
    {
        m_open.pop_back();
        return true;
    }

    std::vector<Json *> m_open;
    std::string m_key;
};

// A JSON number's text, in dollars, as micro-USD, exactly.
std::optional<qint64> dollarTextMicros(std::string_view text)
{
    int exponent = 0;
    const std::size_t e = text.find_first_of("eE");
    if (e != std::string_view::npos) {
        std::string_view digits = text.substr(e + 1);
        if (!digits.empty() && digits.front() == '+')
            digits.remove_prefix(1);
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), exponent);
        // Beyond ±100 no amount is plausible (nor cheap to scale).
        if (ec != std::errc() || end != digits.data() + digits.size() || exponent < -100 || exponent > 100)
            return std::nullopt;
        text = text.substr(0, e);
    }
    return Money::parseDecimalMicros(QString::fromLatin1(text.data(), qsizetype(text.size())), -exponent);
}

QString problemText(Problem problem, const QString &path)
{
    QString text;
    switch (problem) {
    case Problem::Missing:
        text = QCoreApplication::translate("Burnrate::Providers", "%1 is missing");
        break;
    case Problem::NotObject:
        text = QCoreApplication::translate("Burnrate::Providers", "%1 is not an object");
        break;
    case Problem::NotList:
        text = QCoreApplication::translate("Burnrate::Providers", "%1 is not a list");
        break;
    case Problem::NotText:
        text = QCoreApplication::translate("Burnrate::Providers", "%1 is not text");
        break;
    case Problem::NotFlag:
        text = QCoreApplication::translate("Burnrate::Providers", "%1 is not true or false");
        break;
    case Problem::NotCount:
        text = QCoreApplication::translate("Burnrate::Providers", "%1 is not a whole number within range");
        break;
    case Problem::NotAmount:
        text =
            QCoreApplication::translate("Burnrate::Providers", "%1 is not an amount of money within range");
        break;
    case Problem::NotTime:
        text = QCoreApplication::translate("Burnrate::Providers", "%1 is not a valid time");
        break;
    case Problem::NotAfterStart:
        text = QCoreApplication::translate("Burnrate::Providers", "%1 is not after the start of its bucket");
        break;
    case Problem::BelowCached:
        text = QCoreApplication::translate("Burnrate::Providers",
                                           "%1 is smaller than the cached tokens it includes");
        break;
    case Problem::NoCursor:
        text = QCoreApplication::translate("Burnrate::Providers", "%1 is empty although has_more is true");
        break;
    case Problem::Overflow:
        text = QCoreApplication::translate("Burnrate::Providers",
                                           "the figures at %1 add up to more than can be counted");
        break;
    }
    return text.arg(path);
}

} // namespace

QString JsonPath::toString() const
{
    if (!parent) // the root
        return {};
    QString text = parent->toString();
    if (!key)
        return text + u'[' + QString::number(index) + u']';
    if (!text.isEmpty())
        text += u'.';
    return text + QString::fromUtf8(key);
}

ResponseReader::ResponseReader(QString endpoint)
    : m_endpoint(std::move(endpoint))
{}

bool ResponseReader::parse(QByteArrayView body)
{
    ExactDomBuilder builder;
    if (!Json::sax_parse(body.begin(), body.end(), &builder)) {
        failWith(Error(Error::Code::InvalidInput,
                       QCoreApplication::translate("Burnrate::Providers",
                                                   "The answer from %1 is not valid JSON (error at byte %2). "
                                                   "Check the base URL.")
                           .arg(m_endpoint)
                           .arg(builder.errorPosition)));
        return false;
    }
    m_root = std::move(builder.root);
    if (!m_root.is_object()) {
        failWith(
            Error(Error::Code::InvalidInput,
                  QCoreApplication::translate("Burnrate::Providers",
                                              "The answer from %1 is not a JSON object. Check the base URL.")
                      .arg(m_endpoint)));
        return false;
    }
    return true;
}

void ResponseReader::failWith(Error error)
{
    if (!failed())
        m_error = std::move(error);
}

void ResponseReader::fail(const JsonPath &at, Problem problem)
{
    if (failed())
        return;
    failWith(
        Error(Error::Code::InvalidInput,
              QCoreApplication::translate("Burnrate::Providers",
                                          "The answer from %1 has an unexpected shape: %2. Check the base "
                                          "URL; if it is right, the provider may have changed its API.")
                  .arg(m_endpoint, problemText(problem, at.toString()))));
}

void ResponseReader::checkCurrency(const QString &currency)
{
    if (failed() || currency.compare(u"usd", Qt::CaseInsensitive) == 0)
        return;
    failWith(Error(Error::Code::Unsupported,
                   QCoreApplication::translate("Burnrate::Providers",
                                               "%1 reports an amount in %2. Burnrate counts only US dollars.")
                       .arg(m_endpoint, currency)));
}

qint64 ResponseReader::sum(qint64 a, qint64 b, const JsonPath &at)
{
    qint64 result = 0;
    if (qAddOverflow(a, b, &result)) {
        fail(at, Problem::Overflow);
        return 0;
    }
    return result;
}

const Json *ResponseReader::member(const Json &object, const char *key, const JsonPath &at, Need need)
{
    if (failed())
        return nullptr;
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        if (need == Need::Required)
            fail(JsonPath{&at, key}, Problem::Missing);
        return nullptr;
    }
    return &*found;
}

const Json *ResponseReader::objectMember(const Json &object, const char *key, const JsonPath &at, Need need)
{
    const Json *value = member(object, key, at, need);
    if (value && !value->is_object()) {
        fail(JsonPath{&at, key}, Problem::NotObject);
        return nullptr;
    }
    return value;
}

const Json *ResponseReader::listMember(const Json &object, const char *key, const JsonPath &at, Need need)
{
    const Json *value = member(object, key, at, need);
    if (value && !value->is_array()) {
        fail(JsonPath{&at, key}, Problem::NotList);
        return nullptr;
    }
    return value;
}

QString ResponseReader::text(const Json &object, const char *key, const JsonPath &at, Need need)
{
    const Json *value = member(object, key, at, need);
    if (!value)
        return {};
    if (!value->is_string()) {
        fail(JsonPath{&at, key}, Problem::NotText);
        return {};
    }
    const std::string &utf8 = value->get_ref<const std::string &>();
    return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
}

bool ResponseReader::flag(const Json &object, const char *key, const JsonPath &at)
{
    const Json *value = member(object, key, at, Need::Optional);
    if (!value)
        return false;
    if (!value->is_boolean()) {
        fail(JsonPath{&at, key}, Problem::NotFlag);
        return false;
    }
    return value->get<bool>();
}

qint64 ResponseReader::count(const Json &object, const char *key, const JsonPath &at, qint64 missing)
{
    const Json *value = member(object, key, at, Need::Optional);
    if (!value)
        return missing;
    // nlohmann stores non-negative integers as unsigned and negative ones as signed.
    if (value->is_number_unsigned()) {
        const auto n = value->get<std::uint64_t>();
        if (n <= std::uint64_t(std::numeric_limits<qint64>::max()))
            return qint64(n);
    }
    fail(JsonPath{&at, key}, Problem::NotCount);
    return 0;
}

std::optional<qint64> ResponseReader::dollars(const Json &object, const char *key, const JsonPath &at)
{
    const Json *value = member(object, key, at, Need::Optional);
    if (!value)
        return std::nullopt;
    std::optional<qint64> micros;
    if (value->is_binary()) {
        const auto &bytes = value->get_binary();
        micros =
            dollarTextMicros(std::string_view(reinterpret_cast<const char *>(bytes.data()), bytes.size()));
    } else if (value->is_number_unsigned() || value->is_number_integer()) {
        const std::string digits = value->dump();
        micros = dollarTextMicros(digits);
    }
    if (!micros)
        fail(JsonPath{&at, key}, Problem::NotAmount);
    return micros;
}

qint64 ResponseReader::centsText(const Json &object, const char *key, const JsonPath &at)
{
    const QString amount = text(object, key, at, Need::Required);
    if (failed())
        return 0;
    const std::optional<qint64> micros = Money::parseDecimalMicros(amount, 2);
    if (!micros)
        fail(JsonPath{&at, key}, Problem::NotAmount);
    return micros.value_or(0);
}

qint64 ResponseReader::timeNs(const Json &object, const char *key, const JsonPath &at, TimeFormat format)
{
    const Json *value = member(object, key, at, Need::Required);
    if (!value)
        return 0;
    if (format == TimeFormat::UnixSeconds) {
        if (value->is_number_unsigned() && value->get<std::uint64_t>() <= std::uint64_t(kMaxSeconds))
            return qint64(value->get<std::uint64_t>()) * Time::kNanosPerSecond;
    } else if (value->is_string()) {
        const QDateTime time =
            QDateTime::fromString(QString::fromStdString(value->get<std::string>()), Qt::ISODate);
        qint64 ns = 0;
        // RFC 3339 requires a zone; without one Qt would read local time.
        if (time.isValid() && time.timeSpec() != Qt::LocalTime &&
            !qMulOverflow(time.toMSecsSinceEpoch(), qint64(1'000'000), &ns))
            return ns;
    }
    fail(JsonPath{&at, key}, Problem::NotTime);
    return 0;
}

qint64 ResponseReader::dayNs(const Json &object, const char *key, const JsonPath &at)
{
    const QString day = text(object, key, at, Need::Required);
    if (failed())
        return 0;
    const QDate date = QDate::fromString(day, Qt::ISODate);
    if (!date.isValid()) {
        fail(JsonPath{&at, key}, Problem::NotTime);
        return 0;
    }
    return Time::toNs(date.startOfDay(QTimeZone::utc()));
}

void ResponseReader::readCursor(bool &hasMore, QString &nextPage)
{
    const JsonPath rootPath;
    hasMore = flag(m_root, "has_more", rootPath);
    nextPage = text(m_root, "next_page", rootPath);
    if (hasMore && nextPage.isEmpty())
        fail(JsonPath{&rootPath, "next_page"}, Problem::NoCursor);
}

QString mergeKey(const UsageBucket &row)
{
    return row.model + u'\x1f' + row.projectId + u'\x1f' + row.apiKeyId + u'\x1f' + row.serviceTier;
}

QString mergeKey(const CostBucket &row)
{
    return row.projectId + u'\x1f' + row.lineItem + u'\x1f' + row.model;
}

bool addInto(UsageBucket &into, const UsageBucket &row)
{
    bool overflow = qAddOverflow(into.inputTokens, row.inputTokens, &into.inputTokens);
    overflow |= qAddOverflow(into.cacheReadTokens, row.cacheReadTokens, &into.cacheReadTokens);
    overflow |= qAddOverflow(into.cacheWriteTokens, row.cacheWriteTokens, &into.cacheWriteTokens);
    overflow |= qAddOverflow(into.cacheWrite5mTokens, row.cacheWrite5mTokens, &into.cacheWrite5mTokens);
    overflow |= qAddOverflow(into.cacheWrite1hTokens, row.cacheWrite1hTokens, &into.cacheWrite1hTokens);
    overflow |= qAddOverflow(into.outputTokens, row.outputTokens, &into.outputTokens);
    if (into.requests < 0 || row.requests < 0) // one unknown count makes the sum unknown
        into.requests = -1;
    else
        overflow |= qAddOverflow(into.requests, row.requests, &into.requests);
    return !overflow;
}

bool addInto(CostBucket &into, const CostBucket &row)
{
    return !qAddOverflow(into.costMicros, row.costMicros, &into.costMicros);
}

} // namespace Burnrate::Providers::Detail
