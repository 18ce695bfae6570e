package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.HttpServerConfig;

/** TLS on the TCP listener, from a PKCS#12 keystore and from PEM files made by the JDK's keytool. */
class TlsTest {

    private static final String PASSWORD = "changeit-test";

    @Test
    void servesHttpsFromAKeystoreAndFromPem(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                new String(keytool.getInputStream().readAllBytes()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = ks.getCertificate("server");
        Path certfile = dir.resolve("server.crt");
        Path keyfile = dir.resolve("server.key");
        Files.writeString(certfile, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyfile, pem("PRIVATE KEY", ((PrivateKey) ks.getKey("server", PASSWORD.toCharArray())).getEncoded()));
        HttpClient client = trusting(cert);

        try (TestDaemon d = TestDaemon.start(dir, "[program:web]\ncommand=sleep 1000\nstartsecs=0\n")) {
            Configuration c = d.hooks.current();
            Configuration tcpOnly = new Configuration(c.files(), c.supervisord(), c.groups(), null,
                    new HttpServerConfig(null, 0, null, "127.0.0.1", 0, "admin", "s3cret"), null, c.warnings());
            for (TlsOptions tls : List.of(TlsOptions.pkcs12(keystore, PASSWORD), TlsOptions.pem(certfile, keyfile))) {
                try (ApiServer https = ApiServer.start(tcpOnly, d.engine, d.hooks, tls)) {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + https.port() + "/api/v1/processes/web"))
                            .header("Authorization", TestDaemon.basic("admin", "s3cret")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), tls + ": " + r.body());
                    assertEquals("web", TestDaemon.json(r.body()).get("processes").get(0).get("name").asText());
                    // Plain HTTP, garbage and a cut-short handshake: whatever comes back names no Java internals.
                    InetSocketAddress port = new InetSocketAddress("127.0.0.1", https.port());
                    for (String hostile : List.of("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", "\u0000\u0000garbage\r\n\r\n",
                            "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003",
                            "\u0016\u0003\u0003\u0000\u0005hello")) {
                        String back = new String(RawHttp.sendWithin(port, hostile.getBytes(StandardCharsets.ISO_8859_1),
                                true, TestDaemon.DEADLINE), StandardCharsets.ISO_8859_1);
                        for (String internal : List.of("org.", "java.", "javax.", "Exception", "jetty")) {
                            assertFalse(back.contains(internal), "TLS port answered " + back);
                        }
                    }
                    try {
                        RawHttp.Response plain = RawHttp.exchange(
                                new java.net.InetSocketAddress("127.0.0.1", https.port()), "GET", "/healthz", null);
                        assertTrue(plain.status() >= 400, "plain HTTP is not served on the TLS port: " + plain.status());
                    } catch (IllegalStateException | java.io.IOException notHttpAtAll) {
                        // a TLS alert instead of an HTTP response: just as good
                    }
                }
            }
        }
    }

    @Test
    void unreadableTlsFilesAreRefusedInPlainWords(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n"
                + "-----END CERTIFICATE-----\n");
        Path key = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY",
                java.security.KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded()));
        Path badKey = Files.writeString(dir.resolve("bad.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        try (TestDaemon d = TestDaemon.start(dir, "[program:web]\ncommand=sleep 1000\nstartsecs=0\n")) {
            Configuration c = d.hooks.current();
            Configuration tcpOnly = new Configuration(c.files(), c.supervisord(), c.groups(), null,
                    new HttpServerConfig(null, 0, null, "127.0.0.1", 0, "admin", "s3cret"), null, c.warnings());
            for (TlsOptions tls : List.of(TlsOptions.pem(garbage, key), TlsOptions.pem(key, badKey),
                    TlsOptions.pkcs12(garbage, "pw"), TlsOptions.pem(dir.resolve("missing.crt"), key))) {
                java.io.IOException e = assertThrows(java.io.IOException.class,
                        () -> ApiServer.start(tcpOnly, d.engine, d.hooks, tls));
                assertTrue(e.getMessage().startsWith("[inet_http_server] TLS: ") && e.getMessage().contains(dir.toString()),
                        e.getMessage());
                for (String internal : List.of("java.", "javax.", "sun.", "Exception")) {
                    assertFalse(e.getMessage().contains(internal), e.getMessage());
                }
            }
        }
    }

    @Test
    void tlsOptionsTakeOneFormOnly(@TempDir Path dir) {
        Path f = dir.resolve("x");
        assertThrows(IllegalArgumentException.class, () -> new TlsOptions(f, f, f, "pw"));
        assertThrows(IllegalArgumentException.class, () -> new TlsOptions(f, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new TlsOptions(null, null, null, null));
        assertTrue(!TlsOptions.pkcs12(f, "secret-pw").toString().contains("secret-pw"));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static HttpClient trusting(Certificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }
}
