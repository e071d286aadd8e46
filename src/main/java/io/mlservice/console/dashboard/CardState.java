package io.mlservice.console.dashboard;

/**
 * What one of the dashboard's status cards says.
 *
 * @param headline the card's main line
 * @param detail   what follows, for people; may be empty
 */
public record CardState(Status status, String headline, String detail) {

    /** How the headline looks. */
    public enum Status { OK, WARNING, DANGER, NEUTRAL }

    static CardState neutral(String headline, String detail) {
        return new CardState(Status.NEUTRAL, headline, detail);
    }
}
