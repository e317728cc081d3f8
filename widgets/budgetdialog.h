// Add or edit a budget: name, scope (dimension and a value, with the values seen in the data offered),
// period, time zone, limit, tiers, forecast alert, webhook and kill action, checked as the user types. The
// caller's save function stores it; its error (a name in use) is shown and the dialog stays open. GUI thread.
#pragma once

#include "budgets/budget.h"

#include <QDialog>
#include <QTimeZone>
#include <functional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Burnrate::Widgets {

class BudgetDialog : public QDialog
{
    Q_OBJECT
public:
    using KnownValues = std::function<QStringList(Budgets::Dimension)>;
    using Save = std::function<bool(Budgets::Budget &budget, Error *error)>;

    // `budget.id` 0 adds a budget, otherwise edits that one.
    BudgetDialog(const Budgets::Budget &budget, KnownValues knownValues, Save save,
                 QWidget *parent = nullptr);

    // What the fields say, or the first problem with them.
    std::optional<Budgets::Budget> budget(Error *error) const;
    // The problem shown under the fields; empty while everything is valid.
    QString problem() const;

public Q_SLOTS:
    void accept() override;

private:
    void dimensionChanged();
    void validate();
    void explainKillAction(); // the note under the kill action, for the scope and tiers as they stand

    qint64 m_id = 0;
    QTimeZone m_zoneKept; // the budget's zone (or the system's), valid even when not in the list of known ids
    KnownValues m_knownValues;
    Save m_save;
    QLineEdit *m_name = nullptr;
    QComboBox *m_dimension = nullptr;
    QComboBox *m_value = nullptr;
    QComboBox *m_period = nullptr;
    QComboBox *m_zone = nullptr;
    QLineEdit *m_limit = nullptr;
    QLineEdit *m_tiers = nullptr;
    QCheckBox *m_forecast = nullptr;
    QLineEdit *m_webhook = nullptr;
    QComboBox *m_kill = nullptr;
    QLabel *m_killNote = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Burnrate::Widgets
