package dev.inquiries.web.cli;

import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import io.helidon.Main;
import io.helidon.spi.HelidonShutdownHandler;

/**
 * SIGTERM and SIGINT for {@code serve}, through Helidon's shutdown handling: the JVM's shutdown runs Helidon's
 * one shutdown hook, which runs this handler and keeps logging open until it is done. The handler releases
 * {@code serve}, holds the shutdown while {@code serve} stops in order, and then ends the process with the
 * command's own exit status ({@link #exit(int)}: 0 for a clean stop) rather than the 143 or 130 the JVM
 * reports after a signal.
 */
public final class StopSignal implements HelidonShutdownHandler, AutoCloseable {

    /** How long the handler waits, once {@code serve} has stopped, for the command to return its status. */
    private static final long EXIT_WAIT_SECONDS = 10;

    /** The one {@code serve} listening in this process, if any. */
    private static volatile StopSignal listening;

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch exiting = new CountDownLatch(1);
    private volatile int exitStatus;

    private StopSignal() {
    }

    /** Starts listening for SIGTERM and SIGINT (the JVM's shutdown). */
    static StopSignal listen() {
        StopSignal signal = new StopSignal();
        listening = signal;
        Main.addShutdownHandler(signal);
        return signal;
    }

    /** Waits for SIGTERM or SIGINT. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** {@code serve} has stopped: without a signal the handler is no longer needed; with one it may go on. */
    @Override
    public void close() {
        stopped.countDown();
        if (requested.getCount() > 0) {
            Main.removeShutdownHandler(this);
        }
    }

    @Override
    public void shutdown() {
        requested.countDown();
        try {
            stopped.await();
            if (exiting.await(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                flushLogs();
                Runtime.getRuntime().halt(exitStatus);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the process with the command's exit status, also when a signal stopped {@code serve}. */
    public static void exit(int status) {
        StopSignal signal = listening;
        if (signal != null) {
            signal.exitStatus = status;
            signal.exiting.countDown();
        }
        System.exit(status);
    }

    /** Writes out what buffering handlers hold (the access log's), which halting would otherwise lose. */
    private static void flushLogs() {
        LogManager logs = LogManager.getLogManager();
        for (String name : Collections.list(logs.getLoggerNames())) {
            Logger logger = logs.getLogger(name);
            if (logger != null) {
                for (Handler handler : logger.getHandlers()) {
                    handler.flush();
                }
            }
        }
    }
}
