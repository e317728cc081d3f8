// The kill switch's tray items against a real etcd on private loopback ports: Kill all agents / Resume all
// by the store's state, pending and unknown disable it with the reason, the top agents submenu stops and
// resumes one agent, the icon shows Killed and the tooltip says so, and a balloon follows each outcome.
#include "../killswitch/etcdprocess.h"
#include "common/settings.h"
#include "common/timeutil.h"
#include "killswitch/autokill.h"
#include "killswitch/killswitchbackend.h"
#include "killswitch/killswitchcontroller.h"
#include "killswitchtray.h"
#include "net/curlhttpclient.h"
#include "storage/database.h"
#include "trayicon.h"

#include <QAction>
#include <QJsonArray>
#include <QMenu>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Burnrate;
using namespace Qt::StringLiterals;
using KillSwitch::Controller;
using Widgets::KillSwitchTray;
using Widgets::TrayIcon;

namespace {

const QString kKey = u"burnrate/killswitch"_s;

QJsonObject storedDocument(EtcdProcess &etcd)
{
    return QJsonDocument::fromJson(etcd.value(kKey)).object();
}

QStringList actionTexts(QMenu *menu)
{
    QStringList texts;
    for (QAction *action : menu->actions())
        texts.append(action->isSeparator() ? u"--"_s : action->text());
    return texts;
}

} // namespace

class TestKillSwitchTray : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void notConfigured();
    void killAllAndResumeFromTheTray();
    void stopOneAgentFromTheSubmenu();
    void unknownDisablesTheItems();
    void automaticChangesAreNotAnnouncedTwice();

private:
    QTemporaryDir m_dir;
    QString m_dbPath;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<EtcdProcess> m_etcd;
    std::unique_ptr<Net::CurlHttpClient> m_http;
    std::unique_ptr<Controller> m_controller;
    std::unique_ptr<TrayIcon> m_tray;
    std::unique_ptr<KillSwitchTray> m_killSwitchTray;
};

