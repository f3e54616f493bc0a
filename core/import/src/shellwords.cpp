#include "pusher/import/import.h"

namespace pusher {

std::optional<QStringList> splitShellWords(const QString& text, QString* error) {
    QStringList words;
    QString word;
    bool inWord = false;
    qsizetype i = 0;
    const qsizetype n = text.size();
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    while (i < n) {
        const QChar c = text[i];
        if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r') {
            if (inWord) {
                words.append(word);
                word.clear();
                inWord = false;
            }
            ++i;
            continue;
        }
        if (c == u'\\') {
            if (i + 1 < n && text[i + 1] == u'\n') { // line continuation
                i += 2;
                continue;
            }
            if (i + 2 < n && text[i + 1] == u'\r' && text[i + 2] == u'\n') {
                i += 3;
                continue;
            }
            inWord = true;
            if (i + 1 < n)
                word += text[i + 1];
            i += 2;
            continue;
        }
        if (c == u'\'') {
            const qsizetype close = text.indexOf(u'\'', i + 1);
            if (close < 0)
                return fail(QStringLiteral("unterminated ' quote (from character %1)").arg(i + 1));
            word += text.mid(i + 1, close - i - 1);
            inWord = true;
            i = close + 1;
            continue;
        }
        if (c == u'$' && i + 1 < n && text[i + 1] == u'\'') {
            // ANSI-C quoting, as browsers' "Copy as cURL" writes for bodies with line breaks.
            qsizetype j = i + 2;
            bool closed = false;
            while (j < n) {
                const QChar d = text[j];
                if (d == u'\'') {
                    closed = true;
                    ++j;
                    break;
                }
                if (d == u'\\' && j + 1 < n) {
                    const QChar e = text[j + 1];
                    j += 2;
                    switch (e.unicode()) {
                    case 'n':
                        word += u'\n';
                        break;
                    case 't':
                        word += u'\t';
                        break;
                    case 'r':
                        word += u'\r';
                        break;
                    case 'x': {
                        qsizetype k = j;
                        while (k < n && k < j + 2 && isxdigit(text[k].toLatin1()))
                            ++k;
                        word += QChar(text.mid(j, k - j).toUShort(nullptr, 16));
                        j = k;
                        break;
                    }
                    case 'u': {
                        qsizetype k = j;
                        while (k < n && k < j + 4 && isxdigit(text[k].toLatin1()))
                            ++k;
                        word += QChar(text.mid(j, k - j).toUShort(nullptr, 16));
                        j = k;
                        break;
                    }
                    default:
                        word += e; // \\ \' \" and anything else: the character itself
                    }
                    continue;
                }
                word += d;
                ++j;
            }
            if (!closed)
                return fail(QStringLiteral("unterminated $' quote (from character %1)").arg(i + 1));
            inWord = true;
            i = j;
            continue;
        }
        if (c == u'"') {
            qsizetype j = i + 1;
            bool closed = false;
            while (j < n) {
                const QChar d = text[j];
                if (d == u'"') {
                    closed = true;
                    ++j;
                    break;
                }
                if (d == u'\\' && j + 1 < n) {
                    const QChar e = text[j + 1];
                    if (e == u'\n') {
                        j += 2;
                        continue;
                    }
                    if (e == u'"' || e == u'\\' || e == u'$' || e == u'`') {
                        word += e;
                        j += 2;
                        continue;
                    }
                }
                word += d;
                ++j;
            }
            if (!closed)
                return fail(QStringLiteral("unterminated \" quote (from character %1)").arg(i + 1));
            inWord = true;
            i = j;
            continue;
        }
        word += c;
        inWord = true;
        ++i;
    }
    if (inWord)
        words.append(word);
    return words;
}

} // namespace pusher
