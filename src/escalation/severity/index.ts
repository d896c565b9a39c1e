/**
 * Severity classification: a fault description (and the earlier turns) → level 1–5 on the
 * vendor's scale, whether it is critical, how sure we are, the cues that decided it and the facts
 * still missing. Offline by default; an OpenAI-compatible model may be consulted on top.
 */
export { classifySeverity, type ClassifyOptions } from './severity-classifier.js';
export { extractCues } from './cue-extractor.js';
export {
  trainSeverityModel,
  serializeSeverityModel,
  deserializeSeverityModel,
  type SeverityModel,
  type SeverityExample,
  type TrainingOptions,
} from './severity-model.js';
export { loadSeverityModel, defaultSeverityModel, type LoadModelOptions } from './severity-model-store.js';
export { readSeverityExamples, parseSeverityExamples, bundledExamplesFile } from './severity-examples.js';
export { consultLlmSeverity, llmSeveritySchema, type LlmConsultation } from './llm-severity.js';
export {
  severityLevels,
  isSeverityLevel,
  type SeverityLevel,
  type SeverityAssessment,
  type Cue,
  type CueKind,
  type MissingFact,
  type SeverityDecider,
} from './severity-types.js';
