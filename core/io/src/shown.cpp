#include "pusher/io/shown.h"

#include <algorithm>

namespace pusher {

QString terminalText(const QString& text) {
    const auto control = [](char16_t c) {
        return (c < 0x20 && c != u'\n') || (c >= 0x7f && c <= 0x9f);
    };
    if (std::none_of(text.cbegin(), text.cend(), [&](QChar c) { return control(c.unicode()); }))
        return text;
    QString shown;
    shown.reserve(text.size() + 8);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!control(u))
            shown += c;
        else if (u == u'\r')
            shown += QLatin1String("\\r");
        else if (u == u'\t')
            shown += QLatin1String("\\t");
        else
            shown += QString(u <= 0x7f ? QLatin1String("\\x") : QLatin1String("\\u00")) +
                     QString::number(u, 16).rightJustified(2, QLatin1Char('0'));
    }
    return shown;
}

QString oneLine(const QString& text) {
    if (!text.contains(QLatin1Char('\n')))
        return text;
    return QString(text).replace(QLatin1Char('\n'), QLatin1String("\\n"));
}

QString shownInLine(const QString& text) {
    return terminalText(oneLine(text));
}

} // namespace pusher
