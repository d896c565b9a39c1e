import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../shared/errors.js';

/**
 * Every setting kefu reads, parsed once. Nothing else in the code base reads `process.env`:
 * entry points call `loadConfig()` and pass the typed object down. An explicit override beats
 * the environment; errors name the variable.
 */
/** Default paths are the project's own, so `bin/kefu` works from any directory; given paths are the caller's. */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const inProject = (relative: string) => path.join(projectRoot, relative);

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

/** variable name → schema. The names are the documented environment variables. */
const settings = {
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  REDIS_URL: z.string().url().optional(),
  KEFU_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]*$/).default('kefu:'),
  KEFU_DATA_DIR: z.string().min(1).default(inProject('data')),
  KEFU_REDIS_SERVER_BIN: z.string().min(1).default('redis-server'),
  KEFU_LOCAL_REDIS_PORT: z.coerce.number().int().min(0).max(65535).default(6391),

  KEFU_KB_DIR: z.string().min(1).default(inProject('kb-data')),
  KEFU_INDEX_DIR: z.string().min(1).default(inProject('.kefu/index')),
  KEFU_EMBEDDER: z.enum(['local', 'openai']).default('local'),
  KEFU_EMBEDDING_DIMENSION: z.coerce.number().int().min(16).max(4096).default(128),
  KEFU_FUSION_KEYWORD_WEIGHT: z.coerce.number().min(0).max(10).default(1),
  KEFU_FUSION_VECTOR_WEIGHT: z.coerce.number().min(0).max(10).default(0.7),
  KEFU_FUSION_RRF_K: z.coerce.number().int().min(1).max(1000).default(20),
  KEFU_FUSION_COVERAGE_WEIGHT: z.coerce.number().min(0).max(10).default(1),
  /** Overrides the refusal threshold calibrated at index build time. */
  KEFU_ANSWER_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).optional(),

  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  KEFU_LLM_MODEL: z.string().min(1).optional(),
  KEFU_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(4000),
  KEFU_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),

  KEFU_TIMEZONE: z.literal('Asia/Shanghai').default('Asia/Shanghai'),
  KEFU_ENTITLEMENTS_FILE: z.string().min(1).optional(),
  KEFU_CALENDAR_FILE: z.string().min(1).default(inProject('config/calendar.yaml')),
  KEFU_SLA_FILE: z.string().min(1).default(inProject('config/sla.yaml')),
  KEFU_HOTLINE_YEARLY_LIMIT: z.coerce.number().int().min(0).max(100).default(4),
  KEFU_HOTLINE_YEAR_BASIS: z.enum(['service-year', 'calendar-year']).default('service-year'),
  KEFU_INCIDENT_JOIN_WINDOW_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(240),
  KEFU_SEVERITY_LLM: booleanFromEnv.default(false),
} as const;

const configSchema = z.object(settings);
type RawConfig = z.infer<typeof configSchema>;
export type SettingName = keyof typeof settings;

export interface KefuConfig {
  server: { host: string; port: number };
  logLevel: RawConfig['LOG_LEVEL'];
  redis: { url?: string; prefix: string; dataDir: string; serverBin: string; localPort: number };
  knowledge: {
    kbDir: string;
    indexDir: string;
    embedder: 'local' | 'openai';
    embeddingDimension: number;
    fusion: { keywordWeight: number; vectorWeight: number; rrfK: number; coverageWeight: number };
    minConfidence?: number;
  };
  llm?: { apiKey: string; baseURL?: string; model: string; embeddingModel: string; timeoutMs: number };
  llmTimeoutMs: number;
  escalation: {
    timezone: 'Asia/Shanghai';
    entitlementsFile?: string;
    calendarFile: string;
    slaFile: string;
    hotlineYearlyLimit: number;
    hotlineYearBasis: 'service-year' | 'calendar-year';
    incidentJoinWindowMinutes: number;
    severityUsesLlm: boolean;
  };
}

/** Parses the environment (or any record) plus explicit overrides into the typed config. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Record<SettingName, string>> = {},
): KefuConfig {
  const input: Record<string, string> = {};
  for (const name of Object.keys(settings) as SettingName[]) {
    const value = overrides[name] ?? env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid settings — ${problems.join('; ')}`);
  }
  const raw = parsed.data;
  if (raw.KEFU_EMBEDDER === 'openai' && !raw.OPENAI_API_KEY) {
    throw new ConfigError('KEFU_EMBEDDER=openai needs OPENAI_API_KEY');
  }
  const llm = raw.OPENAI_API_KEY
    ? {
        apiKey: raw.OPENAI_API_KEY,
        ...(raw.OPENAI_BASE_URL ? { baseURL: raw.OPENAI_BASE_URL } : {}),
        model: raw.KEFU_LLM_MODEL ?? 'gpt-4o-mini',
        embeddingModel: raw.KEFU_EMBEDDING_MODEL,
        timeoutMs: raw.KEFU_LLM_TIMEOUT_MS,
      }
    : undefined;
  return {
    server: { host: raw.HOST, port: raw.PORT },
    logLevel: raw.LOG_LEVEL,
    redis: {
      ...(raw.REDIS_URL ? { url: raw.REDIS_URL } : {}),
      prefix: raw.KEFU_REDIS_PREFIX,
      dataDir: raw.KEFU_DATA_DIR,
      serverBin: raw.KEFU_REDIS_SERVER_BIN,
      localPort: raw.KEFU_LOCAL_REDIS_PORT,
    },
    knowledge: {
      kbDir: raw.KEFU_KB_DIR,
      indexDir: raw.KEFU_INDEX_DIR,
      embedder: raw.KEFU_EMBEDDER,
      embeddingDimension: raw.KEFU_EMBEDDING_DIMENSION,
      fusion: {
        keywordWeight: raw.KEFU_FUSION_KEYWORD_WEIGHT,
        vectorWeight: raw.KEFU_FUSION_VECTOR_WEIGHT,
        rrfK: raw.KEFU_FUSION_RRF_K,
        coverageWeight: raw.KEFU_FUSION_COVERAGE_WEIGHT,
      },
      ...(raw.KEFU_ANSWER_MIN_CONFIDENCE !== undefined ? { minConfidence: raw.KEFU_ANSWER_MIN_CONFIDENCE } : {}),
    },
    ...(llm ? { llm } : {}),
    llmTimeoutMs: raw.KEFU_LLM_TIMEOUT_MS,
    escalation: {
      timezone: raw.KEFU_TIMEZONE,
      ...(raw.KEFU_ENTITLEMENTS_FILE ? { entitlementsFile: raw.KEFU_ENTITLEMENTS_FILE } : {}),
      calendarFile: raw.KEFU_CALENDAR_FILE,
      slaFile: raw.KEFU_SLA_FILE,
      hotlineYearlyLimit: raw.KEFU_HOTLINE_YEARLY_LIMIT,
      hotlineYearBasis: raw.KEFU_HOTLINE_YEAR_BASIS,
      incidentJoinWindowMinutes: raw.KEFU_INCIDENT_JOIN_WINDOW_MINUTES,
      severityUsesLlm: raw.KEFU_SEVERITY_LLM,
    },
  };
}

/** The documented settings, for the README table and `kefu config`. */
export const settingNames = Object.keys(settings) as SettingName[];
