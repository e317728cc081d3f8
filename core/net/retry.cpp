#include "retry.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>
#include <algorithm>

namespace Burnrate::Net {

namespace {

using std::chrono::milliseconds;

std::optional<QDateTime> parseHttpDate(const QString &text, const QDateTime &now)
{
    // IMF-fixdate, then the obsolete RFC 850 and asctime forms that RFC 9110 still asks recipients to
    // accept. simplified() turned asctime's double space before a one-digit day into one.
    static const QRegularExpression imf(
        QStringLiteral(R"(^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$)"));
    static const QRegularExpression rfc850(
        QStringLiteral(R"(^[A-Za-z]+, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$)"));
    static const QRegularExpression asctime(
        QStringLiteral(R"(^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$)"));
    static const QStringList months = {QStringLiteral("Jan"), QStringLiteral("Feb"), QStringLiteral("Mar"),
                                       QStringLiteral("Apr"), QStringLiteral("May"), QStringLiteral("Jun"),
                                       QStringLiteral("Jul"), QStringLiteral("Aug"), QStringLiteral("Sep"),
                                       QStringLiteral("Oct"), QStringLiteral("Nov"), QStringLiteral("Dec")};

    int day = 0, year = 0;
    QString month;
    int timeGroup = 0;
    QRegularExpressionMatch m;
    if (m = imf.match(text); m.hasMatch()) {
        day = m.captured(1).toInt();
        month = m.captured(2);
        year = m.captured(3).toInt();
        timeGroup = 4;
    } else if (m = rfc850.match(text); m.hasMatch()) {
        day = m.captured(1).toInt();
        month = m.captured(2);
        // A two-digit year more than 50 years ahead is the latest past year with those digits.
        year = now.date().year() / 100 * 100 + m.captured(3).toInt();
        if (year > now.date().year() + 50)
            year -= 100;
        timeGroup = 4;
    } else if (m = asctime.match(text); m.hasMatch()) {
        month = m.captured(1);
        day = m.captured(2).toInt();
        year = m.captured(6).toInt();
        timeGroup = 3;
    } else {
        return std::nullopt;
    }
    const QDate date(year, int(months.indexOf(month, 0)) + 1, day);
    const QTime time(m.captured(timeGroup).toInt(), m.captured(timeGroup + 1).toInt(),
                     m.captured(timeGroup + 2).toInt());
    const QDateTime result(date, time, Qt::UTC);
    if (!result.isValid())
        return std::nullopt;
    return result;
}

// Exponential, doubling from firstBackoff, capped; a random upper half of it.
milliseconds backoff(const RetryPolicy &policy, int attempt, double random)
{
    milliseconds full = policy.firstBackoff;
    for (int i = 1; i < attempt && full < policy.maxBackoff; ++i)
        full *= 2;
    full = std::min(full, policy.maxBackoff);
    const milliseconds half = full / 2;
    return half + milliseconds(qint64(random * double((full - half).count())));
}

// Keys and key-like tokens a provider may quote back (e.g. "Incorrect API key provided: sk-…").
QString withoutKeys(QString text)
{
    static const QRegularExpression keyLike(
        QStringLiteral(R"((?:sk|pk|rk)-[A-Za-z0-9_\-*.]+|[A-Za-z0-9_\-*]{32,})"));
    return text.replace(keyLike, QStringLiteral("…"));
}

// error.message from an OpenAI, Anthropic or OpenRouter error body, keys removed and shortened.
QString providerMessage(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonValue error = document.object().value(u"error");
    QString message = error.isObject() ? error.toObject().value(u"message").toString() : error.toString();
    message = withoutKeys(message.simplified());
    constexpr qsizetype maxLength = 300;
    if (message.size() > maxLength)
        message = message.left(maxLength - 1) + u'…';
    return message;
}

QString authFailureMessage(int status, const QByteArray &body, const QString &keyLabel, const QString &host)
{
    const QString key = keyLabel.isEmpty() ? QCoreApplication::translate("Burnrate::Net", "key") : keyLabel;
    if (status == 401) {
        return QCoreApplication::translate(
                   "Burnrate::Net", "The %1 was rejected by %2 (HTTP 401). Check that it is correct and "
                                    "has not been revoked.")
            .arg(key, host);
    }
    const QString message = providerMessage(body);
    // OpenAI: "… Missing scopes: api.usage.read. Check that you have the correct role …"
    static const QRegularExpression missingScopes(QStringLiteral(R"(missing scopes?:\s*(.+?)(?:\.\s|\.?$))"),
                                                  QRegularExpression::CaseInsensitiveOption);
    if (const QRegularExpressionMatch scopes = missingScopes.match(message); scopes.hasMatch()) {
        return QCoreApplication::translate(
                   "Burnrate::Net", "The %1 lacks the permission %2 (HTTP 403). Use a key that has it.")
            .arg(key, scopes.captured(1));
    }
    if (!message.isEmpty()) {
        return QCoreApplication::translate("Burnrate::Net", "The %1 is not allowed to do this (HTTP 403): %2")
            .arg(key, message);
    }
    return QCoreApplication::translate("Burnrate::Net",
                                       "The %1 is not allowed to do this (HTTP 403). Check the key's "
                                       "permissions.")
        .arg(key);
}

RetryDecision retry(milliseconds delay, Error reason)
{
    return {RetryDecision::Action::Retry, delay, std::move(reason)};
}

RetryDecision fail(Error::Code code, const QString &message)
{
    return {RetryDecision::Action::Fail, milliseconds(0), Error(code, message)};
}

} // namespace

std::optional<std::chrono::seconds> parseRetryAfter(QByteArrayView value, const QDateTime &now)
{
    const QByteArrayView text = value.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        // More than 9 digits is decades; the caller clamps it anyway.
        return std::chrono::seconds(text.size() > 9 ? 999'999'999 : text.toLongLong());
    }
    const std::optional<QDateTime> date = parseHttpDate(QString::fromLatin1(text).simplified(), now);
    if (!date)
        return std::nullopt;
    return std::chrono::seconds(std::max<qint64>(0, now.secsTo(*date)));
}

