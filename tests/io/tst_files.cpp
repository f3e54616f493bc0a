#include "../fullfs.h"
#include "../process.h"

#include <pusher/io/files.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

using namespace pusher;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

QStringList entries(const QString& dir) {
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

mode_t modeOf(const QString& path) {
    struct stat st {};
    ::stat(QFile::encodeName(path).constData(), &st);
    return st.st_mode;
}

// child runs this test executable as a child process with a file-size limit of `limit`
// bytes: `write PATH BYTES` writes BYTES bytes atomically, `append PATH` appends 100 then
// 2000 bytes to a stream. Its stderr says what failed.
pusher::test::Ran child(rlim_t limit, const QStringList& args) {
    QProcess p;
    pusher::test::limitFileSize(p, limit);
    p.start(QCoreApplication::applicationFilePath(), QStringList{QStringLiteral("--child")} + args);
    return pusher::test::finish(p, 30000);
}

int childMain(const QStringList& args) {
    QString why;
    if (args.value(0) == QLatin1String("write")) {
        const bool ok =
            writeFileAtomically(args.value(1), QByteArray(args.value(2).toInt(), 'n'), &why);
        std::fputs(qPrintable(why), stderr);
        return ok ? 0 : 1;
    }
    if (args.value(0) == QLatin1String("append")) {
        AppendStream stream;
        if (!stream.open(args.value(1), &why) || !stream.append(QByteArray(100, 'a'), &why)) {
            std::fputs(qPrintable(why), stderr);
            return 2;
        }
        const bool ok = stream.append(QByteArray(2000, 'b'), &why);
        std::fputs(qPrintable(why), stderr);
        return ok ? 0 : 1;
    }
    return 3;
}

} // namespace

