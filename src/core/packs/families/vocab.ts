/**
 * Shared word lists for the built-in task generators.
 *
 * Every list here was written for this project (no third-party data). Generators draw from them,
 * and the families' solvers read them back to parse inputs (e.g. which category "three plums"
 * belongs to), so changing a list changes what the solvers understand: append, do not remove.
 */

/** Capitalised first names from many languages, all distinct. */
export const FIRST_NAMES: readonly string[] = [
	'Ana',
	'Bo',
	'Chen',
	'Dara',
	'Elif',
	'Femi',
	'Greta',
	'Hugo',
	'Ines',
	'Jonas',
	'Kofi',
	'Lena',
	'Mateo',
	'Nadia',
	'Omar',
	'Priya',
	'Quinn',
	'Rosa',
	'Sven',
	'Tariq',
	'Uma',
	'Viggo',
	'Wen',
	'Ximena',
	'Yusuf',
	'Zelda',
	'Amara',
	'Bruno',
	'Carmen',
	'Dmitri',
	'Esther',
	'Felix',
	'Gwen',
	'Hiro',
	'Ivan',
	'Jade',
	'Kenji',
	'Leila',
	'Marek',
	'Noor',
	'Olga',
	'Pablo',
	'Rahul',
	'Sofia',
	'Tomas',
	'Valentin',
	'Wanda',
	'Yara',
	'Zainab',
	'Mei',
	'Aziz',
	'Beatriz',
	'Cyrus',
	'Delphine',
	'Emeka',
	'Farah',
	'Gustav',
	'Hana',
	'Idris',
	'Josefina'
];

/** Number words for 0..20; `NUMBER_WORDS[n]` spells n. */
export const NUMBER_WORDS: readonly string[] = [
	'zero',
	'one',
	'two',
	'three',
	'four',
	'five',
	'six',
	'seven',
	'eight',
	'nine',
	'ten',
	'eleven',
	'twelve',
	'thirteen',
	'fourteen',
	'fifteen',
	'sixteen',
	'seventeen',
	'eighteen',
	'nineteen',
	'twenty'
];

/** A countable noun with its plural spelled out (irregular plurals are the point). */
export interface Noun {
	singular: string;
	plural: string;
}

export type NounCategory = 'fruit' | 'vegetable' | 'animal' | 'musical instrument' | 'object';

/** How a question names a category: "How many fruits do I have?" */
export const CATEGORY_PLURALS: Readonly<Record<NounCategory, string>> = {
	fruit: 'fruits',
	vegetable: 'vegetables',
	animal: 'animals',
	'musical instrument': 'musical instruments',
	object: 'household objects'
};

const n = (singular: string, plural = `${singular}s`): Noun => ({ singular, plural });

/** Countable nouns by category. Names are unique across categories. */
export const NOUNS_BY_CATEGORY: Readonly<Record<NounCategory, readonly Noun[]>> = {
	fruit: [
		n('apple'),
		n('banana'),
		n('peach', 'peaches'),
		n('plum'),
		n('grape'),
		n('orange'),
		n('pear'),
		n('strawberry', 'strawberries'),
		n('blackberry', 'blackberries'),
		n('nectarine'),
		n('mango', 'mangoes'),
		n('lemon')
	],
	vegetable: [
		n('carrot'),
		n('potato', 'potatoes'),
		n('onion'),
		n('cabbage'),
		n('yam'),
		n('leek'),
		n('turnip'),
		n('radish', 'radishes'),
		n('beet'),
		n('parsnip'),
		n('tomato', 'tomatoes'),
		n('eggplant')
	],
	animal: [
		n('dog'),
		n('cat'),
		n('rabbit'),
		n('goat'),
		n('cow'),
		n('pig'),
		n('duck'),
		n('snake'),
		n('frog'),
		n('mouse', 'mice'),
		n('goose', 'geese'),
		n('donkey')
	],
	'musical instrument': [
		n('piano'),
		n('violin'),
		n('trumpet'),
		n('flute'),
		n('drum'),
		n('clarinet'),
		n('trombone'),
		n('accordion'),
		n('cello'),
		n('harp'),
		n('saxophone'),
		n('banjo')
	],
	object: [
		n('chair'),
		n('table'),
		n('lamp'),
		n('bed'),
		n('stove'),
		n('couch', 'couches'),
		n('car'),
		n('microwave'),
		n('oven'),
		n('fridge'),
		n('toaster'),
		n('bookshelf', 'bookshelves')
	]
};

/** "an apple", "a plum": every noun above starts with a letter whose sound matches its vowel. */
export function withArticle(word: string): string {
	return /^[aeio]/.test(word) ? `an ${word}` : `a ${word}`;
}

/**
 * Common lowercase English words (3–11 letters), grouped so several share a prefix: sorting them
 * needs comparisons past the first letter.
 */
export const COMMON_WORDS: readonly string[] = [
	'car',
	'card',
	'care',
	'cargo',
	'carpet',
	'cart',
	'carton',
	'star',
	'stare',
	'start',
	'stamp',
	'stand',
	'stable',
	'plan',
	'plane',
	'planet',
	'plant',
	'plaster',
	'trace',
	'track',
	'trade',
	'train',
	'trail',
	'bread',
	'break',
	'breeze',
	'brick',
	'bridge',
	'brief',
	'monk',
	'monkey',
	'month',
	'moon',
	'morning',
	'sun',
	'sunset',
	'sunny',
	'supper',
	'apple',
	'amber',
	'anchor',
	'arrow',
	'basket',
	'beacon',
	'canyon',
	'candle',
	'dolphin',
	'desert',
	'engine',
	'echo',
	'falcon',
	'fabric',
	'garden',
	'glacier',
	'harbor',
	'hammer',
	'island',
	'ivory',
	'jungle',
	'jacket',
	'kettle',
	'kitten',
	'ladder',
	'lantern',
	'meadow',
	'marble',
	'needle',
	'nutmeg',
	'orbit',
	'oyster',
	'pebble',
	'pocket',
	'quartz',
	'quiver',
	'river',
	'ribbon',
	'saddle',
	'silver',
	'tunnel',
	'thimble',
	'umbrella',
	'unicorn',
	'velvet',
	'violet',
	'walnut',
	'window',
	'xylophone',
	'yarrow',
	'yellow',
	'zephyr',
	'zigzag',
	'pepper',
	'pencil',
	'penguin',
	'pennant',
	'shadow',
	'shallow',
	'shelter',
	'shimmer'
];

/** Colour words, lowercase. */
export const COLOURS: readonly string[] = [
	'red',
	'blue',
	'green',
	'yellow',
	'purple',
	'orange',
	'black',
	'white',
	'pink',
	'brown'
];
