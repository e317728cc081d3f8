// The OTLP trace codec: JSON and protobuf decoding into TraceBatch, encoders, response bodies.
//
// tests/data/otlp/codec/multi-agent.pb is the protobuf encoding of multi-agent.textproto, made with
// Debian's protoc 3.21, run from the repository root (one command line):
//   protoc --encode=burnrate.otlp.ExportTraceServiceRequest core/ingest/proto/otlp_trace.proto
//     < tests/data/otlp/codec/multi-agent.textproto > tests/data/otlp/codec/multi-agent.pb
// multi-agent.json holds the same data as OTLP/JSON, written the way different senders write it
// (int64 as strings and as numbers, upper- and lowercase hex ids, unknown fields).
#include "ingest/otlpcodec.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

#include <algorithm>

using namespace Burnrate;
using namespace Burnrate::Ingest;

namespace {

QByteArray readData(const QString &name)
{
    QFile file(QStringLiteral(BURNRATE_TEST_DATA_DIR "/otlp/codec/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open test data file");
    return file.readAll();
}

AnyValue stringValue(const QString &s)
{
    AnyValue a;
    a.type = AnyValue::Type::String;
    a.string = s;
    return a;
}

QString describe(const AnyValue &v)
{
    switch (v.type) {
    case AnyValue::Type::Empty:
        return QStringLiteral("empty");
    case AnyValue::Type::String:
        return u"string:" + v.string;
    case AnyValue::Type::Bool:
        return v.boolValue ? QStringLiteral("bool:true") : QStringLiteral("bool:false");
    case AnyValue::Type::Int:
        return u"int:" + QString::number(v.intValue);
    case AnyValue::Type::Double:
        return u"double:" + QString::number(v.doubleValue, 'g', 17);
    case AnyValue::Type::Array:
        return u"array:" + v.array.join(u'|') + u" json:" + v.string;
    case AnyValue::Type::KvList:
        return u"kvlist:" + v.string;
    case AnyValue::Type::Bytes:
        return u"bytes:" + v.string;
    }
    return {};
}

void describe(const Attributes &attributes, const QString &indent, QStringList &out)
{
    QStringList keys = attributes.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString &key : std::as_const(keys))
        out.append(indent + key + u" = " + describe(attributes.value(key)));
}

// The whole batch as text, attributes sorted, so that two batches compare with a readable diff.
QStringList describe(const TraceBatch &batch)
{
    QStringList out;
    for (const ResourceSpans &r : batch.resources) {
        out.append(QStringLiteral("resource"));
        describe(r.resource, QStringLiteral("  "), out);
        for (const ScopeSpans &s : r.scopes) {
            out.append(u"  scope " + s.scopeName + u' ' + s.scopeVersion);
            for (const Span &span : s.spans) {
                out.append(u"    span " + span.traceId + u' ' + span.spanId + u" parent=" +
                           span.parentSpanId + u" name=" + span.name + u" kind=" +
                           QString::number(span.kind) + u" start=" + QString::number(span.startNs) +
                           u" end=" + QString::number(span.endNs) + u" status=" +
                           QString::number(span.statusCode) + u' ' + span.statusMessage);
                describe(span.attributes, QStringLiteral("      "), out);
                for (const SpanEvent &e : span.events) {
                    out.append(u"      event " + e.name + u" at " + QString::number(e.timeNs));
                    describe(e.attributes, QStringLiteral("        "), out);
                }
            }
        }
    }
    out.append(u"rejected " + QString::number(batch.rejectedSpans) + u": " +
               batch.rejectionReasons.join(u"; "));
    return out;
}

const Span *findSpan(const TraceBatch &batch, const QString &spanId)
{
    for (const ResourceSpans &r : batch.resources)
        for (const ScopeSpans &s : r.scopes)
            for (const Span &span : s.spans)
                if (span.spanId == spanId)
                    return &span;
    return nullptr;
}

// A one-span request whose span is `span` (JSON object text) and an attribute list `attributes`.
QByteArray oneSpan(const QByteArray &spanFields)
{
    return QByteArrayLiteral(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{)") + spanFields +
           QByteArrayLiteral("}]}]}]}");
}

const QByteArray validIds = QByteArrayLiteral(
    R"("traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","startTimeUnixNano":"1","endTimeUnixNano":"2")");

AnyValue attributeOf(const QByteArray &value)
{
    Error error;
    const auto batch =
        decodeOtlpJson(oneSpan(validIds + QByteArrayLiteral(R"(,"attributes":[{"key":"k","value":)") + value +
                               QByteArrayLiteral("}]")),
                       &error);
    if (!batch || batch->spanCount() != 1)
        return stringValue(u"<not decoded: " + error.message + u'>');
    return batch->resources[0].scopes[0].spans[0].attributes.value(QStringLiteral("k"));
}

// A batch of `count` spans that look like model calls, for the throughput measurement.
TraceBatch syntheticBatch(int count)
{
    TraceBatch batch;
    ResourceSpans resource;
    resource.resource.insert(QStringLiteral("service.name"), stringValue(QStringLiteral("bench")));
    ScopeSpans scope;
    scope.scopeName = QStringLiteral("bench");
    for (int i = 0; i < count; ++i) {
        Span span;
        span.traceId = QStringLiteral("%1").arg(i / 10 + 1, 32, 16, QLatin1Char('0'));
        span.spanId = QStringLiteral("%1").arg(i + 1, 16, 16, QLatin1Char('0'));
        span.parentSpanId =
            i % 10 ? QStringLiteral("%1").arg(i / 10 * 10 + 1, 16, 16, QLatin1Char('0')) : QString();
        span.name = QStringLiteral("chat gpt-4.1-mini");
        span.kind = 3;
        span.startNs = 1787220900000000000 + qint64(i) * 1000000;
        span.endNs = span.startNs + 850000000;
        auto str = [](const char *s) { return stringValue(QString::fromLatin1(s)); };
        auto num = [](qint64 n) {
            AnyValue a;
            a.type = AnyValue::Type::Int;
            a.intValue = n;
            return a;
        };
        span.attributes.insert(QStringLiteral("gen_ai.operation.name"), str("chat"));
        span.attributes.insert(QStringLiteral("gen_ai.provider.name"), str("openai"));
        span.attributes.insert(QStringLiteral("gen_ai.request.model"), str("gpt-4.1-mini"));
        span.attributes.insert(QStringLiteral("gen_ai.response.model"), str("gpt-4.1-mini-2025-04-14"));
        span.attributes.insert(QStringLiteral("gen_ai.response.id"), str("chatcmpl-Bx9a8c7d6e5f4g3h2i1"));
        span.attributes.insert(QStringLiteral("gen_ai.usage.input_tokens"), num(1200 + i % 100));
        span.attributes.insert(QStringLiteral("gen_ai.usage.output_tokens"), num(300 + i % 50));
        span.attributes.insert(QStringLiteral("gen_ai.agent.id"), str("research-agent"));
        span.attributes.insert(QStringLiteral("session.id"), str("sess-0042"));
        span.attributes.insert(QStringLiteral("app.feature"), str("ticket-triage"));
        scope.spans.append(std::move(span));
    }
    resource.scopes.append(std::move(scope));
    batch.resources.append(std::move(resource));
    return batch;
}

} // namespace

class TestOtlpCodec : public QObject
{
    Q_OBJECT

private slots:
    void jsonAndProtobufDecodeAlike();
    void decodedValues();
    void roundTrip_data();
    void roundTrip();
    void int64Forms_data();
    void int64Forms();
    void anyValues_data();
    void anyValues();
    void ids_data();
    void ids();
    void unknownFieldsIgnored();
    void protobufUnknownFieldsAndMerging();
    void fileExporterLine();
    void rejectedJsonSpans_data();
    void rejectedJsonSpans();
    void rejectedProtobufSpans();
    void jsonSyntax_data();
    void jsonSyntax();
    void jsonStrings();
    void deepNesting();
    void malformedJson_data();
    void malformedJson();
    void malformedProtobuf_data();
    void malformedProtobuf();
    void largeProtobufBody();
    void manyNamesAndValues();
    void responses();
    void throughput();
};

void TestOtlpCodec::jsonAndProtobufDecodeAlike()
{
    Error error;
    const auto fromJson = decodeOtlpJson(readData(QStringLiteral("multi-agent.json")), &error);
    QVERIFY2(fromJson, qPrintable(error.message));
    const auto fromProtobuf = decodeOtlpProtobuf(readData(QStringLiteral("multi-agent.pb")), &error);
    QVERIFY2(fromProtobuf, qPrintable(error.message));

    QCOMPARE(fromJson->spanCount(), 5);
    QCOMPARE(fromJson->resources.size(), 3);
    QCOMPARE(describe(*fromProtobuf), describe(*fromJson));
}

void TestOtlpCodec::decodedValues()
{
    Error error;
    const auto batch = decodeOtlpJson(readData(QStringLiteral("multi-agent.json")), &error);
    QVERIFY2(batch, qPrintable(error.message));
    QCOMPARE(batch->rejectedSpans, 0);

    const ResourceSpans &first = batch->resources[0];
    QCOMPARE(first.resource.value(QStringLiteral("service.name")).string,
             QStringLiteral("support-orchestrator"));
    QCOMPARE(first.resource.value(QStringLiteral("app.tags")).array,
             QStringList({QStringLiteral("support"), QStringLiteral("tier-1")}));
    QCOMPARE(first.scopes[0].scopeName, QStringLiteral("opentelemetry.instrumentation.anthropic"));
    QCOMPARE(first.scopes[0].scopeVersion, QStringLiteral("0.47.1"));

    // This span is written with uppercase ids and int64 as JSON numbers in the file.
    const Span *chat = findSpan(*batch, QStringLiteral("b7ad6b7169203331"));
    QVERIFY(chat);
    QCOMPARE(chat->traceId, QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
    QCOMPARE(chat->parentSpanId, QStringLiteral("00f067aa0ba902b7"));
    QCOMPARE(chat->kind, 3);
    QCOMPARE(chat->startNs, Q_INT64_C(1787220900052000001));
    QCOMPARE(chat->endNs, Q_INT64_C(1787220902987654321));
    const Attributes &a = chat->attributes;
    QCOMPARE(a.value(QStringLiteral("gen_ai.usage.input_tokens")).type, AnyValue::Type::Int);
    QCOMPARE(a.value(QStringLiteral("gen_ai.usage.input_tokens")).intValue, 1834);
    QCOMPARE(a.value(QStringLiteral("gen_ai.usage.big")).intValue, std::numeric_limits<qint64>::max());
    QCOMPARE(a.value(QStringLiteral("gen_ai.request.max_tokens")).intValue, -1);
    QCOMPARE(a.value(QStringLiteral("gen_ai.request.temperature")).doubleValue, 0.25);
    QCOMPARE(a.value(QStringLiteral("gen_ai.request.stream")).boolValue, true);
    QCOMPARE(a.value(QStringLiteral("app.nothing")).type, AnyValue::Type::Empty);
    QCOMPARE(a.value(QStringLiteral("app.blob")).string, QStringLiteral("AAH+YnVybg=="));
    QCOMPARE(a.value(QStringLiteral("app.mixed")).array,
             QStringList(
                 {QStringLiteral("a"), QStringLiteral("2"), QStringLiteral("3.5"), QStringLiteral("false")}));
    QCOMPARE(a.value(QStringLiteral("app.mixed")).string, QStringLiteral(R"(["a",2,3.5,false])"));
    const AnyValue messages = a.value(QStringLiteral("gen_ai.input.messages"));
    QCOMPARE(messages.type, AnyValue::Type::Array);
    QCOMPARE(messages.string,
             QStringLiteral(R"([{"parts":[{"content":"Where is my order?","type":"text"}],"role":"user"}])"));
    QCOMPARE(chat->events.size(), 2);
    QCOMPARE(chat->events[0].name, QStringLiteral("gen_ai.content.first_token"));
    QCOMPARE(chat->events[0].timeNs, Q_INT64_C(1787220900300000000));
    QCOMPARE(chat->events[1].attributes.value(QStringLiteral("message")).string,
             QStringLiteral(R"({"content":"Let me check.","role":"assistant"})"));

    const Span *failed = findSpan(*batch, QStringLiteral("53995c3f42cd8ad8"));
    QVERIFY(failed);
    QCOMPARE(failed->statusCode, 2);
    QCOMPARE(failed->statusMessage, QStringLiteral("rate limited: retry after 2s"));
    QCOMPARE(failed->attributes.value(QStringLiteral("gen_ai.usage.cost")).type, AnyValue::Type::Double);

    const Span *tool = findSpan(*batch, QStringLiteral("e457b5a2e4d86bd1"));
    QVERIFY(tool);
    QCOMPARE(tool->attributes.value(QStringLiteral("app.unicode")).string, QStringLiteral("Grüße, 東京 ✓"));

    const Span *llm = findSpan(*batch, QStringLiteral("1a2b3c4d5e6f7081"));
    QVERIFY(llm);
    QVERIFY(llm->parentSpanId.isEmpty());
    QCOMPARE(llm->attributes.value(QStringLiteral("app.empty_array")).string, QStringLiteral("[]"));
    QCOMPARE(llm->attributes.value(QStringLiteral("app.empty_kvlist")).type, AnyValue::Type::KvList);
    QCOMPARE(llm->attributes.value(QStringLiteral("app.empty_kvlist")).string, QStringLiteral("{}"));
}

void TestOtlpCodec::roundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("viaProtobuf");
    QTest::newRow("json -> json") << QStringLiteral("multi-agent.json") << false;
    QTest::newRow("json -> protobuf") << QStringLiteral("multi-agent.json") << true;
    QTest::newRow("protobuf -> json") << QStringLiteral("multi-agent.pb") << false;
    QTest::newRow("protobuf -> protobuf") << QStringLiteral("multi-agent.pb") << true;
}

void TestOtlpCodec::roundTrip()
{
    QFETCH(QString, file);
    QFETCH(bool, viaProtobuf);
    Error error;
    const QByteArray body = readData(file);
    const auto original =
        file.endsWith(u".pb") ? decodeOtlpProtobuf(body, &error) : decodeOtlpJson(body, &error);
    QVERIFY2(original, qPrintable(error.message));

    const auto again = viaProtobuf ? decodeOtlpProtobuf(encodeOtlpProtobuf(*original), &error)
                                   : decodeOtlpJson(encodeOtlpJson(*original), &error);
    QVERIFY2(again, qPrintable(error.message));
    QCOMPARE(describe(*again), describe(*original));
}

void TestOtlpCodec::int64Forms_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<QByteArray>("intValue");
    QTest::addColumn<qint64>("expectedStart");
    QTest::addColumn<qint64>("expectedInt");
    QTest::newRow("strings") << QByteArray(R"("1787220900052000001")") << QByteArray(R"("-42")")
                             << Q_INT64_C(1787220900052000001) << Q_INT64_C(-42);
    QTest::newRow("numbers") << QByteArray("1787220900052000001") << QByteArray("-42")
                             << Q_INT64_C(1787220900052000001) << Q_INT64_C(-42);
    QTest::newRow("int64 max as number")
        << QByteArray("9223372036854775807") << QByteArray("9223372036854775807")
        << std::numeric_limits<qint64>::max() << std::numeric_limits<qint64>::max();
    QTest::newRow("int64 min as string") << QByteArray("0") << QByteArray(R"("-9223372036854775808")")
                                         << Q_INT64_C(0) << std::numeric_limits<qint64>::min();
}

