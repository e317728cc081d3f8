// The retry policy as pure functions (Retry-After parsing, decisions, messages) and RetryingRequest
// driven by a scripted client and an injected clock, so nothing waits.
#include "net/retry.h"

#include <QFile>
#include <QTest>
#include <QTimer>

using namespace Burnrate;
using namespace Burnrate::Net;
using namespace std::chrono_literals;
using Action = RetryDecision::Action;
using Failure = HttpResponse::Failure;

namespace {

const QDateTime kNow(QDate(2026, 11, 24), QTime(12, 0, 0), Qt::UTC);
const QUrl kUrl(QStringLiteral("https://api.example.test/v1/organization/costs?limit=7"));

QByteArray testData(const QString &name)
{
    QFile file(QStringLiteral(BURNRATE_TEST_DATA_DIR "/net/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(name));
    return file.readAll();
}

HttpResponse response(int status, const QByteArray &body = {}, const HttpHeaders &headers = {})
{
    HttpResponse r;
    r.url = kUrl;
    r.status = status;
    r.body = body;
    r.headers = headers;
    return r;
}

HttpRequest getRequest()
{
    HttpRequest r;
    r.url = kUrl;
    return r;
}

HttpResponse transportFailure(Failure failure)
{
    HttpResponse r;
    r.url = kUrl;
    r.failure = failure;
    r.error = Error(Error::Code::Io, QStringLiteral("transport failed: api.example.test"));
    return r;
}

// Answers each send() with the next scripted response (the last repeats), queued to the context;
// with no script it never answers.
class ScriptedClient : public HttpClient
{
public:
    QList<HttpResponse> script;
    QList<HttpRequest> sent;
    QList<RequestId> cancelled;

    RequestId send(const HttpRequest &request, QObject *context, Callback callback) override
    {
        sent.append(request);
        const RequestId id = RequestId(sent.size());
        if (!script.isEmpty()) {
            const HttpResponse next = script.size() > 1 ? script.takeFirst() : script.first();
            QMetaObject::invokeMethod(
                context, [callback, next] { callback(next); }, Qt::QueuedConnection);
        }
        return id;
    }
    void cancel(RequestId id) override { cancelled.append(id); }
};

// A clock whose waits are recorded and either fired at once (queued) or kept for the test to fire.
struct FakeClock
{
    QList<std::chrono::milliseconds> waits;
    QList<std::function<void()>> pending;
    bool fireAtOnce = true;

    RetryingRequest::Clock clock()
    {
        RetryingRequest::Clock c;
        c.now = [] { return kNow; };
        c.random = [] { return 0.5; };
        c.wait = [this](std::chrono::milliseconds delay, QObject *context, std::function<void()> fire) {
            waits.append(delay);
            if (fireAtOnce)
                QTimer::singleShot(0, context, std::move(fire));
            else
                pending.append(std::move(fire));
        };
        return c;
    }
};

struct Outcome
{
    bool done = false;
    HttpResponse response;
    Error error;
};

} // namespace

class TestRetry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseRetryAfter_data();
    void parseRetryAfter();
    void decide_data();
    void decide();
    void backoffDoublesUpToTheCap();
    void authMessages_data();
    void authMessages();
    void otherMessages();
    void retriesUntilSuccess();
    void failsFastOnUnauthorized();
    void givesUpAfterMaxAttempts();
    void cancelDuringWaitStopsEverything();
    void destroyingCancelsTheRequestInFlight();
    void clientGoneDuringWait();
};

void TestRetry::parseRetryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("seconds"); // -1: nullopt

