// Imports: a scenario from a curl command line or a HAR file (docs/cli.md, "import").
#pragma once

#include <pusher/scenario/scenario.h>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace pusher {

// ImportResult is a scenario made from another tool's requests, what was left out and why.
// `error` set means nothing could be imported (and `scenario` is meaningless).
struct ImportResult {
    Scenario scenario;
    // ignored lists what the import left out, one line each, e.g.
    // "--retry 3: not a request option (ignored)".
    QStringList ignored;
    // notes lists choices the import made that the user may want to revisit.
    QStringList notes;
    QString error;

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

// splitShellWords splits `text` into words as a POSIX shell would for a simple command:
// blanks separate words; 'single quotes' keep everything; "double quotes" keep everything
// but \" \\ \$ \` and backslash-newline; outside quotes a backslash escapes the next
// character and backslash-newline joins lines; $'…' (ANSI-C quoting) understands \n \t \r
// \\ \' \" \xHH. Variables and substitutions are not expanded. nullopt and `error` for an
// unterminated quote.
std::optional<QStringList> splitShellWords(const QString& text, QString* error = nullptr);

// importCurl makes a scenario of one http worker from a curl command line (with or without
// the leading "curl"): -X, -H, -d/--data/--data-ascii/--data-raw/--data-binary,
// --data-urlencode, --json, -G, -u, -b, -A, -e, -I, -L, -k, --compressed, --http1.1,
// --http2, --http2-prior-knowledge, -m, --cacert, -E/--cert, --key, --url; every other
// flag is listed in `ignored`. `@file` data is read relative to the current directory.
ImportResult importCurl(const QString& commandLine);

// HarOptions adjust a HAR import: dropStatic leaves out static assets (images, fonts,
// style sheets, scripts, media, by MIME type or URL extension).
struct HarOptions {
    bool dropStatic = false;
};

// importHar makes a scenario from a HAR 1.2 file (a browser's "Save all as HAR"): one flow
// worker whose steps are the entries in order, with the pauses between them (an entry's
// start minus the previous entry's end) as think times. `source` names the file in errors.
ImportResult importHar(const QByteArray& json, const HarOptions& options = {},
                       const QString& source = QString());

} // namespace pusher
