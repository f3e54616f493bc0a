#pragma once

#include <QColor>
#include <QHash>
#include <QImage>
#include <QList>
#include <QPointF>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QHBoxLayout;
class QLegendMarker;
class QGraphicsTextItem;
class QLineSeries;
class QMenu;
class QValueAxis;
QT_END_NAMESPACE

namespace pusher {

// SeriesStyle describes how one series is drawn. colorKey picks the colour: series that share
// a key share a colour in every chart (a worker's target and achieved lines, its in-flight line).
struct SeriesStyle {
    QString colorKey;
    Qt::PenStyle penStyle = Qt::SolidLine;
    qreal width = 2.0;
    QColor color;           // When valid, used instead of the colour picked by colorKey.
    bool textColor = false; // Drawn in the palette's text colour (a total), light or dark.
    // When set, the series has no legend marker of its own and is shown and hidden together
    // with the series named here (a worker's target line follows its achieved line).
    QString follows;
    // label is what the legend and the tooltip show; empty: the series' name. Names are
    // stable keys (SeriesKey::id), labels are for people.
    QString label;
    // z draws the series above (higher) or below the others; equal z: by rank (in the
    // chart's setRankOrder(), then by name), then in creation order. Qt Charts lists a legend
    // in drawing order, so this is the legend's order too (bottom to top: the run's charts
    // list the total, others, then the workers in the summary's order).
    qreal z = 0;
    QString rank;
    // smoothable: a rate that setSmoothingSeconds() averages over a trailing window.
    bool smoothable = false;
    // blend draws the line in its colour mixed this much (0..1) with the background: a
    // target drawn over its achieved line in the same hue stays visible.
    qreal blend = 0;
};

// SeriesPalette hands out one colour per key, in first-use order, the same for the whole
// process, so that a worker keeps its colour across charts and across runs.
class SeriesPalette {
public:
    // colorFor returns the colour of key, assigning the next free one on first use.
    static QColor colorFor(const QString& key);
    // reset forgets every assignment (tests, a new scenario).
    static void reset();
};

// TimeSeriesChart is a live line chart over time in seconds. It keeps its own point list per
// series, trims it to a time window, downsamples to min/max per pixel column and hands each
// changed series to Qt Charts with one replace() per commit(). Input is neutral: a series
// name, a time and a value; series are created on first use.
//
// It is the only kind of widget that touches Qt Charts; the charts for throughput, latency,
// errors and in-flight derive from it and only name and style their series.
class TimeSeriesChart : public QWidget {
    Q_OBJECT
public:
    explicit TimeSeriesChart(const QString& title, const QString& valueTitle,
                             QWidget* parent = nullptr);
    ~TimeSeriesChart() override;

    // Memory per series is bounded and stops growing early in a long run. Points of the last
    // ExactSeconds (the longest window the toolbar offers, 15 min, plus a margin; at most
    // MaxExactPoints of them) are kept as they came. Older points only show in the whole-run
    // view, at one bucket per four pixels of the run's length: they are folded to a min/max
    // pair per bucket over FoldBuckets buckets (finer than a 4K-wide chart's). A fold runs
    // once a series holds FirstFold points and then every FoldSlack points. At 4 Hz a series
    // thus holds at most 2 * 1024 + 3840 + 1024 points (110 KB), reached after ~25 minutes.
    static constexpr double ExactSeconds = 960;
    static constexpr qsizetype MaxExactPoints = 16384;
    static constexpr qsizetype FoldBuckets = 1024;
    static constexpr qsizetype FirstFold = 4096;
    static constexpr qsizetype FoldSlack = 1024;
    // MaxStoredPoints is the most points a series holds, whatever the rate.
    static constexpr qsizetype MaxStoredPoints = 2 * FoldBuckets + MaxExactPoints + FoldSlack;

    // appendPoint adds a point to series; nothing is drawn until commit(). Times must not go
    // backwards within a series (a point older than the series' last one is dropped).
    void appendPoint(const QString& series, double tSeconds, double value);
    // commit trims, downsamples and replaces each changed series once and updates the axes
    // when their range changed.
    void commit();
    // clear removes every point (and the overlay) but keeps the series, their colours and
    // their visibility.
    void clear();

