#include "pusher/http/h2session.h"

#include "pusher/http/bodyscan.h"

#include "h2blocks.h"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace pusher::http {

namespace {

H2Stream* streamOf(nghttp2_session* session, std::int32_t id) {
    return static_cast<H2Stream*>(nghttp2_session_get_stream_user_data(session, id));
}

// header points nghttp2 at a name and value; with `noCopy` nghttp2 keeps the pointers until
// the HEADERS frame is sent, so only strings that outlive every stream may go uncopied.
nghttp2_nv header(const std::string& name, const std::string& value, bool noCopy) {
    return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
            reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(),
            value.size(),
            std::uint8_t(noCopy ? NGHTTP2_NV_FLAG_NO_COPY_NAME | NGHTTP2_NV_FLAG_NO_COPY_VALUE
                                : NGHTTP2_NV_FLAG_NONE)};
}

} // namespace

// Headers is a request's header list in nghttp2's form.
struct H2Session::Headers {
    std::vector<nghttp2_nv> nva;

    // fill lists `r`'s headers; with `noCopy` nghttp2 is to keep the pointers (see header).
    void fill(const H2Request& r, bool noCopy) {
        static const std::string method = ":method", scheme = ":scheme", authority = ":authority",
                                 path = ":path";
        nva.clear();
        nva.push_back(header(method, r.method, noCopy));
        nva.push_back(header(scheme, r.scheme, noCopy));
        nva.push_back(header(authority, r.authority, noCopy));
        nva.push_back(header(path, r.path, noCopy));
        for (const auto& [name, value] : r.headers)
            nva.push_back(header(name, value, noCopy));
    }
};

struct H2Session::Callbacks {
    static H2Session* self(void* user) { return static_cast<H2Session*>(user); }

    static int onHeader(nghttp2_session* session, const nghttp2_frame* frame,
                        const std::uint8_t* name, std::size_t nameLength, const std::uint8_t* value,
                        std::size_t valueLength, std::uint8_t, void*) {
        if (frame->hd.type != NGHTTP2_HEADERS || nameLength != 7 ||
            std::memcmp(name, ":status", 7) != 0)
            return 0;
        H2Stream* stream = streamOf(session, frame->hd.stream_id);
        if (!stream)
            return 0;
        // nghttp2 checked that :status is three digits.
        int status = 0;
        for (std::size_t i = 0; i < valueLength && i < 3; ++i)
            status = status * 10 + (value[i] - '0');
        // Interim 1xx responses come before the final one.
        if (status >= 200)
            stream->status = status;
        return 0;
    }

    static int onData(nghttp2_session* session, std::uint8_t, std::int32_t id,
                      const std::uint8_t* data, std::size_t length, void*) {
        if (H2Stream* stream = streamOf(session, id)) {
            stream->bodyBytes += length;
            if (stream->scan)
                stream->scan->feed(reinterpret_cast<const char*>(data), length);
        }
        return 0;
    }

