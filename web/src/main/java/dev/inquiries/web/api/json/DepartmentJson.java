package dev.inquiries.web.api.json;

import static dev.inquiries.web.api.json.JsonWriter.ID;
import static dev.inquiries.web.api.json.JsonWriter.NAME;
import static dev.inquiries.web.api.json.JsonWriter.field;

import dev.inquiries.persistence.DepartmentPage;

/** Departments: a page of the department list ({@code livechat/department}). */
public final class DepartmentJson {

    private DepartmentJson() {
    }

    /**
     * {@code {"departments":[{"_id","name","enabled","numAgents"}],"count":1,"offset":0,"total":1,"success":true}}.
     */
    public static byte[] page(DepartmentPage page) {
        return JsonWriter.page("departments", page.departments(), page.offset(), page.total(), 96,
                JsonWriter.object((json, department) -> {
                    field(json, ID, department.id());
                    field(json, NAME, department.name());
                    json.writeBooleanField("enabled", department.enabled());
                    json.writeNumberField("numAgents", department.numAgents());
                }));
    }
}