    // defineSeries creates series with style, or restyles it. Optional: appendPoint creates
    // series with a style keyed by its own name.
    void defineSeries(const QString& series, const SeriesStyle& style);

    // setWindowSeconds shows the last seconds of the run; 0 shows the whole run. The time
    // axis moves in steps of a twentieth of the window.
    void setWindowSeconds(double seconds);
    double windowSeconds() const { return m_windowSeconds; }

    // setPlannedSeconds gives the run's planned length: the whole-run view spans at least
    // that (longer when the points go on past it), so the time axis shows the run's span
    // before and during it; 0 (the default): at least 10 s.
    void setPlannedSeconds(double seconds);
    double plannedSeconds() const { return m_plannedSeconds; }
    // setPlanOnly says the points are a scenario's plan, not a run's (before any run): a
    // view of the last seconds shows the plan's first ones, where a run starts, rather than
    // its end. It takes effect at the next commit().
    void setPlanOnly(bool planOnly);
    bool planOnly() const { return m_planOnly; }

    // setSmoothingSeconds draws smoothable series (rates) as the mean of their points over
    // the trailing `seconds` (0: as they came). Points are kept as they came, so switching
    // back and forth redraws the whole run at once.
    void setSmoothingSeconds(double seconds);
    double smoothingSeconds() const { return m_smoothSeconds; }

    // setOverlay shows an earlier run's points for series, dashed, in series' colour, for
    // comparison. The overlay is drawn on the same time axis (both runs start at 0).
    void setOverlay(const QString& series, const QList<QPointF>& points);
    // clearOverlay removes every overlay series.
    void clearOverlay();
    bool hasOverlay() const;
    // setOverlayLabel names the overlay in the legend and the tooltips (an earlier run by its
    // scenario and start, "demo, 17:22"); `about`, when given, is a line of the legend
    // entry's tooltip below its label (the run's whole start and its file).
    void setOverlayLabel(const QString& label, const QString& about = QString());
    QString overlayLabel() const { return m_overlayLabel; }
    // overlayToolTip is what the mouse on the dashed lines' legend entry shows.
    QString overlayToolTip() const;
    // removeSeries removes series, its points and its legend marker.
    void removeSeries(const QString& series);
    // seriesLabel is the legend text of series (its name when it has no label).
    QString seriesLabel(const QString& series) const;
    // legendLabels is what the legend lists, in its order: the labels of its shown entries,
    // whole, and of those folded into its last line (below); shownLegendLabels is their text
    // as drawn (a step "↳ login" under its journey, elided in the middle when the chart is too
    // narrow for it, "+4 more" last when folded).
    QStringList legendLabels() const;
    QStringList shownLegendLabels() const;
    // A column beside the plot holds as many entries as the chart's height has lines for
    // (Qt Charts clipped the rest, silently): when there are more, the last line says how
    // many ("+4 more", its tooltip names them) and foldedLegendLabels lists them, in order.
    QStringList foldedLegendLabels() const;
    // The legend sits below the plot when its entries fit in a row there (Qt Charts does not
    // wrap it, it shortens every label), else beside it, one entry a line, in at most
    // MaxLegendShare of the chart's width: the chart decides by its labels' widths.
    // A column beside is at most MaxLegendShare of the chart's width while a journey's steps
    // can be shortened to their step names, then MaxLegendShareCut before any label is elided.
    static constexpr qreal MaxLegendShare = 0.3;
    static constexpr qreal MaxLegendShareCut = 0.4;
    // placeLegend places the legend again by its labels' widths, as above (the chart does so
    // itself on a resize and when an entry's label changes; a view that redefined its series
    // calls it).
    void placeLegend();
    // setSeriesLabel changes the legend text of series (e.g. how many workers "others"
    // stands for); nothing when there is no such series.
    void setSeriesLabel(const QString& series, const QString& label);
    // setRankOrder orders series of equal z by their style's rank as listed in ranks (a
    // run's workers in the summary's order: a journey, then its steps in the flow's order,
    // which no name order gives); ranks not listed come after, by name.
    void setRankOrder(const QStringList& ranks);
    // restyle applies every series' style again (after SeriesPalette changed).
    void restyle();

