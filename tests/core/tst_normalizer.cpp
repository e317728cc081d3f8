// Normalizer: OTLP bodies under tests/data/otlp/normalizer/, one per attribute family, each decoded with
// decodeOtlpJson and compared field by field with a hand-written <name>.expected.json; plus edge cases
// built in C++ and a throughput measurement.
#include "ingest/normalizer.h"
#include "ingest/otlpcodec.h"

#include "common/timeutil.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <array>

using namespace Burnrate;
using namespace Burnrate::Ingest;
using Model::UsageEvent;

namespace {

QString dataPath(const QString &name)
{
    return QStringLiteral(BURNRATE_TEST_DATA_DIR "/otlp/normalizer/") + name;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

qint64 int64Of(const QJsonValue &v)
{
    return v.isString() ? v.toString().toLongLong() : v.toInteger();
}

AnyValue str(const QString &s)
{
    AnyValue v;
    v.type = AnyValue::Type::String;
    v.string = s;
    return v;
}

AnyValue integer(qint64 n)
{
    AnyValue v;
    v.type = AnyValue::Type::Int;
    v.intValue = n;
    return v;
}

AnyValue dbl(double d)
{
    AnyValue v;
    v.type = AnyValue::Type::Double;
    v.doubleValue = d;
    return v;
}

Span makeSpan(const QString &traceId, const QString &spanId, const QString &parentSpanId,
              Attributes attributes)
{
    Span s;
    s.traceId = traceId;
    s.spanId = spanId;
    s.parentSpanId = parentSpanId;
    s.name = QStringLiteral("span");
    s.startNs = 1'787'220'900'000'000'000;
    s.endNs = s.startNs + 1'500'000'000;
    s.attributes = std::move(attributes);
    return s;
}

TraceBatch batchOf(QList<Span> spans, const QString &scopeName = QStringLiteral("test"),
                   const QString &scopeVersion = QString(), Attributes resource = {})
{
    ScopeSpans scope;
    scope.scopeName = scopeName;
    scope.scopeVersion = scopeVersion;
    scope.spans = std::move(spans);
    ResourceSpans rs;
    rs.resource = std::move(resource);
    rs.scopes.append(scope);
    TraceBatch batch;
    batch.resources.append(rs);
    return batch;
}

Attributes chatUsage(qint64 input, qint64 output, const QString &model = QStringLiteral("gpt-4.1-mini"))
{
    return {{QStringLiteral("gen_ai.operation.name"), str(QStringLiteral("chat"))},
            {QStringLiteral("gen_ai.provider.name"), str(QStringLiteral("openai"))},
            {QStringLiteral("gen_ai.request.model"), str(model)},
            {QStringLiteral("gen_ai.usage.input_tokens"), integer(input)},
            {QStringLiteral("gen_ai.usage.output_tokens"), integer(output)}};
}

Attributes agentUsage(const QString &name, qint64 input, qint64 output)
{
    return {{QStringLiteral("gen_ai.operation.name"), str(QStringLiteral("invoke_agent"))},
            {QStringLiteral("gen_ai.agent.name"), str(name)},
            {QStringLiteral("gen_ai.provider.name"), str(QStringLiteral("openai"))},
            {QStringLiteral("gen_ai.request.model"), str(QStringLiteral("gpt-4.1"))},
            {QStringLiteral("gen_ai.usage.input_tokens"), integer(input)},
            {QStringLiteral("gen_ai.usage.output_tokens"), integer(output)}};
}

const QString kTrace = QStringLiteral("0123456789abcdef0123456789abcdef");

QString spanId(int n)
{
    return QStringLiteral("%1").arg(n, 16, 16, QLatin1Char('0'));
}

qint64 sumInput(const QList<UsageEvent> &events)
{
    qint64 sum = 0;
    for (const UsageEvent &e : events)
        sum += e.inputTokens;
    return sum;
}

} // namespace

class TestNormalizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void families_data();
    void families();
    void providerAliases_data();
    void providerAliases();
    void integerForms_data();
    void integerForms();
    void cacheInclusivity_data();
    void cacheInclusivity();
    void wrapperRepeatingChildrenIsNotDoubleCounted();
    void nestedAgentsBillTheInnermost();
    void agentWithoutUsageIsNeverBilled();
    void parentsAcrossResourcesAndOrder();
    void cyclicParentsTerminate();
    void eventIdIgnoresSource();
    void splitChildrenBeforeRoot();
    void splitRootBeforeChildren();
    void splitAgentBilledBeforeItsChildren();
    void splitThreeLevelsBottomUp();
    void splitVercelRootAfterItsCalls_data();
    void splitVercelRootAfterItsCalls();
    void splitLateSpanOverridesResource();
    void splitReDeliveryUpdatesOnce();
    void memoryForgetsIdleTraces();
    void traceSpansSplitToolBeforeAgent();
    void traceSpansReDelivered();
    void memoryIsBoundedBySpans();
    void contentDroppedByDefault();
    void contentKeptWhenAsked();
    void contentCapped();
    void throughput();
};

// --- data-driven attribute families -----------------------------------------------------------------