void TestOtlpCodec::int64Forms()
{
    QFETCH(QByteArray, start);
    QFETCH(QByteArray, intValue);
    QFETCH(qint64, expectedStart);
    QFETCH(qint64, expectedInt);
    Error error;
    const auto batch = decodeOtlpJson(
        oneSpan(
            R"("traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","startTimeUnixNano":)" +
            start +
            R"(,"endTimeUnixNano":"9223372036854775807","attributes":[{"key":"n","value":{"intValue":)" +
            intValue + "}}]"),
        &error);
    QVERIFY2(batch, qPrintable(error.message));
    QCOMPARE(batch->rejectedSpans, 0);
    const Span &span = batch->resources[0].scopes[0].spans[0];
    QCOMPARE(span.startNs, expectedStart);
    QCOMPARE(span.endNs, std::numeric_limits<qint64>::max());
    QCOMPARE(span.attributes.value(QStringLiteral("n")).type, AnyValue::Type::Int);
    QCOMPARE(span.attributes.value(QStringLiteral("n")).intValue, expectedInt);
}

void TestOtlpCodec::anyValues_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty object") << QByteArray("{}") << QStringLiteral("empty");
    QTest::newRow("string") << QByteArray(R"({"stringValue":"x"})") << QStringLiteral("string:x");
    QTest::newRow("bool") << QByteArray(R"({"boolValue":false})") << QStringLiteral("bool:false");
    QTest::newRow("double") << QByteArray(R"({"doubleValue":0.1})")
                            << QStringLiteral("double:0.10000000000000001");
    QTest::newRow("double as integer") << QByteArray(R"({"doubleValue":3})") << QStringLiteral("double:3");
    QTest::newRow("double as string")
        << QByteArray(R"({"doubleValue":"2.5"})") << QStringLiteral("double:2.5");
    QTest::newRow("double NaN") << QByteArray(R"({"doubleValue":"NaN"})") << QStringLiteral("double:nan");
    QTest::newRow("int non-integral number") << QByteArray(R"({"intValue":1.5})") << QStringLiteral("empty");
    QTest::newRow("int bad string") << QByteArray(R"({"intValue":"12a"})") << QStringLiteral("empty");
    QTest::newRow("string of wrong type") << QByteArray(R"({"stringValue":5})") << QStringLiteral("empty");
    QTest::newRow("unknown oneof member")
        << QByteArray(R"({"stringValueStrindex":3})") << QStringLiteral("empty");
    QTest::newRow("bytes") << QByteArray(R"({"bytesValue":"AAH+"})") << QStringLiteral("bytes:AAH+");
    QTest::newRow("bytes not base64") << QByteArray(R"({"bytesValue":"%%%"})") << QStringLiteral("empty");
    QTest::newRow("array of strings")
        << QByteArray(R"({"arrayValue":{"values":[{"stringValue":"a"},{"stringValue":"b"}]}})")
        << QStringLiteral(R"(array:a|b json:["a","b"])");
    QTest::newRow("array with nested array and empty")
        << QByteArray(R"({"arrayValue":{"values":[{"arrayValue":{"values":[{"intValue":"1"}]}},{}]}})")
        << QStringLiteral("array:[1]| json:[[1],null]");
    QTest::newRow("empty array") << QByteArray(R"({"arrayValue":{}})") << QStringLiteral("array: json:[]");
    QTest::newRow("kvlist") << QByteArray(R"({"kvlistValue":{"values":[{"key":"b","value":{"intValue":2}},)"
                                          R"({"key":"a","value":{"boolValue":true}}]}})")
                            << QStringLiteral(R"(kvlist:{"a":true,"b":2})");
}

