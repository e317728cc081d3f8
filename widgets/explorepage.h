// The Explore screen: spend over a time range grouped by one or two dimensions, filtered on any of them,
// as a table and a chart; clicking a row or bar drills down (adds the filter, groups by the next
// dimension), with breadcrumbs and back/forward. Tabs for what caching saved and what-if repricing. Queries
// run on an ExploreLoader thread; the newest request of each kind wins. GUI thread.
#pragma once

#include "models/exploremodel.h"
#include "storage/report.h"

#include <QElapsedTimer>
#include <QHash>
#include <QTimeZone>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <memory>

class QComboBox;
class QDateTimeEdit;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QToolButton;

namespace Burnrate::Pricing {
class PriceTable;
}
namespace Burnrate::Models {
class ExploreFilterModel;
class ExploreLoader;
class ExploreTableModel;
} // namespace Burnrate::Models

namespace Burnrate::Widgets {

class ExploreChart;

class ExplorePage : public QWidget
{
    Q_OBJECT
public:
    enum class Range { Today, Last24Hours, Last7Days, Last30Days, ThisMonth, Custom };
    enum class ExportFormat { Csv, Json };

    // One drill-down step: the filters it added and the grouping it replaced.
    struct Crumb
    {
        QList<Storage::ReportFilter> filters;
        QList<Storage::Dimension> groupByBefore;
    };
    // Everything back/forward restores.
    struct State
    {
        Range range = Range::Today;
        qint64 customSinceNs = 0;
        qint64 customUntilNs = 0;
        QList<Storage::Dimension> groupBy{Storage::Dimension::Feature};
        QList<Storage::ReportFilter> filters; // drill-downs' and the filter buttons' together
        QList<Crumb> crumbs;
        Models::ExploreModel::Metric metric = Models::ExploreModel::Metric::Cost;
    };

    ExplorePage(QString databasePath, std::shared_ptr<const Pricing::PriceTable> prices,
                QWidget *parent = nullptr);
    ~ExplorePage() override;

    // Tests pin the time; the default is the system clock.
    void setClock(std::function<qint64()> clock);

    const State &state() const { return m_history.at(m_historyAt); }
    // The current view as a report query: the resolved range, the grouping and the filters.
    Storage::ReportQuery currentQuery() const;
    QStringList breadcrumbs() const; // "All", then one entry per drill-down step
    bool canGoBack() const { return m_historyAt > 0; }
    bool canGoForward() const { return m_historyAt + 1 < m_history.size(); }
    Models::ExploreModel *model() const { return m_model; }
    ExploreChart *chart() const { return m_chart; }
    // The next dimension a drill-down from `from` groups by, given the filters already set.
    static Storage::Dimension nextDimension(Storage::Dimension from,
                                            const QList<Storage::ReportFilter> &filters);
    // The most groups the table and chart show by cost (default 1,000) when grouping by more than days
    // and hours; the rest is summed in "Other" rows (per first key with two dimensions). Export has all.
    void setMaxTableRows(int rows) { m_maxTableRows = rows; }
    // The report as `burnrate report --format csv|json` would print it. Writes all or nothing.
    bool exportTo(const QString &path, ExportFormat format, QString *errorMessage);
    // `burnrate report …` with the same range, grouping and filters (of the current view, or of `query`).
    QString reportCommand() const { return reportCommand(currentQuery()); }
    static QString reportCommand(const Storage::ReportQuery &query);

public Q_SLOTS:
    void refresh();
    void scheduleRefresh(); // new data was committed: refresh once the burst is over, if shown
    void back();
    void forward();
    // Adds a filter per key (for the first keys.size() grouped dimensions) and groups by the next dimension.
    void drillInto(const QStringList &keys);
    void goToCrumb(int index); // 0 is "All"
    void setRange(Range range);
    void setCustomRange(qint64 sinceNs, qint64 untilNs);
    void setGroupBy(const QList<Storage::Dimension> &groupBy);
    void setMetric(Models::ExploreModel::Metric metric);
    // Replaces the filters on `dimension` (a null or empty value is "calls without one").
    void setFilter(Storage::Dimension dimension, const QStringList &values);

Q_SIGNALS:
    // The calls behind the current selection (its range and filters; groupBy is empty), for a calls view.
    void callsRequested(const Storage::ReportQuery &query);
    void tableLoaded(); // a table result was shown (tests wait for it)
    void cacheLoaded();
    void whatIfLoaded();

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct FilterUi
    {
        Models::ExploreFilterModel *model = nullptr;
        QSortFilterProxyModel *proxy = nullptr;
        QToolButton *button = nullptr;
        QLabel *hint = nullptr;
    };

    QWidget *buildControls();
    QWidget *buildBreakdownTab();
    QWidget *buildCacheTab();
    QWidget *buildWhatIfTab();
    void buildFilterButton(Storage::Dimension dimension, QHBoxLayout *row);
    void navigate(State next); // a new history entry
    void applyState();         // controls follow state(), then the queries run
    void loadTable();
    void loadCurrentTab();
    void loadCache();
    void loadWhatIf();
    void loadValues(Storage::Dimension dimension);
    void applyFilterEdits();
    void updateBreadcrumbs();
    void updateFilterButton(Storage::Dimension dimension);
    void showError(const QString &message);
    QStringList timeBuckets(const Storage::ReportQuery &query) const;
    QString crumbText(const Crumb &crumb) const;
    QString keyText(Storage::Dimension d, const QString &value) const;

    QString m_databasePath;
    std::shared_ptr<const Pricing::PriceTable> m_prices;
    std::function<qint64()> m_clock;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    Models::ExploreLoader *m_loader = nullptr;
    QList<State> m_history{State{}};
    qsizetype m_historyAt = 0;
    bool m_syncing = false; // controls are being set from the state: their signals are not edits
    QTimer m_filterDebounce;
    QTimer m_coalesce;
    bool m_stale = true;       // data changed while hidden
    QElapsedTimer m_lastDrill; // a double click drills down once

    QToolButton *m_back = nullptr;
    QToolButton *m_forward = nullptr;
    QHBoxLayout *m_crumbRow = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_error = nullptr;
    QComboBox *m_rangeCombo = nullptr;
    QDateTimeEdit *m_since = nullptr;
    QDateTimeEdit *m_until = nullptr;
    QComboBox *m_groupCombo = nullptr;
    QComboBox *m_thenCombo = nullptr;
    QComboBox *m_metricCombo = nullptr;
    QHash<int, FilterUi> m_filters; // by Dimension
    QToolButton *m_clearFilters = nullptr;
    QTabWidget *m_tabs = nullptr;

    QList<Storage::ReportRow> m_rows; // the last report: the top groups and "Other" rows
    Storage::ReportQuery m_rowsQuery; // the query m_rows answer (with the table's limit)
    int m_maxTableRows = 1'000;
    Models::ExploreModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    QTableView *m_table = nullptr;
    ExploreChart *m_chart = nullptr;
    QLabel *m_empty = nullptr;

    QLabel *m_cacheSummary = nullptr;
    ExploreChart *m_hitRateChart = nullptr;
    Models::ExploreTableModel *m_cacheModel = nullptr;
    QTableView *m_cacheTable = nullptr;

    QLabel *m_whatIfSummary = nullptr;
    Models::ExploreTableModel *m_repriceModel = nullptr;
    QTableView *m_repriceTable = nullptr;
    Models::ExploreTableModel *m_routingModel = nullptr;
    QTableView *m_routingTable = nullptr;
    QLabel *m_routingSummary = nullptr;
};

} // namespace Burnrate::Widgets
