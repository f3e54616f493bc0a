// Test helpers for the HTTP target tests: a real nginx on 127.0.0.1 with a generated
// configuration, and tiny raw socket servers for the failure modes nginx cannot show.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <QThread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

namespace testing {

// listenLoopback opens a listening TCP socket on 127.0.0.1 at a free port.
inline int listenLoopback(int* port, int backlog = 1024) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, backlog) != 0) {
        ::close(fd);
        return -1;
    }
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    *port = ntohs(a.sin_port);
    return fd;
}

// freePort returns a port that was free a moment ago (nothing listens on it now).
inline int freePort() {
    int port = 0;
    const int fd = listenLoopback(&port);
    ::close(fd);
    return port;
}

// rawRequest sends `request` to 127.0.0.1:port and returns everything until the peer closes.
inline QByteArray rawRequest(int port, const QByteArray& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(std::uint16_t(port));
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    QByteArray out;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::send(fd, request.constData(), std::size_t(request.size()), MSG_NOSIGNAL) ==
            request.size()) {
        char buf[4096];
        ssize_t n;
        while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0)
            out.append(buf, n);
    }
    ::close(fd);
    return out;
}

// Child is a process started with posix_spawn. (QProcess forks in a way that makes
// ThreadSanitizer believe the test process itself is a child after a multi-threaded fork.)
class Child {
public:
    Child() = default;
    ~Child() { stop(); }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // start runs `program` with `args`, its output going to `logFile`; false on failure.
    bool start(const QString& program, const QStringList& args, const QString& logFile) {
        std::vector<QByteArray> storage{program.toLocal8Bit()};
        for (const QString& a : args)
            storage.push_back(a.toLocal8Bit());
        std::vector<char*> argv;
        for (QByteArray& b : storage)
            argv.push_back(b.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        const QByteArray log = logFile.toLocal8Bit();
        posix_spawn_file_actions_addopen(&actions, 1, log.constData(),
                                         O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        const int rc = posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0)
            m_pid = -1;
        return rc == 0;
    }
    // running is true while the process has not exited.
    bool running() {
        if (m_pid <= 0)
            return false;
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
            m_pid = -1;
            return false;
        }
        return true;
    }
    // exitCode is the exit code once running() saw the exit (128 for a signal), else -1.
    int exitCode() const { return m_exit; }
    // wait waits up to `ms` for the exit and returns the exit code, or -1 on timeout.
    int wait(int ms) {
        for (int i = 0; i < ms / 10 && running(); ++i)
            QThread::msleep(10); // the poll's period
        return running() ? -1 : m_exit;
    }
    void stop() {
        if (!running())
            return;
        ::kill(m_pid, SIGTERM);
        if (wait(3000) < 0 && m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
            m_pid = -1;
        }
    }

private:
    pid_t m_pid = -1;
    int m_exit = -1;
};

// Nginx runs /usr/sbin/nginx in the foreground as a child process, configured with the
// server blocks a test passes ("@PORT@" and "@DIR@" are replaced).
class Nginx {
public:
    Nginx() = default;
    ~Nginx() { stop(); }

