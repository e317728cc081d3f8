// When and how long to retry a provider request: the policy as pure functions (tested without network
// or clock), and RetryingRequest, which applies it with timers. RetryingRequest lives in the thread
// that creates it and is used only there.
#pragma once

#include "net/httpclient.h"

#include <QDateTime>
#include <QPointer>
#include <chrono>
#include <optional>

namespace Burnrate::Net {

struct RetryPolicy
{
    int maxAttempts = 5; // the first request included
    // Other 5xx and transport failures: an exponential backoff, doubling from firstBackoff up to
    // maxBackoff, of which a random half is waited ("equal jitter").
    std::chrono::milliseconds firstBackoff{2'000};
    std::chrono::milliseconds maxBackoff{120'000};
    // 429/503: Retry-After, clamped to this range, plus up to 10 % jitter.
    std::chrono::milliseconds minRetryAfter{1'000};
    std::chrono::milliseconds maxRetryAfter{15 * 60'000};
};

struct RetryDecision
{
    enum class Action {
        Done,  // a 2xx response; its body is the caller's to parse (and not to retry if malformed)
        Retry, // wait `delay`, then send the same request again
        Fail,  // give up; `error` says why and what to do
    };

    Action action = Action::Done;
    std::chrono::milliseconds delay{0};
    Error error;
};

// A Retry-After value: delay-seconds or an HTTP-date (IMF-fixdate, RFC 850 or asctime), as the time
// from `now`; a date in the past is 0. nullopt when empty or malformed.
std::optional<std::chrono::seconds> parseRetryAfter(QByteArrayView value, const QDateTime &now);

// What to do after attempt number `attempt` (1 = the first) ended with `response`. keyLabel names the
// credential in messages (e.g. "OpenAI admin key"); `random` in [0, 1) spreads the delays.
RetryDecision decideRetry(const HttpResponse &response, int attempt, const RetryPolicy &policy,
                          const QString &keyLabel, const QDateTime &now, double random);

// Sends one request through an HttpClient and retries it as decideRetry() says. cancel() or destroying
// the object abandons the request: `done` then never runs.
class RetryingRequest : public QObject
{
    Q_OBJECT
public:
    // response: the last one received. error: set unless it is a 2xx response.
    using Done = std::function<void(const HttpResponse &response, const Error &error)>;

    // Time as RetryingRequest sees it; tests replace it to run without waiting.
    struct Clock
    {
        std::function<QDateTime()> now;
        std::function<double()> random; // in [0, 1)
        // Calls `fire` after `delay` on the context's thread, unless the context is destroyed first.
        std::function<void(std::chrono::milliseconds delay, QObject *context, std::function<void()> fire)>
            wait;

        static Clock system();
    };

    RetryingRequest(HttpClient *client, HttpRequest request, QString keyLabel, RetryPolicy policy = {},
                    QObject *parent = nullptr);
    ~RetryingRequest() override;

    void setClock(Clock clock);
    // Sends the first attempt; `done` runs once, later, on this object's thread.
    void start(Done done);
    void cancel();
    // Attempts sent so far.
    int attempts() const { return m_attempts; }

private:
    void sendAttempt();
    void onResponse(const HttpResponse &response);

    QPointer<HttpClient> m_client;
    HttpRequest m_request;
    QString m_keyLabel;
    RetryPolicy m_policy;
    Clock m_clock = Clock::system();
    Done m_done;
    int m_attempts = 0;
    HttpClient::RequestId m_inFlight = 0;
    quint64 m_generation = 0; // bumped by cancel(), so a pending wait does nothing
};

} // namespace Burnrate::Net
