#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QtGlobal>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

// CaptureServer is a loopback HTTP/1.1 server for tests: it keeps every request it receives,
// raw, and answers each with an empty 200 and Connection: close (one connection per request,
// read on one thread); `extra`, when given, adds header lines ("Name: value\r\n" each) to
// the answer to a request (e.g. Set-Cookie).
class CaptureServer {
public:
    using Extra = std::function<QByteArray(const QByteArray& request)>;
    explicit CaptureServer(Extra extra = {})
        : m_extra(std::move(extra)) {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(m_fd, 64) != 0)
            qFatal("cannot listen");
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] { run(); });
    }
    ~CaptureServer() {
        m_quit.store(true);
        m_thread.join();
        ::close(m_fd);
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QList<QByteArray> requests() const {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }

private:
    void run() {
        while (!m_quit.load()) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0)
                continue;
            const int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0)
                continue;
            QByteArray in;
            char buf[4096];
            for (;;) {
                pollfd q{c, POLLIN, 0};
                if (::poll(&q, 1, 2000) <= 0)
                    break;
                const ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n <= 0)
                    break;
                in.append(buf, qsizetype(n));
                const qsizetype end = in.indexOf("\r\n\r\n");
                if (end < 0)
                    continue;
                qsizetype length = 0;
                for (const QByteArray& line : in.left(end).split('\n')) {
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                }
                if (in.size() >= end + 4 + length)
                    break;
            }
            {
                std::lock_guard lock(m_mutex);
                m_requests.append(in);
            }
            const QByteArray answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" +
                                      (m_extra ? m_extra(in) : QByteArray()) +
                                      "Connection: close\r\n\r\n";
            [[maybe_unused]] auto n =
                ::send(c, answer.constData(), size_t(answer.size()), MSG_NOSIGNAL);
            ::close(c);
        }
    }

    const Extra m_extra;
    int m_fd = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_quit{false};
    std::thread m_thread;
    mutable std::mutex m_mutex;
    QList<QByteArray> m_requests; // guarded by m_mutex
};
