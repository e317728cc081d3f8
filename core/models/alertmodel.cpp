#include "alertmodel.h"

#include "common/money.h"
#include "common/timeutil.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Burnrate::Models {

using Budgets::Alert;

namespace {

bool sameAlert(const Alert &a, const Alert &b)
{
    return a.id == b.id && a.kind == b.kind && a.budgetId == b.budgetId && a.budgetName == b.budgetName &&
           a.tier == b.tier && a.scope == b.scope && a.valueMicros == b.valueMicros &&
           a.limitMicros == b.limitMicros && a.firedAtNs == b.firedAtNs && a.acknowledged == b.acknowledged &&
           a.message == b.message && a.detail == b.detail;
}

QString jsonValueText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? AlertModel::tr("yes") : AlertModel::tr("no");
    if (value.isDouble())
        return QLocale().toString(value.toDouble());
    if (value.isArray()) {
        QStringList items;
        for (const QJsonValue &item : value.toArray())
            items.append(jsonValueText(item));
        return items.join(QStringLiteral(", "));
    }
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    return {};
}

// An amount in the detail, as the alert's message writes it.
QString usd(const QString &decimal)
{
    const std::optional<qint64> micros = Money::parseDecimalMicros(decimal);
    return micros ? Money::formatUsdForDisplay(*micros, QLocale()) : decimal;
}

} // namespace

AlertModel::AlertModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AlertModel::setAlerts(const QList<Alert> &alerts)
{
    for (int i = int(m_alerts.size()) - 1; i >= 0; --i) {
        const qint64 id = m_alerts.at(i).id;
        if (std::none_of(alerts.cbegin(), alerts.cend(), [&](const Alert &a) { return a.id == id; })) {
            beginRemoveRows({}, i, i);
            m_alerts.removeAt(i);
            endRemoveRows();
        }
    }
    for (const Alert &alert : alerts) {
        const int at = rowOf(alert.id);
        if (at < 0) {
            addAlert(alert);
        } else if (!sameAlert(m_alerts.at(at), alert)) {
            m_alerts[at] = alert;
            Q_EMIT dataChanged(index(at, 0), index(at, ColumnCount - 1));
        }
    }
}

void AlertModel::addAlert(const Alert &alert)
{
    if (rowOf(alert.id) >= 0)
        return;
    const int end = int(m_alerts.size());
    beginInsertRows({}, end, end);
    m_alerts.append(alert);
    endInsertRows();
}

void AlertModel::setAcknowledged(qint64 alertId)
{
    const int at = rowOf(alertId);
    if (at < 0 || m_alerts.at(at).acknowledged)
        return;
    m_alerts[at].acknowledged = true;
    Q_EMIT dataChanged(index(at, 0), index(at, ColumnCount - 1));
}

int AlertModel::rowOf(qint64 alertId) const
{
    for (int i = int(m_alerts.size()) - 1; i >= 0; --i) { // new alerts are at the end
        if (m_alerts.at(i).id == alertId)
            return i;
    }
    return -1;
}

int AlertModel::unacknowledgedCount() const
{
    return int(
        std::count_if(m_alerts.cbegin(), m_alerts.cend(), [](const Alert &a) { return !a.acknowledged; }));
}

QString AlertModel::kindLabel(Alert::Kind kind)
{
    switch (kind) {
    case Alert::Kind::Budget:
        return tr("Budget");
    case Alert::Kind::Anomaly:
        return tr("Anomaly");
    case Alert::Kind::Loop:
        return tr("Loop");
    case Alert::Kind::Forecast:
        return tr("Forecast");
    }
    return {};
}

