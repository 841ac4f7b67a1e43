package dev.inquiries.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects every java.util.logging record (the service's and Helidon's) while it is open. */
final class LogCapture extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    /** Loggers whose level this capture lowered, with the levels to put back (strongly held meanwhile). */
    private final List<Logger> lowered = new ArrayList<>();
    private final List<Level> levelsBefore = new ArrayList<>();

    LogCapture() {
        setLevel(Level.ALL);
        root.addHandler(this);
    }

    /** Also collects records of this logger down to the level, until the capture closes. */
    LogCapture including(String loggerName, Level level) {
        Logger logger = Logger.getLogger(loggerName);
        lowered.add(logger);
        levelsBefore.add(logger.getLevel());
        logger.setLevel(level);
        return this;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** Records at or above the level, as their messages with any thrown exception's text. */
    List<String> atLeast(Level level) {
        return records(level).stream()
                .map(record -> record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage()
                        + (record.getThrown() == null ? "" : " " + record.getThrown()))
                .toList();
    }

    /** The records at or above the level, as they were logged. */
    List<LogRecord> records(Level level) {
        return records.stream().filter(record -> record.getLevel().intValue() >= level.intValue()).toList();
    }

    /** Every message of every level. */
    List<String> all() {
        return atLeast(Level.ALL);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        for (int i = 0; i < lowered.size(); i++) {
            lowered.get(i).setLevel(levelsBefore.get(i));
        }
    }
}
