// SeriesKey: the stable name of one series of a run (a worker, or the total, and a metric).
#pragma once

#include <QHashFunctions>
#include <QString>

namespace pusher {

// RunMetric is what a series measures, per interval.
enum class RunMetric : quint8 {
    TargetRps, // the rate asked for (the profile's, or the one set live)
    Rps,       // completed calls per second
    InFlight,  // calls in flight at the interval's end
    Errors,    // errors per second
    Canceled,  // canceled ticks per second
    ServiceP50,
    ServiceP90,
    ServiceP99,
    ServiceMax,
    ResponseP50,
    ResponseP90,
    ResponseP99,
    ResponseMax,
};

// SeriesKey names a series by what it is, never by what the user reads: `worker` is the
// worker's ident as the engine knows it, empty for the total over all workers (no worker
// has an empty ident, so a worker named "total" or "*" is never mixed up with the total).
// Display names (the legend's "total", "api", "p99") are the charts' business.
struct SeriesKey {
    QString worker;
    RunMetric metric = RunMetric::Rps;

    bool isTotal() const { return worker.isEmpty(); }
    // isOthers: the key of the workers a run folds together beyond the charts' limit (see
    // RunData::MaxChartedWorkers).
    bool isOthers() const { return worker == othersWorker(); }
    // othersWorker is the `worker` of the "others" series: it starts with a control
    // character, which no scenario's ident may contain, so no worker is mixed up with it.
    static QString othersWorker() {
        return QStringLiteral("\x1e"
                              "others");
    }
    // id is a unique string for the key (the metric's tag, a unit separator, the worker),
    // used as the series' name inside a chart.
    QString id() const;
    // fromId reads an id back; false when `id` is not one.
    static bool fromId(const QString& id, SeriesKey* key);

    friend bool operator==(const SeriesKey&, const SeriesKey&) = default;
};

inline size_t qHash(const SeriesKey& key, size_t seed = 0) {
    return qHashMulti(seed, key.worker, int(key.metric));
}

} // namespace pusher
