package io.mlservice.service;

/** The program's version as its jar's manifest gives it. */
public final class Version {
    private Version() {
    }

    /** e.g. {@code 0.1.0-SNAPSHOT}, or {@code development} when run from compiled classes. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "development";
    }
}
