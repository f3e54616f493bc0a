#include "pusher/http/url.h"

namespace pusher {

namespace {

// kEncoded are the ASCII characters that RFC 3986 allows nowhere in a path or query but
// users paste anyway (browsers and curl send them percent-encoded).
constexpr char16_t kEncoded[] = u" \"<>\\^`{|}[]";

bool isHex(QChar c) {
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

bool isNameChar(QChar c, bool first) {
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || c == u'_' ||
           (!first && c >= u'0' && c <= u'9');
}

void encode(QStringView text, QString& out) {
    static const char hex[] = "0123456789ABCDEF";
    for (const char byte : text.toUtf8()) {
        const auto b = static_cast<unsigned char>(byte);
        out += u'%';
        out += QLatin1Char(hex[b >> 4]);
        out += QLatin1Char(hex[b & 15]);
    }
}

QString codePoint(QChar c) {
    return QStringLiteral("U+%1").arg(c.unicode(), 4, 16, QLatin1Char('0')).toUpper();
}

} // namespace

std::optional<QString> normalizeUrl(const QString& url, QString* why, bool keepReferences) {
    auto fail = [why](const QString& message) -> std::optional<QString> {
        if (why)
            *why = message;
        return std::nullopt;
    };
    if (url.isEmpty())
        return url;
    if (url.front().isSpace() || url.back().isSpace())
        return fail(QStringLiteral("it starts or ends with a space"));
    for (qsizetype i = 0; i < url.size(); ++i) {
        const QChar c = url[i];
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.category() == QChar::Other_Control)
            return fail(QStringLiteral("control character %1 at character %2 (a line break or "
                                       "tab cannot be sent in a URL; write it %-encoded)")
                            .arg(codePoint(c), QString::number(i + 1)));
    }
    const qsizetype scheme = url.indexOf(QLatin1String("://"));
    if (scheme < 0)
        return url;
    qsizetype end = scheme + 3;
    while (end < url.size() && url[end] != u'/' && url[end] != u'?' && url[end] != u'#')
        ++end;
    const QString authority = url.mid(scheme + 3, end - scheme - 3);
    if (!(keepReferences && authority.contains(QLatin1String("${")))) {
        for (const QChar c : authority) {
            if (QStringView(kEncoded).contains(c) && c != u'[' && c != u']')
                return fail(
                    QStringLiteral("the host part \"%1\" cannot hold \"%2\" (only a path or query "
                                   "can; a host has letters, digits, '-' and '.')")
                        .arg(authority, QString(c)));
        }
    }
    QString out = url.left(end);
    out.reserve(url.size() + 16);
    bool fragment = false;
    qsizetype k = end;
    while (k < url.size()) {
        const QChar c = url[k];
        if (keepReferences && c == u'$') {
            if (QStringView(url).mid(k, 3) == u"$${") {
                out += QLatin1String("$%7B");
                k += 3;
                continue;
            }
            if (QStringView(url).mid(k, 2) == u"${") {
                qsizetype close = k + 2;
                while (close < url.size() && isNameChar(url[close], close == k + 2))
                    ++close;
                if (close > k + 2 && close < url.size() && url[close] == u'}') {
                    out += QStringView(url).mid(k, close + 1 - k);
                    k = close + 1;
                    continue;
                }
            }
        }
        if (c == u'%') {
            if (k + 2 >= url.size() || !isHex(url[k + 1]) || !isHex(url[k + 2]))
                return fail(QStringLiteral("\"%1\" at character %2 is not a percent-encoding "
                                           "(%XX with two hex digits; write %25 for a %)")
                                .arg(url.mid(k, 3), QString::number(k + 1)));
            out += QStringView(url).mid(k, 3);
            k += 3;
            continue;
        }
        if (c == u'#' && !fragment) {
            fragment = true;
            out += c;
            ++k;
            continue;
        }
        if (c.isHighSurrogate() && k + 1 < url.size() && url[k + 1].isLowSurrogate()) {
            encode(QStringView(url).mid(k, 2), out);
            k += 2;
            continue;
        }
        if (c.unicode() >= 0x80 || c == u'#' || QStringView(kEncoded).contains(c))
            encode(QStringView(url).mid(k, 1), out);
        else
            out += c;
        ++k;
    }
    return out;
}

} // namespace pusher
