// A keyring worker thread (keyring.ts): answers with keyring-jobs.ts, the very module the build's
// own thread would run (compiled beside this file in dist/, or its TypeScript source when the
// code runs from the sources: import-sibling.mjs). It parses each partner key once and keeps it,
// so the signature checks made to inspect a key also serve its group's recipient set and header.
// A job it fails is answered with an error, and the calling thread does it again itself, to
// report the typed error.
//
// An `ahead` job starts checking every key file it is given at once, so that the `check` jobs
// that follow, one per key file the partner files name, find the answer made: the calling thread
// posts those one partner at a time, between its own work on the advisories. The worker never
// reads a file itself: the calling thread reads them, with the content's defensive reader.
//
// A `recipients` job with a `header` number also remembers how to make that group's recipient
// header (a fresh session key and its PKESKs: ~40 ms of CPU for 50 recipients); a `kept-recipients`
// message does only that, from the checks of earlier builds the calling thread took for the set
// (no signature checked again: kept-header.ts). A `prepare`
// message starts making it, for a group the build expects to seal for; a `header` job hands it
// over, once, making it first if nobody asked ahead. A build that seals nothing makes none.
import { parentPort } from 'node:worker_threads';
import { messageOf, serveSibling } from '../import-sibling.mjs';

/** keyring-jobs.ts, once imported. */
let jobs;

/** @type {Map<number, { make: () => Promise<unknown>, made?: Promise<unknown> }>} headers, by the number the caller gave */
const headers = new Map();
/** @type {Map<string, Promise<unknown>>} checks, by the moment and the key file's text */
const checks = new Map();

function check(armored, now, file) {
  const key = `${now.getTime()}\n${armored}`;
  let made = checks.get(key);
  if (made === undefined) {
    made = jobs.checkKey(armored, now, file);
    made.catch(() => undefined); // reported when it is asked for
    checks.set(key, made);
  }
  return made;
}

/** The header numbered `number`, started now if it was not yet (undefined: no such header). */
function startHeader(number) {
  const header = headers.get(number);
  if (header !== undefined && header.made === undefined) {
    header.made = header.make();
    header.made.catch(() => undefined); // reported when it is asked for
  }
  return header?.made;
}

const answer = (id, work) => work.then(
  (result) => parentPort.postMessage({ id, result }),
  (error) => parentPort.postMessage({ id, error: messageOf(error) }),
);

function onJob(job) {
  if (job.type === 'check') {
    void answer(job.id, check(job.armored, job.now, job.path));
  } else if (job.type === 'ahead') {
    for (const key of job.keys) check(key.armored, job.now, key.path); // only ever a head start
  } else if (job.type === 'recipients') {
    const set = jobs.recipientSetOf(job.keys, job.date);
    void answer(job.id, set);
    if (job.header !== undefined) headers.set(job.header, { make: () => set.then(() => jobs.recipientHeaderOf(job.keys, job.date)) });
  } else if (job.type === 'kept-recipients') {
    headers.set(job.header, { make: () => jobs.recipientHeaderFromChecks(job.keys, job.checks) });
  } else if (job.type === 'prepare') {
    startHeader(job.header);
  } else if (job.type === 'header') {
    const header = startHeader(job.header) ?? Promise.reject(new Error(`no header ${job.header} was asked for`));
    headers.delete(job.header);
    void answer(job.id, header);
  } else {
    parentPort.postMessage({ id: job.id, error: `unknown job ${job.type}` });
  }
}

await serveSibling(import.meta.url, './keyring-jobs', (module) => {
  jobs = module;
  parentPort.on('message', onJob);
});