void TestNormalizer::families_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name : {"semconv-multi-agent", "deprecated-semconv", "traceloop-js-legacy",
                             "traceloop-python-legacy", "vercel-legacy", "vercel-v7", "openinference",
                             "openlit", "langfuse", "portkey", "pydantic", "edge-cases"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestNormalizer::families()
{
    QFETCH(QString, name);
    const QByteArray body = readFile(dataPath(name + u".json"));
    QVERIFY2(!body.isEmpty(), qPrintable(name));
    QJsonParseError parseError;
    const QJsonDocument expectedDoc =
        QJsonDocument::fromJson(readFile(dataPath(name + u".expected.json")), &parseError);
    QVERIFY2(expectedDoc.isObject(), qPrintable(parseError.errorString()));
    const QJsonObject expected = expectedDoc.object();

    Error error;
    const std::optional<TraceBatch> batch = decodeOtlpJson(body, &error);
    QVERIFY2(batch, qPrintable(error.message));
    QCOMPARE(batch->rejectedSpans, 0);

    const Normalizer::Result result = Normalizer().normalize(*batch);
    QCOMPARE(result.spansSeen, expected.value(u"spansSeen").toInt());
    QCOMPARE(result.rejectedSpans, expected.value(u"rejectedSpans").toInt());
    const QJsonArray reasons = expected.value(u"rejectionReasons").toArray();
    QCOMPARE(result.rejectionReasons.size(), reasons.size());

    const QJsonArray events = expected.value(u"events").toArray();
    QStringList expectedIds, actualIds;
    for (const QJsonValue &e : events)
        expectedIds.append(e.toObject().value(u"eventId").toString());
    for (const UsageEvent &e : result.events)
        actualIds.append(e.eventId);
    QCOMPARE(actualIds, expectedIds); // batch order, one event per billed span

    for (qsizetype i = 0; i < events.size(); ++i) {
        const QJsonObject want = events.at(i).toObject();
        const UsageEvent &got = result.events.at(i);
        const QString id = got.eventId;
        const auto text = [&](const char *key, const QString &fallback = QString()) {
            return want.contains(QLatin1StringView(key)) ? want.value(QLatin1StringView(key)).toString()
                                                         : fallback;
        };
        const auto number = [&](const char *key, qint64 fallback = 0) {
            return want.contains(QLatin1StringView(key)) ? int64Of(want.value(QLatin1StringView(key)))
                                                         : fallback;
        };
        // Every field is compared; a key the expected file leaves out must hold the default.
        QVERIFY2(got.eventId == u"otlp:" + got.traceId + u':' + got.spanId, qPrintable(id));
        QCOMPARE(got.source, QStringLiteral("otlp"));
        QCOMPARE(got.provider, text("provider"));
        QCOMPARE(got.model, text("model"));
        QCOMPARE(got.modelRequested, text("modelRequested"));
        QCOMPARE(got.operation, text("operation"));
        QCOMPARE(got.inputTokens, number("inputTokens"));
        QCOMPARE(got.outputTokens, number("outputTokens"));
        QCOMPARE(got.reasoningTokens, number("reasoningTokens"));
        QCOMPARE(got.cacheReadTokens, number("cacheReadTokens"));
        QCOMPARE(got.cacheWriteTokens, number("cacheWriteTokens"));
        QCOMPARE(Model::costSourceName(got.costSource), text("costSource", QStringLiteral("unpriced")));
        QCOMPARE(got.costMicros, number("costMicros"));
        QCOMPARE(got.agentId, text("agentId"));
        QCOMPARE(got.agentName, text("agentName"));
        QCOMPARE(got.sessionId, text("sessionId"));
        QCOMPARE(got.userId, text("userId"));
        QCOMPARE(got.taskId, text("taskId"));
        QCOMPARE(got.feature, text("feature"));
        QStringList tags;
        for (const QJsonValue &t : want.value(u"tags").toArray())
            tags.append(t.toString());
        QCOMPARE(got.tags, tags);
        QCOMPARE(got.responseId, text("responseId"));
        QCOMPARE(got.ttftMs, number("ttftMs", -1));
        QCOMPARE(got.error, want.value(u"error").toBool());
        QCOMPARE(got.errorType, text("errorType"));
        QCOMPARE(got.serviceName, text("serviceName"));
        QCOMPARE(got.environment, text("environment"));
        QCOMPARE(got.content, QString()); // never copied without keepContent
        QCOMPARE(got.parentSpanId, text("parentSpanId", got.parentSpanId));
        QCOMPARE(got.startNs, number("startNs", got.startNs));
        QCOMPARE(got.endNs, number("endNs", got.endNs));
        QCOMPARE(got.latencyMs, number("latencyMs", (got.endNs - got.startNs) / 1'000'000));
    }

    // Agents, tools and workflows become trace spans, in batch order; a file without the key has none.
    const QJsonArray spans = expected.value(u"traceSpans").toArray();
    QStringList expectedSpans, actualSpans;
    for (const QJsonValue &e : spans)
        expectedSpans.append(e.toObject().value(u"spanId").toString());
    for (const Model::TraceSpan &t : result.traceSpans)
        actualSpans.append(t.spanId);
    QCOMPARE(actualSpans, expectedSpans);
    for (qsizetype i = 0; i < spans.size(); ++i) {
        const QJsonObject want = spans.at(i).toObject();
        const Model::TraceSpan &got = result.traceSpans.at(i);
        const Span *source = nullptr;
        for (const ResourceSpans &rs : batch->resources)
            for (const ScopeSpans &ss : rs.scopes)
                for (const Span &sp : ss.spans)
                    if (sp.spanId == got.spanId && sp.traceId == got.traceId)
                        source = &sp;
        QVERIFY(source);
        QCOMPARE(Model::traceSpanKindName(got.kind), want.value(u"kind").toString());
        QCOMPARE(got.name, want.value(u"name").toString());
        QCOMPARE(got.agentId, want.value(u"agentId").toString());
        QCOMPARE(got.sessionId, want.value(u"sessionId").toString());
        QCOMPARE(got.error, want.value(u"error").toBool());
        QCOMPARE(got.parentSpanId, source->parentSpanId);
        QCOMPARE(got.startNs, source->startNs);
        QCOMPARE(got.endNs, source->endNs);
    }
    QVERIFY(result.traceSpanUpdates.isEmpty());
}

// --- provider, integers, cache ----------------------------------------------------------------------

void TestNormalizer::providerAliases_data()
{
    QTest::addColumn<QString>("reported");
    QTest::addColumn<QString>("expected");
    const char *rows[][2] = {
        {"openai", "openai"},
        {"OpenAI", "openai"},
        {" Anthropic ", "anthropic"},
        {"openai.responses", "openai"},
        {"openai.chat", "openai"},
        {"anthropic.messages", "anthropic"},
        {"aws.bedrock", "aws.bedrock"},
        {"azure.ai.openai", "azure.ai.openai"},
        {"azure.ai.inference", "azure.ai.inference"},
        {"gcp.gemini", "gcp.gemini"},
        {"gcp.vertex_ai", "gcp.vertex_ai"},
        {"gcp.gen_ai", "gcp.gen_ai"},
        {"ibm.watsonx.ai", "ibm.watsonx.ai"},
        {"Azure", "azure.ai.openai"},
        {"az.ai.openai", "azure.ai.openai"},
        {"az.ai.inference", "azure.ai.inference"},
        {"AWS", "aws.bedrock"},
        {"amazon-bedrock", "aws.bedrock"},
        {"Google", "gcp.gen_ai"},
        {"google.vertex.chat", "gcp.vertex_ai"},
        {"vertex_ai", "gcp.vertex_ai"},
        {"gemini", "gcp.gemini"},
        {"xai", "x_ai"},
        {"xai.chat", "x_ai"},
        {"mistral.chat", "mistral_ai"},
        {"OpenRouter", "openrouter"},
        {"", ""},
    };
    for (const auto &row : rows)
        QTest::newRow(row[0][0] ? row[0] : "empty")
            << QString::fromLatin1(row[0]) << QString::fromLatin1(row[1]);
}

void TestNormalizer::providerAliases()
{
    QFETCH(QString, reported);
    QFETCH(QString, expected);
    Attributes a = chatUsage(10, 1);
    a.remove(QStringLiteral("gen_ai.provider.name"));
    if (!reported.isEmpty())
        a.insert(QStringLiteral("gen_ai.system"), str(reported));
    const auto result = Normalizer().normalize(batchOf({makeSpan(kTrace, spanId(1), {}, a)}));
    QCOMPARE(result.events.size(), 1);
    QCOMPARE(result.events.first().provider, expected);
}

void TestNormalizer::integerForms_data()
{
    QTest::addColumn<AnyValue>("value");
    QTest::addColumn<qint64>("expected"); // -1: the span is rejected
    AnyValue boolean;
    boolean.type = AnyValue::Type::Bool;
    boolean.boolValue = true;
    QTest::newRow("int") << integer(1234) << qint64(1234);
    QTest::newRow("string") << str(QStringLiteral("1234")) << qint64(1234);
    QTest::newRow("string padded") << str(QStringLiteral(" 1234 ")) << qint64(1234);
    QTest::newRow("integral double") << dbl(1234.0) << qint64(1234);
    QTest::newRow("zero") << integer(0) << qint64(0);
    QTest::newRow("limit") << integer(1'000'000'000'000) << qint64(1'000'000'000'000);
    QTest::newRow("fractional double") << dbl(12.5) << qint64(-1);
    QTest::newRow("not a number") << str(QStringLiteral("12k")) << qint64(-1);
    QTest::newRow("bool") << boolean << qint64(-1);
    QTest::newRow("negative") << integer(-3) << qint64(-1);
    QTest::newRow("negative string") << str(QStringLiteral("-3")) << qint64(-1);
    QTest::newRow("absurd") << integer(1'000'000'000'001) << qint64(-1);
    QTest::newRow("absurd double") << dbl(1e15) << qint64(-1);
}

void TestNormalizer::integerForms()
{
    QFETCH(AnyValue, value);
    QFETCH(qint64, expected);
    Attributes a = chatUsage(0, 5);
    a.insert(QStringLiteral("gen_ai.usage.input_tokens"), value);
    const auto result = Normalizer().normalize(batchOf({makeSpan(kTrace, spanId(1), {}, a)}));
    QCOMPARE(result.spansSeen, 1);
    if (expected < 0) {
        QVERIFY(result.events.isEmpty());
        QCOMPARE(result.rejectedSpans, 1);
        QCOMPARE(result.rejectionReasons.size(), 1);
        QVERIFY(!result.rejectionReasons.first().isEmpty());
    } else {
        QCOMPARE(result.rejectedSpans, 0);
        QCOMPARE(result.events.size(), 1);
        QCOMPARE(result.events.first().inputTokens, expected);
    }
}

void TestNormalizer::cacheInclusivity_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("version");
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("expected");
    // cache read 300 + cache write 100 on every row
    const QString anthropic = QStringLiteral("@traceloop/instrumentation-anthropic");
    QTest::newRow("semconv inclusive") << QStringLiteral("acme") << QString() << qint64(900) << qint64(900);
    QTest::newRow("heuristic: input below cache")
        << QStringLiteral("acme") << QString() << qint64(250) << qint64(650);
    QTest::newRow("traceloop anthropic 0.19.0")
        << anthropic << QStringLiteral("0.19.0") << qint64(500) << qint64(900);
    QTest::newRow("traceloop anthropic 0.27.0")
        << anthropic << QStringLiteral("0.27.0") << qint64(500) << qint64(900);
    QTest::newRow("traceloop anthropic 0.28.0")
        << anthropic << QStringLiteral("0.28.0") << qint64(900) << qint64(900);
    QTest::newRow("traceloop anthropic 0.100.1")
        << anthropic << QStringLiteral("0.100.1") << qint64(900) << qint64(900);
    QTest::newRow("traceloop bedrock 0.26.3") << QStringLiteral("@traceloop/instrumentation-bedrock")
                                              << QStringLiteral("0.26.3") << qint64(500) << qint64(900);
    QTest::newRow("traceloop openai 0.19.0") << QStringLiteral("@traceloop/instrumentation-openai")
                                             << QStringLiteral("0.19.0") << qint64(500) << qint64(500);
}

