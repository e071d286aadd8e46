package io.mlservice.api;

import java.io.IOException;

/**
 * The API cannot listen on the configured address: the port is in use, the address is not this machine's, the port
 * needs privileges, or the host name does not resolve. A setting to change, not a fault a restart would clear.
 */
public final class AddressUnusableException extends IOException {
    public AddressUnusableException(String message) {
        super(message);
    }
}
