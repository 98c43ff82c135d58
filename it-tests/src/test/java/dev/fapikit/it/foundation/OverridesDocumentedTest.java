package dev.fapikit.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.HarnessSettings;

/**
 * {@code docs/overrides.md} cannot drift from the code (issue 19 §1). A plain unit test: no server is started; it reads
 * the modules' {@code META-INF/services} files and Java sources from the source tree, and loads the modules' compiled
 * classes next to the Keycloak distribution's own JARs (unpacked from the zip the harness uses) to compare provider ids.
 */
class OverridesDocumentedTest {

    private static final List<String> MODULES = List.of("core", "fapi-client-policies", "jarm-response-mode", "ciba-authenticator", "mtls-binding");
    /** Keycloak JARs whose classes count as SPI; every other Keycloak JAR (keycloak-services above all) is internal. */
    private static final Set<String> SPI_JARS = Set.of("keycloak-core", "keycloak-common", "keycloak-server-spi", "keycloak-server-spi-private");
    /** Device-code store model classes: in keycloak-server-spi-private, but a storage layout rather than a contract. */
    private static final Set<String> INTERNAL_MODEL_CLASSES = Set.of("org.keycloak.models.OAuth2DeviceCodeModel",
            "org.keycloak.models.OAuth2DeviceUserCodeModel");
    private static final String SPI_DECLARATIONS = "org.keycloak.provider.Spi";
    private static final Pattern KEYCLOAK_CLASS = Pattern.compile("\\borg\\.keycloak(?:\\.[a-z0-9_]+)+\\.[A-Z][A-Za-z0-9_]*");

    private static Path root;
    private static String overrides;
    private static List<Path> keycloakJars;

    @BeforeAll
    static void load() throws IOException {
        HarnessSettings settings = HarnessSettings.load();
        root = settings.projectRoot();
        overrides = Files.readString(root.resolve("docs/overrides.md"));
        keycloakJars = unpackLibraries(settings.distZip(), root.resolve("it-tests/target/overrides-keycloak-lib-" + settings.keycloakVersion()));
    }

