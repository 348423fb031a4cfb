export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem answered by the API, as the pages show it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The machine-readable code (`auth.locked`, `scope.forbidden`…), or `network` when nothing answered. */
    readonly code: string,
    readonly detail: string,
    readonly retryAfterSeconds?: number,
    /** Field-by-field reasons of a 400 (`errors` of the problem), when the API gives them. */
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  get notFoundOrForbidden(): boolean {
    return this.status === 403 || this.status === 404;
  }
}

interface ProblemBody {
  errors?: unknown;
  code?: unknown;
  detail?: unknown;
  title?: unknown;
}

export async function apiErrorFrom(response: Response): Promise<ApiError> {
  let body: ProblemBody = {};
  try {
    body = (await response.json()) as ProblemBody;
  } catch {
    // A proxy's HTML error page: keep the status.
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    typeof body.code === 'string' ? body.code : `http.${response.status}`,
    typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : '',
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    fieldErrorsOf(body.errors),
  );
}

function fieldErrorsOf(errors: unknown): FieldError[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) => {
    if (typeof e !== 'object' || e === null) return [];
    const { field, message } = e as { field?: unknown; message?: unknown };
    return typeof message === 'string' ? [{ field: typeof field === 'string' ? field : '', message }] : [];
  });
}
