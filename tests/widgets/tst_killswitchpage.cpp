// The Kill switch screen against a real etcd (Debian's etcd-server) on private loopback ports: kill all
// through the confirmation, pending until the store confirms, per-agent stop, a failed change in the red
// banner, the store stopped (Unknown, buttons off, never "Running") and back, and the not-configured page.
#include "../killswitch/etcdprocess.h"
#include "common/timeutil.h"
#include "killswitch/killswitchaudit.h"
#include "killswitch/killswitchbackend.h"
#include "killswitch/killswitchcontroller.h"
#include "killswitchpage.h"
#include "models/auditmodel.h"
#include "models/killswitchagentmodel.h"
#include "net/curlhttpclient.h"
#include "storage/database.h"

#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

using namespace Burnrate;
using namespace Qt::StringLiterals;
using KillSwitch::Controller;
using Models::AuditModel;
using Models::KillSwitchAgentModel;
using Widgets::KillSwitchPage;
using Widgets::KillSwitchReasonDialog;

namespace {

const QString kKey = u"burnrate/killswitch"_s;

QJsonObject storedDocument(EtcdProcess &etcd)
{
    return QJsonDocument::fromJson(etcd.value(kKey)).object();
}

} // namespace

class TestKillSwitchPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void notConfigured();
    void killAllIsPendingThenConfirmed();
    void stopOneAgent();
    void failureShowsTheBanner();
    void storeStoppedShowsUnknownThenRecovers();

private:
    QString label(const char *name) const { return m_page->findChild<QLabel *>(QLatin1String(name))->text(); }
    QPushButton *button(const char *name) const
    {
        return m_page->findChild<QPushButton *>(QLatin1String(name));
    }
    // Confirms the reason dialog that the last click opened, with `reason`.
    void confirm(const QString &reason);

    QTemporaryDir m_dir;
    QString m_dbPath;
    std::unique_ptr<EtcdProcess> m_etcd;
    std::unique_ptr<Net::CurlHttpClient> m_http;
    std::unique_ptr<KillSwitch::AuditLog> m_audit;
    std::unique_ptr<Controller> m_controller;
    std::unique_ptr<KillSwitchPage> m_page;
};

void TestKillSwitchPage::initTestCase()
{
    QVERIFY2(EtcdProcess::available(), "etcd is not installed (Debian package etcd-server)");
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestKillSwitchPage::init()
{
    QVERIFY(m_dir.isValid());
    m_dbPath = m_dir.filePath(
        QStringLiteral("burnrate-%1.sqlite").arg(QString::fromLatin1(QTest::currentTestFunction())));
    {
        // Telemetry of two agents in the last hour.
        Error error;
        auto db = Storage::Connection::open(m_dbPath, Storage::Connection::Mode::ReadWrite, &error);
        QVERIFY2(db, qPrintable(error.message));
        QSqlQuery insert(db->database());
        QVERIFY(insert.prepare(u"INSERT INTO usage_events(event_id, ts_start_ns, ts_end_ns, cost_micros, "
                               "cost_source, agent_id) VALUES (?, ?, ?, ?, 'priced', ?)"_s));
        const qint64 now = Time::nowNs();
        const QList<std::pair<QString, qint64>> calls = {
            {u"research-agent"_s, 2'500'000}, {u"research-agent"_s, 1'000'000}, {u"code-review"_s, 400'000}};
        int n = 0;
        for (const auto &[agent, cost] : calls) {
            insert.addBindValue(QString::number(++n));
            insert.addBindValue(now - n * 60 * Time::kNanosPerSecond);
            insert.addBindValue(now - n * 60 * Time::kNanosPerSecond + 1000);
            insert.addBindValue(cost);
            insert.addBindValue(agent);
            QVERIFY(insert.exec());
        }
    }
    m_etcd = std::make_unique<EtcdProcess>();
    QVERIFY2(m_etcd->start(), qPrintable(m_etcd->lastError()));
    m_http = std::make_unique<Net::CurlHttpClient>();
    KillSwitch::BackendConfig config;
    config.url = m_etcd->url();
    config.key = kKey;
    Error error;
    std::unique_ptr<KillSwitch::Backend> backend = KillSwitch::makeBackend(config, m_http.get(), &error);
    QVERIFY2(backend, qPrintable(error.message));
    m_audit = KillSwitch::AuditLog::open(m_dbPath, false, &error);
    QVERIFY2(m_audit, qPrintable(error.message));
    m_controller = std::make_unique<Controller>(std::move(backend), m_audit.get());
    m_controller->setActor(u"alice@laptop"_s);
    m_controller->setPollInterval(std::chrono::milliseconds(1000));
    m_page = std::make_unique<KillSwitchPage>(m_dbPath);
    m_page->resize(1100, 800);
    m_page->show();
    m_page->setController(m_controller.get(), true, {});
    m_controller->start();
    QTRY_COMPARE(label("stateLabel"), u"Running"_s);
}

void TestKillSwitchPage::cleanup()
{
    m_page.reset();
    m_controller.reset();
    m_audit.reset();
    m_http.reset();
    m_etcd.reset();
}

void TestKillSwitchPage::confirm(const QString &reason)
{
    KillSwitchReasonDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_page->findChild<KillSwitchReasonDialog *>()) && dialog->isVisible());
    auto *edit = dialog->findChild<QLineEdit *>(u"reasonEdit"_s);
    QVERIFY(!edit->text().isEmpty()); // a suggestion, selected so that typing replaces it
    edit->setText(reason);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"confirmButton"_s), Qt::LeftButton);
}

