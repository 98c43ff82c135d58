package dev.fapikit.it.jarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fapikit.it.harness.Http;

/** Where a JARM response reached the client (JARM §2.3) and the JWT its {@code response} parameter carried. */
record JarmResponse(Channel channel, String jwt) {

    enum Channel { QUERY, FRAGMENT, FORM_POST }

    private static final Pattern FORM = Pattern.compile("<FORM METHOD=\"POST\" ACTION=\"([^\"]+)\">(.*?)</FORM>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern HIDDEN = Pattern.compile("<INPUT TYPE=\"HIDDEN\" NAME=\"([^\"]+)\" VALUE=\"([^\"]*)\"",
            Pattern.CASE_INSENSITIVE);

    /**
     * The authorization response that leaves the server for {@code redirectUri}: a redirect (JARM §2.3.1 query.jwt,
     * §2.3.2 fragment.jwt) or an auto-submitting form (§2.3.3 form_post.jwt), each with the JWT as the only parameter.
     */
    static JarmResponse of(HttpResponse<String> response, String redirectUri) {
        if (response.statusCode() == 200) {
            Matcher form = FORM.matcher(response.body());
            assertThat(form.find()).as("form_post page: %s", response.body()).isTrue();
            assertThat(unescape(form.group(1))).isEqualTo(redirectUri);
            Map<String, String> hidden = new LinkedHashMap<>();
            Matcher input = HIDDEN.matcher(form.group(2));
            while (input.find()) {
                hidden.put(input.group(1), unescape(input.group(2)));
            }
            assertThat(hidden).containsOnlyKeys("response");
            return new JarmResponse(Channel.FORM_POST, hidden.get("response"));
        }
        assertThat(response.statusCode()).as("HTTP %s: %s", response.statusCode(), response.body()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(redirectUri);
        Map<String, String> params = Http.urlParams(location);
        assertThat(params).as("parameters of %s", location).containsOnlyKeys("response");
        return new JarmResponse(location.contains("#") ? Channel.FRAGMENT : Channel.QUERY, params.get("response"));
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&#x3D;", "=").replace("&#61;", "=");
    }
}
