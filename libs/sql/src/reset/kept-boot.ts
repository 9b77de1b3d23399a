import { seedTemplateName } from './template-reset';

/**
 * PostgreSQL's refusals of a login that the boot's admin session mends (prepareBoot): a wrong
 * password or no such role (28P01: PostgreSQL answers both alike), a role without LOGIN (28000),
 * no working database (3D000: a reset that stopped between DROP and CREATE).
 */
const MENDED_BY_THE_ADMIN = new Set(['28P01', '28000', '3D000']);

/** Whether `error` (or what it wraps) is such a refusal. */
export function isLoginTheAdminMends(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string' && MENDED_BY_THE_ADMIN.has(code)) return true;
  return isLoginTheAdminMends(cause, depth + 1);
}

/** One query in a session of the student's own, on the working database: its rows. */
export type StudentQuery = (sql: string, params: unknown[]) => Promise<unknown[]>;

/**
 * A boot's "kept" check made as the student, before any admin session: true when the student's
 * login works and the seed template exists, so the role was made, the working database was seeded
 * and frozen, and the admin has nothing left to do. The offline PostgreSQL image with the seed
 * baked in gives the student's role this sandbox's password before the server listens
 * (docker/offline/postgres/entrypoint.sh, LAB_STUDENT_ROLE); an app restart finds the one its
 * first boot set. Each admin session is a backend, a SCRAM exchange and five statements on the
 * launch's critical path, when PostgreSQL and the app have just started together.
 *
 * False when the login is refused in a way the admin mends, or the template is missing (a first
 * boot on the official image, a password the student changed): run prepareBoot then, as before.
 * Any other error (the server not up yet, say) is thrown, as from any boot step.
 */
export async function keptForStudent(query: StudentQuery, database: string): Promise<boolean> {
  try {
    // pg_database is readable by every role: no admin needed to see the template.
    const rows = await query('SELECT 1 FROM pg_database WHERE datname = $1', [seedTemplateName(database)]);
    return rows.length > 0;
  } catch (error) {
    if (isLoginTheAdminMends(error)) return false;
    throw error;
  }
}
