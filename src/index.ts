/**
 * shallot: new-style callable middleware for Web-standard `Request`/`Response`.
 * Factories composed once by a right fold, with Django's `MIDDLEWARE` semantics.
 *
 * @module shallot
 */
export type {
  AnyMiddleware,
  Handler,
  Layer,
  LayerHooks,
  MaybePromise,
  Middleware,
  ProvidesOf,
  Req,
  RequiresOf,
  Resolved,
  Resolver,
  ResponseLike,
  View,
  ViewArgs,
  ViewKwargs,
  ViewOrResolver,
} from './types.js'
export type {
  CheckOrder,
  FirstOutOfOrder,
  NeedsAnOuterLayerToProvide,
  ProvidedBy,
  RequiredBy,
  ValidOrder,
} from './order.js'
export { withBoundary, type Boundary } from './boundary.js'
export { compose } from './compose.js'
export {
  createHandler,
  type CreateHandlerOptions,
  type HandlerOptions,
} from './handler.js'
export {
  BadRequest,
  HttpError,
  ImproperlyConfigured,
  MethodNotAllowed,
  MiddlewareNotUsed,
  NotFound,
  PermissionDenied,
  SuspiciousOperation,
  Unauthorized,
  UnsupportedMediaType,
  type FieldError,
  type HttpErrorOptions,
} from './errors.js'
export {
  TemplateResponse,
  type Renderable,
  type Template,
} from './template-response.js'
export type { Logger } from './logger.js'
export { carryRequestData, provide } from './provide.js'
export { isRenderable, isResponseLike, NotAResponse } from './response-like.js'
export {
  responseForError,
  type ErrorContext,
  type ErrorView,
  type ErrorViews,
} from './error-response.js'
export { html, json, redirect, text } from './responses.js'
