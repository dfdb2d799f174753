/**
 * One optimiser call, made safe: fitted to the context window, constrained by a JSON schema
 * where the engine supports it, parsed tolerantly, retried once, and never thrown out of.
 *
 * Order of defences (method doc, sections P and 10.2):
 * 1. count the prompt's tokens (conservatively) and drop trajectories from the end until it fits
 *    the window with the output reserved; if even the smallest prompt does not fit, the stage
 *    fails with a `ContextOverflowError` without calling the model;
 * 2. if the engine still reports a context overflow, halve the trajectories and retry once;
 * 3. if the call throws, retry once (with another seed); if the answer does not parse, retry once
 *    showing the parse error (`retryPrompt`);
 * 4. otherwise return a `StageFailure` that the caller records and degrades on.
 * Only an abort escapes, as an `AbortError`.
 */
import {
	AbortError,
	ContextOverflowError,
	OptimiserOutputError,
	checkAborted,
	isAbortError,
	isContextOverflowError
} from '../errors.ts';
import {
	parseStageOutput,
	retryPrompt,
	type ParseOptions,
	type StageOutputs
} from '../optimiser/parse.ts';
import type { ChatEngine, ChatMessage, GenerateHints, OptimiserStage } from '../ports.ts';
import type { RunContext } from './context.ts';
import type { StageFailure } from './state.ts';

export type OptimiserHints = Extract<GenerateHints, { role: 'optimiser' }>;

/** A prompt built with the first `keep` entries (trajectories, list items, comparisons). */
export interface StagePrompt {
	system: string;
	user: string;
	hints: OptimiserHints;
}

export interface StageCall<S extends OptimiserStage> {
	stage: S;
	build(keep: number): StagePrompt;
	/** Entries available to show. */
	entries: number;
	/** Fewest entries worth a call (0 when the prompt works without any). */
	minEntries: number;
	parse: ParseOptions;
	/** What the caller does when the stage fails ('dropped', 'concatenated', ...). */
	fallback: string;
}

export type StageCallResult<S extends OptimiserStage> =
	| { ok: true; value: StageOutputs[S]; warnings: string[]; shown: number }
	| { ok: false; failure: StageFailure; shown: number };

interface Fitted {
	prompt: StagePrompt;
	messages: ChatMessage[];
	keep: number;
}

// Chat templates add a few tokens per message; counted generously.
const MESSAGE_OVERHEAD = 8;
const RETRY_ECHO_CHARS = 600;

async function promptTokens(ctx: RunContext, messages: readonly ChatMessage[]): Promise<number> {
	let total = 0;
	for (const m of messages) total += (await ctx.countTokens(m.content)) + MESSAGE_OVERHEAD;
	return total;
}

function errorText(err: unknown): { name: string; message: string } {
	if (err instanceof Error) return { name: err.name, message: err.message };
	return { name: 'Error', message: String(err) };
}

/**
 * Makes the call and parses the answer; see the module comment for the defences.
 *
 * @throws AbortError only.
 */
