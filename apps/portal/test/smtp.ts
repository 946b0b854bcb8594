import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterThisTest } from './harness';

/** A mail as the SMTP server received it: the envelope and the parsed message. */
export interface Received {
  envelope: { from: string; to: string[] };
  user: string | undefined;
  mail: ParsedMail;
}

/**
 * A real SMTP server on a free local port for one test (smtp-server, stopped after the test),
 * with a user and password: what arrives is parsed with mailparser. `failNext(n, code)` answers
 * the next n messages with that SMTP reply code instead of accepting them.
 */
export async function smtpServer(options: { user?: string; password?: string } = {}) {
  const user = options.user ?? 'redress';
  const password = options.password ?? 'secret-pw';
  const received: Received[] = [];
  let failing = 0;
  let failCode = 451;
  let waiters: (() => void)[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user });
      return callback(new Error('invalid credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failing > 0) {
          failing--;
          const err = new Error('try again later') as Error & { responseCode: number };
          err.responseCode = failCode;
          return callback(err);
        }
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            received.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              user: session.user as string | undefined,
              mail,
            });
            for (const w of waiters) w();
            waiters = [];
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  afterThisTest(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `smtp://${user}:${password}@127.0.0.1:${port}`,
    port,
    received,
    failNext(n: number, code = 451) {
      failing = n;
      failCode = code;
    },
  };
}
