/**
 * The bank-card port: for resident ID holders, a check that the card belongs to the person
 * (name + ID number + card number, optionally the phone registered with the bank).
 */
export interface BankCardCheckInput {
  name: string;
  idNumber: string;
  /** Digits only, Luhn-valid (checked before the call). */
  cardNumber: string;
  phone?: string;
}

export interface BankCardCheckResult {
  passed: boolean;
  /** Readable Chinese reason when not passed. */
  reason?: string;
}

export interface BankCardProvider {
  readonly name: string;
  check(input: BankCardCheckInput): Promise<BankCardCheckResult>;
}
