/**
 * A handler that answers with what it saw of the request, as JSON, and sets two
 * cookies: run in-process and under the runtime client, its results must be equal.
 */
import { lambdaPlatform } from '../../../adapters/aws-lambda/index.js'

export async function inspect(request: Request): Promise<Response> {
  const headers = new Headers({ 'content-type': 'application/json' })
  headers.append('set-cookie', 'a=1; Path=/')
  headers.append('set-cookie', 'b=2; HttpOnly')
  const seen = {
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    body: request.body === null ? null : await request.text(),
    platform: lambdaPlatform(request)?.runtime ?? 'none',
  }
  return new Response(JSON.stringify(seen), { headers })
}
