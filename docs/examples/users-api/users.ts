/**
 * The users: the typed `User`, an in-memory store, and the one error of the domain.
 * A real service would keep them in a database; app.ts would not change.
 * @module
 */
import { HttpError, NotFound } from 'shallot'

/** A user as the API returns it. */
export interface User {
  readonly id: number
  readonly name: string
  readonly email: string
}

/** Another user has this email: a 409 Conflict, with a detail the client may read. */
export class EmailTaken extends HttpError {
  constructor(email: string) {
    super(409, `email ${email} is taken`, {
      detail: 'A user with this email already exists.',
    })
    this.name = 'EmailTaken'
  }
}

/** A store of users in memory, with ids from 1. */
export function userStore() {
  const users = new Map<number, User>()
  let last = 0
  return {
    /** The user `id`; throws `NotFound` when there is none. */
    get(id: number): User {
      const user = users.get(id)
      if (user !== undefined) return user
      throw new NotFound(`no user ${id}`, { detail: `There is no user ${id}.` })
    },
    /** Adds a user; throws `EmailTaken` when the email is in use. */
    add(fields: Omit<User, 'id'>): User {
      const email = fields.email.toLowerCase()
      for (const user of users.values()) {
        if (user.email === email) throw new EmailTaken(email)
      }
      const user = { id: ++last, name: fields.name, email }
      users.set(user.id, user)
      return user
    },
    /** Removes the user `id`; throws `NotFound` when there is none. */
    remove(id: number): void {
      if (!users.delete(id)) this.get(id)
    },
  }
}