    QTest::newRow("seconds") << QByteArray("120") << qint64(120);
    QTest::newRow("padded") << QByteArray(" 7 ") << qint64(7);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("huge") << QByteArray("99999999999999999999") << qint64(999'999'999);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
    QTest::newRow("word") << QByteArray("soon") << qint64(-1);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1);
    QTest::newRow("imf-fixdate") << QByteArray("Tue, 24 Nov 2026 12:00:30 GMT") << qint64(30);
    QTest::newRow("imf-next-day") << QByteArray("Wed, 25 Nov 2026 12:00:00 GMT") << qint64(86400);
    QTest::newRow("rfc850") << QByteArray("Tuesday, 24-Nov-26 12:01:00 GMT") << qint64(60);
    QTest::newRow("asctime") << QByteArray("Tue Nov 24 12:00:45 2026") << qint64(45);
    QTest::newRow("asctime-one-digit-day") << QByteArray("Tue Dec  1 12:00:00 2026") << qint64(7 * 86400);
    QTest::newRow("past-date") << QByteArray("Mon, 23 Nov 2026 12:00:00 GMT") << qint64(0);
    QTest::newRow("not-gmt") << QByteArray("Tue, 24 Nov 2026 12:00:30 UTC") << qint64(-1);
    QTest::newRow("impossible-date") << QByteArray("Tue, 31 Feb 2026 12:00:30 GMT") << qint64(-1);
    QTest::newRow("bad-month") << QByteArray("Tue, 24 Foo 2026 12:00:30 GMT") << qint64(-1);
}

void TestRetry::parseRetryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, seconds);
    const std::optional<std::chrono::seconds> parsed = Net::parseRetryAfter(value, kNow);
    if (seconds < 0) {
        QVERIFY(!parsed);
    } else {
        QVERIFY(parsed);
        QCOMPARE(parsed->count(), seconds);
    }
}

