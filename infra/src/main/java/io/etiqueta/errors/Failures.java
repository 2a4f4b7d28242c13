package io.etiqueta.errors;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * A failure's description for a message. Many JDK exceptions carry no message at all (a refused connection from
 * the HTTP client, an interrupted wait, an end of file), and concatenating {@code getMessage()} then shows
 * "(null)" to the user; {@link #describe} always gives words: the message, else the cause's, else what the
 * exception's kind means.
 */
public final class Failures {
    private Failures() {}

    public static String describe(Throwable failure) {
        if (failure == null) return "unknown failure";
        String message = failure.getMessage();
        if (failure instanceof FileSystemException fs) return fileProblem(fs);
        Throwable cause = failure.getCause() == failure ? null : failure.getCause();
        // new RuntimeException(cause) takes cause.toString() as its message: say what the cause was instead
        boolean noMessage = message == null || message.isBlank() || "null".equals(message);
        // the JDK HTTP client's refused connection: a ConnectException without message, caused by a ClosedChannelException
        if (noMessage && known(failure) != null) return known(failure);
        if (cause != null && (noMessage || message.equals(cause.toString()))) return describe(cause);
        if (message != null && !message.isBlank() && !"null".equals(message)) {
            // an UnknownHostException's message is only the host name
            return failure instanceof UnknownHostException ? "unknown host " + message : message;
        }
        return kind(failure);
    }

    private static String fileProblem(FileSystemException e) {
        String file = e.getFile() == null ? "" : " " + e.getFile();
        String reason = e.getReason() == null ? "" : " (" + e.getReason() + ")";
        if (e instanceof NoSuchFileException) return "no such file" + file;
        if (e instanceof AccessDeniedException) return "permission denied:" + file + reason;
        return e.getMessage() == null ? kind(e) + file : e.getMessage();
    }

    private static String kind(Throwable e) {
        String known = known(e);
        if (known != null) return known;
        // NullPointerException -> "null pointer", IllegalStateException -> "illegal state"
        String name = e.getClass().getSimpleName().replaceAll("(Exception|Error)$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    private static String known(Throwable e) {
        if (e instanceof ConnectException) return "connection refused";
        if (e instanceof HttpTimeoutException || e instanceof SocketTimeoutException) return "timed out";
        if (e instanceof NoRouteToHostException) return "no route to host";
        if (e instanceof UnknownHostException) return "unknown host";
        if (e instanceof EOFException) return "unexpected end of data";
        if (e instanceof FileNotFoundException) return "file not found";
        if (e instanceof InterruptedException) return "interrupted";
        if (e instanceof OutOfMemoryError) return "out of memory";
        if (e instanceof StackOverflowError) return "stack overflow";
        return null;
    }
}
