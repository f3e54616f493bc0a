// pusher-bench-parser [N]: ns per response for ResponseParser on nginx's usual answer to a
// GET (status line, five headers, a 3-byte body), fed whole as one recv delivers it.
#include <pusher/http/responseparser.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
    static const char kResponse[] = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n"
                                    "Date: Sun, 29 Nov 2026 17:14:49 GMT\r\n"
                                    "Content-Type: text/plain\r\nContent-Length: 3\r\n"
                                    "Connection: keep-alive\r\n\r\nok\n";
    const long n = argc > 1 ? std::atol(argv[1]) : 5000000;
    pusher::http::ResponseParser parser;
    long check = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (long k = 0; k < n; ++k) {
        parser.reset();
        std::size_t used = 0;
        if (parser.feed(kResponse, sizeof kResponse - 1, &used) !=
            pusher::http::ResponseParser::Status::Done)
            return 1;
        check += parser.status();
    }
    const auto t1 = std::chrono::steady_clock::now();
    std::printf("%.1f ns/response over %ld responses (status sum %ld)\n",
                std::chrono::duration<double, std::nano>(t1 - t0).count() / double(n), n, check);
    return 0;
}
