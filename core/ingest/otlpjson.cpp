// OTLP/JSON decoding and encoding, plus the pieces both wire formats share (span checks, the JSON text
// kept for array and kvlist attributes). Declarations of the shared pieces are in otlpprotobuf.cpp.
#include "otlpcodec.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QLocale>

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

bool isAbsent(const QJsonValue &v)
{
    return v.isUndefined() || v.isNull();
}

// A hex id of exactly `length` digits, lowercased into `out`. All zeros is no id at all (OTLP spec).
IdCheck hexId(const QJsonValue &v, qsizetype length, QString *out)
{
    if (!v.isString())
        return IdCheck::Invalid;
    QString s = v.toString();
    if (s.size() != length)
        return IdCheck::Invalid;
    bool upper = false;
    bool nonZero = false;
    for (const QChar c : std::as_const(s)) {
        const char16_t u = c.unicode();
        if (u >= u'A' && u <= u'F')
            upper = true;
        else if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f')))
            return IdCheck::Invalid;
        nonZero = nonZero || u != u'0';
    }
    if (!nonZero)
        return IdCheck::Zero;
    *out = upper ? std::move(s).toLower() : std::move(s);
    return IdCheck::Ok;
}

// int64 as a decimal string or a JSON number, never through double.
bool int64Value(const QJsonValue &v, qint64 *out)
{
    if (v.isString()) {
        bool ok = false;
        *out = v.toString().toLongLong(&ok);
        return ok;
    }
    if (v.isDouble()) {
        constexpr qint64 sentinel = std::numeric_limits<qint64>::min();
        const qint64 i = v.toInteger(sentinel);
        if (i == sentinel && v.toDouble() != double(sentinel))
            return false;
        *out = i;
        return true;
    }
    return false;
}

// A fixed64 nanosecond time; absent means 0 as in protobuf.
bool timeValue(const QJsonValue &v, qint64 *out)
{
    if (isAbsent(v)) {
        *out = 0;
        return true;
    }
    return int64Value(v, out) && *out >= 0;
}

bool doubleValue(const QJsonValue &v, double *out)
{
    if (v.isDouble()) {
        *out = v.toDouble();
        return true;
    }
    if (!v.isString())
        return false;
    const QString s = v.toString();
    if (s == u"NaN")
        *out = std::numeric_limits<double>::quiet_NaN();
    else if (s == u"Infinity")
        *out = std::numeric_limits<double>::infinity();
    else if (s == u"-Infinity")
        *out = -std::numeric_limits<double>::infinity();
    else {
        bool ok = false;
        *out = s.toDouble(&ok);
        return ok;
    }
    return true;
}

int enumValue(const QJsonValue &v)
{
    const qint64 i = v.toInteger();
    return i >= std::numeric_limits<int>::min() && i <= std::numeric_limits<int>::max() ? int(i) : 0;
}

QJsonValue plainFromOtlp(const QJsonObject &anyValue);

QJsonObject plainObjectFromKvList(const QJsonValue &kvlist)
{
    QJsonObject out;
    for (const auto &kv : kvlist.toObject().value(QLatin1StringView("values")).toArray()) {
        const QJsonObject o = kv.toObject();
        out.insert(o.value(QLatin1StringView("key")).toString(),
                   plainFromOtlp(o.value(QLatin1StringView("value")).toObject()));
    }
    return out;
}

QJsonArray plainArrayFromOtlp(const QJsonValue &array)
{
    QJsonArray out;
    for (const auto &v : array.toObject().value(QLatin1StringView("values")).toArray())
        out.append(plainFromOtlp(v.toObject()));
    return out;
}

// An OTLP AnyValue object as the plain JSON value it stands for (used inside arrays and kvlists).
QJsonValue plainFromOtlp(const QJsonObject &o)
{
    auto it = o.constFind(QLatin1StringView("stringValue"));
    if (it != o.constEnd())
        return it->isString() ? it->toString() : QJsonValue();
    if ((it = o.constFind(QLatin1StringView("intValue"))) != o.constEnd()) {
        qint64 i = 0;
        return int64Value(*it, &i) ? QJsonValue(i) : QJsonValue();
    }
    if ((it = o.constFind(QLatin1StringView("doubleValue"))) != o.constEnd()) {
        double d = 0;
        return doubleValue(*it, &d) ? QJsonValue(d) : QJsonValue();
    }
    if ((it = o.constFind(QLatin1StringView("boolValue"))) != o.constEnd())
        return it->isBool() ? QJsonValue(it->toBool()) : QJsonValue();
    if ((it = o.constFind(QLatin1StringView("arrayValue"))) != o.constEnd())
        return plainArrayFromOtlp(*it);
    if ((it = o.constFind(QLatin1StringView("kvlistValue"))) != o.constEnd())
        return plainObjectFromKvList(*it);
    if ((it = o.constFind(QLatin1StringView("bytesValue"))) != o.constEnd())
        return it->isString() ? it->toString() : QJsonValue();
    return {};
}

