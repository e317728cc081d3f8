// ProviderPoller against a real HTTP server on loopback (and one over HTTPS with a throw-away CA) that
// answers in the documented shapes of the OpenAI, Anthropic and OpenRouter admin APIs, storing through a
// real StorageWriter into a real SQLite file: backfill with pagination and progress, re-polls that revise,
// resuming at the stored cursor, retries, failures on one endpoint only, and no secret anywhere.
#include "common/settings.h"
#include "common/timeutil.h"
#include "net/curlhttpclient.h"
#include "providers/poller.h"
#include "storage/database.h"
#include "storage/storagewriter.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTimer>
#include <QUrlQuery>
#include <map>

using namespace Burnrate;
using namespace Burnrate::Providers;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kHour = 3600;
constexpr qint64 kDay = 24 * kHour;
constexpr qint64 kS = Time::kNanosPerSecond;
// 2026-08-31T10:30:00Z: the tests' "now".
constexpr qint64 kNow = 1788172200;
const QString kKey = u"sk-admin-UNIQUE-7f3a9c1e5b2d4f60-SECRET"_s;

struct Request
{
    QByteArray target; // as sent, percent-encoding included
    QString path;
    QUrlQuery query;
    QList<std::pair<QByteArray, QByteArray>> headers;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QString item(const QString &key) const { return query.queryItemValue(key, QUrl::FullyDecoded); }
    QStringList items(const QString &key) const { return query.allQueryItemValues(key, QUrl::FullyDecoded); }
};

struct Reply
{
    Reply(int status = 200, QByteArray body = {}, QList<QByteArray> headers = {})
        : status(status)
        , body(std::move(body))
        , headers(std::move(headers))
    {}
    int status;
    QByteArray body;
    QList<QByteArray> headers;
};

// A tiny HTTP/1.1 server on 127.0.0.1 (HTTPS with a QSslServer) that records each request and answers
// it with `handler`.
class Server : public QObject
{
public:
    explicit Server(std::function<Reply(const Request &)> handler, const QSslConfiguration &tls = {})
        : m_handler(std::move(handler))
    {
        if (tls.isNull()) {
            m_server = std::make_unique<QTcpServer>();
        } else {
            auto server = std::make_unique<QSslServer>();
            server->setSslConfiguration(tls);
            m_server = std::move(server);
        }
        connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                read(socket);
            }
        });
        if (!m_server->listen(QHostAddress::LocalHost))
            qFatal("cannot listen on loopback");
    }

    QString baseUrl(const QString &scheme = u"http"_s) const
    {
        return scheme + u"://127.0.0.1:" + QString::number(m_server->serverPort());
    }
    QList<Request> requests;
    QList<Request> requestsTo(const QString &path) const
    {
        QList<Request> found;
        for (const Request &r : requests) {
            if (r.path == path)
                found.append(r);
        }
        return found;
    }

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
            buffer.remove(0, headEnd + 4); // GET requests only: no body
            Request request;
            request.target = lines.first().trimmed().split(' ').value(1);
            const QUrl url(QString::fromLatin1(request.target));
            request.path = url.path();
            request.query = QUrlQuery(url);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                request.headers.append({lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
            }
            requests.append(request);
            const Reply reply = m_handler(request);
            QByteArray bytes = "HTTP/1.1 " + QByteArray::number(reply.status) +
                               " Test\r\nContent-Type: application/json\r\nContent-Length: " +
                               QByteArray::number(reply.body.size()) + "\r\n";
            for (const QByteArray &header : reply.headers)
                bytes += header + "\r\n";
            socket->write(bytes + "\r\n" + reply.body);
        }
    }

    std::function<Reply(const Request &)> m_handler;
    std::unique_ptr<QTcpServer> m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray errorBody(const QString &message)
{
    return json(
        {{u"error"_s, QJsonObject{{u"message"_s, message}, {u"type"_s, u"invalid_request_error"_s}}}});
}

QString rfc3339(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate); // "…Z"
}

// Micro-USD as decimal text with `decimals` places of `unitMicros` (dollars: 1'000'000, cents: 10'000).
QString decimal(qint64 micros, qint64 unitMicros, int decimals)
{
    const qint64 divisor = [decimals] {
        qint64 d = 1;
        for (int i = 0; i < decimals; ++i)
            d *= 10;
        return d;
    }();
    // micros / unitMicros with `decimals` places: unitMicros * 10^-decimals must be a whole micro.
    const qint64 step = unitMicros / divisor;
    const qint64 units = micros / step;
    return QString::number(units / divisor) + u'.' +
           QString::number(units % divisor).rightJustified(decimals, u'0');
}

// The figures the fake provider serves: deterministic per (bucket, model), scaled by `revision`, and
// the last value served per key, so a test can compare the database with what was served.
struct Figures
{
    qint64 output = 0;
    qint64 requests = 0;
    qint64 costMicros = 0;
};

class FakeProvider
{
public:
    qint64 nowS = kNow;
    int revision = 1;
    // path -> replies used before the generated ones (then generated answers resume)
    QHash<QString, QList<Reply>> scripted;
    // Usage results of the Anthropic report under `result` instead of `results` in odd buckets.
    bool anthropicSingular = true;
    // (path, bucket start, model or line item) -> last served
    std::map<std::tuple<QString, qint64, QString>, Figures> served;

    qint64 servedOutput(const QString &path) const { return sum(path, &Figures::output); }
    qint64 servedRequests(const QString &path) const { return sum(path, &Figures::requests); }
    qint64 servedCost(const QString &path) const { return sum(path, &Figures::costMicros); }

