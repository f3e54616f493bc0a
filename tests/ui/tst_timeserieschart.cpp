#include "../fullfs.h"

#include <pusher/charts/errorschart.h>
#include <pusher/charts/inflightchart.h>
#include <pusher/charts/latencychart.h>
#include <pusher/charts/throughputchart.h>

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QMenu>
#include <QVBoxLayout>
#include <QLineSeries>
#include <QApplication>
#include <QDir>
#include <QPainter>
#include <QPixmap>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <typeinfo>

using namespace pusher;

namespace {

QValueAxis* axis(const TimeSeriesChart& c, Qt::Orientation o) {
    return qobject_cast<QValueAxis*>(c.chart()->axes(o).value(0));
}

QLegendMarker* marker(const TimeSeriesChart& c, const QString& series) {
    return c.chart()->legend()->markers(c.lineSeries(series)).value(0);
}

void showAt(QWidget& w, QSize size) {
    w.resize(size);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
}

// colourHits counts the pixels of image within a small distance of color.
int colourHits(const QImage& image, const QColor& color, int tolerance = 40) {
    int hits = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            hits += std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) +
                        std::abs(c.blue() - color.blue()) <
                    tolerance;
        }
    return hits;
}

// visibleLines counts the line drawings (Qt Charts' items) the chart's scene would paint.
int visibleLines(const TimeSeriesChart& c) {
    int n = 0;
    for (QGraphicsItem* item : c.chart()->scene()->items())
        n += item->isVisible() && QByteArray(typeid(*item).name()).contains("LineChartItem");
    return n;
}

// axisLabels lists the labels the chart's scene draws along an axis (Qt Charts' text items
// left of the plot for the value axis, below it for the time axis), in the order drawn.
QStringList axisLabels(const TimeSeriesChart& c, Qt::Orientation o) {
    const QRectF plot = c.chart()->mapToScene(c.chart()->plotArea()).boundingRect();
    QList<std::pair<qreal, QString>> found;
    for (QGraphicsItem* item : c.chart()->scene()->items()) {
        auto* text = dynamic_cast<QGraphicsTextItem*>(item);
        // (not the axis' title, drawn turned beside the value axis' labels)
        if (!text || !text->isVisible() || text->toPlainText().isEmpty() || text->rotation() != 0)
            continue;
        const QRectF r = text->sceneBoundingRect();
        if (o == Qt::Vertical && r.right() <= plot.left() + 1 && r.center().y() >= plot.top() - 8 &&
            r.center().y() <= plot.bottom() + 8 && r.width() < r.height() * 6)
            found.append({-r.center().y(), text->toPlainText()});
        else if (o == Qt::Horizontal && r.top() >= plot.bottom() - 1 &&
                 r.bottom() <= plot.bottom() + 2 * r.height() &&
                 r.center().x() >= plot.left() - 8 && r.center().x() <= plot.right() + 8)
            found.append({r.center().x(), text->toPlainText()});
    }
    std::sort(found.begin(), found.end());
    QStringList labels;
    for (const auto& [at, text] : found)
        labels.append(text);
    return labels;
}

// expectedLabels is what QValueAxis says its ticks are: its range in tickCount() steps, each in
// its labelFormat() (the value axis; a time axis ticks by its interval from its anchor).
QStringList expectedLabels(const QValueAxis* a) {
    QStringList labels;
    const QByteArray format = a->labelFormat().toLatin1();
    if (a->tickType() == QValueAxis::TicksFixed) {
        for (int i = 0; i < a->tickCount(); ++i)
            labels.append(QString::asprintf(
                format.constData(), a->min() + i * (a->max() - a->min()) / (a->tickCount() - 1)));
    } else {
        const double step = a->tickInterval();
        double first =
            a->tickAnchor() + std::ceil((a->min() - a->tickAnchor()) / step - 1e-9) * step;
        for (double v = first; v <= a->max() + step * 1e-6; v += step)
            labels.append(QString::asprintf(format.constData(), v));
    }
    return labels;
}

} // namespace

class TestTimeSeriesChart : public QObject {
    Q_OBJECT
private slots:
    void init() { SeriesPalette::reset(); }