void TestOtlpCodec::anyValues()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, expected);
    QCOMPARE(describe(attributeOf(value)), expected);
}

void TestOtlpCodec::ids_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<QString>("traceId");
    QTest::addColumn<QString>("spanId");
    QTest::addColumn<QString>("parentSpanId");
    const QString trace = QStringLiteral("5b8efff798038103d269b633813fc60c");
    QTest::newRow("uppercase lowered")
        << QByteArray(R"("traceId":"5B8EFFF798038103D269B633813FC60C",)"
                      R"("spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173")")
        << trace << QStringLiteral("eee19b7ec3c1b174") << QStringLiteral("eee19b7ec3c1b173");
    QTest::newRow("parent absent") << QByteArray(R"("traceId":"5b8efff798038103d269b633813fc60c",)"
                                                 R"("spanId":"eee19b7ec3c1b174")")
                                   << trace << QStringLiteral("eee19b7ec3c1b174") << QString();
    QTest::newRow("parent empty") << QByteArray(R"("traceId":"5b8efff798038103d269b633813fc60c",)"
                                                R"("spanId":"eee19b7ec3c1b174","parentSpanId":"")")
                                  << trace << QStringLiteral("eee19b7ec3c1b174") << QString();
    QTest::newRow("parent null") << QByteArray(R"("traceId":"5b8efff798038103d269b633813fc60c",)"
                                               R"("spanId":"eee19b7ec3c1b174","parentSpanId":null)")
                                 << trace << QStringLiteral("eee19b7ec3c1b174") << QString();
    QTest::newRow("parent all zeros")
        << QByteArray(R"("traceId":"5b8efff798038103d269b633813fc60c",)"
                      R"("spanId":"eee19b7ec3c1b174","parentSpanId":"0000000000000000")")
        << trace << QStringLiteral("eee19b7ec3c1b174") << QString();
}

