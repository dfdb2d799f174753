/**
 * The router check and description training as the app runs them: it gathers the library's
 * skills (names, descriptions, packs) and some should-not-trigger packs, drives the core's check
 * and gated description loop with the loaded model, and keeps the workspace's latest results in
 * the settings store (versioned, read back through the schema), so they are shown after a reload.
 * Applying a trained description writes the description only; the body is checked unchanged.
 */
import { errorMessage } from '../../core/errors.ts';
import type { TaskPack } from '../../core/packs/types.ts';
import type { ChatEngine, Hasher } from '../../core/ports.ts';
import {
	buildRouteQueries,
	readRouterRecord,
	routeSources,
	routeQueries,
	splitRouteQueries,
	trainDescription,
	uniqueNames,
	ROUTER_RECORD_FORMAT,
	type DescriptionStep,
	type RouteProgress,
	type RouteQuery,
	type RouterEntry,
	type RouterRecord,
	type RouterSettings
} from '../../core/router/index.ts';
import { getSetting, setSetting } from '../persistence/settings.ts';
import type { SkillOptDb } from '../persistence/db.ts';

/** One skill of the library as the router check needs it. */
export interface RouterSkillInput {
	skillId: string;
	name: string;
	description: string;
	/** The skill's body, hashed so that applying a trained description can prove it unchanged. */
	text: string;
	pack: TaskPack | null;
}

export interface RouterCheckInput {
	skills: readonly RouterSkillInput[];
	executor: ChatEngine;
	engineLabel: string;
	settings: RouterSettings;
	/** Queries drawn from each pack. */
	perPack: number;
	/** How many built-in families with no skill in the library give should-not-trigger queries. */
	otherPacks: number;
}

export interface TrainInput extends RouterCheckInput {
	skillId: string;
	optimiser: ChatEngine;
	steps: number;
}

export type RouterStatus = 'idle' | 'checking' | 'training';

const settingKey = (workspaceId: string) => `router:${workspaceId}`;

function entriesOf(skills: readonly RouterSkillInput[]): RouterEntry[] {
	return uniqueNames(
		skills.map((s) => ({
			skillId: s.skillId,
			name: s.name,
			description: s.description,
			packId: s.pack?.id ?? null
		}))
	);
}

export class RouterCheckState {
	#status = $state<RouterStatus>('idle');
	#progress = $state.raw<RouteProgress | null>(null);
	#error = $state<string | null>(null);
	#record = $state.raw<RouterRecord | null>(null);
	#liveSteps = $state.raw<DescriptionStep[]>([]);
	#abort: AbortController | null = null;
	#db: SkillOptDb | null = null;
	#workspaceId: string | null = null;
	readonly #hasher: Hasher;
	readonly #now: () => number;

	constructor(hasher: Hasher, now: () => number = Date.now) {
		this.#hasher = hasher;
		this.#now = now;
	}

	get status(): RouterStatus {
		return this.#status;
	}
	get progress(): RouteProgress | null {
		return this.#progress;
	}
	get error(): string | null {
		return this.#error;
	}
	get record(): RouterRecord | null {
		return this.#record;
	}
	/** The training steps so far, while training runs. */
	get liveSteps(): DescriptionStep[] {
		return this.#liveSteps;
	}

	/** Reads the workspace's stored results; a record this version cannot read is ignored. */
	async load(db: SkillOptDb, workspaceId: string): Promise<void> {
		this.#db = db;
		this.#workspaceId = workspaceId;
		this.#record = (await getSetting(db, settingKey(workspaceId), readRouterRecord)) ?? null;
	}

	stop(): void {
		this.#abort?.abort(new DOMException('Stopped by you.', 'AbortError'));
	}

