/**
 * The thin film between the layers of the onion (Django's
 * `convert_exception_to_response`): whatever a layer throws or returns, the layer
 * outside it receives a `Response`.
 *
 * @module
 */
import {
  logFinalResponse,
  responseForError,
  type ErrorContext,
} from './error-response.js'
import { isForeignResponse, isRenderable, NotAResponse } from './response-like.js'
import type { Handler } from './types.js'

/**
 * The slow path of a boundary: the layer returned something that is not a
 * `Response`. A template response is rendered here (D2, without
 * `processTemplateResponse`); anything else is a 500 naming the layer (D1).
 */
export async function settle(
  result: unknown,
  request: unknown,
  who: string,
  context: ErrorContext,
): Promise<Response> {
  if (isForeignResponse(result)) return result
  if (!isRenderable(result)) {
    return responseForError(new NotAResponse(who, result), request, context)
  }
  let rendered: unknown
  try {
    rendered = await result.render()
  } catch (error) {
    return responseForError(error, request, context)
  }
  return rendered instanceof Response || isForeignResponse(rendered)
    ? rendered
    : responseForError(new NotAResponse(`${who} (render)`, rendered), request, context)
}

/**
 * Wraps a layer's handler so that it never throws and always resolves to a
 * `Response`. `who` names the layer in messages ("Middleware auth"). The outermost
 * boundary (`top`) also logs a 4xx or 5xx that no boundary produced, as Django's
 * `log_response` does. The success path costs one `await` and one `instanceof`.
 */
export function boundary(
  handler: Handler<any, unknown>,
  who: string,
  context: ErrorContext,
  top = false,
): Handler<any> {
  return async (request) => {
    let result: unknown
    try {
      result = await handler(request)
    } catch (error) {
      return responseForError(error, request, context)
    }
    const response =
      result instanceof Response ? result : await settle(result, request, who, context)
    if (top && response.status >= 400)
      logFinalResponse(response, request, context.logger)
    return response
  }
}