    // setSeriesVisible shows or hides series, as a click on its legend marker does.
    void setSeriesVisible(const QString& series, bool visible);
    bool isSeriesVisible(const QString& series) const;
    // setSeriesEnabled hides series together with its legend marker (a subclass switching
    // between data sets); its points are kept.
    void setSeriesEnabled(const QString& series, bool enabled);

    // The lines menu is the chart's context menu (a right-click, the Menu key or Shift+F10
    // on the chart, which Tab reaches): a checkable "Show LABEL" per legend entry, folded
    // ones included, checked while the line is shown. It does what a click on the entry
    // does, both ways (setSeriesVisible): the keyboard's and a screen reader's way to it.
    // showLinesMenu opens it at globalPos (a null point: at the plot's top left corner);
    // linesMenu is the open one, null when none is.
    void showLinesMenu(const QPoint& globalPos = QPoint());
    QMenu* linesMenu() const;

    // setEmptyText is what the plot says, centred in it, while the chart has no point to
    // draw, its own or an earlier run's, in the series it shows (setSeriesEnabled; a hidden
    // line's points count), why a run drew none (RunView); empty: nothing.
    // isEmptyTextShown: it is shown now. emptyTextItem is its drawing (tests).
    void setEmptyText(const QString& text);
    QString emptyText() const { return m_emptyText; }
    bool isEmptyTextShown() const;
    QGraphicsTextItem* emptyTextItem() const { return m_emptyItem; }

    // seriesNames lists the live series in creation order (overlays excluded).
    QStringList seriesNames() const;
    // pointCount is the number of points series holds (after trimming, before downsampling).
    qsizetype pointCount(const QString& series) const;
    // displayedPoints is what the chart draws for series after the last commit().
    QList<QPointF> displayedPoints(const QString& series) const;
    // valuesAt describes the drawn value of each visible series nearest to tSeconds, the
    // text the hover tooltip shows.
    QString valuesAt(double tSeconds) const;

    // columns is the number of downsampling buckets, one per four pixels of the chart's
    // width; a series draws at most 2 * columns() + 3 points, about one per two pixels.
    int columns() const;
    // timeRange and valueRange are the axes' current ranges.
    QPair<double, double> timeRange() const { return {m_xMin, m_xMax}; }
    QPair<double, double> valueRange() const { return {m_yMin, m_yMax}; }

    // toImage renders the chart at size (the widget's size when empty) on the palette's
    // window colour.
    QImage toImage(const QSize& size = QSize()) const;
    // savePng writes toImage(size) to path; false when the file cannot be written.
    bool savePng(const QString& path, const QSize& size = QSize()) const;

    // The Qt Charts objects, for tests and for callers that need more than this API.
    QChart* chart() const { return m_chart; }
    QLineSeries* lineSeries(const QString& series) const;
    QLineSeries* overlaySeries(const QString& series) const;

    // addHeaderWidget puts widget in a row above the chart (a filter of what it shows, a
    // note on what it does not); takeHeaderWidget takes it out again (for a place
    // elsewhere, e.g. a toolbar), and the row goes when it is empty.
    void addHeaderWidget(QWidget* widget);
    void takeHeaderWidget(QWidget* widget);

signals:
    // seriesVisibilityChanged is emitted when a series is shown or hidden (legend click).
    void seriesVisibilityChanged(const QString& series, bool visible);

protected:
    // defaultStyle is the style of a series created without defineSeries() (by appendPoint or
    // setOverlay); by default its colour is keyed by its name.
    virtual SeriesStyle defaultStyle(const QString& series) const;
    // setChartTitle sets the title.
    void setChartTitle(const QString& title);

    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Series {
        QString name;
        SeriesStyle style;
        QLineSeries* line = nullptr;
        QLineSeries* overlay = nullptr;
        QList<QPointF> points;
        QList<QPointF> overlayPoints;
        QList<QPointF> shown;
        qsizetype foldAt = FirstFold; // fold() when points grow past this
        bool dirty = false;
        bool visible = true;
        bool enabled = true;
    };
    static void fold(Series& s);