void TestKillSwitchPage::notConfigured()
{
    // A change made earlier (by `burnrate kill` on this database, say) stays in the trail shown.
    QSignalSpy audited(m_controller.get(), &Controller::audited);
    m_controller->killAll(u"earlier"_s);
    QTRY_COMPARE(audited.size(), 1);
    m_page->setController(nullptr, false, {});
    QCOMPARE(m_page->auditModel()->rowCount(), 1);
    QCOMPARE(m_page->auditModel()->index(0, AuditModel::WhyColumn).data().toString(), u"earlier"_s);
    QCOMPARE(label("stateLabel"), u"Not configured"_s);
    QVERIFY(m_page->findChild<QLabel *>(u"setupText"_s)->isVisible());
    QVERIFY(label("setupText").contains(u"[killswitch]"_s));
    QVERIFY(label("setupText").contains(u"BURNRATE_KILLSWITCH_PASSWORD"_s));
    QVERIFY(!button("killAllButton")->isEnabled());
    QVERIFY(!button("resumeAllButton")->isEnabled());
    QVERIFY(!button("stopAgentButton")->isEnabled());
    // Agents still show what they spent, with an unknown state.
    QTRY_COMPARE(m_page->agentModel()->rowCount(), 2);
    QCOMPARE(m_page->agentModel()->rows().first().state, KillSwitchAgentModel::AgentState::Unknown);

    // A configuration that cannot work says what to fix, as an unknown state.
    m_page->setController(
        nullptr, true,
        Error(Error::Code::Unauthorized, u"[killswitch] user is \"ops\" but no password is set."_s));
    QCOMPARE(label("stateLabel"), u"Unknown"_s);
    QVERIFY(label("setupText").contains(u"no password is set"_s));
    QVERIFY(!button("killAllButton")->isEnabled());

    // Configured, its secret still being read from the keychain.
    m_page->setController(nullptr, true, {});
    QCOMPARE(label("stateLabel"), u"Unknown"_s);
    QCOMPARE(label("setupText"), u"Setting up the kill switch…"_s);
    QVERIFY(!button("killAllButton")->isEnabled());
}