AnyValue anyValue(const QJsonObject &o)
{
    AnyValue a;
    if (o.isEmpty())
        return a;
    auto it = o.constFind(QLatin1StringView("stringValue"));
    if (it != o.constEnd()) {
        if (it->isString()) {
            a.type = AnyValue::Type::String;
            a.string = it->toString();
        }
    } else if ((it = o.constFind(QLatin1StringView("intValue"))) != o.constEnd()) {
        if (int64Value(*it, &a.intValue))
            a.type = AnyValue::Type::Int;
    } else if ((it = o.constFind(QLatin1StringView("boolValue"))) != o.constEnd()) {
        if (it->isBool()) {
            a.type = AnyValue::Type::Bool;
            a.boolValue = it->toBool();
        }
    } else if ((it = o.constFind(QLatin1StringView("doubleValue"))) != o.constEnd()) {
        if (doubleValue(*it, &a.doubleValue))
            a.type = AnyValue::Type::Double;
    } else if ((it = o.constFind(QLatin1StringView("arrayValue"))) != o.constEnd()) {
        a = arrayValue(plainArrayFromOtlp(*it));
    } else if ((it = o.constFind(QLatin1StringView("kvlistValue"))) != o.constEnd()) {
        a = kvlistValue(plainObjectFromKvList(*it));
    } else if ((it = o.constFind(QLatin1StringView("bytesValue"))) != o.constEnd()) {
        // Re-encoded so that JSON and protobuf give the same canonical base64.
        const auto decoded = QByteArray::fromBase64Encoding(it->toString().toLatin1(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (it->isString() && decoded) {
            a.type = AnyValue::Type::Bytes;
            a.string = QString::fromLatin1(decoded.decoded.toBase64());
        }
    }
    return a;
}

Attributes attributes(const QJsonValue &list)
{
    Attributes out;
    const QJsonArray array = list.toArray();
    out.reserve(array.size());
    for (const auto &kv : array) {
        const QJsonObject o = kv.toObject();
        const auto key = o.constFind(QLatin1StringView("key"));
        if (key == o.constEnd() || !key->isString())
            continue;
        out.insert(key->toString(), anyValue(o.value(QLatin1StringView("value")).toObject()));
    }
    return out;
}

// Decodes one span into `span`; false when it has to be rejected (already counted).
bool decodeSpan(const QJsonObject &o, Span &span, TraceBatch &batch)
{
    if (hexId(o.value(QLatin1StringView("traceId")), 32, &span.traceId) != IdCheck::Ok) {
        rejectSpan(batch, SpanProblem::TraceId);
        return false;
    }
    if (hexId(o.value(QLatin1StringView("spanId")), 16, &span.spanId) != IdCheck::Ok) {
        rejectSpan(batch, SpanProblem::SpanId);
        return false;
    }
    const QJsonValue parent = o.value(QLatin1StringView("parentSpanId"));
    // A root has no parent id, "" or all zeros.
    if (!isAbsent(parent) && !(parent.isString() && parent.toString().isEmpty())
        && hexId(parent, 16, &span.parentSpanId) == IdCheck::Invalid) {
        rejectSpan(batch, SpanProblem::ParentSpanId);
        return false;
    }
    if (!timeValue(o.value(QLatin1StringView("startTimeUnixNano")), &span.startNs)
        || !timeValue(o.value(QLatin1StringView("endTimeUnixNano")), &span.endNs)) {
        rejectSpan(batch, SpanProblem::Time);
        return false;
    }
    if (span.endNs < span.startNs) {
        rejectSpan(batch, SpanProblem::EndBeforeStart);
        return false;
    }
    span.name = o.value(QLatin1StringView("name")).toString();
    span.kind = enumValue(o.value(QLatin1StringView("kind")));
    span.attributes = attributes(o.value(QLatin1StringView("attributes")));

    const QJsonArray events = o.value(QLatin1StringView("events")).toArray();
    span.events.reserve(events.size());
    for (const auto &e : events) {
        const QJsonObject eo = e.toObject();
        SpanEvent event;
        if (!timeValue(eo.value(QLatin1StringView("timeUnixNano")), &event.timeNs)) {
            rejectSpan(batch, SpanProblem::Time);
            return false;
        }
        event.name = eo.value(QLatin1StringView("name")).toString();
        event.attributes = attributes(eo.value(QLatin1StringView("attributes")));
        span.events.append(std::move(event));
    }

    const QJsonObject status = o.value(QLatin1StringView("status")).toObject();
    span.statusCode = enumValue(status.value(QLatin1StringView("code")));
    span.statusMessage = status.value(QLatin1StringView("message")).toString();
    return true;
}

// The array at `key`, or an error message if something else is there. Absent and null are empty.
bool arrayAt(const QJsonObject &o, QLatin1StringView key, const QString &path, QJsonArray *out,
             QString *message)
{
    const QJsonValue v = o.value(key);
    if (v.isArray()) {
        *out = v.toArray();
        return true;
    }
    if (isAbsent(v)) {
        *out = {};
        return true;
    }
    *message = mustBeArray(path);
    return false;
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
        out.append(QJsonObject{{QStringLiteral("key"), it.key()}, {QStringLiteral("value"), otlpFromPlain(*it)}});
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
        out.append(QJsonObject{{QStringLiteral("key"), it.key()}, {QStringLiteral("value"), anyValueJson(*it)}});
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
    QJsonParseError parseError;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(body.data(), body.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return fail(error, QCoreApplication::translate("Burnrate::Ingest",
                                                       "The body is not valid JSON (%1 at offset %2).")
                               .arg(parseError.errorString())
                               .arg(parseError.offset));
    }
    if (!doc.isObject())
        return fail(error, structureError(QCoreApplication::translate(
                               "Burnrate::Ingest", "the JSON document is not an object")));

    TraceBatch batch;
    QString message;
    QJsonArray resources;
    if (!arrayAt(doc.object(), QLatin1StringView("resourceSpans"), QStringLiteral("resourceSpans"),
                 &resources, &message))
        return fail(error, message);
    batch.resources.reserve(resources.size());
    for (qsizetype r = 0; r < resources.size(); ++r) {
        const QString rPath = u"resourceSpans[" % QString::number(r) % u']';
        const QJsonValue rv = resources.at(r);
        if (!rv.isObject())
            return fail(error, mustBeObject(rPath));
        const QJsonObject ro = rv.toObject();

        ResourceSpans resource;
        resource.resource = attributes(
            ro.value(QLatin1StringView("resource")).toObject().value(QLatin1StringView("attributes")));
        QJsonArray scopes;
        if (!arrayAt(ro, QLatin1StringView("scopeSpans"), rPath % u".scopeSpans", &scopes, &message))
            return fail(error, message);
        resource.scopes.reserve(scopes.size());
        for (qsizetype s = 0; s < scopes.size(); ++s) {
            const QString sPath = rPath % u".scopeSpans[" % QString::number(s) % u']';
            const QJsonValue sv = scopes.at(s);
            if (!sv.isObject())
                return fail(error, mustBeObject(sPath));
            const QJsonObject so = sv.toObject();

            ScopeSpans scope;
            const QJsonObject scopeInfo = so.value(QLatin1StringView("scope")).toObject();
            scope.scopeName = scopeInfo.value(QLatin1StringView("name")).toString();
            scope.scopeVersion = scopeInfo.value(QLatin1StringView("version")).toString();
            QJsonArray spans;
            if (!arrayAt(so, QLatin1StringView("spans"), sPath % u".spans", &spans, &message))
                return fail(error, message);
            scope.spans.reserve(spans.size());
            for (qsizetype i = 0; i < spans.size(); ++i) {
                const QJsonValue spanValue = spans.at(i);
                if (!spanValue.isObject())
                    return fail(error, mustBeObject(sPath % u".spans[" % QString::number(i) % u']'));
                Span span;
                if (decodeSpan(spanValue.toObject(), span, batch))
                    scope.spans.append(std::move(span));
            }
            resource.scopes.append(std::move(scope));
        }
        batch.resources.append(std::move(resource));
    }
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
        resources.append(QJsonObject{
            {QStringLiteral("resource"), QJsonObject{{QStringLiteral("attributes"), attributesJson(r.resource)}}},
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
    return QByteArrayLiteral("{\"partialSuccess\":{\"rejectedSpans\":\"") + QByteArray::number(rejectedSpans)
        + QByteArrayLiteral("\",\"errorMessage\":") + jsonString(errorMessage) + QByteArrayLiteral("}}");
}

QByteArray statusJson(int grpcCode, const QString &message)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("code"), grpcCode}, {QStringLiteral("message"), message}})
        .toJson(QJsonDocument::Compact);
}

} // namespace Burnrate::Ingest