    void downsampleKeepsMinMaxBounded_data() {
        QTest::addColumn<double>("window");
        QTest::addColumn<double>("hz");
        QTest::addColumn<double>("seconds");
        QTest::newRow("last minute, 10 Hz, 2000 s") << 60.0 << 10.0 << 2000.0;
        QTest::newRow("last 5 min, 4 Hz, 1 h") << 300.0 << 4.0 << 3600.0;
        QTest::newRow("whole run, 4 Hz, 1 h") << 0.0 << 4.0 << 3600.0;
        QTest::newRow("whole run, 100 Hz, 1000 s (folded)") << 0.0 << 100.0 << 1000.0;
        QTest::newRow("last 15 min, 10 Hz, 2 h (folded)") << 900.0 << 10.0 << 7200.0;
        QTest::newRow("whole run, 4 Hz, 3 h (folded)") << 0.0 << 4.0 << 10800.0;
    }
    void downsampleKeepsMinMaxBounded() {
        QFETCH(double, window);
        QFETCH(double, hz);
        QFETCH(double, seconds);
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        showAt(chart, QSize(480, 320));
        chart.setWindowSeconds(window);
        QRandomGenerator rng(1);
        const qint64 n = qint64(seconds * hz);
        double lo = window > 0 ? seconds - window : 0;
        double minIn = 1e300, maxIn = -1e300;
        for (qint64 i = 1; i <= n; ++i) {
            const double t = double(i) / hz;
            double v = 100 + 50 * std::sin(t / 7) + rng.bounded(10.0);
            if (rng.bounded(1000) == 0)
                v = rng.bounded(2) ? 1000 + rng.bounded(500.0) : -200 - rng.bounded(100.0);
            chart.appendPoint(QStringLiteral("s"), t, v);
            if (t >= lo) {
                minIn = std::min(minIn, v);
                maxIn = std::max(maxIn, v);
            }
        }
        chart.commit();
        const QList<QPointF> shown = chart.displayedPoints(QStringLiteral("s"));
        QVERIFY(chart.columns() <= chart.width() / 2);
        QVERIFY2(
            shown.size() <= 2 * chart.columns() + 3,
            qPrintable(
                QStringLiteral("%1 points for %2 columns").arg(shown.size()).arg(chart.columns())));
        QVERIFY(shown.size() > chart.columns()); // downsampled, not decimated to nothing
        QCOMPARE(chart.lineSeries(QStringLiteral("s"))->count(), shown.size());
        // Bounded: the folded past, the exact last ExactSeconds, the slack before a fold.
        const qsizetype exact = std::min(TimeSeriesChart::MaxExactPoints,
                                         qsizetype(TimeSeriesChart::ExactSeconds * hz) + 1);
        QVERIFY2(chart.pointCount(QStringLiteral("s")) <=
                     2 * TimeSeriesChart::FoldBuckets + exact + TimeSeriesChart::FoldSlack,
                 qPrintable(QString::number(chart.pointCount(QStringLiteral("s")))));
        double minOut = 1e300, maxOut = -1e300;
        for (const QPointF& p : shown) {
            if (p.x() < lo)
                continue;
            minOut = std::min(minOut, p.y());
            maxOut = std::max(maxOut, p.y());
        }
        QCOMPARE(minOut, minIn);
        QCOMPARE(maxOut, maxIn);
        // The line ends at the latest value.
        QCOMPARE(shown.last().x(), double(n) / hz);
        QVERIFY(std::is_sorted(shown.cbegin(), shown.cend(),
                               [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); }));
    }

    // Three hours at 4 Hz: the points held stop growing within half an hour, and the last
    // minute is still exactly what came in.
    void longRunsStayBoundedAndRecentExact() {
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        showAt(chart, QSize(640, 320));
        chart.setWindowSeconds(60);
        const qsizetype bound = 2 * TimeSeriesChart::FoldBuckets +
                                qsizetype(TimeSeriesChart::ExactSeconds * 4) + 1 +
                                TimeSeriesChart::FoldSlack;
        auto value = [](qint64 i) { return double((i * 7919) % 1000); };
        qsizetype heldAtHalfHour = 0, mostAfter = 0;
        const qint64 n = 3 * 3600 * 4;
        for (qint64 i = 1; i <= n; ++i) {
            chart.appendPoint(QStringLiteral("s"), double(i) / 4, value(i));
            if (i == 1800 * 4)
                heldAtHalfHour = chart.pointCount(QStringLiteral("s"));
            if (i > 1800 * 4)
                mostAfter = std::max(mostAfter, chart.pointCount(QStringLiteral("s")));
        }
        QVERIFY2(heldAtHalfHour > 4000 && mostAfter <= bound,
                 qPrintable(QStringLiteral("%1 then at most %2 (bound %3)")
                                .arg(heldAtHalfHour)
                                .arg(mostAfter)
                                .arg(bound)));
        chart.commit();
        // The window [10740 s, 10800 s] holds 241 points, fewer than 2 * columns: shown as they
        // are, with the one before the window.
        const QList<QPointF> shown = chart.displayedPoints(QStringLiteral("s"));
        QVERIFY(2 * chart.columns() >= 242);
        QCOMPARE(shown.size(), 242);
        for (qsizetype k = 0; k < shown.size(); ++k) {
            const qint64 i = n - 241 + k;
            QCOMPARE(shown[k], QPointF(double(i) / 4, value(i)));
        }
    }

    void trimsToWindow() {
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        showAt(chart, QSize(600, 300));
        chart.setWindowSeconds(60);
        for (int i = 1; i <= 2400; ++i)
            chart.appendPoint(QStringLiteral("s"), i * 0.25, i % 7);
        chart.commit();
        QCOMPARE(chart.timeRange(), qMakePair(540.0, 600.0));
        QCOMPARE(axis(chart, Qt::Horizontal)->min(), 540.0);
        QCOMPARE(axis(chart, Qt::Horizontal)->max(), 600.0);
        const QList<QPointF> shown = chart.displayedPoints(QStringLiteral("s"));
        // 241 points in [540, 600] plus the one before that carries the line to the edge.
        QCOMPARE(shown.size(), 242);
        QCOMPARE(shown.first().x(), 539.75);
        QCOMPARE(shown.last().x(), 600.0);
        // Whole run shows everything (2400 points are more than 2 per column: downsampled).
        chart.setWindowSeconds(0);
        chart.commit();
        QCOMPARE(chart.timeRange().first, 0.0);
        QVERIFY(chart.timeRange().second >= 600.0);
        QCOMPARE(chart.displayedPoints(QStringLiteral("s")).first().x(), 0.25);
    }

    // An interval's end is measured: a 30 s run's last interval ends at 30.0001 s, which
    // rounded the whole-run axis up to 35 s (a seventh of the plot empty after every run of
    // a whole number of ticks); a sliding window moved a step too far the same way. The axis
    // ends on the tick and the last point is still drawn.
    void runEndingAHairPastATickEndsTheAxisThere() {
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        showAt(chart, QSize(600, 300));
        chart.setWindowSeconds(0);
        for (int i = 1; i < 120; ++i)
            chart.appendPoint(QStringLiteral("s"), i * 0.25, i % 5);
        chart.appendPoint(QStringLiteral("s"), 30.000098501, 7); // as a run's results hold it
        chart.commit();
        QCOMPARE(chart.timeRange(), qMakePair(0.0, 30.0));
        QCOMPARE(axis(chart, Qt::Horizontal)->max(), 30.0);
        QCOMPARE(axis(chart, Qt::Horizontal)->tickInterval(), 5.0);
        QCOMPARE(axis(chart, Qt::Horizontal)->labelFormat(), QStringLiteral("%.0f"));
        QCOMPARE(chart.displayedPoints(QStringLiteral("s")).constLast(), QPointF(30.000098501, 7));
        // A point a real step past the tick moves the axis on.
        chart.appendPoint(QStringLiteral("s"), 30.25, 1);
        chart.commit();
        QCOMPARE(chart.timeRange(), qMakePair(0.0, 35.0));

        TimeSeriesChart window(QStringLiteral("t"), QStringLiteral("v"));
        showAt(window, QSize(600, 300));
        window.setWindowSeconds(60);
        for (int i = 1; i < 480; ++i)
            window.appendPoint(QStringLiteral("s"), i * 0.25, i % 5);
        window.appendPoint(QStringLiteral("s"), 120.0001, 7);
        window.commit();
        QCOMPARE(window.timeRange(), qMakePair(60.0, 120.0));
        QCOMPARE(window.displayedPoints(QStringLiteral("s")).constLast(), QPointF(120.0001, 7));
    }

    // A run under a second had whole seconds as ticks: its axis went on to 1 s. The ticks
    // are tenths (fifths from 0.7 s to 1 s, hundredths under 0.1 s) of a second, the axis
    // ends on the run's end, exactly (0.3, not 3 * 0.1), its last tick drawn, and the labels
    // have the ticks' decimals. Past a second, whole seconds as before.
    void aRunUnderASecondEndsItsAxisThere_data() {
        QTest::addColumn<double>("planned");
        QTest::addColumn<double>("end");
        QTest::addColumn<double>("step");
        QTest::addColumn<QString>("format");
        QTest::newRow("0.5 s") << 0.5 << 0.5 << 0.1 << QStringLiteral("%.1f");
        QTest::newRow("0.3 s") << 0.3 << 0.3 << 0.1 << QStringLiteral("%.1f");
        QTest::newRow("0.7 s") << 0.7 << 0.7 << 0.1 << QStringLiteral("%.1f");
        QTest::newRow("0.9 s") << 0.9 << 1.0 << 0.2 << QStringLiteral("%.1f");
        QTest::newRow("0.06 s") << 0.06 << 0.06 << 0.01 << QStringLiteral("%.2f");
        QTest::newRow("0.8 s") << 0.8 << 0.8 << 0.2 << QStringLiteral("%.1f");
        QTest::newRow("0.05 s") << 0.05 << 0.05 << 0.01 << QStringLiteral("%.2f");
        QTest::newRow("0.15 s") << 0.15 << 0.2 << 0.1 << QStringLiteral("%.1f");
        QTest::newRow("1 s") << 1.0 << 1.0 << 0.2 << QStringLiteral("%.1f"); // was 0 and 1
        QTest::newRow("2 s") << 2.0 << 2.0 << 1.0 << QStringLiteral("%.0f");
        QTest::newRow("30 s") << 30.0 << 30.0 << 5.0 << QStringLiteral("%.0f");
        // (a hair past 7 ticks of 5 s is still 7 ticks: 0-40 s in 10 s ticks before)
        QTest::newRow("35 s") << 35.0 << 35.0 << 5.0 << QStringLiteral("%.0f");
    }
    void aRunUnderASecondEndsItsAxisThere() {
        QFETCH(double, planned);
        QFETCH(double, end);
        QFETCH(double, step);
        QFETCH(QString, format);
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        showAt(chart, QSize(600, 300));
        chart.setWindowSeconds(0);
        chart.setPlannedSeconds(planned);
        for (int i = 1; i <= 10; ++i)
            chart.appendPoint(QStringLiteral("s"), planned * i / 10, i);
        chart.appendPoint(QStringLiteral("s"), planned + 0.0000985, 7); // measured, a hair past
        chart.commit();
        QCOMPARE(chart.timeRange(), qMakePair(0.0, end));
        QValueAxis* x = axis(chart, Qt::Horizontal);
        QVERIFY2(std::abs(x->max() - end) < step * 1e-6, qPrintable(QString::number(x->max())));
        QCOMPARE(x->tickInterval(), step);
        QCOMPARE(x->labelFormat(), format);
        // Every tick is drawn, the one at the end too: Qt Charts adds the interval up from 0
        // while it is within the range (0.1 three times is 0.30000000000000004).
        int ticks = 0;
        for (double t = x->min(); t <= x->max(); t += x->tickInterval())
            ++ticks;
        QCOMPARE(ticks, int(std::lround(end / step)) + 1);
    }

    // A run's end is measured past its plan by the engine's timing too: 50 ms runs in the app
    // ended 50.19 to 50.29 ms in (a process's first 51.7 ms), pusher-cli's 50.3 ms. That is
    // more than a hundredth of the 10 ms ticks of a run under 0.1 s, so every such run read
    // 0-0.06 s, a sixth of each chart empty past its end. As the app shows a finished run
    // (its own length as the plan, RunView::applyPlannedSpan), the axis ends at the run's
    // end, 0.05 s, in six ticks, and the last point is drawn; a run that did go on (55.5 ms)
    // still gets its next tick.
    void aFiftyMillisecondRunEndsItsAxisAtItsEnd_data() {
        QTest::addColumn<double>("ran");
        QTest::addColumn<double>("end");
        QTest::addColumn<double>("step");
        QTest::newRow("50 ms run, app") << 0.0502514 << 0.05 << 0.01;
        QTest::newRow("50 ms run, app (2)") << 0.0502907 << 0.05 << 0.01;
        QTest::newRow("50 ms run, cli") << 0.0503308 << 0.05 << 0.01;
        QTest::newRow("50 ms run, the app's first") << 0.0517142 << 0.05 << 0.01;
        QTest::newRow("50 ms run that went on") << 0.0555 << 0.06 << 0.01;
        QTest::newRow("70 ms run") << 0.0703 << 0.07 << 0.01; // (was 0-0.08 s in 0.02 s)
        QTest::newRow("20 ms run") << 0.0202 << 0.02 << 0.01;
        QTest::newRow("5 ms run") << 0.00503 << 0.005 << 0.001;
        QTest::newRow("0.5 s run") << 0.5003 << 0.5 << 0.1;
    }
    void aFiftyMillisecondRunEndsItsAxisAtItsEnd() {
        QFETCH(double, ran);
        QFETCH(double, end);
        QFETCH(double, step);
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        showAt(chart, QSize(600, 300));
        chart.setWindowSeconds(0);
        chart.setPlannedSeconds(ran);
        for (int i = 1; i <= 4; ++i)
            chart.appendPoint(QStringLiteral("s"), ran * i / 5, i);
        chart.appendPoint(QStringLiteral("s"), ran, 7);
        chart.commit();
        QValueAxis* x = axis(chart, Qt::Horizontal);
        QVERIFY2(std::abs(chart.timeRange().second - end) < 1e-12 && chart.timeRange().first == 0,
                 qPrintable(QStringLiteral("%1-%2 s in ticks of %3 s")
                                .arg(chart.timeRange().first)
                                .arg(chart.timeRange().second)
                                .arg(x->tickInterval())));
        QCOMPARE(x->tickInterval(), step);
        // The ticks Qt Charts draws: from 0 up by the interval while within the range.
        QStringList ticks;
        for (double t = x->min(); t <= x->max(); t += x->tickInterval())
            ticks.append(QString::number(t, 'f', 3));
        QCOMPARE(ticks.size(), int(std::lround(end / step)) + 1);
        QCOMPARE(ticks.constLast(), QString::number(end, 'f', 3));
        QCOMPARE(chart.displayedPoints(QStringLiteral("s")).constLast(), QPointF(ran, 7));
    }

    // A line with one point to draw (a run of one whole interval, tst_runview
    // aRunOfOneIntervalShowsItsPoints; here one point a hair past a 50 ms plan, at the
    // axis' end). Qt Charts draws a line between points, none for one alone: the charts were
    // empty, the values in the hover text only. A lone point is now a dot in its line's
    // colour where the point is; the hover text names it; a line of more points has no dots,
    // nor has one once it has more. An earlier run's dashed line of one point likewise.
    void aLonePointIsADot_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("600x300") << QSize(600, 300);
        QTest::newRow("335x220 (one of four at 1024x700)") << QSize(335, 220);
    }
    void aLonePointIsADot() {
        QFETCH(QSize, size);
        ThroughputChart chart;
        showAt(chart, size);
        chart.setWindowSeconds(0);
        chart.setPlannedSeconds(0.05);
        const double end = 0.0502514; // a 50 ms run's end measured in the app
        chart.appendRates(QStringLiteral("w"), end, 200, 150);
        chart.appendRates(ThroughputChart::totalIdent(), end, 200, 150);
        chart.commit();
        QCoreApplication::processEvents(); // the chart lays its plot out for the axis' labels
        const QString achieved = ThroughputChart::achievedSeries(QStringLiteral("w"));
        QCOMPARE(chart.displayedPoints(achieved).size(), 1);
        QLineSeries* line = chart.lineSeries(achieved);
        const QColor color = line->pen().color();
        auto* view = chart.findChild<QChartView*>();
        QVERIFY(view);
        // dotHits counts the line's colour within 4 px of the point, inside the plot.
        const auto dotHits = [&](const QImage& image) {
            const QPointF at = chart.chart()->mapToPosition({end, 150}, line);
            const QPoint centre =
                view->mapTo(&chart, view->mapFromScene(chart.chart()->mapToScene(at)));
            const QRect plot =
                QRect(view->mapTo(&chart, view->mapFromScene(chart.chart()->mapToScene(
                                              chart.chart()->plotArea().topLeft()))),
                      chart.chart()->plotArea().size().toSize());
            QImage box = image.copy(QRect(centre - QPoint(4, 4), QSize(9, 9)) & plot);
            return colourHits(box, color, 60);
        };
        QImage image = chart.grab().toImage();
        const int hits = dotHits(image);
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(image.save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/chart-lone-point-%1x%2.png")
                               .arg(size.width())
                               .arg(size.height())));
        QVERIFY2(hits >= 6, qPrintable(QStringLiteral("%1 pixels of the line's colour %2 at "
                                                      "the lone point")
                                           .arg(hits)
                                           .arg(color.name())));
        // The hover text names its value.
        QToolTip::hideText();
        const QPoint pos = view->mapFromScene(
            chart.chart()->mapToScene(chart.chart()->mapToPosition({0.025, 100}, line)));
        QTest::mouseMove(view->viewport(), pos - QPoint(4, 0));
        QTest::mouseMove(view->viewport(), pos);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QStringLiteral("w: 150")), qPrintable(QToolTip::text()));
        QToolTip::hideText();

        // A second point: a line, no dots.
        chart.setPlannedSeconds(0.2);
        chart.appendRates(QStringLiteral("w"), 0.15, 200, 190);
        chart.commit();
        QCOMPARE(chart.displayedPoints(achieved).size(), 2);
        QVERIFY(chart.lineSeries(achieved)->lightMarker().isNull());

        // An earlier run's line of one point, dashed: a dot too.
        chart.setOverlay(achieved, {QPointF(0.1, 120)});
        chart.commit();
        QVERIFY(!chart.overlaySeries(achieved)->lightMarker().isNull());
        QVERIFY(chart.lineSeries(achieved)->lightMarker().isNull());

        // The next run (the charts cleared) of one point: a dot again.
        chart.clearOverlay();
        chart.clear();
        chart.setPlannedSeconds(0.05);
        chart.appendRates(QStringLiteral("w"), end, 200, 150);
        chart.appendRates(ThroughputChart::totalIdent(), end, 200, 150);
        chart.commit();
        QCoreApplication::processEvents();
        line = chart.lineSeries(achieved);
        image = chart.grab().toImage();
        QVERIFY2(dotHits(image) >= 6,
                 qPrintable(QStringLiteral("%1 pixels of the line's colour at the lone point of "
                                           "the next run")
                                .arg(dotHits(image))));
    }

    // Qt Charts makes an axis' ticks whenever its range or its interval changes, with the
    // other as it is then. A short run's hundredths of a second kept over the next range,
    // a window of 15 minutes, made 90,000 ticks (tst_runview chartWindowFitsTheRun hung in
    // them for minutes); and back. At every change the axis holds a few dozen ticks at most.
    void aRangeChangeNeverTicksFinely() {
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        showAt(chart, QSize(600, 300));
        chart.setWindowSeconds(0);
        chart.setPlannedSeconds(0.05);
        chart.appendPoint(QStringLiteral("s"), 0.05, 1);
        chart.commit();
        QValueAxis* x = axis(chart, Qt::Horizontal);
        QCOMPARE(x->tickInterval(), 0.01);
        double most = 0;
        const auto count = [&] {
            most = std::max(most, (x->max() - x->min()) / x->tickInterval());
        };
        connect(x, &QValueAxis::rangeChanged, this, count);
        connect(x, &QValueAxis::tickIntervalChanged, this, count);
        chart.setWindowSeconds(900);
        chart.commit();
        QCOMPARE(chart.timeRange(), qMakePair(0.0, 900.0));
        chart.setWindowSeconds(0);
        chart.commit();
        QCOMPARE(chart.timeRange(), qMakePair(0.0, 0.05));
        QVERIFY2(most <= 20, qPrintable(QString::number(most)));
    }

    void replacesOncePerCommit() {
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        showAt(chart, QSize(500, 300));
        chart.setWindowSeconds(300);
        const QStringList names = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        for (const QString& n : names)
            chart.appendPoint(n, 0.25, 1);
        QList<QSharedPointer<QSignalSpy>> spies;
        for (const QString& n : names)
            spies.append(QSharedPointer<QSignalSpy>::create(chart.lineSeries(n),
                                                            &QXYSeries::pointsReplaced));
        for (int i = 2; i <= 100; ++i)
            for (const QString& n : names)
                chart.appendPoint(n, i * 0.25, i);
        chart.commit();
        for (const auto& spy : spies)
            QCOMPARE(spy->count(), 1);
        QCOMPARE(chart.lineSeries(QStringLiteral("a"))->count(), 100);

        // Only the series that changed is replaced while the window does not move.
        chart.appendPoint(QStringLiteral("b"), 30, 5);
        chart.commit();
        QCOMPARE(spies[0]->count(), 1);
        QCOMPARE(spies[1]->count(), 2);
        QCOMPARE(spies[2]->count(), 1);

        // Nothing new, nothing replaced.
        chart.commit();
        QCOMPARE(spies[1]->count(), 2);

        // Past the window the time axis slides: every series is redrawn, once.
        chart.appendPoint(QStringLiteral("a"), 400, 5);
        chart.commit();
        QCOMPARE(spies[0]->count(), 2);
        QCOMPARE(spies[1]->count(), 3);
        QCOMPARE(spies[2]->count(), 2);
    }

    void axesFollowDataAndChangeOnlyWithRange() {
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        showAt(chart, QSize(500, 300));
        chart.setWindowSeconds(0);
        QValueAxis* x = axis(chart, Qt::Horizontal);
        QValueAxis* y = axis(chart, Qt::Vertical);
        QSignalSpy xSpy(x, &QValueAxis::rangeChanged);
        QSignalSpy ySpy(y, &QValueAxis::rangeChanged);
        chart.appendPoint(QStringLiteral("s"), 1, 730);
        chart.appendPoint(QStringLiteral("s"), 2, 10);
        chart.commit();
        QCOMPARE(chart.valueRange(), qMakePair(0.0, 800.0));
        QCOMPARE(y->max(), 800.0);
        QCOMPARE(x->min(), 0.0);
        QVERIFY(x->max() >= 10.0);
        const int xChanges = int(xSpy.count());
        const int yChanges = int(ySpy.count());
        QVERIFY(yChanges >= 1);

        // Points inside the current ranges touch no axis.
        chart.appendPoint(QStringLiteral("s"), 3, 500);
        chart.commit();
        QCOMPARE(xSpy.count(), xChanges);
        QCOMPARE(ySpy.count(), yChanges);

        chart.appendPoint(QStringLiteral("s"), 4, 1900);
        chart.commit();
        QCOMPARE(y->max(), 2000.0);
        QCOMPARE(ySpy.count(), yChanges + 1);

        chart.appendPoint(QStringLiteral("s"), 5, -40);
        chart.commit();
        QVERIFY(y->min() < -40);

        // A long run moves the time axis in whole ticks.
        chart.appendPoint(QStringLiteral("s"), 1234, 1);
        chart.commit();
        QVERIFY(x->max() >= 1234);
        QCOMPARE(std::fmod(x->max(), x->tickInterval()), 0.0);
    }

    void legendMarkerTogglesSeries() {
        ThroughputChart chart;
        showAt(chart, QSize(500, 300));
        for (int i = 1; i <= 20; ++i) {
            chart.appendRates(QStringLiteral("w1"), i, 100, 90);
            chart.appendRates(QStringLiteral("w2"), i, 5000, 4000);
        }
        chart.commit();
        const QString w2 = ThroughputChart::achievedSeries(QStringLiteral("w2"));
        const QString w2target = ThroughputChart::targetSeries(QStringLiteral("w2"));
        QCOMPARE(chart.valueRange().second, 6000.0);
        QLegendMarker* m = marker(chart, w2);
        QVERIFY(m);
        QVERIFY(m->isVisible());
        // The target line has no marker of its own.
        QVERIFY(!marker(chart, w2target)->isVisible());

        QSignalSpy spy(&chart, &TimeSeriesChart::seriesVisibilityChanged);
        emit m->clicked();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), w2);
        QCOMPARE(spy.at(0).at(1).toBool(), false);
        QVERIFY(!chart.isSeriesVisible(w2));
        QVERIFY(!chart.lineSeries(w2)->isVisible());
        QVERIFY(!chart.lineSeries(w2target)->isVisible()); // follows its worker
        QVERIFY(m->isVisible());                           // stays clickable
        // The value axis no longer makes room for the hidden worker.
        QCOMPARE(chart.valueRange().second, 150.0);

        emit m->clicked();
        QVERIFY(chart.isSeriesVisible(w2));
        QVERIFY(chart.lineSeries(w2target)->isVisible());
        QCOMPARE(chart.valueRange().second, 6000.0);
    }

    // The legend goes where its labels fit, by their widths, not their count: below the plot
    // when they fit in its row, beside it when they would be cut there, and a journey's steps
    // by their step names under it when neither holds them whole, the plot keeping most of
    // the chart's width. A journey of three steps at 330 px (a chart at 1024x700) had its
    // legend below, Qt Charts cutting every label ("chec..."), or, beside by its count, the
    // plot squeezed to a strip and still "checkout/bro...".
    void legendGoesWhereItsLabelsFit_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QStringList>("workers");
        QTest::addColumn<bool>("beside");
        QTest::addColumn<QStringList>("shown");
        QTest::addColumn<double>("minPlot"); // the plot's least share of the chart's width
        const QStringList journey{QStringLiteral("checkout"), QStringLiteral("checkout/login"),
                                  QStringLiteral("checkout/browse"),
                                  QStringLiteral("checkout/order")};
        const QString step = QStringLiteral("\u21b3 ");
        QTest::newRow("journey, 1024x700")
            << QSize(330, 220) << journey << true
            << QStringList{QStringLiteral("total"), QStringLiteral("checkout"),
                           step + QStringLiteral("login"), step + QStringLiteral("browse"),
                           step + QStringLiteral("order")}
            << 0.45;
        QTest::newRow("journey, wide") << QSize(700, 260) << journey << false
                                       << (QStringList{QStringLiteral("total")} + journey) << 0.6;
        const QStringList four{QStringLiteral("api"), QStringLiteral("db"), QStringLiteral("web"),
                               QStringLiteral("think")};
        QTest::newRow("four short workers") << QSize(330, 220) << four << false
                                            << (QStringList{QStringLiteral("total")} + four) << 0.6;
        QStringList seven;
        for (int i = 1; i <= 7; ++i)
            seven.append(QStringLiteral("worker-%1").arg(i));
        QTest::newRow("seven workers") << QSize(400, 260) << seven << true
                                       << (QStringList{QStringLiteral("total")} + seven) << 0.5;
        // Too wide for a column of 30 %: a wider one holds them whole before any is elided.
        const QStringList many{QStringLiteral("others (9995)"), QStringLiteral("w07507"),
                               QStringLiteral("w08007"),        QStringLiteral("w08507"),
                               QStringLiteral("w09007"),        QStringLiteral("w09507")};
        QTest::newRow("others and five") << QSize(330, 220) << many << true
                                         << (QStringList{QStringLiteral("total")} + many) << 0.3;
    }
    void legendGoesWhereItsLabelsFit() {
        QFETCH(QSize, size);
        QFETCH(QStringList, workers);
        QFETCH(bool, beside);
        QFETCH(QStringList, shown);
        QFETCH(double, minPlot);
        ThroughputChart chart;
        chart.setRankOrder(QStringList{QString()} + workers);
        showAt(chart, size);
        chart.defineWorker(ThroughputChart::totalIdent());
        for (const QString& w : workers)
            chart.defineWorker(w);
        for (int i = 1; i <= 10; ++i) {
            chart.appendRates(ThroughputChart::totalIdent(), i, 300, 300);
            for (const QString& w : workers)
                chart.appendRates(w, i, 50, 50);
        }
        chart.commit();
        QLegend* legend = chart.chart()->legend();
        QTRY_COMPARE(legend->alignment(), beside ? Qt::AlignRight : Qt::AlignBottom);
        QCOMPARE(chart.legendLabels(), QStringList{QStringLiteral("total")} + workers);
        QCOMPARE(chart.shownLegendLabels(), shown);
        // As drawn: every label whole (Qt Charts cuts one with "..." at its end).
        const auto texts = [&] {
            QStringList all;
            QList<QGraphicsItem*> items = legend->childItems();
            while (!items.isEmpty()) {
                QGraphicsItem* item = items.takeFirst();
                items += item->childItems();
                if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible())
                    all.append(text->toPlainText());
            }
            std::sort(all.begin(), all.end());
            return all;
        };
        QStringList sorted = shown;
        std::sort(sorted.begin(), sorted.end());
        QTRY_COMPARE(texts(), sorted);
        // The plot keeps most of what the axis leaves (a column beside by the labels' count:
        // 118 of 330 px).
        QVERIFY2(chart.chart()->plotArea().width() >= minPlot * size.width(),
                 qPrintable(QString::number(chart.chart()->plotArea().width())));
    }

    // A column beside the plot taller than the chart: Qt Charts clipped it, the last entries
    // silently gone (20 workers at 330x220, a chart at 1024x700, listed 8 of 21). The
    // entries that fit are listed, the last line says how many more there are, its tooltip
    // names them, and a taller chart lists them all again.
    void legendFoldsWhatItsColumnCannotHold_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("workers");
        QTest::addColumn<bool>("overlay");
        QTest::addColumn<int>("listed"); // the workers listed by name
        QTest::newRow("7 workers, 1024x700") << QSize(330, 220) << 7 << false << 7;
        QTest::newRow("12 workers, 1024x700") << QSize(330, 220) << 12 << false << 6;
        QTest::newRow("20 workers, 1024x700") << QSize(330, 220) << 20 << false << 6;
        QTest::newRow("12 workers and an overlay, 1024x700") << QSize(330, 220) << 12 << true << 5;
        QTest::newRow("12 workers, taller") << QSize(330, 300) << 12 << false << 10;
        QTest::newRow("20 workers, 1280x800") << QSize(450, 270) << 20 << false << 9;
    }
    void legendFoldsWhatItsColumnCannotHold() {
        QFETCH(QSize, size);
        QFETCH(int, workers);
        QFETCH(bool, overlay);
        QFETCH(int, listed);
        ThroughputChart chart;
        QStringList names;
        for (int i = 1; i <= workers; ++i)
            names.append(QStringLiteral("worker-%1").arg(i));
        chart.setRankOrder(QStringList{QString()} + names);
        showAt(chart, size);
        for (const QString& w : names)
            chart.defineWorker(w);
        QList<QPointF> earlier;
        for (int i = 1; i <= 10; ++i) {
            chart.appendRates(ThroughputChart::totalIdent(), i, 300, 300);
            for (const QString& w : names)
                chart.appendRates(w, i, 10, 10);
            earlier.append(QPointF(i, 280));
        }
        if (overlay) {
            chart.setOverlayLabel(QStringLiteral("before.json"));
            chart.setOverlay(ThroughputChart::achievedSeries(ThroughputChart::totalIdent()),
                             earlier);
        }
        chart.commit();
        QLegend* legend = chart.chart()->legend();
        QTRY_COMPARE(legend->alignment(), Qt::AlignRight);
        const QStringList all = QStringList{QStringLiteral("total")} + names;
        const QStringList folded = names.mid(listed);
        QStringList expected = all.mid(0, listed + 1);
        if (!folded.isEmpty())
            expected.append(QStringLiteral("+%1 more").arg(folded.size()));
        QStringList shown = chart.shownLegendLabels();
        if (overlay) {
            QCOMPARE(shown.size(), expected.size() + 1);
            shown.removeIf(
                [](const QString& l) { return l.startsWith(QStringLiteral("dashed: ")); });
        }
        QCOMPARE(shown, expected);
        QCOMPARE(chart.foldedLegendLabels(), folded);
        QCOMPARE(chart.legendLabels().mid(0, all.size()), all); // what it stands for, whole
        // As drawn: each entry whole and inside the legend (Qt Charts clips what is not).
        const auto drawn = [&] {
            QList<QGraphicsTextItem*> out;
            QList<QGraphicsItem*> items = legend->childItems();
            while (!items.isEmpty()) {
                QGraphicsItem* item = items.takeFirst();
                items += item->childItems();
                if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible())
                    out.append(text);
            }
            return out;
        };
        QTRY_COMPARE(drawn().size(), expected.size() + (overlay ? 1 : 0));
        QGraphicsTextItem* more = nullptr;
        for (QGraphicsTextItem* text : drawn()) {
            QVERIFY2(legend->sceneBoundingRect()
                         .adjusted(-1, -1, 1, 1)
                         .contains(text->sceneBoundingRect()),
                     qPrintable(text->toPlainText()));
            QVERIFY2(!text->toPlainText().endsWith(QStringLiteral("...")),
                     qPrintable(text->toPlainText()));
            if (text->toPlainText().startsWith(QLatin1Char('+')))
                more = text;
        }
        QCOMPARE(more != nullptr, !folded.isEmpty());
        if (!more)
            return;
        // The mouse on "+N more": its tooltip names the workers not listed.
        auto* view = chart.findChild<QChartView*>();
        QVERIFY(view);
        QToolTip::hideText();
        const QPoint at = view->mapFromScene(more->sceneBoundingRect().center());
        QTest::mouseMove(view->viewport(), at - QPoint(4, 0));
        QTest::mouseMove(view->viewport(), at);
        QTRY_VERIFY(QToolTip::isVisible());
        for (const QString& w : folded)
            QVERIFY2(QToolTip::text().split(QLatin1Char('\n')).contains(w),
                     qPrintable(QToolTip::text()));
        QVERIFY(!QToolTip::text().split(QLatin1Char('\n')).contains(names.first()));
        QToolTip::hideText();
        // Room for them all (a taller window): every entry listed again, no "+N more".
        chart.resize(size.width(), 22 * (workers + 3) + 40);
        QTRY_COMPARE(chart.foldedLegendLabels(), QStringList());
        shown = chart.shownLegendLabels();
        if (overlay)
            shown.removeIf(
                [](const QString& l) { return l.startsWith(QStringLiteral("dashed: ")); });
        QCOMPARE(shown, all);
        QTRY_COMPARE(drawn().size(), all.size() + (overlay ? 1 : 0));
        QCOMPARE(chart.chart()->series().size(),
                 qsizetype(2 * all.size() + (overlay ? 1 : 0))); // no "+N more" line left
    }

    // Series that go (a view pruning the workers of an earlier run) leave room in the column:
    // the entries folded into "+N more" are listed again, at once.
    void legendListsFoldedEntriesAgainWhenSeriesGo() {
        ThroughputChart chart;
        QStringList names;
        for (int i = 1; i <= 12; ++i)
            names.append(QStringLiteral("worker-%1").arg(i));
        chart.setRankOrder(QStringList{QString()} + names);
        showAt(chart, QSize(330, 220));
        for (const QString& w : names)
            chart.appendRates(w, 1, 10, 10);
        chart.commit();
        QTRY_COMPARE(chart.foldedLegendLabels(), names.mid(6));
        for (const QString& w : names.mid(7)) {
            chart.removeSeries(ThroughputChart::targetSeries(w));
            chart.removeSeries(ThroughputChart::achievedSeries(w));
        }
        QCOMPARE(chart.foldedLegendLabels(), QStringList());
        QCOMPARE(chart.shownLegendLabels(), QStringList{QStringLiteral("total")} + names.mid(0, 7));
        QCOMPARE(chart.chart()->series().size(), 2 * 8); // no "+N more" line left
    }

    // A line hidden by a click on its legend entry is shown again by another click there:
    // folded into "+N more" it could not be. An entry hidden so stays listed, the next one up
    // folded instead, and its click shows the line again.
    void legendKeepsAHiddenLinesEntryListed() {
        ThroughputChart chart;
        QStringList names;
        for (int i = 1; i <= 12; ++i)
            names.append(QStringLiteral("worker-%1").arg(i));
        chart.setRankOrder(QStringList{QString()} + names);
        showAt(chart, QSize(330, 400)); // room for every entry
        for (const QString& w : names)
            chart.appendRates(w, 1, 10, 10);
        chart.commit();
        const QString last = ThroughputChart::achievedSeries(names.last());
        QTRY_COMPARE(chart.shownLegendLabels().size(), 13);
        // A click on worker-12's entry, as a person does.
        auto* view = chart.findChild<QChartView*>();
        QVERIFY(view);
        const auto entryOf = [&](const QString& label) -> QGraphicsTextItem* {
            QList<QGraphicsItem*> items = chart.chart()->legend()->childItems();
            while (!items.isEmpty()) {
                QGraphicsItem* item = items.takeFirst();
                items += item->childItems();
                auto* text = dynamic_cast<QGraphicsTextItem*>(item);
                if (text && text->isVisible() && text->toPlainText() == label)
                    return text;
            }
            return nullptr;
        };
        QTRY_VERIFY(entryOf(names.last()));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->mapFromScene(entryOf(names.last())->sceneBoundingRect().center()));
        QTRY_VERIFY(!chart.isSeriesVisible(last));
        // Smaller (a chart at 1024x700): 8 lines, worker-12 among them.
        chart.resize(330, 220);
        QTRY_COMPARE(chart.foldedLegendLabels(), names.mid(5, 6)); // worker-6 … worker-11
        const QStringList listed = QStringList{QStringLiteral("total")} + names.mid(0, 5) +
                                   QStringList{names.last(), QStringLiteral("+6 more")};
        QTRY_COMPARE(chart.shownLegendLabels(), listed);
        QTRY_VERIFY(entryOf(names.last()));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->mapFromScene(entryOf(names.last())->sceneBoundingRect().center()));
        QTRY_VERIFY(chart.isSeriesVisible(last));
        // Shown again, it is folded as the last entry is.
        QTRY_COMPARE(chart.foldedLegendLabels(), names.mid(6));
    }

    // Hiding a line was a click on its legend entry, for the mouse alone. The chart is a Tab
    // stop, framed while focused, and the Menu key (or Shift+F10, or a right-click) opens a
    // menu with a checkable "Show LABEL" per entry; the menu and the legend agree both ways.
    void linesMenuByKeysAgreesWithTheLegend() {
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* before = new QLineEdit(&window);
        auto* chart = new TimeSeriesChart(QStringLiteral("Latency"), QStringLiteral("ms"));
        layout->addWidget(before);
        layout->addWidget(chart);
        for (const QString& name :
             {QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("p99")}) {
            SeriesStyle style;
            style.label = name;
            chart->defineSeries(name, style);
            chart->appendPoint(name, 1, 10);
            chart->appendPoint(name, 2, 20);
        }
        chart->commit();
        showAt(window, QSize(600, 400));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        before->setFocus();
        QTRY_VERIFY(before->hasFocus());
        const QImage unfocused = chart->grab().toImage();
        QTest::keyClick(before, Qt::Key_Tab);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(chart));
        QCOMPARE(chart->accessibleName(), QStringLiteral("Latency"));
        // Framed in the highlight colour while it has the focus.
        QCOMPARE(chart->chart()->backgroundPen().color(),
                 chart->palette().color(QPalette::Highlight));
        const QImage focused = chart->grab().toImage();
        QVERIFY(focused != unfocused);
        QCOMPARE(colourHits(unfocused, chart->palette().color(QPalette::Highlight), 10), 0);
        QVERIFY2(colourHits(focused, chart->palette().color(QPalette::Highlight), 10) >
                     focused.width(),
                 "no frame in the highlight colour");
