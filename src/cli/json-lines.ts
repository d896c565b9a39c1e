import { createInterface } from 'node:readline';

/**
 * Reads JSON lines from stdin and writes one result line per input line, in order. A line that is
 * not a JSON object gets an error line of its own; the run goes on.
 */
export async function mapJsonLines(handle: (item: Record<string, unknown>) => Promise<Record<string, unknown>>): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let failures = 0;
  for await (const line of lines) {
    if (!line.trim()) continue;
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch {
      failures++;
      process.stdout.write(`${JSON.stringify({ id: null, error: 'not a JSON object' })}\n`);
      continue;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      failures++;
      process.stdout.write(`${JSON.stringify({ id: null, error: 'not a JSON object' })}\n`);
      continue;
    }
    const record = item as Record<string, unknown>;
    try {
      process.stdout.write(`${JSON.stringify(await handle(record))}\n`);
    } catch (error) {
      failures++;
      process.stdout.write(`${JSON.stringify({ id: record.id ?? null, error: (error as Error).message })}\n`);
    }
  }
  return failures > 0 ? 1 : 0;
}

/** `--name value` options and positional arguments. */
export function parseArguments(args: string[]): { flags: Map<string, string | true>; positional: string[] } {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      if (inline !== undefined) flags.set(name, inline);
      else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--') && !['jsonl', 'force', 'json'].includes(name)) flags.set(name, args[++i]!);
      else flags.set(name, true);
    } else positional.push(arg);
  }
  return { flags, positional };
}