    Reply operator()(const Request &r)
    {
        if (auto it = scripted.find(r.path); it != scripted.end() && !it->isEmpty())
            return it->takeFirst();
        if (r.path == u"/v1/organization/usage/completions")
            return buckets(r, kHour, u"start_time"_s, [this, &r](qint64 start, qint64 end, qint64 i) {
                QJsonArray results;
                for (int m = 0; m < 3; ++m) {
                    if ((i + m) % 5 == 0)
                        continue; // some hours have no calls of a model; every 5th hour none at all
                    const QString model = QStringList{u"gpt-4.1"_s, u"gpt-4.1-mini"_s, u"o3"_s}.at(m);
                    const Figures f = record(r.path, start, model,
                                             {(50 + (i * 7 + m) % 40) * revision, 1 + (i + m) % 3, 0});
                    results.append(QJsonObject{{u"object"_s, u"organization.usage.completions.result"_s},
                                               {u"input_tokens"_s, 1000 + i % 100},
                                               {u"input_cached_tokens"_s, 100},
                                               {u"output_tokens"_s, f.output},
                                               {u"num_model_requests"_s, f.requests},
                                               {u"project_id"_s, u"proj_1"_s},
                                               {u"api_key_id"_s, u"key_1"_s},
                                               {u"model"_s, model},
                                               {u"user_id"_s, QJsonValue::Null}});
                }
                return QJsonObject{{u"object"_s, u"bucket"_s},
                                   {u"start_time"_s, start},
                                   {u"end_time"_s, end},
                                   {u"results"_s, results}};
            });
        if (r.path == u"/v1/organization/costs")
            return buckets(r, kDay, u"start_time"_s, [this, &r](qint64 start, qint64 end, qint64 i) {
                QJsonArray results;
                for (const QString &item : {u"gpt-4.1, input"_s, u"gpt-4.1, output"_s}) {
                    const Figures f = record(r.path, start, item, {0, 0, (1'234'567 + i * 1000) * revision});
                    results.append(
                        QJsonObject{{u"object"_s, u"organization.costs.result"_s},
                                    {u"amount"_s,
                                     QJsonObject{{u"value"_s, decimal(f.costMicros, 1'000'000, 6).toDouble()},
                                                 {u"currency"_s, u"usd"_s}}},
                                    {u"line_item"_s, item},
                                    {u"project_id"_s, u"proj_1"_s}});
                }
                return QJsonObject{{u"object"_s, u"bucket"_s},
                                   {u"start_time"_s, start},
                                   {u"end_time"_s, end},
                                   {u"results"_s, results}};
            });
        if (r.path == u"/v1/organizations/usage_report/messages")
            return buckets(r, kHour, u"starting_at"_s, [this, &r](qint64 start, qint64 end, qint64 i) {
                QJsonArray results;
                if (i % 4 != 0) {
                    const Figures f =
                        record(r.path, start, u"claude-sonnet-4-5"_s, {(30 + i % 20) * revision, 0, 0});
                    results.append(QJsonObject{
                        {u"uncached_input_tokens"_s, 500},
                        {u"cache_creation"_s, QJsonObject{{u"ephemeral_1h_input_tokens"_s, 10},
                                                          {u"ephemeral_5m_input_tokens"_s, 20}}},
                        {u"cache_read_input_tokens"_s, 40},
                        {u"output_tokens"_s, f.output},
                        {u"server_tool_use"_s, QJsonObject{{u"web_search_requests"_s, qint64(0)}}},
                        {u"model"_s, u"claude-sonnet-4-5"_s},
                        {u"workspace_id"_s, QJsonValue::Null},
                        {u"api_key_id"_s, u"apikey_1"_s},
                        {u"service_tier"_s, u"standard"_s}});
                }
                const QString key = anthropicSingular && i % 2 ? u"result"_s : u"results"_s;
                return QJsonObject{
                    {u"starting_at"_s, rfc3339(start)}, {u"ending_at"_s, rfc3339(end)}, {key, results}};
            });
        if (r.path == u"/v1/organizations/cost_report")
            return buckets(r, kDay, u"starting_at"_s, [this, &r](qint64 start, qint64 end, qint64 i) {
                const Figures f = record(r.path, start, u"Claude Sonnet 4.5 Usage - Input Tokens"_s,
                                         {0, 0, (98'765 + i * 10) * revision});
                const QJsonArray results{
                    QJsonObject{{u"amount"_s, decimal(f.costMicros, 10'000, 4)},
                                {u"currency"_s, u"USD"_s},
                                {u"cost_type"_s, u"tokens"_s},
                                {u"description"_s, u"Claude Sonnet 4.5 Usage - Input Tokens"_s},
                                {u"model"_s, u"claude-sonnet-4-5"_s},
                                {u"workspace_id"_s, u"wrkspc_1"_s}}};
                return QJsonObject{{u"starting_at"_s, rfc3339(start)},
                                   {u"ending_at"_s, rfc3339(end)},
                                   {u"results"_s, results}};
            });
        if (r.path == u"/api/v1/key")
            return {200, R"({"data": {"label": "sk-or-v1-abc...", "limit": 100, "limit_remaining": 74.5,
                     "limit_reset": "monthly", "usage": 25.5, "usage_daily": 1.25, "usage_weekly": 5,
                     "usage_monthly": 20, "byok_usage": 0, "is_free_tier": false}})"};
        if (r.path == u"/api/v1/credits")
            return {200, R"({"data": {"total_credits": 150, "total_usage": 42.123456}})"};
        if (r.path == u"/api/v1/activity") {
            QJsonArray rows;
            const qint64 today = nowS / kDay * kDay;
            for (qint64 day = today - 30 * kDay; day < today; day += kDay) {
                const QString date =
                    QDateTime::fromSecsSinceEpoch(day, QTimeZone::utc()).date().toString(Qt::ISODate);
                // Two endpoints served the same model that day: one bucket of their sum.
                for (int endpoint = 0; endpoint < 2; ++endpoint) {
                    const qint64 micros = 250'000 + endpoint * 1'000 + (day / kDay) % 7;
                    rows.append(QJsonObject{{u"date"_s, date},
                                            {u"model"_s, u"openai/gpt-4.1"_s},
                                            {u"model_permaslug"_s, u"openai/gpt-4.1-2025-04-14"_s},
                                            {u"endpoint_id"_s, QString(u"ep_"_s + QString::number(endpoint))},
                                            {u"provider_name"_s, u"OpenAI"_s},
                                            {u"usage"_s, decimal(micros, 1'000'000, 6).toDouble()},
                                            {u"byok_usage_inference"_s, qint64(0)},
                                            {u"requests"_s, 3},
                                            {u"prompt_tokens"_s, 1000},
                                            {u"completion_tokens"_s, 200},
                                            {u"reasoning_tokens"_s, qint64(0)}});
                    Figures &f =
                        served[{r.path, day, QString(u"openai/gpt-4.1"_s + QString::number(endpoint))}];
                    f = {200, 3, micros};
                }
            }
            return {200, json({{u"data"_s, rows}})};
        }
        return {404, errorBody(u"no such path"_s)};
    }

private:
    qint64 sum(const QString &path, qint64 Figures::*field) const
    {
        qint64 total = 0;
        for (const auto &[key, figures] : served) {
            if (std::get<0>(key) == path)
                total += figures.*field;
        }
        return total;
    }

    Figures record(const QString &path, qint64 start, const QString &key, Figures figures)
    {
        served[{path, start, key}] = figures;
        return figures;
    }

    // Buckets from the requested start (or the page cursor) to the end of the current bucket, `limit`
    // per page; the cursor carries '+' and '=' so it must be percent-encoded to survive.
    template<typename MakeBucket>
    Reply buckets(const Request &r, qint64 width, const QString &startKey, MakeBucket makeBucket)
    {
        const QString startText = r.item(startKey);
        qint64 from = startKey == u"start_time"
                          ? startText.toLongLong()
                          : QDateTime::fromString(startText, Qt::ISODate).toSecsSinceEpoch();
        const QString page = r.item(u"page"_s);
        if (!page.isEmpty()) {
            if (!page.startsWith(u"p+"))
                return {400, errorBody(u"invalid page cursor"_s)};
            from = QByteArray::fromBase64(page.mid(2).toLatin1()).toLongLong();
        }
        const qint64 until = (nowS + width - 1) / width * width;
        const qint64 limit = r.item(u"limit"_s).toLongLong();
        QJsonArray data;
        qint64 start = from;
        for (; start < until && data.size() < limit; start += width)
            data.append(makeBucket(start, start + width, start / width));
        const bool more = start < until;
        return {200, json({{u"object"_s, u"page"_s},
                           {u"data"_s, data},
                           {u"has_more"_s, more},
                           {u"next_page"_s,
                            more ? QJsonValue(QString(
                                       u"p+"_s + QString::fromLatin1(QByteArray::number(start).toBase64())))
                                 : QJsonValue(QJsonValue::Null)}})};
    }
};

// Messages of every thread, for the assertion that no secret is logged.
QMutex s_logMutex;
QStringList s_log;
QtMessageHandler s_previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&s_logMutex);
        s_log.append(message);
    }
    if (type != QtDebugMsg)
        s_previousHandler(type, context, message);
}

