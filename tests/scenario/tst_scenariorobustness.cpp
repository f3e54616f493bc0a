// Throws truncated and mutated variants of the example scenarios, and the fuzz corpus, at
// the parser, so the normal suite covers what the fuzzer checks.
#include "../fuzz/scenario_check.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

namespace {

QByteArray readFile(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(path));
    return f.readAll();
}

QStringList filesIn(const QString& dir, const QStringList& filters = {}) {
    QStringList out;
    for (const QFileInfo& fi : QDir(QStringLiteral(PUSHER_SOURCE_DIR) + dir)
                                   .entryInfoList(filters, QDir::Files, QDir::Name))
        out << fi.absoluteFilePath();
    return out;
}

QStringList seeds() {
    const QStringList json{QStringLiteral("*.json")};
    return filesIn(QStringLiteral("/examples/scenarios"), json) +
           filesIn(QStringLiteral("/resources/scenarios"), json) +
           filesIn(QStringLiteral("/tests/scenario/data"), json);
}

// kMutations per seed file: enough to reach the validator's paths, quick under ASan.
constexpr int kMutations = 800;

// Tokens that steer mutations towards interesting places in the parser and validator.
const char* const kTokens[] = {
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "null",
    "true",
    "false",
    "-1",
    "0",
    "1e999",
    "-0",
    "1.5",
    "4294967296",
    "9223372036854775807",
    "\"${\"",
    "\"${X}\"",
    "\"$${X}\"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"0s\"",
    "\"99999999h\"",
    "\"1h30m\"",
    "\"http://sandbox/\"",
    "\"p99 < 1ms\"",
    "\"rps > 1\"",
    "{\"rps\": 1}",
    "{\"max\": true}",
    "{\"stages\": []}",
    "\"kind\"",
    "\"http\"",
    "\"tcp\"",
    "\"command\"",
    "\"synthetic\"",
    "\"[::1]:80\"",
    "[[\"a\", \"b\"]]",
    "\xc3\xa9",
    "\xff",
    "\n",
};

QByteArray mutate(QByteArray text, QRandomGenerator& rng) {
    const int edits = 1 + static_cast<int>(rng.bounded(3));
    for (int e = 0; e < edits; ++e) {
        const auto size = static_cast<quint32>(text.size());
        const auto at = static_cast<qsizetype>(size ? rng.bounded(size) : 0);
        switch (rng.bounded(5)) {
        case 0: // flip a byte
            if (size)
                text[at] = static_cast<char>(text[at] ^ (1 << rng.bounded(8)));
            break;
        case 1: // delete a range
            text.remove(at, static_cast<qsizetype>(rng.bounded(16)));
            break;
        case 2: // duplicate a range
            text.insert(at, text.mid(at, static_cast<qsizetype>(rng.bounded(32))));
            break;
        case 3: // insert a token
            text.insert(at, kTokens[rng.bounded(static_cast<quint32>(std::size(kTokens)))]);
            break;
        default: { // replace a value after a colon with a token
            const qsizetype colon = text.indexOf(':', at);
            if (colon < 0)
                break;
            qsizetype end = colon + 1;
            while (end < text.size() && text[end] != ',' && text[end] != '}' && text[end] != '\n')
                ++end;
            const QByteArray token =
                QByteArray(" ") + kTokens[rng.bounded(static_cast<quint32>(std::size(kTokens)))];
            text.replace(colon + 1, end - colon - 1, token);
        }
        }
    }
    return text;
}

} // namespace

class TestScenarioRobustness : public QObject {
    Q_OBJECT
private slots:
    void truncations_data() {
        QTest::addColumn<QString>("file");
        for (const QString& f : seeds())
            QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
    }
    void truncations() {
        QFETCH(QString, file);
        const QByteArray text = readFile(file);
        QVERIFY(!text.isEmpty());
        for (qsizetype n = 0; n <= text.size(); ++n) {
            const QString why = fuzzcheck::checkScenario(text.left(n));
            QVERIFY2(why.isEmpty(),
                     qPrintable(QStringLiteral("first %1 bytes: %2").arg(n).arg(why)));
        }
        // Every proper prefix of a JSON object is a syntax error with a position.
        const pusher::ScenarioParse half = pusher::Scenario::fromJson(text.left(text.size() / 2));
        QCOMPARE(half.problems.size(), 1);
        QVERIFY(half.problems.first().line > 1);
    }

    void mutations_data() { truncations_data(); }
    void mutations() {
        QFETCH(QString, file);
        const QByteArray text = readFile(file);
        // A fixed seed per file: failures reproduce.
        QRandomGenerator rng(static_cast<quint32>(qHash(QFileInfo(file).fileName())));
        int valid = 0;
        for (int i = 0; i < kMutations; ++i) {
            const QByteArray input = mutate(text, rng);
            const QString why = fuzzcheck::checkScenario(input);
            QVERIFY2(why.isEmpty(),
                     qPrintable(why + QStringLiteral("\ninput:\n") + QString::fromUtf8(input)));
            valid += pusher::Scenario::fromJson(input).ok() ? 1 : 0;
        }
        // The mutations reach both the validator's accept and reject paths.
        QVERIFY2(valid > 0 && valid < kMutations, qPrintable(QString::number(valid)));
    }

    void fuzzCorpus() {
        const QStringList files = filesIn(QStringLiteral("/tests/fuzz/corpus/scenario"));
        QVERIFY(files.size() >= 10);
        for (const QString& f : files) {
            const QString why = fuzzcheck::checkScenario(readFile(f));
            QVERIFY2(why.isEmpty(), qPrintable(f + QStringLiteral(": ") + why));
        }
    }

    void hostileInputs() {
        QByteArray deep(100000, '[');
        QByteArray deepObject;
        for (int i = 0; i < 5000; ++i)
            deepObject += "{\"a\":";
        const QList<QByteArray> inputs{
            QByteArray(),
            QByteArray(1, '\0'),
            deep,
            deepObject,
            QByteArray(50000, '"'),
            "\xef\xbb\xbf{}",
            "{\"version\": 1, \"duration\": \"1s\", \"workers\": [" +
                QByteArray("{},").repeated(2000) + "{}]}",
            "{\"version\": 1e999}",
            "{\"version\": -0, \"workers\": [{\"force\": 1e18}]}",
        };
        for (const QByteArray& input : inputs) {
            const QString why = fuzzcheck::checkScenario(input);
            QVERIFY2(why.isEmpty(), qPrintable(why));
        }
    }
};

QTEST_GUILESS_MAIN(TestScenarioRobustness)
#include "tst_scenariorobustness.moc"
