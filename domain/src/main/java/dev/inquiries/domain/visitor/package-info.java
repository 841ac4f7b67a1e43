/**
 * The visitor's side of a chat (CONTRACT.md, "Visitors: the way in", "Queue position for the visitor"): the requests
 * of {@code livechat/visitor}, {@code livechat/room}, {@code livechat/room.close}, {@code livechat/config} and
 * {@code livechat/room.stream}, which take no user headers, their refusals
 * ({@link dev.inquiries.domain.visitor.VisitorRefusal}), and what a room stream tells a visitor
 * ({@link dev.inquiries.domain.visitor.RoomEvent}).
 */
package dev.inquiries.domain.visitor;
