/**
 * shallot/node: serve a shallot handler with `node:http`.
 *
 * `toNodeListener(handler)` gives a `(req, res)` listener for `http.createServer`;
 * `serve(handler, { port })` starts a server with it. Requests reach the stack as
 * real `Request`s whose bodies stream from the socket; responses are written back with
 * their bodies streamed.
 *
 * @module shallot/node
 */
export {
  toNodeListener,
  type NodeListener,
  type NodeListenerOptions,
} from './listener.js'
export {
  serve,
  type NodeServer,
  type ServeOptions,
  type ServerAddress,
} from './serve.js'
export { nodePlatform, type NodePlatform } from './platform.js'
export { realRequest } from './node-request.js'