    @Test
    @DisplayName("every factory and SPI a module registers in META-INF/services is named in docs/overrides.md")
    void everyRegisteredClassIsNamed() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Registration r : registrations()) {
            if (!overrides.contains("`" + r.simpleName() + "`")) {
                missing.add(r.module() + ": " + r.className() + " (" + r.spi() + ")");
            }
        }
        assertThat(missing).as("classes registered in META-INF/services but not named (in backticks) in docs/overrides.md").isEmpty();
    }

    @Test
    @DisplayName("every provider id that Keycloak 26.7.3 also ships has its row in 'Replaced Keycloak providers', and no row is stale")
    void replacedIdsMatchTheTable() throws Exception {
        Map<String, String> rows = replacedRows();
        Set<String> replacedIds = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        try (URLClassLoader loader = keycloakWithModules()) {
            Method getId = loader.loadClass("org.keycloak.provider.ProviderFactory").getMethod("getId");
            Map<String, Set<String>> keycloakIds = new HashMap<>();
            for (Registration r : registrations()) {
                if (r.spi().equals(SPI_DECLARATIONS) || !r.spi().startsWith("org.keycloak.")) {
                    continue;
                }
                Set<String> builtIn = keycloakIds.computeIfAbsent(r.spi(), spi -> keycloakProviderIds(loader, getId, spi));
                String id = (String) getId.invoke(instantiate(loader, r.className()));
                if (builtIn.contains(id)) {
                    replacedIds.add(id);
                    String row = rows.get(id);
                    if (row == null || !row.contains("`" + r.simpleName() + "`")) {
                        missing.add(r.spi() + " id '" + id + "' (" + r.className() + ")");
                    }
                }
            }
        }
        assertThat(missing).as("provider ids Keycloak also ships, without their row (id and class) in the replaced-providers table").isEmpty();
        assertThat(rows.keySet()).as("rows of the replaced-providers table whose id nothing replaces").isSubsetOf(replacedIds);
    }

    @Test
    @DisplayName("every Keycloak internal class a module uses is named in docs/overrides.md")
    void internalClassesAreNamed() throws IOException {
        Map<String, String> jarOfClass = keycloakClassIndex();
        Set<String> missing = new TreeSet<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = KEYCLOAK_CLASS.matcher(Files.readString(file));
                    while (m.find()) {
                        String type = m.group();
                        if (!internal(type, jarOfClass)) {
                            continue;
                        }
                        String simple = type.substring(type.lastIndexOf('.') + 1);
                        if (!Pattern.compile("(?<![A-Za-z0-9_$])" + simple + "(?![A-Za-z0-9_$])").matcher(overrides).find()) {
                            missing.add(type + " (" + root.relativize(file) + ")");
                        }
                    }
                }
            }
        }
        assertThat(missing).as("Keycloak internals used but not named in docs/overrides.md").isEmpty();
    }

    /** Internal: not in one of the SPI JARs (a class no Keycloak JAR has counts as internal), or a listed model class. */
    private static boolean internal(String type, Map<String, String> jarOfClass) {
        String jar = jarOfClass.get(type);
        return INTERNAL_MODEL_CLASSES.contains(type) || jar == null || !SPI_JARS.contains(jar);
    }

    private record Registration(String module, String spi, String className) {
        String simpleName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }

    private static List<Registration> registrations() throws IOException {
        List<Registration> all = new ArrayList<>();
        for (String module : MODULES) {
            Path services = root.resolve(module).resolve("src/main/resources/META-INF/services");
            try (Stream<Path> files = Files.list(services)) {
                for (Path file : files.sorted().toList()) {
                    for (String line : lines(Files.readString(file))) {
                        all.add(new Registration(module, file.getFileName().toString(), line));
                    }
                }
            }
        }
        assertThat(all).as("META-INF/services entries found in the source tree").isNotEmpty();
        return all;
    }

    /** Rows of the table under "## Replaced Keycloak providers", keyed by their id column. */
    private static Map<String, String> replacedRows() {
        int start = overrides.indexOf("## Replaced Keycloak providers");
        assertThat(start).as("docs/overrides.md has the section 'Replaced Keycloak providers'").isNotNegative();
        int end = overrides.indexOf("\n#", start + 3);
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : overrides.substring(start, end < 0 ? overrides.length() : end).lines().toList()) {
            String[] cells = line.split("\\|");
            if (line.startsWith("| `") && cells.length > 2) {
                rows.put(cells[2].trim().replace("`", ""), line);
            }
        }
        assertThat(rows).as("rows of the replaced-providers table").isNotEmpty();
        return rows;
    }

    /** Ids of the factories Keycloak's own JARs register for one SPI. */
    private static Set<String> keycloakProviderIds(ClassLoader loader, Method getId, String spi) {
        Set<String> ids = new TreeSet<>();
        for (Path jar : keycloakJars) {
            if (!jar.getFileName().toString().startsWith("org.keycloak.")) {
                continue;
            }
            try (JarFile j = new JarFile(jar.toFile())) {
                ZipEntry entry = j.getEntry("META-INF/services/" + spi);
                if (entry == null) {
                    continue;
                }
                try (InputStream in = j.getInputStream(entry)) {
                    for (String factory : lines(new String(in.readAllBytes()))) {
                        ids.add((String) getId.invoke(instantiate(loader, factory)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the id of a Keycloak factory of " + spi, e);
            }
        }
        return ids;
    }

    private static Object instantiate(ClassLoader loader, String className) throws ReflectiveOperationException {
        return Class.forName(className, false, loader).getDeclaredConstructor().newInstance();
    }

    /** The distribution's libraries and the modules' compiled classes, isolated from this test's class path. */
    private static URLClassLoader keycloakWithModules() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (Path jar : keycloakJars) {
            urls.add(jar.toUri().toURL());
        }
        for (String module : MODULES) {
            Path classes = root.resolve(module).resolve("target/classes");
            assertThat(classes).as("compiled classes of %s (build with -am)", module).isDirectory();
            urls.add(classes.toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** Top-level class name → Keycloak artifact (e.g. {@code keycloak-services}) for every class of a Keycloak JAR. */
    private static Map<String, String> keycloakClassIndex() throws IOException {
        Map<String, String> index = new HashMap<>();
        Pattern artifact = Pattern.compile("org\\.keycloak\\.(keycloak-[a-z0-9-]+?)-\\d.*\\.jar");
        for (Path jar : keycloakJars) {
            Matcher m = artifact.matcher(jar.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            try (JarFile j = new JarFile(jar.toFile())) {
                j.stream().map(ZipEntry::getName)
                        .filter(n -> n.endsWith(".class") && !n.contains("$") && n.startsWith("org/keycloak/"))
                        .forEach(n -> index.putIfAbsent(n.substring(0, n.length() - ".class".length()).replace('/', '.'), m.group(1)));
            }
        }
        assertThat(index).as("Keycloak classes indexed").isNotEmpty();
        return index;
    }

    /** The distribution's {@code lib/lib/main} and {@code lib/lib/boot} JARs, unpacked once into {@code target}. */
    private static List<Path> unpackLibraries(Path distZip, Path target) throws IOException {
        Path done = target.resolve(".complete");
        if (!Files.exists(done)) {
            Files.createDirectories(target);
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(distZip))) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    String name = e.getName();
                    if (!e.isDirectory() && name.endsWith(".jar") && (name.contains("/lib/lib/main/") || name.contains("/lib/lib/boot/"))) {
                        Files.copy(zip, target.resolve(name.substring(name.lastIndexOf('/') + 1)), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.writeString(done, distZip.toString());
        }
        try (Stream<Path> jars = Files.list(target)) {
            List<Path> all = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            assertThat(all).as("Keycloak libraries unpacked from %s", distZip).isNotEmpty();
            return all;
        }
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
