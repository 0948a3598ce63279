import { z } from 'zod/v4';

/** Field rules several playbook sections share, so a domain or an owner id reads the same everywhere. */

export const points = z.number().int().min(-100).max(100);
export const words = z.array(z.string().trim().min(1)).min(1);
export const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a bare domain such as acme.com (no scheme, path or @)');
export const ownerId = z.string().regex(/^\d+$/, 'a HubSpot owner id such as "12345678"');
export const isoDay = /^\d{4}-\d{2}-\d{2}$/;
export const dayOrRange = z
  .string()
  .refine(
    (text) => text.split('..').length <= 2 && text.split('..').every((day) => isoDay.test(day.trim())),
    'a day YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD (UTC)',
  );
