import { randomUUID } from 'node:crypto';

export function esc(value: string | number | boolean): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export const NAMESPACES = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
} as const;

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>` — the Query protocol's success shape. */
export function queryResponse(service: 'sts' | 'iam' | 'cloudformation', action: string, resultXml: string, requestId = randomUUID()): string {
  return `<${action}Response xmlns="${NAMESPACES[service]}">
  <${action}Result>
${resultXml}
  </${action}Result>
  <ResponseMetadata>
    <RequestId>${requestId}</RequestId>
  </ResponseMetadata>
</${action}Response>
`;
}

/** The Query protocol's error shape (STS, IAM): `<ErrorResponse><Error><Type><Code><Message>`. */
export function queryError(service: 'sts' | 'iam' | 'cloudformation', code: string, message: string, type: 'Sender' | 'Receiver' = 'Sender', requestId = randomUUID()): string {
  return `<ErrorResponse xmlns="${NAMESPACES[service]}">
  <Error>
    <Type>${type}</Type>
    <Code>${esc(code)}</Code>
    <Message>${esc(message)}</Message>
  </Error>
  <RequestId>${requestId}</RequestId>
</ErrorResponse>
`;
}

/** EC2's own error dialect: `<Response><Errors><Error>…</Error></Errors><RequestID>`. */
export function ec2Error(code: string, message: string, requestId = randomUUID()): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>
`;
}
