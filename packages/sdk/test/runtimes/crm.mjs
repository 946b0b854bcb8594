/**
 * A merchant CRM's script, as the SDK's consumer test runs it under every supported runtime
 * (see ../runtimes.test.ts): a token from the client credentials, every complaint page by
 * page, one action, a typed 404, and a webhook delivery the portal sent, verified by the SDK
 * and by the reference `standardwebhooks` library.
 *
 * It takes the modules and the settings as arguments, so that each runtime's entry point
 * (main.mjs, main.cjs, worker.mjs) loads them its own way: `import`, `require`, a bundle.
 *
 * @param {typeof import('@redress/sdk')} sdk
 * @param {{ Webhook: typeof import('standardwebhooks').Webhook }} standardwebhooks
 * @param {Record<string, string | undefined>} env
 */
export async function crm(sdk, standardwebhooks, env) {
  const { Redress, ApiError, NotFoundError, WebhookVerificationError, webhooks } = sdk;
  const redress = new Redress({
    baseUrl: env.REDRESS_BASE_URL,
    clientId: env.REDRESS_CLIENT_ID,
    clientSecret: env.REDRESS_CLIENT_SECRET,
    maxRetries: 0,
  });

  // Paging: every complaint addressed to the merchant, a few per page.
  let pages = 0;
  const ids = [];
  for await (const page of redress.complaints.list({ limit: 5 }).pages()) {
    pages += 1;
    for (const complaint of page.data) ids.push(complaint.id);
  }

  // One action: a POST, with the Idempotency-Key the SDK makes.
  const acknowledged = await redress.complaints.acknowledge(env.CRM_COMPLAINT_ID);

  // A typed 404: another merchant's complaint is not found, not forbidden.
  let notFound = null;
  try {
    await redress.complaints.get(env.CRM_FOREIGN_COMPLAINT_ID);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    notFound = {
      name: err.name,
      status: err.status,
      isApiError: err instanceof ApiError,
      hasRequestId: typeof err.requestId === 'string' && err.requestId.length > 0,
    };
  }

  // A webhook delivery as the receiver got it: the SDK and the reference library agree.
  const delivery = JSON.parse(env.CRM_WEBHOOK ?? '{}');
  const event = await webhooks.verify(delivery.body, delivery.headers, delivery.secret);
  const reference = new standardwebhooks.Webhook(delivery.secret).verify(delivery.body, delivery.headers);
  const tampered = delivery.body.replace(/"cmp_/, '"cmq_');
  let sdkRefusesTampered = null;
  await webhooks.verify(tampered, delivery.headers, delivery.secret).catch((err) => {
    sdkRefusesTampered = err instanceof WebhookVerificationError ? err.message : String(err);
  });
  let referenceRefusesTampered = false;
  try {
    new standardwebhooks.Webhook(delivery.secret).verify(tampered, delivery.headers);
  } catch {
    referenceRefusesTampered = true;
  }

  return {
    pages,
    ids,
    acknowledged: { id: acknowledged.id, status: acknowledged.status },
    notFound,
    webhook: {
      type: event.type,
      id: event.id,
      sameAsReference: JSON.stringify(event) === JSON.stringify(reference),
      sdkRefusesTampered,
      referenceRefusesTampered,
    },
  };
}