void TestKillSwitchPage::killAllIsPendingThenConfirmed()
{
    QVERIFY(button("killAllButton")->isEnabled());
    QVERIFY(!button("resumeAllButton")->isEnabled()); // nothing to resume
    QVERIFY(label("detailsLabel").contains(m_etcd->url().toString()));
    QSignalSpy confirmed(m_controller.get(), &Controller::changeConfirmed);
    QTest::mouseClick(button("killAllButton"), Qt::LeftButton);
    QCOMPARE(storedDocument(*m_etcd).value(u"kill_all"_s).toBool(), false); // only after the confirmation
    confirm(u"runaway loop in prod"_s);

    // At once: pending, the buttons wait, and the state is still what the store said.
    QVERIFY(m_page->findChild<QLabel *>(u"pendingLabel"_s)->isVisible());
    QCOMPARE(label("pendingLabel"), u"Pending, waiting for the store to confirm: Kill all agents"_s);
    QCOMPARE(label("stateLabel"), u"Running"_s);
    QVERIFY(!button("killAllButton")->isEnabled());

    QTRY_COMPARE(confirmed.size(), 1);
    QCOMPARE(label("stateLabel"), u"ALL AGENTS STOPPED"_s);
    QVERIFY(!m_page->findChild<QLabel *>(u"pendingLabel"_s)->isVisible());
    const QJsonObject stored = storedDocument(*m_etcd);
    QCOMPARE(stored.value(u"kill_all"_s).toBool(), true);
    QCOMPARE(stored.value(u"reason"_s).toString(), u"runaway loop in prod"_s);
    QCOMPARE(stored.value(u"version"_s).toInt(), 1);
    QVERIFY(label("detailsLabel").contains(u"Version 1, set by alice@laptop"_s));
    QVERIFY(label("detailsLabel").contains(u"Reason: runaway loop in prod"_s));
    QVERIFY(!button("killAllButton")->isEnabled());
    QVERIFY(button("resumeAllButton")->isEnabled());
    QTRY_COMPARE(m_page->agentModel()->rows().first().state,
                 KillSwitchAgentModel::AgentState::StoppedByKillAll);

    // The audit trail, newest first.
    AuditModel *audit = m_page->auditModel();
    QCOMPARE(audit->rowCount(), 1);
    QCOMPARE(audit->index(0, AuditModel::WhatColumn).data().toString(), u"Kill all agents"_s);
    QCOMPARE(audit->index(0, AuditModel::WhoColumn).data().toString(), u"alice@laptop"_s);
    QCOMPARE(audit->index(0, AuditModel::WhyColumn).data().toString(), u"runaway loop in prod"_s);
    QCOMPARE(audit->index(0, AuditModel::OutcomeColumn).data().toString(), u"Confirmed"_s);
    QCOMPARE(audit->index(0, AuditModel::VersionColumn).data().toString(), u"1"_s);

    // A teammate resumes with the CLI or another Burnrate: the poll shows it.
    KillSwitch::Document resumed;
    resumed.version = 2;
    resumed.updatedBy = u"bob@desk"_s;
    resumed.reason = u"fixed"_s;
    QVERIFY(m_etcd->put(kKey, resumed.toJson()));
    QTRY_COMPARE_WITH_TIMEOUT(label("stateLabel"), u"Running"_s, 10'000);
    QVERIFY(label("detailsLabel").contains(u"set by bob@desk"_s));

    // Cancel changes nothing.
    QTest::mouseClick(button("killAllButton"), Qt::LeftButton);
    KillSwitchReasonDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_page->findChild<KillSwitchReasonDialog *>()) && dialog->isVisible());
    dialog->reject();
    QVERIFY(!m_controller->hasPending());
}

void TestKillSwitchPage::stopOneAgent()
{
    auto *view = m_page->findChild<QTableView *>(u"agentView"_s);
    QTRY_COMPARE(view->model()->rowCount(), 2);
    // By spend in the last hour, each with what it spent.
    QCOMPARE(view->model()->index(0, KillSwitchAgentModel::AgentColumn).data().toString(),
             u"research-agent"_s);
    QCOMPARE(view->model()->index(0, KillSwitchAgentModel::LastHourColumn).data().toString(), u"$3.50"_s);
    QCOMPARE(view->model()->index(0, KillSwitchAgentModel::StateColumn).data().toString(), u"Running"_s);
    view->selectRow(0);
    QCOMPARE(m_page->findChild<QLineEdit *>(u"agentEdit"_s)->text(), u"research-agent"_s);
    QVERIFY(!button("resumeAgentButton")->isEnabled());
    QTest::mouseClick(button("stopAgentButton"), Qt::LeftButton);
    confirm(u"budget research at 120 %"_s);
    QCOMPARE(view->model()->index(0, KillSwitchAgentModel::StateColumn).data().toString(),
             u"Stop pending…"_s);
    QTRY_COMPARE(view->model()->index(0, KillSwitchAgentModel::StateColumn).data().toString(), u"Stopped"_s);
    QCOMPARE(view->model()->index(1, KillSwitchAgentModel::StateColumn).data().toString(), u"Running"_s);
    QCOMPARE(storedDocument(*m_etcd).value(u"disabled_agents"_s).toArray(), QJsonArray{u"research-agent"_s});
    QCOMPARE(storedDocument(*m_etcd).value(u"kill_all"_s).toBool(), false);
    QCOMPARE(label("stateLabel"), u"Running — 1 agent(s) stopped"_s);
    QVERIFY(button("resumeAgentButton")->isEnabled());
    QVERIFY(!button("stopAgentButton")->isEnabled());

    // An agent telemetry never saw, typed in.
    m_page->findChild<QLineEdit *>(u"agentEdit"_s)->setText(u"night-batch"_s);
    QTest::mouseClick(button("stopAgentButton"), Qt::LeftButton);
    confirm(u"not tonight"_s);
    QTRY_COMPARE(storedDocument(*m_etcd).value(u"disabled_agents"_s).toArray(),
                 (QJsonArray{u"night-batch"_s, u"research-agent"_s}));
    QTRY_COMPARE(view->model()->rowCount(), 3);
    QTRY_COMPARE(view->model()->index(2, KillSwitchAgentModel::StateColumn).data().toString(), u"Stopped"_s);

    // Resume the first one again.
    m_page->findChild<QLineEdit *>(u"agentEdit"_s)->setText(u"research-agent"_s);
    QTest::mouseClick(button("resumeAgentButton"), Qt::LeftButton);
    confirm(u"budget raised"_s);
    QTRY_COMPARE(storedDocument(*m_etcd).value(u"disabled_agents"_s).toArray(), QJsonArray{u"night-batch"_s});
    QTRY_COMPARE(view->model()->index(0, KillSwitchAgentModel::StateColumn).data().toString(), u"Running"_s);
    QCOMPARE(m_page->auditModel()->rowCount(), 3);
    QCOMPARE(m_page->auditModel()->index(0, AuditModel::WhatColumn).data().toString(),
             u"Resume agent research-agent"_s);
}

