// The libcurl client: https://, HTTP/2, proxies and redirects on one curl multi handle
// driven by its own thread. Easy handles are configured once and reused, so their
// connections, TLS sessions and DNS pins stay warm.
#include "client.h"

#include "pusher/http/bodyscan.h"

#include <pusher/threadname.h>

#include <curl/curl.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace pusher::http {

namespace {

using namespace std::chrono_literals;

struct Slot {
    CURL* easy = nullptr;
    Context ctx;
    std::optional<Completion> done; // Completion has no empty state
    bool active = false;
    TimePoint deadline; // the call's start + its timeout
    // perCall: this call's own URL, headers and body (data files); headers is its list.
    std::unique_ptr<PerCall> perCall;
    curl_slist* headers = nullptr;
    BodyScan scan; // the response body, when the target expects a text in it
};

struct Submission {
    Context ctx;
    Completion done;
    TimePoint start;
    std::unique_ptr<PerCall> perCall;
};

std::size_t discardBody(char*, std::size_t size, std::size_t count, void*) {
    return size * count;
}

// scanBody looks for the expected text in the body libcurl passes, keeping none of it: the
// final response's (libcurl passes no body of a redirect it follows: tst_http
// expectBodyAfterRedirects).
std::size_t scanBody(char* data, std::size_t size, std::size_t count, void* slot) {
    static_cast<Slot*>(slot)->scan.feed(data, size * count);
    return size * count;
}

// curlPeer names the endpoint a failed transfer was about: the address libcurl connected
// to (or tried last), else the target's host and port, or the proxy it goes through.
std::string curlPeer(CURL* easy, const Request& request) {
    char* ip = nullptr;
    long port = 0;
    curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip);
    curl_easy_getinfo(easy, CURLINFO_PRIMARY_PORT, &port);
    if (ip && *ip && port > 0) {
        const std::string address(ip);
        if (request.options.proxy.isEmpty() && address == request.addressText &&
            port == request.port)
            return peerText(request); // the URL's host, named as the lean client names it
        const bool v6 = address.find(':') != std::string::npos;
        return (v6 ? '[' + address + ']' : address) + ':' + std::to_string(port);
    }
    if (!request.options.proxy.isEmpty())
        return "proxy " + request.options.proxy.toStdString();
    return peerText(request);
}

// curlError classifies a failed transfer; a connection-level failure names its peer as the
// lean client does ("connect 127.0.0.1:8080: Connection refused").
Error curlError(CURLcode code, CURL* easy, const Request& request) {
    long osErrno = 0;
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &osErrno);
    const std::string text = curl_easy_strerror(code);
    const auto about = [&](const char* during) {
        std::string out = during;
        if (!out.empty())
            out += ' ';
        return out + curlPeer(easy, request) + ": " + text;
    };
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return Error("dns", about("resolve"));
    case CURLE_OPERATION_TIMEDOUT: {
        // Said as the lean client says it: where the call stood.
        curl_off_t connected = 0;
        curl_off_t handshaken = 0;
        curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connected);
        curl_easy_getinfo(easy, CURLINFO_APPCONNECT_TIME_T, &handshaken);
        // libcurl 7.88 sets the connect time of an https:// call only once TLS is up too, so
        // a stalled handshake read as a connect not finished; the local port is set once the
        // TCP connect is (tst_http curlCallsEndAtTheirTimeout).
        long localPort = 0;
        curl_easy_getinfo(easy, CURLINFO_LOCAL_PORT, &localPort);
        if (connected == 0 && localPort == 0)
            return Error("timeout", "connect " + curlPeer(easy, request) +
                                        ": not finished within the timeout");
        if (request.scheme == "https" && handshaken == 0 && request.options.proxy.isEmpty())
            return Error("timeout", "TLS handshake " + curlPeer(easy, request) +
                                        ": not finished within the timeout");
        return Error("timeout", "no complete response within the timeout");
    }
    case CURLE_COULDNT_CONNECT: {
        const std::string why = osErrno != 0 ? std::strerror(int(osErrno)) : text;
        const std::string message = "connect " + curlPeer(easy, request) + ": " + why;
        if (osErrno == ETIMEDOUT)
            return Error("timeout", message);
        return Error("refused", message);
    }
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
        if (osErrno == ECONNRESET)
            return Error("reset", about("TLS"));
        return Error("tls", about("TLS"));
    case CURLE_RECV_ERROR:
        // Without an error of the socket, libcurl refused what it received (a chunk size
        // that is not hex, headers over its limit): the response is not valid HTTP.
        if (osErrno == 0)
            return Error("protocol", text);
        return Error("reset", about("receive"));
    case CURLE_SEND_ERROR:
        return Error("reset", about("send"));
    case CURLE_GOT_NOTHING:
        return Error("reset", about("receive"));
    default:
        return Error("protocol", text);
    }
}

