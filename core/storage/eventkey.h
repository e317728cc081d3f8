// The key an event is stored and found under (schema v8). usage_events is unique on (ts_start_ns,
// event_key), where event_key is a 64-bit hash of the event id: 8 bytes in the row and the index instead
// of a 55-character id stored twice, which was a quarter of an event's bytes (docs/performance.md §6).
// Two ids collide only with probability 2^-64, and only events that start in the same nanosecond are
// compared at all. An OTLP span's id, "otlp:<trace_id>:<span_id>", repeats the row's trace and span ids
// and is stored as '' (kEventIdSql rebuilds it).
#pragma once

#include <QByteArrayView>
#include <QStringView>
#include <sqlite3.h>

namespace Burnrate::Storage {

// XXH3-64 of the id's UTF-8 bytes, as a signed integer (SQLite's).
qint64 eventKey(QByteArrayView utf8EventId);
qint64 eventKey(QStringView eventId);

// True when `eventId` is the one the span ids rebuild, so that the row can store '' in its place.
bool isSpanEventId(QStringView eventId, QStringView traceId, QStringView spanId);

// The SQL expression for a stored row's event id.
inline constexpr char kEventIdSql[] =
    "CASE WHEN event_id = '' THEN 'otlp:' || trace_id || ':' || span_id ELSE event_id END";

// Adds burnrate_event_key(text) to a connection, for the migration that keys the stored events.
int registerEventKeyFunction(sqlite3 *db);

} // namespace Burnrate::Storage
