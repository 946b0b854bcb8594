import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ulid } from '@redress/core';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK } from 'jose';

export const SIGNING_ALG = 'EdDSA';

interface StoredKey {
  kid: string;
  createdAt: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * The portal's signing keys (Ed25519). The newest signs; every key stays in the JWKS, so a
 * rotation logs nobody out: tokens signed by the older key verify until they expire.
 */
export interface KeyStore {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwks: JSONWebKeySet;
  readonly verifyKey: ReturnType<typeof createLocalJWKSet>;
}

async function newKey(): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const kid = ulid().toLowerCase();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
  return { kid, createdAt: new Date().toISOString(), privateJwk: await exportJWK(privateKey), publicJwk };
}

async function toKeyStore(keys: StoredKey[]): Promise<KeyStore> {
  const newest = keys.at(-1);
  if (!newest) throw new Error('no signing key');
  const privateKey = (await importJWK(newest.privateJwk, SIGNING_ALG)) as CryptoKey;
  const jwks: JSONWebKeySet = { keys: keys.map((k) => k.publicJwk) };
  return { kid: newest.kid, privateKey, jwks, verifyKey: createLocalJWKSet(jwks) };
}

/** Keys for tests: made in memory, gone with the process. */
export async function memoryKeys(): Promise<KeyStore> {
  return toKeyStore([await newKey()]);
}

const keyFile = (dataDir: string) => join(dataDir, 'keys', 'signing-keys.json');

/** Loads the keys from the data folder, making the first one on first start. */
export async function loadOrCreateKeys(dataDir: string): Promise<KeyStore> {
  const file = keyFile(dataDir);
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify([await newKey()], null, 2), { mode: 0o600 });
  }
  return toKeyStore(JSON.parse(readFileSync(file, 'utf8')) as StoredKey[]);
}

/** Adds a new signing key (kept beside the old ones); returns its kid. Restart to sign with it. */
export async function rotateKeys(dataDir: string): Promise<string> {
  const file = keyFile(dataDir);
  const keys = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredKey[]) : [];
  const key = await newKey();
  // Keep the last three keys: enough for every token still alive after two rotations.
  const kept = [...keys, key].slice(-3);
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(kept, null, 2), { mode: 0o600 });
  return key.kid;
}
