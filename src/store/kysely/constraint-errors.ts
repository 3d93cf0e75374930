import { AppError } from '../../domain/errors.js';

/** True for a unique or primary-key violation on either backend. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) {
    return false;
  }
  const code = error.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** Runs an insert; a concurrent insert of the same key becomes a 409, not a 500. */
export async function insertOrConflict(
  message: string,
  insert: () => Promise<unknown>,
): Promise<void> {
  try {
    await insert();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', message, { cause: error });
    }
    throw error;
  }
}
