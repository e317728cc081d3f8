// The service's kill switch against a real etcd on private loopback ports: none without a [killswitch]
// url, a polling controller (with the audit trail and the automatic kill) from the settings, the etcd
// password from the keychain or from BURNRATE_KILLSWITCH_PASSWORD (--headless: environment only), and
// configuration errors that say what to fix.
#include "../killswitch/etcdprocess.h"
#include "pricing/pricetable.h"
#include "secrets/secretstore.h"
#include "service.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Burnrate;
using namespace Qt::StringLiterals;
using KillSwitch::Controller;

class TestServiceKillSwitch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void noneWithoutAUrl();
    void controllerFromTheSettings();
    void passwordFromTheKeychainOrTheEnvironment();
    void configurationErrorsSayWhatToFix();

private:
    // startKillSwitch() and the wait for its answer.
    void startKillSwitch(Secrets::SecretStore *secrets);

    std::unique_ptr<QTemporaryDir> m_dir;
    App::AppContext m_context;
    std::unique_ptr<App::Service> m_service;
    std::unique_ptr<EtcdProcess> m_etcd;
};

void TestServiceKillSwitch::initTestCase()
{
    QVERIFY2(EtcdProcess::available(), "etcd is not installed (Debian package etcd-server)");
}

void TestServiceKillSwitch::init()
{
    qunsetenv("BURNRATE_KILLSWITCH_PASSWORD");
    qunsetenv("BURNRATE_KILLSWITCH_TOKEN");
    qputenv("BURNRATE_OTLP_TOKEN", "t");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_context.settings = std::make_unique<Settings>(m_dir->filePath(u"burnrate.conf"_s));
    m_context.databasePath = m_dir->filePath(u"burnrate.sqlite"_s);
    Error error;
    m_context.prices = Pricing::PriceTable::loadShipped(&error);
    QVERIFY2(m_context.prices, qPrintable(error.message));
    m_service = std::make_unique<App::Service>();
    QVERIFY2(m_service->start(m_context, u"127.0.0.1:0"_s, nullptr, &error), qPrintable(error.message));
    m_etcd = std::make_unique<EtcdProcess>();
    QVERIFY2(m_etcd->start(), qPrintable(m_etcd->lastError()));
}

void TestServiceKillSwitch::cleanup()
{
    m_service.reset();
    m_context = {};
    m_etcd.reset();
    m_dir.reset();
    qunsetenv("BURNRATE_KILLSWITCH_PASSWORD");
}

void TestServiceKillSwitch::startKillSwitch(Secrets::SecretStore *secrets)
{
    QSignalSpy changed(m_service.get(), &App::Service::killSwitchChanged);
    m_service->startKillSwitch(*m_context.settings, secrets);
    QTRY_VERIFY(!changed.isEmpty() && (m_service->killSwitch() || m_service->killSwitchError() ||
                                       !m_service->killSwitchConfigured()));
}

void TestServiceKillSwitch::noneWithoutAUrl()
{
    startKillSwitch(nullptr);
    QVERIFY(!m_service->killSwitch());
    QVERIFY(!m_service->killSwitchConfigured());
    QVERIFY(!m_service->killSwitchError());
    QVERIFY(m_service->autoKill());
    QVERIFY(!m_service->autoKill()->controller());
}

