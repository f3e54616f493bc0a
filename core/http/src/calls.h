// Internal: the bookkeeping of calls and connections that the lean HTTP/1.1 client
// (fastclient.cpp) and the HTTP/2 client (h2client.cpp) share: pools that only grow, the
// calls in flight and the queue of those waiting for a connection. All inline (they run per
// call); nothing allocates once the pools have grown. Not installed, not part of the API.
#pragma once

#include <pusher/clock.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace pusher::http {

// nextSweepAfter is when a loop's next sweep of its calls in flight (timeouts, contexts ended) is
// due, the last one having begun at `began`: `every` after it ended, or four times its length
// when that is longer, so that walking the calls takes at most a fifth of the loop's time. A
// sweep of a few thousand calls takes microseconds; of a million, milliseconds (a run far past
// what its target answers), and sweeping them every 5 ms left the loop little time for their
// I/O.
inline TimePoint nextSweepAfter(TimePoint began, Duration every) {
    const TimePoint ended = Clock::now();
    return ended + std::max<Duration>(every, 4 * (ended - began));
}

// Pool keeps T's in a store that only grows (each keeps its address) and hands out a freed
// one before it makes another. A T with a `slot` learns its index in the store when it is
// made (io_uring completions name a connection by it).
template <class T>
class Pool {
public:
    T* take() {
        if (m_free.empty()) {
            T& made = m_store.emplace_back();
            if constexpr (requires { made.slot; })
                made.slot = std::uint32_t(m_store.size() - 1);
            return &made;
        }
        T* t = m_free.back();
        m_free.pop_back();
        return t;
    }
    void give(T* t) { m_free.push_back(t); }

    T& operator[](std::size_t i) { return m_store[i]; }
    auto begin() { return m_store.begin(); }
    auto end() { return m_store.end(); }

private:
    std::deque<T> m_store;
    std::vector<T*> m_free;
};

// dropFrom takes `item` out of `list` (its first place), in no order: the last item takes
// its place.
template <class T>
void dropFrom(std::vector<T*>& list, T* item) {
    auto it = std::find(list.begin(), list.end(), item);
    if (it != list.end()) {
        *it = list.back();
        list.pop_back();
    }
}

// CallLinks is what Calls keeps in a Call (a base of it).
template <class Call>
struct CallLinks {
    Call* prev = nullptr; // in flight, oldest first
    Call* next = nullptr;
    Call* waitPrev = nullptr; // queue of calls waiting for a connection, in turn
    Call* waitNext = nullptr;
    bool waiting = false;
};

// Calls links a loop's calls in flight, oldest first (prev, next), and queues those of them
// waiting for a connection, in turn (waiting, waitNext).
template <class Call>
class Calls {
public:
    [[nodiscard]] Call* oldest() const { return m_oldest; }
    [[nodiscard]] Call* firstWaiting() const { return m_waitHead; }

    // add puts a call last in flight.
    void add(Call* call) {
        call->next = nullptr;
        call->prev = m_newest;
        (m_newest ? m_newest->next : m_oldest) = call;
        m_newest = call;
    }

    // wait queues a call in flight last.
    void wait(Call* call) {
        call->waiting = true;
        call->waitNext = nullptr;
        call->waitPrev = m_waitTail;
        (m_waitTail ? m_waitTail->waitNext : m_waitHead) = call;
        m_waitTail = call;
    }

    // waitFirst queues it first (a call sent again).
    void waitFirst(Call* call) {
        call->waiting = true;
        call->waitPrev = nullptr;
        call->waitNext = m_waitHead;
        (m_waitHead ? m_waitHead->waitPrev : m_waitTail) = call;
        m_waitHead = call;
    }

    // popWaiting takes the first call off the queue (there is one).
    Call* popWaiting() {
        Call* call = m_waitHead;
        m_waitHead = call->waitNext;
        (m_waitHead ? m_waitHead->waitPrev : m_waitTail) = nullptr;
        call->waiting = false;
        call->waitNext = nullptr;
        return call;
    }

    // takeWaiting empties the queue: the first of its calls, linked by waitNext.
    Call* takeWaiting() {
        Call* call = m_waitHead;
        m_waitHead = m_waitTail = nullptr;
        return call;
    }

    // remove unlinks a call that ends: from the queue if it waits (on timeout or
    // cancellation), and from those in flight; in constant time either way (a stop that ends
    // a million waiting calls in any order must not walk the queue for each).
    void remove(Call* call) {
        if (call->waiting) {
            (call->waitPrev ? call->waitPrev->waitNext : m_waitHead) = call->waitNext;
            (call->waitNext ? call->waitNext->waitPrev : m_waitTail) = call->waitPrev;
            call->waiting = false;
        }
        if (call->prev)
            call->prev->next = call->next;
        else
            m_oldest = call->next;
        if (call->next)
            call->next->prev = call->prev;
        else
            m_newest = call->prev;
        call->prev = call->next = call->waitPrev = call->waitNext = nullptr;
    }

private:
    Call* m_oldest = nullptr;
    Call* m_newest = nullptr;
    Call* m_waitHead = nullptr;
    Call* m_waitTail = nullptr;
};

} // namespace pusher::http
