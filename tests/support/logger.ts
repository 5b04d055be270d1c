/**
 * A logger that records every call, so tests can assert levels, messages and the
 * errors passed along with them.
 */
import type { Logger } from '../../src/index.js'

export type Level = 'debug' | 'info' | 'warn' | 'error'

export interface LogRecord {
  readonly level: Level
  readonly message: string
  readonly details: readonly unknown[]
}

export interface RecordingLogger extends Logger {
  readonly records: LogRecord[]
  /** The records at one level. */
  at(level: Level): LogRecord[]
}

/** The message of a record followed by every detail as text (an error's message). */
export function recordText(record: LogRecord): string {
  return [record.message, ...record.details.map(detailText)].join('\n')
}

function detailText(detail: unknown): string {
  if (detail instanceof Error) return `${detail.name}: ${detail.message}`
  try {
    return String(detail)
  } catch {
    return '<unprintable>'
  }
}

/** A fresh recording logger. */
export function recordingLogger(): RecordingLogger {
  const records: LogRecord[] = []
  const record =
    (level: Level) =>
    (message: string, ...details: unknown[]): void => {
      records.push({ level, message, details })
    }
  return {
    records,
    at: (level) => records.filter((entry) => entry.level === level),
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  }
}