    // start writes the configuration and waits until nginx answers; returns an error text.
    QString start(const QString& servers, int ports = 1) {
        if (!m_dir.isValid())
            return QStringLiteral("no temporary directory");
        for (int i = 0; i < ports; ++i)
            m_ports.push_back(freePort());
        QString conf = QStringLiteral(R"(
daemon off;
master_process off;
worker_processes 1;
pid @DIR@/nginx.pid;
error_log @DIR@/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path @DIR@/body; proxy_temp_path @DIR@/proxy;
  fastcgi_temp_path @DIR@/fcgi; uwsgi_temp_path @DIR@/uwsgi; scgi_temp_path @DIR@/scgi;
  default_type text/plain;
  server_tokens off;
  log_format proto "$server_protocol $status $request_method";
)") + servers + QStringLiteral("\n}\n");
        conf.replace(QStringLiteral("@DIR@"), m_dir.path());
        for (int i = 0; i < ports; ++i)
            conf.replace(QStringLiteral("@PORT%1@").arg(i),
                         QString::number(m_ports[std::size_t(i)]));
        conf.replace(QStringLiteral("@PORT@"), QString::number(m_ports[0]));
        QFile file(m_dir.filePath(QStringLiteral("nginx.conf")));
        if (!file.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write nginx.conf");
        file.write(conf.toUtf8());
        file.close();
        if (!m_process.start(QStringLiteral("/usr/sbin/nginx"),
                             {QStringLiteral("-c"), file.fileName(), QStringLiteral("-p"),
                              m_dir.path(), QStringLiteral("-e"),
                              m_dir.filePath(QStringLiteral("error.log"))},
                             m_dir.filePath(QStringLiteral("output.log"))))
            return QStringLiteral("nginx did not start");
        // Poll until nginx answers on its first port (bounded: 30 s for a loaded machine),
        // or has exited.
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        QString why = QStringLiteral("did not answer on 127.0.0.1:%1 within 30 s").arg(m_ports[0]);
        for (;;) {
            if (!rawRequest(m_ports[0], "GET /nginx_status HTTP/1.0\r\n\r\n").isEmpty())
                return {};
            if (!m_process.running()) {
                why = QStringLiteral("exited (code %1) before it answered on 127.0.0.1:%2")
                          .arg(m_process.exitCode())
                          .arg(m_ports[0]);
                break;
            }
            if (std::chrono::steady_clock::now() >= until)
                break;
            QThread::msleep(20); // the poll's period
        }
        return QStringLiteral("nginx ") + why + QStringLiteral(": ") +
               QString::fromUtf8(log(QStringLiteral("output.log"))) +
               QString::fromUtf8(log(QStringLiteral("error.log")));
    }

    void stop() { m_process.stop(); }

    int port(int i = 0) const { return m_ports[std::size_t(i)]; }
    QString url(const QString& path, int i = 0) const {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(port(i)).arg(path);
    }
    QString dir() const { return m_dir.path(); }
    QByteArray log(const QString& name) const {
        QFile f(m_dir.filePath(name));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // accepts is nginx's count of accepted connections, this query's own included.
    qint64 accepts() const {
        const QByteArray reply = rawRequest(m_ports[0], "GET /nginx_status HTTP/1.0\r\n\r\n");
        // "...server accepts handled requests\n A H R \n..."
        const int at = reply.indexOf("requests\n");
        if (at < 0)
            return -1;
        const QList<QByteArray> fields = reply.mid(at + 9).simplified().split(' ');
        return fields.isEmpty() ? -1 : fields[0].toLongLong();
    }

private:
    QTemporaryDir m_dir;
    Child m_process;
    std::vector<int> m_ports;
};

// RawServer runs one behaviour on its own thread for each accepted connection.
class RawServer {
public:
    enum class Mode {
        Silent,      // accept, read, never answer
        Reset,       // read the request, then close with RST (SO_LINGER 0)
        Garbage,     // read the request, answer bytes that are not HTTP, close
        Slow,        // answer every request after `delay`, keep-alive, many connections at once
        ShortBody,   // answer a Content-Length of 100 with 3 bytes, close
        EndlessBody, // answer a body of 1 TiB that never ends (4 KiB every 5 ms)
        HugeHeaders, // answer a status line and 400 KiB of headers, then nothing
        BadChunks,   // answer a chunked body whose first chunk size is not hex, then nothing
        Slowloris,   // answer a valid response (`answer`, else a 200 "ok") one byte every
                     // `delay` (100 ms when 0)
        Scripted,    // answer each request with `answer`, then as `then` says
    };
    enum class Then {
        Keep,       // keep the connection for the next request
        Close,      // close the connection
        SilentNext, // keep the connection, never answer another request on it
    };
    // A server answering every request with `answer`, then doing what `then` says.
    RawServer(QByteArray answer, Then then)
        : RawServer(Mode::Scripted, std::chrono::milliseconds(0), std::move(answer), then) {}

