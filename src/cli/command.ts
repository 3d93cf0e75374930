import type { Io } from './io.js';
import { openSession, type GlobalOptions, type Session, type SessionKind } from './session.js';

/** Every command's arguments carry the global options it was invoked with. */
export type WithGlobals<T> = T & { globals: GlobalOptions };

/** Opens a session (start-up sequence of cli.md §2.3), runs the command, then closes the client. */
export async function withSession<T>(
  io: Io,
  globals: GlobalOptions,
  kind: SessionKind,
  run: (session: Session) => Promise<T>,
): Promise<T> {
  const session = await openSession(io, globals, kind);
  try {
    return await run(session);
  } finally {
    session.close();
  }
}
