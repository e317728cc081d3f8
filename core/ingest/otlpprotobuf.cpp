// OTLP binary protobuf decoding and encoding with the classes generated from proto/otlp_trace.proto.
// The rules (id checks, rejected spans, JSON text of arrays and kvlists) are the JSON decoder's, so
// both wire formats give identical TraceBatches.
#include "otlpcodec.h"

#include "interner.h"

#include "otlp_trace.pb.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <google/protobuf/arena.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <limits>

namespace Burnrate::Ingest {

// Shared with the JSON codec and defined in otlpjson.cpp; declared here for want of a private header.
namespace CodecDetail {
enum class SpanProblem { TraceId, SpanId, ParentSpanId, Time, EndBeforeStart };
void rejectSpan(TraceBatch &batch, SpanProblem problem);
AnyValue arrayValue(const QJsonArray &plain);
AnyValue kvlistValue(const QJsonObject &plain);
QJsonValue plainJson(const AnyValue &a);
} // namespace CodecDetail

using namespace CodecDetail;
namespace pb = burnrate::otlp;
using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

namespace {

enum class IdCheck { Ok, Zero, Invalid };

QString fromStd(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// An id of exactly `bytes` bytes as lowercase hex. All zeros is no id at all (OTLP spec).
IdCheck hexId(const std::string &id, size_t bytes, QString *out)
{
    if (id.size() != bytes)
        return IdCheck::Invalid;
    static constexpr char16_t digits[] = u"0123456789abcdef";
    QString hex(qsizetype(bytes * 2), Qt::Uninitialized);
    char16_t *p = reinterpret_cast<char16_t *>(hex.data());
    bool nonZero = false;
    for (const char c : id) {
        const auto b = static_cast<unsigned char>(c);
        nonZero = nonZero || b != 0;
        *p++ = digits[b >> 4];
        *p++ = digits[b & 0xf];
    }
    if (!nonZero)
        return IdCheck::Zero;
    *out = std::move(hex);
    return IdCheck::Ok;
}

bool timeValue(quint64 v, qint64 *out)
{
    if (v > quint64(std::numeric_limits<qint64>::max()))
        return false;
    *out = qint64(v);
    return true;
}

QJsonValue plain(const pb::AnyValue &v);

QJsonArray plainArray(const pb::ArrayValue &array)
{
    QJsonArray out;
    for (const pb::AnyValue &v : array.values())
        out.append(plain(v));
    return out;
}

QJsonObject plainObject(const pb::KeyValueList &kvlist)
{
    QJsonObject out;
    for (const pb::KeyValue &kv : kvlist.values())
        out.insert(fromStd(kv.key()), plain(kv.value()));
    return out;
}

// The plain JSON value an AnyValue stands for inside arrays and kvlists.
QJsonValue plain(const pb::AnyValue &v)
{
    switch (v.value_case()) {
    case pb::AnyValue::kStringValue:
        return fromStd(v.string_value());
    case pb::AnyValue::kBoolValue:
        return v.bool_value();
    case pb::AnyValue::kIntValue:
        return qint64(v.int_value());
    case pb::AnyValue::kDoubleValue:
        return v.double_value();
    case pb::AnyValue::kArrayValue:
        return plainArray(v.array_value());
    case pb::AnyValue::kKvlistValue:
        return plainObject(v.kvlist_value());
    case pb::AnyValue::kBytesValue:
        return QString::fromLatin1(
            QByteArray::fromRawData(v.bytes_value().data(), qsizetype(v.bytes_value().size())).toBase64());
    case pb::AnyValue::VALUE_NOT_SET:
        break;
    }
    return {};
}

AnyValue anyValue(const pb::AnyValue &v)
{
    AnyValue a;
    switch (v.value_case()) {
    case pb::AnyValue::kStringValue:
        a.type = AnyValue::Type::String;
        a.string = fromStd(v.string_value());
        break;
    case pb::AnyValue::kBoolValue:
        a.type = AnyValue::Type::Bool;
        a.boolValue = v.bool_value();
        break;
    case pb::AnyValue::kIntValue:
        a.type = AnyValue::Type::Int;
        a.intValue = v.int_value();
        break;
    case pb::AnyValue::kDoubleValue:
        a.type = AnyValue::Type::Double;
        a.doubleValue = v.double_value();
        break;
    case pb::AnyValue::kArrayValue:
        a = arrayValue(plainArray(v.array_value()));
        break;
    case pb::AnyValue::kKvlistValue:
        a = kvlistValue(plainObject(v.kvlist_value()));
        break;
    case pb::AnyValue::kBytesValue:
        a.type = AnyValue::Type::Bytes;
        a.string = plain(v).toString();
        break;
    case pb::AnyValue::VALUE_NOT_SET:
        break;
    }
    return a;
}

QByteArrayView view(const std::string &s)
{
    return QByteArrayView(s.data(), qsizetype(s.size()));
}

Attributes attributes(const google::protobuf::RepeatedPtrField<pb::KeyValue> &list, Interner &interner)
{
    Attributes out;
    out.reserve(list.size());
    for (const pb::KeyValue &kv : list) {
        Interner::Name *name = interner.name(view(kv.key()));
        AnyValue value;
        if (kv.value().value_case() == pb::AnyValue::kStringValue) {
            value.type = AnyValue::Type::String;
            value.string = Interner::value(name, view(kv.value().string_value()));
        } else {
            value = anyValue(kv.value());
        }
        out.insert(Interner::text(name, view(kv.key())), std::move(value));
    }
    return out;
}

// Decodes one span into `span`; false when it has to be rejected (already counted).
bool decodeSpan(const pb::Span &s, Span &span, TraceBatch &batch, Interner &interner)
{
    if (hexId(s.trace_id(), 16, &span.traceId) != IdCheck::Ok) {
        rejectSpan(batch, SpanProblem::TraceId);
        return false;
    }
    if (hexId(s.span_id(), 8, &span.spanId) != IdCheck::Ok) {
        rejectSpan(batch, SpanProblem::SpanId);
        return false;
    }
    if (!s.parent_span_id().empty() && hexId(s.parent_span_id(), 8, &span.parentSpanId) == IdCheck::Invalid) {
        rejectSpan(batch, SpanProblem::ParentSpanId);
        return false;
    }
    if (!timeValue(s.start_time_unix_nano(), &span.startNs) ||
        !timeValue(s.end_time_unix_nano(), &span.endNs)) {
        rejectSpan(batch, SpanProblem::Time);
        return false;
    }
    if (span.endNs < span.startNs) {
        rejectSpan(batch, SpanProblem::EndBeforeStart);
        return false;
    }
    span.name = fromStd(s.name());
    span.kind = int(s.kind());
    span.attributes = attributes(s.attributes(), interner);
    span.events.reserve(s.events_size());
    for (const pb::Span::Event &e : s.events()) {
        SpanEvent event;
        if (!timeValue(e.time_unix_nano(), &event.timeNs)) {
            rejectSpan(batch, SpanProblem::Time);
            return false;
        }
        event.name = fromStd(e.name());
        event.attributes = attributes(e.attributes(), interner);
        span.events.append(std::move(event));
    }
    span.statusCode = int(s.status().code());
    span.statusMessage = fromStd(s.status().message());
    return true;
}

std::string toStd(const QString &s)
{
    return s.toStdString();
}

std::string idBytes(const QString &hex)
{
    return QByteArray::fromHex(hex.toLatin1()).toStdString();
}

void fillFromPlain(const QJsonValue &plain, pb::AnyValue *out);

void fillKeyValuesFromPlain(const QJsonObject &plain, pb::KeyValueList *out)
{
    for (auto it = plain.begin(); it != plain.end(); ++it) {
        pb::KeyValue *kv = out->add_values();
        kv->set_key(toStd(it.key()));
        fillFromPlain(*it, kv->mutable_value());
    }
}

// A plain JSON value as an AnyValue (integers become int_value, as in the JSON encoder).
void fillFromPlain(const QJsonValue &plain, pb::AnyValue *out)
{
    switch (plain.type()) {
    case QJsonValue::String:
        out->set_string_value(toStd(plain.toString()));
        break;
    case QJsonValue::Bool:
        out->set_bool_value(plain.toBool());
        break;
    case QJsonValue::Double: {
        constexpr qint64 sentinel = std::numeric_limits<qint64>::min();
        const qint64 i = plain.toInteger(sentinel);
        if (i != sentinel || plain.toDouble() == double(sentinel))
            out->set_int_value(i);
        else
            out->set_double_value(plain.toDouble());
        break;
    }
    case QJsonValue::Array: {
        pb::ArrayValue *array = out->mutable_array_value();
        for (const auto &v : plain.toArray())
            fillFromPlain(v, array->add_values());
        break;
    }
    case QJsonValue::Object:
        fillKeyValuesFromPlain(plain.toObject(), out->mutable_kvlist_value());
        break;
    default:
        break;
    }
}

void fillAnyValue(const AnyValue &a, pb::AnyValue *out)
{
    switch (a.type) {
    case AnyValue::Type::Empty:
        break;
    case AnyValue::Type::String:
        out->set_string_value(toStd(a.string));
        break;
    case AnyValue::Type::Bool:
        out->set_bool_value(a.boolValue);
        break;
    case AnyValue::Type::Int:
        out->set_int_value(a.intValue);
        break;
    case AnyValue::Type::Double:
        out->set_double_value(a.doubleValue);
        break;
    case AnyValue::Type::Array:
    case AnyValue::Type::KvList:
        fillFromPlain(plainJson(a), out);
        // An empty array or kvlist still has to say which one it is.
        if (a.type == AnyValue::Type::Array && !out->has_array_value())
            out->mutable_array_value();
        if (a.type == AnyValue::Type::KvList && !out->has_kvlist_value())
            out->mutable_kvlist_value();
        break;
    case AnyValue::Type::Bytes:
        out->set_bytes_value(QByteArray::fromBase64(a.string.toLatin1()).toStdString());
        break;
    }
}

void fillAttributes(const Attributes &attributes, google::protobuf::RepeatedPtrField<pb::KeyValue> *out)
{
    out->Reserve(int(attributes.size()));
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        pb::KeyValue *kv = out->Add();
        kv->set_key(toStd(it.key()));
        fillAnyValue(*it, kv->mutable_value());
    }
}

void fillSpan(const Span &s, pb::Span *out)
{
    out->set_trace_id(idBytes(s.traceId));
    out->set_span_id(idBytes(s.spanId));
    if (!s.parentSpanId.isEmpty())
        out->set_parent_span_id(idBytes(s.parentSpanId));
    out->set_name(toStd(s.name));
    out->set_kind(static_cast<pb::Span::SpanKind>(s.kind));
    out->set_start_time_unix_nano(quint64(s.startNs));
    out->set_end_time_unix_nano(quint64(s.endNs));
    fillAttributes(s.attributes, out->mutable_attributes());
    for (const SpanEvent &e : s.events) {
        pb::Span::Event *event = out->add_events();
        event->set_time_unix_nano(quint64(e.timeNs));
        event->set_name(toStd(e.name));
        fillAttributes(e.attributes, event->mutable_attributes());
    }
    if (s.statusCode != 0 || !s.statusMessage.isEmpty()) {
        out->mutable_status()->set_code(static_cast<pb::Status::StatusCode>(s.statusCode));
        out->mutable_status()->set_message(toStd(s.statusMessage));
    }
}

// The request is walked by hand down to its spans, and each span is parsed on its own into one
// reused message. A request parsed whole would hold a second copy of every span in protobuf form;
// this way the only large allocation is the TraceBatch itself.
class RequestReader
{
public:
    explicit RequestReader(TraceBatch &batch)
        : m_batch(batch)
    {}