void TestRetry::decide_data()
{
    QTest::addColumn<HttpResponse>("response");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<double>("random");
    QTest::addColumn<int>("action");
    QTest::addColumn<qint64>("delayMs");

    const auto ra = [](QByteArray v) { return HttpHeaders{{"retry-after", v}}; };
    const int done = int(Action::Done), retry = int(Action::Retry), fail = int(Action::Fail);
    // Default policy: 5 attempts; backoff 2 s doubling to 120 s, half of it random; Retry-After 1 s…15 min.
    QTest::newRow("200") << response(200) << 1 << 0.5 << done << qint64(0);
    QTest::newRow("204") << response(204) << 1 << 0.5 << done << qint64(0);
    QTest::newRow("429 retry-after 7") << response(429, {}, ra("7")) << 1 << 0.0 << retry << qint64(7000);
    QTest::newRow("429 retry-after 7 jitter")
        << response(429, {}, ra("7")) << 1 << 0.5 << retry << qint64(7350);
    QTest::newRow("429 retry-after 0 clamped up")
        << response(429, {}, ra("0")) << 1 << 0.0 << retry << qint64(1000);
    QTest::newRow("429 retry-after 1 h clamped down")
        << response(429, {}, ra("3600")) << 1 << 0.5 << retry << qint64(900'000);
    QTest::newRow("429 retry-after date")
        << response(429, {}, ra("Tue, 24 Nov 2026 12:01:30 GMT")) << 2 << 0.0 << retry << qint64(90'000);
    QTest::newRow("429 retry-after garbage: backoff")
        << response(429, {}, ra("later")) << 1 << 0.0 << retry << qint64(1000);
    QTest::newRow("429 no retry-after: backoff") << response(429) << 2 << 0.0 << retry << qint64(2000);
    QTest::newRow("503 retry-after 12") << response(503, {}, ra("12")) << 1 << 0.0 << retry << qint64(12'000);
    QTest::newRow("429 last attempt") << response(429, {}, ra("7")) << 5 << 0.0 << fail << qint64(0);
    QTest::newRow("500 first") << response(500) << 1 << 0.0 << retry << qint64(1000);
    QTest::newRow("500 first jitter") << response(500) << 1 << 0.5 << retry << qint64(1500);
    QTest::newRow("500 third") << response(500) << 3 << 0.0 << retry << qint64(4000);
    QTest::newRow("502") << response(502) << 1 << 0.0 << retry << qint64(1000);
    QTest::newRow("504") << response(504) << 2 << 0.0 << retry << qint64(2000);
    QTest::newRow("529 overloaded") << response(529) << 1 << 0.0 << retry << qint64(1000);
    QTest::newRow("500 last attempt") << response(500) << 5 << 0.0 << fail << qint64(0);
    QTest::newRow("timeout") << transportFailure(Failure::Timeout) << 1 << 0.0 << retry << qint64(1000);
    QTest::newRow("connect failed") << transportFailure(Failure::ConnectFailed) << 2 << 0.0 << retry
                                    << qint64(2000);
    QTest::newRow("interrupted") << transportFailure(Failure::Interrupted) << 1 << 0.0 << retry
                                 << qint64(1000);
    QTest::newRow("dns") << transportFailure(Failure::Dns) << 1 << 0.0 << retry << qint64(1000);
    QTest::newRow("timeout last attempt")
        << transportFailure(Failure::Timeout) << 5 << 0.0 << fail << qint64(0);
    QTest::newRow("tls") << transportFailure(Failure::Tls) << 1 << 0.0 << fail << qint64(0);
    QTest::newRow("refused url") << transportFailure(Failure::RefusedUrl) << 1 << 0.0 << fail << qint64(0);
    QTest::newRow("too large") << transportFailure(Failure::TooLarge) << 1 << 0.0 << fail << qint64(0);
    QTest::newRow("cancelled") << transportFailure(Failure::Cancelled) << 1 << 0.0 << fail << qint64(0);
    QTest::newRow("other") << transportFailure(Failure::Other) << 1 << 0.0 << fail << qint64(0);
    QTest::newRow("400") << response(400) << 1 << 0.0 << fail << qint64(0);
    QTest::newRow("401") << response(401) << 1 << 0.0 << fail << qint64(0);
    QTest::newRow("403") << response(403) << 1 << 0.0 << fail << qint64(0);
    QTest::newRow("404") << response(404) << 1 << 0.0 << fail << qint64(0);
    QTest::newRow("410 cursor expired") << response(410) << 1 << 0.0 << fail << qint64(0);
    QTest::newRow("302") << response(302) << 1 << 0.0 << fail << qint64(0);
}

void TestRetry::decide()
{
    QFETCH(HttpResponse, response);
    QFETCH(int, attempt);
    QFETCH(double, random);
    QFETCH(int, action);
    QFETCH(qint64, delayMs);

    const RetryDecision decision =
        decideRetry(response, attempt, RetryPolicy(), QStringLiteral("Test admin key"), kNow, random);
    QCOMPARE(int(decision.action), action);
    QCOMPARE(decision.delay.count(), delayMs);
    // Every retry and failure says why; a success carries no error.
    QCOMPARE(decision.error.isError(), decision.action != Action::Done);
    QVERIFY(decision.action == Action::Done || !decision.error.message.isEmpty());
}

void TestRetry::backoffDoublesUpToTheCap()
{
    RetryPolicy policy;
    policy.maxAttempts = 100;
    qint64 previous = 0;
    for (int attempt = 1; attempt <= 12; ++attempt) {
        const RetryDecision lowest = decideRetry(response(500), attempt, policy, {}, kNow, 0.0);
        const RetryDecision highest = decideRetry(response(500), attempt, policy, {}, kNow, 0.999999);
        QCOMPARE(lowest.action, Action::Retry);
        QVERIFY(lowest.delay.count() >= previous);
        QVERIFY(highest.delay >= lowest.delay);
        QVERIFY(highest.delay <= policy.maxBackoff);
        previous = lowest.delay.count();
    }
    QCOMPARE(previous, policy.maxBackoff.count() / 2);
}

void TestRetry::authMessages_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("forbidden");

    QTest::newRow("openai 403 missing scope")
        << 403 << testData(QStringLiteral("openai_403_missing_scope.json"))
        << QStringLiteral("OpenAI admin key")
        << QStringList{QStringLiteral("OpenAI admin key"), QStringLiteral("api.usage.read"),
                       QStringLiteral("403")}
        << QStringList{QStringLiteral("Check that you have the correct role")};
    QTest::newRow("openai 401 echoes the key")
        << 401 << testData(QStringLiteral("openai_401_invalid_key.json"))
        << QStringLiteral("OpenAI admin key")
        << QStringList{QStringLiteral("OpenAI admin key"), QStringLiteral("401"),
                       QStringLiteral("api.example.test")}
        << QStringList{QStringLiteral("Zq81xTestOnly")};
    QTest::newRow("anthropic 401") << 401
                                   << testData(QStringLiteral("anthropic_401_authentication_error.json"))
                                   << QStringLiteral("Anthropic admin key")
                                   << QStringList{QStringLiteral("Anthropic admin key"),
                                                  QStringLiteral("revoked")}
                                   << QStringList{};
    QTest::newRow("anthropic 403 quotes a key")
        << 403 << testData(QStringLiteral("anthropic_403_permission_error.json"))
        << QStringLiteral("Anthropic admin key")
        << QStringList{QStringLiteral("Anthropic admin key"),
                       QStringLiteral("cannot read organization usage")}
        << QStringList{QStringLiteral("Xy7TestOnly")};
    QTest::newRow("openrouter 403") << 403 << testData(QStringLiteral("openrouter_403_management_key.json"))
                                    << QStringLiteral("OpenRouter key")
                                    << QStringList{QStringLiteral("OpenRouter key"),
                                                   QStringLiteral("Only management keys")}
                                    << QStringList{};
    QTest::newRow("403 html body") << 403 << QByteArray("<html><body>Forbidden</body></html>")
                                   << QStringLiteral("OpenAI admin key")
                                   << QStringList{QStringLiteral("OpenAI admin key"),
                                                  QStringLiteral("permissions")}
                                   << QStringList{QStringLiteral("<html>")};
}

void TestRetry::authMessages()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, label);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, forbidden);

    const RetryDecision decision = decideRetry(response(status, body), 1, RetryPolicy(), label, kNow, 0.0);
    QCOMPARE(decision.action, Action::Fail);
    QCOMPARE(decision.error.code, Error::Code::Unauthorized);
    for (const QString &part : std::as_const(expected))
        QVERIFY2(decision.error.message.contains(part), qPrintable(decision.error.message));
    for (const QString &part : std::as_const(forbidden))
        QVERIFY2(!decision.error.message.contains(part), qPrintable(decision.error.message));
}

