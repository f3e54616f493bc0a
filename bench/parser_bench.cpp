// pusher-bench-parser [N] [TEXT]: ns per response for ResponseParser on nginx's usual answer
// to a GET (status line, five headers, a 3-byte body), fed whole as one recv delivers it.
// With TEXT, the body is scanned for it as a target's expect_body does (BodyScan).
#include <pusher/http/bodyscan.h>
#include <pusher/http/responseparser.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
    static const char kResponse[] = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n"
                                    "Date: Sun, 29 Nov 2026 17:14:49 GMT\r\n"
                                    "Content-Type: text/plain\r\nContent-Length: 3\r\n"
                                    "Connection: keep-alive\r\n\r\nok\n";
    const long n = argc > 1 ? std::atol(argv[1]) : 5000000;
    const char* text = argc > 2 ? argv[2] : nullptr;
    pusher::http::ResponseParser parser;
    pusher::http::BodyScan scan;
    long check = 0;
    long found = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (long k = 0; k < n; ++k) {
        parser.reset();
        if (text) {
            scan.start(std::string_view(text, std::strlen(text)));
            parser.scanBody(&scan);
        }
        std::size_t used = 0;
        if (parser.feed(kResponse, sizeof kResponse - 1, &used) !=
            pusher::http::ResponseParser::Status::Done)
            return 1;
        check += parser.status();
        found += scan.found() ? 1 : 0;
    }
    const auto t1 = std::chrono::steady_clock::now();
    std::printf("%.1f ns/response over %ld responses (status sum %ld",
                std::chrono::duration<double, std::nano>(t1 - t0).count() / double(n), n, check);
    if (text)
        std::printf(", \"%s\" found in %ld", text, found);
    std::printf(")\n");
    return 0;
}
