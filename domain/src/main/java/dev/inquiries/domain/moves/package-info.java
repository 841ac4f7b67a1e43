/**
 * Moving and ending a chat after a take (the contract's "After a take"): the requests of closeByUser,
 * returnAsInquiry and room.forward, and their refusals.
 */
package dev.inquiries.domain.moves;
