// The properties every scenario input must keep, shared by the libFuzzer target and the
// deterministic robustness test: no crash, a syntax error has a position, and a valid
// scenario survives load → save → load → save unchanged.
#pragma once

#include <pusher/scenario/scenario.h>

#include <QProcessEnvironment>

#include <algorithm>

namespace fuzzcheck {

// checkScenario returns an empty string when `text` keeps the properties, else why not.
inline QString checkScenario(const QByteArray& text) {
    const pusher::ScenarioParse p = pusher::Scenario::fromJson(text);
    // A problem of the text (a syntax error, a raw control character, keys given twice) has a
    // line and column; the text's problems come alone (several keys twice are all listed), as
    // nothing is read from a text that has one.
    const bool ofTheText = std::any_of(p.problems.begin(), p.problems.end(),
                                       [](const pusher::Problem& q) { return q.line > 0; });
    for (const pusher::Problem& problem : p.problems) {
        if (problem.message.isEmpty())
            return QStringLiteral("empty problem message at ") + problem.path;
        if (problem.line > 0 && problem.column < 1)
            return QStringLiteral("bad syntax error position: ") + problem.toString();
        if (ofTheText && problem.line <= 0)
            return QStringLiteral("a problem of the text beside others: ") + problem.toString();
    }
    // The model's own checks and substitution must not crash on anything fromJson built.
    (void)p.scenario.validate();
    QProcessEnvironment env;
    env.insert(QStringLiteral("FUZZ"), QStringLiteral("${FUZZ}"));
    (void)p.scenario.resolved(env);
    (void)p.scenario.variables();
    (void)p.scenario.withSandboxPort(1);
    if (!p.ok())
        return {};
    const QByteArray saved = p.scenario.toJson();
    const pusher::ScenarioParse again = pusher::Scenario::fromJson(saved);
    if (!again.ok())
        return QStringLiteral("saved text does not load: ") + again.problems.first().toString();
    if (!(again.scenario == p.scenario))
        return QStringLiteral("load → save → load changed the scenario");
    if (again.scenario.toJson() != saved)
        return QStringLiteral("save is not byte-stable");
    return {};
}

} // namespace fuzzcheck
