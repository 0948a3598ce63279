/**
 * The raw errors a wrong setting produces at start-up (a port in use, a database that refuses or
 * does not exist), turned into one line naming the variable and the fix. Anything else is left as
 * it is, so a real bug is not dressed up as a setting.
 */
export function explainStartupError(
  error: unknown,
  settings: { port?: number; databaseUrl?: string },
): string | undefined {
  const code = errorCode(error);
  if (code === 'EADDRINUSE') {
    return `PORT: ${settings.port ?? 'the port'} is already in use by another process; stop that process or set PORT to a free port (for example PORT=3001)`;
  }
  if (code === 'EACCES' && isListenError(error)) {
    return `PORT: ${settings.port ?? 'the port'} needs extra privileges here; use a port above 1023 and put a reverse proxy in front for 80/443`;
  }
  const database = describeDatabase(settings.databaseUrl);
  if (!database) return undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return `DATABASE_URL: nothing accepts connections at ${database.where}; start PostgreSQL there or point DATABASE_URL at the running server`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DATABASE_URL: the host in ${database.where} is not known; fix the host name in DATABASE_URL`;
    case '3D000':
      return `DATABASE_URL: database "${database.name}" does not exist at ${database.where}; create it (createdb ${database.name}) or fix the name in DATABASE_URL`;
    case '28P01':
    case '28000':
      return `DATABASE_URL: PostgreSQL at ${database.where} refused the user or password; fix them in DATABASE_URL`;
    case 'SQLITE_CANTOPEN':
    case 'EACCES':
    case 'EROFS':
      return `DATABASE_URL: the SQLite file ${database.where} cannot be created or opened; make its folder writable or choose another path`;
    default:
      return undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // pg reports a refused connection to every address of a host as an AggregateError.
  if (Array.isArray(errors)) return errors.map(errorCode).find((inner) => inner !== undefined);
  return undefined;
}

function isListenError(error: unknown): boolean {
  return (error as { syscall?: unknown }).syscall === 'listen';
}

/** Where the database is, without the password: host:port for PostgreSQL, the path for SQLite. */
function describeDatabase(url: string | undefined): { where: string; name: string } | undefined {
  if (!url) return undefined;
  if (url.startsWith('sqlite:')) return { where: url.slice('sqlite:'.length), name: '' };
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres';
  return { where: `${parsed.hostname}:${parsed.port || '5432'}`, name };
}
