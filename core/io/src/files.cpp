#include "pusher/io/files.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonParseError>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace pusher {

namespace {

QString reason(int err) {
    return QString::fromStdString(std::generic_category().message(err));
}

void setError(QString* error, const QString& path, const QString& what) {
    if (error)
        *error = path + QStringLiteral(": ") + what;
}

// writeAll writes every byte of data to fd; errno is set when it returns false.
bool writeAll(int fd, QByteArrayView data) {
    const char* p = data.data();
    qsizetype left = data.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, static_cast<size_t>(left));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (n == 0) { // no progress on a non-empty write: treat as a full device
            errno = ENOSPC;
            return false;
        }
        p += n;
        left -= n;
    }
    return true;
}

// closeChecked closes fd, reporting a late write error (EINTR: the descriptor is gone).
bool closeChecked(int fd) {
    return ::close(fd) == 0 || errno == EINTR;
}

QString kindOf(mode_t mode) {
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    if (S_ISFIFO(mode))
        return QStringLiteral("a FIFO");
    if (S_ISCHR(mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mode))
        return QStringLiteral("a block device");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

// currentUmask reads the process's umask without changing it (umask(2) cannot be read
// without setting it, which would race with other threads creating files).
mode_t currentUmask() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        while (!status.atEnd()) {
            const QByteArray line = status.readLine();
            if (line.startsWith("Umask:")) {
                bool ok = false;
                const uint mask = line.mid(6).trimmed().toUInt(&ok, 8);
                if (ok)
                    return static_cast<mode_t>(mask & 0777);
            }
        }
    }
    return 022;
}

// writeInPlace writes a device, FIFO or socket that exists: it must not be replaced.
bool writeInPlace(const QString& path, const QByteArray& native, mode_t mode, QByteArrayView data,
                  QString* error) {
    if (S_ISDIR(mode)) {
        setError(error, path, QStringLiteral("cannot write: is a directory"));
        return false;
    }
    // O_NONBLOCK: opening a FIFO that nobody reads fails (ENXIO) instead of waiting forever.
    const int fd = ::open(native.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int e = errno;
        setError(error, path,
                 e == ENXIO && S_ISFIFO(mode)
                     ? QStringLiteral("cannot write: no process reads this FIFO")
                     : QStringLiteral("cannot write (%1): %2").arg(kindOf(mode), reason(e)));
        return false;
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    if (!writeAll(fd, data)) {
        const int e = errno;
        ::close(fd);
        setError(error, path, QStringLiteral("cannot write (%1): %2").arg(kindOf(mode), reason(e)));
        return false;
    }
    if (!closeChecked(fd)) {
        setError(error, path,
                 QStringLiteral("cannot write (%1): %2").arg(kindOf(mode), reason(errno)));
        return false;
    }
    return true;
}

} // namespace

