/**
 * Compares what a page shows a command printing with what it printed: both sides
 * normalised (line ends, colours, trailing spaces, volatile values), `...` standing
 * for elided text. See tests/docs/README.md.
 */

/** Text as compared: LF line ends, no ANSI colours, trailing spaces and blank lines gone, volatile values replaced. */
export function normalise(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .map((line) =>
        line
          .trimEnd()
          .replace(/^(date|last-modified|expires): .*$/i, '$1: <date>')
          .replace(/\b\d+(\.\d+)? ?ms\b/g, '<n> ms'),
      )
      .join('\n')
      .replace(/\n+$/, '')
  )
}

/**
 * Whether `actual` is what `shown` shows, both normalised: each line the same, except
 * that `...` inside a line stands for any text on that line, and a line that is only
 * `...` for any number of lines (none included).
 */
export function shows(shown: string, actual: string): boolean {
  let pattern = ''
  for (const line of normalise(shown).split('\n')) {
    if (line.trim() === '...') pattern += '(?:[^\\n]*\\n)*?'
    else
      pattern +=
        line
          .split('...')
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('[^\\n]*?') + '\\n'
  }
  return new RegExp(`^${pattern}$`).test(normalise(actual) + '\n')
}
