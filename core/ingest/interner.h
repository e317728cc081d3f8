// Attribute names, and the values of names that take few, as shared QStrings for one decoded request
// (both OTLP decoders). A request's spans repeat the same few dozen names and mostly the same models,
// users, features and agents; a lookup costs less than converting and allocating each copy, and freeing
// it again on the writer's thread after the commit (docs/performance.md §6). Bounded: beyond kMaxNames
// names, or kMaxValues values of one name (ids), strings are converted as they come.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QString>

namespace Burnrate::Ingest {

class Interner
{
public:
    struct Name
    {
        QString text;
        QHash<QByteArray, QString> values; // UTF-8 -> shared text
    };

    // nullptr once kMaxNames names are known; valid until the next call (a QHash moves its values as it
    // grows).
    Name *name(QByteArrayView utf8)
    {
        const QByteArray lookup = QByteArray::fromRawData(utf8.data(), utf8.size()); // no copy
        if (const auto it = m_names.find(lookup); it != m_names.end())
            return &*it;
        if (m_names.size() >= kMaxNames)
            return nullptr;
        return &*m_names.insert(utf8.toByteArray(), Name{QString::fromUtf8(utf8), {}});
    }
    // The name's shared text, or `utf8` converted when there is none.
    static QString text(const Name *name, QByteArrayView utf8)
    {
        return name ? name->text : QString::fromUtf8(utf8);
    }
    // A string value of `name` (nullptr: not known, or one too many).
    static QString value(Name *name, QByteArrayView utf8)
    {
        if (!name || name->values.size() >= kMaxValues)
            return QString::fromUtf8(utf8);
        const QByteArray lookup = QByteArray::fromRawData(utf8.data(), utf8.size());
        if (const auto it = name->values.constFind(lookup); it != name->values.cend())
            return *it;
        return *name->values.insert(utf8.toByteArray(), QString::fromUtf8(utf8));
    }

private:
    static constexpr qsizetype kMaxNames = 256;
    static constexpr qsizetype kMaxValues = 64;
    QHash<QByteArray, Name> m_names;
};

} // namespace Burnrate::Ingest
