// OTLP/JSON decoding and encoding, plus the pieces both wire formats share (span checks, the JSON text
// kept for array and kvlist attributes). Declarations of the shared pieces are in otlpprotobuf.cpp.
#include "otlpcodec.h"

#include "interner.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>

#include <charconv>
#include <cmath>
#include <limits>

namespace Burnrate::Ingest {

namespace CodecDetail {

enum class SpanProblem { TraceId, SpanId, ParentSpanId, Time, EndBeforeStart };

void rejectSpan(TraceBatch &batch, SpanProblem problem)
{
    QString reason;
    switch (problem) {
    case SpanProblem::TraceId:
        reason = QCoreApplication::translate("Burnrate::Ingest", "trace id is not 32 hex digits");
        break;
    case SpanProblem::SpanId:
        reason = QCoreApplication::translate("Burnrate::Ingest", "span id is not 16 hex digits");
        break;
    case SpanProblem::ParentSpanId:
        reason = QCoreApplication::translate("Burnrate::Ingest", "parent span id is not 16 hex digits");
        break;
    case SpanProblem::Time:
        reason = QCoreApplication::translate("Burnrate::Ingest", "time is not a valid nanosecond timestamp");
        break;
    case SpanProblem::EndBeforeStart:
        reason = QCoreApplication::translate("Burnrate::Ingest", "end time is before start time");
        break;
    }
    ++batch.rejectedSpans;
    if (!batch.rejectionReasons.contains(reason))
        batch.rejectionReasons.append(reason);
}

// Renders one element of an array attribute the way the normalizer reads tags.
static QString elementText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const qint64 i = v.toInteger(std::numeric_limits<qint64>::min());
        if (i != std::numeric_limits<qint64>::min() || v.toDouble() == double(i))
            return QString::number(i);
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

AnyValue arrayValue(const QJsonArray &plain)
{
    AnyValue a;
    a.type = AnyValue::Type::Array;
    a.array.reserve(plain.size());
    for (const auto &v : plain)
        a.array.append(elementText(v));
    a.string = QString::fromUtf8(QJsonDocument(plain).toJson(QJsonDocument::Compact));
    return a;
}

AnyValue kvlistValue(const QJsonObject &plain)
{
    AnyValue a;
    a.type = AnyValue::Type::KvList;
    a.string = QString::fromUtf8(QJsonDocument(plain).toJson(QJsonDocument::Compact));
    return a;
}

// The plain JSON an Array or KvList attribute stands for, for the encoders. A hand-built batch may
// leave the JSON text empty; its array elements are then sent as strings.
QJsonValue plainJson(const AnyValue &a)
{
    if (!a.string.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(a.string.toUtf8());
        if (a.type == AnyValue::Type::Array && doc.isArray())
            return doc.array();
        if (a.type == AnyValue::Type::KvList && doc.isObject())
            return doc.object();
    }
    if (a.type == AnyValue::Type::KvList)
        return QJsonObject();
    return QJsonArray::fromStringList(a.array);
}

} // namespace CodecDetail

using namespace CodecDetail;

namespace {

enum class IdCheck { Ok, Zero, Invalid };

// A pull reader over the UTF-8 body, just enough JSON (RFC 8259) for OTLP. It replaces a
// QJsonDocument round trip, whose tree building and teardown cost more than the rest of the ingest
// path; values the caller does not want are skipped without being built.
class JsonReader
{
public:
    explicit JsonReader(QByteArrayView text)
        : m_begin(text.data())
        , m_p(text.data())
        , m_end(text.data() + text.size())
    {}

    Interner &interner() { return m_interner; } // the request's shared attribute names and values
    bool failed() const { return !m_error.isEmpty(); }
    QString errorMessage() const { return m_error; }

    char peek()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
        return m_p < m_end ? *m_p : '\0';
    }
    bool atEnd() { return peek() == '\0' && m_p == m_end; }
    bool isNull() { return peek() == 'n'; }

    // Calls f(key) for each member of an object; f consumes the value.
    template<typename F> bool forEachMember(F &&f)
    {
        if (peek() != '{')
            return syntaxError();
        if (++m_depth > maxDepth)
            return fail(QCoreApplication::translate("Burnrate::Ingest", "nesting too deep"));
        ++m_p;
        if (peek() == '}') {
            ++m_p;
            --m_depth;
            return true;
        }
        for (;;) {
            QByteArrayView key;
            if (peek() != '"' || !readRaw(&key))
                return syntaxError();
            if (peek() != ':')
                return syntaxError();
            ++m_p;
            if (!f(key))
                return false;
            const char c = peek();
            if (c != ',' && c != '}')
                return syntaxError();
            ++m_p;
            if (c == '}') {
                --m_depth;
                return true;
            }
        }
    }

