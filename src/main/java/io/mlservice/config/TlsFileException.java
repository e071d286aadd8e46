package io.mlservice.config;

import java.nio.file.Path;

/**
 * A TLS file that cannot serve: which setting names it, the file, and why, in words an administrator can act on.
 * The message is {@code ML_NAME=file reason}; it never holds a password.
 */
public final class TlsFileException extends Exception {
    private final Setting setting;
    private final String reason;

    TlsFileException(Setting setting, Path file, String reason, Throwable cause) {
        super(setting.variable() + "=" + file + " " + reason, cause);
        this.setting = setting;
        this.reason = reason;
    }

    /**
     * The certificate of these files cannot serve for a reason found past reading them (the TLS library refused
     * the key): named by the key store, or by the PEM private key.
     */
    public TlsFileException(TlsFiles files, String reason, Throwable cause) {
        this(files.keyStore() != null ? Setting.TLS_KEYSTORE : Setting.TLS_KEY,
                files.keyStore() != null ? files.keyStore() : files.privateKey(), reason, cause);
    }

    /** The setting that names the file. */
    public Setting setting() {
        return setting;
    }

    /** Why the file cannot serve, e.g. "holds no private key: …". */
    public String reason() {
        return reason;
    }
}
