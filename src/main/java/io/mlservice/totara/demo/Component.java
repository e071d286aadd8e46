package io.mlservice.totara.demo;

import java.util.List;

/** The item components of Totara's export, in the order of their one-hot columns in {@code item_data_{t}.csv}. */
enum Component {
    // courses and workspaces are both rows of Totara's course table, articles and microlearning both engage
    // resources: each pair shares one id sequence, as on a real site
    COURSE("container_course", 0.20, IdSpace.COURSE, "course"),
    WORKSPACE("container_workspace", 0.10, IdSpace.COURSE, "workspace"),
    ARTICLE("engage_article", 0.44, IdSpace.RESOURCE, "article"),
    MICROLEARNING("engage_microlearning", 0.12, IdSpace.RESOURCE, "short read"),
    PLAYLIST("totara_playlist", 0.14, IdSpace.PLAYLIST, "playlist");

    /** The order in which Totara's export query lists the components (a UNION ALL in this order). */
    static final List<Component> EXPORT_ORDER = List.of(MICROLEARNING, ARTICLE, PLAYLIST, WORKSPACE, COURSE);

    private final String id;
    private final double share;
    private final IdSpace idSpace;
    private final String noun;

    Component(String id, double share, IdSpace idSpace, String noun) {
        this.id = id;
        this.share = share;
        this.idSpace = idSpace;
        this.noun = noun;
    }

    /** The prefix of item ids and the name of the one-hot column. */
    String id() {
        return id;
    }

    /** The share of the site's items of this component. */
    double share() {
        return share;
    }

    IdSpace idSpace() {
        return idSpace;
    }

    /** What the item is called in its description. */
    String noun() {
        return noun;
    }

    /** Totara's database sequences that numeric item ids come from. */
    enum IdSpace {
        COURSE(2), RESOURCE(1), PLAYLIST(1);

        /** The first id: course 1 is the site's front page, never exported. */
        final long first;

        IdSpace(long first) {
            this.first = first;
        }
    }
}
