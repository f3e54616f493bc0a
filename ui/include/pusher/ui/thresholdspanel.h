// ThresholdsPanel: a run's thresholds, their measured values and whether they hold.
#pragma once

#include <pusher/results.h>

#include <QAbstractTableModel>
#include <QList>
#include <QSet>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QTableView;
QT_END_NAMESPACE

namespace pusher {

// ThresholdsModel lists thresholds (ThresholdResult: the expression, the measured value in
// the threshold's unit, passed) with the state of the run: while it runs a threshold is
// "holding" or "not holding" on the figures so far; at the end it "held" or "did not hold".
// A value not known yet (nothing completed) is NaN and shows "–".
class ThresholdsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Threshold, Measured, Verdict, ColumnCount };
    Q_ENUM(Column)

    explicit ThresholdsModel(QObject* parent = nullptr);

    // setThresholds shows thresholds; final says they are the run's verdict. The same
    // expressions update in place.
    // `withCalls` are the expressions whose series had calls: one of them with nothing
    // measured is a latency threshold on calls that took no time (flow steps never sent).
    void setThresholds(const QList<ThresholdResult>& thresholds, bool final,
                       const QSet<QString>& withCalls = {});
    QList<ThresholdResult> thresholds() const { return m_rows; }
    bool isFinal() const { return m_final; }

    // measuredText formats a threshold's measured value in its unit ("12.5 ms", "0.8 %"); a
    // value not measured is "–" during a run, and after it "no calls" ("no ticks" for
    // canceled_rate; "no latency measured" when its series had `calls`, none of which sent
    // its request), which is why such a threshold did not hold.
    static QString measuredText(const ThresholdResult& threshold, bool final = true,
                                bool calls = false);
    // verdictText says whether it holds, live or at the end.
    static QString verdictText(const ThresholdResult& threshold, bool final);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<ThresholdResult> m_rows;
    bool m_final = false;
    QSet<QString> m_withCalls;
};

// ThresholdsPanel is the model's table, with a line saying when the scenario has none.
class ThresholdsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ThresholdsPanel(QWidget* parent = nullptr);
    ThresholdsModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }

private:
    ThresholdsModel* m_model;
    QTableView* m_view;
    QLabel* m_empty;
};

} // namespace pusher
