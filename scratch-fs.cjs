const Database = require('better-sqlite3');
const fs = require('fs');
for (const mode of ['FULL', 'NORMAL']) {
  const dir = fs.mkdtempSync('/tmp/fs-');
  const db = new Database(dir + '/x.db');
  db.pragma('journal_mode = WAL'); db.pragma('synchronous = ' + mode);
  db.exec('CREATE TABLE t (a INTEGER PRIMARY KEY, b BLOB)');
  const ins = db.prepare('INSERT INTO t (b) VALUES (?)');
  const t = performance.now();
  for (let i = 0; i < 100; i++) db.transaction(() => { for (let j = 0; j < 10; j++) ins.run(Buffer.alloc(200)); })();
  console.log(mode, ((performance.now() - t) / 100).toFixed(3), 'ms per commit');
  db.close(); fs.rmSync(dir, { recursive: true });
}
