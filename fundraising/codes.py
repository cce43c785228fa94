"""Voucher codes: 11 random characters and 1 check character from an unambiguous 31-symbol alphabet.

Printed as XXXX-XXXX-XXXX. The check character makes the weighted sum sum(i * value_i) for i = 1..12 divisible
by 31. Because 31 is prime and the weights 1..12 are distinct, every single-character substitution and every
transposition of two characters (adjacent or not) changes the sum, so it is detected.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTVWXYZ"  # no 0/O, 1/I, U
BASE = len(ALPHABET)  # 31, prime
VALUES = {char: index for index, char in enumerate(ALPHABET)}
LENGTH = 12


def _check_char(data):
    total = sum((index + 1) * VALUES[char] for index, char in enumerate(data))
    # Find c with total + 12 * c ≡ 0 (mod 31): c = -total * inverse(12) mod 31.
    inverse = pow(LENGTH, -1, BASE)
    return ALPHABET[(-total * inverse) % BASE]


def generate_code():
    data = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))
    return data + _check_char(data)


def normalize_code(text):
    """Upper-case, drop spaces and dashes. Returns the 12-character code or None when the shape is wrong."""
    if not text or len(text) > 40:
        return None
    code = "".join(ch for ch in str(text).upper() if ch not in " -\t\n")
    if len(code) != LENGTH or any(ch not in VALUES for ch in code):
        return None
    return code


def is_valid_code(text):
    code = normalize_code(text)
    if code is None:
        return False
    return sum((index + 1) * VALUES[char] for index, char in enumerate(code)) % BASE == 0


def format_code(code):
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
