// The model worker: created by src/lib/engine/engine-client.ts when a model is first loaded.
import { expose } from 'comlink';
import { registerTransferHandlers } from './abort-signal-handler.ts';
import { createLlmApi, defaultFactories } from './llm-api.ts';

registerTransferHandlers();
expose(createLlmApi(defaultFactories));
