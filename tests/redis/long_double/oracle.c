/* Oracle for src/keyspace/long_double.rs: prints, for many edge and random inputs, what
 * gcc's x86-64 `long double` and glibc do with them, the way Redis 7.0's INCRBYFLOAT uses
 * them. Three kinds of lines, fields separated by one space:
 *
 *   parse TEXT BITS|refused   string2ld's acceptance rules around strtold
 *   add BITS BITS BITS|nan    one x87 addition
 *   human BITS TEXT           ld2string's LD_STR_HUMAN (%.17Lf, zeros and '.' trimmed, -0 -> 0),
 *                             each followed by the parse line of its TEXT
 *
 * BITS is the 80-bit value as 20 hex digits: sign and biased exponent (4), mantissa (16).
 * TEXT escapes bytes outside '!'..'~' and the backslash as \xHH. Deterministic (fixed seed).
 * Build and run: regenerate.sh beside this file. */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUFFER 5120 /* MAX_LONG_DOUBLE_CHARS */

static uint64_t state = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void) { /* splitmix64 */
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static long below(long n) { return (long)(next() % (uint64_t)n); }
static long between(long lo, long hi) { return lo + below(hi - lo + 1); }

static void bits(long double x, char *out) {
    unsigned char raw[16];
    uint64_t mantissa;
    uint16_t top;
    memset(raw, 0, sizeof raw);
    memcpy(raw, &x, 10);
    memcpy(&mantissa, raw, 8);
    memcpy(&top, raw + 8, 2);
    sprintf(out, "%04x%016llx", top, (unsigned long long)mantissa);
}

static void escaped(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < '!' || c > '~' || c == '\\') printf("\\x%02x", c);
        else putchar(c);
    }
}

/* Redis 7.0's string2ld acceptance, as a reference for the Rust port. */
static int redis_string2ld(const char *s, size_t slen, long double *dp) {
    char buf[BUFFER];
    char *eptr;
    if (slen == 0 || slen >= sizeof buf) return 0;
    memcpy(buf, s, slen);
    buf[slen] = '\0';
    errno = 0;
    long double value = strtold(buf, &eptr);
    if (isspace((unsigned char)buf[0]) || eptr[0] != '\0' || (size_t)(eptr - buf) != slen ||
        (errno == ERANGE && (value == HUGE_VAL || value == -HUGE_VAL || fpclassify(value) == FP_ZERO)) ||
        errno == EINVAL || isnan(value))
        return 0;
    *dp = value;
    return 1;
}

static void parse_len(const char *s, size_t len) {
    long double value;
    char b[32];
    printf("parse ");
    escaped(s, len);
    if (redis_string2ld(s, len, &value)) {
        bits(value, b);
        printf(" %s\n", b);
    } else {
        printf(" refused\n");
    }
}
static void parse(const char *s) { parse_len(s, strlen(s)); }

static void add(long double a, long double b) {
    char x[32], y[32], z[32];
    volatile long double sum = a + b;
    bits(a, x);
    bits(b, y);
    if (isnan(sum)) strcpy(z, "nan");
    else bits(sum, z);
    printf("add %s %s %s\n", x, y, z);
}

static char human_buf[BUFFER];
static void human(long double x) {
    char b[32];
    int l = snprintf(human_buf, sizeof human_buf, "%.17Lf", x);
    if (l + 1 > (int)sizeof human_buf) { fprintf(stderr, "no room\n"); exit(1); }
    if (strchr(human_buf, '.')) {
        char *p = human_buf + l - 1;
        while (*p == '0') { p--; l--; }
        if (*p == '.') l--;
    }
    if (l == 2 && human_buf[0] == '-' && human_buf[1] == '0') { human_buf[0] = '0'; l = 1; }
    human_buf[l] = '\0';
    bits(x, b);
    printf("human %s %s\n", b, human_buf);
    parse(human_buf); /* what the next INCRBYFLOAT reads back */
}

/* A random finite long double: 64 random mantissa bits, binary exponent in [lo, hi]. */
static long double random_value(int lo, int hi) {
    uint64_t m = next() | (1ULL << 63);
    if (below(4) == 0) m &= ~0ULL << between(1, 63); /* short mantissas too */
    long double x = ldexpl((long double)m, (int)between(lo, hi) - 63);
    return below(2) ? -x : x;
}

/* Random decimal text: digits, a point somewhere, maybe an exponent. */
static void random_decimal(char *out, int max_digits, int exponent_range) {
    int n = (int)between(1, max_digits), at = 0;
    if (below(3) == 0) out[at++] = below(2) ? '-' : '+';
    int point = (int)between(-1, n);
    for (int i = 0; i < n; i++) {
        if (i == point) out[at++] = '.';
        out[at++] = (char)('0' + (i == 0 && below(2) ? between(1, 9) : below(10)));
    }
    if (point == n) out[at++] = '.';
    if (exponent_range > 0 && below(3) != 0)
        at += sprintf(out + at, "%c%ld", below(2) ? 'e' : 'E', between(-exponent_range, exponent_range));
    out[at] = '\0';
}