    explicit RawServer(Mode mode, std::chrono::milliseconds delay = std::chrono::milliseconds(0),
                       QByteArray answer = {}, Then then = Then::Keep)
        : m_mode(mode)
        , m_delay(delay)
        , m_answer(std::move(answer))
        , m_then(then) {
        m_listen = listenLoopback(&m_port, 4096);
        ::fcntl(m_listen, F_SETFL, ::fcntl(m_listen, F_GETFL) | O_NONBLOCK);
        m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
        m_wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        add(m_listen);
        add(m_wake);
        m_thread = std::thread([this] { run(); });
    }
    ~RawServer() {
        m_quit.store(true);
        const std::uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(m_wake, &one, sizeof one);
        m_thread.join();
        for (const auto& c : m_conns) {
            if (c.fd >= 0)
                ::close(c.fd);
        }
        ::close(m_listen);
        ::close(m_epoll);
        ::close(m_wake);
    }

    int port() const { return m_port; }
    QString url(const QString& path = QStringLiteral("/")) const {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
    }
    int accepted() const { return m_accepted.load(); }
    int peakOpen() const { return m_peakOpen.load(); }
    // answered counts an answer after its send: the client may have it (and the run may have
    // ended) before the count does, so a test compares with QTRY_COMPARE.
    int answered() const { return m_answered.load(); }

private:
    struct Conn {
        int fd = -1;
        int pending = 0; // requests received, not yet answered
        std::chrono::steady_clock::time_point due;
        bool streaming = false; // EndlessBody, Slowloris: the answer is being sent
        std::size_t sent = 0;   // Slowloris: bytes of the answer sent
    };

    void answerOnce(int fd, const QByteArray& bytes) {
        [[maybe_unused]] auto s =
            ::send(fd, bytes.constData(), std::size_t(bytes.size()), MSG_NOSIGNAL);
    }

    void add(int fd) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
    }

