// What an import must keep, shared by the curl and HAR fuzz targets: what it says it imported
// is a scenario that validates and loads back as itself (the editor and `pusher-cli import -o`
// save it, and the next open must take it unchanged).
#pragma once

#include "scenario_check.h"

#include <pusher/import/import.h>

#include <cstdio>
#include <cstdlib>

namespace fuzzcheck {

[[noreturn]] inline void importViolated(const char* what, const QString& detail) {
    std::fprintf(stderr, "import property violated: %s: %s\n", what, detail.toUtf8().constData());
    std::abort();
}

inline void checkImport(const pusher::ImportResult& result) {
    for (const QString& line : result.ignored + result.notes) {
        if (line.isEmpty())
            importViolated("an empty ignored or note line", QString());
    }
    if (!result.ok())
        return;
    if (const QList<pusher::Problem> problems = result.scenario.validate(); !problems.isEmpty())
        importViolated("ok, but the scenario does not validate", problems.first().toString());
    const QByteArray saved = result.scenario.toJson();
    const pusher::ScenarioParse loaded = pusher::Scenario::fromJson(saved);
    if (!loaded.ok())
        importViolated("ok, but the saved scenario does not load",
                       loaded.problems.first().toString() + QStringLiteral("\n") +
                           QString::fromUtf8(saved));
    if (!(loaded.scenario == result.scenario))
        importViolated("saved and loaded it is another scenario", QString::fromUtf8(saved));
    if (const QString why = checkScenario(saved); !why.isEmpty())
        importViolated("the saved scenario", why);
}

} // namespace fuzzcheck
