#include "pusher/io/shown.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>

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

namespace {

// The wide and full-width ranges of Unicode's EastAsianWidth.txt (W, F), merged where they
// touch; emoji presentation symbols are W since Unicode 9.
constexpr char32_t kWide[][2] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
    {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F202}, {0x1F210, 0x1F23B},
    {0x1F240, 0x1F248}, {0x1F250, 0x1F251}, {0x1F260, 0x1F265}, {0x1F300, 0x1F320},
    {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
    {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
    {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E},
    {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4},
    {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
    {0x1F6D5, 0x1F6D7}, {0x1F6DC, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC},
    {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945},
    {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

int columnsOf(char32_t u) {
    if (u == 0xAD)
        return 1; // the soft hyphen is drawn, as glibc's wcwidth has it, though a format character
    const auto cat = QChar::category(u);
    if (cat == QChar::Mark_NonSpacing || cat == QChar::Mark_Enclosing || cat == QChar::Other_Format)
        return 0;
    const auto* end = std::end(kWide);
    const auto* it = std::lower_bound(std::begin(kWide), end, u,
                                      [](const char32_t(&r)[2], char32_t c) { return r[1] < c; });
    return it != end && (*it)[0] <= u ? 2 : 1;
}

// forEachCodePoint calls f(code point, index of its first UTF-16 unit, units) for `text`; a
// lone surrogate is one code point of one unit.
template <typename F>
void forEachCodePoint(const QString& text, F&& f) {
    for (qsizetype i = 0; i < text.size();) {
        const QChar c = text[i];
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            if (!f(QChar::surrogateToUcs4(c, text[i + 1]), i, 2))
                return;
            i += 2;
        } else {
            if (!f(char32_t(c.unicode()), i, 1))
                return;
            ++i;
        }
    }
}

constexpr char32_t kZwj = 0x200D;
constexpr char32_t kVs16 = 0xFE0F; // emoji presentation

bool regionalIndicator(char32_t u) {
    return u >= 0x1F1E6 && u <= 0x1F1FF;
}

bool emojiModifier(char32_t u) { // the skin tones
    return u >= 0x1F3FB && u <= 0x1F3FF;
}

// pictographic is Unicode's Extended_Pictographic, near enough: what a ZWJ joins, a skin
// tone modifies and VS16 shows as an emoji.
bool pictographic(char32_t u) {
    if (u >= 0x1F000 && u <= 0x1FAFF)
        return !regionalIndicator(u) && !emojiModifier(u);
    return u == 0xA9 || u == 0xAE || u == 0x203C || u == 0x2049 || u == 0x2122 || u == 0x2139 ||
           (u >= 0x2194 && u <= 0x21AA) || (u >= 0x231A && u <= 0x23FF) || u == 0x24C2 ||
           (u >= 0x25AA && u <= 0x27BF) || u == 0x2934 || u == 0x2935 ||
           (u >= 0x2B05 && u <= 0x2B55) || u == 0x3030 || u == 0x303D || u == 0x3297 || u == 0x3299;
}

// keycapBase is what VS16 and U+20E3 make a keycap emoji of (1️⃣, #️⃣).
bool keycapBase(char32_t u) {
    return (u >= u'0' && u <= u'9') || u == u'#' || u == u'*';
}

// extends is true of what never starts a character of its own: a combining mark, a format
// character (U+200D, a tag of a subdivision flag), a variation selector.
bool extends(char32_t u) {
    return columnsOf(u) == 0;
}

// forEachCluster calls f(columns, index of its first UTF-16 unit) for each character as a
// terminal draws it, in order: a base with the marks on it; and as one wide glyph, 2
// columns, an emoji ZWJ sequence (👨‍👩‍👧), a pair of regional indicators (a flag), an
// emoji with a skin tone or with VS16 (❤️, a keycap). f returns false to stop.
template <typename F>
void forEachCluster(const QString& text, F&& f) {
    bool open = false;
    qsizetype start = 0;
    char32_t base = 0;
    int columns = 0;
    bool emoji = false; // drawn as one wide emoji
    bool afterZwj = false;
    int indicators = 0;
    bool go = true;
    forEachCodePoint(text, [&](char32_t u, qsizetype at, int) {
        if (open) {
            const bool pictographicBase = pictographic(base);
            const bool joined = afterZwj && pictographicBase && pictographic(u);
            afterZwj = false;
            if (joined) { // 👩‍💻: the ZWJ joins two emoji into one
                emoji = true;
                return true;
            }
            if (extends(u)) {
                afterZwj = u == kZwj;
                if (u == kVs16 && (pictographicBase || keycapBase(base)))
                    emoji = true;
                return true;
            }
            if (emojiModifier(u) && pictographicBase) {
                emoji = true;
                return true;
            }
            if (regionalIndicator(u) && indicators == 1) {
                indicators = 2;
                emoji = true;
                return true;
            }
            if (!(go = f(emoji ? 2 : columns, start)))
                return false;
        }
        open = true;
        start = at;
        base = u;
        columns = columnsOf(u);
        emoji = false;
        indicators = regionalIndicator(u) ? 1 : 0;
        return true;
    });
    if (open && go)
        f(emoji ? 2 : columns, start);
}

} // namespace

int displayWidth(const QString& text) {
    int columns = 0;
    forEachCluster(text, [&](int width, qsizetype) {
        columns += width;
        return true;
    });
    return columns;
}

QString padded(const QString& text, int width) {
    const int fill = std::abs(width) - displayWidth(text);
    if (fill <= 0)
        return text;
    const QString spaces(fill, QLatin1Char(' '));
    return width < 0 ? text + spaces : spaces + text;
}

QString cutToWidth(const QString& text, int columns) {
    int used = 0;
    qsizetype end = text.size();
    forEachCluster(text, [&](int width, qsizetype at) {
        used += width;
        if (used > columns) {
            end = at;
            return false;
        }
        return true;
    });
    return text.left(end);
}

} // namespace pusher