// Waits for retries without sleeping: every wait fires at once, its length recorded.
struct InstantRetries
{
    QList<std::chrono::milliseconds> delays;

    Net::RetryingRequest::Clock clock()
    {
        Net::RetryingRequest::Clock clock = Net::RetryingRequest::Clock::system();
        clock.now = [] { return QDateTime::fromSecsSinceEpoch(kNow, QTimeZone::utc()); };
        clock.random = [] { return 0.0; };
        clock.wait = [this](std::chrono::milliseconds delay, QObject *context, std::function<void()> fire) {
            delays.append(delay);
            QTimer::singleShot(0, context, std::move(fire));
        };
        return clock;
    }
};

} // namespace

class TestPoller : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void defaultsMatchSettings();
    void disabledOrWithoutKeyNeverPolls();
    void openAiBackfillWithPaginationAndProgress();
    void anthropicResultAndResults();
    void repollReplacesRevisedFigures();
    void restartResumesAtStoredCursor();
    void retryAfterThenSuccess();
    void unauthorizedKeepsCursorOthersImported();
    void serverErrorsExhaustRetries();
    void badAnswerFailsThatEndpointOnly_data();
    void badAnswerFailsThatEndpointOnly();
    void openRouterKeyCreditsActivity();
    void openRouterCreditsNeedManagementKey();
    void testConnectionNamesEndpointAndPermission();
    void testConnectionSucceeds();
    void secretNeverLeaks();
    void https();

private:
    // A poller of `provider` against `server`, clock at fake.nowS, enabled with kKey, not started.
    std::unique_ptr<ProviderPoller> makePoller(Provider provider, const QString &baseUrl,
                                               Net::HttpClient *client = nullptr);
    // Waits until a cycle that started at `fake.nowS` has finished and its writes are committed.
    bool waitForCycle(ProviderPoller &poller);
    std::optional<Storage::SourceState> storedState(const QString &source);
    qint64 scalar(const QString &sql);

    QTemporaryDir m_tlsDir;
    QSslConfiguration m_tls;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
    std::unique_ptr<Storage::StorageWriter> m_writer;
    std::unique_ptr<Net::CurlHttpClient> m_http;
    FakeProvider m_fake;
    InstantRetries m_retries;
};

void TestPoller::initTestCase()
{
    for (const char *name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        qunsetenv(name);
    QLoggingCategory::setFilterRules(u"burnrate.*.debug=true"_s);
    s_previousHandler = qInstallMessageHandler(captureMessage);

    // A throw-away CA and a server certificate for 127.0.0.1 (the recipe of tst_httpclient).
    QVERIFY(m_tlsDir.isValid());
    QFile extensions(m_tlsDir.filePath(u"ext.cnf"_s));
    QVERIFY(extensions.open(QIODevice::WriteOnly));
    extensions.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                     "extendedKeyUsage=serverAuth\n");
    extensions.close();
    const QList<QStringList> commands = {
        u"req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=Poller_Test_CA "
        u"-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign"_s.split(
            u' '),
        u"req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost"_s.split(u' '),
        u"x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 "
        u"-extfile ext.cnf"_s.split(u' '),
    };
    for (const QStringList &arguments : commands) {
        QProcess openssl;
        openssl.setWorkingDirectory(m_tlsDir.path());
        openssl.start(u"openssl"_s, arguments);
        QVERIFY2(openssl.waitForFinished(30'000), "openssl did not run");
        QVERIFY2(openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0,
                 openssl.readAllStandardError().constData());
    }
    QFile certificate(m_tlsDir.filePath(u"server.crt"_s));
    QFile key(m_tlsDir.filePath(u"server.key"_s));
    QVERIFY(certificate.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly));
    m_tls = QSslConfiguration::defaultConfiguration();
    m_tls.setLocalCertificate(QSslCertificate(certificate.readAll()));
    m_tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa));
    m_tls.setPeerVerifyMode(QSslSocket::VerifyNone);
}

