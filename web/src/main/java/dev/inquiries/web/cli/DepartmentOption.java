package dev.inquiries.web.cli;

import picocli.CommandLine.Option;

/**
 * {@code --department}: the department a command acts on, by id or name, as every command that names one takes it
 * (a picocli mixin: {@code @Mixin private DepartmentOption department;}).
 */
final class DepartmentOption {

    @Option(names = "--department", required = true, description = "The department, by id or name.")
    private String department;

    /** The department as given: its id or its name, which the repository resolves. */
    String idOrName() {
        return department;
    }
}
