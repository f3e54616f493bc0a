// libFuzzer target for ResponseParser: the first byte picks how the rest is split and
// whether the connection ends; the parser must never crash, read out of bounds, or give a
// verdict that depends on the split, nor find a text in the body (BodyScan, as expect_body
// does) in one split and not in another.
#include <pusher/http/bodyscan.h>
#include <pusher/http/responseparser.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using pusher::http::ResponseParser;

namespace {

struct Verdict {
    ResponseParser::Status status;
    int code;
    bool keepAlive;
    std::uint64_t body;
    bool found;
};

// kText: what the body is scanned for; short, so that inputs hold it, split, often.
constexpr std::string_view kText = "0\r\nok";

Verdict parse(const std::uint8_t* data, std::size_t size, std::size_t step, bool eof) {
    ResponseParser p;
    pusher::http::BodyScan scan;
    p.reset();
    scan.start(kText);
    p.scanBody(&scan);
    ResponseParser::Status status = ResponseParser::Status::NeedMore;
    std::size_t at = 0;
    while (at < size && status == ResponseParser::Status::NeedMore) {
        const std::size_t n = step == 0 || size - at < step ? size - at : step;
        std::size_t used = 0;
        status = p.feed(reinterpret_cast<const char*>(data) + at, n, &used);
        if (used > n)
            std::abort();
        if (status == ResponseParser::Status::NeedMore && used != n)
            std::abort();
        at += n;
    }
    if (status == ResponseParser::Status::NeedMore && eof)
        status = p.finish();
    const bool done = status == ResponseParser::Status::Done;
    return {status, p.status(), done && p.keepAlive(), done ? p.bodyBytes() : 0,
            done && scan.found()};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    const std::size_t step = data[0] & 0x7f;
    const bool eof = (data[0] & 0x80) != 0;
    const Verdict whole = parse(data + 1, size - 1, 0, eof);
    const Verdict split = parse(data + 1, size - 1, step == 0 ? 1 : step, eof);
    if (whole.status != split.status || whole.code != split.code ||
        whole.keepAlive != split.keepAlive || whole.body != split.body ||
        whole.found != split.found)
        std::abort();
    return 0;
}
