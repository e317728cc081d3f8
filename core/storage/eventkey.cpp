#include "eventkey.h"

#include <QStringEncoder>
#include <QVarLengthArray>
#include <cstring>

// Header-only: the hash is compiled in, and XXH3's output is fixed across xxhash versions since 0.8.0.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace Burnrate::Storage {

qint64 eventKey(QByteArrayView utf8EventId)
{
    const XXH64_hash_t h = XXH3_64bits(utf8EventId.data(), size_t(utf8EventId.size()));
    qint64 key;
    std::memcpy(&key, &h, sizeof key);
    return key;
}

qint64 eventKey(QStringView eventId)
{
    QVarLengthArray<char, 128> utf8(eventId.size() * 3);
    // Stateless: a trailing unpaired surrogate is encoded (as U+FFFD), not held back as state.
    QStringEncoder encoder(QStringEncoder::Utf8, QStringConverter::Flag::Stateless);
    char *const end = encoder.appendToBuffer(utf8.data(), eventId);
    return eventKey(QByteArrayView(utf8.data(), end - utf8.data()));
}

bool isSpanEventId(QStringView eventId, QStringView traceId, QStringView spanId)
{
    // "otlp:" + traceId + ':' + spanId, compared without building it (Model::eventIdForSpan).
    constexpr QStringView prefix = u"otlp:";
    return !traceId.isEmpty() && !spanId.isEmpty() &&
           eventId.size() == prefix.size() + traceId.size() + 1 + spanId.size() &&
           eventId.startsWith(prefix) && eventId.sliced(prefix.size(), traceId.size()) == traceId &&
           eventId.at(prefix.size() + traceId.size()) == u':' && eventId.endsWith(spanId);
}

int registerEventKeyFunction(sqlite3 *db)
{
    const auto function = [](sqlite3_context *context, int, sqlite3_value **args) {
        const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(args[0]));
        if (!text) {
            sqlite3_result_null(context);
            return;
        }
        sqlite3_result_int64(context, eventKey(QByteArrayView(text, sqlite3_value_bytes(args[0]))));
    };
    return sqlite3_create_function_v2(db, "burnrate_event_key", 1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                      function, nullptr, nullptr, nullptr);
}

} // namespace Burnrate::Storage
