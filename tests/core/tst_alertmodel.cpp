// AlertModel and AlertFilterModel: QAbstractItemModelTester over the history's loads, live additions and
// acknowledgements; the filters by kind, acknowledgement and time; the detail in words (contributors, trace
// ids, fields it does not know by name).
#include "common/timeutil.h"
#include "models/alertmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Burnrate;
using Budgets::Alert;
using Models::AlertFilterModel;
using Models::AlertModel;
using namespace Qt::StringLiterals;

namespace {

const qint64 kNow = Time::toNs(QDateTime(QDate(2026, 11, 20), QTime(12, 30), QTimeZone::utc()));

Alert alert(qint64 id, Alert::Kind kind, qint64 firedAt, bool acknowledged = false)
{
    Alert a;
    a.id = id;
    a.kind = kind;
    a.firedAtNs = firedAt;
    a.acknowledged = acknowledged;
    a.budgetName = kind == Alert::Kind::Budget || kind == Alert::Kind::Forecast ? u"daily"_s : QString();
    a.budgetId = a.budgetName.isEmpty() ? 0 : 1;
    a.scope = kind == Alert::Kind::Anomaly ? u"agent=writer"_s : u"all"_s;
    a.tier = kind == Alert::Kind::Budget ? 70 : 0;
    a.valueMicros = 7'000'000;
    a.limitMicros = 10'000'000;
    a.message = u"message %1"_s.arg(id);
    return a;
}

} // namespace

class TestAlertModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void loadAddAcknowledge();
    void cells();
    void filters();
    void detailInWords();
};

