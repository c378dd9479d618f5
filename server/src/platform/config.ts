import path from 'node:path';

/** Runtime configuration, read once from the environment. Every knob is documented in README.md. */
export interface Config {
  mode: 'demo' | 'production';
  port: number;
  host: string;
  dataDir: string;
  /** Owner connection (migrations, seeding). Unset → embedded PostgreSQL under dataDir. */
  databaseUrl?: string;
  /** Connection of the application role; derived from databaseUrl when unset. */
  appDatabaseUrl?: string;
  embeddedPort: number;
  session: { idleMinutes: number; absoluteHours: number; cookieSecure: boolean };
  lockout: { maxFailures: number; windowMinutes: number };
  loginRateLimit: { perMinute: number };
  password: { minLength: number; minClasses: number };
  logLevel: string;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = env.RONGZHI_MODE === 'production' || env.NODE_ENV === 'production' ? 'production' : 'demo';
  return {
    mode,
    port: int('PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.RONGZHI_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    appDatabaseUrl: env.APP_DATABASE_URL || undefined,
    embeddedPort: int('RONGZHI_PG_PORT', 54329),
    session: {
      idleMinutes: int('SESSION_IDLE_MINUTES', 30),
      absoluteHours: int('SESSION_ABSOLUTE_HOURS', 12),
      cookieSecure: env.COOKIE_SECURE === 'true',
    },
    lockout: { maxFailures: int('LOCKOUT_MAX_FAILURES', 5), windowMinutes: int('LOCKOUT_WINDOW_MINUTES', 15) },
    loginRateLimit: { perMinute: int('LOGIN_RATE_PER_MINUTE', 20) },
    password: { minLength: int('PASSWORD_MIN_LENGTH', 8), minClasses: int('PASSWORD_MIN_CLASSES', 3) },
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
