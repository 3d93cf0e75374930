// Check-digit algorithms of the account and security identifiers (ml.md §8.1–§8.2).

/** ISO 7064 mod 97-10 over digits and letters (A = 10 … Z = 35), digit by digit: no big integers. */
export function mod97(value: string): number {
  let remainder = 0;
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code >= 48 && code <= 57) {
      remainder = (remainder * 10 + (code - 48)) % 97;
    } else if (code >= 65 && code <= 90) {
      remainder = (remainder * 100 + (code - 55)) % 97;
    } else {
      return -1;
    }
  }
  return remainder;
}

/** IBAN check: the first four characters moved to the end leave remainder 1 modulo 97. */
export function ibanChecksumValid(compact: string): boolean {
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

/** LEI (ISO 17442): the 20 characters as a number leave remainder 1 modulo 97. */
export function leiValid(value: string): boolean {
  return /^[A-Z0-9]{18}\d{2}$/.test(value) && mod97(value) === 1;
}

function alphanumericValue(char: string): number {
  const code = char.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55;
}

/** ISIN (ISO 6166): letters expanded to two digits, then the Luhn check over the whole string. */
export function isinValid(value: string): boolean {
  if (!/^[A-Z]{2}[A-Z0-9]{9}\d$/.test(value)) {
    return false;
  }
  const digits = [...value].map((char) => String(alphanumericValue(char))).join('');
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** CUSIP: weights 1, 2 on the first eight characters (`*@#` = 36–38), digit sums, mod 10. */
export function cusipValid(value: string): boolean {
  if (!/^[0-9A-Z*@#]{8}\d$/.test(value)) {
    return false;
  }
  let sum = 0;
  for (let index = 0; index < 8; index += 1) {
    const char = value[index]!;
    let digit = char === '*' ? 36 : char === '@' ? 37 : char === '#' ? 38 : alphanumericValue(char);
    if (index % 2 === 1) {
      digit *= 2;
    }
    sum += Math.floor(digit / 10) + (digit % 10);
  }
  return (10 - (sum % 10)) % 10 === Number(value[8]);
}

const SEDOL_WEIGHTS = [1, 3, 1, 7, 3, 9, 1];

/** SEDOL: no vowels, weights 1 3 1 7 3 9 1, weighted sum divisible by 10. */
export function sedolValid(value: string): boolean {
  if (!/^[0-9BCDFGHJKLMNPQRSTVWXYZ]{6}\d$/.test(value)) {
    return false;
  }
  let sum = 0;
  for (let index = 0; index < 7; index += 1) {
    sum += alphanumericValue(value[index]!) * SEDOL_WEIGHTS[index]!;
  }
  return sum % 10 === 0;
}