RetryDecision decideRetry(const HttpResponse &response, int attempt, const RetryPolicy &policy,
                          const QString &keyLabel, const QDateTime &now, double random)
{
    using Failure = HttpResponse::Failure;
    const bool attemptsLeft = attempt < policy.maxAttempts;
    const QString host = displayHost(response.url);

    if (response.failure != Failure::None) {
        const bool transient =
            response.failure == Failure::Dns || response.failure == Failure::ConnectFailed ||
            response.failure == Failure::Timeout || response.failure == Failure::Interrupted;
        if (transient && attemptsLeft)
            return retry(backoff(policy, attempt, random), response.error);
        return {RetryDecision::Action::Fail, milliseconds(0), response.error};
    }

    const int status = response.status;
    if (status >= 200 && status < 300)
        return {};
    if (status == 429 || status == 503) {
        const QString message =
            status == 429
                ? QCoreApplication::translate("Burnrate::Net",
                                              "%1 is limiting the request rate (HTTP 429). Burnrate "
                                              "tries again at the next poll.")
                      .arg(host)
                : QCoreApplication::translate("Burnrate::Net",
                                              "%1 is unavailable (HTTP 503). Burnrate tries again at "
                                              "the next poll.")
                      .arg(host);
        if (!attemptsLeft)
            return fail(Error::Code::Busy, message);
        milliseconds delay = std::max(backoff(policy, attempt, random), policy.minRetryAfter);
        if (const auto retryAfter = parseRetryAfter(response.header("Retry-After"), now)) {
            delay = std::clamp<milliseconds>(*retryAfter, policy.minRetryAfter, policy.maxRetryAfter);
            delay += milliseconds(qint64(random * 0.1 * double(delay.count())));
        }
        return retry(std::min(delay, policy.maxRetryAfter), Error(Error::Code::Busy, message));
    }
    if (status == 401 || status == 403)
        return fail(Error::Code::Unauthorized, authFailureMessage(status, response.body, keyLabel, host));
    if (status >= 500) {
        const QString message =
            QCoreApplication::translate("Burnrate::Net", "%1 had a server error (HTTP %2). Burnrate tries "
                                                         "again at the next poll.")
                .arg(host)
                .arg(status);
        if (attemptsLeft)
            return retry(backoff(policy, attempt, random), Error(Error::Code::Busy, message));
        return fail(Error::Code::Busy, message);
    }
    if (status == 404) {
        return fail(Error::Code::NotFound,
                    // Only the host: a URL's path may be a secret (a Slack webhook's is its token).
                    QCoreApplication::translate("Burnrate::Net",
                                                "%1 has no such endpoint (HTTP 404). Check the base URL.")
                        .arg(host));
    }
    // 400 and the rest: sending the same request again would fail the same way.
    const QString message = providerMessage(response.body);
    if (message.isEmpty()) {
        return fail(Error::Code::InvalidInput,
                    QCoreApplication::translate("Burnrate::Net", "%1 rejected the request (HTTP %2).")
                        .arg(host)
                        .arg(status));
    }
    return fail(Error::Code::InvalidInput,
                QCoreApplication::translate("Burnrate::Net", "%1 rejected the request (HTTP %2): %3")
                    .arg(host)
                    .arg(status)
                    .arg(message));
}

