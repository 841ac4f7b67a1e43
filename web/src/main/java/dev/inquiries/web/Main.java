package dev.inquiries.web;

import dev.inquiries.web.cli.InquiriesCommand;
import dev.inquiries.web.cli.StopSignal;
import io.helidon.logging.common.LogConfig;

/** Starts the command line: {@code java -jar inquiries.jar serve|migrate|demo|users|tokens ...}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        StopSignal.exit(InquiriesCommand.execute(args));
    }
}