// CurlLoop is the state the curl thread owns; it outlives the target when needed.
class CurlLoop {
public:
    explicit CurlLoop(std::shared_ptr<const Request> request)
        : m_request(std::move(request)) {
        m_multi = curl_multi_init();
        const auto& o = m_request->options;
        if (o.connections > 0)
            curl_multi_setopt(m_multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, long(o.connections));
        curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, long(CURLPIPE_MULTIPLEX));
    }

    void submit(Submission s) {
        {
            std::lock_guard lock(m_inboxMutex);
            m_inbox.push_back(std::move(s));
        }
        curl_multi_wakeup(m_multi);
    }
    void quit() {
        m_quit.store(true);
        curl_multi_wakeup(m_multi);
    }
    void run();

private:
    CURL* newEasy(Slot* slot);
    void usePerCall(Slot* slot, std::unique_ptr<PerCall> perCall);
    void finish(Slot* slot, Error error);

    std::shared_ptr<const Request> m_request;
    CURLM* m_multi = nullptr;
    std::atomic<bool> m_quit{false};
    std::mutex m_inboxMutex;
    std::vector<Submission> m_inbox; // guarded by m_inboxMutex

    std::deque<Slot> m_slots;
    std::vector<Slot*> m_free;
    curl_slist* m_headers = nullptr;
    curl_slist* m_resolve = nullptr;
};

