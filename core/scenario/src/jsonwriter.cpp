#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace pusher::json {

namespace {

QByteArray indent(int level) {
    return QByteArray(2 * level, ' ');
}

bool isContainer(const QByteArray& rendered) {
    return rendered.startsWith('{') || rendered.startsWith('[');
}

void escape(QByteArray& out, char16_t unit) {
    static const char hex[] = "0123456789abcdef";
    out += "\\u";
    out += hex[(unit >> 12) & 0xf];
    out += hex[(unit >> 8) & 0xf];
    out += hex[(unit >> 4) & 0xf];
    out += hex[unit & 0xf];
}

} // namespace

QByteArray quote(const QString& text) {
    QByteArray out;
    out.reserve(text.size() + 2);
    out += '"';
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text[i].unicode();
        switch (c) {
        case u'"':
            out += "\\\"";
            continue;
        case u'\\':
            out += "\\\\";
            continue;
        case u'\b':
            out += "\\b";
            continue;
        case u'\f':
            out += "\\f";
            continue;
        case u'\n':
            out += "\\n";
            continue;
        case u'\r':
            out += "\\r";
            continue;
        case u'\t':
            out += "\\t";
            continue;
        default:
            break;
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            // C0, DEL and the C1 controls (U+0080-U+009F) as \u escapes: the text is the same
            // when read back, and a file printed (pusher-cli format, cat) sends no control
            // character to the terminal (docs/scenario-format.md, Saving).
            escape(out, c);
        } else if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (QChar::isHighSurrogate(c) && i + 1 < n &&
                   QChar::isLowSurrogate(text[i + 1].unicode())) {
            out += QStringView(text).mid(i, 2).toUtf8();
            ++i;
        } else if (QChar::isSurrogate(c)) {
            // A lone surrogate has no UTF-8 form; the escape keeps it exactly.
            escape(out, c);
        } else {
            out += QStringView(text).mid(i, 1).toUtf8();
        }
    }
    out += '"';
    return out;
}

QByteArray number(double value) {
    if (!std::isfinite(value))
        return "null"; // JSON has no infinities; never produced from a parsed file
    if (value == std::floor(value) && std::abs(value) < 9007199254740992.0)
        return QByteArray::number(static_cast<qint64>(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest).toLatin1();
}

QByteArray boolean(bool value) {
    return value ? "true" : "false";
}

QByteArray object(const Members& members, int level) {
    if (members.isEmpty())
        return "{}";
    QByteArray out = "{\n";
    for (qsizetype i = 0; i < members.size(); ++i) {
        out += indent(level + 1) + quote(members[i].first) + ": " + members[i].second;
        out += i + 1 < members.size() ? ",\n" : "\n";
    }
    return out + indent(level) + '}';
}

QByteArray array(const QList<QByteArray>& elements, int level) {
    if (elements.isEmpty())
        return "[]";
    bool multiline = false;
    for (const QByteArray& e : elements)
        multiline = multiline || isContainer(e);
    if (!multiline)
        return '[' + elements.join(", ") + ']';
    QByteArray out = "[\n";
    for (qsizetype i = 0; i < elements.size(); ++i) {
        out += indent(level + 1) + elements[i];
        out += i + 1 < elements.size() ? ",\n" : "\n";
    }
    return out + indent(level) + ']';
}

QByteArray value(const QJsonValue& v, int level) {
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return "null";
    case QJsonValue::Bool:
        return boolean(v.toBool());
    case QJsonValue::Double: {
        // Integers outside a double's exact range keep every digit.
        const qint64 a = v.toInteger(0);
        const qint64 b = v.toInteger(1);
        if (a == b)
            return QByteArray::number(a);
        return number(v.toDouble());
    }
    case QJsonValue::String:
        return quote(v.toString());
    case QJsonValue::Array: {
        QList<QByteArray> elements;
        const QJsonArray a = v.toArray();
        for (const QJsonValue& e : a)
            elements.append(value(e, level + 1));
        return array(elements, level);
    }
    case QJsonValue::Object: {
        Members members;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            members.append({it.key(), value(it.value(), level + 1)});
        return object(members, level);
    }
    }
    return "null";
}

} // namespace pusher::json
