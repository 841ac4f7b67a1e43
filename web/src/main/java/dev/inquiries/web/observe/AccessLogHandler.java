package dev.inquiries.web.observe;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * Where access log lines go: stderr, like every other log line, but written in batches. A console handler
 * writes and flushes each line on the request's own path, which cost a busy server about a tenth of its
 * throughput; this one buffers and flushes four times a second (and when it closes), so a line appears
 * within 250 ms.
 */
public final class AccessLogHandler extends StreamHandler {

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long FLUSH_MILLIS = 250;

    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "access-log-flush");
        thread.setDaemon(true);
        return thread;
    });

    /** Configured by name in {@code logging.properties}. */
    public AccessLogHandler() {
        super(new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), BUFFER_BYTES), new LineFormatter());
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        super.publish(record); // no flush: the flusher does that
    }

    @Override
    public synchronized void close() {
        flusher.shutdownNow();
        super.close();
    }

    /**
     * The service's log line ({@code logging.properties}: time, level, logger, message), written without
     * {@code SimpleFormatter}: its {@code String.format} and the stack walk it makes to find a record's source class
     * (which the line does not show) were a tenth of a list request's CPU.
     */
    static final class LineFormatter extends Formatter {

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

        private final ZoneId zone = ZoneId.systemDefault();

        @Override
        public String format(LogRecord record) {
            String message = formatMessage(record);
            StringBuilder line = new StringBuilder(48 + message.length());
            TIME.formatTo(LocalDateTime.ofInstant(record.getInstant(), zone), line);
            return line.append(' ').append(record.getLevel().getLocalizedName())
                    .append(' ').append(record.getLoggerName())
                    .append(": ").append(message).append(System.lineSeparator()).toString();
        }
    }
}
