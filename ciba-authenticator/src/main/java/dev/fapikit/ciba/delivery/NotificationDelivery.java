package dev.fapikit.ciba.delivery;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.fapikit.ciba.events.CibaEvents;
import dev.fapikit.core.outbound.OutboundGuard;
import dev.fapikit.core.outbound.PinnedPoster;
import org.apache.http.conn.ConnectTimeoutException;
import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Delivers CIBA client notifications (CIBA Core 1.0 §10.2 ping, §10.3 push, §12 push errors) to the client
 * notification endpoint, safely and once:
 * <ul>
 * <li>once: {@link #claim} takes the request's single notification in Keycloak's cluster-wide single-use store, so
 * of two nodes, or of an approval and the expiry timer, exactly one sends;</li>
 * <li>off the request thread, and only after the deciding transaction committed;</li>
 * <li>every attempt passes the {@link OutboundUrlGuard} (https only, no internal addresses unless allow-listed), and
 * connects only to addresses the guard checked when the connection was opened ({@link PinnedPoster}: no DNS-rebinding
 * window between check and connect); it follows no redirect, and has bounded connect and response timeouts; the receiver's certificate is checked against
 * the server truststore, and the configured client certificate is presented when the receiver requires mutual TLS
 * ({@link DeliverySettings#KEY_STORE_FILE});</li>
 * <li>retried with exponential backoff after a network error (including a stale pooled connection) or a 5xx, never
 * after any other answer: a 4xx or 3xx is the client's final word. A receiver that took the request but did not
 * answer within the timeout is not retried either: it may be acting on it, and a second copy would break
 * once-only delivery;</li>
 * <li>every attempt is a Keycloak event.</li>
 * </ul>
 */
public final class NotificationDelivery {

    /**
     * Event detail: delivered, retrying, refused (by the guard or the receiver), failed (retries exhausted) or
     * unanswered (the receiver took the request but did not answer in time; not sent again).
     */
    public static final String EVENT_DETAIL_OUTCOME = "fapi_kit_ciba_delivery";
    public static final String EVENT_DETAIL_ATTEMPT = "fapi_kit_ciba_attempt";
    public static final String EVENT_ERROR = "notification_failed";

    private static final Logger LOG = Logger.getLogger(NotificationDelivery.class);

    /**
     * One notification.
     *
     * @param step         {@code ping}, {@code push} or {@code expired}, as the event's step detail
     * @param authResultId the request's id in events and in the once-only claim
     */
    public record Notification(String realmId, String clientId, String url, String bearerToken, String step,
                               String authResultId, String jsonBody) {
    }

    private final KeycloakSessionFactory sessionFactory;
    private final PinnedPoster http;
    private final OutboundUrlGuard guard;
    private final Duration timeout;
    private final int maxAttempts;
    private final long backoffMillis;
    private final ScheduledExecutorService executor;
    private final Executor senders;

    /**
     * @param executor schedules retries and push expiry timers (never blocks)
     * @param senders  runs every attempt (guard check and blocking send), so a slow receiver holds a sender thread,
     *                 never the scheduler
     */
    public NotificationDelivery(KeycloakSessionFactory sessionFactory, PinnedPoster http, OutboundUrlGuard guard, Duration timeout,
                                int maxAttempts, long backoffMillis, ScheduledExecutorService executor, Executor senders) {
        this.sessionFactory = sessionFactory;
        this.senders = senders;
        this.http = http;
        this.guard = guard;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.backoffMillis = backoffMillis;
        this.executor = executor;
    }

    /** Takes the single notification of a request; false when another node or path already took it. */
    public static boolean claim(KeycloakSession session, String realmId, String authResultId, int lifespanSeconds) {
        return session.singleUseObjects().putIfAbsent("fapi-kit-ciba." + realmId + ".notified." + authResultId, lifespanSeconds);
    }

    /**
     * Sends once the current transaction has committed (nothing if it rolls back: Keycloak calls an after-completion
     * transaction's rollback, not its commit, when the request's transaction rolls back), on a sender thread. The
     * first attempt goes straight to a sender (one thread hand-off between the approval and the notification, issue 20
     * §3); only retries wait on the scheduler.
     */
    public void sendAfterCommit(KeycloakSession session, Notification notification) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                senders.execute(() -> attempt(notification, 1));
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /** Sends now, on a sender thread. */
    public void send(Notification notification) {
        senders.execute(() -> attempt(notification, 1));
    }

    /** Runs {@code task} after {@code delaySeconds} on a delivery thread (expiry of push requests). */
    public void schedule(Runnable task, long delaySeconds) {
        executor.schedule(task, delaySeconds, TimeUnit.SECONDS);
    }

    /** One attempt, on a sender thread: the guard's check (it may resolve the host), then the blocking send. */
    void attempt(Notification n, int attempt) {
        URI target;
        try {
            target = guard.check(n.url());
        } catch (OutboundUrlGuard.RefusedException e) {
            finish(n, attempt, null, "notification endpoint refused: " + e.getMessage(), false);
            return;
        } catch (RuntimeException e) {
            finish(n, attempt, null, "notification failed: " + e, false);
            return;
        }
        post(n, attempt, target);
    }

    private void post(Notification n, int attempt, URI target) {
        try {
            int status = http.post(target, "application/json", Map.of("Authorization", "Bearer " + n.bearerToken()), n.jsonBody());
            finish(n, attempt, status, status >= 200 && status < 300 ? null : "the notification endpoint answered HTTP " + status, status >= 500);
        } catch (OutboundGuard.RefusedException e) {
            // the host resolved to a refused address when the connection was opened (DNS rebinding): final
            finish(n, attempt, null, "notification endpoint refused: " + e.getMessage(), false);
        } catch (ConnectTimeoutException e) {
            finish(n, attempt, null, "notification endpoint unreachable: " + e, true);
        } catch (SocketTimeoutException e) {
            finish(n, attempt, null, "the notification endpoint did not answer within " + timeout.toMillis()
                    + " ms; not sent again, it may have received the notification", false, "unanswered");
        } catch (IOException e) {
            // also a pooled connection the receiver closed meanwhile: the retry opens a new one
            finish(n, attempt, null, "notification endpoint unreachable: " + e, true);
        } catch (RuntimeException e) {
            finish(n, attempt, null, "notification failed: " + e, false);
        }
    }

    private void finish(Notification n, int attempt, Integer status, String failure, boolean retryable) {
        finish(n, attempt, status, failure, retryable, retryable ? "failed" : "refused");
    }

    private void finish(Notification n, int attempt, Integer status, String failure, boolean retryable, String finalFailure) {
        boolean again = failure != null && retryable && attempt < maxAttempts;
        String outcome = failure == null ? "delivered" : again ? "retrying" : finalFailure;
        if (again) {
            executor.schedule(() -> senders.execute(() -> attempt(n, attempt + 1)), backoffMillis << (attempt - 1), TimeUnit.MILLISECONDS);
        }
        record(n, attempt, status, outcome, failure);
    }

    private void record(Notification n, int attempt, Integer status, String outcome, String failure) {
        if (failure != null) {
            LOG.debugf("CIBA %s to client '%s' (attempt %d): %s", n.step(), n.clientId(), attempt, failure);
        }
        if (sessionFactory == null) {
            return; // a delivery built without a server (NotificationDeliveryTest) records no events
        }
        try {
            KeycloakModelUtils.runJobInTransaction(sessionFactory, s -> {
                RealmModel realm = s.realms().getRealm(n.realmId());
                if (realm == null) return;
                EventBuilder event = new EventBuilder(realm, s).event(EventType.OAUTH2_DEVICE_VERIFY_USER_CODE)
                        .client(n.clientId()).detail(CibaEvents.DETAIL_STEP, n.step())
                        .detail("auth_result_id", n.authResultId()).detail(EVENT_DETAIL_OUTCOME, outcome)
                        .detail(EVENT_DETAIL_ATTEMPT, Integer.toString(attempt));
                if (status != null) event.detail("http_status", status.toString());
                if (failure == null) {
                    event.success();
                } else {
                    event.detail("reason", failure).error(EVENT_ERROR);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not record the CIBA %s event for client '%s': %s", n.step(), n.clientId(), e);
        }
    }
}
