package dev.fapikit.core.http;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Response headers that FAPI clients and the OpenID Foundation's conformance suite check and the platform does not send:
 * <ul>
 * <li>RFC 9110 §6.6.1: "An origin server with a clock ... MUST generate a Date header field in all 2xx, 3xx and 4xx
 * responses"; the suite checks it on every resource response (CheckForDateHeaderInResourceResponse).</li>
 * <li>FAPI 1.0 Part 1 §6.2.1-11 / §6.2.2-4: the resource server (here: userinfo) answers with
 * {@code x-fapi-interaction-id}, the value the client sent or a new RFC 4122 UUID. A client's value is echoed only
 * when it is a plain token (letters, digits, '-', at most 128 characters); anything else is replaced by a UUID.</li>
 * </ul>
 * Not a Keycloak SPI provider: Keycloak's build picks up {@code @Provider} classes from the JARs in {@code providers/}.
 */
@Provider
public class FapiResponseHeaders implements ContainerResponseFilter {

    static final String INTERACTION_ID = "x-fapi-interaction-id";
    /** RFC 9110 §5.6.7 IMF-fixdate (two-digit day; {@code RFC_1123_DATE_TIME} would write one digit). */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!response.getHeaders().containsKey(HttpHeaders.DATE)) {
            response.getHeaders().putSingle(HttpHeaders.DATE, httpDate(ZonedDateTime.now(ZoneOffset.UTC)));
        }
        if (isUserInfo(request.getUriInfo().getPath()) && !response.getHeaders().containsKey(INTERACTION_ID)) {
            response.getHeaders().putSingle(INTERACTION_ID, interactionId(request.getHeaderString(INTERACTION_ID)));
        }
    }

    /** RFC 9110 §5.6.7 IMF-fixdate. */
    static String httpDate(ZonedDateTime now) {
        return IMF_FIXDATE.format(now.withZoneSameInstant(ZoneOffset.UTC));
    }

    static boolean isUserInfo(String path) {
        return path != null && path.matches("/?realms/[^/]+/protocol/openid-connect/userinfo/?");
    }

    static String interactionId(String sent) {
        return sent != null && PLAIN_ID.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
    }
}
