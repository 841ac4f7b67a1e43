/**
 * The JSON bodies the API sends, one writer per resource ({@link dev.inquiries.web.api.json.InquiryJson},
 * {@link dev.inquiries.web.api.json.DepartmentJson}, ...), each writing its fields in the contract's order with
 * Jackson's streaming generator through {@link dev.inquiries.web.api.json.JsonWriter}.
 */
package dev.inquiries.web.api.json;