void TestPoller::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = m_dir->filePath(u"burnrate.sqlite"_s);
    m_writer = std::make_unique<Storage::StorageWriter>(m_db);
    Error error;
    QVERIFY2(m_writer->start(&error), qPrintable(error.message));
    m_http = std::make_unique<Net::CurlHttpClient>();
    m_fake = FakeProvider();
    m_retries = InstantRetries();
}

void TestPoller::cleanup()
{
    m_http.reset();
    m_writer.reset();
    m_dir.reset();
}

std::unique_ptr<ProviderPoller> TestPoller::makePoller(Provider provider, const QString &baseUrl,
                                                       Net::HttpClient *client)
{
    auto poller =
        std::make_unique<ProviderPoller>(provider, client ? client : m_http.get(), m_writer.get(), m_db);
    poller->setClock([this] { return m_fake.nowS * kS; });
    poller->setRetryClock(m_retries.clock());
    ProviderSettings settings;
    settings.enabled = true;
    settings.baseUrl = baseUrl;
    poller->setSettings(settings);
    poller->setKey(kKey);
    return poller;
}

bool TestPoller::waitForCycle(ProviderPoller &poller)
{
    const auto done = [&] {
        const PollerStatus status = poller.status();
        return !status.polling &&
               std::all_of(status.endpoints.begin(), status.endpoints.end(), [&](const EndpointStatus &e) {
                   return e.state.lastAttemptNs == m_fake.nowS * kS;
               });
    };
    if (!QTest::qWaitFor(done, 20'000))
        return false;
    // The writer runs jobs in order: once this one is done, the cycle's writes are committed.
    bool committed = false;
    Storage::ProviderWrite barrier;
    barrier.provider = providerId(poller.provider());
    m_writer->submitProviderData(barrier, this, [&](const Storage::WriteResult &) { committed = true; });
    return QTest::qWaitFor([&] { return committed; }, 10'000);
}

std::optional<Storage::SourceState> TestPoller::storedState(const QString &source)
{
    Error error;
    auto connection = Storage::Connection::open(m_db, Storage::Connection::Mode::ReadOnly, &error);
    if (!connection)
        return std::nullopt;
    const auto states = Storage::readSourceStates(connection->database(), &error);
    for (const Storage::SourceState &state : states.value_or(QList<Storage::SourceState>())) {
        if (state.source == source)
            return state;
    }
    return std::nullopt;
}

qint64 TestPoller::scalar(const QString &sql)
{
    Error error;
    auto connection = Storage::Connection::open(m_db, Storage::Connection::Mode::ReadOnly, &error);
    if (!connection)
        return -1;
    QSqlQuery query(connection->database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

void TestPoller::defaultsMatchSettings()
{
    const Settings settings(m_dir->filePath(u"burnrate.conf"_s));
    for (Provider provider : allProviders()) {
        QCOMPARE(settings.providerSettings(providerId(provider)).baseUrl, defaultBaseUrl(provider));
        QVERIFY(!sourceKeysFor(provider).isEmpty());
    }
    QCOMPARE(sourceKeysFor(Provider::OpenAi), QStringList({u"openai.usage"_s, u"openai.costs"_s}));
    QCOMPARE(secretNameFor(Provider::Anthropic), u"anthropic-admin-key"_s);
}

void TestPoller::disabledOrWithoutKeyNeverPolls()
{
    Server server(std::ref(m_fake));
    auto poller = makePoller(Provider::OpenAi, server.baseUrl());
    poller->setKey(QString());
    poller->start();
    poller->pollNow();
    QTest::qWait(200);
    QVERIFY(server.requests.isEmpty());
    QCOMPARE(poller->status().hasKey, false);
    QCOMPARE(poller->status().nextPollNs, 0);

    poller->setKey(kKey);
    ProviderSettings disabled;
    disabled.baseUrl = server.baseUrl();
    poller->setSettings(disabled);
    poller->pollNow();
    QTest::qWait(200);
    QVERIFY(server.requests.isEmpty());
    QCOMPARE(poller->status().enabled, false);
    QCOMPARE(poller->status().nextPollNs, 0);
}

void TestPoller::openAiBackfillWithPaginationAndProgress()
{
    Server server(std::ref(m_fake));
    auto poller = makePoller(Provider::OpenAi, server.baseUrl());
    QList<double> progress;
    connect(poller.get(), &ProviderPoller::statusChanged, this, [&] {
        if (const double p = poller->status().backfillProgress; p >= 0)
            progress.append(p);
    });
    QSignalSpy stored(poller.get(), &ProviderPoller::dataStored);
    poller->start();
    QVERIFY(waitForCycle(*poller));

    // 30 days back from 10:30 is 10:00 thirty days ago: 721 hourly buckets, 168 a page.
    const QList<Request> usage = server.requestsTo(u"/v1/organization/usage/completions"_s);
    QCOMPARE(usage.size(), 5);
    const qint64 from = kNow - 30 * kDay - 30 * 60;
    for (const Request &r : usage) {
        QCOMPARE(r.item(u"start_time"_s), QString::number(from));
        QCOMPARE(r.item(u"bucket_width"_s), u"1h"_s);
        QCOMPARE(r.items(u"group_by[]"_s), QStringList({u"model"_s, u"project_id"_s, u"api_key_id"_s}));
        QCOMPARE(r.item(u"limit"_s), u"168"_s);
        QCOMPARE(r.header("Authorization"), "Bearer " + kKey.toUtf8());
    }
    QVERIFY(!usage.first().query.hasQueryItem(u"page"_s));
    QVERIFY2(usage.at(1).target.contains("page=p%2B"), usage.at(1).target.constData());
    const QList<Request> costs = server.requestsTo(u"/v1/organization/costs"_s);
    QCOMPARE(costs.size(), 1);
    QCOMPARE(costs.first().item(u"start_time"_s), QString::number(kNow / kDay * kDay - 30 * kDay));
    QCOMPARE(costs.first().item(u"bucket_width"_s), u"1d"_s);
    QCOMPARE(costs.first().items(u"group_by[]"_s), QStringList({u"line_item"_s, u"project_id"_s}));
    QCOMPARE(stored.size(), 6);

    // Progress rose page by page to 1, then the backfill was over.
    QVERIFY(!progress.isEmpty());
    QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    QCOMPARE(progress.last(), 1.0);
    QCOMPARE(poller->status().backfillProgress, -1.0);

    QCOMPARE(scalar(u"SELECT SUM(output_tokens) FROM provider_usage"_s),
             m_fake.servedOutput(u"/v1/organization/usage/completions"_s));
    QCOMPARE(scalar(u"SELECT SUM(requests) FROM provider_usage"_s),
             m_fake.servedRequests(u"/v1/organization/usage/completions"_s));
    QCOMPARE(scalar(u"SELECT SUM(cost_micros) FROM provider_costs"_s),
             m_fake.servedCost(u"/v1/organization/costs"_s));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM provider_costs WHERE provider = 'openai' AND model = 'gpt-4.1'"_s),
             62);

    const auto usageState = storedState(u"openai.usage"_s);
    QVERIFY(usageState);
    QCOMPARE(usageState->cursorNs, (kNow / kHour + 1) * kHour * kS);
    QCOMPARE(usageState->backfillFromNs, from * kS);
    QCOMPARE(usageState->lastSuccessNs, kNow * kS);
    QCOMPARE(usageState->lastError, QString());
    QCOMPARE(usageState->rowsImported, scalar(u"SELECT COUNT(*) FROM provider_usage"_s));
    const PollerStatus status = poller->status();
    QCOMPARE(status.endpoints.size(), 2);
    QCOMPARE(status.endpoints.first().state, *usageState);
    QCOMPARE(status.lastError, QString());
    // Next poll one interval after this one.
    QCOMPARE(status.nextPollNs, (kNow + 300) * kS);
}

void TestPoller::anthropicResultAndResults()
{
    Server server(std::ref(m_fake));
    auto poller = makePoller(Provider::Anthropic, server.baseUrl());
    ProviderSettings settings;
    settings.enabled = true;
    settings.baseUrl = server.baseUrl();
    settings.backfillDays = 40;
    poller->setSettings(settings);
    poller->start();
    QVERIFY(waitForCycle(*poller));

    // 40 days: 961 hourly buckets at 168 a page, 41 daily ones at 31 a page.
    const QList<Request> usage = server.requestsTo(u"/v1/organizations/usage_report/messages"_s);
    QCOMPARE(usage.size(), 6);
    QCOMPARE(usage.first().item(u"starting_at"_s), u"2026-07-22T10:00:00Z"_s);
    QCOMPARE(usage.first().item(u"bucket_width"_s), u"1h"_s);
    QCOMPARE(usage.first().item(u"limit"_s), u"168"_s);
    QCOMPARE(usage.first().items(u"group_by[]"_s),
             QStringList({u"model"_s, u"workspace_id"_s, u"api_key_id"_s, u"service_tier"_s}));
    QCOMPARE(usage.first().header("x-api-key"), kKey.toUtf8());
    QCOMPARE(usage.first().header("anthropic-version"), QByteArray("2023-06-01"));
    QVERIFY(usage.first().header("Authorization").isEmpty());
    const QList<Request> costs = server.requestsTo(u"/v1/organizations/cost_report"_s);
    QCOMPARE(costs.size(), 2);
    QCOMPARE(costs.first().item(u"starting_at"_s), u"2026-07-22T00:00:00Z"_s);
    QCOMPARE(costs.first().item(u"bucket_width"_s), u"1d"_s);
    QCOMPARE(costs.first().item(u"limit"_s), u"31"_s);
    QCOMPARE(costs.first().items(u"group_by[]"_s), QStringList({u"workspace_id"_s, u"description"_s}));

    const QString usagePath = u"/v1/organizations/usage_report/messages"_s;
    QCOMPARE(scalar(u"SELECT SUM(output_tokens) FROM provider_usage WHERE provider = 'anthropic'"_s),
             m_fake.servedOutput(usagePath));
    QCOMPARE(scalar(u"SELECT SUM(cache_write_tokens) FROM provider_usage"_s),
             30 * scalar(u"SELECT COUNT(*) FROM provider_usage"_s));
    QCOMPARE(scalar(u"SELECT MIN(requests) FROM provider_usage"_s), -1);
    QCOMPARE(scalar(u"SELECT SUM(cost_micros) FROM provider_costs WHERE provider = 'anthropic'"_s),
             m_fake.servedCost(u"/v1/organizations/cost_report"_s));
    QVERIFY(storedState(u"anthropic.costs"_s)->lastError.isEmpty());
}

void TestPoller::repollReplacesRevisedFigures()
{
    Server server(std::ref(m_fake));
    auto poller = makePoller(Provider::OpenAi, server.baseUrl());
    poller->start();
    QVERIFY(waitForCycle(*poller));
    const qint64 firstOutput = scalar(u"SELECT SUM(output_tokens) FROM provider_usage"_s);

    // Two hours later the provider has revised everything it serves again.
    server.requests.clear();
    m_fake.nowS += 2 * kHour;
    m_fake.revision = 3;
    poller->pollNow();
    QVERIFY(waitForCycle(*poller));

    const QList<Request> usage = server.requestsTo(u"/v1/organization/usage/completions"_s);
    QCOMPARE(usage.size(), 1); // the trailing 48 h fit one page
    QCOMPARE(usage.first().item(u"start_time"_s),
             QString::number((m_fake.nowS - 48 * kHour) / kHour * kHour));
    const QList<Request> costs = server.requestsTo(u"/v1/organization/costs"_s);
    QCOMPARE(costs.size(), 1);
    QCOMPARE(costs.first().item(u"start_time"_s), QString::number((m_fake.nowS - 3 * kDay) / kDay * kDay));

    const qint64 output = scalar(u"SELECT SUM(output_tokens) FROM provider_usage"_s);
    QVERIFY(output > firstOutput);
    QCOMPARE(output, m_fake.servedOutput(u"/v1/organization/usage/completions"_s));
    QCOMPARE(scalar(u"SELECT SUM(requests) FROM provider_usage"_s),
             m_fake.servedRequests(u"/v1/organization/usage/completions"_s));
    QCOMPARE(scalar(u"SELECT SUM(cost_micros) FROM provider_costs"_s),
             m_fake.servedCost(u"/v1/organization/costs"_s));

    // And once more without changes: nothing doubles.
    m_fake.nowS += 10 * 60;
    poller->pollNow();
    QVERIFY(waitForCycle(*poller));
    QCOMPARE(scalar(u"SELECT SUM(output_tokens) FROM provider_usage"_s), output);
    QCOMPARE(scalar(u"SELECT SUM(cost_micros) FROM provider_costs"_s),
             m_fake.servedCost(u"/v1/organization/costs"_s));
}

void TestPoller::restartResumesAtStoredCursor()
{
    Server server(std::ref(m_fake));
    const QString path = u"/v1/organization/usage/completions"_s;
    qint64 cursor = 0;
    {
        // Page 3 of the backfill fails: pages 1 and 2 stay, with their cursor.
        int pages = 0;
        Server failing([&](const Request &r) -> Reply {
            if (r.path == path && ++pages == 3)
                return {400, errorBody(u"simulated failure"_s)};
            return m_fake(r);
        });
        auto poller = makePoller(Provider::OpenAi, failing.baseUrl());
        poller->start();
        QVERIFY(waitForCycle(*poller));
        QCOMPARE(failing.requestsTo(path).size(), 3);
        const auto state = storedState(u"openai.usage"_s);
        QVERIFY(state);
        QVERIFY2(state->lastError.contains(u"simulated failure"), qPrintable(state->lastError));
        cursor = state->cursorNs;
        QCOMPARE(cursor, (kNow - 30 * kDay - 30 * 60 + 2 * 168 * kHour) * kS);
        QVERIFY(poller->status().endpoints.first().state.lastError.contains(u"simulated failure"));
    }

    // A new run (the app restarted) goes on from the stored cursor, at once.
    m_fake.nowS += 60;
    auto poller = makePoller(Provider::OpenAi, server.baseUrl());
    poller->start();
    QVERIFY(waitForCycle(*poller));
    const QList<Request> usage = server.requestsTo(path);
    QCOMPARE(usage.size(), 3);
    QCOMPARE(usage.first().item(u"start_time"_s).toLongLong() * kS, cursor);
    QVERIFY(storedState(u"openai.usage"_s)->lastError.isEmpty());
    QCOMPARE(scalar(u"SELECT SUM(output_tokens) FROM provider_usage"_s), m_fake.servedOutput(path));
    // The costs endpoint had finished its backfill: it re-polled only its trailing days.
    const QList<Request> costs = server.requestsTo(u"/v1/organization/costs"_s);
    QCOMPARE(costs.size(), 1);
    QCOMPARE(costs.first().item(u"start_time"_s), QString::number((m_fake.nowS - 3 * kDay) / kDay * kDay));
}

void TestPoller::retryAfterThenSuccess()
{
    Server server(std::ref(m_fake));
    m_fake.scripted[u"/v1/organization/costs"_s] = {
        {429, errorBody(u"Rate limit reached"_s), {"Retry-After: 7"}}};
    auto poller = makePoller(Provider::OpenAi, server.baseUrl());
    poller->start();
    QVERIFY(waitForCycle(*poller));
    QCOMPARE(server.requestsTo(u"/v1/organization/costs"_s).size(), 2);
    QCOMPARE(m_retries.delays, QList<std::chrono::milliseconds>({7s}));
    QVERIFY(storedState(u"openai.costs"_s)->lastError.isEmpty());
    QCOMPARE(scalar(u"SELECT SUM(cost_micros) FROM provider_costs"_s),
             m_fake.servedCost(u"/v1/organization/costs"_s));
}

void TestPoller::unauthorizedKeepsCursorOthersImported()
{
    Server server(std::ref(m_fake));
    m_fake.scripted[u"/v1/organization/usage/completions"_s] = {
        {401, errorBody(u"Incorrect API key provided: "_s + kKey)}};
    auto poller = makePoller(Provider::OpenAi, server.baseUrl());
    poller->start();
    QVERIFY(waitForCycle(*poller));

    QCOMPARE(server.requestsTo(u"/v1/organization/usage/completions"_s).size(), 1); // never retried
    const auto usage = storedState(u"openai.usage"_s);
    QVERIFY(usage);
    QCOMPARE(usage->cursorNs, 0);
    QVERIFY2(usage->lastError.contains(u"OpenAI admin key") && usage->lastError.contains(u"401") &&
                 usage->lastError.contains(u"/v1/organization/usage/completions"),
             qPrintable(usage->lastError));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM provider_usage"_s), 0);
    QVERIFY(storedState(u"openai.costs"_s)->lastError.isEmpty());
    QCOMPARE(scalar(u"SELECT SUM(cost_micros) FROM provider_costs"_s),
             m_fake.servedCost(u"/v1/organization/costs"_s));
    QCOMPARE(poller->status().lastError, usage->lastError);

    // The next cycle tries again, from the start of the backfill.
    server.requests.clear();
    m_fake.nowS += 300;
    poller->pollNow();
    QVERIFY(waitForCycle(*poller));
    QCOMPARE(server.requestsTo(u"/v1/organization/usage/completions"_s).first().item(u"start_time"_s),
             QString::number((m_fake.nowS - 30 * kDay) / kHour * kHour));
    QVERIFY(storedState(u"openai.usage"_s)->lastError.isEmpty());
    QCOMPARE(poller->status().lastError, QString());
}

void TestPoller::serverErrorsExhaustRetries()
{
    Server server(std::ref(m_fake));
    m_fake.scripted[u"/v1/organization/costs"_s] = QList<Reply>(3, {500, errorBody(u"internal"_s)});
    auto poller = makePoller(Provider::OpenAi, server.baseUrl());
    Net::RetryPolicy policy;
    policy.maxAttempts = 3;
    poller->setRetryPolicy(policy);
    poller->start();
    QVERIFY(waitForCycle(*poller));
    QCOMPARE(server.requestsTo(u"/v1/organization/costs"_s).size(), 3);
    QCOMPARE(m_retries.delays.size(), 2);
    const auto costs = storedState(u"openai.costs"_s);
    QVERIFY2(costs->lastError.contains(u"HTTP 500"), qPrintable(costs->lastError));
    QCOMPARE(costs->cursorNs, 0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM provider_costs"_s), 0);
    QVERIFY(storedState(u"openai.usage"_s)->lastError.isEmpty());
    QVERIFY(scalar(u"SELECT COUNT(*) FROM provider_usage"_s) > 0);
}

void TestPoller::badAnswerFailsThatEndpointOnly_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray("{\"data\": [") << u"not valid JSON"_s;
    QTest::newRow("html") << QByteArray("<html>gateway</html>") << u"not valid JSON"_s;
    QTest::newRow("data not a list") << QByteArray(R"({"data": "soon", "has_more": false})") << u"data"_s;
    QTest::newRow("tokens as text")
        << QByteArray(
               R"({"data": [{"start_time": 1785542400, "end_time": 1785546000, "results": [
            {"object": "organization.usage.completions.result", "input_tokens": "many", "output_tokens": 1,
             "num_model_requests": 1}]}], "has_more": false, "next_page": null})")
        << u"input_tokens"_s;
}

