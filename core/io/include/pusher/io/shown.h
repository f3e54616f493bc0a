// Text as a terminal shows it: names and messages from outside (a results file someone edited,
// a scenario's command, an error sample) printed with their control characters escaped.
#pragma once

#include <QString>

namespace pusher {

// terminalText is `text` with each control character but the newline (C0, DEL, C1
// U+0080-U+009F) shown escaped: \r and \t as such, others as \x1b or \u0085. An ESC sequence
// printed raw would clear the screen, set the window title or rewrite the line in the user's
// terminal or CI log.
QString terminalText(const QString& text);

// oneLine is `text` for a place that is one line by design (a table's cell, a line of a
// summary, a one-line error): a newline in it is shown as \n.
QString oneLine(const QString& text);

// shownInLine is `text` as a one-line place prints it (oneLine, then terminalText): what a
// table's column is measured on, so that an escaped name does not push its row's columns right.
QString shownInLine(const QString& text);

// displayWidth is how many columns a terminal gives `text`: two for a wide or full-width
// character (CJK ideographs, kana, Hangul, full-width forms, most emoji: Unicode's East Asian
// Width W and F), none for a combining mark or a format character (U+0301, U+200D), one for
// the rest (the soft hyphen U+00AD too, as glibc's wcwidth counts it). What a terminal draws
// as one emoji takes two, not the sum of its parts: a ZWJ sequence (U+1F468 U+200D U+1F469
// U+200D U+1F467, one family), a pair of regional indicators (a flag), an emoji with a skin
// tone or with VS16, U+FE0F (U+2764 U+FE0F, or a keycap). A table measured in characters put
// a row with a Japanese name out of line.
int displayWidth(const QString& text);

// padded is `text` with spaces up to `width` columns (displayWidth), after it for a negative
// width (a left-aligned column) and before it for a positive one, as QString::arg pads; it
// never cuts `text`.
QString padded(const QString& text, int width);

// cutToWidth is the longest start of `text` that takes at most `columns` columns, never
// half of a surrogate pair, a wide character or a character drawn as one (an accented
// letter, a ZWJ sequence, a flag: displayWidth's).
QString cutToWidth(const QString& text, int columns);

} // namespace pusher
