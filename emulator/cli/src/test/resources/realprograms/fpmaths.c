/* Floating point as real i386 programs use it, for the proof that our x87/SSE2 are right (issue 6): glibc's libm,
 * printf/strtod of doubles (%.17g, %a, %e), float<->int conversions, long double maths. Built twice at test time,
 * with -mfpmath=387 and with -msse2 -mfpmath=sse; each build must print the same bytes natively and emulated. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* volatile: keeps gcc from folding the maths at compile time, so the CPU under test computes it. */
static volatile double xs[] = {0.5, 1.0, 2.0, 3.141592653589793, 10.0, 1e-5, 123.456, -0.75, 1e10, 0.1,
                               -2.5, 1e22, 5e-324, 2.2250738585072014e-308, 0.7853981633974483, 700.0, -700.0};
static volatile float fs[] = {0.5f, 1.5f, -2.5f, 3.4e38f, 1e-45f, 16777217.0f, 0.1f, -0.0f};
static volatile double conv[] = {2.5, 3.5, -2.5, -3.5, 2147483647.4, -2147483648.6, 2.9999999, -1e15,
                                 4294967295.0, 9.2e18, 1e300, -0.0};

static void functions(void) {
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i], ax = fabs(x);
        printf("x=%.17g %a\n", x, x);
        printf("  sin=%.17g cos=%.17g tan=%.17g\n", sin(x), cos(x), tan(x));
        printf("  exp=%.17g log=%.17g log10=%.17g log2=%.17g\n", exp(x / 8), log(ax), log10(ax), log2(ax));
        printf("  sqrt=%.17g pow=%.17g pow3=%.17g cbrt=%.17g\n", sqrt(ax), pow(ax, 1.5), pow(x, 3.0), cbrt(x));
        printf("  atan=%.17g atan2=%.17g atan2r=%.17g hypot=%.17g\n", atan(x), atan2(x, 0.3), atan2(-1.0, x),
               hypot(x, 3.0));
        printf("  fmod=%.17g fmodr=%.17g remainder=%.17g\n", fmod(x, 0.3), fmod(7.0, x), remainder(x, 0.7));
        printf("  floor=%.17g ceil=%.17g round=%.17g trunc=%.17g rint=%.17g\n", floor(x * 3.7), ceil(x * 3.7),
               round(x * 3.7), trunc(x * 3.7), rint(x * 3.7));
        printf("  sinh=%.17g tanh=%.17g asin=%.17g expm1=%.17g log1p=%.17g\n", sinh(x / 100), tanh(x),
               asin(x / (1 + ax)), expm1(x / 16), log1p(ax));
        int e;
        double m = frexp(x, &e);
        printf("  frexp=%.17g,%d ldexp=%.17g %e %g\n", m, e, ldexp(x, -3), x, x);
    }
}

static void floats(void) {
    for (unsigned i = 0; i < sizeof fs / sizeof fs[0]; i++) {
        float f = fs[i];
        printf("f=%.9g %a sinf=%.9g expf=%.9g logf=%.9g sqrtf=%.9g powf=%.9g d2f=%.9g\n", f, f, sinf(f),
               expf(f / 64), logf(fabsf(f)), sqrtf(fabsf(f)), powf(fabsf(f), 0.75f), (float) (xs[i] * 1.1));
    }
}

static void conversions(void) {
    for (unsigned i = 0; i < sizeof conv / sizeof conv[0]; i++) {
        double d = conv[i];
        printf("conv %.17g int=%d long long=%lld lrint=%ld llround=%lld float=%.9g uint=%u\n", d, (int) d,
               (long long) d, lrint(d), llround(d), (float) d, (unsigned) (d < 0 ? 0 : d > 4e9 ? 4e9 : d));
    }
    volatile int ints[] = {0, 1, -1, 16777217, 2147483647, -2147483647 - 1};
    volatile long long longs[] = {9007199254740993LL, -9007199254740993LL, 0x7fffffffffffffffLL};
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        printf("int %d -> %.17g %.9g\n", ints[i], (double) ints[i], (float) ints[i]);
    }
    for (unsigned i = 0; i < sizeof longs / sizeof longs[0]; i++) {
        printf("long long %lld -> %.17g %.9g\n", longs[i], (double) longs[i], (float) longs[i]);
    }
}

static void longDoubles(void) {
    volatile long double a = 1.0L, b = 3.0L, big = 1e4000L;
    printf("long double 1/3=%.21Lg %La sqrt2=%.21Lg\n", a / b, a / b, sqrtl(2.0L));
    printf("expl(1)=%.21Lg logl(10)=%.21Lg powl=%.21Lg sinl=%.21Lg\n", expl(a), logl(10.0L), powl(b, 0.5L),
           sinl(b));
    printf("atan2l=%.21Lg fmodl=%.21Lg big=%Lg %La eps=%Lg\n", atan2l(a, b), fmodl(big, b), big, big,
           LDBL_EPSILON);
}

static void parsing(void) {
    const char *texts[] = {"0.1", "2.2250738585072014e-308", "0.1e-320", "1e23", "9007199254740993",
                           "0x1.fffffffffffffp+1023", "-0", "inf", "nan", "1.7976931348623159e308", "4.9e-324"};
    for (unsigned i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        double d = strtod(texts[i], NULL);
        printf("strtod %s -> %.17g %a strtof %.9g strtold %.21Lg\n", texts[i], d, d, strtof(texts[i], NULL),
               strtold(texts[i], NULL));
    }
    double sum = 0;
    for (int i = 1; i <= 1000; i++) {
        sum += 1.0 / ((double) i * i);
    }
    printf("sum 1/n^2 = %.17g %a %e %g %.0f %.30f\n", sum, sum, sum, sum, sum * 1e20, sum);
    printf("nan %f inf %f -inf %e -0 %g max %.17g min %.17g denorm %.17g\n", nan(""), HUGE_VAL, -HUGE_VAL, -0.0,
           DBL_MAX, DBL_MIN, DBL_MIN / 1024);
}

int main(void) {
    functions();
    floats();
    conversions();
    longDoubles();
    parsing();
    return 0;
}
