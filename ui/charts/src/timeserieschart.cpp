#include <pusher/charts/timeserieschart.h>

#include <pusher/io/files.h>
#include <pusher/palette.h>

#include <QBuffer>
#include <QChart>
#include <QChartView>
#include <QContextMenuEvent>
#include <QCursor>
#include <QEvent>
#include <QGraphicsLayout>
#include <QGraphicsTextItem>
#include <QKeyEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QTextDocument>
#include <QTextOption>
#include <QTimer>
#include <QToolTip>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <utility>
#include <cmath>
#include <limits>

namespace pusher {

namespace {

// The least of an earlier run's file name the dashed lines' legend entry shows after
// "dashed: " (elided in its middle to this width): its first letters and its end.
constexpr QStringView kLeastOverlayName = u"re\u2026json";

// The workers' colours, the same as the HTML report's (pusher/palette.h).
const QList<QColor>& paletteColors() {
    static const QList<QColor> colors = [] {
        QList<QColor> out;
        for (std::uint32_t rgb : palette::workers)
            out.append(QColor::fromRgb(QRgb(rgb)));
        return out;
    }();
    return colors;
}

QHash<QString, int>& colorAssignments() {
    static QHash<QString, int> assigned;
    return assigned;
}

// NiceRange is an axis maximum with a tick count that puts ticks on round numbers.
struct NiceRange {
    double max;
    int ticks;
};

// niceCeil rounds v up to one of a few mantissas times a power of ten, so that axis ranges
// move in few, readable steps instead of on every update; each mantissa comes with the tick
// count that gives round steps (3 → 0, 1, 2, 3).
NiceRange niceCeil(double v) {
    if (!(v > 0) || !std::isfinite(v))
        return {1.0, 6};
    static const NiceRange table[] = {{1, 6}, {1.5, 4}, {2, 5}, {2.5, 6}, {3, 4},
                                      {4, 5}, {5, 6},   {6, 4}, {8, 5}};
    const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    const double f = v / magnitude;
    for (const NiceRange& r : table) {
        if (f <= r.max * (1 + 1e-9))
            return {r.max * magnitude, r.ticks};
    }
    return {10.0 * magnitude, 6};
}

// niceTimeStep picks a tick interval in seconds that gives about six ticks over span. A span
// under a second is ticked in its own decade as seconds are from 1 s to 10 s: tenths up to
// 0.7 s, then fifths (hundredths up to 0.07 s...). With whole seconds at least, the axis of a
// 0.5 s run reached 1 s, its second half empty.
double niceTimeStep(double span) {
    if (span > 0 && span < 1) {
        const double decade = std::max(0.001, std::pow(10.0, std::floor(std::log10(span))));
        return span / decade <= 7 ? decade : 2 * decade;
    }
    static const double steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};
    for (double s : steps) {
        if (span / s <= 7)
            return s;
    }
    return niceCeil(span / 6).max;
}

// widerTimeStep is the next tick interval coarser than `step`: niceTimeStep's seconds, and
// 1, 2, 5 in each decade below and above them.
double widerTimeStep(double step) {
    static const double steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};
    if (step >= 1 && step < 3600) {
        for (double s : steps) {
            if (s > step * (1 + 1e-9))
                return s;
        }
    }
    const double decade = std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    const double m = step / decade;
    return (m < 1.5 ? 2 : m < 3.5 ? 5 : 10) * decade;
}

int decimalsFor(double step) {
    if (step >= 1)
        return 0;
    return std::min(6, int(std::ceil(-std::log10(step) - 1e-9)));
}

QString formatValue(double v) {
    const QLocale locale;
    const double a = std::abs(v);
    if (a >= 100 || a == 0)
        return locale.toString(v, 'f', 0);
    if (a >= 1)
        return locale.toString(v, 'f', 2);
    return locale.toString(v, 'g', 3);
}

bool lessX(const QPointF& p, double x) {
    return p.x() < x;
}

// markLonePoint draws a line of one point as a dot in the line's colour, a few of its pens
// wide; it says whether it changed the line's marker. Qt Charts draws a line between points,
// none for a lone one: a run of one whole interval left its charts empty, every value in the
// hover text only. A dotted or dashed line's dot is a ring (a target's, drawn over its
// achieved line, shows the achieved dot inside). A line of more points shows no dots. The
// dot is Qt Charts' light marker, an image drawn at each point, made again only when the pen
// or the size changes. Qt Charts takes the marker into the line's bounds when it lays the
// points out (replace()), not when the marker changes: a marker set after them was not drawn
// at all (a lone point's bounds are empty) until the axes next moved.
bool markLonePoint(QLineSeries* line, qsizetype points) {
    const QPen pen = line->pen();
    const bool ring = pen.style() != Qt::SolidLine;
    const int side = int(std::ceil(std::max<qreal>(10, 5 * pen.widthF())));
    const QString key =
        points == 1
            ? QStringLiteral("%1 %2 %3").arg(pen.color().name(QColor::HexArgb)).arg(ring).arg(side)
            : QString();
    static const char* const kMarked = "pusherLonePoint";
    if (line->property(kMarked).toString() == key)
        return false;
    line->setProperty(kMarked, key);
    if (key.isEmpty()) {
        line->setLightMarker(QImage());
        return true;
    }
    line->setMarkerSize(side);
    QImage dot(side, side, QImage::Format_ARGB32_Premultiplied);
    dot.fill(Qt::transparent);
    QPainter painter(&dot);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal stroke = ring ? std::max<qreal>(1.5, pen.widthF()) : 0;
    painter.setPen(ring ? QPen(pen.color(), stroke) : Qt::NoPen);
    painter.setBrush(ring ? QBrush(Qt::NoBrush) : QBrush(pen.color()));
    const qreal inset = ring ? stroke / 2 : 0.5;
    painter.drawEllipse(QRectF(0, 0, side, side).adjusted(inset, inset, -inset, -inset));
    painter.end();
    line->setLightMarker(dot);
    return true;
}

} // namespace

QColor SeriesPalette::colorFor(const QString& key) {
    auto& assigned = colorAssignments();
    auto it = assigned.constFind(key);
    int index = 0;
    if (it != assigned.constEnd()) {
        index = *it;
    } else {
        index = int(assigned.size());
        assigned.insert(key, index);
    }
    const auto& colors = paletteColors();
    QColor c = colors[index % colors.size()];
    // Past the first round of colours, vary the shade so that keys stay distinguishable.
    if (index >= colors.size())
        c = (index / colors.size()) % 2 ? c.lighter(135) : c.darker(135);
    return c;
}

void SeriesPalette::reset() {
    colorAssignments().clear();
}

