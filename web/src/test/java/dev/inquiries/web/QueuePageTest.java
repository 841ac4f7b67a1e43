package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.inquiries.web.page.QueuePage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The queue page over plain HTTP: its files (the index, the style, the script's ES modules) at their paths with
 * their content types, each with the headers that keep it from running foreign code, being framed or leaking
 * its address; every module the script imports served; and the API's JSON 404 and 405 around it unchanged.
 */
class QueuePageTest {

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final List<String> MODULES = List.of("/app.js", "/visitor.js", "/api.js", "/messages.js",
            "/stream.js", "/queue.js", "/chats.js", "/loads.js", "/tables.js");
    /** A static import of a module beside the importing one: the only kind the page's modules make. */
    private static final Pattern IMPORT = Pattern.compile("import \\{[^}]*\\} from '\\./([a-z]+\\.js)';");

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private final RawHttp http = API.http();

    @Test
    void servesTheIndexAtTheRoot() {
        RawHttp.Response response = http.get("/", List.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("text/html; charset=UTF-8");
        assertThat(response.body()).startsWith("<!DOCTYPE html>")
                .contains("<title>Inquiries: the queue</title>", "<script type=\"module\" src=\"app.js\"></script>",
                        "<link rel=\"stylesheet\" href=\"app.css\">",
                        "<label for=\"username\">", "<label for=\"password\">");
    }

    @ParameterizedTest
    @CsvSource({
        "/, text/html; charset=UTF-8",
        "/app.js, text/javascript; charset=UTF-8",
        "/api.js, text/javascript; charset=UTF-8",
        "/messages.js, text/javascript; charset=UTF-8",
        "/stream.js, text/javascript; charset=UTF-8",
        "/queue.js, text/javascript; charset=UTF-8",
        "/chats.js, text/javascript; charset=UTF-8",
        "/loads.js, text/javascript; charset=UTF-8",
        "/tables.js, text/javascript; charset=UTF-8",
        "/visitor, text/html; charset=UTF-8",
        "/visitor.js, text/javascript; charset=UTF-8",
        "/app.css, text/css; charset=UTF-8"})
    void servesEveryFileWithItsTypeAndTheSecurityHeaders(String path, String contentType) {
        RawHttp.Response response = http.get(path, List.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo(contentType);
        assertThat(response.header("Content-Security-Policy")).isEqualTo(CSP).isEqualTo(QueuePage.CONTENT_SECURITY_POLICY);
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(response.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(response.body()).isNotBlank();
    }

    @Test
    void servesTheVisitorsPageWithItsOwnEntryModule() {
        RawHttp.Response response = http.get("/visitor", List.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("<!DOCTYPE html>")
                .contains("<script type=\"module\" src=\"visitor.js\"></script>", "<link rel=\"stylesheet\" href=\"app.css\">",
                        "<label for=\"visitor-name\">", "<label for=\"visitor-department\">")
                .doesNotContain("<style", " style=", " onclick=", " onload=", " onsubmit=", "javascript:")
                .containsOnlyOnce("<script");
    }

    @Test
    void carriesNoInlineScriptOrStyleThePolicyWouldBlock() {
        String index = http.get("/", List.of()).body();

        assertThat(index).doesNotContain("<style", " style=", " onclick=", " onload=", " onsubmit=", "javascript:")
                .containsOnlyOnce("<script");
        for (String module : MODULES) {
            assertThat(http.get(module, List.of()).body()).as(module).doesNotContain("eval(", "new Function",
                    "innerHTML", "localStorage");
        }
    }

    @Test
    void servesEveryModuleTheScriptImportsFromItsOwnOrigin() {
        Set<String> imported = new TreeSet<>();
        for (String module : MODULES) {
            String body = http.get(module, List.of()).body();
            List<String> imports = body.lines().filter(line -> line.startsWith("import ")).toList();
            assertThat(imports).as(module).allMatch(line -> IMPORT.matcher(line).matches());
            assertThat(body).as(module).doesNotContain("import(", "http:", "https:");
            imports.forEach(line -> imported.add("/" + IMPORT.matcher(line).replaceFirst("$1")));
        }

        assertThat(imported).containsExactlyInAnyOrder("/api.js", "/messages.js", "/stream.js", "/queue.js", "/chats.js",
                "/loads.js", "/tables.js");
        for (String module : imported) {
            RawHttp.Response response = http.get(module, List.of());
            assertThat(response.status()).as(module).isEqualTo(200);
            assertThat(response.header("Content-Type")).as(module).isEqualTo("text/javascript; charset=UTF-8");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nowhere", "/index.html", "/visitor.html", "/visitor/", "/page/app.js", "/app.js/", "/APP.JS", "/../app.js"})
    void leavesEveryOtherPathTheContracts404(String path) {
        RawHttp.Response response = http.get(path, List.of());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Not Found\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE"})
    void answersAnotherMethodOnThePageWith405Json(String method) {
        RawHttp.Response response = http.send(method, "/", List.of());

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Method Not Allowed\"}");
    }

    @Test
    void leavesTheApiAsItWas() {
        RawHttp.Response list = http.get(ApiServerExtension.LIST, List.of());

        assertThat(list.status()).isEqualTo(401);
        assertThat(list.header("Content-Type")).isEqualTo("application/json");
        assertThat(list.header("Content-Security-Policy")).isNull();
        assertThat(http.get("/observe/health/live", List.of()).status()).isEqualTo(200);
    }
}