void TestNormalizer::cacheInclusivity()
{
    QFETCH(QString, scope);
    QFETCH(QString, version);
    QFETCH(qint64, input);
    QFETCH(qint64, expected);
    Attributes a = chatUsage(input, 10, QStringLiteral("claude-sonnet-4-5"));
    a.insert(QStringLiteral("gen_ai.usage.cache_read.input_tokens"), integer(300));
    a.insert(QStringLiteral("gen_ai.usage.cache_creation.input_tokens"), integer(100));
    const auto result = Normalizer().normalize(batchOf({makeSpan(kTrace, spanId(1), {}, a)}, scope, version));
    QCOMPARE(result.events.size(), 1);
    const UsageEvent &e = result.events.first();
    QCOMPARE(e.inputTokens, expected);
    QCOMPARE(e.cacheReadTokens, qint64(300));
    QCOMPARE(e.cacheWriteTokens, qint64(100));
    QCOMPARE(e.uncachedInputTokens(), expected - 400);
}

// --- the span tree ----------------------------------------------------------------------------------

void TestNormalizer::wrapperRepeatingChildrenIsNotDoubleCounted()
{
    // invoke_agent (INTERNAL) repeating the sum of two chat calls, one of them under an agent_step.
    Attributes step = {{QStringLiteral("gen_ai.operation.name"), str(QStringLiteral("agent_step"))},
                       {QStringLiteral("gen_ai.usage.input_tokens"), integer(700)},
                       {QStringLiteral("gen_ai.request.model"), str(QStringLiteral("gpt-4.1-mini"))}};
    const TraceBatch batch = batchOf({
        makeSpan(kTrace, spanId(1), {}, agentUsage(QStringLiteral("Root"), 1000, 150)),
        makeSpan(kTrace, spanId(2), spanId(1), step),
        makeSpan(kTrace, spanId(3), spanId(2), chatUsage(700, 100)),
        makeSpan(kTrace, spanId(4), spanId(1), chatUsage(300, 50)),
    });
    const auto result = Normalizer().normalize(batch);
    QCOMPARE(result.events.size(), 2);
    QCOMPARE(sumInput(result.events), qint64(1000));
    QCOMPARE(result.events.at(0).spanId, spanId(3));
    QCOMPARE(result.events.at(1).spanId, spanId(4));
    QCOMPARE(result.events.at(0).agentName, QStringLiteral("Root"));
}

void TestNormalizer::nestedAgentsBillTheInnermost()
{
    // Outer agent repeats the total; the inner remote agent has its own usage and no model-call child.
    const TraceBatch batch = batchOf({
        makeSpan(kTrace, spanId(3), spanId(2), agentUsage(QStringLiteral("Remote"), 400, 40)),
        makeSpan(kTrace, spanId(1), {}, agentUsage(QStringLiteral("Outer"), 400, 40)),
        makeSpan(kTrace, spanId(2), spanId(1),
                 {{QStringLiteral("gen_ai.operation.name"), str(QStringLiteral("invoke_workflow"))}}),
        // A second trace: an agent with usage alone in the batch is billed.
        makeSpan(QStringLiteral("fedcba9876543210fedcba9876543210"), spanId(9), {},
                 agentUsage(QStringLiteral("Alone"), 10, 1)),
    });
    const auto result = Normalizer().normalize(batch);
    QCOMPARE(result.events.size(), 2);
    QCOMPARE(result.events.at(0).agentName, QStringLiteral("Remote"));
    QCOMPARE(result.events.at(0).operation, QStringLiteral("invoke_agent"));
    QCOMPARE(result.events.at(1).agentName, QStringLiteral("Alone"));
}

void TestNormalizer::agentWithoutUsageIsNeverBilled()
{
    Attributes pydantic = {{QStringLiteral("gen_ai.operation.name"), str(QStringLiteral("invoke_agent"))},
                           {QStringLiteral("gen_ai.agent.name"), str(QStringLiteral("bot"))},
                           {QStringLiteral("gen_ai.request.model"), str(QStringLiteral("gpt-4.1"))},
                           {QStringLiteral("gen_ai.aggregated_usage.input_tokens"), integer(500)},
                           {QStringLiteral("gen_ai.aggregated_usage.output_tokens"), integer(50)}};
    Attributes chatWithoutUsage = chatUsage(0, 0);
    chatWithoutUsage.remove(QStringLiteral("gen_ai.usage.input_tokens"));
    chatWithoutUsage.remove(QStringLiteral("gen_ai.usage.output_tokens"));
    const auto result =
        Normalizer().normalize(batchOf({makeSpan(kTrace, spanId(1), {}, pydantic),
                                        makeSpan(kTrace, spanId(2), spanId(1), chatWithoutUsage)}));
    QCOMPARE(result.spansSeen, 2);
    QVERIFY(result.events.isEmpty());
    QCOMPARE(result.rejectedSpans, 0);
}

