// HTTPS on the lean client against a real nginx (and openssl s_server) on 127.0.0.1, with a
// certificate authority, server and client certificates made by the test with the openssl
// command; raw socket servers for the handshake failures.
#include "nginx.h"
#include "runner.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

#include <atomic>
#include <thread>

using namespace pusher;
using namespace testing;
using namespace std::chrono_literals;

namespace {

const QString kServers = QStringLiteral(R"(
  log_format tls "c=$connection $ssl_session_reused $ssl_protocol alpn=$ssl_alpn_protocol sni=$ssl_server_name $server_protocol $status $body_bytes_sent";
  server {
    listen 127.0.0.1:@PORT0@;
    location = /nginx_status { stub_status; }
  }
  server {
    listen 127.0.0.1:@PORT1@ ssl;
    ssl_certificate @PKI@/server.pem;
    ssl_certificate_key @PKI@/server.key;
    ssl_protocols TLSv1.3;
    keepalive_requests 100000;
    access_log @DIR@/tls.log tls;
    location / { return 200 "secure\n"; }
    location = /close { keepalive_timeout 0; return 200 "bye\n"; }
    location /files/ { root @PKI@; gzip on; gzip_min_length 1; gzip_types text/plain; }
  }
  server {
    listen 127.0.0.1:@PORT2@ ssl;
    ssl_certificate @PKI@/server.pem;
    ssl_certificate_key @PKI@/server.key;
    ssl_client_certificate @PKI@/ca.pem;
    ssl_verify_client on;
    access_log @DIR@/client.log tls;
    location / { return 200 "hello $ssl_client_s_dn\n"; }
  }
  server {
    listen 127.0.0.1:@PORT3@ ssl;
    ssl_certificate @PKI@/server.pem;
    ssl_certificate_key @PKI@/server.key;
    ssl_protocols TLSv1.2;
    access_log @DIR@/tls12.log tls;
    location = /close { keepalive_timeout 0; return 200 "bye\n"; }
  }
)");

} // namespace

class TestHttps : public QObject {
    Q_OBJECT
    QTemporaryDir m_pki;
    Nginx m_nginx;

    QString pki(const QString& name) const { return m_pki.filePath(name); }

    // openssl runs the openssl command in the PKI directory; false if it failed.
    bool openssl(const QStringList& args) {
        Child child;
        const QString program = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (!child.start(program, args, pki(QStringLiteral("openssl.log"))))
            return false;
        return child.wait(60000) == 0;
    }

    // issue makes a key and a certificate for `cn` signed by the CA, with `extensions`.
    bool issue(const QString& name, const QString& cn, const QByteArray& extensions) {
        QFile ext(pki(name + QStringLiteral(".ext")));
        if (!ext.open(QIODevice::WriteOnly))
            return false;
        ext.write(extensions + '\n');
        ext.close();
        return openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                        QStringLiteral("-nodes"), QStringLiteral("-subj"),
                        QStringLiteral("/CN=") + cn, QStringLiteral("-keyout"),
                        pki(name + QStringLiteral(".key")), QStringLiteral("-out"),
                        pki(name + QStringLiteral(".csr"))}) &&
               openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                        pki(name + QStringLiteral(".csr")), QStringLiteral("-CA"),
                        pki(QStringLiteral("ca.pem")), QStringLiteral("-CAkey"),
                        pki(QStringLiteral("ca.key")), QStringLiteral("-CAcreateserial"),
                        QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                        ext.fileName(), QStringLiteral("-out"),
                        pki(name + QStringLiteral(".pem"))});
    }

    bool selfSigned(const QString& name, const QString& cn) {
        return openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                        QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                        QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                        QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                        QStringLiteral("/CN=") + cn, QStringLiteral("-keyout"),
                        pki(name + QStringLiteral(".key")), QStringLiteral("-out"),
                        pki(name + QStringLiteral(".pem"))});
    }

    QString url(int server, const QString& path = QStringLiteral("/"),
                const QString& host = QStringLiteral("127.0.0.1")) const {
        return QStringLiteral("https://%1:%2%3").arg(host).arg(m_nginx.port(server)).arg(path);
    }

    // verified is a request to `server` trusting the test's CA.
    HttpOptions verified(int server, const QString& path = QStringLiteral("/")) const {
        HttpOptions o = options(url(server, path));
        o.caFile = pki(QStringLiteral("ca.pem"));
        o.timeout = 5s;
        return o;
    }

