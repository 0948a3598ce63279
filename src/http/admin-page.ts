import type { Response } from 'express';
import { page } from '../admin/layout';

/** An admin page in the shared frame (navigation, session, CSRF token for sign-out). */
export function sendPage(res: Response, status: number, view: Parameters<typeof page>[0]): void {
  res.status(status).type('html').send(page(view));
}
