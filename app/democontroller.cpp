#include "democontroller.h"

#include "common/logging.h"
#include "demo/demosender.h"
#include "service.h"
#include "storage/database.h"

#include <QRandomGenerator>
#include <QSqlQuery>

namespace Burnrate::App {

namespace {
constexpr qint64 kHistoryNs = 7LL * 24 * 3600 * 1'000'000'000;

bool databaseIsEmpty(const QString &path)
{
    Error error;
    auto connection = Storage::Connection::open(path, Storage::Connection::Mode::ReadOnly, &error);
    if (!connection)
        return false;
    QSqlQuery query(connection->database());
    return query.exec(QStringLiteral("SELECT 1 FROM usage_events LIMIT 1")) && !query.next();
}
} // namespace

DemoController::DemoController(Service *service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
    // A running demo moves with the receiver (a new address or token from the settings). A new seed: the
    // old one would replay the traces already stored, which the writer ignores as duplicates.
    connect(service, &Service::receiverRestarted, this, [this] {
        if (!m_sender)
            return;
        m_sender->stop();
        m_sender.reset();
        startSender(QRandomGenerator::global()->generate64() | 1, 0);
    });
}

DemoController::~DemoController() = default;

void DemoController::start(quint64 seed)
{
    if (m_sender || !m_service->receiver())
        return;
    if (seed == 0)
        seed = QRandomGenerator::global()->generate64() | 1;
    // History makes the charts worth looking at on a first run; on a database that already has data
    // it would only add a second, overlapping week.
    startSender(seed, databaseIsEmpty(m_service->databasePath()) ? kHistoryNs : 0);
    qCInfo(lcApp).noquote() << tr("Demo fleet started (seed %1).").arg(seed);
    Q_EMIT message(
        tr("The demo fleet is running (seed %1): simulated agents send their traces to Burnrate.").arg(seed));
    Q_EMIT runningChanged(true);
}

void DemoController::startSender(quint64 seed, qint64 historyNs)
{
    Demo::DemoSender::Options options;
    options.endpoint = QUrl(m_service->receiver()->endpoint());
    options.bearerToken = m_service->bearerToken();
    options.historyNs = historyNs;
    m_sender = std::make_unique<Demo::DemoSender>(seed, options);
    m_reportedFailure = false;
    connect(m_sender.get(), &Demo::DemoSender::sendFailed, this, [this](const QString &text) {
        // Said once per failure streak, not once a second.
        if (m_reportedFailure)
            return;
        m_reportedFailure = true;
        qCWarning(lcApp).noquote() << text;
        Q_EMIT message(text);
    });
    connect(m_sender.get(), &Demo::DemoSender::batchSent, this, [this] { m_reportedFailure = false; });
    connect(m_sender.get(), &Demo::DemoSender::historyProgress, this, &DemoController::historyProgress);
    m_sender->start();
}

void DemoController::stop()
{
    if (!m_sender)
        return;
    m_sender->stop();
    m_sender.reset();
    Q_EMIT message(tr("The demo fleet is stopped. Its data stays until you clear it."));
    Q_EMIT runningChanged(false);
}

void DemoController::clearDemoData()
{
    stop();
    m_service->writer()->clearSource(
        QStringLiteral("demo"), this, [this](const Storage::WriteResult &result) {
            Q_EMIT message(result.error
                               ? tr("The demo data could not be cleared: %1").arg(result.error.message)
                               : tr("The demo data is cleared."));
        });
}

} // namespace Burnrate::App