void TestRetry::otherMessages()
{
    const auto messageFor = [](const HttpResponse &r, int attempt) {
        return decideRetry(r, attempt, RetryPolicy(), QStringLiteral("key"), kNow, 0.0).error.message;
    };
    const QString badRequest = messageFor(
        response(
            400,
            R"({"error":{"message":"Invalid value for 'bucket_width'.","type":"invalid_request_error"}})"),
        1);
    QVERIFY2(badRequest.contains(u"Invalid value for 'bucket_width'.") && badRequest.contains(u"400"),
             qPrintable(badRequest));
    const QString notFound = messageFor(response(404), 1);
    // The host, never the path: a webhook URL's path is its secret.
    QVERIFY2(notFound.contains(u"api.example.test") && !notFound.contains(u"/v1/organization/costs") &&
                 notFound.contains(u"base URL"),
             qPrintable(notFound));
    const QString serverError = messageFor(response(500), 5);
    QVERIFY2(serverError.contains(u"api.example.test") && serverError.contains(u"500"),
             qPrintable(serverError));
    const QString rateLimited = messageFor(response(429), 5);
    QVERIFY2(rateLimited.contains(u"429"), qPrintable(rateLimited));
    // A transport failure keeps the client's message.
    QCOMPARE(messageFor(transportFailure(Failure::Tls), 1),
             QStringLiteral("transport failed: api.example.test"));
}

