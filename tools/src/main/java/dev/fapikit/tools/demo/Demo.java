package dev.fapikit.tools.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The guided demo behind {@code docker/demo.sh}: plays every flow against the server {@code docker/run-local.sh}
 * started, as real clients, and prints each exchange with decoded JWTs and the spec section it shows.
 *
 * <pre>
 * docker/demo.sh [--auto] [--base-url https://localhost:8443] [--pki .fapi-kit/pki]
 *                [--admin-user admin] [--admin-password admin] [--only ciba|fapi1|fapi2|mtls]
 * </pre>
 *
 * Without {@code --auto} the CIBA steps wait for a person to approve on the approval page; with it, the demo approves
 * through the authenticator-app API. Exit status 0 when every step passed (skipped steps allowed), 1 otherwise, 2 on
 * bad arguments.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintStream(System.out, true, StandardCharsets.UTF_8)));
    }

    /** Runs the demo, printing to {@code out}; returns the exit status. */
    public static int run(String[] args, PrintStream out) {
        boolean auto = false;
        String base = "https://localhost:" + System.getenv().getOrDefault("FAPIKIT_PORT", "8443");
        Path pki = Path.of(".fapi-kit", "pki");
        String adminUser = System.getenv().getOrDefault("FAPIKIT_ADMIN_USER", "admin");
        String adminPassword = System.getenv().getOrDefault("FAPIKIT_ADMIN_PASSWORD", "admin");
        String only = null;
        Deque<String> a = new ArrayDeque<>(List.of(args));
        try {
            while (!a.isEmpty()) {
                String arg = a.pop();
                switch (arg) {
                    case "--auto" -> auto = true;
                    case "--base-url" -> base = a.pop();
                    case "--pki" -> pki = Path.of(a.pop());
                    case "--admin-user" -> adminUser = a.pop();
                    case "--admin-password" -> adminPassword = a.pop();
                    case "--only" -> only = a.pop();
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            out.println("docker/demo.sh [--auto] [--base-url URL] [--pki DIR] [--admin-user U] [--admin-password P]"
                    + " [--only ciba|fapi1|fapi2|mtls]: " + e.getMessage());
            return 2;
        }

        Narrator narrator = new Narrator(out);
        DemoServer server;
        try {
            server = new DemoServer(base, pki.toAbsolutePath(), adminUser, adminPassword, narrator);
        } catch (IllegalArgumentException e) {
            out.println("✗ " + e.getMessage());
            return 1;
        }
        try {
            if (!server.awaitReady(120)) {
                out.println("✗ nothing answers at " + server.baseUrl + ": start the server with docker/run-local.sh"
                        + " (another port: FAPIKIT_PORT=<port> for both commands, or --base-url)");
                return 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.println("FAPI Kit demo against " + server.baseUrl + (auto ? " (--auto: approvals through the app API)" : ""));
        out.println("Each step: what is sent (→) and answered (←), decoded JWTs, the spec it shows, then ✓ or the server's error.");
        if (only == null || only.equals("ciba")) new CibaDemo(server, auto).run();
        if (only == null || only.equals("fapi1")) new Fapi1Demo(server).run();
        if (only == null || only.equals("fapi2")) new Fapi2Demo(server).run();
        if (only == null || only.equals("mtls")) new MtlsClientAuthDemo(server).run();
        narrator.summary();
        return narrator.failed() == 0 && narrator.passed() > 0 ? 0 : 1;
    }
}
