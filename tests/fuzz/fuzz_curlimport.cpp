// libFuzzer target over the curl command-line importer (`pusher-cli import curl '…'`, the
// app's File > Import): the shell-word splitting and curl's options. A pasted command line is
// anything a user copied, so it must never crash the importer, and a scenario it says it
// imported must validate and load back as itself (import_check.h).
// `-d @FILE` reads a file: inputs whose words name a path (an '@' and a '/' or '.') are skipped,
// and the target runs in an empty directory of its own, so that nothing outside is read (name its
// corpus directories by absolute paths: libFuzzer reads them after the first input).
// Built with PUSHER_FUZZ=ON and clang; run it with tests/fuzz/run-fuzz.sh SECONDS.
#include "import_check.h"

#include <QDir>
#include <QTemporaryDir>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static QTemporaryDir empty;
    static const bool entered = empty.isValid() && QDir::setCurrent(empty.path());
    if (!entered)
        fuzzcheck::importViolated("cannot enter an empty directory", empty.errorString());
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QString why;
    const auto words = pusher::splitShellWords(text, &why);
    if (!words) {
        if (why.isEmpty())
            fuzzcheck::importViolated("a split refused without a reason", text);
    } else {
        for (const QString& word : *words) {
            if (word.contains(u'@') && (word.contains(u'/') || word.contains(u'.')))
                return 0; // names a file outside the empty directory
        }
    }
    const pusher::ImportResult result = pusher::importCurl(text);
    if (!words && result.ok())
        fuzzcheck::importViolated("imported what does not split into words", text);
    fuzzcheck::checkImport(result);
    return 0;
}
