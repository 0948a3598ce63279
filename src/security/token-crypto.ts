import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HandoffError } from '../errors';

/**
 * Encrypts OAuth tokens at rest with AES-256-GCM. The portal id is authenticated as associated
 * data, so a ciphertext copied into another portal's row does not decrypt there. The text form is
 * versioned (`v1.<iv>.<tag>.<ciphertext>`, base64url) so the scheme or key can change later.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class TokenCrypto {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) {
      throw new HandoffError(
        'config_invalid',
        `TOKEN_ENCRYPTION_KEY must be 32 bytes (64 hex characters, or base64 of 32 bytes); got ${key.length} bytes`,
      );
    }
    this.key = Buffer.from(key);
  }

  encrypt(plaintext: string, portalId: number): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(portalId));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
    return [VERSION, ...parts].join('.');
  }

  decrypt(text: string, portalId: number): string {
    const [version, iv, tag, body, ...rest] = text.split('.');
    if (
      version !== VERSION ||
      iv === undefined ||
      tag === undefined ||
      body === undefined ||
      rest.length > 0
    ) {
      throw undecryptable(portalId, 'it is not in the v1.<iv>.<tag>.<ciphertext> format');
    }
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
      throw undecryptable(portalId, 'its IV or tag has the wrong length');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(portalId));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw undecryptable(
        portalId,
        'it was altered, belongs to another portal, or TOKEN_ENCRYPTION_KEY changed since it was stored',
      );
    }
  }
}

function associatedData(portalId: number): Buffer {
  return Buffer.from(`handoff:portal:${portalId}`, 'utf8');
}

function undecryptable(portalId: number, why: string): HandoffError {
  return new HandoffError(
    'hubspot_auth',
    `Cannot decrypt the stored HubSpot token of portal ${portalId}: ${why}. ` +
      'Restore the TOKEN_ENCRYPTION_KEY the token was stored with, or reinstall the app in that portal.',
    500,
    { portalId },
  );
}
