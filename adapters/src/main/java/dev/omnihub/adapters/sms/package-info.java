/**
 * Pure building blocks of a Twilio-compatible SMS channel: request signatures, segment counting,
 * opt-out keywords, TwiML answers and status mapping. Nothing here does I/O; the adapter wires them.
 */
package dev.omnihub.adapters.sms;
