/**
 * Description training: the gated loop over a skill's description only. Each step routes the
 * train queries with the current description, shows the describer what went wrong, and judges
 * the proposal by routing accuracy on the held-out val queries. A candidate is kept only if it
 * strictly improves val accuracy (ties rejected), as the body's gate does. The body is never an
 * input or an output here, so it stays byte-identical.
 */
import type { ChatEngine } from '../ports.ts';
import { routeAccuracy, routeQueries, type RouteRunOptions } from './check.ts';
import { describeRequest, readDescription } from './describe-prompt.ts';
import type { RouteSplit } from './queries.ts';
import type { RouteOutcome, RouteQuery, RouterEntry, RouterSettings } from './types.ts';

export type DescriptionVerdict = 'accepted' | 'tie' | 'worse' | 'invalid' | 'nothing-to-fix';

export interface DescriptionStep {
	step: number;
	/** The proposal, or null when the describer gave none (invalid) or was not asked. */
	candidate: string | null;
	trainAccuracy: number;
	missed: number;
	falseTriggers: number;
	/** Val routing accuracy of the current description, before the decision. */
	valBefore: number;
	/** Val routing accuracy with the candidate, when it was judged. */
	valCandidate: number | null;
	verdict: DescriptionVerdict;
	/** One sentence: why the gate decided so. */
	reason: string;
}

export interface DescriptionTrainResult {
	skillId: string;
	initial: string;
	final: string;
	valInitial: number;
	valFinal: number;
	trainQueries: number;
	valQueries: number;
	steps: DescriptionStep[];
}

export interface DescriptionTrainSettings extends RouterSettings {
	steps: number;
	/** The describer's settings (the optimiser model). */
	describerTemperature: number;
	describerMaxTokens: number;
}

export interface DescriptionTrainPorts {
	executor: ChatEngine;
	optimiser: ChatEngine;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export async function trainDescription(
	ports: DescriptionTrainPorts,
	entries: readonly RouterEntry[],
	skillId: string,
	split: RouteSplit,
	settings: DescriptionTrainSettings,
	options: RouteRunOptions & { onStep?: (step: DescriptionStep) => void } = {}
): Promise<DescriptionTrainResult> {
	const target = entries.find((e) => e.skillId === skillId);
	if (target === undefined) throw new Error(`no skill ${skillId} in the router's list`);
	if (split.val.length === 0) throw new Error('description training needs at least one val query');
	// Routing results per description: a rejected candidate's val pass is never paid twice,
	// and the current description's train and val results carry over to the next step.
	const cache = new Map<string, RouteOutcome[]>();
	const perStep = split.train.length + split.val.length;
	let done = 0;
	const total = settings.steps * perStep + split.val.length;
	const route = async (description: string, queries: readonly RouteQuery[], part: string) => {
		const key = `${part}\u0000${description}`;
		const hit = cache.get(key);
		if (hit !== undefined) return hit;
		const withCandidate = entries.map((e) => (e.skillId === skillId ? { ...e, description } : e));
		const base = done;
		const outcomes = await routeQueries(ports.executor, withCandidate, queries, settings, {
			...(options.signal === undefined ? {} : { signal: options.signal }),
			onProgress: (p) => options.onProgress?.({ done: base + p.done, total })
		});
		done = base + outcomes.length;
		cache.set(key, outcomes);
		return outcomes;
	};

	let current = target.description;
	const valInitial = routeAccuracy(await route(current, split.val, 'val'));
	let valCurrent = valInitial;
	const rejected: string[] = [];
	const steps: DescriptionStep[] = [];
	for (let step = 1; step <= settings.steps; step++) {
		const train = await route(current, split.train, 'train');
		const byId = new Map(split.train.map((q) => [q.id, q]));
		const missed = train.filter((o) => o.gold === skillId && o.chosen !== skillId);
		const falseTriggers = train.filter((o) => o.chosen === skillId && o.gold !== skillId);
		const queriesOf = (list: RouteOutcome[]) =>
			list.map((o) => byId.get(o.queryId)).filter((q): q is RouteQuery => q !== undefined);
		const record: DescriptionStep = {
			step,
			candidate: null,
			trainAccuracy: routeAccuracy(train),
			missed: missed.length,
			falseTriggers: falseTriggers.length,
			valBefore: valCurrent,
			valCandidate: null,
			verdict: 'nothing-to-fix',
			reason: 'every train query of this skill already routes right; training stops'
		};
		if (missed.length === 0 && falseTriggers.length === 0) {
			steps.push(record);
			options.onStep?.(record);
			break;
		}
		options.signal?.throwIfAborted();
		const reply = await ports.optimiser.generate(
			describeRequest(
				{
					name: target.name,
					packId: target.packId,
					description: current,
					missed: queriesOf(missed),
					falseTriggers: queriesOf(falseTriggers),
					rejected
				},
				{
					temperature: settings.describerTemperature,
					seed: settings.seed + step,
					maxTokens: settings.describerMaxTokens
				},
				ports.optimiser.supportsJsonSchema
			),
			options.signal
		);
		options.signal?.throwIfAborted();
		const read = readDescription(reply.text);
		if (!read.ok) {
			Object.assign(record, { verdict: 'invalid', reason: `no usable proposal: ${read.error}` });
		} else if (read.description === current) {
			Object.assign(record, {
				candidate: read.description,
				valCandidate: valCurrent,
				verdict: 'tie',
				reason: 'the proposal is the current description; a tie is rejected'
			});
		} else {
			const valCandidate = routeAccuracy(await route(read.description, split.val, 'val'));
			record.candidate = read.description;
			record.valCandidate = valCandidate;
			const scores = `candidate ${pct(valCandidate)} vs current ${pct(valCurrent)}`;
			if (valCandidate > valCurrent) {
				record.verdict = 'accepted';
				record.reason = `${scores} on held-out queries → accepted`;
				current = read.description;
				valCurrent = valCandidate;
			} else {
				record.verdict = valCandidate === valCurrent ? 'tie' : 'worse';
				record.reason =
					valCandidate === valCurrent ? `${scores}: a tie → rejected` : `${scores} → rejected`;
				rejected.push(read.description);
			}
		}
		steps.push(record);
		options.onStep?.(record);
	}
	return {
		skillId,
		initial: target.description,
		final: current,
		valInitial,
		valFinal: valCurrent,
		trainQueries: split.train.length,
		valQueries: split.val.length,
		steps
	};
}
