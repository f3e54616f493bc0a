// TCP target: connect, optionally send a payload, read until a reply or a byte count.
#pragma once

#include <pusher/clock.h>
#include <pusher/target.h>

#include <QByteArray>
#include <QString>

#include <chrono>

namespace pusher {

// TcpOptions describe one TCP exchange per call.
struct TcpOptions {
    // host is an IP address literal (IPv4 or IPv6); names are not resolved.
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    // payload is sent once connected (nothing when empty).
    QByteArray payload;
    // expect, when not empty, is read for: the call succeeds once the reply contains it.
    QByteArray expect;
    // readBytes, when positive, is how many reply bytes to read; with expect, the reply
    // must contain expect within that many bytes. Zero with an empty expect: the call
    // succeeds once the payload is sent.
    int readBytes = 0;
    // timeout bounds the whole call, connect included.
    Duration timeout = std::chrono::seconds(5);

    // validate returns an empty string when the options are usable, else why not.
    [[nodiscard]] QString validate() const;
};

// makeTcpTarget returns an asynchronous Target that opens a new connection per call on an
// epoll loop (one thread per target, shared by its copies, ended with the last copy). The
// Result is the number of reply bytes read. Errors by kind: "refused" (nothing listens),
// "timeout", "reset" (the peer reset or broke the connection), "protocol" (the peer closed
// before the expected reply, or the reply did not contain expect), "connect" (other
// connect failures), "invalid" (bad options, with the reason).
Target makeTcpTarget(const TcpOptions& options);

} // namespace pusher
