// Turns OTLP spans into billable UsageEvents (DESIGN.md §3.1, telemetry-formats mapping): picks the
// model-call spans (never wrappers that repeat their children's usage), maps every attribute family,
// inherits identity down the span tree and then from the resource. Does not price; see PriceTable.
// Not thread-safe; one instance per ingest thread.
#pragma once

#include "model/usageevent.h"
#include "otlptypes.h"

#include <QList>
#include <QStringList>

namespace Burnrate::Ingest {

class Normalizer
{
public:
    struct Options
    {
        QString source = QStringLiteral("otlp"); // stored in UsageEvent::source
        bool keepContent = false;                // keep prompt/response text ([otlp] keep_content)
        qint64 maxContentBytes = 64 * 1024;      // cap per event when kept
    };

    struct Result
    {
        QList<Model::UsageEvent> events;
        int spansSeen = 0;
        int rejectedSpans = 0;        // spans that looked billable but could not be used
        QStringList rejectionReasons; // one short sentence per distinct reason
    };

    Normalizer() = default;
    explicit Normalizer(Options options) : m_options(std::move(options)) {}

    Result normalize(const TraceBatch &batch) const;

private:
    Options m_options;
};

} // namespace Burnrate::Ingest
