#include "seriescolors.h"

#include <algorithm>
#include <array>

namespace Burnrate::Widgets::SeriesColors {

namespace {

// Tableau 10 without its grey (kept for "Other"), colour-blind friendly.
constexpr std::array<QRgb, 9> kPalette = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2,
                                          0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f};
constexpr QRgb kOther = 0xbab0ac;

// FNV-1a over the UTF-8 bytes: fixed, so a name's colour never depends on the process or the CPU.
size_t paletteIndex(const QString &name)
{
    quint32 hash = 2166136261u;
    for (const char byte : name.toUtf8()) {
        hash ^= quint8(byte);
        hash *= 16777619u;
    }
    return hash % kPalette.size();
}

} // namespace

QColor other()
{
    return QColor(kOther);
}

QColor single()
{
    return QColor(kPalette[0]);
}

QColor preferred(const QString &name)
{
    return QColor(kPalette[paletteIndex(name)]);
}

QList<QColor> forNames(const QStringList &names)
{
    QList<qsizetype> order(names.size());
    for (qsizetype i = 0; i < names.size(); ++i)
        order[i] = i;
    // Sort order, not rank, decides who keeps a contested colour: the rank changes with the range.
    std::stable_sort(order.begin(), order.end(),
                     [&names](qsizetype a, qsizetype b) { return names.at(a) < names.at(b); });
    std::array<bool, kPalette.size()> taken{};
    QList<QColor> colors(names.size());
    for (const qsizetype i : std::as_const(order)) {
        size_t index = paletteIndex(names.at(i));
        // More names than colours (not so in Burnrate's charts): the rest share, rather than loop forever.
        for (size_t probe = 0; probe < kPalette.size() && taken[index]; ++probe)
            index = (index + 1) % kPalette.size();
        taken[index] = true;
        colors[i] = QColor(kPalette[index]);
    }
    return colors;
}

} // namespace Burnrate::Widgets::SeriesColors