class TestFiles : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        ::signal(SIGPIPE, SIG_IGN); // a closed FIFO reader must give EPIPE, not kill the test
    }

    void writesANewFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new.json"));
        QString why = QStringLiteral("stale");
        QVERIFY(writeFileAtomically(path, "{\"a\": 1}\n", &why));
        QVERIFY(why.isEmpty());
        QCOMPARE(readAll(path), QByteArray("{\"a\": 1}\n"));
        const mode_t mask = ::umask(022);
        ::umask(mask);
        QCOMPARE(modeOf(path) & 0777, mode_t(0666 & ~mask));
        QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("new.json")});
    }

    void replacesAndKeepsPermissions() {
        QTemporaryDir dir;
        const QString path = pusher::test::writeFile(dir, QStringLiteral("r.json"), "old");
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0640) == 0);
        QVERIFY(writeFileAtomically(path, "new contents"));
        QCOMPARE(readAll(path), QByteArray("new contents"));
        QCOMPARE(modeOf(path) & 07777, mode_t(0640));
        QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("r.json")});
    }

    void followsASymbolicLink() {
        QTemporaryDir dir;
        const QString real = pusher::test::writeFile(dir, QStringLiteral("real.json"), "old");
        const QString link = dir.filePath(QStringLiteral("link.json"));
        QVERIFY(QFile::link(real, link));
        QVERIFY(writeFileAtomically(link, "through the link"));
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(readAll(real), QByteArray("through the link"));
    }

    void danglingLinkCreatesWhatItNames() {
        // A link to a file not yet there (absolute, relative, through a second link): the
        // file is created where the link points and the link stays a link.
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("out")));
        const QString absolute = dir.filePath(QStringLiteral("a.json"));
        QVERIFY(::symlink(QFile::encodeName(dir.filePath(QStringLiteral("out/a.json"))).constData(),
                          QFile::encodeName(absolute).constData()) == 0);
        const QString relative = dir.filePath(QStringLiteral("r.json"));
        QVERIFY(::symlink("out/r.json", QFile::encodeName(relative).constData()) == 0);
        const QString chained = dir.filePath(QStringLiteral("c.json"));
        QVERIFY(::symlink("r2.json", QFile::encodeName(chained).constData()) == 0);
        QVERIFY(::symlink("out/c.json",
                          QFile::encodeName(dir.filePath(QStringLiteral("r2.json"))).constData()) ==
                0);
        for (const QString& link : {absolute, relative, chained}) {
            QString why;
            QVERIFY2(writeFileAtomically(link, "made", &why), qPrintable(why));
            QVERIFY2(QFileInfo(link).isSymLink(), qPrintable(link));
        }
        QCOMPARE(readAll(dir.filePath(QStringLiteral("out/a.json"))), QByteArray("made"));
        QCOMPARE(readAll(dir.filePath(QStringLiteral("out/r.json"))), QByteArray("made"));
        QCOMPARE(readAll(dir.filePath(QStringLiteral("out/c.json"))), QByteArray("made"));
        QCOMPARE(entries(dir.filePath(QStringLiteral("out"))),
                 (QStringList{QStringLiteral("a.json"), QStringLiteral("c.json"),
                              QStringLiteral("r.json")}));
        // A link into a folder that is not there fails, names the link, and stays a link.
        const QString nowhere = dir.filePath(QStringLiteral("n.json"));
        QVERIFY(::symlink("missing/n.json", QFile::encodeName(nowhere).constData()) == 0);
        QString why;
        QVERIFY(!writeFileAtomically(nowhere, "x", &why));
        QVERIFY2(why.startsWith(nowhere + QStringLiteral(": ")), qPrintable(why));
        QVERIFY(QFileInfo(nowhere).isSymLink());
    }

    void failureNamesTheFileAndLeavesNothing() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing/r.json"));
        QString why;
        QVERIFY(!writeFileAtomically(path, "x", &why));
        QVERIFY2(why.startsWith(path + QStringLiteral(": ")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("No such file or directory")), qPrintable(why));
        QVERIFY(entries(dir.path()).isEmpty());

        QVERIFY(!writeFileAtomically(dir.path(), "x", &why));
        QVERIFY2(why.contains(QStringLiteral("is a directory")), qPrintable(why));
    }

    // A FIFO (or a device) is written in place and stays what it was.
    void aFifoIsWrittenInPlace() {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("fifo"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        const int reader = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK);
        QVERIFY(reader >= 0);
        QString why;
        QVERIFY2(writeFileAtomically(fifo, "through the fifo", &why), qPrintable(why));
        char buffer[64] = {};
        QCOMPARE(::read(reader, buffer, sizeof buffer), ssize_t(16));
        QCOMPARE(QByteArray(buffer), QByteArray("through the fifo"));
        ::close(reader);
        QVERIFY(S_ISFIFO(modeOf(fifo)));
        QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("fifo")});
        QVERIFY(isNonRegularFile(fifo));
        QVERIFY(!isNonRegularFile(dir.path()));
        QVERIFY(!isNonRegularFile(dir.filePath(QStringLiteral("none"))));

        // Nobody reads: refused at once, not waited on.
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!writeFileAtomically(fifo, "x", &why));
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY2(why.startsWith(fifo) && why.contains(QStringLiteral("no process reads")),
                 qPrintable(why));
        QVERIFY(S_ISFIFO(modeOf(fifo)));
    }

    // A file-size limit (EFBIG, as a full quota): the old file stays, the temporary goes.
    void fileSizeLimitKeepsTheOldFile() {
        QTemporaryDir dir;
        const QByteArray old(10000, 'o');
        const QString path = pusher::test::writeFile(dir, QStringLiteral("r.json"), old);
        pusher::test::Ran r = child(1024, {QStringLiteral("write"), path, QStringLiteral("5000")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.startsWith(path + QStringLiteral(": ")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("File too large")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("previous file is unchanged")), qPrintable(r.err));
        QCOMPARE(readAll(path), old);
        QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("r.json")});
        // Within the limit the same child succeeds: the limit, not the child, failed it.
        QCOMPARE(child(1024, {QStringLiteral("write"), path, QStringLiteral("1000")}).code, 0);
        QCOMPARE(readAll(path), QByteArray(1000, 'n'));
    }

    // A full disk (a tiny tmpfs this test mounts in its own mount namespace).
    void fullDiskKeepsTheOldFile() {
        QTemporaryDir dir;
        const QByteArray old(3000, 'o');
        const QString why =
            pusher::test::mountFullTmpfs(dir.path(), 64, {{QStringLiteral("r.json"), old}});
        if (!why.isEmpty())
            QSKIP(qPrintable(QStringLiteral("needs root to mount a tmpfs privately: ") + why));
        const QString path = dir.filePath(QStringLiteral("r.json"));
        QString error;
        const bool written = writeFileAtomically(path, QByteArray(8192, 'n'), &error);
        const QByteArray after = readAll(path);
        const QStringList left = entries(dir.path());
        pusher::test::unmountTmpfs(dir.path());
        QVERIFY(!written);
        QVERIFY2(error.startsWith(path + QStringLiteral(": ")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("No space left on device")), qPrintable(error));
        QCOMPARE(after, old);
        QCOMPARE(left, (QStringList{QStringLiteral("filler"), QStringLiteral("r.json")}));
    }

    void boundedReadRefusesWhatItMustNotRead() {
        QTemporaryDir dir;
        QString why;
        const QString exact =
            pusher::test::writeFile(dir, QStringLiteral("a"), QByteArray(1024, 'a'));
        QCOMPARE(readFileBounded(exact, 1024, &why).value_or(QByteArray()), QByteArray(1024, 'a'));
        const QString over =
            pusher::test::writeFile(dir, QStringLiteral("b"), QByteArray(1025, 'b'));
        QVERIFY(!readFileBounded(over, 1024, &why));
        QVERIFY2(why.startsWith(over) && why.contains(QStringLiteral("larger than")),
                 qPrintable(why));
        QVERIFY(!readFileBounded(dir.path(), 1024, &why));
        QVERIFY2(why.contains(QStringLiteral("a directory")), qPrintable(why));
        // A FIFO with no writer is refused at once (a plain read would wait forever).
        const QString fifo = dir.filePath(QStringLiteral("fifo"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!readFileBounded(fifo, 1024, &why));
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY2(why.contains(QStringLiteral("a FIFO, not a regular file")), qPrintable(why));
        QVERIFY(!readFileBounded(dir.filePath(QStringLiteral("none")), 1024, &why));
        QVERIFY2(why.contains(QStringLiteral("No such file")), qPrintable(why));
    }

    // A failed append is reported and the stream keeps only whole appends.
    void appendFailureIsReportedAndCut() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.jsonl"));
        pusher::test::Ran r = child(1024, {QStringLiteral("append"), path});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.startsWith(path) && r.err.contains(QStringLiteral("File too large")),
                 qPrintable(r.err));
        QCOMPARE(readAll(path), QByteArray(100, 'a'));

        // A FIFO whose reader went away: EPIPE, reported.
        const QString fifo = dir.filePath(QStringLiteral("fifo"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        AppendStream stream;
        QString why;
        QVERIFY(!stream.open(fifo, &why)); // nobody reads yet: refused, not waited on
        QVERIFY2(why.contains(QStringLiteral("no process reads")), qPrintable(why));
        const int reader = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK);
        QVERIFY(stream.open(fifo, &why));
        QVERIFY(stream.append("line\n", &why));
        ::close(reader);
        QVERIFY(!stream.append("line\n", &why));
        QVERIFY2(why.contains(QStringLiteral("Broken pipe")), qPrintable(why));
        QVERIFY(stream.close());
    }
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc > 1 && QByteArray(argv[1]) == "--child")
        return childMain(app.arguments().mid(2));
    TestFiles test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_files.moc"