    Series& ensureSeries(const QString& name, const SeriesStyle* style = nullptr);
    Series* find(const QString& name);
    const Series* find(const QString& name) const;
    QLineSeries* makeLine(const QString& name, const SeriesStyle& style, bool overlay);
    void applyStyle(Series& s);
    void raiseLine(Series& s);
    void arrange();
    void applyPalette();
    void connectMarker(QLineSeries* line);
    void onMarkerClicked();
    void updateMarker(const Series& s);
    // overlayLegendText is the dashed lines' entry for room (0: the legend's, below or beside).
    QString overlayLegendText(qreal room) const;
    // legendRows is how many entries a column beside the plot has room for.
    int legendRows() const;
    // showMoreEntry shows the "+N more" entry with label (empty: none); true when it changed.
    bool showMoreEntry(const QString& label);
    QString moreToolTip() const;
    void fitOverlayMarker();
    // checkOverlayEntry: Qt Charts drew the dashed lines' entry as set, or it is fitted to
    // less room (m_overlayShave) and checked again after the legend is laid out again.
    void checkOverlayEntry();
    QGraphicsTextItem* overlayEntryItem() const;
    // computeTimeRange gives the time axis' range [lo, hi], `reach`, the latest time drawn:
    // a little past hi, for a last point a measured hair past a tick (30.0001 s), and `tick`,
    // the interval between its ticks.
    void computeTimeRange(double& lo, double& hi, double& reach, double& tick) const;
    // timeLabelsFit is true when the time axis' labels from `lo` to `hi` every `step` fit
    // whole between its ticks at the axis' width (timeAxisWidth, 0 when not laid out yet).
    [[nodiscard]] bool timeLabelsFit(double lo, double hi, double step) const;
    [[nodiscard]] double timeAxisWidth() const;
    void setLineVisibility(Series& s);
    // updateEmptyText shows the empty text, centred in the plot, while no series has a point.
    void updateEmptyText();
    // updateFocusFrame frames the chart in the highlight colour while it has the focus.
    void updateFocusFrame();
    void updateTitle();
    bool isDrawn(const Series& s) const;
    QList<QPointF> downsample(const QList<QPointF>& in, double lo, double hi) const;
    QList<QPointF> smoothed(const QList<QPointF>& in, double lo, double hi) const;

    QChart* m_chart = nullptr;
    QChartView* m_view = nullptr;
    QHBoxLayout* m_header = nullptr;
    QValueAxis* m_xAxis = nullptr;
    QValueAxis* m_yAxis = nullptr;
    QString m_title;
    QString m_overlayLabel;
    QString m_overlayAbout; // setOverlayLabel's `about`
    QList<Series*> m_series;
    QHash<QString, Series*> m_byName;
    QHash<QString, qsizetype> m_rankOrder; // rank -> place (setRankOrder)
    double m_windowSeconds = 300.0;
    double m_smoothSeconds = 0.0;
    double m_plannedSeconds = 0.0;
    bool m_planOnly = false;
    double m_lastTime = 0.0;
    double m_xMin = 0.0, m_xMax = 0.0, m_yMin = 0.0, m_yMax = 0.0;
    int m_lastColumns = 0;
    bool m_rangeDirty = true;
    bool m_overlayHovered = false;     // the mouse is on the legend entry of the dashed lines
    QLineSeries* m_moreLine = nullptr; // "+N more": no points, its legend entry only
    QStringList m_folded;              // the labels folded into it, in the legend's order
    bool m_moreHovered = false;
    qreal m_overlayRoom = 0;   // the width "dashed: FILE" may take in a column beside (0: below)
    qreal m_overlayShave = 0;  // px less for it, Qt Charts having cut it (checkOverlayEntry)
    QString m_overlayShaveKey; // the name, the size and the legend's place the shave is for
    bool m_overlayCheckPending = false;
    QString m_emptyText;
    QGraphicsTextItem* m_emptyItem = nullptr; // the chart's child: drawn and exported with it
    QPointer<QMenu> m_linesMenu;
};

} // namespace pusher