void TestOtlpCodec::ids()
{
    QFETCH(QByteArray, fields);
    QFETCH(QString, traceId);
    QFETCH(QString, spanId);
    QFETCH(QString, parentSpanId);
    Error error;
    const auto batch = decodeOtlpJson(oneSpan(fields), &error);
    QVERIFY2(batch, qPrintable(error.message));
    QCOMPARE(batch->rejectedSpans, 0);
    const Span &span = batch->resources[0].scopes[0].spans[0];
    QCOMPARE(span.traceId, traceId);
    QCOMPARE(span.spanId, spanId);
    QCOMPARE(span.parentSpanId, parentSpanId);

    // The same ids survive the protobuf encoding, where they are raw bytes.
    const auto viaProtobuf = decodeOtlpProtobuf(encodeOtlpProtobuf(*batch), &error);
    QVERIFY2(viaProtobuf, qPrintable(error.message));
    QCOMPARE(describe(*viaProtobuf), describe(*batch));
}

void TestOtlpCodec::unknownFieldsIgnored()
{
    const QByteArray body = QByteArrayLiteral(
        R"({"resourceSpans":[{"resource":{"attributes":[],"entityRefs":[{"type":"host"}]},"futureField":{"a":[1]},)"
        R"("scopeSpans":[{"scope":{"name":"s","attributes":[{"key":"x","value":{"intValue":"1"}}]},"schemaUrl":"u",)"
        R"("spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","name":"n",)"
        R"("flags":257,"traceState":"k=v","links":[{"traceId":"x"}],"droppedEventsCount":3,"newThing":true,)"
        R"("startTimeUnixNano":"5","endTimeUnixNano":"6","status":{"code":1,"extra":2}}]}]}],"topLevelNew":1})");
    Error error;
    const auto batch = decodeOtlpJson(body, &error);
    QVERIFY2(batch, qPrintable(error.message));
    QCOMPARE(batch->spanCount(), 1);
    QCOMPARE(batch->rejectedSpans, 0);
    const Span &span = batch->resources[0].scopes[0].spans[0];
    QCOMPARE(span.name, QStringLiteral("n"));
    QCOMPARE(span.statusCode, 1);
    QCOMPARE(span.endNs, 6);
}

