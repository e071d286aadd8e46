package io.mlservice.console.desktop;

import javafx.scene.image.Image;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/** The application's icon in the sizes window managers and trays pick from. */
public final class AppIcons {
    private static final int[] SIZES = {16, 32, 48, 64, 128, 256};

    private AppIcons() {
    }

    /** For {@code Stage.getIcons()}. */
    public static List<Image> forStage() {
        List<Image> icons = new ArrayList<>();
        for (int size : SIZES) {
            URL url = resource(size);
            if (url != null) {
                icons.add(new Image(url.toExternalForm()));
            }
        }
        return icons;
    }

    /** The icon file of one size, or null when the program was built without it. */
    static URL resource(int size) {
        return AppIcons.class.getResource("/io/mlservice/console/icons/icon-" + size + ".png");
    }

    static InputStream stream(int size) {
        return AppIcons.class.getResourceAsStream("/io/mlservice/console/icons/icon-" + size + ".png");
    }
}