RetryingRequest::Clock RetryingRequest::Clock::system()
{
    Clock clock;
    clock.now = [] { return QDateTime::currentDateTimeUtc(); };
    clock.random = [] { return QRandomGenerator::global()->generateDouble(); };
    clock.wait = [](milliseconds delay, QObject *context, std::function<void()> fire) {
        QTimer::singleShot(delay, context, std::move(fire));
    };
    return clock;
}

RetryingRequest::RetryingRequest(HttpClient *client, HttpRequest request, QString keyLabel,
                                 RetryPolicy policy, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_request(std::move(request))
    , m_keyLabel(std::move(keyLabel))
    , m_policy(policy)
{}

RetryingRequest::~RetryingRequest()
{
    cancel();
}

void RetryingRequest::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void RetryingRequest::start(Done done)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_done = std::move(done);
    m_attempts = 0;
    sendAttempt();
}

void RetryingRequest::cancel()
{
    Q_ASSERT(QThread::currentThread() == thread());
    ++m_generation;
    if (m_inFlight != 0 && m_client)
        m_client->cancel(m_inFlight);
    m_inFlight = 0;
    m_done = nullptr;
}

void RetryingRequest::sendAttempt()
{
    ++m_attempts;
    if (!m_client) {
        // The client is gone (the app is shutting down): end as its destructor would have.
        HttpResponse response;
        response.url = m_request.url;
        response.failure = HttpResponse::Failure::Cancelled;
        response.error = Error(
            Error::Code::Io, QCoreApplication::translate("Burnrate::Net", "The request to %1 was cancelled.")
                                 .arg(displayHost(m_request.url)));
        QMetaObject::invokeMethod(
            this, [this, response] { onResponse(response); }, Qt::QueuedConnection);
        return;
    }
    m_inFlight = m_client->send(m_request, this, [this](const HttpResponse &response) {
        m_inFlight = 0;
        onResponse(response);
    });
}

void RetryingRequest::onResponse(const HttpResponse &response)
{
    const RetryDecision decision =
        decideRetry(response, m_attempts, m_policy, m_keyLabel, m_clock.now(), m_clock.random());
    if (decision.action == RetryDecision::Action::Retry) {
        const QString after = response.failure == HttpResponse::Failure::None
                                  ? u"HTTP " + QString::number(response.status)
                                  : response.error.message;
        qCInfo(lcNet).noquote() << "retrying a request to" << displayHost(m_request.url) << "in"
                                << decision.delay.count() << "ms after" << after;
        m_clock.wait(decision.delay, this, [this, generation = m_generation] {
            if (generation == m_generation)
                sendAttempt();
        });
        return;
    }
    // `done` may delete this object: nothing touches a member after it.
    const Done done = std::exchange(m_done, nullptr);
    if (done)
        done(response, decision.action == RetryDecision::Action::Fail ? decision.error : Error());
}

} // namespace Burnrate::Net