    // Calls f(index) for each element of an array; f consumes the element.
    template<typename F> bool forEachElement(F &&f)
    {
        if (peek() != '[')
            return syntaxError();
        if (++m_depth > maxDepth)
            return fail(QCoreApplication::translate("Burnrate::Ingest", "nesting too deep"));
        ++m_p;
        if (peek() == ']') {
            ++m_p;
            --m_depth;
            return true;
        }
        for (qsizetype i = 0;; ++i) {
            if (!f(i))
                return false;
            const char c = peek();
            if (c != ',' && c != ']')
                return syntaxError();
            ++m_p;
            if (c == ']') {
                --m_depth;
                return true;
            }
        }
    }

    bool skipValue()
    {
        switch (peek()) {
        case '"': {
            QByteArrayView raw;
            return readRaw(&raw);
        }
        case '{':
            return forEachMember([this](QByteArrayView) { return skipValue(); });
        case '[':
            return forEachElement([this](qsizetype) { return skipValue(); });
        case 't':
        case 'f':
        case 'n': {
            bool ignored;
            return readLiteral(&ignored);
        }
        default: {
            QByteArrayView token;
            bool integral;
            return readNumber(&token, &integral);
        }
        }
    }

    // The content of a string, unescaped, as UTF-8: a view into the body, or into a scratch buffer
    // that the next string with escapes overwrites.
    bool readRaw(QByteArrayView *out)
    {
        if (peek() != '"')
            return syntaxError();
        const char *start = ++m_p;
        while (m_p < m_end && *m_p != '"' && *m_p != '\\' && static_cast<unsigned char>(*m_p) >= 0x20)
            ++m_p;
        if (m_p < m_end && *m_p == '"') {
            *out = QByteArrayView(start, m_p - start);
            ++m_p;
            return true;
        }
        m_scratch.clear();
        m_scratch.append(QByteArrayView(start, m_p - start));
        while (m_p < m_end) {
            const char c = *m_p;
            if (c == '"') {
                ++m_p;
                *out = m_scratch;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                return syntaxError();
            if (c != '\\') {
                m_scratch.append(c);
                ++m_p;
                continue;
            }
            if (++m_p == m_end)
                break;
            switch (*m_p++) {
            case '"':
                m_scratch.append('"');
                break;
            case '\\':
                m_scratch.append('\\');
                break;
            case '/':
                m_scratch.append('/');
                break;
            case 'b':
                m_scratch.append('\b');
                break;
            case 'f':
                m_scratch.append('\f');
                break;
            case 'n':
                m_scratch.append('\n');
                break;
            case 'r':
                m_scratch.append('\r');
                break;
            case 't':
                m_scratch.append('\t');
                break;
            case 'u':
                if (!readUnicodeEscape())
                    return false;
                break;
            default:
                --m_p;
                return syntaxError();
            }
        }
        return syntaxError();
    }

    bool readString(QString *out)
    {
        QByteArrayView raw;
        if (!readRaw(&raw))
            return false;
        *out = QString::fromUtf8(raw);
        return true;
    }

    // A string member whose value may be of another type (then skipped, leaving `out` alone).
    bool readStringOrSkip(QString *out) { return peek() == '"' ? readString(out) : skipValue(); }

    bool readLiteral(bool *value)
    {
        auto word = [this](QByteArrayView w) {
            if (m_end - m_p < w.size() || QByteArrayView(m_p, w.size()) != w)
                return false;
            m_p += w.size();
            return true;
        };
        if (word("true"))
            *value = true;
        else if (word("false"))
            *value = false;
        else if (!word("null"))
            return syntaxError();
        return true;
    }

    // A number token checked against the JSON grammar; `integral` when it has no fraction or exponent.
    bool readNumber(QByteArrayView *token, bool *integral)
    {
        const char *start = m_p;
        auto digits = [this] {
            const char *from = m_p;
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
            return m_p > from;
        };
        if (m_p < m_end && *m_p == '-')
            ++m_p;
        if (m_p < m_end && *m_p == '0')
            ++m_p;
        else if (!digits())
            return syntaxError();
        *integral = true;
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            *integral = false;
            if (!digits())
                return syntaxError();
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            *integral = false;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return syntaxError();
        }
        *token = QByteArrayView(start, m_p - start);
        return true;
    }

