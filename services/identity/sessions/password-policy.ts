/** The password rules of the Security block. */
export interface PasswordPolicy {
  minLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireDigit: boolean;
  requireSpecial: boolean;
}

/** The rules a password does not meet, in words; empty when it passes. */
export function unmetPasswordRules(password: string, p: PasswordPolicy): string[] {
  const unmet: string[] = [];
  if ([...password].length < p.minLength) unmet.push(`at least ${p.minLength} characters`);
  if (p.requireLowercase && !/\p{Ll}/u.test(password)) unmet.push('a lowercase letter');
  if (p.requireUppercase && !/\p{Lu}/u.test(password)) unmet.push('an uppercase letter');
  if (p.requireDigit && !/\p{Nd}/u.test(password)) unmet.push('a digit');
  if (p.requireSpecial && !/[^\p{L}\p{Nd}]/u.test(password)) unmet.push('a special character');
  return unmet;
}
