package io.mlservice.cli;

import java.util.Arrays;

/**
 * The entry point of the installed {@code ml-service-server} launcher: the service without a window, always. A
 * launcher's default arguments apply only when it is started without any, so the server launcher cannot rely on a
 * default {@code --headless}: {@code ml-service-server --set ML_BIND=...} would open the console.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) {
        System.exit(Main.run(withHeadless(args)));
    }

    static String[] withHeadless(String[] args) {
        if (Arrays.asList(args).contains("--headless")) {
            return args;
        }
        String[] all = new String[args.length + 1];
        all[0] = "--headless";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
