package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.RoutingRepository;
import dev.inquiries.persistence.UserRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document at /openapi: it parses (YAML and JSON), describes the list endpoint with its
 * parameters and headers, names every status code of the contract, and each example body in it is what the
 * server really sends in that case.
 */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATION = "/paths/~1api~1v1~1livechat~1inquiries.list/get";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> manager;
    private static List<String> withoutPermission;
    private static List<String> agent;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        // The user of the sign-in examples.
        new UserRepository(API.database()).add("maria", "correct horse", List.of(Roles.LIVECHAT_MANAGER, Roles.USER),
                "maria@example.com");
        manager = ApiServerExtension.headers(API.token("maria"));
        withoutPermission = API.loginWithRoles("olga", Roles.USER);
        // The rows of the document's own 200 example.
        API.department("jHFgdJyJWstB9M2ik", "Sales")
                .inquiry("GpxfRo8TaPHfsnnC5", "Marcos Defendi", Instant.parse("2019-06-11T19:01:57.424Z"), "queued",
                        "jHFgdJyJWstB9M2ik");
        API.jdbi().useHandle(handle -> handle.execute("UPDATE inquiries SET rid = 'EbQjtCosHJWLQmQYT'"));
        // The agent of the department examples.
        agent = API.loginWithRoles("ada", Roles.LIVECHAT_AGENT);
        new AgentRepository(API.database()).add("ada", "Sales");
    }

    @Test
    void servesYamlAndJsonThatSayTheSame() {
        RawHttp.Response yaml = http.get("/openapi", List.of());
        RawHttp.Response json = http.get("/openapi?format=JSON", List.of());

        assertThat(yaml.status()).isEqualTo(200);
        assertThat(json.status()).isEqualTo(200);
        JsonNode fromYaml = JSON.valueToTree(new Yaml().<Map<String, Object>>load(yaml.body()));
        assertThat(fromYaml).isEqualTo(document());
        assertThat(fromYaml.get("openapi").asText()).startsWith("3.");
    }

    @Test
    void describesTheListEndpointsParametersAndHeaders() {
        JsonNode document = document();
        JsonNode operation = document.at(OPERATION);

        assertThat(operation.isObject()).isTrue();
        assertThat(operation.get("parameters").findValuesAsText("name")).containsExactly("department", "offset", "count", "sort");
        assertThat(operation.get("parameters").findValuesAsText("in")).containsOnly("query");
        List<String> authHeaders = new ArrayList<>();
        document.at("/components/securitySchemes").forEach(scheme -> {
            assertThat(scheme.get("in").asText()).isEqualTo("header");
            authHeaders.add(scheme.get("name").asText());
        });
        assertThat(authHeaders).containsExactly("X-User-Id", "X-Auth-Token");
        assertThat(document.get("security").get(0).size()).isEqualTo(2);
        assertThat(operation.at("/responses/405/headers/Allow").isObject()).isTrue();
    }

    @Test
    void namesEveryStatusCodeOfTheContractWithAJsonBodyAndTheRequestId() {
        JsonNode responses = document().at(OPERATION + "/responses");

        List<String> codes = new ArrayList<>();
        responses.fieldNames().forEachRemaining(codes::add);
        assertThat(codes).containsExactly("200", "400", "401", "403", "404", "405", "500", "503");
        responses.forEach(response -> {
            assertThat(response.at("/content/application~1json/schema/$ref").asText()).startsWith("#/components/schemas/");
            assertThat(response.at("/headers/X-Request-Id/$ref").asText()).isEqualTo("#/components/headers/RequestId");
        });
    }

    @Test
    void givesExamplesThatAreWhatTheServerSends() throws Exception {
        JsonNode responses = document().at(OPERATION + "/responses");

        assertSends(responses, "200", http.get(ApiServerExtension.LIST, manager));
        assertSends(responses, "400/content/application~1json/examples/invalidParams/value",
                http.get(ApiServerExtension.LIST + "?count=-1", manager), 400);
        assertSends(responses, "400/content/application~1json/examples/invalidSort/value",
                http.get(ApiServerExtension.LIST + "?sort=nope", manager), 400);
        assertSends(responses, "401", http.get(ApiServerExtension.LIST, List.of()));
        assertSends(responses, "403", http.get(ApiServerExtension.LIST, withoutPermission));
        assertSends(responses, "404", http.get(ApiServerExtension.LIST + "x", manager));
        assertSends(responses, "405", http.send("DELETE", ApiServerExtension.LIST, manager));
        // BrokenSchemaTest and DatabaseOutageTest see the server send these.
        assertThat(example(responses, "500")).isEqualTo(JSON.readTree(BrokenSchemaTest.INTERNAL_ERROR));
        assertThat(example(responses, "503")).isEqualTo(JSON.readTree(DatabaseOutageTest.UNAVAILABLE));
    }

    @Test
    void givesSignInExamplesThatAreWhatTheServerSends() throws Exception {
        JsonNode login = document().at("/paths/~1api~1v1~1login/post");
        JsonNode requests = login.at("/requestBody/content/application~1json/examples");
        JsonNode loggedIn = example(login.at("/responses"), "200");
        String exampleId = loggedIn.at("/data/userId").asText();
        String exampleToken = loggedIn.at("/data/authToken").asText();
        for (String form : List.of("user", "username", "email", "hashed")) {
            RawHttp.Response response = http.postJson(SignInTest.LOGIN, List.of(), requests.at("/" + form + "/value").toString());
            assertThat(response.status()).as(form).isEqualTo(200);
            assertThat(withIds(response.body(), exampleId, exampleToken)).as(form).isEqualTo(loggedIn);
        }
        assertSends(login.at("/responses"), "400", http.postJson(SignInTest.LOGIN, List.of(), "{}"));
        assertSends(login.at("/responses"), "401/content/application~1json/examples/failed/value",
                http.postJson(SignInTest.LOGIN, List.of(), "{\"user\":\"maria\",\"password\":\"wrong\"}"), 401);
        assertThat(JSON.readTree(login.at("/responses/401/content/application~1json/examples/blockedForUser/value")
                .toString())).isEqualTo(JSON.readTree(SignInTest.BLOCKED_FOR_USER));
        assertSends(login.at("/responses"), "413", http.send("POST", SignInTest.LOGIN, List.of(), new byte[70_000]));

        JsonNode me = document().at("/paths/~1api~1v1~1me/get/responses");
        assertThat(withIds(http.get(SignInTest.ME, manager).body(), exampleId, exampleToken)).isEqualTo(example(me, "200"));
        JsonNode components = document().at("/components/responses");
        assertThat(JSON.readTree(http.get(SignInTest.ME, List.of()).body()))
                .isEqualTo(components.at("/NotLoggedIn/content/application~1json/example"));
        List<String> signedIn = ApiServerExtension.headers(API.token("maria"));
        assertThat(JSON.readTree(http.send("POST", SignInTest.LOGOUT, signedIn).body()))
                .isEqualTo(components.at("/LoggedOut/content/application~1json/example"));
    }

    @Test
    void givesPermissionExamplesThatAreWhatTheServerSends() throws Exception {
        JsonNode responses = document().at("/paths/~1api~1v1~1permissions.listAll/get/responses");
        String listAll = InquiriesServer.API + "/permissions.listAll";

        JsonNode example = example(responses, "200");
        ObjectNode sent = (ObjectNode) JSON.readTree(http.get(listAll, withoutPermission).body());
        sent.get("update").forEach(permission -> ((ObjectNode) permission)
                .put("_updatedAt", example.at("/update/0/_updatedAt").asText()));
        assertThat(sent).isEqualTo(example);
        assertSends(responses, "400/content/application~1json/examples/invalidDate/value",
                http.get(listAll + "?updatedSince=yesterday", withoutPermission), 400);
        assertSends(responses, "400/content/application~1json/examples/invalidParams/value",
                http.get(listAll + "?since=2017-11-25", withoutPermission), 400);
        assertThat(JSON.readTree(http.get(listAll, List.of()).body()))
                .isEqualTo(document().at("/components/responses/NotLoggedIn/content/application~1json/example"));
        assertThat(http.send("DELETE", listAll, withoutPermission).status()).isEqualTo(405);
    }

    @Test
    void givesDepartmentAndAgentExamplesThatAreWhatTheServerSends() throws Exception {
        JsonNode components = document().at("/components/responses");
        JsonNode notLoggedIn = components.at("/NotLoggedIn/content/application~1json/example");
        JsonNode forbidden = components.at("/Forbidden/content/application~1json/example");

        String departments = InquiriesServer.LIVECHAT_API + "/department";
        JsonNode list = document().at("/paths/~1api~1v1~1livechat~1department/get/responses");
        assertSends(list, "200", http.get(departments, manager));
        assertSends(list, "400/content/application~1json/examples/invalidParams/value",
                http.get(departments + "?enabled=yes", agent), 400);
        assertSends(list, "400/content/application~1json/examples/invalidSort/value",
                http.get(departments + "?sort=nope", agent), 400);
        assertThat(JSON.readTree(http.get(departments, List.of()).body())).isEqualTo(notLoggedIn);
        assertThat(JSON.readTree(http.get(departments, withoutPermission).body())).isEqualTo(forbidden);

        String adaId = API.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM users WHERE username = 'ada'")
                .mapTo(String.class).one());
        String memberships = InquiriesServer.LIVECHAT_API + "/agents/" + adaId + "/departments";
        JsonNode ofAgent = document().at("/paths/~1api~1v1~1livechat~1agents~1{agentId}~1departments/get/responses");
        ObjectNode membership = (ObjectNode) JSON.readTree(http.get(memberships, agent).body()).get("departments").get(0);
        JsonNode exampleMembership = example(ofAgent, "200").get("departments").get(0);
        membership.put("_id", exampleMembership.get("_id").asText()).put("agentId", exampleMembership.get("agentId").asText());
        assertThat(membership).isEqualTo(exampleMembership);
        assertSends(ofAgent, "400", http.get(memberships + "?enabledDepartmentsOnly=maybe", agent));
        assertThat(JSON.readTree(http.get(memberships, List.of()).body())).isEqualTo(notLoggedIn);
        assertThat(JSON.readTree(http.get(memberships, withoutPermission).body())).isEqualTo(forbidden);

        String status = InquiriesServer.LIVECHAT_API + "/agent.status";
        JsonNode setStatus = document().at("/paths/~1api~1v1~1livechat~1agent.status/post");
        JsonNode requests = setStatus.at("/requestBody/content/application~1json/examples");
        JsonNode responses = setStatus.at("/responses");
        assertSends(responses, "200", http.postJson(status, agent, requests.at("/set/value").toString()));
        assertThat(http.postJson(status, agent, requests.at("/toggle/value").toString()).body())
                .isEqualTo("{\"status\":\"available\",\"success\":true}");
        ObjectNode another = (ObjectNode) requests.at("/another/value").deepCopy();
        assertThat(http.postJson(status, manager, another.put("agentId", adaId).toString()).status()).isEqualTo(200);
        assertSends(responses, "400/content/application~1json/examples/notFound/value",
                http.postJson(status, manager, requests.at("/another/value").toString()), 400);
        assertSends(responses, "400/content/application~1json/examples/invalidParams/value",
                http.postJson(status, agent, "{\"status\":\"away\"}"), 400);
        assertThat(JSON.readTree(http.postJson(status, List.of(), "{}").body())).isEqualTo(notLoggedIn);
        assertThat(JSON.readTree(http.postJson(status, agent, requests.at("/another/value").toString()).body()))
                .isEqualTo(forbidden);
        assertSends(responses, "413", http.send("POST", status, agent, new byte[70_000]));
    }

    @Test
    void givesAgentListExamplesThatAreWhatTheServerSends() throws Exception {
        // The second agent of the example, off duty so that no other example finds an agent to route to.
        new UserRepository(API.database()).add("lucia", null, List.of(Roles.LIVECHAT_AGENT), "lucia@example.com");
        API.jdbi().useHandle(handle -> handle.execute(
                "UPDATE users SET name = 'Lucia Gomez', status_livechat = 'not-available' WHERE username = 'lucia'"));
        String agents = InquiriesServer.LIVECHAT_API + "/users/agent";
        JsonNode list = document().at("/paths/~1api~1v1~1livechat~1users~1agent/get/responses");

        JsonNode example = example(list, "200");
        ObjectNode sent = (ObjectNode) JSON.readTree(http.get(agents, manager).body());
        assertThat(sent.get("users")).hasSize(2);
        for (int index = 0; index < 2; index++) {
            ((ObjectNode) sent.get("users").get(index)).put("_id", example.at("/users/" + index + "/_id").asText());
        }
        assertThat(sent).isEqualTo(example);
        assertSends(list, "400/content/application~1json/examples/invalidParams/value",
                http.get(agents + "?onlyAvailable=yes", manager), 400);
        assertSends(list, "400/content/application~1json/examples/invalidSort/value",
                http.get(agents + "?sort=%7B%22emails%22%3A1%7D", manager), 400);
        JsonNode components = document().at("/components/responses");
        assertThat(JSON.readTree(http.get(agents, List.of()).body()))
                .isEqualTo(components.at("/NotLoggedIn/content/application~1json/example"));
        assertThat(JSON.readTree(http.get(agents, agent).body()))
                .isEqualTo(components.at("/Forbidden/content/application~1json/example"));
        assertThat(http.send("DELETE", agents, manager).status()).isEqualTo(405);
    }

    @Test
    void givesAgentLoadsExamplesThatAreWhatTheServerSends() throws Exception {
        String loads = InquiriesServer.LIVECHAT_API + "/agents.loads";
        JsonNode responses = document().at("/paths/~1api~1v1~1livechat~1agents.loads/get/responses");
        JsonNode example = example(responses, "200");
        RoutingRepository routing = new RoutingRepository(API.database());
        routing.setAgentLimit("ada", 3);
        try {
            ObjectNode sent = (ObjectNode) JSON.readTree(http.get(loads, manager).body());
            // Other examples add agents (lucia) and give ada chats: the example shows ada, whatever she serves now.
            ArrayNode agents = JSON.createArrayNode();
            for (JsonNode listed : sent.get("agents")) {
                if (listed.get("username").asText().equals("ada")) {
                    ObjectNode ada = (ObjectNode) listed;
                    ada.set("_id", example.at("/agents/0/_id"));
                    ada.set("openChats", example.at("/agents/0/openChats"));
                    agents.add(ada);
                }
            }
            sent.set("agents", agents);
            assertThat(sent).isEqualTo(example);
        } finally {
            routing.setAgentLimit("ada", 0);
        }
        assertSends(responses, "400", http.get(loads + "?department=Sales", manager));
        JsonNode components = document().at("/components/responses");
        assertThat(JSON.readTree(http.get(loads, List.of()).body()))
                .isEqualTo(components.at("/NotLoggedIn/content/application~1json/example"));
        assertThat(JSON.readTree(http.get(loads, agent).body()))
                .isEqualTo(components.at("/Forbidden/content/application~1json/example"));
        assertThat(http.send("DELETE", loads, manager).status()).isEqualTo(405);
    }

    @Test
    void givesAgentQueueExamplesThatAreWhatTheServerSends() throws Exception {
        JsonNode queued = document().at("/paths/~1api~1v1~1livechat~1inquiries.queuedForUser/get/responses");
        String queue = InquiriesServer.LIVECHAT_API + "/inquiries.queuedForUser";
        assertSends(queued, "200", http.get(queue, agent));
        assertSends(queued, "400/content/application~1json/examples/notAuthorized/value",
                http.get(queue + "?department=Billing", agent), 400);

        JsonNode getOne = document().at("/paths/~1api~1v1~1livechat~1inquiries.getOne/get/responses");
        String one = InquiriesServer.LIVECHAT_API + "/inquiries.getOne";
        JsonNode found = getOne.at("/200/content/application~1json/examples/found/value");
        ObjectNode sent = (ObjectNode) JSON.readTree(http.get(one + "?roomId=EbQjtCosHJWLQmQYT", agent).body());
        ((ObjectNode) sent.get("inquiry")).put("_updatedAt", found.at("/inquiry/_updatedAt").asText());
        assertThat(sent).isEqualTo(found);
        assertSends(getOne, "400/content/application~1json/examples/missing/value", http.get(one, agent), 400);

        // A take changes its inquiry: a second one, in the same department, so that the other examples hold.
        API.inquiry("TakeMe2222222222", "Taken Visitor", Instant.parse("2019-06-11T19:02:00.000Z"), "queued",
                "jHFgdJyJWstB9M2ik");
        JsonNode take = document().at("/paths/~1api~1v1~1livechat~1inquiries.take/post/responses");
        String taking = InquiriesServer.LIVECHAT_API + "/inquiries.take";
        JsonNode taken = example(take, "200");
        ObjectNode record = (ObjectNode) JSON.readTree(
                http.postJson(taking, agent, "{\"inquiryId\":\"TakeMe2222222222\"}").body()).get("inquiry");
        for (String field : List.of("_id", "rid", "name", "ts", "_updatedAt", "takenAt")) {
            record.set(field, taken.at("/inquiry/" + field));
        }
        ((ObjectNode) record.get("servedBy")).put("_id", taken.at("/inquiry/servedBy/_id").asText())
                .put("username", taken.at("/inquiry/servedBy/username").asText())
                .put("ts", taken.at("/inquiry/servedBy/ts").asText());
        assertThat(record).isEqualTo(taken.get("inquiry"));
        String examples = "400/content/application~1json/examples/";
        assertSends(take, examples + "taken/value", http.postJson(taking, agent, "{\"inquiryId\":\"TakeMe2222222222\"}"), 400);
        assertSends(take, examples + "notFound/value", http.postJson(taking, agent, "{\"inquiryId\":\"nothing\"}"), 400);
        assertSends(take, examples + "invalidUser/value",
                http.postJson(taking, manager, "{\"inquiryId\":\"GpxfRo8TaPHfsnnC5\",\"userId\":\"nobody\"}"), 400);
        assertSends(take, examples + "offline/value",
                http.postJson(taking, manager, "{\"inquiryId\":\"GpxfRo8TaPHfsnnC5\"}"), 400);
        assertSends(take, examples + "missing/value", http.postJson(taking, agent, "{}"), 400);
        assertSends(take, examples + "extra/value",
                http.postJson(taking, agent, "{\"inquiryId\":\"x\",\"agent\":\"y\"}"), 400);
        assertSends(take, "413", http.send("POST", taking, agent, new byte[70_000]));
    }

    @Test
    void givesVisitorExamplesThatAreWhatTheServerSends() throws Exception {
        AgentRepository agents = new AgentRepository(API.database());
        agents.setStatus("ada", LivechatStatus.AVAILABLE);
        String examples = "400/content/application~1json/examples/";

        JsonNode register = document().at("/paths/~1api~1v1~1livechat~1visitor/post");
        JsonNode registered = example(register.at("/responses"), "200");
        String body = register.at("/requestBody/content/application~1json/examples/register/value").toString();
        ObjectNode visitor = (ObjectNode) JSON.readTree(http.postJson(VisitorApiTest.VISITOR, List.of(), body).body());
        for (String field : List.of("_id", "username", "ts", "_updatedAt")) {
            ((ObjectNode) visitor.get("visitor")).set(field, registered.at("/visitor/" + field));
        }
        assertThat(visitor).isEqualTo(registered);
        JsonNode registerResponses = register.at("/responses");
        assertSends(registerResponses, examples + "emptyToken/value",
                http.postJson(VisitorApiTest.VISITOR, List.of(), "{\"visitor\":{\"token\":\"\"}}"), 400);
        assertSends(registerResponses, examples + "invalidDepartment/value", http.postJson(VisitorApiTest.VISITOR, List.of(),
                "{\"visitor\":{\"token\":\"t-doc\",\"department\":\"Nowhere\"}}"), 400);
        http.postJson(VisitorApiTest.VISITOR, List.of(), "{\"visitor\":{\"token\":\"t-doc-1\",\"username\":\"lena\"}}");
        assertSends(registerResponses, examples + "usernameTaken/value", http.postJson(VisitorApiTest.VISITOR, List.of(),
                "{\"visitor\":{\"token\":\"t-doc-2\",\"username\":\"lena\"}}"), 400);
        assertSends(registerResponses, examples + "invalidParams/value",
                http.postJson(VisitorApiTest.VISITOR, List.of(), "{\"visitor\":{\"name\":\"Lena\"}}"), 400);
        assertSends(registerResponses, examples + "tooLong/value", http.postJson(VisitorApiTest.VISITOR, List.of(),
                "{\"visitor\":{\"token\":\"t-doc\",\"name\":\"" + "n".repeat(257) + "\"}}"), 400);
        JsonNode tooLarge = document().at("/components/responses/TooLarge/content/application~1json/example");
        assertThat(JSON.readTree(http.send("POST", VisitorApiTest.VISITOR, List.of(), new byte[70_000]).body()))
                .isEqualTo(tooLarge);

        String token = register.at("/requestBody/content/application~1json/examples/register/value/visitor/token").asText();
        JsonNode roomResponses = document().at("/paths/~1api~1v1~1livechat~1room/get/responses");
        JsonNode opened = example(roomResponses, "200");
        assertSends(roomResponses, examples + "invalidPriority/value",
                http.get(VisitorApiTest.ROOM + "?token=" + token + "&priority=Urgent", List.of()), 400);
        assertSends(roomResponses, examples + "invalidSla/value",
                http.get(VisitorApiTest.ROOM + "?token=" + token + "&sla=Gold", List.of()), 400);
        ObjectNode room = (ObjectNode) JSON.readTree(http.get(VisitorApiTest.ROOM + "?token=" + token, List.of()).body());
        String rid = room.at("/room/_id").asText();
        for (String field : List.of("_id", "ts", "queuedAt", "_updatedAt")) {
            ((ObjectNode) room.get("room")).set(field, opened.at("/room/" + field));
        }
        ObjectNode roomVisitor = (ObjectNode) room.at("/room/v");
        roomVisitor.set("_id", opened.at("/room/v/_id"));
        roomVisitor.set("username", opened.at("/room/v/username"));
        assertThat(room).isEqualTo(opened);
        assertSends(roomResponses, examples + "invalidToken/value", http.get(VisitorApiTest.ROOM + "?token=nobody", List.of()), 400);
        assertSends(roomResponses, examples + "invalidRoom/value",
                http.get(VisitorApiTest.ROOM + "?token=" + token + "&rid=nothing", List.of()), 400);
        assertSends(roomResponses, examples + "unknownKey/value",
                http.get(VisitorApiTest.ROOM + "?token=" + token + "&department=Sales", List.of()), 400);
        agents.setStatus("ada", LivechatStatus.NOT_AVAILABLE);
        try {
            assertSends(roomResponses, examples + "noAgentOnline/value",
                    http.get(VisitorApiTest.ROOM + "?token=t-doc-1", List.of()), 400);
        } finally {
            agents.setStatus("ada", LivechatStatus.AVAILABLE);
        }

        JsonNode config = document().at("/paths/~1api~1v1~1livechat~1config/get/responses");
        assertSends(config, "200", http.get(VisitorApiTest.CONFIG, List.of()));
        assertSends(config, examples + "invalidParams/value", http.get(VisitorApiTest.CONFIG + "?rid=x", List.of()), 400);

        // Closing the room last leaves the queue as the other examples expect it.
        JsonNode close = document().at("/paths/~1api~1v1~1livechat~1room.close/post");
        JsonNode closeResponses = close.at("/responses");
        ObjectNode closing = (ObjectNode) close.at("/requestBody/content/application~1json/example").deepCopy();
        assertSends(closeResponses, examples + "invalidRoom/value",
                http.postJson(VisitorApiTest.CLOSE, List.of(), closing.toString()), 400);
        assertSends(closeResponses, examples + "invalidToken/value",
                http.postJson(VisitorApiTest.CLOSE, List.of(), closing.deepCopy().put("token", "nobody").toString()), 400);
        ObjectNode closed = (ObjectNode) JSON.readTree(
                http.postJson(VisitorApiTest.CLOSE, List.of(), closing.put("rid", rid).toString()).body());
        assertThat(closed.put("rid", example(closeResponses, "200").get("rid").asText())).isEqualTo(example(closeResponses, "200"));
        assertSends(closeResponses, examples + "roomClosed/value",
                http.postJson(VisitorApiTest.CLOSE, List.of(), closing.toString()), 400);
        assertSends(closeResponses, examples + "invalidParams/value",
                http.postJson(VisitorApiTest.CLOSE, List.of(), "{\"token\":\"" + token + "\"}"), 400);
        assertThat(JSON.readTree(http.send("POST", VisitorApiTest.CLOSE, List.of(), new byte[70_000]).body()))
                .isEqualTo(tooLarge);
    }

    /**
     * Priorities and SLAs: each example body is what the server sends, ids and times aside. The room of the examples
     * is an inquiry of its own, deleted afterwards, so that the other examples' queue is as they expect it.
     */
    @Test
    void givesPriorityAndSlaExamplesThatAreWhatTheServerSends() throws Exception {
        String base = InquiriesServer.LIVECHAT_API;
        String examples = "400/content/application~1json/examples/";
        JsonNode priorities = document().at("/paths/~1api~1v1~1livechat~1priorities/get/responses");
        assertSends(priorities, "200", http.get(base + "/priorities", agent));
        JsonNode priority = document().at("/paths/~1api~1v1~1livechat~1priorities~1{id}");
        assertSends(priority.at("/get/responses"), "200", http.get(base + "/priorities/priority-medium", agent));
        assertSends(priority.at("/get/responses"), "404", http.get(base + "/priorities/nope", agent));
        JsonNode change = priority.at("/put");
        String rename = change.at("/requestBody/content/application~1json/examples/rename/value").toString();
        assertSends(change.at("/responses"), "200", put(base + "/priorities/priority-medium", manager, rename));
        assertSends(change.at("/responses"), "200", put(base + "/priorities/priority-medium", manager,
                change.at("/requestBody/content/application~1json/examples/reset/value").toString()));
        assertSends(change.at("/responses"), examples + "duplicateName/value",
                put(base + "/priorities/priority-low", manager, "{\"name\":\"HIGHEST\"}"), 400);
        assertSends(change.at("/responses"), examples + "invalidParams/value",
                put(base + "/priorities/priority-low", manager, "{\"name\":\"x\",\"reset\":true}"), 400);
        assertSends(change.at("/responses"), "404", put(base + "/priorities/nope", manager, rename));

        JsonNode create = document().at("/paths/~1api~1v1~1livechat~1sla/post");
        String gold = create.at("/requestBody/content/application~1json/example").toString();
        ObjectNode created = (ObjectNode) JSON.readTree(http.postJson(base + "/sla", manager, gold).body());
        String goldId = created.at("/sla/_id").asText();
        JsonNode createdExample = example(create.at("/responses"), "200");
        ((ObjectNode) created.get("sla")).set("_id", createdExample.at("/sla/_id"));
        assertThat(created).isEqualTo(createdExample);
        assertSends(create.at("/responses"), examples + "duplicated/value", http.postJson(base + "/sla", manager, gold), 400);
        assertSends(create.at("/responses"), examples + "invalidParams/value",
                http.postJson(base + "/sla", manager, "{\"dueTimeInMinutes\":5}"), 400);
        JsonNode listExample = example(document().at("/paths/~1api~1v1~1livechat~1sla/get/responses"), "200");
        ObjectNode listed = (ObjectNode) JSON.readTree(http.get(base + "/sla", agent).body());
        ObjectNode listedSla = (ObjectNode) listed.at("/sla/0");
        listedSla.set("_id", listExample.at("/sla/0/_id"));
        listedSla.set("_updatedAt", listExample.at("/sla/0/_updatedAt"));
        assertThat(listed).isEqualTo(listExample);
        JsonNode sla = document().at("/paths/~1api~1v1~1livechat~1sla~1{id}");
        JsonNode oneExample = example(sla.at("/get/responses"), "200");
        ObjectNode one = (ObjectNode) JSON.readTree(http.get(base + "/sla/" + goldId, agent).body());
        one.set("_id", oneExample.get("_id"));
        one.set("_updatedAt", oneExample.get("_updatedAt"));
        assertThat(one).isEqualTo(oneExample);
        assertSends(sla.at("/get/responses"), "404", http.get(base + "/sla/nope", agent));

        API.inquiry("PrioSla333333333", "Nora Lind", Instant.parse("2019-06-11T19:03:00.000Z"), "queued",
                "jHFgdJyJWstB9M2ik");
        API.jdbi().useHandle(handle -> handle.execute(
                "UPDATE inquiries SET rid = 'Kq7RmX2sVb9NcT4wZ' WHERE id = 'PrioSla333333333'"));
        try {
            JsonNode roomPriority = document().at("/paths/~1api~1v1~1livechat~1room~1{rid}~1priority");
            String room = base + "/room/Kq7RmX2sVb9NcT4wZ/priority";
            assertSends(roomPriority.at("/post/responses"), "200", http.postJson(room, manager,
                    roomPriority.at("/post/requestBody/content/application~1json/example").toString()));
            assertSends(roomPriority.at("/post/responses"), examples + "invalidPriority/value",
                    http.postJson(room, manager, "{\"priorityId\":\"nope\"}"), 400);
            assertSends(roomPriority.at("/post/responses"), examples + "noRoom/value",
                    http.postJson(base + "/room/nothing/priority", manager, "{\"priorityId\":\"priority-high\"}"), 400);

            JsonNode setSla = document().at("/paths/~1api~1v1~1livechat~1inquiry.setSLA/put");
            String setting = setSla.at("/requestBody/content/application~1json/example").toString();
            assertSends(setSla.at("/responses"), "200", put(base + "/inquiry.setSLA", manager, setting));
            JsonNode inquiry = JSON.readTree(http.get(base + "/inquiries.getOne?roomId=Kq7RmX2sVb9NcT4wZ", manager).body())
                    .get("inquiry");
            assertThat(inquiry.get("priorityId").asText()).isEqualTo("priority-high");
            assertThat(inquiry.get("priorityWeight").asInt()).isEqualTo(2);
            assertThat(inquiry.get("slaId").asText()).isEqualTo(goldId);
            assertThat(inquiry.get("estimatedWaitingTimeQueue").asInt()).isEqualTo(30);
            assertSends(setSla.at("/responses"), examples + "invalidSla/value", put(base + "/inquiry.setSLA", manager,
                    "{\"roomId\":\"Kq7RmX2sVb9NcT4wZ\",\"sla\":\"Lead\"}"), 400);
            assertSends(setSla.at("/responses"), examples + "invalidInquiry/value", put(base + "/inquiry.setSLA", manager,
                    "{\"roomId\":\"nothing\",\"sla\":\"Gold\"}"), 400);
            assertSends(roomPriority.at("/delete/responses"), "200", http.send("DELETE", room, manager));

            JsonNode changed = example(sla.at("/put/responses"), "200");
            ObjectNode sent = (ObjectNode) JSON.readTree(put(base + "/sla/" + goldId, manager,
                    sla.at("/put/requestBody/content/application~1json/example").toString()).body());
            ((ObjectNode) sent.get("sla")).set("_id", changed.at("/sla/_id"));
            assertThat(sent).isEqualTo(changed);
            assertSends(sla.at("/put/responses"), "404", put(base + "/sla/nope", manager, gold));
            assertSends(sla.at("/delete/responses"), "200", http.send("DELETE", base + "/sla/" + goldId, manager));
        } finally {
            API.jdbi().useHandle(handle -> handle.execute("DELETE FROM inquiries WHERE id = 'PrioSla333333333'"));
        }
    }

    private RawHttp.Response put(String path, List<String> caller, String json) {
        return http.send("PUT", path, caller, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The response with the user's id and token replaced by the example's, which no server could make twice. */
    private static JsonNode withIds(String body, String userId, String authToken) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(body);
        ObjectNode me = json.has("data") ? (ObjectNode) json.get("data").get("me") : json;
        me.put("_id", userId);
        if (json.has("data")) {
            ((ObjectNode) json.get("data")).put("userId", userId).put("authToken", authToken);
        }
        return json;
    }

    private static void assertSends(JsonNode responses, String status, RawHttp.Response response) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(Integer.parseInt(status));
        assertThat(JSON.readTree(response.body())).isEqualTo(example(responses, status));
    }

    private static void assertSends(JsonNode responses, String examplePath, RawHttp.Response response, int status)
            throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body())).isEqualTo(responses.at("/" + examplePath));
    }

    private static JsonNode example(JsonNode responses, String status) {
        JsonNode example = responses.at("/" + status + "/content/application~1json/example");
        assertThat(example.isObject()).as("example of " + status).isTrue();
        return example;
    }

    private JsonNode document() {
        RawHttp.Response response = http.get("/openapi?format=JSON", List.of());
        assertThat(response.status()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (Exception failure) {
            throw new AssertionError("The OpenAPI document is not JSON: " + response.body(), failure);
        }
    }
}