void TestKillSwitchTray::initTestCase()
{
    QVERIFY2(EtcdProcess::available(), "etcd is not installed (Debian package etcd-server)");
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestKillSwitchTray::init()
{
    QVERIFY(m_dir.isValid());
    m_dbPath = m_dir.filePath(
        QStringLiteral("burnrate-%1.sqlite").arg(QString::fromLatin1(QTest::currentTestFunction())));
    {
        Error error;
        auto db = Storage::Connection::open(m_dbPath, Storage::Connection::Mode::ReadWrite, &error);
        QVERIFY2(db, qPrintable(error.message));
        QSqlQuery insert(db->database());
        QVERIFY(insert.prepare(u"INSERT INTO usage_events(event_id, ts_start_ns, ts_end_ns, cost_micros, "
                               "cost_source, agent_id) VALUES (?, ?, ?, ?, 'priced', ?)"_s));
        const qint64 now = Time::nowNs();
        // Seven agents: the submenu holds the five that spent most in the last hour.
        for (int i = 1; i <= 7; ++i) {
            insert.addBindValue(QString::number(i));
            insert.addBindValue(now - i * 60 * Time::kNanosPerSecond);
            insert.addBindValue(now - i * 60 * Time::kNanosPerSecond + 1000);
            insert.addBindValue(qint64(i) * 1'000'000);
            insert.addBindValue(u"agent-%1"_s.arg(i));
            QVERIFY(insert.exec());
        }
    }
    m_settings = std::make_unique<Settings>(m_dir.filePath(u"burnrate.conf"_s));
    m_etcd = std::make_unique<EtcdProcess>();
    QVERIFY2(m_etcd->start(), qPrintable(m_etcd->lastError()));
    m_http = std::make_unique<Net::CurlHttpClient>();
    KillSwitch::BackendConfig config;
    config.url = m_etcd->url();
    config.key = kKey;
    Error error;
    std::unique_ptr<KillSwitch::Backend> backend = KillSwitch::makeBackend(config, m_http.get(), &error);
    QVERIFY2(backend, qPrintable(error.message));
    m_controller = std::make_unique<Controller>(std::move(backend));
    m_controller->setPollInterval(std::chrono::milliseconds(1000));
    m_tray = std::make_unique<TrayIcon>(nullptr, m_dbPath, nullptr, m_settings.get());
    m_killSwitchTray = std::make_unique<KillSwitchTray>(m_tray.get(), m_dbPath);
    m_killSwitchTray->setController(m_controller.get(), true, {});
    m_controller->start();
    QTRY_VERIFY(m_killSwitchTray->killAllAction()->isEnabled());
}

void TestKillSwitchTray::cleanup()
{
    m_killSwitchTray.reset();
    m_tray.reset();
    m_controller.reset();
    m_http.reset();
    m_etcd.reset();
    m_settings.reset();
}

void TestKillSwitchTray::notConfigured()
{
    // With a kill switch nothing needs setting up.
    QAction *setUp = m_killSwitchTray->setUpAction();
    QVERIFY(!setUp->isVisible());
    QVERIFY(m_killSwitchTray->agentsMenu()->menuAction()->isVisible());

    m_killSwitchTray->setController(nullptr, false, {});
    QAction *killAll = m_killSwitchTray->killAllAction();
    QVERIFY(!killAll->isEnabled());
    // Menus show no tooltips on most desktops: the greyed-out item itself says why.
    QCOMPARE(killAll->text(), u"&Kill all agents (no kill switch set up)"_s);
    QVERIFY(killAll->toolTip().contains(u"No kill switch is configured"_s));
    QVERIFY(!m_killSwitchTray->agentsMenu()->isEnabled());
    QVERIFY(!m_killSwitchTray->agentsMenu()->menuAction()->isVisible());
    QVERIFY(!m_tray->killed());
    // The way out, in the same menu, right below it.
    QVERIFY(setUp->isVisible());
    QVERIFY(setUp->isEnabled());
    QCOMPARE(setUp->text(), u"Set up a kill switch…"_s);
    const QList<QAction *> items = m_tray->contextMenu()->actions();
    QVERIFY(items.contains(setUp));
    QVERIFY(items.indexOf(setUp) > items.indexOf(killAll));
    QSignalSpy setUpRequested(m_killSwitchTray.get(), &KillSwitchTray::setUpRequested);
    setUp->trigger();
    QCOMPARE(setUpRequested.size(), 1);

    // Configured with a mistake: the item says so and the settings are offered to fix it.
    m_killSwitchTray->setController(nullptr, true, Error(Error::Code::InvalidInput, u"bad URL"_s));
    QCOMPARE(killAll->text(), u"&Kill all agents (the kill switch settings have a problem)"_s);
    QVERIFY(killAll->toolTip().contains(u"bad URL"_s));
    QCOMPARE(setUp->text(), u"Fix the kill switch settings…"_s);
    QVERIFY(setUp->isVisible());

    // Working again: the normal items, no set-up offer.
    m_killSwitchTray->setController(m_controller.get(), true, {});
    QTRY_VERIFY(killAll->isEnabled());
    QCOMPARE(killAll->text(), u"&Kill all agents"_s);
    QVERIFY(!setUp->isVisible());
    QVERIFY(m_killSwitchTray->agentsMenu()->menuAction()->isVisible());
}

void TestKillSwitchTray::killAllAndResumeFromTheTray()
{
    // The items sit in the tray's menu, above Pause notifications.
    QMenu *menu = m_tray->contextMenu();
    const QStringList texts = actionTexts(menu);
    QCOMPARE(texts.indexOf(u"&Kill all agents"_s) + 1, texts.indexOf(u"&Stop or resume an agent"_s));
    QVERIFY(texts.indexOf(u"&Stop or resume an agent"_s) < texts.indexOf(m_tray->pauseAction()->text()));

    QAction *killAll = m_killSwitchTray->killAllAction();
    QSignalSpy notified(m_killSwitchTray.get(), &KillSwitchTray::notified);
    QCOMPARE(killAll->text(), u"&Kill all agents"_s);
    killAll->trigger(); // one click, no dialog
    QCOMPARE(killAll->text(), u"Killing all agents… (pending)"_s);
    QVERIFY(!killAll->isEnabled());
    QVERIFY(killAll->toolTip().contains(u"waiting for the store"_s));
    QVERIFY(!m_tray->killed()); // not before the store confirms it
    QTRY_VERIFY(m_tray->killed());
    QCOMPARE(m_tray->state(), TrayIcon::State::Killed);
    QCOMPARE(storedDocument(*m_etcd).value(u"kill_all"_s).toBool(), true);
    QCOMPARE(storedDocument(*m_etcd).value(u"reason"_s).toString(), u"Stopped from the tray"_s);
    QTRY_COMPARE(killAll->text(), u"&Resume all agents"_s);
    QVERIFY(killAll->isEnabled());
    QCOMPARE(notified.size(), 1);
    QCOMPARE(notified.at(0).at(0).toString(), u"Kill switch: Kill all agents confirmed"_s);
    QCOMPARE(notified.at(0).at(1).toString(), u"All agents are stopped (version 1)."_s);
    QVERIFY(m_tray->toolTip().startsWith(u"All agents stopped"_s));

    // Killed wins over the alerts' state, and the alerts' state comes back after a resume.
    m_tray->setAlertState(TrayIcon::State::Warning);
    QCOMPARE(m_tray->state(), TrayIcon::State::Killed);
    killAll->trigger();
    QTRY_VERIFY(!m_tray->killed());
    QCOMPARE(m_tray->state(), TrayIcon::State::Warning);
    QCOMPARE(storedDocument(*m_etcd).value(u"kill_all"_s).toBool(), false);
    QTRY_COMPARE(killAll->text(), u"&Kill all agents"_s);
    QVERIFY(!m_tray->toolTip().contains(u"All agents stopped"_s));
}

void TestKillSwitchTray::stopOneAgentFromTheSubmenu()
{
    QMenu *agents = m_killSwitchTray->agentsMenu();
    m_killSwitchTray->refreshAgents();
    QCOMPARE(agents->actions().size(), KillSwitchTray::kTopAgents);
    QCOMPARE(agents->actions().first()->text(), u"Stop agent-7 ($7.00 in the last hour)"_s);
    QCOMPARE(agents->actions().last()->text(), u"Stop agent-3 ($3.00 in the last hour)"_s);
    agents->actions().first()->trigger();
    QTRY_COMPARE(storedDocument(*m_etcd).value(u"disabled_agents"_s).toArray(), QJsonArray{u"agent-7"_s});
    QCOMPARE(storedDocument(*m_etcd).value(u"kill_all"_s).toBool(), false);
    QTRY_COMPARE(agents->actions().first()->text(), u"Resume agent-7 (stopped)"_s);
    QVERIFY(!m_tray->killed()); // one agent is not all of them

    // A stopped agent outside the top five stays in the menu, so that it can be resumed from here.
    KillSwitch::Document document = m_controller->document();
    document.version += 1;
    document.disabledAgents = {u"agent-1"_s, u"agent-7"_s};
    QVERIFY(m_etcd->put(kKey, document.toJson()));
    QTRY_COMPARE(agents->actions().size(), KillSwitchTray::kTopAgents + 1);
    QCOMPARE(agents->actions().last()->text(), u"Resume agent-1 (stopped)"_s);
    agents->actions().first()->trigger();
    QTRY_COMPARE(storedDocument(*m_etcd).value(u"disabled_agents"_s).toArray(), QJsonArray{u"agent-1"_s});
}

void TestKillSwitchTray::unknownDisablesTheItems()
{
    QAction *killAll = m_killSwitchTray->killAllAction();
    killAll->trigger();
    QTRY_VERIFY(m_tray->killed());
    m_etcd->stop();
    QTRY_VERIFY_WITH_TIMEOUT(!killAll->isEnabled(), 15'000);
    QVERIFY(killAll->toolTip().startsWith(u"The kill switch's state is unknown: "_s));
    QVERIFY(!m_killSwitchTray->agentsMenu()->isEnabled());
    QVERIFY(!m_tray->killed()); // not drawn as killed, nor does the menu offer Resume on a guess
    QCOMPARE(killAll->text(), u"&Kill all agents"_s);
    // Nor drawn as safe: amber, and the tooltip says the switch is unknown.
    QCOMPARE(m_tray->state(), TrayIcon::State::Warning);
    QVERIFY(!m_tray->killSwitchUnknown().isEmpty());
    QVERIFY2(m_tray->toolTip().startsWith(u"Kill switch state unknown: "_s), qPrintable(m_tray->toolTip()));
    // A change that fails (asked elsewhere, e.g. the screen, just before) gets its balloon too.
    QSignalSpy notified(m_killSwitchTray.get(), &KillSwitchTray::notified);
    m_controller->resumeAll(u"now"_s);
    QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, 20'000);
    QCOMPARE(notified.at(0).at(0).toString(), u"Kill switch: Resume all agents FAILED"_s);
    QVERIFY(notified.at(0).at(1).toString().startsWith(u"The kill switch was not changed: "_s));
    QVERIFY2(m_etcd->start(), qPrintable(m_etcd->lastError()));
    QTRY_VERIFY_WITH_TIMEOUT(m_tray->killed(), 15'000);
    QVERIFY(killAll->isEnabled());
    QCOMPARE(killAll->text(), u"&Resume all agents"_s);
    QVERIFY(m_tray->killSwitchUnknown().isEmpty());
    QCOMPARE(m_tray->state(), TrayIcon::State::Killed);
}

void TestKillSwitchTray::automaticChangesAreNotAnnouncedTwice()
{
    // The automatic kill announces its own outcome (with the alert's reason); the tray adds no second one.
    KillSwitch::AutoKill autoKill;
    autoKill.setController(m_controller.get());
    m_killSwitchTray->setAutoKill(&autoKill);
    QSignalSpy announced(&autoKill, &KillSwitch::AutoKill::announced);
    QSignalSpy notified(m_killSwitchTray.get(), &KillSwitchTray::notified);
    m_killSwitchTray->refreshAgents();
    autoKill.escalate(KillSwitch::AutoKill::Target::Agent, u"agent-5"_s, KillSwitch::AutoKill::Mode::Enforce,
                      u"loop"_s, 8, {KillSwitch::Automatic::Trigger::LoopAlarm, u"agent-5"_s});
    QTRY_COMPARE(announced.size(), 1);
    QVERIFY(autoKill.owns(1));
    QCOMPARE(storedDocument(*m_etcd).value(u"disabled_agents"_s).toArray(), QJsonArray{u"agent-5"_s});
    QCOMPARE(storedDocument(*m_etcd).value(u"reason"_s).toString(), u"Automatic (alert 8): loop"_s);
    // Teammates (and scripts) see that the loop alarm stopped it, from whose Burnrate.
    QCOMPARE(storedDocument(*m_etcd).value(u"updated_by"_s).toString(),
             u"automatic:loop:agent-5 via "_s + m_controller->actor());
    QCOMPARE(notified.size(), 0);
    // A change of the user's right after it is announced by the tray.
    m_killSwitchTray->agentsMenu()->actions().first()->trigger(); // Stop agent-7
    QTRY_COMPARE(notified.size(), 1);
    QCOMPARE(notified.at(0).at(0).toString(), u"Kill switch: Stop agent agent-7 confirmed"_s);
    QCOMPARE(announced.size(), 1);
}

QTEST_MAIN(TestKillSwitchTray)
#include "tst_killswitchtray.moc"
