/** Users named on the command line: a uuid as it is, or a handle (`andrewbrown`, `@andrewbrown`) looked up in users.json. */
import { DdbError } from '../errors.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface User {
  uuid: string;
  handle?: string;
  display_name?: string;
}

/** A user whose handle and display name are known (what a group item names). */
export type KnownUser = Required<User>;

/**
 * `usersDir` holds users.json; `flag` is the option that names it on this command (for the hint when it is missing).
 * zod (with the seed reader) is loaded only when a handle needs resolving.
 */
export const resolveUser = async (user: string, usersDir: string, flag: string): Promise<User> => {
  if (UUID.test(user)) return { uuid: user.toLowerCase() };
  const handle = user.replace(/^@/, '');
  if (!/^[A-Za-z0-9_.-]+$/.test(handle)) throw new DdbError('input.invalid', `"${user}" is neither a uuid nor a handle`, { suggestion: 'pass a user uuid or a handle such as andrewbrown' });
  const { loadUsers } = await import('./users-file.js');
  const found = (await loadUsers(usersDir, flag)).find((u) => u.handle === handle);
  if (!found) throw new DdbError('user.notFound', `no user @${handle} in ${usersDir}/users.json`, { suggestion: `pass the user uuid, or add the user to users.json (or point ${flag} at another folder)` });
  return found;
};

/**
 * A user whose handle and display name ddb must write (create-conversation puts them on the group items): a handle,
 * or a uuid, looked up in users.json. A uuid that users.json does not know is refused rather than written with a
 * made-up name that the app would then show.
 */
export const resolveKnownUser = async (user: string, usersDir: string, flag: string): Promise<KnownUser> => {
  const found = await resolveUser(user, usersDir, flag);
  const known = found.handle !== undefined ? found : await lookUpUuid(found.uuid, usersDir, flag);
  if (!known?.handle || !known.display_name) {
    throw new DdbError('user.notFound', `user ${user} is not in ${usersDir}/users.json, and ddb needs their handle and display name for the group items`, {
      suggestion: `add them to users.json (uuid, handle, display_name), or point ${flag} at a folder whose users.json has them`,
    });
  }
  return { uuid: known.uuid, handle: known.handle, display_name: known.display_name };
};

const lookUpUuid = async (uuid: string, usersDir: string, flag: string): Promise<User | undefined> => {
  const { loadUsers } = await import('./users-file.js');
  return (await loadUsers(usersDir, flag)).find((u) => u.uuid.toLowerCase() === uuid);
};
