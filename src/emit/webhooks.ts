/**
 * Emitter: a provider's webhook router (`<provider>/webhooks`), one TypeScript source from which
 * its `.js` and `.d.ts` are compiled. The router is runtime/webhooks.js over the provider's
 * receiver; this module names the provider's delivery for it (the delivery-id header, the
 * receive result's header fields, whether the topic is the route) and types it: handlers get
 * the payload of their topic, narrowed, with the delivery's context.
 */
import type { ProviderModel } from '../model/types.js';
import type { CodeBuilder, Statement, TsModule } from '../print/ts.js';
import { receiverTypeNames, webhooksTypeNames } from '../util/naming.js';
import { indexNames } from './topics.js';
import type { CodeEmitter, Files } from './code.js';

export async function emitWebhooks(p: ProviderModel, code: CodeEmitter): Promise<Files> {
  return code.files('webhooks', p, (b) => b.emitModule(webhooksModule(b, p)));
}

/** The router module of a provider. */
export function webhooksModule(b: CodeBuilder, p: ProviderModel): TsModule {
  const d = p.delivery;
  const T = p.typePrefix;
  const idx = indexNames(p);
  const r = receiverTypeNames(T);
  const w = webhooksTypeNames(T);
  const title = b.doc(p.title);
  const text = (s: string) => b.doc(s);
  const sig = d.signature === 'none' ? undefined : d.signature;
  const route = 'route' in d.topic;
  const idHeader = d.headers.find((h) => h.deliveryId === true);
  const fields = d.headers.flatMap((h) => (h.field !== undefined ? [h.field] : []));
  const documented = p.topics.filter((t) => !t.undocumented);
  const exampleTopic = (documented[0] ?? p.topics[0])?.topic ?? 'topic';
  const secondTopic = (documented[1] ?? documented[0] ?? p.topics[0])?.topic ?? exampleTopic;
  const lit = (topic: string) => b.printNode(b.literalType(topic));
  const exampleLit = text(lit(exampleTopic));
  const pairLit = text(`[${lit(exampleTopic)}, ${lit(secondTopic)}]`);
  const keyProse = idHeader
    ? `\`${p.id}:id:\` and the \`${idHeader.name}\` header, which ${p.title} sends the same on every retry of a delivery (hashed when it is long); a delivery without it gets the digest key below. Otherwise: `
    : '';
  const digestProse = `\`${p.id}:sha256:\` and the SHA-256 of the topic${fields.length ? `, ${fields.map((f) => `\`${f}\``).join(', ')}` : ''} and the raw body bytes (a retry that resends the same bytes has the same key; the same content sent twice as two deliveries counts once)`;
  const keyDoc = text(`${keyProse}${digestProse}.`);
  const optionsOptional = sig === undefined;
  const receiverOptionsExample = sig ? `secrets: process.env.${p.valuePrefix.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_WEBHOOK_SECRET ?? ''` : "verify: ({ url }) => new URL(url ?? '/', 'http://localhost').searchParams.get('token') === process.env.HOOK_TOKEN";
  const routeProse = route
    ? ` ${p.title} sends no topic: it is the path segment after \`path\` (\`/hooks/${p.id}/<topic>\` with \`path: '/hooks/${p.id}'\`), or, without \`path\`, the last segment of the path.`
    : '';
  const out: Statement[] = [];

  // ---- imports ----
  out.push(b.importNamed(['createWebhooks'], '../runtime/webhooks.js'));
  out.push(b.importNamed([r.factory], './receive.js'));
  out.push(b.importNamed([idx.topics], './index.js'));
  out.push(b.importNamed(['FetchHandlerOptions', 'NodeMiddlewareOptions', 'WebhookAnswer', 'WebhookEventContext', 'WebhookFetchHandler', 'WebhookNodeMiddleware', 'WebhooksDefinition', 'WebhooksOptions'], '../runtime/webhooks.js', true));
  out.push(b.importNamed(['InvalidPayloadAction', 'UnknownTopicAction', r.delivery, r.input, r.options, r.result, r.unknownTopic, r.unvalidated], './receive.js', true));
  out.push(b.importNamed([idx.payloadField, idx.topic], './index.js', true));
  out.push(b.exportFrom(['createMemoryDeliveryStore', 'WebhookTimeoutError'], '../runtime/webhooks.js'));
  out.push(
    b.exportFrom(
      [
        'WebhookSignalLike',
        'DedupeOptions',
        'DeliveryClaim',
        'DeliveryStore',
        'FetchHandlerOptions',
        'MemoryDeliveryStoreOptions',
        'NodeMiddlewareOptions',
        'NodeResponseLike',
        'NodeWebhookRequest',
        'WaitUntilContext',
        'WebhookAbortSignal',
        'WebhookAnswer',
        'WebhookEventContext',
        'WebhookFetchHandler',
        'WebhookNodeMiddleware',
        'WebhookOutcome',
        'WebhookResponse',
        'WebhooksOptions',
        'WebResponseLike',
      ],
      '../runtime/webhooks.js',
      true,
    ),
  );

  // ---- the router's facts, as data for the runtime ----
  const definitionValue = b.obj([
    ['provider', b.lit(p.id)],
    ['title', b.lit(p.title)],
    ['factory', b.lit(w.factory)],
    ['method', b.lit(d.method)],
    ['route', b.lit(route)],
    ...(idHeader ? [['deliveryId', b.lit(idHeader.name)] as const] : []),
    ['fields', b.lit(fields)],
    ...(sig ? [['signature', b.lit(sig.header)] as const] : []),
  ]);
  out.push(...b.stmts`
/** What the router needs to know of ${title} deliveries (${text(`${p.specDir}/provider.yaml`)}); the router is in runtime/webhooks.js. */
const router: Omit<WebhooksDefinition, 'topics'> = ${definitionValue};

/** The router's facts with the provider's topics. */
function definition(): WebhooksDefinition {
  // index.js re-exports this module: its bindings are only read once a function runs
  return { ...router, topics: ${idx.topics} };
}
`);

  // ---- types ----
  out.push(...b.stmts`
/**
 * Options of {@link ${w.factory}}: the receiver's (see {@link ${r.options}}) and the router's (see {@link WebhooksOptions}: \`quickAck\`, \`handlerTimeoutMs\`, \`dedupe\`).
 * @example
 * \`\`\`ts
 * const options: ${w.options} = { ${text(receiverOptionsExample)}, quickAck: true, handlerTimeoutMs: 30_000 };
 * \`\`\`
 */
export interface ${w.options}<F extends ${idx.payloadField} = never, I extends InvalidPayloadAction = InvalidPayloadAction, U extends UnknownTopicAction = UnknownTopicAction> extends ${r.options}<F, I, U>, WebhooksOptions {}

/**
 * What an \`on(topic, handler)\` handler gets: the delivery (\`topic\`, \`payload\` of that topic's type, the header fields${text(d.envelope ? ', `envelope`' : '')}) with its \`deliveryKey\` and a \`signal\`. A union over the topics: narrow on \`topic\`.
 * @example
 * \`\`\`ts
 * webhooks.on(${exampleLit}, (event: ${w.event}<${exampleLit}>) => save(event.payload));
 * \`\`\`
 */
export type ${w.event}<T extends ${idx.topic} = ${idx.topic}, F extends ${idx.payloadField} = never> = {
  [K in T]: ${r.delivery}<K, F> & WebhookEventContext;
}[T];

/**
 * What \`onUnvalidated\` (and \`onAny\`) handlers get for a genuine delivery whose payload does not match its model: \`payload\` is plain JSON, \`issues\` and \`drift\` say where it differs. It never reaches an \`on(topic)\` handler.
 * @example
 * \`\`\`ts
 * webhooks.onUnvalidated((event: ${w.unvalidatedEvent}) => review.push({ topic: event.topic, payload: event.payload, drift: event.drift }));
 * \`\`\`
 */
export type ${w.unvalidatedEvent}<T extends ${idx.topic} = ${idx.topic}> = {
  [K in T]: ${r.unvalidated}<K> & WebhookEventContext;
}[T];

/**
 * What \`onUnknownTopic\` (and \`onAny\`) handlers get for a genuine delivery of a topic the spec does not list: \`topic\` is any string, \`payload\` the body as parsed, plain JSON, never validated. It never reaches an \`on(topic)\` or \`onUnvalidated\` handler.
 * @example
 * \`\`\`ts
 * webhooks.onUnknownTopic((event: ${w.unknownTopicEvent}) => review.push({ topic: event.topic, payload: event.payload }));
 * \`\`\`
 */
export type ${w.unknownTopicEvent} = ${r.unknownTopic} & WebhookEventContext;

/**
 * What \`onAny\` handlers get: every verified delivery, discriminated on \`valid\` (\`false\`: see {@link ${w.unvalidatedEvent}}; none with \`invalidPayload: 'reject'\`) and \`known\` (\`false\`: see {@link ${w.unknownTopicEvent}}; none with \`unknownTopics: 'reject'\`), then on \`topic\`.
 * @example
 * \`\`\`ts
 * webhooks.onAny((event) => { if (event.valid && event.topic === ${exampleLit}) event.payload; });
 * \`\`\`
 */
export type ${w.anyEvent}<F extends ${idx.payloadField} = never, I extends InvalidPayloadAction = InvalidPayloadAction, U extends UnknownTopicAction = UnknownTopicAction> =
  | ${w.event}<${idx.topic}, F>
  | (I extends 'accept' ? ${w.unvalidatedEvent} : never)
  | (U extends 'accept' ? ${w.unknownTopicEvent} : never);

/**
 * A handler of the topics \`T\`. It may return a promise: the delivery is handled when it settles; a throw or a rejection goes to \`onError\` and fails the delivery.
 * @example
 * \`\`\`ts
 * const onCreate: ${w.handler}<${exampleLit}> = async ({ payload }) => { await db.save(payload); };
 * \`\`\`
 */
export type ${w.handler}<T extends ${idx.topic} = ${idx.topic}, F extends ${idx.payloadField} = never> = (event: ${w.event}<T, F>) => unknown;

/**
 * Handlers by topic, for \`on(handlers)\`: each gets its topic's payload, no cast needed; a list runs several.
 * @example
 * \`\`\`ts
 * const handlers: ${w.handlers} = { ${exampleLit}: ({ payload }) => save(payload), ${text(lit(secondTopic))}: [audit, notify] };
 * \`\`\`
 */
export type ${w.handlers}<F extends ${idx.payloadField} = never> = {
  readonly [K in ${idx.topic}]?: ${w.handler}<K, F> | readonly ${w.handler}<K, F>[];
};

/**
 * The router's answer to one delivery: its \`status\` and \`body\` (see {@link WebhookOutcome} for the status rule), the receive \`result\`, the \`deliveryKey\`, and \`settled\`.
 * @example
 * \`\`\`ts
 * const answer: ${w.answer} = await webhooks.handle({ headers, body });
 * \`\`\`
 */
export type ${w.answer}<F extends ${idx.payloadField} = never, I extends InvalidPayloadAction = InvalidPayloadAction, U extends UnknownTopicAction = UnknownTopicAction> = WebhookAnswer<${r.result}<F, I, U>>;
`);

  const routeOption = text(`{ path: '/hooks/${p.id}' }`);
  out.push(...b.stmts`
/**
 * Routes ${title} webhooks to handlers; made by {@link ${w.factory}}. Register handlers, then serve it with \`fetchHandler()\`, \`nodeMiddleware()\` or \`handle()\`.
 * Each delivery goes through the receiver (size, headers, signature, topic, body, payload), is claimed by its delivery key (a delivery that arrives again runs its handlers once), then runs every matching handler at once.
 * The answer follows {@link WebhookOutcome}: 200 when every handler resolved, 500 when one failed (the claim is released, so the retry runs them again), the failure's status for a rejected delivery.
 */
export interface ${w.router}<F extends ${idx.payloadField} = never, I extends InvalidPayloadAction = InvalidPayloadAction, U extends UnknownTopicAction = UnknownTopicAction> {
  /**
   * Runs \`handler\` for every valid delivery of \`topic\` (or of any of \`topics\`: the event is then a union, narrowed on \`topic\`). Several handlers of a topic all run.
   * @example
   * \`\`\`ts
   * webhooks.on(${exampleLit}, ({ payload, deliveryKey }) => save(deliveryKey, payload));
   * webhooks.on(${pairLit}, (event) => audit(event.topic, event.payload));
   * \`\`\`
   * @throws TypeError when a topic is not a ${title} topic
   */
  on<T extends ${idx.topic}>(topic: T | readonly T[], handler: ${w.handler}<T, F>): ${w.router}<F, I, U>;
  /**
   * Registers handlers by topic (a list runs several).
   * @example
   * \`\`\`ts
   * webhooks.on({ ${exampleLit}: ({ payload }) => save(payload) });
   * \`\`\`
   */
  on(handlers: ${w.handlers}<F>): ${w.router}<F, I, U>;
  /**
   * Runs \`handler\` for every verified delivery: valid ones (\`valid: true\`); unless \`invalidPayload: 'reject'\`, those whose payload does not match its model (\`valid: false\`, \`payload\` plain JSON); and unless \`unknownTopics: 'reject'\`, those of a topic the spec does not list (\`known: false\`, \`payload\` plain JSON).
   * @example
   * \`\`\`ts
   * webhooks.onAny((event) => log.info({ topic: event.topic, valid: event.valid, key: event.deliveryKey }));
   * \`\`\`
   */
  onAny(handler: (event: ${w.anyEvent}<F, I, U>) => unknown): ${w.router}<F, I, U>;
  /**
   * Runs \`handler\` for every genuine delivery whose payload does not match its model (answered 2xx all the same, unless a handler fails): keep it for review or \`npm run drift\`. Typed topic handlers never see such a delivery.
   * @example
   * \`\`\`ts
   * webhooks.onUnvalidated((event) => review.save(event.topic, event.payload, event.drift));
   * \`\`\`
   */
  onUnvalidated(handler: (event: ${w.unvalidatedEvent}) => unknown): ${w.router}<F, I, U>;
  /**
   * Runs \`handler\` for every genuine delivery of a topic ${title}'s spec does not list (answered 2xx all the same, unless a handler fails): keep it for review, \`npm run drift\` (kind \`unknown-topic\`), and the spec. Typed topic handlers never see such a delivery.
   * @example
   * \`\`\`ts
   * webhooks.onUnknownTopic((event) => review.save(event.topic, event.payload));
   * \`\`\`
   */
  onUnknownTopic(handler: (event: ${w.unknownTopicEvent}) => unknown): ${w.router}<F, I, U>;
  /**
   * Gets each error of a handler (or a \`WebhookTimeoutError\`, or an error of the store) with the event, and errors of a request the middleware could not read (\`event\` undefined). Without an \`onError\` handler errors go to \`console.error\`.
   * @example
   * \`\`\`ts
   * webhooks.onError((error, event) => log.error({ err: error, topic: event?.topic, key: event?.deliveryKey }));
   * \`\`\`
   */
  onError(handler: (error: unknown, event: ${w.anyEvent}<F, I, U> | undefined) => unknown): ${w.router}<F, I, U>;
  /**
   * Receives a delivery from its headers and raw body, runs its handlers, and says what to answer: for frameworks without a fetch or Node adapter (Koa, Fastify with a raw body).
   * @example
   * \`\`\`ts
   * const answer = await webhooks.handle({ headers: req.headers, body: rawBody${text(route ? `, topic: ${lit(exampleTopic)}` : '')} });
   * reply.code(answer.status).send(answer.body);
   * \`\`\`
   */
  handle(input: ${r.input}): Promise<${w.answer}<F, I, U>>;
  /**
   * A Web fetch handler (Hono's \`c.req.raw\`, Workers, Deno, Bun, Next.js route handlers) that answers ${title} deliveries.${text(routeProse)}
   * @example
   * \`\`\`ts
   * const handler = webhooks.fetchHandler();
   * app.post('/hooks/${text(p.id)}${text(route ? '/:topic' : '')}', (c) => handler(c.req.raw)); // Hono
   * \`\`\`
   */
  fetchHandler(options?: FetchHandlerOptions): WebhookFetchHandler;
  /**
   * A Node middleware \`(req, res, next?)\` for \`http.createServer\`, Express and Connect: reads the raw body itself (or takes the bytes \`express.raw()\` left in \`req.body\`); after \`express.json()\` it fails at once, saying so.${text(routeProse)}
   * @example
   * \`\`\`ts
   * http.createServer(webhooks.nodeMiddleware(${routeOption})).listen(3000);
   * \`\`\`
   */
  nodeMiddleware(options?: NodeMiddlewareOptions): WebhookNodeMiddleware;
}
`);

  const optionsParam = b.param('options', b.type`${w.options}<F, I, U>`, { optional: optionsOptional });
  out.push(...b.stmts`
/**
 * Creates a router for ${title} webhooks over {@link ${r.factory}} (it takes the same options, and the router's).
 * The delivery key of a verified delivery is ${keyDoc}
 * @example
 * \`\`\`ts
 * import { ${w.factory} } from '@webhook-typegen/generated/${text(p.id)}';
 *
 * const webhooks = ${w.factory}({ ${text(receiverOptionsExample)} })
 *   .on(${exampleLit}, async ({ payload }) => { await save(payload); })
 *   .onError((error, event) => console.error(event?.topic, error));
 * export default { fetch: webhooks.fetchHandler() };
 * \`\`\`
 */
export function ${w.factory}<F extends ${idx.payloadField} = never, I extends InvalidPayloadAction = InvalidPayloadAction, U extends UnknownTopicAction = UnknownTopicAction>(${[optionsParam]}): ${w.router}<F, I, U> {
  // the runtime's types are the providers' common ground; this module's are the provider's own
  return createWebhooks(definition(), ${r.factory}(options), options) as unknown as ${w.router}<F, I, U>;
}
`);
  return { path: `${p.id}/webhooks`, sources: [`${p.specDir}/provider.yaml`], statements: out };
}
