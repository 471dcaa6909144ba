package dev.ferry.protocol;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The client side of PROTOCOL.md §7: TLS 1.3 where trust comes from SCRAM-SHA-256-PLUS, not
 * from a CA. The context accepts any server certificate on purpose; the login then binds to
 * the certificate's hash, so a certificate is never trusted for anything the password did
 * not also prove.
 */
public final class ChannelBinding {
    private static final SSLContext CLIENT = clientContext();

    private ChannelBinding() {
    }

    /** Wraps a connected TCP socket in client TLS 1.3 and completes the handshake. */
    public static SSLSocket connect(Socket tcp, String host) throws java.io.IOException {
        SSLSocket tls = (SSLSocket) CLIENT.getSocketFactory().createSocket(tcp, host, tcp.getPort(), true);
        tls.setEnabledProtocols(new String[] {"TLSv1.3"});
        tls.startHandshake();
        return tls;
    }

    /** The {@code tls-server-end-point} data: SHA-256 of the server certificate's DER bytes. */
    public static byte[] of(SSLSocket tls) throws java.io.IOException {
        try {
            return Scram.sha256(tls.getSession().getPeerCertificates()[0].getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new java.io.IOException("the server's certificate cannot be encoded", e);
        }
    }

    private static SSLContext clientContext() {
        TrustManager bindingDecides = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // decided by the channel-bound login, after the handshake
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
