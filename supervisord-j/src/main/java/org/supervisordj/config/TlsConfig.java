package org.supervisordj.config;

/**
 * TLS for {@code [inet_http_server]} (supervisord-j extension keys): PEM {@code certfile} +
 * {@code keyfile}, or a PKCS#12 {@code keystore} with {@code keystore_password}.
 */
public record TlsConfig(String certfile, String keyfile, String keystore, String keystorePassword) {

    /** Omits the keystore password. */
    @Override
    public String toString() {
        return keystore != null ? "TlsConfig[keystore=" + keystore + "]" : "TlsConfig[certfile=" + certfile + ", keyfile=" + keyfile + "]";
    }
}
