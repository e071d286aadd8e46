package io.mlservice.console.dashboard;

import io.mlservice.config.BindAddress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How far the API's listen address reaches. Private: loopback, site-local (10/8, 172.16/12, 192.168/16),
 * link-local, and IPv6 unique local addresses (fc00::/7). The API has no TLS of its own, so every interface or a
 * public address deserves a warning.
 *
 * @param reach   for people: "this computer only", "your private network", "every network interface", "a public
 *                address"
 * @param warning what to do about a reach beyond a private network; null when private
 */
record ApiExposure(String reach, String warning) {

    boolean exposed() {
        return warning != null;
    }

    /** Assesses an address; resolves a host name (may block on DNS: call it off the JavaFX thread). */
    static ApiExposure of(BindAddress bind) {
        if (bind.allInterfaces()) {
            return new ApiExposure("every network interface", "The API listens on every network interface ("
                    + bind + "): any computer that can reach this one, possibly from the internet, can send it "
                    + "requests. They must be signed with the key, but they travel without TLS. Listen on an "
                    + "internal address, or make sure a firewall closes port " + bind.port()
                    + " to the outside.");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bind.host());
        } catch (UnknownHostException e) {
            return new ApiExposure("unknown (" + bind.host() + " does not resolve)", null);
        }
        boolean loopback = true;
        for (InetAddress a : addresses) {
            if (!isPrivate(a)) {
                return new ApiExposure("a public address", "The API listens on " + a.getHostAddress()
                        + ", a public address: computers outside your network can reach it, and requests travel "
                        + "without TLS. Listen on an internal address, or make sure a firewall closes port "
                        + bind.port() + " to the outside.");
            }
            loopback &= a.isLoopbackAddress();
        }
        return new ApiExposure(loopback ? "this computer only" : "your private network", null);
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()) {
            return true;
        }
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }
}
