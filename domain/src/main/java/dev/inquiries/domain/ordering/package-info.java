/**
 * Priorities and SLAs (the contract's "Priorities and SLAs"): the requests that list, read and change them and that set
 * a chat's priority or SLA, their sort fields and their refusals.
 */
package dev.inquiries.domain.ordering;
