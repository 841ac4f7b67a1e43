/**
 * The visitor's side of a chat (CONTRACT.md, "Visitors: the way in"): the requests of {@code livechat/visitor},
 * {@code livechat/room}, {@code livechat/room.close} and {@code livechat/config}, which take no user headers, and
 * their refusals ({@link dev.inquiries.domain.visitor.VisitorRefusal}).
 */
package dev.inquiries.domain.visitor;
