/**
 * Stand-ins for what the Lambda runtime hands the adapter, for its tests: a logger that
 * keeps the messages it gets, and a response stream that keeps the bytes written to
 * it and reads them back as the prelude and the body.
 */
import type { LambdaResponseStream } from 'shallot/aws-lambda'

/** A logger for the handlers' options, and the messages it got by level. */
export function lambdaLogger() {
  const warnings: string[] = []
  const errors: string[] = []
  const logger = {
    warn: (message: string) => void warnings.push(message),
    error: (message: string) => void errors.push(message),
  }
  return { warnings, errors, logger }
}

/** The prelude the streaming handler writes before the body. */
export interface Prelude {
  readonly statusCode: number
  readonly headers: Record<string, string>
  readonly cookies: string[]
}

/**
 * A response stream that keeps what is written to it. `read()` splits it where the
 * runtime does: the prelude's JSON, eight NUL bytes, then the body.
 */
export function memoryStream() {
  const chunks: Uint8Array[] = []
  const stream: LambdaResponseStream = {
    write: (chunk) => chunks.push(chunk) > 0,
    end: (done) => done?.(),
    on: () => stream,
    once: () => stream,
    off: () => stream,
  }
  const read = () => {
    const all = Buffer.concat(chunks)
    const end = all.indexOf(Buffer.alloc(8))
    return {
      prelude: JSON.parse(all.subarray(0, end).toString()) as Prelude,
      body: all.subarray(end + 8),
    }
  }
  return { stream, read }
}