export async function callStage<S extends OptimiserStage>(
	ctx: RunContext,
	engine: ChatEngine,
	call: StageCall<S>
): Promise<StageCallResult<S>> {
	const { config } = ctx;
	const model = config.optimiser.model;
	const maxTokens = config.optimiser.maxTokens;
	const fail = (
		kind: StageFailure['kind'],
		name: string,
		message: string,
		shown: number
	): StageCallResult<S> => ({
		ok: false,
		shown,
		failure: { stage: call.stage, kind, name, message, fallback: call.fallback }
	});

	checkAborted(ctx.signal);
	let window: number;
	try {
		window = await engine.contextWindow(model);
	} catch (err) {
		if (isAbortError(err)) throw err;
		const e = errorText(err);
		return fail('engine', e.name, e.message, 0);
	}
	const limit = window - maxTokens;

	/** The largest prompt with at most `most` entries that fits, or the overflow. */
	const fit = async (most: number): Promise<Fitted | number> => {
		let tokens = 0;
		for (let keep = most; keep >= call.minEntries; keep--) {
			const prompt = call.build(keep);
			const messages: ChatMessage[] = [
				{ role: 'system', content: prompt.system },
				{ role: 'user', content: prompt.user }
			];
			tokens = await promptTokens(ctx, messages);
			if (tokens <= limit) return { prompt, messages, keep };
		}
		return tokens;
	};

	const first = await fit(call.entries);
	if (typeof first === 'number') {
		const err = new ContextOverflowError(first + maxTokens, window, `${call.stage} prompt`);
		return fail('context', err.name, err.message, 0);
	}
	let fitted: Fitted = first;
	// Loaded on first use: the schema converter is not needed before a run, nor for engines
	// without constrained decoding (it would otherwise weigh on the app's first paint).
	const schema = engine.supportsJsonSchema
		? {
				jsonSchema: (await import('../optimiser/schemas.ts')).stageJsonSchema(
					call.stage,
					call.parse
				)
			}
		: {};
	let messages = fitted.messages;
	let retried = false;
	for (let attempt = 0; ; attempt++) {
		checkAborted(ctx.signal);
		ctx.state.counters.optimiserCalls++;
		ctx.state.work.optimiserCalls++;
		let text: string;
		let cutOff: boolean;
		try {
			const result = await engine.generate(
				{
					messages,
					temperature: config.optimiser.temperature,
					seed: config.optimiser.seed + attempt,
					maxTokens,
					...schema,
					hints: fitted.prompt.hints,
					...(model === undefined ? {} : { model })
				},
				ctx.signal
			);
			if (result.finishReason === 'abort') {
				checkAborted(ctx.signal);
				throw new AbortError('the optimiser call was interrupted');
			}
			ctx.state.counters.promptTokens += result.usage.promptTokens;
			ctx.state.counters.completionTokens += result.usage.completionTokens;
			text = result.text;
			cutOff = result.finishReason === 'length';
		} catch (err) {
			if (isAbortError(err)) throw err;
			const e = errorText(err);
			if (retried) {
				return fail(
					isContextOverflowError(err) ? 'context' : 'engine',
					e.name,
					e.message,
					fitted.keep
				);
			}
			retried = true;
			if (isContextOverflowError(err)) {
				const smaller = Math.max(call.minEntries, Math.floor(fitted.keep / 2));
				const refit: Fitted | number = smaller < fitted.keep ? await fit(smaller) : fitted.keep;
				if (typeof refit === 'number') return fail('context', e.name, e.message, fitted.keep);
				fitted = refit;
				messages = fitted.messages;
			}
			continue;
		}
		// A reply cut off at the token limit is never repaired into an answer: whatever it holds
		// was not finished, so it fails like unclosed JSON and gets the one retry.
		const parsed = cutOff
			? ({
					ok: false,
					error: `the answer was cut off at ${maxTokens} tokens; reply with a shorter JSON object`
				} as const)
			: parseStageOutput(call.stage, text, call.parse);
		if (parsed.ok) {
			return { ok: true, value: parsed.value, warnings: parsed.warnings, shown: fitted.keep };
		}
		if (retried) {
			const err = new OptimiserOutputError(call.stage, parsed.error);
			return fail('parse', err.name, err.message, fitted.keep);
		}
		retried = true;
		const echo = text.length > RETRY_ECHO_CHARS ? `${text.slice(0, RETRY_ECHO_CHARS)}…` : text;
		const withEcho: ChatMessage[] = [
			...fitted.messages,
			{ role: 'assistant', content: echo },
			{ role: 'user', content: retryPrompt(parsed.error) }
		];
		messages =
			(await promptTokens(ctx, withEcho)) <= limit
				? withEcho
				: [
						fitted.messages[0] ?? { role: 'system', content: '' },
						{ role: 'user', content: `${fitted.prompt.user}\n\n${retryPrompt(parsed.error)}` }
					];
	}
}
