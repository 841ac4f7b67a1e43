package dev.inquiries.web;

import dev.inquiries.web.cli.InquiriesCommand;
import io.helidon.logging.common.LogConfig;

/** Starts the command line: {@code java -jar inquiries.jar serve|migrate|demo|users|tokens ...}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        System.exit(InquiriesCommand.execute(args));
    }
}
