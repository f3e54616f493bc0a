// libFuzzer target over the scenario parser, validator, substitution and writer.
// Built with PUSHER_FUZZ=ON and clang; run it with tests/fuzz/run-fuzz.sh SECONDS.
#include "scenario_check.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray text(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const QString why = fuzzcheck::checkScenario(text);
    if (!why.isEmpty()) {
        std::fprintf(stderr, "scenario property violated: %s\n", why.toUtf8().constData());
        std::abort();
    }
    return 0;
}
