package dev.fapikit.core.rar;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code authorization_details} request parameter (RFC 9396 §2): a JSON array of objects, each with a string
 * {@code type}. Client input is hostile, so it is read within limits before any type looks at it: at most
 * {@value #MAX_BYTES} bytes, {@value #MAX_ENTRIES} entries and a nesting depth of {@value #MAX_DEPTH}; duplicate member
 * names are refused (RFC 8259 §4 leaves them undefined).
 */
public final class AuthorizationDetails {

    /** Largest accepted parameter, in UTF-8 bytes. */
    public static final int MAX_BYTES = 16 * 1024;

    /** Most entries in the array. */
    public static final int MAX_ENTRIES = 10;

    /** Deepest nesting, the outer array counting as 1. */
    public static final int MAX_DEPTH = 8;

    /** Longest {@code type} value. */
    public static final int MAX_TYPE_LENGTH = 128;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1)
                    .maxStringLength(MAX_BYTES).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private final List<ObjectNode> entries;

    private AuthorizationDetails(List<ObjectNode> entries) {
        this.entries = entries;
    }

    /**
     * Reads the parameter.
     *
     * @throws InvalidAuthorizationDetails anything but a non-empty array of at most {@value #MAX_ENTRIES} objects with a
     *                                     {@code type}, or beyond the limits
     */
    public static AuthorizationDetails parse(String parameter) {
        if (parameter == null || parameter.isBlank()) {
            throw new InvalidAuthorizationDetails("authorization_details is empty");
        }
        if (parameter.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidAuthorizationDetails("authorization_details is longer than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(parameter)) {
            root = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new InvalidAuthorizationDetails("authorization_details has content after the JSON array");
            }
        } catch (InvalidAuthorizationDetails e) {
            throw e;
        } catch (Exception e) {
            // Jackson's message may quote the input: not repeated to the client
            throw new InvalidAuthorizationDetails("authorization_details is not valid JSON (RFC 9396 §2)");
        }
        if (root == null || !root.isArray()) {
            throw new InvalidAuthorizationDetails("authorization_details must be a JSON array (RFC 9396 §2)");
        }
        if (root.isEmpty()) {
            throw new InvalidAuthorizationDetails("authorization_details must not be an empty array");
        }
        if (root.size() > MAX_ENTRIES) {
            throw new InvalidAuthorizationDetails("authorization_details has more than " + MAX_ENTRIES + " entries");
        }
        if (depth(root) > MAX_DEPTH) {
            throw new InvalidAuthorizationDetails("authorization_details is nested deeper than " + MAX_DEPTH + " levels");
        }
        List<ObjectNode> entries = new ArrayList<>();
        for (JsonNode entry : root) {
            if (!(entry instanceof ObjectNode object)) {
                throw new InvalidAuthorizationDetails("each authorization_details entry must be a JSON object (RFC 9396 §2)");
            }
            JsonNode type = object.get("type");
            if (type == null || !type.isTextual() || type.asText().isEmpty()) {
                throw new InvalidAuthorizationDetails("each authorization_details entry needs a string type (RFC 9396 §2)");
            }
            if (type.asText().length() > MAX_TYPE_LENGTH || !Text.isPrintable(type.asText())) {
                throw new InvalidAuthorizationDetails("an authorization_details type is too long or has control characters");
            }
            entries.add(object);
        }
        return new AuthorizationDetails(Collections.unmodifiableList(entries));
    }

    /** The entries, in request order. */
    public List<ObjectNode> entries() {
        return entries;
    }

    /** The distinct types, in request order. */
    public Set<String> types() {
        Set<String> types = new LinkedHashSet<>();
        entries.forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    /** A type for a description: printable already (checked by {@link #parse}), cut to 64 characters. */
    public static String quoted(String type) {
        return "'" + (type.length() > 64 ? type.substring(0, 64) + "..." : type) + "'";
    }

    private static int depth(JsonNode node) {
        if (!node.isContainerNode()) {
            return 0;
        }
        int deepest = 0;
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            deepest = Math.max(deepest, depth(children.next()));
        }
        return deepest + 1;
    }
}
