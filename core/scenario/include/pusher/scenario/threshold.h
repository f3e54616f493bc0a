// Threshold: a pass/fail condition over a run's results, e.g. "api.p99 < 100ms".
#pragma once

#include <QString>

#include <optional>

namespace pusher {

// Threshold is one parsed threshold expression "[worker.]metric op value". Latency metrics
// (p50, p90, p99, p999, max, mean) compare milliseconds and need a unit in the text
// ("250ms", "1.5s"); error_rate and canceled_rate compare a ratio written as a percentage
// ("1%") or a fraction ("0.01"); rps compares achieved requests per second.
struct Threshold {
    enum class Metric { P50, P90, P99, P999, Max, Mean, ErrorRate, CanceledRate, Rps };
    enum class Op { Less, LessEqual, Greater, GreaterEqual };

    // worker is the ident the threshold applies to; empty means the whole run.
    QString worker;
    Metric metric = Metric::P99;
    Op op = Op::Less;
    // value is in milliseconds for latency metrics, a ratio (0..1) for error_rate and
    // canceled_rate, and requests per second for rps.
    double value = 0;

    // parse reads `text`; on failure it returns nullopt and, when `error` is given, sets it
    // to the reason (e.g. `unknown metric "p95" (expected p50, ...)`).
    static std::optional<Threshold> parse(const QString& text, QString* error = nullptr);

    // passes is true when `observed` (in the unit of value) satisfies the condition; NaN
    // never passes.
    [[nodiscard]] bool passes(double observed) const noexcept;
    // isLatency is true for the metrics measured in milliseconds.
    [[nodiscard]] bool isLatency() const noexcept;
    // isRatio is true for error_rate and canceled_rate.
    [[nodiscard]] bool isRatio() const noexcept;
    // metricName is the metric as written in files, e.g. "p99", "error_rate".
    [[nodiscard]] QString metricName() const;
    // opText is the operator as written in files, e.g. "<=".
    [[nodiscard]] QString opText() const;
    // toString writes the threshold in canonical form ("api.p99 < 100ms", "error_rate < 1%").
    [[nodiscard]] QString toString() const;
    // observedText writes a value observed for this threshold in its metric's unit, with the
    // digits that decide it: a latency in ms ("3.35872ms", not rounded: 249.7ms under
    // `< 250ms` does not print as 250ms), a share in % as `error_rate < 1%` is written
    // ("50%"), a rate in /s ("99.8/s"). NaN, nothing measured, is "no calls" ("no ticks" for
    // canceled_rate, whose share is of the ticks); for a latency metric on a series that made
    // `calls` (a flow step whose every request failed before it went out), "no latency
    // measured".
    [[nodiscard]] QString observedText(double observed, bool calls = false) const;

    friend bool operator==(const Threshold&, const Threshold&) = default;
};

// thresholdObserved is Threshold::observedText for the threshold `expr`; a bare number for an
// expression that does not parse. The CLI's summary and the HTML report write values so.
// `calls`: the threshold's series made calls (RunResults::completedOf).
QString thresholdObserved(const QString& expr, double observed, bool calls = false);

} // namespace pusher