void TestOtlpCodec::protobufUnknownFieldsAndMerging()
{
    Error error;
    const QByteArray valid = readData(QStringLiteral("multi-agent.pb"));
    const auto expected = decodeOtlpProtobuf(valid, &error);
    QVERIFY2(expected, qPrintable(error.message));

    // Unknown top-level fields: varint 100 = 1, fixed64 102, and an empty group 101.
    const QByteArray unknown = QByteArray::fromHex("a00601") + QByteArray::fromHex("b1060102030405060708") +
                               QByteArray::fromHex("ab06ac06");
    const auto withUnknown = decodeOtlpProtobuf(QByteArray(unknown + valid + unknown), &error);
    QVERIFY2(withUnknown, qPrintable(error.message));
    QCOMPARE(describe(*withUnknown), describe(*expected));

    // Concatenated protobuf messages merge: the resource spans of both requests.
    const auto twice = decodeOtlpProtobuf(QByteArray(valid + valid), &error);
    QVERIFY2(twice, qPrintable(error.message));
    QCOMPARE(twice->spanCount(), 2 * expected->spanCount());
    QCOMPARE(twice->resources.size(), 2 * expected->resources.size());
}

void TestOtlpCodec::fileExporterLine()
{
    // The Collector file exporter writes one TracesData object per line; a line ends in '\n'.
    const QByteArray line = QByteArrayLiteral(
        R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},)"
        R"("scopeSpans":[{"scope":{},"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736",)"
        R"("spanId":"00f067aa0ba902b7","parentSpanId":"","name":"chat","kind":3,)"
        R"("startTimeUnixNano":"1787220900000000000","endTimeUnixNano":"1787220901000000000","status":{}}]}]}]})"
        "\n");
    Error error;
    const auto batch = decodeOtlpJson(line, &error);
    QVERIFY2(batch, qPrintable(error.message));
    QCOMPARE(batch->spanCount(), 1);
    QCOMPARE(batch->resources[0].resource.value(QStringLiteral("service.name")).string,
             QStringLiteral("svc"));
}

void TestOtlpCodec::rejectedJsonSpans_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<QString>("reason");
    const QByteArray times = R"(,"startTimeUnixNano":"1","endTimeUnixNano":"2")";
    const QByteArray ids = R"("traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7")";
    const QString badTrace = QStringLiteral("trace id is not 32 hex digits");
    const QString badSpan = QStringLiteral("span id is not 16 hex digits");
    const QString badTime = QStringLiteral("time is not a valid nanosecond timestamp");
    QTest::newRow("trace id missing") << QByteArray(R"("spanId":"00f067aa0ba902b7")" + times) << badTrace;
    QTest::newRow("trace id short") << QByteArray(R"("traceId":"4bf92f35","spanId":"00f067aa0ba902b7")" +
                                                  times)
                                    << badTrace;
    QTest::newRow("trace id base64")
        << QByteArray(R"("traceId":"S/kvNXezTaajzpKdDg5HNg==","spanId":"00f067aa0ba902b7")" + times)
        << badTrace;
    QTest::newRow("trace id all zeros")
        << QByteArray(R"("traceId":"00000000000000000000000000000000","spanId":"00f067aa0ba902b7")" + times)
        << badTrace;
    QTest::newRow("trace id number") << QByteArray(R"("traceId":12,"spanId":"00f067aa0ba902b7")" + times)
                                     << badTrace;
    QTest::newRow("span id non-hex")
        << QByteArray(R"("traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902bz")" + times)
        << badSpan;
    QTest::newRow("span id empty")
        << QByteArray(R"("traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"")" + times) << badSpan;
    QTest::newRow("parent id long") << QByteArray(ids + R"(,"parentSpanId":"00f067aa0ba902b7aa")" + times)
                                    << QStringLiteral("parent span id is not 16 hex digits");
    QTest::newRow("end before start") << QByteArray(ids + R"(,"startTimeUnixNano":"2","endTimeUnixNano":"1")")
                                      << QStringLiteral("end time is before start time");
    QTest::newRow("time not a number")
        << QByteArray(ids + R"(,"startTimeUnixNano":"soon","endTimeUnixNano":"2")") << badTime;
    QTest::newRow("time negative") << QByteArray(ids + R"(,"startTimeUnixNano":-5,"endTimeUnixNano":"2")")
                                   << badTime;
    QTest::newRow("time over int64") << QByteArray(ids + R"(,"startTimeUnixNano":"1","endTimeUnixNano":)"
                                                         R"("9223372036854775808")")
                                     << badTime;
    QTest::newRow("time number over int64")
        << QByteArray(ids + R"(,"startTimeUnixNano":1,"endTimeUnixNano":18446744073709551615)") << badTime;
    QTest::newRow("time fractional") << QByteArray(ids + R"(,"startTimeUnixNano":1.5,"endTimeUnixNano":"2")")
                                     << badTime;
    QTest::newRow("time boolean") << QByteArray(ids + R"(,"startTimeUnixNano":true,"endTimeUnixNano":"2")")
                                  << badTime;
    QTest::newRow("event time bad") << QByteArray(ids + times +
                                                  R"(,"events":[{"name":"e","timeUnixNano":"x"}])")
                                    << badTime;
}

void TestOtlpCodec::rejectedJsonSpans()
{
    QFETCH(QByteArray, fields);
    QFETCH(QString, reason);
    // The bad span sits between two good ones, twice, so the reason must be listed once.
    const QByteArray good = R"({"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"1111111111111111",)"
                            R"("startTimeUnixNano":"1","endTimeUnixNano":"1"})";
    const QByteArray body = R"({"resourceSpans":[{"scopeSpans":[{"spans":[)" + good + ",{" + fields + "}," +
                            good + ",{" + fields + "}]}]}]}";
    Error error;
    const auto batch = decodeOtlpJson(body, &error);
    QVERIFY2(batch, qPrintable(error.message));
    QCOMPARE(batch->spanCount(), 2);
    QCOMPARE(batch->rejectedSpans, 2);
    QCOMPARE(batch->rejectionReasons, QStringList{reason});
}

