import { InvalidArgumentError } from 'commander';

/** Commander argument parser for an integer within [min, max]. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer, got "${value}".`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, got ${n}.`);
    return n;
  };
}

/** Commander argument parser for a number of seconds within [min, max] (fractions allowed). */
export function secondsIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number of seconds, got "${value}".`);
    if (n < min || n > max) throw new InvalidArgumentError(`expected ${min} to ${max} seconds, got ${n}.`);
    return n;
  };
}