void TestPoller::badAnswerFailsThatEndpointOnly()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    Server server(std::ref(m_fake));
    m_fake.scripted[u"/v1/organization/usage/completions"_s] = {{200, body}};
    auto poller = makePoller(Provider::OpenAi, server.baseUrl());
    poller->start();
    QVERIFY(waitForCycle(*poller));
    const auto usage = storedState(u"openai.usage"_s);
    QVERIFY2(usage->lastError.contains(expected) &&
                 usage->lastError.contains(u"/v1/organization/usage/completions"),
             qPrintable(usage->lastError));
    QCOMPARE(usage->cursorNs, 0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM provider_usage"_s), 0);
    QVERIFY(storedState(u"openai.costs"_s)->lastError.isEmpty());
    QVERIFY(scalar(u"SELECT COUNT(*) FROM provider_costs"_s) > 0);
}

void TestPoller::openRouterKeyCreditsActivity()
{
    Server server(std::ref(m_fake));
    auto poller = makePoller(Provider::OpenRouter, server.baseUrl());
    poller->start();
    QVERIFY(waitForCycle(*poller));
    for (const QString &path : {u"/api/v1/key"_s, u"/api/v1/credits"_s, u"/api/v1/activity"_s}) {
        QCOMPARE(server.requestsTo(path).size(), 1);
        QCOMPARE(server.requestsTo(path).first().header("Authorization"), "Bearer " + kKey.toUtf8());
    }

    const auto key = storedState(u"openrouter.key"_s);
    QVERIFY(key);
    QCOMPARE(key->lastError, QString());
    const QJsonObject detail = QJsonDocument::fromJson(key->detail.toUtf8()).object();
    QCOMPARE(detail.value(u"usage_daily_micros"_s).toInteger(), 1'250'000);
    QCOMPARE(detail.value(u"limit_micros"_s).toInteger(), 100'000'000);
    QCOMPARE(detail.value(u"limit_remaining_micros"_s).toInteger(), 74'500'000);
    QCOMPARE(detail.value(u"limit_reset"_s).toString(), u"monthly"_s);
    QCOMPARE(detail.value(u"balance_micros"_s).toInteger(), 150'000'000 - 42'123'456);
    QVERIFY(!key->detail.contains(kKey));

    // 30 days, one model on two endpoints: 30 usage and 30 cost buckets of their sums.
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM provider_usage WHERE provider = 'openrouter'"_s), 30);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM provider_costs WHERE provider = 'openrouter'"_s), 30);
    QCOMPARE(scalar(u"SELECT SUM(requests) FROM provider_usage"_s),
             m_fake.servedRequests(u"/api/v1/activity"_s));
    QCOMPARE(scalar(u"SELECT SUM(output_tokens) FROM provider_usage"_s),
             m_fake.servedOutput(u"/api/v1/activity"_s));
    QCOMPARE(scalar(u"SELECT SUM(cost_micros) FROM provider_costs"_s),
             m_fake.servedCost(u"/api/v1/activity"_s));
    QCOMPARE(scalar(u"SELECT COUNT(DISTINCT model) FROM provider_costs WHERE model = 'openai/gpt-4.1'"_s), 1);
    const auto activity = storedState(u"openrouter.activity"_s);
    QCOMPARE(activity->cursorNs, kNow / kDay * kDay * kS);
    QCOMPARE(activity->rowsImported, 60);

    // Polled again the next day: the same 30-day answer replaces what was stored.
    m_fake.nowS += kDay;
    poller->pollNow();
    QVERIFY(waitForCycle(*poller));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM provider_usage WHERE provider = 'openrouter'"_s), 31);
    qint64 lastServed = 0;
    for (const auto &[k, f] : m_fake.served) {
        if (std::get<1>(k) >= (m_fake.nowS / kDay - 30) * kDay)
            lastServed += f.costMicros;
    }
    QCOMPARE(scalar(u"SELECT SUM(cost_micros) FROM provider_costs WHERE bucket_start_ns >= "_s +
                    QString::number((m_fake.nowS / kDay - 30) * kDay * kS)),
             lastServed);
}

