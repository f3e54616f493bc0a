#include "pusher/scenario/duration.h"

#include <QRegularExpression>

#include <cstdint>
#include <limits>

namespace pusher {

namespace {

constexpr std::int64_t kNs = 1;
constexpr std::int64_t kUs = 1000;
constexpr std::int64_t kMs = 1000 * kUs;
constexpr std::int64_t kS = 1000 * kMs;
constexpr std::int64_t kM = 60 * kS;
constexpr std::int64_t kH = 60 * kM;
constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max();
__extension__ using Int128 = __int128; // exact fraction × unit products

bool isDigit(QChar c) {
    return c >= u'0' && c <= u'9';
}

// unitAt reads the unit starting at `i`, advancing it; 0 when there is none.
std::int64_t unitAt(QStringView text, qsizetype& i) {
    auto rest = text.mid(i);
    auto take = [&](QStringView unit, std::int64_t ns) {
        if (!rest.startsWith(unit))
            return std::int64_t{0};
        i += unit.size();
        return ns;
    };
    // Two-letter units first, so "ms" is not read as "m" followed by "s".
    for (auto [unit, ns] :
         {std::pair{u"ns", kNs}, std::pair{u"us", kUs}, std::pair{u"\u00b5s", kUs},
          std::pair{u"\u03bcs", kUs}, std::pair{u"ms", kMs}}) {
        if (std::int64_t got = take(QStringView(unit), ns))
            return got;
    }
    for (auto [unit, ns] : {std::pair{u"s", kS}, std::pair{u"m", kM}, std::pair{u"h", kH}}) {
        if (std::int64_t got = take(QStringView(unit), ns))
            return got;
    }
    return 0;
}

// appendFraction appends "." and the digits of `rem` / `unit` without trailing zeros.
void appendFraction(QString& out, std::int64_t rem, std::int64_t unit) {
    if (rem == 0)
        return;
    QString digits;
    for (std::int64_t place = unit / 10; place > 0; place /= 10) {
        digits.append(QChar(u'0' + static_cast<char16_t>(rem / place)));
        rem %= place;
    }
    while (digits.endsWith(u'0'))
        digits.chop(1);
    out += u'.' + digits;
}

} // namespace

std::optional<Duration> parseDuration(QStringView text) {
    if (text == u"0")
        return Duration::zero();
    if (text.isEmpty())
        return std::nullopt;
    std::int64_t total = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        // <int>[.<frac>]<unit>
        std::int64_t whole = 0;
        qsizetype digits = 0;
        bool overflow = false;
        while (i < text.size() && isDigit(text[i])) {
            const int d = text[i].unicode() - u'0';
            if (whole > (kLimit - d) / 10)
                overflow = true;
            else
                whole = whole * 10 + d;
            ++i;
            ++digits;
        }
        // The fraction is kept as up to 18 digits: more cannot change a nanosecond count.
        std::int64_t frac = 0;
        std::int64_t scale = 1;
        qsizetype fracDigits = 0;
        if (i < text.size() && text[i] == u'.') {
            ++i;
            while (i < text.size() && isDigit(text[i])) {
                if (scale < 1'000'000'000'000'000'000LL) {
                    frac = frac * 10 + (text[i].unicode() - u'0');
                    scale *= 10;
                }
                ++i;
                ++fracDigits;
            }
        }
        if (digits + fracDigits == 0 || overflow)
            return std::nullopt;
        const std::int64_t unit = unitAt(text, i);
        if (unit == 0)
            return std::nullopt;
        if (whole > kLimit / unit)
            return std::nullopt;
        std::int64_t ns = whole * unit;
        // frac / scale × unit, rounded to the nearest nanosecond, in 128-bit to be exact.
        const Int128 part = (static_cast<Int128>(frac) * unit * 2 + scale) / (2 * scale);
        if (part > kLimit - ns)
            return std::nullopt;
        ns += static_cast<std::int64_t>(part);
        if (ns > kLimit - total)
            return std::nullopt;
        total += ns;
    }
    return std::chrono::duration_cast<Duration>(std::chrono::nanoseconds(total));
}

QString formatDuration(Duration d) {
    std::int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
    QString out;
    if (ns < 0) {
        out += u'-';
        ns = ns == std::numeric_limits<std::int64_t>::min() ? kLimit : -ns;
    }
    if (ns == 0)
        return QStringLiteral("0s");
    if (ns < kS) {
        const auto [unit, name] = ns >= kMs   ? std::pair{kMs, u"ms"}
                                  : ns >= kUs ? std::pair{kUs, u"us"}
                                              : std::pair{kNs, u"ns"};
        out += QString::number(ns / unit);
        appendFraction(out, ns % unit, unit);
        return out + QStringView(name);
    }
    if (const std::int64_t h = ns / kH) {
        out += QString::number(h) + u'h';
        ns %= kH;
    }
    if (const std::int64_t m = ns / kM) {
        out += QString::number(m) + u'm';
        ns %= kM;
    }
    if (ns > 0) {
        out += QString::number(ns / kS);
        appendFraction(out, ns % kS, kS);
        out += u's';
    }
    return out;
}

QString unspacedDuration(const QString& text) {
    static const QRegularExpression spaced(
        QStringLiteral("^(?:\\d+(?:\\.\\d+)?\\s*[a-z\u00b5\u03bc]+\\s*)+$"));
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    if (!spaced.match(text).hasMatch())
        return {};
    QString joined = text;
    joined.remove(spaces);
    return parseDuration(joined) ? joined : QString();
}

} // namespace pusher
