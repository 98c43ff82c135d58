package dev.fapikit.tools.screenshots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.fapikit.it.harness.Http;

/**
 * The screens the guide names, as data ({@code docs/screenshots/manifest.json}): how to get there, the text that must
 * be visible there and, optionally, the screenshot to take.
 *
 * @param screens in the order they are visited
 */
record Manifest(List<Screen> screens) {

    /**
     * @param id         short name, used in the report
     * @param guide      the guide's wording this screen backs (for the reader of a failure)
     * @param steps      navigation, one verb and its argument each (see {@link Console#step})
     * @param expect     texts that must be visible (or be the value of a field) once the steps are done
     * @param screenshot file name in the output folder, or {@code null}
     * @param focus      text scrolled into view before the screenshot, or {@code null}
     * @param server     the server it is visited on: {@value #DEMO} (the demo realms, default) or
     *                   {@value #SERVER_WIDE_PROFILES} (no realms, the complete profiles loaded server-wide)
     */
    record Screen(String id, String guide, List<String> steps, List<String> expect, String screenshot, String focus,
            String server) {

        static final String DEMO = "demo";
        static final String SERVER_WIDE_PROFILES = "server-wide-profiles";

        Screen resolve(Map<String, String> variables) {
            return new Screen(id, guide, steps.stream().map(s -> substitute(s, variables)).toList(),
                    expect.stream().map(s -> substitute(s, variables)).toList(), screenshot, substitute(focus, variables), server);
        }

        private static String substitute(String text, Map<String, String> variables) {
            if (text == null) {
                return null;
            }
            String result = text;
            for (Map.Entry<String, String> v : variables.entrySet()) {
                result = result.replace("${" + v.getKey() + "}", v.getValue());
            }
            return result;
        }
    }

    static Manifest load(Path file) {
        try {
            JsonNode root = Http.JSON.readTree(file.toFile());
            List<Screen> screens = new ArrayList<>();
            for (JsonNode s : root.path("screens")) {
                screens.add(new Screen(s.path("id").asText(), s.path("guide").asText(), texts(s.path("steps")),
                        texts(s.path("expect")), s.hasNonNull("screenshot") ? s.get("screenshot").asText() : null,
                        s.hasNonNull("focus") ? s.get("focus").asText() : null, s.path("server").asText(Screen.DEMO)));
                if (!List.of(Screen.DEMO, Screen.SERVER_WIDE_PROFILES).contains(screens.get(screens.size() - 1).server())) {
                    throw new IllegalArgumentException("unknown server '" + s.path("server").asText() + "' in " + file);
                }
            }
            return new Manifest(List.copyOf(screens));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return List.copyOf(texts);
    }
}
