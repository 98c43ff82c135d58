package dev.fapikit.it.jarm;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user agent without a browser: opens the authorization URL, submits Keycloak's login form, and follows the
 * server's own redirects until the authorization response for the client (a redirect elsewhere, or a form_post page).
 */
final class BrowserlessLogin {

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");

    private final HttpClient http;
    private final String serverBase;

    BrowserlessLogin(HttpClient trustingTestCa, String serverBase) {
        this.http = HttpClient.newBuilder()
                .sslContext(trustingTestCa.sslContext())
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.serverBase = serverBase;
    }

    /** The authorization response the client receives, logging in as the given user when Keycloak asks. */
    HttpResponse<String> authorize(URI authorizationUrl, String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(authorizationUrl).GET().build());
        for (int hops = 0; hops < 10; hops++) {
            Optional<String> loginAction = loginFormAction(response.body());
            if (response.statusCode() == 200 && loginAction.isPresent()) {
                String form = "username=" + encode(username) + "&password=" + encode(password) + "&credentialId=";
                response = send(HttpRequest.newBuilder(URI.create(loginAction.get()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
                continue;
            }
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 == 3 && location.isPresent() && location.get().startsWith(serverBase)) {
                response = send(HttpRequest.newBuilder(URI.create(location.get())).GET().build());
                continue;
            }
            return response;
        }
        throw new IllegalStateException("Too many redirects inside the server");
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static Optional<String> loginFormAction(String html) {
        Matcher form = LOGIN_FORM.matcher(html == null ? "" : html);
        if (!form.find()) {
            return Optional.empty();
        }
        Matcher action = ACTION.matcher(form.group());
        return action.find() ? Optional.of(action.group(1).replace("&amp;", "&")) : Optional.empty();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
