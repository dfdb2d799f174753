import { describe, expect, it } from 'vitest';
import {
	libraryAverage,
	libraryRows,
	points,
	pValue,
	sortRows,
	transferRows
} from '../../../src/lib/library/rows.ts';
import type {
	EvaluationRecord,
	PackRecord,
	SkillRecord
} from '../../../src/lib/persistence/records.ts';

const skill = (id: string, title: string, packId: string | null): SkillRecord => ({
	id,
	workspaceId: 'w',
	title,
	description: '',
	packId,
	text: `# ${title}`,
	createdAt: 0,
	updatedAt: 0
});

const pack = (id: string, title: string): PackRecord => ({
	id,
	workspaceId: 'w',
	title,
	createdAt: 0,
	updatedAt: 0,
	source: { kind: 'built-in', familyId: 'coin-flip', difficulty: 1, seed: 1 }
});

/** An evaluation whose arms pass the given items (by index of `n` items). */
function evaluation(
	id: string,
	skillId: string,
	packId: string,
	createdAt: number,
	pass: Partial<Record<'skill' | 'none' | 'seed', number[]>>,
	n: number,
	engine = { kind: 'scripted', label: 'Sim' },
	kind: 'library' | 'transfer' = 'library'
): EvaluationRecord {
	return {
		id,
		workspaceId: 'w',
		skillId,
		packId,
		kind,
		createdAt,
		updatedAt: createdAt,
		status: 'finished',
		engine,
		seed: 0,
		itemCount: n,
		arms: Object.entries(pass).map(([arm, passes]) => ({
			arm: arm as 'skill' | 'none' | 'seed',
			skillHash: '',
			results: Array.from({ length: n }, (_, i) => ({
				itemId: `i${i}`,
				hard: passes.includes(i) ? 1 : 0,
				soft: 0
			}))
		}))
	};
}

describe('library rows', () => {
	const skills = [skill('a', 'Alpha', 'p1'), skill('b', 'Beta', 'p2'), skill('c', 'Gamma', null)];
	const packs = [pack('p1', 'Coin flip'), pack('p2', 'Sums')];
	const evaluations = [
		evaluation('old', 'a', 'p1', 1, { skill: [], none: [0, 1, 2, 3] }, 4),
		evaluation('new', 'a', 'p1', 2, { skill: [0, 1, 2, 3], none: [], seed: [0] }, 4),
		evaluation('b1', 'b', 'p2', 3, { skill: [0], none: [0, 1] }, 2),
		// On another pack: not this skill's effect on its own pack.
		evaluation('elsewhere', 'b', 'p1', 9, { skill: [0, 1], none: [] }, 2)
	];

	it('takes each skill’s newest evaluation on its own pack, vs no skill and vs the seed', () => {
		const rows = libraryRows(skills, packs, evaluations);
		expect(rows.map((r) => r.evaluation?.id ?? null)).toEqual(['new', 'b1', null]);
		expect(rows[0]?.pack?.title).toBe('Coin flip');
		expect(rows[0]?.vsNone).toMatchObject({ n: 4, delta: 1, counts: { onlyA: 4 } });
		expect(rows[0]?.vsNone?.p).toBeCloseTo(0.125, 12);
		expect(rows[0]?.vsSeed?.delta).toBeCloseTo(0.75, 12);
		expect(rows[1]?.vsNone?.delta).toBeCloseTo(-0.5, 12);
		expect(rows[1]?.vsSeed).toBeNull();
	});

	it('averages the evaluated skills plainly', () => {
		const average = libraryAverage(libraryRows(skills, packs, evaluations));
		expect(average.vsNone?.count).toBe(2);
		expect(average.vsNone?.delta).toBeCloseTo(0.25, 12);
		expect(average.vsSeed?.count).toBe(1);
	});

	it('sorts by effect either way, rows without one last', () => {
		const rows = libraryRows(skills, packs, evaluations);
		expect(sortRows(rows, 'deltaNone', 'descending').map((r) => r.skill.title)).toEqual([
			'Alpha',
			'Beta',
			'Gamma'
		]);
		expect(sortRows(rows, 'deltaNone', 'ascending').map((r) => r.skill.title)).toEqual([
			'Gamma',
			'Beta',
			'Alpha'
		]);
		expect(sortRows(rows, 'skill', 'descending').map((r) => r.skill.title)).toEqual([
			'Gamma',
			'Beta',
			'Alpha'
		]);
	});

	it('the transfer matrix has one row per engine, the newest, on the skill’s pack', () => {
		const cpu = { kind: 'wllama', label: 'tiny.gguf — CPU engine (llama.cpp)' };
		const rows = transferRows(skills[0] as SkillRecord, [
			...evaluations,
			evaluation('t-old', 'a', 'p1', 5, { none: [], skill: [] }, 1, cpu, 'transfer'),
			evaluation('t-new', 'a', 'p1', 6, { none: [0], skill: [0] }, 1, cpu, 'transfer')
		]);
		expect(rows.map((r) => r.evaluation.id)).toEqual(['new', 't-new']);
		expect(rows[1]?.comparison).toMatchObject({ n: 1, delta: 0, p: 1 });
	});

	it('formats effects in signed points and small p-values', () => {
		expect(points(0.25)).toBe('+25.0 pts');
		expect(points(-0.125)).toBe('−12.5 pts');
		expect(points(0)).toBe('±0.0 pts');
		expect(pValue(0.0625)).toBe('0.063');
		expect(pValue(0.0001)).toBe('< 0.001');
	});
});
