// Merging results: runs of one scenario made by several processes (MPI ranks, or runs
// launched by other means) become one results file, exactly, from their histograms.
#pragma once

#include "pusher/results.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace pusher {

// addWorkerResults adds `from` to `into`: counts, errors by kind, error samples (at most
// kSamplesPerKind distinct messages per kind) and the histograms, which merge exactly; the
// digests (latencyMs, responseMs, lagMs) are recomputed from the merged histograms and
// achievedRps is summed. `into.ident` is kept.
void addWorkerResults(WorkerResults& into, const WorkerResults& from);

// MergeOptions tune mergeResults.
struct MergeOptions {
    // force merges results of different scenarios (or intervals); refused otherwise.
    bool force = false;
    // sources name the inputs in messages and in `parts` (e.g. file names); optional.
    QStringList sources;
};

// mergeResults merges the results of parts of one run into the results of the whole:
// totals and workers (matched by ident) add their counts and merge their histograms, so
// whole-run percentiles are those of one run that recorded every call (within the
// histogram's 0.78 %); min, max and mean stay exact. Timelines are aligned on the interval
// grid by time since each part's start: interval counts add exactly, interval percentiles
// are the completed-weighted mean of the parts' (files carry no interval histograms), max
// exact. started_at is the earliest, duration_s the longest, planned_s the longest (not known
// when a part's is not); achieved rates are recomputed.
// The merged run is interrupted when a part is, and recovered when a part is (rebuilt from
// its live stream: it ends at its last complete interval, and the merged total's started −
// completed − interrupted are the calls those parts had in flight then; a part that ran its
// course has none).
// Thresholds keep their expressions (the union, in order) unevaluated: value NaN, passed
// false, results.passed false; the scenario layer judges them (pusher::evaluateThresholds),
// and an interrupted merged run does not pass whatever they say.
// `parts` lists every input (its own parts when it is itself merged), each with how it ended:
// its own duration_s and planned_s, interrupted and recovered (an input's single part, e.g. an
// MPI rank's own results, takes its input's; a merged input's parts keep theirs).
// Fails (nullopt, `error` says which input and why) when there is nothing to merge, when a
// worker with completed calls has no histograms (files from other producers), or when the
// scenarios or intervals differ and `force` is not set.
std::optional<RunResults> mergeResults(const QList<RunResults>& inputs,
                                       const MergeOptions& options = {}, QString* error = nullptr);

} // namespace pusher
