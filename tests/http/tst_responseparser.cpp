// ResponseParser: valid responses in every split, and deterministic garbage and mutations
// that must end in Done, Error or NeedMore without crashing, the same however split.
#include <pusher/http/bodyscan.h>
#include <pusher/http/responseparser.h>

#include <QRandomGenerator>
#include <QTest>

using pusher::http::ResponseParser;

namespace {

struct Outcome {
    ResponseParser::Status status = ResponseParser::Status::NeedMore;
    int code = 0;
    bool keepAlive = false;
    quint64 body = 0;
    std::size_t consumed = 0;
    QByteArray error; // why it failed: the reason, like the verdict, may not depend on the split
    bool operator==(const Outcome& o) const {
        return status == o.status && code == o.code && keepAlive == o.keepAlive && body == o.body &&
               consumed == o.consumed && error == o.error;
    }
};

// parse feeds `data` in pieces cut at `cuts` (sorted offsets) and, when `eof`, ends the connection.
Outcome parse(const QByteArray& data, const std::vector<int>& cuts, bool eof, bool head = false) {
    ResponseParser p;
    p.reset(head);
    Outcome out;
    int from = 0;
    std::vector<int> ends = cuts;
    ends.push_back(int(data.size()));
    for (int to : ends) {
        if (to < from)
            continue;
        std::size_t used = 0;
        out.status = p.feed(data.constData() + from, std::size_t(to - from), &used);
        out.consumed += used;
        if (out.status != ResponseParser::Status::NeedMore)
            break;
        QTest::qVerify(used == std::size_t(to - from), "used", "NeedMore consumes all", __FILE__,
                       __LINE__);
        from = to;
    }
    if (out.status == ResponseParser::Status::NeedMore && eof)
        out.status = p.finish();
    out.code = p.status();
    out.keepAlive = out.status == ResponseParser::Status::Done && p.keepAlive();
    out.body = out.status == ResponseParser::Status::Done ? p.bodyBytes() : 0;
    if (out.status == ResponseParser::Status::Error)
        out.error = p.error();
    if (out.status == ResponseParser::Status::Error)
        out.consumed =
            0; // where an error is noticed may differ with the split; the verdict may not
    return out;
}

std::vector<int> randomCuts(QRandomGenerator& rng, int size) {
    std::vector<int> cuts;
    const int n = size == 0 ? 0 : int(rng.bounded(std::min(size, 12) + 1));
    for (int i = 0; i < n; ++i)
        cuts.push_back(int(rng.bounded(size + 1)));
    std::sort(cuts.begin(), cuts.end());
    return cuts;
}

std::vector<int> everyByte(int size) {
    std::vector<int> cuts;
    for (int i = 1; i < size; ++i)
        cuts.push_back(i);
    return cuts;
}

} // namespace

