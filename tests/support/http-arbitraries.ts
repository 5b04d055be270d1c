/**
 * Header pieces for the round-trip property tests: names and values any client may
 * send, so that whatever comes out differently is the adapter's doing.
 */
import fc from 'fast-check'

/** A lower-case token (RFC 9110 §5.6.2): a header or cookie name. */
export const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/)

/** A field value as a client sends it: visible ASCII, no space at either end. */
export const fieldValue = fc.stringMatching(/^[!-~](?:[ -~]{0,16}[!-~])?$/)
