// `burnrate budget list|add|remove` and `burnrate alerts` as a user runs them: output, exit codes and
// messages.
#include "burnraterun.h"

#include "budgets/budgetstore.h"
#include "common/timeutil.h"
#include "storage/storagewriter.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;

class TestBudgetCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void addListRemove();
    void listShowsSpendAndState();
    void badArguments_data();
    void badArguments();
    void alertsJson();
    void tablesSpeakTheUsersLanguage_data();
    void tablesSpeakTheUsersLanguage();
    void noDatabase();

private:
    Run run(QStringList arguments);
    QString db() const { return m_dir->filePath(QStringLiteral("burnrate.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestBudgetCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

Run TestBudgetCli::run(QStringList arguments)
{
    arguments << QStringLiteral("--db") << db();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    return runBurnrate(arguments, env);
}

void TestBudgetCli::addListRemove()
{
    Run r = run({QStringLiteral("budget"), QStringLiteral("add"), QStringLiteral("--name"),
                 QStringLiteral("daily"), QStringLiteral("--limit"), QStringLiteral("25"),
                 QStringLiteral("--period"), QStringLiteral("day"), QStringLiteral("--scope"),
                 QStringLiteral("agent=research-agent"), QStringLiteral("--tiers"), QStringLiteral("50,100"),
                 QStringLiteral("--tz"), QStringLiteral("Europe/Berlin"), QStringLiteral("--webhook"),
                 QStringLiteral("https://hooks.example.com/services/T/B/secret"), QStringLiteral("--kill"),
                 QStringLiteral("enforce")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"daily"), qPrintable(r.out));
    r = run({QStringLiteral("budget"), QStringLiteral("add"), QStringLiteral("--name"),
             QStringLiteral("monthly"), QStringLiteral("--limit"), QStringLiteral("$500"),
             QStringLiteral("--period"), QStringLiteral("month")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = run({QStringLiteral("budget"), QStringLiteral("add"), QStringLiteral("--name"),
             QStringLiteral("daily"), QStringLiteral("--limit"), QStringLiteral("5"),
             QStringLiteral("--period"), QStringLiteral("day")});
    // A name in use is not a mistake in the command line but a conflict with what is stored: exit 1, one
    // line naming the budget, and the stored budget is left as it was.
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"'daily' exists already"), qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count(u'\n'), 0);

    r = run({QStringLiteral("budget"), QStringLiteral("list"), QStringLiteral("--format"),
             QStringLiteral("json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QJsonParseError parseError;
    const QJsonArray list = QJsonDocument::fromJson(r.out.toUtf8(), &parseError).array();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(r.out));
    QCOMPARE(list.size(), 2);
    const QJsonObject daily = list.at(0).toObject();
    QCOMPARE(daily.value(QLatin1StringView("name")).toString(), u"daily");
    QCOMPARE(daily.value(QLatin1StringView("scope")).toString(), u"agent=research-agent");
    QCOMPARE(daily.value(QLatin1StringView("period")).toString(), u"day");
    QCOMPARE(daily.value(QLatin1StringView("tz")).toString(), u"Europe/Berlin");
    QCOMPARE(daily.value(QLatin1StringView("limit_usd")).toDouble(), 25.0);
    QCOMPARE(daily.value(QLatin1StringView("tiers")).toArray(), (QJsonArray{50, 100}));
    QCOMPARE(daily.value(QLatin1StringView("spent_usd")).toDouble(), 0.0);
    QCOMPARE(daily.value(QLatin1StringView("fired_tiers")).toArray(), QJsonArray());
    QCOMPARE(daily.value(QLatin1StringView("kill_action")).toString(), u"enforce");
    // Only the webhook's host is shown: its path is a secret.
    QCOMPARE(daily.value(QLatin1StringView("webhook_host")).toString(), u"hooks.example.com");
    QVERIFY(!r.out.contains(u"secret"));
    QCOMPARE(list.at(1).toObject().value(QLatin1StringView("scope")).toString(), u"all");
    QCOMPARE(list.at(1).toObject().value(QLatin1StringView("limit_usd")).toDouble(), 500.0);
    QCOMPARE(list.at(1).toObject().value(QLatin1StringView("kill_action")).toString(), u"none");
    r = run({QStringLiteral("budget"), QStringLiteral("list")});
    QVERIFY2(r.out.contains(u"KILL") && r.out.contains(u"enforce"), qPrintable(r.out));

    r = run({QStringLiteral("budget"), QStringLiteral("remove"), QStringLiteral("daily")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = run({QStringLiteral("budget"), QStringLiteral("remove"), QStringLiteral("daily")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"no budget named 'daily'"), qPrintable(r.err));
    r = run({QStringLiteral("budget"), QStringLiteral("list"), QStringLiteral("--format"),
             QStringLiteral("json")});
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 1);
}

void TestBudgetCli::listShowsSpendAndState()
{
    Run r =
        run({QStringLiteral("budget"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("d"),
             QStringLiteral("--limit"), QStringLiteral("10"), QStringLiteral("--period"),
             QStringLiteral("day"), QStringLiteral("--tz"), QStringLiteral("UTC")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const qint64 now = Time::nowNs();
    const qint64 dayStart = Time::toNs(QDateTime::currentDateTimeUtc().date().startOfDay(QTimeZone::utc()));
    {
        Storage::StorageWriter writer(db());
        Error error;
        QVERIFY2(writer.start(&error), qPrintable(error.message));
        Model::UsageEvent e;
        e.eventId = QStringLiteral("t:1");
        e.startNs = std::max(dayStart, now - Time::kNanosPerHour);
        e.endNs = e.startNs + 1;
        e.costMicros = 7'500'000;
        e.costSource = Model::CostSource::Computed;
        bool done = false;
        writer.submit({e}, this, [&done](const Storage::WriteResult &) { done = true; });
        QTRY_VERIFY(done);
    }
    // Before any Burnrate evaluated it, the list says the spend is past the 70 % tier, not "under all tiers".
    r = run({QStringLiteral("budget"), QStringLiteral("list")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"at 70 %, not alerted yet"), qPrintable(r.out));
    {
        Error error;
        // The tier state as the monitor leaves it after the crossing.
        auto store = Budgets::BudgetStore::open(db(), false, &error);
        const auto budgets = store->budgets(&error);
        QCOMPARE(budgets->size(), 1);
        const Budgets::Evaluation ev =
            Budgets::evaluate(budgets->at(0), Budgets::TierState(), 7'500'000, now);
        QVERIFY(store->saveState(budgets->at(0).id, ev.state, &error));
    }
    r = run({QStringLiteral("budget"), QStringLiteral("list"), QStringLiteral("--format"),
             QStringLiteral("json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject d = QJsonDocument::fromJson(r.out.toUtf8()).array().at(0).toObject();
    QCOMPARE(d.value(QLatin1StringView("spent_usd")).toDouble(), 7.5);
    QCOMPARE(d.value(QLatin1StringView("percent_of_limit")).toDouble(), 75.0);
    QCOMPARE(d.value(QLatin1StringView("fired_tiers")).toArray(), QJsonArray{70});
    r = run({QStringLiteral("budget"), QStringLiteral("list")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"NAME") && r.out.contains(u"75.0") && r.out.contains(u"fired: 70 %"),
             qPrintable(r.out));
}

void TestBudgetCli::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QStringList add{QStringLiteral("budget"), QStringLiteral("add"),      QStringLiteral("--name"),
                          QStringLiteral("x"),      QStringLiteral("--period"), QStringLiteral("day")};
    QTest::newRow("tiers") << (add + QStringList{QStringLiteral("--limit"), QStringLiteral("5"),
                                                 QStringLiteral("--tiers"), QStringLiteral("70,abc")})
                           << QStringLiteral("--tiers: Cannot read the tiers '70,abc'");
    QTest::newRow("tiers descending")
        << (add + QStringList{QStringLiteral("--limit"), QStringLiteral("5"), QStringLiteral("--tiers"),
                              QStringLiteral("100,70")})
        << QStringLiteral("--tiers: The tiers must be in ascending order");
    QTest::newRow("limit") << (add + QStringList{QStringLiteral("--limit"), QStringLiteral("lots")})
                           << QStringLiteral("--limit: Cannot read the limit 'lots'");
    QTest::newRow("limit zero") << (add + QStringList{QStringLiteral("--limit"), QStringLiteral("0")})
                                << QStringLiteral("--limit: The limit must be more than $0.");
    QTest::newRow("tz") << (add + QStringList{QStringLiteral("--limit"), QStringLiteral("5"),
                                              QStringLiteral("--tz"), QStringLiteral("Mars/Olympus")})
                        << QStringLiteral("--tz: Unknown time zone 'Mars/Olympus'");
    QTest::newRow("webhook") << (add + QStringList{QStringLiteral("--limit"), QStringLiteral("5"),
                                                   QStringLiteral("--webhook"),
                                                   QStringLiteral("http://example.com/x")})
                             << QStringLiteral("--webhook:");
    QTest::newRow("kill") << (add + QStringList{QStringLiteral("--limit"), QStringLiteral("5"),
                                                QStringLiteral("--kill"), QStringLiteral("always")})
                          << QStringLiteral(
                                 "--kill: Unknown kill action 'always'. Use none, observe or enforce.");
    QTest::newRow("missing limit") << add << QStringLiteral("--limit is required");
    QTest::newRow("no action") << QStringList{QStringLiteral("budget")}
                               << QStringLiteral("list, add or remove");
    QTest::newRow("alerts format") << QStringList{QStringLiteral("alerts"), QStringLiteral("--format"),
                                                  QStringLiteral("csv")}
                                   << QStringLiteral("unknown format 'csv'");
    QTest::newRow("alerts since") << QStringList{QStringLiteral("alerts"), QStringLiteral("--since"),
                                                 QStringLiteral("soon")}
                                  << QStringLiteral("--since:");
}

void TestBudgetCli::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run r = run(arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY2(r.err.startsWith(u"burnrate "), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(db())); // nothing was created
}

void TestBudgetCli::alertsJson()
{
    Error error;
    {
        auto store = Budgets::BudgetStore::open(db(), false, &error);
        QVERIFY2(store, qPrintable(error.message));
        Budgets::Budget b;
        b.name = QStringLiteral("daily");
        b.limitMicros = 10'000'000;
        QVERIFY(store->addBudget(b, 1, &error));
        Budgets::Alert tier;
        tier.budgetId = b.id;
        tier.budgetName = b.name;
        tier.tier = 70;
        tier.scope = QStringLiteral("all");
        tier.valueMicros = 7'000'000;
        tier.limitMicros = 10'000'000;
        tier.firedAtNs = Time::nowNs() - Time::kNanosPerHour;
        tier.message = QStringLiteral("Budget 'daily' reached 70 %.");
        Budgets::Alert anomaly;
        anomaly.kind = Budgets::Alert::Kind::Anomaly;
        anomaly.scope = QStringLiteral("agent=burst");
        anomaly.valueMicros = 6'000'000;
        anomaly.limitMicros = 1'000'000;
        anomaly.firedAtNs = Time::nowNs() - 10 * Time::kNanosPerSecond;
        Budgets::Alert old = anomaly;
        old.firedAtNs = Time::nowNs() - 30 * 24 * Time::kNanosPerHour;
        Budgets::Alert loop; // as BudgetMonitor::loopAlert makes them (tst_budgetmonitor checks that)
        loop.kind = Budgets::Alert::Kind::Loop;
        loop.scope = QStringLiteral("agent=code-review");
        loop.firedAtNs = Time::nowNs() - 5 * Time::kNanosPerSecond;
        loop.message = QStringLiteral("Agent code-review looks stuck in a loop (session s-1).");
        loop.detail = {{QStringLiteral("agent"), QStringLiteral("code-review")},
                       {QStringLiteral("session"), QStringLiteral("s-1")},
                       {QStringLiteral("trace_ids"), QJsonArray{QStringLiteral("ab12")}}};
        QList<Budgets::Alert> alerts{old, tier, anomaly, loop};
        QVERIFY(store->appendAlerts(alerts, &error));
        QVERIFY(store->acknowledgeAlert(alerts.at(1).id, &error));
    }
    Run r = run({QStringLiteral("alerts"), QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonArray list = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QCOMPARE(list.size(), 3); // the default --since is 7d
    const QJsonObject tier = list.at(0).toObject();
    // Every alert has the same fields, whatever its kind; an amount it does not have is null.
    for (const QJsonValue &alert : list) {
        for (const char *field : {"id", "kind", "budget", "tier", "scope", "value_usd", "limit_usd",
                                  "baseline_usd", "fired_at", "acknowledged", "message", "detail"})
            QVERIFY2(alert.toObject().contains(QLatin1StringView(field)), field);
        QCOMPARE(alert.toObject().size(), 12);
    }
    QCOMPARE(tier.value(QLatin1StringView("kind")).toString(), u"budget");
    QCOMPARE(tier.value(QLatin1StringView("budget")).toString(), u"daily");
    QCOMPARE(tier.value(QLatin1StringView("tier")).toInt(), 70);
    QCOMPARE(tier.value(QLatin1StringView("value_usd")).toDouble(), 7.0);
    QCOMPARE(tier.value(QLatin1StringView("limit_usd")).toDouble(), 10.0);
    QVERIFY(tier.value(QLatin1StringView("baseline_usd")).isNull()); // a budget has a limit, no baseline
    QVERIFY(tier.value(QLatin1StringView("acknowledged")).toBool());
    QVERIFY(tier.value(QLatin1StringView("fired_at")).toString().endsWith(u'Z'));
    const QJsonObject anomaly = list.at(1).toObject();
    QCOMPARE(anomaly.value(QLatin1StringView("kind")).toString(), u"anomaly");
    QVERIFY(anomaly.value(QLatin1StringView("budget")).isNull());
    QVERIFY(anomaly.value(QLatin1StringView("tier")).isNull());
    QCOMPARE(anomaly.value(QLatin1StringView("scope")).toString(), u"agent=burst");
    // An anomaly compares the last hour with the usual spend per hour: a baseline, not a limit.
    QCOMPARE(anomaly.value(QLatin1StringView("value_usd")).toDouble(), 6.0);
    QCOMPARE(anomaly.value(QLatin1StringView("baseline_usd")).toDouble(), 1.0);
    QVERIFY(anomaly.value(QLatin1StringView("limit_usd")).isNull());
    QVERIFY(!anomaly.value(QLatin1StringView("acknowledged")).toBool());
    const QJsonObject loop = list.at(2).toObject();
    QCOMPARE(loop.value(QLatin1StringView("kind")).toString(), u"loop");
    QCOMPARE(loop.value(QLatin1StringView("scope")).toString(), u"agent=code-review");
    // A loop is about repeated calls, not an amount: null, not 0.0, which would read as "spent nothing".
    for (const char *amount : {"value_usd", "limit_usd", "baseline_usd"})
        QVERIFY2(loop.value(QLatin1StringView(amount)).isNull(), amount);
    QVERIFY2(r.out.contains(u"\"value_usd\": null"), qPrintable(r.out));
    const QJsonObject detail = loop.value(QLatin1StringView("detail")).toObject();
    QCOMPARE(detail.value(QLatin1StringView("session")).toString(), u"s-1");
    QCOMPARE(detail.value(QLatin1StringView("trace_ids")).toArray(), QJsonArray{u"ab12"_qs});

    r = run({QStringLiteral("alerts"), QStringLiteral("--since"), QStringLiteral("60d"),
             QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 4);
    r = run({QStringLiteral("alerts")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"reached 70 %") && r.out.contains(u"Anomaly"), qPrintable(r.out));
}

void TestBudgetCli::tablesSpeakTheUsersLanguage_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QStringList>("budgetWords"); // the period and the scope in `budget list`
    QTest::addColumn<QStringList>("alertWords");  // the kinds in `alerts`
    QTest::addColumn<QString>("added");           // what `budget add` says
    QTest::newRow("en") << QStringLiteral("en") << QStringList{u"Monthly"_qs, u"Agent: research"_qs}
                        << QStringList{u"Budget"_qs, u"Anomaly"_qs, u"Loop"_qs, u"Forecast"_qs}
                        << QStringLiteral("Added budget 'm' (Agent: research): $500.00 per month");
    QTest::newRow("de") << QStringLiteral("de") << QStringList{u"Monatlich"_qs, u"Agent: research"_qs}
                        << QStringList{u"Budget"_qs, u"Anomalie"_qs, u"Schleife"_qs, u"Prognose"_qs}
                        << QStringLiteral("Budget „m“ angelegt (Agent: research): 500,00\u00a0$ pro Monat");
}

// Alert kinds and budget periods are words of the user's language in tables and messages; JSON keeps the
// identifiers scripts match on.
void TestBudgetCli::tablesSpeakTheUsersLanguage()
{
    QFETCH(QString, language);
    QFETCH(QStringList, budgetWords);
    QFETCH(QStringList, alertWords);
    QFETCH(QString, added);
    const QString config = m_dir->filePath(QStringLiteral("burnrate.conf"));
    {
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[ui]\nlanguage=" + language.toUtf8() + "\n");
    }
    Run r = run({QStringLiteral("budget"), QStringLiteral("add"), QStringLiteral("--config"), config,
                 QStringLiteral("--name"), QStringLiteral("m"), QStringLiteral("--limit"),
                 QStringLiteral("500"), QStringLiteral("--period"), QStringLiteral("month"),
                 QStringLiteral("--scope"), QStringLiteral("agent=research")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(added), qPrintable(r.out));
    Error error;
    {
        auto store = Budgets::BudgetStore::open(db(), false, &error);
        QVERIFY2(store, qPrintable(error.message));
        QList<Budgets::Alert> alerts;
        for (Budgets::Alert::Kind kind : {Budgets::Alert::Kind::Budget, Budgets::Alert::Kind::Anomaly,
                                          Budgets::Alert::Kind::Loop, Budgets::Alert::Kind::Forecast}) {
            Budgets::Alert a;
            a.kind = kind;
            a.scope = QStringLiteral("all");
            a.firedAtNs = Time::nowNs() - Time::kNanosPerSecond;
            a.message = QStringLiteral("-");
            alerts << a;
        }
        QVERIFY(store->appendAlerts(alerts, &error));
    }
    r = run({QStringLiteral("budget"), QStringLiteral("list"), QStringLiteral("--config"), config});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const QString &word : std::as_const(budgetWords))
        QVERIFY2(r.out.contains(word), qPrintable(word + u" not in:\n" + r.out));
    QVERIFY2(!r.out.contains(u"month") && !r.out.contains(u"agent="), qPrintable(r.out));
    r = run({QStringLiteral("alerts"), QStringLiteral("--config"), config});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const QString &word : std::as_const(alertWords))
        QVERIFY2(r.out.contains(word), qPrintable(word + u" not in:\n" + r.out));
    for (const char *identifier : {"anomaly", "loop", "forecast"})
        QVERIFY2(!r.out.contains(QLatin1StringView(identifier)), qPrintable(r.out));

    r = run({QStringLiteral("budget"), QStringLiteral("list"), QStringLiteral("--config"), config,
             QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().at(0)[u"period"_qs].toString(), u"month"_qs);
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().at(0)[u"scope"_qs].toString(),
             u"agent=research"_qs);
    r = run({QStringLiteral("alerts"), QStringLiteral("--config"), config, QStringLiteral("--format"),
             QStringLiteral("json")});
    QStringList kinds;
    for (const QJsonValue &alert : QJsonDocument::fromJson(r.out.toUtf8()).array())
        kinds << alert[u"kind"_qs].toString();
    QCOMPARE(kinds, (QStringList{u"budget"_qs, u"anomaly"_qs, u"loop"_qs, u"forecast"_qs}));
}

void TestBudgetCli::noDatabase()
{
    Run r = run({QStringLiteral("budget"), QStringLiteral("list"), QStringLiteral("--format"),
                 QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.trimmed(), u"[]");
    r = run({QStringLiteral("alerts"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.trimmed(), u"[]");
    QVERIFY(!QFileInfo::exists(db())); // listing creates nothing
}

QTEST_GUILESS_MAIN(TestBudgetCli)
#include "tst_budgetcli.moc"
