/**
 * The shared vocabulary of the product: every list of values that crosses a
 * process or reaches a screen. Declared once, as enums in
 * proto/extranet/v1/vocabulary.proto; the lists and literal types here are
 * derived from the code generated from it, never restated. Services, gateway,
 * workflows and both web apps import them. Human wording is in wording.ts.
 *
 * The wire name of a value (what the JSON API and the database carry): the
 * generated enum member (the proto value without the enum's prefix), lower
 * case, its words joined with "_" (snake), "-" (kebab) or in lowerCamelCase
 * (camel), as each list below says; the UNSPECIFIED zero value is no value.
 * So RequestStatus.IN_PROGRESS is 'in_progress', Permission.REQUEST_CHAT_READ
 * is 'requestChatRead', DiagnosticStep.EFFECTIVE_POLICY is 'effective-policy'.
 */
import {
  ChannelKind as ChannelKindEnum,
  DiagnosticObject as DiagnosticObjectEnum,
  DiagnosticStep as DiagnosticStepEnum,
  DocumentAction as DocumentActionEnum,
  DocumentStatus as DocumentStatusEnum,
  NotificationKind as NotificationKindEnum,
  SignatureStatus as SignatureStatusEnum,
  SignerState as SignerStateEnum,
  SigningOrder as SigningOrderEnum,
  EmployeeRole as EmployeeRoleEnum,
  GrantRule as GrantRuleEnum,
  InvitationStatus as InvitationStatusEnum,
  LinkStatus as LinkStatusEnum,
  Permission as PermissionEnum,
  RequestStatus as RequestStatusEnum,
} from '../proto/gen/extranet/v1/vocabulary_pb.js';

type Style = 'snake' | 'kebab' | 'camel';
type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type Kebab<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}-${Kebab<Tail>}` : S;
type Members<E> = Exclude<keyof E, 'UNSPECIFIED'> & string;
/** The wire names of a generated enum, as a union of string literals. */
export type WireName<E, S extends Style> = S extends 'camel'
  ? Camel<Lowercase<Members<E>>>
  : S extends 'kebab'
    ? Kebab<Lowercase<Members<E>>>
    : Lowercase<Members<E>>;

/** The wire name of one generated enum member: see the naming rule above. */
export function wireName(member: string, style: Style): string {
  const words = member.toLowerCase().split('_');
  if (style === 'camel') return words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return words.join(style === 'kebab' ? '-' : '_');
}

/** The wire names of a generated enum's values, in declaration order, without UNSPECIFIED. */
export function wireNames<E extends Record<string, string | number>, S extends Style>(generated: E, style: S): readonly WireName<E, S>[] {
  // A numeric TypeScript enum also maps each number back to its name: the members are the keys with numeric values.
  const members = Object.keys(generated).filter((k) => typeof generated[k] === 'number' && generated[k] !== 0);
  return Object.freeze(members.map((m) => wireName(m, style) as WireName<E, S>));
}

/** Permissions of the seed's policy table, plus document access. */
export const PERMISSIONS = wireNames(PermissionEnum, 'camel');
export type Permission = (typeof PERMISSIONS)[number];

/** What a new link gets at first, within the company policy: requests, their chat and documents (seed 000: "Emily will see only her company’s requests and documents"). */
export const STARTER_PERMISSIONS: readonly Permission[] = ['requestCreate', 'requestChatRead', 'requestChatSend', 'documents'];

/** The permissions a client turns on themselves: the channel connections. */
export const CHANNEL_KINDS = wireNames(ChannelKindEnum, 'snake');
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Employee roles of the governance area. */
export const EMPLOYEE_ROLES = wireNames(EmployeeRoleEnum, 'snake');
export type EmployeeRole = (typeof EMPLOYEE_ROLES)[number];

/** Who, besides administrators, may grant extranet access to a company's contacts. */
export const GRANT_RULES = wireNames(GrantRuleEnum, 'snake');
export type GrantRule = (typeof GRANT_RULES)[number];

/** A link's lifecycle: active, disabled (paused), revoked (final). */
export const LINK_STATUSES = wireNames(LinkStatusEnum, 'snake');
export type LinkStatus = (typeof LINK_STATUSES)[number];

export const INVITATION_STATUSES = wireNames(InvitationStatusEnum, 'snake');
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const REQUEST_STATUSES = wireNames(RequestStatusEnum, 'snake');
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const DOCUMENT_STATUSES = wireNames(DocumentStatusEnum, 'snake');
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** What the client is expected to do with a published document. */
export const DOCUMENT_ACTIONS = wireNames(DocumentActionEnum, 'snake');
export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];

/** How the signers of a signature request take their turns. */
export const SIGNING_ORDERS = wireNames(SigningOrderEnum, 'snake');
export type SigningOrder = (typeof SIGNING_ORDERS)[number];

export const SIGNATURE_STATUSES = wireNames(SignatureStatusEnum, 'snake');
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];

export const SIGNER_STATES = wireNames(SignerStateEnum, 'snake');
export type SignerState = (typeof SIGNER_STATES)[number];

/** What a notification is about: the first five reach clients, the others employees. */
export const NOTIFICATION_KINDS = wireNames(NotificationKindEnum, 'snake');
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const CLIENT_NOTIFICATION_KINDS = NOTIFICATION_KINDS.slice(0, 5);
export const EMPLOYEE_NOTIFICATION_KINDS = NOTIFICATION_KINDS.slice(5);

/** The kinds of object diagnostics can explain. */
export const DIAGNOSTIC_OBJECTS = wireNames(DiagnosticObjectEnum, 'snake');
export type DiagnosticObject = (typeof DIAGNOSTIC_OBJECTS)[number];

/** The elements diagnostics walks, in order. */
export const DIAGNOSTIC_STEPS = wireNames(DiagnosticStepEnum, 'kebab');
export type DiagnosticStep = (typeof DIAGNOSTIC_STEPS)[number];

/** A value of a vocabulary list, or undefined: the one way untrusted text becomes a vocabulary value. */
export function oneOf<const T extends readonly string[]>(list: T, value: unknown): T[number] | undefined {
  return typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T[number]) : undefined;
}
