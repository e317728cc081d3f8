// bench_budgets: what evaluating the budgets and every anomaly scope costs after an ingest batch (issue 5
// §8: 200 budgets, 10M events stored, target ≤ 5 ms). Opens a database made by bench_report (copy it first:
// this benchmark adds its budgets and alerts to it), adds 200 budgets of every period, several time zones
// and the rollup's scopes, then repeats: one batch of events at "now" through the real StorageWriter, its
// commit signal delivered to the real BudgetMonitor, and one BudgetMonitor::evaluate() timed. "Now" is the
// data set's last event and moves 2 s per batch. Beside it, the previous full computation
// (budgetStatuses over the database) of the same budgets, for comparison.
//
//   bench_report --events 10000000 --data-dir DIR && cp DIR/events-10000000-schema*.sqlite copy.sqlite
//   bench_budgets --db copy.sqlite [--budgets 200] [--batches 60] [--batch-events 500] [--user-budgets 0]
#include "budgets/budgetmonitor.h"
#include "budgets/budgetstatus.h"
#include "common/timeutil.h"
#include "pricing/pricetable.h"
#include "storage/storagewriter.h"
#include "workload.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSqlQuery>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Burnrate;

namespace {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

QStringList distinctValues(const QSqlDatabase &db, const QString &column)
{
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT DISTINCT %1 FROM rollup_hourly WHERE %1 <> '' LIMIT 50").arg(column));
    QStringList values;
    while (q.next())
        values << q.value(0).toString();
    return values;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Budget and anomaly evaluation after each ingest batch."));
    parser.addHelpOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"), QStringLiteral("A copy of a bench_report database."), QStringLiteral("PATH"));
    const QCommandLineOption budgetsOption(QStringLiteral("budgets"), QStringLiteral("Budgets to evaluate."),
                                           QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption userOption(QStringLiteral("user-budgets"),
                                        QStringLiteral("Of them, budgets scoped to a user (read from the raw "
                                                       "events: the rollup keeps no users)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption batchesOption(QStringLiteral("batches"), QStringLiteral("Timed batches."),
                                           QStringLiteral("N"), QStringLiteral("60"));
    const QCommandLineOption batchEventsOption(QStringLiteral("batch-events"),
                                               QStringLiteral("Events per batch."), QStringLiteral("N"),
                                               QStringLiteral("500"));
    parser.addOptions({dbOption, budgetsOption, userOption, batchesOption, batchEventsOption});
    parser.process(app);
    const QString path = parser.value(dbOption);
    const int budgetCount = parser.value(budgetsOption).toInt();
    const int userBudgets = std::clamp(parser.value(userOption).toInt(), 0, budgetCount);
    const int batches = std::max(1, parser.value(batchesOption).toInt());
    const int batchEvents = std::max(1, parser.value(batchEventsOption).toInt());
    if (path.isEmpty()) {
        std::fprintf(stderr, "bench_budgets: give --db PATH (a copy of a bench_report database)\n");
        return 2;
    }

    Error error;
    auto store = Budgets::BudgetStore::open(path, false, &error); // migrates the copy to this build's schema
    if (!store) {
        std::fprintf(stderr, "bench_budgets: %s\n", qPrintable(error.message));
        return 1;
    }
    const QSqlDatabase db = store->database();
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT max(ts_start_ns), count(*) FROM usage_events"));
    q.next();
    qint64 nowNs = q.value(0).toLongLong() + 1;
    const qint64 stored = q.value(1).toLongLong();

    // The budgets: every period, four zones (one with a half-hour offset), the rollup's scopes.
    q.exec(QStringLiteral("DELETE FROM budgets WHERE name LIKE 'bench-%'"));
    const QStringList providers = distinctValues(db, QStringLiteral("provider"));
    const QStringList models = distinctValues(db, QStringLiteral("model"));
    const QStringList features = distinctValues(db, QStringLiteral("feature"));
    const QStringList agents = distinctValues(db, QStringLiteral("agent_id"));
    QSqlQuery users(db);
    users.exec(QStringLiteral("SELECT DISTINCT user_id FROM usage_events WHERE ts_start_ns >= %1 LIMIT 20")
                   .arg(nowNs - Time::kNanosPerHour));
    QStringList userIds;
    while (users.next())
        userIds << users.value(0).toString();
    const QList<QTimeZone> zones = {QTimeZone::utc(), QTimeZone("Europe/Berlin"),
                                    QTimeZone("America/New_York"), QTimeZone("Asia/Kolkata")};
    QList<Budgets::Budget> budgets;
    for (int i = 0; i < budgetCount; ++i) {
        Budgets::Budget b;
        b.name = QStringLiteral("bench-%1").arg(i, 3, 10, QChar(u'0'));
        b.period = Budgets::Period(i % 3);
        b.zone = zones.at((i / 3) % zones.size());
        const auto value = [&](const QStringList &list) {
            return list.value(i % std::max(1, int(list.size())));
        };
        switch (i < userBudgets ? 5 : i % 5) {
        case 0:
            break; // all spend
        case 1:
            b.scope = {Budgets::Dimension::Provider, value(providers)};
            break;
        case 2:
            b.scope = {Budgets::Dimension::Model, value(models)};
            break;
        case 3:
            b.scope = {Budgets::Dimension::Feature, value(features)};
            break;
        case 4:
            b.scope = {Budgets::Dimension::Agent, value(agents)};
            break;
        default:
            b.scope = {Budgets::Dimension::User, value(userIds)};
            break;
        }
        if (b.scope.dimension != Budgets::Dimension::All && b.scope.value.isEmpty())
            b.scope = {};
        b.limitMicros = 1'000'000'000'000; // high: the benchmark measures evaluation, not alert writes
        b.forecastAlert = i % 2 == 0;
        if (!store->addBudget(b, nowNs, &error)) {
            std::fprintf(stderr, "bench_budgets: %s\n", qPrintable(error.message));
            return 1;
        }
        budgets.append(b);
    }

    // The previous full computation, for comparison (warm: run twice, time the second).
    QElapsedTimer timer;
    budgetStatuses(db, budgets, nowNs, &error);
    timer.start();
    const auto full = budgetStatuses(db, budgets, nowNs, &error);
    const double fullMs = double(timer.nsecsElapsed()) / 1e6;
    if (!full) {
        std::fprintf(stderr, "bench_budgets: %s\n", qPrintable(error.message));
        return 1;
    }

    Storage::StorageWriter writer(path);
    if (!writer.start(&error)) {
        std::fprintf(stderr, "bench_budgets: %s\n", qPrintable(error.message));
        return 1;
    }
    Budgets::BudgetMonitor::Options options;
    options.databasePath = path;
    options.clock = [&nowNs] { return nowNs; };
    options.coalesce = std::chrono::hours(1); // only the evaluations this benchmark runs
    options.interval = std::chrono::hours(1);
    Budgets::BudgetMonitor monitor(options);
    timer.restart();
    if (!monitor.start(&error)) {
        std::fprintf(stderr, "bench_budgets: %s\n", qPrintable(error.message));
        return 1;
    }
    const double startMs = double(timer.nsecsElapsed()) / 1e6;
    monitor.watch(&writer);
    QObject::connect(&monitor, &Budgets::BudgetMonitor::evaluationFailed, [](const Error &e) {
        std::fprintf(stderr, "bench_budgets: evaluation failed: %s\n", qPrintable(e.message));
    });
    timer.restart();
    monitor.evaluate(); // the first: loads the periods' hours
    const double firstMs = double(timer.nsecsElapsed()) / 1e6;

    const std::shared_ptr<const Pricing::PriceTable> prices = Bench::shippedPrices();
    Bench::Workload workload(99);
    std::vector<double> times;
    QEventLoop loop;
    for (int b = 0; b < batches; ++b) {
        nowNs += 2 * Time::kNanosPerSecond;
        QList<Model::UsageEvent> events;
        for (int i = 0; i < batchEvents; ++i) {
            Model::UsageEvent e = workload.nextEvent(nowNs - 2 * Time::kNanosPerSecond + i * 1000);
            prices->apply(e);
            events.append(std::move(e));
        }
        writer.submit(std::move(events), &loop, [&loop](const Storage::WriteResult &) { loop.quit(); });
        loop.exec();
        QCoreApplication::processEvents(); // the commit's eventsStored, queued to the monitor
        timer.restart();
        monitor.evaluate();
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    writer.stop();

    // The index's result equals the full computation at the end (a check, not a timing).
    Budgets::SpendIndex index(db);
    index.refresh(&error);
    const auto fromIndex = budgetStatuses(index, budgets, nowNs, &error);
    const auto fromDb = budgetStatuses(db, budgets, nowNs, &error);
    int mismatches = 0;
    for (qsizetype i = 0; fromIndex && fromDb && i < budgets.size(); ++i)
        mismatches += fromIndex->at(i).spentMicros != fromDb->at(i).spentMicros;

    std::printf("result events=%lld budgets=%d user_budgets=%d batches=%d batch_events=%d "
                "monitor_start_ms=%.1f first_evaluation_ms=%.1f evaluation_median_ms=%.2f "
                "evaluation_p90_ms=%.2f evaluation_max_ms=%.2f full_computation_ms=%.1f mismatches=%d\n",
                static_cast<long long>(stored), budgetCount, userBudgets, batches, batchEvents, startMs,
                firstMs, percentile(times, 0.5), percentile(times, 0.9), percentile(times, 1.0), fullMs,
                mismatches);
    return mismatches == 0 ? 0 : 1;
}