    // An int64 given as a decimal string or a JSON number, never read through double unless the
    // sender wrote a fraction or exponent. `ok` says whether it was one; anything else is skipped.
    bool readInt64(qint64 *out, bool *ok)
    {
        const char c = peek();
        QByteArrayView token;
        bool integral = true;
        if (c == '"') {
            if (!readRaw(&token))
                return false;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            if (!readNumber(&token, &integral))
                return false;
        } else {
            *ok = false;
            return skipValue();
        }
        *ok = integral ? parseInt64(token, out) : integralDouble(token, out);
        return true;
    }

    // A double as a number or as the proto3 JSON strings ("NaN", "Infinity", "1.5"). `ok` says
    // whether it was one; anything else is skipped.
    bool readDouble(double *out, bool *ok)
    {
        const char c = peek();
        QByteArrayView token;
        if (c == '"') {
            if (!readRaw(&token))
                return false;
            *ok = true;
            if (token == "NaN")
                *out = std::numeric_limits<double>::quiet_NaN();
            else if (token == "Infinity")
                *out = std::numeric_limits<double>::infinity();
            else if (token == "-Infinity")
                *out = -std::numeric_limits<double>::infinity();
            else
                *ok = parseDouble(token, out);
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            bool integral;
            if (!readNumber(&token, &integral))
                return false;
            *ok = parseDouble(token, out);
            return true;
        }
        *ok = false;
        return skipValue();
    }

    // Ends reading with a message about the shape of the document (not its syntax).
    bool structureError(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = message;
        return false;
    }

    bool syntaxError()
    {
        if (m_p >= m_end)
            return fail(QCoreApplication::translate("Burnrate::Ingest", "unexpected end of the body"));
        return fail(QCoreApplication::translate("Burnrate::Ingest", "unexpected character"));
    }

private:
    static constexpr int maxDepth = 128;

    bool fail(const QString &what)
    {
        if (m_error.isEmpty()) {
            m_error = QCoreApplication::translate("Burnrate::Ingest",
                                                  "The body is not valid JSON (%1 at offset %2).")
                          .arg(what)
                          .arg(m_p - m_begin);
        }
        return false;
    }

    static bool parseInt64(QByteArrayView token, qint64 *out)
    {
        const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), *out);
        return ec == std::errc() && end == token.data() + token.size() && !token.isEmpty();
    }

    static bool parseDouble(QByteArrayView token, double *out)
    {
        const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), *out);
        return ec == std::errc() && end == token.data() + token.size() && !token.isEmpty();
    }

    // 1e3 or 5.0 written for an integer: accepted when it is a whole number in range.
    static bool integralDouble(QByteArrayView token, qint64 *out)
    {
        double d = 0;
        if (!parseDouble(token, &d) || d != std::trunc(d) || d < -0x1p63 || d >= 0x1p63)
            return false;
        *out = qint64(d);
        return true;
    }

    bool hex4(char32_t *out)
    {
        if (m_end - m_p < 4)
            return syntaxError();
        char32_t v = 0;
        for (int i = 0; i < 4; ++i, ++m_p) {
            const char c = *m_p;
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= char32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= char32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= char32_t(c - 'A' + 10);
            else
                return syntaxError();
        }
        *out = v;
        return true;
    }

    // After "\u": one escape, or a surrogate pair, appended as UTF-8. A lone surrogate becomes U+FFFD.
    bool readUnicodeEscape()
    {
        char32_t cp = 0;
        if (!hex4(&cp))
            return false;
        if (cp >= 0xd800 && cp < 0xdc00 && m_end - m_p >= 6 && m_p[0] == '\\' && m_p[1] == 'u') {
            const char *save = m_p;
            m_p += 2;
            char32_t low = 0;
            if (!hex4(&low))
                return false;
            if (low >= 0xdc00 && low < 0xe000)
                cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            else
                m_p = save;
        }
        if (cp >= 0xd800 && cp < 0xe000)
            cp = 0xfffd;
        appendUtf8(cp);
        return true;
    }

    void appendUtf8(char32_t cp)
    {
        if (cp < 0x80) {
            m_scratch.append(char(cp));
        } else if (cp < 0x800) {
            m_scratch.append(char(0xc0 | (cp >> 6)));
            m_scratch.append(char(0x80 | (cp & 0x3f)));
        } else if (cp < 0x10000) {
            m_scratch.append(char(0xe0 | (cp >> 12)));
            m_scratch.append(char(0x80 | ((cp >> 6) & 0x3f)));
            m_scratch.append(char(0x80 | (cp & 0x3f)));
        } else {
            m_scratch.append(char(0xf0 | (cp >> 18)));
            m_scratch.append(char(0x80 | ((cp >> 12) & 0x3f)));
            m_scratch.append(char(0x80 | ((cp >> 6) & 0x3f)));
            m_scratch.append(char(0x80 | (cp & 0x3f)));
        }
    }

    const char *m_begin;
    const char *m_p;
    const char *m_end;
    int m_depth = 0;
    QByteArray m_scratch;
    Interner m_interner;
    QString m_error;
};

