import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseFaqCsv, parseFaqJsonl } from '../knowledge/index.js';
import { parseArguments } from './json-lines.js';

/** Converts a vendor's FAQ spreadsheet (.csv with a header, or .jsonl) into kb-data's YAML format. */
export async function importFaqCommand(args: string[]): Promise<number> {
  const { flags, positional } = parseArguments(args);
  const input = positional[0];
  const output = flags.get('out');
  if (!input || typeof output !== 'string') {
    process.stderr.write('usage: kefu import-faq FILE.csv|FILE.jsonl --out kb-data/faq/imported.yaml\n');
    return 2;
  }
  const text = await readFile(input, 'utf8');
  const name = path.basename(input);
  const entries = path.extname(input).toLowerCase() === '.csv' ? parseFaqCsv(name, text) : parseFaqJsonl(name, text);
  const yaml = stringify(
    entries.map((entry) => ({ id: entry.docId, question: entry.question, similar: entry.similar, answer: entry.answer, tags: entry.tags })),
    { lineWidth: 0 },
  );
  await mkdir(path.dirname(path.resolve(output)), { recursive: true });
  await writeFile(output, `# imported from ${name}: add similar questions, vendor, product and source by hand\n${yaml}`);
  process.stderr.write(`imported ${entries.length} entries into ${output}\n`);
  return 0;
}