void TestServiceKillSwitch::controllerFromTheSettings()
{
    KillSwitchSettings settings;
    settings.url = m_etcd->url().toString();
    settings.pollS = 2;
    m_context.settings->setKillSwitchSettings(settings);
    startKillSwitch(nullptr);
    Controller *controller = m_service->killSwitch();
    QVERIFY(controller);
    QVERIFY(m_service->killSwitchConfigured());
    QCOMPARE(controller->pollInterval(), std::chrono::milliseconds(2000));
    QCOMPARE(controller->storeDescription(),
             u"etcd %1 key burnrate/killswitch"_s.arg(m_etcd->url().toString()));
    QCOMPARE(m_service->autoKill()->controller(), controller);
    QTRY_COMPARE(controller->state(), Controller::State::Known); // polling started

    // A change is confirmed by etcd and audited in the database.
    QSignalSpy audited(controller, &Controller::audited);
    controller->killAll(u"test"_s);
    QTRY_COMPARE(audited.size(), 1);
    QVERIFY(m_etcd->value(u"burnrate/killswitch"_s).contains("\"kill_all\":true"));
    Error error;
    const QList<KillSwitch::AuditEntry> entries = controller->auditEntries(10, &error);
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().action, u"kill_all"_s);

    // Set up again (new settings): the old controller is gone at once, and says so before the new one
    // arrives, so that nothing shows the old one's state meanwhile.
    QSignalSpy replaced(m_service.get(), &App::Service::killSwitchChanged);
    m_service->startKillSwitch(*m_context.settings, nullptr);
    QCOMPARE(replaced.size(), 1);
    QVERIFY(!m_service->killSwitch());
    QTRY_VERIFY(m_service->killSwitch());
    QCOMPARE(replaced.size(), 2);
    controller = m_service->killSwitch();

    // Stopping the service ends the controller and says so.
    QSignalSpy changed(m_service.get(), &App::Service::killSwitchChanged);
    m_service->stop();
    QCOMPARE(changed.size(), 1);
    QVERIFY(!m_service->killSwitch());
}

void TestServiceKillSwitch::passwordFromTheKeychainOrTheEnvironment()
{
    QVERIFY2(m_etcd->enableAuth(u"rootpw"_s, u"dash"_s, u"s3cret"_s, u"burnrate/"_s),
             qPrintable(m_etcd->lastError()));
    KillSwitchSettings settings;
    settings.url = m_etcd->url().toString();
    settings.user = u"dash"_s;
    m_context.settings->setKillSwitchSettings(settings);

    // --headless: the environment only, and without it a clear error.
    startKillSwitch(nullptr);
    QVERIFY(!m_service->killSwitch());
    QVERIFY(m_service->killSwitchConfigured());
    QVERIFY(m_service->killSwitchError().message.contains(u"BURNRATE_KILLSWITCH_PASSWORD"_s));
    qputenv("BURNRATE_KILLSWITCH_PASSWORD", "s3cret");
    startKillSwitch(nullptr);
    QVERIFY(m_service->killSwitch());
    QTRY_COMPARE(m_service->killSwitch()->state(), Controller::State::Known);
    qunsetenv("BURNRATE_KILLSWITCH_PASSWORD");

    // The window: the keychain's password.
    std::unique_ptr<Secrets::SecretStore> secrets = Secrets::makeMemoryStore();
    bool written = false;
    secrets->write(QString::fromLatin1(Secrets::SecretName::KillSwitchPassword), u"s3cret"_s, this,
                   [&](Error) { written = true; });
    QTRY_VERIFY(written);
    startKillSwitch(secrets.get());
    QVERIFY(m_service->killSwitch());
    QTRY_COMPARE(m_service->killSwitch()->state(), Controller::State::Known);

    // A wrong password: the controller exists, and its state is Unknown with the store's refusal.
    written = false;
    secrets->write(QString::fromLatin1(Secrets::SecretName::KillSwitchPassword), u"wrong"_s, this,
                   [&](Error) { written = true; });
    QTRY_VERIFY(written);
    startKillSwitch(secrets.get());
    QVERIFY(m_service->killSwitch());
    QTRY_VERIFY(m_service->killSwitch()->lastError());
    QCOMPARE(m_service->killSwitch()->state(), Controller::State::Unknown);
}

void TestServiceKillSwitch::configurationErrorsSayWhatToFix()
{
    KillSwitchSettings settings;
    settings.backend = u"zookeeper"_s;
    settings.url = m_etcd->url().toString();
    m_context.settings->setKillSwitchSettings(settings);
    startKillSwitch(nullptr);
    QVERIFY(!m_service->killSwitch());
    QVERIFY(m_service->killSwitchConfigured());
    QVERIFY(m_service->killSwitchError().message.contains(u"use etcd or http"_s));
    QVERIFY(!m_service->autoKill()->controller());
}

QTEST_MAIN(TestServiceKillSwitch)
#include "tst_servicekillswitch.moc"