#ifdef PUSHER_SCREENSHOT_DIR
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        focused.save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/chart-focused.png"));
#endif

        // The Menu key: one entry per line, checked while it is shown.
        QTest::keyClick(chart, Qt::Key_Menu);
        QTRY_VERIFY(chart->linesMenu() && chart->linesMenu()->isVisible());
        QMenu* menu = chart->linesMenu();
        const auto entries = [](QMenu* m) {
            QStringList out;
            for (QAction* a : m->actions())
                out.append((a->isChecked() ? QStringLiteral("x") : QStringLiteral(" ")) +
                           a->text());
            return out;
        };
        QCOMPARE(entries(menu),
                 (QStringList{QStringLiteral("xShow p50"), QStringLiteral("xShow p90"),
                              QStringLiteral("xShow p99")}));
#ifdef PUSHER_SCREENSHOT_DIR
        window.grab().save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/chart-lines-menu-window.png"));
        menu->grab().save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/chart-lines-menu.png"));
#endif
        // Down, Down, Return: p90 hidden, its legend entry greyed as a click greys it.
        QTest::keyClick(menu, Qt::Key_Down);
        QTest::keyClick(menu, Qt::Key_Down);
        QTest::keyClick(menu, Qt::Key_Return);
        QTRY_VERIFY(!chart->isSeriesVisible(QStringLiteral("p90")));
        QVERIFY(chart->isSeriesVisible(QStringLiteral("p50")));
        QTRY_VERIFY(!chart->linesMenu());
        QCOMPARE(marker(*chart, QStringLiteral("p90"))->labelBrush().color().alphaF(), 0.4f);
        // Shift+F10 opens it again, p90 unchecked.
        QTest::keyClick(chart, Qt::Key_F10, Qt::ShiftModifier);
        QTRY_VERIFY(chart->linesMenu() && chart->linesMenu()->isVisible());
        QCOMPARE(entries(chart->linesMenu()),
                 (QStringList{QStringLiteral("xShow p50"), QStringLiteral(" Show p90"),
                              QStringLiteral("xShow p99")}));
        QTest::keyClick(chart->linesMenu(), Qt::Key_Escape);
        QTRY_VERIFY(!chart->linesMenu());
        // The window's focus is still the chart's (the offscreen platform does not give the
        // menu's activation back to the window, which a desktop does).
        QCOMPARE(window.focusWidget(), static_cast<QWidget*>(chart));

        // The other way: a click on p90's legend entry shows it, and the menu says so.
        auto* view = chart->findChild<QChartView*>();
        QVERIFY(view);
        QLegendMarker* p90 = marker(*chart, QStringLiteral("p90"));
        QGraphicsTextItem* entry = nullptr;
        QList<QGraphicsItem*> items = chart->chart()->legend()->childItems();
        while (!items.isEmpty() && !entry) {
            QGraphicsItem* item = items.takeFirst();
            items += item->childItems();
            auto* text = dynamic_cast<QGraphicsTextItem*>(item);
            if (text && text->isVisible() && text->toPlainText() == p90->label())
                entry = text;
        }
        QVERIFY(entry);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->mapFromScene(entry->sceneBoundingRect().center()));
        QTRY_VERIFY(chart->isSeriesVisible(QStringLiteral("p90")));
        QTest::keyClick(chart, Qt::Key_Menu);
        QTRY_VERIFY(chart->linesMenu() && chart->linesMenu()->isVisible());
        QCOMPARE(entries(chart->linesMenu()),
                 (QStringList{QStringLiteral("xShow p50"), QStringLiteral("xShow p90"),
                              QStringLiteral("xShow p99")}));
        // A line hidden while the menu is open (a click, setSeriesVisible): its entry follows.
        chart->setSeriesVisible(QStringLiteral("p99"), false);
        QVERIFY(!chart->linesMenu()->actions().at(2)->isChecked());
        QTest::keyClick(chart->linesMenu(), Qt::Key_Escape);
        QTRY_VERIFY(!chart->linesMenu());
    }

    // An empty chart says why, centred in its plot (RunView's text: a run that drew no
    // point), until it has a point to draw, its own or an earlier run's.
    void emptyChartShowsItsText() {
        TimeSeriesChart chart(QStringLiteral("Throughput"), QStringLiteral("calls/s"));
        showAt(chart, QSize(600, 300));
        const QString why = QStringLiteral("No whole interval: the run lasted 50 ms, less than "
                                           "one 100 ms interval. Its counts are in the summary.");
        chart.setEmptyText(why);
        chart.commit();
        QVERIFY(chart.isEmptyTextShown());
        QCOMPARE(chart.emptyTextItem()->toPlainText(), why);
        QCoreApplication::processEvents();
        const QRectF plot = chart.chart()->plotArea();
        QTRY_VERIFY(plot.contains(chart.emptyTextItem()
                                      ->mapRectToParent(chart.emptyTextItem()->boundingRect())
                                      .center()));
        // The text is drawn in the plot's centre: pixels there are not the background.
        const QColor background = chart.palette().color(QPalette::Base);
        const auto centreInk = [&] {
            const QImage image = chart.toImage();
            const QPoint centre = chart.chart()->plotArea().center().toPoint();
            int ink = 0;
            for (int y = centre.y() - 20; y <= centre.y() + 20; ++y)
                for (int x = centre.x() - 80; x <= centre.x() + 80; ++x)
                    ink += image.pixelColor(x, y) != background;
            return ink;
        };
        QVERIFY2(centreInk() > 50, qPrintable(QString::number(centreInk())));
        // An earlier run's points count: no text over them.
        chart.setOverlay(QStringLiteral("a"), {QPointF(1, 5), QPointF(2, 6)});
        chart.commit();
        QVERIFY(!chart.isEmptyTextShown());
        chart.clearOverlay();
        chart.commit();
        QVERIFY(chart.isEmptyTextShown());
        // A point of its own: none either, even with its line hidden.
        chart.appendPoint(QStringLiteral("a"), 1, 5);
        chart.commit();
        QVERIFY(!chart.isEmptyTextShown());
        chart.setSeriesVisible(QStringLiteral("a"), false);
        QVERIFY(!chart.isEmptyTextShown());
        chart.clear();
        chart.commit();
        QVERIFY(chart.isEmptyTextShown());
        chart.setEmptyText(QString());
        QVERIFY(!chart.isEmptyTextShown());
    }

    // A long name of the earlier run is elided in its middle in the legend (its start and
    // its end, a date and ".json" here, still read) and its whole text is the entry's
    // tooltip when the mouse rests on it; Qt's legend cut the end off ("dashed: result...").
    void longOverlayNameIsElidedInTheMiddleWithItsWholeNameOnHover() {
        ThroughputChart chart;
        showAt(chart, QSize(330, 220)); // a chart's size in the window at 1024x700
        const QString total = ThroughputChart::achievedSeries(ThroughputChart::totalIdent());
        for (int i = 1; i <= 10; ++i) {
            chart.appendRates(ThroughputChart::totalIdent(), i, 300, 300);
            chart.appendRates(QStringLiteral("think"), i, 100, 100);
            chart.appendRates(QStringLiteral("sandbox"), i, 200, 200);
        }
        QList<QPointF> earlier;
        for (int i = 1; i <= 20; ++i)
            earlier.append(QPointF(i, 300));
        const QString name = QStringLiteral(
            "results-of-the-baseline-run-before-the-connection-pool-change-2026-11-29.json");
        chart.setOverlayLabel(name);
        chart.setOverlay(total, earlier);
        chart.commit();
        auto* view = chart.findChild<QChartView*>();
        QVERIFY(view);

        // The legend's entry for the dashed lines, as drawn.
        const auto entry = [&]() -> QGraphicsTextItem* {
            QList<QGraphicsItem*> items = chart.chart()->legend()->childItems();
            while (!items.isEmpty()) {
                QGraphicsItem* item = items.takeFirst();
                items += item->childItems();
                auto* text = dynamic_cast<QGraphicsTextItem*>(item);
                if (text && text->isVisible() &&
                    text->toPlainText().startsWith(QStringLiteral("dashed:")))
                    return text;
            }
            return nullptr;
        };
        const auto texts = [&] {
            QStringList all;
            QList<QGraphicsItem*> items = chart.chart()->legend()->childItems();
            while (!items.isEmpty()) {
                QGraphicsItem* item = items.takeFirst();
                items += item->childItems();
                if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible())
                    all.append(text->toPlainText());
            }
            return all.join(QStringLiteral(" | "));
        };
        QTRY_VERIFY2(entry(), qPrintable(texts()));
        // Short of room (the legend is 322 px wide) the entry keeps "dashed: " and shows the
        // name's start and end, elided with "…" between: the row keeps room for "dashed:
        // re…json". (It showed the name alone, which did not say what the file was.)
        QTRY_VERIFY2(entry()->toPlainText().endsWith(QStringLiteral("json")),
                     qPrintable(entry()->toPlainText()));
        const QString shown = entry()->toPlainText();
        QVERIFY2(shown.startsWith(QStringLiteral("dashed: re")), qPrintable(shown));
        QVERIFY2(!shown.endsWith(QStringLiteral("...")), qPrintable(shown)); // not cut by Qt
        QVERIFY2(shown.contains(QChar(0x2026)), qPrintable(shown));
        QVERIFY2(
            chart.chart()->legend()->sceneBoundingRect().contains(entry()->sceneBoundingRect()),
            qPrintable(shown));
        // The other entries are whole.
        const QStringList all = texts().split(QStringLiteral(" | "));
        for (const QString& other :
             {QStringLiteral("total"), QStringLiteral("think"), QStringLiteral("sandbox")})
            QVERIFY2(all.contains(other), qPrintable(texts()));

        // The mouse on the entry: the tooltip holds the whole name.
        QToolTip::hideText();
        const QPoint at = view->mapFromScene(entry()->sceneBoundingRect().center());
        QTest::mouseMove(view->viewport(), at - QPoint(4, 0));
        QTest::mouseMove(view->viewport(), at);
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(), QStringLiteral("dashed: ") + name);
    }

    // Beside the plot, "dashed: FILE" is measured with the column's labels: it takes what it
    // needs up to the column's most and is elided in its middle (keeping the file's end) to
    // that. It was left out of the column's width, so Qt Charts cut it at its end
    // ("dashed: resul..."), the part that tells runs apart. Short of room for "dashed: "
    // and the whole name, the name is elided and "dashed: " stays: the entry showed the
    // name alone ("before.json" at 1024x700), which did not say what the file was; the
    // mouse on it shows the whole "dashed: NAME".
    void overlayEntryBesideIsMeasuredWithTheColumn_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("width");
        QTest::addColumn<QString>("whole"); // the label when whole; empty: elided
        QTest::addColumn<QString>("end");   // the end of an elided label
        const QString long_ = QStringLiteral(
            "results-of-the-baseline-run-before-the-connection-pool-change-2026-11-29.json");
        const QString short_ = QStringLiteral("before.json");
        // 330 px: a chart's width in the window at 1024x700; its column holds ~88 px.
        QTest::newRow("long name, 1024x700") << long_ << 330 << QString() << QStringLiteral("on");
        QTest::newRow("long name, wide") << long_ << 560 << QString() << QStringLiteral("-29.json");
        QTest::newRow("short name, 1024x700") << short_ << 330 << QString() << QStringLiteral("on");
        QTest::newRow("short name, wide")
            << short_ << 560 << (QStringLiteral("dashed: ") + short_) << QString();
    }
    void overlayEntryBesideIsMeasuredWithTheColumn() {
        QFETCH(QString, name);
        QFETCH(int, width);
        QFETCH(QString, whole);
        QFETCH(QString, end);
        ThroughputChart chart;
        QStringList workers;
        for (int i = 1; i <= 7; ++i)
            workers.append(QStringLiteral("worker-%1").arg(i));
        chart.setRankOrder(QStringList{QString()} + workers);
        showAt(chart, QSize(width, 260)); // 330: a chart's width in the window at 1024x700
        for (const QString& w : workers)
            chart.defineWorker(w);
        QList<QPointF> earlier;
        for (int i = 1; i <= 10; ++i) {
            chart.appendRates(ThroughputChart::totalIdent(), i, 300, 300);
            for (const QString& w : workers)
                chart.appendRates(w, i, 50, 50);
            earlier.append(QPointF(i, 280));
        }
        chart.setOverlayLabel(name);
        chart.setOverlay(ThroughputChart::achievedSeries(ThroughputChart::totalIdent()), earlier);
        chart.commit();
        QLegend* legend = chart.chart()->legend();
        QTRY_COMPARE(legend->alignment(), Qt::AlignRight);
        const auto entry = [&]() -> QGraphicsTextItem* {
            QList<QGraphicsItem*> items = legend->childItems();
            while (!items.isEmpty()) {
                QGraphicsItem* item = items.takeFirst();
                items += item->childItems();
                // The one entry that is not the total's or a worker's.
                auto* text = dynamic_cast<QGraphicsTextItem*>(item);
                if (text && text->isVisible() && text->toPlainText() != QStringLiteral("total") &&
                    !workers.contains(text->toPlainText()))
                    return text;
            }
            return nullptr;
        };
        QTRY_VERIFY(entry());
        if (!whole.isEmpty()) {
            QTRY_COMPARE(entry()->toPlainText(), whole);
        } else {
            // Elided on purpose, in its middle: its start and its end read.
            QTRY_VERIFY2(entry()->toPlainText().contains(QChar(0x2026)),
                         qPrintable(entry()->toPlainText()));
            const QString shown = entry()->toPlainText();
            QVERIFY2(shown.endsWith(end), qPrintable(shown));
            QVERIFY2(shown.startsWith(QStringLiteral("dashed: ") + name.left(1)),
                     qPrintable(shown));
        }
        const QString shown = entry()->toPlainText();
        // What it is for reads, whatever the room: "dashed: ", then the name.
        QVERIFY2(shown.startsWith(QStringLiteral("dashed: ")), qPrintable(shown));
        QVERIFY2(!shown.endsWith(QStringLiteral("...")), qPrintable(shown)); // not cut by Qt
        // Inside the legend, and the plot keeps a third of the chart or more (wide bounds: a
        // column beside holds at most 40 %, as for any label before it is elided).
        QVERIFY2(legend->sceneBoundingRect()
                     .adjusted(-1, -1, 1, 1)
                     .contains(entry()->sceneBoundingRect()),
                 qPrintable(shown));
        QVERIFY2(chart.chart()->plotArea().width() >= 0.35 * width,
                 qPrintable(QString::number(chart.chart()->plotArea().width())));
        // The workers' labels stay whole, and the hover names the whole file.
        QCOMPARE(chart.legendLabels().mid(0, 8), QStringList{QStringLiteral("total")} + workers);
        for (const QString& w : workers)
            QVERIFY(chart.shownLegendLabels().contains(w));
        auto* view = chart.findChild<QChartView*>();
        QVERIFY(view);
        QToolTip::hideText();
        const QPoint at = view->mapFromScene(entry()->sceneBoundingRect().center());
        QTest::mouseMove(view->viewport(), at - QPoint(4, 0));
        QTest::mouseMove(view->viewport(), at);
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(), QStringLiteral("dashed: ") + name);
        QToolTip::hideText();
    }

    void overlayIsDashedInSeriesColour() {
        ThroughputChart chart;
        showAt(chart, QSize(500, 300));
        const QString total = ThroughputChart::achievedSeries(ThroughputChart::totalIdent());
        for (int i = 1; i <= 10; ++i)
            chart.appendRates(ThroughputChart::totalIdent(), i, 100, 100);
        QList<QPointF> earlier;
        for (int i = 1; i <= 20; ++i)
            earlier.append(QPointF(i, 300));
        const qsizetype before = chart.chart()->series().size();
        chart.setOverlay(total, earlier);
        chart.commit();
        QVERIFY(chart.hasOverlay());
        QLineSeries* overlay = chart.overlaySeries(total);
        QVERIFY(overlay);
        QCOMPARE(chart.chart()->series().size(), before + 1);
        QCOMPARE(overlay->count(), 20);
        QCOMPARE(overlay->pen().style(), Qt::DashLine);
        QCOMPARE(overlay->pen().color().rgb(), chart.lineSeries(total)->pen().color().rgb());
        // The legend names the earlier run (its file once known), on one entry.
        QVERIFY(chart.chart()->legend()->markers(overlay).value(0)->isVisible());
        QCOMPARE(overlay->name(), QStringLiteral("total (earlier run)"));
        QCOMPARE(chart.chart()->legend()->markers(overlay).value(0)->label(),
                 QStringLiteral("dashed: earlier run"));
        chart.setOverlayLabel(QStringLiteral("before.json"));
        QCOMPARE(overlay->name(), QStringLiteral("total (before.json)"));
        QCOMPARE(chart.chart()->legend()->markers(overlay).value(0)->label(),
                 QStringLiteral("dashed: before.json"));
        QCOMPARE(chart.valueRange().second, 400.0); // the earlier run is in range too
        QVERIFY(chart.valuesAt(5).contains(QStringLiteral("(before.json): 300")));
        QVERIFY(!chart.seriesNames().contains(overlay->name()));

        chart.clearOverlay();
        chart.commit();
        QVERIFY(!chart.hasOverlay());
        QCOMPARE(chart.chart()->series().size(), before);
        QCOMPARE(chart.valueRange().second, 150.0);
    }

    void overlayBeforeDataKeepsStyles() {
        // An earlier run opened before the new run starts: the series exist before any point.
        ThroughputChart chart;
        const QString total = ThroughputChart::achievedSeries(ThroughputChart::totalIdent());
        chart.setOverlay(total, {QPointF(1, 10), QPointF(2, 20)});
        chart.appendRates(ThroughputChart::totalIdent(), 1, 12, 11);
        chart.commit();
        const QString target = ThroughputChart::targetSeries(ThroughputChart::totalIdent());
        QVERIFY(!marker(chart, target)->isVisible());
        QCOMPARE(chart.lineSeries(target)->pen().style(), Qt::DotLine);
        QCOMPARE(chart.lineSeries(total)->pen().color(),
                 chart.palette().color(QPalette::WindowText));
        QCOMPARE(chart.lineSeries(total)->count(), 1);
    }

    void latencySwitchesKindKeepingPoints() {
        LatencyChart chart;
        showAt(chart, QSize(500, 300));
        QCOMPARE(chart.kind(), LatencyChart::Kind::Response);
        for (int i = 1; i <= 8; ++i)
            chart.appendLatency(i, {1, 2, 3, 4}, {10, 20, 30, 40});
        chart.commit();
        const QString sp99 =
            LatencyChart::seriesName(LatencyChart::Kind::Service, QStringLiteral("p99"));
        const QString rp99 =
            LatencyChart::seriesName(LatencyChart::Kind::Response, QStringLiteral("p99"));
        QVERIFY(chart.isSeriesVisible(rp99));
        QVERIFY(!chart.isSeriesVisible(sp99));
        QVERIFY(!marker(chart, sp99)->isVisible());
        QCOMPARE(chart.valueRange().second, 50.0);

        QSignalSpy spy(&chart, &LatencyChart::kindChanged);
        chart.setKind(LatencyChart::Kind::Service);
        QCOMPARE(spy.count(), 1);
        QVERIFY(chart.isSeriesVisible(sp99));
        QVERIFY(!chart.isSeriesVisible(rp99));
        QVERIFY(marker(chart, sp99)->isVisible());
        QVERIFY(!marker(chart, rp99)->isVisible());
        QCOMPARE(chart.lineSeries(sp99)->count(), 8);
        QCOMPARE(chart.pointCount(rp99), 8);
        QCOMPARE(chart.valueRange().second, 5.0);
        QVERIFY(chart.valuesAt(3).contains(QStringLiteral("p99: 3.00")));
        QVERIFY(!chart.valuesAt(3).contains(QStringLiteral("p99: 30")));
        QVERIFY(chart.chart()->title().contains(QStringLiteral("service time")));
    }

    void everyChartFillsItsSeries() {
        ErrorsChart errors;
        InFlightChart inFlight;
        errors.appendRates(1, 2, 3);
        inFlight.appendInFlight(QStringLiteral("w"), 1, 7);
        inFlight.appendInFlight(ThroughputChart::totalIdent(), 1, 7);
        errors.commit();
        inFlight.commit();
        QCOMPARE(errors.seriesNames(),
                 QStringList({ErrorsChart::errorsSeries(), ErrorsChart::canceledSeries()}));
        QCOMPARE(errors.lineSeries(ErrorsChart::canceledSeries())->at(0), QPointF(1, 3));
        QCOMPARE(inFlight.lineSeries(InFlightChart::series(QStringLiteral("w")))->count(), 1);
    }

    void workerKeepsColourAcrossCharts() {
        ThroughputChart throughput;
        InFlightChart inFlight;
        inFlight.appendInFlight(QStringLiteral("beta"), 1, 1);
        throughput.appendRates(QStringLiteral("alpha"), 1, 1, 1);
        throughput.appendRates(QStringLiteral("beta"), 1, 1, 1);
        inFlight.appendInFlight(QStringLiteral("alpha"), 1, 1);
        const QColor beta =
            throughput.lineSeries(ThroughputChart::achievedSeries(QStringLiteral("beta")))
                ->pen()
                .color();
        QCOMPARE(inFlight.lineSeries(InFlightChart::series(QStringLiteral("beta")))->pen().color(),
                 beta);
        // The target is the worker's hue, lighter, so that it shows over the achieved line.
        const QColor target =
            throughput.lineSeries(ThroughputChart::targetSeries(QStringLiteral("beta")))
                ->pen()
                .color();
        QVERIFY(target != beta);
        QVERIFY(std::abs(target.hslHue() - beta.hslHue()) <= 3);
        QVERIFY(target.lightness() > beta.lightness());
        QVERIFY(throughput.lineSeries(ThroughputChart::achievedSeries(QStringLiteral("alpha")))
                    ->pen()
                    .color() != beta);
    }

    void oneWorkerShowsOverTheTotal() {
        // A one-worker run: the total equals the worker. The worker's line is drawn over
        // the (thicker, text-coloured) total, not hidden under it.
        ThroughputChart chart;
        showAt(chart, QSize(500, 300));
        chart.setWindowSeconds(0);
        for (int i = 1; i <= 60; ++i) {
            chart.appendRates(QStringLiteral("w"), i, 100, 100);
            chart.appendRates(ThroughputChart::totalIdent(), i, 100, 100);
        }
        chart.commit();
        const QImage image = chart.toImage();
        if (qEnvironmentVariableIsSet("PUSHER_TEST_IMAGES"))
            image.save(QStringLiteral("/tmp/oneworker.png"));
        const QColor worker =
            chart.lineSeries(ThroughputChart::achievedSeries(QStringLiteral("w")))->pen().color();
        // The plot is ~420 px wide: the worker's line shows along it, between the dots.
        QVERIFY2(colourHits(image, worker, 60) > 150, // under the total: ~60 (the legend)
                 qPrintable(QString::number(colourHits(image, worker, 60))));
    }

    void targetShowsOverAchieved() {
        // Where a worker keeps its target, the dotted target line lies on the achieved one;
        // it is drawn over it, lighter, so its dots show on the line's centre row.
        ThroughputChart chart;
        showAt(chart, QSize(500, 300));
        for (int i = 1; i <= 60; ++i)
            chart.appendRates(QStringLiteral("w"), i, 100, 100);
        chart.commit();
        const QImage image = chart.toImage();
        QLineSeries* achieved =
            chart.lineSeries(ThroughputChart::achievedSeries(QStringLiteral("w")));
        const QColor solid = achieved->pen().color();
        const QColor dotted =
            chart.lineSeries(ThroughputChart::targetSeries(QStringLiteral("w")))->pen().color();
        QVERIFY(solid != dotted);
        const QPointF from = chart.chart()->mapToPosition(QPointF(5, 100), achieved);
        const QPointF to = chart.chart()->mapToPosition(QPointF(55, 100), achieved);
        const int y = int(from.y());
        auto distance = [](const QColor& a, const QColor& b) {
            return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
                   std::abs(a.blue() - b.blue());
        };
        int dots = 0, line = 0;
        for (int x = int(from.x()); x < int(to.x()); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (distance(c, dotted) < distance(c, solid))
                ++dots;
            else
                ++line;
        }
        QVERIFY2(dots > (dots + line) / 5,
                 qPrintable(QStringLiteral("%1 / %2").arg(dots).arg(line)));
    }

    // A journey's step is asked for no rate: it runs when its journey does, so its "target"
    // was its achieved rate, a dotted line on the solid one that read as a target met. A
    // step draws its achieved line alone; its journey and the total keep their targets, and
    // the legend (one entry a worker) and the hover text name no step target.
    void aStepDrawsNoTargetLine() {
        ThroughputChart chart;
        showAt(chart, QSize(500, 300));
        const QString journey = QStringLiteral("checkout");
        const QString step = QStringLiteral("checkout/login");
        chart.setRankOrder({QString(), journey, step});
        chart.defineWorker(journey);
        chart.defineWorker(step);
        for (int i = 1; i <= 10; ++i) {
            chart.appendRates(ThroughputChart::totalIdent(), i, 20, 19);
            chart.appendRates(journey, i, 20, 19);
            chart.appendRates(step, i, 19, 19); // what RunData gave a step: its achieved rate
        }
        chart.commit();
        QVERIFY(!chart.lineSeries(ThroughputChart::targetSeries(step)));
        QVERIFY(!chart.seriesNames().contains(ThroughputChart::targetSeries(step)));
        QCOMPARE(chart.displayedPoints(ThroughputChart::achievedSeries(step)).size(), 10);
        for (const QString& w : {ThroughputChart::totalIdent(), journey})
            QCOMPARE(chart.displayedPoints(ThroughputChart::targetSeries(w)).size(), 10);
        QVERIFY(!ThroughputChart::hasTarget(step));
        QVERIFY(ThroughputChart::hasTarget(journey));
        QVERIFY(ThroughputChart::hasTarget(ThroughputChart::totalIdent()));
        QCOMPARE(chart.legendLabels(), (QStringList{QStringLiteral("total"), journey, step}));
        const QString hover = chart.valuesAt(5);
        QVERIFY2(hover.contains(QStringLiteral("checkout target")), qPrintable(hover));
        QVERIFY2(!hover.contains(QStringLiteral("login target")), qPrintable(hover));
        QVERIFY2(hover.contains(step + QStringLiteral(": ")), qPrintable(hover));
    }

    void smoothingAveragesOverOneSecond() {
        // A steady 10 errors/s in 250 ms intervals counts 2, 3, 2, 3 … per interval: 8 and
        // 12 per second, a sawtooth. Smoothed over 1 s it is 10.
        ErrorsChart chart;
        showAt(chart, QSize(500, 300));
        chart.setWindowSeconds(0);
        for (int i = 1; i <= 80; ++i)
            chart.appendRates(i * 0.25, i % 2 ? 8 : 12, 0);
        chart.commit();
        auto spread = [&chart](double from) {
            double lo = 1e9, hi = -1e9;
            for (const QPointF& p : chart.displayedPoints(ErrorsChart::errorsSeries())) {
                if (p.x() < from)
                    continue;
                lo = std::min(lo, p.y());
                hi = std::max(hi, p.y());
            }
            return std::pair{lo, hi};
        };
        QCOMPARE(spread(1.0), (std::pair{8.0, 12.0}));
        chart.setSmoothingSeconds(1);
        chart.commit();
        const auto [lo, hi] = spread(1.0);
        QVERIFY2(std::abs(lo - 10) < 1e-9 && std::abs(hi - 10) < 1e-9,
                 qPrintable(QStringLiteral("%1 … %2").arg(lo).arg(hi)));
        QCOMPARE(chart.pointCount(ErrorsChart::errorsSeries()), 80); // kept as they came
        chart.setSmoothingSeconds(0);
        chart.commit();
        QCOMPARE(spread(1.0), (std::pair{8.0, 12.0}));
    }

    void workerNamedTotalIsNotTheTotal() {
        // "total" and "*" are legal idents: series are keyed by ident, not by label.
        ThroughputChart chart;
        InFlightChart inFlight;
        for (int i = 1; i <= 5; ++i) {
            chart.appendRates(QStringLiteral("total"), i, 10, 10);
            chart.appendRates(QStringLiteral("*"), i, 20, 20);
            chart.appendRates(ThroughputChart::totalIdent(), i, 30, 30);
            inFlight.appendInFlight(QStringLiteral("total"), i, 1);
            inFlight.appendInFlight(ThroughputChart::totalIdent(), i, 2);
        }
        chart.commit();
        inFlight.commit();
        const QString worker = ThroughputChart::achievedSeries(QStringLiteral("total"));
        const QString total = ThroughputChart::achievedSeries(ThroughputChart::totalIdent());
        QVERIFY(worker != total);
        QCOMPARE(chart.displayedPoints(worker).constLast().y(), 10.0);
        QCOMPARE(chart.displayedPoints(ThroughputChart::achievedSeries(QStringLiteral("*")))
                     .constLast()
                     .y(),
                 20.0);
        QCOMPARE(chart.displayedPoints(total).constLast().y(), 30.0);
        QCOMPARE(chart.pointCount(total), 5);
        // The total is drawn as the total (text colour, thicker); the worker as a worker.
        QCOMPARE(chart.lineSeries(total)->pen().color(),
                 chart.palette().color(QPalette::WindowText));
        QVERIFY(chart.lineSeries(worker)->pen().color() != chart.lineSeries(total)->pen().color());
        QCOMPARE(chart.seriesLabel(total), QStringLiteral("total"));
        QCOMPARE(inFlight.pointCount(InFlightChart::series(QStringLiteral("total"))), 5);
        QCOMPARE(inFlight.displayedPoints(InFlightChart::series(QString())).constLast().y(), 2.0);
    }

    void latencyWorkerFilter() {
        // Per-worker latency: the chart's worker box, chosen with the keyboard.
        LatencyChart chart;
        showAt(chart, QSize(500, 300));
        for (int i = 1; i <= 8; ++i) {
            chart.appendLatency(QString(), i, {1, 2, 3, 4}, {10, 20, 30, 40});
            chart.appendLatency(QStringLiteral("api"), i, {1, 2, 3, 4}, {100, 200, 300, 400});
            chart.appendLatency(QStringLiteral("db"), i, {1, 2, 3, 4}, {5, 6, 7, 8});
        }
        chart.commit();
        const QString total =
            LatencyChart::seriesName(LatencyChart::Kind::Response, QStringLiteral("p99"));
        const QString api = LatencyChart::seriesName(LatencyChart::Kind::Response,
                                                     QStringLiteral("p99"), QStringLiteral("api"));
        QVERIFY(chart.isSeriesVisible(total));
        QVERIFY(!chart.isSeriesVisible(api));
        QVERIFY(!marker(chart, api)->isVisible());
        QComboBox* box = chart.workerBox();
        QVERIFY(box && box->isVisible());
        QCOMPARE(box->count(), 3); // all workers, api, db
        QSignalSpy spy(&chart, &LatencyChart::workerChanged);
        box->setFocus();
        QTest::keyClick(box, Qt::Key_Down); // "api"
        QCOMPARE(spy.count(), 1);
        QCOMPARE(chart.worker(), QStringLiteral("api"));
        QVERIFY(chart.isSeriesVisible(api));
        QVERIFY(!chart.isSeriesVisible(total));
        QCOMPARE(chart.valueRange().second, 500.0);
        QVERIFY(chart.chart()->title().contains(QStringLiteral("api")));
        QCOMPARE(chart.lineSeries(api)->count(), 8);
        // The kind switch keeps the worker.
        chart.setKind(LatencyChart::Kind::Service);
        QVERIFY(chart.isSeriesVisible(LatencyChart::seriesName(
            LatencyChart::Kind::Service, QStringLiteral("p99"), QStringLiteral("api"))));
        QVERIFY(!chart.isSeriesVisible(api));
        // A new run without "api" falls back to all workers.
        chart.setWorkers({QStringLiteral("db")});
        QCOMPARE(chart.worker(), QString());
        QCOMPARE(box->count(), 2);
    }

    // The mouse over the plot: the hover's time has a decimal finer than the axis' labels, so
    // a run under a second reads where it is ("t = 0.0 s" all along a 0.05 s run before);
    // runs ticked in whole seconds read with one decimal, as before.
    void hoverTimeIsAsFineAsTheRun_data() {
        QTest::addColumn<double>("planned");
        QTest::addColumn<double>("at");
        QTest::addColumn<int>("decimals");
        QTest::newRow("0.05 s") << 0.05 << 0.03 << 3;
        QTest::newRow("0.5 s") << 0.5 << 0.25 << 2;
        QTest::newRow("1 s") << 1.0 << 0.45 << 2;
        QTest::newRow("30 s") << 30.0 << 12.5 << 1;
        QTest::newRow("900 s") << 900.0 << 400.0 << 1;
    }
    void hoverTimeIsAsFineAsTheRun() {
        QFETCH(double, planned);
        QFETCH(double, at);
        QFETCH(int, decimals);
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        showAt(chart, QSize(600, 300));
        chart.setWindowSeconds(0);
        chart.setPlannedSeconds(planned);
        for (int i = 1; i <= 10; ++i)
            chart.appendPoint(QStringLiteral("s"), planned * i / 10, i);
        chart.commit();
        auto* view = chart.findChild<QChartView*>();
        QVERIFY(view);
        QToolTip::hideText();
        QCoreApplication::processEvents(); // the chart lays its plot out for the axis' labels
        const QPoint pos =
            view->mapFromScene(chart.chart()->mapToScene(chart.chart()->mapToPosition({at, 5})));
        QTest::mouseMove(view->viewport(), pos - QPoint(4, 0));
        QTest::mouseMove(view->viewport(), pos);
        QTRY_VERIFY(QToolTip::isVisible());
        const QString first = QToolTip::text().section(QLatin1Char('\n'), 0, 0);
        const QString number = QLocale().toString(1.5).mid(1, 1); // the decimal point
        const QRegularExpression time(
            QStringLiteral("^t = (\\d+)%1(\\d+) s$").arg(QRegularExpression::escape(number)));
        const QRegularExpressionMatch m = time.match(first);
        QVERIFY2(m.hasMatch(), qPrintable(first));
        QVERIFY2(m.captured(2).size() == decimals,
                 qPrintable(QStringLiteral("'%1' has %2 decimals, not %3")
                                .arg(first)
                                .arg(m.captured(2).size())
                                .arg(decimals)));
        // Where the mouse is: within a pixel's time of it, and the last decimal's rounding.
        const double t = QString(m.captured(1) + u'.' + m.captured(2)).toDouble();
        const double pixel =
            chart.chart()->mapToValue({chart.chart()->mapToPosition({at, 5}).x() + 1, 5}).x() - at;
        QVERIFY2(std::abs(t - at) <= std::abs(pixel) + 0.5 * std::pow(10.0, -decimals) + 1e-9,
                 qPrintable(QStringLiteral("%1 for the mouse at %2 s").arg(first).arg(at)));
#ifdef PUSHER_SCREENSHOT_DIR
        // The chart with its tooltip where it shows (a window of its own).
        QWidget* tip = nullptr;
        for (QWidget* w : QApplication::topLevelWidgets())
            if (w->isVisible() && w->inherits("QTipLabel"))
                tip = w;
        QVERIFY(tip);
        QPixmap shot = chart.grab();
        {
            QPainter painter(&shot);
            painter.drawPixmap(chart.mapFromGlobal(tip->pos()), tip->grab());
        }
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(shot.save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/chart-hover-") +
                          QString::fromLatin1(QTest::currentDataTag()).remove(u' ') +
                          QStringLiteral(".png")));
