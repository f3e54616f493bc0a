// Canonical JSON text: 2-space indentation, members in the order given, scalar arrays on
// one line. Internal to pusher_scenario.
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

namespace pusher::json {

// Members are an object's keys with their values already rendered at the member's level.
using Members = QList<QPair<QString, QByteArray>>;

QByteArray quote(const QString& text);
QByteArray number(double value);
QByteArray boolean(bool value);
// object renders `members` as an object whose opening brace is on a line at `level`.
QByteArray object(const Members& members, int level);
// array renders already rendered elements, one per line, when any element is an object or
// an array; on one line otherwise.
QByteArray array(const QList<QByteArray>& elements, int level);
// value renders any JSON value (object keys in QJsonObject order, which is sorted).
QByteArray value(const QJsonValue& value, int level);

} // namespace pusher::json
