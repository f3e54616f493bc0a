// Duration text: "250ms", "30s", "5m", "1h30m", "1.5s" in scenario files.
#pragma once

#include <pusher/clock.h>

#include <QString>
#include <QStringView>

#include <optional>

namespace pusher {

// parseDuration reads a duration written as one or more <number><unit> parts, like Go's
// time.ParseDuration: units ns, us (or µs), ms, s, m, h; numbers may have a fraction
// ("1.5s"); "0" alone is zero. Returns nullopt for anything else, for a negative value and
// for a value beyond about 292 years.
std::optional<Duration> parseDuration(QStringView text);

// unspacedDuration is `text` without its spaces when that is all that keeps it from being a
// duration, as people write one ("200 ms", "1m 30s": "200ms", "1m30s"); empty otherwise.
QString unspacedDuration(const QString& text);

// formatDuration writes `d` in the canonical form that parseDuration reads back exactly:
// under a second as one unit ("250ms", "1.5ms", "20us", "7ns"), otherwise hours, minutes
// and seconds with zero parts left out ("1h30m", "1m1.25s", "2s"); zero is "0s".
QString formatDuration(Duration d);

} // namespace pusher