QString AlertModel::valueText(const Alert &alert) const
{
    // Cents when the limit is a dollar or more, like the Budgets screen.
    const int decimals = alert.limitMicros >= 1'000'000 ? 2 : 4;
    const auto money = [this, decimals](qint64 micros) {
        return Money::formatUsd(micros, m_locale, decimals);
    };
    switch (alert.kind) {
    case Alert::Kind::Budget:
        return tr("%1 of %2").arg(money(alert.valueMicros), money(alert.limitMicros));
    case Alert::Kind::Forecast:
        return tr("%1 projected, limit %2").arg(money(alert.valueMicros), money(alert.limitMicros));
    case Alert::Kind::Anomaly:
        return tr("%1 in an hour, usually %2").arg(money(alert.valueMicros), money(alert.limitMicros));
    case Alert::Kind::Loop:
        return alert.valueMicros > 0 ? money(alert.valueMicros) : QString();
    }
    return {};
}

QString AlertModel::detailText(const Alert &alert)
{
    const QLocale locale;
    QStringList lines;
    lines.append(alert.message);
    lines.append(QString());
    lines.append(tr("Kind: %1").arg(kindLabel(alert.kind)));
    lines.append(tr("Fired: %1")
                     .arg(locale.toString(Time::fromNs(alert.firedAtNs, QTimeZone::systemTimeZone()),
                                          QLocale::LongFormat)));
    if (!alert.budgetName.isEmpty())
        lines.append(tr("Budget: %1").arg(alert.budgetName));
    if (!alert.scope.isEmpty())
        lines.append(tr("Scope: %1").arg(alert.scope));
    if (alert.tier > 0)
        lines.append(tr("Tier: %1 %").arg(alert.tier));
    lines.append(tr("Acknowledged: %1").arg(alert.acknowledged ? tr("yes") : tr("no")));

    QJsonObject rest = alert.detail;
    const auto take = [&rest](const char *key) {
        const QJsonValue value = rest.value(QLatin1StringView(key));
        rest.remove(QLatin1StringView(key));
        return value;
    };
    if (const QJsonValue ratio = take("ratio"); ratio.isDouble())
        lines.append(
            tr("Ratio to the usual hourly spend: %1×").arg(locale.toString(ratio.toDouble(), 'f', 1)));
    if (const QJsonValue hours = take("baseline_hours"); !hours.isUndefined())
        lines.append(tr("Baseline: %n hour(s)", nullptr, hours.toInt()));
    if (const QJsonValue spent = take("spent_usd"); spent.isString())
        lines.append(tr("Spent so far: %1").arg(usd(spent.toString())));
    if (const QJsonValue date = take("exceeds_on"); date.isString())
        lines.append(
            tr("Limit reached on: %1")
                .arg(locale.toString(QDate::fromString(date.toString(), Qt::ISODate), QLocale::LongFormat)));
    if (const QJsonValue action = take("action"); action.isString()) {
        const auto known = Budgets::actionFromName(action.toString());
        const QString text = !known                                  ? action.toString()
                             : *known == Budgets::TierAction::Notify ? tr("notification")
                             : *known == Budgets::TierAction::Critical
                                 ? tr("critical notification")
                                 : tr("critical notification and escalation");
        lines.append(tr("Action: %1").arg(text));
    }
    if (take("recovered").toBool())
        lines.append(tr("The spend fell back under this tier."));
    if (take("muted").toBool())
        lines.append(tr("The budget was snoozed: no notification was shown."));
    take("period_start");

    const QJsonArray contributors = take("contributors").toArray();
    if (!contributors.isEmpty()) {
        lines.append(QString());
        lines.append(tr("Top contributors:"));
        for (const QJsonValue &value : contributors) {
            const QJsonObject c = value.toObject();
            const auto part = [](const QJsonObject &o, const char *key) {
                const QString text = o.value(QLatin1StringView(key)).toString();
                return text.isEmpty() ? QStringLiteral("—") : text;
            };
            lines.append(tr("  • agent %1, model %2, feature %3: %4")
                             .arg(part(c, "agent"), part(c, "model"), part(c, "feature"),
                                  usd(c.value(QLatin1StringView("cost_usd")).toString())));
        }
    }
    const QJsonArray traces = take("trace_ids").toArray();
    if (!traces.isEmpty()) {
        lines.append(QString());
        lines.append(tr("Trace ids:"));
        for (const QJsonValue &trace : traces)
            lines.append(u"  " + trace.toString());
    }
    // Fields this version does not know by name (the loop alarm's agent, session, tool …) as they are.
    if (!rest.isEmpty()) {
        lines.append(QString());
        for (auto it = rest.constBegin(); it != rest.constEnd(); ++it)
            lines.append(tr("%1: %2", "an alert's detail field: name: value")
                             .arg(it.key(), jsonValueText(it.value())));
    }
    return lines.join(u'\n');
}

int AlertModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alerts.size());
}

int AlertModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Alert &a = m_alerts.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return m_locale.toString(Time::fromNs(a.firedAtNs, QTimeZone::systemTimeZone()),
                                     tr("yyyy-MM-dd HH:mm:ss", "an alert's time"));
        case KindColumn:
            return kindLabel(a.kind);
        case SubjectColumn:
            return a.budgetName.isEmpty() ? a.scope : a.budgetName;
        case TierColumn:
            return a.tier > 0 ? tr("%1 %").arg(a.tier) : QString();
        case ValueColumn:
            return valueText(a);
        case MessageColumn:
            return a.message;
        case AcknowledgedColumn:
            return a.acknowledged ? tr("Yes") : tr("No");
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        if (column == MessageColumn)
            return a.message;
        if (column == SubjectColumn)
            return a.scope;
        break;
    case Qt::TextAlignmentRole:
        return QVariant::fromValue((column == TierColumn ? Qt::AlignRight : Qt::AlignLeft) |
                                   Qt::AlignVCenter);
    case SortRole:
        switch (column) {
        case TimeColumn:
            return a.firedAtNs;
        case KindColumn:
            return kindLabel(a.kind);
        case SubjectColumn:
            return a.budgetName.isEmpty() ? a.scope : a.budgetName;
        case TierColumn:
            return a.tier;
        case ValueColumn:
            return a.valueMicros;
        case MessageColumn:
            return a.message;
        case AcknowledgedColumn:
            return a.acknowledged;
        case ColumnCount:
            break;
        }
        break;
    case AlertIdRole:
        return a.id;
    case KindRole:
        return int(a.kind);
    case AcknowledgedRole:
        return a.acknowledged;
    case FiredAtRole:
        return a.firedAtNs;
    default:
        break;
    }
    return {};
}

QVariant AlertModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case KindColumn:
        return tr("Kind");
    case SubjectColumn:
        return tr("Budget or scope");
    case TierColumn:
        return tr("Tier");
    case ValueColumn:
        return tr("Value");
    case MessageColumn:
        return tr("Message");
    case AcknowledgedColumn:
        return tr("Acknowledged");
    case ColumnCount:
        break;
    }
    return {};
}

AlertFilterModel::AlertFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(AlertModel::SortRole);
}

void AlertFilterModel::setKind(std::optional<Alert::Kind> kind)
{
    m_kind = kind;
    invalidateFilter();
}

void AlertFilterModel::setUnacknowledgedOnly(bool only)
{
    m_unacknowledgedOnly = only;
    invalidateFilter();
}

void AlertFilterModel::setSinceNs(qint64 sinceNs)
{
    m_sinceNs = sinceNs;
    invalidateFilter();
}

bool AlertFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_kind && index.data(AlertModel::KindRole).toInt() != int(*m_kind))
        return false;
    if (m_unacknowledgedOnly && index.data(AlertModel::AcknowledgedRole).toBool())
        return false;
    return index.data(AlertModel::FiredAtRole).toLongLong() >= m_sinceNs;
}

bool AlertFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QPartialOrdering order =
        QVariant::compare(left.data(AlertModel::SortRole), right.data(AlertModel::SortRole));
    if (order == QPartialOrdering::Less)
        return true;
    if (order == QPartialOrdering::Greater)
        return false;
    return left.data(AlertModel::AlertIdRole).toLongLong() < right.data(AlertModel::AlertIdRole).toLongLong();
}

} // namespace Burnrate::Models
