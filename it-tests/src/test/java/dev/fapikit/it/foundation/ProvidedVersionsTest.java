package dev.fapikit.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.HarnessSettings;

/**
 * Issue 19 §6: every library the modules compile against as {@code provided} (the server supplies it at run time) is
 * declared in exactly the version the Keycloak distribution ships in {@code lib/lib/main} (or {@code lib/lib/boot}), so the code is compiled
 * against what runs. A plain unit test: it reads the POMs and the entry names of the distribution zip.
 */
class ProvidedVersionsTest {

    /** {@code <groupId>g</groupId><artifactId>a</artifactId><version>v</version>} in either layout of our POMs. */
    private static final Pattern DEPENDENCY = Pattern.compile(
            "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<$]+)</version>(?:\\s*<type>[^<]*</type>)?\\s*<scope>provided</scope>");

    @Test
    @DisplayName("every provided library with an explicit version is the version the Keycloak distribution ships")
    void providedVersionsMatchTheDistribution() throws IOException {
        HarnessSettings settings = HarnessSettings.load();
        Set<String> shipped = new TreeSet<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(settings.distZip()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().contains("/lib/lib/") && e.getName().endsWith(".jar")) {
                    shipped.add(e.getName().substring(e.getName().lastIndexOf('/') + 1));
                }
            }
        }
        assertThat(shipped).as("JARs in the distribution's lib/lib/main").isNotEmpty();
        Map<String, String> declared = new LinkedHashMap<>();
        Path root = settings.projectRoot();
        try (Stream<Path> poms = Stream.concat(Stream.of(root.resolve("pom.xml")), Files.list(root).map(d -> d.resolve("pom.xml")))) {
            // the deployed modules (it-tests, the test harness, and tools, the commands built on it, are never installed into Keycloak)
            for (Path pom : poms.filter(Files::exists).filter(p -> !p.startsWith(root.resolve("it-tests")) && !p.startsWith(root.resolve("tools")))
                    .distinct().toList()) {
                Matcher m = DEPENDENCY.matcher(Files.readString(pom));
                while (m.find()) {
                    if (m.group(1).equals("org.keycloak") || m.group(1).equals("dev.fapikit")) continue; // ${keycloak.version}
                    declared.put(m.group(1) + ":" + m.group(2) + " (" + root.relativize(pom) + ")", m.group(3));
                }
            }
        }
        assertThat(declared).as("provided dependencies with versions in the POMs").isNotEmpty();
        Map<String, String> properties = properties(Files.readString(root.resolve("pom.xml")));
        SoftAssertions soft = new SoftAssertions();
        declared.forEach((coordinates, rawVersion) -> {
            String version = rawVersion.startsWith("${") ? properties.get(rawVersion.substring(2, rawVersion.length() - 1)) : rawVersion;
            String ga = coordinates.substring(0, coordinates.indexOf(' '));
            String group = ga.substring(0, ga.indexOf(':'));
            String artifact = ga.substring(ga.indexOf(':') + 1);
            // Keycloak's lib/lib/main names JARs <groupId>.<artifactId>-<version>.jar (a few keep <artifactId>-<version>.jar)
            boolean present = shipped.contains(group + "." + artifact + "-" + version + ".jar") || shipped.contains(artifact + "-" + version + ".jar");
            String actual = shipped.stream().filter(j -> j.startsWith(group + "." + artifact + "-") || j.startsWith(artifact + "-"))
                    .findFirst().orElse("none");
            soft.assertThat(present).as("%s %s; the distribution ships %s", coordinates, version, actual).isTrue();
        });
        soft.assertAll();
    }

    private static Map<String, String> properties(String pom) {
        Map<String, String> p = new LinkedHashMap<>();
        Matcher block = Pattern.compile("<properties>(.*?)</properties>", Pattern.DOTALL).matcher(pom);
        if (block.find()) {
            Matcher m = Pattern.compile("<([A-Za-z0-9.\\-]+)>([^<]*)</\\1>").matcher(block.group(1));
            while (m.find()) p.put(m.group(1), m.group(2));
        }
        return p;
    }
}
