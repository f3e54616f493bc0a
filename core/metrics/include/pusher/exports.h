// Exports of results files: CSV timeline, HTML report, comparisons.
#pragma once

#include "pusher/results.h"

#include <QString>

#include <cstdint>

namespace pusher {

// toCsv is the timeline as CSV: a header line, then one line per TimelinePoint, with the
// columns t,dt,worker,started,completed,ok,errors,canceled,inflight,rps,p50_ms,p90_ms,
// p99_ms,max_ms,resp_p50_ms,resp_p90_ms,resp_p99_ms,resp_max_ms.
QString toCsv(const RunResults& results);

// thresholdText is what threshold `t` observed in its unit (thresholdObserved): nothing
// measured is "no calls", or "no latency measured" for a latency threshold on a series with
// calls but no latency sample (a flow step whose requests never went out).
QString thresholdText(const RunResults& results, const ThresholdResult& t);

// ofPlan says how far a stopped or recovered run's durationS went into its planned
// duration: " of its planned 30 s" (" of 30 s" when `brief`), or, a run that ended in the
// drain of its calls in flight after it, ", past its planned 30 s" (", past 30 s"); empty
// when the results do not know the plan (plannedS 0: an older file).
QString ofPlan(const RunResults& results, bool brief = false);

// inFlightAtEnd is how many calls were started and neither completed nor cut: for recovered
// results, the calls still in flight at the stream's last complete interval.
std::uint64_t inFlightAtEnd(const RunResults& results);

// recoveredCalls is what a recovered run's note says of its calls at its end: "3 call(s) were
// still in flight then", and, when the stream counted calls a stop cut (the total's
// interrupted: the run was stopped before it was killed), "; 5 call(s) in flight were cut by a
// stop before then, not counted as errors". A stop that the stream did not record (it came
// after the last complete interval, or it cut nothing) is not known, and not named.
QString recoveredCalls(const RunResults& results);

// partEnding says how a part of a merged run (PartResults) ended when it did not run its
// course, from its own duration_s and planned_s: "part b.json recovered: ends at 0.75 s of its
// planned 30 s", "rank 1 stopped at 12.3 s of its planned 30 s" ("stopped after 12.3 s" when
// its plan is not known); empty for a part that ran its course or whose ending is not known.
QString partEnding(const PartResults& part);

// partsEnding is, for merged results that were stopped or recovered, the endings (partEnding)
// of the parts that did not run their course, joined by "; " (the first 4, then "; and N more
// part(s)"). Empty when the whole run's note is true of each part — every part ended as the
// whole did (all recovered, or all stopped) within an interval of its duration_s, as a
// distributed run's ranks stopped together — or when a part's ending is not known (a file
// written before parts kept it): the notes then speak of the whole run, at its duration_s.
QString partsEnding(const RunResults& results);

// partRan is a part's "ran" cell in the ranks tables: "0.75 s of 30 s, recovered", "12.30 s
// of 30 s, stopped" ("12.30 s, stopped" when its plan is not known), "30.10 s" for a part that
// ran its course; "-" when not known.
QString partRan(const PartResults& part);

// toHtml is a self-contained report (well-formed XHTML, inline SVG, no scripts or network
// fetches) with sections (by id): summary, thresholds, throughput, latency, errors, kinds.
// Under its header line, a note (class note) for a run that did not run its course: id
// "recovered" for results rebuilt from a live stream, else id "stopped" for an interrupted run;
// for merged results, naming the parts that did not run their course when partsEnding does.
QString toHtml(const RunResults& results);

// toJUnit is the run as JUnit XML (UTF-8), for CI systems that read test reports
// (docs/cli.md, "JUnit XML for CI"): <testsuites> holding one <testsuite> named after the
// scenario (tests, failures, errors, skipped 0, time = durationS, timestamp = startedAt in
// UTC) with a <testcase> "run completed" (classname "pusher.run"; a <failure type="stopped">
// for an interrupted run, "recovered" for recovered results that are interrupted (short of
// their plan); an <error type="run"> when
// `runFailure` is given, the run having failed), then one <testcase> per threshold (name its
// expression as written, classname the worker ident it is on or "pusher.thresholds"; a failed
// one holds <failure type="threshold" message="observed …"> with thresholdText). `summary`,
// when given (the CLI's summary table), is the suite's <system-out>.
QString toJUnit(const RunResults& results, const QString& summary = QString(),
                const QString& runFailure = QString());

// compareHtml sets two runs side by side (section "comparison": metric, A, B, delta,
// delta %) and overlays their throughput, latency and error charts. Deltas are B − A.
// A run that was recovered or stopped says so in its heading ("A: name (stopped at 12.3 s of
// 30 s)"; "stopped before its planned end, after 12.3 s" when the plan is not known).
QString compareHtml(const RunResults& a, const RunResults& b);

// compareText is the comparison table of compareHtml as aligned plain text, under the same
// headings. Worker and step names are shown as a terminal shows them (shownInLine), so that
// the columns line up.
QString compareText(const RunResults& a, const RunResults& b);

} // namespace pusher
