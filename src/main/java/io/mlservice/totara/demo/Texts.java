package io.mlservice.totara.demo;

import java.util.List;

/**
 * The free text of the export: item documents (title and a sentence or two) and user descriptions, written from
 * the words of a hidden group. Now and then they carry what the service's text cleaning has to cope with: URLs,
 * e-mail addresses, accented words, numbers, a line break, and the commas and quotes Totara would have scrubbed.
 */
final class Texts {
    private Texts() {
    }

    static String document(Rng rng, Component component, int group) {
        StringBuilder text = new StringBuilder(160);
        title(rng, group, text);
        text.append(' ');
        sentence(rng, component, group, text);
        if (rng.chance(0.5)) {
            // content_to_text keeps paragraph breaks and Totara's scrubbing does not remove them
            text.append(rng.chance(0.1) ? '\n' : ' ');
            sentence(rng, component, group, text);
        }
        decorate(rng, group, text);
        return text.toString();
    }

    static String description(Rng rng, int group) {
        Vocabulary.Group g = Vocabulary.GROUPS.get(group);
        String role = rng.chance(0.03) ? g.role() + ", " + g.department() : g.role();
        String text = switch (rng.nextInt(4)) {
            case 0 -> role + " in " + g.department() + ". Interested in " + word(rng, group) + " and "
                    + word(rng, group) + ".";
            case 1 -> "I work on " + word(rng, group) + " and " + word(rng, group) + " in the " + g.department()
                    + " team.";
            case 2 -> "Passionate about " + word(rng, group) + " " + word(rng, group) + " and " + word(rng, group)
                    + ".";
            default -> role + " with " + (1 + rng.nextInt(20)) + " years of experience in " + word(rng, group) + ".";
        };
        if (rng.chance(0.04)) {
            text += " Contact me at " + rng.pick(Vocabulary.FIRST_NAMES) + "@example.com.";
        }
        if (rng.chance(0.03)) {
            text += " Fan of " + rng.pick(Vocabulary.ACCENTED) + ".";
        }
        return text;
    }

    private static void title(Rng rng, int group, StringBuilder text) {
        text.append(switch (rng.nextInt(8)) {
            case 0 -> "Introduction to " + titleWord(rng, group) + " and " + titleWord(rng, group);
            case 1 -> capitalised(titleWord(rng, group)) + " essentials";
            case 2 -> "Practical " + titleWord(rng, group) + " for " + rng.pick(Vocabulary.AUDIENCES);
            case 3 -> (3 + rng.nextInt(10)) + " tips for better " + titleWord(rng, group);
            case 4 -> "A guide to " + titleWord(rng, group) + " " + titleWord(rng, group);
            case 5 -> "Understanding " + titleWord(rng, group);
            case 6 -> "Advanced " + titleWord(rng, group) + " workshop";
            default -> capitalised(titleWord(rng, group)) + " in practice: " + titleWord(rng, group);
        });
    }

    private static void sentence(Rng rng, Component component, int group, StringBuilder text) {
        text.append(switch (rng.nextInt(6)) {
            case 0 -> "Learn how " + word(rng, group) + " and " + word(rng, group) + " can improve your "
                    + word(rng, group) + ".";
            case 1 -> "This " + component.noun() + " covers " + word(rng, group) + " " + word(rng, group) + " and "
                    + word(rng, group) + " with practical examples.";
            case 2 -> "Join colleagues to share ideas about " + word(rng, group) + " and " + word(rng, group) + ".";
            case 3 -> "A short introduction to " + word(rng, group) + " for busy teams.";
            case 4 -> "Explore " + word(rng, group) + " through real case studies and " + word(rng, group)
                    + " exercises.";
            default -> "Includes a checklist for " + word(rng, group) + " and a quiz on " + word(rng, group) + ".";
        });
    }

    private static void decorate(Rng rng, int group, StringBuilder text) {
        if (rng.chance(0.06)) {
            text.append(" See https://learn.example.com/").append(word(rng, group)).append('-')
                    .append(100 + rng.nextInt(900)).append(" for details.");
        }
        if (rng.chance(0.03)) {
            text.append(" Questions? Contact ").append(rng.pick(Vocabulary.FIRST_NAMES)).append("@example.org.");
        }
        if (rng.chance(0.05)) {
            text.append(" (").append(rng.pick(Vocabulary.ACCENTED)).append(')');
        }
        if (rng.chance(0.1)) {
            text.append(" Takes about ").append(5 + rng.nextInt(55)).append(" minutes.");
        }
        if (rng.chance(0.03)) {
            text.append(" Step by step, with ").append(word(rng, group)).append(" and more.");
        }
        if (rng.chance(0.02)) {
            text.append(" Part of our \"").append(capitalised(titleWord(rng, group))).append("\" series.");
        }
    }

    /** A word of the group's, or now and then a shared or foreign one. */
    private static String word(Rng rng, int group) {
        double r = rng.nextDouble();
        if (r < 0.75) {
            return rng.pick(Vocabulary.GROUPS.get(group).words());
        }
        if (r < 0.93) {
            return rng.pick(Vocabulary.FILLER);
        }
        return rng.pick(rng.pick(Vocabulary.GROUPS).words());
    }

    private static String titleWord(Rng rng, int group) {
        List<String> words = rng.chance(0.9) ? Vocabulary.GROUPS.get(group).words() : Vocabulary.FILLER;
        return rng.pick(words);
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
