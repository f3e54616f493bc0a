// makeTarget: turns a scenario's TargetSpec into an engine Target.
#pragma once

#include <pusher/scenario/scenario.h>
#include <pusher/http/http.h>
#include <pusher/target.h>

#include <QString>

#include <memory>

namespace pusher {

class DataFeed;
class FlowObserver;

// makeTarget builds the Target a TargetSpec describes (http, flow, tcp, command or synthetic).
// On failure it returns an empty Target and sets `error` to why. The spec must have been
// resolved (no `${VAR}` left but the data columns and a flow's extracted values) and
// validated. `data` is the worker's data feed, if it has a data file: each call takes a row
// and fills the ${column} references the spec kept (http and flow targets; other kinds
// refuse a feed). `observer`: a flow target reports each step's outcome to it (per-step
// series); other kinds ignore it. `resolver`, when set, replaces getaddrinfo for the http and
// flow targets' host names (a check that must not resolve them gives one that refuses).
Target makeTarget(const TargetSpec& spec, QString* error, std::shared_ptr<DataFeed> data = nullptr,
                  std::shared_ptr<FlowObserver> observer = nullptr, Resolver resolver = {});

} // namespace pusher
