// The OTLP trace data model as the normalizer sees it, independent of the wire format.
// Both decoders (JSON and protobuf) produce these; ids are already lowercase hex.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Burnrate::Ingest {

// An OTLP AnyValue. Arrays of scalars are kept as strings (tags); nested kvlists and mixed arrays are
// kept as their JSON text (content attributes), which is all the normalizer needs.
struct AnyValue
{
    enum class Type { Empty, String, Bool, Int, Double, Array, KvList, Bytes };
    Type type = Type::Empty;
    QString string; // String; JSON text for KvList and for arrays; base64 for Bytes
    qint64 intValue = 0;
    double doubleValue = 0.0;
    bool boolValue = false;
    QStringList array; // Array: each element rendered as a string

    bool isNumber() const { return type == Type::Int || type == Type::Double; }
    friend bool operator==(const AnyValue &, const AnyValue &) = default;
};

using Attributes = QHash<QString, AnyValue>; // duplicate keys: the last one wins

struct SpanEvent
{
    QString name;
    qint64 timeNs = 0;
    Attributes attributes;
};

struct Span
{
    QString traceId;      // 32 lowercase hex chars
    QString spanId;       // 16 lowercase hex chars
    QString parentSpanId; // empty for a root
    QString name;
    int kind = 0;       // 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer
    qint64 startNs = 0; // Unix nanoseconds
    qint64 endNs = 0;
    int statusCode = 0; // 0 unset, 1 ok, 2 error
    QString statusMessage;
    Attributes attributes;
    QList<SpanEvent> events;
};

struct ScopeSpans
{
    QString scopeName;
    QString scopeVersion;
    QList<Span> spans;
};

struct ResourceSpans
{
    Attributes resource;
    QList<ScopeSpans> scopes;
};

struct TraceBatch
{
    QList<ResourceSpans> resources;
    int rejectedSpans = 0; // spans the decoder dropped (bad ids, impossible times)
    QStringList rejectionReasons;

    int spanCount() const
    {
        int n = 0;
        for (const auto &r : resources)
            for (const auto &s : r.scopes)
                n += int(s.spans.size());
        return n;
    }
};

} // namespace Burnrate::Ingest
