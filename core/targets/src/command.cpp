#include "pusher/targets/command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

extern char** environ;

namespace pusher {

namespace {

// kPoll is how often a waiting call looks at its Context.
constexpr auto kPoll = std::chrono::milliseconds(10);

struct Argv {
    std::vector<std::string> storage;
    std::vector<char*> pointers;
    explicit Argv(const CommandOptions& o) {
        storage.push_back(o.program.toStdString());
        for (const QString& arg : o.args)
            storage.push_back(arg.toStdString());
        for (auto& s : storage)
            pointers.push_back(s.data());
        pointers.push_back(nullptr);
    }
};

// reap waits for `pid` to end, in steps so that the timeout and the Context are honoured.
// Returns the wait status, or kills the child and returns the error that ended the wait.
Outcome reap(pid_t pid, const Context& ctx, TimePoint deadline) {
    // pidfd lets poll() wake at the child's exit; without it fall back to WNOHANG polling.
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    Error ended;
    int status = 0;
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            ended = Error("spawn", std::string("command: waitpid: ") + std::strerror(errno));
            break;
        }
        const TimePoint now = Clock::now();
        if (ctx.done())
            ended = ctx.err();
        else if (now >= deadline)
            ended = Error("timeout", "command: killed after the timeout");
        if (ended) {
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            break;
        }
        const auto step = std::min<Duration>(kPoll, deadline - now);
        const int ms = std::max(
            1, static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(step).count()));
        if (pidfd >= 0) {
            pollfd p{pidfd, POLLIN, 0};
            ::poll(&p, 1, ms);
        } else {
            ::usleep(static_cast<useconds_t>(std::min(ms, 2)) * 1000);
        }
    }
    if (pidfd >= 0)
        ::close(pidfd);
    if (ended)
        return {Result{}, ended};
    if (WIFEXITED(status)) {
        const int code = WEXITSTATUS(status);
        if (code == 0)
            return {Result(0), {}};
        return {Result(code), Error("exit_" + std::to_string(code),
                                    "command: exit code " + std::to_string(code))};
    }
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        return {Result{}, Error("signal_" + std::to_string(sig), "command: killed by signal " +
                                                                     std::to_string(sig) + " (" +
                                                                     strsignal(sig) + ")")};
    }
    return {Result{}, Error("spawn", "command: unexpected wait status")};
}

Outcome runOnce(const CommandOptions& o, const Context& ctx) {
    if (ctx.done())
        return {Result{}, ctx.err()};
    Argv argv(o);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // The child starts with default signal handling and an empty mask, whatever ours are.
    sigset_t all;
    sigset_t none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid = 0;
    const TimePoint deadline = Clock::now() + o.timeout;
    const int rc =
        ::posix_spawnp(&pid, argv.pointers[0], &actions, &attr, argv.pointers.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        return {Result{}, Error("spawn", "command: cannot run '" + argv.storage[0] +
                                             "': " + std::strerror(rc))};
    return reap(pid, ctx, deadline);
}

} // namespace

QString CommandOptions::validate() const {
    if (program.isEmpty())
        return QStringLiteral("command: no program given");
    if (timeout.count() <= 0)
        return QStringLiteral("command: the timeout must be positive");
    return {};
}

Target makeCommandTarget(const CommandOptions& options) {
    const QString problem = options.validate();
    if (!problem.isEmpty()) {
        const Error invalid("invalid", problem.toStdString());
        return Target([invalid](const Context&) { return Outcome{Result{}, invalid}; });
    }
    auto shared = std::make_shared<const CommandOptions>(options);
    return Target([shared](const Context& ctx) { return runOnce(*shared, ctx); });
}

} // namespace pusher