void TestPoller::openRouterCreditsNeedManagementKey()
{
    Server server(std::ref(m_fake));
    const Reply forbidden{
        403, R"({"error": {"code": 403, "message": "Only management keys can perform this operation"}})"};
    m_fake.scripted[u"/api/v1/credits"_s] = {forbidden};
    m_fake.scripted[u"/api/v1/activity"_s] = {forbidden};
    auto poller = makePoller(Provider::OpenRouter, server.baseUrl());
    poller->start();
    QVERIFY(waitForCycle(*poller));
    const auto key = storedState(u"openrouter.key"_s);
    QVERIFY2(key->lastError.contains(u"/api/v1/credits") && key->lastError.contains(u"management keys"),
             qPrintable(key->lastError));
    const QJsonObject detail = QJsonDocument::fromJson(key->detail.toUtf8()).object();
    QCOMPARE(detail.value(u"usage_micros"_s).toInteger(), 25'500'000); // what /key said is kept
    QVERIFY(!detail.contains(u"balance_micros"_s));
    QVERIFY(storedState(u"openrouter.activity"_s)->lastError.contains(u"/api/v1/activity"));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM provider_usage"_s), 0);
}

void TestPoller::testConnectionNamesEndpointAndPermission()
{
    Server server(std::ref(m_fake));
    m_fake.scripted[u"/v1/organization/costs"_s] = {
        {403, errorBody(u"You have insufficient permissions for this operation. Missing scopes: "
                        "api.usage.read. Check that you have the correct role in your organization."_s)}};
    auto poller = makePoller(Provider::OpenAi, server.baseUrl());
    std::optional<Error> result;
    poller->testConnection(u"sk-admin-other"_s, this, [&](const Error &error) { result = error; });
    QVERIFY(!result);
    QTRY_VERIFY(result);
    QCOMPARE(result->code, Error::Code::Unauthorized);
    QVERIFY2(result->message.contains(u"/v1/organization/costs") &&
                 result->message.contains(u"api.usage.read"),
             qPrintable(result->message));
    QVERIFY(!result->message.contains(u"usage/completions"));
    QCOMPARE(server.requests.size(), 2);
    for (const Request &r : std::as_const(server.requests)) {
        QCOMPARE(r.item(u"limit"_s), u"1"_s);
        QCOMPARE(r.header("Authorization"), QByteArray("Bearer sk-admin-other"));
    }
    // Nothing stored, and the poller itself did not start polling.
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM source_state"_s), 0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM provider_costs"_s), 0);
}

