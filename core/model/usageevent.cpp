#include "usageevent.h"

namespace Burnrate::Model {

QString costSourceName(CostSource source)
{
    switch (source) {
    case CostSource::Computed:
        return QStringLiteral("computed");
    case CostSource::Reported:
        return QStringLiteral("reported");
    case CostSource::Unpriced:
        break;
    }
    return QStringLiteral("unpriced");
}

CostSource costSourceFromName(QStringView name)
{
    if (name == u"computed")
        return CostSource::Computed;
    if (name == u"reported")
        return CostSource::Reported;
    return CostSource::Unpriced;
}

QString eventIdForSpan(QStringView traceId, QStringView spanId)
{
    return u"otlp:" + traceId + u':' + spanId;
}

} // namespace Burnrate::Model
