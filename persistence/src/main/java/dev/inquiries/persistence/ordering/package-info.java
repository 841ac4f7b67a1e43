/**
 * Priorities and SLAs: their catalogs ({@code priorities}, {@code slas}, V37), a chat's priority and SLA, and the
 * columns that place a chat in their queue orders.
 */
package dev.inquiries.persistence.ordering;
