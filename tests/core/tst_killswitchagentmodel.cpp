#include "models/killswitchagentmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Burnrate;
using namespace Qt::StringLiterals;
using KillSwitch::Change;
using KillSwitch::Document;
using Models::KillSwitchAgentModel;
using State = KillSwitchAgentModel::AgentState;

namespace {

QList<Storage::AgentSpend> spend()
{
    return {{u"research-agent"_s, 1'200'000, 9'000'000, 5}, {u"code-review"_s, 300'000, 4'000'000, 4}};
}

QList<State> states(const KillSwitchAgentModel &model)
{
    QList<State> result;
    for (const auto &row : model.rows())
        result.append(row.state);
    return result;
}

QStringList ids(const KillSwitchAgentModel &model)
{
    QStringList result;
    for (const auto &row : model.rows())
        result.append(row.spend.agentId);
    return result;
}

} // namespace

class TestKillSwitchAgentModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void unknownUntilRead();
    void statesFromTheDocument();
    void pendingChanges();
    void updatesInPlace();
};

void TestKillSwitchAgentModel::unknownUntilRead()
{
    KillSwitchAgentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSpend(spend());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(states(model), (QList<State>{State::Unknown, State::Unknown}));
    Document stopped;
    stopped.disabledAgents = {u"other"_s};
    // A document that was not read (known false) names no agent and sets no state.
    model.setSwitch(false, stopped, {});
    QCOMPARE(ids(model), (QStringList{u"research-agent"_s, u"code-review"_s}));
    QCOMPARE(model.index(0, KillSwitchAgentModel::StateColumn).data().toString(), u"Unknown"_s);
    QCOMPARE(model.index(0, KillSwitchAgentModel::LastHourColumn).data().toString(), u"$1.20"_s);
    QCOMPARE(model.index(0, KillSwitchAgentModel::LastDayColumn, {})
                 .data(KillSwitchAgentModel::SortRole)
                 .toLongLong(),
             9'000'000);
}

void TestKillSwitchAgentModel::statesFromTheDocument()
{
    KillSwitchAgentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSpend(spend());
    Document document;
    document.disabledAgents = {u"code-review"_s, u"quiet-agent"_s};
    model.setSwitch(true, document, {});
    // An agent only the document names is listed after telemetry's, with no spend.
    QCOMPARE(ids(model), (QStringList{u"research-agent"_s, u"code-review"_s, u"quiet-agent"_s}));
    QCOMPARE(states(model), (QList<State>{State::Running, State::Stopped, State::Stopped}));
    QCOMPARE(model.index(2, KillSwitchAgentModel::LastHourColumn).data().toString(), u"$0.00"_s);
    document.killAll = true;
    model.setSwitch(true, document, {});
    QCOMPARE(states(model),
             (QList<State>{State::StoppedByKillAll, State::StoppedByKillAll, State::StoppedByKillAll}));
    QCOMPARE(model.index(0, KillSwitchAgentModel::StateColumn).data().toString(), u"Stopped (all agents)"_s);
}

void TestKillSwitchAgentModel::pendingChanges()
{
    KillSwitchAgentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSpend(spend());
    Document document;
    document.disabledAgents = {u"code-review"_s};
    model.setSwitch(true, document,
                    {{Change::Kind::DisableAgent, u"research-agent"_s, u"r"_s},
                     {Change::Kind::EnableAgent, u"code-review"_s, u"r"_s},
                     {Change::Kind::DisableAgent, u" typed-agent "_s, u"r"_s}});
    QCOMPARE(ids(model), (QStringList{u"research-agent"_s, u"code-review"_s, u"typed-agent"_s}));
    QCOMPARE(states(model), (QList<State>{State::StopPending, State::ResumePending, State::StopPending}));
    QCOMPARE(model.index(0, KillSwitchAgentModel::StateColumn).data().toString(), u"Stop pending…"_s);
    // Confirmed: the pending state gives way to what the store says.
    document.disabledAgents = {u"research-agent"_s, u"typed-agent"_s};
    model.setSwitch(true, document, {});
    QCOMPARE(states(model), (QList<State>{State::Stopped, State::Running, State::Stopped}));
}

void TestKillSwitchAgentModel::updatesInPlace()
{
    KillSwitchAgentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSpend(spend());
    model.setSwitch(true, {}, {});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    Document document;
    document.disabledAgents = {u"research-agent"_s};
    model.setSwitch(true, document, {});
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(0, 0).data(KillSwitchAgentModel::StateRole).toInt(), int(State::Stopped));
    model.setSpend({spend().at(1)}); // a different set of agents: reset
    QCOMPARE(reset.size(), 1);
    QCOMPARE(ids(model), (QStringList{u"code-review"_s, u"research-agent"_s}));
}

QTEST_GUILESS_MAIN(TestKillSwitchAgentModel)
#include "tst_killswitchagentmodel.moc"
