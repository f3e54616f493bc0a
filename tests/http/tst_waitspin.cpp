// The looks for answers the lean HTTP/1.1 client's loop (epoll or io_uring) makes before it sleeps
// (core/http/src/waitspin.h): kept while a quarter or more of them find events, dropped to
// an occasional probe when they do not, taken up again when a quarter of the probes find
// events again.
#include "waitspin.h"

#include <QTest>

using namespace pusher::http;

namespace {
// sleeps runs `count` sleeps of the loop whose looks find events `hitsPerFour` times in
// four (0 to 4), and returns how many of them looked.
int sleeps(WaitSpin& spin, int count, int hitsPerFour) {
    int looked = 0;
    int tried = 0;
    for (int i = 0; i < count; ++i) {
        const int looks = spin.looks();
        if (looks > 0) {
            ++looked;
            spin.record(looks, tried++ % 4 < hitsPerFour);
        } else {
            spin.record(looks, false);
        }
    }
    return looked;
}
} // namespace

class TestWaitSpin : public QObject {
    Q_OBJECT
private slots:
    void looksBeforeEverySleepAtFirst() {
        WaitSpin spin;
        QVERIFY(spin.looking());
        QCOMPARE(spin.looks(), WaitSpin::kMaxLooks);
    }

    void keepsLookingWhileAQuarterOfTheLooksFindEvents() {
        WaitSpin spin;
        // A saturated server: the next answer is there within the looks one time in four.
        QCOMPARE(sleeps(spin, 10 * WaitSpin::kWindow, 1), 10 * WaitSpin::kWindow);
        QVERIFY(spin.looking());
    }

    void aSlowServerStopsTheLooksAfterOneWindow() {
        WaitSpin spin;
        // The answers come long after: no look finds anything. The first window looks
        // before every sleep, then only every kProbeEvery-th sleep looks.
        QCOMPARE(sleeps(spin, WaitSpin::kWindow, 0), WaitSpin::kWindow);
        QVERIFY(!spin.looking());
        const int more = 64 * WaitSpin::kProbeEvery;
        QCOMPARE(sleeps(spin, more, 0), 64);
        QVERIFY(!spin.looking());
    }

    void fewerThanAQuarterFindingEventsIsNotEnough() {
        WaitSpin spin;
        // One in four minus one: 63 of a window of 256 find events.
        for (int i = 0; i < WaitSpin::kWindow; ++i)
            spin.record(spin.looks(), i < WaitSpin::kWindow / 4 - 1);
        QVERIFY(!spin.looking());
        WaitSpin exact;
        for (int i = 0; i < WaitSpin::kWindow; ++i)
            exact.record(exact.looks(), i < WaitSpin::kWindow / 4);
        QVERIFY(exact.looking());
    }

    void probesThatFindEventsBringTheLooksBack() {
        WaitSpin spin;
        sleeps(spin, WaitSpin::kWindow, 0);
        QVERIFY(!spin.looking());
        // The server is quick again: a window of probes (kProbeWindow of them, one per
        // kProbeEvery sleeps), half of which find events, brings the looks back.
        sleeps(spin, WaitSpin::kProbeWindow * WaitSpin::kProbeEvery - 1, 2);
        QVERIFY(!spin.looking()); // one probe short of the window
        sleeps(spin, 1, 2);
        QVERIFY(spin.looking());
        QCOMPARE(spin.looks(), WaitSpin::kMaxLooks);
    }

    void sleepsWithoutLooksDoNotCount() {
        WaitSpin spin;
        sleeps(spin, WaitSpin::kWindow, 0);
        // Sleeps that did not look (between probes) say nothing of what looks would find.
        for (int i = 0; i < 10 * WaitSpin::kWindow; ++i)
            spin.record(0, false);
        QVERIFY(!spin.looking());
        for (int i = 0; i < WaitSpin::kProbeWindow; ++i)
            spin.record(WaitSpin::kMaxLooks, true);
        QVERIFY(spin.looking());
    }

    void probesFindingTooLittleKeepTheLoopSleeping() {
        WaitSpin spin;
        sleeps(spin, WaitSpin::kWindow, 0);
        // Fewer than a quarter of a window of probes find events.
        for (int i = 0; i < WaitSpin::kProbeWindow; ++i)
            spin.record(WaitSpin::kMaxLooks, i < WaitSpin::kProbeWindow / 4 - 1);
        QVERIFY(!spin.looking());
    }
};

QTEST_APPLESS_MAIN(TestWaitSpin)
#include "tst_waitspin.moc"
