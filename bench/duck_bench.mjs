// duck_bench.mjs - the same dashboard aggregation and item statistics as
// bench/engine_bench.c, in DuckDB (@duckdb/node-api), over CSV extracts of
// the same store loaded into in-memory tables (loading is not timed).
// Prints "name median_seconds runs" lines like engine_bench.
//   node duck_bench.mjs DIR [RUNS]
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
const runs = Number(process.argv[3] || 5);
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await inst.connect();
const load = async (t, cols) => {
  await con.run(`CREATE TABLE ${t} AS SELECT * FROM read_csv('${dir}/${t}.csv', header = false, columns = ${cols})`);
};
let t0 = performance.now();
await load('result', "{'assessment_id': 'INTEGER', 'student_id': 'INTEGER', 'score': 'DOUBLE'}");
await load('assessment', "{'id': 'INTEGER', 'subject_id': 'INTEGER', 'term_id': 'INTEGER', 'year_id': 'INTEGER', 'cut': 'DOUBLE'}");
await load('placement', "{'student_id': 'INTEGER', 'year_id': 'INTEGER', 'org_id': 'INTEGER'}");
await load('school', "{'org_id': 'INTEGER', 'district': 'INTEGER', 'block': 'INTEGER'}");
await load('item_response', "{'item_id': 'INTEGER', 'student_id': 'INTEGER', 'points': 'DOUBLE'}");
await load('item', "{'id': 'INTEGER', 'assessment_id': 'INTEGER', 'max_points': 'DOUBLE'}");
console.log(`duck_load ${((performance.now() - t0) / 1000).toFixed(3)} 1`);

const dash = `CREATE OR REPLACE TEMP TABLE dash AS
SELECT s.district, s.block, p.org_id AS school, a.subject_id, a.term_id,
       count(*) AS n, avg(r.score) AS mean,
       avg(CASE WHEN r.score >= a.cut THEN 1.0 ELSE 0.0 END) AS share
FROM result r
JOIN assessment a ON a.id = r.assessment_id
JOIN placement p ON p.student_id = r.student_id AND p.year_id = a.year_id
JOIN school s ON s.org_id = p.org_id
GROUP BY GROUPING SETS ((s.district, a.subject_id, a.term_id),
                        (s.block, a.subject_id, a.term_id),
                        (p.org_id, a.subject_id, a.term_id))`;
const items = `CREATE OR REPLACE TEMP TABLE istat AS
WITH t AS (SELECT i.assessment_id, r.student_id, sum(r.points) AS tot
           FROM item_response r JOIN item i ON i.id = r.item_id GROUP BY 1, 2)
SELECT r.item_id, avg(r.points) / any_value(i.max_points) AS difficulty,
       corr(r.points, t.tot - r.points) AS pbis, count(*) AS n
FROM item_response r JOIN item i ON i.id = r.item_id
JOIN t ON t.assessment_id = i.assessment_id AND t.student_id = r.student_id
GROUP BY r.item_id`;
const time = async (name, sql, check) => {
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    await con.run(sql);
    ts.push((performance.now() - a) / 1000);
  }
  ts.sort((x, y) => x - y);
  const med = runs % 2 ? ts[(runs - 1) / 2] : (ts[runs / 2 - 1] + ts[runs / 2]) / 2;
  console.log(`${name} ${med.toFixed(4)} ${runs}`);
  const r = await con.runAndReadAll(check);
  console.log(`${name}_rows ${r.getRows()[0][0]}`);
};
await time('duck_dashboard', dash, 'SELECT count(*) FROM dash');
await time('duck_items', items, 'SELECT count(*) FROM istat');
const chk = await con.runAndReadAll('SELECT sum(n), round(sum(mean * n)) FROM dash WHERE school IS NOT NULL');
console.log(`duck_dashboard_check ${chk.getRows()[0].join(' ')}`);
