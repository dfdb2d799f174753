import { describe, expect, it } from 'vitest';
import { promptBudget } from '../../../src/core/skill/prompt-budget.ts';

describe('prompt budget', () => {
	it('is ok up to 80% of the window, tight above, over past the window', () => {
		const at = (skillTokens: number) =>
			promptBudget({ skillTokens, itemTokens: 200, reserveTokens: 256, window: 4096 });
		expect(at(2800).level).toBe('ok');
		expect(at(2821).level).toBe('tight');
		expect(at(3640).level).toBe('tight');
		expect(at(3641)).toMatchObject({ level: 'over', total: 4097, free: -1 });
	});
});
