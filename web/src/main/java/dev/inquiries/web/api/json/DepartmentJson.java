package dev.inquiries.web.api.json;

import static dev.inquiries.web.api.json.JsonWriter.COUNT;
import static dev.inquiries.web.api.json.JsonWriter.ID;
import static dev.inquiries.web.api.json.JsonWriter.NAME;
import static dev.inquiries.web.api.json.JsonWriter.OFFSET;
import static dev.inquiries.web.api.json.JsonWriter.TOTAL;
import static dev.inquiries.web.api.json.JsonWriter.field;

import dev.inquiries.persistence.DepartmentPage;
import dev.inquiries.persistence.DepartmentSummary;

/** Departments: a page of the department list ({@code livechat/department}). */
public final class DepartmentJson {

    private DepartmentJson() {
    }

    /**
     * {@code {"departments":[{"_id","name","enabled","numAgents"}],"count":1,"offset":0,"total":1,"success":true}}.
     */
    public static byte[] page(DepartmentPage page) {
        return JsonWriter.success(128 + 96 * page.departments().size(), json -> {
            json.writeArrayFieldStart("departments");
            for (DepartmentSummary department : page.departments()) {
                json.writeStartObject();
                field(json, ID, department.id());
                field(json, NAME, department.name());
                json.writeBooleanField("enabled", department.enabled());
                json.writeNumberField("numAgents", department.numAgents());
                json.writeEndObject();
            }
            json.writeEndArray();
            field(json, COUNT, page.departments().size());
            field(json, OFFSET, page.offset());
            field(json, TOTAL, page.total());
        });
    }
}
