// The main window. For now a plain view of where data arrives and today's spend by model, refreshed
// from the rollups; the Overview, Explore and other screens replace it (issue #3). GUI thread only.
#pragma once

#include <QMainWindow>
#include <memory>

class QLabel;
class QTableWidget;

namespace Burnrate::Storage {
class Connection;
}

namespace Burnrate::Widgets {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(QString databasePath, QString endpoint, QWidget *parent = nullptr);
    ~MainWindow() override;

public Q_SLOTS:
    void refresh();

private:
    QString m_databasePath;
    std::unique_ptr<Storage::Connection> m_connection; // this thread's reader connection
    QLabel *m_status = nullptr;
    QTableWidget *m_table = nullptr;
};

} // namespace Burnrate::Widgets
