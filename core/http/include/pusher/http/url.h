// URLs as users write them: what a browser's address bar accepts, sent percent-encoded.
#pragma once

#include <QString>

#include <optional>

namespace pusher {

// normalizeUrl returns `url` with the characters RFC 3986 does not allow in a path, query or
// fragment percent-encoded as UTF-8, the way browsers (and k6) send what users paste: space,
// `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`, `[`, `]`, a second `#` and every non-ASCII
// character ("/a|b c" is sent as "/a%7Cb%20c"). Valid percent-encodings and every other
// character pass unchanged, so a URL that was valid is returned as it was. The scheme and host
// are not rewritten: they are checked by the caller (QUrl), except that a space or one of the
// characters above in the host part is an error here. It returns nullopt, with `why` set, for
// what cannot be a URL: a control character (a line break, a tab), a space at either end, or a
// `%` that does not start a percent-encoding (`%zz`; a literal % is written %25).
// With `keepReferences`, `${name}` references (a flow's values, a data file's columns) are kept
// as they are, to be filled per call, and "$${" (a literal "${") becomes "$%7B".
// A text without "://" is returned unchanged (the caller says it is no URL).
std::optional<QString> normalizeUrl(const QString& url, QString* why, bool keepReferences = false);

} // namespace pusher
