// Prices per model (USD per million tokens, effective-dated), from the shipped resource and the user's
// overrides (DESIGN.md §3.4). Immutable once loaded: share it across threads as
// std::shared_ptr<const PriceTable>.
#pragma once

#include "common/error.h"
#include "model/usageevent.h"

#include <QDate>
#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace Burnrate::Pricing {

struct ModelPrice
{
    QString provider;
    QString model;
    QDate effectiveFrom;
    // Picodollars per token (= USD per million tokens × 10^6), exact integers.
    qint64 inputPico = 0;
    qint64 outputPico = 0;
    qint64 cacheReadPico = 0;
    qint64 cacheWritePico = 0; // 5-minute cache write
    qint64 cacheWrite1hPico = 0; // 1-hour cache write; equals cacheWritePico where they do not differ
    QString source; // where the price came from ("anthropic.com/pricing", "user override …")
    QString asOf;   // when that source was read
    bool userOverride = false;
};

class PriceTable
{
public:
    // The price data shipped inside the binary (:/prices.json).
    static std::shared_ptr<const PriceTable> loadShipped(Error *error);
    // Shipped data with the user's overrides on top. overridesPath may be empty (no overrides) or name a
    // file that does not exist (no overrides, unless `required`). A malformed override file is an error.
    static std::shared_ptr<const PriceTable> load(const QString &overridesPath, bool required, Error *error);
    // From JSON text in the DESIGN.md §3.4 schema.
    static std::optional<QList<ModelPrice>> parse(const QByteArray &json, const QString &origin, Error *error);

    PriceTable() = default;
    explicit PriceTable(QList<ModelPrice> shipped, QList<ModelPrice> overrides = {});

    // Exact model match first, then the longest known prefix (a dated snapshot falls back to its base
    // model), after stripping a "provider/" prefix; the entry in effect on `day`.
    std::optional<ModelPrice> find(const QString &provider, const QString &model, QDate day) const;

    // Sets costMicros/costSource: a reported cost is kept as reported; otherwise computed from the
    // table (uncached input, cache reads and cache writes at their own rates); otherwise unpriced.
    void apply(Model::UsageEvent &event) const;
    static qint64 costMicros(const Model::UsageEvent &event, const ModelPrice &price);

    const QList<ModelPrice> &entries() const { return m_entries; }

private:
    QList<ModelPrice> m_entries; // overrides first, so they win ties
};

} // namespace Burnrate::Pricing
