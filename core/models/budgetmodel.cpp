#include "budgetmodel.h"

#include "common/money.h"
#include "common/timeutil.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Burnrate::Models {

using namespace Budgets;

namespace {

constexpr int kUserValueLimit = 200;

// Cents for budgets of a dollar or more: a limit is a round figure, and so is what it is compared with.
int moneyDecimals(qint64 limitMicros)
{
    return limitMicros >= 1'000'000 ? 2 : 4;
}

int reachedTier(const BudgetRow &row)
{
    int reached = 0;
    for (const Tier &tier : row.budget.tiers) {
        // The state machine's exact rule: spent × 100 ≥ limit × percent.
        if (row.status.spentMicros * 100 >= row.budget.limitMicros * tier.percent)
            reached = tier.percent;
    }
    return reached;
}

double percentOf(const BudgetRow &row)
{
    return row.budget.limitMicros > 0
               ? 100.0 * double(row.status.spentMicros) / double(row.budget.limitMicros)
               : 0.0;
}

} // namespace

bool operator==(const BudgetRow &a, const BudgetRow &b)
{
    const Budget &x = a.budget;
    const Budget &y = b.budget;
    return x.id == y.id && x.name == y.name && x.scope == y.scope && x.period == y.period &&
           x.zone == y.zone && x.limitMicros == y.limitMicros && x.tiers == y.tiers &&
           x.forecastAlert == y.forecastAlert && x.webhookUrl == y.webhookUrl &&
           x.killAction == y.killAction && a.status.bounds == b.status.bounds &&
           a.status.spentMicros == b.status.spentMicros && a.status.projection == b.status.projection &&
           a.state == b.state;
}

BudgetModel::BudgetModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void BudgetModel::setRows(const QList<BudgetRow> &rows, qint64 nowNs)
{
    const bool snoozeMoved = std::any_of(m_rows.cbegin(), m_rows.cend(), [&](const BudgetRow &r) {
        return isSnoozed(r.state, m_nowNs) != isSnoozed(r.state, nowNs);
    });
    m_nowNs = nowNs;
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        const qint64 id = m_rows.at(i).budget.id;
        if (std::none_of(rows.cbegin(), rows.cend(), [&](const BudgetRow &r) { return r.budget.id == id; })) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    for (const BudgetRow &row : rows) {
        const int at = rowOf(row.budget.id);
        if (at < 0) {
            const int end = int(m_rows.size());
            beginInsertRows({}, end, end);
            m_rows.append(row);
            endInsertRows();
        } else if (!(m_rows.at(at) == row)) {
            m_rows[at] = row;
            Q_EMIT dataChanged(index(at, 0), index(at, ColumnCount - 1));
        }
    }
    if (snoozeMoved && !m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, StateColumn), index(int(m_rows.size()) - 1, StateColumn));
}

int BudgetModel::rowOf(qint64 budgetId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).budget.id == budgetId)
            return i;
    }
    return -1;
}

QString BudgetModel::dimensionLabel(Dimension dimension)
{
    switch (dimension) {
    case Dimension::All:
        return tr("All spend");
    case Dimension::Provider:
        return tr("Provider");
    case Dimension::Model:
        return tr("Model");
    case Dimension::Feature:
        return tr("Feature");
    case Dimension::Agent:
        return tr("Agent");
    case Dimension::User:
        return tr("User");
    }
    return {};
}

QString BudgetModel::scopeLabel(const Scope &scope)
{
    if (scope.dimension == Dimension::All)
        return dimensionLabel(Dimension::All);
    return tr("%1: %2", "a budget's scope: dimension: value")
        .arg(dimensionLabel(scope.dimension), scope.value);
}

QString BudgetModel::periodLabel(Period period)
{
    switch (period) {
    case Period::Day:
        return tr("Daily");
    case Period::Week:
        return tr("Weekly");
    case Period::Month:
        return tr("Monthly");
    }
    return {};
}

QString BudgetModel::killActionLabel(KillAction action)
{
    switch (action) {
    case KillAction::None:
        break;
    case KillAction::Observe:
        return tr("Observe");
    case KillAction::Enforce:
        return tr("Enforce");
    }
    return tr("Notify only");
}

