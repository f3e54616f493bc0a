// asyncTargetOwning: the common shape of the targets that run on a loop of their own.
#pragma once

#include <pusher/target.h>

#include <QString>

#include <memory>

namespace pusher {

// asyncTargetOwning returns a Target whose every call fails with kind "invalid" when
// `problem` is not empty; otherwise an async Target that starts calls on the loop `make()`
// builds. The loop is shut down when the last copy of the Target goes.
template <typename Make>
Target asyncTargetOwning(const QString& problem, Make make) {
    if (!problem.isEmpty()) {
        const Error invalid("invalid", problem.toStdString());
        return Target::async(
            [invalid](const Context&, Completion done) { done(Result{}, invalid); });
    }
    using Loop = typename decltype(make())::element_type;
    struct Owner {
        std::shared_ptr<Loop> loop;
        ~Owner() {
            if (loop)
                loop->shutdown();
        }
    };
    auto owner = std::make_shared<Owner>();
    owner->loop = make();
    return Target::async(
        [owner](const Context& ctx, Completion done) { owner->loop->start(ctx, std::move(done)); });
}

} // namespace pusher