    static int onFrame(nghttp2_session* session, const nghttp2_frame* frame, void* user) {
        H2Session* s = self(user);
        switch (frame->hd.type) {
        case NGHTTP2_HEADERS:
        case NGHTTP2_DATA:
            if (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) {
                const std::int32_t id = frame->hd.stream_id;
                H2Stream* stream = streamOf(session, id);
                if (!stream)
                    break;
                stream->ended = true;
                // A whole response before the whole request (a 413 for an upload): the
                // stream stays open on our side until its body is sent, which may never
                // be (the server then closes). The call is done: the rest of the body is
                // not sent (RST_STREAM NO_ERROR, as RFC 9113 8.1 lets a client do).
                if (stream->status >= 200 && !nghttp2_session_get_stream_local_close(session, id)) {
                    nghttp2_session_set_stream_user_data(session, id, nullptr);
                    nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, id, NGHTTP2_NO_ERROR);
                    s->ended(stream, H2End::Complete, NGHTTP2_NO_ERROR);
                }
            }
            break;
        case NGHTTP2_RST_STREAM:
            if (H2Stream* stream = streamOf(session, frame->hd.stream_id))
                stream->peerReset = true;
            break;
        case NGHTTP2_GOAWAY:
            s->m_goaway = true;
            s->m_goawayCode = frame->goaway.error_code;
            break;
        default:
            break;
        }
        return 0;
    }

    static int onSent(nghttp2_session*, const nghttp2_frame* frame, void* user) {
        // We send GOAWAY only to end a connection the server broke: it says how.
        if (frame->hd.type == NGHTTP2_GOAWAY && self(user)->m_error.empty()) {
            std::string& e = self(user)->m_error;
            e = "connection error " + codeName(frame->goaway.error_code);
            if (frame->goaway.opaque_data_len > 0)
                e.append(": ").append(reinterpret_cast<const char*>(frame->goaway.opaque_data),
                                      frame->goaway.opaque_data_len);
        }
        return 0;
    }

    static int onNotSent(nghttp2_session* session, const nghttp2_frame* frame, int, void*) {
        // A request that could not start (the server's GOAWAY came first) closes its stream
        // with NO_ERROR right after: it was never sent, so it may go elsewhere.
        if (frame->hd.type == NGHTTP2_HEADERS) {
            if (H2Stream* stream = streamOf(session, frame->hd.stream_id))
                stream->notSent = true;
        }
        return 0;
    }

    static int onClose(nghttp2_session* session, std::int32_t id, std::uint32_t code, void* user) {
        H2Stream* stream = streamOf(session, id);
        if (!stream)
            return 0; // cancelled
        H2End end;
        if (stream->ended && stream->status >= 200)
            end = H2End::Complete; // a RST_STREAM(NO_ERROR) after the response is fine
        else if (code == NGHTTP2_REFUSED_STREAM || stream->notSent)
            end = H2End::Refused;
        else if (stream->peerReset)
            end = H2End::Reset;
        else {
            // Each stream keeps its own reason: the session's is the connection's, and a
            // later stream closed early (a body longer than its Content-Length, which
            // nghttp2 resets without a reason) said an earlier stream's.
            end = H2End::Invalid;
            if (stream->error.empty())
                stream->error =
                    "stream closed before its response ended (reset with " + codeName(code) + ")";
        }
        nghttp2_session_set_stream_user_data(session, id, nullptr);
        self(user)->ended(stream, end, code);
        return 0;
    }

    static int onInvalidFrame(nghttp2_session* session, const nghttp2_frame* frame, int error,
                              void* user) {
        std::string why = std::string("invalid frame (type ") +
                          std::to_string(int(frame->hd.type)) + "): " + nghttp2_strerror(error);
        // A frame on one of our streams: that stream's reason; else the connection's.
        if (H2Stream* stream =
                frame->hd.stream_id ? streamOf(session, frame->hd.stream_id) : nullptr)
            stream->error = std::move(why);
        else
            self(user)->m_error = std::move(why);
        return 0;
    }

    static int onError(nghttp2_session*, int code, const char* message, std::size_t length,
                       void* user) {
        // A header or message that breaks HTTP's rules fails only its stream, which
        // onInvalidFrame gives its reason: as the connection's it would name a later
        // connection error (a flood) after the stream's.
        if (code == NGHTTP2_ERR_HTTP_HEADER || code == NGHTTP2_ERR_HTTP_MESSAGING)
            return 0;
        self(user)->m_error.assign(message, length);
        return 0;
    }

    static ssize_t readBody(nghttp2_session* session, std::int32_t id, std::uint8_t* buffer,
                            std::size_t length, std::uint32_t* flags, nghttp2_data_source*, void*) {
        H2Stream* stream = streamOf(session, id);
        if (!stream)
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; // cancelled: reset it
        const std::string& body = stream->request->body;
        const std::size_t n = std::min(length, body.size() - stream->bodySent);
        std::memcpy(buffer, body.data() + stream->bodySent, n);
        stream->bodySent += n;
        if (stream->bodySent == body.size())
            *flags |= NGHTTP2_DATA_FLAG_EOF;
        return ssize_t(n);
    }
};

H2Session::H2Session(const H2Request* request, OnEnd onEnd, void* owner, std::uint32_t windowSize)
    : m_request(request)
    , m_headers(std::make_unique<Headers>())
    , m_onEnd(onEnd)
    , m_owner(owner) {
    m_headers->fill(*m_request, true);
    nghttp2_session_callbacks* callbacks = nullptr;
    if (nghttp2_session_callbacks_new(&callbacks) != 0)
        return;
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &Callbacks::onHeader);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Callbacks::onData);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Callbacks::onFrame);
    nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, &Callbacks::onSent);
    nghttp2_session_callbacks_set_on_frame_not_send_callback(callbacks, &Callbacks::onNotSent);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Callbacks::onClose);
    nghttp2_session_callbacks_set_on_invalid_frame_recv_callback(callbacks,
                                                                 &Callbacks::onInvalidFrame);
    nghttp2_session_callbacks_set_error_callback2(callbacks, &Callbacks::onError);
    nghttp2_option* option = nullptr;
    nghttp2_option_new(&option);
    if (option) {
        // Until the server's SETTINGS arrive, assume the 100 streams RFC 9113 recommends
        // (nghttp2 would assume no limit).
        nghttp2_option_set_peer_max_concurrent_streams(option, 100);
    }
    nghttp2_session_client_new3(&m_session, callbacks, this, option, h2Blocks());
    nghttp2_session_callbacks_del(callbacks);
    if (option)
        nghttp2_option_del(option);
    if (!m_session)
        return;
    // No push; windows as large as h2load's defaults: the response bytes are not kept, so
    // a large window costs nothing and saves WINDOW_UPDATE frames.
    const nghttp2_settings_entry settings[] = {
        {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, windowSize},
    };
    nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, settings, 2);
    nghttp2_session_set_local_window_size(m_session, NGHTTP2_FLAG_NONE, 0,
                                          std::int32_t(windowSize));
}