QString BudgetModel::killActionExplanation(const Budget &budget)
{
    // The kill action runs when the first escalating tier (120 % by default) fires.
    int escalation = 0;
    for (const Tier &tier : budget.tiers) {
        if (tier.action == TierAction::Escalate) {
            escalation = tier.percent;
            break;
        }
    }
    if (budget.killAction == KillAction::None)
        return tr("Agents keep running; the alerts only notify.");
    if (escalation == 0)
        return tr("No tier reaches 120 %, so nothing escalates and no agent is stopped.");
    const Dimension dimension = budget.scope.dimension;
    if (dimension != Dimension::All && dimension != Dimension::Agent)
        return tr("Budgets with the scope %1 stop no agent: at %2 % this one only notifies. Choose an agent "
                  "or all spend as the scope to stop agents.")
            .arg(dimensionLabel(dimension))
            .arg(escalation);
    const QString agent = budget.scope.value.isEmpty() ? tr("the agent") : budget.scope.value;
    if (budget.killAction == KillAction::Observe)
        return dimension == Dimension::All
                   ? tr("At %1 % nothing is stopped; the alert says the kill switch would have stopped all "
                        "agents.")
                         .arg(escalation)
                   : tr("At %1 % nothing is stopped; the alert says the kill switch would have stopped %2.")
                         .arg(escalation)
                         .arg(agent);
    return dimension == Dimension::All
               ? tr("At %1 % the kill switch stops all agents until someone resumes them.").arg(escalation)
               : tr("At %1 % the kill switch stops %2 until someone resumes it.").arg(escalation).arg(agent);
}

QString BudgetModel::killActionText(const Budget &budget)
{
    const Dimension dimension = budget.scope.dimension;
    if (budget.killAction == KillAction::None ||
        (dimension != Dimension::All && dimension != Dimension::Agent))
        return tr("—", "a budget that stops no agent");
    if (budget.killAction == KillAction::Observe)
        return tr("Observe only");
    return dimension == Dimension::All ? tr("Stop all agents") : tr("Stop %1").arg(budget.scope.value);
}

QString BudgetModel::money(qint64 micros, qint64 limitMicros) const
{
    return Money::formatUsd(micros, m_locale, moneyDecimals(limitMicros));
}

bool BudgetModel::current(const BudgetRow &row) const
{
    return row.state.periodStartNs == row.status.bounds.startNs;
}

QString BudgetModel::stateText(const BudgetRow &row) const
{
    // Short enough for a table cell: "70, 100 % acknowledged, 120 % fired".
    QStringList parts;
    if (current(row)) {
        QStringList fired;
        QStringList acknowledged;
        for (const TierRecord &tier : row.state.tiers) {
            if (tier.firedAtNs != 0)
                (tier.acknowledged ? acknowledged : fired).append(m_locale.toString(tier.percent));
        }
        const QString separator = tr(", ", "between the tiers in a budget's state");
        if (!acknowledged.isEmpty())
            parts.append(tr("%1 % acknowledged").arg(acknowledged.join(separator)));
        if (!fired.isEmpty())
            parts.append(tr("%1 % fired").arg(fired.join(separator)));
        if (row.state.forecastFiredAtNs != 0)
            parts.append(row.state.forecastAcknowledged ? tr("forecast acknowledged") : tr("forecast fired"));
    }
    if (parts.isEmpty())
        parts.append(tr("No tier reached"));
    if (isSnoozed(row.state, m_nowNs)) {
        const QDateTime until = Time::fromNs(row.state.snoozedUntilNs, QTimeZone::systemTimeZone());
        const bool today = until.date() == Time::fromNs(m_nowNs, QTimeZone::systemTimeZone()).date();
        parts.append(tr("snoozed until %1")
                         .arg(today ? m_locale.toString(until.time(), QLocale::ShortFormat)
                                    : m_locale.toString(until, QLocale::ShortFormat)));
    }
    return parts.join(tr(", ", "between the parts of a budget's state"));
}

QString BudgetModel::projectionText(const BudgetRow &row) const
{
    if (!row.status.projection)
        return tr("—", "no projection yet");
    const Projection &p = *row.status.projection;
    if (!p.exceedsLimit())
        return money(p.projectedMicros, row.budget.limitMicros);
    return tr("%1\non track to exceed on %2", "projected spend, then the day it crosses the limit")
        .arg(money(p.projectedMicros, row.budget.limitMicros),
             m_locale.toString(p.exceedDate, tr("MMM d", "the day a budget is exceeded")));
}

int BudgetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BudgetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BudgetModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BudgetRow &row = m_rows.at(index.row());
    const Budget &b = row.budget;
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return b.name;
        case ScopeColumn:
            return scopeLabel(b.scope);
        case PeriodColumn:
            return tr("%1 (%2)", "a budget's period and time zone")
                .arg(periodLabel(b.period), QString::fromUtf8(b.zone.id()));
        case SpentColumn:
            return money(row.status.spentMicros, b.limitMicros);
        case PercentColumn:
            return tr("%1 % of %2")
                .arg(m_locale.toString(percentOf(row), 'f', 0), money(b.limitMicros, b.limitMicros));
        case ProjectedColumn:
            return projectionText(row);
        case StateColumn:
            return stateText(row);
        case KillColumn:
            return killActionText(b);
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (column) {
        case PeriodColumn:
            return tr("From %1 to %2")
                .arg(m_locale.toString(Time::fromNs(row.status.bounds.startNs, b.zone), QLocale::ShortFormat),
                     m_locale.toString(Time::fromNs(row.status.bounds.endNs, b.zone), QLocale::ShortFormat));
        case PercentColumn:
            return tr("Tiers: %1 %").arg(tiersText(b.tiers));
        case ProjectedColumn:
            return row.status.projection ? projectionText(row) + u'\n' +
                                               tr("Spend expected at the end of the period at the recent "
                                                  "burn rate of %1 per hour.")
                                                   .arg(Money::formatUsdForDisplay(
                                                       row.status.projection->rateMicrosPerHour, m_locale))
                                         : tr("Too little of the period has passed for a projection.");
        case StateColumn:
            return stateText(row);
        case KillColumn:
            return killActionExplanation(b);
        default:
            break;
        }
        break;
    case Qt::TextAlignmentRole:
        switch (column) {
        case SpentColumn:
        case ProjectedColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case SortRole:
        switch (column) {
        case NameColumn:
            return b.name;
        case ScopeColumn:
            return scopeLabel(b.scope);
        case PeriodColumn:
            return int(b.period);
        case SpentColumn:
            return row.status.spentMicros;
        case PercentColumn:
            return percentOf(row);
        case ProjectedColumn:
            return row.status.projection ? row.status.projection->projectedMicros : qint64(-1);
        case StateColumn:
            return stateText(row);
        case KillColumn:
            return killActionText(b);
        case ColumnCount:
            break;
        }
        break;
    case BudgetIdRole:
        return b.id;
    case PercentRole:
        return percentOf(row);
    case ReachedTierRole:
        return reachedTier(row);
    case NeedsAttentionRole:
        return current(row) && needsAttention(row.state);
    case SnoozedRole:
        return isSnoozed(row.state, m_nowNs);
    default:
        break;
    }
    return {};
}

QVariant BudgetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == ProjectedColumn)
        return tr("Spend expected at the end of the period at the recent burn rate");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case NameColumn:
        return tr("Budget");
    case ScopeColumn:
        return tr("Scope");
    case PeriodColumn:
        return tr("Period");
    case SpentColumn:
        return tr("Spent");
    case PercentColumn:
        return tr("Of limit");
    case ProjectedColumn:
        return tr("Projected at period end");
    case StateColumn:
        return tr("Alerts");
    case KillColumn:
        return tr("Kill switch");
    case ColumnCount:
        break;
    }
    return {};
}

QStringList knownScopeValues(const QSqlDatabase &db, Dimension dimension, qint64 sinceNs, Error *error)
{
    QString sql;
    switch (dimension) {
    case Dimension::All:
        return {};
    case Dimension::Provider:
    case Dimension::Model:
    case Dimension::Feature:
    case Dimension::Agent: {
        const QString column =
            dimension == Dimension::Agent ? QStringLiteral("agent_id") : dimensionName(dimension);
        sql = u"SELECT DISTINCT " + column + u" FROM rollup_hourly WHERE hour >= ? AND " + column +
              u" <> '' ORDER BY 1";
        break;
    }
    case Dimension::User:
        sql = u"SELECT DISTINCT user_id FROM (SELECT user_id FROM usage_events WHERE ts_start_ns >= ? AND "
              u"user_id IS NOT NULL AND user_id <> '' LIMIT 100000) ORDER BY 1 LIMIT " +
              QString::number(kUserValueLimit);
        break;
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    q.addBindValue(dimension == Dimension::User ? sinceNs : sinceNs / Time::kNanosPerHour);
    if (!q.exec()) {
        if (error)
            *error = {Error::Code::Database,
                      BudgetModel::tr("Cannot read the known values: %1").arg(q.lastError().databaseText())};
        return {};
    }
    QStringList values;
    while (q.next())
        values.append(q.value(0).toString());
    return values;
}

} // namespace Burnrate::Models
