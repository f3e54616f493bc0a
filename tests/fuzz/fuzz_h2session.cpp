// libFuzzer target for H2Session, the HTTP/2 side of a client connection: the input is
// what a server sends. The first byte picks how it is split, the second how many streams
// are open and whether they upload a body. The session must never crash or read out of
// bounds, report every stream at most once, and account for every stream it was given.
#include <pusher/http/h2session.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using pusher::http::H2End;
using pusher::http::H2Request;
using pusher::http::H2Session;
using pusher::http::H2Stream;

namespace {

struct Streams {
    std::vector<H2Stream> streams;
    std::vector<int> ends;
};

void onEnd(void* owner, H2Stream* stream, H2End end, std::uint32_t) {
    auto* s = static_cast<Streams*>(owner);
    const std::size_t i = std::size_t(stream - s->streams.data());
    if (i >= s->streams.size())
        std::abort();
    if (++s->ends[i] > 1)
        std::abort(); // reported twice
    if (end == H2End::Complete && (stream->status < 200 || stream->status > 999))
        std::abort(); // complete without a final status
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2)
        return 0;
    const std::size_t step = data[0];
    const std::size_t count = 1 + (data[1] & 7);
    H2Request request;
    request.method = "GET";
    request.scheme = "http";
    request.authority = "fuzz";
    request.path = "/";
    request.headers = {{"user-agent", "fuzz"}};
    if (data[1] & 0x80) {
        request.method = "POST";
        request.body.assign(100000, 'x');
        request.headers.emplace_back("content-length", "100000");
        request.sendsBody = true;
    }
    Streams s;
    s.streams.resize(count);
    s.ends.assign(count, 0);
    H2Session session(&request, &onEnd, &s);
    if (!session.ok())
        return 0;
    std::string out;
    for (H2Stream& stream : s.streams) {
        if (!session.submit(&stream))
            std::abort();
    }
    bool broken = !session.send(out, 1 << 20);
    std::size_t at = 2;
    while (!broken && at < size && session.alive()) {
        const std::size_t n = step == 0 || size - at < step ? size - at : step;
        broken = !session.receive(data + at, n);
        at += n;
        out.clear();
        broken = broken || !session.send(out, 1 << 20);
    }
    int ended = 0;
    for (int e : s.ends)
        ended += e;
    if (ended + session.streams() != int(count))
        std::abort(); // a stream lost track of
    // The connection goes away: whatever is still open is reported once, now.
    session.endAll(H2End::Lost);
    for (int e : s.ends) {
        if (e != 1)
            std::abort();
    }
    return 0;
}
