// The trace window as the main window opens it (its own window, deleted on close): Esc and Ctrl+W close
// it, from the tree as from anywhere in it; embedded in another window the keys do not close that window.
#include "mainwindow.h"
#include "pricing/pricetable.h"
#include "storage/database.h"
#include "traceview.h"

#include <QApplication>
#include <QPointer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Burnrate;
using namespace Burnrate::Widgets;
using namespace Qt::StringLiterals;

class TestTraceView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void closesWithEscapeAndCtrlW_data();
    void closesWithEscapeAndCtrlW();
    void embeddedViewIgnoresTheKeys();

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<const Pricing::PriceTable> m_prices;
};

void TestTraceView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // window state goes to ~/.qttest
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(u"burnrate.sqlite"_s);
    Error error;
    QVERIFY2(Storage::Connection::open(m_path, Storage::Connection::Mode::ReadWrite, &error),
             qPrintable(error.message));
    m_prices = std::make_shared<const Pricing::PriceTable>(QList<Pricing::ModelPrice>{});
}

void TestTraceView::closesWithEscapeAndCtrlW_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("modifiers");
    QTest::newRow("Esc") << int(Qt::Key_Escape) << int(Qt::NoModifier);
    QTest::newRow("Ctrl+W") << int(Qt::Key_W) << int(Qt::ControlModifier);
}

void TestTraceView::closesWithEscapeAndCtrlW()
{
    QFETCH(int, key);
    QFETCH(int, modifiers);
    MainWindow window(m_path, u"http://127.0.0.1:4318/v1/traces"_s, nullptr, m_prices);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QPointer<TraceView> trace = window.openTrace(u"0af7651916cd43dd8448eb211c80319c"_s, 0, 1);
    QVERIFY(trace);
    QVERIFY(trace->isWindow());
    trace->activateWindow(); // the offscreen platform leaves the main window active
    QTRY_COMPARE(QApplication::activeWindow(), trace.data());
    QTreeView *tree = trace->tree();
    tree->setFocus();
    QTest::keyClick(tree, Qt::Key(key), Qt::KeyboardModifiers(modifiers));
    QTRY_VERIFY(!trace); // closed and, as the main window asks, deleted
    QVERIFY(window.isVisible());
}

void TestTraceView::embeddedViewIgnoresTheKeys()
{
    QWidget host;
    auto *trace = new TraceView(m_path, &host);
    host.resize(600, 400);
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    trace->tree()->setFocus();
    QTest::keyClick(trace->tree(), Qt::Key_Escape);
    QTest::keyClick(trace->tree(), Qt::Key_W, Qt::ControlModifier);
    QVERIFY(host.isVisible());
    QVERIFY(trace->isVisible());
}

QTEST_MAIN(TestTraceView)
#include "tst_traceview.moc"