QString structureError(const QString &what)
{
    return QCoreApplication::translate("Burnrate::Ingest", "The body is not an OTLP trace request: %1.")
        .arg(what);
}

QString mustBeArray(const QString &path)
{
    return structureError(QCoreApplication::translate("Burnrate::Ingest", "%1 must be an array").arg(path));
}

QString mustBeObject(const QString &path)
{
    return structureError(QCoreApplication::translate("Burnrate::Ingest", "%1 must be an object").arg(path));
}

// A hex id of exactly `length` digits, lowercased. All zeros is no id at all (OTLP spec).
IdCheck hexId(QByteArrayView raw, qsizetype length, QString *out)
{
    if (raw.size() != length)
        return IdCheck::Invalid;
    QString hex(length, Qt::Uninitialized);
    char16_t *p = reinterpret_cast<char16_t *>(hex.data());
    bool nonZero = false;
    for (const char c : raw) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
            *p++ = char16_t(c);
        else if (c >= 'A' && c <= 'F')
            *p++ = char16_t(c - 'A' + 'a');
        else
            return IdCheck::Invalid;
        nonZero = nonZero || c != '0';
    }
    if (!nonZero)
        return IdCheck::Zero;
    *out = std::move(hex);
    return IdCheck::Ok;
}

// Reads a JSON array of objects at a structural position of the request: null or absent is empty,
// anything else is an error naming `path`. f(index) reads one object.
template<typename F> bool readObjects(JsonReader &r, const QString &path, F &&f)
{
    const char c = r.peek();
    if (c == 'n')
        return r.skipValue();
    if (c != '[')
        return r.skipValue() && r.structureError(mustBeArray(path));
    return r.forEachElement([&](qsizetype i) {
        if (r.peek() != '{')
            return r.skipValue() && r.structureError(mustBeObject(path % u'[' % QString::number(i) % u']'));
        return f(i);
    });
}

// An OTLP array that is optional and not structural (attributes, events): a wrong type is skipped.
template<typename F> bool readLenientArray(JsonReader &r, F &&f)
{
    if (r.peek() != '[')
        return r.skipValue();
    return r.forEachElement([&](qsizetype) { return r.peek() == '{' ? f() : r.skipValue(); });
}

bool readAnyValue(JsonReader &r, AnyValue *out, QJsonValue *plain, Interner::Name *name = nullptr);

// A plain JSON value for an AnyValue nested in an array or kvlist.
QJsonValue toPlain(const AnyValue &a, QJsonValue &&plain)
{
    switch (a.type) {
    case AnyValue::Type::String:
    case AnyValue::Type::Bytes:
        return a.string;
    case AnyValue::Type::Bool:
        return a.boolValue;
    case AnyValue::Type::Int:
        return a.intValue;
    case AnyValue::Type::Double:
        return a.doubleValue;
    case AnyValue::Type::Array:
    case AnyValue::Type::KvList:
        return std::move(plain);
    case AnyValue::Type::Empty:
        break;
    }
    return {};
}

bool readNestedValue(JsonReader &r, QJsonValue *out)
{
    AnyValue a;
    QJsonValue plain;
    if (!readAnyValue(r, &a, &plain))
        return false;
    *out = toPlain(a, std::move(plain));
    return true;
}

// {"values":[AnyValue…]} as a plain JSON array.
bool readArrayValue(JsonReader &r, QJsonArray *out)
{
    if (r.peek() != '{')
        return r.skipValue();
    return r.forEachMember([&](QByteArrayView key) {
        if (key != "values" || r.peek() != '[')
            return r.skipValue();
        return r.forEachElement([&](qsizetype) {
            QJsonValue v;
            if (!readNestedValue(r, &v))
                return false;
            out->append(v);
            return true;
        });
    });
}