TimeSeriesChart::TimeSeriesChart(const QString& title, const QString& valueTitle, QWidget* parent)
    : QWidget(parent)
    , m_chart(new QChart) {
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_title = title;
    m_chart->setTitle(title);
    m_chart->setMargins(QMargins(4, 2, 4, 2));
    m_chart->setBackgroundRoundness(0);
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setShowToolTips(true);
    // An empty legend would collapse and leave this chart's plot taller than its neighbours'.
    m_chart->legend()->setMinimumHeight(2 * fontMetrics().height() + 12);
    connect(m_chart->legend(), &QGraphicsWidget::geometryChanged, this,
            &TimeSeriesChart::fitOverlayMarker);

    m_xAxis = new QValueAxis(m_chart);
    m_xAxis->setTitleText(tr("time (s)"));
    m_xAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_xAxis->setTickType(QValueAxis::TicksDynamic);
    m_xAxis->setTickAnchor(0);
    m_xAxis->setTickInterval(60);
    m_xAxis->setMinorTickCount(0);
    m_yAxis = new QValueAxis(m_chart);
    m_yAxis->setTitleText(valueTitle);
    m_yAxis->setTickCount(6);
    m_yAxis->setLabelFormat(QStringLiteral("%.1f"));
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);
    m_xMin = 0;
    m_xMax = m_windowSeconds > 0 ? m_windowSeconds : 60;
    m_yMin = 0;
    m_yMax = 1;
    m_xAxis->setRange(m_xMin, m_xMax);
    m_yAxis->setRange(m_yMin, m_yMax);

    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setMouseTracking(true);
    m_view->viewport()->setMouseTracking(true);
    m_view->viewport()->installEventFilter(this);
    m_view->setMinimumSize(240, 160);
    // The view takes no keys and, frameless, could not show the focus: as a Tab stop (a
    // QGraphicsView's default) it made four presses of Tab seem to go nowhere. The chart
    // itself is the Tab stop: it takes the Menu key and Shift+F10 (its lines menu, what a
    // click on a legend entry does) and is framed in the highlight colour while focused. A
    // click does not take the focus: the mouse (hover, legend clicks) needs none.
    m_view->setFocusPolicy(Qt::NoFocus);
    setFocusPolicy(Qt::TabFocus);
    setAccessibleName(title);
    setAccessibleDescription(tr("Menu key: show or hide its lines"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    QFont titleFont = font();
    titleFont.setBold(true);
    m_chart->setTitleFont(titleFont);

    // Why the plot is empty, centred in it (setEmptyText); above the lines and the grid.
    m_emptyItem = new QGraphicsTextItem(m_chart);
    m_emptyItem->setZValue(100);
    m_emptyItem->setVisible(false);
    QTextOption centred = m_emptyItem->document()->defaultTextOption();
    centred.setAlignment(Qt::AlignHCenter);
    centred.setWrapMode(QTextOption::WordWrap);
    m_emptyItem->document()->setDefaultTextOption(centred);
    connect(m_chart, &QChart::plotAreaChanged, this, &TimeSeriesChart::updateEmptyText);
    // The open lines menu follows a line shown or hidden meanwhile.
    connect(this, &TimeSeriesChart::seriesVisibilityChanged, this,
            [this](const QString& series, bool visible) {
                if (!m_linesMenu)
                    return;
                for (QAction* action : m_linesMenu->actions())
                    if (action->data().toString() == series && action->isChecked() != visible) {
                        const QSignalBlocker quiet(action);
                        action->setChecked(visible);
                    }
            });
    applyPalette();
}

TimeSeriesChart::~TimeSeriesChart() {
    // The view (and with it the chart and its legend's markers) goes while this chart is
    // whole: a hovered marker says hovered(false) as it is deleted, and the slot that hears it
    // uses this chart's members (QWidget would delete the view after they are gone).
    m_view->viewport()->removeEventFilter(this);
    delete std::exchange(m_view, nullptr);
    qDeleteAll(m_series);
}

TimeSeriesChart::Series* TimeSeriesChart::find(const QString& name) {
    return m_byName.value(name, nullptr);
}

const TimeSeriesChart::Series* TimeSeriesChart::find(const QString& name) const {
    return m_byName.value(name, nullptr);
}

QLineSeries* TimeSeriesChart::makeLine(const QString& name, const SeriesStyle& style,
                                       bool overlay) {
    auto* line = new QLineSeries;
    const QString label = style.label.isEmpty() ? name : style.label;
    line->setName(overlay ? tr("%1 (%2)").arg(label, m_overlayLabel.isEmpty() ? tr("earlier run")
                                                                              : m_overlayLabel)
                          : label);
    m_chart->addSeries(line);
    line->attachAxis(m_xAxis);
    line->attachAxis(m_yAxis);
    Q_UNUSED(style);
    return line;
}

TimeSeriesChart::Series& TimeSeriesChart::ensureSeries(const QString& name,
                                                       const SeriesStyle* style) {
    if (Series* s = find(name))
        return *s;
    auto* s = new Series;
    s->name = name;
    s->style = style ? *style : defaultStyle(name);
    if (s->style.colorKey.isEmpty())
        s->style.colorKey = name;
    s->line = makeLine(name, s->style, false);
    m_series.append(s);
    m_byName.insert(name, s);
    applyStyle(*s);
    connectMarker(s->line);
    arrange();
    return *s;
}

void TimeSeriesChart::arrange() {
    // Qt Charts stacks lines, and lists their legend entries, in the order they were added:
    // the lines are put in order of z, then rank, then creation (a total below its workers,
    // targets above achieved lines, workers by ident) by adding again, in that order, every
    // line from the first one out of place. Raising only the lines above a new one in
    // creation order left a series created late (the run's others, a new worker) out of
    // place, so legends of the same run differed between charts.
    QList<Series*> wanted = m_series;
    const auto place = [this](const QString& rank) {
        return m_rankOrder.value(rank, m_rankOrder.size());
    };
    std::stable_sort(wanted.begin(), wanted.end(), [&](const Series* a, const Series* b) {
        if (a->style.z != b->style.z)
            return a->style.z < b->style.z;
        const qsizetype pa = place(a->style.rank), pb = place(b->style.rank);
        if (pa != pb)
            return pa < pb;
        return a->style.rank < b->style.rank;
    });
    QHash<const QAbstractSeries*, Series*> byLine;
    for (Series* s : std::as_const(m_series))
        byLine.insert(s->line, s);
    QList<Series*> now;
    const QList<QAbstractSeries*> drawn = m_chart->series();
    for (const QAbstractSeries* line : drawn) {
        if (Series* s = byLine.value(line, nullptr))
            now.append(s);
    }
    qsizetype first = 0;
    while (first < wanted.size() && first < now.size() && wanted[first] == now[first])
        ++first;
    for (qsizetype i = first; i < wanted.size(); ++i)
        raiseLine(*wanted[i]);
}

void TimeSeriesChart::raiseLine(Series& s) {
    // The line goes on top as a new series with the same points. Removed and added again,
    // the same series kept its old drawing (which Qt Charts deletes later) listening to it:
    // a restyle meanwhile showed that drawing again, and a paint before the event loop ran
    // (Start draws its progress bar at once) drew it with its series removed or deleted: a
    // crash. A deleted series tells its old drawing nothing.
    const QList<QPointF> points = s.line->points();
    m_chart->removeSeries(s.line);
    delete s.line;
    s.line = makeLine(s.name, s.style, false);
    s.line->replace(points);
    connectMarker(s.line);
    applyStyle(s);
    setLineVisibility(s);
}

void TimeSeriesChart::defineSeries(const QString& series, const SeriesStyle& style) {
    Series& s = ensureSeries(series, &style);
    const bool moved = s.style.z != style.z || s.style.rank != style.rank;
    s.style = style;
    if (s.style.colorKey.isEmpty())
        s.style.colorKey = series;
    applyStyle(s);
    setLineVisibility(s);
    if (moved)
        arrange();
}

void TimeSeriesChart::setChartTitle(const QString& title) {
    m_title = title;
    updateTitle();
}

void TimeSeriesChart::updateTitle() {
    for (const Series* s : std::as_const(m_series))
        if (s->overlay)
            updateMarker(*s);
    // The legend names the earlier run (see updateMarker): a note in the title would be
    // elided first in a narrow window.
    m_chart->setTitle(m_title);
    setAccessibleName(m_title);
}

void TimeSeriesChart::setRankOrder(const QStringList& ranks) {
    QHash<QString, qsizetype> order;
    for (const QString& rank : ranks)
        if (!order.contains(rank))
            order.insert(rank, order.size());
    if (order == m_rankOrder)
        return;
    m_rankOrder = order;
    arrange();
}

void TimeSeriesChart::restyle() {
    applyPalette();
}

void TimeSeriesChart::addHeaderWidget(QWidget* widget) {
    auto* box = static_cast<QVBoxLayout*>(layout());
    if (!m_header) {
        m_header = new QHBoxLayout;
        m_header->setContentsMargins(4, 2, 4, 0);
        m_header->addStretch(1);
        box->insertLayout(0, m_header);
    }
    m_header->addWidget(widget);
}

void TimeSeriesChart::takeHeaderWidget(QWidget* widget) {
    if (!m_header)
        return;
    m_header->removeWidget(widget);
    if (m_header->count() <= 1) { // only the stretch is left
        layout()->removeItem(m_header);
        delete m_header;
        m_header = nullptr;
    }
}

void TimeSeriesChart::setOverlayLabel(const QString& label, const QString& about) {
    m_overlayAbout = about;
    if (label == m_overlayLabel)
        return;
    m_overlayLabel = label;
    const QString run = label.isEmpty() ? tr("earlier run") : label;
    for (Series* s : std::as_const(m_series)) {
        if (s->overlay)
            s->overlay->setName(
                tr("%1 (%2)").arg(s->style.label.isEmpty() ? s->name : s->style.label, run));
    }
    updateTitle();
}

void TimeSeriesChart::removeSeries(const QString& series) {
    Series* s = find(series);
    if (!s)
        return;
    if (s->overlay) {
        m_chart->removeSeries(s->overlay);
        delete s->overlay;
    }
    m_chart->removeSeries(s->line);
    delete s->line;
    m_byName.remove(series);
    m_series.removeOne(s);
    delete s;
    m_rangeDirty = true;
    updateTitle();
    placeLegend(); // an entry fewer: one folded into "+N more" may be listed again
}

QString TimeSeriesChart::seriesLabel(const QString& series) const {
    const Series* s = find(series);
    return !s ? QString() : s->style.label.isEmpty() ? s->name : s->style.label;
}

QStringList TimeSeriesChart::legendLabels() const {
    QStringList out;
    const auto markers = m_chart->legend()->markers();
    for (QLegendMarker* marker : markers) {
        if (marker->series() == m_moreLine)
            continue;
        const bool folded =
            !marker->isVisible() && std::any_of(m_series.cbegin(), m_series.cend(), [&](auto* s) {
                return s->line == marker->series() &&
                       m_folded.contains(s->style.label.isEmpty() ? s->name : s->style.label);
            });
        if (!marker->isVisible() && !folded)
            continue;
        const auto line = std::find_if(m_series.cbegin(), m_series.cend(), [&](const Series* s) {
            return s->line == marker->series();
        });
        out.append(line == m_series.cend() ? marker->label() : seriesLabel((*line)->name));
    }
    return out;
}

QStringList TimeSeriesChart::shownLegendLabels() const {
    QStringList out;
    const auto markers = m_chart->legend()->markers();
    for (const QLegendMarker* marker : markers)
        if (marker->isVisible())
            out.append(marker->label());
    return out;
}

// placeLegend puts the legend below the plot when its entries fit in its one row there (Qt
// Charts does not wrap that row: it shortens every label), else beside the plot when a column
// of them leaves the plot most of the chart's width (MaxLegendShare). Short of room for both
// it first names a journey's step by its step name under its journey ("↳ login" after
// "checkout"), below or beside, and elides what is still too wide in its middle, beside.
void TimeSeriesChart::placeLegend() {
    QLegend* legend = m_chart->legend();
    const qreal width = m_view->width();
    if (width <= 0)
        return;
    const QFontMetricsF metrics(legend->font());
    QHash<const QAbstractSeries*, const Series*> byLine;
    for (const Series* s : std::as_const(m_series))
        byLine.insert(s->line, s);
    QList<QLegendMarker*> markers;
    QStringList full;
    QList<bool> hidden; // by a click on its entry, the only way to show it again
    const auto all = legend->markers();
    for (QLegendMarker* marker : all) {
        // Shown as updateMarker shows them (the legend shows none until it lays them out).
        const Series* s = byLine.value(marker->series(), nullptr);
        if (!s || !s->enabled || !s->style.follows.isEmpty())
            continue;
        markers.append(marker);
        full.append(s->style.label.isEmpty() ? s->name : s->style.label);
        hidden.append(!s->visible);
    }
    // The dashed lines' entry (shown as updateMarker shows it): below, fitOverlayMarker
    // elides it to what the row leaves; beside, it is measured with the column's labels.
    const bool dashed = std::any_of(m_series.cbegin(), m_series.cend(), [](const Series* s) {
        return s->overlay && s->enabled && s->style.follows.isEmpty();
    });
    const int others = dashed ? 1 : 0;
    // An entry's square, margins and spacing around its text (as overlayLegendText counts).
    const qreal entry = metrics.height() + 8;
    const auto row = [&](const QStringList& labels) {
        qreal w = 24 + others * (entry + metrics.horizontalAdvance(
                                             tr("dashed: %1").arg(kLeastOverlayName.toString())));
        for (const QString& l : labels)
            w += entry + metrics.horizontalAdvance(l);
        return w;
    };
    const qreal room = width * MaxLegendShare - entry - 16; // a label's room beside
    const auto column = [&](const QStringList& labels) {
        qreal w = 0;
        for (const QString& l : labels)
            w = std::max(w, metrics.horizontalAdvance(l));
        return w;
    };
    // A step ("journey/step") listed right after its journey or its journey's other steps.
    QStringList steps = full;
    for (qsizetype i = 1; i < full.size(); ++i) {
        const qsizetype slash = full[i].indexOf(QLatin1Char('/'));
        if (slash <= 0)
            continue;
        const QString journey = full[i].left(slash);
        if (full[i - 1] == journey || full[i - 1].startsWith(journey + QLatin1Char('/')))
            steps[i] = QStringLiteral("\u21b3 ") + full[i].mid(slash + 1);
    }
    QStringList shown;
    bool beside = true;
    // The widest a label may be in a column beside before it is elided: MaxLegendShareCut of
    // the chart's width inside its margins (Qt Charts holds a legend beside to 40 % of that).
    const qreal cap = std::max<qreal>((width - 8) * MaxLegendShareCut - entry - 18, 1);
    if (row(full) <= width) {
        shown = full;
        beside = false;
    } else if (column(full) <= room) {
        shown = full;
    } else if (row(steps) <= width) {
        shown = steps;
        beside = false;
    } else {
        // Whole labels in a wider column (up to MaxLegendShareCut of the chart) before any
        // is elided ("others (9995)" of 10,000 workers at 1024x700).
        shown = steps;
        for (QString& l : shown)
            l = metrics.elidedText(l, Qt::ElideMiddle, cap);
    }
    // A column taller than the chart: Qt Charts clips it, the last entries silently gone
    // (a legend can be dragged, which nobody knows). The entries that fit are listed, the
    // last line says how many more there are ("+4 more"), and its tooltip names them.
    const qsizetype fit = beside ? legendRows() : markers.size() + others;
    qsizetype keep = markers.size();
    if (markers.size() + others > fit)
        keep = std::max<qsizetype>(1, fit - others - 1);
    // The last entries are folded, but an entry whose line a click hid stays listed (folded,
    // it could not be clicked back on) while there are others to fold.
    QList<bool> folded(markers.size(), false);
    qsizetype fold = markers.size() - keep;
    for (int pass = 0; pass < 2 && fold > 0; ++pass)
        for (qsizetype i = markers.size() - 1; i > 0 && fold > 0; --i)
            if (!folded[i] && (pass == 1 || !hidden[i])) {
                folded[i] = true;
                --fold;
            }
    const QStringList wasFolded = std::exchange(m_folded, QStringList());
    QStringList listed;
    for (qsizetype i = 0; i < markers.size(); ++i)
        (folded[i] ? m_folded : listed).append(folded[i] ? full[i] : shown[i]);
    if (!m_folded.isEmpty())
        listed.append(tr("+%1 more").arg(m_folded.size()));
    // Beside, "dashed: FILE" takes what it needs of the column, up to the widest a label may
    // be there (MaxLegendShareCut), and is elided in its middle to that, or shown as the
    // file's name alone (overlayLegendText); it was left out of the column's width, which Qt
    // Charts then cut it to ("dashed: resul...").
    m_overlayRoom = beside && dashed ? std::max(column(listed), cap) : 0;
    const qreal dashedWidth =
        m_overlayRoom > 0 ? metrics.horizontalAdvance(overlayLegendText(m_overlayRoom)) : 0;
    bool changed = m_folded != wasFolded;
    for (qsizetype i = 0; i < markers.size(); ++i) {
        if (markers[i]->label() != shown[i]) {
            markers[i]->setLabel(shown[i]);
            changed = true;
        }
        // Always: isVisible() is false for every entry until the legend is laid out.
        markers[i]->setVisible(!folded[i]);
    }
    changed = showMoreEntry(m_folded.isEmpty() ? QString() : listed.constLast()) || changed;
    // Beside, Qt Charts gives the legend more width than its column needs; hold it to that.
    const qreal wide =
        beside ? std::max(column(listed), dashedWidth) + entry + 16 : QWIDGETSIZE_MAX;
    if (legend->maximumWidth() != wide) {
        legend->setMaximumWidth(wide);
        changed = true;
    }
    const Qt::Alignment side = beside ? Qt::AlignRight : Qt::AlignBottom;
    if (legend->alignment() != side)
        legend->setAlignment(side);
    else if (changed && legend->layout())
        legend->layout()->invalidate();
    fitOverlayMarker(); // beside, to the column's room
}

int TimeSeriesChart::legendRows() const {
    // Beside the plot the legend spans the chart below its title, inside its margins; Qt
    // Charts lays an entry a line, each the text's height and 8 px (LegendMarkerItem).
    const QFontMetricsF metrics(m_chart->legend()->font());
    const qreal title =
        m_chart->title().isEmpty() ? 0 : QFontMetricsF(m_chart->titleFont()).height() + 5;
    const qreal height = m_view->height() - title - 4 - 4;
    return std::max(1, int(height / (std::ceil(metrics.height()) + 8)));
}

bool TimeSeriesChart::showMoreEntry(const QString& label) {
    if (label.isEmpty()) {
        if (!m_moreLine)
            return false;
        m_moreHovered = false;
        m_chart->removeSeries(m_moreLine);
        delete std::exchange(m_moreLine, nullptr);
        return true;
    }
    // Last in the legend, which lists the series in the order they were added: a line added
    // after it (arrange, an overlay) puts it back at the end.
    const QList<QAbstractSeries*> lines = m_chart->series();
    bool changed = false;
    if (!m_moreLine || lines.constLast() != m_moreLine) {
        if (m_moreLine) {
            m_chart->removeSeries(m_moreLine);
            delete m_moreLine;
        }
        // No points, no axes (attached, Qt Charts set the axes' ticks anew), a clear pen:
        // nothing to draw but its entry.
        m_moreLine = new QLineSeries;
        m_moreLine->setPen(QPen(Qt::transparent));
        m_chart->addSeries(m_moreLine);
        m_moreLine->setVisible(false);
        for (QLegendMarker* marker : m_chart->legend()->markers(m_moreLine))
            connect(marker, &QLegendMarker::hovered, this, [this](bool on) {
                m_moreHovered = on;
                if (on)
                    QToolTip::showText(QCursor::pos(), moreToolTip(), m_view);
                else
                    QToolTip::hideText();
            });
        changed = true;
    }
    const QColor text = palette().color(QPalette::WindowText);
    for (QLegendMarker* marker : m_chart->legend()->markers(m_moreLine)) {
        if (marker->label() != label) {
            marker->setLabel(label);
            changed = true;
        }
        marker->setVisible(true);
        // No colour of its own: it stands for the lines named in its tooltip.
        marker->setBrush(QBrush(Qt::transparent));
        marker->setPen(QPen(Qt::transparent));
        marker->setLabelBrush(text);
    }
    return changed;
}

QString TimeSeriesChart::moreToolTip() const {
    // The hover over the plot names every line's value; the window made larger lists them.
    constexpr qsizetype most = 40;
    QStringList lines{tr("Not listed here for want of room:")};
    lines += m_folded.mid(0, most);
    if (m_folded.size() > most)
        lines.append(tr("and %1 more").arg(m_folded.size() - most));
    return lines.join(QLatin1Char('\n'));
}

QStringList TimeSeriesChart::foldedLegendLabels() const {
    return m_folded;
}

void TimeSeriesChart::setSeriesLabel(const QString& series, const QString& label) {
    Series* s = find(series);
    if (!s || s->style.label == label)
        return;
    s->style.label = label;
    applyStyle(*s);
}

SeriesStyle TimeSeriesChart::defaultStyle(const QString& series) const {
    SeriesStyle style;
    style.colorKey = series;
    return style;
}

bool TimeSeriesChart::isDrawn(const Series& s) const {
    if (!s.visible || !s.enabled)
        return false;
    if (s.style.follows.isEmpty())
        return true;
    const Series* leader = find(s.style.follows);
    return !leader || (leader->visible && leader->enabled);
}

void TimeSeriesChart::setLineVisibility(Series& s) {
    const bool drawn = isDrawn(s);
    if (s.line->isVisible() != drawn)
        s.line->setVisible(drawn);
    if (s.overlay && s.overlay->isVisible() != drawn)
        s.overlay->setVisible(drawn);
    updateMarker(s);
}

void TimeSeriesChart::applyStyle(Series& s) {
    QColor color = s.style.textColor         ? palette().color(QPalette::WindowText)
                   : s.style.color.isValid() ? s.style.color
                                             : SeriesPalette::colorFor(s.style.colorKey);
    if (s.style.blend > 0) {
        const QColor base = palette().color(QPalette::Base);
        const qreal b = s.style.blend;
        color = QColor::fromRgbF(color.redF() * (1 - b) + base.redF() * b,
                                 color.greenF() * (1 - b) + base.greenF() * b,
                                 color.blueF() * (1 - b) + base.blueF() * b);
    }
    QPen pen(color, s.style.width, s.style.penStyle);
    pen.setCapStyle(Qt::FlatCap);
    s.line->setPen(pen);
    const QString label = s.style.label.isEmpty() ? s.name : s.style.label;
    if (s.line->name() != label)
        s.line->setName(label);
    if (s.overlay) {
        QColor faded = color;
        faded.setAlphaF(0.6f);
        QPen dashed(faded, std::max<qreal>(1.0, s.style.width * 0.75), Qt::DashLine);
        s.overlay->setPen(dashed);
        if (markLonePoint(s.overlay, s.overlay->count()) && s.overlay->count() > 0)
            s.overlay->replace(s.overlay->points()); // laid out again with its marker
    }
    if (markLonePoint(s.line, s.line->count()) && s.line->count() > 0)
        s.line->replace(s.line->points());
    updateMarker(s);
}

void TimeSeriesChart::connectMarker(QLineSeries* line) {
    const auto markers = m_chart->legend()->markers(line);
    for (QLegendMarker* marker : markers)
        connect(marker, &QLegendMarker::clicked, this, &TimeSeriesChart::onMarkerClicked,
                Qt::UniqueConnection);
}

void TimeSeriesChart::onMarkerClicked() {
    auto* marker = qobject_cast<QLegendMarker*>(sender());
    if (!marker)
        return;
    for (Series* s : std::as_const(m_series)) {
        if (s->line == marker->series()) {
            setSeriesVisible(s->name, !s->visible);
            return;
        }
    }
}

void TimeSeriesChart::updateMarker(const Series& s) {
    const auto markers = m_chart->legend()->markers(s.line);
    const QColor text = palette().color(QPalette::WindowText);
    for (QLegendMarker* marker : markers) {
        // Hiding a series hides its marker too; keep it so the user can click it back on.
        marker->setVisible(s.enabled && s.style.follows.isEmpty());
        QColor label = text;
        QColor color = s.line->pen().color();
        if (!s.visible) {
            label.setAlphaF(0.4f);
            color.setAlphaF(0.25f);
        }
        marker->setLabelBrush(label);
        marker->setBrush(color);
        marker->setPen(QPen(color));
    }
    if (s.overlay) {
        // One legend entry names the earlier run (its file); the other dashed lines are
        // told apart by colour.
        const Series* named = nullptr;
        for (const Series* other : m_series) {
            if (other->overlay && other->enabled && other->style.follows.isEmpty()) {
                named = other;
                break;
            }
        }
        for (QLegendMarker* marker : m_chart->legend()->markers(s.overlay)) {
            marker->setVisible(&s == named);
            // It stands for every dashed line: "dashed: before.json", in the text colour,
            // the name elided in its middle to what the legend has room for (fitOverlayMarker).
            QColor color = palette().color(QPalette::WindowText);
            marker->setLabelBrush(color);
            color.setAlphaF(0.6f);
            marker->setBrush(color);
            marker->setPen(QPen(color));
        }
    }
    placeLegend();      // a label's width changes where the legend goes
    fitOverlayMarker(); // an entry's width changes the room the dashed lines' one has
}

// elideKeepingTheEnd elides `text` to `width` in its middle, keeping a third of the room
// for its start and the rest for its end: runs' files differ most at their end (a date, a
// number, "-after.json").
static QString elideKeepingTheEnd(const QString& text, const QFontMetricsF& metrics, qreal width) {
    if (metrics.horizontalAdvance(text) <= width)
        return text;
    const QString dots(QChar(0x2026));
    // An earlier run's name ends in its start after a comma ("checkout flow, 17:22"), what
    // tells kept runs of a scenario apart: the name is elided before it, the start whole, as
    // long as a letter of the name still shows ("c…, 17:22").
    if (const qsizetype comma = text.lastIndexOf(QStringLiteral(", ")); comma > 0) {
        const QString tail = text.mid(comma);
        const qreal room = width - metrics.horizontalAdvance(dots + tail);
        qsizetype head = 0;
        while (head < comma && metrics.horizontalAdvance(text.left(head + 1)) <= room)
            ++head;
        if (head > 0)
            return text.left(head) + dots + tail;
        // No room for a letter of the name: the start alone ("…17:22"); no room for that, the
        // name's start ("dem…"), not a part of the time ("d…35").
        const QString start = dots + text.mid(comma + 2);
        if (metrics.horizontalAdvance(start) <= width)
            return start;
        return metrics.elidedText(text, Qt::ElideRight, width);
    }
    const qreal room = width - metrics.horizontalAdvance(dots);
    qsizetype head = 0;
    while (head < text.size() && metrics.horizontalAdvance(text.left(head + 1)) <= room / 3)
        ++head;
    const qreal left = room - metrics.horizontalAdvance(text.left(head));
    qsizetype tail = 0;
    while (head + tail < text.size() && metrics.horizontalAdvance(text.right(tail + 1)) <= left)
        ++tail;
    return text.left(head) + dots + text.right(tail);
}

// overlayLegendText is the label of the dashed lines' legend entry: "dashed: " and the
// earlier run's name, elided in the middle (its start and its end, often a date and
// ".json", tell runs apart) to the room the other entries leave in the legend's row. Qt's
// legend would cut the end off the widest entry instead. The whole name is its tooltip.
QString TimeSeriesChart::overlayLegendText(qreal room) const {
    const QString run = m_overlayLabel.isEmpty() ? tr("earlier run") : m_overlayLabel;
    const QString full = tr("dashed: %1").arg(run);
    QLegend* legend = m_chart->legend();
    const QFontMetricsF metrics(legend->font());
    const bool beside =
        room > 0 || legend->alignment() == Qt::AlignLeft || legend->alignment() == Qt::AlignRight;
    if (room > 0) {
        // A column beside the plot: the room placeLegend measured for it.
        room -= m_overlayShave;
    } else if (beside) {
        if (m_overlayRoom <= 0)
            return full;
        room = m_overlayRoom - m_overlayShave;
    } else {
        const qreal width = legend->geometry().width();
        if (width <= 0)
            return full; // not laid out yet
        // An entry's square, margins and spacing around its text (Qt Charts' legend layout
        // takes the font's height and 6 px), and the row's margins.
        const qreal entry = metrics.height() + 8;
        qreal others = 0; // the entries shown beside it (as updateMarker shows them)
        for (const Series* s : m_series) {
            if (!s->enabled || !s->style.follows.isEmpty())
                continue;
            for (QLegendMarker* marker : legend->markers(s->line))
                others += entry + metrics.horizontalAdvance(marker->label());
        }
        room = width - others - entry - 24 - m_overlayShave;
    }
    if (metrics.horizontalAdvance(full) <= room)
        return full;
    // The word stays and the name is elided: "dashed: res…11-29.json". The entry showed the
    // name alone when "dashed: " did not fit too, a file's name with nothing to say what it
    // was. Below the plot the row keeps room for "dashed: re…json" (placeLegend); beside
    // it, the name has what the column leaves, which Qt Charts holds to 40 % of the chart
    // (wider, it cut the entry's end off, "dashed: re…j...").
    const qreal prefixed = room - metrics.horizontalAdvance(tr("dashed: %1").arg(QString()));
    // (Less what Qt Charts still cut off: checkOverlayEntry.)
    const qreal least =
        beside ? 0
               : std::max<qreal>(0, metrics.horizontalAdvance(kLeastOverlayName.toString()) -
                                        m_overlayShave);
    return tr("dashed: %1").arg(elideKeepingTheEnd(run, metrics, std::max(prefixed, least)));
}

QString TimeSeriesChart::overlayToolTip() const {
    const QString text =
        tr("dashed: %1").arg(m_overlayLabel.isEmpty() ? tr("earlier run") : m_overlayLabel);
    return m_overlayAbout.isEmpty() ? text : text + QLatin1Char('\n') + m_overlayAbout;
}

// fitOverlayMarker sets the dashed lines' legend label again for the legend's width (after
// a resize or when entries come and go).
void TimeSeriesChart::fitOverlayMarker() {
    // What Qt Charts cut off before is taken off again while the name, the chart's size and
    // the legend's place stay; any of them changed, the entry is fitted afresh.
    const QString key = QStringLiteral("%1 %2x%3 %4")
                            .arg(m_overlayLabel)
                            .arg(m_view->width())
                            .arg(m_view->height())
                            .arg(int(m_chart->legend()->alignment()));
    if (key != m_overlayShaveKey) {
        m_overlayShaveKey = key;
        m_overlayShave = 0;
    }
    const QString text = overlayLegendText(0);
    bool changed = false;
    for (const Series* s : std::as_const(m_series)) {
        if (!s->overlay)
            continue;
        for (QLegendMarker* marker : m_chart->legend()->markers(s->overlay)) {
            if (marker->label() != text) {
                marker->setLabel(text);
                changed = true;
            }
        }
    }
    // The legend draws a new label when it lays its entries out again; its own size stays.
    if (changed && m_chart->legend()->layout())
        m_chart->legend()->layout()->invalidate();
    // Qt Charts measures its entries its own way (text items with margins of their own) and
    // cut the entry a second time when its measure came out a pixel or two wider than this
    // chart's ("dashed: 2….js..." in Latency's row of five at 1024x700). It lays the legend
    // out later, in the window after its resizes and shows (a check right here saw the
    // legend of the size before): the entry is checked once the event loop has let it lay
    // the legend out (checkOverlayEntry).
    if (hasOverlay() && !m_overlayCheckPending) {
        m_overlayCheckPending = true;
        QTimer::singleShot(0, this, [this] {
            m_overlayCheckPending = false;
            checkOverlayEntry();
        });
    }
}

QGraphicsTextItem* TimeSeriesChart::overlayEntryItem() const {
    // The text item Qt Charts draws the dashed lines' entry with (the legend's only one that
    // starts with "dashed").
    const QString prefix = tr("dashed: %1").arg(QString()).trimmed();
    QList<QGraphicsItem*> items = m_chart->legend()->childItems();
    for (qsizetype i = 0; i < items.size() && i < 100000; ++i) {
        items += items[i]->childItems();
        auto* text = dynamic_cast<QGraphicsTextItem*>(items[i]);
        if (text && text->isVisible() && text->toPlainText().startsWith(prefix))
            return text;
    }
    return nullptr;
}

void TimeSeriesChart::checkOverlayEntry() {
    QLegendMarker* marker = nullptr;
    for (const Series* s : std::as_const(m_series))
        if (s->overlay)
            for (QLegendMarker* m : m_chart->legend()->markers(s->overlay))
                if (m->isVisible())
                    marker = m;
    if (!marker || !m_chart->legend()->isVisible() || !isVisible())
        return;
    // Laid out now, if Qt Charts has not yet.
    if (QGraphicsLayout* layout = m_chart->layout(); layout && !layout->isActivated())
        layout->activate();
    if (QGraphicsLayout* layout = m_chart->legend()->layout(); layout && !layout->isActivated())
        layout->activate();
    const QGraphicsTextItem* drawn = overlayEntryItem();
    if (drawn && drawn->toPlainText() == marker->label())
        return; // drawn as this chart made it
    // Cut ("dashed: a…ef" drawn "dashed: a…..."): 3 px less room, at most 60 px.
    if (m_overlayShave >= 60)
        return;
    m_overlayShave += 3;
    placeLegend(); // beside, the column's width follows the entry; below, the row's room
}

void TimeSeriesChart::appendPoint(const QString& series, double tSeconds, double value) {
    if (!std::isfinite(tSeconds) || !std::isfinite(value))
        return;
    Series& s = ensureSeries(series);
    if (!s.points.isEmpty() && tSeconds < s.points.constLast().x())
        return;
    s.points.append(QPointF(tSeconds, value));
    s.dirty = true;
    m_lastTime = std::max(m_lastTime, tSeconds);
    if (s.points.size() > s.foldAt)
        fold(s);
}

void TimeSeriesChart::fold(Series& s) {
    QList<QPointF>& p = s.points;
    // [0, split) is folded: older than ExactSeconds, or beyond MaxExactPoints.
    const double keepFrom = p.constLast().x() - ExactSeconds;
    qsizetype split = std::lower_bound(p.cbegin(), p.cend(), keepFrom, lessX) - p.cbegin();
    split = std::max(split, p.size() - MaxExactPoints);
    // Fewer than two points per bucket would not shrink.
    if (split > 2 * FoldBuckets) {
        const double lo = p[0].x();
        const double width = (p[split - 1].x() - lo) / double(FoldBuckets);
        auto bucketOf = [lo, width](const QPointF& q) {
            return width > 0 ? std::min(FoldBuckets - 1, qsizetype((q.x() - lo) / width))
                             : qsizetype(0);
        };
        // In place: a bucket of n points writes at most min(n, 2) at or before its start.
        qsizetype out = 0;
        for (qsizetype i = 0; i < split;) {
            const qsizetype bucket = bucketOf(p[i]);
            qsizetype minI = i, maxI = i, j = i + 1;
            for (; j < split && bucketOf(p[j]) == bucket; ++j) {
                if (p[j].y() < p[minI].y())
                    minI = j;
                if (p[j].y() > p[maxI].y())
                    maxI = j;
            }
            const QPointF first = p[std::min(minI, maxI)];
            const QPointF second = p[std::max(minI, maxI)];
            p[out++] = first;
            if (minI != maxI)
                p[out++] = second;
            i = j;
        }
        std::move(p.begin() + split, p.end(), p.begin() + out);
        p.resize(out + (p.size() - split)); // keeps the capacity: no new allocation next time
    }
    s.foldAt = std::max(FirstFold, p.size() + FoldSlack);
}

void TimeSeriesChart::setOverlay(const QString& series, const QList<QPointF>& points) {
    Series& s = ensureSeries(series);
    if (!s.overlay) {
        s.overlay = makeLine(series, s.style, true);
        applyStyle(s);
        // The mouse on the dashed lines' legend entry shows the earlier run's whole name.
        for (QLegendMarker* marker : m_chart->legend()->markers(s.overlay))
            connect(marker, &QLegendMarker::hovered, this, [this](bool on) {
                m_overlayHovered = on;
                if (on)
                    QToolTip::showText(QCursor::pos(), overlayToolTip(), m_view);
                else
                    QToolTip::hideText();
            });
    }
    s.overlayPoints = points;
    std::stable_sort(s.overlayPoints.begin(), s.overlayPoints.end(),
                     [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
    s.dirty = true;
    m_rangeDirty = true;
    updateMarker(s);
    updateTitle();
}

void TimeSeriesChart::clearOverlay() {
    m_overlayHovered = false;
    for (Series* s : std::as_const(m_series)) {
        if (!s->overlay)
            continue;
        m_chart->removeSeries(s->overlay);
        delete s->overlay;
        s->overlay = nullptr;
        s->overlayPoints.clear();
        s->dirty = true;
    }
    m_rangeDirty = true;
    updateTitle();
}

bool TimeSeriesChart::hasOverlay() const {
    return std::any_of(m_series.cbegin(), m_series.cend(),
                       [](const Series* s) { return s->overlay != nullptr; });
}

void TimeSeriesChart::clear() {
    clearOverlay();
    for (Series* s : std::as_const(m_series)) {
        s->points.clear();
        s->foldAt = FirstFold;
        s->dirty = true;
    }
    m_lastTime = 0;
    m_rangeDirty = true;
}

void TimeSeriesChart::setWindowSeconds(double seconds) {
    const double w = std::isfinite(seconds) && seconds > 0 ? seconds : 0.0;
    if (w == m_windowSeconds)
        return;
    m_windowSeconds = w;
    m_rangeDirty = true;
}

void TimeSeriesChart::setSmoothingSeconds(double seconds) {
    const double w = std::isfinite(seconds) && seconds > 0 ? seconds : 0.0;
    if (w == m_smoothSeconds)
        return;
    m_smoothSeconds = w;
    m_rangeDirty = true;
}

void TimeSeriesChart::setPlanOnly(bool planOnly) {
    if (planOnly == m_planOnly)
        return;
    m_planOnly = planOnly;
    m_rangeDirty = true;
}

void TimeSeriesChart::setPlannedSeconds(double seconds) {
    // The axis follows at the next commit(), which compares the range it computes.
    m_plannedSeconds = std::isfinite(seconds) && seconds > 0 ? seconds : 0.0;
}

QList<QPointF> TimeSeriesChart::smoothed(const QList<QPointF>& in, double lo, double hi) const {
    // The mean over the trailing window of each point in [lo, hi] (and the one before lo):
    // a running sum, so O(n) in the points shown.
    const double w = m_smoothSeconds;
    auto first = std::lower_bound(in.cbegin(), in.cend(), lo, lessX);
    if (first != in.cbegin())
        --first;
    const auto last = std::upper_bound(in.cbegin(), in.cend(), hi,
                                       [](double x, const QPointF& p) { return x < p.x(); });
    QList<QPointF> out;
    out.reserve(last - first);
    // The points in the window that are not 0 are counted: a window of zeros is 0, where
    // the sum added and taken away left a rounding error (-4.4e-16 errors/s after a run's
    // errors stopped, which made the value axis reach below 0 and label its bottom "-0").
    auto tail = std::lower_bound(in.cbegin(), in.cend(), first->x() - w + 1e-9, lessX);
    double sum = 0;
    qsizetype nonZero = 0;
    for (auto it = tail; it != first; ++it) {
        sum += it->y();
        nonZero += it->y() != 0;
    }
    for (auto it = first; it != last; ++it) {
        sum += it->y();
        nonZero += it->y() != 0;
        while (tail->x() <= it->x() - w + 1e-9) {
            nonZero -= tail->y() != 0;
            sum -= (tail++)->y();
        }
        if (nonZero == 0)
            sum = 0;
        out.append(QPointF(it->x(), sum / double(it - tail + 1)));
    }
    return out;
}

void TimeSeriesChart::setSeriesVisible(const QString& series, bool visible) {
    Series* s = find(series);
    if (!s || s->visible == visible)
        return;
    s->visible = visible;
    for (Series* other : std::as_const(m_series)) {
        if (other == s || other->style.follows == series) {
            other->dirty = true;
            setLineVisibility(*other);
        }
    }
    commit();
    emit seriesVisibilityChanged(series, visible);
}

bool TimeSeriesChart::isSeriesVisible(const QString& series) const {
    const Series* s = find(series);
    return s && isDrawn(*s);
}

void TimeSeriesChart::setSeriesEnabled(const QString& series, bool enabled) {
    Series& s = ensureSeries(series);
    if (s.enabled == enabled)
        return;
    s.enabled = enabled;
    s.dirty = true;
    for (Series* other : std::as_const(m_series)) {
        if (other == &s || other->style.follows == series)
            setLineVisibility(*other);
    }
    if (s.overlay)
        updateTitle();
    updateEmptyText();
}

QStringList TimeSeriesChart::seriesNames() const {
    QStringList names;
    names.reserve(m_series.size());
    for (const Series* s : m_series)
        names.append(s->name);
    return names;
}

qsizetype TimeSeriesChart::pointCount(const QString& series) const {
    const Series* s = find(series);
    return s ? s->points.size() : 0;
}

QList<QPointF> TimeSeriesChart::displayedPoints(const QString& series) const {
    const Series* s = find(series);
    return s ? s->shown : QList<QPointF>();
}

QLineSeries* TimeSeriesChart::lineSeries(const QString& series) const {
    const Series* s = find(series);
    return s ? s->line : nullptr;
}

QLineSeries* TimeSeriesChart::overlaySeries(const QString& series) const {
    const Series* s = find(series);
    return s ? s->overlay : nullptr;
}

int TimeSeriesChart::columns() const {
    // The view's width rather than the plot area's: the plot area shrinks and grows with the
    // value axis' labels, which would redraw every series whenever the labels change.
    // One bucket per four pixels: a min/max pair per bucket is then about one point per two
    // pixels, which looks the same as one per pixel (spikes survive as the bucket's max) and
    // halves both Qt Charts' cost of rebuilding each line's path (it strokes the whole path
    // for hit-testing on every update) and the memory that path takes, which grows with the
    // points shown until the line has one per two pixels.
    const int width = m_view->viewport()->width();
    // A chart that was never laid out has no width yet; assume a typical one.
    return isVisible() || testAttribute(Qt::WA_Resized) ? std::max(16, width / 4) : 150;
}

void TimeSeriesChart::computeTimeRange(double& lo, double& hi, double& reach, double& tick) const {
    // An interval's end is measured, not planned: a 30 s run's last interval ends at
    // 30.0001 s. Rounding that up to the next tick showed 0–35 s for a 30 s run, a seventh of
    // the plot empty. A point less than a hundredth of a tick past one is drawn at the edge
    // (the line stops a fraction of a pixel short), and the axis ends on that tick.
    constexpr double kSlack = 0.01;
    constexpr double kEndJitterS = 0.002;
    double end = 0;
    bool live = false;
    for (const Series* s : m_series) {
        if (!s->points.isEmpty()) {
            live = true;
            end = std::max(end, s->points.constLast().x());
        }
    }
    if (!live || m_windowSeconds <= 0) {
        // Without live data (an earlier run opened on its own) or for the whole run, the
        // overlay's extent counts too.
        for (const Series* s : m_series) {
            if (!s->overlayPoints.isEmpty())
                end = std::max(end, s->overlayPoints.constLast().x());
        }
    }
    if (m_windowSeconds > 0 && m_planOnly)
        end = 0; // a plan is seen from its start, where the run will start
    if (m_windowSeconds > 0) {
        // The window moves in steps of a twentieth of its width rather than on every commit:
        // Qt Charts rebuilds every series' path when an axis range changes, on top of the
        // rebuild for the new points, so a continuously sliding axis would double the cost.
        const double step = m_windowSeconds / 20;
        hi = std::max(std::ceil(end / step - kSlack) * step, m_windowSeconds);
        lo = hi - m_windowSeconds;
        reach = hi + kSlack * step;
        tick = niceTimeStep(m_windowSeconds);
        for (int i = 0; i < 40 && tick < m_windowSeconds && !timeLabelsFit(lo, hi, tick); ++i)
            tick = widerTimeStep(tick); // late in a long run: "2591940" every 10 s
        return;
    }
    // The whole run: at least its planned length (10 s when none is known), then the end
    // rounded up to a tick so the axis changes only now and then. The tick is chosen for the
    // span less the same slack (a 35 s run ending 35.0001 s in is 7 ticks of 5 s, not 4 of
    // 10; a 1 s run in fifths, as 0.9 s, where it had two ticks, 0 and 1), and kept for the
    // rounded end (whose own would be 1 s for 0.9 s rounded up to 1 s).
    //
    // A run's end is past its plan by the engine's timing too, mostly a few tenths of a
    // millisecond (50 ms runs in the app ended 50.19 to 50.29 ms in, a process's first one
    // 51.7 ms): more than a hundredth of the hundredths of a second a run under 0.1 s is
    // ticked in, so a 50 ms run read 0-0.06 s, a sixth of the plot empty. The slack is 2 ms
    // at least, for such fine ticks no more than a fifth of one (a 50 ms run: 0-0.05 s; 0.5 s
    // ticked in tenths: 2 ms, a pixel or two of a chart).
    const auto slack = [&](double step) {
        return std::max(kSlack, std::min(kEndJitterS / step, 0.2));
    };
    const double span = std::max(end, m_plannedSeconds > 0 ? m_plannedSeconds : 10.0);
    const double coarse = niceTimeStep(span * (1 - kSlack / 7));
    double step = niceTimeStep(span - slack(coarse) * coarse);
    lo = 0;
    // (Tenths as whole numbers divided: 3 / 10 is 0.3, where 3 * 0.1 is 0.30000000000000004.)
    const auto place = [&] {
        const double ticks = std::ceil(span / step - slack(step));
        hi = step < 1 ? ticks / std::round(1 / step) : ticks * step;
    };
    place();
    // Fewer ticks where their labels would not fit between them: Qt Charts cuts a label to
    // the room a tick has ("600…"), and a 720h plan's seven "2500000"s needed more than a
    // chart has at 1024x700. (A step at least the span is one tick past 0: it ends.)
    for (int i = 0; i < 40 && step < span && !timeLabelsFit(lo, hi, step); ++i) {
        step = widerTimeStep(step);
        place();
    }
    reach = hi + slack(step) * step;
    tick = step;
}

bool TimeSeriesChart::timeLabelsFit(double lo, double hi, double step) const {
    // Qt Charts gives each label the axis' width over the labels' count, less its padding on
    // both sides (HorizontalAxis::updateGeometry), and cuts a longer one.
    const double width = timeAxisWidth();
    if (width <= 0 || step <= 0)
        return true;
    const int labels = int(std::llround((hi - lo) / step)) + 1;
    const QFontMetricsF metrics(m_xAxis->labelsFont());
    const int decimals = decimalsFor(step);
    double widest = 0;
    for (double v : {lo, hi, hi - step})
        widest = std::max(widest, metrics.horizontalAdvance(QString::number(v, 'f', decimals)));
    constexpr double kPadding = 2 * 4 + 1; // the label's padding on both sides, and a pixel
    return labels * (widest + kPadding) <= width;
}

double TimeSeriesChart::timeAxisWidth() const {
    // The view's width less what the chart keeps beside its plot (the value axis' labels,
    // margins; 80 px before it was laid out): the plot area itself is laid out later than
    // the view is resized.
    if (!isVisible() && !testAttribute(Qt::WA_Resized))
        return 0;
    const double plot = m_chart->plotArea().width();
    const double beside = plot > 0 ? m_chart->size().width() - plot : 80.0;
    return m_view->viewport()->width() - beside;
}

QList<QPointF> TimeSeriesChart::downsample(const QList<QPointF>& in, double lo, double hi) const {
    // One point before lo keeps the line entering from the left edge.
    auto first = std::lower_bound(in.cbegin(), in.cend(), lo, lessX);
    if (first != in.cbegin())
        --first;
    const auto last = std::upper_bound(in.cbegin(), in.cend(), hi,
                                       [](double x, const QPointF& p) { return x < p.x(); });
    const qsizetype count = last - first;
    const int cols = columns();
    if (count <= 2 * qsizetype(cols))
        return QList<QPointF>(first, last);

    // Buckets are aligned to absolute time so that a sliding window does not make the
    // min/max pairs jump between frames. cols - 2 buckets over [lo, hi] touch at most cols
    // buckets, two points each, plus the point before lo, the first and the last point: at most
    // 2 * cols + 3 points.
    const double width = (hi - lo) / double(std::max(1, cols - 2));
    QList<QPointF> out;
    out.reserve(2 * cols + 3);
    auto it = first;
    if (it->x() < lo)
        out.append(*it++);
    // The first and the last point are kept as well, so the line spans the whole range and
    // ends at the latest value.
    const auto sliceFirst = it;
    while (it != last) {
        const double bucket = std::floor(it->x() / width);
        if (it == sliceFirst)
            out.append(*it);
        auto minIt = it, maxIt = it;
        for (++it; it != last && std::floor(it->x() / width) == bucket; ++it) {
            if (it->y() < minIt->y())
                minIt = it;
            if (it->y() > maxIt->y())
                maxIt = it;
        }
        auto add = [&out, sliceFirst](QList<QPointF>::const_iterator p) {
            if (p != sliceFirst)
                out.append(*p);
        };
        if (minIt == maxIt) {
            add(minIt);
        } else if (minIt < maxIt) {
            add(minIt);
            add(maxIt);
        } else {
            add(maxIt);
            add(minIt);
        }
    }
    if (out.constLast() != *(last - 1))
        out.append(*(last - 1));
    return out;
}

void TimeSeriesChart::commit() {
    const int cols = columns();
    if (cols != m_lastColumns) {
        m_lastColumns = cols;
        m_rangeDirty = true;
    }
    double lo = 0, hi = 0, reach = 0, step = 0;
    computeTimeRange(lo, hi, reach, step);
    const bool xChanged = lo != m_xMin || hi != m_xMax;
    const bool all = xChanged || m_rangeDirty;
    m_rangeDirty = false;

    double yLo = std::numeric_limits<double>::infinity();
    double yHi = -std::numeric_limits<double>::infinity();
    for (Series* s : std::as_const(m_series)) {
        const bool drawn = isDrawn(*s);
        if (drawn && (all || s->dirty)) {
            s->shown = m_smoothSeconds > 0 && s->style.smoothable && !s->points.isEmpty()
                           ? downsample(smoothed(s->points, lo, reach), lo, reach)
                           : downsample(s->points, lo, reach);
            markLonePoint(s->line, s->shown.size()); // before the points: see markLonePoint
            s->line->replace(s->shown);
            if (s->overlay) {
                const QList<QPointF> earlier =
                    m_smoothSeconds > 0 && s->style.smoothable && !s->overlayPoints.isEmpty()
                        ? downsample(smoothed(s->overlayPoints, lo, reach), lo, reach)
                        : downsample(s->overlayPoints, lo, reach);
                markLonePoint(s->overlay, earlier.size());
                s->overlay->replace(earlier);
            }
            s->dirty = false;
        }
        if (!drawn)
            continue;
        for (const QPointF& p : std::as_const(s->shown)) {
            if (p.x() < lo)
                continue;
            yLo = std::min(yLo, p.y());
            yHi = std::max(yHi, p.y());
        }
        if (s->overlay) {
            auto from =
                std::lower_bound(s->overlayPoints.cbegin(), s->overlayPoints.cend(), lo, lessX);
            for (auto it = from; it != s->overlayPoints.cend() && it->x() <= hi; ++it) {
                yLo = std::min(yLo, it->y());
                yHi = std::max(yHi, it->y());
            }
        }
    }

    if (xChanged) {
        m_xMin = lo;
        m_xMax = hi;
        // Qt Charts makes the ticks of the new range with the interval it has: a range grown
        // from a short run's (0.1 s, ticked in hundredths) to a window of minutes, ticked in
        // hundredths first, made tens of thousands of labels. A coarser interval is set
        // before the range, a finer one after it.
        const bool coarser = step > m_xAxis->tickInterval();
        if (coarser)
            m_xAxis->setTickInterval(step);
        // Qt Charts places the ticks by adding the interval up from the first: tenths added
        // up overshoot (0.1 + 0.1 + 0.1 is 0.30000000000000004), and the tick at the end of a
        // 0.3 s run, past the range by that, was not drawn. The axis reaches a billionth of a
        // step further (whole seconds add up exactly).
        m_xAxis->setRange(lo, step < 1 ? hi + step * 1e-9 : hi);
        if (!coarser && step != m_xAxis->tickInterval())
            m_xAxis->setTickInterval(step);
        // As many decimals as the step has: "0.1", not "0" five times.
        const QString format = QStringLiteral("%.%1f").arg(decimalsFor(step));
        if (format != m_xAxis->labelFormat())
            m_xAxis->setLabelFormat(format);
    }

    double newYMin = 0, newYMax = 1;
    int ticks = 6;
    if (yHi >= yLo) {
        // Rounding the span keeps ticks on round numbers when the range includes negatives.
        const NiceRange top = niceCeil(std::max(yHi, 0.0) * 1.05);
        const NiceRange bottom = niceCeil(std::max(-yLo, 0.0) * 1.05);
        newYMax = yHi > 0 ? top.max : 0.0;
        newYMin = yLo < 0 ? -bottom.max : 0.0;
        if (newYMax == newYMin)
            newYMax = newYMin + 1;
        ticks = yLo < 0 && yHi > 0 ? 5 : (yHi > 0 ? top.ticks : bottom.ticks);
    }
    if (newYMin != m_yMin || newYMax != m_yMax) {
        m_yMin = newYMin;
        m_yMax = newYMax;
        m_yAxis->setRange(newYMin, newYMax);
        if (m_yAxis->tickCount() != ticks)
            m_yAxis->setTickCount(ticks);
        m_yAxis->setLabelFormat(QStringLiteral("%.") +
                                QString::number(decimalsFor((newYMax - newYMin) / (ticks - 1))) +
                                QStringLiteral("f"));
    }
    // A new label format or tick count is drawn when Qt Charts lays the chart out, which it
    // leaves to the event loop: until then the axis showed the new range with the old labels
    // ("1", "1", "0", "0" for 0–1 in tenths). Laid out now, as the legend below.
    if (QGraphicsLayout* layout = m_chart->layout(); layout && !layout->isActivated())
        layout->activate();
    // A line added again (arrange) leaves every legend entry hidden until the legend lays
    // itself out, which Qt Charts leaves to the event loop: laid out now, what was committed
    // is what a paint or an export before the event loop runs shows.
    if (QGraphicsLayout* legend = m_chart->legend()->layout(); legend && !legend->isActivated())
        legend->activate();
    updateEmptyText();
}

void TimeSeriesChart::setEmptyText(const QString& text) {
    if (text == m_emptyText)
        return;
    m_emptyText = text;
    updateEmptyText();
}

bool TimeSeriesChart::isEmptyTextShown() const {
    return m_emptyItem->isVisible();
}

void TimeSeriesChart::updateEmptyText() {
    // Points of a line hidden by its legend entry count: the chart is not empty then, only
    // its lines are hidden. An earlier run's dashed points count too. A series disabled by
    // the chart (Latency's other kind, or a worker the box does not show) draws nothing:
    // its points do not count.
    const bool anyPoint = std::any_of(m_series.cbegin(), m_series.cend(), [](const Series* s) {
        return s->enabled && (!s->points.isEmpty() || !s->overlayPoints.isEmpty());
    });
    const bool show = !m_emptyText.isEmpty() && !anyPoint;
    if (!show) {
        m_emptyItem->setVisible(false);
        return;
    }
    if (m_emptyItem->toPlainText() != m_emptyText)
        m_emptyItem->setPlainText(m_emptyText);
    m_emptyItem->setFont(font());
    m_emptyItem->setDefaultTextColor(palette().color(QPalette::WindowText));
    const QRectF plot = m_chart->plotArea();
    m_emptyItem->setTextWidth(std::max<qreal>(60, plot.width() - 16));
    const QRectF box = m_emptyItem->boundingRect();
    m_emptyItem->setPos(plot.center() - QPointF(box.width() / 2, box.height() / 2));
    m_emptyItem->setVisible(true);
}

void TimeSeriesChart::showLinesMenu(const QPoint& globalPos) {
    if (m_linesMenu)
        m_linesMenu->close();
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->setAccessibleName(tr("%1 lines").arg(m_title));
    // In the legend's order (Qt Charts lists it in drawing order), folded entries included:
    // the lines that have an entry of their own (a target follows its achieved line).
    QHash<const QAbstractSeries*, const Series*> byLine;
    for (const Series* s : std::as_const(m_series))
        byLine.insert(s->line, s);
    const QList<QAbstractSeries*> lines = m_chart->series();
    for (const QAbstractSeries* line : lines) {
        const Series* s = byLine.value(line, nullptr);
        if (!s || !s->enabled || !s->style.follows.isEmpty())
            continue;
        QString label = s->style.label.isEmpty() ? s->name : s->style.label;
        label.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction* action = menu->addAction(tr("Show %1").arg(label));
        action->setCheckable(true);
        action->setChecked(s->visible);
        action->setData(s->name);
        const QString name = s->name;
        connect(action, &QAction::toggled, this,
                [this, name](bool on) { setSeriesVisible(name, on); });
    }
    if (menu->isEmpty())
        menu->addAction(tr("No lines to show"))->setEnabled(false);
    m_linesMenu = menu;
    QPoint at = globalPos;
    if (at.isNull()) {
        // From the keyboard: at the plot's top left corner, over the chart it is about.
        const QPointF corner = m_chart->mapToScene(m_chart->plotArea().topLeft());
        at = m_view->mapToGlobal(m_view->mapFromScene(corner) + QPoint(8, 8));
    }
    menu->popup(at);
}

QMenu* TimeSeriesChart::linesMenu() const {
    return m_linesMenu;
}

void TimeSeriesChart::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Menu ||
        (event->key() == Qt::Key_F10 && event->modifiers() == Qt::ShiftModifier)) {
        // The platform may send a context menu event for the Menu key too: one menu.
        if (!m_linesMenu || !m_linesMenu->isVisible())
            showLinesMenu();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

void TimeSeriesChart::contextMenuEvent(QContextMenuEvent* event) {
    // A right-click on the view comes here (the chart's items take none); the Menu key too.
    if (!m_linesMenu || !m_linesMenu->isVisible())
        showLinesMenu(event->reason() == QContextMenuEvent::Mouse ? event->globalPos() : QPoint());
    event->accept();
}

void TimeSeriesChart::focusInEvent(QFocusEvent* event) {
    QWidget::focusInEvent(event);
    updateFocusFrame();
}

void TimeSeriesChart::focusOutEvent(QFocusEvent* event) {
    QWidget::focusOutEvent(event);
    updateFocusFrame();
}

void TimeSeriesChart::updateFocusFrame() {
    // Two pixels of the highlight colour round the chart, as a focused text box is framed.
    m_chart->setBackgroundPen(hasFocus() ? QPen(palette().color(QPalette::Highlight), 2)
                                         : QPen(Qt::NoPen));
}

QString TimeSeriesChart::valuesAt(double tSeconds) const {
    QStringList lines;
    // A decimal finer than the time axis' labels, one at least: one read every 0.05 s of a
    // 0.5 s run as "t = 0.0 s"; runs ticked in whole seconds read as before.
    const double tick = m_xAxis->tickInterval();
    const int decimals = std::max(1, tick > 0 ? decimalsFor(tick) + 1 : 1);
    lines.append(tr("t = %1 s").arg(QLocale().toString(tSeconds, 'f', decimals)));
    auto nearest = [tSeconds](const QList<QPointF>& points) -> const QPointF* {
        if (points.isEmpty())
            return nullptr;
        auto it = std::lower_bound(points.cbegin(), points.cend(), tSeconds, lessX);
        if (it == points.cend())
            --it;
        else if (it != points.cbegin() &&
                 std::abs((it - 1)->x() - tSeconds) < std::abs(it->x() - tSeconds))
            --it;
        return &*it;
    };
    for (const Series* s : m_series) {
        if (!isDrawn(*s))
            continue;
        if (const QPointF* p = nearest(s->shown))
            lines.append((s->style.label.isEmpty() ? s->name : s->style.label) +
                         QStringLiteral(": ") + formatValue(p->y()));
        if (s->overlay) {
            if (const QPointF* p = nearest(s->overlayPoints))
                lines.append(s->overlay->name() + QStringLiteral(": ") + formatValue(p->y()));
        }
    }
    return lines.join(QLatin1Char('\n'));
}

bool TimeSeriesChart::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_view->viewport()) {
        if (event->type() == QEvent::MouseMove) {
            auto* me = static_cast<QMouseEvent*>(event);
            const QPointF scenePos = m_view->mapToScene(me->position().toPoint());
            const QPointF chartPos = m_chart->mapFromScene(scenePos);
            if (m_chart->plotArea().contains(chartPos)) {
                const QPointF value = m_chart->mapToValue(chartPos);
                QToolTip::showText(me->globalPosition().toPoint(), valuesAt(value.x()), m_view);
            } else if (m_overlayHovered) {
                QToolTip::showText(me->globalPosition().toPoint(), overlayToolTip(), m_view);
            } else if (m_moreHovered) {
                QToolTip::showText(me->globalPosition().toPoint(), moreToolTip(), m_view);
            } else {
                QToolTip::hideText();
            }
        } else if (event->type() == QEvent::Leave) {
            m_overlayHovered = false;
            m_moreHovered = false;
            QToolTip::hideText();
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TimeSeriesChart::applyPalette() {
    const QPalette pal = palette();
    const QColor background = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::WindowText);
    QColor grid = text;
    grid.setAlphaF(0.15f);
    QColor line = text;
    line.setAlphaF(0.5f);
    m_chart->setBackgroundBrush(background);
    updateFocusFrame();
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->setTitleBrush(text);
    m_chart->legend()->setLabelColor(text);
    for (QValueAxis* axis : {m_xAxis, m_yAxis}) {
        axis->setLabelsBrush(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(line);
    }
    m_view->setBackgroundBrush(background);
    for (Series* s : std::as_const(m_series))
        applyStyle(*s);
    if (m_emptyItem && m_emptyItem->isVisible())
        m_emptyItem->setDefaultTextColor(text);
}

void TimeSeriesChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyPalette();
    if (event->type() == QEvent::FontChange) {
        QFont titleFont = font();
        titleFont.setBold(true);
        m_chart->setTitleFont(titleFont);
    }
    QWidget::changeEvent(event);
}

void TimeSeriesChart::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // The downsampling follows the plot width: redraw every series on the next commit.
    m_rangeDirty = true;
    placeLegend();
    // The time axis' ticks follow it too, where their labels fit (computeTimeRange): a plan
    // is committed once, and the window made narrower cut its labels until the next commit.
    QTimer::singleShot(0, this, [this] {
        if (m_xMax <= m_xMin)
            return; // never committed: the first commit fits them
        double lo = 0, hi = 0, reach = 0, tick = 0;
        computeTimeRange(lo, hi, reach, tick);
        if (lo != m_xMin || hi != m_xMax || tick != m_xAxis->tickInterval())
            commit();
    });
}

QImage TimeSeriesChart::toImage(const QSize& size) const {
    const QSize target = size.isEmpty() ? m_view->size() : size;
    QImage image(target, QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    m_view->render(&painter, QRectF(QPointF(0, 0), target), m_view->rect());
    return image;
}

bool TimeSeriesChart::savePng(const QString& path, const QSize& size) const {
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    return toImage(size).save(&buffer, "PNG") && writeFileAtomically(path, png);
}

} // namespace pusher
