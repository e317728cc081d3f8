#include "ingest.h"

#include "otlpcodec.h"
#include "pricing/pricetable.h"

#include <QCoreApplication>
#include <zlib.h>

namespace Burnrate::Ingest {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(Burnrate::Ingest)
};
} // namespace

std::optional<IngestOutcome> ingestTraces(QByteArrayView payload, Encoding encoding,
                                          const Normalizer &normalizer, const Pricing::PriceTable &prices,
                                          Error *error)
{
    std::optional<TraceBatch> batch =
        encoding == Encoding::Json ? decodeOtlpJson(payload, error) : decodeOtlpProtobuf(payload, error);
    if (!batch)
        return std::nullopt;

    Normalizer::Result normalized = normalizer.normalize(*batch);
    IngestOutcome outcome;
    outcome.spans = batch->spanCount() + batch->rejectedSpans;
    outcome.rejectedSpans = batch->rejectedSpans + normalized.rejectedSpans;
    QStringList reasons = batch->rejectionReasons + normalized.rejectionReasons;
    reasons.removeDuplicates();
    outcome.rejectionMessage = reasons.join(u"; ");
    outcome.events = std::move(normalized.events);
    outcome.attributionUpdates = std::move(normalized.attributionUpdates);
    outcome.traceSpans = std::move(normalized.traceSpans);
    outcome.traceSpanUpdates = std::move(normalized.traceSpanUpdates);
    for (Model::UsageEvent &event : outcome.events)
        prices.apply(event);
    return outcome;
}

std::optional<QByteArray> gunzip(QByteArrayView compressed, qint64 maxBytes, bool *tooLarge, Error *error)
{
    if (tooLarge)
        *tooLarge = false;
    z_stream stream{};
    // 15 + 32: accept both gzip and zlib headers.
    if (inflateInit2(&stream, 15 + 32) != Z_OK) {
        if (error)
            *error = {Error::Code::Io, Tr::tr("cannot start decompression")};
        return std::nullopt;
    }
    QByteArray out;
    out.resize(qMin<qint64>(qMax<qint64>(compressed.size() * 4, 64 * 1024), maxBytes + 1));
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    stream.avail_in = uInt(compressed.size());
    int rc = Z_OK;
    while (true) {
        if (qint64(stream.total_out) >= qint64(out.size())) {
            if (out.size() > maxBytes) {
                inflateEnd(&stream);
                if (tooLarge)
                    *tooLarge = true;
                if (error)
                    *error = {Error::Code::InvalidInput,
                              QCoreApplication::translate("Burnrate::Ingest",
                                                          "the decompressed body is larger than %1 bytes")
                                  .arg(maxBytes)};
                return std::nullopt;
            }
            out.resize(qMin<qint64>(qint64(out.size()) * 2, maxBytes + 1));
        }
        stream.next_out = reinterpret_cast<Bytef *>(out.data()) + stream.total_out;
        stream.avail_out = uInt(out.size() - qint64(stream.total_out));
        rc = inflate(&stream, Z_NO_FLUSH);
        if (rc == Z_STREAM_END)
            break;
        if (rc == Z_BUF_ERROR && stream.avail_in == 0) {
            rc = Z_DATA_ERROR; // input ended before the stream did
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            break;
    }
    const qint64 produced = qint64(stream.total_out);
    inflateEnd(&stream);
    if (rc != Z_STREAM_END) {
        if (error)
            *error = {Error::Code::InvalidInput, Tr::tr("the gzip body is damaged or truncated")};
        return std::nullopt;
    }
    if (produced > maxBytes) {
        if (tooLarge)
            *tooLarge = true;
        if (error)
            *error = {Error::Code::InvalidInput,
                      Tr::tr("the decompressed body is larger than %1 bytes").arg(maxBytes)};
        return std::nullopt;
    }
    out.truncate(produced);
    return out;
}

} // namespace Burnrate::Ingest
