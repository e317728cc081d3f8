// The one path every OTLP payload takes, whether it arrives over HTTP or from a file:
// decode -> normalize -> price. Pure; callable from any thread.
#pragma once

#include "common/error.h"
#include "model/usageevent.h"
#include "normalizer.h"

#include <QByteArrayView>
#include <optional>

namespace Burnrate::Pricing {
class PriceTable;
}

namespace Burnrate::Ingest {

enum class Encoding { Json, Protobuf };

struct IngestOutcome
{
    QList<Model::UsageEvent> events;                    // billable calls, priced
    QList<Model::AttributionUpdate> attributionUpdates; // earlier calls re-attributed by a late span
    QList<Model::TraceSpan> traceSpans;                 // agents, tools and workflows (not billed)
    QList<Model::TraceSpanUpdate> traceSpanUpdates;     // earlier trace spans re-attributed by a late span
    int spans = 0;                                      // spans in the payload
    int rejectedSpans = 0;    // spans dropped as unusable (reported back as partialSuccess)
    QString rejectionMessage; // why, in one line; empty when nothing was rejected
};

// Fails (nullopt + error) only when the payload as a whole cannot be read. The normalizer remembers the
// batch (see Normalizer), so one normalizer serves one stream of batches: a receiver, an import run.
std::optional<IngestOutcome> ingestTraces(QByteArrayView payload, Encoding encoding,
                                          const Normalizer &normalizer, const Pricing::PriceTable &prices,
                                          Error *error);

// Inflates a gzip (or zlib) body, refusing to produce more than maxBytes (Error::Code::InvalidInput
// with "too large" wording, so callers can answer 413).
std::optional<QByteArray> gunzip(QByteArrayView compressed, qint64 maxBytes, bool *tooLarge, Error *error);

} // namespace Burnrate::Ingest