private slots:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("the openssl command is not installed: cannot make test certificates");
        QVERIFY(m_pki.isValid());
        QVERIFY(selfSigned(QStringLiteral("ca"), QStringLiteral("Pusher Test CA")));
        QVERIFY(selfSigned(QStringLiteral("other"), QStringLiteral("Some Other CA")));
        QVERIFY(issue(QStringLiteral("server"), QStringLiteral("localhost"),
                      "subjectAltName=DNS:localhost,IP:127.0.0.1"));
        QVERIFY(issue(QStringLiteral("client"), QStringLiteral("pusher-client"),
                      "extendedKeyUsage=clientAuth"));
        QDir(m_pki.path()).mkpath(QStringLiteral("files"));
        QFile big(pki(QStringLiteral("files/big.txt")));
        QVERIFY(big.open(QIODevice::WriteOnly));
        for (int i = 0; i < 40000; ++i)
            big.write(QByteArray::number(i).rightJustified(24, '.') + '\n'); // 1,000,000 bytes
        big.close();
        QString servers = kServers;
        servers.replace(QStringLiteral("@PKI@"), m_pki.path());
        const QString error = m_nginx.start(servers, 4);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void verifiedWithTheCaBundle() {
        // The host name is checked against the certificate and sent as SNI (a name, not an
        // address): "localhost" resolves to 127.0.0.1 through the resolver.
        HttpOptions o = verified(1);
        o.url = url(1, QStringLiteral("/"), QStringLiteral("localhost"));
        o.resolver = [](const QString&, QString*) {
            return QStringList{QStringLiteral("127.0.0.1")};
        };
        Ran r = run(make(o), 300ms, 0, 2, 3s);
        QVERIFY(r.stats.completed >= 3);
        QVERIFY2(r.kinds->only(""), qPrintable(r.kinds->describe()));
        QTRY_VERIFY(m_nginx.log(QStringLiteral("tls.log"))
                        .count("alpn=http/1.1 sni=localhost HTTP/1.1 200") >= 3);
        // Kept alive: at most two connections (two callers) for all those calls.
        QSet<QByteArray> connections;
        for (const QByteArray& line : m_nginx.log(QStringLiteral("tls.log")).split('\n')) {
            if (line.contains("sni=localhost"))
                connections.insert(line.split(' ').first());
        }
        QVERIFY2(connections.size() <= 2, qPrintable(QString::number(connections.size())));

        // By address: the address is checked against the certificate's IP entry.
        Ran byAddress = run(make(verified(1)), 200ms, 0, 1, 3s);
        QVERIFY(byAddress.stats.completed >= 3);
        QVERIFY2(byAddress.kinds->only(""), qPrintable(byAddress.kinds->describe()));
    }

    void verificationFailures_data() {
        QTest::addColumn<QString>("ca");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("reason");
        // Verification is on by default, with the system store, which does not know the
        // test's CA.
        QTest::newRow("system store") << QString() << QStringLiteral("127.0.0.1")
                                      << QStringLiteral("certificate verify failed");
        QTest::newRow("wrong CA") << QStringLiteral("other.pem") << QStringLiteral("127.0.0.1")
                                  << QStringLiteral(
                                         "certificate verify failed: unable to get local issuer");
        QTest::newRow("wrong name")
            << QStringLiteral("ca.pem") << QStringLiteral("wrong.test")
            << QStringLiteral("certificate verify failed: hostname mismatch");
    }
    void verificationFailures() {
        QFETCH(QString, ca);
        QFETCH(QString, host);
        QFETCH(QString, reason);
        HttpOptions o = options(url(1, QStringLiteral("/"), host));
        if (!ca.isEmpty())
            o.caFile = pki(ca);
        o.resolver = [](const QString&, QString*) {
            return QStringList{QStringLiteral("127.0.0.1")};
        };
        o.timeout = 5s;
        Ran r = run(make(o), 200ms, 0, 1, 3s);
        QVERIFY(r.stats.completed >= 2);
        QVERIFY2(r.kinds->only("tls"), qPrintable(r.kinds->describe()));
        QVERIFY2(r.kinds->example("tls").contains(reason), qPrintable(r.kinds->example("tls")));

        // insecure turns verification off: the same target then succeeds.
        o.insecure = true;
        Ran insecure = run(make(o), 200ms, 0, 1, 3s);
        QVERIFY(insecure.stats.completed >= 2);
        QVERIFY2(insecure.kinds->only(""), qPrintable(insecure.kinds->describe()));
    }

    void badTlsFiles() {
        HttpOptions o = verified(1);
        o.caFile = pki(QStringLiteral("missing.pem"));
        QString error;
        QVERIFY(!makeHttpTarget(o, &error));
        QVERIFY2(error.startsWith(QStringLiteral("caFile: cannot load")), qPrintable(error));
        o = verified(1);
        o.clientCert = pki(QStringLiteral("client.pem"));
        o.clientKey = pki(QStringLiteral("server.key"));
        QVERIFY(!makeHttpTarget(o, &error));
        QVERIFY2(error.startsWith(QStringLiteral("clientKey: ")) &&
                     error.contains(QStringLiteral("mismatch")),
                 qPrintable(error));
        o.clientCert.clear();
        QVERIFY(!makeHttpTarget(o, &error));
        QVERIFY2(error.startsWith(QStringLiteral("clientKey: needs clientCert")),
                 qPrintable(error));
    }

    void clientCertificate() {
        HttpOptions o = verified(2);
        o.clientCert = pki(QStringLiteral("client.pem"));
        o.clientKey = pki(QStringLiteral("client.key"));
        Ran r = run(make(o), 200ms, 0, 1, 3s);
        QVERIFY(r.stats.completed >= 2);
        QVERIFY2(r.kinds->only(""), qPrintable(r.kinds->describe()));
        QTRY_VERIFY(m_nginx.log(QStringLiteral("client.log")).count("HTTP/1.1 200") >= 2);

        // nginx does not fail the handshake without a certificate (ssl_verify_client on asks
        // for one but lets the handshake finish); it answers "400 No required SSL certificate
        // was sent".
        Ran without = run(make(verified(2)), 200ms, 0, 1, 3s);
        QVERIFY(without.stats.completed >= 2);
        QVERIFY2(without.kinds->only("http_400"), qPrintable(without.kinds->describe()));
    }

    void clientCertificateRequiredByTheHandshake() {
        // openssl s_server -Verify fails the handshake without a client certificate; with
        // one it answers a status page and closes (HTTP/1.0, read until close over TLS).
        const int port = freePort();
        Child server;
        QVERIFY(
            server.start(QStandardPaths::findExecutable(QStringLiteral("openssl")),
                         {QStringLiteral("s_server"), QStringLiteral("-accept"),
                          QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("-cert"),
                          pki(QStringLiteral("server.pem")), QStringLiteral("-key"),
                          pki(QStringLiteral("server.key")), QStringLiteral("-CAfile"),
                          pki(QStringLiteral("ca.pem")), QStringLiteral("-Verify"),
                          QStringLiteral("1"), QStringLiteral("-www"), QStringLiteral("-quiet")},
                         pki(QStringLiteral("s_server.log"))));
        QTRY_VERIFY_WITH_TIMEOUT(connectable(port), 10000);
        HttpOptions o = options(QStringLiteral("https://127.0.0.1:%1/").arg(port));
        o.caFile = pki(QStringLiteral("ca.pem"));
        o.timeout = 5s;
        Ran without = run(make(o), 200ms, 0, 1, 3s);
        QVERIFY(without.stats.completed >= 1);
        QVERIFY2(without.kinds->only("tls"), qPrintable(without.kinds->describe()));
        QVERIFY2(without.kinds->example("tls").contains(QStringLiteral("certificate required")),
                 qPrintable(without.kinds->example("tls")));

        o.clientCert = pki(QStringLiteral("client.pem"));
        o.clientKey = pki(QStringLiteral("client.key"));
        Ran with = run(make(o), 200ms, 0, 1, 3s);
        QVERIFY(with.stats.completed >= 1);
        QVERIFY2(with.kinds->only(""), qPrintable(with.kinds->describe()));
    }

    void sessionsAreResumed_data() {
        QTest::addColumn<int>("server");
        QTest::addColumn<QString>("log");
        QTest::addColumn<QByteArray>("protocol");
        QTest::newRow("TLS 1.3") << 1 << QStringLiteral("tls.log") << QByteArray("TLSv1.3");
        QTest::newRow("TLS 1.2") << 3 << QStringLiteral("tls12.log") << QByteArray("TLSv1.2");
    }
    void sessionsAreResumed() {
        // Every response closes its connection: each call makes a new one, and all but the
        // first resume the session of the one before (TLS 1.3 and TLS 1.2 session tickets).
        QFETCH(int, server);
        QFETCH(QString, log);
        QFETCH(QByteArray, protocol);
        Ran r = run(make(verified(server, QStringLiteral("/close"))), 300ms, 0, 1, 3s);
        QVERIFY(r.stats.completed >= 4);
        QVERIFY2(r.kinds->only(""), qPrintable(r.kinds->describe()));
        QByteArray lines;
        QTRY_VERIFY((lines = m_nginx.log(log)).count("HTTP/1.1 200 4\n") >= int(r.stats.completed));
        int full = 0;
        int resumed = 0;
        for (const QByteArray& line : lines.split('\n')) {
            if (!line.endsWith("HTTP/1.1 200 4"))
                continue;
            QVERIFY2(line.contains(QByteArray(' ' + protocol + " alpn=http/1.1 ")),
                     line.constData());
            full += line.contains(" . ") ? 1 : 0;
            resumed += line.contains(" r ") ? 1 : 0;
        }
        QVERIFY2(full == 1 && resumed == int(r.stats.completed) - 1,
                 qPrintable(QStringLiteral("%1 full, %2 resumed").arg(full).arg(resumed)));
    }

    void largeAndChunkedResponses() {
        // 1 MB bodies span many TLS records (read ahead, more than one read per event),
        // plain with Content-Length and gzipped in chunks; connections stay reusable.
        for (bool gzip : {false, true}) {
            HttpOptions o = verified(1, QStringLiteral("/files/big.txt"));
            if (gzip)
                o.headers.append({QByteArray("Accept-Encoding"), QByteArray("gzip")});
            Ran r = run(make(o), 300ms, 0, 2, 5s);
            QVERIFY(r.stats.completed >= 2);
            QVERIFY2(r.kinds->only(""), qPrintable(r.kinds->describe()));
        }
        QTRY_VERIFY(m_nginx.log(QStringLiteral("tls.log")).count("HTTP/1.1 200 1000000") >= 2);
    }

    void handshakeFailures_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("reason");
        QTest::newRow("stalled") << int(RawServer::Mode::Silent) << QStringLiteral("timeout")
                                 << QStringLiteral("TLS handshake not finished");
        QTest::newRow("not TLS") << int(RawServer::Mode::Garbage) << QStringLiteral("tls")
                                 << QStringLiteral("TLS handshake: ");
        QTest::newRow("reset") << int(RawServer::Mode::Reset) << QStringLiteral("reset")
                               << QStringLiteral("TLS handshake");
    }
    void handshakeFailures() {
        QFETCH(int, mode);
        QFETCH(QString, kind);
        QFETCH(QString, reason);
        RawServer raw{RawServer::Mode(mode)};
        HttpOptions o = options(QStringLiteral("https://127.0.0.1:%1/").arg(raw.port()));
        o.insecure = true;
        o.timeout = 300ms;
        const auto t0 = Clock::now();
        Ran r = run(make(o), 200ms, 0, 4, 2s);
        QVERIFY(Clock::now() - t0 < 5s);
        QVERIFY(r.stats.completed >= 4);
        QCOMPARE(r.stats.completed, r.stats.started);
        QVERIFY2(r.kinds->only(kind.toStdString()), qPrintable(r.kinds->describe()));
        QVERIFY2(r.kinds->example(kind.toStdString()).contains(reason),
                 qPrintable(r.kinds->example(kind.toStdString())));
    }

    void handshakesInProgressAreBounded() {
        // A server that accepts every connection and never answers the ClientHello: each
        // TCP connect succeeds at once, the TLS handshakes hang. At most 32 are in progress
        // at once; the calls beyond wait for one of them (300 calls must not open 300).
        RawServer silent(RawServer::Mode::Silent);
        HttpOptions o = options(QStringLiteral("https://127.0.0.1:%1/").arg(silent.port()));
        o.insecure = true;
        o.timeout = 10s;
        std::atomic<int> peak{0};
        std::atomic<bool> running{true};
        std::thread sampler([&] {
            while (running.load()) {
                peak.store(std::max(peak.load(), clientSocketsTo(silent.port())));
                std::this_thread::sleep_for(20ms);
            }
        });
        Ran r = run(make(o), 600ms, 1000, 300);
        running.store(false);
        sampler.join();
        QVERIFY2(r.stats.started >= 300, qPrintable(QString::number(r.stats.started)));
        QVERIFY2(silent.accepted() >= 8 && silent.accepted() <= 32,
                 qPrintable(QString::number(silent.accepted())));
        QVERIFY2(peak.load() >= 8 && peak.load() <= 32, qPrintable(QString::number(peak.load())));
    }

private:
    static bool connectable(int port) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(std::uint16_t(port));
        const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        ::close(fd);
        return ok;
    }
};

QTEST_GUILESS_MAIN(TestHttps)
#include "tst_https.moc"
