/**
 * The importer's definition of done: the guesses a person has to confirm before the skeleton
 * is a spec. Each becomes an entry of provider.yaml's `unconfirmed:` map, which the spec
 * loader reports as a problem (so `npm run generate` fails) until the entry is deleted, and a
 * line of the report's "Open questions".
 *
 * A guess is a value the page does not state and that changes what the generated receiver
 * accepts: the topic source, the envelope, the signature scheme, a pairing made by resource
 * name only, a sample whose body names another topic than the page pairs it with. Defaults
 * that change nothing a receiver checks (the HTTP method) or that the page's samples show
 * (a JSON body) are marked `# default:` in the skeleton and are not questions.
 */
import type { ImportFindings, OpenQuestion } from './types.js';

/** The open questions of an import, in provider.yaml order. */
export function openQuestions(r: Omit<ImportFindings, 'questions'>): OpenQuestion[] {
  const out: OpenQuestion[] = [];
  const ts = r.topicSource;
  if (ts.kind === 'route') {
    out.push({
      subject: 'delivery.topic',
      value: 'route: true',
      why: 'the page names no topic header, and no body field holds the topic in every sample; route: true means one URL per topic',
    });
  } else if (ts.kind === 'field' && ts.field.guessed) {
    out.push({ subject: 'delivery.topic.field', value: ts.field.pointer, why: 'one sample holds its topic there, and no page line names the field' });
  }
  const env = r.envelope;
  if (env?.guessed) out.push({ subject: 'delivery.envelope.payload', value: env.pointer, why: `one sample wraps its payload in ${env.pointer}, and no page line names the member` });
  const d = r.delivery;
  const sig = d.signature;
  if (sig) {
    if (!sig.algorithm.line) out.push({ subject: 'delivery.signature.algorithm', value: sig.algorithm.value, why: 'the page does not name the algorithm', line: sig.header.line });
    if (!sig.encoding.line) out.push({ subject: 'delivery.signature.encoding', value: sig.encoding.value, why: 'the page gives no example value and does not say how the digest is written', line: sig.header.line });
    if (!sig.signed.line) out.push({ subject: 'delivery.signature.signed', value: sig.signed.value, why: 'the page does not say what is signed', line: sig.header.line });
  } else if (!d.unsigned) {
    out.push({ subject: 'delivery.signature', value: 'none', why: 'the page names no signature header and does not say that deliveries are unsigned' });
  }
  for (const b of r.blocks) {
    if (b.pairedBy !== 'resource name' || !b.model) continue;
    for (const t of b.topics) out.push({ subject: `topics.${t}`, value: `payload: [${b.model}]`, why: `paired by resource name only: the block at page line ${b.line} is under "${b.model}", and the page pairs no sample with ${t}`, line: b.line });
  }
  for (const c of r.conflicts) {
    for (const t of c.topics) {
      if (t === c.bodyTopic) continue;
      out.push({
        subject: `topics.${t}`,
        value: `the sample at page line ${c.line}`,
        why: `the page pairs it with ${t}, but its body field names ${c.bodyTopic}`,
        line: c.line,
      });
    }
  }
  // one entry per subject (they are the keys of a YAML map)
  const seen = new Map<string, number>();
  return out.map((q) => {
    const n = (seen.get(q.subject) ?? 0) + 1;
    seen.set(q.subject, n);
    return n === 1 ? q : { ...q, subject: `${q.subject} (${n})` };
  });
}
