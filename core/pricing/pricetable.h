// Prices per model (USD per million tokens, effective-dated), from the shipped resource and the user's
// overrides (DESIGN.md §3.4). Immutable once loaded: share it across threads as
// std::shared_ptr<const PriceTable>.
#pragma once

#include "common/error.h"
#include "model/usageevent.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QMutex>
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
    qint64 cacheWritePico = 0;   // 5-minute cache write
    qint64 cacheWrite1hPico = 0; // 1-hour cache write; equals cacheWritePico where they do not differ
    QString source;              // where the price came from (a page or data set; an override's file)
    QString asOf;                // when that source was read
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
    // From JSON text in the DESIGN.md §3.4 schema. Strict: a missing or mistyped field, a date that is not
    // YYYY-MM-DD, a negative price or one above 10000 USD per million tokens is an error naming `origin`
    // and the entry. Prices are read as decimals, without binary floating-point error.
    static std::optional<QList<ModelPrice>> parse(const QByteArray &json, const QString &origin,
                                                  Error *error);

    PriceTable() = default;
    // Marks the overrides as such; an override replaces a shipped entry with the same provider, model and
    // effective_from.
    explicit PriceTable(QList<ModelPrice> shipped, QList<ModelPrice> overrides = {});

    // The price for `model` on `day`. Models match case-insensitively: the id as given, then without its
    // "provider/" prefix; an exact match first, else the longest known model that the id extends by a
    // version stamp ("-" and at least three digits not followed by a letter, "@…", ":…" or "-latest"), so
    // claude-sonnet-4-5-20250929 finds claude-sonnet-4-5 but gpt-4o-mini never finds gpt-4o. Entries of
    // `provider` are preferred; another provider's entry for the same model is the fallback. Of a model's
    // entries the latest effective_from <= day wins; a day before all of them takes the earliest.
    // User overrides come first: an override in effect on `day` beats every shipped entry (also for a
    // dated snapshot the shipped data names exactly); before an override's effective_from the shipped
    // price applies, and only a model the shipped data lacks takes its earliest override.
    std::optional<ModelPrice> find(const QString &provider, const QString &model, QDate day) const;

    // Sets costMicros/costSource: a reported cost is kept as reported; otherwise computed from the
    // table (uncached input, cache reads and cache writes at their own rates); otherwise unpriced.
    void apply(Model::UsageEvent &event) const;
    // Exact integer arithmetic for prices in parse()'s range, rounded half up to a micro-USD; saturates at
    // the qint64 maximum. Cache writes are charged at the 5-minute rate: events do not say which cache
    // lifetime was written.
    static qint64 costMicros(const Model::UsageEvent &event, const ModelPrice &price);

    const QList<ModelPrice> &entries() const { return m_entries; }

private:
    std::optional<ModelPrice> search(const QString &provider, const QString &model, QDate day) const;

    QList<ModelPrice> m_entries; // overrides first, so they win ties
    // find()'s answers: a search compares the id with every entry, and a stream of calls names a handful
    // of models. Shared by copies, which have the same entries; thread-safe, as tables are shared.
    struct Memo
    {
        QMutex mutex;
        QHash<QString, std::optional<ModelPrice>> answers; // by day, provider and model
    };
    std::shared_ptr<Memo> m_memo = std::make_shared<Memo>();
};

} // namespace Burnrate::Pricing