void TestAlertModel::loadAddAcknowledge()
{
    AlertModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    AlertFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.setAlerts({alert(1, Alert::Kind::Budget, kNow - 100), alert(2, Alert::Kind::Anomaly, kNow - 50)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.unacknowledgedCount(), 2);

    // A raised alert is added once, even if the reload that follows brings it again.
    model.addAlert(alert(3, Alert::Kind::Forecast, kNow));
    model.addAlert(alert(3, Alert::Kind::Forecast, kNow));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.count(), 3);

    model.setAcknowledged(2);
    QCOMPARE(changed.count(), 1);
    QVERIFY(model.index(model.rowOf(2), 0).data(AlertModel::AcknowledgedRole).toBool());
    QCOMPARE(model.unacknowledgedCount(), 2);
    model.setAcknowledged(2); // already: nothing
    QCOMPARE(changed.count(), 1);

    // A reload that acknowledges 1 elsewhere and no longer has 3.
    model.setAlerts(
        {alert(1, Alert::Kind::Budget, kNow - 100, true), alert(2, Alert::Kind::Anomaly, kNow - 50, true)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.unacknowledgedCount(), 0);
    QCOMPARE(model.rowOf(3), -1);
}

void TestAlertModel::cells()
{
    AlertModel model;
    Alert forecast = alert(2, Alert::Kind::Forecast, kNow);
    forecast.valueMicros = 14'000'000;
    model.setAlerts({alert(1, Alert::Kind::Budget, kNow), forecast, alert(3, Alert::Kind::Anomaly, kNow)});
    QCOMPARE(model.index(0, AlertModel::KindColumn).data().toString(), u"Budget"_s);
    QCOMPARE(model.index(0, AlertModel::SubjectColumn).data().toString(), u"daily"_s);
    QCOMPARE(model.index(0, AlertModel::TierColumn).data().toString(), u"70 %"_s);
    QCOMPARE(model.index(0, AlertModel::ValueColumn).data().toString(), u"$7.00 of $10.00"_s);
    QCOMPARE(model.index(0, AlertModel::AcknowledgedColumn).data().toString(), u"No"_s);
    QCOMPARE(model.index(1, AlertModel::ValueColumn).data().toString(), u"$14.00 projected, limit $10.00"_s);
    QCOMPARE(model.index(2, AlertModel::SubjectColumn).data().toString(), u"agent=writer"_s);
    QCOMPARE(model.index(2, AlertModel::TierColumn).data().toString(), QString());
    QCOMPARE(model.index(2, AlertModel::ValueColumn).data().toString(),
             u"$7.00 in an hour, usually $10.00"_s);
    QCOMPARE(model.index(2, AlertModel::TimeColumn).data(AlertModel::SortRole).toLongLong(), kNow);
}

void TestAlertModel::filters()
{
    AlertModel model;
    model.setAlerts({alert(1, Alert::Kind::Budget, kNow - 3 * 24 * Time::kNanosPerHour, true),
                     alert(2, Alert::Kind::Budget, kNow - Time::kNanosPerHour),
                     alert(3, Alert::Kind::Anomaly, kNow - 2 * Time::kNanosPerHour),
                     alert(4, Alert::Kind::Loop, kNow - 10 * 24 * Time::kNanosPerHour)});
    AlertFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto ids = [&filter] {
        QList<qint64> result;
        for (int i = 0; i < filter.rowCount(); ++i)
            result.append(filter.index(i, 0).data(AlertModel::AlertIdRole).toLongLong());
        std::sort(result.begin(), result.end());
        return result;
    };
    QCOMPARE(ids(), (QList<qint64>{1, 2, 3, 4}));
    filter.setKind(Alert::Kind::Budget);
    QCOMPARE(ids(), (QList<qint64>{1, 2}));
    filter.setUnacknowledgedOnly(true);
    QCOMPARE(ids(), (QList<qint64>{2}));
    filter.setKind(std::nullopt);
    QCOMPARE(ids(), (QList<qint64>{2, 3, 4}));
    filter.setSinceNs(kNow - 7 * 24 * Time::kNanosPerHour);
    QCOMPARE(ids(), (QList<qint64>{2, 3}));
    filter.setUnacknowledgedOnly(false);
    filter.setSinceNs(kNow - 24 * Time::kNanosPerHour);
    QCOMPARE(ids(), (QList<qint64>{2, 3}));
    // An acknowledgement in the source hides the row under "unacknowledged only" right away.
    filter.setUnacknowledgedOnly(true);
    model.setAcknowledged(3);
    QCOMPARE(ids(), (QList<qint64>{2}));
}

void TestAlertModel::detailInWords()
{
    Alert a = alert(7, Alert::Kind::Anomaly, kNow);
    a.detail = {{u"ratio"_s, 4.25},
                {u"baseline_hours"_s, 24},
                {u"contributors"_s, QJsonArray{QJsonObject{{u"agent"_s, u"writer"_s},
                                                           {u"model"_s, u"gpt-4o"_s},
                                                           {u"feature"_s, u"chat"_s},
                                                           {u"cost_usd"_s, u"3.500000"_s}},
                                               QJsonObject{{u"agent"_s, u"reader"_s},
                                                           {u"model"_s, u"gpt-4o-mini"_s},
                                                           {u"feature"_s, u"chat"_s},
                                                           {u"cost_usd"_s, u"0.421300"_s}}}},
                {u"trace_ids"_s, QJsonArray{u"abc123"_s, u"def456"_s}},
                {u"session"_s, u"s-42"_s}};
    const QString text = AlertModel::detailText(a);
    QVERIFY2(text.startsWith(u"message 7\n"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Ratio to the usual hourly spend: 4.3×"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Baseline: 24 hour(s)"_s) || text.contains(u"Baseline: 24 hours"_s),
             qPrintable(text));
    // Cents from $1, as the alert's message writes amounts (not the four places of a figure under $10).
    QVERIFY2(text.contains(u"agent writer, model gpt-4o, feature chat: $3.50\n"_s), qPrintable(text));
    QVERIFY2(text.contains(u"agent reader, model gpt-4o-mini, feature chat: $0.4213\n"_s), qPrintable(text));
    QVERIFY2(text.contains(u"  abc123\n  def456"_s), qPrintable(text));
    QVERIFY2(text.contains(u"session: s-42"_s), qPrintable(text)); // a field it does not know by name
    QVERIFY2(text.contains(u"Scope: agent=writer"_s), qPrintable(text));
    QVERIFY2(!text.contains(u"{"_s), qPrintable(text)); // words, not JSON

    Alert forecast = alert(8, Alert::Kind::Forecast, kNow);
    forecast.detail = {
        {u"spent_usd"_s, u"6.000000"_s}, {u"exceeds_on"_s, u"2026-11-20"_s}, {u"muted"_s, true}};
    const QString f = AlertModel::detailText(forecast);
    QVERIFY2(f.contains(u"Spent so far: $6.00\n"_s), qPrintable(f));
    QVERIFY2(f.contains(u"Limit reached on: Friday, 20 November 2026"_s), qPrintable(f));
    QVERIFY2(f.contains(u"snoozed"_s), qPrintable(f));

    Alert tier = alert(9, Alert::Kind::Budget, kNow);
    tier.tier = 120;
    tier.detail = {{u"action"_s, u"escalate"_s}, {u"period_start"_s, u"2026-11-20T00:00:00Z"_s}};
    const QString t = AlertModel::detailText(tier);
    QVERIFY2(t.contains(u"Action: critical notification and escalation"_s), qPrintable(t));
    QVERIFY2(t.contains(u"Tier: 120 %"_s), qPrintable(t));
    QVERIFY2(!t.contains(u"period_start"_s), qPrintable(t));
}

QTEST_GUILESS_MAIN(TestAlertModel)
#include "tst_alertmodel.moc"
