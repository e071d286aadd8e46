package io.mlservice.diagnostics;

import io.mlservice.config.BindAddress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Optional;

/** Where Totara can reach an API bound to an address: only this computer, or the address to write in config.php. */
public final class ServiceAddress {
    private ServiceAddress() {
    }

    /** Whether only this computer can reach an API bound here. */
    public static boolean loopbackOnly(BindAddress bind) {
        String host = bind.host();
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.matches("[0-9.]+") || host.contains(":")) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * What Totara's {@code $CFG->ml_service_url} should say for an API bound here: the bound host, or for every
     * interface this computer's first private IPv4 address (else its name). Looks at the network interfaces; no
     * name lookup unless there is no private address.
     */
    public static String urlForTotara(BindAddress bind, int port) {
        String host = bind.host();
        if (host == null || bind.allInterfaces()) {
            host = privateAddress().orElseGet(ServiceAddress::hostName);
        } else if (loopbackOnly(bind)) {
            host = "localhost";
        }
        return BindAddress.httpUrl(host, port);
    }

    private static Optional<String> privateAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
                        return Optional.of(address.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
