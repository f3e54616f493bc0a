// Typed text: numbers, ratios and lists as a person types them into a field, read the same
// way by the editor's boxes and cells, the app's Live Rates and pusher-cli.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace pusher {

// readNumber reads a number typed by a person, the same whatever the system's locale:
// digits with a point for decimals, as scenario files write them ("1500", "1.5", "-4",
// "1e3"). A comma is the decimal point where it can be nothing else ("1,5", "0,05",
// "12,2500": a keypad's decimal key gives one in many layouts). Not a number: a comma
// before exactly three digits after 1 to 3 others ("1,500": fifteen hundred with a
// thousands separator, or one and a half with a decimal comma), thousands separators
// ("1,000,000", "1.000,5"), "inf", "nan" and anything else. On failure `why` says why, the
// text quoted: "\"1,500\" is ambiguous (…: write 1500 or 1.5)".
std::optional<double> readNumber(QStringView text, QString* why = nullptr);

// readRatio reads a share typed as a fraction ("0.05", "0,05") or as a percentage ("5%",
// "5 %", "0.5%"), as a threshold's error_rate takes it ("error_rate < 5%"): 0.05 both.
// Any range: the caller says what it holds.
std::optional<double> readRatio(QStringView text, QString* why = nullptr);

// splitList splits a list typed with commas, spaces, or both between its entries
// ("200, 204", "200 204", "gen1:2,gen2"); empty entries are dropped.
QStringList splitList(QStringView text);

// readStatuses reads a list of HTTP status codes as splitList splits it; `why` names the
// first entry that is no whole number ("\"20x\" is not a status code (…)"). An empty text
// is an empty list. Whether a code is in range is the validator's (Scenario::validate).
std::optional<QList<int>> readStatuses(QStringView text, QString* why = nullptr);

} // namespace pusher
