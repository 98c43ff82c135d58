package dev.fapikit.it.jarm;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a JARM response arrived (JARM §2.3) and the JWT it carried in its {@code response} parameter. */
record JarmResponse(Channel channel, String jwt) {

    enum Channel { QUERY, FRAGMENT, FORM_POST }

    private static final Pattern FORM_POST_RESPONSE = Pattern.compile(
            "<INPUT TYPE=\"HIDDEN\" NAME=\"response\" VALUE=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    static JarmResponse of(HttpResponse<String> response) {
        if (response.statusCode() == 200) {
            Matcher input = FORM_POST_RESPONSE.matcher(response.body());
            if (!input.find()) {
                throw new AssertionError("No JARM form_post in: " + response.body());
            }
            return new JarmResponse(Channel.FORM_POST, input.group(1));
        }
        URI location = URI.create(response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("No redirect, status " + response.statusCode() + ": " + response.body())));
        Optional<String> query = parameter(location.getRawQuery());
        if (query.isPresent()) {
            return new JarmResponse(Channel.QUERY, query.get());
        }
        return new JarmResponse(Channel.FRAGMENT, parameter(location.getRawFragment())
                .orElseThrow(() -> new AssertionError("No response parameter in " + location)));
    }

    /** The plain (non-JARM) parameter of a redirect's query, for responses that are not JWTs. */
    static Optional<String> plainQueryParameter(HttpResponse<String> response, String name) {
        return response.headers().firstValue("Location").map(URI::create).flatMap(uri -> parameter(uri.getRawQuery(), name));
    }

    private static Optional<String> parameter(String encoded) {
        return parameter(encoded, "response");
    }

    private static Optional<String> parameter(String encoded, String name) {
        if (encoded == null) {
            return Optional.empty();
        }
        return Arrays.stream(encoded.split("&"))
                .filter(p -> p.startsWith(name + "="))
                .map(p -> URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8))
                .findFirst();
    }
}