class CurlClient final : public Client {
public:
    explicit CurlClient(std::shared_ptr<const Request> request)
        : m_request(std::move(request)) {
        static std::once_flag global;
        std::call_once(global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    }
    ~CurlClient() override {
        if (!m_loop)
            return;
        m_loop->quit();
        if (m_thread.get_id() == std::this_thread::get_id())
            m_thread.detach(); // the last reference went away on the curl thread itself
        else
            m_thread.join();
    }

    void start(const Context& ctx, Completion done, std::unique_ptr<PerCall> perCall) override {
        std::call_once(m_started, [this] {
            m_loop = std::make_shared<CurlLoop>(m_request);
            m_thread = std::thread([loop = m_loop] {
                nameThisThread("pusher-curl");
                loop->run();
            });
        });
        m_loop->submit(Submission{ctx, std::move(done), Clock::now(), std::move(perCall)});
    }

private:
    std::shared_ptr<const Request> m_request;
    std::once_flag m_started;
    std::shared_ptr<CurlLoop> m_loop;
    std::thread m_thread;
};

CURL* CurlLoop::newEasy(Slot* slot) {
    const Request& r = *m_request;
    const HttpOptions& o = r.options;
    CURL* e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, o.url.toUtf8().constData());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PRIVATE, slot);
    if (o.expectBody.isEmpty()) {
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discardBody);
    } else {
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, scanBody);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, slot);
    }
    curl_easy_setopt(
        e, CURLOPT_TIMEOUT_MS,
        long(std::chrono::duration_cast<std::chrono::milliseconds>(o.timeout).count()));
    if (r.head)
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    else if (o.method != "GET")
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, o.method.constData());
    if (!o.body.isEmpty()) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, long(o.body.size()));
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, o.body.constData());
    }
    if (m_headers)
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, m_headers);
    if (m_resolve)
        curl_easy_setopt(e, CURLOPT_RESOLVE, m_resolve);
    if (o.insecure) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    } else if (!o.caFile.isEmpty()) {
        curl_easy_setopt(e, CURLOPT_CAINFO, o.caFile.toLocal8Bit().constData());
    }
    if (!o.clientCert.isEmpty()) {
        curl_easy_setopt(e, CURLOPT_SSLCERT, o.clientCert.toLocal8Bit().constData());
        curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
        const QString key = o.clientKey.isEmpty() ? o.clientCert : o.clientKey;
        curl_easy_setopt(e, CURLOPT_SSLKEY, key.toLocal8Bit().constData());
        curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
        if (!o.clientKeyPassphrase.isEmpty())
            curl_easy_setopt(e, CURLOPT_KEYPASSWD, o.clientKeyPassphrase.toUtf8().constData());
    }
    switch (o.version) {
    case HttpOptions::Version::Http1:
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
        break;
    case HttpOptions::Version::Http2:
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
                         long(r.scheme == "https" ? CURL_HTTP_VERSION_2TLS
                                                  : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE));
        break;
    case HttpOptions::Version::Auto:
        // Auto is HTTP/1.1, as on the lean client: CURL_HTTP_VERSION_2TLS offered ALPN h2 and
        // spoke HTTP/2 to a server that has it (tst_http2 libcurlAutoSpeaksHttp1).
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
        break;
    }
    if (!o.proxy.isEmpty())
        curl_easy_setopt(e, CURLOPT_PROXY, o.proxy.toUtf8().constData());
    else
        curl_easy_setopt(e, CURLOPT_PROXY, ""); // ignore http_proxy from the environment
    if (o.followRedirects) {
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
    }
    // Waiting for a connection that may multiplex is for HTTP/2 only: an HTTP/1.1 call held
    // pending for one never had its timeout checked by libcurl (7.88) while it waited, and
    // ended 1 to 2 s past a 200 ms timeout (tst_http curlCallsEndAtTheirTimeout).
    if (o.version == HttpOptions::Version::Http2)
        curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    return e;
}

void CurlLoop::usePerCall(Slot* slot, std::unique_ptr<PerCall> perCall) {
    CURL* e = slot->easy;
    curl_easy_setopt(e, CURLOPT_URL, perCall->url.c_str());
    if (!perCall->body.empty() || !m_request->options.body.isEmpty()) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, long(perCall->body.size()));
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, perCall->body.c_str());
    }
    if (slot->headers)
        curl_slist_free_all(slot->headers);
    slot->headers = nullptr;
    for (const std::string& h : perCall->headers)
        slot->headers = curl_slist_append(slot->headers, h.c_str());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, slot->headers);
    slot->perCall = std::move(perCall); // the strings curl points at live until the next call
}

void CurlLoop::finish(Slot* slot, Error error) {
    curl_multi_remove_handle(m_multi, slot->easy);
    slot->active = false;
    Completion done = std::move(*slot->done);
    slot->done.reset();
    slot->ctx = Context();
    m_free.push_back(slot);
    done(Result{}, std::move(error));
}