void TestOtlpCodec::rejectedProtobufSpans()
{
    // The encoder writes whatever the batch holds, so a batch with bad ids makes a protobuf body with
    // ids of the wrong length.
    TraceBatch batch;
    batch.resources.append(ResourceSpans());
    batch.resources[0].scopes.append(ScopeSpans());
    auto add = [&](const char *trace, const char *span, const char *parent, qint64 start, qint64 end) {
        Span s;
        s.traceId = QString::fromLatin1(trace);
        s.spanId = QString::fromLatin1(span);
        s.parentSpanId = QString::fromLatin1(parent);
        s.startNs = start;
        s.endNs = end;
        batch.resources[0].scopes[0].spans.append(s);
    };
    add("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "", 1, 2);           // good
    add("4bf92f3577b34da6a3ce929d0e0e47", "00f067aa0ba902b7", "", 1, 2);             // 15-byte trace id
    add("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902", "", 1, 2);             // 7-byte span id
    add("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "00f067aa0b", 1, 2); // 5-byte parent
    add("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "", 3, 2);           // ends before start
    add("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "", -1, 2);          // > int64 as fixed64
    add("00000000000000000000000000000000", "00f067aa0ba902b7", "", 1, 2);           // all-zero trace id
    add("4bf92f3577b34da6a3ce929d0e0e4736", "2222222222222222", "0000000000000000", 1,
        2); // zero parent: root

    Error error;
    const auto decoded = decodeOtlpProtobuf(encodeOtlpProtobuf(batch), &error);
    QVERIFY2(decoded, qPrintable(error.message));
    QCOMPARE(decoded->spanCount(), 2);
    QCOMPARE(decoded->resources[0].scopes[0].spans[1].parentSpanId, QString());
    QCOMPARE(decoded->rejectedSpans, 6);
    QCOMPARE(decoded->rejectionReasons,
             QStringList({QStringLiteral("trace id is not 32 hex digits"),
                          QStringLiteral("span id is not 16 hex digits"),
                          QStringLiteral("parent span id is not 16 hex digits"),
                          QStringLiteral("end time is before start time"),
                          QStringLiteral("time is not a valid nanosecond timestamp")}));
}

void TestOtlpCodec::jsonSyntax_data()
{
    // The decoder reads JSON itself (RFC 8259). QJsonDocument agrees on all of these except that it
    // also accepts "1.", unknown escapes and raw control characters in strings.
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("valid");
    QTest::newRow("whitespace everywhere")
        << QByteArray(" \r\n\t{ \"resourceSpans\" :\n[ ] , \"x\" : [ 1 , { } ] }\n ") << true;
    QTest::newRow("all literal kinds")
        << QByteArray(R"({"a":[true,false,null,-0,0.5e-3,1E+2,"s",{}],"b":{"c":[]}})") << true;
    QTest::newRow("leading zero") << QByteArray(R"({"a":01})") << false;
    QTest::newRow("bare minus") << QByteArray(R"({"a":-})") << false;
    QTest::newRow("dot without digits") << QByteArray(R"({"a":1.})") << false;
    QTest::newRow("exponent without digits") << QByteArray(R"({"a":1e})") << false;
    QTest::newRow("plus sign") << QByteArray(R"({"a":+1})") << false;
    QTest::newRow("misspelt literal") << QByteArray(R"({"a":tru})") << false;
    QTest::newRow("trailing comma in object") << QByteArray(R"({"a":1,})") << false;
    QTest::newRow("trailing comma in array") << QByteArray(R"({"a":[1,]})") << false;
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << false;
    QTest::newRow("single quotes") << QByteArray("{'a':1}") << false;
    QTest::newRow("unquoted key") << QByteArray("{a:1}") << false;
    QTest::newRow("bad escape") << QByteArray(R"({"a":"\x"})") << false;
    QTest::newRow("short unicode escape") << QByteArray(R"({"a":"\u12"})") << false;
    QTest::newRow("raw control character") << QByteArray("{\"a\":\"x\ty\"}") << false;
    QTest::newRow("unterminated string") << QByteArray(R"({"a":"abc)") << false;
    QTest::newRow("two documents") << QByteArray(R"({"a":1}{"b":2})") << false;
    QTest::newRow("unclosed array") << QByteArray(R"({"a":[1,2})") << false;
}

void TestOtlpCodec::jsonSyntax()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, valid);
    Error error;
    const auto batch = decodeOtlpJson(body, &error);
    QCOMPARE(bool(batch), valid);
    if (!batch)
        QVERIFY2(error.message.contains(u"not valid JSON"), qPrintable(error.message));
}

void TestOtlpCodec::jsonStrings()
{
    // Escapes, including a surrogate pair and an escaped key, and raw UTF-8.
    const QByteArray body = QByteArrayLiteral(
        R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"trace\u0049d":"4bf92f3577b34da6a3ce929d0e0e4736",)"
        R"("span\u0049d":"00f067aa0ba902\u0062\u0037","name":"a\"b\\c\/d\b\f\n\r\t \u00e9\u6771 \ud83d\ude00 \ud800x é",)"
        R"("attributes":[{"key":"k\u00fc","value":{"stringValue":"\u0000"}}]}]}]}]})");
    Error error;
    const auto batch = decodeOtlpJson(body, &error);
    QVERIFY2(batch, qPrintable(error.message));
    QCOMPARE(batch->rejectedSpans, 0);
    const Span &span = batch->resources[0].scopes[0].spans[0];
    QCOMPARE(span.spanId, QStringLiteral("00f067aa0ba902b7"));
    QCOMPARE(span.name, QStringLiteral(u"a\"b\\c/d\b\f\n\r\t \u00e9\u6771 \U0001F600 \uFFFDx \u00e9"));
    QCOMPARE(span.attributes.value(QStringLiteral(u"k\u00fc")).string, QString(QChar(0)));

    // The same escaped value under one name in three spans, the value before the key in one of them, and
    // a different value after it: each keeps its own.
    const QByteArray repeated = QByteArrayLiteral(
        R"({"resourceSpans":[{"scopeSpans":[{"spans":[)"
        R"({"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b1","attributes":[)"
        R"({"key":"user.id","value":{"stringValue":"j\u00fcrgen"}}]},)"
        R"({"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b2","attributes":[)"
        R"({"value":{"stringValue":"j\u00fcrgen"},"key":"user.id"}]},)"
        R"({"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b3","attributes":[)"
        R"({"key":"user.id","value":{"stringValue":"j\u00fcrg"}}]}]}]}]})");
    const auto three = decodeOtlpJson(repeated, &error);
    QVERIFY2(three, qPrintable(error.message));
    const QList<Span> &spans = three->resources[0].scopes[0].spans;
    QCOMPARE(spans.size(), 3);
    QCOMPARE(spans[0].attributes.value(QStringLiteral("user.id")).string, QStringLiteral(u"j\u00fcrgen"));
    QCOMPARE(spans[1].attributes.value(QStringLiteral("user.id")).string, QStringLiteral(u"j\u00fcrgen"));
    QCOMPARE(spans[2].attributes.value(QStringLiteral("user.id")).string, QStringLiteral(u"j\u00fcrg"));
}

