import { loadConfig } from '../config/index.js';
import { parseArguments } from './json-lines.js';
import { openKnowledgeBase } from './open-knowledge-base.js';

export async function indexCommand(args: string[]): Promise<number> {
  const { flags } = parseArguments(args);
  const config = loadConfig();
  const kbDir = typeof flags.get('kb-dir') === 'string' ? (flags.get('kb-dir') as string) : undefined;
  const { knowledgeBase, rebuilt } = await openKnowledgeBase(config, { ...(kbDir ? { kbDir } : {}), force: flags.has('force') });
  const { manifest } = knowledgeBase.index;
  const calibration = manifest.calibration;
  process.stderr.write(
    `${rebuilt ? 'built' : 'up to date'}: ${manifest.entryCount} entries, ${manifest.chunkCount} chunks, ${manifest.unitCount} match units; ` +
      `embedder ${manifest.embedderId}; built in ${manifest.buildMilliseconds} ms\n` +
      `calibration: leave-one-out hit@1 ${calibration.leaveOneOutHitAt1.toFixed(3)} on ${calibration.answerableSamples} paraphrases; ` +
      `refusal threshold ${manifest.confidence.threshold.toFixed(3)} (false refusals ${(calibration.falseRefusalRate * 100).toFixed(1)} %, ` +
      `out-of-scope refused ${(calibration.outOfScopeRefusalRate * 100).toFixed(1)} % of ${calibration.outOfScopeSamples})\n`,
  );
  return 0;
}