void TestPoller::testConnectionSucceeds()
{
    Server server(std::ref(m_fake));
    for (Provider provider : allProviders()) {
        auto poller = makePoller(provider, server.baseUrl());
        std::optional<Error> result;
        poller->testConnection(kKey, this, [&](const Error &error) { result = error; });
        QTRY_VERIFY(result);
        QVERIFY2(!result->isError(), qPrintable(result->message));
    }
    QCOMPARE(server.requests.size(), 2 + 2 + 3);
    std::optional<Error> result;
    auto poller = makePoller(Provider::OpenAi, server.baseUrl());
    poller->testConnection(QString(), this, [&](const Error &error) { result = error; });
    QTRY_VERIFY(result);
    QCOMPARE(result->code, Error::Code::Unauthorized);
}

void TestPoller::secretNeverLeaks()
{
    {
        QMutexLocker lock(&s_logMutex);
        s_log.clear();
    }
    // Providers that quote the key back, in every kind of failure.
    const QByteArray quoted =
        errorBody(u"Incorrect API key provided: "_s + kKey + u" (key "_s + kKey.mid(9) + u")"_s);
    Server server(std::ref(m_fake));
    m_fake.scripted[u"/v1/organization/usage/completions"_s] = {{400, quoted}};
    m_fake.scripted[u"/v1/organization/costs"_s] = {{403, quoted}};
    m_fake.scripted[u"/v1/organizations/usage_report/messages"_s] = {
        {200, "{\"data\": \"" + kKey.toUtf8() + "\"}"}};
    m_fake.scripted[u"/v1/organizations/cost_report"_s] = {{429, quoted}, {503, quoted}, {500, quoted}};
    m_fake.scripted[u"/api/v1/credits"_s] = {{401, quoted}};
    m_fake.scripted[u"/api/v1/activity"_s] = {{404, quoted}};
    Net::RetryPolicy policy;
    policy.maxAttempts = 3;
    QStringList messages;
    for (Provider provider : allProviders()) {
        auto poller = makePoller(provider, server.baseUrl());
        poller->setRetryPolicy(policy);
        poller->start();
        QVERIFY(waitForCycle(*poller));
        messages.append(poller->status().lastError);
        for (const EndpointStatus &e : poller->status().endpoints)
            messages.append(e.state.lastError + e.state.detail);
        std::optional<Error> tested;
        m_fake.scripted[u"/v1/organization/costs"_s] = {{403, quoted}};
        poller->testConnection(kKey, this, [&](const Error &error) { tested = error; });
        QTRY_VERIFY(tested);
        messages.append(tested->message);
    }
    QVERIFY(messages.join(u'\n').contains(u"HTTP 403")); // the failures did happen
    const QStringList secrets = {kKey, kKey.mid(9), u"UNIQUE-7f3a9c1e5b2d4f60"_s};
    for (const QString &secret : secrets) {
        QVERIFY2(!messages.join(u'\n').contains(secret), qPrintable(messages.join(u'\n')));
        QMutexLocker lock(&s_logMutex);
        QVERIFY2(!s_log.join(u'\n').contains(secret), qPrintable(s_log.join(u'\n')));
    }
    m_writer->stop();
    QDirIterator files(m_dir->path(), QDir::Files);
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        for (const QString &secret : secrets) {
            QVERIFY2(!bytes.contains(secret.toUtf8()), qPrintable(file.fileName()));
            QVERIFY(!bytes.contains(secret.toUtf8().toBase64()));
        }
    }
    QVERIFY(!s_log.isEmpty()); // the capture worked: failures were logged, without the key
}

