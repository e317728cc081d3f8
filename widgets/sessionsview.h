// The Sessions screen: the sessions of a time range with their agents, calls, tokens, cost, first and
// last seen and duration, sortable; "Show calls" (or a double click) opens a session's calls. Reads
// through its own read-only connection, when shown. GUI thread.
#pragma once

#include "storage/calls.h"

#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace Burnrate::Storage {
class Connection;
}
namespace Burnrate::Models {
class SessionsModel;
}

namespace Burnrate::Widgets {

class SessionsView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kMaxSessions = 5000;

    explicit SessionsView(QString databasePath, QWidget *parent = nullptr);
    ~SessionsView() override;

    // The sessions with a call starting in [sinceNs, untilNs).
    void showRange(qint64 sinceNs, qint64 untilNs);
    Models::SessionsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

public Q_SLOTS:
    void refresh(); // the selected range, up to now

Q_SIGNALS:
    void callsRequested(const Storage::CallsQuery &query);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void openSession(int row);

    QString m_databasePath;
    std::unique_ptr<Storage::Connection> m_connection;
    Models::SessionsModel *m_model = nullptr;
    bool m_loaded = false;
    QComboBox *m_range = nullptr;
    QStackedWidget *m_stack = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_showCalls = nullptr;
};

} // namespace Burnrate::Widgets
