/**
 * The one way a request is checked at the edge: a {@link dev.inquiries.domain.request.QueryShape} for query
 * parameters (the names an endpoint accepts, single values, switches, choices) and a
 * {@link dev.inquiries.domain.request.BodyShape} for JSON bodies (required fields, types, no other properties),
 * both refusing with the wording the contract quotes: this service's own, Rocket.Chat's ajv schemas', or its
 * {@code check()}'s {@code Match error}. An endpoint's request record declares its shape and reads the checked
 * values; everything after it trusts them.
 */
package dev.inquiries.domain.request;
