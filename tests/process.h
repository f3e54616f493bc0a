// Test helpers for running one of the project's executables as a user would, and for
// writing the files handed to it.
#pragma once

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

namespace pusher::test {

// Ran is how a process ended: its exit code (-1: timed out, -2: crashed) and its output.
struct Ran {
    int code = -1;
    QString out;
    QString err;
};

// finish waits for a started process, killing it after timeoutMs, and says how it ended.
inline Ran finish(QProcess& p, int timeoutMs = 60000) {
    Ran r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// runProcess runs program with args and env, killing it after timeoutMs.
inline Ran runProcess(const QString& program, const QStringList& args,
                      const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                      int timeoutMs = 60000) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    return finish(p, timeoutMs);
}

// writeFile writes text to dir/name and returns the path.
inline QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(text);
    return path;
}

} // namespace pusher::test
