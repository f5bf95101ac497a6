package io.userflowsync.graph;

import io.userflowsync.config.Setting;
import io.userflowsync.config.SettingsException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code graph.ca-file}: CA certificates (PEM) trusted for HTTPS to the authority and to Graph besides the JVM's own,
 * for a TLS-inspecting proxy with a private CA, or the simulator's HTTPS authority, whose certificate is made at its
 * start. The JVM's trusted CAs stay trusted.
 */
final class ExtraTrust {
    private ExtraTrust() {
    }

    /** Applies to the {@code https} component before its first endpoint exists (the connection pool takes it then). */
    static void apply(CamelContext camel, Path caFile) {
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setTrustManager(trustManager(caFile));
        SSLContextParameters tls = new SSLContextParameters();
        tls.setTrustManagers(trust);
        camel.getComponent("https", HttpComponent.class).setSslContextParameters(tls);
    }

    /** The JVM's trusted CAs and the file's certificates, checked the JVM's way (PKIX). */
    static X509TrustManager trustManager(Path caFile) {
        List<X509Certificate> extra = read(caFile);
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate ca : jvmTrusted().getAcceptedIssuers()) {
                anchors.setCertificateEntry("jvm-" + n++, ca);
            }
            for (X509Certificate ca : extra) {
                anchors.setCertificateEntry("extra-" + n++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            return x509(factory.getTrustManagers());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the trusted CAs with " + caFile, e);
        }
    }

    private static List<X509Certificate> read(Path caFile) {
        String where = "the CA file " + caFile + " (" + Setting.GRAPH_CA_FILE.envName() + ")";
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            List<X509Certificate> result = new ArrayList<>();
            certificates.forEach(c -> result.add((X509Certificate) c));
            if (result.isEmpty()) {
                throw new SettingsException(where + " holds no certificate");
            }
            return result;
        } catch (NoSuchFileException e) {
            throw new SettingsException(where + " does not exist");
        } catch (IOException | GeneralSecurityException e) {
            throw new SettingsException(where + " is not a PEM file of certificates: " + e.getMessage());
        }
    }

    private static X509TrustManager jvmTrusted() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return x509(factory.getTrustManagers());
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        for (TrustManager m : managers) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("the JVM has no X.509 trust manager");
    }
}
