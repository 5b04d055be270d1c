/**
 * Status codes, one rule each: the reason phrase of a status, and which answers never
 * carry content. Every place that names a status or drops a body asks here.
 *
 * @module
 */

/**
 * RFC 9110 §15's reason phrases, with the registered codes other RFCs add (103:
 * RFC 8297; 425: RFC 8470; 428, 429, 431, 511: RFC 6585; 451: RFC 7725), and 418,
 * which RFC 9110 §15.5.19 reserves, as HTTP libraries name it.
 */
const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Continue',
  101: 'Switching Protocols',
  103: 'Early Hints',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  305: 'Use Proxy',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  511: 'Network Authentication Required',
}

/** The reason phrase of a registered status (413: `Content Too Large`). */
export function reasonPhrase(status: number): string | undefined {
  return REASON_PHRASES[status]
}

/**
 * Whether responses with this status never carry content: 1xx (RFC 9110 §15.2), 204
 * (§15.3.5), 205 (§15.3.6) and 304 (§15.4.5).
 */
export function forbidsContent(status: number): boolean {
  return status < 200 || status === 204 || status === 205 || status === 304
}

/**
 * Whether an answer goes out without content: a response to HEAD (RFC 9110 §9.3.2),
 * or one whose status forbids content. Its headers still go out as they are.
 */
export function isBodyless(method: string, status: number): boolean {
  return method === 'HEAD' || forbidsContent(status)
}