#endif
        QToolTip::hideText();
    }

    void hoverTextNamesNearestValues() {
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        for (int i = 1; i <= 10; ++i) {
            chart.appendPoint(QStringLiteral("a"), i, i * 10);
            chart.appendPoint(QStringLiteral("b"), i, 1.5);
        }
        chart.commit();
        const QString text = chart.valuesAt(4.2);
        QVERIFY2(text.contains(QStringLiteral("a: 40")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("b: 1.50")), qPrintable(text));
        chart.setSeriesVisible(QStringLiteral("b"), false);
        QVERIFY(!chart.valuesAt(4.2).contains(QStringLiteral("b:")));
    }

    void rejectsBadPointsAndClears() {
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        chart.appendPoint(QStringLiteral("s"), 2, 1);
        chart.appendPoint(QStringLiteral("s"), 1, 1); // older than the last: dropped
        chart.appendPoint(QStringLiteral("s"), std::nan(""), 1);
        chart.appendPoint(QStringLiteral("s"), 3, std::numeric_limits<double>::infinity());
        QCOMPARE(chart.pointCount(QStringLiteral("s")), 1);
        chart.setSeriesVisible(QStringLiteral("s"), false);
        chart.clear();
        chart.commit();
        QCOMPARE(chart.pointCount(QStringLiteral("s")), 0);
        QCOMPARE(chart.seriesNames(), QStringList{QStringLiteral("s")});
        QVERIFY(!chart.isSeriesVisible(QStringLiteral("s"))); // the user's choice survives
    }

    // A line raised above a new one (Qt Charts stacks lines in the order they were added:
    // removed and added again) leaves no old drawing of itself behind. Qt Charts deletes a
    // removed line's drawing later; restyling the line showed it again meanwhile, so a paint
    // before that (a window drawn at once, as Start does for its progress bar) drew it with
    // its line removed from the chart, or deleted: a crash (`tst_appcontroller`, F5 after a
    // results file).
    // Right after a commit that changed an axis' range, before the event loop ran, a grab drew
    // the value axis' labels in their old format and number: "1", "1", "0", "0" on an axis of
    // 0–1 in tenths (Qt Charts makes the labels anew when it lays the chart out, which it
    // leaves to the event loop). An export (Export ▸ chart PNG) at such a moment showed them.
    // Every commit draws the axes' current labels.
    void axisLabelsAreCurrentRightAfterACommit() {
        ThroughputChart chart;
        chart.setWindowSeconds(0); // the whole run: the time axis changes too
        showAt(chart, QSize(330, 220));
        QCoreApplication::processEvents();
        const QString total = ThroughputChart::achievedSeries(QString());
        // Each: the run's planned length, its points (times, calls/s).
        const QList<std::pair<double, QList<QPointF>>> steps = {
            {0.3, {{0.1, 800}, {0.2, 760}, {0.3, 790}}},   // 0–0.3 s, 0–1000 calls/s
            {0.3, {{0.1, 0.4}, {0.2, 0.5}, {0.3, 0.45}}},  // 0–0.6 calls/s, in tenths
            {90, {{1, 3}, {30, 2.5}, {60, 3.2}, {90, 2}}}, // 0–90 s, 0–4
            {0.05, {{0.01, 0.02}, {0.05, 0.01}}},          // 0–0.05 s, 0–0.025
            {2, {{0.1, 12000}, {0.2, 0.5}, {2, 4}}},       // 0–2 s, 0–15000
        };
        for (const auto& [planned, points] : steps) {
            chart.clear();
            chart.setPlannedSeconds(planned);
            for (const QPointF& p : points)
                chart.appendPoint(total, p.x(), p.y());
            chart.commit();
            // Drawn now, as an export or a screenshot right after the change would draw it.
            const QImage now = chart.toImage();
            const QStringList y = axisLabels(chart, Qt::Vertical);
            const QStringList x = axisLabels(chart, Qt::Horizontal);
            QCOMPARE(y, expectedLabels(axis(chart, Qt::Vertical)));
            QCOMPARE(x, expectedLabels(axis(chart, Qt::Horizontal)));
            QCoreApplication::processEvents();
            QCOMPARE(axisLabels(chart, Qt::Vertical), y);
            QCOMPARE(axisLabels(chart, Qt::Horizontal), x);
            QVERIFY(chart.toImage() == now);
        }
    }

    void raisedLineLeavesNoStaleDrawing() {
        TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("v"));
        showAt(chart, QSize(480, 320));
        SeriesStyle top;
        top.z = 1;
        chart.defineSeries(QStringLiteral("top"), top);
        for (int i = 0; i < 10; ++i)
            chart.appendPoint(QStringLiteral("top"), i, i);
        chart.commit();
        (void)chart.grab();
        chart.defineSeries(QStringLiteral("a"), SeriesStyle{}); // raises "top"
        top.color = Qt::red; // a restyle (a new colour, the palette changed)
        chart.defineSeries(QStringLiteral("top"), top);
        QCOMPARE(visibleLines(chart), 2);
        chart.removeSeries(QStringLiteral("top"));
        QCOMPARE(visibleLines(chart), 1);
        // Painted before the event loop runs: only the lines in the chart are drawn.
        const QImage image = chart.grab().toImage();
        QCOMPARE(colourHits(image, Qt::red), 0);
        QCOMPARE(chart.seriesNames().size(), 1);
    }

    void exportsPng() {
        ThroughputChart chart;
        showAt(chart, QSize(500, 300));
        for (int i = 1; i <= 50; ++i)
            chart.appendRates(QStringLiteral("w"), i, 100, 100);
        chart.commit();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chart.png"));
        QVERIFY(chart.savePng(path, QSize(800, 450)));
        QImage image(path);
        QCOMPARE(image.size(), QSize(800, 450));
        // The series' colour is drawn somewhere.
        const QColor color =
            chart.lineSeries(ThroughputChart::achievedSeries(QStringLiteral("w")))->pen().color();
        int hits = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                hits += std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) +
                            std::abs(c.blue() - color.blue()) <
                        40;
            }
        QVERIFY(hits > 100);
        QVERIFY(!chart.savePng(dir.filePath(QStringLiteral("missing/dir/chart.png"))));
    }

    // On a full disk (a tiny tmpfs in this test's own mount namespace, root only) the PNG
    // is not written and the previous one stays whole.
    void pngOnAFullDiskKeepsTheOldFile() {
        ThroughputChart chart;
        showAt(chart, QSize(500, 300));
        chart.appendRates(QStringLiteral("w"), 1, 100, 100);
        chart.commit();
        QTemporaryDir dir;
        const QByteArray old(3000, 'p');
        const QString why =
            pusher::test::mountFullTmpfs(dir.path(), 64, {{QStringLiteral("chart.png"), old}});
        if (!why.isEmpty())
            QSKIP(qPrintable(QStringLiteral("needs root to mount a tmpfs privately: ") + why));
        const QString path = dir.filePath(QStringLiteral("chart.png"));
        const bool saved = chart.savePng(path, QSize(400, 200));
        QFile file(path);
        const QByteArray after = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        file.close();
        pusher::test::unmountTmpfs(dir.path());
        QVERIFY(!saved);
        QCOMPARE(after, old);
    }
};

QTEST_MAIN(TestTimeSeriesChart)
#include "tst_timeserieschart.moc"
