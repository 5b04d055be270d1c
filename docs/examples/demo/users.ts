/**
 * The demo's users: a table in memory standing in for a database, and the lookups the
 * stack (`authentication({ load })`) and the login view need.
 *
 * @module
 */

/** A user of the demo. */
export interface User {
  /** What `login()` saves in the session, and `findUser` looks up. */
  readonly id: string
  readonly name: string
}

interface Account extends User {
  /**
   * In plain text because this is a demo: a real application stores a slow hash
   * (scrypt, argon2) and compares with it.
   */
  readonly password: string
}

const accounts: readonly Account[] = [
  { id: 'ada', name: 'Ada Lovelace', password: 'analytical-engine' },
]

const publicPart = ({ id, name }: Account): User => ({ id, name })

/** The user with this id, or `undefined`: `authentication`'s `load`. */
export function findUser(id: string | number): User | undefined {
  const account = accounts.find((candidate) => candidate.id === id)
  return account === undefined ? undefined : publicPart(account)
}

/** The user these credentials belong to, or `undefined` for a wrong id or password. */
export function checkCredentials(id: string, password: string): User | undefined {
  const account = accounts.find((candidate) => candidate.id === id)
  return account === undefined || account.password !== password
    ? undefined
    : publicPart(account)
}
