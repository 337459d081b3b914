/**
 * The generated messages (proto/gen) as the plain objects that cross a process
 * boundary: JSON between the services, Temporal payloads between workflows.
 */

type Bookkeeping = '$typeName' | '$unknown';
type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];
type Flat<T> = { [K in keyof T]: T[K] };

/**
 * A generated message without protobuf-es bookkeeping fields, at every depth.
 * An optional field (proto `optional`, or a message field) may be missing or
 * null: the services write null for a missing value, which proto3 JSON reads
 * as unset. Use the generated `…Valid` type for a message whose `required`
 * message fields are set (an answer of a service).
 */
export type Plain<T> = T extends readonly (infer E)[]
  ? Plain<E>[]
  : T extends { $typeName: string }
    ? Flat<
        { [K in Exclude<keyof T, Bookkeeping | OptionalKeys<T>>]: Plain<T[K]> } & {
          [K in Exclude<OptionalKeys<T>, Bookkeeping>]?: Plain<Exclude<T[K], undefined>> | null;
        }
      >
    : T;

declare const forwarded: unique symbol;

/**
 * A request body handed on unread: the gateway forwards the browser's JSON, and
 * the service parses and checks it (lib/validate.ts), so its refusals reach the
 * browser as they are.
 */
export type Forwarded = { readonly [forwarded]: true };
export const forward = (body: unknown) => body as Forwarded;

/** What a client method takes as a body: the message, or a body forwarded unread. */
export type Body<T> = Plain<T> | Forwarded;

/** A time as the contracts carry it: ISO 8601 text, what JSON makes of a Date. */
export const isoTime = (at: Date | string): string => new Date(at).toISOString();
export const isoTimeOrNull = (at: Date | string | null | undefined): string | null => (at == null ? null : isoTime(at));

/** What a client method answers: `Answer<PolicyClient['scope']>`. */
export type Answer<Method extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<Method>>;
