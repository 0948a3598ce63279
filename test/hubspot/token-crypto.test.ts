import { randomBytes } from 'node:crypto';
import { TokenCrypto } from '../../src/security/token-crypto';

const key = randomBytes(32);
const token = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4';

describe('TokenCrypto', () => {
  it('round-trips a token in the versioned v1 format, with a fresh IV each time', () => {
    const crypto = new TokenCrypto(key);
    const first = crypto.encrypt(token, 62515);
    const second = crypto.encrypt(token, 62515);
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(token);
    expect(crypto.decrypt(first, 62515)).toBe(token);
    expect(crypto.decrypt(second, 62515)).toBe(token);
  });

  it('refuses a tampered ciphertext with a clear error', () => {
    const crypto = new TokenCrypto(key);
    const [version, iv, tag, body] = crypto.encrypt(token, 62515).split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 0x01;
    const tampered = [version, iv, tag, flipped.toString('base64url')].join('.');
    expect(() => crypto.decrypt(tampered, 62515)).toThrow(
      /Cannot decrypt the stored HubSpot token of portal 62515: it was altered, belongs to another portal, or TOKEN_ENCRYPTION_KEY changed/,
    );
    expect(() => crypto.decrypt('not-a-token', 62515)).toThrow(
      /not in the v1\.<iv>\.<tag>\.<ciphertext> format/,
    );
    expect(() => crypto.decrypt(`v1.${iv}.AAAA.${body}`, 62515)).toThrow(/wrong length/);
  });

  it('does not decrypt a ciphertext copied to another portal’s row', () => {
    const crypto = new TokenCrypto(key);
    const cipher = crypto.encrypt(token, 62515);
    expect(() => crypto.decrypt(cipher, 99999)).toThrow(/portal 99999/);
    expect(() => crypto.decrypt(cipher, 99999)).not.toThrow(new RegExp(token));
  });

  it('does not decrypt with another key', () => {
    const cipher = new TokenCrypto(key).encrypt(token, 62515);
    expect(() => new TokenCrypto(randomBytes(32)).decrypt(cipher, 62515)).toThrow(
      /TOKEN_ENCRYPTION_KEY changed/,
    );
  });

  it('requires a 32-byte key', () => {
    expect(() => new TokenCrypto(randomBytes(16))).toThrow(/must be 32 bytes/);
  });
});