class TestResponseParser : public QObject {
    Q_OBJECT
private slots:
    void valid_data() {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<bool>("head");
        QTest::addColumn<bool>("eof");
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("keepAlive");
        QTest::addColumn<int>("body");
        QTest::addColumn<int>("trailing"); // bytes after the response, not consumed
        QTest::newRow("content-length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") << false << false
            << 200 << true << 5 << 0;
        QTest::newRow("no reason")
            << QByteArray("HTTP/1.1 204\r\n\r\n") << false << false << 204 << true << 0 << 0;
        QTest::newRow("bare LF") << QByteArray("HTTP/1.1 200 OK\nContent-Length: 2\n\nok") << false
                                 << false << 200 << true << 2 << 0;
        QTest::newRow("chunked") << QByteArray(
                                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                                        "chunked\r\n\r\n5\r\nhello\r\n1;ext=1\r\n!\r\n0\r\n\r\n")
                                 << false << false << 200 << true << 6 << 0;
        QTest::newRow("chunked trailers")
            << QByteArray("HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, "
                          "chunked\r\n\r\nA\r\n0123456789\r\n0\r\nX-Sum: 1\r\n\r\n")
            << false << false << 200 << true << 10 << 0;
        QTest::newRow("close")
            << QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
            << false << false << 200 << false << 2 << 0;
        QTest::newRow("until close") << QByteArray("HTTP/1.1 200 OK\r\n\r\nstreamed body") << false
                                     << true << 200 << false << 13 << 0;
        QTest::newRow("1.0 default close")
            << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok") << false << false << 200
            << false << 2 << 0;
        QTest::newRow("1.0 keep-alive")
            << QByteArray(
                   "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok")
            << false << false << 200 << true << 2 << 0;
        QTest::newRow("100 continue")
            << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: "
                          "</a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx")
            << false << false << 201 << true << 1 << 0;
        QTest::newRow("HEAD has no body")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n") << true << false << 200
            << true << 0 << 0;
        QTest::newRow("304 has no body")
            << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n") << false
            << false << 304 << true << 0 << 0;
        QTest::newRow("next response left")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1 200 OK\r\n")
            << false << false << 200 << true << 1 << 17;
        QTest::newRow("same length twice")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc")
            << false << false << 200 << true << 3 << 0;
        QTest::newRow("long header")
            << QByteArray("HTTP/1.1 200 OK\r\nX-Long: " + QByteArray(10000, 'a') +
                          "\r\nContent-Length: 1\r\n\r\nx")
            << false << false << 200 << true << 1 << 0;
        // The three names that matter are found in any case; names of their lengths that
        // are not them, and a CR where '-' belongs in a value, are not taken for them.
        QTest::newRow("names in any case")
            << QByteArray("HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 5\r\ncOnNeCtIoN: CLOSE\r\n\r\nhello")
            << false << false << 200 << false << 5 << 0;
        QTest::newRow("chunked in capitals")
            << QByteArray(
                   "HTTP/1.1 200 OK\r\nTRANSFER-ENCODING: CHUNKED\r\n\r\n2\r\nok\r\n0\r\n\r\n")
            << false << false << 200 << true << 2 << 0;
        QTest::newRow("look-alike names")
            << QByteArray(
                   "HTTP/1.1 200 OK\r\nContent-Lengtx: 9\r\nContent_Length: 9\r\n"
                   "Connectiom: close\r\nConnection2: close\r\nTransfer-Encodinh: chunked\r\n"
                   "Content-Length: 2\r\n\r\nok")
            << false << false << 200 << true << 2 << 0;
        QTest::newRow("CR is not a dash")
            << QByteArray(
                   "HTTP/1.0 200 OK\r\nConnection: keep\ralive\r\nContent-Length: 2\r\n\r\nok")
            << false << false << 200 << false << 2 << 0;
        QTest::newRow("length line of 256 bytes")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length:" + QByteArray(239, ' ') +
                          "1\r\n\r\nx")
            << false << false << 200 << true << 1 << 0;
        QTest::newRow("obs-fold")
            << QByteArray("HTTP/1.1 200 OK\r\nX-A: 1\r\n  continued\r\nContent-Length: 1\r\n\r\nx")
            << false << false << 200 << true << 1 << 0;
    }
    void valid() {
        QFETCH(QByteArray, data);
        QFETCH(bool, head);
        QFETCH(bool, eof);
        QFETCH(int, code);
        QFETCH(bool, keepAlive);
        QFETCH(int, body);
        QFETCH(int, trailing);
        QRandomGenerator rng(42);
        std::vector<std::vector<int>> splits{{}, everyByte(int(data.size()))};
        for (int i = 0; i < 200; ++i)
            splits.push_back(randomCuts(rng, int(data.size())));
        for (const auto& cuts : splits) {
            const Outcome o = parse(data, cuts, eof, head);
            QCOMPARE(o.status, ResponseParser::Status::Done);
            QCOMPARE(o.code, code);
            QCOMPARE(o.keepAlive, keepAlive);
            QCOMPARE(o.body, quint64(body));
            if (!eof)
                QCOMPARE(o.consumed, std::size_t(data.size() - trailing));
        }
    }

    void invalid_data() {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QByteArray>("why");
        QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n") << QByteArray("status line");
        QTest::newRow("http/2 line")
            << QByteArray("HTTP/2 200\r\n\r\n") << QByteArray("status line");
        QTest::newRow("bad code") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n")
                                  << QByteArray("status code");
        QTest::newRow("code 099") << QByteArray("HTTP/1.1 099 X\r\n\r\n")
                                  << QByteArray("below 100");
        QTest::newRow("no colon") << QByteArray("HTTP/1.1 200 OK\r\nbroken\r\n\r\n")
                                  << QByteArray("colon");
        QTest::newRow("space in name")
            << QByteArray("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n") << QByteArray("header name");
        QTest::newRow("bad character in a known length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent@Length: 3\r\n\r\nabc")
            << QByteArray("header name");
        QTest::newRow("bad character after a name")
            << QByteArray("HTTP/1.1 200 OK\r\nConnection\x01: close\r\n\r\n")
            << QByteArray("header name");
        QTest::newRow("length line over 256 bytes")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length:" + QByteArray(240, ' ') +
                          "1\r\n\r\nx")
            << QByteArray("Content-Length");
        QTest::newRow("bad length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n")
                                    << QByteArray("Content-Length");
        QTest::newRow("huge length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n")
            << QByteArray("Content-Length");
        QTest::newRow("two lengths")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
            << QByteArray("conflicting");
        QTest::newRow("bad chunk")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
            << QByteArray("chunk size");
        QTest::newRow("chunk no CRLF")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxy\r\n")
            << QByteArray("CRLF");
        QTest::newRow("huge chunk")
            << QByteArray(
                   "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n")
            << QByteArray("too large");
        QTest::newRow("101") << QByteArray("HTTP/1.1 101 Switching Protocols\r\n\r\n")
                             << QByteArray("101");
        QTest::newRow("headers too big")
            << QByteArray("HTTP/1.1 200 OK\r\n" + QByteArray(70000, 'a')) << QByteArray("64 KiB");
        QTest::newRow("truncated body")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
            << QByteArray("before the response ended");
        QTest::newRow("empty") << QByteArray() << QByteArray("before a response");
        // A connection closed before the response ended: the reason says where.
        QTest::newRow("closed in the status line")
            << QByteArray("HTTP/1.1 20") << QByteArray("ended: in the status line");
        QTest::newRow("closed in the headers")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Le") << QByteArray("ended: in the headers");
        QTest::newRow("closed after an interim response")
            << QByteArray("HTTP/1.1 100 Continue\r\n\r\n")
            << QByteArray("ended: after an interim (1xx) response");
        QTest::newRow("closed in the body")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
            << QByteArray("ended: in the body, short of its Content-Length");
        QTest::newRow("closed in a chunk")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhe")
            << QByteArray("ended: in the chunked body");
        QTest::newRow("closed before the last chunk")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
            << QByteArray("ended: in the chunked body, before its last chunk");
        QTest::newRow("closed in the trailers")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n")
            << QByteArray("ended: after the last chunk");
    }
    void invalid() {
        QFETCH(QByteArray, data);
        QFETCH(QByteArray, why);
        QRandomGenerator rng(7);
        for (int i = 0; i < 50; ++i) {
            ResponseParser p;
            p.reset();
            const std::vector<int> cuts = randomCuts(rng, int(data.size()));
            Outcome o = parse(data, cuts, true);
            QCOMPARE(o.status, ResponseParser::Status::Error);
            // the reason is stable and says why
            ResponseParser whole;
            whole.reset();
            std::size_t used = 0;
            if (whole.feed(data.constData(), std::size_t(data.size()), &used) !=
                ResponseParser::Status::Error)
                whole.finish();
            QVERIFY2(whole.error() && QByteArray(whole.error()).contains(why), whole.error());
        }
    }

    // Garbage and mutated responses: whatever the verdict, it never depends on the split.
    void bodyScan_data() {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<QByteArray>("expect");
        QTest::addColumn<bool>("found");
        const QByteArray chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        QTest::newRow("length") << QByteArray(
                                       "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world")
                                << QByteArray("lo wo") << true;
        QTest::newRow("length, absent")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world")
            << QByteArray("world!") << false;
        QTest::newRow("whole body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                                    << QByteArray("ok") << true;
        QTest::newRow("one byte") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc")
                                  << QByteArray("c") << true;
        // Across chunks, never through their framing; trailers and headers are no body.
        QTest::newRow("chunks") << chunked + "3\r\nhel\r\n2\r\nlo\r\n6\r\n world\r\n0\r\n\r\n"
                                << QByteArray("hello world") << true;
        QTest::newRow("framing is no body") << chunked + "3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n"
                                            << QByteArray("hel\r\n2") << false;
        QTest::newRow("trailer is no body") << chunked + "2\r\nok\r\n0\r\nX-Token: abc\r\n\r\n"
                                            << QByteArray("abc") << false;
        QTest::newRow("header is no body")
            << QByteArray("HTTP/1.1 200 OK\r\nX-Status: ok\r\nContent-Length: 2\r\n\r\nno")
            << QByteArray("ok") << false;
        QTest::newRow("interim response is no body")
            << QByteArray("HTTP/1.1 103 Early Hints\r\nLink: </ok>\r\n\r\nHTTP/1.1 200 "
                          "OK\r\nContent-Length: 2\r\n\r\nno")
            << QByteArray("ok") << false;
        QTest::newRow("until close")
            << QByteArray("HTTP/1.0 200 OK\r\n\r\nthe end is here") << QByteArray("end is") << true;
        QTest::newRow("repeats before the match")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\naaaaaaaaaaab")
            << QByteArray("aaab") << true;
    }
    void bodyScan() {
        // The text is found (or not) however the response is cut into pieces: every piece
        // size from 1 byte to the whole, so a match split across reads is found.
        QFETCH(QByteArray, response);
        QFETCH(QByteArray, expect);
        QFETCH(bool, found);
        for (qsizetype piece = 1; piece <= response.size(); ++piece) {
            ResponseParser parser;
            pusher::http::BodyScan scan;
            parser.reset();
            parser.scanBody(&scan);
            scan.start(std::string_view(expect.constData(), std::size_t(expect.size())));
            ResponseParser::Status status = ResponseParser::Status::NeedMore;
            for (qsizetype at = 0;
                 at < response.size() && status == ResponseParser::Status::NeedMore; at += piece) {
                std::size_t used = 0;
                status = parser.feed(response.constData() + at,
                                     std::size_t(qMin(piece, response.size() - at)), &used);
            }
            if (status == ResponseParser::Status::NeedMore)
                status = parser.finish();
            QCOMPARE(status, ResponseParser::Status::Done);
            QVERIFY2(scan.found() == found, qPrintable(QStringLiteral("pieces of %1").arg(piece)));
        }
    }

    void randomInputIsSplitIndependent() {
        const QList<QByteArray> seeds{
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 404 No\r\nConnection: keep-alive\r\n\r\nbody",
        };
        QRandomGenerator rng(20261128);
        int done = 0, errors = 0;
        for (int round = 0; round < 4000; ++round) {
            QByteArray data;
            if (round % 4 == 0) {
                const int n = int(rng.bounded(200));
                for (int i = 0; i < n; ++i)
                    data.append(char(rng.bounded(256)));
            } else {
                data = seeds[int(rng.bounded(seeds.size()))];
                const int edits = 1 + int(rng.bounded(4));
                for (int e = 0; e < edits && !data.isEmpty(); ++e) {
                    const int at = int(rng.bounded(data.size()));
                    switch (rng.bounded(3)) {
                    case 0:
                        data[at] = char(rng.bounded(256));
                        break;
                    case 1:
                        data.remove(at, 1);
                        break;
                    default:
                        data.insert(at, "\r\n:0;9aF "[rng.bounded(9)]);
                        break;
                    }
                }
            }
            const bool eof = rng.bounded(2) == 1;
            const Outcome whole = parse(data, {}, eof);
            for (int k = 0; k < 5; ++k) {
                const Outcome split = parse(data, randomCuts(rng, int(data.size())), eof);
                QVERIFY2(split == whole, data.toPercentEncoding().constData());
            }
            done += whole.status == ResponseParser::Status::Done;
            errors += whole.status == ResponseParser::Status::Error;
        }
        // The corpus exercised both ends.
        QVERIFY(done > 100);
        QVERIFY(errors > 100);
    }
};

QTEST_GUILESS_MAIN(TestResponseParser)
#include "tst_responseparser.moc"
