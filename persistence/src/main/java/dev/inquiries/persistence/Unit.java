package dev.inquiries.persistence;

/**
 * A unit: a named group of departments that monitors are assigned to.
 *
 * @param id   its id
 * @param name its unique name
 */
public record Unit(String id, String name) {
}