// {"values":[{"key":…,"value":AnyValue}…]} as a plain JSON object.
bool readKvListValue(JsonReader &r, QJsonObject *out)
{
    if (r.peek() != '{')
        return r.skipValue();
    return r.forEachMember([&](QByteArrayView key) {
        if (key != "values")
            return r.skipValue();
        return readLenientArray(r, [&] {
            QString k;
            QJsonValue v;
            const bool ok = r.forEachMember([&](QByteArrayView member) {
                if (member == "key")
                    return r.readStringOrSkip(&k);
                if (member == "value")
                    return readNestedValue(r, &v);
                return r.skipValue();
            });
            out->insert(k, v);
            return ok;
        });
    });
}

// An AnyValue object. Scalars land in `out`; an array or kvlist is read as plain JSON into `plain`
// with out->type saying which. A member of the wrong type leaves the value Empty. `name`: the attribute's,
// when known, whose repeated string values are shared.
bool readAnyValue(JsonReader &r, AnyValue *out, QJsonValue *plain, Interner::Name *name)
{
    if (r.peek() != '{')
        return r.skipValue();
    return r.forEachMember([&](QByteArrayView key) {
        AnyValue a;
        bool ok = false;
        bool read = true;
        if (key == "stringValue") {
            a.type = AnyValue::Type::String;
            ok = r.peek() == '"';
            QByteArrayView raw;
            read = ok ? r.readRaw(&raw) : r.skipValue();
            if (ok && read)
                a.string = Interner::value(name, raw);
        } else if (key == "intValue") {
            a.type = AnyValue::Type::Int;
            read = r.readInt64(&a.intValue, &ok);
        } else if (key == "boolValue") {
            a.type = AnyValue::Type::Bool;
            ok = r.peek() == 't' || r.peek() == 'f';
            read = ok ? r.readLiteral(&a.boolValue) : r.skipValue();
        } else if (key == "doubleValue") {
            a.type = AnyValue::Type::Double;
            read = r.readDouble(&a.doubleValue, &ok);
        } else if (key == "arrayValue") {
            a.type = AnyValue::Type::Array;
            QJsonArray array;
            read = ok = readArrayValue(r, &array);
            *plain = std::move(array);
        } else if (key == "kvlistValue") {
            a.type = AnyValue::Type::KvList;
            QJsonObject object;
            read = ok = readKvListValue(r, &object);
            *plain = std::move(object);
        } else if (key == "bytesValue") {
            a.type = AnyValue::Type::Bytes;
            QByteArrayView raw;
            read = r.peek() == '"' ? r.readRaw(&raw) : r.skipValue();
            // Re-encoded so that JSON and protobuf give the same canonical base64.
            const auto decoded =
                QByteArray::fromBase64Encoding(raw.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
            ok = read && !raw.isNull() && decoded;
            a.string = QString::fromLatin1(decoded.decoded.toBase64());
        } else {
            return r.skipValue();
        }
        *out = ok ? std::move(a) : AnyValue();
        return read;
    });
}

bool readAttributes(JsonReader &r, Attributes *out)
{
    return readLenientArray(r, [&] {
        QString key;
        Interner::Name *name = nullptr; // known once "key" was read; most senders put it first
        bool hasKey = false;
        AnyValue value;
        QJsonValue plain;
        const bool ok = r.forEachMember([&](QByteArrayView member) {
            if (member == "key") {
                hasKey = r.peek() == '"';
                if (!hasKey)
                    return r.skipValue();
                QByteArrayView raw;
                if (!r.readRaw(&raw))
                    return false;
                name = r.interner().name(raw);
                key = Interner::text(name, raw);
                return true;
            }
            if (member == "value")
                return readAnyValue(r, &value, &plain, name);
            return r.skipValue();
        });
        if (!ok || !hasKey)
            return ok;
        if (value.type == AnyValue::Type::Array)
            value = arrayValue(plain.toArray());
        else if (value.type == AnyValue::Type::KvList)
            value = kvlistValue(plain.toObject());
        out->insert(std::move(key), std::move(value));
        return true;
    });
}

// A nanosecond time: string or number, absent or null meaning 0 as in protobuf, never negative.
bool readTime(JsonReader &r, qint64 *out, bool *ok)
{
    *out = 0;
    if (r.isNull())
        return r.skipValue();
    bool valid = false;
    if (!r.readInt64(out, &valid))
        return false;
    if (!valid || *out < 0)
        *ok = false;
    return true;
}

bool readEnum(JsonReader &r, int *out)
{
    qint64 v = 0;
    bool ok = true;
    if (!r.readInt64(&v, &ok))
        return false;
    *out = ok && v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max() ? int(v) : 0;
    return true;
}

// Reads one span object; a span that has to be rejected is counted and left out.
bool readSpan(JsonReader &r, ScopeSpans &scope, TraceBatch &batch)
{
    Span span;
    IdCheck traceId = IdCheck::Invalid;
    IdCheck spanId = IdCheck::Invalid;
    IdCheck parentId = IdCheck::Zero; // absent, null and "" all mean a root
    bool timesOk = true;
    bool eventTimesOk = true;
    const bool ok = r.forEachMember([&](QByteArrayView key) {
        // `key` may live in the reader's scratch buffer, so it is not looked at after reading a value.
        const bool isTrace = key == "traceId";
        const bool isSpan = key == "spanId";
        const bool isParent = key == "parentSpanId";
        if (isTrace || isSpan || isParent) {
            IdCheck &check = isTrace ? traceId : isSpan ? spanId : parentId;
            if (r.peek() != '"') {
                check = isParent && r.isNull() ? IdCheck::Zero : IdCheck::Invalid;
                return r.skipValue();
            }
            QByteArrayView raw;
            if (!r.readRaw(&raw))
                return false;
            if (isTrace)
                check = hexId(raw, 32, &span.traceId);
            else if (isSpan)
                check = hexId(raw, 16, &span.spanId);
            else
                check = raw.isEmpty() ? IdCheck::Zero : hexId(raw, 16, &span.parentSpanId);
            return true;
        }
        if (key == "name")
            return r.readStringOrSkip(&span.name);
        if (key == "kind")
            return readEnum(r, &span.kind);
        if (key == "startTimeUnixNano")
            return readTime(r, &span.startNs, &timesOk);
        if (key == "endTimeUnixNano")
            return readTime(r, &span.endNs, &timesOk);
        if (key == "attributes")
            return readAttributes(r, &span.attributes);
        if (key == "events") {
            return readLenientArray(r, [&] {
                SpanEvent event;
                const bool eventOk = r.forEachMember([&](QByteArrayView member) {
                    if (member == "timeUnixNano")
                        return readTime(r, &event.timeNs, &eventTimesOk);
                    if (member == "name")
                        return r.readStringOrSkip(&event.name);
                    if (member == "attributes")
                        return readAttributes(r, &event.attributes);
                    return r.skipValue();
                });
                span.events.append(std::move(event));
                return eventOk;
            });
        }
        if (key == "status" && r.peek() == '{') {
            return r.forEachMember([&](QByteArrayView member) {
                if (member == "code")
                    return readEnum(r, &span.statusCode);
                if (member == "message")
                    return r.readStringOrSkip(&span.statusMessage);
                return r.skipValue();
            });
        }
        return r.skipValue();
    });
    if (!ok)
        return false;

    if (traceId != IdCheck::Ok)
        rejectSpan(batch, SpanProblem::TraceId);
    else if (spanId != IdCheck::Ok)
        rejectSpan(batch, SpanProblem::SpanId);
    else if (parentId == IdCheck::Invalid)
        rejectSpan(batch, SpanProblem::ParentSpanId);
    else if (!timesOk)
        rejectSpan(batch, SpanProblem::Time);
    else if (span.endNs < span.startNs)
        rejectSpan(batch, SpanProblem::EndBeforeStart);
    else if (!eventTimesOk)
        rejectSpan(batch, SpanProblem::Time);
    else
        scope.spans.append(std::move(span));
    return true;
}

bool readScopeSpans(JsonReader &r, const QString &path, ResourceSpans &resource, TraceBatch &batch)
{
    // Structural errors below name their place, e.g. resourceSpans[0].scopeSpans[2].spans.
    ScopeSpans scope;
    const bool ok = r.forEachMember([&](QByteArrayView key) {
        if (key == "scope" && r.peek() == '{') {
            return r.forEachMember([&](QByteArrayView member) {
                if (member == "name")
                    return r.readStringOrSkip(&scope.scopeName);
                if (member == "version")
                    return r.readStringOrSkip(&scope.scopeVersion);
                return r.skipValue();
            });
        }
        if (key == "spans")
            return readObjects(r, path % u".spans", [&](qsizetype) { return readSpan(r, scope, batch); });
        return r.skipValue();
    });
    resource.scopes.append(std::move(scope));
    return ok;
}

bool readResourceSpans(JsonReader &r, const QString &path, TraceBatch &batch)
{
    ResourceSpans resource;
    const bool ok = r.forEachMember([&](QByteArrayView key) {
        if (key == "resource" && r.peek() == '{') {
            return r.forEachMember([&](QByteArrayView member) {
                return member == "attributes" ? readAttributes(r, &resource.resource) : r.skipValue();
            });
        }
        if (key == "scopeSpans") {
            const QString scopesPath = path % u".scopeSpans";
            return readObjects(r, scopesPath, [&](qsizetype i) {
                return readScopeSpans(r, scopesPath % u'[' % QString::number(i) % u']', resource, batch);
            });
        }
        return r.skipValue();
    });
    batch.resources.append(std::move(resource));
    return ok;
}

std::optional<TraceBatch> fail(Error *error, const QString &message)
{
    if (error)
        *error = Error(Error::Code::InvalidInput, message);
    return std::nullopt;
}

// A string as a JSON literal, quotes and escapes included.
QByteArray jsonString(const QString &s)
{
    const QByteArray array = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QJsonValue int64Text(qint64 v)
{
    return QString::number(v);
}

QJsonObject otlpFromPlain(const QJsonValue &plain);

QJsonArray keyValuesFromPlain(const QJsonObject &plain)
{
    QJsonArray out;
    for (auto it = plain.begin(); it != plain.end(); ++it)
        out.append(
            QJsonObject{{QStringLiteral("key"), it.key()}, {QStringLiteral("value"), otlpFromPlain(*it)}});
    return out;
}

// A plain JSON value as an OTLP AnyValue object (integers become intValue, as OTel JS does).
QJsonObject otlpFromPlain(const QJsonValue &plain)
{
    switch (plain.type()) {
    case QJsonValue::String:
        return {{QStringLiteral("stringValue"), plain}};
    case QJsonValue::Bool:
        return {{QStringLiteral("boolValue"), plain}};
    case QJsonValue::Double: {
        constexpr qint64 sentinel = std::numeric_limits<qint64>::min();
        const qint64 i = plain.toInteger(sentinel);
        if (i != sentinel || plain.toDouble() == double(sentinel))
            return {{QStringLiteral("intValue"), int64Text(i)}};
        return {{QStringLiteral("doubleValue"), plain}};
    }
    case QJsonValue::Array: {
        QJsonArray values;
        for (const auto &v : plain.toArray())
            values.append(otlpFromPlain(v));
        return {{QStringLiteral("arrayValue"), QJsonObject{{QStringLiteral("values"), values}}}};
    }
    case QJsonValue::Object:
        return {{QStringLiteral("kvlistValue"),
                 QJsonObject{{QStringLiteral("values"), keyValuesFromPlain(plain.toObject())}}}};
    default:
        return {};
    }
}

QJsonValue doubleJson(double d)
{
    if (std::isnan(d))
        return QStringLiteral("NaN");
    if (std::isinf(d))
        return d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    return d;
}

QJsonObject anyValueJson(const AnyValue &a)
{
    switch (a.type) {
    case AnyValue::Type::Empty:
        return {};
    case AnyValue::Type::String:
        return {{QStringLiteral("stringValue"), a.string}};
    case AnyValue::Type::Bool:
        return {{QStringLiteral("boolValue"), a.boolValue}};
    case AnyValue::Type::Int:
        return {{QStringLiteral("intValue"), int64Text(a.intValue)}};
    case AnyValue::Type::Double:
        return {{QStringLiteral("doubleValue"), doubleJson(a.doubleValue)}};
    case AnyValue::Type::Array:
    case AnyValue::Type::KvList:
        return otlpFromPlain(plainJson(a));
    case AnyValue::Type::Bytes:
        return {{QStringLiteral("bytesValue"), a.string}};
    }
    return {};
}

QJsonArray attributesJson(const Attributes &attributes)
{
    QJsonArray out;
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it)
        out.append(
            QJsonObject{{QStringLiteral("key"), it.key()}, {QStringLiteral("value"), anyValueJson(*it)}});
    return out;
}

QJsonObject spanJson(const Span &s)
{
    QJsonObject o{{QStringLiteral("traceId"), s.traceId},
                  {QStringLiteral("spanId"), s.spanId},
                  {QStringLiteral("name"), s.name},
                  {QStringLiteral("kind"), s.kind},
                  {QStringLiteral("startTimeUnixNano"), int64Text(s.startNs)},
                  {QStringLiteral("endTimeUnixNano"), int64Text(s.endNs)}};
    if (!s.parentSpanId.isEmpty())
        o.insert(QStringLiteral("parentSpanId"), s.parentSpanId);
    if (!s.attributes.isEmpty())
        o.insert(QStringLiteral("attributes"), attributesJson(s.attributes));
    if (!s.events.isEmpty()) {
        QJsonArray events;
        for (const SpanEvent &e : s.events) {
            QJsonObject eo{{QStringLiteral("timeUnixNano"), int64Text(e.timeNs)},
                           {QStringLiteral("name"), e.name}};
            if (!e.attributes.isEmpty())
                eo.insert(QStringLiteral("attributes"), attributesJson(e.attributes));
            events.append(eo);
        }
        o.insert(QStringLiteral("events"), events);
    }
    if (s.statusCode != 0 || !s.statusMessage.isEmpty()) {
        QJsonObject status;
        if (s.statusCode != 0)
            status.insert(QStringLiteral("code"), s.statusCode);
        if (!s.statusMessage.isEmpty())
            status.insert(QStringLiteral("message"), s.statusMessage);
        o.insert(QStringLiteral("status"), status);
    }
    return o;
}

} // namespace

