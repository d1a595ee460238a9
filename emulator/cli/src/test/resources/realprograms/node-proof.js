// Doubles, SIMD and integer maths as JavaScript uses them, for the proof that our x87/SSE2 are right (issue 6):
// run by Debian's i386 node natively and inside our emulator, it must print the same bytes in both.
'use strict';
const out = [];
const p = (...args) => out.push(args.join(' '));

const xs = [0, -0, 0.1, 0.5, 1, 2, Math.PI, Math.E, 10, 1e-5, 123.456, -0.75, 1e10, 1e21, 1e300, 5e-324,
  2.2250738585072014e-308, 1.7976931348623157e308, Infinity, -Infinity, NaN, 0.1 + 0.2, 2 ** 53 + 2, -1e-7];

for (const x of xs) {
  p('x', x, Object.is(x, -0) ? '(-0)' : '', x.toString(2).slice(0, 40), x.toString(16).slice(0, 30));
  p('  sin', Math.sin(x), 'cos', Math.cos(x), 'tan', Math.tan(x));
  p('  exp', Math.exp(x / 8), 'expm1', Math.expm1(x / 16), 'log', Math.log(Math.abs(x)),
    'log2', Math.log2(Math.abs(x)), 'log10', Math.log10(Math.abs(x)), 'log1p', Math.log1p(Math.abs(x)));
  p('  pow', Math.pow(Math.abs(x), 1.5), x ** 3, 2 ** (x / 64), 'sqrt', Math.sqrt(Math.abs(x)), 'cbrt', Math.cbrt(x));
  p('  atan2', Math.atan2(x, 0.3), Math.atan2(-1, x), 'atan', Math.atan(x), 'asin', Math.asin(x / (1 + Math.abs(x))),
    'hypot', Math.hypot(x, 3), Math.hypot(x, 4, 12));
  p('  sinh', Math.sinh(x / 100), 'cosh', Math.cosh(x / 100), 'tanh', Math.tanh(x), 'asinh', Math.asinh(x),
    'atanh', Math.atanh(x / (1 + Math.abs(x))));
  p('  fround', Math.fround(x), 'clz32', Math.clz32(x), 'imul', Math.imul(x, 0x7fffffff), 'trunc', Math.trunc(x),
    'round', Math.round(x * 3.7), 'floor', Math.floor(x * 3.7), 'ceil', Math.ceil(x * 3.7), 'sign', Math.sign(x),
    'mod', x % 0.3, 7 % x, 'int', x | 0, x >>> 0);
  p('  fixed', Math.abs(x) < 1e21 ? x.toFixed(5) : '-', x.toFixed(0), 'prec', x.toPrecision(17), x.toPrecision(3),
    'exp', x.toExponential(), x.toExponential(20));
  p('  json', JSON.stringify({ x, a: [x, -x, x / 3] }), JSON.parse(JSON.stringify([x / 7]))[0], String(x * 1e-3));
}

// Typed arrays: float32 rounding, float64 bit patterns, integer wrap-around, DataView in both byte orders.
const f32 = Float32Array.from(xs.map((x) => x / 3));
const f64 = new Float64Array(xs);
const bits = new Uint32Array(f64.buffer);
const i32 = Int32Array.from(xs, (x) => x * 1e6);
p('f32', Array.from(f32).join(','));
p('f64bits', Array.from(bits, (b) => b.toString(16).padStart(8, '0')).join(''));
p('i32', i32.join(','), 'u8c', Uint8ClampedArray.from([-1, 0.5, 1.5, 254.5, 255.5, 300, NaN]).join(','));
const view = new DataView(new ArrayBuffer(16));
for (const x of [Math.PI, -0, 1e-40, 65504.5, 3.4028235e38, NaN]) {
  view.setFloat64(0, x, true);
  view.setFloat32(8, x, false);
  view.setInt32(12, x * 1000);
  p('dataview', x, view.getFloat64(0, true), view.getFloat32(8, false), view.getUint32(8, true).toString(16),
    view.getInt32(12), view.getBigInt64(0, false), view.getUint16(2, true));
}
let acc = new Float64Array(64);
for (let k = 0; k < 2000; k++) {
  for (let i = 0; i < acc.length; i++) {
    acc[i] = acc[i] * 0.999 + Math.sin(i * k * 0.001) / (1 + i);
  }
}
p('accumulate', acc.reduce((a, b) => a + b, 0), acc[7], acc[63]);
const f32acc = new Float32Array(16);
for (let k = 1; k <= 5000; k++) {
  for (let i = 0; i < 16; i++) {
    f32acc[i] += Math.fround(1 / (k + i));
  }
}
p('f32accumulate', f32acc.join(','));

// Parsing and number formatting.
for (const s of ['0.1', '1e23', '9007199254740993', '2.2250738585072011e-308', '4.9e-324', '1e-400', '0x1F',
  '  -12.5e3  ', '123abc', '.5', '-0', '1_000']) {
  p('parse', JSON.stringify(s), Number(s), parseFloat(s), parseInt(s), +s === parseFloat(s));
}
p('format', (0.1 + 0.2).toString(), (1e21).toString(), (5e-324).toString(), (-0).toString(), String(-0),
  (123.456).toFixed(10), (0.000001234).toPrecision(2), (1.005).toFixed(2), (1e-7).toFixed(20),
  (255).toString(36), (Math.PI).toString(7), (-1.5e-9).toExponential(3), (2 ** 64).toLocaleString('en-US'),
  (1234567.891).toLocaleString('de-DE'), new Intl.NumberFormat('en-IN', { maximumFractionDigits: 3 }).format(1e7 / 3));

// BigInt.
const big = 2n ** 200n - 1n;
p('bigint', big, big % 1000000007n, (big * big) >> 300n, BigInt.asIntN(64, big), BigInt.asUintN(32, -5n),
  BigInt(Number.MAX_SAFE_INTEGER) * 3n, (-(3n ** 100n)).toString(36), Number(2n ** 1023n * 3n / 2n));
let fact = 1n;
for (let i = 1n; i <= 60n; i++) fact *= i;
p('factorial60', fact, fact.toString(16));

// Strings and a sort.
const words = 'the quick brown fox jumps over the lazy dog Ünïcödé ß straße ÅNGSTRÖM 数字 ❤ 𝒳'.split(' ');
p('strings', words.map((w) => w.toUpperCase()).join('|'), words.map((w) => w.length).join(','),
  'abc'.localeCompare('ABD'), 'straße'.normalize('NFD').length, encodeURIComponent('½ & ü'),
  Buffer.from('NodeOS ❤ x87').toString('base64'), 'x'.repeat(3).padStart(6, '-'), [...'𝒳y'].length);
const nums = [];
let seed = 12345;
for (let i = 0; i < 200; i++) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  nums.push((seed / 4294967296 - 0.5) * 10 ** ((seed % 40) - 20));
}
nums.push(-0, 0, NaN, Infinity, -Infinity);
const sorted = nums.slice().sort((a, b) => a - b);
p('sorted', sorted.slice(0, 8).join(','), sorted.slice(-8).join(','), sorted.reduce((a, b) => a + (b || 0), 0));
p('sortedStrings', nums.slice(0, 40).sort().join(','));
p('words', words.slice().sort().join(' '), words.slice().sort((a, b) => a.localeCompare(b, 'en')).join(' '));

process.stdout.write(out.join('\n') + '\n');
