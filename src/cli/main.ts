/**
 * `kefu <command>`: the batch contract of ../shared/eval/README.md plus the operator commands.
 * stdout carries only results (JSON lines in --jsonl mode); progress and logs go to stderr.
 */
type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  ask: async () => (await import('./ask-command.js')).askCommand,
  index: async () => (await import('./index-command.js')).indexCommand,
  'import-faq': async () => (await import('./import-faq-command.js')).importFaqCommand,
  classify: async () => (await import('./classify-command.js')).classifyCommand,
  entitlements: async () => (await import('./entitlements-command.js')).entitlementsCommand,
};

const usage = `usage: kefu <command> [options]

  ask "question"                 answer one question, with citations
  ask --jsonl [--kb-dir DIR]     {"id","question"} lines in, answers out
  index [--kb-dir DIR] [--force] build the knowledge index (progress on stderr)
  import-faq FILE --out FILE     convert a FAQ .csv/.jsonl into kb-data YAML
  classify "text"                severity level of a fault description
  classify --jsonl               {"id","text"} lines in, levels out
  entitlements load FILE [--replace]  load customer entitlements into Redis
  entitlements list [--jsonl]    list the loaded entitlements
  entitlements check FILE        validate an entitlements file (no Redis needed)
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stderr.write(usage);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`kefu: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  const command = await load();
  return command(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kefu: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
