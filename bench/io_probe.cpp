// io_probe: the client's I/O alone, epoll against io_uring, to see which costs less CPU per
// request before the HTTP client changes. One thread keeps `connections` keep-alive
// connections busy with GET / (closed model: the next request as soon as the response is
// whole), for `seconds`, and prints requests/s and its own CPU µs per request.
//
//   usage: pusher-io-probe epoll|uring PORT CONNECTIONS SECONDS
//
// epoll mode does what the client did: level-triggered epoll_wait, then recv and send, one
// system call each. uring mode submits the sends of a whole batch of completions in one
// io_uring_enter, receives with one multishot recv per connection into a provided buffer
// ring, and uses registered files (no fd lookup per operation) and sends whose successes
// post no completion (IOSQE_CQE_SKIP_SUCCESS). PROBE_NOFIXED=1 uses plain descriptors and
// PROBE_NOSKIP=1 lets every send complete, to measure what each of the two saves; uring mode
// also prints its io_uring_enter calls per request on stderr.
#include <liburing.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view kRequest = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

struct Conn {
    int fd = -1;
    std::string pending; // response bytes not yet whole
};

// consume counts the whole responses in `data` (after the connection's pending bytes).
int consume(Conn& c, const char* data, std::size_t n) {
    c.pending.append(data, n);
    int done = 0;
    for (;;) {
        const std::size_t end = c.pending.find("\r\n\r\n");
        if (end == std::string::npos)
            break;
        std::size_t length = 0;
        const std::size_t cl = c.pending.find("Content-Length: ");
        if (cl != std::string::npos && cl < end)
            length = std::strtoul(c.pending.c_str() + cl + 16, nullptr, 10);
        if (c.pending.size() < end + 4 + length)
            break;
        c.pending.erase(0, end + 4 + length);
        ++done;
    }
    return done;
}

