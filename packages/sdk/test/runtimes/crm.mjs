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

  // Evidence: a photo as a Blob, uploaded, listed and downloaded back (no Buffer: every runtime).
  const png = new Uint8Array(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0c93b1a0000000049454e44ae426082'
      .match(/../g)
      .map((h) => Number.parseInt(h, 16)),
  );
  const photo = await redress.attachments.upload(
    env.CRM_COMPLAINT_ID,
    new Blob([png], { type: 'image/png' }),
    {
      fileName: 'crm.png',
    },
  );
  const listed = await redress.attachments.list(env.CRM_COMPLAINT_ID);
  const download = await redress.attachments.download(photo.id);
  const back = new Uint8Array(await download.arrayBuffer());
  const attachment = {
    fileName: photo.fileName,
    contentType: photo.contentType,
    listed: listed.data.length,
    downloadedType: download.headers.get('content-type'),
    sameBytes: back.length === png.length && back.every((b, i) => b === png[i]),
  };

  return {
    pages,
    attachment,
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
