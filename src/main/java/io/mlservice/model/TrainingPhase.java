package io.mlservice.model;

/** The steps a training cycle goes through, for the whole export and then for each tenant, in order. */
public enum TrainingPhase {
    /** Downloading the export (or finding it in a folder). */
    FETCH("fetch"),
    /** Reading and checking the export, then building each tenant's data set. */
    PREPARE("prepare"),
    /** Trying hyper-parameters on a held-out split. */
    SEARCH("search"),
    /** Scoring the chosen configuration and the baselines (popularity, EASE^R) on the held-out split. */
    EVALUATE("evaluate"),
    /** Training the chosen configuration on all interactions. */
    FINAL_FIT("final fit"),
    /** Writing the model file. */
    SAVE("save"),
    /** Serving the new model. */
    SWAP("swap");

    private final String label;

    TrainingPhase(String label) {
        this.label = label;
    }

    /** The phase in words, as the console and the command line show it. */
    public String label() {
        return label;
    }
}
