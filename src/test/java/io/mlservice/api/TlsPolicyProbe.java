package io.mlservice.api;

import io.mlservice.config.ServiceSettings;
import io.mlservice.config.SettingsLoader;
import io.mlservice.serving.ModelRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Starts the API over HTTPS and tries one handshake per protocol version, printing how each went. Run in its own
 * JVM whose security properties allow versions a default JVM refuses ({@code -Djava.security.properties=…}), so
 * that what is refused is refused by the API's own settings. The client trusts what
 * {@code javax.net.ssl.trustStore} names.
 */
public final class TlsPolicyProbe {
    private TlsPolicyProbe() {
    }

    /** Arguments: the PEM certificate, the PEM key, then protocol versions (e.g. {@code TLSv1.1}). */
    public static void main(String[] args) throws Exception {
        ServiceSettings settings = SettingsLoader.resolve(Map.of("ML_TOTARA_KEY", "probe-key-0123456789",
                "ML_BIND", "127.0.0.1:0", "ML_TLS_CERT", args[0], "ML_TLS_KEY", args[1]));
        try (ApiServer server = new ApiServer(() -> settings, new ModelRegistry(), FixedServiceStatus.folder(),
                new ApiMetrics(Clock.systemUTC()), Clock.systemUTC())) {
            server.start();
            for (String protocol : Arrays.copyOfRange(args, 2, args.length)) {
                System.out.println(protocol + ": " + handshake(server.port(), protocol));
            }
        }
    }

    private static String handshake(int port, String protocol) {
        try (SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket("127.0.0.1", port)) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            return "negotiated " + socket.getSession().getProtocol();
        } catch (IOException | IllegalArgumentException e) {
            return "refused: " + e;
        }
    }
}
