// An error the emulated service answers with: AWS JSON 1.1 puts the code in `__type` and the
// text in `message`, with the HTTP status the real service uses for that code.
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const invalidRequest = (message: string) => new AwsError('InvalidRequestException', message);
export const notFound = (message: string) => new AwsError('NotFoundException', message);
export const accessDenied = (message: string) => new AwsError('AccessDeniedException', message);
export const throttled = () => new AwsError('ThrottlingException', 'Rate exceeded');