int connectTo(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(std::uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        std::perror("connect");
        std::exit(1);
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

using Clock = std::chrono::steady_clock;

long runEpoll(std::vector<Conn>& conns, Clock::time_point until) {
    const int ep = epoll_create1(EPOLL_CLOEXEC);
    for (std::size_t i = 0; i < conns.size(); ++i) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = i;
        epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
        ::send(conns[i].fd, kRequest.data(), kRequest.size(), MSG_NOSIGNAL);
    }
    std::vector<char> buffer(64 * 1024);
    std::vector<epoll_event> events(256);
    long count = 0;
    while (Clock::now() < until) {
        const int n = epoll_wait(ep, events.data(), int(events.size()), 100);
        for (int i = 0; i < n; ++i) {
            Conn& c = conns[events[std::size_t(i)].data.u64];
            const ssize_t got = ::recv(c.fd, buffer.data(), buffer.size(), 0);
            if (got <= 0) {
                std::fprintf(stderr, "recv: %zd\n", got);
                return count;
            }
            for (int k = consume(c, buffer.data(), std::size_t(got)); k > 0; --k) {
                ++count;
                ::send(c.fd, kRequest.data(), kRequest.size(), MSG_NOSIGNAL);
            }
        }
    }
    ::close(ep);
    return count;
}

long runUring(std::vector<Conn>& conns, Clock::time_point until) {
    io_uring ring;
    io_uring_params p{};
    p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQSIZE;
    if (std::getenv("PROBE_PLAIN_RING"))
        p.flags = IORING_SETUP_CQSIZE;
    p.cq_entries = 4096;
    if (const int rc = io_uring_queue_init_params(256, &ring, &p); rc < 0) {
        std::fprintf(stderr, "io_uring_queue_init: %s\n", std::strerror(-rc));
        std::exit(1);
    }
    std::vector<int> fds;
    for (const Conn& c : conns)
        fds.push_back(c.fd);
    const bool fixed = !std::getenv("PROBE_NOFIXED");
    const bool skip = !std::getenv("PROBE_NOSKIP");
    if (fixed)
        io_uring_register_files(&ring, fds.data(), unsigned(fds.size()));

    constexpr unsigned kBuffers = 256;
    constexpr unsigned kBufferSize = 4096;
    std::vector<char> pool(std::size_t(kBuffers) * kBufferSize);
    void* mem = nullptr;
    if (int err = posix_memalign(&mem, 4096, kBuffers * sizeof(io_uring_buf)); err != 0) {
        std::fprintf(stderr, "posix_memalign: %s\n", std::strerror(err));
        std::exit(1);
    }
    auto* br = static_cast<io_uring_buf_ring*>(mem);
    io_uring_buf_ring_init(br);
    io_uring_buf_reg reg{};
    reg.ring_addr = reinterpret_cast<std::uintptr_t>(br);
    reg.ring_entries = kBuffers;
    reg.bgid = 0;
    if (const int rc = io_uring_register_buf_ring(&ring, &reg, 0); rc < 0) {
        std::fprintf(stderr, "io_uring_register_buf_ring: %s\n", std::strerror(-rc));
        std::exit(1);
    }
    const int mask = io_uring_buf_ring_mask(kBuffers);
    for (unsigned b = 0; b < kBuffers; ++b)
        io_uring_buf_ring_add(br, pool.data() + std::size_t(b) * kBufferSize, kBufferSize,
                              std::uint16_t(b), mask, int(b));
    io_uring_buf_ring_advance(br, int(kBuffers));

    auto getSqe = [&] {
        io_uring_sqe* sqe = io_uring_get_sqe(&ring);
        if (!sqe) {
            io_uring_submit(&ring);
            sqe = io_uring_get_sqe(&ring);
        }
        return sqe;
    };
    auto armRecv = [&](unsigned i) {
        io_uring_sqe* sqe = getSqe();
        io_uring_prep_recv_multishot(sqe, fixed ? int(i) : conns[i].fd, nullptr, 0, 0);
        sqe->flags |= (fixed ? IOSQE_FIXED_FILE : 0) | IOSQE_BUFFER_SELECT;
        sqe->buf_group = 0;
        io_uring_sqe_set_data64(sqe, i);
    };
    auto send = [&](unsigned i) {
        io_uring_sqe* sqe = getSqe();
        io_uring_prep_send(sqe, fixed ? int(i) : conns[i].fd, kRequest.data(), kRequest.size(),
                           MSG_NOSIGNAL);
        sqe->flags |= (fixed ? IOSQE_FIXED_FILE : 0) | (skip ? IOSQE_CQE_SKIP_SUCCESS : 0);
        io_uring_sqe_set_data64(sqe, 1ull << 32 | i);
    };
    for (unsigned i = 0; i < conns.size(); ++i) {
        armRecv(i);
        send(i);
    }
    long count = 0;
    long enters = 0;
    while (Clock::now() < until) {
        ++enters;
        io_uring_submit_and_wait(&ring, 1);
        io_uring_cqe* cqe;
        unsigned head;
        unsigned seen = 0;
        int returned = 0;
        io_uring_for_each_cqe(&ring, head, cqe) {
            ++seen;
            const std::uint64_t data = cqe->user_data;
            if (data >> 32) { // a send's: every one's with PROBE_NOSKIP, else a failed one's
                if (cqe->res >= 0)
                    continue;
                std::fprintf(stderr, "send: %s\n", std::strerror(-cqe->res));
                return count;
            }
            const unsigned i = unsigned(data);
            if (cqe->res <= 0) {
                if (cqe->res == -ENOBUFS) {
                    armRecv(i);
                    continue;
                }
                std::fprintf(stderr, "recv: %d\n", cqe->res);
                return count;
            }
            const unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
            char* buf = pool.data() + std::size_t(bid) * kBufferSize;
            const int k = consume(conns[i], buf, std::size_t(cqe->res));
            io_uring_buf_ring_add(br, buf, kBufferSize, std::uint16_t(bid), mask, returned++);
            for (int j = 0; j < k; ++j) {
                ++count;
                send(i);
            }
            if (!(cqe->flags & IORING_CQE_F_MORE))
                armRecv(i);
        }
        io_uring_buf_ring_advance(br, returned);
        io_uring_cq_advance(&ring, seen);
    }
    io_uring_queue_exit(&ring);
    std::fprintf(stderr, "enters/request %.3f\n", double(enters) / double(count));
    return count;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s epoll|uring PORT CONNECTIONS SECONDS\n", argv[0]);
        return 2;
    }
    const std::string mode = argv[1];
    const int port = std::atoi(argv[2]);
    std::vector<Conn> conns(std::size_t(std::atoi(argv[3])));
    for (Conn& c : conns)
        c.fd = connectTo(port);
    const auto start = Clock::now();
    const auto until = start + std::chrono::milliseconds(long(std::atof(argv[4]) * 1000));
    const long count = mode == "uring" ? runUring(conns, until) : runEpoll(conns, until);
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const double cpu = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                       double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    std::printf("%s: %ld requests, %.0f/s, %.2f us CPU/request (user %.2f s, sys %.2f s)\n",
                mode.c_str(), count, double(count) / wall, count ? cpu * 1e6 / double(count) : 0.0,
                double(ru.ru_utime.tv_sec) + double(ru.ru_utime.tv_usec) / 1e6,
                double(ru.ru_stime.tv_sec) + double(ru.ru_stime.tv_usec) / 1e6);
    return 0;
}