void TestPoller::https()
{
    Server server(std::ref(m_fake), m_tls);
    Net::CurlHttpClient client(Net::CurlHttpClient::Options{m_tlsDir.filePath(u"ca.crt"_s)});
    auto poller = makePoller(Provider::Anthropic, server.baseUrl(u"https"_s), &client);
    ProviderSettings settings;
    settings.enabled = true;
    settings.baseUrl = server.baseUrl(u"https"_s);
    settings.backfillDays = 2;
    poller->setSettings(settings);
    poller->start();
    QVERIFY(waitForCycle(*poller));
    QVERIFY2(storedState(u"anthropic.usage"_s)->lastError.isEmpty(),
             qPrintable(storedState(u"anthropic.usage"_s)->lastError));
    QCOMPARE(server.requestsTo(u"/v1/organizations/usage_report/messages"_s).size(), 1);
    QCOMPARE(scalar(u"SELECT SUM(output_tokens) FROM provider_usage"_s),
             m_fake.servedOutput(u"/v1/organizations/usage_report/messages"_s));
    QCOMPARE(scalar(u"SELECT SUM(cost_micros) FROM provider_costs"_s),
             m_fake.servedCost(u"/v1/organizations/cost_report"_s));

    // Without the CA the same server is a TLS error on each endpoint, in plain words.
    m_fake.nowS += kDay;
    auto untrusting = makePoller(Provider::Anthropic, server.baseUrl(u"https"_s));
    untrusting->start();
    QVERIFY(waitForCycle(*untrusting));
    QVERIFY(!untrusting->status().lastError.isEmpty());
    QVERIFY(untrusting->status().lastError.contains(u"127.0.0.1"));
}

QTEST_GUILESS_MAIN(TestPoller)
#include "tst_poller.moc"
