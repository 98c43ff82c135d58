package dev.fapikit.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Small HTTP helpers: form posts, JSON, query strings. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /** {@code application/x-www-form-urlencoded} body of the given name/value pairs (in order). */
    public static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** {@code form("a", "1", "b", "2")} */
    public static Map<String, String> params(String... nameValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put(nameValues[i], nameValues[i + 1]);
        }
        return m;
    }

    public static HttpResponse<String> postForm(HttpClient client, String url, Map<String, String> params) {
        return send(client, HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build());
    }

    public static HttpResponse<String> get(HttpClient client, String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(client, b.build());
    }

    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Query or fragment parameters of a URL ({@code ?a=1&b=2} or {@code #a=1}). */
    public static Map<String, String> urlParams(String url) {
        int q = url.indexOf('?');
        int f = url.indexOf('#');
        String part = f >= 0 ? url.substring(f + 1) : q >= 0 ? url.substring(q + 1) : "";
        return formParams(part);
    }

    public static Map<String, String> formParams(String encoded) {
        Map<String, String> m = new LinkedHashMap<>();
        Arrays.stream(encoded.split("&")).filter(s -> !s.isEmpty()).forEach(kv -> {
            int i = kv.indexOf('=');
            m.put(dec(i < 0 ? kv : kv.substring(0, i)), i < 0 ? "" : dec(kv.substring(i + 1)));
        });
        return m;
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
