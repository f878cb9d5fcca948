/**
 * The Luhn mod-10 check (ISO/IEC 7812-1, annex B) that every payment card number passes: from
 * the right, double every second digit (subtracting 9 when the result exceeds 9) and require a
 * total divisible by 10. It catches every single-digit typo, and a random digit string passes
 * only one time in ten — which is why a 16-digit order number is usually *not* taken for a card.
 */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