void CurlLoop::run() {
    for (const auto& [name, value] : m_request->options.headers)
        m_headers = curl_slist_append(m_headers, QByteArray(name + ": " + value).constData());
    // Pin names to the addresses resolved when the target was made: curl never resolves.
    for (const std::string& pin : m_request->curlResolve)
        m_resolve = curl_slist_append(m_resolve, pin.c_str());
    std::vector<Submission> taken;
    TimePoint nextSweep = Clock::now() + 5ms;
    while (!m_quit.load()) {
        {
            std::lock_guard lock(m_inboxMutex);
            taken.swap(m_inbox);
        }
        for (Submission& s : taken) {
            Slot* slot;
            if (m_free.empty()) {
                m_slots.emplace_back();
                slot = &m_slots.back();
                slot->easy = newEasy(slot);
            } else {
                slot = m_free.back();
                m_free.pop_back();
            }
            slot->ctx = std::move(s.ctx);
            slot->deadline = s.start + m_request->options.timeout;
            slot->done = std::move(s.done);
            if (s.perCall)
                usePerCall(slot, std::move(s.perCall));
            slot->active = true;
            if (!m_request->options.expectBody.isEmpty())
                slot->scan.start(
                    std::string_view(m_request->options.expectBody.constData(),
                                     std::size_t(m_request->options.expectBody.size())));
            curl_multi_add_handle(m_multi, slot->easy);
        }
        taken.clear();
        int running = 0;
        curl_multi_perform(m_multi, &running);
        int left = 0;
        while (CURLMsg* msg = curl_multi_info_read(m_multi, &left)) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            Slot* slot = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &slot);
            const CURLcode code = msg->data.result;
            Error error;
            if (code != CURLE_OK) {
                error = curlError(code, slot->easy, *m_request);
            } else {
                long status = 0;
                curl_easy_getinfo(slot->easy, CURLINFO_RESPONSE_CODE, &status);
                error = m_request->statusError(int(status));
                if (!error && !m_request->options.expectBody.isEmpty() && !slot->scan.found())
                    error = bodyError(slot->scan.expected());
                // A target asked for HTTP/2 measures HTTP/2, as on the lean client: libcurl
                // would fall back to HTTP/1.1 silently when ALPN does not give h2.
                long version = 0;
                curl_easy_getinfo(slot->easy, CURLINFO_HTTP_VERSION, &version);
                if (m_request->options.version == HttpOptions::Version::Http2 &&
                    version != CURL_HTTP_VERSION_2_0)
                    error =
                        Error("protocol",
                              version == CURL_HTTP_VERSION_1_1 || version == CURL_HTTP_VERSION_1_0
                                  ? "the server does not speak HTTP/2: it answered in HTTP/1"
                                  : "the server does not speak HTTP/2");
            }
            finish(slot, std::move(error));
        }
        const TimePoint now = Clock::now();
        if (now >= nextSweep) {
            for (Slot& slot : m_slots) {
                if (slot.active && slot.ctx.done())
                    finish(&slot, slot.ctx.err());
                // libcurl (7.88) does not check the timeout of a call it holds pending, waiting
                // for a connection that may multiplex (HTTP/2's PIPEWAIT): the sweep does, so
                // that the timeout bounds the whole call here too (tst_http
                // curlCallsEndAtTheirTimeout).
                else if (slot.active && now >= slot.deadline + 5ms)
                    finish(&slot, curlError(CURLE_OPERATION_TIMEDOUT, slot.easy, *m_request));
            }
            nextSweep = now + 5ms;
        }
        curl_multi_poll(m_multi, nullptr, 0, 5, nullptr);
    }
    for (Slot& slot : m_slots) {
        if (slot.active)
            finish(&slot, Error("canceled", "the HTTP target was closed"));
    }
    {
        std::lock_guard lock(m_inboxMutex);
        taken.swap(m_inbox);
    }
    for (Submission& s : taken)
        s.done(Result{}, Error("canceled", "the HTTP target was closed"));
    for (Slot& slot : m_slots) {
        curl_easy_cleanup(slot.easy);
        curl_slist_free_all(slot.headers);
    }
    curl_multi_cleanup(m_multi);
    curl_slist_free_all(m_headers);
    curl_slist_free_all(m_resolve);
}

} // namespace

std::shared_ptr<Client> makeCurlClient(std::shared_ptr<const Request> request) {
    return std::make_shared<CurlClient>(std::move(request));
}

} // namespace pusher::http
