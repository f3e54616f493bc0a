#include <pusher/pusher.h>

#include <QTest>

using namespace pusher;

class TestError : public QObject {
    Q_OBJECT
private slots:
    void sentinelTexts_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("want");
        QTest::newRow("rps") << QString::fromStdString(ErrInvalidRps.message())
                             << QStringLiteral("invalid rps");
        QTest::newRow("target") << QString::fromStdString(ErrMissingTarget.message())
                                << QStringLiteral("target is missing");
        QTest::newRow("busy") << QString::fromStdString(ErrWorkerIsBusy.message())
                              << QStringLiteral("worker is busy");
        QTest::newRow("overtime") << QString::fromStdString(ErrInvalidOvertime.message())
                                  << QStringLiteral("invalid overtime");
        QTest::newRow("amount (ours)") << QString::fromStdString(ErrInvalidAmount.message())
                                       << QStringLiteral("invalid amount");
    }
    void sentinelTexts() {
        QFETCH(QString, text);
        QFETCH(QString, want);
        QCOMPARE(text, want);
    }

    void reasonKeepsIdentity() {
        Error err = ErrInvalidRps.reason("must be positive");
        QVERIFY(err.is(ErrInvalidRps));
        QVERIFY(!err.is(ErrInvalidOvertime));
        QCOMPARE(err.message(), std::string("invalid rps: must be positive"));
        QVERIFY(err.reason("more").is(ErrInvalidRps));
        QCOMPARE(err.reason("more").message(), std::string("invalid rps: must be positive: more"));
    }

    void sayingKeepsIdentityAndKind() {
        Error err = ErrCanceled.saying("cut: still running");
        QVERIFY(err.is(ErrCanceled));
        QVERIFY(!err.is(ErrDeadlineExceeded));
        QCOMPARE(err.kind(), ErrCanceled.kind());
        QCOMPARE(err.message(), std::string("cut: still running"));
        QCOMPARE(ErrCanceled.message(), std::string("context canceled"));
    }

    void emptyIsNoError() {
        Error none;
        QVERIFY(!none);
        QVERIFY(!none.is(ErrInvalidRps));
        QCOMPARE(none.message(), std::string());
        QVERIFY(none == Error());
    }

    void userErrorsAreDistinct() {
        Error a("boom");
        Error b("boom");
        QVERIFY(a.is(a));
        QVERIFY(!a.is(b));
        QCOMPARE(a.kind(), std::string("boom"));
        Error typed("timeout", "read timed out after 2s");
        QCOMPARE(typed.kind(), std::string("timeout"));
        QCOMPARE(typed.reason("x").kind(), std::string("timeout"));
    }

    void contextErrorsAreDistinctFromFailures() {
        QVERIFY(isContextError(ErrCanceled));
        QVERIFY(isContextError(ErrDeadlineExceeded.reason("x")));
        QVERIFY(!isContextError(ErrWorkerIsBusy));
        QVERIFY(!ErrCanceled.is(ErrDeadlineExceeded));
    }
};

QTEST_GUILESS_MAIN(TestError)
#include "tst_error.moc"
