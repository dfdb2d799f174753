/**
 * promptfoo tests (a `tests` list, alone or inside a promptfooconfig): each test becomes an item
 * with its `vars`, and its deterministic `assert`s become graders, following task-packs.md:
 * equals → anchored regex on the whole output (promptfoo compares the whole output, while our
 * `exact` reads the Answer line), contains / icontains / starts-with / regex → `regex`,
 * contains-all / -any → `all` / `any`, is-json → a constraints `isJson` check, javascript → `js`,
 * `not-` variants → negated regexes. Several asserts make an `all` with promptfoo's weights.
 *
 * Model-graded asserts (llm-rubric, similar, factuality, model-graded-*, …) cannot run: there is
 * no judge model in the browser, and a 0.5–1.5B local model is not a trustworthy judge. By default
 * they are refused; with `skipModelGraded` they are dropped (a test keeps its other asserts, a
 * test with no other assert is left out) and one warning says how many and why.
 */
import type { PackIssue } from '../format.ts';
import { isRecord } from '../format.ts';
import type { ConstraintCheck, GraderSpec, PackItem } from '../types.ts';
import type { Adapted } from './common.ts';
import { escapeRegExp, problem } from './common.ts';

const MODEL_GRADED = new Set([
	'llm-rubric',
	'similar',
	'factuality',
	'g-eval',
	'answer-relevance',
	'context-faithfulness',
	'context-recall',
	'context-relevance',
	'select-best',
	'moderation',
	'classifier',
	'conversation-relevance'
]);

function isModelGraded(type: string): boolean {
	return MODEL_GRADED.has(type) || type.startsWith('model-graded-');
}

/** Whether data looks like promptfoo tests: a config with `tests`, or a list of tests. */
export function looksLikePromptfoo(data: unknown): boolean {
	if (isRecord(data)) return 'tests' in data;
	return (
		Array.isArray(data) &&
		data.length > 0 &&
		data.every((t) => isRecord(t) && ('assert' in t || ('vars' in t && !('input' in t))))
	);
}

export interface PromptfooOptions {
	/**
	 * Drop model-graded asserts instead of failing: a test keeps its other asserts, a test with
	 * none left is skipped, and one warning counts both.
	 */
	skipModelGraded?: boolean;
}

const NO_JUDGE =
	'there is no judge model in the browser (a 0.5–1.5B local model is not a reliable judge)';

/** One assert mapped: a grader, or a check for the shared constraints grader, plus a gold. */
type Mapped =
	{ spec: GraderSpec; answer?: string } | { check: ConstraintCheck } | { error: string };

