#include "tracespan.h"

namespace Burnrate::Model {

QString traceSpanKindName(TraceSpan::Kind kind)
{
    switch (kind) {
    case TraceSpan::Kind::Agent:
        return QStringLiteral("agent");
    case TraceSpan::Kind::Tool:
        return QStringLiteral("tool");
    case TraceSpan::Kind::Workflow:
        return QStringLiteral("workflow");
    case TraceSpan::Kind::Other:
        break;
    }
    return QStringLiteral("other");
}

} // namespace Burnrate::Model
