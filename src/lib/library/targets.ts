/**
 * The engines and models a skill can be evaluated on for transfer, as engine configs with the
 * labels the matrix shows: the simulation (always labelled as one), the CPU engine on a
 * catalogue model or a GGUF URL, a WebLLM model cached in this browser, an OpenAI-compatible
 * endpoint. Checked here, so the form shows a specific message and starts nothing on bad input.
 */
import { findCpuModel, validateGgufUrl } from '../../../workers/engines/wllama-catalogue.ts';
import type { ModelRecordData } from '../../../workers/engines/webllm-catalogue.ts';
import { SIMULATION_LABEL, type EndpointForm } from '../state/model-state.svelte.ts';
import type { TransferTarget } from '../state/library.svelte.ts';

/** The simulation, labelled as the model panel labels it (never as a language model). */
export function simulationTarget(): TransferTarget {
	return {
		key: 'scripted',
		label: `${SIMULATION_LABEL} — scenario “default”`,
		config: { kind: 'scripted', scenario: 'default' }
	};
}

/** A catalogue id or a GGUF URL for the CPU engine. */
export function cpuTarget(
	input: string,
	base?: string
): { ok: true; target: TransferTarget } | { ok: false; error: string } {
	const known = findCpuModel(input.trim());
	if (known)
		return {
			ok: true,
			target: {
				key: `wllama:${known.url}`,
				label: `${known.label} ${known.quant} — CPU engine (llama.cpp)`,
				config: { kind: 'wllama', modelUrl: known.url }
			}
		};
	const checked = validateGgufUrl(input, base);
	if (!checked.ok) return { ok: false, error: checked.error };
	const file = decodeURIComponent(new URL(checked.url).pathname.split('/').pop() ?? checked.url);
	return {
		ok: true,
		target: {
			key: `wllama:${checked.url}`,
			label: `${file} — CPU engine (llama.cpp)`,
			config: { kind: 'wllama', modelUrl: checked.url }
		}
	};
}

export function webllmTarget(modelId: string, customRecords?: ModelRecordData[]): TransferTarget {
	const custom = customRecords?.filter((r) => r.model_id === modelId) ?? [];
	return {
		key: `webllm:${modelId}`,
		label: `${modelId} — WebLLM (WebGPU)`,
		config: {
			kind: 'webllm',
			models: [modelId],
			...(custom.length ? { customRecords: custom } : {})
		},
		model: modelId
	};
}

/** The endpoint the model panel is set up for, or null when it names none. */
export function endpointTarget(endpoint: EndpointForm): TransferTarget | null {
	const baseUrl = endpoint.baseUrl.trim();
	const model = endpoint.model.trim();
	if (baseUrl === '' || model === '') return null;
	const apiKey = endpoint.apiKey.trim();
	return {
		key: `openai:${baseUrl}:${model}`,
		label: `${model} at ${baseUrl} — endpoint`,
		config: { kind: 'openai', baseUrl, model, ...(apiKey ? { apiKey } : {}) }
	};
}