void TestOtlpCodec::deepNesting()
{
    // Nesting is bounded so that a hostile body cannot exhaust the stack; realistic depths pass.
    auto nested = [](int depth) -> QByteArray {
        return QByteArray(R"({"arrayValue":{"values":[)").repeated(depth) + R"({"stringValue":"leaf"})" +
               QByteArray("]}}").repeated(depth);
    };
    QCOMPARE(attributeOf(nested(10)).string, QStringLiteral(R"([[[[[[[[[["leaf"]]]]]]]]]])"));

    Error error;
    const QByteArray deep =
        oneSpan(validIds + R"(,"attributes":[{"key":"k","value":)" + nested(100000) + "}]");
    QVERIFY(!decodeOtlpJson(deep, &error));
    QVERIFY2(error.message.contains(u"nesting too deep"), qPrintable(error.message));
}

void TestOtlpCodec::malformedJson_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
    QTest::newRow("truncated") << readData(QStringLiteral("multi-agent.json")).left(700)
                               << QStringLiteral("not valid JSON");
    QTest::newRow("garbage at offset")
        << QByteArray(R"({"resourceSpans":[]} x)") << QStringLiteral("at offset 21");
    QTest::newRow("array") << QByteArray(R"([{"resourceSpans":[]}])") << QStringLiteral("not an object");
    QTest::newRow("resourceSpans object")
        << QByteArray(R"({"resourceSpans":{}})") << QStringLiteral("resourceSpans must be an array");
    QTest::newRow("resourceSpans string")
        << QByteArray(R"({"resourceSpans":"[]"})") << QStringLiteral("resourceSpans must be an array");
    QTest::newRow("resource entry number")
        << QByteArray(R"({"resourceSpans":[1]})") << QStringLiteral("resourceSpans[0] must be an object");
    QTest::newRow("scopeSpans not array") << QByteArray(R"({"resourceSpans":[{},{"scopeSpans":3}]})")
                                          << QStringLiteral("resourceSpans[1].scopeSpans must be an array");
    QTest::newRow("spans not array") << QByteArray(R"({"resourceSpans":[{"scopeSpans":[{"spans":{}}]}]})")
                                     << QStringLiteral(
                                            "resourceSpans[0].scopeSpans[0].spans must be an array");
    QTest::newRow("span not object") << QByteArray(R"({"resourceSpans":[{"scopeSpans":[{"spans":["x"]}]}]})")
                                     << QStringLiteral(
                                            "resourceSpans[0].scopeSpans[0].spans[0] must be an object");
}

