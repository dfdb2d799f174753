/**
 * Dumps a database to plain JSON (schema and records) and loads such a dump into a fresh
 * database with raw IndexedDB calls, independent of the current `db.ts`. That independence is
 * the point: a committed dump of schema version N rebuilds exactly what version N left on disk,
 * so a test can prove that the current code opens it.
 */

export interface IndexDump {
	name: string;
	keyPath: string | string[];
	unique: boolean;
	multiEntry: boolean;
}

export interface StoreDump {
	keyPath: string | string[] | null;
	autoIncrement: boolean;
	indexes: IndexDump[];
	records: unknown[];
}

export interface DbDump {
	version: number;
	stores: Record<string, StoreDump>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

/** Every store of `db`: its key path, indexes and records in key order. */
export async function dumpDatabase(db: IDBDatabase): Promise<DbDump> {
	const stores: Record<string, StoreDump> = {};
	const names = [...db.objectStoreNames].sort();
	const t = db.transaction(names, 'readonly');
	for (const name of names) {
		const store = t.objectStore(name);
		const indexes = [...store.indexNames].sort().map((indexName): IndexDump => {
			const index = store.index(indexName);
			return {
				name: indexName,
				keyPath: index.keyPath,
				unique: index.unique,
				multiEntry: index.multiEntry
			};
		});
		stores[name] = {
			keyPath: store.keyPath,
			autoIncrement: store.autoIncrement,
			indexes,
			records: await request(store.getAll())
		};
	}
	return { version: db.version, stores };
}

/** Creates database `name` at `dump.version` in `factory` with the dump's stores and records. */
export async function loadDump(factory: IDBFactory, name: string, dump: DbDump): Promise<void> {
	const open = factory.open(name, dump.version);
	open.onupgradeneeded = () => {
		const db = open.result;
		for (const [storeName, store] of Object.entries(dump.stores)) {
			const created = db.createObjectStore(storeName, {
				keyPath: store.keyPath,
				autoIncrement: store.autoIncrement
			});
			for (const index of store.indexes)
				created.createIndex(index.name, index.keyPath, {
					unique: index.unique,
					multiEntry: index.multiEntry
				});
			for (const record of store.records) created.add(record);
		}
	};
	const db = await request(open);
	db.close();
}
