#include "pricetable.h"

#include "common/money.h"
#include "common/timeutil.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace Burnrate::Pricing {

using namespace Qt::StringLiterals;

namespace {

constexpr double kMaxPerMtok = 10'000.0; // above this a price is a typo, not a price
constexpr qint64 kPicoPerMicro = 1'000'000;
__extension__ typedef __int128 Int128; // GCC/Clang; exact products of tokens and picodollars

QString shippedPath()
{
    return QStringLiteral(":/prices.json");
}

// Entries are counted from 1 for the people who edit the file.
QString entryError(const QString &origin, qsizetype index, const QString &model, const QString &problem)
{
    const QString number = QString::number(index + 1);
    if (model.isEmpty())
        return QCoreApplication::translate("Burnrate::Pricing", "%1: entry %2: %3")
            .arg(origin, number, problem);
    return QCoreApplication::translate("Burnrate::Pricing", "%1: entry %2 (%3): %4")
        .arg(origin, number, model, problem);
}

// Exactly YYYY-MM-DD (QDate's own formats also take single-digit months and days).
QDate parseDay(const QJsonValue &value)
{
    const QString text = value.toString();
    if (!value.isString() || text.size() != 10)
        return {};
    for (qsizetype i = 0; i < text.size(); ++i) {
        const bool dash = i == 4 || i == 7;
        if (dash ? text[i] != u'-' : (text[i] < u'0' || text[i] > u'9'))
            return {};
    }
    return QDate::fromString(text, Qt::ISODate);
}

// USD per million tokens as a JSON number -> picodollars per token. Qt's parser yields the correctly
// rounded double; its shortest round-trip text is the decimal that was written (for up to 15
// significant digits), which Money reads exactly: 0.0375 -> "0.0375" -> 37500.
std::optional<qint64> picoFromJsonNumber(double perMtok)
{
    char buffer[512];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, perMtok, std::chars_format::fixed);
    if (ec != std::errc())
        return std::nullopt;
    return Money::parseDecimalMicros(QString::fromLatin1(buffer, end - buffer));
}

// Reads the price field `key`; `fallback` when absent (nullopt = required). Sets *problem on error.
std::optional<qint64> readPrice(const QJsonObject &entry, QLatin1StringView key,
                                std::optional<qint64> fallback, QString *problem)
{
    const QJsonValue value = entry.value(key);
    if (value.isUndefined()) {
        if (!fallback)
            *problem = QCoreApplication::translate("Burnrate::Pricing", "%1 is missing").arg(key);
        return fallback;
    }
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        *problem = QCoreApplication::translate("Burnrate::Pricing", "%1 must be a number").arg(key);
        return std::nullopt;
    }
    const double perMtok = value.toDouble();
    if (perMtok < 0) {
        *problem = QCoreApplication::translate("Burnrate::Pricing", "%1 must not be negative").arg(key);
        return std::nullopt;
    }
    if (perMtok > kMaxPerMtok) {
        *problem = QCoreApplication::translate("Burnrate::Pricing",
                                               "%1 is above 10000 USD per million tokens; the unit is USD "
                                               "per million tokens")
                       .arg(key);
        return std::nullopt;
    }
    const std::optional<qint64> pico = picoFromJsonNumber(perMtok);
    if (!pico)
        *problem = QCoreApplication::translate("Burnrate::Pricing", "%1 must be a number").arg(key);
    return pico;
}

// Reads an optional string field into *out; a present non-string sets *problem.
void readOptionalString(const QJsonObject &entry, QLatin1StringView key, QString *out, QString *problem)
{
    const QJsonValue value = entry.value(key);
    if (!problem->isEmpty() || value.isUndefined())
        return;
    if (value.isString())
        *out = value.toString().trimmed();
    else
        *problem = QCoreApplication::translate("Burnrate::Pricing", "%1 must be a string").arg(key);
}