export function adaptPromptfoo(data: unknown, options: PromptfooOptions = {}): Adapted {
	const errors: PackIssue[] = [];
	const warnings: PackIssue[] = [];
	const config = isRecord(data) ? data : {};
	const tests = isRecord(data) ? data['tests'] : data;
	const empty = (message: string): Adapted => ({
		items: [],
		grader: { type: 'constraints' },
		prompt: { template: '{{input}}', contract: '' },
		errors: [problem('bad-items', message, 'tests')],
		warnings
	});
	if (typeof tests === 'string')
		return empty(`tests points at a file ('${tests}'): import that file instead`);
	if (!Array.isArray(tests)) return empty('tests must be a list of test cases');
	const defaults = isRecord(config['defaultTest']) ? config['defaultTest'] : {};
	const defaultAsserts = Array.isArray(defaults['assert']) ? defaults['assert'] : [];
	const defaultVars = isRecord(defaults['vars']) ? defaults['vars'] : {};

	const items: PackItem[] = [];
	const varNames: string[] = [];
	/** With skipModelGraded: tests left out (only model-graded asserts) and asserts dropped. */
	let skippedTests = 0;
	let droppedAsserts = 0;
	for (const [i, test] of tests.entries()) {
		const where = `test ${i}`;
		if (!isRecord(test)) {
			errors.push(problem('bad-row', `${where}: is not an object`));
			continue;
		}
		const label =
			typeof test['description'] === 'string' ? `${where} ("${test['description']}")` : where;
		const item: PackItem = { id: `test-${i + 1}` };
		const rawVars = { ...defaultVars, ...(isRecord(test['vars']) ? test['vars'] : {}) };
		const vars: Record<string, string> = {};
		for (const [name, value] of Object.entries(rawVars)) {
			vars[name] = typeof value === 'string' ? value : JSON.stringify(value);
			if (!varNames.includes(name)) varNames.push(name);
		}
		if (Object.keys(vars).length === 0) {
			errors.push(problem('missing-input', `${label}: has no vars, so there is no input`));
			continue;
		}
		item.vars = vars;
		if (typeof test['description'] === 'string') item.meta = { description: test['description'] };

		const asserts = [...defaultAsserts, ...(Array.isArray(test['assert']) ? test['assert'] : [])];
		const specs: GraderSpec[] = [];
		const weights: number[] = [];
		const checks: ConstraintCheck[] = [];
		let checkWeight = 0;
		let failed = false;
		let modelGraded = 0;
		for (const [j, a] of asserts.entries()) {
			const type = isRecord(a) && typeof a['type'] === 'string' ? a['type'] : undefined;
			if (!isRecord(a) || type === undefined) {
				errors.push(problem('bad-assert', `${label}: assert ${j} has no type`));
				failed = true;
				continue;
			}
			const weight = typeof a['weight'] === 'number' && a['weight'] >= 0 ? a['weight'] : 1;
			const inner = type.startsWith('not-') ? type.slice(4) : type;
			if (isModelGraded(inner)) {
				modelGraded++;
				if (options.skipModelGraded !== true) {
					errors.push(
						problem(
							'model-graded',
							`${label}: assert ${j} '${type}' is model-graded: ${NO_JUDGE}; replace it ` +
								'with a deterministic assert such as contains, regex or equals'
						)
					);
					failed = true;
				}
				continue;
			}
			const mapped = mapAssert(inner, type !== inner, a['value']);
			if ('error' in mapped) {
				errors.push(problem('bad-assert', `${label}: assert ${j} '${type}': ${mapped.error}`));
				failed = true;
			} else if ('check' in mapped) {
				checks.push(mapped.check);
				checkWeight = Math.max(checkWeight, weight);
				if (mapped.check.arg !== undefined)
					warnings.push(
						problem(
							'schema-ignored',
							`${label}: assert ${j} '${type}': the JSON schema is not checked, only that the output is JSON`
						)
					);
			} else {
				specs.push(mapped.spec);
				weights.push(weight);
				if (mapped.answer !== undefined && item.answer === undefined) item.answer = mapped.answer;
			}
		}
		if (checks.length > 0) {
			item.checks = checks.map((c) => ({ op: c.op }));
			specs.push({ type: 'constraints' });
			weights.push(checkWeight);
		}
		if (failed) continue;
		const first = specs[0];
		if (first === undefined && modelGraded > 0) {
			skippedTests++;
			continue;
		}
		droppedAsserts += modelGraded;
		if (first === undefined) {
			errors.push(
				problem('no-assert', `${label}: has no deterministic assert, so nothing can grade it`)
			);
			continue;
		}
		item.grader = specs.length === 1 ? first : { type: 'all', of: specs, weights };
		items.push(item);
	}

	const skipped: string[] = [];
	if (skippedTests > 0)
		skipped.push(
			`${skippedTests} model-graded ${skippedTests === 1 ? 'test was' : 'tests were'} skipped`
		);
	if (droppedAsserts > 0)
		skipped.push(
			`${droppedAsserts} model-graded ${droppedAsserts === 1 ? 'assert was' : 'asserts were'} dropped from tests that have other asserts`
		);
	if (skipped.length > 0)
		warnings.push(
			problem(
				'model-graded',
				`${skipped.join('; ')}: ${NO_JUDGE}. Replace them with deterministic asserts (contains, regex, equals) to use them.`
			)
		);

	// Every item carries its full grader; the pack default is the first one.
	const grader = (items[0]?.grader as GraderSpec | undefined) ?? { type: 'constraints' };
	const packKey = JSON.stringify(grader);
	for (const item of items) if (JSON.stringify(item.grader) === packKey) delete item.grader;

	const adapted: Adapted = {
		items,
		grader,
		prompt: { template: promptTemplate(config['prompts'], varNames, warnings), contract: '' },
		errors,
		warnings,
		title: 'promptfoo tests'
	};
	if (typeof config['description'] === 'string') adapted.description = config['description'];
	return adapted;
}

function regex(pattern: string, flags = ''): GraderSpec {
	return { type: 'regex', pattern, flags };
}

