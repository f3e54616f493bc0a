// libFuzzer target over the HAR importer (`pusher-cli import har FILE`, the app's File >
// Import): a HAR file comes from a browser or another tool, so it must never crash the
// importer, and a scenario it says it imported must validate and load back as itself
// (import_check.h), with or without --drop-static. Found: a pause of millennia between two
// entries overflowed the think time (tst_import harPauseIsCutToTheLongestThink).
// Built with PUSHER_FUZZ=ON and clang; run it with tests/fuzz/run-fuzz.sh SECONDS.
#include "import_check.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray json(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    for (const bool dropStatic : {false, true}) {
        pusher::HarOptions options;
        options.dropStatic = dropStatic;
        const pusher::ImportResult result =
            pusher::importHar(json, options, QStringLiteral("fuzz.har"));
        if (!result.ok() && !result.error.startsWith(QLatin1String("fuzz.har")))
            fuzzcheck::importViolated("an error that does not name the file", result.error);
        fuzzcheck::checkImport(result);
    }
    return 0;
}
