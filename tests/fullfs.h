// Test helpers for write failures: a tiny tmpfs mounted in a private mount namespace (root
// only; the machine's own mounts are never touched) filled to the last byte, and a file-size
// limit set in a child process.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

namespace pusher::test {

// mountFullTmpfs mounts a tmpfs of `kib` KiB on `dir` in a mount namespace private to the
// calling thread (the test's main thread, and every process it starts from there), writes
// `keep` (name → bytes) into it, then fills it with a filler file until it is full. Returns
// an empty string, or why it could not (not root, no CAP_SYS_ADMIN: the caller skips).
inline QString mountFullTmpfs(const QString& dir, int kib,
                              const QList<QPair<QString, QByteArray>>& keep) {
    static bool unshared = false;
    if (!unshared) {
        if (::unshare(CLONE_NEWNS) != 0)
            return QStringLiteral("unshare(CLONE_NEWNS): %1")
                .arg(QString::fromLocal8Bit(std::strerror(errno)));
        // Mounts made from here on stay in this namespace. In a chroot "/" is no mount point
        // (EINVAL): that is fine only when no mount here is shared with another namespace.
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
            const QString why = QString::fromLocal8Bit(std::strerror(errno));
            QFile info(QStringLiteral("/proc/self/mountinfo"));
            if (!info.open(QIODevice::ReadOnly) || info.readAll().contains(" shared:"))
                return QStringLiteral("mount --make-rprivate /: %1").arg(why);
        }
        unshared = true;
    }
    const QByteArray options = "size=" + QByteArray::number(kib) + "k,mode=0755";
    if (::mount("tmpfs", QFile::encodeName(dir).constData(), "tmpfs", MS_NOSUID | MS_NODEV,
                options.constData()) != 0)
        return QStringLiteral("mount tmpfs: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
    for (const auto& [name, bytes] : keep) {
        QFile f(QDir(dir).filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.flush())
            return QStringLiteral("cannot write %1 before filling").arg(name);
    }
    const int fd =
        ::open(QFile::encodeName(QDir(dir).filePath(QStringLiteral("filler"))).constData(),
               O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return QStringLiteral("cannot create the filler");
    const QByteArray chunk(512, 'f');
    for (int i = 0; i < 1 << 20; ++i) { // bounded: far more than any tmpfs used here
        if (::write(fd, chunk.constData(), static_cast<size_t>(chunk.size())) < 0)
            break;
    }
    for (int i = 0; i < 1 << 12; ++i) { // the last bytes, one at a time
        if (::write(fd, "f", 1) < 0)
            break;
    }
    ::close(fd);
    return {};
}

// remountReadOnly makes a tmpfs that mountFullTmpfs mounted on `dir` read-only (EROFS for
// every write, root's too, where a folder's mode bits stop no root). Returns an empty
// string, or why it could not.
inline QString remountReadOnly(const QString& dir) {
    if (::mount(nullptr, QFile::encodeName(dir).constData(), nullptr,
                MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, nullptr) != 0)
        return QStringLiteral("remount read-only: %1")
            .arg(QString::fromLocal8Bit(std::strerror(errno)));
    return {};
}

// unmountTmpfs unmounts what mountFullTmpfs mounted (lazily: a child may still hold it).
inline void unmountTmpfs(const QString& dir) {
    ::umount2(QFile::encodeName(dir).constData(), MNT_DETACH);
}

// limitFileSize makes a QProcess's child unable to write past `bytes` in any file, with
// SIGXFSZ ignored so that the write fails with EFBIG instead of killing the process.
inline void limitFileSize(QProcess& process, rlim_t bytes) {
    process.setChildProcessModifier([bytes] {
        ::signal(SIGXFSZ, SIG_IGN);
        struct rlimit limit {
            bytes, bytes
        };
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
}

} // namespace pusher::test
