// DataTable (CSV), DataFeed (row picking) and DataTemplate (${column} rendering).
#include <pusher/data/datatable.h>

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <thread>
#include <vector>

using namespace pusher;

namespace {

std::shared_ptr<const DataTable> table(const QByteArray& text, QString* error = nullptr) {
    return DataTable::parse(text, QStringLiteral("t.csv"), error);
}

QString cell(const DataTable& t, std::size_t row, int column) {
    const std::string_view v = t.cell(row, column);
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

} // namespace

class TestData : public QObject {
    Q_OBJECT
private slots:
    void parsesRfc4180() {
        QString error;
        // Quoted commas, doubled quotes, a line break inside quotes, CRLF and LF, an empty
        // cell, a trailing empty cell, a BOM, a blank line, no final line break.
        const auto t = table("\xEF\xBB\xBFid,name,note\r\n"
                             "1,\"Smith, Jo\",\"said \"\"hi\"\"\"\r\n"
                             "2,plain,\"two\nlines\"\n"
                             "\n"
                             "3,,\n"
                             "4,last,x",
                             &error);
        QVERIFY2(t, qPrintable(error));
        QCOMPARE(t->columns(), (QStringList{QStringLiteral("id"), QStringLiteral("name"),
                                            QStringLiteral("note")}));
        QCOMPARE(t->rowCount(), std::size_t(4));
        QCOMPARE(cell(*t, 0, 1), QStringLiteral("Smith, Jo"));
        QCOMPARE(cell(*t, 0, 2), QStringLiteral("said \"hi\""));
        QCOMPARE(cell(*t, 1, 2), QStringLiteral("two\nlines"));
        QCOMPARE(cell(*t, 2, 0), QStringLiteral("3"));
        QCOMPARE(cell(*t, 2, 1), QString());
        QCOMPARE(cell(*t, 2, 2), QString());
        QCOMPARE(cell(*t, 3, 2), QStringLiteral("x"));
        QCOMPARE(t->column(QStringLiteral("note")), 2);
        QCOMPARE(t->column(QStringLiteral("nope")), -1);
    }

    void badFilesSayWhereAndWhy_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << QByteArray()
                               << QStringLiteral("t.csv: empty (the first line names the columns)");
        QTest::newRow("no rows") << QByteArray("a,b\n")
                                 << QStringLiteral("t.csv: no rows after the header line");
        QTest::newRow("field count")
            << QByteArray("a,b\n1,2\n3\n")
            << QStringLiteral("t.csv: line 3: 1 fields, but the header names 2 columns");
        QTest::newRow("line counts quoted breaks")
            << QByteArray("a,b\n1,\"x\ny\"\n1,2,3\n")
            << QStringLiteral("t.csv: line 4: 3 fields, but the header names 2 columns");
        QTest::newRow("unterminated quote")
            << QByteArray("a\n1\n\"open\n2\n")
            << QStringLiteral("t.csv: line 3: a quoted field that never ends (no closing \")");
        QTest::newRow("text after quote")
            << QByteArray("a,b\n\"x\"y,2\n")
            << QStringLiteral("t.csv: line 2: text after the closing quote of field 1 (a quote "
                              "inside a quoted "
                              "field is written \"\")");
        QTest::newRow("quote in unquoted")
            << QByteArray("a,b\n1,x\"y\n")
            << QStringLiteral(
                   "t.csv: line 2: a quote inside the unquoted field 2 (quote the whole field and "
                   "write the quote as \"\")");
        QTest::newRow("bad column name")
            << QByteArray("id,first name\n1,2\n")
            << QStringLiteral("t.csv: line 1: column 2 \"first name\" is not a valid name "
                              "(letters, digits and _, "
                              "not starting with a digit)");
        QTest::newRow("repeated column")
            << QByteArray("id,id\n1,2\n")
            << QStringLiteral("t.csv: line 1: column 2 \"id\" repeats an earlier column");
        QTest::newRow("lone CR")
            << QByteArray("a\n1\r2\n")
            << QStringLiteral("t.csv: line 2: a carriage return not followed by a line feed");
    }
    void badFilesSayWhereAndWhy() {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        QString why;
        QVERIFY(!table(text, &why));
        QCOMPARE(why, error);
    }

    // A file name holding "%2" is quoted as it is: the message was built by a chain of arg()
    // calls, which took the name's "%2" for the line number's place ("t3.csv: line 3: …").
    void aPercentInTheFileNameStaysAsItIs() {
        QString why;
        QVERIFY(!DataTable::parse(QByteArray("a,b\n1,2\n3\n"), QStringLiteral("t%2%3.csv"), &why));
        QCOMPARE(why,
                 QStringLiteral("t%2%3.csv: line 3: 1 fields, but the header names 2 columns"));
    }

