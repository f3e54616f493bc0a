// force: four identical workers ("force #0" … "force #3") at 25 rps each for 2 seconds.
#include <pusher/pusher.h>

#include <cstdio>
#include <map>
#include <mutex>
#include <set>

using namespace std::chrono_literals;

// Idents remembers which workers it heard from.
class Idents final : public pusher::Gossiper {
public:
    void listen(const pusher::Context&, pusher::Worker& worker,
                pusher::GossipStream& stream) override {
        pusher::Gossip g;
        std::size_t n = 0;
        while (stream.next(g))
            n += g.afterTarget() ? 1 : 0;
        std::lock_guard lock(m_mutex);
        m_calls[worker.toString()] = n;
    }
    void stop() override {}
    std::map<std::string, std::size_t> calls() {
        std::lock_guard lock(m_mutex);
        return m_calls;
    }

private:
    std::mutex m_mutex;
    std::map<std::string, std::size_t> m_calls;
};

int main() {
    auto idents = std::make_shared<Idents>();
    auto run = pusher::force(
        25, 2s, [](const pusher::Context&) {}, pusher::withGossips(idents));
    pusher::Error err = run(4);
    for (const auto& [ident, n] : idents->calls())
        std::printf("%s: %zu calls\n", ident.c_str(), n);
    std::printf("force ended with \"%s\"\n", err.message().c_str());
    return err.is(pusher::ErrDeadlineExceeded) && idents->calls().size() == 4 ? 0 : 1;
}