bool sameKey(const ModelPrice &a, const ModelPrice &b)
{
    return a.effectiveFrom == b.effectiveFrom && a.provider.compare(b.provider, Qt::CaseInsensitive) == 0 &&
           a.model.compare(b.model, Qt::CaseInsensitive) == 0;
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

// What may follow a known model id in a dated or versioned variant of it.
bool isVersionSuffix(QStringView rest)
{
    if (rest.size() < 2)
        return false;
    if (rest.front() == u'@' || rest.front() == u':')
        return true;
    if (rest.compare(u"-latest", Qt::CaseInsensitive) == 0)
        return true;
    if (rest.front() != u'-')
        return false;
    // A date or version stamp (-20250929, -2024-08-06, -0125, -001), not a size or a sibling model
    // (-32k, -5 as in claude-opus-4 vs claude-opus-4-5).
    qsizetype digits = 0;
    while (1 + digits < rest.size() && isAsciiDigit(rest[1 + digits]))
        ++digits;
    return digits >= 3 && (1 + digits == rest.size() || !rest[1 + digits].isLetter());
}

// How well the table's model id `known` names the event's `model`: 0 not at all; an exact match beats
// every prefix, and a longer prefix beats a shorter one.
qsizetype matchScore(QStringView known, QStringView model)
{
    if (known.isEmpty() || known.size() > model.size() || !model.startsWith(known, Qt::CaseInsensitive))
        return 0;
    if (known.size() == model.size())
        return model.size() + 1;
    return isVersionSuffix(model.mid(known.size())) ? known.size() : 0;
}

enum class Layer { Overrides, Shipped };

// The entry of `layer` for `model` on `day`; with `inEffectOnly` a day before all of the model's entries
// finds nothing, otherwise the earliest entry.
const ModelPrice *pick(const QList<ModelPrice> &entries, Layer layer, const QString &provider,
                       QStringView model, QDate day, bool inEffectOnly)
{
    const bool wantOverride = layer == Layer::Overrides;
    qsizetype best = 0;
    bool providerMatch = false;
    for (const ModelPrice &p : entries) {
        if (p.userOverride != wantOverride)
            continue;
        const qsizetype score = matchScore(p.model, model);
        if (score > best) {
            best = score;
            providerMatch = false;
        }
        if (score > 0 && score == best && p.provider.compare(provider, Qt::CaseInsensitive) == 0)
            providerMatch = true;
    }
    if (best == 0)
        return nullptr;

    const ModelPrice *inEffect = nullptr;
    const ModelPrice *earliest = nullptr;
    for (const ModelPrice &p : entries) {
        if (p.userOverride != wantOverride || matchScore(p.model, model) != best)
            continue;
        if (providerMatch && p.provider.compare(provider, Qt::CaseInsensitive) != 0)
            continue;
        // Strict comparisons keep the first of equal dates: overrides and the event's provider come first.
        if (p.effectiveFrom <= day && (!inEffect || p.effectiveFrom > inEffect->effectiveFrom))
            inEffect = &p;
        if (!earliest || p.effectiveFrom < earliest->effectiveFrom)
            earliest = &p;
    }
    return (inEffect || inEffectOnly) ? inEffect : earliest;
}

} // namespace

PriceTable::PriceTable(QList<ModelPrice> shipped, QList<ModelPrice> overrides)
{
    for (ModelPrice &p : overrides)
        p.userOverride = true;
    for (ModelPrice &p : shipped)
        p.userOverride = false;
    m_entries = std::move(overrides);
    const qsizetype overrideCount = m_entries.size();
    for (ModelPrice &p : shipped) {
        const auto replaced = std::any_of(m_entries.cbegin(), m_entries.cbegin() + overrideCount,
                                          [&](const ModelPrice &o) { return sameKey(o, p); });
        if (!replaced)
            m_entries.append(std::move(p));
    }
}

