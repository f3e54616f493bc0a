// A stand-in for mpirun that records the signals it was started with ignored: pusher-cli
// run --mpi and the app must start mpirun with SIGUSR1 ignored (docs/distributed.md).
// tst_mpi and tst_mpiapp write it, name it in PUSHER_MPIRUN, and read what it recorded.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

namespace pusher::test {

// writeSignalRecordingMpirun writes an executable at `path` that, run as mpirun, writes its
// own SigIgn line of /proc/PID/status to `mark` and exits 0. False if it cannot be written.
inline bool writeSignalRecordingMpirun(const QString& path, const QString& mark) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(QStringLiteral("#!/bin/sh\ngrep SigIgn /proc/$$/status > '%1'\n").arg(mark).toUtf8());
    f.close();
    return QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

// RecordedSignals is what that mpirun wrote: its line ("SigIgn:\t0000000000000200") and the
// mask of ignored signals read from it (ok: the line was there and read).
struct RecordedSignals {
    QByteArray line;
    qulonglong ignored = 0;
    bool ok = false;

    [[nodiscard]] bool ignores(int signal) const { return ignored & (1ULL << (signal - 1)); }
};

// recordedSignals reads `mark` as the mpirun above wrote it.
inline RecordedSignals recordedSignals(const QString& mark) {
    RecordedSignals r;
    QFile f(mark);
    if (!f.open(QIODevice::ReadOnly)) {
        r.line = "cannot read " + mark.toUtf8();
        return r;
    }
    r.line = f.readAll().trimmed();
    r.ignored = r.line.mid(r.line.indexOf(':') + 1).trimmed().toULongLong(&r.ok, 16);
    r.ok = r.ok && r.line.startsWith("SigIgn:");
    return r;
}

} // namespace pusher::test
