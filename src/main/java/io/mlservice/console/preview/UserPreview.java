package io.mlservice.console.preview;

import io.mlservice.serving.Explanation;

import java.util.List;
import java.util.Optional;

/**
 * What the preview shows for one user of one tenant: the profile and interactions the model knows, and per item
 * type the list the API would answer Totara, with reasons.
 *
 * @param problem      why the tenant cannot answer (service stopped, no model yet, no such tenant, not trained);
 *                     null when it can
 * @param known        the model knows the user (else the answers are cold start or {@code no such user id})
 * @param itemsPerType the {@code n_items} of the answers: Totara's default under the settings' cap
 */
public record UserPreview(String tenant, String userId, String problem, boolean known, int itemsPerType,
                          List<ProfileGroup> profile, List<Interaction> history, List<TypeAnswer> answers) {

    public UserPreview {
        profile = List.copyOf(profile);
        history = List.copyOf(history);
        answers = List.copyOf(answers);
    }

    /** One kind of user feature, e.g. "Interests" with the ids the user has, strongest first. */
    public record ProfileGroup(String name, List<String> values) {
        public ProfileGroup {
            values = List.copyOf(values);
        }
    }

    /**
     * An item the user interacted with.
     *
     * @param repeated rating 1 in the export: more than once, or a self-enrolment (what the original calls "seen")
     */
    public record Interaction(String itemId, String itemType, boolean repeated) {
    }

    /**
     * The answer for one item type, as {@code /user-items} gives it.
     *
     * @param message   the contract's message when {@code success} is false
     * @param coldStart the user is unknown and the type's most popular items answer
     */
    public record TypeAnswer(String itemType, boolean success, String message, boolean coldStart,
                             List<Recommendation> items) {
        public TypeAnswer {
            items = List.copyOf(items);
        }
    }

    /**
     * One recommended item.
     *
     * @param numericId   the id the API sends (component removed)
     * @param score       the score as the API writes it
     * @param rankedDown  the seen rule pushed it down: the user already interacted with it
     * @param why         the reasons in one line
     * @param explanation the reasons in full; null for cold start
     */
    public record Recommendation(int rank, String itemId, String itemType, String numericId, String score,
                                 boolean rankedDown, String why, Explanation explanation) {
    }

    /** The answer for the type, if it is one of the preview's. */
    public Optional<TypeAnswer> answer(String itemType) {
        return answers.stream().filter(a -> a.itemType().equals(itemType)).findFirst();
    }
}
