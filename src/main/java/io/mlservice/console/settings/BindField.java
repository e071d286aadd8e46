package io.mlservice.console.settings;

import io.mlservice.config.BindAddress;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The listen address ({@code ML_BIND}) edited as two boxes, host and port, kept in step with the setting's one
 * text: {@code host:port} or {@code [host]:port} is split into the boxes when the text changes as a whole, and the
 * boxes are joined into the text ({@link BindAddress#hostAndPort}, brackets for IPv6) when either changes. Lives on
 * the JavaFX thread.
 */
public final class BindField {
    private final SettingField field;
    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final StringProperty port = new SimpleStringProperty(this, "port", "");
    /** Set while one side is written from the other, so that the change does not echo back. */
    private boolean syncing;

    BindField(SettingField field) {
        this.field = field;
        host.addListener((obs, was, now) -> join());
        port.addListener((obs, was, now) -> join());
    }

    /** The host part of the listen address ({@code *} for every interface), edited apart from the port. */
    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    /** Whether a listen-address problem is about the port rather than the host (to mark the right box). */
    public static boolean aboutPort(String problem) {
        return problem != null && problem.contains("the port");
    }

    /** Sets the boxes from the setting's text; nothing when the text was just joined from them. */
    void split() {
        if (syncing) {
            return;
        }
        String text = field.valueProperty().get().trim();
        String h;
        String p;
        if (text.startsWith("[") && text.indexOf(']') > 0) {
            int close = text.indexOf(']');
            h = text.substring(1, close);
            p = text.substring(close + 1).startsWith(":") ? text.substring(close + 2) : "";
        } else if (text.lastIndexOf(':') >= 0) {
            h = text.substring(0, text.lastIndexOf(':'));
            p = text.substring(text.lastIndexOf(':') + 1);
        } else {
            h = text;
            p = "";
        }
        syncing = true;
        try {
            host.set(h);
            port.set(p);
        } finally {
            syncing = false;
        }
    }

    private void join() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            field.valueProperty().set(BindAddress.hostAndPort(host.get().trim(), port.get().trim()));
        } finally {
            syncing = false;
        }
    }
}
