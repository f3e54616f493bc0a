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

} // namespace pusher
