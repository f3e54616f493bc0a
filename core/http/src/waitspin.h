// Internal: how many times the lean HTTP/1.1 client's loop (epoll or io_uring) looks for answers
// without waiting before it sleeps, while calls wait for answers (fastclient.cpp). Not
// installed, not part of the API.
//
// A loop that sleeps until the next answer is woken by the server's send: on loopback, the
// server pays for the wake-up (and, on another CPU, for the interrupt to it; under a
// hypervisor, for the host's), and the woken loop may preempt it on its own CPU. Against a
// server that answers every few microseconds (a saturated loopback nginx), a few looks
// without waiting usually find the next answer, and the server is spared those wake-ups
// (docs/benchmarks.md, "What nginx does per request under each client"). Against a slow
// server the looks find nothing and only cost system calls, so the loop measures them:
// after every kWindow sleeps that looked it keeps looking if a quarter or more of those looks
// found events, else it looks only before every kProbeEvery-th sleep and otherwise sleeps at
// once. Those probes learn when the server has become quick again: after kProbeWindow of
// them the loop looks before every sleep again if a quarter or more found events.
#pragma once

namespace pusher::http {

class WaitSpin {
public:
    static constexpr int kMaxLooks = 32;
    static constexpr int kWindow = 256;
    static constexpr int kProbeEvery = 64;
    static constexpr int kProbeWindow = 32;

    // looks: how many times to look before this sleep (kMaxLooks or 0).
    [[nodiscard]] int looks() {
        if (m_looking)
            return kMaxLooks;
        return ++m_skipped % kProbeEvery == 0 ? kMaxLooks : 0;
    }
    // record: what the `looks` before a sleep found (true: events, so no sleep).
    void record(int looks, bool found) {
        if (looks != kMaxLooks)
            return;
        m_found += found ? 1 : 0;
        const int window = m_looking ? kWindow : kProbeWindow;
        if (++m_tried == window) {
            m_looking = m_found * 4 >= window;
            m_tried = m_found = 0;
        }
    }
    [[nodiscard]] bool looking() const { return m_looking; }

private:
    bool m_looking = true;
    int m_tried = 0;
    int m_found = 0;
    unsigned m_skipped = 0;
};

} // namespace pusher::http
