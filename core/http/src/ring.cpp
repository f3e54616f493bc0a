#include "ring.h"

#include <liburing.h>

#include <poll.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace pusher::http {

namespace {

constexpr unsigned kEntries = 256; // submission queue; completions: kCompletions
constexpr unsigned kCompletions = 4096;
constexpr unsigned kBuffers = 128;    // provided receive buffers at most, a power of two
constexpr unsigned kFirstBuffers = 8; // offered at first; more when they run out (grow())
constexpr unsigned kBufferSize = 16 * 1024;
constexpr unsigned short kGroup = 0;

// liburing maps and unmaps a ring's queues by raw system calls, which ThreadSanitizer does
// not see: a new ring mapped where a finished one was, on another loop thread, would look
// like a race on that memory. Setting up and tearing down under one lock orders them.
std::mutex& ringLifetime() {
    static std::mutex m;
    return m;
}

} // namespace

bool ioChoice(IoChoice* choice, std::string* error) {
    const char* value = std::getenv("PUSHER_HTTP_IO");
    const std::string v = value ? value : "";
    if (v.empty() || v == "auto")
        *choice = IoChoice::Auto;
    else if (v == "epoll")
        *choice = IoChoice::Epoll;
    else if (v == "uring" || v == "io_uring")
        *choice = IoChoice::Uring;
    else {
        *error = "PUSHER_HTTP_IO: expected epoll, uring or auto, not \"" + v + "\"";
        return false;
    }
    return true;
}

std::unique_ptr<IoRing> IoRing::open(std::string* error) {
    std::unique_ptr<IoRing> ring(new IoRing);
    ring->m_ring = std::make_unique<io_uring>();
    io_uring_params params{};
    // One thread submits, and completions are reaped when it waits (no interrupting task
    // work): both since Linux 6.1, as are multishot receive and provided buffer rings.
    params.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQSIZE;
    params.cq_entries = kCompletions;
    std::lock_guard lock(ringLifetime());
    if (const int rc = io_uring_queue_init_params(kEntries, ring->m_ring.get(), &params); rc < 0) {
        *error = std::string("io_uring_setup: ") + std::strerror(-rc);
        ring->m_ring.reset();
        return nullptr;
    }
    if (!(params.features & IORING_FEAT_EXT_ARG)) {
        *error = "io_uring_setup: the kernel cannot wait with a timeout (before Linux 5.11)";
        return nullptr;
    }
    const std::size_t ringBytes = kBuffers * sizeof(io_uring_buf);
    void* mem =
        ::mmap(nullptr, ringBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
        *error = std::string("mmap: ") + std::strerror(errno);
        return nullptr;
    }
    ring->m_bufferRing = static_cast<io_uring_buf_ring*>(mem);
    io_uring_buf_ring_init(ring->m_bufferRing);
    io_uring_buf_reg reg{};
    reg.ring_addr = reinterpret_cast<std::uintptr_t>(mem);
    reg.ring_entries = kBuffers;
    reg.bgid = kGroup;
    if (const int rc = io_uring_register_buf_ring(ring->m_ring.get(), &reg, 0); rc < 0) {
        *error = std::string("io_uring_register_buf_ring: ") + std::strerror(-rc);
        return nullptr;
    }
    // Not zeroed: a page costs memory only once the kernel has written to it, and only the
    // buffers offered so far are written to, so a quiet loop stays small.
    ring->m_buffers = std::make_unique_for_overwrite<char[]>(std::size_t(kBuffers) * kBufferSize);
    ring->offer(kFirstBuffers);
    return ring;
}

bool IoRing::usable(std::string* error) {
    static std::once_flag once;
    static bool ok = false;
    static std::string why;
    std::call_once(once, [] { ok = IoRing::open(&why) != nullptr; });
    if (!ok && error)
        *error = why;
    return ok;
}

IoRing::~IoRing() {
    if (m_ring && m_ring->ring_fd >= 0) {
        std::lock_guard lock(ringLifetime());
        io_uring_queue_exit(m_ring.get()); // cancels what is pending, unregisters the buffers
    }
    if (m_bufferRing)
        ::munmap(m_bufferRing, kBuffers * sizeof(io_uring_buf));
}

