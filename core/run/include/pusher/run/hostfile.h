#pragma once

#include <pusher/scenario/scenario.h>

#include <optional>

namespace pusher {

// hostfilePath is a distributed run's hostfile as the app hands it to mpirun: relative to
// `folder` (the scenario's); empty when the scenario names none.
QString hostfilePath(const DistributedSpec& distributed, const QString& folder);

// hostfileProblem is the problem of a hostfile that is not there ("…/hosts.txt: no such
// file", at distributed.hostfile); none when the scenario names none or it is a file. The
// app refuses such a run before mpirun, and the editor lists it (the same words).
std::optional<Problem> hostfileProblem(const DistributedSpec& distributed, const QString& folder);

} // namespace pusher
