package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

/**
 * The README's Configuration table names every key of {@code application.yaml}, each with the environment
 * variable Helidon maps to it and the default the file holds: the file is the one place defaults live, and
 * the table must not drift from it.
 */
class ReadmeConfigurationTest {

    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** A row of the table for one key. */
    record Row(String key, String environmentVariable, String defaultValue) {
    }

    @Test
    void namesEveryKeyOfApplicationYamlWithItsVariableAndDefault() throws IOException {
        Map<String, Row> table = readmeTable();
        Map<String, String> defaults = applicationYaml();

        assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(defaults.keySet());
        for (Map.Entry<String, String> key : defaults.entrySet()) {
            String expectedDefault = key.getValue().isEmpty() ? "empty" : key.getValue();
            assertThat(table.get(key.getKey()))
                    .isEqualTo(new Row(key.getKey(), ConfigValues.environmentVariable(key.getKey()), expectedDefault));
        }
    }

    private static Map<String, String> applicationYaml() {
        Config yaml = Config.just(ConfigSources.classpath(ConfigValues.DEFAULTS));
        Map<String, String> leaves = new LinkedHashMap<>();
        yaml.traverse().filter(Config::isLeaf).forEach(node -> leaves.put(node.key().toString(), node.asString().orElse("")));
        return leaves;
    }

    /** The rows of the table under "## Configuration", a row naming two keys giving two. */
    private static Map<String, Row> readmeTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("\n## Configuration\n");
        assertThat(section).as("the README has a Configuration section").isNotNegative();
        List<String> rows = readme.substring(section).lines()
                .dropWhile(line -> !line.startsWith("| Key |"))
                .skip(2)
                .takeWhile(line -> line.startsWith("|"))
                .toList();
        assertThat(rows).isNotEmpty();
        Map<String, Row> table = new LinkedHashMap<>();
        for (String line : rows) {
            String[] cells = line.split("\\|");
            List<String> keys = codes(cells[1]);
            List<String> variables = codes(cells[2]);
            String defaultValue = cells[3].strip();
            List<String> defaults = codes(defaultValue);
            assertThat(variables).as(line).hasSameSizeAs(keys);
            for (int i = 0; i < keys.size(); i++) {
                table.put(keys.get(i), new Row(keys.get(i), variables.get(i), defaults.isEmpty() ? defaultValue : defaults.get(0)));
            }
        }
        return table;
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            codes.add(code.group(1));
        }
        return codes;
    }
}