std::optional<TraceBatch> decodeOtlpJson(QByteArrayView body, Error *error)
{
    JsonReader r(body);
    const char first = r.peek();
    if (first != '{') {
        // Valid JSON of another kind gets the more helpful message.
        if (first != '\0' && r.skipValue() && r.atEnd())
            r.structureError(structureError(
                QCoreApplication::translate("Burnrate::Ingest", "the JSON document is not an object")));
        else
            r.syntaxError();
        return fail(error, r.errorMessage());
    }

    TraceBatch batch;
    const bool ok = r.forEachMember([&](QByteArrayView key) {
        if (key != "resourceSpans")
            return r.skipValue();
        const QString path = QStringLiteral("resourceSpans");
        return readObjects(r, path, [&](qsizetype i) {
            return readResourceSpans(r, path % u'[' % QString::number(i) % u']', batch);
        });
    });
    if (ok && !r.atEnd())
        r.syntaxError();
    if (r.failed())
        return fail(error, r.errorMessage());
    return batch;
}

QByteArray encodeOtlpJson(const TraceBatch &batch)
{
    QJsonArray resources;
    for (const ResourceSpans &r : batch.resources) {
        QJsonArray scopes;
        for (const ScopeSpans &s : r.scopes) {
            QJsonArray spans;
            for (const Span &span : s.spans)
                spans.append(spanJson(span));
            QJsonObject scope;
            if (!s.scopeName.isEmpty())
                scope.insert(QStringLiteral("name"), s.scopeName);
            if (!s.scopeVersion.isEmpty())
                scope.insert(QStringLiteral("version"), s.scopeVersion);
            scopes.append(QJsonObject{{QStringLiteral("scope"), scope}, {QStringLiteral("spans"), spans}});
        }
        resources.append(QJsonObject{{QStringLiteral("resource"), QJsonObject{{QStringLiteral("attributes"),
                                                                               attributesJson(r.resource)}}},
                                     {QStringLiteral("scopeSpans"), scopes}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("resourceSpans"), resources}})
        .toJson(QJsonDocument::Compact);
}

QByteArray exportResponseJson(qint64 rejectedSpans, const QString &errorMessage)
{
    if (rejectedSpans == 0 && errorMessage.isEmpty())
        return QByteArrayLiteral("{}");
    // Written by hand to keep the field order of the spec's examples (QJsonObject sorts keys).
    return QByteArrayLiteral("{\"partialSuccess\":{\"rejectedSpans\":\"") +
           QByteArray::number(rejectedSpans) + QByteArrayLiteral("\",\"errorMessage\":") +
           jsonString(errorMessage) + QByteArrayLiteral("}}");
}

QByteArray statusJson(int grpcCode, const QString &message)
{
    return QJsonDocument(
               QJsonObject{{QStringLiteral("code"), grpcCode}, {QStringLiteral("message"), message}})
        .toJson(QJsonDocument::Compact);
}

} // namespace Burnrate::Ingest