io_uring_sqe* IoRing::nextSqe() {
    io_uring_sqe* sqe = io_uring_get_sqe(m_ring.get());
    while (!sqe) { // the queue is full: hand it to the kernel now
        submit();
        sqe = io_uring_get_sqe(m_ring.get());
    }
    return sqe;
}

void IoRing::submit() {
    io_uring_submit(m_ring.get());
    ++m_submissions;
}

void IoRing::receive(int fd, std::uint64_t data) {
    io_uring_sqe* sqe = nextSqe();
    io_uring_prep_recv_multishot(sqe, fd, nullptr, 0, 0);
    sqe->flags |= IOSQE_BUFFER_SELECT;
    sqe->buf_group = kGroup;
    io_uring_sqe_set_data64(sqe, data);
}

void IoRing::send(int fd, const char* bytes, std::size_t size, std::uint64_t data) {
    io_uring_sqe* sqe = nextSqe();
    io_uring_prep_send(sqe, fd, bytes, size, MSG_NOSIGNAL);
    io_uring_sqe_set_data64(sqe, data);
}

void IoRing::read(int fd, void* into, std::size_t size, std::uint64_t data) {
    io_uring_sqe* sqe = nextSqe();
    io_uring_prep_read(sqe, fd, into, unsigned(size), 0);
    io_uring_sqe_set_data64(sqe, data);
}

void IoRing::pollIn(int fd, std::uint64_t data) {
    io_uring_sqe* sqe = nextSqe();
    io_uring_prep_poll_add(sqe, fd, POLLIN);
    io_uring_sqe_set_data64(sqe, data);
}

void IoRing::wait(int timeoutMs, std::vector<Completion>& out) {
    out.clear();
    if (m_released > 0) {
        io_uring_buf_ring_advance(m_bufferRing, m_released);
        m_released = 0;
    }
    io_uring_cqe* cqe = nullptr;
    ++m_submissions;
    if (timeoutMs < 0) {
        io_uring_submit_and_wait_timeout(m_ring.get(), &cqe, 1, nullptr, nullptr);
    } else if (timeoutMs == 0) {
        io_uring_submit_and_get_events(m_ring.get());
    } else {
        __kernel_timespec ts{};
        ts.tv_sec = timeoutMs / 1000;
        ts.tv_nsec = (timeoutMs % 1000) * 1000000LL;
        io_uring_submit_and_wait_timeout(m_ring.get(), &cqe, 1, &ts, nullptr);
    }
    io_uring_cqe* batch[256];
    for (;;) {
        const unsigned n = io_uring_peek_batch_cqe(m_ring.get(), batch, 256);
        for (unsigned i = 0; i < n; ++i)
            out.push_back(Completion{batch[i]->user_data, batch[i]->res, batch[i]->flags});
        io_uring_cq_advance(m_ring.get(), n);
        if (n < 256)
            break;
    }
}

bool IoRing::more(const Completion& c) {
    return (c.flags & IORING_CQE_F_MORE) != 0;
}

const char* IoRing::buffer(const Completion& c) const {
    if (!(c.flags & IORING_CQE_F_BUFFER))
        return nullptr;
    return m_buffers.get() + std::size_t(c.flags >> IORING_CQE_BUFFER_SHIFT) * kBufferSize;
}

void IoRing::offer(unsigned count) {
    for (; count > 0 && m_offered < kBuffers; --count, ++m_offered)
        io_uring_buf_ring_add(m_bufferRing, m_buffers.get() + std::size_t(m_offered) * kBufferSize,
                              kBufferSize, static_cast<unsigned short>(m_offered),
                              io_uring_buf_ring_mask(kBuffers), m_released++);
}

void IoRing::grow() {
    offer(m_offered); // twice as many, up to kBuffers
}

void IoRing::release(const Completion& c) {
    if (!(c.flags & IORING_CQE_F_BUFFER))
        return;
    const unsigned short id = static_cast<unsigned short>(c.flags >> IORING_CQE_BUFFER_SHIFT);
    io_uring_buf_ring_add(m_bufferRing, m_buffers.get() + std::size_t(id) * kBufferSize,
                          kBufferSize, id, io_uring_buf_ring_mask(kBuffers), m_released++);
}

} // namespace pusher::http
