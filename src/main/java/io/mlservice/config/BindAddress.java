package io.mlservice.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the API listens: {@code ML_BIND} as the original accepts it, {@code *:5000}, {@code 0.0.0.0:5000},
 * {@code 127.0.0.1:5000}, {@code [::1]:5000}, or a host name with a port.
 *
 * @param host the address or host name to bind, or {@code null} for every interface ({@code *})
 * @param port 0..65535; 0 lets the system choose (tests)
 */
public record BindAddress(String host, int port) {
    private static final Pattern FORM = Pattern.compile("(\\*|\\[[0-9A-Fa-f:.%a-zA-Z]+]|[^:\\[\\]\\s]+):(\\d{1,5})");

    public BindAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        if (host != null && host.isBlank()) {
            throw new IllegalArgumentException("bind host must not be blank");
        }
    }

    public static BindAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + t + "' is not host:port (expected e.g. *:5000, 0.0.0.0:5000,"
                    + " 127.0.0.1:5000 or [::1]:5000)");
        }
        String host = m.group(1);
        int port = Integer.parseInt(m.group(2));
        if (port > 65535) {
            throw new IllegalArgumentException("port " + port + " in '" + t + "' is outside 0..65535");
        }
        if (host.equals("*")) {
            return new BindAddress(null, port);
        }
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new BindAddress(host, port);
    }

    /** Every interface: {@code *} or an unspecified address. */
    public boolean allInterfaces() {
        return host == null || host.equals("0.0.0.0") || host.equals("::");
    }

    public BindAddress withPort(int value) {
        return new BindAddress(host, value);
    }

    /** The {@code ML_BIND} text this address was parsed from (IPv6 in brackets). */
    @Override
    public String toString() {
        if (host == null) {
            return "*:" + port;
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