    bool readRequest(QByteArrayView body)
    {
        CodedInputStream in(reinterpret_cast<const quint8 *>(body.data()), int(body.size()));
        return forEachField(
            in, [&](int field, QByteArrayView payload) { return field != 1 || readResourceSpans(payload); });
    }

private:
    static constexpr quint32 lengthDelimited(int field)
    {
        return WireFormatLite::MakeTag(field, WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
    }

    // Calls f(field, payload) for each length-delimited field of the message in `in`; skips others.
    template<typename F> static bool forEachField(CodedInputStream &in, F &&f)
    {
        while (const quint32 tag = in.ReadTag()) {
            if (WireFormatLite::GetTagWireType(tag) != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
                if (!WireFormatLite::SkipField(&in, tag))
                    return false;
                continue;
            }
            quint32 length = 0;
            if (!in.ReadVarint32(&length) || length > quint32(std::numeric_limits<int>::max()))
                return false;
            const void *data = nullptr;
            int available = 0;
            if (length > 0 && (!in.GetDirectBufferPointer(&data, &available) || available < int(length)))
                return false;
            const QByteArrayView payload(static_cast<const char *>(data), qsizetype(length));
            if (!in.Skip(int(length)) || !f(WireFormatLite::GetTagFieldNumber(tag), payload))
                return false;
        }
        return in.ConsumedEntireMessage();
    }

    // Merging, as protobuf does for a singular message field that occurs twice.
    static bool mergeFrom(google::protobuf::MessageLite &message, QByteArrayView payload)
    {
        CodedInputStream in(reinterpret_cast<const quint8 *>(payload.data()), int(payload.size()));
        return message.MergeFromCodedStream(&in);
    }

    bool readResourceSpans(QByteArrayView bytes)
    {
        ResourceSpans resource;
        m_resource.Clear();
        CodedInputStream in(reinterpret_cast<const quint8 *>(bytes.data()), int(bytes.size()));
        const bool ok = forEachField(in, [&](int field, QByteArrayView payload) {
            if (field == 1)
                return mergeFrom(m_resource, payload);
            if (field == 2)
                return readScopeSpans(payload, resource);
            return true;
        });
        resource.resource = attributes(m_resource.attributes(), m_interner);
        m_batch.resources.append(std::move(resource));
        return ok;
    }

    bool readScopeSpans(QByteArrayView bytes, ResourceSpans &resource)
    {
        ScopeSpans scope;
        m_scope.Clear();
        CodedInputStream in(reinterpret_cast<const quint8 *>(bytes.data()), int(bytes.size()));
        const bool ok = forEachField(in, [&](int field, QByteArrayView payload) {
            if (field == 1)
                return mergeFrom(m_scope, payload);
            if (field != 2)
                return true;
            m_span.Clear();
            if (!mergeFrom(m_span, payload))
                return false;
            Span span;
            if (decodeSpan(m_span, span, m_batch, m_interner))
                scope.spans.append(std::move(span));
            return true;
        });
        scope.scopeName = fromStd(m_scope.name());
        scope.scopeVersion = fromStd(m_scope.version());
        resource.scopes.append(std::move(scope));
        return ok;
    }

    TraceBatch &m_batch;
    Interner m_interner;
    pb::Resource m_resource;
    pb::InstrumentationScope m_scope;
    pb::Span m_span;
};

QByteArray serialized(const google::protobuf::MessageLite &message)
{
    QByteArray out(qsizetype(message.ByteSizeLong()), Qt::Uninitialized);
    message.SerializeWithCachedSizesToArray(reinterpret_cast<quint8 *>(out.data()));
    return out;
}

} // namespace

std::optional<TraceBatch> decodeOtlpProtobuf(QByteArrayView body, Error *error)
{
    TraceBatch batch;
    if (body.size() > std::numeric_limits<int>::max() || !RequestReader(batch).readRequest(body)) {
        if (error) {
            *error = Error(Error::Code::InvalidInput,
                           QCoreApplication::translate("Burnrate::Ingest",
                                                       "The body is not a valid protobuf OTLP trace request "
                                                       "(%1 bytes could not be parsed).")
                               .arg(body.size()));
        }
        return std::nullopt;
    }
    return batch;
}

QByteArray encodeOtlpProtobuf(const TraceBatch &batch)
{
    // An arena makes the many small messages of a large request cheap to allocate and free.
    google::protobuf::Arena arena;
    auto *request = google::protobuf::Arena::CreateMessage<pb::ExportTraceServiceRequest>(&arena);
    for (const ResourceSpans &r : batch.resources) {
        pb::ResourceSpans *resource = request->add_resource_spans();
        fillAttributes(r.resource, resource->mutable_resource()->mutable_attributes());
        for (const ScopeSpans &s : r.scopes) {
            pb::ScopeSpans *scope = resource->add_scope_spans();
            scope->mutable_scope()->set_name(toStd(s.scopeName));
            scope->mutable_scope()->set_version(toStd(s.scopeVersion));
            for (const Span &span : s.spans)
                fillSpan(span, scope->add_spans());
        }
    }
    return serialized(*request);
}

QByteArray exportResponseProtobuf(qint64 rejectedSpans, const QString &errorMessage)
{
    pb::ExportTraceServiceResponse response;
    if (rejectedSpans != 0 || !errorMessage.isEmpty()) {
        response.mutable_partial_success()->set_rejected_spans(rejectedSpans);
        response.mutable_partial_success()->set_error_message(toStd(errorMessage));
    }
    return serialized(response);
}

QByteArray statusProtobuf(int grpcCode, const QString &message)
{
    pb::RpcStatus status;
    status.set_code(grpcCode);
    status.set_message(toStd(message));
    return serialized(status);
}

} // namespace Burnrate::Ingest