/** `all` always names its weights, so merging over a pack `all` cannot inherit wrong ones. */
function all(of: GraderSpec[]): GraderSpec {
	return { type: 'all', of, weights: of.map(() => 1) };
}

/** "Does not match anywhere": a lookahead over the whole output. */
function negate(spec: GraderSpec): GraderSpec | undefined {
	if (spec.type === 'regex') return regex(`^(?![\\s\\S]*(?:${spec.pattern}))`, spec.flags ?? '');
	if (spec.type === 'any') {
		const parts = spec.of.map(negate);
		return parts.every((p) => p !== undefined) ? all(parts as GraderSpec[]) : undefined;
	}
	if (spec.type === 'all') {
		const parts = spec.of.map(negate);
		return parts.every((p) => p !== undefined)
			? { type: 'any', of: parts as GraderSpec[] }
			: undefined;
	}
	return undefined;
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

function mapAssert(type: string, negated: boolean, value: unknown): Mapped {
	const positive = mapPositive(type, value);
	if (!negated || 'error' in positive) return positive;
	if ('check' in positive) return { error: 'a negated JSON check is not supported' };
	const spec = negate(positive.spec);
	return spec === undefined ? { error: 'this assert cannot be negated here' } : { spec };
}

function mapPositive(type: string, value: unknown): Mapped {
	const needText = (): string | undefined => text(value);
	const list = (): string[] | undefined =>
		Array.isArray(value) && value.length > 0 && value.every((v) => text(v) !== undefined)
			? value.map((v) => text(v) as string)
			: undefined;
	switch (type) {
		case 'equals': {
			const v = needText();
			return v === undefined
				? { error: 'needs a text value' }
				: { spec: regex(`^\\s*${escapeRegExp(v)}\\s*$`), answer: v };
		}
		case 'contains':
		case 'icontains':
		case 'starts-with': {
			const v = needText();
			if (v === undefined) return { error: 'needs a text value' };
			const body = escapeRegExp(v);
			return {
				spec: regex(type === 'starts-with' ? `^${body}` : body, type === 'icontains' ? 'i' : '')
			};
		}
		case 'contains-all':
		case 'contains-any':
		case 'icontains-all':
		case 'icontains-any': {
			const values = list();
			if (values === undefined) return { error: 'needs a list of texts' };
			const flags = type.startsWith('i') ? 'i' : '';
			const of = values.map((v) => regex(escapeRegExp(v), flags));
			return { spec: type.endsWith('all') ? all(of) : { type: 'any', of } };
		}
		case 'regex': {
			const v = needText();
			return v === undefined ? { error: 'needs a pattern' } : { spec: regex(v) };
		}
		case 'is-json':
			return { check: value === undefined ? { op: 'isJson' } : { op: 'isJson', arg: true } };
		case 'contains-json':
			return { spec: regex('\\{[\\s\\S]*\\}|\\[[\\s\\S]*\\]') };
		case 'javascript': {
			const v = needText();
			if (v === undefined) return { error: 'needs code' };
			if (v.startsWith('file://'))
				return { error: 'code in a file cannot be imported; paste it inline' };
			return { spec: { type: 'js', code: /\breturn\b/u.test(v) ? v : `return (${v});` } };
		}
		case 'python':
		case 'webhook':
		case 'ruby':
			return { error: 'cannot run in the browser' };
		default:
			return { error: 'is not supported by this importer' };
	}
}

/** promptfoo's first inline prompt, or one line per var. */
function promptTemplate(prompts: unknown, varNames: string[], warnings: PackIssue[]): string {
	const first = Array.isArray(prompts) ? prompts[0] : prompts;
	const raw =
		typeof first === 'string'
			? first
			: isRecord(first) && typeof first['raw'] === 'string'
				? first['raw']
				: undefined;
	if (raw !== undefined && !raw.startsWith('file://') && raw.includes('{{'))
		return `${raw}\n\n{{contract}}`;
	if (raw !== undefined)
		warnings.push(
			problem(
				'prompt-not-read',
				`the prompt '${raw.slice(0, 60)}' could not be read; a plain template is used`
			)
		);
	const body =
		varNames.length === 1
			? `{{${varNames[0] ?? 'input'}}}`
			: varNames.map((n) => `${n}: {{${n}}}`).join('\n');
	return `${body}\n\n{{contract}}`;
}
