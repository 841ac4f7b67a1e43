package dev.inquiries.web.api.json;

import static dev.inquiries.web.api.json.JsonWriter.COUNT;
import static dev.inquiries.web.api.json.JsonWriter.ID;
import static dev.inquiries.web.api.json.JsonWriter.NAME;
import static dev.inquiries.web.api.json.JsonWriter.OFFSET;
import static dev.inquiries.web.api.json.JsonWriter.TOTAL;

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
        return JsonWriter.write(128 + 96 * page.departments().size(), json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("departments");
            for (DepartmentSummary department : page.departments()) {
                json.writeStartObject();
                json.writeFieldName(ID);
                json.writeString(department.id());
                json.writeFieldName(NAME);
                json.writeString(department.name());
                json.writeBooleanField("enabled", department.enabled());
                json.writeNumberField("numAgents", department.numAgents());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName(COUNT);
            json.writeNumber(page.departments().size());
            json.writeFieldName(OFFSET);
            json.writeNumber(page.offset());
            json.writeFieldName(TOTAL);
            json.writeNumber(page.total());
            JsonWriter.endWithSuccess(json);
        });
    }
}
