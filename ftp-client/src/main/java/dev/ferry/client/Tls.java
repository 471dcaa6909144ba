package dev.ferry.client;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The client's TLS context. It accepts any server certificate on purpose: trust comes from
 * SCRAM-SHA-256-PLUS, which binds the login to the certificate's hash (PROTOCOL.md §7). A
 * certificate is never trusted for anything the password did not also prove.
 */
final class Tls {
    static final SSLContext CONTEXT = create();

    private Tls() {
    }

    private static SSLContext create() {
        TrustManager bindingDecides = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // checked by channel binding after the handshake (FerrySession.login)
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {bindingDecides}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS 1.3 is part of every JDK 21+", e);
        }
    }
}