void TestNormalizer::parentsAcrossResourcesAndOrder()
{
    // Grandchild first, in another resource; identity from the grandparent, then from its own resource.
    Attributes root = {{QStringLiteral("gen_ai.operation.name"), str(QStringLiteral("invoke_agent"))},
                       {QStringLiteral("gen_ai.agent.id"), str(QStringLiteral("agt_1"))},
                       {QStringLiteral("user.id"), str(QStringLiteral("u_root"))},
                       {QStringLiteral("gen_ai.conversation.id"), str(QStringLiteral("conv_root"))}};
    Attributes middle = {{QStringLiteral("gen_ai.operation.name"), str(QStringLiteral("invoke_workflow"))},
                         {QStringLiteral("session.id"), str(QStringLiteral("sess_mid"))}};
    Attributes leaf = chatUsage(5, 1);
    leaf.insert(QStringLiteral("gen_ai.conversation.id"), str(QStringLiteral("conv_leaf")));

    TraceBatch batch = batchOf({makeSpan(kTrace, spanId(3), spanId(2), leaf)}, QStringLiteral("a"), {},
                               {{QStringLiteral("app.feature"), str(QStringLiteral("from-resource"))},
                                {QStringLiteral("user.id"), str(QStringLiteral("u_resource"))},
                                {QStringLiteral("service.name"), str(QStringLiteral("leaf-svc"))}});
    const TraceBatch other = batchOf(
        {makeSpan(kTrace, spanId(2), spanId(1), middle), makeSpan(kTrace, spanId(1), QString(), root)},
        QStringLiteral("b"), {}, {{QStringLiteral("app.feature"), str(QStringLiteral("other-resource"))}});
    batch.resources.append(other.resources);

    const auto result = Normalizer().normalize(batch);
    QCOMPARE(result.events.size(), 1);
    const UsageEvent &e = result.events.first();
    QCOMPARE(e.agentId, QStringLiteral("agt_1"));
    QCOMPARE(e.agentName, QStringLiteral("agt_1"));       // name › id
    QCOMPARE(e.userId, QStringLiteral("u_root"));         // ancestor beats resource
    QCOMPARE(e.sessionId, QStringLiteral("sess_mid"));    // session.id on any ancestor beats conversation id
    QCOMPARE(e.feature, QStringLiteral("from-resource")); // the billed span's own resource
    QCOMPARE(e.serviceName, QStringLiteral("leaf-svc"));
}

void TestNormalizer::cyclicParentsTerminate()
{
    Attributes a = chatUsage(5, 1);
    a.insert(QStringLiteral("user.id"), str(QStringLiteral("u")));
    const TraceBatch batch = batchOf({
        makeSpan(kTrace, spanId(1), spanId(2), agentUsage(QStringLiteral("A"), 5, 1)),
        makeSpan(kTrace, spanId(2), spanId(1), agentUsage(QStringLiteral("B"), 5, 1)),
        makeSpan(kTrace, spanId(3), spanId(3), a), // its own parent
        makeSpan(kTrace, spanId(4), spanId(1), chatUsage(5, 1)),
    });
    const auto result = Normalizer().normalize(batch);
    QCOMPARE(result.spansSeen, 4);
    QCOMPARE(result.events.size(), 2); // the two chat spans; the cyclic agents have a billed descendant
    QCOMPARE(result.events.at(0).userId, QStringLiteral("u"));
    QVERIFY(result.events.at(1).agentName == u"A" || result.events.at(1).agentName == u"B");
}

void TestNormalizer::eventIdIgnoresSource()
{
    Normalizer::Options options;
    options.source = QStringLiteral("otlp-file");
    const auto result =
        Normalizer(options).normalize(batchOf({makeSpan(kTrace, spanId(7), {}, chatUsage(1, 1))}));
    QCOMPARE(result.events.size(), 1);
    QCOMPARE(result.events.first().source, QStringLiteral("otlp-file"));
    QCOMPARE(result.events.first().eventId, u"otlp:" + kTrace + u':' + spanId(7));
}

// --- traces split across batches -------------------------------------------------------------------