H2Session::~H2Session() {
    // Streams still open are not reported: whoever deletes the session ended them.
    if (m_session)
        nghttp2_session_del(m_session);
}

bool H2Session::submit(H2Stream* stream, const H2Request* request) {
    // The session's request outlives its streams, and its list is made once, with the
    // session (m_headers); a call's own request may not outlive them: its list is made for
    // each stream, and nghttp2 copies it.
    static thread_local Headers own;
    const H2Request& r = request ? *request : *m_request;
    const Headers* headers = m_headers.get();
    if (request) {
        own.fill(*request, false);
        headers = &own;
    }
    nghttp2_data_provider body{};
    body.source.ptr = stream;
    body.read_callback = &Callbacks::readBody;
    stream->reset();
    stream->request = &r;
    const std::int32_t id =
        nghttp2_submit_request(m_session, nullptr, headers->nva.data(), headers->nva.size(),
                               r.sendsBody ? &body : nullptr, stream);
    if (id < 0) {
        stream->error = std::string("cannot start a stream: ") + nghttp2_strerror(id);
        return false;
    }
    stream->id = id;
    ++m_streams;
    m_open.push_back(stream);
    return true;
}

void H2Session::cancel(H2Stream* stream) {
    auto it = std::find(m_open.begin(), m_open.end(), stream);
    if (it == m_open.end())
        return;
    *it = m_open.back();
    m_open.pop_back();
    --m_streams;
    nghttp2_session_set_stream_user_data(m_session, stream->id, nullptr);
    nghttp2_submit_rst_stream(m_session, NGHTTP2_FLAG_NONE, stream->id, NGHTTP2_CANCEL);
}

void H2Session::ended(H2Stream* stream, H2End end, std::uint32_t code) {
    auto it = std::find(m_open.begin(), m_open.end(), stream);
    if (it == m_open.end())
        return;
    *it = m_open.back();
    m_open.pop_back();
    --m_streams;
    m_onEnd(m_owner, stream, end, code);
}

void H2Session::endAll(H2End end) {
    while (!m_open.empty()) {
        H2Stream* stream = m_open.back();
        m_open.pop_back();
        --m_streams;
        if (m_session && stream->id > 0)
            nghttp2_session_set_stream_user_data(m_session, stream->id, nullptr);
        m_onEnd(m_owner, stream, end, 0);
    }
}

bool H2Session::receive(const std::uint8_t* data, std::size_t size) {
    const ssize_t n = nghttp2_session_mem_recv(m_session, data, size);
    if (n < 0) {
        if (m_error.empty())
            m_error = nghttp2_strerror(int(n));
        return false;
    }
    return true;
}

bool H2Session::send(std::string& out, std::size_t max) {
    while (out.size() < max) {
        const std::uint8_t* data = nullptr;
        const ssize_t n = nghttp2_session_mem_send(m_session, &data);
        if (n < 0) {
            if (m_error.empty())
                m_error = nghttp2_strerror(int(n));
            return false;
        }
        if (n == 0)
            break;
        out.append(reinterpret_cast<const char*>(data), std::size_t(n));
    }
    return true;
}

bool H2Session::alive() const {
    return nghttp2_session_want_read(m_session) != 0 || nghttp2_session_want_write(m_session) != 0;
}

std::uint32_t H2Session::maxStreams() const {
    return nghttp2_session_get_remote_settings(m_session, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
}

std::int64_t H2Session::sendWindow(const H2Stream* stream) const {
    const std::int64_t s = nghttp2_session_get_stream_remote_window_size(m_session, stream->id);
    const std::int64_t c = nghttp2_session_get_remote_window_size(m_session);
    return std::min(s, c);
}

std::string H2Session::codeName(std::uint32_t code) {
    static const char* const names[] = {
        "NO_ERROR",
        "PROTOCOL_ERROR",
        "INTERNAL_ERROR",
        "FLOW_CONTROL_ERROR",
        "SETTINGS_TIMEOUT",
        "STREAM_CLOSED",
        "FRAME_SIZE_ERROR",
        "REFUSED_STREAM",
        "CANCEL",
        "COMPRESSION_ERROR",
        "CONNECT_ERROR",
        "ENHANCE_YOUR_CALM",
        "INADEQUATE_SECURITY",
        "HTTP_1_1_REQUIRED",
    };
    if (code < sizeof names / sizeof names[0])
        return names[code];
    char text[16];
    std::snprintf(text, sizeof text, "0x%x", code);
    return text;
}

} // namespace pusher::http
