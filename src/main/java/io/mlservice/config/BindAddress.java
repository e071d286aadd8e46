package io.mlservice.config;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where the API listens: {@code ML_BIND} as the original accepts it, {@code *:5000}, {@code 0.0.0.0:5000},
 * {@code 127.0.0.1:5000}, {@code [::1]:5000}, or a host name with a port.
 *
 * @param host the address or host name to bind, or {@code null} for every interface ({@code *})
 * @param port 0..65535; 0 lets the system choose (tests)
 */
public record BindAddress(String host, int port) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9._-]+)?");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final String EXAMPLES = "e.g. *:5000, 0.0.0.0:5000, 127.0.0.1:5000 or [::1]:5000";

    public BindAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        if (host != null && host.isBlank()) {
            throw new IllegalArgumentException("bind host must not be blank");
        }
    }

    /**
     * Reads {@code ML_BIND} text.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static BindAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        try {
            return read(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + t + "' is not a listen address: " + e.getMessage(), e);
        }
    }

    /** Reads trimmed text; the exception says what is wrong without repeating the text, for the settings checks. */
    static BindAddress read(String t) {
        if (DIGITS.matcher(t).matches()) {
            throw new IllegalArgumentException("expected host:port, e.g. *:" + t + " for port " + t
                    + " on every interface");
        }
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("the IPv6 address has no closing ], " + EXAMPLES);
            }
            host = t.substring(1, close);
            if (!IPV6.matcher(host).matches()) {
                throw new IllegalArgumentException("the part in brackets is not an IPv6 address, " + EXAMPLES);
            }
            String rest = t.substring(close + 1);
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("the port is missing: expected [address]:port, e.g. [::1]:5000");
            }
            port = rest.substring(1);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected host:port, " + EXAMPLES);
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            checkHost(host);
        }
        return new BindAddress(host.equals("*") ? null : host, port(port));
    }

    private static void checkHost(String host) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the host is missing: use *:port for every interface or"
                    + " 127.0.0.1:port for this machine only");
        }
        if (host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 address needs brackets, e.g. [::1]:5000");
        }
        if (!host.equals("*") && !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("the host is neither *, an IP address nor a host name, " + EXAMPLES);
        }
    }

    private static int port(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the port is missing: expected host:port, " + EXAMPLES);
        }
        if (!DIGITS.matcher(text).matches()) {
            throw new IllegalArgumentException("the port is not a number from 0 to 65535");
        }
        if (text.length() > 9 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("the port " + text + " is above 65535");
        }
        return Integer.parseInt(text);
    }

    /** Every interface: {@code *} or an unspecified address. */
    public boolean allInterfaces() {
        return host == null || host.equals("0.0.0.0") || host.equals("::");
    }

    public BindAddress withPort(int value) {
        return new BindAddress(host, value);
    }

    /**
     * Where a client on this computer reaches an API bound here, e.g. {@code http://127.0.0.1:5000/}: the loopback
     * address when bound to every interface.
     */
    public URI localUri() {
        return localUri("http");
    }

    /** {@link #localUri()} with this scheme, e.g. {@code https://127.0.0.1:5000/}. */
    public URI localUri(String scheme) {
        return URI.create(scheme + "://" + hostAndPort(allInterfaces() ? "127.0.0.1" : host, Integer.toString(port))
                + "/");
    }

    /** {@code http://host:port}, an IPv6 address in brackets, e.g. {@code http://[::1]:5000}. */
    public static String httpUrl(String host, int port) {
        return "http://" + hostAndPort(host, Integer.toString(port));
    }

    /**
     * {@code host:port} as {@code ML_BIND} and URIs write it, an IPv6 address in brackets; the port as given (it may
     * be text being typed).
     */
    public static String hostAndPort(String host, String port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The {@code ML_BIND} text this address was parsed from (IPv6 in brackets). */
    @Override
    public String toString() {
        return host == null ? "*:" + port : hostAndPort(host, Integer.toString(port));
    }
}
