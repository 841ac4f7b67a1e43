package dev.inquiries.web.api.json;

import dev.inquiries.persistence.PermissionGrant;
import dev.inquiries.persistence.PermissionRepository.Grants;

/** The grants of permissions to roles: {@code permissions.listAll}. */
public final class PermissionJson {

    private PermissionJson() {
    }

    /**
     * {@code {"update":[{"_id","roles":[...],"_updatedAt"}],"remove":[],"success":true}}: every permission, each
     * stamped with the time of the read (nothing records when a grant changed), and nothing removed.
     */
    public static byte[] listAll(Grants grants) {
        String readAt = IsoTimestamps.format(grants.readAt());
        return JsonWriter.success(64 + 128 * grants.permissions().size(), json -> {
            json.writeArrayFieldStart("update");
            for (PermissionGrant grant : grants.permissions()) {
                json.writeStartObject();
                JsonWriter.field(json, JsonWriter.ID, grant.permissionId());
                json.writeArrayFieldStart("roles");
                for (String role : grant.roles()) {
                    json.writeString(role);
                }
                json.writeEndArray();
                json.writeStringField("_updatedAt", readAt);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("remove");
            json.writeEndArray();
        });
    }
}
