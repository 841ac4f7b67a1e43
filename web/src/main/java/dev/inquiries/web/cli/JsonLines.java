package dev.inquiries.web.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Model.CommandSpec;

/** Prints command results as one line of JSON each, for scripts to read. */
final class JsonLines {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {
    }

    static void print(CommandSpec command, Object value) {
        try {
            command.commandLine().getOut().println(MAPPER.writeValueAsString(value));
            command.commandLine().getOut().flush();
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("plain maps and lists always serialise", impossible);
        }
    }
}
