package dev.fapikit.it.ciba;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;

/** A plain SMTP server on loopback (RFC 5321 minimum: EHLO, MAIL, RCPT, DATA, QUIT) that keeps every message. */
final class SmtpReceiver implements AutoCloseable {

    private final ServerSocket socket;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Thread thread;

    SmtpReceiver() throws IOException {
        socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "smtp-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Waits up to {@code seconds} for {@code count} messages (fails when they do not all arrive); returns the raw messages. */
    List<String> await(int count, int seconds) {
        Awaitility.await(count + " message(s) at the SMTP receiver").atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(50)).until(() -> messages.size() >= count);
        return messages;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                 OutputStream out = s.getOutputStream()) {
                reply(out, "220 localhost test SMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                    if (cmd.equals("DATA")) {
                        reply(out, "354 end with .");
                        StringBuilder msg = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            msg.append(line.startsWith("..") ? line.substring(1) : line).append('\n');
                        }
                        messages.add(msg.toString());
                        reply(out, "250 queued");
                    } else if (cmd.equals("QUIT")) {
                        reply(out, "221 bye");
                        break;
                    } else {
                        reply(out, "250 ok");
                    }
                }
            } catch (IOException e) {
                if (socket.isClosed()) return;
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