    void loadNamesTheFile() {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("missing.csv"));
        QString why;
        QVERIFY(!DataTable::load(missing, &why));
        QCOMPARE(why, missing + QStringLiteral(": no such file"));
        QVERIFY(!DataTable::load(dir.path(), &why));
        QCOMPARE(why, dir.path() + QStringLiteral(": not a regular file"));
        const QString path = dir.filePath(QStringLiteral("u.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("user,pass\nann,1\nbob,2\n");
        f.close();
        const auto t = DataTable::load(path, &why);
        QVERIFY2(t, qPrintable(why));
        QCOMPARE(t->rowCount(), std::size_t(2));
        QCOMPARE(DataTable::readHeader(path, &why).value(),
                 (QStringList{QStringLiteral("user"), QStringLiteral("pass")}));
        QVERIFY(!DataTable::readHeader(missing, &why));
    }

    // One buffer and one offset per cell: a million rows of two short columns take the cells'
    // bytes plus 8 bytes a row, not a string per cell.
    void millionRowsInOneBuffer() {
        QByteArray text = "id,name\n";
        text.reserve(20'000'000);
        for (int i = 0; i < 1'000'000; ++i)
            text += QByteArray::number(i) + ",user" + QByteArray::number(i) + '\n';
        const qsizetype cellBytes = text.size() - 8 - 2 * 1'000'000; // less separators
        QString why;
        const auto t = table(text, &why);
        QVERIFY2(t, qPrintable(why));
        QCOMPARE(t->rowCount(), std::size_t(1'000'000));
        QCOMPARE(cell(*t, 999'999, 1), QStringLiteral("user999999"));
        QVERIFY2(t->memoryBytes() <= std::size_t(cellBytes) + 8'000'000 + 64,
                 qPrintable(QString::number(t->memoryBytes())));
    }

    void sequentialWrapsAround() {
        DataFeed feed(table("a\nx\ny\nz\n"), DataFeed::Mode::Sequential);
        std::vector<std::size_t> rows;
        for (int i = 0; i < 7; ++i)
            rows.push_back(feed.next().value());
        QCOMPARE(rows, (std::vector<std::size_t>{0, 1, 2, 0, 1, 2, 0}));
    }

    void uniqueEndsAfterTheLastRow() {
        DataFeed feed(table("a\nx\ny\nz\n"), DataFeed::Mode::Unique);
        QCOMPARE(feed.next().value(), std::size_t(0));
        QCOMPARE(feed.next().value(), std::size_t(1));
        QCOMPARE(feed.next().value(), std::size_t(2));
        QVERIFY(!feed.next());
        QVERIFY(!feed.next());
        QCOMPARE(feed.taken(), std::uint64_t(3));
        QCOMPARE(QString::fromStdString(feed.exhaustedMessage()),
                 QStringLiteral("rows exhausted: all 3 rows of t.csv were used (mode unique)"));
    }

    void randomStaysInRangeAndCoversRows() {
        DataFeed feed(table("a\n0\n1\n2\n"), DataFeed::Mode::Random);
        int seen[3] = {0, 0, 0};
        for (int i = 0; i < 3000; ++i)
            ++seen[feed.next().value()];
        for (int n : seen)
            QVERIFY2(n > 800 && n < 1200, qPrintable(QString::number(n)));
    }

    // Ranks take disjoint rows that together are every row; unique per rank.
    void sharesAreDisjointAndComplete_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("ranks");
        QTest::newRow("10 over 3") << 10 << 3;
        QTest::newRow("3 over 3") << 3 << 3;
        QTest::newRow("7 over 1") << 7 << 1;
        QTest::newRow("1000 over 4") << 1000 << 4;
    }
    void sharesAreDisjointAndComplete() {
        QFETCH(int, rows);
        QFETCH(int, ranks);
        QByteArray text = "v\n";
        for (int i = 0; i < rows; ++i)
            text += QByteArray::number(i) + '\n';
        const auto t = table(text);
        QSet<std::size_t> all;
        std::size_t total = 0;
        for (int r = 0; r < ranks; ++r) {
            DataFeed feed(t, DataFeed::Mode::Unique, std::uint32_t(r), std::uint32_t(ranks));
            while (auto row = feed.next()) {
                QCOMPARE(int(*row % std::size_t(ranks)), r);
                all.insert(*row);
                ++total;
            }
            QCOMPARE(feed.taken(), std::uint64_t(feed.shareRows()));
            DataFeed seq(t, DataFeed::Mode::Sequential, std::uint32_t(r), std::uint32_t(ranks));
            for (int i = 0; i < 20; ++i)
                QCOMPARE(int(seq.next().value() % std::size_t(ranks)), r);
        }
        QCOMPARE(total, std::size_t(rows));
        QCOMPARE(all.size(), qsizetype(rows));
    }

    // Many threads take from one unique feed: every row exactly once (run under TSan in CI).
    void uniqueAcrossThreadsNeverRepeats() {
        QByteArray text = "v\n";
        for (int i = 0; i < 20000; ++i)
            text += QByteArray::number(i) + '\n';
        DataFeed feed(table(text), DataFeed::Mode::Unique);
        std::vector<std::vector<std::size_t>> got(4);
        std::vector<std::thread> threads;
        for (auto& list : got)
            threads.emplace_back([&feed, &list] {
                while (auto row = feed.next())
                    list.push_back(*row);
            });
        for (auto& t : threads)
            t.join();
        std::vector<std::size_t> all;
        for (auto& list : got)
            all.insert(all.end(), list.begin(), list.end());
        std::sort(all.begin(), all.end());
        QCOMPARE(all.size(), std::size_t(20000));
        QVERIFY(std::adjacent_find(all.begin(), all.end()) == all.end());
        QCOMPARE(feed.taken(), std::uint64_t(20000));
    }

    // Random and mutated inputs (quotes, separators, CR, LF, bytes): the parser never reads
    // or writes out of bounds (ASan in CI), and what it accepts is consistent: every row has
    // the header's cells, each inside the buffer, and the text of an unquoted table
    // round-trips.
    void randomInputsAreSafe() {
        std::uint64_t seed = 0x9e3779b97f4a7c15ULL;
        auto next = [&seed] {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            return seed;
        };
        const char alphabet[] = {'a', 'b', ',', '"', '\n', '\r', ' ', '1', '_', 'x', '\0', '\xff'};
        int accepted = 0;
        for (int round = 0; round < 20000; ++round) {
            QByteArray text = round % 2 ? QByteArray("id,name\n") : QByteArray();
            const int length = int(next() % 64);
            for (int i = 0; i < length; ++i)
                text += alphabet[next() % sizeof alphabet];
            QString why;
            const auto t = table(text, &why);
            if (!t) {
                QVERIFY(why.startsWith(QStringLiteral("t.csv: ")));
                continue;
            }
            ++accepted;
            QVERIFY(t->rowCount() > 0);
            QVERIFY(!t->columns().isEmpty());
            std::size_t total = 0;
            for (std::size_t r = 0; r < t->rowCount(); ++r) {
                for (int c = 0; c < int(t->columns().size()); ++c)
                    total += t->cell(r, c).size();
            }
            QVERIFY(total <= std::size_t(text.size()));
        }
        QVERIFY2(accepted > 100, qPrintable(QString::number(accepted)));

        // Unquoted well-formed tables read back cell by cell.
        for (int round = 0; round < 2000; ++round) {
            const int columns = 1 + int(next() % 4);
            const int rows = 1 + int(next() % 6);
            QByteArray text;
            QList<QList<QByteArray>> cells;
            for (int c = 0; c < columns; ++c)
                text += (c ? "," : "") + QByteArray("c") + QByteArray::number(c);
            text += '\n';
            for (int r = 0; r < rows; ++r) {
                QList<QByteArray> row;
                for (int c = 0; c < columns; ++c) {
                    QByteArray v;
                    const bool quoted = next() % 2;
                    const int n = int(next() % 5);
                    for (int i = 0; i < n; ++i) {
                        const char ch = "ab,\"\n 1"[next() % 7];
                        if (!quoted && (ch == ',' || ch == '"' || ch == '\n'))
                            continue;
                        v += ch;
                    }
                    if (!quoted && v.isEmpty() && columns == 1)
                        v = "e"; // a lone empty field would be a blank line
                    row.append(v);
                    QByteArray field = v;
                    if (quoted)
                        field = '"' + QByteArray(v).replace("\"", "\"\"") + '"';
                    text += (c ? "," : "") + field;
                }
                cells.append(row);
                text += next() % 2 ? "\r\n" : "\n";
            }
            QString why;
            const auto t = table(text, &why);
            QVERIFY2(t, qPrintable(why + QStringLiteral("\n") + QString::fromUtf8(text)));
            QCOMPARE(t->rowCount(), std::size_t(rows));
            for (int r = 0; r < rows; ++r) {
                for (int c = 0; c < columns; ++c) {
                    const std::string_view v = t->cell(std::size_t(r), c);
                    QCOMPARE(QByteArray(v.data(), qsizetype(v.size())), cells[r][c]);
                }
            }
        }
    }

    void templatesRenderRows() {
        const auto t = table("id,name\n7,\"a b\"\n");
        QString why;
        const auto tpl = DataTemplate::compile("/u/${id}?n=${name}&lit=$${id}&${id}", *t, &why);
        QVERIFY2(tpl, qPrintable(why));
        QVERIFY(tpl->hasReferences());
        std::string out;
        tpl->render(*t, 0, &out);
        QCOMPARE(QByteArray::fromStdString(out), QByteArray("/u/7?n=a b&lit=${id}&7"));
        const auto plain = DataTemplate::compile("no refs $${x}", *t, &why);
        QVERIFY(!plain->hasReferences());
        QCOMPARE(QByteArray::fromStdString(plain->literal()), QByteArray("no refs ${x}"));
        QVERIFY(!DataTemplate::compile("${nope}", *t, &why));
        QCOMPARE(why, QStringLiteral("${nope}: not a column of t.csv (columns: id, name)"));
        QVERIFY(hasDataReferences(QStringLiteral("x ${name}"), t->columns()));
        QVERIFY(!hasDataReferences(QStringLiteral("x $${name} ${HOME}"), t->columns()));
    }
};

QTEST_APPLESS_MAIN(TestData)
#include "tst_data.moc"
