// The Sessions screen: the sessions of a time range with their agents, calls, tokens, cost, first and
// last seen and duration, sortable; "Show calls" (or a double click) opens a session's calls. The
// query reads every call of the range (seconds for a month of millions), so it runs on a worker thread
// with its own read-only connection; a newer request makes an older result stale. GUI thread.
#pragma once

#include "common/error.h"
#include "storage/calls.h"

#include <QThreadPool>
#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;

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

    // Loads the sessions with a call starting in [sinceNs, untilNs) in the background; loaded() follows.
    void showRange(qint64 sinceNs, qint64 untilNs);
    bool isLoading() const { return m_loading; }
    Models::SessionsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

public Q_SLOTS:
    void refresh(); // the selected range, up to now

Q_SIGNALS:
    void callsRequested(const Storage::CallsQuery &query);
    void loaded(); // the rows of the latest showRange() are in the model (or its error is shown)

protected:
    void showEvent(QShowEvent *event) override;

private:
    void openSession(int row);
    void showRows(const std::optional<QList<Storage::SessionRow>> &rows, const Error &error);

    QString m_databasePath;
    Models::SessionsModel *m_model = nullptr;
    bool m_loaded = false;
    bool m_loading = false;
    quint64 m_generation = 0; // of the latest request; older results are dropped
    QThreadPool m_pool;       // one worker; waited for on destruction
    QComboBox *m_range = nullptr;
    QStackedWidget *m_stack = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_showCalls = nullptr;
};

} // namespace Burnrate::Widgets
