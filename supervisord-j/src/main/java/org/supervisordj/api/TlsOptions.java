package org.supervisordj.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS for the TCP listener, from the {@code [inet_http_server]} extension keys: {@code certfile=}
 * and {@code keyfile=} (PEM; the key unencrypted PKCS#8, "BEGIN PRIVATE KEY"), or {@code keystore=}
 * (PKCS#12) with {@code keystore_password=}. Never printed with the password.
 *
 * @param certfile         PEM certificate chain, server certificate first, or null
 * @param keyfile          PEM PKCS#8 private key, or null
 * @param keystore         PKCS#12 keystore, or null
 * @param keystorePassword the keystore's password, or null
 */
public record TlsOptions(Path certfile, Path keyfile, Path keystore, String keystorePassword) {

    /** Checks that exactly one of the two forms is given. */
    public TlsOptions {
        boolean pem = certfile != null || keyfile != null;
        if (pem && keystore != null) {
            throw new IllegalArgumentException("[inet_http_server] give either certfile=/keyfile= or keystore=, not both");
        }
        if (pem && (certfile == null || keyfile == null)) {
            throw new IllegalArgumentException("[inet_http_server] certfile= and keyfile= go together");
        }
        if (!pem && keystore == null) {
            throw new IllegalArgumentException("[inet_http_server] TLS needs certfile=/keyfile= or keystore=");
        }
    }

    /** Returns TLS options for a PEM certificate chain and key. */
    public static TlsOptions pem(Path certfile, Path keyfile) {
        return new TlsOptions(certfile, keyfile, null, null);
    }

    /** Returns TLS options for a PKCS#12 keystore. */
    public static TlsOptions pkcs12(Path keystore, String password) {
        return new TlsOptions(null, null, keystore, password);
    }

    /** Builds Jetty's server-side SSL factory; reads the files now so a bad one fails the start. */
    SslContextFactory.Server sslContextFactory() throws IOException, GeneralSecurityException {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        if (keystore != null) {
            char[] pw = keystorePassword == null ? new char[0] : keystorePassword.toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, pw);
            } catch (java.nio.file.NoSuchFileException e) {
                throw e;
            } catch (IOException e) { // the JDK's words here are about DER tags, not about the file
                throw new GeneralSecurityException("keystore=" + keystore + " can't be read: not a PKCS#12 file, "
                        + "or keystore_password= is wrong", e);
            }
            ssl.setKeyStore(ks);
            ssl.setKeyStorePassword(keystorePassword == null ? "" : keystorePassword);
        } else {
            // A random in-memory password: the keystore never leaves this process.
            String pw = UUID.randomUUID().toString();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", readKey(keyfile), pw.toCharArray(), readChain(certfile));
            ssl.setKeyStore(ks);
            ssl.setKeyStorePassword(pw);
        }
        return ssl;
    }

    private static Certificate[] readChain(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs;
            try {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            } catch (java.security.cert.CertificateException e) {
                throw new GeneralSecurityException("certfile=" + file + " holds no readable PEM certificate ("
                        + ApiServer.plain(e) + ")", e);
            }
            if (certs.isEmpty()) throw new GeneralSecurityException("certfile=" + file + " holds no certificate");
            return certs.toArray(Certificate[]::new);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException("keyfile=" + file + " is not an unencrypted PKCS#8 PEM key "
                    + "(BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "EdDSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new GeneralSecurityException("keyfile=" + file + ": unsupported key algorithm (RSA, EC, Ed25519)");
    }

    /** Omits the password. */
    @Override
    public String toString() {
        return keystore != null ? "TlsOptions[keystore=" + keystore + "]"
                : "TlsOptions[certfile=" + certfile + ", keyfile=" + keyfile + "]";
    }
}
