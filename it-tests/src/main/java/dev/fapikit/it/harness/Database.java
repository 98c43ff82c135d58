package dev.fapikit.it.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Where a node keeps its data: Keycloak's embedded dev database, or a database on the local PostgreSQL. */
public sealed interface Database {

    /** The {@code --db} build option. */
    String kind();

    /** Run-time options ({@code --db-url}, ...). */
    List<String> startOptions();

    static Database devFile() {
        return new DevFile();
    }

    /** A database {@code name} on PostgreSQL at {@code fapikit.db.host} (default 127.0.0.1:5432, trust auth). */
    static Postgres postgres(String name) {
        return new Postgres(System.getProperty("fapikit.db.host", "127.0.0.1:5432"), name,
                System.getProperty("fapikit.db.user", "postgres"));
    }

    record DevFile() implements Database {
        @Override
        public String kind() {
            return "dev-file";
        }

        @Override
        public List<String> startOptions() {
            return List.of();
        }
    }

    record Postgres(String hostPort, String name, String user) implements Database {
        @Override
        public String kind() {
            return "postgres";
        }

        @Override
        public List<String> startOptions() {
            return List.of("--db-url=jdbc:postgresql://" + hostPort + "/" + name, "--db-username=" + user);
        }

        /** Drops and creates the database, so every test run starts from an empty schema. */
        public Postgres recreate() {
            if (!name.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("unsafe database name " + name);
            }
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/postgres", user, "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL at " + hostPort + " is needed for the integration tests"
                        + " (start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)", e);
            }
            return this;
        }
    }
}
