// Files that Pusher writes and reads: every write either completes or leaves the old file as
// it was, and every failure names the file and the reason.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <optional>
#include <utility>

struct QJsonParseError;

namespace pusher {

// writeFileAtomically replaces the file at `path` with `data`. A regular file (or one that
// does not exist yet) is written to a temporary file in the same folder, flushed, synced to
// disk and closed — each step checked — and only then renamed over `path`, so a reader sees
// either the old file or the new one, never a part. On any failure the temporary file is
// removed, the old file is left untouched, and `error` is set to "PATH: reason". The new
// file keeps the old one's permissions (new files: 0666 less the umask); a symbolic link is
// followed and the file it points to is replaced. A file that exists but is not regular (a
// device, a FIFO, a socket) is written in place and never renamed over; a FIFO without a
// reader is refused rather than waited on.
bool writeFileAtomically(const QString& path, QByteArrayView data, QString* error = nullptr);

// writeTarget is the file a write of `path` replaces or creates: the file a symbolic link
// points to (also a link to nothing yet: the file it names, relative links resolved from
// the link's folder), else `path` itself. Its folder (folderOf) is where the temporary goes.
QByteArray writeTarget(const QString& path);
// folderOf is the folder a file path names: "." for a bare name, "/" for a file at the root.
QByteArray folderOf(const QByteArray& path);

// isNonRegularFile is true when `path` exists (following links) and is not a regular file
// or a directory: a device, a FIFO, a socket.
bool isNonRegularFile(const QString& path);

// kMaxScenarioBytes bounds a scenario file (docs/scenario-format.md): far above any real
// one, far below what would exhaust memory.
inline constexpr std::int64_t kMaxScenarioBytes = std::int64_t(64) << 20;
// kMaxResultsBytes bounds a results file that is read (docs/results-format.md): a run of
// 10,000 workers writes about 50 MiB per 20 intervals of timeline.
inline constexpr std::int64_t kMaxResultsBytes = std::int64_t(256) << 20;

// readFileBounded reads the regular file at `path` whole. It refuses (nullopt, `error` set to
// "PATH: reason") anything that is not a regular file (a device, a FIFO, a directory) and
// any file larger than `maxBytes`, without reading it.
std::optional<QByteArray> readFileBounded(const QString& path, std::int64_t maxBytes,
                                          QString* error = nullptr);

// lineColumn turns a byte offset into UTF-8 text into a 1-based line and column (columns
// count characters, not bytes), for errors that say where in a file: "line 4, column 1".
std::pair<int, int> lineColumn(QByteArrayView text, qsizetype offset);
// jsonErrorPosition is where in `text` Qt's JSON parser stopped with `error`.
std::pair<int, int> jsonErrorPosition(QByteArrayView text, const QJsonParseError& error);
// jsonError says where and why `text` is not JSON: "line 2, column 21: object is missing
// after a comma".
QString jsonError(QByteArrayView text, const QJsonParseError& error);

// AppendStream is a file written by appends (the live timeline): each append writes every
// byte and syncs a regular file to disk, and reports a failure instead of ignoring it. Not
// thread-safe; one writer.
class AppendStream {
public:
    AppendStream() = default;
    ~AppendStream();
    AppendStream(const AppendStream&) = delete;
    AppendStream& operator=(const AppendStream&) = delete;

    // open creates or truncates `path`; false and `error` ("PATH: reason") on failure.
    bool open(const QString& path, QString* error = nullptr);
    // append writes `data` whole and syncs; false and `error` ("PATH: reason") on failure.
    bool append(QByteArrayView data, QString* error = nullptr);
    // close closes the file; false and `error` on failure (a late write error).
    bool close(QString* error = nullptr);
    [[nodiscard]] bool isOpen() const { return m_fd >= 0; }
    [[nodiscard]] const QString& path() const { return m_path; }

private:
    int m_fd = -1;
    bool m_regular = false;
    QString m_path;
};

} // namespace pusher