/* a + b for plain decimal texts of the same shape "D.DDD" with equal decimals. */
static void decimal_sum(const char *a, const char *b, char *out) {
    size_t la = strlen(a), lb = strlen(b), n = la > lb ? la : lb;
    int carry = 0;
    out[n + 1] = '\0';
    for (size_t i = 0; i < n; i++) {
        char ca = i < la ? a[la - 1 - i] : '0', cb = i < lb ? b[lb - 1 - i] : '0';
        if (ca == '.') { out[n - i] = '.'; continue; }
        int d = (ca - '0') + (cb - '0') + carry;
        out[n - i] = (char)('0' + d % 10);
        carry = d / 10;
    }
    out[0] = (char)('0' + carry);
}

static char text[20000], text2[20000], text3[20000];

int main(void) {
    static const char *fixed[] = {
        "0", "-0", "+0", "0.0", "-0.0", ".0", "0.", "1", "-1", "10", "10.5", "0.1", "0.2", "0.3",
        "1.1", "2.2", "3.0e-1", "5.0e3", "1e5000", "1e4932", "1e4000", "-1e4000", "1e-5000",
        "1e-4940", "1e-4950", "1e-4951", "2e-4951", "1.8e-4951", "1.9e-4951", "3.6e-4951",
        "3.7e-4951", "1.18973149535723176502e4932", "1.18973149535723176503e4932",
        "1.2e4932", "inf", "-inf", "+inf", "Inf", "INFINITY", "-Infinity", "infinit", "infx",
        "nan", "-nan", "NaN", "nan(1)", "0x1p3", "0X1P3", "0x1.8p1", "0x.8", "0x", "0x.", "0xp1",
        "0x1p", "0x1p+", "0x1p-16445", "0x1p-16446", "0x1.0000000000000001p-16446",
        "0x1.8p-16446", "0x1p-16447", "0x1p16383", "0x1p16384", "0x1.ffffffffffffffffp16383",
        "0x1.fffffffffffffffe8p16383", "0x1.fffffffffffffffe7p16383", "0x1.00000000000000008",
        "0x1.00000000000000018", "0x1.000000000000000080001", "0xffffffffffffffff",
        "0x1ffffffffffffffff", "0x1p-99999999999999999999", "0x1p99999999999999999999",
        "0x0p99999999999999999999", " 1", "1 ", "\t1", "1\n", "", "+", "-", ".", "e1", "1e",
        "1e+", "1e-", "1.e5", ".5", "-.5", "+.5e1", "1..2", "1.2.3", "--1", "+-1", "- 1", "1e5e3",
        "1f", "0e99999999999999999999999", "-0e-99999999999999999999", "1e99999999999999999999",
        "1e-99999999999999999999", "18446744073709551615", "18446744073709551616",
        "18446744073709551617", "18446744073709551614", "18446744073709551615.5",
        "18446744073709551614.5", "18446744073709551617.0000000001", "36893488147419103233",
        "36893488147419103235", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "9223372036854775807.5", "2.2250738585072014e-308",
        "4.9406564584124654e-324", "2.4703282292062327e-324", "1.7976931348623157e308",
        "1e309", "0.000000000000000000000000000001", "123456789012345678901234567890",
        "3.141592653589793238462643383279502884197", "0.30000000000000000001", "1E5", "1e+05",
        "00000000000000000000001", "0000.0000", "1_000", "0b101", "1,5", "١",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) parse(fixed[i]);
    parse_len("1\0", 2);
    parse_len("\0", 1);
    parse_len("1\0" "5", 3);
    /* Around the 5120-byte buffer. */
    for (int len = 5117; len <= 5121; len++) {
        text[0] = '1';
        text[1] = '.';
        memset(text + 2, '0', (size_t)len - 3);
        text[len - 1] = '1';
        text[len] = '\0';
        parse(text);
    }
    /* Long digit strings. */
    for (int i = 0; i < 60; i++) {
        random_decimal(text, 5000, i % 2 ? 0 : 5000);
        parse(text);
    }
    for (int i = 0; i < 1500; i++) {
        random_decimal(text, i % 5 ? 25 : 300, i % 3 == 0 ? 30 : i % 3 == 1 ? 400 : 4960);
        parse(text);
    }
    /* Subnormal decimals: glibc rounds these exactly (its lost rounding bit, see the hex
     * cases below, only matters for inputs whose binary expansion ends right there). */
    for (int i = 0; i < 200; i++) {
        random_decimal(text, i % 4 ? 21 : 120, 0);
        size_t len = strlen(text);
        sprintf(text + len, "e%ld", between(-4965, -4935));
        parse(text);
    }
    /* Decimal ties and their neighbours: x + half an ulp, written out exactly. */
    for (int i = 0; i < 600; i++) {
        long double x = fabsl(random_value(-60, 80));
        int e;
        frexpl(x, &e);
        long double half = ldexpl(1.0L, e - 65);
        snprintf(text, sizeof text, "%.200Lf", x);
        snprintf(text2, sizeof text2, "%.200Lf", half);
        decimal_sum(text, text2, text3);
        size_t len = strlen(text3);
        while (text3[len - 1] == '0') text3[--len] = '\0';
        parse(text3);
        if (i % 3 == 1) { text3[len++] = '1'; text3[len] = '\0'; parse(text3); }
        if (i % 3 == 2) { text3[len - 1] = (char)(text3[len - 1] - 1); parse(text3); }
    }
    /* The overflow threshold: the largest value plus half its ulp, exactly, and below it. */
    snprintf(text, sizeof text, "%.0Lf", LDBL_MAX);
    snprintf(text2, sizeof text2, "%.0Lf", ldexpl(1.0L, 16383 - 64));
    decimal_sum(text, text2, text3);
    parse(text3);
    text3[strlen(text3) - 1] = (char)(text3[strlen(text3) - 1] - 1);
    parse(text3);
    /* Hexadecimal floats, ties included. */
    for (int i = 0; i < 500; i++) {
        int at = sprintf(text, "%s0x", below(4) ? "" : "-");
        int n = (int)between(1, i % 4 ? 18 : 40), point = (int)between(-1, n);
        for (int j = 0; j < n; j++) {
            if (j == point) text[at++] = '.';
            text[at++] = "0123456789abcdefABCDEF"[j == 0 ? between(1, 21) : below(22)];
        }
        if (below(5)) {
            long range = i % 3 == 0 ? 16500 : 100;
            at += sprintf(text + at, "p%ld", i % 3 == 2 ? between(-16460, -16370) : between(-range, range));
        }
        text[at] = '\0';
        parse(text);
    }
    for (int i = 0; i < 200; i++) { /* exact hex ties: 65 significant bits */
        uint64_t m = next() | (1ULL << 63);
        int e = i % 2 ? (int)between(-16450, -16380) : (int)between(-100, 100);
        sprintf(text, "0x%016llx8p%d", (unsigned long long)m, e);
        parse(text);
    }

    /* Additions. */
    static const long double specials[] = {0.0L, -0.0L, 1.0L, -1.0L, 0.1L, 0.2L, 1e4932L,
                                           -1e4932L, LDBL_MAX, -LDBL_MAX, LDBL_MIN, -LDBL_MIN,
                                           0x1p-16445L, -0x1p-16445L, 18446744073709551615.0L,
                                           9223372036854775808.0L, 1e-4940L};
    size_t ns = sizeof specials / sizeof *specials;
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < ns; j++) add(specials[i], specials[j]);
    add(INFINITY, 1.0L);
    add(INFINITY, INFINITY);
    add(INFINITY, -INFINITY);
    add(-INFINITY, -1e4000L);
    add(1.0L, -INFINITY);
    for (int i = 0; i < 3000; i++) {
        long double a, b;
        switch (i % 6) {
        case 0: a = random_value(-100, 100); b = random_value(-100, 100); break;
        case 1: a = random_value(-30, 30); b = ldexpl(random_value(0, 0), (int)between(-140, 10)); break;
        case 2: /* cancellation */
            a = random_value(-50, 50);
            b = -a + ldexpl(random_value(0, 0), (int)between(-130, -40)) * fabsl(a);
            break;
        case 3: a = random_value(16370, 16383); b = random_value(16300, 16383); break;
        case 4: a = random_value(-16445, -16370); b = random_value(-16445, -16370); break;
        default: a = random_value(-16400, 16383); b = random_value(-16400, 16383); break;
        }
        add(a, b);
    }
    for (int i = 0; i < 300; i++) { /* sums of parsed decimals, as INCRBYFLOAT sees them */
        random_decimal(text, 20, 20);
        random_decimal(text2, 20, 20);
        long double a = strtold(text, NULL), b = strtold(text2, NULL);
        if (isfinite(a) && isfinite(b)) add(a, b);
    }

    /* Human formatting. */
    static const long double shown[] = {0.0L, -0.0L, 1.0L, -1.0L, 0.1L, 10.1L, 1e-17L, 5e-18L,
                                        4e-18L, 6e-18L, -5e-18L, -1e-20L, 0x1p-18L, 0x3p-18L,
                                        0x5p-18L, -0x1p-18L, 0x1p-57L, 0x1p-70L, 1e4000L,
                                        -1e4000L, LDBL_MAX, -LDBL_MAX, LDBL_MIN, 0x1p-16445L,
                                        18446744073709551615.0L, 0.99999999999999999999L,
                                        0.999999999999999995L, 0.5L, 1e17L, 1e18L, 1e20L,
                                        123456789.123456789L};
    for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) human(shown[i]);
    for (int i = 0; i < 2500; i++) {
        switch (i % 5) {
        case 0: human(random_value(-70, 70)); break;
        case 1: human(random_value(-140, 0)); break;
        case 2: human(ldexpl((long double)between(-(1L << 40), 1L << 40), (int)between(-40, 0))); break;
        case 3: human(random_value(0, 200)); break;
        default: human(i % 100 == 4 ? random_value(-16445, 16383) : random_value(-60, 120)); break;
        }
    }
    return 0;
}
