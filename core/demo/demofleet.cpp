#include "demofleet.h"

#include <QDateTime>
#include <QHash>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <span>
#include <vector>

namespace Burnrate::Demo {

namespace {

using Ingest::AnyValue;
using Ingest::Attributes;
using Ingest::ResourceSpans;
using Ingest::ScopeSpans;
using Ingest::Span;
using Ingest::TraceBatch;

constexpr qint64 kMs = 1'000'000;
constexpr qint64 kSecond = Time::kNanosPerSecond;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = Time::kNanosPerHour;
constexpr qint64 kCacheTtlNs = 5 * kMinute;     // prompt caches expire after five idle minutes
constexpr qint64 kSessionIdleNs = 15 * kMinute; // a user who comes back later starts a new session
constexpr int kFailurePermille = 20;            // ~2 % of model calls fail
constexpr int kMaxAttempts = 3;                 // an agent retries a failed call twice, then gives up
constexpr int kHistoryPercent = 100;            // backfill density at the busiest hour, of the live rate
constexpr qint64 kPpm = 1'000'000;

// --- randomness: splitmix64, so a seed gives the same fleet on every platform and library -----------

constexpr quint64 kGolden = 0x9e3779b97f4a7c15ULL;

constexpr quint64 mix(quint64 x)
{
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

constexpr quint64 mix(quint64 a, quint64 b)
{
    return mix(a + kGolden * (b + 1));
}

class Rng
{
public:
    explicit Rng(quint64 seed)
        : m_state(seed)
    {}

    quint64 next()
    {
        m_state += kGolden;
        return mix(m_state);
    }
    double unit() { return double(next() >> 11) * 0x1.0p-53; } // [0, 1)
    qint64 between(qint64 lo, qint64 hi) { return lo + qint64(next() % quint64(hi - lo + 1)); }
    // Most values near lo, a long tail up to hi (message and document sizes).
    qint64 skewed(qint64 lo, qint64 hi)
    {
        const double u = unit();
        return lo + qint64(double(hi - lo) * u * u);
    }
    bool percent(int p) { return int(next() % 100) < p; }
    bool permille(int p) { return int(next() % 1000) < p; }
    // The wait until the next arrival of a Poisson process with this mean gap.
    qint64 waitNs(qint64 meanNs) { return 1 + qint64(-std::log1p(-unit()) * double(meanNs)); }

    QString hex(int digits)
    {
        QString out;
        while (out.size() < digits)
            out += QString::number(next() | (quint64(1) << 63), 16).mid(1);
        return out.left(digits);
    }
    QString base62(int length)
    {
        static constexpr char16_t alphabet[] =
            u"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        QString out(length, Qt::Uninitialized);
        for (QChar &c : out)
            c = QChar(alphabet[next() % 62]);
        return out;
    }

private:
    quint64 m_state;
};

// --- the fleet --------------------------------------------------------------------------------------

struct Range
{
    int lo;
    int hi;
};

struct ModelOption
{
    QStringView provider;
    QStringView model;    // gen_ai.request.model
    QStringView response; // gen_ai.response.model: the dated snapshot the provider answers with
    int weight;
    int tokensPerSecond;
};

enum Provider { Anthropic, OpenAI, Gemini, SelfHosted };

Provider providerOf(const ModelOption &m)
{
    if (m.provider == u"anthropic")
        return Anthropic;
    if (m.provider == u"openai")
        return OpenAI;
    if (m.provider == u"gcp.gemini")
        return Gemini;
    return SelfHosted;
}

constexpr ModelOption kSupportModels[] = {
    {u"anthropic", u"claude-haiku-4-5", u"claude-haiku-4-5-20251001", 70, 150},
    {u"anthropic", u"claude-sonnet-4-5", u"claude-sonnet-4-5-20250929", 30, 70},
};
constexpr ModelOption kReviewModels[] = {
    {u"anthropic", u"claude-sonnet-4-5", u"claude-sonnet-4-5-20250929", 85, 70},
    {u"anthropic", u"claude-sonnet-4-5", u"claude-sonnet-4-5", 15, 70},
};
constexpr ModelOption kOrchestratorModels[] = {
    {u"anthropic", u"claude-opus-4-5", u"claude-opus-4-5-20251101", 100, 45},
};
constexpr ModelOption kResearcherModels[] = {
    {u"openai", u"gpt-4.1", u"gpt-4.1-2025-04-14", 50, 80},
    {u"gcp.gemini", u"gemini-2.5-flash", u"gemini-2.5-flash", 50, 200},
};
constexpr ModelOption kSalesModels[] = {
    {u"openai", u"gpt-4.1-mini", u"gpt-4.1-mini-2025-04-14", 70, 120},
    {u"openai", u"gpt-4.1-nano", u"gpt-4.1-nano", 30, 200},
};
// acme-extract-7b is an in-house fine-tune served with vLLM: no public price, so it shows as unpriced.
constexpr ModelOption kExtractorModels[] = {
    {u"gcp.gemini", u"gemini-2.5-flash", u"gemini-2.5-flash", 75, 200},
    {u"vllm", u"acme-extract-7b", u"acme-extract-7b", 25, 60},
};
constexpr ModelOption kAnalystModels[] = {
    {u"openai", u"o4-mini", u"o4-mini-2025-04-16", 100, 100},
};
constexpr ModelOption kBurstModels[] = {
    {u"anthropic", u"claude-opus-4-5", u"claude-opus-4-5-20251101", 100, 45},
};

constexpr QStringView kSupportTools[] = {u"search_kb", u"lookup_order", u"create_ticket"};
constexpr QStringView kReviewTools[] = {u"read_file", u"grep", u"run_tests", u"post_comment"};
constexpr QStringView kOrchestratorTools[] = {u"plan_outline", u"write_section"};
constexpr QStringView kResearcherTools[] = {u"web_search", u"fetch_page"};
constexpr QStringView kSalesTools[] = {u"crm_lookup"};
constexpr QStringView kExtractorTools[] = {u"ocr_page", u"validate_schema"};
constexpr QStringView kAnalystTools[] = {u"describe_table", u"run_sql"};
constexpr QStringView kLoopTools[] = {u"run_tests"};

struct Profile
{
    QStringView agent;
    QStringView service;
    QStringView language; // telemetry.sdk.language of that service
    QStringView feature;
    QStringView team;       // the second tag
    QStringView taskPrefix; // app.task.id: one ticket, pull request, report … per session
    int runsPerHour;
    std::span<const ModelOption> models;
    std::span<const QStringView> tools;
    Range calls; // model calls per run; each but the last asks for a tool (or the sub-agent)
    int systemTokens;
    Range message; // what the user (or the caller) adds per turn
    Range output;  // the final answer; tool-calling steps answer briefly
    Range toolResult;
    Range toolMs;
    int contextCap; // agents trim their history to stay below this
    Range turns;    // runs per session
    int reasoningPercent = 0;
    int subAgentPercent = 0;  // chance that a tool step delegates to the researcher
    int continuePercent = 75; // chance that a run continues an idle open session
};

enum ProfileId {
    SupportTriage,
    CodeReview,
    ResearchOrchestrator,
    Researcher,
    SalesEmail,
    DataExtractor,
    SqlAnalyst,
    CodeReviewLoop,  // the stuck code-review task
    ExtractionBurst, // the archive re-processing job on an expensive model
    ProfileCount
};

const Profile &profile(int id)
{
    // clang-format off
    static const Profile profiles[ProfileCount] = {
        {.agent = u"support-triage", .service = u"support-bot", .language = u"python",
         .feature = u"support-chat", .team = u"team:support", .taskPrefix = u"TICKET", .runsPerHour = 240,
         .models = kSupportModels, .tools = kSupportTools, .calls = {1, 3}, .systemTokens = 2500,
         .message = {40, 400}, .output = {150, 600}, .toolResult = {300, 1500}, .toolMs = {80, 600},
         .contextCap = 60'000, .turns = {2, 8}},
        {.agent = u"code-review", .service = u"review-bot", .language = u"python",
         .feature = u"pr-review", .team = u"team:platform", .taskPrefix = u"PR", .runsPerHour = 30,
         .models = kReviewModels, .tools = kReviewTools, .calls = {4, 9}, .systemTokens = 6000,
         .message = {3000, 20'000}, .output = {400, 1500}, .toolResult = {400, 4000}, .toolMs = {200, 9000},
         .contextCap = 120'000, .turns = {1, 3}},
        {.agent = u"research-orchestrator", .service = u"research", .language = u"nodejs",
         .feature = u"market-research", .team = u"team:strategy", .taskPrefix = u"REPORT", .runsPerHour = 20,
         .models = kOrchestratorModels, .tools = kOrchestratorTools, .calls = {2, 5}, .systemTokens = 5000,
         .message = {200, 1500}, .output = {1500, 4000}, .toolResult = {300, 1200}, .toolMs = {50, 400},
         .contextCap = 150'000, .turns = {1, 3}, .subAgentPercent = 80},
        {.agent = u"researcher", .service = u"research-worker", .language = u"nodejs",
         .feature = u"market-research", .team = u"team:strategy", .taskPrefix = u"REPORT", .runsPerHour = 0,
         .models = kResearcherModels, .tools = kResearcherTools, .calls = {3, 6}, .systemTokens = 2000,
         .message = {200, 600}, .output = {500, 1200}, .toolResult = {1500, 8000}, .toolMs = {300, 4000},
         .contextCap = 100'000, .turns = {1, 1}},
        {.agent = u"sales-email", .service = u"outreach", .language = u"nodejs",
         .feature = u"sales-outreach", .team = u"team:sales", .taskPrefix = u"LEAD", .runsPerHour = 360,
         .models = kSalesModels, .tools = kSalesTools, .calls = {1, 2}, .systemTokens = 1500,
         .message = {500, 3000}, .output = {200, 700}, .toolResult = {300, 1200}, .toolMs = {50, 300},
         .contextCap = 16'000, .turns = {1, 1}},
        {.agent = u"data-extractor", .service = u"docs-pipeline", .language = u"python",
         .feature = u"invoice-extraction", .team = u"team:finance", .taskPrefix = u"DOC", .runsPerHour = 240,
         .models = kExtractorModels, .tools = kExtractorTools, .calls = {1, 2}, .systemTokens = 1000,
         .message = {3000, 12'000}, .output = {300, 1200}, .toolResult = {500, 2500}, .toolMs = {300, 2500},
         .contextCap = 32'000, .turns = {1, 1}},
        {.agent = u"sql-analyst", .service = u"analytics", .language = u"python",
         .feature = u"analytics-qa", .team = u"team:data", .taskPrefix = u"Q", .runsPerHour = 60,
         .models = kAnalystModels, .tools = kAnalystTools, .calls = {2, 4}, .systemTokens = 3000,
         .message = {50, 300}, .output = {200, 900}, .toolResult = {200, 3000}, .toolMs = {100, 5000},
         .contextCap = 64'000, .turns = {1, 5}, .reasoningPercent = 150},
        // One pull request whose tests keep failing: run_tests, a short "let me try again", run_tests …
        // in one session that never ends, its trimmed context the same size on every call.
        {.agent = u"code-review", .service = u"review-bot", .language = u"python",
         .feature = u"pr-review", .team = u"team:platform", .taskPrefix = u"PR", .runsPerHour = 0,
         .models = kReviewModels, .tools = kLoopTools, .calls = {2, 3}, .systemTokens = 6000,
         .message = {3000, 5000}, .output = {150, 300}, .toolResult = {1800, 2200}, .toolMs = {2000, 3000},
         .contextCap = 64'000, .turns = {INT_MAX, INT_MAX}, .continuePercent = 100},
        // Someone points the document archive at the most expensive model, with whole contracts as input.
        {.agent = u"data-extractor", .service = u"docs-pipeline", .language = u"python",
         .feature = u"invoice-extraction", .team = u"team:finance", .taskPrefix = u"DOC", .runsPerHour = 180,
         .models = kBurstModels, .tools = kExtractorTools, .calls = {1, 2}, .systemTokens = 1000,
         .message = {40'000, 90'000}, .output = {1500, 4000}, .toolResult = {500, 2500}, .toolMs = {300, 2500},
         .contextCap = 200'000, .turns = {1, 1}},
    };
    // clang-format on
    return profiles[id];
}

constexpr int kNormalProfiles[] = {SupportTriage, CodeReview,    ResearchOrchestrator,
                                   SalesEmail,    DataExtractor, SqlAnalyst};

constexpr QStringView kUsers[] = {
    u"amelia", u"noah",   u"olivia", u"liam",   u"emma",  u"mateo", u"ava",   u"lucas", u"mia",    u"elijah",
    u"sofia",  u"james",  u"isla",   u"hugo",   u"chloe", u"leo",   u"zoe",   u"arjun", u"lena",   u"omar",
    u"yuki",   u"felix",  u"nora",   u"tariq",  u"ines",  u"jonas", u"priya", u"diego", u"hannah", u"kenji",
    u"maya",   u"viktor", u"aisha",  u"samuel", u"clara", u"ravi",  u"freya", u"marco", u"lucia",  u"theo",
};
constexpr int kUserCount = int(std::size(kUsers));

// A few people account for most use; each team has its own heavy users.
QString pickUser(Rng &rng, int team)
{
    double total = 0;
    for (int i = 0; i < kUserCount; ++i)
        total += 1.0 / (i + 1);
    double u = rng.unit() * total;
    int rank = 0;
    for (; rank < kUserCount - 1; ++rank) {
        u -= 1.0 / (rank + 1);
        if (u < 0)
            break;
    }
    return kUsers[(rank + team * 7) % kUserCount] % u"@example.com";
}

const ModelOption &pickModel(Rng &rng, std::span<const ModelOption> models)
{
    int total = 0;
    for (const ModelOption &m : models)
        total += m.weight;
    int u = int(rng.between(0, total - 1));
    for (const ModelOption &m : models) {
        u -= m.weight;
        if (u < 0)
            return m;
    }
    return models.back();
}

// --- attributes -------------------------------------------------------------------------------------

AnyValue text(const QString &s)
{
    AnyValue v;
    v.type = AnyValue::Type::String;
    v.string = s;
    return v;
}

AnyValue text(QStringView s)
{
    return text(s.toString());
}

AnyValue integer(qint64 n)
{
    AnyValue v;
    v.type = AnyValue::Type::Int;
    v.intValue = n;
    return v;
}

AnyValue number(double d)
{
    AnyValue v;
    v.type = AnyValue::Type::Double;
    v.doubleValue = d;
    return v;
}

AnyValue boolean(bool b)
{
    AnyValue v;
    v.type = AnyValue::Type::Bool;
    v.boolValue = b;
    return v;
}

AnyValue list(const QStringList &items)
{
    AnyValue v;
    v.type = AnyValue::Type::Array;
    v.array = items;
    return v;
}

Attributes resourceAttributes(const Profile &p)
{
    Attributes a;
    a.insert(QStringLiteral("service.name"), text(p.service));
    a.insert(QStringLiteral("service.version"), text(u"1.8.2"));
    a.insert(QStringLiteral("deployment.environment.name"), text(u"demo"));
    a.insert(QStringLiteral("telemetry.sdk.name"), text(u"opentelemetry"));
    a.insert(QStringLiteral("telemetry.sdk.language"), text(p.language));
    a.insert(DemoFleet::demoResourceAttribute(), boolean(true));
    return a;
}

QString serverAddress(Provider provider)
{
    switch (provider) {
    case Anthropic:
        return QStringLiteral("api.anthropic.com");
    case OpenAI:
        return QStringLiteral("api.openai.com");
    case Gemini:
        return QStringLiteral("generativelanguage.googleapis.com");
    case SelfHosted:
        break;
    }
    return QStringLiteral("vllm.internal");
}

QString responseId(Rng &ids, Provider provider)
{
    switch (provider) {
    case Anthropic:
        return u"msg_01" % ids.base62(22);
    case OpenAI:
        return u"chatcmpl-" % ids.base62(29);
    case Gemini:
        return ids.base62(27);
    case SelfHosted:
        break;
    }
    return u"chatcmpl-" % ids.hex(32);
}

// --- sessions and runs ------------------------------------------------------------------------------

// One agent's side of a session: what it resends on every call and what the provider has cached.
struct Conversation
{
    const ModelOption *model = nullptr;
    qint64 context = 0;      // tokens the next call resends (system prompt and trimmed history)
    qint64 cachedPrefix = 0; // input of the last successful call
    qint64 lastCallNs = 0;   // end of that call; the cache is warm for kCacheTtlNs after it
    qsizetype lastTool = -1; // the tool this agent called last in the session (index into its tools)
};

struct Session
{
    QString id;
    QString user;
    QString task;
    int turnsLeft = 0;
    qint64 busyUntilNs = 0; // a user waits for the answer before the next turn
    Conversation main;
    Conversation sub; // the researcher's thread in a research session
};

// A stream of runs of one profile: its own random sequences and sessions, so streams are independent of
// each other and of how often the fleet is stepped.
struct Stream
{
    Stream(int profileId, quint64 contentSeed, quint64 idSeed)
        : profile(profileId)
        , rng(contentSeed)
        , ids(idSeed)
    {}

    int profile;
    Rng rng; // everything users see: sizes, models, users, failures
    Rng ids; // trace, span, session, response and tool-call ids
    qint64 nextArrivalNs = 0;
    qint64 activeUntilNs = LLONG_MAX;
    bool done = false;
    qint64 systemCachedNs[2] = {}; // last call of this stream's agent / sub-agent: a shared system prompt
    std::vector<Session> sessions;
};

struct ProfiledSpan
{
    int profile; // decides the resource (service) the span is reported under
    Span span;
};

struct Run
{
    qint64 endNs = 0;
    quint64 order = 0;
    std::vector<ProfiledSpan> spans;
};

struct Totals
{
    qint64 input = 0;
    qint64 output = 0;
};

class RunBuilder
{
public:
    RunBuilder(Stream &stream, const QSet<QString> &stopped)
        : m_stream(stream)
        , m_rng(stream.rng)
        , m_ids(stream.ids)
        , m_stopped(stopped)
    {}

    Run build(qint64 startNs, Session &session)
    {
        const Profile &p = profile(m_stream.profile);
        m_traceId = m_ids.hex(32);
        m_session = &session;
        Span root = newSpan(QString(), u"invoke_agent " % p.agent, 1, startNs);
        Totals totals;
        bool failed = false;
        const qint64 message = m_rng.skewed(p.message.lo, p.message.hi);
        const qint64 end = runAgent(m_stream.profile, session.main, 0, root.spanId,
                                    startNs + m_rng.between(5, 80) * kMs, message, totals, &failed, nullptr);
        root.endNs = end + m_rng.between(5, 60) * kMs;
        Attributes &a = root.attributes;
        a.insert(QStringLiteral("gen_ai.operation.name"), text(u"invoke_agent"));
        a.insert(QStringLiteral("gen_ai.agent.id"), text(p.agent));
        a.insert(QStringLiteral("gen_ai.agent.name"), text(p.agent));
        a.insert(QStringLiteral("app.feature"), text(p.feature));
        a.insert(QStringLiteral("user.id"), text(session.user));
        a.insert(QStringLiteral("session.id"), text(session.id));
        a.insert(QStringLiteral("app.task.id"), text(session.task));
        a.insert(QStringLiteral("app.tags"), list({QStringLiteral("demo"), p.team.toString()}));
        // Totals as agent frameworks report them; Burnrate must not count them a second time.
        a.insert(QStringLiteral("gen_ai.usage.input_tokens"), integer(totals.input));
        a.insert(QStringLiteral("gen_ai.usage.output_tokens"), integer(totals.output));
        if (failed) {
            root.statusCode = 2;
            a.insert(QStringLiteral("error.type"), text(u"model_call_failed"));
        }
        m_run.spans.insert(m_run.spans.begin(), ProfiledSpan{m_stream.profile, std::move(root)});
        m_run.endNs = m_run.spans.front().span.endNs;
        return std::move(m_run);
    }

private:
    Span newSpan(const QString &parentId, const QString &name, int kind, qint64 startNs)
    {
        Span s;
        s.traceId = m_traceId;
        s.spanId = m_ids.hex(16);
        s.parentSpanId = parentId;
        s.name = name;
        s.kind = kind;
        s.startNs = startNs;
        s.endNs = startNs;
        return s;
    }

    // One agent's loop under `parentId`: model calls, each but the last followed by a tool (or a
    // delegation to the sub-agent). Returns when the agent is done; *answer is its final output.
    qint64 runAgent(int profileId, Conversation &conv, int warmSlot, const QString &parentId, qint64 t,
                    qint64 pending, Totals &totals, bool *failed, qint64 *answer)
    {
        const Profile &p = profile(profileId);
        if (!conv.model) {
            conv.model = &pickModel(m_rng, p.models);
            conv.context = p.systemTokens;
        }
        const int calls = int(m_rng.between(p.calls.lo, p.calls.hi));
        for (int i = 0; i < calls; ++i) {
            const bool last = i == calls - 1;
            qint64 output = 0;
            int attempt = 1;
            while (!modelCall(profileId, conv, warmSlot, parentId, &t, pending, last, totals, &output)) {
                if (++attempt > kMaxAttempts) {
                    *failed = true;
                    return t;
                }
                t += m_rng.between(500, 2000) * kMs; // back off, then resend the same request
            }
            if (answer)
                *answer = output;
            if (last)
                break;
            t += m_rng.between(5, 40) * kMs;
            if (profileId == ResearchOrchestrator && m_rng.percent(p.subAgentPercent) &&
                !m_stopped.contains(profile(Researcher).agent.toString())) {
                pending = delegate(parentId, &t, totals, failed);
            } else {
                pending = tool(profileId, conv, parentId, &t);
            }
            t += m_rng.between(5, 40) * kMs;
        }
        return t;
    }

    qint64 delegate(const QString &parentId, qint64 *t, Totals &totals, bool *failed)
    {
        const Profile &p = profile(Researcher);
        Span span = newSpan(parentId, u"invoke_agent " % p.agent, 1, *t);
        const qint64 request = m_rng.between(p.message.lo, p.message.hi);
        Totals own;
        qint64 answer = 0;
        bool subFailed = false;
        *t = runAgent(Researcher, m_session->sub, 1, span.spanId, *t + m_rng.between(5, 30) * kMs, request,
                      own, &subFailed, &answer) +
             m_rng.between(5, 30) * kMs;
        span.endNs = *t;
        Attributes &a = span.attributes;
        a.insert(QStringLiteral("gen_ai.operation.name"), text(u"invoke_agent"));
        a.insert(QStringLiteral("gen_ai.agent.id"), text(p.agent));
        a.insert(QStringLiteral("gen_ai.agent.name"), text(p.agent));
        a.insert(QStringLiteral("gen_ai.usage.input_tokens"), integer(own.input));
        a.insert(QStringLiteral("gen_ai.usage.output_tokens"), integer(own.output));
        if (subFailed) {
            span.statusCode = 2;
            a.insert(QStringLiteral("error.type"), text(u"model_call_failed"));
            *failed = true;
        }
        totals.input += own.input;
        totals.output += own.output;
        m_run.spans.push_back({Researcher, std::move(span)});
        return answer + 60; // the researcher's findings, wrapped in a tool result
    }

    qint64 tool(int profileId, Conversation &conv, const QString &parentId, qint64 *t)
    {
        const Profile &p = profile(profileId);
        const ModelOption &model = *conv.model;
        // A working agent moves on to another tool; only the stuck one (one tool) calls the same tool over
        // and over. Random picks would repeat one tool 4 times in 5 often enough to look like a loop.
        const qsizetype tools = qsizetype(p.tools.size());
        qsizetype pick = m_rng.between(0, tools > 1 && conv.lastTool >= 0 ? tools - 2 : tools - 1);
        if (tools > 1 && conv.lastTool >= 0 && pick >= conv.lastTool)
            ++pick;
        conv.lastTool = pick;
        const QStringView name = p.tools[size_t(pick)];
        Span span = newSpan(parentId, u"execute_tool " % name, 1, *t);
        *t += m_rng.between(p.toolMs.lo, p.toolMs.hi) * kMs;
        span.endNs = *t;
        const bool anthropic = providerOf(model) == Anthropic;
        Attributes &a = span.attributes;
        a.insert(QStringLiteral("gen_ai.operation.name"), text(u"execute_tool"));
        a.insert(QStringLiteral("gen_ai.tool.name"), text(name));
        a.insert(QStringLiteral("gen_ai.tool.type"), text(u"function"));
        a.insert(
            QStringLiteral("gen_ai.tool.call.id"),
            text(anthropic ? QString(u"toolu_01" % m_ids.base62(22)) : QString(u"call_" % m_ids.base62(24))));
        m_run.spans.push_back({profileId, std::move(span)});
        return m_rng.skewed(p.toolResult.lo, p.toolResult.hi);
    }

    // One chat span. Returns false when the call failed (it still used its input).
    bool modelCall(int profileId, Conversation &conv, int warmSlot, const QString &parentId, qint64 *t,
                   qint64 pending, bool last, Totals &totals, qint64 *answer)
    {
        const Profile &p = profile(profileId);
        const ModelOption &model = *conv.model;
        const Provider provider = providerOf(model);
        const qint64 input = std::min<qint64>(p.contextCap, conv.context + pending);

        // What the provider's prompt cache covers: this conversation's last request while warm, else the
        // system prompt this agent sent for someone else a moment ago. The newest message is never cached.
        qint64 prefix = 0;
        if (conv.lastCallNs > 0 && *t - conv.lastCallNs < kCacheTtlNs)
            prefix = conv.cachedPrefix;
        else if (m_stream.systemCachedNs[warmSlot] > 0 &&
                 *t - m_stream.systemCachedNs[warmSlot] < kCacheTtlNs)
            prefix = p.systemTokens;
        prefix = std::clamp<qint64>(input - pending, 0, prefix);
        qint64 cacheRead = 0, cacheWrite = 0;
        switch (provider) {
        case Anthropic: // explicit breakpoints: everything up to the last message is read or written
            if (input >= 1024) {
                cacheRead = prefix >= 1024 ? prefix : 0;
                cacheWrite = std::max<qint64>(0, input - cacheRead - m_rng.between(3, 30));
            }
            break;
        case OpenAI: // automatic, in 128-token steps from 1024 tokens on, not guaranteed
            if (prefix >= 1024 && m_rng.percent(90))
                cacheRead = prefix / 128 * 128;
            break;
        case Gemini: // implicit caching hits less often
            if (prefix >= 1024 && m_rng.percent(70))
                cacheRead = prefix;
            break;
        case SelfHosted:
            break;
        }

        const bool failed = m_rng.permille(kFailurePermille);
        qint64 visible = last ? m_rng.skewed(p.output.lo, p.output.hi) : m_rng.between(60, 250);
        qint64 reasoning = p.reasoningPercent * visible * m_rng.between(50, 150) / 10'000;
        const qint64 ttftMs =
            m_rng.between(250, 900) + input / 200 + reasoning * 1000 / model.tokensPerSecond;
        qint64 latencyMs = ttftMs + visible * 1000 / model.tokensPerSecond;
        QString errorType;
        if (failed) {
            const bool timeout = m_rng.percent(30);
            errorType = timeout                 ? QStringLiteral("timeout")
                        : provider == Anthropic ? QStringLiteral("overloaded_error")
                        : provider == Gemini    ? QStringLiteral("UNAVAILABLE")
                                                : QStringLiteral("server_error");
            visible = timeout ? 0 : m_rng.between(0, 120); // cut off mid-stream
            reasoning = 0;
            latencyMs =
                timeout ? m_rng.between(20'000, 30'000) : ttftMs + visible * 1000 / model.tokensPerSecond;
        }
        const qint64 output = visible + reasoning;

        Span span = newSpan(parentId, u"chat " % model.model, 3, *t);
        *t += latencyMs * kMs;
        span.endNs = *t;
        Attributes &a = span.attributes;
        a.insert(QStringLiteral("gen_ai.operation.name"), text(u"chat"));
        a.insert(QStringLiteral("gen_ai.provider.name"), text(model.provider));
        a.insert(QStringLiteral("gen_ai.request.model"), text(model.model));
        a.insert(QStringLiteral("gen_ai.request.max_tokens"), integer(8192));
        a.insert(QStringLiteral("server.address"), text(serverAddress(provider)));
        a.insert(QStringLiteral("gen_ai.usage.input_tokens"), integer(input));
        a.insert(QStringLiteral("gen_ai.usage.output_tokens"), integer(output));
        if (provider != SelfHosted)
            a.insert(QStringLiteral("gen_ai.usage.cache_read.input_tokens"), integer(cacheRead));
        if (provider == Anthropic)
            a.insert(QStringLiteral("gen_ai.usage.cache_creation.input_tokens"), integer(cacheWrite));
        if (p.reasoningPercent > 0)
            a.insert(QStringLiteral("gen_ai.usage.reasoning.output_tokens"), integer(reasoning));
        if (failed) {
            span.statusCode = 2;
            span.statusMessage = errorType == u"timeout" ? QStringLiteral("Request timed out.")
                                                         : QStringLiteral("The provider is overloaded.");
            a.insert(QStringLiteral("error.type"), text(errorType));
        } else {
            a.insert(QStringLiteral("gen_ai.response.model"), text(model.response));
            a.insert(QStringLiteral("gen_ai.response.id"), text(responseId(m_ids, provider)));
            a.insert(QStringLiteral("gen_ai.response.finish_reasons"),
                     list({last ? QStringLiteral("stop") : QStringLiteral("tool_calls")}));
            a.insert(QStringLiteral("gen_ai.response.time_to_first_chunk"), number(double(ttftMs) / 1000.0));
        }
        m_run.spans.push_back({profileId, std::move(span)});
        totals.input += input;
        totals.output += output;
        if (failed)
            return false;
        conv.context = std::min<qint64>(p.contextCap, input + output);
        conv.cachedPrefix = input;
        conv.lastCallNs = *t;
        m_stream.systemCachedNs[warmSlot] = *t;
        *answer = visible;
        return true;
    }

    Stream &m_stream;
    Rng &m_rng;
    Rng &m_ids;
    const QSet<QString> &m_stopped;
    QString m_traceId;
    Session *m_session = nullptr;
    Run m_run;
};

// The session the run at `nowNs` belongs to: most turns continue an idle open session, the rest open one.
Session &pickSession(Stream &stream, qint64 nowNs)
{
    const Profile &p = profile(stream.profile);
    std::erase_if(stream.sessions, [&](const Session &s) {
        return s.turnsLeft <= 0 || (s.busyUntilNs <= nowNs && nowNs - s.busyUntilNs > kSessionIdleNs);
    });
    if (p.turns.hi > 1 && stream.rng.percent(p.continuePercent)) {
        std::vector<int> idle;
        for (int i = 0; i < int(stream.sessions.size()); ++i) {
            if (stream.sessions[size_t(i)].busyUntilNs <= nowNs)
                idle.push_back(i);
        }
        if (!idle.empty())
            return stream.sessions[size_t(idle[size_t(stream.rng.between(0, qint64(idle.size()) - 1))])];
    }
    Session s;
    s.id = u"sess_" % stream.ids.hex(16);
    s.user = pickUser(stream.rng, stream.profile);
    s.task = p.taskPrefix % u'-' % QString::number(stream.rng.between(1000, 99'999));
    s.turnsLeft = int(stream.rng.between(p.turns.lo, p.turns.hi));
    stream.sessions.push_back(std::move(s));
    return stream.sessions.back();
}

Run buildRun(Stream &stream, qint64 startNs, const QSet<QString> &stopped)
{
    Session &session = pickSession(stream, startNs);
    Run run = RunBuilder(stream, stopped).build(startNs, session);
    --session.turnsLeft;
    session.busyUntilNs = run.endNs;
    return run;
}

// Groups the runs' spans into one resource per service, in the order they first appear.
TraceBatch assemble(std::vector<Run> &runs)
{
    TraceBatch batch;
    QHash<QStringView, int> resourceOf;
    for (Run &run : runs) {
        for (ProfiledSpan &ps : run.spans) {
            const Profile &p = profile(ps.profile);
            int index = resourceOf.value(p.service, -1);
            if (index < 0) {
                index = int(batch.resources.size());
                resourceOf.insert(p.service, index);
                ResourceSpans resource;
                resource.resource = resourceAttributes(p);
                resource.scopes.append(ScopeSpans{QStringLiteral("burnrate.demo"), QStringLiteral("1"), {}});
                batch.resources.append(std::move(resource));
            }
            batch.resources[index].scopes[0].spans.append(std::move(ps.span));
        }
    }
    return batch;
}

// Share of the live rate (parts per million) in the UTC hour `hour` (hours since the epoch): busy working
// days, quieter nights and weekends, in the local time of the machine, as a fleet serving its own office
// would be. The busy hours run at the live rate and the quiet ones keep a good part of it, so that neither
// the history's last hour nor the live fleet is three times the trailing day's mean (the anomaly
// detector's factor): the demo's anomaly is its burst, not its start.
qint64 historyPpm(qint64 hour)
{
    static constexpr int byHour[24] = {40, 38, 36,  36, 38, 45, 55, 70, 85, 95, 100, 100,
                                       92, 95, 100, 95, 88, 78, 68, 60, 54, 50, 46,  42};
    const QDateTime utc = QDateTime::fromSecsSinceEpoch(hour * 3600, QTimeZone::utc());
    const qint64 local = hour + QTimeZone::systemTimeZone().offsetFromUtc(utc) / 3600;
    const qint64 day = local / 24;
    const bool weekend = (day + 3) % 7 >= 5; // 1970-01-01 was a Thursday
    return qint64(byHour[local % 24]) * kHistoryPercent * (weekend ? 70 : 100);
}

// The mean gap between runs at `ppm` of the profile's live rate.
qint64 meanGapNs(int runsPerHour, qint64 ppm = kPpm)
{
    return kHour * kPpm / (qint64(runsPerHour) * ppm);
}

} // namespace

struct DemoFleet::Live
{
    std::vector<Stream> streams;
    std::vector<Run> pending;
    qint64 lastNowNs = 0;
    quint64 runCount = 0;
};

DemoFleet::DemoFleet(quint64 seed, qint64 startNs)
    : m_seed(seed)
    , m_startNs(startNs)
    , m_live(std::make_unique<Live>())
{
    m_live->lastNowNs = startNs;
    const quint64 idSeed = mix(seed, quint64(startNs));
    for (int id : kNormalProfiles)
        m_live->streams.emplace_back(id, mix(seed, quint64(id)), mix(idSeed, quint64(id)));
    m_live->streams.emplace_back(CodeReviewLoop, mix(seed, CodeReviewLoop), mix(idSeed, CodeReviewLoop));
    m_live->streams.emplace_back(ExtractionBurst, mix(seed, ExtractionBurst), mix(idSeed, ExtractionBurst));
    for (Stream &s : m_live->streams) {
        const Profile &p = profile(s.profile);
        if (s.profile == CodeReviewLoop) {
            s.nextArrivalNs = startNs + kLoopStartNs;
        } else if (s.profile == ExtractionBurst) {
            s.nextArrivalNs = startNs + kBurstStartNs + s.rng.waitNs(meanGapNs(p.runsPerHour));
            s.activeUntilNs = startNs + kBurstEndNs;
        } else {
            s.nextArrivalNs = startNs + s.rng.waitNs(meanGapNs(p.runsPerHour));
        }
    }
}

DemoFleet::~DemoFleet() = default;

TraceBatch DemoFleet::step(qint64 nowNs)
{
    Live &live = *m_live;
    if (nowNs <= live.lastNowNs)
        return {};
    live.lastNowNs = nowNs;
    for (Stream &s : live.streams) {
        const Profile &p = profile(s.profile);
        const bool loop = s.profile == CodeReviewLoop;
        const bool stopped = m_stopped.contains(p.agent.toString());
        while (!s.done && s.nextArrivalNs <= nowNs && s.nextArrivalNs < s.activeUntilNs) {
            const qint64 at = s.nextArrivalNs;
            if (!loop)
                s.nextArrivalNs = at + s.rng.waitNs(meanGapNs(p.runsPerHour));
            if (stopped)
                continue;
            Run run = buildRun(s, at, m_stopped);
            run.order = live.runCount++;
            if (loop)
                s.nextArrivalNs = run.endNs + s.rng.between(300, 1500) * kMs; // straight back in
            live.pending.push_back(std::move(run));
        }
    }

    std::vector<Run> done;
    auto split = std::stable_partition(live.pending.begin(), live.pending.end(),
                                       [&](const Run &r) { return r.endNs > nowNs; });
    std::move(split, live.pending.end(), std::back_inserter(done));
    live.pending.erase(split, live.pending.end());
    std::sort(done.begin(), done.end(), [](const Run &l, const Run &r) {
        return l.endNs != r.endNs ? l.endNs < r.endNs : l.order < r.order;
    });
    return assemble(done);
}

TraceBatch DemoFleet::backfill(qint64 fromNs, qint64 toNs) const
{
    std::vector<Run> runs;
    const QSet<QString> nobodyStopped;
    for (qint64 hour = fromNs / kHour; hour * kHour < toNs; ++hour) {
        const qint64 ppm = historyPpm(hour);
        for (int id : kNormalProfiles) {
            const quint64 key = mix(mix(m_seed, quint64(hour)), quint64(id));
            Stream s(id, mix(key, 1), mix(key, 2));
            const qint64 gap = meanGapNs(profile(id).runsPerHour, ppm);
            for (qint64 at = hour * kHour + s.rng.waitNs(gap); at < (hour + 1) * kHour;
                 at += s.rng.waitNs(gap)) {
                // Every run of the hour is built, so the random sequences do not depend on the range.
                Run run = buildRun(s, at, nobodyStopped);
                if (at >= fromNs && at < toNs)
                    runs.push_back(std::move(run));
            }
        }
    }
    return assemble(runs);
}

void DemoFleet::stopAgent(const QString &agentId)
{
    m_stopped.insert(agentId);
    // The stuck task was killed; a resumed agent does not pick it up again.
    for (Stream &s : m_live->streams) {
        if (s.profile == CodeReviewLoop && profile(s.profile).agent == agentId)
            s.done = true;
    }
}

void DemoFleet::resumeAgent(const QString &agentId)
{
    m_stopped.remove(agentId);
}

QStringList DemoFleet::agentIds() const
{
    QStringList ids;
    for (int id = 0; id < ProfileCount; ++id) {
        const QString agent = profile(id).agent.toString();
        if (!ids.contains(agent))
            ids.append(agent);
    }
    return ids;
}

QString DemoFleet::loopingAgent() const
{
    return profile(CodeReviewLoop).agent.toString();
}

QString DemoFleet::loopingTool() const
{
    return kLoopTools[0].toString();
}

QString DemoFleet::burstFeature() const
{
    return profile(ExtractionBurst).feature.toString();
}

QString DemoFleet::unpricedModel() const
{
    return kExtractorModels[1].model.toString();
}

} // namespace Burnrate::Demo
