/**
 * A short list of GGUF instruct models that are practical on a laptop CPU with llama.cpp in
 * WebAssembly, and the check for a custom GGUF URL. Pure data and functions: the model panel
 * imports this without loading wllama.
 *
 * Sizes are the files' download sizes as the hosts list them (rounded, MB = 10^6 bytes). A
 * single file must stay under 2 GB (the ArrayBuffer limit wasm works within); all of these do.
 */

export interface CpuModel {
	id: string;
	label: string;
	/** The GGUF file; Hugging Face sends the CORS headers a browser download needs. */
	url: string;
	quant: string;
	downloadMB: number;
	note: string;
}

const HF = 'https://huggingface.co';

export const CPU_CATALOGUE: readonly CpuModel[] = [
	{
		id: 'smollm2-135m-q8',
		label: 'SmolLM2 135M Instruct',
		url: `${HF}/bartowski/SmolLM2-135M-Instruct-GGUF/resolve/main/SmolLM2-135M-Instruct-Q8_0.gguf`,
		quant: 'Q8_0',
		downloadMB: 145,
		note: 'Fastest; for trying the loop, weak at following rules.'
	},
	{
		id: 'smollm2-360m-q8',
		label: 'SmolLM2 360M Instruct',
		url: `${HF}/bartowski/SmolLM2-360M-Instruct-GGUF/resolve/main/SmolLM2-360M-Instruct-Q8_0.gguf`,
		quant: 'Q8_0',
		downloadMB: 386,
		note: 'Small and quick on most laptops.'
	},
	{
		id: 'qwen2.5-0.5b-q4km',
		label: 'Qwen2.5 0.5B Instruct',
		url: `${HF}/bartowski/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf`,
		quant: 'Q4_K_M',
		downloadMB: 398,
		note: 'The best default: follows a skill noticeably better than SmolLM2.'
	},
	{
		id: 'qwen2.5-0.5b-q8',
		label: 'Qwen2.5 0.5B Instruct',
		url: `${HF}/bartowski/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/Qwen2.5-0.5B-Instruct-Q8_0.gguf`,
		quant: 'Q8_0',
		downloadMB: 531,
		note: 'A little more accurate than Q4_K_M, a little slower.'
	},
	{
		id: 'qwen2.5-1.5b-q4km',
		label: 'Qwen2.5 1.5B Instruct',
		url: `${HF}/bartowski/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/Qwen2.5-1.5B-Instruct-Q4_K_M.gguf`,
		quant: 'Q4_K_M',
		downloadMB: 986,
		note: 'Noticeably smarter; slow on a CPU (a few tokens a second on older laptops).'
	}
];

export const DEFAULT_CPU_MODEL = 'qwen2.5-0.5b-q4km';

export function findCpuModel(idOrUrl: string): CpuModel | undefined {
	return CPU_CATALOGUE.find((m) => m.id === idOrUrl || m.url === idOrUrl);
}

/** The check for a custom GGUF URL: a message for the field, or the URL to load. */
export function validateGgufUrl(
	input: string,
	base?: string
): { ok: true; url: string } | { ok: false; error: string } {
	const text = input.trim();
	if (text === '') return { ok: false, error: 'Enter the URL of a .gguf file.' };
	let url: URL;
	try {
		url = new URL(text, base);
	} catch {
		return {
			ok: false,
			error: `"${text}" is not a URL (e.g. https://huggingface.co/…/model.gguf).`
		};
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return { ok: false, error: 'The URL must start with https:// or http://.' };
	}
	if (!/\.gguf$/i.test(url.pathname)) {
		return { ok: false, error: 'The URL must name a .gguf file (a direct download link).' };
	}
	if (url.hostname === 'huggingface.co' && url.pathname.includes('/blob/')) {
		return {
			ok: false,
			error: 'This is the page of the file; use its download link (…/resolve/main/…).'
		};
	}
	return { ok: true, url: url.href };
}
