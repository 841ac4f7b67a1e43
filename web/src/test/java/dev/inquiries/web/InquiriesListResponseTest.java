package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The 200 body of the list: its exact shape, its timestamps, paging and department filtering. */
class InquiriesListResponseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant BASE = Instant.parse("2024-03-01T00:00:00.007Z");

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> manager;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.department("dep-a", "Alpha").department("dep-b", "Beta");
        // 120 queued in Alpha, inserted oldest last so that insertion order is not the listed order.
        for (int i = 119; i >= 0; i--) {
            API.inquiry("a%03d".formatted(i), "Visitor %03d".formatted(i), BASE.plusSeconds(60L * i), "queued", "dep-a");
        }
        API.inquiry("b1", "Beatriz", Instant.parse("2019-06-11T19:01:57.424Z"), "queued", "dep-b")
                .inquiry("t1", "Taken Tim", Instant.parse("2030-01-01T00:00:00Z"), "taken", "dep-b")
                .inquiry("n1", "Nadia", Instant.parse("2019-06-11T19:01:57.400Z"), "queued", null)
                .inquiry("n2", "Noor", Instant.parse("2020-01-01T00:00:00.123456Z"), "queued", null);
        manager = API.loginWithRoles("maria", Roles.LIVECHAT_MANAGER);
    }

    @Test
    void answersWithTheContractsExactBody() {
        RawHttp.Response response = http.get(ApiServerExtension.LIST + "?department=Beta", manager);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("""
                {"inquiries":[{"_id":"b1","rid":"room-b1","name":"Beatriz","ts":"2019-06-11T19:01:57.424Z",\
                "status":"queued","department":"dep-b"}],"offset":0,"count":1,"total":1,"success":true}""");
    }

    @Test
    void leavesOutTheDepartmentOfAnInquiryThatHasNone() throws Exception {
        JsonNode body = list("?sort=%7B%22department%22%3A1%2C%22name%22%3A1%7D&count=3");

        assertThat(fieldNames(body.get("inquiries").get(0))).containsExactly("_id", "rid", "name", "ts", "status");
        assertThat(body.get("inquiries").get(0).get("_id").asText()).isEqualTo("n1");
        assertThat(body.get("inquiries").get(1).get("_id").asText()).isEqualTo("n2");
        assertThat(fieldNames(body.get("inquiries").get(2)))
                .containsExactly("_id", "rid", "name", "ts", "status", "department");
    }

    @Test
    void writesTimestampsAsJavaScriptDoesWithThreeFractionDigits() throws Exception {
        JsonNode body = list("?sort=%7B%22ts%22%3A1%7D&count=3");

        assertThat(body.get("inquiries").findValuesAsText("ts"))
                .containsExactly("2019-06-11T19:01:57.400Z", "2019-06-11T19:01:57.424Z", "2020-01-01T00:00:00.123Z");
        assertThat(list("?count=100").get("inquiries").findValuesAsText("ts"))
                .allMatch(ts -> ts.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    @Test
    void listsFiftyNewestQueuedInquiriesByDefault() throws Exception {
        JsonNode body = list("");

        assertThat(body.get("count").asInt()).isEqualTo(50);
        assertThat(body.get("inquiries")).hasSize(50);
        assertThat(body.get("total").asLong()).isEqualTo(123);
        assertThat(body.get("offset").asLong()).isZero();
        assertThat(body.get("inquiries").get(0).get("_id").asText()).isEqualTo("a119");
        assertThat(body.get("inquiries").get(49).get("_id").asText()).isEqualTo("a070");
        assertThat(body.get("success").asBoolean()).isTrue();
    }

    @Test
    void appliesTheCountRules() throws Exception {
        assertThat(list("?count=7").get("count").asInt()).isEqualTo(7);
        assertThat(list("?count=100").get("count").asInt()).isEqualTo(100);
        assertThat(list("?count=101").get("count").asInt()).isEqualTo(100);
        assertThat(list("?count=99999999999999999999999").get("count").asInt()).isEqualTo(100);
        assertThat(list("?count=0").get("count").asInt()).isEqualTo(50);
        assertThat(list("?count=").get("count").asInt()).isEqualTo(50);
        assertThat(list("?count").get("count").asInt()).isEqualTo(50);
    }

    @Test
    void pagesWithOffsetAndReportsTheTotalOfAllPages() throws Exception {
        JsonNode lastPage = list("?offset=120&count=50");
        JsonNode pastTheEnd = list("?offset=5000");
        JsonNode farPastTheEnd = list("?offset=2147483648");

        assertThat(lastPage.get("inquiries").findValuesAsText("_id")).containsExactly("n2", "b1", "n1");
        assertThat(lastPage.get("count").asInt()).isEqualTo(3);
        assertThat(lastPage.get("offset").asLong()).isEqualTo(120);
        assertThat(lastPage.get("total").asLong()).isEqualTo(123);
        assertThat(pastTheEnd.get("inquiries")).isEmpty();
        assertThat(pastTheEnd.get("count").asInt()).isZero();
        assertThat(pastTheEnd.get("offset").asLong()).isEqualTo(5000);
        assertThat(pastTheEnd.get("total").asLong()).isEqualTo(123);
        assertThat(farPastTheEnd.get("offset").asLong()).isEqualTo(2147483648L);
    }

    @Test
    void walksEveryQueuedInquiryOnceAcrossPages() throws Exception {
        List<String> walked = new ArrayList<>();
        for (int offset = 0; offset < 123; offset += 40) {
            walked.addAll(list("?count=40&offset=" + offset).get("inquiries").findValuesAsText("_id"));
        }

        assertThat(walked).hasSize(123).doesNotHaveDuplicates().doesNotContain("t1");
    }

    @Test
    void filtersByDepartmentIdOrName() throws Exception {
        assertThat(list("?department=dep-a").get("total").asLong()).isEqualTo(120);
        assertThat(list("?department=Alpha").get("total").asLong()).isEqualTo(120);
        assertThat(list("?department=Alpha&count=1&sort=%7B%22ts%22%3A1%7D").get("inquiries").get(0).get("_id").asText())
                .isEqualTo("a000");
    }

    @Test
    void answersAnUnknownDepartmentWithAnEmptyPageRatherThanEveryInquiry() {
        RawHttp.Response response = http.get(ApiServerExtension.LIST + "?department=Gamma", manager);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"inquiries\":[],\"offset\":0,\"count\":0,\"total\":0,\"success\":true}");
    }

    @Test
    void ignoresAnEmptyDepartmentAndATrailingAmpersand() throws Exception {
        assertThat(list("?department=&").get("total").asLong()).isEqualTo(123);
    }

    private JsonNode list(String query) throws Exception {
        RawHttp.Response response = http.get(ApiServerExtension.LIST + query, manager);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
