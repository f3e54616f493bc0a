// Internal: the io_uring side of the lean HTTP/1.1 client's loops (liburing). Plain http://
// connections run on it: the sends of a batch go to the kernel in one system call, and each
// connection receives with one multishot receive into a ring of provided buffers, so a
// request costs no recv, send or epoll_wait call of its own. Not installed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct io_uring;
struct io_uring_sqe;
struct io_uring_buf_ring;

namespace pusher::http {

// IoChoice is what PUSHER_HTTP_IO asks for: unset, empty or "auto" means io_uring where it
// can be set up, else epoll; "epoll" and "uring" (or "io_uring") force one.
enum class IoChoice { Auto, Epoll, Uring };

// ioChoice reads PUSHER_HTTP_IO now; false with `error` saying why when its value is none of
// the above.
bool ioChoice(IoChoice* choice, std::string* error);

class IoRing {
public:
    // A completion as the loop sees it: the operation's `data`, its result (bytes, or
    // -errno) and the kernel's flags.
    struct Completion {
        std::uint64_t data = 0;
        int res = 0;
        std::uint32_t flags = 0;
    };

    // open sets a ring up for the calling thread, which alone submits to it (the loop's);
    // null, with `error` saying why, when io_uring cannot be used here (kernel before 6.1,
    // io_uring_disabled, a seccomp filter, no memory to lock).
    static std::unique_ptr<IoRing> open(std::string* error);
    // usable tells, once per process, whether open succeeds here (and why not).
    static bool usable(std::string* error);
    ~IoRing();
    IoRing(const IoRing&) = delete;
    IoRing& operator=(const IoRing&) = delete;

    // Operations are queued, and submitted by the next wait().
    // receive: multishot, each completion's bytes in a buffer of the ring (see buffer());
    // it ends (no more()) on end of file, an error, or -ENOBUFS when the buffers ran out.
    void receive(int fd, std::uint64_t data);
    void send(int fd, const char* bytes, std::size_t size, std::uint64_t data);
    void read(int fd, void* into, std::size_t size, std::uint64_t data);
    // pollIn completes once when `fd` is readable (at once if it is already).
    void pollIn(int fd, std::uint64_t data);

    // submit hands what is queued to the kernel now, which takes hold of each operation's
    // socket then: a descriptor may be closed (and its number reused) only after that.
    // submissions counts the hand-overs (this and wait's): an operation queued when it was
    // still the same is not submitted yet.
    void submit();
    [[nodiscard]] std::uint64_t submissions() const { return m_submissions; }

    // wait submits what is queued, waits up to `timeoutMs` (-1: no limit) for a completion,
    // and puts every completion that is ready in `out`.
    void wait(int timeoutMs, std::vector<Completion>& out);

    static bool more(const Completion& c);
    // buffer is the receive's bytes; release gives it back to the ring, which sees it again
    // at the next wait(). Every completion with a buffer must be released exactly once.
    const char* buffer(const Completion& c) const;
    void release(const Completion& c);
    // grow offers more buffers (twice as many, up to 128 of 16 KiB) after a receive found
    // none; they are there at the next wait().
    void grow();

private:
    IoRing() = default;
    io_uring_sqe* nextSqe();
    void offer(unsigned count);

    std::unique_ptr<io_uring> m_ring;
    io_uring_buf_ring* m_bufferRing = nullptr;
    std::unique_ptr<char[]> m_buffers;
    int m_released = 0;     // buffers given back (or offered) since the last wait()
    unsigned m_offered = 0; // buffers 0 .. m_offered - 1 are in use by the ring
    std::uint64_t m_submissions = 0;
};

} // namespace pusher::http
