// Command target: run a program with arguments, no shell.
#pragma once

#include <pusher/clock.h>
#include <pusher/target.h>

#include <QString>
#include <QStringList>

#include <chrono>

namespace pusher {

// CommandOptions describe the program each call runs.
struct CommandOptions {
    // program is an executable path, or a name looked up in PATH; no shell is involved.
    QString program;
    QStringList args;
    // timeout bounds each run; the program is killed (SIGKILL) when it passes.
    Duration timeout = std::chrono::seconds(30);

    // validate returns an empty string when the options are usable, else why not.
    [[nodiscard]] QString validate() const;
};

// makeCommandTarget returns a blocking Target that runs the program once per call with
// stdin, stdout and stderr on /dev/null. Exit code 0 is success (the Result is 0); any
// other exit code fails with an Error of kind "exit_<code>", death by a signal with kind
// "signal_<n>", a run past the timeout is killed and fails with kind "timeout", a program
// that cannot be started fails with kind "spawn". When the call's Context ends, the
// program is killed and the call returns the Context's error.
Target makeCommandTarget(const CommandOptions& options);

} // namespace pusher
