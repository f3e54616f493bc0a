#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QHeaderView>
#include <QList>
#include <QString>
#include <QTableView>

namespace pusher {

// SummaryRow is one line of the run summary: a worker, or the total over all workers. Counts
// are whole-run counts; rps is the achieved rate; latencies are in milliseconds, negative
// when unknown (nothing completed yet): p* service time, resp* response time.
struct SummaryRow {
    QString ident;
    qint64 ticks = 0;
    qint64 started = 0;
    qint64 completed = 0;
    qint64 ok = 0;
    qint64 errors = 0;
    qint64 canceled = 0;
    double rps = 0;
    double p50Ms = -1;
    double p90Ms = -1;
    double p99Ms = -1;
    double maxMs = -1;
    double respP50Ms = -1;
    double respP90Ms = -1;
    double respP99Ms = -1;
    double respMaxMs = -1;
    // lagP99Ms is the 99th percentile of dispatch lag: how late calls started after their
    // scheduled tick (the generator's own delay).
    double lagP99Ms = -1;

    bool operator==(const SummaryRow&) const = default;
};

// SummaryModel is the run summary as a table: one row per worker, then the total row.
// setRows() with the same idents updates cells in place (dataChanged), so a table fed a few
// times per second keeps its selection and scroll position.
class SummaryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Ident,
        Ticks,
        Started,
        Completed,
        Ok,
        Errors,
        Canceled,
        Rps,
        P50,
        P90,
        P99,
        Max,
        LagP99,
        ColumnCount
    };
    Q_ENUM(Column)
    // ValueRole gives the cell's raw number (qint64 or double) or the ident, for sorting and
    // export; DisplayRole gives formatted text.
    static constexpr int ValueRole = Qt::UserRole + 1;

    explicit SummaryModel(QObject* parent = nullptr);

    // Latency is which latency the p50 … max columns show; their headers say which.
    enum class Latency { Response, Service };
    Q_ENUM(Latency)

    // setRows shows workers followed by total.
    void setRows(const QList<SummaryRow>& workers, const SummaryRow& total);
    // setLatency switches the latency columns between response and service time (the
    // charts' Latency switch drives it).
    void setLatency(Latency latency);
    Latency latency() const { return m_latency; }
    // clear removes every row.
    void clear();

    QList<SummaryRow> workers() const { return m_workers; }
    bool hasTotal() const { return m_hasTotal; }
    SummaryRow total() const { return m_total; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // formatMs renders a latency in milliseconds with a unit that fits (µs, ms, s).
    static QString formatMs(double ms);

private:
    const SummaryRow& rowAt(int row) const;
    QList<SummaryRow> m_workers;
    SummaryRow m_total;
    bool m_hasTotal = false;
    Latency m_latency = Latency::Response;
};

// SummaryHeader is the summary's column header: a header too long for its column is elided
// here, with "…", never cut at the column's edge (a latency's kind goes first, "…p99": the
// columns differ at their end; the others are elided at their end, "Compl…"), and its tooltip
// then begins with the whole name.
class SummaryHeader : public QHeaderView {
    Q_OBJECT
public:
    explicit SummaryHeader(QWidget* parent = nullptr);
    // shownText is the header of section as drawn: its whole text, or elided to the section.
    QString shownText(int section) const;
    // textRoom is the width a section of `width` px has for its text; wholeWidth is the
    // width section needs for its whole text (drawn in the header's font: no section is
    // drawn bold, as Qt's own measure assumes).
    int textRoom(int width) const;
    int wholeWidth(int section) const;

protected:
    void initStyleOptionForIndex(QStyleOptionHeader* option, int section) const override;
    bool viewportEvent(QEvent* event) override;
};

// SummaryTable is the summary's view: a compact table with the total row in bold. Its columns
// fit its width (fitColumns): each as wide as its cells and its header when there is room,
// and in a narrow window (1024×700) the headers that need the most beyond their cells give
// up width first, elided by the header, down to their cells' width; the last column takes
// what is left. A column a person resized
// keeps that width, the others fitting in what it leaves, and it is held to what leaves the
// others their cells' width: the table scrolls sideways only when the cells alone do not fit.
class SummaryTable : public QTableView {
    Q_OBJECT
public:
    explicit SummaryTable(QWidget* parent = nullptr);
    SummaryModel* summaryModel() const { return m_model; }
    SummaryHeader* summaryHeader() const { return m_header; }
    // fitColumns sets the columns' widths to the table's width as above.
    void fitColumns();

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool viewportEvent(QEvent* event) override;

private:
    void onSectionResized(int section, int oldSize, int newSize);
    void fitLater();
    SummaryModel* m_model;
    SummaryHeader* m_header;
    QHash<int, int> m_chosen; // section -> the width a person gave it
    int m_lastChosen = -1;    // the section a person resized last
    bool m_fitting = false;
    bool m_fitPending = false;
};

} // namespace pusher
