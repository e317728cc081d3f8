#include "service.h"

#include "common/logging.h"

namespace Burnrate::App {

Service::Service(QObject *parent)
    : QObject(parent)
{}

Service::~Service()
{
    stop();
}

bool Service::start(const AppContext &context, const QString &listen, Error *error)
{
    Ingest::OtlpReceiver::Options options;
    const QString address = listen.isEmpty() ? context.settings->otlpListen() : listen;
    if (!Ingest::OtlpReceiver::parseListenAddress(address, &options.address, &options.port, error))
        return false;
    options.bearerToken = qEnvironmentVariable("BURNRATE_OTLP_TOKEN");
    options.keepContent = context.settings->otlpKeepContent();
    options.maxBodyBytes = context.settings->otlpMaxBodyBytes();
    if (!options.address.isLoopback() && options.bearerToken.isEmpty())
        qCWarning(lcApp).noquote()
            << tr("Listening on %1 without a token, although other machines can reach it. Set "
                  "BURNRATE_OTLP_TOKEN to require one.")
                   .arg(address);

    m_databasePath = context.databasePath;
    m_writer = std::make_unique<Storage::StorageWriter>(context.databasePath);
    if (!m_writer->start(error)) {
        m_writer.reset();
        return false;
    }
    m_receiver = std::make_unique<Ingest::OtlpReceiver>(options, m_writer.get(), context.prices);
    if (!m_receiver->start(error)) {
        m_receiver.reset();
        m_writer->stop();
        m_writer.reset();
        return false;
    }
    return true;
}

void Service::stop()
{
    if (m_receiver)
        m_receiver->stop();
    if (m_writer)
        m_writer->stop();
    m_receiver.reset();
    m_writer.reset();
}

} // namespace Burnrate::App
