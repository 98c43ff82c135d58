package dev.fapikit.it.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's browser without a browser: cookies, GETs, HTML form posts, redirects followed by hand until they leave
 * the server. Enough for Keycloak's login, consent and FAPI Kit's approval pages.
 */
public final class Browser {

    private static final Pattern FORM = Pattern.compile("<form[^>]*?action=\"([^\"]+)\"[^>]*>(.*?)</form>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<input[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("(\\w[\\w-]*)=\"([^\"]*)\"");

    private final HttpClient http;
    private HttpResponse<String> last;

    private Browser(HttpClient http) {
        this.http = http;
    }

    /** A fresh browser (own cookie jar, no client certificate) trusting what {@code tls} trusts. */
    public static Browser using(javax.net.ssl.SSLContext tls) {
        return new Browser(HttpClient.newBuilder().sslContext(tls).cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(java.time.Duration.ofSeconds(10)).build());
    }

    public HttpClient http() {
        return http;
    }

    /** The page or redirect the last request answered with. */
    public HttpResponse<String> last() {
        return last;
    }

    /** GETs {@code url}, following redirects that stay on {@code serverBase}; returns the last response. */
    public HttpResponse<String> open(String url, String serverBase) {
        last = Http.get(http, url);
        return follow(serverBase);
    }

    /**
     * Submits the page's first form whose action contains {@code actionContains}, with its hidden inputs plus
     * {@code fields}, and follows redirects that stay on {@code serverBase}.
     */
    public HttpResponse<String> submit(String actionContains, Map<String, String> fields, String serverBase) {
        Matcher m = FORM.matcher(last.body());
        while (m.find()) {
            String action = unescape(m.group(1));
            if (action.contains(actionContains)) {
                Map<String, String> params = new LinkedHashMap<>(hiddenInputs(m.group(2)));
                params.putAll(fields);
                URI target = last.uri().resolve(action);
                last = Http.postForm(http, target.toString(), params);
                return follow(serverBase);
            }
        }
        throw new IllegalStateException("no form with action containing '" + actionContains + "' on " + last.uri()
                + " (HTTP " + last.statusCode() + "):\n" + last.body());
    }

    /**
     * Signs in on Keycloak's login page and, if asked, grants consent; returns the redirect that leaves the server
     * (its {@code Location} carries the authorization response).
     */
    public HttpResponse<String> login(String authorizationUrl, String serverBase, String username, String password) {
        open(authorizationUrl, serverBase);
        submit("login-actions/authenticate", Map.of("username", username, "password", password), serverBase);
        if (last.statusCode() == 200 && last.body().contains("login-actions/consent")) {
            submit("login-actions/consent", Map.of("accept", "Yes"), serverBase);
        }
        return last;
    }

    /** The {@code Location} of the last response. */
    public String location() {
        return last.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("no redirect; HTTP " + last.statusCode() + ":\n" + last.body()));
    }

    private HttpResponse<String> follow(String serverBase) {
        for (int i = 0; i < 10 && last.statusCode() / 100 == 3; i++) {
            String location = last.headers().firstValue("Location").orElseThrow();
            URI next = last.uri().resolve(location);
            if (!next.toString().startsWith(serverBase)) {
                return last;
            }
            last = Http.get(http, next.toString());
        }
        return last;
    }

    static Map<String, String> hiddenInputs(String formBody) {
        Map<String, String> hidden = new LinkedHashMap<>();
        Matcher in = INPUT.matcher(formBody);
        while (in.find()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            Matcher a = ATTR.matcher(in.group());
            while (a.find()) {
                attrs.put(a.group(1).toLowerCase(), unescape(a.group(2)));
            }
            if ("hidden".equalsIgnoreCase(attrs.get("type")) && attrs.containsKey("name")) {
                hidden.put(attrs.get("name"), attrs.getOrDefault("value", ""));
            }
        }
        return hidden;
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&#x3D;", "=").replace("&#61;", "=");
    }
}