std::optional<QList<ModelPrice>> PriceTable::parse(const QByteArray &json, const QString &origin,
                                                   Error *error)
{
    const auto fail = [error](const QString &message) -> std::optional<QList<ModelPrice>> {
        if (error)
            *error = {Error::Code::InvalidInput, message};
        return std::nullopt;
    };

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QCoreApplication::translate("Burnrate::Pricing", "%1: not valid JSON (%2 at byte %3)")
                        .arg(origin, parseError.errorString(), QString::number(parseError.offset)));
    if (!doc.isObject())
        return fail(
            QCoreApplication::translate("Burnrate::Pricing", "%1: the top level must be a JSON object")
                .arg(origin));
    const QJsonObject root = doc.object();
    const QJsonValue schema = root.value(u"schema");
    if (!schema.isDouble())
        return fail(QCoreApplication::translate("Burnrate::Pricing", "%1: \"schema\" must be the number 1")
                        .arg(origin));
    if (schema.toDouble() != 1)
        return fail(QCoreApplication::translate(
                        "Burnrate::Pricing", "%1: schema %2 is not supported; this Burnrate reads schema 1")
                        .arg(origin, QString::number(schema.toDouble())));
    const QJsonValue models = root.value(u"models");
    if (!models.isArray())
        return fail(
            QCoreApplication::translate("Burnrate::Pricing", "%1: \"models\" must be an array").arg(origin));

    QList<ModelPrice> result;
    const QJsonArray array = models.toArray();
    result.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            return fail(entryError(
                origin, i, {}, QCoreApplication::translate("Burnrate::Pricing", "must be a JSON object")));
        const QJsonObject entry = array.at(i).toObject();
        ModelPrice price;
        const QJsonValue model = entry.value(u"model");
        if (!model.isString() || model.toString().trimmed().isEmpty())
            return fail(entryError(
                origin, i, {},
                QCoreApplication::translate("Burnrate::Pricing", "model must be a non-empty string")));
        price.model = model.toString().trimmed();

        const QJsonValue provider = entry.value(u"provider");
        if (!provider.isString() || provider.toString().trimmed().isEmpty())
            return fail(entryError(
                origin, i, price.model,
                QCoreApplication::translate("Burnrate::Pricing", "provider must be a non-empty string")));
        price.provider = provider.toString().trimmed().toLower();

        price.effectiveFrom = parseDay(entry.value(u"effective_from"));
        if (!price.effectiveFrom.isValid())
            return fail(
                entryError(origin, i, price.model,
                           QCoreApplication::translate("Burnrate::Pricing",
                                                       "effective_from must be a date such as 2025-04-14")));

        QString problem;
        const auto readInto = [&](QLatin1StringView key, std::optional<qint64> fallback, qint64 *out) {
            if (!problem.isEmpty())
                return;
            if (const std::optional<qint64> pico = readPrice(entry, key, fallback, &problem))
                *out = *pico;
        };
        readInto("input_per_mtok"_L1, std::nullopt, &price.inputPico);
        readInto("output_per_mtok"_L1, std::nullopt, &price.outputPico);
        readInto("cache_read_per_mtok"_L1, 0, &price.cacheReadPico);
        readInto("cache_write_per_mtok"_L1, 0, &price.cacheWritePico);
        readInto("cache_write_1h_per_mtok"_L1, price.cacheWritePico, &price.cacheWrite1hPico);
        readOptionalString(entry, "source"_L1, &price.source, &problem);
        readOptionalString(entry, "as_of"_L1, &price.asOf, &problem);
        if (!problem.isEmpty())
            return fail(entryError(origin, i, price.model, problem));

        for (qsizetype j = 0; j < result.size(); ++j) {
            if (sameKey(result.at(j), price))
                return fail(entryError(origin, i, price.model,
                                       QCoreApplication::translate(
                                           "Burnrate::Pricing", "repeats entry %1 (same provider, model and "
                                                                "effective_from)")
                                           .arg(j + 1)));
        }
        result.append(std::move(price));
    }
    return result;
}

std::shared_ptr<const PriceTable> PriceTable::loadShipped(Error *error)
{
    QFile file(shippedPath());
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = {Error::Code::Io, QCoreApplication::translate("Burnrate::Pricing",
                                                                   "The built-in price table is missing.")};
        return nullptr;
    }
    const auto shipped = parse(file.readAll(), shippedPath(), error);
    if (!shipped)
        return nullptr;
    return std::make_shared<const PriceTable>(*shipped);
}