void TestKillSwitchPage::failureShowsTheBanner()
{
    QVERIFY(!m_page->findChild<QWidget *>(u"errorBanner"_s)->isVisible());
    m_etcd->stop();
    // A change that was asked for just before the store went away (the buttons are off once it is unknown).
    QSignalSpy failed(m_controller.get(), &Controller::changeFailed);
    m_controller->killAll(u"from the tray"_s);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20'000);
    QVERIFY(m_page->findChild<QWidget *>(u"errorBanner"_s)->isVisible());
    QVERIFY(label("errorText").startsWith(u"The kill switch was not changed: "_s));
    QCOMPARE(m_page->auditModel()->index(0, AuditModel::OutcomeColumn).data(AuditModel::FailedRole).toBool(),
             true);
    QCOMPARE(label("stateLabel"), u"Unknown"_s);
    QTest::mouseClick(button("dismissError"), Qt::LeftButton);
    QVERIFY(!m_page->findChild<QWidget *>(u"errorBanner"_s)->isVisible());
}

void TestKillSwitchPage::storeStoppedShowsUnknownThenRecovers()
{
    QTest::mouseClick(button("killAllButton"), Qt::LeftButton);
    confirm(u"incident 42"_s);
    QTRY_COMPARE(label("stateLabel"), u"ALL AGENTS STOPPED"_s);

    // From the moment the store goes away, every state shown is Unknown: never the last one, never Running.
    QStringList shown;
    connect(m_controller.get(), &Controller::stateChanged, this, [&] { shown.append(label("stateLabel")); });
    m_etcd->stop();
    QTRY_COMPARE_WITH_TIMEOUT(label("stateLabel"), u"Unknown"_s, 15'000);
    QTest::qWait(2500); // a few more polls
    QVERIFY(!shown.isEmpty());
    for (const QString &state : std::as_const(shown))
        QCOMPARE(state, u"Unknown"_s);
    QVERIFY(label("detailsLabel").startsWith(u"The store could not be read"_s));
    QVERIFY(label("detailsLabel").contains(u"Last read successfully at"_s));
    QVERIFY(!button("killAllButton")->isEnabled());
    QVERIFY(!button("resumeAllButton")->isEnabled());
    QVERIFY(!button("stopAgentButton")->isEnabled());
    QVERIFY(button("killAllButton")->toolTip().contains(u"unknown"_s));
    for (const auto &row : m_page->agentModel()->rows())
        QCOMPARE(row.state, KillSwitchAgentModel::AgentState::Unknown);

    // Back on the same ports and data: the stopped state shows again, and Resume all works.
    QVERIFY2(m_etcd->start(), qPrintable(m_etcd->lastError()));
    QTRY_COMPARE_WITH_TIMEOUT(label("stateLabel"), u"ALL AGENTS STOPPED"_s, 15'000);
    QVERIFY(button("resumeAllButton")->isEnabled());
    QTest::mouseClick(button("resumeAllButton"), Qt::LeftButton);
    confirm(u"incident over"_s);
    QTRY_COMPARE(label("stateLabel"), u"Running"_s);
    QCOMPARE(storedDocument(*m_etcd).value(u"kill_all"_s).toBool(), false);
    QCOMPARE(storedDocument(*m_etcd).value(u"version"_s).toInt(), 2);
}

QTEST_MAIN(TestKillSwitchPage)
#include "tst_killswitchpage.moc"