bool isNonRegularFile(const QString& path) {
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return false;
    return !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

QByteArray writeTarget(const QString& path) {
    QByteArray target = QFile::encodeName(path);
    struct stat st {};
    if (::lstat(target.constData(), &st) != 0 || !S_ISLNK(st.st_mode))
        return target;
    if (char* real = ::realpath(target.constData(), nullptr)) {
        target = QByteArray(real);
        std::free(real);
        return target;
    }
    // A link to nothing yet (a dangling one): the file it names is created, as a shell's `>`
    // would; follow the chain by hand, at most as many links as the kernel does.
    for (int hops = 0; hops < 40 && ::lstat(target.constData(), &st) == 0 && S_ISLNK(st.st_mode);
         ++hops) {
        QByteArray to(PATH_MAX, '\0');
        const ssize_t n = ::readlink(target.constData(), to.data(), std::size_t(to.size()));
        if (n <= 0 || n >= to.size())
            break;
        to.truncate(n);
        const qsizetype at = target.lastIndexOf('/');
        target = to.startsWith('/') || at < 0 ? to : target.left(at + 1) + to;
    }
    return target;
}

QByteArray folderOf(const QByteArray& path) {
    const qsizetype slash = path.lastIndexOf('/');
    return slash < 0 ? QByteArray(".") : slash == 0 ? QByteArray("/") : path.left(slash);
}

bool writeFileAtomically(const QString& path, QByteArrayView data, QString* error) {
    if (path.isEmpty()) {
        setError(error, path, QStringLiteral("cannot write: empty file name"));
        return false;
    }
    QByteArray target = QFile::encodeName(path);
    struct stat st {};
    bool exists = ::stat(target.constData(), &st) == 0;
    if (exists && !S_ISREG(st.st_mode))
        return writeInPlace(path, target, st.st_mode, data, error);

    // Replace the file a symbolic link points to, not the link (which stays).
    target = writeTarget(path);

    const qsizetype slash = target.lastIndexOf('/');
    const QByteArray dir = folderOf(target);
    // The temporary's name stays under NAME_MAX however long the target's is.
    const QByteArray base = target.mid(slash + 1).left(200);
    QByteArray temp = dir + "/." + base + ".XXXXXX.tmp";
    const QString unchanged =
        exists ? QStringLiteral(" (the previous file is unchanged)") : QString();
    const int fd = ::mkostemps(temp.data(), 4, O_CLOEXEC);
    if (fd < 0) {
        setError(error, path,
                 QStringLiteral("cannot create a temporary file in %1: %2%3")
                     .arg(QFile::decodeName(dir), reason(errno), unchanged));
        return false;
    }
    auto fail = [&](const QString& step, int e, bool open) {
        if (open)
            ::close(fd);
        ::unlink(temp.constData());
        setError(error, path, QStringLiteral("cannot %1: %2%3").arg(step, reason(e), unchanged));
        return false;
    };

    if (exists) {
        // Keep the old file's owner (best effort: only root may give a file away) and mode.
        if (::fchown(fd, st.st_uid, st.st_gid) != 0) {
            // not permitted for another owner: the new file is the writer's, as any new file
        }
        if (::fchmod(fd, st.st_mode & 07777) != 0)
            return fail(QStringLiteral("set the permissions"), errno, true);
    } else if (::fchmod(fd, 0666 & ~currentUmask()) != 0) {
        return fail(QStringLiteral("set the permissions"), errno, true);
    }
    if (!writeAll(fd, data))
        return fail(QStringLiteral("write"), errno, true);
    if (::fsync(fd) != 0)
        return fail(QStringLiteral("write (sync to disk)"), errno, true);
    if (!closeChecked(fd))
        return fail(QStringLiteral("write (close)"), errno, false);
    if (::rename(temp.constData(), target.constData()) != 0)
        return fail(QStringLiteral("replace the file"), errno, false);
    // Make the rename itself durable; the new file is complete either way.
    const int dirFd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    if (error)
        error->clear();
    return true;
}

std::optional<QByteArray> readFileBounded(const QString& path, std::int64_t maxBytes,
                                          QString* error) {
    const QByteArray native = QFile::encodeName(path);
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    const int fd = ::open(native.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        setError(error, path, reason(errno));
        return std::nullopt;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        setError(error, path, reason(errno));
        ::close(fd);
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        setError(error, path, QStringLiteral("is %1, not a regular file").arg(kindOf(st.st_mode)));
        ::close(fd);
        return std::nullopt;
    }
    auto tooLarge = [&] {
        setError(error, path,
                 QStringLiteral("larger than %1 MiB")
                     .arg(static_cast<double>(maxBytes) / (1024.0 * 1024.0)));
        ::close(fd);
        return std::nullopt;
    };
    if (st.st_size > maxBytes)
        return tooLarge();
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    QByteArray data;
    data.reserve(static_cast<qsizetype>(st.st_size));
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            setError(error, path, reason(errno));
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0)
            break;
        if (data.size() + n > maxBytes) // the file grew while it was read
            return tooLarge();
        data.append(buffer, n);
    }
    ::close(fd);
    if (error)
        error->clear();
    return data;
}

AppendStream::~AppendStream() {
    if (m_fd >= 0)
        ::close(m_fd);
}

bool AppendStream::open(const QString& path, QString* error) {
    close();
    m_path = path;
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0666);
    if (fd < 0) {
        const int e = errno;
        setError(error, path,
                 e == ENXIO ? QStringLiteral("cannot open: no process reads this FIFO")
                            : QStringLiteral("cannot open: ") + reason(e));
        return false;
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    struct stat st {};
    m_regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    m_fd = fd;
    return true;
}

bool AppendStream::append(QByteArrayView data, QString* error) {
    if (m_fd < 0) {
        setError(error, m_path, QStringLiteral("cannot append: not open"));
        return false;
    }
    const off_t before = m_regular ? ::lseek(m_fd, 0, SEEK_CUR) : -1;
    if (!writeAll(m_fd, data) || (m_regular && ::fdatasync(m_fd) != 0)) {
        const int e = errno;
        // Keep the file whole: drop the part of this append that made it (best effort).
        if (before >= 0 && ::ftruncate(m_fd, before) == 0)
            ::lseek(m_fd, before, SEEK_SET);
        setError(error, m_path, QStringLiteral("cannot append: ") + reason(e));
        return false;
    }
    return true;
}

bool AppendStream::close(QString* error) {
    if (m_fd < 0)
        return true;
    const int fd = m_fd;
    m_fd = -1;
    if (!closeChecked(fd)) {
        setError(error, m_path, QStringLiteral("cannot close: ") + reason(errno));
        return false;
    }
    return true;
}

std::pair<int, int> lineColumn(QByteArrayView text, qsizetype offset) {
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < offset; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

std::pair<int, int> jsonErrorPosition(QByteArrayView text, const QJsonParseError& error) {
    return lineColumn(text, error.offset - 1); // Qt's offset is just past where it stopped
}

QString jsonError(QByteArrayView text, const QJsonParseError& error) {
    const auto [line, column] = jsonErrorPosition(text, error);
    return QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(error.errorString());
}

} // namespace pusher
