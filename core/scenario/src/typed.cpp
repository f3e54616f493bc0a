#include "pusher/scenario/typed.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace pusher {

namespace {

bool fail(QString* why, const QString& message) {
    if (why)
        *why = message;
    return false;
}

} // namespace

std::optional<double> readNumber(QStringView typed, QString* why) {
    const QString text = typed.trimmed().toString();
    if (text.isEmpty())
        return fail(why, QStringLiteral("no number typed")), std::nullopt;
    // Only what a number written by hand holds: QString::toDouble takes "inf" and "nan".
    static const QRegularExpression plain(
        QStringLiteral("^[+-]?([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][+-]?[0-9]+)?$"));
    // Thousands separators, the C locale's ("1,000,000", "1,000.5") or a decimal comma's
    // ("1.000.000", "1.000,5"): the number without them is said.
    const qsizetype commas = text.count(u',');
    const qsizetype points = text.count(u'.');
    if (commas + points > 1) {
        static const QRegularExpression grouped(
            QStringLiteral("^[+-]?[0-9]{1,3}(?:(,)[0-9]{3})+(?:\\.[0-9]+)?$|"
                           "^[+-]?[0-9]{1,3}(?:(\\.)[0-9]{3})+(?:,[0-9]+)?$"));
        if (const auto m = grouped.match(text); m.hasMatch()) {
            const QChar group = m.capturedLength(1) > 0 ? u',' : u'.';
            QString bare = text;
            bare.remove(group);
            bare.replace(u',', u'.');
            return fail(why, QStringLiteral("\"%1\" is not a number (no thousands separators: "
                                            "write %2)")
                                 .arg(text, bare)),
                   std::nullopt;
        }
        return fail(why, QStringLiteral("\"%1\" is not a number").arg(text)), std::nullopt;
    }
    if (!plain.match(text).hasMatch())
        return fail(why, QStringLiteral("\"%1\" is not a number").arg(text)), std::nullopt;
    // "1,500": fifteen hundred where a comma groups thousands, one and a half where it is
    // the decimal point. Said, not guessed: the two readings are a thousand times apart.
    static const QRegularExpression grouping(QStringLiteral("^[+-]?[1-9][0-9]{0,2},[0-9]{3}$"));
    if (grouping.match(text).hasMatch()) {
        QString whole = text;
        whole.remove(u',');
        QString point = text;
        point.replace(u',', u'.');
        while (point.endsWith(u'0'))
            point.chop(1);
        if (point.endsWith(u'.'))
            point.chop(1);
        return fail(why, QStringLiteral("\"%1\" is ambiguous: a comma before three digits is a "
                                        "thousands separator or a decimal comma (write %2 or "
                                        "%3, no thousands separators)")
                             .arg(text, whole, point)),
               std::nullopt;
    }
    QString c = text;
    c.replace(u',', u'.');
    bool ok = false;
    const double value = QLocale::c().toDouble(c, &ok);
    if (!ok || !std::isfinite(value))
        return fail(why, QStringLiteral("\"%1\" is not a number").arg(text)), std::nullopt;
    return value;
}

std::optional<double> readRatio(QStringView typed, QString* why) {
    const QStringView text = typed.trimmed();
    if (text.endsWith(u'%')) {
        QString inner;
        const auto v = readNumber(text.chopped(1), &inner);
        if (!v) {
            fail(why, QStringLiteral("\"%1\" is not a percentage (e.g. 5%, or 0.05)")
                          .arg(text.toString()));
            return std::nullopt;
        }
        return *v / 100;
    }
    return readNumber(text, why);
}

QStringList splitList(QStringView text) {
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    return text.toString().split(separators, Qt::SkipEmptyParts);
}

std::optional<QList<int>> readStatuses(QStringView text, QString* why) {
    QList<int> codes;
    for (const QString& part : splitList(text)) {
        bool ok = false;
        const int code = part.toInt(&ok);
        if (!ok) {
            fail(why,
                 QStringLiteral("\"%1\" is not a status code (expected e.g. 200, 204)").arg(part));
            return std::nullopt;
        }
        codes.append(code);
    }
    return codes;
}

} // namespace pusher