	async check(input: RouterCheckInput): Promise<void> {
		await this.#work('checking', async (signal) => {
			const { entries, queries } = await this.#library(input);
			const outcomes = await routeQueries(input.executor, entries, queries, input.settings, {
				signal,
				onProgress: (p) => (this.#progress = p)
			});
			await this.#save({
				check: {
					createdAt: this.#now(),
					engineLabel: input.engineLabel,
					settings: { ...input.settings },
					entries,
					queries: queries.map((q) => ({
						id: q.id,
						packId: q.packId,
						itemId: q.itemId,
						gold: q.gold,
						input: q.input.slice(0, 400)
					})),
					outcomes
				},
				training: this.#record?.training ?? null
			});
		});
	}

	async train(input: TrainInput): Promise<void> {
		await this.#work('training', async (signal) => {
			const skill = input.skills.find((s) => s.skillId === input.skillId);
			if (skill === undefined) throw new Error('That skill is no longer in the library.');
			if (skill.pack === null) {
				throw new Error(`“${skill.name}” has no task pack, so no query should route to it.`);
			}
			const { entries, queries } = await this.#library(input);
			const split = splitRouteQueries(queries, input.settings.seed);
			const bodyHash = await this.#hasher.sha256Hex(skill.text);
			this.#liveSteps = [];
			const result = await trainDescription(
				{ executor: input.executor, optimiser: input.optimiser },
				entries,
				input.skillId,
				split,
				{
					...input.settings,
					steps: input.steps,
					describerTemperature: 0,
					describerMaxTokens: 512
				},
				{
					signal,
					onProgress: (p) => (this.#progress = p),
					onStep: (step) => (this.#liveSteps = [...this.#liveSteps, step])
				}
			);
			await this.#save({
				check: this.#record?.check ?? null,
				training: {
					createdAt: this.#now(),
					engineLabel: input.engineLabel,
					settings: { ...input.settings },
					entries,
					...result,
					bodyHash,
					appliedAt: null
				}
			});
		});
	}

	/**
	 * Writes the trained description to its skill through `write` (the workspace's describe call,
	 * which leaves the body alone), after checking the body is the one training started from.
	 */
	async apply(
		current: { text: string; title: string } | undefined,
		write: (title: string, description: string) => Promise<void>
	): Promise<void> {
		const training = this.#record?.training;
		if (training === undefined || training === null) return;
		this.#error = null;
		try {
			if (current === undefined) throw new Error('That skill was deleted.');
			if ((await this.#hasher.sha256Hex(current.text)) !== training.bodyHash) {
				throw new Error('The skill’s body changed since training; run the training again.');
			}
			await write(current.title, training.final);
			await this.#save({
				check: this.#record?.check ?? null,
				training: { ...training, appliedAt: this.#now() }
			});
		} catch (error) {
			this.#error = errorMessage(error);
		}
	}

	/** What the router is shown, and the queries it is asked, for the check and the training alike. */
	async #library(
		input: RouterCheckInput
	): Promise<{ entries: RouterEntry[]; queries: RouteQuery[] }> {
		const sources = await routeSources(input.skills, input.otherPacks, input.perPack, this.#hasher);
		return {
			entries: entriesOf(input.skills),
			queries: buildRouteQueries(sources, input.perPack, input.settings.seed)
		};
	}

	async #work(status: RouterStatus, body: (signal: AbortSignal) => Promise<void>): Promise<void> {
		if (this.#status !== 'idle') return;
		this.#status = status;
		this.#error = null;
		this.#progress = null;
		const abort = new AbortController();
		this.#abort = abort;
		try {
			await body(abort.signal);
		} catch (error) {
			this.#error = abort.signal.aborted
				? 'Stopped. Nothing of this attempt was kept.'
				: errorMessage(error);
		} finally {
			this.#abort = null;
			this.#status = 'idle';
			this.#progress = null;
		}
	}

	async #save(parts: Omit<RouterRecord, 'format'>): Promise<void> {
		const record: RouterRecord = { format: ROUTER_RECORD_FORMAT, ...parts };
		this.#record = record;
		if (this.#db !== null && this.#workspaceId !== null) {
			await setSetting(this.#db, settingKey(this.#workspaceId), $state.snapshot(record));
		}
	}
}
