// makeTarget: turns a scenario's TargetSpec into an engine Target.
#pragma once

#include <pusher/scenario/scenario.h>
#include <pusher/target.h>

#include <QString>

namespace pusher {

// makeTarget builds the Target a TargetSpec describes (http, tcp, command or synthetic).
// On failure it returns an empty Target and sets `error` to why. The spec must have been
// resolved (no `${VAR}` left) and validated.
Target makeTarget(const TargetSpec& spec, QString* error);

} // namespace pusher