void TestOtlpCodec::malformedJson()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, messagePart);
    Error error;
    QVERIFY(!decodeOtlpJson(body, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
    QVERIFY(!decodeOtlpJson(body, nullptr)); // the error is optional
}

void TestOtlpCodec::malformedProtobuf_data()
{
    QTest::addColumn<QByteArray>("body");
    const QByteArray valid = readData(QStringLiteral("multi-agent.pb"));
    QTest::newRow("random bytes") << QByteArray::fromHex("ffffffff0f7a3c91d4");
    QTest::newRow("truncated") << valid.left(valid.size() - 3);
    QTest::newRow("truncated in the middle") << valid.left(valid.size() / 2);
    QTest::newRow("json body") << readData(QStringLiteral("multi-agent.json"));
    QTest::newRow("length beyond the end") << QByteArray::fromHex("0a7f0a02");
    QTest::newRow("field number zero") << QByteArray::fromHex("0000");
    QTest::newRow("unterminated group") << QByteArray::fromHex("ab06");
    QTest::newRow("truncated span inside") << QByteArray::fromHex("0a04"
                                                                  "1202"
                                                                  "1200") +
                                                  QByteArray::fromHex("0a03120112");
}

void TestOtlpCodec::malformedProtobuf()
{
    QFETCH(QByteArray, body);
    Error error;
    QVERIFY(!decodeOtlpProtobuf(body, &error));
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QVERIFY2(error.message.contains(u"not a valid protobuf"), qPrintable(error.message));

    // An empty body is a valid, empty request.
    const auto empty = decodeOtlpProtobuf(QByteArray(), &error);
    QVERIFY(empty);
    QCOMPARE(empty->spanCount(), 0);
}

void TestOtlpCodec::largeProtobufBody()
{
    // OTLP allows 64 MiB bodies; protobuf's parser must not stop earlier.
    TraceBatch batch = syntheticBatch(1);
    Span &span = batch.resources[0].scopes[0].spans[0];
    span.attributes.insert(QStringLiteral("gen_ai.input.messages"),
                           stringValue(QString(64 * 1024 * 1024, u'x')));
    const QByteArray body = encodeOtlpProtobuf(batch);
    QVERIFY(body.size() > 64 * 1024 * 1024);
    Error error;
    const auto decoded = decodeOtlpProtobuf(body, &error);
    QVERIFY2(decoded, qPrintable(error.message));
    QCOMPARE(decoded->resources[0]
                 .scopes[0]
                 .spans[0]
                 .attributes.value(QStringLiteral("gen_ai.input.messages"))
                 .string.size(),
             64 * 1024 * 1024);
}

void TestOtlpCodec::manyNamesAndValues()
{
    // Both decoders share repeated names and values up to a bound; past it, every name and value still
    // arrives as sent.
    TraceBatch batch = syntheticBatch(600);
    QList<Span> &spans = batch.resources[0].scopes[0].spans;
    for (qsizetype i = 0; i < spans.size(); ++i) {
        spans[i].attributes.insert(QStringLiteral("custom.%1").arg(i),
                                   stringValue(QStringLiteral("v%1").arg(i)));
        spans[i].attributes.insert(QStringLiteral("user.id"),
                                   stringValue(QStringLiteral("user-%1").arg(i % 200)));
        spans[i].attributes.insert(QStringLiteral("app.feature"),
                                   stringValue(QStringLiteral("feature-%1").arg(i % 3)));
    }
    Error error;
    const auto viaProtobuf = decodeOtlpProtobuf(encodeOtlpProtobuf(batch), &error);
    QVERIFY2(viaProtobuf, qPrintable(error.message));
    QCOMPARE(describe(*viaProtobuf), describe(batch));
    const auto viaJson = decodeOtlpJson(encodeOtlpJson(batch), &error);
    QVERIFY2(viaJson, qPrintable(error.message));
    QCOMPARE(describe(*viaJson), describe(batch));
}

void TestOtlpCodec::responses()
{
    QCOMPARE(exportResponseJson(0, QString()), QByteArray("{}"));
    QCOMPARE(
        exportResponseJson(3, QStringLiteral("trace id is not 32 hex digits")),
        QByteArray(
            R"({"partialSuccess":{"rejectedSpans":"3","errorMessage":"trace id is not 32 hex digits"}})"));
    QCOMPARE(
        exportResponseJson(0, QStringLiteral("say \"hi\"\n")),
        QByteArray("{\"partialSuccess\":{\"rejectedSpans\":\"0\",\"errorMessage\":\"say \\\"hi\\\"\\n\"}}"));
    QCOMPARE(exportResponseJson(2, QString()),
             QByteArray(R"({"partialSuccess":{"rejectedSpans":"2","errorMessage":""}})"));
    QVERIFY(QJsonDocument::fromJson(exportResponseJson(7, QStringLiteral("ü \\ /"))).isObject());

    QCOMPARE(exportResponseProtobuf(0, QString()), QByteArray());
    // field 1 (partial_success, length 7) { field 1 varint 3, field 2 "bad" }
    QCOMPARE(exportResponseProtobuf(3, QStringLiteral("bad")), QByteArray::fromHex("0a0708031203626164"));
    QCOMPARE(exportResponseProtobuf(0, QStringLiteral("w")), QByteArray::fromHex("0a03120177"));

    QCOMPARE(statusJson(3, QStringLiteral("The body is not valid JSON.")),
             QByteArray(R"({"code":3,"message":"The body is not valid JSON."})"));
    QCOMPARE(statusProtobuf(3, QStringLiteral("bad")), QByteArray::fromHex("08031203626164"));
    QCOMPARE(statusProtobuf(8, QString()), QByteArray::fromHex("0808"));
}

void TestOtlpCodec::throughput()
{
    // A measurement for the report, not a pass/fail bar (DESIGN.md §8: performance is for benchmarks).
    // Best of three: a decode into a cold heap also pays for page faults, which on a VM can cost more
    // than the decoding itself.
    constexpr int spans = 10000;
    const TraceBatch batch = syntheticBatch(spans);
    const QByteArray json = encodeOtlpJson(batch);
    const QByteArray protobuf = encodeOtlpProtobuf(batch);
    auto bestOfThree = [&](auto decode, const QByteArray &body) {
        qint64 best = std::numeric_limits<qint64>::max();
        for (int round = 0; round < 3; ++round) {
            Error error;
            QElapsedTimer timer;
            timer.start();
            const auto decoded = decode(body, &error);
            best = std::min(best, timer.nsecsElapsed());
            if (!decoded || decoded->spanCount() != spans)
                return qint64(-1);
        }
        return best;
    };
    const qint64 jsonNs = bestOfThree(decodeOtlpJson, json);
    const qint64 protobufNs = bestOfThree(decodeOtlpProtobuf, protobuf);
    QVERIFY(jsonNs > 0 && protobufNs > 0);
    qInfo(
        "decode %d spans: JSON %lld bytes %.1f ms = %.0f spans/s; protobuf %lld bytes %.1f ms = %.0f spans/s",
        spans, qint64(json.size()), jsonNs / 1e6, spans * 1e9 / jsonNs, qint64(protobuf.size()),
        protobufNs / 1e6, spans * 1e9 / protobufNs);
}

QTEST_GUILESS_MAIN(TestOtlpCodec)
#include "tst_otlpcodec.moc"