namespace {

using Model::AttributionUpdate;

QString eventIdOf(const QString &traceId, const QString &span)
{
    return u"otlp:" + traceId + u':' + span;
}

const AttributionUpdate *updateFor(const QList<AttributionUpdate> &updates, const QString &eventId)
{
    const auto it = std::find_if(updates.cbegin(), updates.cend(),
                                 [&](const AttributionUpdate &u) { return u.eventId == eventId; });
    return it == updates.cend() ? nullptr : &*it;
}

AnyValue strings(const QStringList &values)
{
    AnyValue v;
    v.type = AnyValue::Type::Array;
    v.array = values;
    return v;
}

// An orchestrating invoke_agent root that names everything and repeats its children's usage.
Attributes rootAgent(qint64 input, qint64 output)
{
    Attributes a = agentUsage(QStringLiteral("Orchestrator"), input, output);
    a.insert(QStringLiteral("gen_ai.agent.id"), str(QStringLiteral("orch")));
    a.insert(QStringLiteral("user.id"), str(QStringLiteral("u_1")));
    a.insert(QStringLiteral("session.id"), str(QStringLiteral("s_1")));
    a.insert(QStringLiteral("app.task.id"), str(QStringLiteral("t_1")));
    a.insert(QStringLiteral("app.feature"), str(QStringLiteral("triage")));
    a.insert(QStringLiteral("app.tags"), strings({QStringLiteral("eu"), QStringLiteral("pro")}));
    return a;
}

// The same root without usage, as one that is only a parent.
Attributes rootWithoutUsage()
{
    Attributes a = rootAgent(0, 0);
    a.remove(QStringLiteral("gen_ai.usage.input_tokens"));
    a.remove(QStringLiteral("gen_ai.usage.output_tokens"));
    return a;
}

Attributes step()
{
    return {{QStringLiteral("gen_ai.operation.name"), str(QStringLiteral("agent_step"))}};
}

void verifyRootIdentity(const AttributionUpdate *u)
{
    QVERIFY(u);
    QCOMPARE(u->agentId, QStringLiteral("orch"));
    QCOMPARE(u->agentName, QStringLiteral("Orchestrator"));
    QCOMPARE(u->userId, QStringLiteral("u_1"));
    QCOMPARE(u->sessionId, QStringLiteral("s_1"));
    QCOMPARE(u->taskId, QStringLiteral("t_1"));
    QCOMPARE(u->feature, QStringLiteral("triage"));
    QCOMPARE(u->tags, (QStringList{QStringLiteral("eu"), QStringLiteral("pro")}));
}

// A clock the test moves by hand.
struct FakeClock
{
    std::shared_ptr<qint64> now = std::make_shared<qint64>(1'000 * Time::kNanosPerSecond);
    std::function<qint64()> function() const
    {
        return [now = now] { return *now; };
    }
};

} // namespace

void TestNormalizer::splitChildrenBeforeRoot()
{
    // The BatchSpanProcessor exports each span when it ends: the calls, then their step, then the root.
    const Normalizer normalizer;
    const auto calls =
        normalizer.normalize(batchOf({makeSpan(kTrace, spanId(3), spanId(2), chatUsage(700, 70)),
                                      makeSpan(kTrace, spanId(4), spanId(2), chatUsage(300, 30))}));
    QCOMPARE(calls.events.size(), 2);
    QVERIFY(calls.attributionUpdates.isEmpty());
    QCOMPARE(calls.events.first().agentId, QString()); // nothing known yet

    const auto steps = normalizer.normalize(batchOf({makeSpan(kTrace, spanId(2), spanId(1), step())}));
    QVERIFY(steps.events.isEmpty());
    QVERIFY(steps.attributionUpdates.isEmpty()); // the step names nothing: no change

    const auto root = normalizer.normalize(batchOf({makeSpan(kTrace, spanId(1), {}, rootAgent(1000, 100))}));
    QVERIFY(root.events.isEmpty()); // its usage repeats the calls'
    QCOMPARE(root.attributionUpdates.size(), 2);
    verifyRootIdentity(updateFor(root.attributionUpdates, eventIdOf(kTrace, spanId(3))));
    verifyRootIdentity(updateFor(root.attributionUpdates, eventIdOf(kTrace, spanId(4))));
}

void TestNormalizer::traceSpansSplitToolBeforeAgent()
{
    // A tool call ends (and is exported) before the agent that ran it: stored without an agent first, then
    // re-attributed once the agent's span arrives. The billed call under the same agent is updated as before.
    const Normalizer normalizer;
    Attributes tool = {{QStringLiteral("gen_ai.operation.name"), str(QStringLiteral("execute_tool"))},
                       {QStringLiteral("gen_ai.tool.name"), str(QStringLiteral("web_search"))}};
    Span toolSpan = makeSpan(kTrace, spanId(3), spanId(2), tool);
    toolSpan.name = QStringLiteral("execute_tool web_search");
    toolSpan.statusCode = 2;
    const auto first =
        normalizer.normalize(batchOf({toolSpan, makeSpan(kTrace, spanId(4), spanId(2), chatUsage(10, 1))}));
    QCOMPARE(first.traceSpans.size(), 1);
    const Model::TraceSpan &t = first.traceSpans.first();
    QCOMPARE(t.kind, Model::TraceSpan::Kind::Tool);
    QCOMPARE(t.name, QStringLiteral("web_search"));
    QCOMPARE(t.agentId, QString());
    QCOMPARE(t.parentSpanId, spanId(2));
    QVERIFY(t.error);
    QVERIFY(first.traceSpanUpdates.isEmpty());

    const auto steps = normalizer.normalize(batchOf({makeSpan(kTrace, spanId(2), spanId(1), step())}));
    QCOMPARE(steps.traceSpans.size(), 1); // the step, as "other"
    QCOMPARE(steps.traceSpans.first().kind, Model::TraceSpan::Kind::Other);
    QVERIFY(steps.traceSpanUpdates.isEmpty()); // it names nothing

    const auto root = normalizer.normalize(batchOf({makeSpan(kTrace, spanId(1), {}, rootWithoutUsage())}));
    QCOMPARE(root.traceSpans.size(), 1);
    QCOMPARE(root.traceSpans.first().kind, Model::TraceSpan::Kind::Agent);
    QCOMPARE(root.traceSpans.first().name, QStringLiteral("Orchestrator"));
    QCOMPARE(root.traceSpans.first().agentId, QStringLiteral("orch"));
    QCOMPARE(root.traceSpans.first().sessionId, QStringLiteral("s_1"));
    // The tool and the step now inherit the agent and session; the call's event is re-attributed too.
    QCOMPARE(root.traceSpanUpdates.size(), 2);
    for (const Model::TraceSpanUpdate &u : root.traceSpanUpdates) {
        QCOMPARE(u.traceId, kTrace);
        QVERIFY(u.spanId == spanId(3) || u.spanId == spanId(2));
        QCOMPARE(u.startNs, toolSpan.startNs);
        QCOMPARE(u.agentId, QStringLiteral("orch"));
        QCOMPARE(u.sessionId, QStringLiteral("s_1"));
    }
    QCOMPARE(root.attributionUpdates.size(), 1);
}

void TestNormalizer::traceSpansReDelivered()
{
    // A re-delivered span is handed over again (the writer ignores its key) and is not an update.
    const Normalizer normalizer;
    const TraceBatch batch = batchOf({makeSpan(kTrace, spanId(1), {}, rootWithoutUsage()),
                                      makeSpan(kTrace, spanId(2), spanId(1), step())});
    const auto first = normalizer.normalize(batch);
    QCOMPARE(first.traceSpans.size(), 2);
    QCOMPARE(first.traceSpans.at(1).agentId, QStringLiteral("orch")); // inherited within the batch
    const auto again = normalizer.normalize(batch);
    QCOMPARE(again.traceSpans, first.traceSpans);
    QVERIFY(again.traceSpanUpdates.isEmpty());
    // A model call is never a trace span.
    const auto call =
        normalizer.normalize(batchOf({makeSpan(kTrace, spanId(5), spanId(2), chatUsage(1, 1))}));
    QVERIFY(call.traceSpans.isEmpty());
    QCOMPARE(call.events.size(), 1);
}

void TestNormalizer::splitRootBeforeChildren()
{
    // A root without usage that ended first (or a batch that arrived out of order): the calls inherit from
    // the memory.
    const Attributes root = rootWithoutUsage();
    const Normalizer normalizer;
    const auto first = normalizer.normalize(
        batchOf({makeSpan(kTrace, spanId(1), {}, root), makeSpan(kTrace, spanId(2), spanId(1), step())}));
    QVERIFY(first.events.isEmpty());

    Attributes own = chatUsage(10, 1);
    own.insert(QStringLiteral("gen_ai.conversation.id"), str(QStringLiteral("conv")));
    const auto calls = normalizer.normalize(batchOf({makeSpan(kTrace, spanId(3), spanId(2), own)}));
    QCOMPARE(calls.events.size(), 1);
    QVERIFY(calls.attributionUpdates.isEmpty());
    const UsageEvent &e = calls.events.first();
    QCOMPARE(e.agentId, QStringLiteral("orch"));
    QCOMPARE(e.agentName, QStringLiteral("Orchestrator"));
    QCOMPARE(e.userId, QStringLiteral("u_1"));
    QCOMPARE(e.sessionId, QStringLiteral("s_1")); // session.id on an ancestor beats its own conversation id
    QCOMPARE(e.taskId, QStringLiteral("t_1"));
    QCOMPARE(e.feature, QStringLiteral("triage"));
    QCOMPARE(e.tags, (QStringList{QStringLiteral("eu"), QStringLiteral("pro")}));
}

void TestNormalizer::splitAgentBilledBeforeItsChildren()
{
    // The documented limit: an agent with usage and no child known is billed; children that arrive after it
    // are billed too, and nothing is retracted. Its identity still reaches them.
    const Normalizer normalizer;
    const auto root = normalizer.normalize(batchOf({makeSpan(kTrace, spanId(1), {}, rootAgent(1000, 100))}));
    QCOMPARE(root.events.size(), 1);
    QCOMPARE(root.events.first().operation, QStringLiteral("invoke_agent"));
    const auto child =
        normalizer.normalize(batchOf({makeSpan(kTrace, spanId(2), spanId(1), chatUsage(1000, 100))}));
    QCOMPARE(child.events.size(), 1);
    QCOMPARE(child.events.first().agentId, QStringLiteral("orch"));
    QVERIFY(child.attributionUpdates.isEmpty());
    // Re-delivered now, the root has a billed child and is not billed again.
    QVERIFY(normalizer.normalize(batchOf({makeSpan(kTrace, spanId(1), {}, rootAgent(1000, 100))}))
                .events.isEmpty());
}

void TestNormalizer::splitThreeLevelsBottomUp()
{
    // orchestrator → sub-agent → chat, one batch each, bottom up. Both agents repeat the chat's usage.
    Attributes sub = agentUsage(QStringLiteral("Researcher"), 500, 50);
    sub.insert(QStringLiteral("gen_ai.agent.id"), str(QStringLiteral("researcher")));
    const Normalizer normalizer;
    const auto chat =
        normalizer.normalize(batchOf({makeSpan(kTrace, spanId(3), spanId(2), chatUsage(500, 50))}));
    QCOMPARE(chat.events.size(), 1);
    const QString chatId = chat.events.first().eventId;

    const auto middle = normalizer.normalize(batchOf({makeSpan(kTrace, spanId(2), spanId(1), sub)}));
    QVERIFY(middle.events.isEmpty());
    QCOMPARE(middle.attributionUpdates.size(), 1);
    const AttributionUpdate *u = updateFor(middle.attributionUpdates, chatId);
    QVERIFY(u);
    QCOMPARE(u->agentId, QStringLiteral("researcher"));
    QCOMPARE(u->userId, QString());

    const auto top = normalizer.normalize(batchOf({makeSpan(kTrace, spanId(1), {}, rootAgent(500, 50))}));
    QVERIFY(top.events.isEmpty());
    QCOMPARE(top.attributionUpdates.size(), 1);
    u = updateFor(top.attributionUpdates, chatId);
    QVERIFY(u);
    QCOMPARE(u->agentId, QStringLiteral("researcher")); // the nearest agent, not the orchestrator
    QCOMPARE(u->agentName, QStringLiteral("Researcher"));
    QCOMPARE(u->userId, QStringLiteral("u_1"));
    QCOMPARE(u->sessionId, QStringLiteral("s_1"));
    QCOMPARE(u->taskId, QStringLiteral("t_1"));
    QCOMPARE(u->feature, QStringLiteral("triage"));
}

void TestNormalizer::splitVercelRootAfterItsCalls_data()
{
    QTest::addColumn<Attributes>("call");
    QTest::addColumn<Attributes>("root");
    QTest::addColumn<QString>("agent");
    QTest::addColumn<QString>("user");

    // AI SDK 7: invoke_agent {model} repeats the total usage; steps are agent_step spans.
    Attributes v7Call = chatUsage(1700, 90, QStringLiteral("claude-sonnet-4-5"));
    v7Call.insert(QStringLiteral("gen_ai.provider.name"), str(QStringLiteral("anthropic")));
    Attributes v7Root = agentUsage(QStringLiteral("code-review"), 3400, 140);
    QTest::newRow("v7") << v7Call << v7Root << QStringLiteral("code-review") << QString();

    // Legacy ai.* spans: ai.streamText repeats the total; runtime metadata only on the root.
    const Attributes legacyCall = {
        {QStringLiteral("ai.operationId"), str(QStringLiteral("ai.streamText.doStream"))},
        {QStringLiteral("ai.model.id"), str(QStringLiteral("claude-sonnet-4-5"))},
        {QStringLiteral("ai.model.provider"), str(QStringLiteral("anthropic.messages"))},
        {QStringLiteral("ai.usage.inputTokens"), integer(1700)},
        {QStringLiteral("ai.usage.outputTokens"), integer(90)}};
    const Attributes legacyRoot = {
        {QStringLiteral("ai.operationId"), str(QStringLiteral("ai.streamText"))},
        {QStringLiteral("ai.telemetry.functionId"), str(QStringLiteral("code-review"))},
        {QStringLiteral("ai.telemetry.metadata.userId"), str(QStringLiteral("u_v"))},
        {QStringLiteral("ai.usage.inputTokens"), integer(3400)},
        {QStringLiteral("ai.usage.outputTokens"), integer(140)}};
    QTest::newRow("legacy") << legacyCall << legacyRoot << QStringLiteral("code-review")
                            << QStringLiteral("u_v");
}

void TestNormalizer::splitVercelRootAfterItsCalls()
{
    QFETCH(Attributes, call);
    QFETCH(Attributes, root);
    QFETCH(QString, agent);
    QFETCH(QString, user);
    const Normalizer normalizer;
    const auto calls = normalizer.normalize(
        batchOf({makeSpan(kTrace, spanId(3), spanId(2), call), makeSpan(kTrace, spanId(5), spanId(4), call)},
                QStringLiteral("gen_ai")));
    QCOMPARE(calls.events.size(), 2);
    const auto steps = normalizer.normalize(batchOf(
        {makeSpan(kTrace, spanId(2), spanId(1), step()), makeSpan(kTrace, spanId(4), spanId(1), step())}));
    QVERIFY(steps.events.isEmpty());
    const auto last =
        normalizer.normalize(batchOf({makeSpan(kTrace, spanId(1), {}, root)}, QStringLiteral("gen_ai")));
    QVERIFY(last.events.isEmpty()); // the root's totals are not billed on top of the calls
    QCOMPARE(last.attributionUpdates.size(), 2);
    for (const AttributionUpdate &u : last.attributionUpdates) {
        QVERIFY(u.eventId == eventIdOf(kTrace, spanId(3)) || u.eventId == eventIdOf(kTrace, spanId(5)));
        QCOMPARE(u.agentId, agent);
        QCOMPARE(u.userId, user);
    }
}

void TestNormalizer::splitLateSpanOverridesResource()
{
    // The call's resource names a user and a feature; the late root names another user. A span-level value
    // beats the resource, whenever it arrives; what no span names still comes from the resource.
    const Attributes resource = {{QStringLiteral("user.id"), str(QStringLiteral("u_resource"))},
                                 {QStringLiteral("app.feature"), str(QStringLiteral("from-resource"))}};
    const Normalizer normalizer;
    const auto call = normalizer.normalize(batchOf({makeSpan(kTrace, spanId(2), spanId(1), chatUsage(5, 1))},
                                                   QStringLiteral("test"), {}, resource));
    QCOMPARE(call.events.size(), 1);
    QCOMPARE(call.events.first().userId, QStringLiteral("u_resource"));
    QCOMPARE(call.events.first().feature, QStringLiteral("from-resource"));

    const Attributes root = {{QStringLiteral("gen_ai.operation.name"), str(QStringLiteral("invoke_agent"))},
                             {QStringLiteral("enduser.id"), str(QStringLiteral("u_span"))}};
    const auto late =
        normalizer.normalize(batchOf({makeSpan(kTrace, spanId(1), {}, root)}, QStringLiteral("test"), {},
                                     {{QStringLiteral("user.id"), str(QStringLiteral("u_other"))}}));
    QCOMPARE(late.attributionUpdates.size(), 1);
    const AttributionUpdate &u = late.attributionUpdates.first();
    QCOMPARE(u.eventId, call.events.first().eventId);
    QCOMPARE(u.userId, QStringLiteral("u_span")); // enduser.id on a span beats user.id on the resource
    QCOMPARE(u.feature, QStringLiteral("from-resource")); // the call's own resource, not the root's
}

void TestNormalizer::splitReDeliveryUpdatesOnce()
{
    const TraceBatch calls = batchOf({makeSpan(kTrace, spanId(2), spanId(1), chatUsage(5, 1)),
                                      makeSpan(kTrace, spanId(3), spanId(1), chatUsage(6, 1))});
    const TraceBatch root = batchOf({makeSpan(kTrace, spanId(1), {}, rootAgent(11, 2))});
    const Normalizer normalizer;
    QCOMPARE(normalizer.normalize(calls).events.size(), 2);
    QCOMPARE(normalizer.normalize(root).attributionUpdates.size(), 2);

    // A retry of either batch (the answer got lost): nothing new to update, the root still not billed,
    // and the calls come again, now with the root's identity (the writer ignores their known ids).
    const auto rootAgain = normalizer.normalize(root);
    QVERIFY(rootAgain.events.isEmpty());
    QVERIFY(rootAgain.attributionUpdates.isEmpty());
    const auto callsAgain = normalizer.normalize(calls);
    QCOMPARE(callsAgain.events.size(), 2);
    QVERIFY(callsAgain.attributionUpdates.isEmpty());
    QCOMPARE(callsAgain.events.first().agentId, QStringLiteral("orch"));
    QCOMPARE(callsAgain.events.first().userId, QStringLiteral("u_1"));

    // Both in one batch, and a span twice in one batch.
    TraceBatch both = calls;
    both.resources.append(root.resources);
    both.resources.append(root.resources);
    const auto bothAgain = normalizer.normalize(both);
    QCOMPARE(bothAgain.events.size(), 2);
    QVERIFY(bothAgain.attributionUpdates.isEmpty());
    QCOMPARE(normalizer.rememberedSpans(), 3);
}

void TestNormalizer::memoryForgetsIdleTraces()
{
    FakeClock clock;
    Normalizer::Options options;
    options.clock = clock.function();
    const Normalizer normalizer(options);
    const QString other = QStringLiteral("fedcba9876543210fedcba9876543210");
    const Attributes root = rootWithoutUsage();

    normalizer.normalize(batchOf({makeSpan(kTrace, spanId(1), {}, root)}));
    normalizer.normalize(batchOf({makeSpan(other, spanId(1), {}, root)}));
    QCOMPARE(normalizer.rememberedSpans(), 2);

    // 59 minutes later the first trace gets a call: remembered, and seen again now.
    *clock.now += 59 * 60 * Time::kNanosPerSecond;
    auto call = normalizer.normalize(batchOf({makeSpan(kTrace, spanId(2), spanId(1), chatUsage(5, 1))}));
    QCOMPARE(call.events.first().agentId, QStringLiteral("orch"));
    QCOMPARE(normalizer.rememberedSpans(), 3);

    // Two more minutes: the other trace has been idle for more than an hour and is forgotten.
    *clock.now += 2 * 60 * Time::kNanosPerSecond;
    call = normalizer.normalize(batchOf({makeSpan(other, spanId(2), spanId(1), chatUsage(5, 1))}));
    QCOMPARE(call.events.first().agentId, QString());
    call = normalizer.normalize(batchOf({makeSpan(kTrace, spanId(3), spanId(1), chatUsage(5, 1))}));
    QCOMPARE(call.events.first().agentId, QStringLiteral("orch"));
    // kTrace: root + 2 calls; other: the new call and its parent's placeholder.
    QCOMPARE(normalizer.rememberedSpans(), 5);
}

void TestNormalizer::memoryIsBoundedBySpans()
{
    FakeClock clock;
    Normalizer::Options options;
    options.clock = clock.function();
    options.memorySpans = 5;
    const Normalizer normalizer(options);
    const Attributes root = rootWithoutUsage();
    const auto trace = [](int n) { return QStringLiteral("%1").arg(n, 32, 16, QLatin1Char('0')); };

    // Three traces of two spans each: the least recently seen one is dropped to stay at five spans.
    for (int t = 1; t <= 3; ++t) {
        *clock.now += Time::kNanosPerSecond;
        normalizer.normalize(batchOf(
            {makeSpan(trace(t), spanId(1), {}, root), makeSpan(trace(t), spanId(2), spanId(1), step())}));
        QVERIFY(normalizer.rememberedSpans() <= 5);
    }
    QCOMPARE(normalizer.rememberedSpans(), 4);
    auto call = normalizer.normalize(batchOf({makeSpan(trace(3), spanId(3), spanId(2), chatUsage(5, 1))}));
    QCOMPARE(call.events.first().agentId, QStringLiteral("orch"));
    QCOMPARE(normalizer.rememberedSpans(), 5);
    call = normalizer.normalize(batchOf({makeSpan(trace(1), spanId(3), spanId(2), chatUsage(5, 1))}));
    QCOMPARE(call.events.first().agentId, QString()); // trace 1 was forgotten
    // Trace 1 came back with two entries (the call and its parent's placeholder): trace 2 made room.
    QCOMPARE(normalizer.rememberedSpans(), 5);
    call = normalizer.normalize(batchOf({makeSpan(trace(2), spanId(3), spanId(2), chatUsage(5, 1))}));
    QCOMPARE(call.events.first().agentId, QString());
}

// --- content ----------------------------------------------------------------------------------------

namespace {

Attributes withContent(const QString &prompt)
{
    Attributes a = chatUsage(5, 1);
    a.insert(QStringLiteral("gen_ai.input.messages"), str(prompt));
    a.insert(QStringLiteral("gen_ai.output.messages"), str(QStringLiteral("[{\"role\":\"assistant\"}]")));
    a.insert(QStringLiteral("gen_ai.prompt.0.content"), str(QStringLiteral("legacy prompt")));
    a.insert(QStringLiteral("gen_ai.completion.0.content"), str(QStringLiteral("legacy answer")));
    a.insert(QStringLiteral("ai.response.text"), str(QStringLiteral("vercel answer")));
    return a;
}

} // namespace

void TestNormalizer::contentDroppedByDefault()
{
    const auto result = Normalizer().normalize(
        batchOf({makeSpan(kTrace, spanId(1), {}, withContent(QStringLiteral("secret")))}));
    QCOMPARE(result.events.size(), 1);
    QVERIFY(result.events.first().content.isEmpty());
}

void TestNormalizer::contentKeptWhenAsked()
{
    Normalizer::Options options;
    options.keepContent = true;
    const auto result = Normalizer(options).normalize(
        batchOf({makeSpan(kTrace, spanId(1), {}, withContent(QStringLiteral("[{\"role\":\"user\"}]")))}));
    QCOMPARE(result.events.size(), 1);
    const QJsonObject content = QJsonDocument::fromJson(result.events.first().content.toUtf8()).object();
    QCOMPARE(content.value(u"gen_ai.input.messages").toString(), QStringLiteral("[{\"role\":\"user\"}]"));
    QCOMPARE(content.value(u"gen_ai.output.messages").toString(),
             QStringLiteral("[{\"role\":\"assistant\"}]"));
    QCOMPARE(content.value(u"gen_ai.prompt.0.content").toString(), QStringLiteral("legacy prompt"));
    QCOMPARE(content.value(u"gen_ai.completion.0.content").toString(), QStringLiteral("legacy answer"));
    QCOMPARE(content.value(u"ai.response.text").toString(), QStringLiteral("vercel answer"));
    QCOMPARE(content.size(), 5); // no usage, model or other attributes
    QVERIFY(!content.contains(u"truncated"));
}

void TestNormalizer::contentCapped()
{
    Normalizer::Options options;
    options.keepContent = true;
    options.maxContentBytes = 120;
    QString prompt;
    for (int i = 0; i < 200; ++i)
        prompt += QStringLiteral("é€😀\"");
    const auto result =
        Normalizer(options).normalize(batchOf({makeSpan(kTrace, spanId(1), {}, withContent(prompt))}));
    QCOMPARE(result.events.size(), 1);
    const QByteArray utf8 = result.events.first().content.toUtf8();
    QVERIFY2(utf8.size() <= 120, utf8.constData());
    QVERIFY(utf8.size() > 60); // cut to fit, not emptied
    QJsonParseError error;
    const QJsonObject content = QJsonDocument::fromJson(utf8, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(content.value(u"truncated").toBool(), true);
    for (auto it = content.begin(); it != content.end(); ++it)
        QVERIFY2(!it->toString().contains(QChar::ReplacementCharacter),
                 qPrintable(it.key())); // no split chars

    options.maxContentBytes = 10; // smaller than {"truncated":true}
    const auto tiny =
        Normalizer(options).normalize(batchOf({makeSpan(kTrace, spanId(1), {}, withContent(prompt))}));
    QCOMPARE(tiny.events.size(), 1);
    QVERIFY(tiny.events.first().content.isEmpty());
}

// --- throughput -------------------------------------------------------------------------------------

void TestNormalizer::throughput()
{
    // 2,000 agent runs of 10 spans: invoke_agent (identity, totals) → 3× agent_step → chat + execute_tool,
    // plus one HTTP span. Printed, not asserted: the machine is shared.
    constexpr int kTraces = 2000;
    QList<Span> spans;
    spans.reserve(kTraces * 10);
    for (int t = 0; t < kTraces; ++t) {
        const QString trace = QStringLiteral("%1").arg(t + 1, 32, 16, QLatin1Char('0'));
        const int base = t * 10 + 1;
        Attributes root = agentUsage(QStringLiteral("agent-%1").arg(t % 7), 3000, 300);
        root.insert(QStringLiteral("user.id"), str(QStringLiteral("u_%1").arg(t % 50)));
        root.insert(QStringLiteral("session.id"), str(QStringLiteral("s_%1").arg(t)));
        root.insert(QStringLiteral("app.task.id"), str(QStringLiteral("task_%1").arg(t)));
        root.insert(QStringLiteral("app.feature"), str(QStringLiteral("triage")));
        AnyValue tags;
        tags.type = AnyValue::Type::Array;
        tags.array = {QStringLiteral("tier:pro"), QStringLiteral("eu")};
        root.insert(QStringLiteral("app.tags"), tags);
        spans.append(makeSpan(trace, spanId(base), {}, root));
        for (int s = 0; s < 3; ++s) {
            const int step = base + 1 + s * 3;
            spans.append(
                makeSpan(trace, spanId(step), spanId(base),
                         {{QStringLiteral("gen_ai.operation.name"), str(QStringLiteral("agent_step"))}}));
            Attributes chat = chatUsage(1000, 100);
            chat.insert(QStringLiteral("gen_ai.response.model"),
                        str(QStringLiteral("gpt-4.1-mini-2025-04-14")));
            chat.insert(QStringLiteral("gen_ai.usage.cache_read.input_tokens"), integer(512));
            chat.insert(QStringLiteral("gen_ai.response.id"),
                        str(QStringLiteral("chatcmpl-%1-%2").arg(t).arg(s)));
            chat.insert(QStringLiteral("gen_ai.response.time_to_first_chunk"), dbl(0.3));
            spans.append(makeSpan(trace, spanId(step + 1), spanId(step), chat));
            spans.append(
                makeSpan(trace, spanId(step + 2), spanId(step),
                         {{QStringLiteral("gen_ai.operation.name"), str(QStringLiteral("execute_tool"))},
                          {QStringLiteral("gen_ai.tool.name"), str(QStringLiteral("search"))}}));
        }
        spans.removeLast();
        spans.append(
            makeSpan(trace, spanId(base + 9), spanId(base),
                     {{QStringLiteral("http.request.method"), str(QStringLiteral("POST"))},
                      {QStringLiteral("url.full"), str(QStringLiteral("https://api.openai.com/v1/x"))}}));
    }
    const TraceBatch batch = batchOf(spans, QStringLiteral("bench"), {},
                                     {{QStringLiteral("service.name"), str(QStringLiteral("bench"))}});
    QCOMPARE(batch.spanCount(), kTraces * 10);

    // A fresh normalizer per round: every span is new to its trace memory, as in a real stream.
    constexpr int kRounds = 5;
    std::array<Normalizer, kRounds> fresh;
    QElapsedTimer timer;
    Normalizer::Result result;
    timer.start();
    for (int i = 0; i < kRounds; ++i)
        result = fresh[size_t(i)].normalize(batch);
    const qint64 normalizeNs = timer.nsecsElapsed() / kRounds;
    QCOMPARE(result.events.size(), kTraces * 3);
    QCOMPARE(result.events.first().userId, QStringLiteral("u_0"));
    qInfo("normalize: %d spans in %.1f ms = %.0f spans/s", batch.spanCount(), normalizeNs / 1e6,
          batch.spanCount() * 1e9 / double(normalizeNs));

    // As the receiver sees it: SDK-sized batches (500 spans, whole traces), into a memory that holds the
    // traces of the previous passes and forgets the oldest. Each pass has new trace ids; the first is not
    // timed.
    Normalizer::Options options;
    options.memorySpans = 2 * batch.spanCount();
    const Normalizer warm(options);
    qint64 warmNs = 0;
    int warmSpans = 0;
    for (int pass = 0; pass < 4; ++pass) {
        QList<TraceBatch> parts;
        for (qsizetype from = 0; from < spans.size(); from += 500) {
            QList<Span> part = spans.mid(from, 500);
            for (Span &span : part)
                span.traceId.replace(0, 1, QString::number(pass + 10, 16));
            parts.append(batchOf(part, QStringLiteral("bench"), {},
                                 {{QStringLiteral("service.name"), str(QStringLiteral("bench"))}}));
        }
        timer.restart();
        qsizetype events = 0;
        for (const TraceBatch &part : std::as_const(parts))
            events += warm.normalize(part).events.size();
        if (pass > 0) {
            warmNs += timer.nsecsElapsed();
            warmSpans += batch.spanCount();
        }
        QCOMPARE(events, kTraces * 3);
    }
    QVERIFY(warm.rememberedSpans() <= options.memorySpans);
    qInfo("normalize in batches of 500, memory warm: %d spans in %.1f ms = %.0f spans/s", warmSpans,
          warmNs / 1e6, warmSpans * 1e9 / double(warmNs));

    const QByteArray protobuf = encodeOtlpProtobuf(batch);
    Error error;
    std::array<Normalizer, kRounds> decoding;
    timer.restart();
    for (int i = 0; i < kRounds; ++i) {
        const std::optional<TraceBatch> decoded = decodeOtlpProtobuf(protobuf, &error);
        QVERIFY2(decoded, qPrintable(error.message));
        result = decoding[size_t(i)].normalize(*decoded);
    }
    const qint64 endToEndNs = timer.nsecsElapsed() / kRounds;
    QCOMPARE(result.events.size(), kTraces * 3);
    qInfo("protobuf decode + normalize: %d spans (%lld bytes) in %.1f ms = %.0f spans/s", batch.spanCount(),
          qint64(protobuf.size()), endToEndNs / 1e6, batch.spanCount() * 1e9 / double(endToEndNs));
}

QTEST_GUILESS_MAIN(TestNormalizer)
#include "tst_normalizer.moc"