    void run() {
        std::vector<epoll_event> events(512);
        int open = 0;
        while (!m_quit.load()) {
            const int n = ::epoll_wait(m_epoll, events.data(), int(events.size()), 5);
            for (int i = 0; i < n; ++i) {
                const int fd = events[std::size_t(i)].data.fd;
                if (fd == m_wake)
                    continue;
                if (fd == m_listen) {
                    for (;;) {
                        const int c =
                            ::accept4(m_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
                        if (c < 0)
                            break;
                        m_accepted.fetch_add(1);
                        if (std::size_t(c) >= m_conns.size())
                            m_conns.resize(std::size_t(c) + 1);
                        m_conns[std::size_t(c)] = Conn{c, 0, {}};
                        add(c);
                        ++open;
                        m_peakOpen.store(std::max(m_peakOpen.load(), open));
                    }
                    continue;
                }
                Conn& conn = m_conns[std::size_t(fd)];
                char buf[8192];
                const ssize_t r = ::recv(fd, buf, sizeof buf, 0);
                if (r <= 0) {
                    ::close(fd);
                    conn.fd = -1;
                    --open;
                    continue;
                }
                // Requests are small GETs: count the ends of their header blocks.
                const QByteArray data(buf, int(r));
                const int requests = int(data.count("\r\n\r\n"));
                switch (m_mode) {
                case Mode::Silent:
                    break;
                case Mode::Reset: {
                    linger l{1, 0};
                    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
                    ::close(fd);
                    conn.fd = -1;
                    --open;
                    break;
                }
                case Mode::Garbage: {
                    static const char junk[] = "SSH-2.0-OpenSSH\r\nthis is not http\r\n\r\n";
                    [[maybe_unused]] auto s = ::send(fd, junk, sizeof junk - 1, MSG_NOSIGNAL);
                    ::close(fd);
                    conn.fd = -1;
                    --open;
                    break;
                }
                case Mode::Slow:
                    if (requests > 0 && conn.pending == 0)
                        conn.due = std::chrono::steady_clock::now() + m_delay;
                    conn.pending += requests;
                    break;
                case Mode::ShortBody:
                    answerOnce(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc");
                    ::close(fd);
                    conn.fd = -1;
                    --open;
                    break;
                case Mode::HugeHeaders:
                    if (requests > 0) {
                        // All of it (blocking): more than any client accepts (ours 64 KiB,
                        // libcurl 300 KiB); the client gives up and closes, ending the send.
                        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
                        answerOnce(fd, "HTTP/1.1 200 OK\r\n" +
                                           QByteArray("X-Fill: " + QByteArray(1000, 'a') + "\r\n")
                                               .repeated(400));
                        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
                    }
                    break;
                case Mode::BadChunks:
                    if (requests > 0)
                        answerOnce(fd,
                                   "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
                    break;
                case Mode::EndlessBody:
                    if (requests > 0 && !conn.streaming) {
                        conn.streaming = true;
                        answerOnce(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1099511627776\r\n\r\n");
                    }
                    break;
                case Mode::Scripted:
                    if (requests > 0 && !(m_then == Then::SilentNext && conn.sent > 0)) {
                        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
                        answerOnce(fd, m_answer);
                        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
                        m_answered.fetch_add(1);
                        conn.sent = 1;
                        if (m_then == Then::Close) {
                            ::close(fd);
                            conn.fd = -1;
                            --open;
                        }
                    }
                    break;
                case Mode::Slowloris:
                    if (requests > 0 && !conn.streaming) {
                        conn.streaming = true;
                        conn.due = std::chrono::steady_clock::now();
                    }
                    break;
                }
            }
            if (m_mode == Mode::EndlessBody || m_mode == Mode::Slowloris) {
                static const QByteArray chunk(4096, 'x');
                static const QByteArray okAnswer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                const QByteArray& answer = m_answer.isEmpty() ? okAnswer : m_answer;
                const auto now = std::chrono::steady_clock::now();
                const auto step = m_delay.count() > 0 ? m_delay : std::chrono::milliseconds(100);
                for (Conn& c : m_conns) {
                    if (c.fd < 0 || !c.streaming)
                        continue;
                    if (m_mode == Mode::EndlessBody) {
                        answerOnce(c.fd, chunk); // a full socket buffer takes less: no matter
                    } else if (c.due <= now && c.sent < std::size_t(answer.size())) {
                        answerOnce(c.fd, answer.mid(qsizetype(c.sent), 1));
                        ++c.sent;
                        c.due = now + step;
                    }
                }
            }
            if (m_mode == Mode::Slow) {
                const auto now = std::chrono::steady_clock::now();
                static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                for (Conn& c : m_conns) {
                    if (c.fd >= 0 && c.pending > 0 && c.due <= now) {
                        [[maybe_unused]] auto s = ::send(c.fd, ok, sizeof ok - 1, MSG_NOSIGNAL);
                        m_answered.fetch_add(1);
                        if (--c.pending > 0)
                            c.due = now + m_delay;
                    }
                }
            }
        }
    }

    Mode m_mode;
    std::chrono::milliseconds m_delay;
    QByteArray m_answer; // Scripted
    Then m_then;
    int m_listen = -1;
    int m_port = 0;
    int m_epoll = -1;
    int m_wake = -1;
    std::vector<Conn> m_conns; // indexed by fd, touched by the server thread only
    std::atomic<bool> m_quit{false};
    std::atomic<int> m_accepted{0};
    std::atomic<int> m_peakOpen{0};
    std::atomic<int> m_answered{0};
    std::thread m_thread;
};

} // namespace testing
