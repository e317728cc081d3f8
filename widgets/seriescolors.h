// Chart colours that belong to a series' name, so that a model (agent, feature …) keeps its colour when the
// range changes and from the Overview to Explore. GUI thread (plain functions, no state).
#pragma once

#include <QColor>
#include <QList>
#include <QStringList>

namespace Burnrate::Widgets::SeriesColors {

// Grey, for "Other" (everything outside the top series).
QColor other();
// The colour of a chart's only series (a metric, not a name): the palette's first, blue.
QColor single();
// The name's own palette colour: a fixed colour-blind friendly palette indexed by a hash of the name that is
// the same on every machine and run (unlike qHash, which is seeded per process).
QColor preferred(const QString &name);
// Colours for the names drawn together, in their order: each name's preferred colour, unless a name
// earlier in sort order took it, then the next free one in the palette, so two series never share a
// colour in one chart. The palette has more colours than a chart has series of their own.
QList<QColor> forNames(const QStringList &names);

} // namespace Burnrate::Widgets::SeriesColors
