/* Floating point as i386 programs use it: glibc's libm (x87 or SSE2 code chosen by CPUID), printf of doubles,
 * long double arithmetic on the x87, float conversions. Its output must be the same natively and emulated. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    volatile double xs[] = {0.5, 1.0, 2.0, 3.14159, 10.0, 1e-5, 123.456, -0.75, 1e10, 0.1};
    for (int i = 0; i < 10; i++) {
        double x = xs[i];
        printf("x=%.17g sin=%.17g cos=%.17g tan=%.17g\n", x, sin(x), cos(x), tan(x));
        printf("  exp=%.17g log=%.17g sqrt=%.17g atan=%.17g\n", exp(x / 4), log(fabs(x)), sqrt(fabs(x)), atan(x));
        printf("  pow=%.17g atan2=%.17g cbrt=%.17g floor=%.17g\n", pow(fabs(x), 1.5), atan2(x, 0.3), cbrt(x),
                floor(x * 3.7));
    }
    volatile long double a = 1.0L, b = 3.0L;
    long double third = a / b;
    printf("long double 1/3 = %.21Lg, sqrt(2) = %.21Lg\n", third, sqrtl(2.0L));
    printf("expl(1) = %.21Lg, logl(10) = %.21Lg\n", expl(1.0L), logl(10.0L));
    double sum = 0;
    for (int i = 1; i <= 1000; i++) {
        sum += 1.0 / ((double) i * i);
    }
    printf("sum 1/n^2 = %.17g %a %e %g\n", sum, sum, sum, sum);
    float f = 16777217.0f;
    printf("float %.9g %d %lld\n", (double) f, (int) 2.9999999, (long long) -1e15);
    printf("strtod %.17g %.17g\n", strtod("2.2250738585072014e-308", NULL), strtod("0.1e-320", NULL));
    printf("nan %f inf %f -0 %g\n", nan(""), HUGE_VAL, -0.0);
    return 0;
}