std::shared_ptr<const PriceTable> PriceTable::load(const QString &overridesPath, bool required, Error *error)
{
    const std::shared_ptr<const PriceTable> shipped = loadShipped(error);
    if (!shipped || overridesPath.isEmpty())
        return shipped;

    if (!QFileInfo::exists(overridesPath)) {
        if (!required)
            return shipped;
        if (error)
            *error = {Error::Code::NotFound,
                      QCoreApplication::translate("Burnrate::Pricing", "%1: price file not found")
                          .arg(overridesPath)};
        return nullptr;
    }
    QFile file(overridesPath);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = {Error::Code::Io,
                      QCoreApplication::translate("Burnrate::Pricing", "%1: cannot read (%2)")
                          .arg(overridesPath, file.errorString())};
        return nullptr;
    }
    auto overrides = parse(file.readAll(), overridesPath, error);
    if (!overrides)
        return nullptr;
    for (ModelPrice &p : *overrides) {
        if (p.source.isEmpty())
            p.source = overridesPath;
    }
    return std::make_shared<const PriceTable>(shipped->entries(), std::move(*overrides));
}

std::optional<ModelPrice> PriceTable::find(const QString &provider, const QString &model, QDate day) const
{
    if (!m_memo) // moved from
        return search(provider, model, day);
    // The provider's length makes the key unambiguous whatever characters the ids contain.
    const QString key = QString::number(day.toJulianDay()) + u':' + QString::number(provider.size()) + u':' +
                        provider + model;
    QMutexLocker lock(&m_memo->mutex);
    if (const auto it = m_memo->answers.constFind(key); it != m_memo->answers.cend())
        return *it;
    lock.unlock();
    std::optional<ModelPrice> found = search(provider, model, day);
    lock.relock();
    constexpr qsizetype kMaxAnswers = 4096; // a bound for streams of ever new model ids
    if (m_memo->answers.size() >= kMaxAnswers)
        m_memo->answers.clear();
    m_memo->answers.insert(key, found);
    return found;
}

std::optional<ModelPrice> PriceTable::search(const QString &provider, const QString &model, QDate day) const
{
    const QString id = model.trimmed();
    if (id.isEmpty())
        return std::nullopt;
    // The id as given first: an override may name an OpenRouter-style "vendor/model" id.
    QList<QStringView> names{id};
    if (const qsizetype slash = id.lastIndexOf(u'/'); slash >= 0)
        names.append(QStringView(id).mid(slash + 1));

    for (const QStringView name : names) {
        if (const ModelPrice *p = pick(m_entries, Layer::Overrides, provider, name, day, true))
            return *p;
    }
    for (const QStringView name : names) {
        if (const ModelPrice *p = pick(m_entries, Layer::Shipped, provider, name, day, false))
            return *p;
    }
    for (const QStringView name : names) {
        if (const ModelPrice *p = pick(m_entries, Layer::Overrides, provider, name, day, false))
            return *p;
    }
    return std::nullopt;
}

void PriceTable::apply(Model::UsageEvent &event) const
{
    if (event.costSource == Model::CostSource::Reported)
        return;
    const QDate day = Time::fromNs(event.startNs, QTimeZone::utc()).date();
    if (const std::optional<ModelPrice> price = find(event.provider, event.model, day)) {
        event.costMicros = costMicros(event, *price);
        event.costSource = Model::CostSource::Computed;
    } else {
        event.costMicros = 0;
        event.costSource = Model::CostSource::Unpriced;
    }
}

qint64 PriceTable::costMicros(const Model::UsageEvent &event, const ModelPrice &price)
{
    // Tokens and prices are at most ~9.2e18 and 1e10 (parse caps prices), so four products fit in 128 bits.
    // Negative counts are garbage; they count as 0 and never reduce the cost.
    const auto tokens = [](qint64 n) { return Int128(n > 0 ? n : 0); };
    const Int128 uncached =
        tokens(event.inputTokens) - tokens(event.cacheReadTokens) - tokens(event.cacheWriteTokens);
    const Int128 pico = (uncached > 0 ? uncached : 0) * price.inputPico +
                        tokens(event.cacheReadTokens) * price.cacheReadPico +
                        tokens(event.cacheWriteTokens) * price.cacheWritePico +
                        tokens(event.outputTokens) * price.outputPico; // output already includes reasoning
    const Int128 micros = (pico + kPicoPerMicro / 2) / kPicoPerMicro;
    constexpr qint64 kMax = std::numeric_limits<qint64>::max();
    return micros > kMax ? kMax : qint64(micros);
}

} // namespace Burnrate::Pricing
