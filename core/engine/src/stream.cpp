#include "pusher/stream.h"

#include <algorithm>

namespace pusher {

GossipStream::GossipStream(std::size_t capacity)
    : m_capacity(std::max<std::size_t>(capacity, 1))
    , m_wakeAt(std::max<std::size_t>(m_capacity / 2, 1)) {
    m_queue.reserve(std::min<std::size_t>(m_capacity, 4096));
}

bool GossipStream::next(Gossip& out) {
    if (m_batchIndex < m_batch.size()) {
        out = std::move(m_batch[m_batchIndex++]);
        return true;
    }
    m_batch.clear();
    m_batchIndex = 0;
    bool wakeProducers = false;
    {
        std::unique_lock lock(m_mutex);
        if (m_queue.empty() && !m_closed) {
            m_consumer = Consumer::Lingering;
            m_notEmpty.wait_for(lock, kLinger,
                                [&] { return m_closed || m_queue.size() >= m_wakeAt; });
            while (m_queue.empty() && !m_closed) {
                m_consumer = Consumer::Waiting;
                m_notEmpty.wait(lock);
            }
            m_consumer = Consumer::Busy;
        }
        if (m_queue.empty())
            return false; // closed and drained
        m_batch.swap(m_queue);
        m_batches.fetch_add(1, std::memory_order_relaxed);
        wakeProducers = m_producersWaiting > 0;
    }
    if (wakeProducers)
        m_notFull.notify_all();
    out = std::move(m_batch[m_batchIndex++]);
    return true;
}

void GossipStream::push(Gossip gossip) {
    bool wake = false;
    {
        std::unique_lock lock(m_mutex);
        while (m_queue.size() >= m_capacity && !m_abandoned && !m_closed) {
            ++m_producersWaiting;
            m_notFull.wait(lock);
            --m_producersWaiting;
        }
        if (m_abandoned || m_closed)
            return;
        m_queue.push_back(std::move(gossip));
        wake = shouldWake();
    }
    if (wake)
        m_notEmpty.notify_one();
}

bool GossipStream::shouldWake() const {
    return m_consumer == Consumer::Waiting ||
           (m_consumer == Consumer::Lingering && m_queue.size() >= m_wakeAt);
}

bool GossipStream::tryPush(Gossip gossip) {
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_abandoned || m_closed || m_queue.size() >= m_capacity) {
            m_dropped.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        m_queue.push_back(std::move(gossip));
        wake = shouldWake();
    }
    if (wake)
        m_notEmpty.notify_one();
    return true;
}

void GossipStream::close() {
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_notEmpty.notify_all();
    m_notFull.notify_all();
}

void GossipStream::abandon() {
    {
        std::lock_guard lock(m_mutex);
        m_abandoned = true;
        m_queue.clear();
    }
    m_notFull.notify_all();
}

} // namespace pusher
