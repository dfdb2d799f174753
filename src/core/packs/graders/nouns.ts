/**
 * Compares short noun phrases the way a person would for extraction tasks: case-insensitive and
 * plural-insensitive ("Mouse pads" = "mouse pad", "boxes" = "box", "berries" = "berry"). Only the
 * last word is singularised, since that is the head noun in English phrases like "mouse pads".
 */

// Irregular plurals common in order and inventory text.
const IRREGULAR: Record<string, string> = {
	mice: 'mouse',
	geese: 'goose',
	feet: 'foot',
	teeth: 'tooth',
	children: 'child',
	people: 'person',
	men: 'man',
	women: 'woman',
	knives: 'knife',
	leaves: 'leaf',
	loaves: 'loaf',
	shelves: 'shelf',
	halves: 'half',
	wives: 'wife',
	lives: 'life',
	dice: 'die',
	oxen: 'ox'
};

/**
 * The forms a lower-case word may be the plural or singular of: itself, and itself without a
 * plural ending (`s`, `es`, `ies` → `y`) or through an irregular plural. Two words name the same
 * noun when their forms meet, which needs no list of singulars ending in s ("bus", "glass") and
 * copes with both "boxes" → "box" and "shoes" → "shoe".
 */
export function nounForms(word: string): string[] {
	const forms = [word];
	const irregular = IRREGULAR[word];
	if (irregular !== undefined) forms.push(irregular);
	if (word.length > 2 && word.endsWith('s')) forms.push(word.slice(0, -1));
	if (word.length > 3 && word.endsWith('es')) forms.push(word.slice(0, -2));
	if (word.length > 4 && word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
	return forms;
}

function words(text: string): string[] {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[-_]+/gu, ' ')
		.trim()
		.split(/\s+/u)
		.filter((w) => w !== '');
}

/** Whether two noun phrases are equal ignoring case, spacing and the plural of the head noun. */
export function nounsEqual(a: string, b: string): boolean {
	const left = words(a);
	const right = words(b);
	const headLeft = left.pop();
	const headRight = right.pop();
	if (headLeft === undefined || headRight === undefined) return headLeft === headRight;
	if (left.join(' ') !== right.join(' ')) return false;
	const forms = new Set(nounForms(headLeft));
	return nounForms(headRight).some((form) => forms.has(form));
}
