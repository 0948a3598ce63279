import { randomUUID } from 'node:crypto';

/**
 * HubSpot's error bodies. Every CRM error carries `status: "error"`, a `message`, a
 * `correlationId` (support asks for it) and a `category`; validation errors add `errors[]` and
 * `context`. 429s add `errorType: "RATE_LIMIT"` and the `policyName` of the limit that was hit.
 */
export interface HubSpotErrorBody {
  status: string;
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: Array<{ message: string; code?: string; in?: string; context?: Record<string, string[]> }>;
  errorType?: string;
  policyName?: string;
  groupName?: string;
}

export class SimulatorError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly category: string,
    message: string,
    readonly extra: Partial<Omit<HubSpotErrorBody, 'message' | 'category' | 'correlationId'>> = {},
  ) {
    super(message);
    this.name = 'SimulatorError';
  }

  body(): HubSpotErrorBody {
    return {
      status: 'error',
      message: this.message,
      correlationId: randomUUID(),
      category: this.category,
      ...this.extra,
    };
  }
}

export const validationError = (message: string, extra: SimulatorError['extra'] = {}): SimulatorError =>
  new SimulatorError(400, 'VALIDATION_ERROR', message, extra);

export const notFound = (message = 'resource not found'): SimulatorError =>
  new SimulatorError(404, 'OBJECT_NOT_FOUND', message);

export const conflict = (message: string, extra: SimulatorError['extra'] = {}): SimulatorError =>
  new SimulatorError(409, 'CONFLICT', message, extra);

export const unauthorized = (message: string, category = 'INVALID_AUTHENTICATION'): SimulatorError =>
  new SimulatorError(401, category, message);

/** HubSpot's 429 body for a rolling-window limit (policy TEN_SECONDLY_ROLLING or SECONDLY). */
export function rateLimited(policyName: string, portalId: number): SimulatorError {
  return new SimulatorError(429, 'RATE_LIMITS', `You have reached your ${policyName.toLowerCase()} limit.`, {
    errorType: 'RATE_LIMIT',
    policyName,
    groupName: `publicapi:${portalId}`,
  });
}

/** One invalid property value, in the shape HubSpot lists them in a property validation message. */
export interface PropertyProblem {
  name: string;
  error: string;
  message: string;
}

export function invalidProperties(problems: PropertyProblem[]): SimulatorError {
  const listed = problems.map((problem) => ({
    isValid: false,
    message: problem.message,
    error: problem.error,
    name: problem.name,
    localizedErrorMessage: problem.message,
  }));
  return validationError(`Property values were not valid: ${JSON.stringify(listed)}`, {
    errors: problems.map((problem) => ({
      message: problem.message,
      code: problem.error,
      context: { propertyName: [problem.name] },
    })),
  });
}