void TestRetry::retriesUntilSuccess()
{
    ScriptedClient client;
    client.script = {response(503, {}, {{"Retry-After", "3"}}), response(500), response(200, "{}")};
    FakeClock clock;
    RetryingRequest request(&client, getRequest(), QStringLiteral("key"));
    request.setClock(clock.clock());
    Outcome outcome;
    request.start([&](const HttpResponse &r, const Error &e) { outcome = {true, r, e}; });
    QVERIFY(!outcome.done); // never inside start()
    QTRY_VERIFY(outcome.done);
    QCOMPARE(outcome.response.status, 200);
    QVERIFY(!outcome.error.isError());
    QCOMPARE(request.attempts(), 3);
    QCOMPARE(client.sent.size(), 3);
    // 3 s plus 5 % jitter (random 0.5), then the second backoff: 4 s, half of it fixed, half random.
    QCOMPARE(clock.waits, (QList<std::chrono::milliseconds>{3150ms, 3000ms}));
}

void TestRetry::failsFastOnUnauthorized()
{
    ScriptedClient client;
    client.script = {response(401, testData(QStringLiteral("anthropic_401_authentication_error.json")))};
    FakeClock clock;
    RetryingRequest request(&client, getRequest(), QStringLiteral("Anthropic admin key"));
    request.setClock(clock.clock());
    Outcome outcome;
    request.start([&](const HttpResponse &r, const Error &e) { outcome = {true, r, e}; });
    QTRY_VERIFY(outcome.done);
    QCOMPARE(outcome.response.status, 401);
    QVERIFY(outcome.error.message.contains(u"Anthropic admin key"));
    QCOMPARE(client.sent.size(), 1);
    QVERIFY(clock.waits.isEmpty());
}

void TestRetry::givesUpAfterMaxAttempts()
{
    ScriptedClient client;
    client.script = {response(500)};
    FakeClock clock;
    RetryPolicy policy;
    policy.maxAttempts = 3;
    RetryingRequest request(&client, getRequest(), QStringLiteral("key"), policy);
    request.setClock(clock.clock());
    Outcome outcome;
    request.start([&](const HttpResponse &r, const Error &e) { outcome = {true, r, e}; });
    QTRY_VERIFY(outcome.done);
    QCOMPARE(outcome.error.code, Error::Code::Busy);
    QCOMPARE(client.sent.size(), 3);
    QCOMPARE(clock.waits.size(), 2);
}

void TestRetry::cancelDuringWaitStopsEverything()
{
    ScriptedClient client;
    client.script = {response(500), response(200)};
    FakeClock clock;
    clock.fireAtOnce = false;
    RetryingRequest request(&client, getRequest(), QStringLiteral("key"));
    request.setClock(clock.clock());
    bool called = false;
    request.start([&](const HttpResponse &, const Error &) { called = true; });
    QTRY_COMPARE(clock.pending.size(), 1);
    request.cancel();
    clock.pending.takeFirst()(); // the timer fires anyway
    QTest::qWait(50);
    QCOMPARE(client.sent.size(), 1);
    QVERIFY(!called);
}

void TestRetry::destroyingCancelsTheRequestInFlight()
{
    ScriptedClient client; // no script: never answers
    bool called = false;
    {
        RetryingRequest request(&client, getRequest(), QStringLiteral("key"));
        request.start([&](const HttpResponse &, const Error &) { called = true; });
        QCOMPARE(client.sent.size(), 1);
    }
    QCOMPARE(client.cancelled, QList<HttpClient::RequestId>{1});
    QVERIFY(!called);
}

void TestRetry::clientGoneDuringWait()
{
    auto client = std::make_unique<ScriptedClient>();
    client->script = {response(500)};
    FakeClock clock;
    clock.fireAtOnce = false;
    RetryingRequest request(client.get(), getRequest(), QStringLiteral("key"));
    request.setClock(clock.clock());
    Outcome outcome;
    request.start([&](const HttpResponse &r, const Error &e) { outcome = {true, r, e}; });
    QTRY_COMPARE(clock.pending.size(), 1);
    client.reset();
    clock.pending.takeFirst()();
    QVERIFY(!outcome.done); // reported later, not inside the timer's call
    QTRY_VERIFY(outcome.done);
    QCOMPARE(outcome.response.failure, Failure::Cancelled);
    QVERIFY(outcome.error.message.contains(u"api.example.test"));
}

QTEST_GUILESS_MAIN(TestRetry)
#include "tst_retry.moc"
