// OTLP/HTTP trace payloads in both wire encodings: decoding ExportTraceServiceRequest (also the
// Collector file exporter's TracesData, which has the same shape) into TraceBatch, and encoding the
// responses. Pure functions, usable from any thread.
#pragma once

#include "common/error.h"
#include "otlptypes.h"

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace Burnrate::Ingest {

// JSON encoding per the OTLP spec: lowerCamelCase keys, hex ids (any case), int64 as string or number,
// enums as integers, unknown fields ignored. A body that is not a JSON object of that shape is an
// error (nullopt + message); a single unusable span (bad id, impossible time) is dropped and counted in
// TraceBatch::rejectedSpans instead.
std::optional<TraceBatch> decodeOtlpJson(QByteArrayView body, Error *error);

// Binary protobuf encoding (application/x-protobuf). Same rules as above.
std::optional<TraceBatch> decodeOtlpProtobuf(QByteArrayView body, Error *error);

// Encoders, used by the demo fleet, benchmarks and tests to produce real payloads.
QByteArray encodeOtlpJson(const TraceBatch &batch);
QByteArray encodeOtlpProtobuf(const TraceBatch &batch);

// ExportTraceServiceResponse: "{}" on full success, partialSuccess otherwise.
QByteArray exportResponseJson(qint64 rejectedSpans, const QString &errorMessage);
QByteArray exportResponseProtobuf(qint64 rejectedSpans, const QString &errorMessage);
// google.rpc.Status for 4xx/5xx bodies.
QByteArray statusJson(int grpcCode, const QString &message);
QByteArray statusProtobuf(int grpcCode, const QString &message);

} // namespace Burnrate::Ingest
